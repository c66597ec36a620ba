//! One story's reading state ([`StoryState`]), the shelf rules the app applies to it,
//! and how two copies of it merge when two ficread processes saved in between.
//!
//! Merge invariants: the place, the shelf and the favourite star each come from the
//! copy that changed that field last (its own time, `position_changed` and so on, so
//! a shelf set on one machine is not undone by a later page turned on another), a
//! field without a recorded time (a state file from before the times) counting as
//! older than any recorded change; other scalar fields come from the copy with the
//! newer `updated`;
//! bookmarks are a union by id in which a deletion (a tombstone) always wins, because
//! ids are never reused; a mark is last-writer-wins per letter; `time_read_secs` is
//! the larger; the reading log keeps each process's largest counts (see
//! [`super::reading_log`]). Merging is commutative up to ties (on equal `updated`, the first
//! argument wins), and merging a state with itself gives it back (bookmarks sorted by
//! creation).

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::quote::Position;
use super::reading_log::ReadingLog;
use super::shelf::Shelf;
use crate::meta::Status;

/// Tombstones older than this are forgotten: a process that has kept a deleted
/// bookmark in memory for half a year is not expected.
pub const TOMBSTONE_DAYS: u64 = 180;

/// A named place in a story.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Bookmark {
    /// Unique within the story across processes and time (see
    /// [`StoryState::add_bookmark`]); never reused after a deletion.
    pub id: u64,
    /// The reader's name for it (may be empty).
    pub label: String,
    /// Where it is; relocated like the reading position.
    pub position: Position,
    /// Unix milliseconds.
    pub created: u64,
}

/// Everything ficread remembers about one story.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoryState {
    /// Where the story's file was last opened from.
    #[serde(with = "crate::paths::lossless::text_or_bytes")]
    pub path: PathBuf,
    /// The story's title when last opened, for lists of state without the library.
    pub title: String,
    /// The reading position; `None` until the story is read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// Named places, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bookmarks: Vec<Bookmark>,
    /// less-style marks, `m{a-z}` to set, `'{a-z}` to jump.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub marks: BTreeMap<char, Position>,
    /// Where the story is in the reader's life.
    pub shelf: Shelf,
    /// Starred by the reader, independent of the shelf.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub favourite: bool,
    /// Unix milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_opened: Option<u64>,
    /// Seconds spent reading the story, all sessions together.
    pub time_read_secs: u64,
    /// The chapter count when the story was last opened, for "N new chapters".
    pub chapters_seen: usize,
    /// Unix milliseconds of the last change; the newer copy wins a merge.
    pub updated: u64,
    /// Deleted bookmark ids → unix milliseconds of the deletion.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub deleted_bookmarks: BTreeMap<u64, u64>,
    /// When each mark was last set (unix ms), for merging marks one by one. A mark
    /// without a time counts as set at `updated`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub mark_times: BTreeMap<char, u64>,
    /// Deleted marks → unix milliseconds of the deletion.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub deleted_marks: BTreeMap<char, u64>,
    /// What was read of it, per day (reading statistics); grow-only counters.
    #[serde(skip_serializing_if = "ReadingLog::is_empty")]
    pub reading: ReadingLog,
    /// When the reading position last changed (unix ms; 0: not recorded).
    #[serde(skip_serializing_if = "is_zero")]
    pub position_changed: u64,
    /// When the shelf last changed (unix ms; 0: not recorded).
    #[serde(skip_serializing_if = "is_zero")]
    pub shelf_changed: u64,
    /// When the favourite star last changed (unix ms; 0: not recorded).
    #[serde(skip_serializing_if = "is_zero")]
    pub favourite_changed: u64,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(value: &u64) -> bool {
    *value == 0
}

impl StoryState {
    /// Applies opening the story: unread → reading; caught up with more chapters than
    /// it had → reading. Sets `last_opened` and `chapters_seen`, and returns how many
    /// chapters are new since the last open (for "3 new chapters since you stopped").
    pub fn on_open(&mut self, chapters_now: usize, now: u64) -> usize {
        let new = self.new_chapters(chapters_now);
        match self.shelf {
            Shelf::Unread => self.set_shelf(Shelf::Reading, now),
            Shelf::CaughtUp if new > 0 => self.set_shelf(Shelf::Reading, now),
            _ => {}
        }
        self.last_opened = Some(now);
        self.chapters_seen = chapters_now;
        new
    }

    /// Applies reaching the end of the story: finished when the story is complete,
    /// caught up when it is (or may be) still being written.
    pub fn on_reached_end(&mut self, status: Status, now: u64) {
        let shelf = match status {
            Status::Complete => Shelf::Finished,
            Status::InProgress | Status::Unknown => Shelf::CaughtUp,
        };
        if shelf != self.shelf {
            self.set_shelf(shelf, now);
        }
    }

