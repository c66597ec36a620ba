//! The index cache: metadata of every scanned file, keyed by path, valid while the
//! file's size and modification time are unchanged. It lives in the cache dir and
//! can be deleted at any time; an unreadable or outdated cache is simply rebuilt.
//!
//! Paths are kept under the library folders' canonical paths ([`Cache::set_roots`]),
//! so however a folder is spelled (`lib`, `./lib`, absolute, through a symlink) the
//! same files find their entries; what the cache hands back is spelled as asked.

mod file;

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::calibre::Book;
use super::{Problem, Story};

/// Bump when `StoryMeta`, `Problem` or the extraction rules change, so old caches
/// are rebuilt.
// 7: paths as bytes, so a non-UTF-8 file name no longer makes the index unwritable.
// 8: calibre libraries (`Story::source`, the book lists).
// 9: provenance kept for fields guessed from names in the text (the title page
//    leaves them out).
// 10: one record per file (`cache/file.rs`).
// 11: records appended for changed files (`Entry::Gone`; a later record wins).
const INDEX_VERSION: u32 = 11;

/// One record of the index. A file's later record replaces its earlier one, so a
/// changed file is appended rather than the whole index rewritten.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum Entry {
    Story(Box<Story>),
    Problem {
        problem: Problem,
        size: u64,
        modified: u128,
    },
    /// The file is gone: its earlier record no longer counts.
    Gone {
        #[serde(with = "crate::paths::lossless::bytes")]
        path: PathBuf,
    },
}

impl Entry {
    fn key(&self) -> (&Path, u64, u128) {
        match self {
            Entry::Story(s) => (&s.path, s.size, s.modified),
            Entry::Problem {
                problem,
                size,
                modified,
            } => (&problem.path, *size, *modified),
            Entry::Gone { path } => (path, 0, 0),
        }
    }
}

/// Identifies the running executable (size and mtime), so a rebuilt or upgraded
/// ficread re-indexes once instead of trusting metadata an older parser produced.
/// Relying on a hand-bumped version alone would let stale results survive every
/// change someone forgot to bump for.
fn build_identity() -> String {
    std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}-{modified}", m.len())
        })
        .unwrap_or_default()
}

/// What an index made with `settings` (see [`Cache::open`]) by this build is
/// stamped with; an index or a head ([`super::head`]) with another stamp is not used.
pub fn stamp(settings: &str) -> String {
    format!(
        "{INDEX_VERSION}:{}:{}:{settings}",
        env!("CARGO_PKG_VERSION"),
        build_identity()
    )
}

/// The books of one calibre library as last read, and the database stamp
/// ([`super::calibre::database_stamp`]) they were read at.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CalibreEntry {
    #[serde(with = "crate::paths::lossless::bytes")]
    library: PathBuf,
    stamp: String,
    books: Vec<Book>,
}

/// [`Story`] by reference with its path as the cache keeps it, serialised the same
/// way (the fields in [`Story`]'s order).
#[derive(Serialize)]
#[serde(rename = "Story")]
struct StoryOut<'a> {
    #[serde(with = "crate::paths::lossless::bytes")]
    path: std::borrow::Cow<'a, Path>,
    format: crate::format::FormatKind,
    size: u64,
    modified: u128,
    meta: &'a crate::meta::StoryMeta,
    key: &'a str,
    source: &'a Option<String>,
}

impl<'a> StoryOut<'a> {
    /// The record of `story`, under its `path` as the index spells it.
    fn of(story: &'a Story, path: std::borrow::Cow<'a, Path>) -> Self {
        Self {
            path,
            format: story.format,
            size: story.size,
            modified: story.modified,
            meta: &story.meta,
            key: &story.key,
            source: &story.source,
        }
    }
}

/// [`Entry`] by reference, serialised the same way.
#[derive(Serialize)]
#[serde(rename = "Entry")]
enum EntryOut<'a> {
    Story(StoryOut<'a>),
    Problem {
        problem: &'a Problem,
        size: u64,
        modified: u128,
    },
    Gone {
        #[serde(with = "crate::paths::lossless::bytes")]
        path: &'a Path,
    },
}

impl EntryOut<'_> {
    fn path(&self) -> &Path {
        match self {
            EntryOut::Story(story) => &story.path,
            EntryOut::Problem { problem, .. } => &problem.path,
            EntryOut::Gone { path } => path,
        }
    }
}

