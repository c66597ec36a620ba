//! A library entry: a story, the reader's state of it, and its table cells. The
//! cells (and their widths) are computed once per entry, so drawing rows and
//! sizing columns never re-derive text from the metadata.

use super::row::Row;
use crate::library::query::MatchKeys;
use crate::library::table::{self, Column};
use crate::library::{Chapters, Reading, Rest, Story, Work};
use crate::meta::{Aliases, StoryMeta};

/// The library table's columns.
pub const COLUMNS: &[Column] = table::LIBRARY_COLUMNS;

/// How many columns there are: each entry keeps its cells in arrays this long.
const N: usize = COLUMNS.len();

/// A story in the library with the reader's state of it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The story, with what its row keeps of its metadata ([`Prepared`], which
    /// reads as its [`Row`]).
    pub story: Story<Box<Prepared>>,
    pub reading: Reading,
    /// Unix ms when the story was last opened.
    pub last_opened: Option<u64>,
    /// Every file of the work, [`Entry::story`]'s first; empty when only that one.
    pub files: Vec<std::path::PathBuf>,
}

/// What an entry makes of a story's whole metadata: its row, what the filter
/// compares (folded once), and its table cells. Made as the index is read, so no
/// story's whole metadata waits there for the rest of the library's (at 30,000
/// stories they were the peak of a start); boxed, so the list of the index's
/// works, then of entries, is a short one, and the entries keep the box they
/// were read into.
#[derive(Debug, Clone)]
pub struct Prepared {
    row: Row,
    keys: MatchKeys,
    /// Cell texts for [`COLUMNS`], computed once, one after another in one
    /// allocation: a library of 30,000 rows held nine strings each.
    cells: Box<str>,
    /// Where each cell ends in `cells`.
    ends: [u32; N],
    /// Display widths of the cells, at most `u16::MAX` (wider than any terminal).
    widths: [u16; N],
}

impl std::ops::Deref for Prepared {
    type Target = Row;

    fn deref(&self) -> &Row {
        &self.row
    }
}

impl Prepared {
    /// What the row of a story with metadata `meta` (the rest of it at `rest`),
    /// read this far, keeps; `aliases` shorten fandom names for the table.
    fn new(meta: Box<StoryMeta>, rest: Rest, reading: &Reading, aliases: &Aliases) -> Box<Self> {
        let keys = MatchKeys::new(&meta);
        let cells: [String; N] = std::array::from_fn(|i| {
            COLUMNS
                .get(i)
                .map_or_else(String::new, |c| cell_text(*c, &meta, reading, aliases))
        });
        let (cells, ends, widths) = pack(&cells);
        Box::new(Self {
            row: Row::new(meta, rest),
            keys,
            cells,
            ends,
            widths,
        })
    }
}

impl Chapters for Box<Prepared> {
    fn chapters(&self) -> usize {
        self.row.chapters
    }
}

impl Entry {
    /// An entry; `aliases` shorten fandom names for the table.
    pub fn new(
        story: Story,
        reading: Reading,
        last_opened: Option<u64>,
        aliases: &Aliases,
    ) -> Self {
        let rest = story.rest;
        Self {
            story: story.map_meta(|meta| Prepared::new(meta, rest, &reading, aliases)),
            reading,
            last_opened,
            files: Vec::new(),
        }
    }

    /// What the entry of `story` keeps of its metadata, before the reader's state
    /// of it ([`Entry::prepared`] makes the entry).
    pub fn prepare(story: Story, aliases: &Aliases) -> Story<Box<Prepared>> {
        let rest = story.rest;
        story.map_meta(|meta| Prepared::new(meta, rest, &Reading::default(), aliases))
    }

    /// The entry of a work whose stories were [`Entry::prepare`]d, not yet
    /// matched with the reader's state (see [`Entry::set_reading`]): what a
    /// background scan makes, so the UI thread builds no cells. A work held in one
    /// file lists no files.
    pub fn prepared(work: Work<Box<Prepared>>) -> Self {
        let Work { story, files } = work;
        let files = if files.len() > 1 { files } else { Vec::new() };
        Self {
            story,
            reading: Reading::default(),
            last_opened: None,
            files,
        }
    }

    /// [`Entry::prepared`] of a work of whole stories.
    pub fn unread(work: Work, aliases: &Aliases) -> Self {
        let Work { story, files } = work;
        Self::prepared(Work {
            story: Entry::prepare(story, aliases),
            files,
        })
    }

    /// What the row keeps of the story's metadata.
    pub fn row(&self) -> &Row {
        &self.story.meta.row
    }

    /// What the filter compares.
    pub fn keys(&self) -> &MatchKeys {
        &self.story.meta.keys
    }

    /// The keys, to change in tests.
    #[cfg(test)]
    pub(super) fn keys_mut(&mut self) -> &mut MatchKeys {
        &mut self.story.meta.keys
    }

    /// The display widths of the cells.
    pub(super) fn widths(&self) -> &[u16; N] {
        &self.story.meta.widths
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
            let prepared = &mut *self.story.meta;
            (prepared.cells, prepared.ends, prepared.widths) = pack(&cells);
        }
    }

    /// The entry with every file of its work (copies in other formats or folders).
    #[must_use]
    pub fn with_files(mut self, files: Vec<std::path::PathBuf>) -> Self {
        self.files = files;
        self
    }

    /// The story as the index keeps it: its metadata whole when the row holds it,
    /// else as far as the row knows it ([`Row::to_meta`]).
    pub fn to_story(&self) -> Story {
        self.story
            .clone()
            .map_meta(|prepared| prepared.row.to_meta())
    }

    /// The cell for a column of [`COLUMNS`].
    pub fn cell(&self, index: usize) -> &str {
        let prepared = &self.story.meta;
        let Some(&end) = prepared.ends.get(index) else {
            return "";
        };
        let start = index
            .checked_sub(1)
            .and_then(|i| prepared.ends.get(i))
            .copied()
            .unwrap_or(0);
        prepared
            .cells
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }
}

fn cell_text(column: Column, meta: &StoryMeta, reading: &Reading, aliases: &Aliases) -> String {
    if column != Column::Progress {
        return table::cell(column, meta, aliases);
    }
    table::progress_cell(reading)
}

/// `cells` (one per column) one after another, with where each ends and its width.
fn pack(cells: &[String; N]) -> (Box<str>, [u32; N], [u16; N]) {
    let mut text = String::with_capacity(cells.iter().map(String::len).sum());
    let mut ends = [0; N];
    let mut widths = [0; N];
    for ((cell, end), width) in cells.iter().zip(&mut ends).zip(&mut widths) {
        text.push_str(cell);
        // A cell is one line of metadata: far below 4 GB.
        *end = u32::try_from(text.len()).unwrap_or(u32::MAX);
        *width = u16::try_from(crate::display::width(cell)).unwrap_or(u16::MAX);
    }
    (text.into_boxed_str(), ends, widths)
}
