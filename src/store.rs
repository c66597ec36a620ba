//! The reading-state store: per story, the reading position, bookmarks, marks, shelf,
//! favourite flag and reading time, kept in `state.json` in the data directory.
//!
//! What it owns and promises:
//! - **Identity** ([`story_key`]): state follows the story, not the file, so moves,
//!   renames, appended chapters and typo fixes keep it.
//! - **Positions that survive edits** ([`capture`], [`relocate`]): an anchor plus a
//!   quote, re-found after chapters are inserted or text is edited, with a
//!   [`Confidence`] so the reader can say when it could not find the place.
//! - **Durability**: the file on disk is always a whole old or a whole new version
//!   (temp file + fsync + rename), is never overwritten when it cannot be parsed (it is
//!   kept aside and reported), and is never written over by an older ficread.
//! - **Two processes at once** lose nothing: a save takes an exclusive lock, re-reads
//!   the file and merges per story (see [`merge`]) before writing.
//!
//! It is pure model: no terminal types, no knowledge of the app's events.

mod file;
mod key;
mod quote;
pub mod reading_log;
mod save;
mod session;
mod shelf;
mod state;
pub mod sync;

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use thiserror::Error;

pub use file::{LOCK_FILE, Moved, STATE_FILE, VERSION};
pub use key::{StoryKey, story_key};
pub use quote::{
    Confidence, Position, Quote, Relocated, StoryText, capture, capture_with_fraction, relocate,
};
pub use reading_log::{ReadingLog, Tally};
pub use save::{SaveJob, SaveResult};
pub use session::LibrarySession;
pub use shelf::{Shelf, UnknownShelf};
pub use state::{Bookmark, StoryState, TOMBSTONE_DAYS, merge};
pub use sync::{DEVICE_ID_FILE, SyncSettings};

use file::{Loaded, StateFile};
use save::merge_files;
use sync::Device;

/// Why reading state could not be saved.
#[derive(Debug, Error)]
pub enum StoreError {
    /// Reading, writing or locking a file failed (`path` is the file).
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The data folder cannot be written to (read-only, full, not a folder, no
    /// permission): named, since that is what the user must fix, not the file.
    #[error("cannot save reading state in {}: {source}", dir.display())]
    Unwritable {
        dir: PathBuf,
        #[source]
        source: io::Error,
    },
    /// Another process held `state.lock` for longer than a save can take.
    #[error("{}: another ficread kept the state locked too long; reading state not saved", path.display())]
    Locked { path: PathBuf },
    /// The state file was written by a newer ficread; it is left as it is.
    #[error(
        "{}: written by a newer ficread (state version {version}; this one knows {VERSION}); not overwritten",
        path.display()
    )]
    NewerVersion { path: PathBuf, version: u32 },
    /// Saving is off for this session (see [`Store::read_only`]).
    #[error("{}: reading state not saved: {reason}", path.display())]
    ReadOnly { path: PathBuf, reason: String },
    /// The state could not be turned into JSON (not expected to happen).
    #[error("cannot encode reading state: {0}")]
    Encode(#[source] serde_json::Error),
}

/// The current time in unix milliseconds (0 if the clock is before 1970).
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// All stories' reading state, loaded from and saved to one data directory.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    stories: BTreeMap<StoryKey, StoryState>,
    moved: BTreeMap<StoryKey, Moved>,
    dirty: bool,
    last_save: Option<Instant>,
    /// Fingerprint of the state file as this store last read or wrote it: when the
    /// file still has it, nobody else saved, and a save need not parse and merge.
    on_disk: Option<u64>,
    /// Set when saving would destroy something (a newer or unreadable file).
    read_only: Option<String>,
    warnings: Vec<String>,
    /// Counts changes, so a save that ran on another thread knows whether the state
    /// it saved is still the whole state.
    generation: u64,
    /// This process's id in the reading logs (see [`reading_log`]).
    origin: String,
    /// The library view as last left (by any process).
    session: Option<LibrarySession>,
    /// This machine in the sync folder, when syncing is on (see [`sync`]).
    sync: Option<Arc<Device>>,
    /// Warnings already given this session, so a peer file that stays bad is
    /// announced once, not at every save.
    reported: BTreeSet<String>,
    /// The peer files as last merged, so a save reads only those that changed.
    peer_stamps: sync::Stamps,
}

