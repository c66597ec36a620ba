//! A table in the story text: chat logs, character sheets, stat blocks, letters set
//! out in a grid.
//!
//! All cell text lives in one [`RichText`], so search, emphasis and the pager's
//! (chapter, block, offset) anchor work on a table as on a paragraph, and an anchor
//! stays exact whatever width the table is laid out at. Cells are byte ranges of that
//! text, in reading order. Within a row, non-empty cells are joined by
//! [`CELL_SEPARATOR`], so one row is also one readable run of text (the layout's
//! fallback when the columns do not fit); rows are joined by a single space.
//!
//! Invariants (checked by [`Table::check`]): cell ranges lie on `char` boundaries
//! inside the text, in order and without overlaps; every row has at least one cell;
//! the table has at most [`MAX_CELLS`] cells, [`MAX_COLUMNS`] columns and
//! [`MAX_TEXT`] bytes of text.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::{Emphasis, RichText, Span};

/// What joins two non-empty cells of one row in [`Table::text`]. The space before
/// the dot does not break, so a row wrapped as text never starts a line with it.
pub const CELL_SEPARATOR: &str = "\u{a0}· ";

/// The most cells a table may hold; a larger grid is read as running text. Keeps
/// column measuring and drawing cheap whatever the file holds.
pub const MAX_CELLS: usize = 4096;

/// The most columns a table may have (counting spans).
pub const MAX_COLUMNS: usize = 24;

/// The most text a table may hold, in bytes. A table is laid out whole on every
/// width change, so this bounds a resize (under 3 ms here, see `benches/story_tables.rs`); a bigger grid is read as
/// running text.
pub const MAX_TEXT: usize = 24 * 1024;

/// A grid of cells whose text is one [`RichText`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// Every cell's text, row by row (see the module docs for the joins).
    pub text: RichText,
    pub rows: Vec<TableRow>,
}

/// One row of a [`Table`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRow {
    pub cells: Vec<Cell>,
    /// A heading row (`<thead>`, or only `<th>` cells): drawn bold, ruled off
    /// when it starts the table.
    pub header: bool,
}

/// One cell: a byte range of [`Table::text`] and the columns it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub range: Range<usize>,
    /// Columns covered (`colspan`), at least 1.
    pub span: usize,
}

impl Table {
    /// Number of columns: the widest row, counting spans.
    pub fn columns(&self) -> usize {
        self.rows
            .iter()
            .map(|row| row.cells.iter().map(|c| c.span).sum::<usize>())
            .max()
            .unwrap_or(0)
    }

    /// The text of one cell (empty for a cell that does not match the text).
    pub fn cell_text(&self, cell: &Cell) -> &str {
        self.text.text.get(cell.range.clone()).unwrap_or_default()
    }

    /// Words in the cells, separators not counted.
    pub fn words(&self) -> usize {
        self.rows
            .iter()
            .flat_map(|row| &row.cells)
            .map(|cell| super::words::count_words(self.cell_text(cell)))
            .sum()
    }

    /// The bytes of one row's text, from its first cell to its last (separators
    /// included), or `None` for a row without text.
    pub fn row_range(&self, row: &TableRow) -> Option<Range<usize>> {
        let mut filled = row.cells.iter().filter(|c| !c.range.is_empty());
        let first = filled.next()?;
        let last = filled.next_back().unwrap_or(first);
        Some(first.range.start..last.range.end)
    }

    /// Whether the table keeps the invariants in the module docs.
    pub fn check(&self) -> bool {
        let text = &self.text.text;
        let mut at = 0;
        let mut cells = 0;
        for row in &self.rows {
            if row.cells.is_empty() {
                return false;
            }
            for cell in &row.cells {
                cells += 1;
                let Range { start, end } = cell.range;
                if start < at
                    || end < start
                    || end > text.len()
                    || !text.is_char_boundary(start)
                    || !text.is_char_boundary(end)
                    || cell.span == 0
                {
                    return false;
                }
                at = end;
            }
        }
        cells <= MAX_CELLS && self.columns() <= MAX_COLUMNS && text.len() <= MAX_TEXT
    }

    /// One cell's text with its emphasis, as a paragraph of its own (for a table
    /// read as running text).
    pub fn cell_rich_text(&self, cell: &Cell) -> RichText {
        let Range { start, end } = cell.range;
        RichText {
            text: self.cell_text(cell).into(),
            spans: self
                .text
                .spans
                .iter()
                .filter_map(|s| {
                    let (from, to) = (s.range.start.max(start), s.range.end.min(end));
                    (from < to).then(|| Span {
                        range: from - start..to - start,
                        emphasis: s.emphasis,
                    })
                })
                .collect(),
            // Markers are not read inside tables (see `format::html::flow`).
            notes: Vec::new(),
        }
    }
}

