//! The library view's state: every story with the reader's own state, the live
//! filter (the query language of `ficread list`), the saved shelves from the
//! config, the sort, the facet sidebar, and the selection. No terminal types.
//!
//! Filtering is an in-memory pass over the entries with the parsed query; cells
//! and match keys are computed once per story, and the recent results, every
//! sort's order and the terms' answers as bitsets are kept (`results.rs`), so a
//! keystroke in the filter bar sorts nothing, and most terms cost a bit per story.

mod bare_text;
mod bits;
mod entry;
mod facet_panel;
mod filter;
mod interned;
mod layout;
mod popup;
mod preview;
mod remembered;
mod results;
mod row;
mod series;
mod sort;

use std::path::Path;
use std::sync::Arc;

use super::Outcome;
use crate::format::ReadError;
use crate::keymap::{Action, Key, Keymap};
use crate::library::Reading;
use crate::meta::Aliases;

pub use entry::{COLUMNS, Entry, Prepared};
pub use facet_panel::FacetPanel;
pub use popup::{Facts, FactsState, LibraryPopup, READING_SHELVES};
pub use row::Row;
pub use sort::Sort;

/// Rows of the library screen that are not table rows: the header, the table's
/// column headings and the filter bar (the continue line, when shown, is one more).
pub const CHROME_ROWS: u16 = 3;

/// The line above the table that offers to continue the last story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContinueLine {
    /// Entry index of the story.
    pub entry: usize,
    /// Where the reader is, in words (`Ch 3 · 45%`).
    pub place: String,
    /// A few words of the text there.
    pub quote: String,
}

/// The library view.
#[derive(Debug)]
pub struct Library {
    entries: Vec<Entry>,
    /// Entry indices that match, in display order.
    visible: Arc<[usize]>,
    /// The matches' places in the title order: how their titles compare
    /// ([`Library::title_rank`]).
    by_title: Arc<[u32]>,
    /// Each column's widest cell over the matches.
    widths: Arc<[usize]>,
    /// Every entry sorted, by title, and the recent results, kept until the entries
    /// change, so a keystroke in the filter sorts nothing.
    orders: results::Orders,
    /// Index into `visible`.
    selected: usize,
    /// First visible row of the table (index into `visible`).
    top: usize,
    /// The terminal's size, from which the table's height follows.
    size: (u16, u16),
    /// A scan under way: files parsed and to parse.
    indexing: Option<(usize, usize)>,
    sort: Sort,
    /// The filter in force names a series (then its parts are listed in order).
    series_filter: bool,
    filter: String,
    /// The filter text before editing began, restored by Esc.
    filter_before_edit: Option<String>,
    error: Option<String>,
    shelves: Vec<(String, String)>,
    shelf: Option<usize>,
    facets: Option<FacetPanel>,
    popup: LibraryPopup,
    keymap: Keymap,
    aliases: Aliases,
    continue_line: Option<ContinueLine>,
    message: Option<String>,
    /// Files that could not be read in the last scan.
    problems: Vec<String>,
    /// The index's head, standing in for the library while the index loads.
    preview: Option<preview::Preview>,
}

impl Library {
    /// A library of `entries`; `shelves` are the config's saved queries.
    pub fn new(
        entries: Vec<Entry>,
        shelves: Vec<(String, String)>,
        keymap: Keymap,
        aliases: Aliases,
    ) -> Self {
        let mut library = Self {
            entries,
            visible: Arc::from([]),
            by_title: Arc::from([]),
            widths: Arc::from([]),
            orders: results::Orders::default(),
            selected: 0,
            top: 0,
            size: (80, 24),
            indexing: None,
            sort: Sort::default(),
            series_filter: false,
            filter: String::new(),
            filter_before_edit: None,
            error: None,
            shelves,
            shelf: None,
            facets: None,
            popup: LibraryPopup::None,
            keymap,
            aliases,
            continue_line: None,
            message: None,
            problems: Vec::new(),
            preview: None,
        };
        library.refilter();
        library
    }

    // ---- what the view reads ----------------------------------------------------------

    /// Every entry.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entries shown, in order.
    pub fn visible(&self) -> impl Iterator<Item = &Entry> {
        self.visible.iter().filter_map(|&i| self.entries.get(i))
    }

    /// How many entries match.
    pub fn visible_count(&self) -> usize {
        self.visible.len()
    }

    /// The selected row (index into the visible rows).
    pub fn selected_row(&self) -> usize {
        self.selected
    }

    /// The first row on screen.
    pub fn top_row(&self) -> usize {
        self.top
    }

    /// The selected entry.
    pub fn selected(&self) -> Option<&Entry> {
        self.selected_index().and_then(|i| self.entries.get(i))
    }

    /// The selected entry's index in [`Library::entries`].
    pub fn selected_index(&self) -> Option<usize> {
        self.visible.get(self.selected).copied()
    }

