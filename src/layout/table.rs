//! Laying out a [`Table`] at a width: aligned columns when they fit, otherwise one
//! row per line.
//!
//! Columns get their natural width (the widest cell) when the whole table fits;
//! otherwise each keeps at least its longest word (up to [`MAX_WORD`] columns) and
//! the room left is shared in proportion to how much each column wants. When even
//! that does not fit, every row is drawn as its own text, cells joined by the table's
//! separator (`A · B · C`), continuation lines hanging by [`HANG`] columns. Leading
//! heading rows are ruled off in both forms.
//!
//! Every line records the byte of the first cell piece it shows (its anchor); anchors
//! never decrease down the table, and [`TableLayout::line_of`] finds the line showing
//! a given byte, so the pager's anchor stays exact across resizes.

use std::ops::Range;
use std::sync::Arc;

use super::wrap::{Line, display_width, wrap};
use crate::document::Table;

/// Columns between two table columns.
pub const GAP: usize = 2;

/// Indent of a fallback row's continuation lines.
pub const HANG: usize = 2;

/// Narrower than this, a fallback row's continuation lines do not hang.
const MIN_HANG_WIDTH: usize = 12;

/// A word longer than this may be broken inside its column rather than widen it.
pub const MAX_WORD: usize = 16;

/// A piece of one cell on one line: bytes of [`Table::text`] and the column (within
/// the measure) it starts at.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CellPiece {
    pub range: Range<usize>,
    pub x: usize,
}

/// What one laid-out line of a table shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableLine {
    /// Pieces of cells, left to right.
    Cells(Arc<[CellPiece]>),
    /// A rule this many columns wide, under the heading rows.
    Rule(usize),
}

/// A table laid out at one width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableLayout {
    /// The lines, top to bottom (at least one).
    pub lines: Vec<TableLine>,
    /// Per line, the first byte it shows (a rule: the first byte of the row below).
    pub anchors: Vec<usize>,
    /// Column widths, or `None` when the table is drawn one row per line.
    pub columns: Option<Vec<usize>>,
}

impl TableLayout {
    /// The line showing byte `offset` of the table's text: the line holding the piece
    /// that contains it, else the last line starting at or before it.
    pub fn line_of(&self, offset: usize) -> usize {
        let holds = |piece: &CellPiece| piece.range.contains(&offset);
        if let Some(index) = self
            .lines
            .iter()
            .position(|line| matches!(line, TableLine::Cells(cells) if cells.iter().any(holds)))
        {
            return index;
        }
        self.anchors
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }
}

/// Lays `table` out within `width` columns (at least 1).
pub fn layout(table: &Table, width: usize) -> TableLayout {
    let width = width.max(1);
    let mut out = match column_widths(table, width) {
        Some(widths) => columns(table, widths),
        None => rows(table, width),
    };
    if out.lines.is_empty() {
        // Only reachable for a table without text, which the readers never build;
        // a block still needs one line.
        out.lines.push(TableLine::Cells(Arc::from([])));
        out.anchors.push(0);
    }
    out
}

/// Column widths that fit `width`, or `None` when the columns cannot fit.
fn column_widths(table: &Table, width: usize) -> Option<Vec<usize>> {
    let count = table.columns();
    let mut natural = vec![0; count];
    let mut least = vec![0; count];
    // Single cells first, then spanning cells widen the last column they cover.
    for spanning in [false, true] {
        for row in &table.rows {
            let mut col = 0;
            for cell in &row.cells {
                let span = cell.span.min(count.saturating_sub(col)).max(1);
                let cols = col..(col + span).min(count);
                col += span;
                if (span > 1) != spanning || cols.is_empty() {
                    continue;
                }
                let text = table.cell_text(cell);
                let gaps = GAP * (span - 1);
                let want = display_width(text);
                let word = text
                    .split_whitespace()
                    .map(|w| display_width(w).min(MAX_WORD))
                    .max()
                    .unwrap_or(0);
                widen(&mut natural[cols.clone()], want.saturating_sub(gaps));
                widen(&mut least[cols], word.saturating_sub(gaps));
            }
        }
    }
    // A spanning cell's longest word can widen a column past what it wants.
    for (n, l) in natural.iter_mut().zip(&least) {
        *n = (*n).max(*l);
    }
    let gaps = GAP * count.saturating_sub(1);
    let total: usize = natural.iter().sum::<usize>() + gaps;
    if total <= width {
        return Some(natural);
    }
    let minimum: usize = least.iter().sum::<usize>() + gaps;
    if minimum > width {
        return None;
    }
    Some(share(&natural, &least, width - gaps))
}

