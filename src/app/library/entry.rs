//! A library entry: a story, the reader's state of it, and its table cells. The
//! cells (and their widths) are computed once per entry, so drawing rows and
//! sizing columns never re-derive text from the metadata.

use crate::library::query::MatchKeys;
use crate::library::table::{self, Column};
use crate::library::{Reading, Story};
use crate::meta::Aliases;

/// The library table's columns.
pub const COLUMNS: &[Column] = table::LIBRARY_COLUMNS;

/// How many columns there are: each entry keeps its cells in arrays this long.
const N: usize = COLUMNS.len();

/// A story in the library with the reader's state of it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub story: Story,
    pub reading: Reading,
    /// Unix ms when the story was last opened.
    pub last_opened: Option<u64>,
    /// Cell texts for [`COLUMNS`], computed once, one after another in one
    /// allocation: a library of 30,000 rows held nine strings each.
    cells: Box<str>,
    /// Where each cell ends in `cells`.
    ends: [u32; N],
    /// Display widths of the cells, at most `u16::MAX` (wider than any terminal).
    pub(super) widths: [u16; N],
    /// Every file of the work, [`Entry::story`]'s first; empty when only that one.
    pub files: Vec<std::path::PathBuf>,
    /// What the filter compares, folded once.
    pub keys: MatchKeys,
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
            cells: Box::default(),
            ends: [0; N],
            widths: [0; N],
            files: Vec::new(),
            keys: MatchKeys::default(),
        };
        entry.keys = MatchKeys::new(&entry.story.meta);
        let cells: [String; N] = std::array::from_fn(|i| {
            COLUMNS
                .get(i)
                .map_or_else(String::new, |c| entry.cell_text(*c, aliases))
        });
        entry.set_cells(&cells);
        // Folded into the keys: the text as written is read back when shown.
        entry.story.leave_out_summary();
        entry
    }

    /// Keeps `cells` (one per column) and their widths.
    fn set_cells(&mut self, cells: &[String; N]) {
        let mut text = String::with_capacity(cells.iter().map(String::len).sum());
        for (i, cell) in cells.iter().enumerate() {
            text.push_str(cell);
            if let Some(end) = self.ends.get_mut(i) {
                // A cell is one line of metadata: far below 4 GB.
                *end = u32::try_from(text.len()).unwrap_or(u32::MAX);
            }
            if let Some(width) = self.widths.get_mut(i) {
                *width = u16::try_from(crate::display::width(cell)).unwrap_or(u16::MAX);
            }
        }
        self.cells = text.into_boxed_str();
    }

    fn cell_text(&self, column: Column, aliases: &Aliases) -> String {
        if column != Column::Progress {
            return table::cell(column, &self.story.meta, aliases);
        }
        table::progress_cell(&self.reading)
    }

    /// An entry for a work not yet matched with the reader's state (see
    /// [`Entry::set_reading`]): what a background scan prepares, so the UI thread
    /// builds no cells. A work held in one file lists no files.
    pub fn unread(work: crate::library::Work, aliases: &Aliases) -> Self {
        let crate::library::Work { story, files } = work;
        let files = if files.len() > 1 { files } else { Vec::new() };
        Self::new(story, Reading::default(), None, aliases).with_files(files)
    }

    /// Gives the entry the reader's state of it; only the progress cell follows.
    pub fn set_reading(&mut self, reading: Reading, last_opened: Option<u64>) {
        self.reading = reading;
        self.last_opened = last_opened;
        if let Some(i) = COLUMNS.iter().position(|c| *c == Column::Progress) {
            let mut cells: [String; N] = std::array::from_fn(|c| self.cell(c).to_owned());
            if let Some(cell) = cells.get_mut(i) {
                *cell = table::progress_cell(&self.reading);
            }
            self.set_cells(&cells);
        }
    }

    /// The entry with every file of its work (copies in other formats or folders).
    #[must_use]
    pub fn with_files(mut self, files: Vec<std::path::PathBuf>) -> Self {
        self.files = files;
        self
    }

    /// The cell for a column of [`COLUMNS`].
    pub fn cell(&self, index: usize) -> &str {
        let Some(&end) = self.ends.get(index) else {
            return "";
        };
        let start = index
            .checked_sub(1)
            .and_then(|i| self.ends.get(i))
            .copied()
            .unwrap_or(0);
        self.cells
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }
}
