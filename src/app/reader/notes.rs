//! Footnotes and images on screen: `x` shows the note of a marker on screen in a
//! popup near it (again: the next marker on screen, round to the first), `o` opens
//! the image on screen with the system viewer (the app runs it as a job).

use super::{Reader, ReaderPopup};
use crate::app::Outcome;
use crate::document::Block;
use crate::keymap::{Action, Key, KeyCode};
use crate::layout::Row;

/// The footnote popup: which marker on screen, and its note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footnote {
    /// The marker as shown (`¹`).
    pub marker: String,
    /// The note's paragraphs.
    pub paragraphs: Vec<String>,
    /// The screen row of the marker (0 = the top text row), so the popup sits near it.
    pub row: usize,
    /// Which marker on screen (0-based) and how many there are.
    pub index: usize,
    pub count: usize,
    /// Rows the note is scrolled by.
    pub scroll: usize,
}

/// A marker on screen: its row and where its note is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct OnScreen {
    row: usize,
    chapter: usize,
    block: usize,
    note: usize,
}

impl Reader {
    /// Markers whose first byte is on a row on screen, top to bottom.
    fn markers_on_screen(&self) -> Vec<OnScreen> {
        let doc = self.pager.document();
        let mut found = Vec::new();
        for (row, line) in self.pager.rows().iter().enumerate() {
            let Row::Text {
                chapter,
                block,
                range,
                ..
            } = line
            else {
                continue;
            };
            let Some(notes) = doc
                .chapters
                .get(*chapter)
                .and_then(|c| c.blocks.get(*block))
                .map(Block::notes)
            else {
                continue;
            };
            for (note, r) in notes.iter().enumerate() {
                if range.contains(&r.range.start) {
                    found.push(OnScreen {
                        row,
                        chapter: *chapter,
                        block: *block,
                        note,
                    });
                }
            }
        }
        found
    }

    /// `x`: the first marker's note on screen, or the next one when a note is open.
    pub(super) fn show_footnote(&mut self, next_after: Option<usize>) -> Outcome {
        let markers = self.markers_on_screen();
        let index = next_after.map_or(0, |i| (i + 1) % markers.len().max(1));
        let Some(at) = markers.get(index) else {
            self.popup = ReaderPopup::None;
            self.message = Some("No footnote on this screen".to_owned());
            return Outcome::Redraw;
        };
        let block = self
            .pager
            .document()
            .chapters
            .get(at.chapter)
            .and_then(|c| c.blocks.get(at.block));
        let Some((block, note)) = block.and_then(|b| Some((b, b.notes().get(at.note)?))) else {
            return Outcome::Unchanged;
        };
        self.popup = ReaderPopup::Footnote(Footnote {
            marker: block
                .text()
                .get(note.range.clone())
                .unwrap_or("*")
                .to_owned(),
            paragraphs: note.paragraphs.clone(),
            row: at.row,
            index,
            count: markers.len(),
            scroll: 0,
        });
        Outcome::Redraw
    }

    /// Keys while a note is shown: `x` the next one, scrolling keys scroll a long
    /// note, anything else closes it.
    pub(super) fn footnote_key(&mut self, key: Key) -> Outcome {
        let ReaderPopup::Footnote(note) = &mut self.popup else {
            return Outcome::Unchanged;
        };
        let action = self.keymap.action(key);
        if action == Some(Action::Footnote) {
            let index = note.index;
            return self.show_footnote(Some(index));
        }
        match action.and_then(Action::popup_scroll) {
            Some(step) if key.code != KeyCode::Enter => {
                note.scroll = note.scroll.saturating_add_signed(step);
            }
            _ => self.popup = ReaderPopup::None,
        }
        Outcome::Redraw
    }

    /// `o`: the first image on screen, for the app to open; a message if none.
    pub(super) fn open_image(&mut self) -> Outcome {
        let doc = self.pager.document();
        let image = self.pager.rows().iter().find_map(|row| {
            let Row::Text { chapter, block, .. } = row else {
                return None;
            };
            match doc.chapters.get(*chapter)?.blocks.get(*block)? {
                Block::Image(image) => Some(image.src.clone()),
                _ => None,
            }
        });
        match image {
            Some(src) if !src.is_empty() => Outcome::OpenImage(src),
            Some(_) => {
                self.message = Some("This image is not in the story's files".to_owned());
                Outcome::Redraw
            }
            None => {
                self.message = Some("No image on this screen".to_owned());
                Outcome::Redraw
            }
        }
    }
}