impl Store {
    /// Loads the state file (`data_dir/state.json`). Missing = empty. A file that cannot
    /// be parsed is moved aside to `state.json.corrupt-<unix ms>` and reported once in
    /// the returned warning; stories that still parse one by one are recovered from it.
    /// A file from a newer ficread, or one that cannot be read at all, is loaded as far
    /// as possible and makes the store read-only (also with a warning).
    pub fn open(data_dir: &Path) -> (Store, Option<String>) {
        let mut store = Store {
            dir: data_dir.to_owned(),
            stories: BTreeMap::new(),
            moved: BTreeMap::new(),
            dirty: false,
            last_save: None,
            on_disk: None,
            read_only: None,
            warnings: Vec::new(),
            generation: 0,
            origin: reading_log::new_origin(),
            session: None,
            sync: None,
            reported: BTreeSet::new(),
            peer_stamps: sync::Stamps::new(),
        };
        let path = store.path();
        let bytes = match file::read_bytes(&path) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return (store, None),
            Err(error) => {
                let reason = format!(
                    "{}: cannot read ({error}); changes to reading state will not be saved",
                    path.display()
                );
                store.read_only = Some(reason.clone());
                return (store, Some(reason));
            }
        };
        let warning = match file::parse(&bytes) {
            Loaded::Read(file) => {
                store.load(file);
                store.on_disk = Some(file::fingerprint(&bytes));
                None
            }
            Loaded::Newer { version, file } => {
                if let Some(file) = file {
                    store.load(file);
                }
                let reason = format!(
                    "{} was written by a newer ficread (state version {version}; this one knows {VERSION}); \
                     changes to reading state will not be saved",
                    path.display()
                );
                store.read_only = Some(reason.clone());
                Some(reason)
            }
            Loaded::Corrupt { reason } => Some(store.set_aside_corrupt(&path, &reason)),
        };
        (store, warning)
    }

    /// Turns syncing on (see [`sync`]): makes this machine's device id if it has none,
    /// merges the other machines' files from the sync folder into this state, and from
    /// now on every save also merges them and writes this machine's own file there.
    /// Returns one-line notes: files skipped, or why syncing could not start (the local
    /// state is never harmed by either).
    pub fn attach_sync(&mut self, settings: &SyncSettings) -> Vec<String> {
        let id = match sync::device_id(&self.dir) {
            Ok(id) => id,
            Err(note) => return vec![note],
        };
        // Counters carry the device, so two machines' processes can never share one.
        self.origin = format!("{}-{}", &id[..16], reading_log::new_origin());
        let device = Device {
            dir: settings.dir.clone(),
            id,
            name: sync::device_name(settings.name.as_deref()),
        };
        let mut notes = Vec::new();
        let own_written = device.file().exists();
        let (changed, stamps) = sync::merge_folder(
            &device,
            &mut self.stories,
            &mut self.moved,
            &sync::Stamps::new(),
            &mut notes,
        );
        self.reported.extend(notes.iter().cloned());
        self.peer_stamps = stamps;
        if changed || !own_written {
            // Saved with the next save, which also writes (or first makes) our file.
            self.dirty = true;
            self.generation += 1;
        }
        self.sync = Some(Arc::new(device));
        notes
    }

    /// The state file's path.
    pub fn path(&self) -> PathBuf {
        self.dir.join(STATE_FILE)
    }

    /// The story's state, by key.
    pub fn get(&self, key: &str) -> Option<&StoryState> {
        self.stories.get(key)
    }

    /// Finds state by key, else by last known path (a re-download whose key changed, e.g.
    /// an author renamed): then re-keys it, and records the move so another process
    /// still saving under the old key merges into the new one.
    pub fn find(&mut self, key: &str, path: &Path) -> Option<&StoryState> {
        if !self.stories.contains_key(key) && !path.as_os_str().is_empty() {
            let old = self
                .stories
                .iter()
                .filter(|(_, s)| s.path == path)
                .max_by_key(|(_, s)| s.updated)
                .map(|(k, _)| k.clone());
            if let Some(old) = old
                && let Some(state) = self.stories.remove(&old)
            {
                self.stories.insert(key.to_owned(), state);
                self.moved.remove(key);
                self.moved.insert(
                    old,
                    Moved {
                        to: key.to_owned(),
                        at: now_ms(),
                    },
                );
                self.dirty = true;
                self.generation += 1;
            }
        }
        self.stories.get(key)
    }

    /// The story's state for changing: created if new; marks the store dirty and sets
    /// `updated` to now (never backwards, so a change always wins a merge against the
    /// copy it was made from).
    pub fn entry(&mut self, key: &str) -> &mut StoryState {
        self.dirty = true;
        self.generation += 1;
        let now = now_ms();
        let state = self.stories.entry(key.to_owned()).or_default();
        state.updated = now.max(state.updated.saturating_add(1));
        state
    }

    /// Counts reading of a story on `day` (a local `YYYY-MM-DD`) under this process's
    /// origin, so it merges with other processes' counts without doubling.
    pub fn record_reading(&mut self, key: &str, day: &str, tally: Tally) {
        if tally.is_empty() {
            return;
        }
        let origin = self.origin.clone();
        self.entry(key).reading.add(day, &origin, tally);
    }

    /// The library view as it was last left.
    pub fn session(&self) -> Option<&LibrarySession> {
        self.session.as_ref()
    }

    /// Records the library view to restore next time (saved with the state); a
    /// session equal to the one held, but for its time, changes nothing.
    pub fn set_session(&mut self, session: LibrarySession) {
        if self.session.as_ref().is_some_and(|old| {
            LibrarySession {
                at: old.at,
                ..session.clone()
            } == *old
        }) {
            return;
        }
        self.session = Some(session);
        self.dirty = true;
        self.generation += 1;
    }

    /// Every story's state, by key order.
    pub fn iter(&self) -> impl Iterator<Item = (&StoryKey, &StoryState)> {
        self.stories.iter()
    }

    /// Number of stories with state.
    pub fn len(&self) -> usize {
        self.stories.len()
    }

    /// True when no story has state.
    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
    }

    /// The story opened most recently.
    pub fn last_read(&self) -> Option<(&StoryKey, &StoryState)> {
        self.stories
            .iter()
            .filter(|(_, s)| s.last_opened.is_some())
            .max_by_key(|(_, s)| s.last_opened)
    }

    /// True when there are changes not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Why saving is refused this session, if it is.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Warnings from saves since the last call (a state file found corrupt while saving
    /// and kept aside), to show once.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    fn load(&mut self, file: StateFile) {
        self.stories = file.stories;
        self.moved = file.moved;
        self.session = file.session;
    }

    /// Moves a corrupt state file aside (under the lock, so two processes starting
    /// together don't both do it), recovers what it can, and says what happened.
    fn set_aside_corrupt(&mut self, path: &Path, reason: &str) -> String {
        let lock = match file::lock(&self.dir) {
            Ok(lock) => lock,
            Err(error) => {
                let message = format!(
                    "{} could not be read ({reason}) and was left as it is ({error}); \
                     changes to reading state will not be saved",
                    path.display()
                );
                self.read_only = Some(message.clone());
                return message;
            }
        };
        // Another process may have replaced it since it was read.
        let bytes = std::fs::read(path).unwrap_or_default();
        if let Loaded::Read(file) = file::parse(&bytes) {
            self.load(file);
            return format!(
                "{} could not be read at first ({reason}) but was replaced by another ficread; using that",
                path.display()
            );
        }
        let aside = match file::move_aside(path, now_ms()) {
            Ok(aside) => aside,
            Err(error) => {
                let message = format!(
                    "{} could not be read ({reason}) nor kept aside ({error}); \
                     changes to reading state will not be saved",
                    path.display()
                );
                self.read_only = Some(message.clone());
                return message;
            }
        };
        drop(lock);
        let recovered = file::salvage(&bytes);
        let count = recovered.len();
        self.stories = recovered;
        self.dirty = count > 0;
        let outcome = if count == 0 {
            "starting with empty reading state".to_owned()
        } else {
            format!("recovered {count} stories from it")
        };
        format!(
            "{} could not be read ({reason}); it was kept as {}; {outcome}",
            path.display(),
            aside.display()
        )
    }
}

#[cfg(test)]
mod tests;
