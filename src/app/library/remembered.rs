//! The library view as it was left, for the next start: the filter, the saved
//! shelf, the sort and the selected story (by key, since indices change between
//! scans).

use super::{Library, Sort};
use crate::store::LibrarySession;

impl Library {
    /// The view to remember, stamped `at` (unix ms).
    pub(crate) fn session(&self, at: u64) -> LibrarySession {
        LibrarySession {
            filter: self.filter.clone(),
            shelf: self
                .shelf
                .and_then(|i| self.shelves.get(i))
                .map(|(name, _)| name.clone()),
            sort: self.sort.label().to_owned(),
            selected: self.selected().map(|e| e.story.key.clone()),
            at,
        }
    }

    /// Restores a remembered view: what no longer exists (a shelf removed from the
    /// config, a story gone) is left as it is now.
    pub(crate) fn restore_session(&mut self, session: &LibrarySession) {
        self.filter.clone_from(&session.filter);
        self.shelf = session
            .shelf
            .as_ref()
            .and_then(|name| self.shelves.iter().position(|(n, _)| n == name));
        if let Some(sort) = Sort::from_label(&session.sort) {
            self.sort = sort;
        }
        self.refilter_keeping_selection();
        let entry = session
            .selected
            .as_ref()
            .and_then(|key| self.entries.iter().position(|e| &e.story.key == key));
        if let Some(entry) = entry {
            self.select_entry(entry);
        }
    }
}
