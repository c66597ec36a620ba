//! The app's one vocabulary with the outside world: [`Msg`] is everything that can
//! happen to it (keys, the mouse, a resize, the clock, results of background work),
//! [`Effects`] everything it asks the terminal loop to do (draw, run jobs, quit).

use std::path::PathBuf;
use std::time::Instant;

use super::job::{Job, LoadedStory, ScanRequest, Scanned};
use super::library::Facts;
use crate::format::ReadError;
use crate::keymap::Key;
use crate::store::SaveResult;

/// Something that happened, for [`super::App::update`].
#[derive(Debug)]
pub enum Msg {
    /// The session begins: what to open first, and anything to say at once (a
    /// reading-state file that was kept aside).
    Start { open: Start, notice: Option<String> },
    /// A key press (key releases never arrive here).
    Key(Key),
    /// The mouse wheel turned, towards the end when `down`.
    Wheel { down: bool },
    /// The terminal's new size, in columns and rows.
    Resize { width: u16, height: u16 },
    /// Time passed (the loop ticks when idle and after every event): positions are
    /// captured and saves started on this.
    Tick(Instant),
    /// A scan has parsed `done` of the `total` files it must parse.
    ScanProgress { done: usize, total: usize },
    /// A scan finished, or the index was read ([`Scanned::from_index`]).
    Scanned(Box<Scanned>),
    /// The files match the index the library was drawn from: the scan is done.
    Revalidated,
    /// The head of a long story being read for opening (job `id`): drawn while the
    /// rest is read. A [`Msg::Loaded`] follows.
    Previewed { id: u64, story: Box<LoadedStory> },
    /// A story was read for opening (job `id`), or could not be.
    Loaded {
        id: u64,
        result: Result<Box<LoadedStory>, ReadError>,
    },
    /// The details popup's facts about the story at `path` were read.
    FactsRead {
        path: PathBuf,
        result: Result<Box<Facts>, ReadError>,
    },
    /// A save finished (or failed).
    Saved(SaveResult),
    /// The session ends (quit, a signal, a hung-up terminal): capture the place and
    /// save; the loop runs the save before it exits.
    Shutdown,
    /// An image was handed to the viewer (its temporary file), or why not.
    ImageOpened(Result<PathBuf, String>),
}

/// What to open when the session begins.
#[derive(Debug)]
pub enum Start {
    /// The library, from this scan.
    Library(ScanRequest),
    /// The library, then the story read last at its place.
    Resume(ScanRequest),
    /// One file straight in the reader; `q` quits.
    File(PathBuf),
    /// A story already in memory (read from elsewhere, or built by hand), as if read
    /// from `path`; `q` quits.
    Story {
        path: PathBuf,
        story: Box<LoadedStory>,
    },
}

/// What the terminal loop must do after an update.
#[derive(Debug, Default)]
#[must_use]
pub struct Effects {
    /// Something visible changed: draw.
    pub redraw: bool,
    /// Leave the loop, after running these effects' jobs on the loop's own thread
    /// (the last save).
    pub quit: bool,
    /// Give the terminal back and stop, as Ctrl-Z does in a shell; draw again on
    /// return.
    pub suspend: bool,
    /// Background work to run; each job reports back with a [`Msg`].
    pub jobs: Vec<Job>,
}

impl Effects {
    /// Nothing to do.
    pub fn none() -> Self {
        Self::default()
    }

    /// Just a redraw.
    pub fn redraw() -> Self {
        Self {
            redraw: true,
            ..Self::default()
        }
    }

    /// One job to run.
    pub fn job(job: Job) -> Self {
        Self {
            jobs: vec![job],
            ..Self::default()
        }
    }

    /// Adds another update's effects to these.
    pub fn merge(&mut self, other: Effects) {
        self.redraw |= other.redraw;
        self.quit |= other.quit;
        self.suspend |= other.suspend;
        self.jobs.extend(other.jobs);
    }
}