/// A path as the cache keeps it, spelled as `roots` (spelled, canonical) spell
/// their folders.
fn respell<'a>(roots: &[(PathBuf, PathBuf)], path: &'a Path) -> std::borrow::Cow<'a, Path> {
    for (spelled, canonical) in roots {
        if let Ok(rest) = path.strip_prefix(canonical) {
            return std::borrow::Cow::Owned(spelled.join(rest));
        }
    }
    std::borrow::Cow::Borrowed(path)
}

/// The last scan's result as read back from the index ([`Cached::read`]).
#[derive(Debug)]
pub struct Cached<M = Box<crate::meta::StoryMeta>> {
    /// The stories grouped into works ([`super::works`]), in the order of their
    /// first file's path, each story's metadata as [`Cached::read_as`] made it.
    pub works: Vec<super::Work<M>>,
    /// Files that could not be indexed, sorted by path.
    pub problems: Vec<Problem>,
    /// Every file the index knows: a hash of its path ([`path_hash`]) and of its
    /// size and modification time ([`stamp_hash`]), sorted. Sixteen bytes a file,
    /// where a map of the two (with a `u128` time) took a hundred.
    stamps: Vec<(u64, u64)>,
    /// The index lists calibre libraries (whose books the database decides).
    calibre: bool,
}

impl<M> Default for Cached<M> {
    fn default() -> Self {
        Self {
            works: Vec::new(),
            problems: Vec::new(),
            stamps: Vec::new(),
            calibre: false,
        }
    }
}

impl Cached {
    /// The last scan's result as the index at `index` holds it (made with
    /// `settings`), without looking at any file: what the library can show at once
    /// while [`Cached::is_current`] checks the files in the background. Paths are
    /// spelled as `roots` spell the library folders. `None` when there is no usable
    /// index, or an empty one.
    pub fn read(index: &Path, settings: &str, roots: &[PathBuf]) -> Option<Self> {
        Self::read_as(index, settings, roots, &mut |story| story)
    }
}

impl<M: super::Chapters> Cached<M> {
    /// Whether the files under `roots` are exactly the ones the index describes: no
    /// file new, gone, or with another size or modification time. Only the folders
    /// are walked and the files stat'ed; nothing is read. A calibre library, or a
    /// folder that cannot be read, always counts as changed (a full scan decides).
    pub fn is_current(&self, roots: &[PathBuf]) -> bool {
        if self.calibre {
            return false;
        }
        // Each file is checked as the walk finds it: no list of them is kept, and
        // folders are not sorted. A file reached by two paths (a hard link, a
        // symlinked folder) may then be found under the path the index does not
        // hold: that only costs a scan, which finds the library unchanged.
        let (mut found, mut same) = (0_usize, true);
        let (problems, calibre) = super::walk::walk_each(roots, true, false, &mut |c| {
            found += 1;
            same = same && self.stamp_of(&c.path) == Some(stamp_hash(c.size, c.modified));
        });
        calibre.is_empty() && problems.is_empty() && same && found == self.stamps.len()
    }

    /// The stamp hash the index holds for `path`.
    fn stamp_of(&self, path: &Path) -> Option<u64> {
        let hash = path_hash(path);
        let at = self.stamps.binary_search_by_key(&hash, |&(h, _)| h).ok()?;
        self.stamps.get(at).map(|&(_, stamp)| stamp)
    }

    /// [`Cached::read`], each story (its metadata partly left out, see
    /// [`Story::leave_out`]) made into what `make` makes of it as it is read: the
    /// whole index's stories are never held at once.
    pub fn read_as(
        index: &Path,
        settings: &str,
        roots: &[PathBuf],
        make: &mut dyn FnMut(Story) -> Story<M>,
    ) -> Option<Self> {
        let roots = spellings(roots);
        let stamp = stamp(settings);
        let mut read = Self::default();
        let mut works = super::Grouper::default();
        // Each path's last record: while no path has two, every record counts and
        // one pass reads the index; after appended records a second pass takes
        // only the last of each.
        let mut last: HashMap<u64, usize> = HashMap::new();
        let mut superseded = false;
        let mut record = 0;
        let (calibre, _) = file::read_located(index, &stamp, |entry, span| {
            let hash = path_hash(entry.key().0);
            superseded |=
                last.insert(hash, record).is_some() || matches!(entry, Entry::Gone { .. });
            record += 1;
            if !superseded {
                read.add(&roots, &mut works, entry, span, make);
            }
        })?;
        if superseded {
            read = Self::default();
            works = super::Grouper::default();
            let mut record = 0;
            file::read_located(index, &stamp, |entry, span| {
                let hash = path_hash(entry.key().0);
                if last.get(&hash) == Some(&record) {
                    read.add(&roots, &mut works, entry, span, make);
                }
                record += 1;
            })?;
        }
        let Self {
            mut problems,
            mut stamps,
            ..
        } = read;
        // One stamp per path, as a map would keep.
        stamps.sort_unstable_by_key(|&(hash, _)| hash);
        stamps.dedup_by_key(|&mut (hash, _)| hash);
        stamps.shrink_to_fit();
        if stamps.is_empty() {
            return None;
        }
        // In the file's order already, unless a respelled root sorts elsewhere.
        let mut works = works.finish();
        works.sort_by_cached_key(|w| w.files.iter().min().cloned());
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        Some(Self {
            works,
            problems,
            stamps,
            calibre: !calibre.is_empty(),
        })
    }

