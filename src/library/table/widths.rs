//! How the table's columns share a terminal's width.
//!
//! Two decisions, made apart so neither flickers:
//!
//! 1. **Which columns are shown** depends on the width alone: columns are dropped in
//!    [`Column::drop_order`] until the constant [`Column::reserve`]s fit. A row
//!    whose Read cell grows from `done` to `+3 new caught up` never pushes a column
//!    off the screen.
//! 2. **How wide each shown column is** depends on the width and the widest cell of
//!    the whole result set (`natural`), never on the rows on screen: fixed columns
//!    take their widest cell (the Read column its constant width); the title gets
//!    the spare width first, up to its widest cell or [`TITLE_FIRST`]; then the
//!    flexible columns share the rest by [`Column::weight`], none past its widest
//!    cell; what they all leave widens the Read column, for its longer forms.

use super::Column;
use crate::display::{pad, truncate, width};

/// How wide the title grows before the other flexible columns get any spare width.
pub const TITLE_FIRST: usize = 48;

/// Column widths for `columns` whose widest cells are `natural` (0 for a hidden
/// column). Without `max_width` (output to a pipe), every column at its natural
/// width. What is shown may still overflow a terminal narrower than the columns
/// that never go; the caller cuts the line.
pub fn fit_widths(columns: &[Column], natural: &[usize], max_width: Option<usize>) -> Vec<usize> {
    let natural: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| natural.get(i).copied().unwrap_or(0).max(width(c.header())))
        .collect();
    let Some(max_width) = max_width else {
        return natural;
    };
    let shown = shown_columns(columns, max_width);
    let mut widths: Vec<usize> = columns
        .iter()
        .zip(&natural)
        .zip(&shown)
        .map(|((c, n), on)| match (on, c.weight()) {
            (false, _) => 0,
            (true, 0) if *c == Column::Progress => c.reserve(),
            (true, 0) => *n,
            (true, _) => c.min().min(*n),
        })
        .collect();
    let gaps = 2 * shown.iter().filter(|on| **on).count().saturating_sub(1);
    let mut spare = max_width.saturating_sub(widths.iter().sum::<usize>() + gaps);
    if let Some(title) = columns.iter().position(|c| *c == Column::Title)
        && shown[title]
    {
        let goal = natural[title].min(TITLE_FIRST.max(widths[title]));
        let grant = goal.saturating_sub(widths[title]).min(spare);
        widths[title] += grant;
        spare -= grant;
    }
    // Hand out the rest in rounds, so a column that is satisfied early gives its
    // share back to the others.
    while spare > 0 {
        let hungry: Vec<usize> = (0..columns.len())
            .filter(|&i| shown[i] && columns[i].weight() > 0 && widths[i] < natural[i])
            .collect();
        let total_weight: usize = hungry.iter().map(|&i| columns[i].weight()).sum();
        if total_weight == 0 {
            break;
        }
        let round = spare;
        for &i in &hungry {
            let portion = (round * columns[i].weight() / total_weight).max(1);
            let grant = portion.min(natural[i] - widths[i]).min(spare);
            widths[i] += grant;
            spare -= grant;
        }
    }
    // Width no flexible column wants: the Read column's longer forms
    // (`+3 new 60% reading`). Its width still follows from the terminal and the
    // result's other columns alone, not from what any row's Read cell says.
    if let Some(read) = columns.iter().position(|c| *c == Column::Progress)
        && shown[read]
    {
        let grant = PROGRESS_MAX.saturating_sub(widths[read]).min(spare);
        widths[read] += grant;
    }
    widths
}

/// The widest the Read column grows with width to spare: `♥ +12 new 60% reading`.
const PROGRESS_MAX: usize = 22;

/// Which columns fit in `max_width`, by the terminal's width alone: the droppable
/// ones go, in [`Column::drop_order`], until the [`Column::reserve`]s fit.
pub fn shown_columns(columns: &[Column], max_width: usize) -> Vec<bool> {
    let mut shown = vec![true; columns.len()];
    let needed = |shown: &[bool]| -> usize {
        let visible = shown.iter().filter(|on| **on).count();
        let cells: usize = columns
            .iter()
            .zip(shown)
            .filter(|(_, on)| **on)
            .map(|(c, _)| {
                c.reserve().max(if c.weight() == 0 {
                    width(c.header())
                } else {
                    0
                })
            })
            .sum();
        cells + 2 * visible.saturating_sub(1)
    };
    let mut order: Vec<usize> = (0..columns.len())
        .filter(|&i| columns[i].drop_order() > 0)
        .collect();
    order.sort_by_key(|&i| std::cmp::Reverse(columns[i].drop_order()));
    for i in order {
        if needed(&shown) <= max_width {
            break;
        }
        shown[i] = false;
    }
    shown
}

