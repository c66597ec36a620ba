//! The library view's state: every story with the reader's own state, the live
//! filter (the query language of `ficread list`), the saved shelves from the
//! config, the sort, the facet sidebar, and the selection. No terminal types.
//!
//! Filtering is an in-memory pass over the entries with the parsed query; cells
//! are computed once per story, so a keystroke in the filter bar costs one query
//! evaluation per story plus a sort of the matches.

use std::cmp::Reverse;

use crate::keymap::{Action, Key, KeyCode, Keymap};
use crate::library::facets::{self, Facet};
use crate::library::table::{self, Column};
use crate::library::{Query, Reading, Story};
use crate::meta::Aliases;

/// The library table's columns.
pub const COLUMNS: &[Column] = &[
    Column::Title,
    Column::Author,
    Column::Crossover,
    Column::Fandoms,
    Column::Relationships,
    Column::Rating,
    Column::Words,
    Column::Status,
    Column::Progress,
];

/// A story in the library with the reader's state of it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub story: Story,
    pub reading: Reading,
    /// Unix ms when the story was last opened.
    pub last_opened: Option<u64>,
    /// Cell texts for [`COLUMNS`], computed once.
    cells: Vec<String>,
    /// Display widths of `cells`.
    widths: Vec<usize>,
}

impl Entry {
    /// An entry; `aliases` shorten fandom names for the table.
    pub fn new(
        story: Story,
        reading: Reading,
        last_opened: Option<u64>,
        aliases: &Aliases,
    ) -> Self {
        let mut entry = Self {
            story,
            reading,
            last_opened,
            cells: Vec::new(),
            widths: Vec::new(),
        };
        entry.cells = COLUMNS
            .iter()
            .map(|c| entry.cell_text(*c, aliases))
            .collect();
        entry.widths = entry
            .cells
            .iter()
            .map(|c| crate::display::width(c))
            .collect();
        entry
    }

    fn cell_text(&self, column: Column, aliases: &Aliases) -> String {
        if column != Column::Progress {
            return table::cell(column, &self.story.meta, aliases);
        }
        let r = &self.reading;
        let mut text = match r.shelf.as_str() {
            "unread" => String::new(),
            "finished" => "done".to_owned(),
            "caught-up" => "caught up".to_owned(),
            other => format!("{}% {other}", r.percent),
        };
        if r.new_chapters > 0 {
            text = format!("+{} new {text}", r.new_chapters);
        }
        if r.favourite {
            text = format!("♥ {text}");
        }
        text.trim().to_owned()
    }

    /// The cell for a column of [`COLUMNS`].
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", String::as_str)
    }
}

/// How the table is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    LastRead,
    Title,
    Author,
    Words,
    Updated,
    Progress,
}

impl Sort {
    const ALL: [Sort; 6] = [
        Sort::LastRead,
        Sort::Title,
        Sort::Author,
        Sort::Words,
        Sort::Updated,
        Sort::Progress,
    ];

    /// The name shown in the header.
    pub fn label(self) -> &'static str {
        match self {
            Sort::LastRead => "last read",
            Sort::Title => "title",
            Sort::Author => "author",
            Sort::Words => "words",
            Sort::Updated => "updated",
            Sort::Progress => "progress",
        }
    }

    fn next(self) -> Self {
        let i = Self::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }
}

/// The filter sidebar: facet counts of the current result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetPanel {
    pub facets: Vec<Facet>,
    pub selected: usize,
}

