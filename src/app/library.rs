//! The library view's state: every story with the reader's own state, the live
//! filter (the query language of `ficread list`), the saved shelves from the
//! config, the sort, the facet sidebar, and the selection. No terminal types.
//!
//! Filtering is an in-memory pass over the entries with the parsed query; cells
//! are computed once per story, so a keystroke in the filter bar costs one query
//! evaluation per story plus a sort of the matches.

mod entry;
mod facet_panel;
mod filter;
mod overlay;
mod sort;

use crate::keymap::{Action, Key, Keymap};
use crate::library::Reading;
use crate::library::table;
use crate::meta::Aliases;

pub use entry::{COLUMNS, Entry};
pub use facet_panel::FacetPanel;
pub use overlay::{Facts, Overlay, READING_SHELVES};
pub use sort::Sort;

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

/// What the app should do after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Unchanged,
    Redraw,
    /// Open the entry in the reader.
    Open(usize),
    /// Put the entry on a reading shelf.
    SetShelf(usize, crate::store::Shelf),
    /// Toggle the entry's favourite flag.
    ToggleFavourite(usize),
    Quit,
}

/// The library view.
#[derive(Debug)]
pub struct Library {
    entries: Vec<Entry>,
    /// Entry indices that match, in display order.
    visible: Vec<usize>,
    /// Index into `visible`.
    selected: usize,
    /// First visible row of the table (index into `visible`).
    top: usize,
    /// Table rows that fit on screen.
    rows: usize,
    sort: Sort,
    filter: String,
    /// The filter text before editing began, restored by Esc.
    filter_before_edit: Option<String>,
    error: Option<String>,
    shelves: Vec<(String, String)>,
    shelf: Option<usize>,
    facets: Option<FacetPanel>,
    overlay: Overlay,
    keymap: Keymap,
    aliases: Aliases,
    continue_line: Option<ContinueLine>,
    message: Option<String>,
    /// Files that could not be read in the last scan.
    problems: Vec<String>,
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
            visible: Vec::new(),
            selected: 0,
            top: 0,
            rows: 20,
            sort: Sort::default(),
            filter: String::new(),
            filter_before_edit: None,
            error: None,
            shelves,
            shelf: None,
            facets: None,
            overlay: Overlay::None,
            keymap,
            aliases,
            continue_line: None,
            message: None,
            problems: Vec::new(),
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
    pub fn overlay(&self) -> &Overlay {
        &self.overlay
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

    /// Column widths for the visible entries in `width` terminal columns.
    pub fn column_widths(&self, width: usize) -> Vec<usize> {
        let natural: Vec<usize> = (0..COLUMNS.len())
            .map(|c| {
                self.visible
                    .iter()
                    .filter_map(|&i| self.entries.get(i))
                    .map(|e| e.widths.get(c).copied().unwrap_or(0))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        table::fit_widths(COLUMNS, &natural, Some(width))
    }

    // ---- set-up from the app ------------------------------------------------------------

    /// Sets the continue line and selects its story.
    pub fn set_continue(&mut self, line: Option<ContinueLine>) {
        if let Some(line) = &line {
            self.select_entry(line.entry);
        }
        self.continue_line = line;
    }

    /// Records the scan's problems (one line each).
    pub fn set_problems(&mut self, problems: Vec<String>) {
        self.problems = problems;
    }

    /// Shows a message until the next key.
    pub fn set_message(&mut self, message: impl Into<String>) {
        self.message = Some(message.into());
    }

    /// Replaces an entry's reading state (after reading, or a shelf change).
    pub fn update_reading(&mut self, entry: usize, reading: Reading, last_opened: Option<u64>) {
        let Some(old) = self.entries.get(entry) else {
            return;
        };
        let updated = Entry::new(old.story.clone(), reading, last_opened, &self.aliases)
            .with_files(old.files.clone());
        let keep = self.selected_index();
        if let Some(slot) = self.entries.get_mut(entry) {
            *slot = updated;
        }
        self.refilter();
        if let Some(keep) = keep {
            self.select_entry(keep);
        }
    }

    /// Selects an entry if it is visible.
    pub fn select_entry(&mut self, entry: usize) {
        if let Some(row) = self.visible.iter().position(|&i| i == entry) {
            self.selected = row;
            self.scroll_into_view();
        }
    }

    /// Tells the model how many table rows fit.
    pub fn set_rows(&mut self, rows: usize) {
        self.rows = rows.max(1);
        self.scroll_into_view();
    }

    // ---- events ------------------------------------------------------------------------

    /// A key press.
    pub fn on_key(&mut self, key: Key) -> Outcome {
        let had_message = self.message.take().is_some();
        let outcome = if self.editing() {
            self.filter_key(key)
        } else {
            match self.overlay {
                Overlay::ShelfPicker { .. } => self.picker_key(key),
                Overlay::Details { .. } | Overlay::Help { .. } => self.popup_key(key),
                Overlay::None if self.facets.is_some() => self.facet_key(key),
                Overlay::None => self
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
    pub fn update(&mut self, action: Action) -> Outcome {
        let page = self.rows.saturating_sub(1).max(1);
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
                self.message = Some("Nothing to continue yet".to_owned());
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
                if let Some(entry) = self.selected() {
                    let facts = Facts::read(&entry.story.path, &self.aliases);
                    self.overlay = Overlay::Details { scroll: 0, facts };
                }
                Outcome::Redraw
            }
            Action::Help => {
                self.overlay = Overlay::Help { scroll: 0 };
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
                    self.overlay = Overlay::ShelfPicker { selected: current };
                }
                Outcome::Redraw
            }
            Action::Favourite => self
                .selected_index()
                .map_or(Outcome::Unchanged, Outcome::ToggleFavourite),
            Action::Quit => Outcome::Quit,
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
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + self.rows {
            self.top = self.selected + 1 - self.rows;
        }
        self.top = self.top.min(self.visible.len().saturating_sub(self.rows));
    }
}

fn signed(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

#[cfg(test)]
mod tests;
