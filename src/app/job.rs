//! Background work the app asks for: scanning the library, reading a story to open
//! it, reading a story's details, saving the reading state. Each [`Job`] is plain
//! data; [`Job::run`] does its file I/O and reports back with [`Msg`]s, so the
//! terminal loop can run it on another thread and tests can run it inline.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::Msg;
use super::library::{Entry, Facts};
use crate::document::Document;
use crate::library::head::Head;
use crate::library::{self, Cache, Cached, Problem, Work};
use crate::meta::{self, Aliases, StoryMeta};
use crate::store::{self, SaveJob};

/// Scan progress is reported at most this often (a first scan parses thousands of
/// files; each report is a redraw).
const PROGRESS_EVERY: Duration = Duration::from_millis(50);

/// Work to do off the UI thread.
#[derive(Debug)]
pub enum Job {
    /// Scan the library folders (with the index cache).
    Scan {
        request: ScanRequest,
        aliases: Aliases,
    },
    /// Read a story to open it.
    Load(LoadJob),
    /// Read a story again for the details popup (what the index leaves out).
    ReadFacts { path: PathBuf, aliases: Aliases },
    /// Save the reading state.
    Save(SaveJob),
    /// Open an image of the story with the system viewer.
    OpenImage(super::image::ImageJob),
    /// Keep the library's first rows for the next start ([`library::head`]). A head
    /// that cannot be written only makes the next start draw later, so nothing is
    /// reported.
    /// Writes the library's head, its rows' metadata made whole from the index
    /// (index file, settings) first.
    SaveHead {
        path: PathBuf,
        head: Box<Head>,
        index: Option<(PathBuf, String)>,
    },
    /// Remove the temporary copies of images shown in the viewer. One that cannot
    /// be removed stays in the temporary folder, which the system clears.
    RemoveFiles(Vec<PathBuf>),
}

/// Where to scan, and the index cache to use.
#[derive(Debug, Clone)]
pub struct ScanRequest {
    pub roots: Vec<PathBuf>,
    /// The index cache file.
    pub index: PathBuf,
    /// The settings the cache depends on (the alias config, serialised): a cache
    /// made with other settings is not used.
    pub settings: String,
    /// Which calibre custom columns hold which fields.
    pub calibre: Box<crate::library::calibre::ColumnMap>,
}

/// What a scan found, grouped into works.
#[derive(Debug, Default)]
pub struct Scanned {
    pub works: Vec<Work>,
    /// Files that could not be indexed.
    pub problems: Vec<Problem>,
    /// Why the index cache could not be written, if it could not.
    pub cache_error: Option<String>,
    /// What the index held, shown before any file was looked at: a
    /// [`Msg::Revalidated`] (the files match) or a full [`Msg::Scanned`] follows.
    pub from_index: bool,
    /// Only the index's head ([`library::head`]): its first rows, with what it
    /// says of the whole result. The whole index follows.
    pub head: Option<HeadHints>,
    /// The works as library entries, built off the UI thread (without the reader's
    /// state, which the app adds); when given, [`Scanned::works`] is empty.
    pub entries: Vec<Entry>,
}

/// What a head says of the result its rows were taken from.
#[derive(Debug)]
pub struct HeadHints {
    pub view: library::head::View,
    /// The title rank of each of [`Scanned::works`].
    pub ranks: Vec<library::table::TitleRank>,
}

/// Reading one story for the reader.
#[derive(Debug)]
pub struct LoadJob {
    /// Matches the [`Msg::Loaded`] to the open request (a later one wins).
    pub id: u64,
    pub path: PathBuf,
    /// Work out the metadata and the reading-state key (a story that is not in the
    /// library; the index already has them for one that is).
    pub extract: Option<Aliases>,
    /// The saved place, for a preview of a long story around it.
    pub landing: Option<crate::format::head::Landing>,
}

/// A story read for opening.
#[derive(Debug)]
pub struct LoadedStory {
    pub doc: Document,
    /// Its metadata and reading-state key, when the job was asked to extract them.
    pub extracted: Option<(StoryMeta, String)>,
}

impl LoadedStory {
    /// A story that is already in memory (tests, and stories built by hand), with its
    /// metadata worked out as for a file named `title`.
    pub fn from_document(doc: Document, title: &str, aliases: &Aliases) -> Self {
        let meta = meta::extract_with_fallback(&doc, aliases, title);
        let key = store::story_key(&doc, &meta);
        Self {
            doc,
            extracted: Some((meta, key)),
        }
    }
}

