//! Reading statistics counted from what the reader really showed.
//!
//! The rule: a page (one screenful, as the reader left it) counts once it has been on
//! screen for [`MIN_PAGE`]; it then adds the time it was shown, capped at
//! [`MAX_PAGE`] so a book left open overnight counts minutes, not hours, and the
//! words on it that this opening of the story had not counted yet (going back a page
//! and forward again, or scrolling a line, adds only the words never shown before).
//! Pages flicked past faster than [`MIN_PAGE`] count nothing. Time is measured on
//! the app's ticks, so a page's time runs from the first tick that showed it to the
//! tick that showed the next one (or the last tick before the story was closed).

use std::ops::Range;
use std::time::{Duration, Instant};

use crate::store::Tally;

/// A page shown for less than this was skipped, not read.
pub const MIN_PAGE: Duration = Duration::from_secs(2);

/// A page counts at most this long, however long it stayed on screen.
pub const MAX_PAGE: Duration = Duration::from_secs(180);

/// The page on screen and since when.
#[derive(Debug, Clone)]
pub struct PageView {
    since: Instant,
    words: Range<usize>,
}

/// What one opening of a story has shown and counted.
#[derive(Debug, Default)]
pub struct Counter {
    page: Option<PageView>,
    /// Word ranges already counted, sorted and disjoint.
    counted: Vec<Range<usize>>,
}

impl Counter {
    /// The reader shows `words` at `now`: when that is a different page from the one
    /// being timed, the old page is finished (and returned if it counted) and the new
    /// one timed from `now`.
    pub fn show(&mut self, words: Range<usize>, now: Instant) -> Option<Tally> {
        if self.page.as_ref().is_some_and(|p| p.words == words) {
            return None;
        }
        let done = self.finish(now);
        self.page = Some(PageView { since: now, words });
        done
    }

    /// Stops timing the page on screen at `now` (the story is being closed) and
    /// returns what it counted, if anything.
    pub fn finish(&mut self, now: Instant) -> Option<Tally> {
        let page = self.page.take()?;
        let shown = now.saturating_duration_since(page.since);
        if shown < MIN_PAGE {
            return None;
        }
        let words = self.count_new(page.words);
        Some(Tally {
            secs: shown.min(MAX_PAGE).as_secs(),
            words: words as u64,
            pages: 1,
            finished: 0,
        })
    }

    /// Marks `range` counted and returns how many of its words were not before.
    fn count_new(&mut self, range: Range<usize>) -> usize {
        if range.is_empty() {
            return 0;
        }
        let already: usize = self
            .counted
            .iter()
            .map(|r| {
                r.end
                    .min(range.end)
                    .saturating_sub(r.start.max(range.start))
            })
            .sum();
        let mut merged = range.clone();
        self.counted.retain(|r| {
            let touches = r.start <= merged.end && merged.start <= r.end;
            if touches {
                merged = merged.start.min(r.start)..merged.end.max(r.end);
            }
            !touches
        });
        let at = self.counted.partition_point(|r| r.start < merged.start);
        self.counted.insert(at, merged);
        range.len() - already
    }
}

/// Today's local date, `YYYY-MM-DD` (the time zone's rules from the system; UTC
/// when it has none).
pub fn today() -> String {
    jiff::Timestamp::now()
        .to_zoned(local_zone().clone())
        .date()
        .to_string()
}

/// The local time zone, found once per process. Without `TZ`, its rules are read
/// straight from `/etc/localtime`: jiff would first name the zone by listing the
/// whole zoneinfo tree (about 100 directories, read when the reader quits), and a
/// date needs the rules, not the name.
fn local_zone() -> &'static jiff::tz::TimeZone {
    static ZONE: std::sync::OnceLock<jiff::tz::TimeZone> = std::sync::OnceLock::new();
    ZONE.get_or_init(|| {
        let from_file = || {
            let data = std::fs::read("/etc/localtime").ok()?;
            jiff::tz::TimeZone::tzif("Local", &data).ok()
        };
        std::env::var_os("TZ")
            .is_none()
            .then(from_file)
            .flatten()
            .unwrap_or_else(jiff::tz::TimeZone::system)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn the_local_zone_read_from_its_file_is_the_system_zone() {
        let now = jiff::Timestamp::now();
        let system = jiff::tz::TimeZone::system();
        assert_eq!(local_zone().to_offset(now), system.to_offset(now));
        assert_eq!(today(), now.to_zoned(system).date().to_string());
    }

    #[test]
    fn a_page_counts_after_two_seconds_and_at_most_three_minutes() {
        let t0 = Instant::now();
        let mut counter = Counter::default();
        assert_eq!(counter.show(0..250, t0), None);
        assert_eq!(counter.show(0..250, t0 + secs(30)), None, "same page");
        let read = counter.show(230..480, t0 + secs(60)).expect("counted");
        assert_eq!((read.secs, read.words, read.pages), (60, 250, 1));
        // Flicked past.
        assert_eq!(counter.show(460..700, t0 + secs(61)), None);
        // Left open for an hour.
        let idle = counter.finish(t0 + secs(3661)).expect("counted");
        assert_eq!((idle.secs, idle.words), (180, 240));
        assert_eq!(counter.finish(t0 + secs(4000)), None, "nothing on screen");
    }

    #[test]
    fn words_shown_again_are_not_counted_again() {
        let t0 = Instant::now();
        let mut counter = Counter::default();
        let mut words = Vec::new();
        let pages = [0..100, 80..180, 0..100, 80..180, 180..280, 10..20];
        for (n, page) in pages.into_iter().enumerate() {
            words.extend(counter.show(page, t0 + secs(5 * n as u64)).map(|t| t.words));
        }
        words.extend(counter.finish(t0 + secs(100)).map(|t| t.words));
        assert_eq!(words, vec![100, 80, 0, 0, 100, 0]);
        assert_eq!(counter.counted, vec![0..280]);
    }
}