    /// Adds one record read from the index (at `span`), its path respelled by
    /// `roots`. A story keeps only what the library's rows need of its metadata
    /// ([`Story::leave_out`]); [`whole_meta`] reads the rest back.
    fn add(
        &mut self,
        roots: &[(PathBuf, PathBuf)],
        works: &mut super::Grouper<M>,
        entry: Entry,
        span: file::Span,
        make: &mut dyn FnMut(Story) -> Story<M>,
    ) {
        let (path, size, modified) = entry.key();
        let rest = super::Rest::Index {
            at: span.at,
            len: span.len,
            path: path_hash(path),
        };
        let path = respell(roots, path).into_owned();
        match entry {
            Entry::Story(story) => {
                self.stamps
                    .push((path_hash(&path), stamp_hash(size, modified)));
                let mut story = *story;
                story.path = path;
                story.leave_out(rest);
                works.push(make(story));
            }
            Entry::Problem { mut problem, .. } => {
                self.stamps
                    .push((path_hash(&path), stamp_hash(size, modified)));
                problem.path = path;
                self.problems.push(problem);
            }
            Entry::Gone { .. } => {}
        }
    }
}

/// The whole metadata of `story` (read from the index at `index`, made with
/// `settings`, when [`Story::leave_out`] left part of it there). The record the
/// story was read from is read back when it is still where it was and still
/// this story's (the same path, size and modification time); else, when the
/// index was rewritten meanwhile, the index is read again for the story's record.
/// `None` when the index no longer holds it: never another story's metadata.
pub fn whole_meta(
    index: &Path,
    settings: &str,
    story: &Story,
) -> Option<Box<crate::meta::StoryMeta>> {
    if story.rest == super::Rest::Here {
        return Some(story.meta.clone());
    }
    left_out_meta(index, settings, story)
}

/// [`whole_meta`] of a story whose metadata is only in the index: `None` when it
/// is not there ([`super::Rest::Here`]), or no longer.
pub fn left_out_meta<M>(
    index: &Path,
    settings: &str,
    story: &Story<M>,
) -> Option<Box<crate::meta::StoryMeta>> {
    left_out_metas(index, settings, &[story]).pop().flatten()
}

/// [`left_out_meta`] of each of `stories`, in order. Each record is read where the
/// story was read from; the stories whose record moved (the index was rewritten)
/// are found together in one read of the whole index, not one read each.
pub fn left_out_metas<M>(
    index: &Path,
    settings: &str,
    stories: &[&Story<M>],
) -> Vec<Option<Box<crate::meta::StoryMeta>>> {
    let of_story = |story: &Story<M>, path: u64, entry: &Entry| {
        let (p, size, modified) = entry.key();
        matches!(entry, Entry::Story(_))
            && size == story.size
            && modified == story.modified
            && path_hash(p) == path
    };
    let mut found: Vec<Option<Box<crate::meta::StoryMeta>>> = Vec::with_capacity(stories.len());
    // The stories whose record was not where it was read from: path to index.
    let mut moved: HashMap<u64, usize> = HashMap::new();
    for (i, &story) in stories.iter().enumerate() {
        let super::Rest::Index { at, len, path } = story.rest else {
            found.push(None);
            continue;
        };
        match file::read_record(index, file::Span { at, len }) {
            Some(entry) if of_story(story, path, &entry) => {
                found.push(match entry {
                    Entry::Story(found) => Some(found.meta),
                    Entry::Problem { .. } | Entry::Gone { .. } => None,
                });
            }
            _ => {
                moved.insert(path, i);
                found.push(None);
            }
        }
    }
    if moved.is_empty() {
        return found;
    }
    // Rewritten: the last record for each path counts, as when loading.
    let mut last: HashMap<u64, Option<Entry>> = HashMap::new();
    let read = file::read(index, &stamp(settings), |entry| {
        let path = path_hash(entry.key().0);
        if let Some(&i) = moved.get(&path)
            && let Some(&story) = stories.get(i)
        {
            let entry = of_story(story, path, &entry).then_some(entry);
            last.insert(path, entry);
        }
    });
    if read.is_some() {
        for (path, entry) in last {
            if let (Some(&i), Some(Entry::Story(story))) = (moved.get(&path), entry)
                && let Some(slot) = found.get_mut(i)
            {
                *slot = Some(story.meta);
            }
        }
    }
    found
}

