//! The table as the screen shows it: column widths for a terminal's width and the
//! cells of a row fitted to them. Both follow from the width and the whole result
//! (see [`crate::library::table::fit_widths`] and the title rule in
//! [`crate::library::table::fit_title`]), never from the rows on screen, so
//! scrolling or reading a story never moves a column or rewrites another row.

use super::{COLUMNS, Library};
use crate::library::table::{self, Column, TitleRank};

/// The title's place in [`COLUMNS`].
pub(super) const TITLE: usize = 0;
const _: () = assert!(matches!(COLUMNS[TITLE], Column::Title));

impl Library {
    /// Column widths for the result in `width` terminal columns; 0 for a column the
    /// width has no room for.
    pub fn column_widths(&self, width: usize) -> Vec<usize> {
        table::fit_widths(COLUMNS, &self.natural_widths(), Some(width))
    }

    /// Each column's widest cell over the result (the head's figures while it
    /// stands in for the library).
    pub(super) fn natural_widths(&self) -> Vec<usize> {
        if let Some((view, _)) = self.preview_hints() {
            return view.widths.clone();
        }
        (0..COLUMNS.len())
            .map(|c| {
                self.visible
                    .iter()
                    .filter_map(|&i| self.entries.get(i))
                    .map(|e| e.widths.get(c).copied().unwrap_or(0))
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    }

    /// The cells of visible row `row` fitted to `widths` (from
    /// [`Library::column_widths`]): a title cut where it does not tell it apart
    /// from the rest of the result, the reading state in the form that fits; empty
    /// for a hidden column or a row past the end.
    pub fn row_cells(&self, row: usize, widths: &[usize]) -> Vec<String> {
        let Some((index, entry)) = self
            .visible
            .get(row)
            .and_then(|&i| Some((i, self.entries.get(i)?)))
        else {
            return vec![String::new(); COLUMNS.len()];
        };
        COLUMNS
            .iter()
            .enumerate()
            .map(|(c, column)| {
                let room = widths.get(c).copied().unwrap_or(0);
                match column {
                    _ if room == 0 => String::new(),
                    Column::Title => {
                        let rank = self.title_ranks.get(index).copied().unwrap_or_default();
                        let suffix = twin_suffix(&entry.story.meta);
                        table::fit_title(entry.cell(c), rank, suffix.as_deref(), room)
                    }
                    Column::Progress => table::progress_fit(&entry.reading, room),
                    _ => entry.cell(c).to_owned(),
                }
            })
            .collect()
    }

    /// Ranks the visible titles against each other, for [`Library::row_cells`].
    ///
    /// Walks every entry in title order (sorted once per change of the entries)
    /// keeping the visible ones, so a keystroke in the filter sorts nothing.
    pub(super) fn rank_titles(&mut self) {
        if let Some((_, ranks)) = self.preview_hints() {
            self.title_ranks = ranks.to_vec();
            return;
        }
        let entries = &self.entries;
        let title_of = |i: usize| entries.get(i).map_or("", |e| e.cell(TITLE));
        let order = self.title_order.get_or_insert_with(|| {
            let mut all: Vec<usize> = (0..entries.len()).collect();
            all.sort_by(|&a, &b| title_of(a).cmp(title_of(b)));
            all
        });
        let shown = super::sort::membership(&self.visible, entries.len());
        let visible_in_order: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| shown.get(i).copied().unwrap_or(false))
            .collect();
        let titles: Vec<&str> = visible_in_order.iter().map(|&i| title_of(i)).collect();
        let mut by_entry = vec![TitleRank::default(); entries.len()];
        for (&i, rank) in visible_in_order
            .iter()
            .zip(table::rank_sorted_titles(&titles))
        {
            if let Some(slot) = by_entry.get_mut(i) {
                *slot = rank;
            }
        }
        self.title_ranks = by_entry;
    }
}

/// What tells apart two works with the same title: the part of a series (`#3`),
/// else the author.
fn twin_suffix(meta: &crate::meta::StoryMeta) -> Option<String> {
    if let Some(index) = meta.series.as_ref().and_then(|s| s.index) {
        return Some(format!("#{index}"));
    }
    meta.authors
        .first()
        .map(|a| format!("— {}", table::one_line(a)))
}
