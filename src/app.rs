//! Application state, free of terminal types: the views' models, the reading-state
//! store, and the rules that change them. The TUI draws these and feeds them keys.
//!
//! [`App`] switches between the library and the reader: Enter in the library opens
//! the selected story at its saved place, `q` in the reader returns to the library
//! with the selection kept, `q` in the library quits. A story opened straight from
//! the command line (`ficread read`) quits on `q` instead.
//!
//! Reading state is saved as the reader moves (captured at most once a second, saved
//! by the store's debounce), on every bookmark change, and on [`App::shutdown`].

pub mod library;
pub mod reader;
mod session;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::format;
use crate::keymap::Key;
use crate::library::{Work, title_from_file_name};
use crate::meta::{self, Aliases, Status};
use crate::store::{self, Store, now_ms};

/// How often a moved position is captured and the store saved.
pub const SAVE_INTERVAL: Duration = Duration::from_secs(1);

/// A pause longer than this between keys is not reading time.
const IDLE_AFTER: Duration = Duration::from_secs(300);

/// Which view has the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Library,
    Reader,
}

/// What the app did with an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Unchanged,
    Redraw,
    Quit,
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
}

/// The whole application.
#[derive(Debug)]
pub struct App {
    config: Config,
    aliases: Aliases,
    library: library::Library,
    store: Store,
    open: Option<OpenStory>,
    view: View,
    /// `q` in the reader quits instead of returning (opened from the command line).
    reader_only: bool,
    size: (u16, u16),
    last_capture: Instant,
    last_key: Option<Instant>,
    /// Problems to report after the terminal is restored (a save that failed).
    warnings: Vec<String>,
}

impl App {
    /// An app showing the library of `works`, with reading state from `store`.
    pub fn new(
        config: Config,
        aliases: Aliases,
        works: Vec<Work>,
        store: Store,
        size: (u16, u16),
    ) -> Self {
        let entries = works
            .into_iter()
            .map(|Work { story, files }| {
                let (reading, last) = session::reading_of(store.get(&story.key), &story.meta);
                let files = if files.len() > 1 { files } else { Vec::new() };
                library::Entry::new(story, reading, last, &aliases).with_files(files)
            })
            .collect();
        let library = library::Library::new(
            entries,
            config.shelves.0.clone(),
            crate::keymap::Keymap::library(&config.keys.library),
            aliases.clone(),
        );
        let mut app = Self {
            config,
            aliases,
            library,
            store,
            open: None,
            view: View::Library,
            reader_only: false,
            size,
            last_capture: Instant::now(),
            last_key: None,
            warnings: Vec::new(),
        };
        app.refresh_continue_line();
        app
    }

    /// The view on screen.
    pub fn view(&self) -> View {
        self.view
    }

    /// The library model.
    pub fn library(&self) -> &library::Library {
        &self.library
    }

    /// The library model, for the TUI to tell it its size.
    pub fn library_mut(&mut self) -> &mut library::Library {
        &mut self.library
    }

    /// The open story.
    pub fn open_story(&self) -> Option<&OpenStory> {
        self.open.as_ref()
    }

    /// The store (for tests and `ficread bookmarks`).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Opens the story read last at its place (`--resume`); false when there is none.
    pub fn resume(&mut self) -> bool {
        match self.library.continue_line().map(|line| line.entry) {
            Some(entry) => self.open_entry(entry) == Outcome::Redraw && self.view == View::Reader,
            None => false,
        }
    }

    /// Opens a library entry in the reader at its saved place. A file that cannot be
    /// read any more is a message in the library, not an error.
    pub fn open_entry(&mut self, entry: usize) -> Outcome {
        let Some(path) = self
            .library
            .entries()
            .get(entry)
            .map(|e| e.story.path.clone())
        else {
            return Outcome::Unchanged;
        };
        if let Err(message) = self.load(&path, Some(entry)) {
            self.library.set_message(message);
        }
        Outcome::Redraw
    }

