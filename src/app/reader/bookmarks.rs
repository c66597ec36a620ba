//! Bookmarks and marks in the reader. The reading state lives in the store, which
//! the app owns, so the reader never changes it: it returns a [`Request`] and the
//! app applies it (and hands the reader a fresh [`BookmarkList`] to show).
//!
//! Keys, as in less: `m` then a letter sets a mark, `m` then Enter adds a named
//! bookmark (the label is editable); `'` lists marks and bookmarks with a snippet of
//! the text at each; in the list a letter jumps to its mark, Up/Down and Enter jump
//! to a bookmark, `R` renames it, `D` deletes it, and `'` goes back to where the
//! last jump came from (so `''` works as in less).

use super::{Prompt, PromptKind, Reader, ReaderPopup};
use crate::app::Outcome;
use crate::keymap::{Key, KeyCode};
use crate::position::Anchor;

/// What the reader asks the app to do with the reading state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Add a bookmark at the anchor.
    AddBookmark {
        label: String,
        anchor: Anchor,
    },
    /// Set mark `letter` at the anchor.
    SetMark {
        letter: char,
        anchor: Anchor,
    },
    /// Show the bookmark list (the app hands the reader the items to show).
    ShowBookmarks,
    RenameBookmark {
        id: u64,
        label: String,
    },
    DeleteBookmark(u64),
    DeleteMark(char),
}

/// One row of the bookmark list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookmarkItem {
    pub kind: BookmarkKind,
    /// The label (bookmarks) or the chapter (marks).
    pub label: String,
    /// A few words of the text there.
    pub snippet: String,
    /// Where it points in the story as it is now.
    pub anchor: Anchor,
}

/// A mark (`m` + letter) or a named bookmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookmarkKind {
    Mark(char),
    Bookmark(u64),
}

/// The bookmark popup: marks first (by letter), then bookmarks (oldest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookmarkList {
    pub items: Vec<BookmarkItem>,
    pub selected: usize,
}

impl Reader {
    /// Opens the bookmark popup with the app's current list.
    pub(crate) fn show_bookmarks(&mut self, items: Vec<BookmarkItem>) {
        self.popup = ReaderPopup::Bookmarks(BookmarkList { items, selected: 0 });
    }

    /// The label a new bookmark starts with: the chapter and the first words there.
    pub fn default_bookmark_label(&self) -> String {
        let anchor = self.pager.anchor();
        let doc = self.pager.document();
        // An unchaptered story needs no "Chapter 1" in every label.
        let front = doc.front_chapters();
        let chapter = match anchor.chapter.checked_sub(front) {
            None => Some(crate::title_page::LABEL.to_owned()),
            Some(number) => doc
                .chapters
                .get(anchor.chapter)
                .and_then(|c| c.title.clone())
                .or_else(|| {
                    (doc.chapters.len() > front + 1).then(|| format!("Chapter {}", number + 1))
                }),
        };
        let text = doc
            .chapters
            .get(anchor.chapter)
            .and_then(|c| c.blocks.get(anchor.block))
            .map_or("", crate::document::Block::text);
        let from = crate::position::floor_char_boundary(text, anchor.offset.min(text.len()));
        let words: Vec<&str> = text[from..].split_whitespace().take(6).collect();
        match (chapter, words.is_empty()) {
            (Some(chapter), true) => chapter,
            (Some(chapter), false) => format!("{chapter}: {}…", words.join(" ")),
            (None, _) => format!("{}…", words.join(" ")),
        }
    }

    /// The key after `m`: a letter sets a mark, Enter starts a bookmark label.
    pub(super) fn mark_key(&mut self, key: Key) -> Outcome {
        self.popup = ReaderPopup::None;
        match key.code {
            KeyCode::Char(letter) if letter.is_ascii_lowercase() && !key.ctrl && !key.alt => {
                self.message = Some(format!("Mark {letter} set"));
                Outcome::Request(super::Request::SetMark {
                    letter,
                    anchor: self.pager.anchor(),
                })
            }
            KeyCode::Enter | KeyCode::Char('m') => {
                self.popup = ReaderPopup::Prompt(Prompt {
                    kind: PromptKind::BookmarkLabel,
                    input: self.default_bookmark_label(),
                });
                Outcome::Redraw
            }
            _ => Outcome::Redraw,
        }
    }

    /// Keys in the bookmark popup.
    pub(super) fn bookmarks_key(&mut self, key: Key) -> Outcome {
        let ReaderPopup::Bookmarks(list) = &mut self.popup else {
            return Outcome::Unchanged;
        };
        let last = list.items.len().saturating_sub(1);
        let selected = list.items.get(list.selected).cloned();
        match key.code {
            KeyCode::Esc => self.popup = ReaderPopup::None,
            // `''` goes back to where the last jump came from, as in less.
            KeyCode::Char('\'') => {
                self.popup = ReaderPopup::None;
                match self.previous {
                    Some(anchor) => self.jump_to(anchor),
                    None => self.message = Some("No previous position".to_owned()),
                }
            }
            KeyCode::Char('c' | 'g') if key.ctrl => self.popup = ReaderPopup::None,
            KeyCode::Down => list.selected = (list.selected + 1).min(last),
            KeyCode::Char('n') if key.ctrl => list.selected = (list.selected + 1).min(last),
            KeyCode::Up => list.selected = list.selected.saturating_sub(1),
            KeyCode::Char('p') if key.ctrl => list.selected = list.selected.saturating_sub(1),
            KeyCode::PageDown => list.selected = (list.selected + 10).min(last),
            KeyCode::PageUp => list.selected = list.selected.saturating_sub(10),
            KeyCode::Home => list.selected = 0,
            KeyCode::End => list.selected = last,
            KeyCode::Enter => {
                self.popup = ReaderPopup::None;
                if let Some(item) = selected {
                    self.jump_to(item.anchor);
                }
            }
            KeyCode::Char(letter) if letter.is_ascii_lowercase() && !key.ctrl && !key.alt => {
                let mark = list
                    .items
                    .iter()
                    .find(|item| item.kind == BookmarkKind::Mark(letter))
                    .map(|item| item.anchor);
                self.popup = ReaderPopup::None;
                match mark {
                    Some(anchor) => self.jump_to(anchor),
                    None => self.message = Some(format!("No mark {letter}")),
                }
            }
            KeyCode::Char('D') => {
                return match selected.map(|item| item.kind) {
                    Some(BookmarkKind::Bookmark(id)) => {
                        Outcome::Request(Request::DeleteBookmark(id))
                    }
                    Some(BookmarkKind::Mark(letter)) => {
                        Outcome::Request(Request::DeleteMark(letter))
                    }
                    None => Outcome::Unchanged,
                };
            }
            KeyCode::Char('R') => {
                if let Some(BookmarkItem {
                    kind: BookmarkKind::Bookmark(id),
                    label,
                    ..
                }) = selected
                {
                    self.popup = ReaderPopup::Prompt(Prompt {
                        kind: PromptKind::RenameBookmark(id),
                        input: label,
                    });
                }
            }
            _ => return Outcome::Unchanged,
        }
        Outcome::Redraw
    }

    /// Goes to a saved place, remembering where it left for `''`.
    pub(super) fn jump_to(&mut self, anchor: Anchor) {
        let here = self.pager.anchor();
        if self.pager.go_to(anchor) {
            self.previous = Some(here);
        }
    }
}
