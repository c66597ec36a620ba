//! The library: every story under the configured folders, with its metadata.
//!
//! [`scan`] walks the folders (recursively, in parallel, skipping hidden folders and
//! non-story files, never looping on symlinks), reuses cached metadata for files
//! whose size and modification time are unchanged, and parses the rest into a
//! [`Scan`]. A file that cannot be read or parsed becomes a [`Problem`] and never
//! stops the scan.
//! [`query`] filters the result with the AO3-like query language.

pub mod cache;
pub mod calibre;
pub mod facets;
pub mod head;
pub mod query;
pub mod table;
mod walk;
mod works;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::format::{self, FormatKind, ReadError};
use crate::meta::{self, Aliases, StoryMeta};

pub use cache::{Cache, Cached};
pub use query::{Query, Reading, series_order};
pub use works::{Chapters, Grouper, Work, works};

/// One story file and what is known about it: its metadata `M` is the whole
/// [`StoryMeta`], or what a library row keeps of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Story<M = Box<StoryMeta>> {
    #[serde(with = "crate::paths::lossless::bytes")]
    pub path: PathBuf,
    pub format: FormatKind,
    /// File size and modification time (ns since the epoch): the cache key.
    pub size: u64,
    pub modified: u128,
    /// From [`scan`], with [`StoryMeta::provenance`] only for guessed fields (see
    /// [`index_path`] for all of it). Boxed: a story is moved and grouped by the
    /// tens of thousands.
    pub meta: M,
    /// The reading-state key ([`crate::store::story_key`]), computed while the
    /// document is at hand so the library never parses a story to find its state.
    pub key: String,
    /// For a file of a calibre book, the book's [`calibre::Book::stamp`]: its cached
    /// metadata is valid only while calibre has not changed the book.
    pub source: Option<String>,
    /// Where the fields [`Story::leave_out`] took from `meta` are: nowhere when it
    /// is whole. Not in the index's records (it says where one is); the head
    /// keeps it beside the story ([`head::Row::rest`]).
    #[serde(skip)]
    pub rest: Rest,
}

/// Where a story's whole metadata is, when its [`Story::meta`] holds only what the
/// library's rows need ([`Story::leave_out`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rest {
    /// `meta` is whole.
    #[default]
    Here,
    /// In the index's record at `at` (`len` bytes), which is this story's while it
    /// names the file by `path` ([`cache`]'s path hash) with the story's size and
    /// modification time: a rewritten index may hold another record there.
    Index { at: u64, len: u32, path: u64 },
}

impl Story {
    /// Leaves out of `meta` what the library reads only for one story at a time
    /// (the archive's address, the language, where fields came from), recording
    /// that the rest is at `rest`. The summary stays for the library to fold it
    /// for matching; its rows keep none of it.
    pub fn leave_out(&mut self, rest: Rest) {
        let meta = &mut *self.meta;
        meta.subtitle = None;
        meta.site = None;
        meta.url = None;
        meta.work = None;
        meta.language = None;
        meta.provenance = meta::Provenance::default();
        self.rest = rest;
    }
}

impl<M> Story<M> {
    /// The story with its metadata as `meta` makes it of this story's.
    pub fn map_meta<N>(self, meta: impl FnOnce(M) -> N) -> Story<N> {
        Story {
            path: self.path,
            format: self.format,
            size: self.size,
            modified: self.modified,
            meta: meta(self.meta),
            key: self.key,
            source: self.source,
            rest: self.rest,
        }
    }
}

/// A file that could not be indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    #[serde(with = "crate::paths::lossless::bytes")]
    pub path: PathBuf,
    pub cause: ProblemCause,
}

impl Problem {
    /// The one-line message for the user, naming the file
    /// (`a.epub: not an EPUB (not a zip file)`); the same text as the [`ReadError`]
    /// it came from.
    pub fn message(&self) -> String {
        format!("{}: {}", crate::display::path(&self.path), self.cause)
    }

    fn unreadable(path: &Path, error: &std::io::Error) -> Self {
        Self {
            path: path.to_owned(),
            cause: ProblemCause::Unreadable {
                kind: error.kind(),
                reason: error.to_string(),
            },
        }
    }
}

impl From<&ReadError> for Problem {
    fn from(error: &ReadError) -> Self {
        let cause = match error {
            ReadError::Io { source, .. } => ProblemCause::Unreadable {
                kind: source.kind(),
                reason: source.to_string(),
            },
            ReadError::NotAStory { .. } => ProblemCause::NotAStory,
            ReadError::TooLarge { size, .. } => ProblemCause::TooLarge { size: *size },
            ReadError::NotRegular { kind, .. } => ProblemCause::NotRegular {
                kind: (*kind).to_owned(),
            },
            ReadError::Malformed { source, .. } => ProblemCause::Malformed {
                reason: source.to_string(),
            },
        };
        Self {
            path: error.path().to_owned(),
            cause,
        }
    }
}