    /// The filter text.
    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// Whether the filter bar has the keyboard.
    pub fn editing(&self) -> bool {
        self.filter_before_edit.is_some()
    }

    /// Why the filter (or shelf) query does not parse.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The active saved shelf's name.
    pub fn shelf_name(&self) -> Option<&str> {
        self.shelf
            .and_then(|i| self.shelves.get(i))
            .map(|(n, _)| n.as_str())
    }

    /// The sort order.
    pub fn sort(&self) -> Sort {
        self.sort
    }

    /// The facet sidebar, when open.
    pub fn facets(&self) -> Option<&FacetPanel> {
        self.facets.as_ref()
    }

    /// The open popup.
    pub fn popup(&self) -> &LibraryPopup {
        &self.popup
    }

    /// A scan under way: files parsed so far and files to parse (0 of 0 while the
    /// folders are still being walked).
    pub fn indexing(&self) -> Option<(usize, usize)> {
        self.indexing
    }

    /// Table rows that fit on the screen: its height less the header, the column
    /// headings, the filter bar and the continue line when there is one.
    pub fn table_rows(&self) -> usize {
        let chrome = CHROME_ROWS + u16::from(self.continue_line.is_some());
        usize::from(self.size.1.saturating_sub(chrome)).max(1)
    }

    /// The keymap, for the help popup.
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// The continue line, when there is a story to continue.
    pub fn continue_line(&self) -> Option<&ContinueLine> {
        self.continue_line.as_ref()
    }

    /// A transient message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Files the scan could not read.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    // ---- changed by the app only ------------------------------------------------------------

    /// Replaces every entry (a scan finished); the filter, sort and shelf in force
    /// apply to them, the selected story stays selected (found by its key) and the
    /// table stays scrolled where it was, so a scan that ends while the reader
    /// browses moves nothing under them.
    pub(crate) fn set_entries(&mut self, entries: Vec<Entry>) {
        let selected = self.selected().map(|e| e.story.key.clone());
        let top = self.top;
        self.entries = entries;
        self.preview = None;
        self.forget_orders();
        self.refilter();
        if let Some(key) = selected
            && let Some(row) = self
                .visible
                .iter()
                .position(|&i| self.entries.get(i).is_some_and(|e| e.story.key == key))
        {
            self.selected = row;
            self.top = top;
            self.scroll_into_view();
        }
    }

    /// Records how far a scan is, or that it finished.
    pub(crate) fn set_indexing(&mut self, indexing: Option<(usize, usize)>) {
        self.indexing = indexing;
    }

