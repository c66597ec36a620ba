//! Application state, free of terminal types: the views' models, the reading-state
//! store, and the rules that change them. The TUI draws these and feeds them
//! [`Msg`]s; [`App::update`] is the only way in, and it does no terminal or file I/O:
//! file work (scanning, reading a story, saving) comes back as [`Job`]s in the
//! [`Effects`], whose results arrive as further [`Msg`]s.
//!
//! [`App`] switches between the library and the reader: Enter in the library opens
//! the selected story at its saved place, `q` in the reader returns to the library
//! with the selection kept, `q` in the library quits. A story opened straight from
//! the command line (`ficread read`) quits on `q` instead.
//!
//! Reading state is saved as the reader moves (captured at most once a second, saved
//! by the store's debounce), at once on every bookmark or shelf change, and on
//! [`Msg::Shutdown`].

mod counting;
mod head;
pub mod image;
mod input;
mod job;
pub mod library;
mod msg;
mod opening;
mod preview;
pub mod reader;
mod refresh;
mod saving;
mod series;
mod session;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::meta::{Aliases, Status};
use crate::store::{Shelf, Store, now_ms};

pub use counting::today;
pub use job::{HeadHints, Job, LoadJob, LoadedStory, ScanRequest, Scanned};
pub use msg::{Effects, Msg, Start};
pub use session::reading_of;

/// How often a moved position is captured and the store saved.
pub const SAVE_INTERVAL: Duration = Duration::from_secs(1);

/// A pause this long after a key means the reader stopped moving: the place is
/// captured and saved without waiting for [`SAVE_INTERVAL`].
const SETTLE: Duration = Duration::from_millis(250);

/// A pause longer than this between keys is not reading time.
const IDLE_AFTER: Duration = Duration::from_secs(300);

/// Which view has the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Library,
    Reader,
}

/// What a view's model did with a key: the one vocabulary the library and the reader
/// answer the app in. The app turns it into [`Effects`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Nothing visible changed.
    Unchanged,
    Redraw,
    /// Leave the view (the library: quit; the reader: back to the library).
    Quit,
    /// Stop for the shell (Ctrl-Z).
    Suspend,
    /// Open library entry `n` in the reader.
    Open(usize),
    /// Put library entry `n` on a reading shelf.
    SetShelf(usize, Shelf),
    /// Toggle library entry `n`'s favourite flag.
    ToggleFavourite(usize),
    /// Read the story at this path again for the details popup.
    ReadFacts(PathBuf),
    /// Show the reading statistics.
    ShowStats,
    /// Change the open story's reading state (bookmarks, marks), then redraw.
    Request(reader::Request),
    /// Open the open story's image at this source with the system viewer.
    OpenImage(String),
}

impl From<bool> for Outcome {
    fn from(changed: bool) -> Self {
        if changed {
            Outcome::Redraw
        } else {
            Outcome::Unchanged
        }
    }
}

/// A story open in the reader.
#[derive(Debug)]
pub struct OpenStory {
    pub reader: reader::Reader,
    /// The library entry it came from, if any.
    pub entry: Option<usize>,
    pub path: PathBuf,
    /// Its reading-state key.
    pub key: String,
    status: Status,
    /// The position changed since it was last captured.
    moved: bool,
    /// The end was reached and the shelf updated (once per opening).
    end_recorded: bool,
    /// Pages shown and counted for the reading statistics.
    counter: counting::Counter,
}

/// A story being read for the reader (a [`Job::Load`] under way).
#[derive(Debug)]
struct Loading {
    id: u64,
    path: PathBuf,
    entry: Option<usize>,
    /// A library story's whole metadata, read once when the loading starts (its
    /// row may leave part of it in the index).
    meta: Option<Box<crate::meta::StoryMeta>>,
    /// The story's head, on screen while the rest is read.
    preview: Option<preview::Preview>,
}