    /// Opens a file straight in the reader at its saved place; `q` will quit.
    pub fn open_path(&mut self, path: &Path) -> Result<(), String> {
        let entry = self
            .library
            .entries()
            .iter()
            .position(|e| e.story.path == path);
        self.load(path, entry)?;
        self.reader_only = true;
        Ok(())
    }

    fn load(&mut self, path: &Path, entry: Option<usize>) -> Result<(), String> {
        self.close_reader_state();
        let doc = format::read_file(path).map_err(|e| e.to_string())?;
        // The index already has the metadata and key of a library story; extracting
        // them again would cost as much as parsing a long story.
        let known = entry
            .and_then(|i| self.library.entries().get(i))
            .map(|e| &e.story);
        let (meta, key) = if let Some(story) = known {
            (story.meta.clone(), story.key.clone())
        } else {
            let meta =
                meta::extract_with_fallback(&doc, &self.aliases, &title_from_file_name(path));
            let key = store::story_key(&doc, &meta);
            (meta, key)
        };
        // A re-download whose key changed (an author renamed) is found by its path.
        self.store.find(&key, path);
        let state = self.store.entry(&key);
        let new_chapters = state.on_open(meta.chapters, now_ms());
        path.clone_into(&mut state.path);
        state.title.clone_from(&meta.title);
        let saved = state.position.clone();
        let mut reader = reader::Reader::new(doc, &meta.title, &self.config, self.size);
        let doc = std::sync::Arc::clone(reader.pager().document_arc());
        session::restore(&mut reader, &doc, saved.as_ref(), new_chapters);
        self.open = Some(OpenStory {
            reader,
            entry,
            path: path.to_owned(),
            key,
            status: meta.status,
            moved: saved.is_none(),
            end_recorded: false,
        });
        self.view = View::Reader;
        self.last_key = None;
        self.save_soon();
        Ok(())
    }

    /// A key press, for whichever view has the screen.
    pub fn on_key(&mut self, key: Key) -> Outcome {
        match self.view {
            View::Library => self.library_key(key),
            View::Reader => self.reader_key(key),
        }
    }

    fn library_key(&mut self, key: Key) -> Outcome {
        match self.library.on_key(key) {
            library::Outcome::Unchanged => Outcome::Unchanged,
            library::Outcome::Redraw => Outcome::Redraw,
            library::Outcome::Quit => Outcome::Quit,
            library::Outcome::Open(entry) => self.open_entry(entry),
            library::Outcome::SetShelf(entry, shelf) => {
                self.change_state(entry, |state| state.shelf = shelf);
                Outcome::Redraw
            }
            library::Outcome::ToggleFavourite(entry) => {
                self.change_state(entry, |state| state.favourite = !state.favourite);
                Outcome::Redraw
            }
        }
    }

    fn reader_key(&mut self, key: Key) -> Outcome {
        let now = Instant::now();
        let Some(open) = &mut self.open else {
            self.view = View::Library;
            return Outcome::Redraw;
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
        match outcome {
            reader::Outcome::Unchanged => return Outcome::Unchanged,
            reader::Outcome::Quit => return self.close_reader(),
            reader::Outcome::Request(request) => self.apply(request),
            reader::Outcome::Redraw => {}
        }
        self.record_end();
        Outcome::Redraw
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
        let state = self.store.entry(&open.key);
        state.on_reached_end(status);
        open.moved = true;
    }

    fn apply(&mut self, request: reader::Request) {
        let Some(open) = &mut self.open else { return };
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
                    open.reader.set_message(
                        "No bookmarks yet: m then Enter adds one, m then a letter sets a mark",
                    );
                } else {
                    open.reader.show_bookmarks(items);
                }
                return;
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
        // Bookmarks are precious: saved at once, not on the debounce.
        self.save_now();
        if let Some(open) = &mut self.open
            && matches!(open.reader.overlay(), reader::Overlay::Bookmarks(_))
            && let Some(state) = self.store.get(&open.key)
        {
            let items = session::bookmark_items(&doc, state);
            open.reader.show_bookmarks(items);
        }
    }

