//! The reader's keys, its mouse wheel and its requests to change the reading state
//! (bookmarks, marks).

use std::time::Instant;

use crate::keymap::{Action, Key};
use crate::store::{self, now_ms};

use super::{App, Effects, IDLE_AFTER, reader, session};

impl App {
    pub(super) fn reader_key(&mut self, key: Key) -> Effects {
        if key == Key::plain(crate::keymap::KeyCode::Enter)
            && self
                .open
                .as_ref()
                .is_some_and(|o| matches!(o.reader.popup(), reader::ReaderPopup::None))
            && let Some(next) = self.next_part_offered()
        {
            // The place in this part is captured as the reader leaves it.
            return self.open_entry(next);
        }
        let now = Instant::now();
        let Some(open) = &mut self.open else {
            return Effects::none();
        };
        if let Some(last) = self.last_key
            && now.duration_since(last) < IDLE_AFTER
        {
            let secs = now.duration_since(last).as_secs();
            if secs > 0 {
                self.store.entry(&open.key).time_read_secs += secs;
            }
        }
        self.last_key = Some(now);
        let before = open.reader.anchor();
        let outcome = open.reader.on_key(key);
        open.moved |= open.reader.anchor() != before;
        let effects = self.apply(outcome);
        self.record_end();
        self.offer_next_part();
        effects
    }

    pub(super) fn request(&mut self, request: reader::Request) -> Effects {
        let Some(open) = &mut self.open else {
            return Effects::none();
        };
        let doc = std::sync::Arc::clone(open.reader.pager().document_arc());
        let now = now_ms();
        let state = self.store.entry(&open.key);
        match request {
            reader::Request::AddBookmark { label, anchor } => {
                state.add_bookmark(label, store::capture(&doc, anchor), now);
            }
            reader::Request::SetMark { letter, anchor } => {
                state.set_mark(letter, store::capture(&doc, anchor), now);
            }
            reader::Request::ShowBookmarks => {
                let items = session::bookmark_items(&doc, state);
                // With a jump to go back to (`T`, a search), the list opens even
                // empty: its `'` is the `''` that returns.
                if items.is_empty() && !open.reader.has_previous() {
                    let hint = |action| open.reader.keymap().hint(action);
                    let message = format!(
                        "No bookmarks yet: {} then Enter adds one, {} then a letter sets a mark",
                        hint(Action::AddBookmark),
                        hint(Action::AddBookmark)
                    );
                    open.reader.set_message(message);
                } else {
                    open.reader.show_bookmarks(items);
                }
                return Effects::redraw();
            }
            reader::Request::RenameBookmark { id, label } => {
                if let Some(bookmark) = state.bookmarks.iter_mut().find(|b| b.id == id) {
                    bookmark.label = label;
                    state.updated = state.updated.max(now);
                }
            }
            reader::Request::DeleteBookmark(id) => {
                state.remove_bookmark(id, now);
            }
            reader::Request::DeleteMark(letter) => {
                state.remove_mark(letter, now);
            }
        }
        if let Some(open) = &mut self.open
            && matches!(open.reader.popup(), reader::ReaderPopup::Bookmarks(_))
            && let Some(state) = self.store.get(&open.key)
        {
            let items = session::bookmark_items(&doc, state);
            open.reader.show_bookmarks(items);
        }
        // Bookmarks are precious: saved at once, not on the debounce.
        let mut effects = self.save_now();
        effects.redraw = true;
        effects
    }

    /// The mouse wheel.
    pub(super) fn wheel(&mut self, down: bool) -> Effects {
        if let Some(open) = &mut self.open {
            let before = open.reader.anchor();
            let outcome = open.reader.wheel(down);
            open.moved |= open.reader.anchor() != before;
            self.record_end();
            let effects = self.apply(outcome);
            self.offer_next_part();
            return effects;
        }
        let action = if down {
            Action::LineDown
        } else {
            Action::LineUp
        };
        let outcome = self.library.update(action);
        self.apply(outcome)
    }
}
