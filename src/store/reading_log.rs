//! What was read of one story, per local day: seconds, words, pages and finishes
//! ([`Tally`]), kept as counters that only grow so two ficread processes can save
//! them without losing or doubling anything.
//!
//! Each process counts under its own origin id (see [`new_origin`]); only that
//! process ever raises its counters, so merging two copies takes the larger value of
//! each counter per day and origin. That merge is commutative, associative and
//! idempotent (a state merged with an older copy of itself gives it back), which is
//! what the store's lock + re-read + merge needs: a save that merges twice, or merges
//! a file that already holds these counts, never adds them again.

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher, RandomState};

use serde::{Deserialize, Serialize};

/// Reading counted over some span (a page, a day, a story, everything).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Tally {
    /// Seconds spent on pages that counted.
    pub secs: u64,
    /// Words newly shown on pages that counted.
    pub words: u64,
    /// Pages that counted.
    pub pages: u64,
    /// Times a complete story was read to its end.
    pub finished: u64,
}

impl Tally {
    /// The sum of two tallies.
    #[must_use]
    pub fn plus(self, other: Tally) -> Tally {
        Tally {
            secs: self.secs + other.secs,
            words: self.words + other.words,
            pages: self.pages + other.pages,
            finished: self.finished + other.finished,
        }
    }

    /// Each counter the larger of the two (the merge of one origin's counters).
    fn max(self, other: Tally) -> Tally {
        Tally {
            secs: self.secs.max(other.secs),
            words: self.words.max(other.words),
            pages: self.pages.max(other.pages),
            finished: self.finished.max(other.finished),
        }
    }

    /// True when nothing was counted.
    pub fn is_empty(self) -> bool {
        self == Tally::default()
    }

    /// Words per minute over the counted time, if any time was counted.
    pub fn pace(self) -> Option<u64> {
        (self.secs > 0).then(|| self.words * 60 / self.secs)
    }
}

/// A story's reading, by local date (`YYYY-MM-DD`) then origin.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReadingLog(BTreeMap<String, BTreeMap<String, Tally>>);

impl ReadingLog {
    /// Adds `tally` to what `origin` counted on `day`.
    pub fn add(&mut self, day: &str, origin: &str, tally: Tally) {
        let slot = self
            .0
            .entry(day.to_owned())
            .or_default()
            .entry(origin.to_owned())
            .or_default();
        *slot = slot.plus(tally);
    }

    /// The two copies merged: per day and origin, each counter the larger.
    #[must_use]
    pub fn merge(&self, other: &ReadingLog) -> ReadingLog {
        let mut out = self.0.clone();
        for (day, origins) in &other.0 {
            let ours = out.entry(day.clone()).or_default();
            for (origin, &tally) in origins {
                let slot = ours.entry(origin.clone()).or_default();
                *slot = slot.max(tally);
            }
        }
        ReadingLog(out)
    }

    /// Each day's reading (every origin together), oldest day first.
    pub fn days(&self) -> impl Iterator<Item = (&str, Tally)> {
        self.0.iter().map(|(day, origins)| {
            let sum = origins
                .values()
                .fold(Tally::default(), |sum, &t| sum.plus(t));
            (day.as_str(), sum)
        })
    }

    /// All the reading together.
    pub fn total(&self) -> Tally {
        self.days()
            .fold(Tally::default(), |sum, (_, t)| sum.plus(t))
    }

    /// True when nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A fresh origin id for one process's counters: random, so two processes (or two
/// machines sharing a synced data folder) never count under the same id.
pub fn new_origin() -> String {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.write_u64(super::now_ms());
    format!("{:016x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(secs: u64, words: u64) -> Tally {
        Tally {
            secs,
            words,
            pages: 1,
            finished: 0,
        }
    }

    #[test]
    fn merge_keeps_each_origins_largest_count() {
        let mut base = ReadingLog::default();
        base.add("2024-05-01", "a", t(10, 100));
        let mut a = base.clone();
        let mut b = base.clone();
        a.add("2024-05-01", "a", t(5, 50));
        b.add("2024-05-01", "b", t(7, 70));
        b.add("2024-05-02", "b", t(1, 10));
        for merged in [a.merge(&b), b.merge(&a)] {
            let days: Vec<_> = merged.days().collect();
            assert_eq!(
                days,
                vec![
                    (
                        "2024-05-01",
                        Tally {
                            secs: 22,
                            words: 220,
                            pages: 3,
                            finished: 0
                        }
                    ),
                    ("2024-05-02", t(1, 10)),
                ]
            );
            // Merging again, or with an older copy, adds nothing.
            assert_eq!(merged.merge(&a), merged);
            assert_eq!(merged.merge(&base).merge(&merged), merged);
        }
    }

    #[test]
    fn pace_is_words_per_minute() {
        assert_eq!(t(120, 500).pace(), Some(250));
        assert_eq!(t(0, 500).pace(), None);
    }

    #[test]
    fn origins_differ() {
        assert_ne!(new_origin(), new_origin());
    }
}