/// Builds a [`Table`] cell by cell. Cells arrive as finished [`RichText`]s (trimmed,
/// cleaned); the builder joins them and bolds heading cells.
#[derive(Debug, Default)]
pub struct TableBuilder {
    table: Table,
    /// The current row's cells have been started with [`TableBuilder::row`].
    in_row: bool,
    /// Every cell with text in the current row so far is a heading cell.
    all_headings: bool,
}

impl TableBuilder {
    /// Starts a row; `header` marks a heading row (so does a row whose cells with
    /// text are all heading cells).
    pub fn row(&mut self, header: bool) {
        self.close_row();
        self.table.rows.push(TableRow {
            cells: Vec::new(),
            header,
        });
        self.in_row = true;
        self.all_headings = true;
    }

    fn close_row(&mut self) {
        if self.in_row
            && let Some(last) = self.table.rows.last_mut()
        {
            if last.cells.is_empty() {
                self.table.rows.pop();
            } else if self.all_headings && last.cells.iter().any(|c| !c.range.is_empty()) {
                last.header = true;
            }
        }
        self.in_row = false;
    }

    /// Adds a cell to the current row (starting a row if none is open). A heading
    /// cell's text is bold. `span` is clamped to 1..=[`MAX_COLUMNS`].
    pub fn cell(&mut self, content: RichText, span: usize, heading: bool) {
        if !self.in_row {
            self.row(false);
        }
        let text = &mut self.table.text;
        let row_has_text = self
            .table
            .rows
            .last()
            .is_some_and(|r| r.cells.iter().any(|c| !c.range.is_empty()));
        if !content.text.is_empty() {
            self.all_headings &= heading;
            if row_has_text {
                text.text.push_str(CELL_SEPARATOR);
            } else if !text.text.is_empty() {
                text.text.push(' ');
            }
        }
        let start = text.text.len();
        text.text.push_str(&content.text);
        let end = text.text.len();
        text.spans.extend(content.spans.into_iter().map(|s| Span {
            range: s.range.start + start..s.range.end + start,
            emphasis: s.emphasis,
        }));
        if heading && start < end {
            text.spans.push(Span {
                range: start..end,
                emphasis: Emphasis::Bold,
            });
        }
        if let Some(row) = self.table.rows.last_mut() {
            row.cells.push(Cell {
                range: start..end,
                span: span.clamp(1, MAX_COLUMNS),
            });
        }
    }

    /// The table, or `None` when it has no text at all. Rows without text are
    /// dropped; spans are sorted by start, as a paragraph's are.
    pub fn finish(mut self) -> Option<Table> {
        self.close_row();
        let mut table = self.table;
        table
            .rows
            .retain(|row| row.cells.iter().any(|c| !c.range.is_empty()));
        if table.rows.is_empty() {
            return None;
        }
        table.text.spans.sort_by_key(|s| s.range.start);
        Some(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(rows: &[(bool, &[&str])]) -> Table {
        let mut b = TableBuilder::default();
        for (header, cells) in rows {
            b.row(*header);
            for cell in *cells {
                b.cell(RichText::plain(*cell), 1, *header);
            }
        }
        b.finish().expect("a table")
    }

    #[test]
    fn cells_share_one_text_joined_by_row() {
        let t = build(&[
            (true, &["Name", "Class"]),
            (false, &["Ash", ""]),
            (false, &["", ""]),
            (false, &["Wren", "Ranger"]),
        ]);
        assert_eq!(t.text.text, "Name\u{a0}· Class Ash Wren\u{a0}· Ranger");
        assert_eq!(t.rows.len(), 3, "the empty row is dropped");
        assert_eq!(t.cell_text(&t.rows[2].cells[1]), "Ranger");
        assert_eq!(t.row_range(&t.rows[1]), Some(15..18));
        assert_eq!(t.words(), 5, "separators are not words");
        assert_eq!(t.columns(), 2);
        assert!(t.check());
        let bold: Vec<&str> = t
            .text
            .spans
            .iter()
            .map(|s| &t.text.text[s.range.clone()])
            .collect();
        assert_eq!(bold, ["Name", "Class"]);
    }

    #[test]
    fn no_text_no_table() {
        let mut b = TableBuilder::default();
        b.row(false);
        b.cell(RichText::default(), 1, false);
        assert_eq!(b.finish(), None);
    }

    #[test]
    fn check_catches_bad_ranges() {
        let mut t = build(&[(false, &["é", "b"])]);
        assert!(t.check());
        t.rows[0].cells[0].range = 0..1;
        assert!(!t.check(), "inside a character");
        t.rows[0].cells[0].range = 7..8;
        assert!(!t.check(), "overlaps the next cell");
    }
}
