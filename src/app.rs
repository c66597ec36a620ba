//! Application state, free of terminal types: the views' models and the rules that
//! change them. The TUI draws these and feeds them keys.
//!
//! [`App`] switches between the library and the reader: Enter in the library opens
//! the selected story, `q` in the reader returns to the library with the selection
//! kept, `q` in the library quits. A story opened straight from the command line
//! (`ficread read`, `--resume`) quits on `q` instead.

pub mod library;
pub mod reader;

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::format;
use crate::keymap::Key;
use crate::library::title_from_file_name;
use crate::meta::{self, Aliases};

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
}

/// The whole application.
#[derive(Debug)]
pub struct App {
    config: Config,
    aliases: Aliases,
    library: library::Library,
    open: Option<OpenStory>,
    view: View,
    /// `q` in the reader quits instead of returning (opened from the command line).
    reader_only: bool,
    size: (u16, u16),
}

impl App {
    /// An app showing the library.
    pub fn new(
        config: Config,
        aliases: Aliases,
        library: library::Library,
        size: (u16, u16),
    ) -> Self {
        Self {
            config,
            aliases,
            library,
            open: None,
            view: View::Library,
            reader_only: false,
            size,
        }
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

    /// Opens a library entry in the reader. A file that cannot be read any more is a
    /// message in the library, not an error.
    pub fn open_entry(&mut self, entry: usize) -> Outcome {
        let Some(path) = self
            .library
            .entries()
            .get(entry)
            .map(|e| e.story.path.clone())
        else {
            return Outcome::Unchanged;
        };
        match self.load(&path, Some(entry)) {
            Ok(()) => Outcome::Redraw,
            Err(message) => {
                self.library.set_message(message);
                Outcome::Redraw
            }
        }
    }

    /// Opens a file straight in the reader; `q` will quit.
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
        let doc = format::read_file(path).map_err(|e| e.to_string())?;
        // The index already has the metadata of a library story; extracting it again
        // would cost as much as parsing a long story.
        let title = match entry.and_then(|i| self.library.entries().get(i)) {
            Some(known) => known.story.meta.title.clone(),
            None => {
                meta::extract_with_fallback(&doc, &self.aliases, &title_from_file_name(path)).title
            }
        };
        let reader = reader::Reader::new(doc, &title, &self.config, self.size);
        self.open = Some(OpenStory {
            reader,
            entry,
            path: path.to_owned(),
        });
        self.view = View::Reader;
        Ok(())
    }

    /// A key press, for whichever view has the screen.
    pub fn on_key(&mut self, key: Key) -> Outcome {
        match self.view {
            View::Library => match self.library.on_key(key) {
                library::Outcome::Unchanged => Outcome::Unchanged,
                library::Outcome::Redraw => Outcome::Redraw,
                library::Outcome::Quit => Outcome::Quit,
                library::Outcome::Open(entry) => self.open_entry(entry),
                library::Outcome::SetShelf(entry, shelf) => {
                    self.set_shelf(entry, shelf);
                    Outcome::Redraw
                }
                library::Outcome::ToggleFavourite(entry) => {
                    self.toggle_favourite(entry);
                    Outcome::Redraw
                }
            },
            View::Reader => {
                let Some(open) = &mut self.open else {
                    self.view = View::Library;
                    return Outcome::Redraw;
                };
                match open.reader.on_key(key) {
                    reader::Outcome::Unchanged => Outcome::Unchanged,
                    reader::Outcome::Redraw => Outcome::Redraw,
                    reader::Outcome::Quit => self.close_reader(),
                }
            }
        }
    }

    /// The mouse wheel.
    pub fn wheel(&mut self, down: bool) -> Outcome {
        if let (View::Reader, Some(open)) = (self.view, &mut self.open) {
            return match open.reader.wheel(down) {
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

    fn close_reader(&mut self) -> Outcome {
        if self.reader_only {
            return Outcome::Quit;
        }
        if let Some(entry) = self.open.as_ref().and_then(|o| o.entry) {
            self.library.select_entry(entry);
        }
        self.open = None;
        self.view = View::Library;
        Outcome::Redraw
    }

    fn set_shelf(&mut self, entry: usize, shelf: &str) {
        let Some(current) = self.library.entries().get(entry) else {
            return;
        };
        let mut reading = current.reading.clone();
        shelf.clone_into(&mut reading.shelf);
        let last = current.last_opened;
        self.library.update_reading(entry, reading, last);
    }

    fn toggle_favourite(&mut self, entry: usize) {
        let Some(current) = self.library.entries().get(entry) else {
            return;
        };
        let mut reading = current.reading.clone();
        reading.favourite = !reading.favourite;
        let last = current.last_opened;
        self.library.update_reading(entry, reading, last);
    }
}
