//! Keeping the library's entries and continue line in step with the store.

use crate::store;

use super::{App, Effects, session};

impl App {
    pub(super) fn change_state(
        &mut self,
        entry: usize,
        change: impl FnOnce(&mut store::StoryState),
    ) -> Effects {
        let Some(story) = self.library.entries().get(entry).map(|e| e.story.clone()) else {
            return Effects::none();
        };
        let state = self.store.entry(&story.key);
        if state.title.is_empty() {
            state.title.clone_from(&story.meta.title);
            state.path.clone_from(&story.path);
        }
        change(state);
        self.refresh_entry(entry);
        self.refresh_continue_line();
        let mut effects = self.save_now();
        effects.redraw = true;
        effects
    }

    /// Shows an entry's reading state as the store has it; true when it changed.
    pub(super) fn refresh_entry(&mut self, entry: usize) -> bool {
        let Some(e) = self.library.entries().get(entry) else {
            return false;
        };
        let (reading, last) =
            session::reading_of(self.store.get(&e.story.key), e.story.meta.chapters);
        if e.reading == reading && e.last_opened == last {
            return false;
        }
        self.library.update_reading(entry, reading, last);
        true
    }

    /// Shows every entry's reading state and the continue line as the store has them
    /// (after a save merged in another process's changes); true when any changed.
    pub(super) fn refresh_all_entries(&mut self) -> bool {
        let mut changed = false;
        for entry in 0..self.library.entries().len() {
            changed |= self.refresh_entry(entry);
        }
        changed | self.refresh_continue_line()
    }

    /// The continue line from the store's last-read story; true when it changed.
    pub(super) fn refresh_continue_line(&mut self) -> bool {
        let line = self.store.last_read().and_then(|(key, state)| {
            let entry = self
                .library
                .entries()
                .iter()
                .position(|e| &e.story.key == key)?;
            let chapters = self
                .library
                .entries()
                .get(entry)
                .map_or(0, |e| e.story.meta.chapters);
            session::continue_line(entry, state, chapters)
        });
        if self.library.continue_line() == line.as_ref() {
            return false;
        }
        self.library.set_continue(line);
        true
    }
}
