//! A library entry: a story, the reader's state of it, and its table cells. The
//! cells (and their widths) are computed once per entry, so drawing rows and
//! sizing columns never re-derive text from the metadata.

use crate::library::query::MatchKeys;
use crate::library::table::{self, Column};
use crate::library::{Reading, Story};
use crate::meta::Aliases;

/// The library table's columns.
pub const COLUMNS: &[Column] = table::LIBRARY_COLUMNS;

/// A story in the library with the reader's state of it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub story: Story,
    pub reading: Reading,
    /// Unix ms when the story was last opened.
    pub last_opened: Option<u64>,
    /// Cell texts for [`COLUMNS`], computed once.
    cells: Vec<String>,
    /// Display widths of `cells`.
    pub(super) widths: Vec<usize>,
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
            cells: Vec::new(),
            widths: Vec::new(),
            files: Vec::new(),
            keys: MatchKeys::default(),
        };
        entry.keys = MatchKeys::new(&entry.story.meta);
        entry.cells = COLUMNS
            .iter()
            .map(|c| entry.cell_text(*c, aliases))
            .collect();
        entry.widths = entry
            .cells
            .iter()
            .map(|c| crate::display::width(c))
            .collect();
        entry
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
            let text = table::progress_cell(&self.reading);
            if let Some(width) = self.widths.get_mut(i) {
                *width = crate::display::width(&text);
            }
            if let Some(cell) = self.cells.get_mut(i) {
                *cell = text;
            }
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
        self.cells.get(index).map_or("", String::as_str)
    }
}
