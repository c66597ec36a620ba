//! Saving: a copy of the state taken off the store ([`Store::begin_save`]), written
//! under the lock with whatever other processes and machines saved merged in
//! ([`SaveJob::run`], which may run on another thread), and taken back
//! ([`Store::finish_save`]).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::file::{self, Loaded, Moved, STATE_FILE, StateFile, VERSION};
use super::sync::{self, Device};
use super::{
    LibrarySession, Store, StoreError, StoryKey, StoryState, TOMBSTONE_DAYS, merge, now_ms,
};

impl Store {
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
pub(super) fn merge_files(
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