/// A path's key in [`Cached`]'s stamps. Two paths of one library sharing a 64-bit
/// hash (and a size and modification time) would only make a changed library look
/// unchanged until the next start.
fn path_hash(path: &Path) -> u64 {
    let mut hasher = siphasher::sip::SipHasher13::new();
    path.hash(&mut hasher);
    hasher.finish()
}

/// A file's size and modification time in [`Cached`]'s stamps: two stamps sharing
/// a 64-bit hash would likewise only make a changed file look unchanged until the
/// next start.
fn stamp_hash(size: u64, modified: u128) -> u64 {
    let mut hasher = siphasher::sip::SipHasher13::new();
    (size, modified).hash(&mut hasher);
    hasher.finish()
}

/// Each library folder as spelled, with its canonical path, for the folders
/// spelled otherwise; the longest spelling first, so a nested folder wins.
fn spellings(roots: &[PathBuf]) -> Vec<(PathBuf, PathBuf)> {
    let mut mapped: Vec<(PathBuf, PathBuf)> = roots
        .iter()
        .filter_map(|root| {
            let canonical = std::fs::canonicalize(root).ok()?;
            (canonical != *root).then(|| (root.clone(), canonical))
        })
        .collect();
    mapped.sort_by_key(|(spelled, _)| std::cmp::Reverse(spelled.components().count()));
    mapped
}

/// The loaded cache, updated by [`super::scan`] and written back with [`Cache::save`].
#[derive(Debug, Default)]
pub struct Cache {
    path: PathBuf,
    stamp: String,
    entries: HashMap<PathBuf, Entry>,
    calibre: HashMap<PathBuf, CalibreEntry>,
    /// The calibre libraries this scan asked for; the others are forgotten.
    calibre_seen: HashSet<PathBuf>,
    /// The library folders as spelled for this scan, with their canonical paths,
    /// longest spelling first so a nested folder wins.
    roots: Vec<(PathBuf, PathBuf)>,
    dirty: bool,
    /// The index file as read, when it was read whole under this stamp: what
    /// appending to it needs.
    disk: Option<Disk>,
    /// Files parsed afresh by this scan, as spelled and as the cache keeps them.
    fresh: Vec<(PathBuf, PathBuf)>,
    /// Files with a record in the index that this scan found changed or gone.
    stale: Vec<PathBuf>,
    /// The calibre book lists changed (they live in the header: a rewrite).
    calibre_changed: bool,
}

/// What is known of the index file [`Cache::open`] read.
#[derive(Debug, Default, Clone, Copy)]
struct Disk {
    /// Its length in bytes: another length when saving means another process
    /// wrote it meanwhile, and it is rewritten rather than appended to.
    len: u64,
    /// Its records, and how many of them a later record replaced.
    records: usize,
    dead: usize,
}

/// Appended records stop paying once this share of an index's records is dead:
/// then the index is written anew, with only the live ones.
const DEAD_SHARE: usize = 4;