/// One table line: each shown cell aligned to its width, two spaces apart, hidden
/// (zero-width) columns left out, trailing spaces trimmed.
pub fn join_row<'a>(
    cells: impl Iterator<Item = &'a str>,
    columns: &[Column],
    widths: &[usize],
) -> String {
    let parts: Vec<String> = cells
        .zip(columns.iter().zip(widths))
        .filter(|(_, (_, w))| **w > 0)
        .map(|(text, (c, w))| align(text, *w, c.right_align()))
        .collect();
    parts.join("  ").trim_end().to_owned()
}

/// A cell fitted to `columns`, truncated with `…` and padded (right-aligned numbers).
pub fn align(text: &str, columns: usize, right: bool) -> String {
    if right {
        let cut = truncate(text, columns);
        format!("{}{cut}", " ".repeat(columns.saturating_sub(width(&cut))))
    } else {
        pad(text, columns)
    }
}

#[cfg(test)]
mod tests {
    use super::super::LIBRARY_COLUMNS;
    use super::*;

    fn shown_names(width: usize) -> Vec<&'static str> {
        let shown = shown_columns(LIBRARY_COLUMNS, width);
        LIBRARY_COLUMNS
            .iter()
            .zip(shown)
            .filter(|(_, on)| *on)
            .map(|(c, _)| c.header())
            .collect()
    }

    #[test]
    fn columns_go_in_a_fixed_order_as_the_terminal_narrows() {
        let all = [
            "Title",
            "Author",
            "×",
            "Fandoms",
            "Relationships",
            "Rating",
            "Words",
            "Status",
            "Read",
        ];
        assert_eq!(shown_names(118), all);
        assert_eq!(shown_names(98), all);
        assert_eq!(
            shown_names(88),
            [
                "Title",
                "Author",
                "×",
                "Fandoms",
                "Relationships",
                "Rating",
                "Words",
                "Read"
            ]
        );
        assert_eq!(
            shown_names(78),
            [
                "Title",
                "Author",
                "×",
                "Fandoms",
                "Relationships",
                "Words",
                "Read"
            ]
        );
        assert_eq!(shown_names(40), ["Title", "×", "Fandoms", "Relationships"]);
        // Every width from 20 to 240: a column once dropped stays dropped as the
        // width shrinks, and the title never falls below its minimum while anything
        // droppable is still shown.
        let mut previous = shown_names(240);
        for width in (20..240).rev() {
            let now = shown_names(width);
            assert!(now.iter().all(|c| previous.contains(c)), "{width}: {now:?}");
            previous = now;
        }
    }

    #[test]
    fn the_column_set_ignores_the_values() {
        let quiet = [30, 10, 1, 12, 12, 1, 5, 1, 0];
        let loud = [90, 60, 1, 80, 80, 6, 9, 8, 40];
        for width in [60, 78, 98, 118, 198] {
            let a = fit_widths(LIBRARY_COLUMNS, &quiet, Some(width));
            let b = fit_widths(LIBRARY_COLUMNS, &loud, Some(width));
            let on = |w: &[usize]| w.iter().map(|w| *w > 0).collect::<Vec<_>>();
            assert_eq!(on(&a), on(&b), "{width}: {a:?} {b:?}");
            // A Read cell growing changes no width at all.
            let read = LIBRARY_COLUMNS.len() - 1;
            let mut grown = quiet;
            grown[read] = 40;
            let c = fit_widths(LIBRARY_COLUMNS, &grown, Some(width));
            assert_eq!(a, c, "{width}");
        }
    }

    #[test]
    fn the_title_gets_the_spare_width_first() {
        let natural = [60, 30, 1, 40, 40, 5, 6, 8, 12];
        let at = |width| fit_widths(LIBRARY_COLUMNS, &natural, Some(width));
        let narrow = at(78);
        assert_eq!(narrow[1], 8, "author at its minimum: {narrow:?}");
        assert_eq!(narrow[3], 9, "{narrow:?}");
        assert!(narrow[0] > 20, "the title took the spare width: {narrow:?}");
        let wide = at(198);
        assert_eq!(wide[0], 60, "the whole title: {wide:?}");
        assert!(wide[3] > 20 && wide[4] > 20, "{wide:?}");
        assert_eq!(
            wide.iter().sum::<usize>() + 2 * 8,
            198,
            "every column is used: {wide:?}"
        );
        // No column grows past its widest cell.
        let roomy = at(400);
        assert_eq!(roomy, vec![60, 30, 1, 40, 40, 6, 6, 8, 22]);
    }

    #[test]
    fn without_a_width_every_column_is_natural() {
        let columns = [Column::Title, Column::Author, Column::Status];
        assert_eq!(fit_widths(&columns, &[40, 30, 11], None), vec![40, 30, 11]);
        assert_eq!(fit_widths(&columns, &[2, 3, 1], None), vec![5, 6, 6]);
    }

    #[test]
    fn aligned_rows_skip_hidden_columns() {
        let widths = [5, 0, 3];
        assert_eq!(
            join_row(
                ["abcdefg", "hidden", "1"].iter().copied(),
                &[Column::Title, Column::Author, Column::Words],
                &widths
            ),
            "abcd…    1"
        );
    }
}
