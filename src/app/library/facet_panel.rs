//! The facet sidebar: counts of the current result by fandom, relationship,
//! character, rating and status. Choosing a facet adds a query term to the filter
//! (rather than keeping a separate selection), so the filter bar always shows what
//! is in force.

use super::Library;
use crate::app::Outcome;
use crate::keymap::{Action, Key, KeyCode};
use crate::library::Query;
use crate::library::facets::{self, Facet};
use crate::library::query::Held;

/// The filter sidebar: facet counts of the current result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetPanel {
    pub facets: Vec<Facet>,
    pub selected: usize,
}

impl Library {
    pub(super) fn facet_key(&mut self, key: Key) -> Outcome {
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
        let wanted = if exclude {
            Held::Excluded
        } else {
            Held::Included
        };
        if facet.mark == Some(wanted) {
            // Choosing a facet the filter already holds takes it back out: the panel
            // toggles, as AO3's checkboxes do. A term that holds it among other
            // values (`fandom:btvs|angel`) is the user's to edit.
            let removed = Query::parse(&term, &self.aliases)
                .ok()
                .and_then(|probe| Query::remove_held(&self.filter, &probe, wanted, &self.aliases));
            if let Some(filter) = removed {
                self.filter = filter;
                self.refilter_keeping_selection();
                return Outcome::Redraw;
            }
            self.message = Some(format!(
                "{} is held by a term with other values ({} edits it)",
                crate::display::one_line(&term),
                self.keymap.hint(Action::Filter)
            ));
            return Outcome::Redraw;
        }
        if !self.filter.trim().is_empty() {
            self.filter.push(' ');
        }
        self.filter.push_str(&term);
        self.refilter_keeping_selection();
        Outcome::Redraw
    }

    pub(super) fn refresh_facets(&mut self) {
        if self.facets.is_some() {
            let counted = self.count_facets();
            if let Some(panel) = &mut self.facets {
                // Marked facets move to the top of their group: the selection
                // follows the facet, not the line.
                let chosen = panel.facets.get(panel.selected);
                let same = chosen.and_then(|c| {
                    counted
                        .iter()
                        .position(|f| f.kind == c.kind && f.value == c.value)
                });
                panel.selected =
                    same.unwrap_or_else(|| panel.selected.min(counted.len().saturating_sub(1)));
                panel.facets = counted;
            }
        }
    }

    /// The facets of the result, marked by the filter (with the shelf's query) in
    /// force; a filter that does not parse marks nothing.
    pub(super) fn count_facets(&mut self) -> Vec<Facet> {
        let query = Query::parse(&self.query_text(), &self.aliases).ok();
        let visible = std::sync::Arc::clone(&self.visible);
        if let Some(tally) = self.orders.tally(&self.entries) {
            let mut counted = tally.count(visible.iter().copied());
            if let Some(query) = query {
                // The whole library's count is the same whatever the query.
                facets::mark(&mut counted, &query, &self.aliases, || tally.every());
            }
            return counted;
        }
        // Past what ids can name: count the values themselves.
        let mut counted = facets::count(self.visible().map(super::Entry::row));
        if let Some(query) = query {
            let every = || facets::count(self.entries.iter().map(super::Entry::row));
            facets::mark(&mut counted, &query, &self.aliases, every);
        }
        counted
    }
}
