//! `<table>` → [`Table`]: which tables hold data, and reading one cell by cell while
//! the walker ([`super::flow`]) goes through it.
//!
//! Old sites lay whole pages out with tables (fanfiction.net's 2002 pages put the story
//! in a one-cell table, the menu in a one-row table), so only a table that looks like
//! data becomes a [`Table`]; any other is read as before, one paragraph per cell. A
//! data table has at least two rows and two columns, no cell
//! holding a page's worth of text, some text outside links (a grid of links is a
//! menu), at most [`MAX_CELLS`] cells, [`MAX_COLUMNS`] columns and [`MAX_TEXT`]
//! bytes of text (a larger one is read as before), no data table
//! nested in it (then it is the layout around that table), and is not marked
//! `role="presentation"`. Inside a data table, nested tables, paragraphs and line
//! breaks flatten into their cell's text as spaces.

use ego_tree::NodeRef;
use scraper::{ElementRef, Node};

use super::flow::Role;
use super::rich::RichBuilder;
use crate::document::table::{MAX_CELLS, MAX_COLUMNS, MAX_TEXT, TableBuilder};
use crate::document::{Emphasis, RichText, Table};

/// A cell with more text than this (in bytes) is a page laid out in a table.
const MAX_CELL_TEXT: usize = 2000;

/// Whether `table` (a `<table>` element) holds data rather than page layout; see the
/// module docs.
pub fn is_data_table(table: ElementRef<'_>) -> bool {
    let mut nested = Vec::new();
    own_level_is_data(table, &mut nested)
        && !nested
            .into_iter()
            .filter_map(ElementRef::wrap)
            .any(|inner| own_level_is_data(inner, &mut Vec::new()))
}

/// [`is_data_table`]'s checks on the table's own cells, not looking inside nested
/// tables (whose elements are collected in `nested`): each level is scanned by its
/// own table only, so tables nested a thousand deep cost one pass, not a thousand.
fn own_level_is_data<'a>(table: ElementRef<'a>, nested: &mut Vec<NodeRef<'a, Node>>) -> bool {
    if matches!(table.value().attr("role"), Some("presentation" | "none")) {
        return false;
    }
    let (mut rows, mut widest, mut cells, mut columns) = (0usize, 0usize, 0usize, 0usize);
    let (mut cell_text, mut links, mut unlinked) = (0usize, 0u32, false);
    let mut text_bytes = 0usize;
    // Depth-first with explicit open/close entries: never recursion.
    let mut stack: Vec<(NodeRef<'a, Node>, bool)> =
        table.children().rev().map(|n| (n, false)).collect();
    while let Some((node, closing)) = stack.pop() {
        let element = node.value().as_element();
        if closing {
            if element.is_some_and(|el| el.name() == "a") {
                links = links.saturating_sub(1);
            }
            continue;
        }
        match node.value() {
            Node::Element(el) => match el.name() {
                "table" => {
                    nested.push(node);
                    continue;
                }
                "tr" => {
                    rows += 1;
                    columns = 0;
                }
                "td" | "th" => {
                    cells += 1;
                    columns = columns.saturating_add(colspan(el));
                    widest = widest.max(columns);
                    cell_text = 0;
                    if cells > MAX_CELLS || widest > MAX_COLUMNS {
                        return false;
                    }
                }
                "a" => links += 1,
                _ => {}
            },
            Node::Text(text) => {
                let visible = text.trim();
                cell_text += visible.len();
                text_bytes += visible.len();
                if cell_text > MAX_CELL_TEXT || text_bytes > MAX_TEXT {
                    return false;
                }
                unlinked |= links == 0 && !visible.is_empty();
            }
            _ => {}
        }
        stack.push((node, true));
        stack.extend(node.children().rev().map(|n| (n, false)));
    }
    rows >= 2 && widest >= 2 && unlinked
}

/// The columns a `<td>`/`<th>` covers.
fn colspan(el: &scraper::node::Element) -> usize {
    el.attr("colspan")
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_COLUMNS)
}

/// What closing an element inside a data table must undo.
#[derive(Debug, Clone, Copy)]
pub enum TableUndo {
    Nothing,
    Emphasis(Emphasis),
    /// A block inside a cell: a space on each side.
    Space,
    Row,
    Cell,
    Head,
    Caption,
    Nested,
}

/// An open cell.
#[derive(Debug)]
struct OpenCell {
    text: RichBuilder,
    span: usize,
    heading: bool,
}

