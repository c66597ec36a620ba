//! The popups over the table (details, key help, the reading-shelf picker) and
//! their keys. While one is open it takes every key, so the table underneath
//! never moves behind it.

use super::{Library, Outcome};
use crate::keymap::{Action, Key, KeyCode};
use crate::meta::ChapterInfo;
use crate::store::Shelf;

/// Facts about one story that the index does not keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// Where each field came from, by field name (see [`crate::meta::StoryMeta::provenance`]).
    pub provenance: std::collections::BTreeMap<String, String>,
    pub chapters: Vec<ChapterInfo>,
}

impl Facts {
    /// Reads the story at `path` again.
    pub fn read(path: &std::path::Path, aliases: &crate::meta::Aliases) -> Result<Self, String> {
        let doc = crate::format::read_file(path).map_err(|e| e.to_string())?;
        let fallback = crate::library::title_from_file_name(path);
        let meta = crate::meta::extract_with_fallback(&doc, aliases, &fallback);
        Ok(Self {
            provenance: meta.provenance,
            chapters: crate::meta::StoryMeta::chapter_infos(&doc),
        })
    }
}

/// A popup over the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Details {
        scroll: usize,
        /// What the index leaves out, read from the file when the popup opened, or
        /// why the file could not be read.
        facts: Result<Facts, String>,
    },
    Help {
        scroll: usize,
    },
    /// Choosing a reading shelf for the selected story.
    ShelfPicker {
        selected: usize,
    },
}

/// The reading shelves a story can be put on, in picker order.
pub const READING_SHELVES: &[Shelf] = Shelf::ALL;

impl Library {
    pub(super) fn picker_key(&mut self, key: Key) -> Outcome {
        let Overlay::ShelfPicker { selected } = &mut self.overlay else {
            return Outcome::Unchanged;
        };
        let last = READING_SHELVES.len() - 1;
        match (key.code, self.keymap.action(key)) {
            (KeyCode::Esc, _) | (_, Some(Action::Quit | Action::SetShelf)) => {
                self.overlay = Overlay::None;
            }
            (KeyCode::Down, _) | (_, Some(Action::LineDown)) => {
                *selected = (*selected + 1).min(last);
            }
            (KeyCode::Up, _) | (_, Some(Action::LineUp)) => *selected = selected.saturating_sub(1),
            (KeyCode::Enter, _) => {
                let chosen = READING_SHELVES.get(*selected).copied().unwrap_or_default();
                self.overlay = Overlay::None;
                return self
                    .selected_index()
                    .map_or(Outcome::Redraw, |i| Outcome::SetShelf(i, chosen));
            }
            _ => return Outcome::Unchanged,
        }
        Outcome::Redraw
    }

    pub(super) fn popup_key(&mut self, key: Key) -> Outcome {
        let (Overlay::Details { scroll, .. } | Overlay::Help { scroll }) = &mut self.overlay else {
            return Outcome::Unchanged;
        };
        match self.keymap.action(key).and_then(Action::popup_scroll) {
            Some(step) => *scroll = scroll.saturating_add_signed(step),
            None => self.overlay = Overlay::None,
        }
        Outcome::Redraw
    }
}