impl Job {
    /// Does the work, reporting through `send` (from this thread; a scan reports its
    /// progress from its worker threads too).
    pub fn run(self, send: &(dyn Fn(Msg) + Sync)) {
        match self {
            Job::Scan { request, aliases } => scan(&request, &aliases, send),
            Job::Load(job) => {
                let story = |doc: Document| {
                    let extracted = job.extract.as_ref().map(|aliases| {
                        let fallback = library::title_from_file_name(&job.path);
                        let meta = meta::extract_with_fallback(&doc, aliases, &fallback);
                        let key = store::story_key(&doc, &meta);
                        (meta, key)
                    });
                    Box::new(LoadedStory { doc, extracted })
                };
                let landing = job.landing.as_ref();
                let result = crate::format::head::read_file_with_head(
                    &job.path,
                    landing,
                    Some(&mut |head| {
                        send(Msg::Previewed {
                            id: job.id,
                            story: story(head),
                        });
                    }),
                )
                .map(story);
                send(Msg::Loaded { id: job.id, result });
            }
            Job::ReadFacts { path, aliases } => {
                let result = Facts::read(&path, &aliases).map(Box::new);
                send(Msg::FactsRead { path, result });
            }
            Job::Save(job) => send(Msg::Saved(job.run())),
            Job::OpenImage(job) => send(Msg::ImageOpened(job.run())),
            Job::SaveHead {
                path,
                mut head,
                index,
            } => {
                if let Some((index, settings)) = &index {
                    head.make_whole(index, settings);
                }
                let _ = head.save(&path);
            }
            Job::RemoveFiles(paths) => {
                for path in paths {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
    }
}

/// Scans the library: first the index's head (the first rows shown last time), so
/// the first screen costs the same at any library size; then what the index holds,
/// so the whole library is drawn without looking at a file; then the files checked
/// against it (walked and stat'ed, nothing read). Only when they differ is the
/// library scanned (the changed files parsed) and sent again.
fn scan(request: &ScanRequest, aliases: &Aliases, send: &(dyn Fn(Msg) + Sync)) {
    let stamp = library::cache::stamp(&request.settings);
    if let Some(head) = Head::load(&Head::path_for(&request.index), &stamp) {
        let (view, rows) = head.into_works();
        let (works, ranks): (Vec<Work>, _) = rows.into_iter().unzip();
        send(Msg::Scanned(Box::new(Scanned {
            entries: entries_of(works, |work| Entry::unread(work, aliases)),
            from_index: true,
            head: Some(HeadHints { view, ranks }),
            ..Scanned::default()
        })));
    }
    let cached = Cached::read_as(
        &request.index,
        &request.settings,
        &request.roots,
        &mut |story| Entry::prepare(story, aliases),
    );
    if let Some(mut cached) = cached {
        send(Msg::Scanned(Box::new(Scanned {
            entries: entries_of(std::mem::take(&mut cached.works), Entry::prepared),
            problems: std::mem::take(&mut cached.problems),
            from_index: true,
            ..Scanned::default()
        })));
        if cached.is_current(&request.roots) {
            send(Msg::Revalidated);
            return;
        }
    }
    let cache = Cache::open(&request.index, &request.settings);
    send(Msg::Scanned(Box::new(full_scan(
        request, aliases, cache, send,
    ))));
}

fn full_scan(
    request: &ScanRequest,
    aliases: &Aliases,
    mut cache: Cache,
    send: &(dyn Fn(Msg) + Sync),
) -> Scanned {
    let last_report = Mutex::new(Instant::now());
    let found = library::scan_with_progress(
        &request.roots,
        aliases,
        &request.calibre,
        Some(&mut cache),
        &|done, total| {
            let mut last = last_report
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if done == total || last.elapsed() >= PROGRESS_EVERY {
                *last = Instant::now();
                send(Msg::ScanProgress { done, total });
            }
        },
    );
    let cache_error = cache.save(&found).err().map(|e| {
        format!(
            "{}: cannot write the index cache: {e}",
            request.index.display()
        )
    });
    Scanned {
        problems: found.problems,
        entries: entries_of(library::works(found.stories), |work| {
            Entry::unread(work, aliases)
        }),
        cache_error,
        ..Scanned::default()
    }
}

/// The works as library entries without the reader's state, in their order.
/// The works are taken from the back and their list shrunk as it empties: the
/// whole list beside the whole list of entries was a fifth of a large library's
/// peak.
fn entries_of<M>(mut works: Vec<Work<M>>, entry: impl Fn(Work<M>) -> Entry) -> Vec<Entry> {
    works.reverse();
    let mut entries = Vec::with_capacity(works.len());
    while let Some(work) = works.pop() {
        entries.push(entry(work));
        if works.len() < works.capacity() / 2 {
            works.shrink_to_fit();
        }
    }
    entries
}