/// A data table being read.
#[derive(Debug, Default)]
pub struct TableReader {
    builder: TableBuilder,
    cell: Option<OpenCell>,
    caption: RichBuilder,
    in_caption: u32,
    in_head: u32,
    nested: u32,
    /// Emphasis open around the current cell's start, by [`Emphasis::index`], so a
    /// `<b>` wrapping a whole row bolds each of its cells.
    depths: [u32; Emphasis::ALL.len()],
}

impl TableReader {
    /// Enters an element of the table with the role the rules gave it; `None` drops
    /// its subtree.
    pub fn open(&mut self, el: ElementRef<'_>, role: &Role) -> Option<TableUndo> {
        let undo = match role {
            Role::Skip | Role::Chapter(_) => return None,
            Role::Transparent => TableUndo::Nothing,
            Role::Emphasis(e) => {
                self.emphasis(*e, true);
                TableUndo::Emphasis(*e)
            }
            Role::LineBreak | Role::Rule => {
                self.space();
                TableUndo::Nothing
            }
            _ if self.nested > 0 => {
                self.space();
                if el.value().name() == "table" {
                    self.nested += 1;
                    TableUndo::Nested
                } else {
                    TableUndo::Space
                }
            }
            _ => match el.value().name() {
                "table" => {
                    self.space();
                    self.nested += 1;
                    TableUndo::Nested
                }
                "tr" => {
                    self.close_cell();
                    self.builder.row(self.in_head > 0);
                    TableUndo::Row
                }
                "td" | "th" => {
                    self.close_cell();
                    let mut text = RichBuilder::default();
                    for e in Emphasis::ALL {
                        if self.depths[e.index()] > 0 {
                            text.emphasis(e, true);
                        }
                    }
                    self.cell = Some(OpenCell {
                        text,
                        span: colspan(el.value()),
                        heading: el.value().name() == "th" || self.in_head > 0,
                    });
                    TableUndo::Cell
                }
                "thead" => {
                    self.in_head += 1;
                    TableUndo::Head
                }
                "caption" => {
                    self.in_caption += 1;
                    TableUndo::Caption
                }
                _ => {
                    self.space();
                    TableUndo::Space
                }
            },
        };
        Some(undo)
    }

    /// Leaves an element opened with [`TableReader::open`].
    pub fn close(&mut self, undo: TableUndo) {
        match undo {
            TableUndo::Nothing => {}
            TableUndo::Emphasis(e) => self.emphasis(e, false),
            TableUndo::Space => self.space(),
            TableUndo::Row | TableUndo::Cell => self.close_cell(),
            TableUndo::Head => self.in_head = self.in_head.saturating_sub(1),
            TableUndo::Caption => {
                self.in_caption = self.in_caption.saturating_sub(1);
                self.caption.push_space();
            }
            TableUndo::Nested => {
                self.nested = self.nested.saturating_sub(1);
                self.space();
            }
        }
    }

    /// DOM text inside the table: the open cell's or the caption's; text between
    /// cells (only whitespace once the parser has moved stray text out) is dropped.
    pub fn text(&mut self, text: &str) {
        if self.in_caption > 0 {
            self.caption.push(text);
        } else if let Some(cell) = &mut self.cell {
            cell.text.push(text);
        }
    }

    /// The caption (if any has text) and the table (if any cell has text).
    pub fn finish(mut self) -> (Option<RichText>, Option<Table>) {
        self.close_cell();
        let caption = self.caption.take();
        let caption = (!caption.text.is_empty()).then_some(caption);
        (caption, self.builder.finish())
    }

    fn emphasis(&mut self, emphasis: Emphasis, enter: bool) {
        let depth = &mut self.depths[emphasis.index()];
        *depth = if enter {
            depth.saturating_add(1)
        } else {
            depth.saturating_sub(1)
        };
        if self.in_caption > 0 {
            self.caption.emphasis(emphasis, enter);
        }
        if let Some(cell) = &mut self.cell {
            cell.text.emphasis(emphasis, enter);
        }
    }

    fn space(&mut self) {
        if self.in_caption > 0 {
            self.caption.push_space();
        } else if let Some(cell) = &mut self.cell {
            cell.text.push_space();
        }
    }

    fn close_cell(&mut self) {
        if let Some(mut cell) = self.cell.take() {
            self.builder.cell(cell.text.take(), cell.span, cell.heading);
        }
    }
}

#[cfg(test)]
mod tests;
