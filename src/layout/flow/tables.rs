//! Table blocks in the row stream: laid out whole at the flow's width and cached
//! like wrapped text.

use std::sync::Arc;

use super::Flow;
use crate::document::Block;
use crate::layout::row::Row;
use crate::layout::table::{self, TableLayout, TableLine};

impl Flow {
    /// The layout of a table block; `None` for any other block.
    pub(super) fn table(&mut self, chapter: usize, block: usize) -> Option<Arc<TableLayout>> {
        if let Some(laid) = self.tables.get(&(chapter, block)) {
            return Some(Arc::clone(laid));
        }
        let Some(Block::Table(source)) = self.blocks_of(chapter).get(block) else {
            return None;
        };
        let laid = Arc::new(table::layout(source, self.width));
        self.tables.insert((chapter, block), Arc::clone(&laid));
        Some(laid)
    }

    /// Line `index` of a table block as a row (a blank row past its end).
    pub(super) fn table_row(&mut self, chapter: usize, block: usize, index: usize) -> Row {
        let Some(laid) = self.table(chapter, block) else {
            return Row::Blank;
        };
        match laid.lines.get(index) {
            Some(TableLine::Cells(cells)) => Row::TableLine {
                chapter,
                block,
                cells: Arc::clone(cells),
            },
            Some(TableLine::Rule(width)) => Row::TableRule {
                chapter,
                block,
                width: *width,
            },
            None => Row::Blank,
        }
    }
}