/// Why a file could not be indexed: a [`ReadError`] (or a walk error) as plain data.
/// Problems are kept in the index cache between runs, and the `io`, zip and XML
/// errors a `ReadError` wraps can be neither cloned nor stored, so this keeps their
/// kind and message. The message does not name the file ([`Problem::message`] does).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Error)]
pub enum ProblemCause {
    /// The file, its metadata or a folder above it could not be read.
    #[error("cannot read: {reason}")]
    Unreadable {
        #[serde(with = "io_kind")]
        kind: std::io::ErrorKind,
        reason: String,
    },
    #[error("not a story file (expected .txt, .html, .htm or .epub)")]
    NotAStory,
    /// Bigger than [`format::MAX_FILE_BYTES`].
    #[error("too large ({size} bytes; the limit is {limit})", limit = format::MAX_FILE_BYTES)]
    TooLarge { size: u64 },
    /// A FIFO, a device or a folder where a story was expected.
    #[error("not a regular file ({kind})")]
    NotRegular { kind: String },
    /// Read, but its format's reader refused it: the [`format::ParseError`] message.
    #[error("{reason}")]
    Malformed { reason: String },
    /// A calibre library's database could not be read; says what was done instead.
    #[error("{reason}")]
    Calibre { reason: String },
}

/// `io::ErrorKind` by name, since it has no serde support. A name not listed here
/// (a kind added by a later Rust) reads back as `Other`; the message is kept anyway.
mod io_kind {
    use std::io::ErrorKind;

    use serde::{Deserialize, Deserializer, Serializer};

    const KINDS: &[ErrorKind] = &[
        ErrorKind::NotFound,
        ErrorKind::PermissionDenied,
        ErrorKind::IsADirectory,
        ErrorKind::NotADirectory,
        ErrorKind::InvalidFilename,
        ErrorKind::InvalidInput,
        ErrorKind::InvalidData,
        ErrorKind::UnexpectedEof,
        ErrorKind::Interrupted,
        ErrorKind::TimedOut,
        ErrorKind::WouldBlock,
        ErrorKind::ResourceBusy,
        ErrorKind::StaleNetworkFileHandle,
        ErrorKind::FileTooLarge,
        ErrorKind::OutOfMemory,
        ErrorKind::Unsupported,
        ErrorKind::Other,
    ];

    #[allow(clippy::trivially_copy_pass_by_ref)] // the signature `serde(with)` calls
    pub fn serialize<S: Serializer>(kind: &ErrorKind, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{kind:?}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<ErrorKind, D::Error> {
        let name = String::deserialize(deserializer)?;
        Ok(KINDS
            .iter()
            .copied()
            .find(|kind| format!("{kind:?}") == name)
            .unwrap_or(ErrorKind::Other))
    }
}

/// The result of a scan: what was found under the library folders.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Stories sorted by path.
    pub stories: Vec<Story>,
    /// Files that could not be indexed, sorted by path.
    pub problems: Vec<Problem>,
    /// How many stories were parsed (not served from the cache) in this scan.
    pub parsed: usize,
}

/// A story file found by the walk or listed by a calibre library, before parsing.
struct Candidate {
    path: PathBuf,
    format: FormatKind,
    size: u64,
    modified: u128,
    /// The calibre book the file belongs to.
    book: Option<Arc<calibre::Book>>,
}

/// Scans `roots`, reusing and updating `cache` when given.
pub fn scan(roots: &[PathBuf], aliases: &Aliases, cache: Option<&mut Cache>) -> Scan {
    scan_with_progress(
        roots,
        aliases,
        &calibre::ColumnMap::default(),
        cache,
        &|_, _| {},
    )
}