/// The whole application.
#[derive(Debug)]
pub struct App {
    config: Config,
    aliases: Aliases,
    library: library::Library,
    store: Store,
    open: Option<OpenStory>,
    /// `q` in the reader quits instead of returning (opened from the command line).
    reader_only: bool,
    size: (u16, u16),
    last_capture: Instant,
    last_key: Option<Instant>,
    /// The latest tick's time: a page's reading time runs up to it when the story
    /// is closed.
    last_tick: Option<Instant>,
    loading: Option<Loading>,
    next_job: u64,
    /// Open the story read last once the scan is in (`--resume`).
    resume_after_scan: bool,
    /// A save job is under way.
    saving: bool,
    /// A change that must be saved at once came while a save was under way.
    save_queued: bool,
    /// Why the last save failed; shown until a save succeeds.
    save_error: Option<String>,
    /// Problems to report after the terminal is restored.
    warnings: Vec<String>,
    /// The reader's key hint was shown this session.
    reader_hint_shown: bool,
    /// The image viewer command (`o` in the reader).
    image_opener: Vec<String>,
    /// The temporary copies of images given to the viewer, removed at shutdown.
    temporary_images: Vec<PathBuf>,
    /// The remembered library view was restored (after the first scan only).
    session_restored: bool,
    /// The story given on the command line could not be read.
    open_failed: bool,
    /// Where the library's head is kept, and the index stamp it is written under.
    head_file: Option<(PathBuf, String)>,
    /// The library's index and the settings it is made with: where the rows'
    /// left-out metadata is read back from ([`crate::library::cache::whole_meta`]).
    index_file: Option<(PathBuf, String)>,
    /// The library was first drawn from the index's head this session.
    head_shown: bool,
}

impl App {
    /// An app with an empty library (a [`Msg::Start`] or [`Msg::Scanned`] fills it),
    /// with reading state from `store`, for a terminal of `size`.
    pub fn new(config: Config, aliases: Aliases, store: Store, size: (u16, u16)) -> Self {
        let mut library = library::Library::new(
            Vec::new(),
            config.shelves.0.clone(),
            crate::keymap::Keymap::library(&config.keys.library),
            aliases.clone(),
        );
        library.resize(size.0, size.1);
        Self {
            config,
            aliases,
            library,
            store,
            open: None,
            reader_only: false,
            size,
            last_capture: Instant::now(),
            last_key: None,
            last_tick: None,
            loading: None,
            next_job: 0,
            resume_after_scan: false,
            saving: false,
            save_queued: false,
            save_error: None,
            warnings: Vec::new(),
            reader_hint_shown: false,
            image_opener: image::default_opener(),
            temporary_images: Vec::new(),
            session_restored: false,
            open_failed: false,
            head_file: None,
            index_file: None,
            head_shown: false,
        }
    }

    // ---- what the views read --------------------------------------------------------

    /// The view on screen.
    pub fn view(&self) -> View {
        if self.open.is_some() || self.preview_reader().is_some() {
            View::Reader
        } else {
            View::Library
        }
    }

    /// The library model.
    pub fn library(&self) -> &library::Library {
        &self.library
    }

    /// The open story.
    pub fn open_story(&self) -> Option<&OpenStory> {
        self.open.as_ref()
    }

    /// The story given on the command line while it is being read and nothing of
    /// it can be shown yet.
    pub fn opening_alone(&self) -> Option<&std::path::Path> {
        if !self.reader_only || self.open.is_some() || self.preview_reader().is_some() {
            return None;
        }
        self.loading.as_ref().map(|l| l.path.as_path())
    }

    /// The reader on screen: the open story's, or a preview of the story being read
    /// (its head, while the rest is read).
    pub fn reader(&self) -> Option<&reader::Reader> {
        self.open
            .as_ref()
            .map(|o| &o.reader)
            .or_else(|| self.preview_reader())
    }

    /// The store (for tests and `ficread bookmarks`).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Why the last save failed, until a save succeeds.
    pub fn save_error(&self) -> Option<&str> {
        self.save_error.as_deref()
    }

    /// Whether the story given on the command line could not be read (the warnings
    /// say why).
    pub fn open_failed(&self) -> bool {
        self.open_failed
    }

    /// What should be told once the terminal is restored (failed saves, a state file
    /// kept aside).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    // ---- the one way in ---------------------------------------------------------------

