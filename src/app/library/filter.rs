//! Which entries are visible: the filter bar's editing keys, the saved shelves
//! (whose queries are prepended to the filter), and the re-filtering pass itself.

use super::{Library, Sort};
use crate::app::Outcome;
use crate::keymap::{Key, KeyCode};
use crate::library::Query;

impl Library {
    pub(super) fn filter_key(&mut self, key: Key) -> Outcome {
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

    pub(super) fn cycle_shelf(&mut self, forward: bool) -> Outcome {
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

    /// Re-runs the filter and keeps the selected story selected when it still matches.
    pub(super) fn refilter_keeping_selection(&mut self) {
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

    /// The query in force: the saved shelf's, then the filter.
    pub(super) fn query_text(&self) -> String {
        let shelf_query = self
            .shelf
            .and_then(|i| self.shelves.get(i))
            .map(|(_, q)| q.as_str());
        match shelf_query {
            Some(saved) => format!("{saved} {}", self.filter),
            None => self.filter.clone(),
        }
    }

    pub(super) fn refilter(&mut self) {
        let text = self.query_text();
        let found = match self.orders.recall(&text, self.sort) {
            Some(found) => Some(found),
            None => match Query::parse(&text, &self.aliases) {
                Ok(query) => {
                    let effective = if query.names_a_series() {
                        Sort::Series
                    } else {
                        self.sort
                    };
                    Some(
                        self.orders
                            .compute(&self.entries, text, query, self.sort, effective),
                    )
                }
                // A half-typed query keeps the last good result on screen.
                Err(e) => {
                    self.error = Some(e.0);
                    if self.orders.is_empty() {
                        // The entries changed under the result kept: their titles'
                        // places and cells' widths with them.
                        self.by_title = self.orders.places_of(&self.entries, &self.visible).into();
                        self.widths = self.orders.widest(&self.visible).into();
                    }
                    None
                }
            },
        };
        if let Some(found) = found {
            self.error = None;
            self.series_filter = found.series_filter;
            self.visible = found.visible;
            self.by_title = found.by_title;
            self.widths = found.widths;
        }
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
        self.scroll_into_view();
        self.refresh_facets();
    }
}