impl Cache {
    /// Loads the cache at `path`. `settings` identifies everything besides the file
    /// that affects metadata (the user's aliases): a different value discards the cache.
    pub fn open(path: &Path, settings: &str) -> Self {
        let stamp = stamp(settings);
        let mut entries = HashMap::new();
        let mut disk = Disk::default();
        let read = file::read(path, &stamp, |entry| {
            disk.records += 1;
            let replaced = match entry {
                Entry::Gone { path } => {
                    disk.dead += 1;
                    entries.remove(&path)
                }
                entry => entries.insert(entry.key().0.to_owned(), entry),
            };
            disk.dead += usize::from(replaced.is_some());
        });
        // Damage part way through leaves nothing half-read behind.
        let (entries, calibre, disk) = match read {
            Some((calibre, len)) => (
                entries,
                calibre
                    .into_iter()
                    .map(|c| (c.library.clone(), c))
                    .collect(),
                Some(Disk { len, ..disk }),
            ),
            None => (HashMap::new(), HashMap::new(), None),
        };
        Self {
            path: path.to_owned(),
            stamp,
            entries,
            calibre,
            calibre_seen: HashSet::new(),
            roots: Vec::new(),
            dirty: false,
            disk,
            fresh: Vec::new(),
            stale: Vec::new(),
            calibre_changed: false,
        }
    }

    /// The library folders as this scan spells them: paths under them are looked up
    /// and stored under the folders' canonical paths.
    pub fn set_roots(&mut self, roots: &[PathBuf]) {
        self.roots = spellings(roots);
    }