    /// Moves the story to `shelf`, remembering when, for merging field by field.
    pub fn set_shelf(&mut self, shelf: Shelf, now: u64) {
        self.shelf = shelf;
        self.shelf_changed = self.shelf_changed.max(now);
        self.updated = self.updated.max(now);
    }

    /// Stars or unstars the story, remembering when.
    pub fn set_favourite(&mut self, favourite: bool, now: u64) {
        self.favourite = favourite;
        self.favourite_changed = self.favourite_changed.max(now);
        self.updated = self.updated.max(now);
    }

    /// Records the reading position, remembering when.
    pub fn set_position(&mut self, position: Position, now: u64) {
        self.position = Some(position);
        self.position_changed = self.position_changed.max(now);
        self.updated = self.updated.max(now);
    }

    /// Chapters added since the story was last opened; 0 for a story never opened
    /// (all of it is new, none of it is news).
    ///
    /// ```
    /// use ficread::store::StoryState;
    /// let mut state = StoryState::default();
    /// assert_eq!(state.new_chapters(12), 0);
    /// state.on_open(12, 0);
    /// assert_eq!(state.new_chapters(15), 3);
    /// ```
    pub fn new_chapters(&self, chapters_now: usize) -> usize {
        if self.last_opened.is_none() {
            return 0;
        }
        chapters_now.saturating_sub(self.chapters_seen)
    }

    /// Adds a bookmark and returns its id. Ids mix the time with random bits, so two
    /// processes bookmarking the same story at once don't collide, and stay below
    /// 2^53 so JSON tools that read numbers as doubles (jq) keep them exact.
    pub fn add_bookmark(&mut self, label: impl Into<String>, position: Position, now: u64) -> u64 {
        let random = RandomState::new().build_hasher().finish() & 0x3ff;
        let mut id = ((now & ((1 << 43) - 1)) << 10) | random;
        while self.bookmarks.iter().any(|b| b.id == id) || self.deleted_bookmarks.contains_key(&id)
        {
            id = id.wrapping_add(1);
        }
        self.bookmarks.push(Bookmark {
            id,
            label: label.into(),
            position,
            created: now,
        });
        self.updated = self.updated.max(now);
        id
    }

    /// Deletes a bookmark, leaving a tombstone so a process that still has it does not
    /// bring it back when it saves. Returns whether it existed.
    pub fn remove_bookmark(&mut self, id: u64, now: u64) -> bool {
        let before = self.bookmarks.len();
        self.bookmarks.retain(|b| b.id != id);
        self.deleted_bookmarks.insert(id, now);
        self.updated = self.updated.max(now);
        self.bookmarks.len() != before
    }

    /// Sets mark `letter`.
    pub fn set_mark(&mut self, letter: char, position: Position, now: u64) {
        self.marks.insert(letter, position);
        self.mark_times.insert(letter, now);
        self.deleted_marks.remove(&letter);
        self.updated = self.updated.max(now);
    }

    /// Deletes mark `letter`; returns whether it existed.
    pub fn remove_mark(&mut self, letter: char, now: u64) -> bool {
        self.mark_times.remove(&letter);
        self.deleted_marks.insert(letter, now);
        self.updated = self.updated.max(now);
        self.marks.remove(&letter).is_some()
    }

    /// Forgets tombstones older than [`TOMBSTONE_DAYS`].
    pub fn prune_tombstones(&mut self, now: u64) {
        let horizon = now.saturating_sub(TOMBSTONE_DAYS * 24 * 60 * 60 * 1000);
        self.deleted_bookmarks.retain(|_, at| *at >= horizon);
        self.deleted_marks.retain(|_, at| *at >= horizon);
    }
}

