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
mod job;
pub mod library;
mod msg;
pub mod reader;
mod session;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::format::ReadError;
use crate::keymap::{Action, Key};
use crate::meta::{Aliases, Status};
use crate::store::{self, SaveResult, Shelf, Store, now_ms};

pub use counting::today;
pub use job::{Job, LoadJob, LoadedStory, ScanRequest, Scanned};
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
    /// The remembered library view was restored (after the first scan only).
    session_restored: bool,
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
            session_restored: false,
        }
    }

    // ---- what the views read --------------------------------------------------------

    /// The view on screen.
    pub fn view(&self) -> View {
        if self.open.is_some() {
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

    /// The store (for tests and `ficread bookmarks`).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Why the last save failed, until a save succeeds.
    pub fn save_error(&self) -> Option<&str> {
        self.save_error.as_deref()
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
                View::Reader => self.reader_key(key),
            },
            Msg::Wheel { down } => self.wheel(down),
            Msg::Resize { width, height } => {
                self.size = (width, height);
                self.library.resize(width, height);
                if let Some(open) = &mut self.open {
                    open.reader.resize(width, height);
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
            Msg::Loaded { id, result } => self.loaded(id, result),
            Msg::FactsRead { path, result } => {
                let shown = self.library.set_facts(&path, result.map(|f| *f));
                Effects {
                    redraw: shown,
                    ..Effects::none()
                }
            }
            Msg::Saved(result) => self.saved(result),
            Msg::Shutdown => self.shutdown(),
        }
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
        let entries = works
            .into_iter()
            .map(|crate::library::Work { story, files }| {
                let (reading, last) = session::reading_of(self.store.get(&story.key), &story.meta);
                let files = if files.len() > 1 { files } else { Vec::new() };
                library::Entry::new(story, reading, last, &self.aliases).with_files(files)
            })
            .collect();
        self.library.set_entries(entries);
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
        if from_index {
            return Effects::redraw();
        }
        self.resume_if_asked()
    }

    /// With `--resume`, once the scan is in: opens the story read last, or says why
    /// not.
    fn resume_if_asked(&mut self) -> Effects {
        if std::mem::take(&mut self.resume_after_scan) {
            if let Some(entry) = self.library.continue_line().map(|line| line.entry) {
                return self.open_entry(entry);
            }
            let message = match self.store.last_read() {
                // Read before, but not in the folders scanned now: say so rather than
                // quietly showing the library.
                Some((_, state)) => format!(
                    "“{}” ({}) is not in the scanned folders: pick a story",
                    state.title,
                    state.path.display()
                ),
                None => "Nothing to resume yet: pick a story".to_owned(),
            };
            self.library.set_message(message);
        }
        Effects::redraw()
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
                let mut effects = Effects::job(Job::ReadFacts {
                    path,
                    aliases: self.aliases.clone(),
                });
                effects.redraw = true;
                effects
            }
            Outcome::Request(request) => self.request(request),
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
        let metas: std::collections::HashMap<&str, &crate::meta::StoryMeta> = self
            .library
            .entries()
            .iter()
            .map(|e| (e.story.key.as_str(), &e.story.meta))
            .collect();
        crate::stats::Report::build(
            self.store.iter().map(|(k, s)| (k.as_str(), s)),
            |key| metas.get(key).copied(),
            &counting::today(),
        )
    }

    /// Opens a library entry in the reader at its saved place. A file that cannot be
    /// read any more is a message in the library, not an error.
    fn open_entry(&mut self, entry: usize) -> Effects {
        let Some(path) = self
            .library
            .entries()
            .get(entry)
            .map(|e| e.story.path.clone())
        else {
            return Effects::none();
        };
        self.load(&path, Some(entry))
    }

    fn load(&mut self, path: &Path, entry: Option<usize>) -> Effects {
        self.next_job += 1;
        self.loading = Some(Loading {
            id: self.next_job,
            path: path.to_owned(),
            entry,
        });
        // The index already has the metadata and key of a library story; extracting
        // them again would cost as much as parsing a long story.
        let extract = entry.is_none().then(|| self.aliases.clone());
        Effects::job(Job::Load(LoadJob {
            id: self.next_job,
            path: path.to_owned(),
            extract,
        }))
    }

    fn loaded(&mut self, id: u64, result: Result<Box<LoadedStory>, ReadError>) -> Effects {
        if self.loading.as_ref().is_none_or(|l| l.id != id) {
            return Effects::none();
        }
        let Some(Loading { path, entry, .. }) = self.loading.take() else {
            return Effects::none();
        };
        let story = match result {
            Ok(story) => *story,
            Err(error) => {
                self.library.set_message(error.to_string());
                return Effects::redraw();
            }
        };
        let known = entry
            .and_then(|i| self.library.entries().get(i))
            .map(|e| (e.story.meta.clone(), e.story.key.clone()));
        let Some((meta, key)) = known.or(story.extracted) else {
            return Effects::none();
        };
        let mut effects = self.close_reader_state();
        // A re-download whose key changed (an author renamed) is found by its path.
        self.store.find(&key, &path);
        let state = self.store.entry(&key);
        let new_chapters = state.on_open(meta.chapters, now_ms());
        path.clone_into(&mut state.path);
        state.title.clone_from(&meta.title);
        let saved = state.position.clone();
        let mut reader = reader::Reader::new(story.doc, &meta.title, &self.config, self.size);
        let doc = std::sync::Arc::clone(reader.pager().document_arc());
        session::restore(&mut reader, &doc, saved.as_ref(), new_chapters);
        if !self.reader_hint_shown && reader.message().is_none() {
            // Once a session: the reader has no footer, so say where the keys are.
            let keys = reader.keymap();
            let back = if self.reader_only {
                "quit"
            } else {
                "back to the library"
            };
            reader.set_message(format!(
                "{} help · {} {back}",
                keys.hint(Action::Help),
                keys.hint(Action::Quit)
            ));
            self.reader_hint_shown = true;
        }
        self.open = Some(OpenStory {
            reader,
            entry,
            path,
            key,
            status: meta.status,
            moved: saved.is_none(),
            end_recorded: false,
            counter: counting::Counter::default(),
        });
        self.last_key = None;
        // Opening is worth saving at once.
        self.capture_position();
        effects.merge(self.start_save());
        effects.redraw = true;
        effects
    }

    fn reader_key(&mut self, key: Key) -> Effects {
        if key == Key::plain(crate::keymap::KeyCode::Enter)
            && self
                .open
                .as_ref()
                .is_some_and(|o| matches!(o.reader.popup(), reader::ReaderPopup::None))
            && let Some(next) = self.next_part_offered()
        {
            // The place in this part is captured as the reader leaves it.
            return self.open_entry(next);
        }
        let now = Instant::now();
        let Some(open) = &mut self.open else {
            return Effects::none();
        };
        if let Some(last) = self.last_key
            && now.duration_since(last) < IDLE_AFTER
        {
            let secs = now.duration_since(last).as_secs();
            if secs > 0 {
                self.store.entry(&open.key).time_read_secs += secs;
            }
        }
        self.last_key = Some(now);
        let before = open.reader.anchor();
        let outcome = open.reader.on_key(key);
        open.moved |= open.reader.anchor() != before;
        let effects = self.apply(outcome);
        self.record_end();
        self.offer_next_part();
        effects
    }

    /// The next part of the open story's series, when the reader is at the end of
    /// this one and the library has it.
    fn next_part_offered(&self) -> Option<usize> {
        let open = self.open.as_ref()?;
        if !open.reader.pager().is_at_end() {
            return None;
        }
        self.library.next_part(open.entry?)
    }

    /// At the end of a part, says which part comes next and how to open it.
    fn offer_next_part(&mut self) {
        let Some(next) = self.next_part_offered() else {
            return;
        };
        let Some(entry) = self.library.entries().get(next) else {
            return;
        };
        let meta = &entry.story.meta;
        let part = meta
            .series
            .as_ref()
            .and_then(|s| s.index)
            .map_or_else(String::new, |i| format!("Part {i}, "));
        let message = format!(
            "Next in series: {part}“{}” — Enter to open",
            crate::display::one_line(&meta.title)
        );
        if let Some(open) = &mut self.open
            && open.reader.message().is_none()
            && matches!(open.reader.popup(), reader::ReaderPopup::None)
        {
            open.reader.set_message(message);
        }
    }

    /// Reaching the end of a complete story finishes it; of a work in progress, it is
    /// caught up.
    fn record_end(&mut self) {
        let Some(open) = &mut self.open else { return };
        if open.end_recorded || !open.reader.pager().is_at_end() {
            return;
        }
        open.end_recorded = true;
        let status = open.status;
        let key = open.key.clone();
        let state = self.store.entry(&key);
        let newly_finished = state.shelf != Shelf::Finished && status == Status::Complete;
        state.on_reached_end(status, now_ms());
        open.moved = true;
        if newly_finished {
            let finished = store::Tally {
                finished: 1,
                ..store::Tally::default()
            };
            self.store
                .record_reading(&key, &counting::today(), finished);
        }
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

    fn request(&mut self, request: reader::Request) -> Effects {
        let Some(open) = &mut self.open else {
            return Effects::none();
        };
        let doc = std::sync::Arc::clone(open.reader.pager().document_arc());
        let now = now_ms();
        let state = self.store.entry(&open.key);
        match request {
            reader::Request::AddBookmark { label, anchor } => {
                state.add_bookmark(label, store::capture(&doc, anchor), now);
            }
            reader::Request::SetMark { letter, anchor } => {
                state.set_mark(letter, store::capture(&doc, anchor), now);
            }
            reader::Request::ShowBookmarks => {
                let items = session::bookmark_items(&doc, state);
                if items.is_empty() {
                    let hint = |action| open.reader.keymap().hint(action);
                    let message = format!(
                        "No bookmarks yet: {} then Enter adds one, {} then a letter sets a mark",
                        hint(Action::AddBookmark),
                        hint(Action::AddBookmark)
                    );
                    open.reader.set_message(message);
                } else {
                    open.reader.show_bookmarks(items);
                }
                return Effects::redraw();
            }
            reader::Request::RenameBookmark { id, label } => {
                if let Some(bookmark) = state.bookmarks.iter_mut().find(|b| b.id == id) {
                    bookmark.label = label;
                    state.updated = state.updated.max(now);
                }
            }
            reader::Request::DeleteBookmark(id) => {
                state.remove_bookmark(id, now);
            }
            reader::Request::DeleteMark(letter) => {
                state.remove_mark(letter, now);
            }
        }
        if let Some(open) = &mut self.open
            && matches!(open.reader.popup(), reader::ReaderPopup::Bookmarks(_))
            && let Some(state) = self.store.get(&open.key)
        {
            let items = session::bookmark_items(&doc, state);
            open.reader.show_bookmarks(items);
        }
        // Bookmarks are precious: saved at once, not on the debounce.
        let mut effects = self.save_now();
        effects.redraw = true;
        effects
    }

    /// The mouse wheel.
    fn wheel(&mut self, down: bool) -> Effects {
        if let Some(open) = &mut self.open {
            let before = open.reader.anchor();
            let outcome = open.reader.wheel(down);
            open.moved |= open.reader.anchor() != before;
            self.record_end();
            let effects = self.apply(outcome);
            self.offer_next_part();
            return effects;
        }
        let action = if down {
            Action::LineDown
        } else {
            Action::LineUp
        };
        let outcome = self.library.update(action);
        self.apply(outcome)
    }

    /// Captures a moved position and starts a save, at most once per
    /// [`SAVE_INTERVAL`].
    fn tick(&mut self, now: Instant) -> Effects {
        self.last_tick = Some(now);
        self.count_page(now);
        // Captured once the reader pauses (so a `kill -9` soon after loses nothing), or
        // once a second while the keys keep coming (capturing costs a pass over the
        // story's words).
        let paused = self
            .last_key
            .is_none_or(|key| now.saturating_duration_since(key) >= SETTLE);
        if paused || now.saturating_duration_since(self.last_capture) >= SAVE_INTERVAL {
            self.capture_position();
            self.last_capture = now;
        }
        // Saved on the same terms: at once when the reader pauses, else once a second.
        let interval = if paused { SETTLE } else { SAVE_INTERVAL };
        if !self.saving && self.store.save_due(now, interval) {
            return self.start_save();
        }
        Effects::none()
    }

    /// Captures the place and saves; the loop runs the save before it exits.
    fn shutdown(&mut self) -> Effects {
        let mut effects = self.close_reader_state();
        // A story opened alone (`ficread FILE`) never showed the library: nothing to
        // remember, and the last library view stays as it was.
        if self.session_restored {
            self.store.set_session(self.library.session(now_ms()));
        }
        // Whatever a save under way carries, this one carries too (and merges with it
        // on disk), so it need not wait for it.
        self.saving = false;
        effects.merge(self.start_save());
        effects.quit = true;
        effects
    }

    fn save_now(&mut self) -> Effects {
        self.capture_position();
        self.start_save()
    }

    fn start_save(&mut self) -> Effects {
        if self.saving {
            self.save_queued = true;
            return Effects::none();
        }
        match self.store.begin_save() {
            Some(job) => {
                self.saving = true;
                Effects::job(Job::Save(job))
            }
            None => Effects::none(),
        }
    }

    fn saved(&mut self, result: SaveResult) -> Effects {
        self.saving = false;
        let mut effects = Effects::none();
        let merged_others = result.merged_others();
        match self.store.finish_save(result) {
            Ok(()) => effects.redraw |= self.save_error.take().is_some(),
            Err(error) => {
                let message = format!("reading state not saved: {error}");
                if !self.warnings.contains(&message) {
                    self.warnings.push(message.clone());
                }
                self.save_error = Some(message);
                effects.redraw = true;
            }
        }
        for warning in self.store.take_warnings() {
            self.show(&warning);
            self.warnings.push(warning);
            effects.redraw = true;
        }
        // Another process's changes were merged in: show them.
        if merged_others {
            effects.redraw |= self.refresh_all_entries();
        }
        if std::mem::take(&mut self.save_queued) {
            effects.merge(self.start_save());
        }
        effects
    }

    /// A message on whichever view has the screen.
    fn show(&mut self, message: &str) {
        match &mut self.open {
            Some(open) => open.reader.set_message(message),
            None => self.library.set_message(message),
        }
    }

    fn capture_position(&mut self) {
        let Some(open) = &mut self.open else { return };
        if !open.moved {
            return;
        }
        open.moved = false;
        let mut position = store::capture(open.reader.pager().document(), open.reader.anchor());
        position.top_shift = open.reader.pager().top_shift();
        self.store.entry(&open.key).set_position(position, now_ms());
    }

    /// Captures the open story's place before it is closed or replaced.
    fn close_reader_state(&mut self) -> Effects {
        self.capture_position();
        if let (Some(open), Some(now)) = (&mut self.open, self.last_tick)
            && let Some(tally) = open.counter.finish(now)
        {
            let key = open.key.clone();
            self.store.record_reading(&key, &counting::today(), tally);
        }
        if let Some(entry) = self.open.as_ref().and_then(|o| o.entry) {
            self.refresh_entry(entry);
        }
        self.refresh_continue_line();
        Effects::none()
    }

    fn close_reader(&mut self) -> Effects {
        let mut effects = self.close_reader_state();
        if let Some(entry) = self.open.as_ref().and_then(|o| o.entry) {
            self.library.select_entry(entry);
        }
        self.open = None;
        effects.merge(self.save_now());
        effects.redraw = true;
        effects
    }

    fn change_state(
        &mut self,
        entry: usize,
        change: impl FnOnce(&mut store::StoryState),
    ) -> Effects {
        let Some(story) = self.library.entries().get(entry).map(|e| e.story.clone()) else {
            return Effects::none();
        };
        let state = self.store.entry(&story.key);
        if state.title.is_empty() {
            state.title.clone_from(&story.meta.title);
            state.path.clone_from(&story.path);
        }
        change(state);
        self.refresh_entry(entry);
        self.refresh_continue_line();
        let mut effects = self.save_now();
        effects.redraw = true;
        effects
    }

    /// Shows an entry's reading state as the store has it; true when it changed.
    fn refresh_entry(&mut self, entry: usize) -> bool {
        let Some(e) = self.library.entries().get(entry) else {
            return false;
        };
        let (reading, last) = session::reading_of(self.store.get(&e.story.key), &e.story.meta);
        if e.reading == reading && e.last_opened == last {
            return false;
        }
        self.library.update_reading(entry, reading, last);
        true
    }

    /// Shows every entry's reading state and the continue line as the store has them
    /// (after a save merged in another process's changes); true when any changed.
    fn refresh_all_entries(&mut self) -> bool {
        let mut changed = false;
        for entry in 0..self.library.entries().len() {
            changed |= self.refresh_entry(entry);
        }
        changed | self.refresh_continue_line()
    }

    /// The continue line from the store's last-read story; true when it changed.
    fn refresh_continue_line(&mut self) -> bool {
        let line = self.store.last_read().and_then(|(key, state)| {
            let entry = self
                .library
                .entries()
                .iter()
                .position(|e| &e.story.key == key)?;
            let chapters = self
                .library
                .entries()
                .get(entry)
                .map_or(0, |e| e.story.meta.chapters);
            session::continue_line(entry, state, chapters)
        });
        if self.library.continue_line() == line.as_ref() {
            return false;
        }
        self.library.set_continue(line);
        true
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