    /// `path` (as the scan spells it) as the cache keeps it.
    fn canonical<'a>(&self, path: &'a Path) -> std::borrow::Cow<'a, Path> {
        for (spelled, canonical) in &self.roots {
            if let Ok(rest) = path.strip_prefix(spelled) {
                return std::borrow::Cow::Owned(canonical.join(rest));
            }
        }
        std::borrow::Cow::Borrowed(path)
    }

    /// Whether the index holds nothing (none yet, or one made by another build or
    /// other settings).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The books of the calibre library at `library` as last read, with the
    /// database stamp they were read at.
    pub fn calibre_books(&mut self, library: &Path) -> Option<(String, Vec<Book>)> {
        let library = self.canonical(library).into_owned();
        let entry = self.calibre.get(&library);
        self.calibre_seen.insert(library.clone());
        let entry = entry?;
        Some((entry.stamp.clone(), entry.books.clone()))
    }

    /// Records the books just read from the calibre library at `library`.
    pub fn set_calibre_books(&mut self, library: &Path, stamp: &str, books: &[Book]) {
        let library = self.canonical(library).into_owned();
        self.calibre_seen.insert(library.clone());
        self.calibre.insert(
            library.clone(),
            CalibreEntry {
                library,
                stamp: stamp.to_owned(),
                books: books.to_vec(),
            },
        );
        self.dirty = true;
        self.calibre_changed = true;
    }

    /// Takes the cached result for a file out of the cache, if its size and mtime
    /// (and, for a calibre book's file, the book's stamp `source`) still match: stories move to the scan result instead of being copied (a large
    /// library holds tens of megabytes of metadata), and [`Cache::save`] writes them
    /// back from there. Problems stay cached as well, since the library keeps no size
    /// or mtime for them.
    pub fn take(
        &mut self,
        path: &Path,
        size: u64,
        modified: u128,
        source: Option<&str>,
    ) -> Option<Result<Story, Problem>> {
        let key = self.canonical(path).into_owned();
        let entry = self.entries.get(&key)?;
        let (_, cached_size, cached_modified) = entry.key();
        if cached_size != size || cached_modified != modified {
            return None;
        }
        if let Entry::Story(story) = entry
            && story.source.as_deref() != source
        {
            return None;
        }
        match entry {
            Entry::Problem { problem, .. } => Some(Err(Problem {
                path: path.to_owned(),
                cause: problem.cause.clone(),
            })),
            Entry::Story(_) => match self.entries.remove(&key)? {
                Entry::Story(mut story) => {
                    path.clone_into(&mut story.path);
                    Some(Ok(*story))
                }
                Entry::Problem { .. } | Entry::Gone { .. } => None,
            },
            // `Cache::open` keeps no tombstone.
            Entry::Gone { .. } => None,
        }
    }

    /// Records that a file was parsed afresh; a problem is kept for the next run.
    pub fn insert(&mut self, size: u64, modified: u128, result: &Result<Story, Problem>) {
        let spelled = match result {
            Ok(story) => &story.path,
            Err(problem) => &problem.path,
        };
        let canonical = self.canonical(spelled).into_owned();
        self.fresh.push((spelled.clone(), canonical));
        if let Err(problem) = result {
            let path = self.canonical(&problem.path).into_owned();
            let entry = Entry::Problem {
                problem: Problem {
                    path: path.clone(),
                    cause: problem.cause.clone(),
                },
                size,
                modified,
            };
            self.entries.insert(path, entry);
        }
        self.dirty = true;
    }

    /// Ends a scan: what is still cached besides the current `problems` is a file
    /// that changed or is gone, so the file on disk is out of date.
    pub fn finish(&mut self, problems: &[Problem]) {
        let current: HashSet<PathBuf> = problems
            .iter()
            .map(|p| self.canonical(&p.path).into_owned())
            .collect();
        let before = self.entries.len();
        let fresh: HashSet<&PathBuf> = self.fresh.iter().map(|(_, canonical)| canonical).collect();
        let stale = &mut self.stale;
        self.entries.retain(|path, entry| {
            // A problem found again this scan is either still on disk or fresh.
            let keep = matches!(entry, Entry::Problem { .. }) && current.contains(path);
            if !keep || fresh.contains(path) {
                stale.push(path.clone());
            }
            keep
        });
        self.dirty |= self.entries.len() != before;
        let libraries = self.calibre.len();
        let seen = &self.calibre_seen;
        self.calibre.retain(|library, _| seen.contains(library));
        self.dirty |= self.calibre.len() != libraries;
        self.calibre_changed |= self.calibre.len() != libraries;
    }

    /// Writes the cache back (atomically) if `scanned` changed it: the scan's
    /// stories and the problems still cached.
    pub fn save(&mut self, scanned: &super::Scan) -> std::io::Result<()> {
        if !self.dirty {
            return Ok(());
        }
        if self.append(scanned).is_ok_and(|appended| appended) {
            self.dirty = false;
            return Ok(());
        }
        let mut entries: Vec<EntryOut<'_>> = scanned
            .stories
            .iter()
            .map(|story| EntryOut::Story(StoryOut::of(story, self.canonical(&story.path))))
            .chain(self.entries.values().filter_map(|entry| match entry {
                Entry::Problem {
                    problem,
                    size,
                    modified,
                } => Some(EntryOut::Problem {
                    problem,
                    size: *size,
                    modified: *modified,
                }),
                Entry::Story(_) | Entry::Gone { .. } => None,
            }))
            .collect();
        entries.sort_by(|a, b| a.path().cmp(b.path()));
        let mut calibre: Vec<&CalibreEntry> = self.calibre.values().collect();
        calibre.sort_by(|a, b| a.library.cmp(&b.library));
        file::write(
            &self.path,
            &file::HeaderOut {
                stamp: &self.stamp,
                calibre,
            },
            entries,
        )?;
        self.dirty = false;
        Ok(())
    }

    /// Appends records for what this scan changed to the index as read, instead of
    /// writing every record again: a story for each file parsed afresh, a
    /// tombstone for each file gone. False (nothing written) when the index must
    /// be written whole: there was none, the calibre lists changed, another
    /// process wrote it meanwhile, or too many of its records would be dead.
    fn append(&self, scanned: &super::Scan) -> std::io::Result<bool> {
        let Some(disk) = self.disk else {
            return Ok(false);
        };
        if self.calibre_changed || disk.records == 0 {
            return Ok(false);
        }
        let fresh: HashSet<&PathBuf> = self.fresh.iter().map(|(_, canonical)| canonical).collect();
        let mut records = Vec::new();
        for (spelled, canonical) in &self.fresh {
            if let Some(entry) = self.entries.get(canonical) {
                if let Entry::Problem {
                    problem,
                    size,
                    modified,
                } = entry
                {
                    records.push(EntryOut::Problem {
                        problem,
                        size: *size,
                        modified: *modified,
                    });
                }
                continue;
            }
            let Ok(at) = scanned
                .stories
                .binary_search_by(|story| story.path.as_path().cmp(spelled))
            else {
                // Parsed but not in the result: only a full write is sure to agree.
                return Ok(false);
            };
            let Some(story) = scanned.stories.get(at) else {
                return Ok(false);
            };
            records.push(EntryOut::Story(StoryOut::of(
                story,
                std::borrow::Cow::Borrowed(canonical),
            )));
        }
        let gone: Vec<&PathBuf> = self
            .stale
            .iter()
            .filter(|path| !fresh.contains(path))
            .collect();
        records.extend(gone.iter().map(|path| EntryOut::Gone { path }));
        // Each stale record dies, and so does each tombstone.
        let dead = disk.dead + self.stale.len() + gone.len();
        let total = disk.records + records.len();
        if records.is_empty() || dead * DEAD_SHARE > total {
            return Ok(false);
        }
        file::append(&self.path, disk.len, records)
    }
}

#[cfg(test)]
mod tests;
