//! Drawing the library from the index's head ([`crate::library::head`]) while the
//! whole index loads. The head's rows stand in for the library, with the counts,
//! column widths and title ranks of the whole result they were taken from, so the
//! first screen is the one the whole index then draws. Those hints hold only while
//! the query and the sort are the ones the head was written under: text typed
//! meanwhile filters the head's rows, and every entry once they arrive.

use super::Library;
use crate::library::head::{self, FilePath, Row, View};
use crate::library::table::TitleRank;

use super::entry::Entry;

/// The head the library shows until the whole index arrives.
#[derive(Debug)]
pub(super) struct Preview {
    view: View,
    /// Title ranks by entry index.
    ranks: Vec<TitleRank>,
}

impl Library {
    /// Shows the head's rows (`entries`, in its order, with their title `ranks`)
    /// until [`Library::set_entries`] brings every entry.
    pub(crate) fn set_preview(&mut self, entries: Vec<Entry>, view: View, ranks: Vec<TitleRank>) {
        self.set_entries(entries);
        self.preview = Some(Preview { view, ranks });
        self.refilter_keeping_selection();
    }

    /// Whether the rows are the index's head, not yet the whole library.
    pub fn previewing(&self) -> bool {
        self.preview.is_some()
    }

    /// The head's hints, while the query and sort are the ones it was written under.
    pub(super) fn preview_hints(&self) -> Option<(&View, &[TitleRank])> {
        let preview = self.preview.as_ref()?;
        (preview.view.query == self.query_text() && preview.view.sort == self.sort.label())
            .then_some((&preview.view, preview.ranks.as_slice()))
    }

    /// Works matching the query, and works in the library (the head's counts while
    /// the head stands in for the library).
    pub fn counts(&self) -> (usize, usize) {
        match self.preview_hints() {
            Some((view, _)) => (view.shown, view.total),
            None => (self.visible.len(), self.entries.len()),
        }
    }

    /// What the next start's head holds: the first rows of the result (enough for
    /// any screen, and the selected row's screen), with the hints to draw them as
    /// the whole result. `None` while the rows are themselves a head.
    pub(crate) fn head(&self) -> Option<(View, Vec<Row>)> {
        if self.preview.is_some() {
            return None;
        }
        let rows = head::ROWS
            .max(self.selected + self.table_rows() + 1)
            .min(head::ROWS * 5);
        // The story the continue line offers is kept even when the query hides it
        // or it sorts far down: the line above the table is part of the first screen.
        let shown: Vec<usize> = self.visible.iter().copied().take(rows).collect();
        let continued = self
            .continue_line
            .as_ref()
            .map(|line| line.entry)
            .filter(|entry| !shown.contains(entry));
        let rows = shown
            .into_iter()
            .chain(continued)
            .filter_map(|i| {
                let entry = self.entries.get(i)?;
                Some(Row {
                    story: entry.to_story(),
                    files: entry.files.iter().cloned().map(FilePath).collect(),
                    rank: self.title_rank(i),
                    rest: entry.story.rest,
                })
            })
            .collect();
        let view = View {
            query: self.query_text(),
            sort: self.sort.label().to_owned(),
            total: self.entries.len(),
            shown: self.visible.len(),
            widths: self.natural_widths(),
        };
        Some((view, rows))
    }
}