    /// The mouse wheel.
    pub fn wheel(&mut self, down: bool) -> Outcome {
        if let (View::Reader, Some(open)) = (self.view, &mut self.open) {
            let before = open.reader.anchor();
            let outcome = open.reader.wheel(down);
            open.moved |= open.reader.anchor() != before;
            self.record_end();
            return match outcome {
                reader::Outcome::Unchanged => Outcome::Unchanged,
                _ => Outcome::Redraw,
            };
        }
        let action = if down {
            crate::keymap::Action::LineDown
        } else {
            crate::keymap::Action::LineUp
        };
        match self.library.update(action) {
            library::Outcome::Unchanged => Outcome::Unchanged,
            _ => Outcome::Redraw,
        }
    }

    /// The terminal's new size.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        if let Some(open) = &mut self.open {
            open.reader.resize(width, height);
        }
    }

    /// Called after every event and when idle: captures a moved position and saves,
    /// at most once per [`SAVE_INTERVAL`].
    pub fn tick(&mut self, now: Instant) {
        if now.duration_since(self.last_capture) >= SAVE_INTERVAL {
            self.capture_position();
            self.last_capture = now;
        }
        if let Err(e) = self.store.save_if_due(now, SAVE_INTERVAL) {
            self.report_save_error(&e.to_string());
        }
    }

    /// Saves everything now (quit, SIGTERM). Returns what should be told to the user
    /// once the terminal is restored.
    pub fn shutdown(&mut self) -> Vec<String> {
        self.close_reader_state();
        self.save_now();
        let mut warnings = std::mem::take(&mut self.warnings);
        warnings.extend(self.store.take_warnings());
        warnings.dedup();
        warnings
    }

    fn save_soon(&mut self) {
        // Make the next tick capture and save at once (opening is worth saving).
        self.last_capture = Instant::now()
            .checked_sub(SAVE_INTERVAL)
            .unwrap_or_else(Instant::now);
    }

    fn save_now(&mut self) {
        self.capture_position();
        if let Err(e) = self.store.save() {
            self.report_save_error(&e.to_string());
        }
    }

    fn report_save_error(&mut self, error: &str) {
        let message = format!("reading state not saved: {error}");
        if !self.warnings.contains(&message) {
            self.warnings.push(message.clone());
            match &mut self.open {
                Some(open) => open.reader.set_message(message),
                None => self.library.set_message(message),
            }
        }
    }

    fn capture_position(&mut self) {
        let Some(open) = &mut self.open else { return };
        if !open.moved {
            return;
        }
        open.moved = false;
        let position = store::capture(open.reader.pager().document(), open.reader.anchor());
        self.store.entry(&open.key).position = Some(position);
    }

    /// Captures the open story's place before it is closed or replaced.
    fn close_reader_state(&mut self) {
        self.capture_position();
        if let Some(entry) = self.open.as_ref().and_then(|o| o.entry) {
            self.refresh_entry(entry);
        }
    }

    fn close_reader(&mut self) -> Outcome {
        if self.reader_only {
            return Outcome::Quit;
        }
        self.close_reader_state();
        if let Some(entry) = self.open.as_ref().and_then(|o| o.entry) {
            self.library.select_entry(entry);
        }
        self.open = None;
        self.view = View::Library;
        self.refresh_continue_line();
        self.save_now();
        Outcome::Redraw
    }

    fn change_state(&mut self, entry: usize, change: impl FnOnce(&mut store::StoryState)) {
        let Some(story) = self.library.entries().get(entry).map(|e| e.story.clone()) else {
            return;
        };
        let state = self.store.entry(&story.key);
        if state.title.is_empty() {
            state.title.clone_from(&story.meta.title);
            state.path.clone_from(&story.path);
        }
        change(state);
        self.refresh_entry(entry);
        self.save_now();
    }

    fn refresh_entry(&mut self, entry: usize) {
        let Some(story) = self.library.entries().get(entry).map(|e| &e.story) else {
            return;
        };
        let (reading, last) = session::reading_of(self.store.get(&story.key), &story.meta);
        self.library.update_reading(entry, reading, last);
    }

    fn refresh_continue_line(&mut self) {
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
        self.library.set_continue(line);
    }
}

#[cfg(test)]
mod tests;