    /// Applies one message; the only place the app's state changes.
    pub fn update(&mut self, msg: Msg) -> Effects {
        match msg {
            Msg::Start { open, notice } => self.start(open, notice),
            Msg::Key(key) => match self.view() {
                View::Library => {
                    let outcome = self.library.on_key(key);
                    self.apply(outcome)
                }
                View::Reader if self.open.is_none() => self.preview_key(key),
                View::Reader => self.reader_key(key),
            },
            Msg::Wheel { down } if self.open.is_none() && self.preview_reader().is_some() => {
                self.preview_wheel(down)
            }
            Msg::Wheel { down } => self.wheel(down),
            Msg::Resize { width, height } => {
                self.size = (width, height);
                self.library.resize(width, height);
                if let Some(open) = &mut self.open {
                    open.reader.resize(width, height);
                }
                if let Some(preview) = self.loading.as_mut().and_then(|l| l.preview.as_mut()) {
                    preview.reader.resize(width, height);
                }
                Effects::redraw()
            }
            Msg::Tick(now) => self.tick(now),
            Msg::ScanProgress { done, total } => {
                self.library.set_indexing(Some((done, total)));
                Effects::redraw()
            }
            Msg::Scanned(scanned) => self.scanned(*scanned),
            Msg::Revalidated => {
                self.library.set_indexing(None);
                self.resume_if_asked()
            }
            Msg::Previewed { id, story } => self.previewed(id, story),
            Msg::Loaded { id, result } => self.loaded(id, result),
            Msg::FactsRead { path, result } => {
                let shown = self.library.set_facts(&path, result.map(|f| *f));
                Effects {
                    redraw: shown,
                    ..Effects::none()
                }
            }
            Msg::Saved(result) => self.saved(result),
            Msg::ImageOpened(result) => self.image_opened(result),
            Msg::Shutdown => self.shutdown(),
        }
    }

    /// The whole metadata of library entry `entry` read back from the index, when
    /// its row leaves part of it out. `None` when the row holds it all, or the index
    /// no longer holds it (the file changed since; the rescan brings its new row).
    pub(crate) fn left_out_meta(&self, entry: usize) -> Option<Box<crate::meta::StoryMeta>> {
        let story = &self.library.entries().get(entry)?.story;
        let (index, settings) = self.index_file.as_ref()?;
        crate::library::cache::left_out_meta(index, settings, story)
    }

    fn start(&mut self, open: Start, notice: Option<String>) -> Effects {
        if let Some(notice) = notice {
            self.library.set_message(notice);
        }
        let request = match open {
            Start::File(path) => {
                self.reader_only = true;
                return self.load(&path, None);
            }
            Start::Story { path, story } => {
                self.reader_only = true;
                // Nothing to read from disk: the load job is dropped, its result given.
                let _ = self.load(&path, None);
                return self.loaded(self.next_job, Ok(story));
            }
            Start::Resume(request) => {
                self.resume_after_scan = true;
                request
            }
            Start::Library(request) => request,
        };
        self.library.set_indexing(Some((0, 0)));
        self.head_file = Some(head::file_of(&request));
        self.index_file = Some((request.index.clone(), request.settings.clone()));
        let mut effects = Effects::job(Job::Scan {
            request,
            aliases: self.aliases.clone(),
        });
        effects.redraw = true;
        effects
    }

    fn scanned(&mut self, scanned: Scanned) -> Effects {
        let Scanned {
            works,
            problems,
            cache_error,
            from_index,
            head,
            entries: prepared,
        } = scanned;
        // Entry indices change with the entries: the story open in the reader (or
        // being read for it) is found again by its key.
        let key_of = |library: &library::Library, entry: Option<usize>| {
            entry
                .and_then(|i| library.entries().get(i))
                .map(|e| e.story.key.clone())
        };
        let open_key = key_of(&self.library, self.open.as_ref().and_then(|o| o.entry));
        let loading_key = key_of(&self.library, self.loading.as_ref().and_then(|l| l.entry));
        // Entries come built from the scan job (a large library's cells are not
        // built on the UI thread); only the reader's state is added here.
        let mut entries = prepared;
        if !works.is_empty() {
            entries.extend(
                works
                    .into_iter()
                    .map(|work| library::Entry::unread(work, &self.aliases)),
            );
        }
        for entry in &mut entries {
            let state = self.store.get(&entry.story.key);
            if state.is_some() {
                let (reading, last) = session::reading_of(state, entry.story.meta.chapters);
                entry.set_reading(reading, last);
            }
        }
        let whole = head.is_none();
        match head {
            Some(head) => {
                self.head_shown = true;
                self.library.set_preview(entries, head.view, head.ranks);
            }
            None => self.library.set_entries(entries),
        }
        let find = |library: &library::Library, key: Option<String>| {
            key.and_then(|key| library.entries().iter().position(|e| e.story.key == key))
        };
        if let Some(open) = &mut self.open
            && open.entry.is_some()
        {
            open.entry = find(&self.library, open_key);
        }
        if let Some(loading) = &mut self.loading
            && loading.entry.is_some()
        {
            loading.entry = find(&self.library, loading_key);
        }
        // Drawn from the index: the files are still being checked.
        self.library.set_indexing(from_index.then_some((0, 0)));
        if !std::mem::replace(&mut self.session_restored, true)
            && let Some(session) = self.store.session().cloned()
        {
            self.library.restore_session(&session);
        }
        self.library
            .set_problems(problems.into_iter().map(|p| p.message()).collect());
        if let Some(error) = cache_error {
            self.warnings.push(error);
        }
        self.refresh_continue_line();
        // The story to resume may have moved or gone since the index was written:
        // it is opened once the files are checked.
        // A head for the next start: the first time this index is drawn whole, and
        // whenever the scan changed it.
        let mut head_job = None;
        if whole && (!from_index || !self.head_shown) {
            self.head_shown = true;
            head_job = self.save_head_job();
        }
        let mut effects = if from_index {
            Effects::redraw()
        } else {
            self.resume_if_asked()
        };
        effects.jobs.extend(head_job);
        effects
    }