/// [`scan`], reading calibre custom columns by `columns`, and calling
/// `progress(parsed, to_parse)` (from any thread) after each file that had to be
/// parsed, so a first scan of a large library can show how far it is.
pub fn scan_with_progress(
    roots: &[PathBuf],
    aliases: &Aliases,
    columns: &calibre::ColumnMap,
    cache: Option<&mut Cache>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Scan {
    let mut cache = cache;
    if let Some(cache) = cache.as_deref_mut() {
        cache.set_roots(roots);
    }
    let found = walk::walk(roots, true);
    let (mut candidates, mut problems) = (found.candidates, found.problems);
    for library in &found.calibre {
        read_calibre(
            library,
            columns,
            cache.as_deref_mut(),
            &mut candidates,
            &mut problems,
        );
    }
    let mut stories = Vec::with_capacity(candidates.len());
    let mut to_parse = Vec::new();
    for candidate in candidates {
        let source = candidate.book.as_ref().map(|b| b.stamp());
        let hit = cache.as_deref_mut().and_then(|c| {
            c.take(
                &candidate.path,
                candidate.size,
                candidate.modified,
                source.as_deref(),
            )
        });
        match hit {
            Some(Ok(story)) => stories.push(story),
            Some(Err(problem)) => problems.push(problem),
            None => to_parse.push(candidate),
        }
    }
    let done = std::sync::atomic::AtomicUsize::new(0);
    let parsed: Vec<(&Candidate, Result<Story, Problem>)> = to_parse
        .par_iter()
        .map(|c| {
            let mut result = index_file(c, aliases);
            let parsed = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(parsed, to_parse.len());
            // Where each field came from is a third of a story's index entry and is
            // only shown for one story at a time (`ficread info`, the details popup),
            // which re-read the file: a large library loads faster without it. Only
            // the marks the title page needs to leave guesses out stay.
            if let Ok(story) = &mut result {
                story
                    .meta
                    .provenance
                    .retain(|_, source| crate::title_page::not_stated(source));
            }
            (c, result)
        })
        .collect();
    let parsed_count = parsed.len();
    for (candidate, result) in parsed {
        if let Some(cache) = cache.as_deref_mut() {
            cache.insert(candidate.size, candidate.modified, &result);
        }
        match result {
            Ok(story) => stories.push(story),
            Err(problem) => problems.push(problem),
        }
    }
    stories.sort_by(|a, b| a.path.cmp(&b.path));
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    one_key_per_book(&mut stories);
    if let Some(cache) = cache {
        cache.finish(&problems);
    }
    Scan {
        stories,
        problems,
        parsed: parsed_count,
    }
}

/// Parses one story file into its index entry.
pub fn index_path(path: &Path, aliases: &Aliases) -> Result<Story, Problem> {
    let stat = std::fs::metadata(path).map_err(|e| Problem::unreadable(path, &e))?;
    let format = FormatKind::from_path(path).ok_or_else(|| Problem {
        path: path.to_owned(),
        cause: ProblemCause::NotAStory,
    })?;
    index_file(
        &Candidate {
            path: path.to_owned(),
            format,
            size: stat.len(),
            modified: modified_ns(&stat),
            book: None,
        },
        aliases,
    )
}

fn index_file(candidate: &Candidate, aliases: &Aliases) -> Result<Story, Problem> {
    let mut doc = format::read_file(&candidate.path).map_err(|e| Problem::from(&e))?;
    if let Some(book) = &candidate.book {
        calibre::merge(book, &mut doc.raw, aliases);
    }
    let meta = meta::extract_with_fallback(&doc, aliases, &title_from_file_name(&candidate.path));
    Ok(Story {
        path: candidate.path.clone(),
        format: candidate.format,
        size: candidate.size,
        modified: candidate.modified,
        key: crate::store::story_key(&doc, &meta),
        meta: Box::new(meta),
        source: candidate.book.as_ref().map(|b| b.stamp()),
        rest: Rest::Here,
    })
}

/// Lists the files of the calibre library at `library` as candidates, with their
/// books. The book list comes from the cache while the database is unchanged;
/// a database that cannot be read is a problem, and then the last list read is
/// used, or, without one, the library's files are scanned like any folder.
fn read_calibre(
    library: &Path,
    columns: &calibre::ColumnMap,
    mut cache: Option<&mut Cache>,
    candidates: &mut Vec<Candidate>,
    problems: &mut Vec<Problem>,
) {
    let stamp = calibre::database_stamp(library).unwrap_or_default();
    let cached = cache.as_deref_mut().and_then(|c| c.calibre_books(library));
    let books = match cached {
        Some((cached_stamp, books)) if cached_stamp == stamp => books,
        cached => match calibre::read(library, columns) {
            Ok(books) => {
                if let Some(cache) = cache {
                    cache.set_calibre_books(library, &stamp, &books);
                }
                books
            }
            Err(reason) => {
                let database = library.join(calibre::DATABASE);
                let (books, instead) = match cached {
                    Some((_, books)) => (books, "the books as last read are listed"),
                    None => (Vec::new(), "its files are scanned instead"),
                };
                problems.push(Problem {
                    path: database,
                    cause: ProblemCause::Calibre {
                        reason: format!("{reason}; {instead}"),
                    },
                });
                if books.is_empty() {
                    let found = walk::walk(&[library.to_owned()], false);
                    candidates.extend(found.candidates);
                    problems.extend(found.problems);
                    return;
                }
                books
            }
        },
    };
    for book in books {
        let book = Arc::new(book);
        if let Some(problem) = unreadable_formats_only(library, &book) {
            problems.push(problem);
        }
        for file in &book.files {
            let path = library.join(file);
            let Some(format) = FormatKind::from_path(&path) else {
                // MOBI, AZW3, PDF…: formats ficread does not read.
                continue;
            };
            match std::fs::metadata(&path) {
                Ok(stat) => candidates.push(Candidate {
                    path,
                    format,
                    size: stat.len(),
                    modified: modified_ns(&stat),
                    book: Some(Arc::clone(&book)),
                }),
                Err(e) => problems.push(Problem::unreadable(&path, &e)),
            }
        }
    }
}

/// A problem for a calibre book held only in formats ficread does not read (MOBI,
/// AZW3, PDF…), so it is reported rather than missing from the library unexplained.
fn unreadable_formats_only(library: &Path, book: &calibre::Book) -> Option<Problem> {
    let first = book.files.first()?;
    if book
        .files
        .iter()
        .any(|f| FormatKind::from_path(f).is_some())
    {
        return None;
    }
    let formats: Vec<String> = book
        .files
        .iter()
        .filter_map(|f| f.extension())
        .map(|e| e.to_string_lossy().to_uppercase())
        .collect();
    Some(Problem {
        path: library.join(first),
        cause: ProblemCause::Calibre {
            reason: format!(
                "calibre holds this book only as {}, which ficread does not read \
                 (convert it to EPUB in calibre)",
                formats.join(", ")
            ),
        },
    })
}

/// Every format of one calibre book is one work: they get the key of the file that
/// names the work on its archive (else the first), whatever else each file says.
fn one_key_per_book(stories: &mut [Story]) {
    let mut keys: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for story in stories.iter() {
        if let Some(source) = &story.source {
            let entry = keys
                .entry(source.clone())
                .or_insert_with(|| story.key.clone());
            if story.meta.work.is_some() && !entry.starts_with("w:") {
                entry.clone_from(&story.key);
            }
        }
    }
    for story in stories.iter_mut() {
        if let Some(key) = story.source.as_ref().and_then(|s| keys.get(s)) {
            story.key.clone_from(key);
        }
    }
}

/// A readable title from a file name, for stories that state none: `the_long-way_home.txt` → `the long way home`.
pub fn title_from_file_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    stem.replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn modified_ns(stat: &std::fs::Metadata) -> u128 {
    stat.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn a_problem_says_what_the_read_error_says() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        fs::write(root.join("broken.epub"), "not a zip").expect("write");
        fs::write(root.join("notes.md"), "x").expect("write");
        for name in ["broken.epub", "notes.md", "missing.txt"] {
            let path = root.join(name);
            let error = format::read_file(&path).expect_err(name);
            let problem = index_path(&path, &Aliases::builtin()).expect_err(name);
            assert_eq!(problem, Problem::from(&error), "{name}");
            assert_eq!(problem.message(), error.to_string(), "{name}");
        }
        let too_large = format::ReadError::TooLarge {
            path: PathBuf::from("big.txt"),
            size: format::MAX_FILE_BYTES + 1,
        };
        assert_eq!(Problem::from(&too_large).message(), too_large.to_string());
        let missing = index_path(&root.join("missing.txt"), &Aliases::builtin());
        assert!(
            matches!(
                missing.map_err(|p| p.cause),
                Err(ProblemCause::Unreadable {
                    kind: std::io::ErrorKind::NotFound,
                    ..
                })
            ),
            "the io error's kind is kept"
        );
    }

    #[test]
    fn a_problem_cause_survives_the_cache_format() {
        for kind in [
            std::io::ErrorKind::NotFound,
            std::io::ErrorKind::PermissionDenied,
            std::io::ErrorKind::Other,
        ] {
            let problem = Problem {
                path: PathBuf::from("a.txt"),
                cause: ProblemCause::Unreadable {
                    kind,
                    reason: "denied".to_owned(),
                },
            };
            let bytes = postcard::to_stdvec(&problem).expect("serialises");
            let back: Problem = postcard::from_bytes(&bytes).expect("deserialises");
            assert_eq!(back, problem);
        }
    }

    #[test]
    fn title_from_file_name_is_readable() {
        assert_eq!(
            title_from_file_name(Path::new("/x/the_long-way  home.txt")),
            "the long way home"
        );
    }
}
