//! The parts of a series in the library, in reading order (see
//! [`crate::library::series_order`]): listed in the details popup, and offered as
//! the next part at the end of one.

use super::Library;
use crate::library::query::series_key;
use crate::title_page::{Neighbours, Part};

impl Library {
    /// The entries of `entry`'s series, in reading order (`entry` among them);
    /// empty when it is in no series.
    pub fn series_parts(&self, entry: usize) -> Vec<usize> {
        let Some(name) = self
            .entries
            .get(entry)
            .and_then(|e| e.story.meta.series.as_ref())
            .map(|s| s.name.to_lowercase())
        else {
            return Vec::new();
        };
        let mut parts: Vec<usize> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.story
                    .meta
                    .series
                    .as_ref()
                    .is_some_and(|s| s.name.to_lowercase() == name)
            })
            .map(|(i, _)| i)
            .collect();
        parts.sort_by_cached_key(|&i| {
            let story = &self.entries[i].story;
            (
                series_key(&story.meta.title, story.meta.series.as_ref()),
                story.path.clone(),
            )
        });
        parts
    }

    /// The parts just before and after `entry` in its series that the library has,
    /// for the title page.
    pub fn series_neighbours(&self, entry: usize) -> Neighbours {
        let parts = self.series_parts(entry);
        let Some(at) = parts.iter().position(|&i| i == entry) else {
            return Neighbours::default();
        };
        let part = |index: Option<usize>| {
            let story = &self.entries.get(index?)?.story;
            Some(Part {
                index: story.meta.series.as_ref().and_then(|s| s.index),
                title: story.meta.title.clone(),
            })
        };
        Neighbours {
            previous: part(at.checked_sub(1).and_then(|i| parts.get(i).copied())),
            next: part(parts.get(at + 1).copied()),
        }
    }

    /// The part that follows `entry` in its series, if the library has one.
    pub fn next_part(&self, entry: usize) -> Option<usize> {
        let parts = self.series_parts(entry);
        let at = parts.iter().position(|&i| i == entry)?;
        parts.get(at + 1).copied()
    }
}
