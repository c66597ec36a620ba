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
mod session;
mod shelf;
mod state;
pub mod sync;

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use thiserror::Error;

pub use file::{LOCK_FILE, Moved, STATE_FILE, VERSION};
pub use key::{StoryKey, story_key};
pub use quote::{Confidence, Position, Quote, Relocated, StoryText, capture, relocate};
pub use reading_log::{ReadingLog, Tally};
pub use session::LibrarySession;
pub use shelf::{Shelf, UnknownShelf};
pub use state::{Bookmark, StoryState, TOMBSTONE_DAYS, merge};
pub use sync::{DEVICE_ID_FILE, SyncSettings};

use file::{Loaded, StateFile};
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

    /// Saves now if dirty: [`Store::begin_save`], [`SaveJob::run`] and
    /// [`Store::finish_save`] in one go, on this thread (the CLI, and the app's last
    /// save on quit).
    pub fn save(&mut self) -> Result<(), StoreError> {
        match self.begin_save() {
            Some(job) => self.finish_save(job.run()),
            None => Ok(()),
        }
    }

    /// Takes a copy of the state to save, or `None` when nothing changed. The copy is
    /// saved by [`SaveJob::run`], which may run on another thread while this store
    /// keeps changing; [`Store::finish_save`] takes its result back.
    pub fn begin_save(&mut self) -> Option<SaveJob> {
        if !self.dirty {
            return None;
        }
        self.dirty = false;
        self.last_save = Some(Instant::now());
        Some(SaveJob {
            dir: self.dir.clone(),
            stories: self.stories.clone(),
            moved: self.moved.clone(),
            session: self.session.clone(),
            on_disk: self.on_disk,
            read_only: self.read_only.clone(),
            generation: self.generation,
            sync: self.sync.clone(),
            peer_stamps: self.peer_stamps.clone(),
        })
    }

    /// Takes back what a [`SaveJob`] did. On success this store holds the merged state
    /// (so it also sees what other processes saved) plus whatever changed here while
    /// the job ran; on failure it stays dirty, so the next save tries again.
    pub fn finish_save(&mut self, result: SaveResult) -> Result<(), StoreError> {
        for warning in result.warnings {
            if self.reported.insert(warning.clone()) {
                self.warnings.push(warning);
            }
        }
        if let Some(reason) = result.read_only {
            self.read_only = Some(reason);
        }
        match result.outcome {
            Ok(written) => {
                self.on_disk = Some(written.fingerprint);
                self.peer_stamps = written.peer_stamps;
                if self.generation == result.generation {
                    self.stories = written.stories;
                    self.moved = written.moved;
                    self.session = written.session;
                } else {
                    // Changed while the job ran: keep those changes on top of the
                    // merged file (they are newer, so they win), and save again.
                    let merged = merge_files(
                        &self.stories,
                        &self.moved,
                        self.session.as_ref(),
                        StateFile {
                            version: VERSION,
                            stories: written.stories,
                            moved: written.moved,
                            session: written.session,
                        },
                    );
                    self.stories = merged.stories;
                    self.moved = merged.moved;
                    self.session = merged.session;
                    self.dirty = true;
                }
                Ok(())
            }
            Err(error) => {
                self.dirty = true;
                Err(error)
            }
        }
    }

    /// Saves when dirty and at least `interval` passed since the last save or failed
    /// attempt (debounce: the app calls this after every event). Returns whether it
    /// saved.
    pub fn save_if_due(&mut self, now: Instant, interval: Duration) -> Result<bool, StoreError> {
        if !self.dirty {
            return Ok(false);
        }
        if self
            .last_save
            .is_some_and(|last| now.saturating_duration_since(last) < interval)
        {
            return Ok(false);
        }
        // Counted before saving so a failing save is retried once per interval, not
        // after every keystroke.
        self.last_save = Some(now);
        self.save()?;
        self.last_save = Some(now);
        Ok(true)
    }

    /// Whether a save is due: changes exist and `interval` passed since the last save
    /// or attempt (the app's debounce).
    pub fn save_due(&self, now: Instant, interval: Duration) -> bool {
        self.dirty
            && self
                .last_save
                .is_none_or(|last| now.saturating_duration_since(last) >= interval)
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

/// A copy of the reading state on its way to disk (see [`Store::begin_save`]).
#[derive(Debug)]
pub struct SaveJob {
    dir: PathBuf,
    stories: BTreeMap<StoryKey, StoryState>,
    moved: BTreeMap<StoryKey, Moved>,
    session: Option<LibrarySession>,
    on_disk: Option<u64>,
    read_only: Option<String>,
    generation: u64,
    sync: Option<Arc<Device>>,
    peer_stamps: sync::Stamps,
}

/// What a [`SaveJob`] did, for [`Store::finish_save`].
#[derive(Debug)]
pub struct SaveResult {
    outcome: Result<Written, StoreError>,
    /// Saving must stop for this session (a newer ficread's file was found).
    read_only: Option<String>,
    /// Things to tell the user once (a corrupt file kept aside).
    warnings: Vec<String>,
    generation: u64,
}

impl SaveResult {
    /// Why the save failed, if it did.
    pub fn error(&self) -> Option<&StoreError> {
        self.outcome.as_ref().err()
    }

    /// Whether the save brought in changes another process had saved.
    pub fn merged_others(&self) -> bool {
        self.outcome.as_ref().is_ok_and(|w| w.merged)
    }
}

/// The state as written: the merge of the job's copy and the file.
#[derive(Debug)]
struct Written {
    stories: BTreeMap<StoryKey, StoryState>,
    moved: BTreeMap<StoryKey, Moved>,
    session: Option<LibrarySession>,
    fingerprint: u64,
    /// Another process (or machine) had saved since: its changes were merged in.
    merged: bool,
    /// The peer files merged, as `Store::peer_stamps`.
    peer_stamps: sync::Stamps,
}

impl SaveJob {
    /// Takes the exclusive lock on `state.lock`, re-reads the file, merges it with the
    /// copy (per story, see [`merge`]; then re-keyed stories), writes atomically and
    /// releases the lock. When the file is byte for byte what the store last read or
    /// wrote, nobody else saved and the merge is skipped. File I/O: run it off the UI
    /// thread.
    pub fn run(self) -> SaveResult {
        let mut warnings = Vec::new();
        let mut read_only = None;
        let outcome = self.write(&mut warnings, &mut read_only);
        SaveResult {
            outcome,
            read_only,
            warnings,
            generation: self.generation,
        }
    }

    fn write(
        &self,
        warnings: &mut Vec<String>,
        read_only: &mut Option<String>,
    ) -> Result<Written, StoreError> {
        let path = self.dir.join(STATE_FILE);
        if let Some(reason) = &self.read_only {
            return Err(StoreError::ReadOnly {
                path,
                reason: reason.clone(),
            });
        }
        let _lock = file::lock(&self.dir)?;
        file::remove_stale_temp_files(&self.dir);
        let now = now_ms();
        let bytes = file::read_bytes(&path).map_err(|source| StoreError::Io {
            path: path.clone(),
            source,
        })?;
        let (mut stories, mut moved, mut session) = (
            self.stories.clone(),
            self.moved.clone(),
            self.session.clone(),
        );
        let merged = bytes.as_deref().map(file::fingerprint) != self.on_disk;
        if merged {
            let disk = match bytes.as_deref().map(file::parse) {
                None => StateFile::default(),
                Some(Loaded::Read(file)) => file,
                Some(Loaded::Newer { version, .. }) => {
                    *read_only = Some(format!(
                        "{} was written by a newer ficread (state version {version})",
                        path.display()
                    ));
                    return Err(StoreError::NewerVersion { path, version });
                }
                Some(Loaded::Corrupt { reason }) => {
                    let aside = file::move_aside(&path, now).map_err(|source| StoreError::Io {
                        path: path.clone(),
                        source,
                    })?;
                    warnings.push(format!(
                        "{} could not be read ({reason}); it was kept as {} and replaced by this session's reading state",
                        path.display(),
                        aside.display()
                    ));
                    StateFile::default()
                }
            };
            let merged = merge_files(&stories, &moved, session.as_ref(), disk);
            stories = merged.stories;
            moved = merged.moved;
            session = merged.session;
        }
        let mut merged = merged;
        let mut peer_stamps = self.peer_stamps.clone();
        if let Some(device) = &self.sync {
            let (changed, stamps) = sync::merge_folder(
                device,
                &mut stories,
                &mut moved,
                &self.peer_stamps,
                warnings,
            );
            merged |= changed;
            peer_stamps = stamps;
        }
        forget_old(&mut stories, &mut moved, now);
        let fingerprint = file::write(&path, &stories, &moved, session.as_ref())?;
        if let Some(device) = &self.sync
            && let Err(warning) = sync::write_own(device, &stories, &moved, now)
        {
            // The local save stands; the share is retried at the next save.
            warnings.push(warning);
        }
        Ok(Written {
            stories,
            moved,
            session,
            fingerprint,
            merged,
            peer_stamps,
        })
    }
}

/// Merges this process's stories into what is on disk: per story by [`merge`] (ties go
/// to this process), then re-keyed stories into their new keys (oldest move first).
fn merge_files(
    ours: &BTreeMap<StoryKey, StoryState>,
    our_moves: &BTreeMap<StoryKey, Moved>,
    our_session: Option<&LibrarySession>,
    disk: StateFile,
) -> StateFile {
    let session = LibrarySession::newer(our_session, disk.session.as_ref()).cloned();
    let mut moved = disk.moved;
    for (old, ours) in our_moves {
        if moved.get(old).is_none_or(|theirs| ours.at >= theirs.at) {
            moved.insert(old.clone(), ours.clone());
        }
    }
    let mut stories = disk.stories;
    for (key, state) in ours {
        match stories.get_mut(key) {
            Some(theirs) if theirs != state => *theirs = merge(state, theirs),
            Some(_) => {}
            None => {
                stories.insert(key.clone(), state.clone());
            }
        }
    }
    let mut by_age: Vec<(&StoryKey, &Moved)> = moved.iter().collect();
    by_age.sort_by_key(|(_, m)| m.at);
    for (old, to) in by_age {
        if *old == to.to {
            continue;
        }
        if let Some(state) = stories.remove(old) {
            match stories.get_mut(&to.to) {
                Some(target) => *target = merge(target, &state),
                None => {
                    stories.insert(to.to.clone(), state);
                }
            }
        }
    }
    StateFile {
        version: VERSION,
        stories,
        moved,
        session,
    }
}

/// Forgets tombstones and moves older than [`TOMBSTONE_DAYS`].
fn forget_old(
    stories: &mut BTreeMap<StoryKey, StoryState>,
    moved: &mut BTreeMap<StoryKey, Moved>,
    now: u64,
) {
    for state in stories.values_mut() {
        state.prune_tombstones(now);
    }
    let horizon = now.saturating_sub(TOMBSTONE_DAYS * 24 * 60 * 60 * 1000);
    moved.retain(|_, m| m.at >= horizon);
}

#[cfg(test)]
mod tests;