    /// Turns what a view's model did into effects.
    fn apply(&mut self, outcome: Outcome) -> Effects {
        match outcome {
            Outcome::Unchanged => Effects::none(),
            Outcome::Redraw => Effects::redraw(),
            Outcome::Quit => match self.view() {
                View::Reader if !self.reader_only => self.close_reader(),
                _ => self.shutdown(),
            },
            Outcome::Suspend => {
                // The place is worth saving before the process stops, maybe for good.
                let mut effects = self.save_now();
                effects.suspend = true;
                effects.redraw = true;
                effects
            }
            Outcome::Open(entry) => self.open_entry(entry),
            Outcome::SetShelf(entry, shelf) => {
                self.change_state(entry, |state| state.set_shelf(shelf, now_ms()))
            }
            Outcome::ToggleFavourite(entry) => self.change_state(entry, |state| {
                state.set_favourite(!state.favourite, now_ms());
            }),
            Outcome::ReadFacts(path) => {
                if let Some(whole) = self
                    .library
                    .selected_index()
                    .and_then(|i| self.left_out_meta(i))
                {
                    self.library.set_details_meta(whole);
                }
                let mut effects = Effects::job(Job::ReadFacts {
                    path,
                    aliases: self.aliases.clone(),
                });
                effects.redraw = true;
                effects
            }
            Outcome::Request(request) => self.request(request),
            Outcome::OpenImage(src) => self.open_image(src),
            Outcome::ShowStats => {
                let report = self.stats_report();
                self.library.show_stats(report);
                Effects::redraw()
            }
        }
    }

    /// The reading statistics from the store, with fandoms and relationships from
    /// the library.
    pub fn stats_report(&self) -> crate::stats::Report {
        let metas: std::collections::HashMap<&str, &library::Row> = self
            .library
            .entries()
            .iter()
            .map(|e| (e.story.key.as_str(), e.row()))
            .collect();
        crate::stats::Report::build(
            self.store.iter().map(|(k, s)| (k.as_str(), s)),
            |key| metas.get(key).copied(),
            &counting::today(),
        )
    }

    /// Times the page on screen for the reading statistics, and counts the page it
    /// replaced (see [`counting`]).
    fn count_page(&mut self, now: Instant) {
        let Some(open) = &mut self.open else { return };
        let words = open.reader.pager().visible_words();
        if let Some(tally) = open.counter.show(words, now) {
            let key = open.key.clone();
            self.store.record_reading(&key, &counting::today(), tally);
        }
    }
}

/// Runs `msg` and every job it starts to completion on this thread, feeding each
/// result back through [`App::update`]: the synchronous loop, for tests, for opening a
/// file before the terminal is taken, and for the last save on the way out.
pub fn run_inline(app: &mut App, msg: Msg) -> Effects {
    let effects = app.update(msg);
    let jobs = Effects {
        jobs: Vec::new(),
        ..effects
    };
    let mut total = jobs;
    total.merge(run_jobs_inline(app, effects.jobs));
    total
}

/// Runs `jobs` on this thread, feeding their results (and the results of the jobs
/// those start) back through [`App::update`]; returns the effects without jobs.
pub fn run_jobs_inline(app: &mut App, jobs: Vec<Job>) -> Effects {
    let mut total = Effects::none();
    let mut queue: std::collections::VecDeque<Job> = jobs.into();
    while let Some(job) = queue.pop_front() {
        let results = std::sync::Mutex::new(Vec::new());
        job.run(&|msg| {
            results
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(msg);
        });
        let results = results
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for msg in results {
            let mut effects = app.update(msg);
            queue.extend(std::mem::take(&mut effects.jobs));
            total.merge(effects);
        }
    }
    total
}

#[cfg(test)]
mod tests;
