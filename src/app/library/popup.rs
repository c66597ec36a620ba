//! The popups over the table (details, key help, the reading-shelf picker) and
//! their keys. While one is open it takes every key, so the table underneath
//! never moves behind it.

use super::Library;
use crate::app::Outcome;
use crate::keymap::{Action, Key, KeyCode};
use crate::meta::ChapterInfo;
use crate::store::Shelf;

/// Facts about one story that the index does not keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// Where each field came from, by field name (see [`crate::meta::StoryMeta::provenance`]).
    pub provenance: crate::meta::Provenance,
    pub chapters: Vec<ChapterInfo>,
    /// The summary as the file states it now: what the popup shows when the
    /// index no longer holds the story's record.
    pub summary: Option<String>,
}

impl Facts {
    /// Reads the story at `path` again (file I/O: a background job's work).
    pub fn read(
        path: &std::path::Path,
        aliases: &crate::meta::Aliases,
    ) -> Result<Self, crate::format::ReadError> {
        let doc = crate::format::read_file(path)?;
        let fallback = crate::library::title_from_file_name(path);
        let meta = crate::meta::extract_with_fallback(&doc, aliases, &fallback);
        Ok(Self {
            provenance: meta.provenance,
            chapters: crate::meta::StoryMeta::chapter_infos(&doc),
            summary: meta.summary,
        })
    }
}

/// The details popup's facts: being read from the file, read, or unreadable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactsState {
    Reading,
    Read(Facts),
    /// Why the file could not be read (one line, naming the file).
    Failed(String),
}

/// A popup over the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibraryPopup {
    None,
    Details {
        scroll: usize,
        /// What the index leaves out, read from the file when the popup opened.
        facts: FactsState,
        /// The story's whole metadata, read back from the index when its row holds
        /// only part of it ([`crate::library::Story::leave_out`]).
        whole: Option<Box<crate::meta::StoryMeta>>,
    },
    Help {
        scroll: usize,
    },
    /// Choosing a reading shelf for the selected story.
    ShelfPicker {
        selected: usize,
    },
    /// Reading statistics, as they were when the popup opened.
    Stats {
        scroll: usize,
        report: Box<crate::stats::Report>,
    },
}

/// The reading shelves a story can be put on, in picker order.
pub const READING_SHELVES: &[Shelf] = Shelf::ALL;

impl Library {
    /// Opens the stats popup on `report`.
    pub(crate) fn show_stats(&mut self, report: crate::stats::Report) {
        self.popup = LibraryPopup::Stats {
            scroll: 0,
            report: Box::new(report),
        };
    }

    pub(super) fn picker_key(&mut self, key: Key) -> Outcome {
        let LibraryPopup::ShelfPicker { selected } = &mut self.popup else {
            return Outcome::Unchanged;
        };
        let last = READING_SHELVES.len() - 1;
        match (key.code, self.keymap.action(key)) {
            (KeyCode::Esc, _) | (_, Some(Action::Quit | Action::SetShelf)) => {
                self.popup = LibraryPopup::None;
            }
            (KeyCode::Down, _) | (_, Some(Action::LineDown)) => {
                *selected = (*selected + 1).min(last);
            }
            (KeyCode::Up, _) | (_, Some(Action::LineUp)) => *selected = selected.saturating_sub(1),
            (KeyCode::Enter, _) => {
                let chosen = READING_SHELVES.get(*selected).copied().unwrap_or_default();
                self.popup = LibraryPopup::None;
                return self
                    .selected_index()
                    .map_or(Outcome::Redraw, |i| Outcome::SetShelf(i, chosen));
            }
            _ => return Outcome::Unchanged,
        }
        Outcome::Redraw
    }

    pub(super) fn popup_key(&mut self, key: Key) -> Outcome {
        let (LibraryPopup::Details { scroll, .. }
        | LibraryPopup::Help { scroll }
        | LibraryPopup::Stats { scroll, .. }) = &mut self.popup
        else {
            return Outcome::Unchanged;
        };
        match self.keymap.action(key).and_then(Action::popup_scroll) {
            Some(step) => *scroll = scroll.saturating_add_signed(step),
            None => self.popup = LibraryPopup::None,
        }
        Outcome::Redraw
    }
}