/// Splits `room` columns between columns that cannot all have their natural width:
/// every column gets `level` clamped to its least and natural widths, for the
/// highest level that fits. So a column wanting little (a time, a name) never wraps,
/// and the wide ones share what is left equally. Needs `sum(least) <= room` and
/// `least <= natural`.
fn share(natural: &[usize], least: &[usize], room: usize) -> Vec<usize> {
    let at = |level: usize| -> Vec<usize> {
        natural
            .iter()
            .zip(least)
            .map(|(&n, &l)| level.clamp(l, n.max(l)))
            .collect()
    };
    let fits = |level: usize| at(level).iter().sum::<usize>() <= room;
    // The highest fitting level: level 0 fits (all least widths), the widest
    // natural width does not (or the natural widths would have fitted).
    let (mut low, mut high) = (0, natural.iter().copied().max().unwrap_or(0));
    while low < high {
        let mid = low + (high - low).div_ceil(2);
        if fits(mid) {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    let mut widths = at(low);
    // One more column each, left to right, for the columns still below what they want.
    let mut left = room.saturating_sub(widths.iter().sum());
    for (width, (&n, &l)) in widths.iter_mut().zip(natural.iter().zip(least)) {
        if left > 0 && l <= low && low < n {
            *width += 1;
            left -= 1;
        }
    }
    widths
}

/// Makes `cols` together at least `want` wide, widening the last one.
fn widen(cols: &mut [usize], want: usize) {
    let have: usize = cols.iter().sum();
    if let Some(last) = cols.last_mut() {
        *last += want.saturating_sub(have);
    }
}

/// The aligned-columns form.
fn columns(table: &Table, widths: Vec<usize>) -> TableLayout {
    let count = widths.len();
    let starts: Vec<usize> = widths
        .iter()
        .scan(0, |x, w| {
            let start = *x;
            *x += w + GAP;
            Some(start)
        })
        .collect();
    let total = widths.iter().sum::<usize>() + GAP * count.saturating_sub(1);
    let mut out = TableLayout {
        lines: Vec::new(),
        anchors: Vec::new(),
        columns: None,
    };
    let heading_rows = leading_headers(table);
    for (index, row) in table.rows.iter().enumerate() {
        let mut cells: Vec<Vec<CellPiece>> = Vec::new();
        let mut col = 0;
        for cell in &row.cells {
            let span = cell.span.min(count.saturating_sub(col)).max(1);
            let Some(&x) = starts.get(col) else { break };
            let cell_width =
                widths[col..(col + span).min(count)].iter().sum::<usize>() + GAP * (span - 1);
            col += span;
            if cell.range.is_empty() {
                continue;
            }
            let text = table.cell_text(cell);
            let base = cell.range.start;
            cells.push(
                wrap_cell(text, cell_width, cell_width)
                    .into_iter()
                    .map(|line| CellPiece {
                        range: line.range.start + base..line.range.end + base,
                        x,
                    })
                    .collect(),
            );
        }
        let height = cells.iter().map(Vec::len).max().unwrap_or(0);
        for k in 0..height {
            let pieces: Vec<CellPiece> = cells.iter().filter_map(|c| c.get(k).cloned()).collect();
            let anchor = pieces.first().map_or(0, |p| p.range.start);
            out.push(TableLine::Cells(pieces.into()), anchor);
        }
        rule_after(table, index, heading_rows, total, &mut out);
    }
    out.columns = Some(widths);
    out
}

/// The one-row-per-line form.
fn rows(table: &Table, width: usize) -> TableLayout {
    // A hang in a very narrow measure would leave a wide character no room.
    let hang = if width >= MIN_HANG_WIDTH { HANG } else { 0 };
    let heading_rows = leading_headers(table);
    let mut out = TableLayout {
        lines: Vec::new(),
        anchors: Vec::new(),
        columns: None,
    };
    let mut widest = 0;
    for (index, row) in table.rows.iter().enumerate() {
        let Some(range) = table.row_range(row) else {
            continue;
        };
        let text = table.text.text.get(range.clone()).unwrap_or_default();
        for (k, line) in wrap_cell(text, width, width - hang).into_iter().enumerate() {
            let x = if k == 0 { 0 } else { hang };
            widest = widest.max(x + line.width);
            let piece = CellPiece {
                range: line.range.start + range.start..line.range.end + range.start,
                x,
            };
            let anchor = piece.range.start;
            out.push(TableLine::Cells(Arc::from([piece])), anchor);
        }
        rule_after(table, index, heading_rows, widest.min(width), &mut out);
    }
    out
}

impl TableLayout {
    /// The lines as plain text, pieces padded to their columns and rules drawn
    /// with `─` (for `cat` and tests). Trailing spaces are trimmed.
    pub fn plain_lines(&self, table: &Table) -> Vec<String> {
        self.lines
            .iter()
            .map(|line| match line {
                TableLine::Rule(width) => "─".repeat(*width),
                TableLine::Cells(cells) => {
                    let mut out = String::new();
                    let mut at = 0;
                    for piece in cells.iter() {
                        let text = table.text.text.get(piece.range.clone()).unwrap_or_default();
                        out.extend(std::iter::repeat_n(' ', piece.x.saturating_sub(at)));
                        out.push_str(text);
                        at = piece.x.max(at) + display_width(text);
                    }
                    out.trim_end().to_owned()
                }
            })
            .collect()
    }

    fn push(&mut self, line: TableLine, anchor: usize) {
        self.lines.push(line);
        self.anchors.push(anchor);
    }
}

/// [`wrap`], skipping it for text that fits on one line: most cells do, and a
/// table at the size cap is thousands of them.
fn wrap_cell(text: &str, first_width: usize, width: usize) -> Vec<Line> {
    let wide = display_width(text);
    if wide <= first_width && !text.starts_with(' ') && !text.ends_with(' ') {
        return vec![Line {
            range: 0..text.len(),
            width: wide,
            hyphen: false,
        }];
    }
    wrap(text, first_width, width)
}

/// How many rows at the top of the table are heading rows.
fn leading_headers(table: &Table) -> usize {
    table.rows.iter().take_while(|r| r.header).count()
}

/// A rule under the last leading heading row, when body rows follow.
fn rule_after(
    table: &Table,
    index: usize,
    heading_rows: usize,
    width: usize,
    out: &mut TableLayout,
) {
    if heading_rows == 0 || index + 1 != heading_rows {
        return;
    }
    let Some(next) = table.rows.get(index + 1).and_then(|r| table.row_range(r)) else {
        return;
    };
    out.push(TableLine::Rule(width), next.start);
}

#[cfg(test)]
mod tests;