    /// The terminal's new size.
    pub(crate) fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        self.scroll_into_view();
    }

    /// Sets the continue line and selects its story.
    pub(crate) fn set_continue(&mut self, line: Option<ContinueLine>) {
        let entry = line.as_ref().map(|l| l.entry);
        self.continue_line = line;
        // One more or one less row of chrome: the selection must stay in view.
        match entry {
            Some(entry) => self.select_entry(entry),
            None => self.scroll_into_view(),
        }
    }

    /// Records the scan's problems (one line each).
    pub(crate) fn set_problems(&mut self, problems: Vec<String>) {
        self.problems = problems;
    }

    /// Shows a message until the next key.
    pub(crate) fn set_message(&mut self, message: impl Into<String>) {
        self.message = Some(message.into());
    }

    /// The selected story's whole metadata, read back from the index for the
    /// details popup just opened.
    pub(crate) fn set_details_meta(&mut self, meta: Box<crate::meta::StoryMeta>) {
        if let LibraryPopup::Details { whole, .. } = &mut self.popup {
            *whole = Some(meta);
        }
    }

    /// The details popup's facts for the story at `path` arrived; true when the popup
    /// still shows that story and now shows them.
    pub(crate) fn set_facts(&mut self, path: &Path, result: Result<Facts, ReadError>) -> bool {
        let showing = self.selected().is_some_and(|e| e.story.path == path);
        let LibraryPopup::Details { facts, .. } = &mut self.popup else {
            return false;
        };
        if !showing || !matches!(facts, FactsState::Reading) {
            return false;
        }
        *facts = match result {
            Ok(read) => FactsState::Read(read),
            Err(error) => FactsState::Failed(error.to_string()),
        };
        true
    }

    /// Replaces an entry's reading state (after reading, or a shelf change).
    pub(crate) fn update_reading(
        &mut self,
        entry: usize,
        reading: Reading,
        last_opened: Option<u64>,
    ) {
        let keep = self.selected_index();
        // The cells but the progress and the match keys stay.
        let Some(slot) = self.entries.get_mut(entry) else {
            return;
        };
        slot.set_reading(reading, last_opened);
        // The text bare words search is the same: only the reading state changed.
        self.orders = self.orders.keep_text();
        self.refilter();
        if let Some(keep) = keep {
            self.select_entry(keep);
        }
    }

    /// Selects an entry if it is visible.
    pub(crate) fn select_entry(&mut self, entry: usize) {
        if let Some(row) = self.visible.iter().position(|&i| i == entry) {
            self.selected = row;
            self.scroll_into_view();
        }
    }

    // ---- events ------------------------------------------------------------------------

    /// A key press.
    pub(crate) fn on_key(&mut self, key: Key) -> Outcome {
        let had_message = self.message.take().is_some();
        let outcome = if self.editing() {
            self.filter_key(key)
        } else {
            match self.popup {
                LibraryPopup::ShelfPicker { .. } => self.picker_key(key),
                LibraryPopup::Details { .. }
                | LibraryPopup::Help { .. }
                | LibraryPopup::Stats { .. } => self.popup_key(key),
                LibraryPopup::None if self.facets.is_some() => self.facet_key(key),
                LibraryPopup::None => self
                    .keymap
                    .action(key)
                    .map_or(Outcome::Unchanged, |a| self.update(a)),
            }
        };
        if had_message && outcome == Outcome::Unchanged {
            Outcome::Redraw
        } else {
            outcome
        }
    }

    /// Applies an action to the table.
    pub(crate) fn update(&mut self, action: Action) -> Outcome {
        let page = self.table_rows().saturating_sub(1).max(1);
        match action {
            Action::LineDown => self.move_by(1),
            Action::LineUp => self.move_by(-1),
            Action::PageDown => self.move_by(signed(page)),
            Action::PageUp => self.move_by(-signed(page)),
            Action::HalfPageDown => self.move_by(signed(page / 2)),
            Action::HalfPageUp => self.move_by(-signed(page / 2)),
            Action::Top => self.move_to(0),
            Action::Bottom => self.move_to(self.visible.len().saturating_sub(1)),
            Action::Open => self
                .selected_index()
                .map_or(Outcome::Unchanged, Outcome::Open),
            Action::ContinueReading => {
                if let Some(line) = &self.continue_line {
                    return Outcome::Open(line.entry);
                }
                self.message = Some(format!(
                    "Nothing to continue yet: {} opens the selected story",
                    self.keymap.hint(Action::Open)
                ));
                Outcome::Redraw
            }
            Action::Filter => {
                self.filter_before_edit = Some(self.filter.clone());
                Outcome::Redraw
            }
            Action::ClearFilter => {
                if self.filter.is_empty() && self.shelf.is_none() {
                    return Outcome::Unchanged;
                }
                self.filter.clear();
                self.shelf = None;
                self.refilter_keeping_selection();
                Outcome::Redraw
            }
            Action::Facets => {
                self.facets = Some(FacetPanel {
                    facets: self.count_facets(),
                    selected: 0,
                });
                Outcome::Redraw
            }
            Action::Details => {
                let Some(path) = self.selected().map(|e| e.story.path.clone()) else {
                    return Outcome::Unchanged;
                };
                self.popup = LibraryPopup::Details {
                    scroll: 0,
                    facts: FactsState::Reading,
                    whole: None,
                };
                Outcome::ReadFacts(path)
            }
            Action::Help => {
                self.popup = LibraryPopup::Help { scroll: 0 };
                Outcome::Redraw
            }
            Action::Sort => {
                self.sort = self.sort.next();
                self.refilter_keeping_selection();
                self.message = Some(format!("Sorted by {}", self.sort.label()));
                Outcome::Redraw
            }
            Action::NextShelf | Action::PrevShelf => self.cycle_shelf(action == Action::NextShelf),
            Action::SetShelf => {
                let current = self
                    .selected()
                    .and_then(|e| READING_SHELVES.iter().position(|s| *s == e.reading.shelf))
                    .unwrap_or(0);
                if self.selected().is_some() {
                    self.popup = LibraryPopup::ShelfPicker { selected: current };
                }
                Outcome::Redraw
            }
            Action::Favourite => self
                .selected_index()
                .map_or(Outcome::Unchanged, Outcome::ToggleFavourite),
            Action::Stats => Outcome::ShowStats,
            Action::Quit => Outcome::Quit,
            Action::Suspend => Outcome::Suspend,
            _ => Outcome::Unchanged,
        }
    }

    fn move_by(&mut self, delta: isize) -> Outcome {
        let last = self.visible.len().saturating_sub(1);
        let target = self.selected.saturating_add_signed(delta).min(last);
        self.move_to(target)
    }

    fn move_to(&mut self, row: usize) -> Outcome {
        let row = row.min(self.visible.len().saturating_sub(1));
        if row == self.selected {
            return Outcome::Unchanged;
        }
        self.selected = row;
        self.scroll_into_view();
        Outcome::Redraw
    }

    fn scroll_into_view(&mut self) {
        let rows = self.table_rows();
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + rows {
            self.top = self.selected + 1 - rows;
        }
        self.top = self.top.min(self.visible.len().saturating_sub(rows));
    }
}

fn signed(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

#[cfg(test)]
mod tests;