/// Merges two copies of one story's state (see the module docs for the rules).
pub fn merge(a: &StoryState, b: &StoryState) -> StoryState {
    let (newer, older) = if a.updated >= b.updated {
        (a, b)
    } else {
        (b, a)
    };
    let mut merged = StoryState {
        time_read_secs: a.time_read_secs.max(b.time_read_secs),
        reading: a.reading.merge(&b.reading),
        bookmarks: Vec::new(),
        marks: BTreeMap::new(),
        mark_times: BTreeMap::new(),
        deleted_bookmarks: union_max(&a.deleted_bookmarks, &b.deleted_bookmarks),
        deleted_marks: BTreeMap::new(),
        ..newer.clone()
    };
    // Field by field: the later change of each wins; on a tie (both unrecorded, or
    // the same millisecond) the newer copy's, as for every other field.
    if older.position_changed > newer.position_changed {
        merged.position.clone_from(&older.position);
        merged.position_changed = older.position_changed;
    }
    if older.shelf_changed > newer.shelf_changed {
        merged.shelf = older.shelf;
        merged.shelf_changed = older.shelf_changed;
    }
    if older.favourite_changed > newer.favourite_changed {
        merged.favourite = older.favourite;
        merged.favourite_changed = older.favourite_changed;
    }

    // Newer copy's bookmarks first, in its order; then the ones only the older has.
    let deleted = &merged.deleted_bookmarks;
    let mut bookmarks: Vec<Bookmark> = newer
        .bookmarks
        .iter()
        .filter(|bm| !deleted.contains_key(&bm.id))
        .cloned()
        .collect();
    for bookmark in &older.bookmarks {
        if !deleted.contains_key(&bookmark.id) && !bookmarks.iter().any(|b| b.id == bookmark.id) {
            bookmarks.push(bookmark.clone());
        }
    }
    bookmarks.sort_by_key(|b| (b.created, b.id));
    merged.bookmarks = bookmarks;

    let letters = newer
        .marks
        .keys()
        .chain(older.marks.keys())
        .chain(newer.deleted_marks.keys())
        .chain(older.deleted_marks.keys())
        .copied()
        .collect::<std::collections::BTreeSet<char>>();
    for letter in letters {
        // Each copy's last event for this letter: (time, the mark or None if deleted,
        // whether the time was recorded or only inferred from `updated`).
        let event = |s: &StoryState| -> Option<(u64, Option<Position>, bool)> {
            let set = s.marks.get(&letter).map(|p| {
                let recorded = s.mark_times.get(&letter).copied();
                (
                    recorded.unwrap_or(s.updated),
                    Some(p.clone()),
                    recorded.is_some(),
                )
            });
            let deleted = s.deleted_marks.get(&letter).map(|&at| (at, None, true));
            match (set, deleted) {
                (Some(set), Some(del)) => Some(if del.0 > set.0 { del } else { set }),
                (set, del) => set.or(del),
            }
        };
        let winner = match (event(newer), event(older)) {
            (Some(n), Some(o)) => Some(if o.0 > n.0 { o } else { n }),
            (n, o) => n.or(o),
        };
        match winner {
            Some((at, Some(position), recorded)) => {
                merged.marks.insert(letter, position);
                if recorded {
                    merged.mark_times.insert(letter, at);
                }
            }
            Some((at, None, _)) => {
                merged.deleted_marks.insert(letter, at);
            }
            None => {}
        }
    }
    merged
}

