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
        self.widths.to_vec()
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
                        let rank = self.title_rank(index);
                        let suffix = twin_suffix(&entry.story.meta);
                        table::fit_title(entry.cell(c), rank, suffix.as_deref(), room)
                    }
                    Column::Progress => table::progress_fit(&entry.reading, room),
                    _ => entry.cell(c).to_owned(),
                }
            })
            .collect()
    }

    /// How the title of `entry` compares with the other visible ones (the
    /// default for an entry not visible). Only rows drawn need it, so it is found
    /// then, from the title-ordered matches: the same as ranking every visible
    /// title on each keystroke ([`table::rank_sorted_titles`]), at a row's cost.
    pub(super) fn title_rank(&self, entry: usize) -> TitleRank {
        if let Some((_, ranks)) = self.preview_hints() {
            return ranks.get(entry).copied().unwrap_or_default();
        }
        let Some(at) = self
            .orders
            .title_place(entry)
            .and_then(|place| self.by_title.binary_search(&place).ok())
        else {
            return TitleRank::default();
        };
        let title_at = |at: usize| {
            let entry = self.orders.entry_at(*self.by_title.get(at)?)?;
            Some(self.entries.get(entry)?.cell(TITLE))
        };
        let neighbours: Vec<&str> = [at.checked_sub(1), Some(at), at.checked_add(1)]
            .into_iter()
            .filter_map(|at| title_at(at?))
            .collect();
        let own = usize::from(at > 0);
        table::rank_sorted_titles(&neighbours)
            .get(own)
            .copied()
            .unwrap_or_default()
    }
}

/// What tells apart two works with the same title: the part of a series (`#3`),
/// else the author.
fn twin_suffix(meta: &super::Row) -> Option<String> {
    if let Some(index) = meta.series.as_ref().and_then(|s| s.index) {
        return Some(format!("#{index}"));
    }
    meta.authors
        .first()
        .map(|a| format!("— {}", table::one_line(a)))
}