/// A popup over the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Details {
        scroll: usize,
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
pub const READING_SHELVES: &[&str] = crate::library::query::SHELVES;

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
    SetShelf(usize, &'static str),
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
        let updated = Entry::new(old.story.clone(), reading, last_opened, &self.aliases);
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
                if self.selected().is_some() {
                    self.overlay = Overlay::Details { scroll: 0 };
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

    fn filter_key(&mut self, key: Key) -> Outcome {
        match key.code {
            KeyCode::Enter => {
                self.filter_before_edit = None;
            }
            KeyCode::Esc => {
                if let Some(before) = self.filter_before_edit.take() {
                    self.filter = before;
                }
                self.refilter_keeping_selection();
            }
            KeyCode::Char('c') if key.ctrl => {
                if let Some(before) = self.filter_before_edit.take() {
                    self.filter = before;
                }
                self.refilter_keeping_selection();
            }
            KeyCode::Backspace => {
                self.filter.pop();
                self.refilter_keeping_selection();
            }
            KeyCode::Char('u') if key.ctrl => {
                self.filter.clear();
                self.refilter_keeping_selection();
            }
            KeyCode::Char('w') if key.ctrl => {
                let trimmed = self.filter.trim_end().len();
                let cut = self.filter[..trimmed].rfind(' ').map_or(0, |i| i + 1);
                self.filter.truncate(cut);
                self.refilter_keeping_selection();
            }
            KeyCode::Down => return self.move_by(1),
            KeyCode::Up => return self.move_by(-1),
            KeyCode::Char(c) if !key.ctrl && !key.alt && !c.is_control() => {
                self.filter.push(c);
                self.refilter_keeping_selection();
            }
            _ => return Outcome::Unchanged,
        }
        Outcome::Redraw
    }

    fn facet_key(&mut self, key: Key) -> Outcome {
        let Some(panel) = &mut self.facets else {
            return Outcome::Unchanged;
        };
        let last = panel.facets.len().saturating_sub(1);
        let action = self.keymap.action(key);
        let exclude = match (key.code, action) {
            (KeyCode::Esc, _) | (_, Some(Action::Facets | Action::Quit)) => {
                self.facets = None;
                return Outcome::Redraw;
            }
            (KeyCode::Down, _) | (_, Some(Action::LineDown)) => {
                panel.selected = (panel.selected + 1).min(last);
                return Outcome::Redraw;
            }
            (KeyCode::Up, _) | (_, Some(Action::LineUp)) => {
                panel.selected = panel.selected.saturating_sub(1);
                return Outcome::Redraw;
            }
            (_, Some(Action::PageDown | Action::HalfPageDown)) => {
                panel.selected = (panel.selected + 10).min(last);
                return Outcome::Redraw;
            }
            (_, Some(Action::PageUp | Action::HalfPageUp)) => {
                panel.selected = panel.selected.saturating_sub(10);
                return Outcome::Redraw;
            }
            (KeyCode::Enter | KeyCode::Char('+'), _) => false,
            (KeyCode::Char('-' | 'x'), _) => true,
            (_, Some(action)) => {
                // Anything else (filter, sort, shelves, help) works with the panel open.
                let outcome = self.update(action);
                self.refresh_facets();
                return outcome;
            }
            _ => return Outcome::Unchanged,
        };
        let Some(facet) = panel.facets.get(panel.selected) else {
            return Outcome::Unchanged;
        };
        let term = facet.term(exclude);
        if !self.filter.trim().is_empty() {
            self.filter.push(' ');
        }
        self.filter.push_str(&term);
        self.refilter_keeping_selection();
        Outcome::Redraw
    }

    fn picker_key(&mut self, key: Key) -> Outcome {
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
                let chosen = READING_SHELVES.get(*selected).copied().unwrap_or("unread");
                self.overlay = Overlay::None;
                return self
                    .selected_index()
                    .map_or(Outcome::Redraw, |i| Outcome::SetShelf(i, chosen));
            }
            _ => return Outcome::Unchanged,
        }
        Outcome::Redraw
    }

    fn popup_key(&mut self, key: Key) -> Outcome {
        let (Overlay::Details { scroll } | Overlay::Help { scroll }) = &mut self.overlay else {
            return Outcome::Unchanged;
        };
        match self.keymap.action(key) {
            Some(Action::LineDown | Action::PageDown | Action::HalfPageDown) => *scroll += 1,
            Some(Action::LineUp | Action::PageUp | Action::HalfPageUp) => {
                *scroll = scroll.saturating_sub(1);
            }
            _ => self.overlay = Overlay::None,
        }
        Outcome::Redraw
    }

    fn cycle_shelf(&mut self, forward: bool) -> Outcome {
        if self.shelves.is_empty() {
            self.message =
                Some("No saved shelves: add some under [shelves] in the config".to_owned());
            return Outcome::Redraw;
        }
        // None (everything) counts as one more stop in the cycle.
        let stops = self.shelves.len() + 1;
        let current = self.shelf.map_or(0, |i| i + 1);
        let next = if forward {
            (current + 1) % stops
        } else {
            (current + stops - 1) % stops
        };
        self.shelf = next.checked_sub(1);
        self.refilter_keeping_selection();
        Outcome::Redraw
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

    /// Re-runs the filter and keeps the selected story selected when it still matches.
    fn refilter_keeping_selection(&mut self) {
        let keep = self.selected_index();
        self.refilter();
        match keep {
            Some(entry) if self.visible.contains(&entry) => self.select_entry(entry),
            _ => {
                self.selected = 0;
                self.top = 0;
            }
        }
    }

    fn refilter(&mut self) {
        let shelf_query = self
            .shelf
            .and_then(|i| self.shelves.get(i))
            .map(|(_, q)| q.as_str());
        let text = match shelf_query {
            Some(saved) => format!("{saved} {}", self.filter),
            None => self.filter.clone(),
        };
        match Query::parse(&text, &self.aliases) {
            Ok(query) => {
                self.error = None;
                self.visible = (0..self.entries.len())
                    .filter(|&i| {
                        self.entries
                            .get(i)
                            .is_some_and(|e| query.matches_with(&e.story.meta, &e.reading))
                    })
                    .collect();
                self.sort_visible();
            }
            // A half-typed query keeps the last good result on screen.
            Err(e) => self.error = Some(e.0),
        }
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
        self.scroll_into_view();
        self.refresh_facets();
    }

    fn refresh_facets(&mut self) {
        if self.facets.is_some() {
            let counted = self.count_facets();
            if let Some(panel) = &mut self.facets {
                panel.selected = panel.selected.min(counted.len().saturating_sub(1));
                panel.facets = counted;
            }
        }
    }

    fn count_facets(&self) -> Vec<Facet> {
        facets::count(self.visible().map(|e| &e.story.meta))
    }

    fn sort_visible(&mut self) {
        let entries = &self.entries;
        let title = |i: &usize| {
            entries
                .get(*i)
                .map(|e| e.story.meta.title.to_lowercase())
                .unwrap_or_default()
        };
        match self.sort {
            Sort::LastRead => self.visible.sort_by_cached_key(|i| {
                (
                    Reverse(entries.get(*i).and_then(|e| e.last_opened)),
                    title(i),
                )
            }),
            Sort::Title => self.visible.sort_by_cached_key(title),
            Sort::Author => self.visible.sort_by_cached_key(|i| {
                let author = entries
                    .get(*i)
                    .and_then(|e| e.story.meta.authors.first())
                    .map(|a| a.to_lowercase());
                // Stories without an author go last.
                (author.is_none(), author, title(i))
            }),
            Sort::Words => self.visible.sort_by_cached_key(|i| {
                (
                    Reverse(entries.get(*i).map_or(0, |e| e.story.meta.words)),
                    title(i),
                )
            }),
            Sort::Updated => self.visible.sort_by_cached_key(|i| {
                let meta = entries.get(*i).map(|e| &e.story.meta);
                let date = meta.and_then(|m| m.updated.clone().or_else(|| m.published.clone()));
                (Reverse(date), title(i))
            }),
            Sort::Progress => self.visible.sort_by_cached_key(|i| {
                (
                    Reverse(entries.get(*i).map_or(0, |e| e.reading.percent)),
                    title(i),
                )
            }),
        }
    }
}

fn signed(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

#[cfg(test)]
mod tests;