fn union_max<K: Ord + Copy>(a: &BTreeMap<K, u64>, b: &BTreeMap<K, u64>) -> BTreeMap<K, u64> {
    let mut out = a.clone();
    for (key, &at) in b {
        let slot = out.entry(*key).or_insert(at);
        *slot = (*slot).max(at);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::position::Anchor;

    fn at(chapter: usize) -> Position {
        Position {
            anchor: Anchor::chapter_start(chapter),
            ..Position::default()
        }
    }

    #[test]
    fn shelf_rules_on_open() {
        // (shelf before, chapters seen, opened before, chapters now, shelf after, new)
        let cases = [
            (Shelf::Unread, 0, false, 5, Shelf::Reading, 0),
            (Shelf::Reading, 5, true, 7, Shelf::Reading, 2),
            (Shelf::CaughtUp, 5, true, 5, Shelf::CaughtUp, 0),
            (Shelf::CaughtUp, 5, true, 6, Shelf::Reading, 1),
            (Shelf::CaughtUp, 5, true, 4, Shelf::CaughtUp, 0),
            (Shelf::Finished, 5, true, 6, Shelf::Finished, 1),
            (Shelf::OnHold, 5, true, 6, Shelf::OnHold, 1),
            (Shelf::Dropped, 5, true, 9, Shelf::Dropped, 4),
        ];
        for (shelf, seen, opened, now, expected, new) in cases {
            let mut state = StoryState {
                shelf,
                chapters_seen: seen,
                last_opened: opened.then_some(1),
                ..StoryState::default()
            };
            assert_eq!(state.on_open(now, 99), new, "{shelf:?} {seen}->{now}");
            assert_eq!(state.shelf, expected, "{shelf:?} {seen}->{now}");
            assert_eq!(state.last_opened, Some(99));
            assert_eq!(state.chapters_seen, now);
            assert_eq!(
                state.new_chapters(now),
                0,
                "nothing new right after opening"
            );
        }
    }

    #[test]
    fn shelf_rules_at_the_end() {
        let cases = [
            (Status::Complete, Shelf::Finished),
            (Status::InProgress, Shelf::CaughtUp),
            (Status::Unknown, Shelf::CaughtUp),
        ];
        for (status, expected) in cases {
            let mut state = StoryState {
                shelf: Shelf::Reading,
                ..StoryState::default()
            };
            state.on_reached_end(status, 0);
            assert_eq!(state.shelf, expected);
        }
    }

    #[test]
    fn bookmark_ids_are_unique_and_json_safe() {
        let mut state = StoryState::default();
        let ids: Vec<u64> = (0..50)
            .map(|i| state.add_bookmark(format!("b{i}"), at(0), 1_700_000_000_000))
            .collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 50);
        assert!(ids.iter().all(|&id| id < 1 << 53));
        assert!(state.remove_bookmark(ids[3], 1_700_000_000_001));
        assert!(!state.remove_bookmark(ids[3], 1_700_000_000_002));
        let again = state.add_bookmark("again", at(0), 1_700_000_000_000);
        assert!(!ids.contains(&again), "a deleted id is never reused");
    }

    #[test]
    fn merge_takes_scalars_from_the_newer_copy() {
        let old = StoryState {
            shelf: Shelf::Reading,
            position: Some(at(1)),
            time_read_secs: 500,
            updated: 10,
            ..StoryState::default()
        };
        let new = StoryState {
            shelf: Shelf::Finished,
            position: Some(at(9)),
            favourite: true,
            time_read_secs: 300,
            updated: 20,
            ..StoryState::default()
        };
        for merged in [merge(&old, &new), merge(&new, &old)] {
            assert_eq!(merged.shelf, Shelf::Finished);
            assert_eq!(merged.position, Some(at(9)));
            assert!(merged.favourite);
            assert_eq!(merged.time_read_secs, 500, "time read is the max");
            assert_eq!(merged.updated, 20);
        }
        assert_eq!(merge(&new, &new), new);
    }

    #[test]
    fn merge_takes_each_field_from_its_own_latest_change() {
        // Both copies start from the same state; A shelves and stars the story,
        // B (another machine) reads on later.
        let base = StoryState {
            shelf: Shelf::Reading,
            position: Some(at(1)),
            updated: 10,
            ..StoryState::default()
        };
        let mut a = base.clone();
        a.set_shelf(Shelf::OnHold, 100);
        a.set_favourite(true, 110);
        let mut b = base.clone();
        b.set_position(at(7), 200);
        for merged in [merge(&a, &b), merge(&b, &a)] {
            assert_eq!(merged.position, Some(at(7)), "B's later page");
            assert_eq!(merged.shelf, Shelf::OnHold, "A's shelf survives B's page");
            assert!(merged.favourite, "A's star survives B's page");
            assert_eq!(merged.updated, 200);
        }
        // A later shelf change on B wins over A's earlier one.
        b.set_shelf(Shelf::Dropped, 300);
        assert_eq!(merge(&a, &b).shelf, Shelf::Dropped);
        assert_eq!(merge(&b, &a).shelf, Shelf::Dropped);
    }

    #[test]
    fn merge_unions_bookmarks_and_honours_deletions() {
        let mut base = StoryState::default();
        let shared = base.add_bookmark("shared", at(0), 100);
        let mut a = base.clone();
        let mut b = base.clone();
        let only_a = a.add_bookmark("a", at(1), 200);
        let only_b = b.add_bookmark("b", at(2), 300);
        assert!(a.remove_bookmark(shared, 250));
        let ids = |s: &StoryState| s.bookmarks.iter().map(|b| b.id).collect::<Vec<_>>();
        for merged in [merge(&a, &b), merge(&b, &a)] {
            assert_eq!(ids(&merged), vec![only_a, only_b]);
            assert_eq!(merged.deleted_bookmarks.get(&shared), Some(&250));
        }
    }

    #[test]
    fn merge_marks_letter_by_letter() {
        let mut a = StoryState::default();
        let mut b = StoryState::default();
        a.set_mark('a', at(1), 100);
        b.set_mark('a', at(2), 200);
        a.set_mark('b', at(3), 300);
        b.set_mark('c', at(4), 50);
        a.set_mark('c', at(5), 40);
        a.remove_mark('c', 60);
        b.set_mark('d', at(6), 70);
        a.set_mark('d', at(7), 10);
        a.remove_mark('d', 20);
        for merged in [merge(&a, &b), merge(&b, &a)] {
            assert_eq!(merged.marks.get(&'a'), Some(&at(2)), "newer set wins");
            assert_eq!(merged.marks.get(&'b'), Some(&at(3)), "one-sided kept");
            assert_eq!(merged.marks.get(&'c'), None, "newer deletion wins");
            assert_eq!(
                merged.marks.get(&'d'),
                Some(&at(6)),
                "newer set beats older deletion"
            );
            assert_eq!(merged.deleted_marks.get(&'c'), Some(&60));
        }
    }

    #[test]
    fn tombstones_expire() {
        let day = 24 * 60 * 60 * 1000;
        let mut state = StoryState::default();
        state.remove_bookmark(1, day);
        state.remove_bookmark(2, 200 * day);
        state.prune_tombstones(200 * day);
        assert_eq!(
            state.deleted_bookmarks.keys().copied().collect::<Vec<_>>(),
            vec![2]
        );
    }
}
