//! The index's head: the first rows the library view showed, with what it takes to
//! draw them as the whole library would (how many works there are and match, the
//! columns' natural widths, each title's rank), kept in a small file beside the
//! index. A start draws its first screen from these few kilobytes, however large
//! the library, while the whole index loads behind it.
//!
//! The head is a hint, never the truth: the index and then the files replace it
//! moments later. A head that cannot be read, or was written by another build or
//! with other settings (another [`super::cache::stamp`]), is ignored; one older than
//! the index only shows the rows as they were a moment longer.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::table::TitleRank;
use super::{Story, Work};
use crate::atomic_file;

/// Rows kept: more than any terminal shows, so a taller window or a selection a
/// screen down still starts from the head.
pub const ROWS: usize = 200;

/// A head larger than this is not a head this build wrote (`ROWS` stories of a few
/// kilobytes each); it is not read.
const MAX_BYTES: u64 = 16 << 20;

/// What the library view showed, as of when the head was written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    /// The query in force (saved shelf and filter) and the sort's label: the hints
    /// below hold for the head's rows only while these are unchanged.
    pub query: String,
    pub sort: String,
    /// Works in the library, and works matching the query.
    pub total: usize,
    pub shown: usize,
    /// Each column's natural width over every match.
    pub widths: Vec<usize>,
}

/// One row of the head: a work and its title's rank among every match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub story: Story,
    /// Every file of the work when there are several (see [`Work::files`]).
    pub files: Vec<FilePath>,
    pub rank: TitleRank,
    /// Where the rest of the story's metadata is ([`Story::rest`]).
    pub rest: super::Rest,
}

/// A path kept losslessly (bytes on Unix).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilePath(#[serde(with = "crate::paths::lossless::bytes")] pub PathBuf);

/// The head of an index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// The index stamp ([`super::cache::stamp`]) it belongs to.
    stamp: String,
    pub view: View,
    /// The first rows shown, in display order.
    pub rows: Vec<Row>,
}

impl Head {
    /// A head for the index stamped `stamp`.
    pub fn new(stamp: String, view: View, rows: Vec<Row>) -> Self {
        Self { stamp, view, rows }
    }

    /// The head file of the index at `index`.
    pub fn path_for(index: &Path) -> PathBuf {
        index.with_extension("head")
    }

    /// Reads the head at `path`, if there is one written under `stamp`.
    pub fn load(path: &Path, stamp: &str) -> Option<Self> {
        let file = std::fs::File::open(path).ok()?;
        if file.metadata().ok()?.len() > MAX_BYTES {
            return None;
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut &file, &mut bytes).ok()?;
        postcard::from_bytes::<Self>(&bytes)
            .ok()
            .filter(|head| head.stamp == stamp)
    }

    /// Writes the head to `path` (atomically).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let bytes = postcard::to_stdvec(self).map_err(std::io::Error::other)?;
        atomic_file::write(path, &bytes)
    }

    /// Gives each row whose metadata is partly in the index at `index` (made with
    /// `settings`) its whole metadata, as the index holds it: a library row keeps
    /// only part of it, and the next start builds its first rows from the head
    /// as the index's rows are built. A row the index no longer holds stays as it is.
    pub fn make_whole(&mut self, index: &Path, settings: &str) {
        for row in &mut self.rows {
            row.story.rest = row.rest;
        }
        let stories: Vec<_> = self.rows.iter().map(|row| &row.story).collect();
        let wholes = super::cache::left_out_metas(index, settings, &stories);
        for (row, whole) in self.rows.iter_mut().zip(wholes) {
            if let Some(whole) = whole {
                row.story.meta = whole;
            }
        }
    }

    /// The rows as works, in display order, with their ranks.
    pub fn into_works(self) -> (View, Vec<(Work, TitleRank)>) {
        let works = self
            .rows
            .into_iter()
            .map(|row| {
                let mut story = row.story;
                story.rest = row.rest;
                let work = Work {
                    story,
                    files: row.files.into_iter().map(|f| f.0).collect(),
                };
                (work, row.rank)
            })
            .collect();
        (self.view, works)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::FormatKind;
    use crate::meta::StoryMeta;

    fn row(title: &str) -> Row {
        Row {
            story: Story {
                path: PathBuf::from(format!("/lib/{title}.txt")),
                format: FormatKind::Text,
                size: 10,
                modified: 20,
                meta: Box::new(StoryMeta {
                    title: title.to_owned(),
                    ..StoryMeta::default()
                }),
                key: format!("m:{title}"),
                source: None,
                rest: crate::library::Rest::Here,
            },
            files: vec![FilePath(PathBuf::from(format!("/lib/{title}.txt")))],
            rank: TitleRank {
                shared: 2,
                twin: false,
            },
            rest: crate::library::Rest::Here,
        }
    }

    #[test]
    fn a_head_reads_back_only_under_its_own_stamp() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = Head::path_for(&dir.path().join("index-1.bin"));
        assert_eq!(path, dir.path().join("index-1.head"));
        let view = View {
            query: "fandom:sv".to_owned(),
            sort: "title".to_owned(),
            total: 10_000,
            shown: 2_000,
            widths: vec![30, 12, 8],
        };
        let head = Head::new("9:a".to_owned(), view, vec![row("Alpha"), row("Beta")]);
        head.save(&path).expect("saves");
        assert_eq!(Head::load(&path, "9:a"), Some(head.clone()));
        assert_eq!(Head::load(&path, "9:b"), None, "another build or settings");
        let (view, works) = head.into_works();
        assert_eq!(view.total, 10_000);
        let titles: Vec<&str> = works
            .iter()
            .map(|(w, _)| w.story.meta.title.as_str())
            .collect();
        assert_eq!(titles, ["Alpha", "Beta"]);
        assert_eq!(works[0].0.files, [PathBuf::from("/lib/Alpha.txt")]);
    }

    #[test]
    fn a_damaged_or_missing_head_is_no_head() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("index.head");
        assert_eq!(Head::load(&path, ""), None);
        std::fs::write(&path, b"\xff\xff\xff not postcard").expect("write");
        assert_eq!(Head::load(&path, ""), None);
    }
}
