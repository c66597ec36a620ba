//! The state file on disk: `state.json` in the data directory, its lock, its versions,
//! and what happens when it cannot be read.
//!
//! Invariants: the file is only ever replaced whole through [`crate::atomic_file`], by
//! a process holding the exclusive lock on `state.lock`; a file that cannot be parsed
//! is renamed aside, never overwritten or deleted; a file from a newer ficread is
//! never written over.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::hash::Hasher;
use std::io;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use siphasher::sip::SipHasher13;

use super::StoreError;
use super::key::StoryKey;
use super::session::LibrarySession;
use super::state::StoryState;

/// The state file's name in the data directory.
pub const STATE_FILE: &str = "state.json";
/// The lock file's name in the data directory.
pub const LOCK_FILE: &str = "state.lock";
/// The format this build writes. Version 0 is the unversioned shape written before the
/// format had a version: the same `stories` map without the `version` field.
pub const VERSION: u32 = 1;
/// How long a save waits for another ficread to finish its own (a save takes
/// milliseconds; a lock held this long belongs to a stuck process).
const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// A story whose key changed (an author renamed, a title fixed): state saved under the
/// old key by another process is merged into the new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    /// The key the story's state lives under now.
    pub to: StoryKey,
    /// Unix milliseconds of the re-keying.
    pub at: u64,
}

/// The whole file.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct StateFile {
    #[serde(default)]
    pub version: u32,
    #[serde(default)]
    pub stories: BTreeMap<StoryKey, StoryState>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub moved: BTreeMap<StoryKey, Moved>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<LibrarySession>,
}

/// What a state file's bytes turned out to be.
pub(super) enum Loaded {
    /// Parsed, and migrated to [`VERSION`] if it was older.
    Read(StateFile),
    /// Written by a newer ficread; `file` is what this build could make of it.
    Newer {
        version: u32,
        file: Option<StateFile>,
    },
    /// Not a state file this or any ficread wrote.
    Corrupt { reason: String },
}

/// The file's bytes, or `None` when it does not exist.
pub(super) fn read_bytes(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
}

/// Identifies the exact bytes of a state file, so a save can tell that nobody else
/// wrote since this process last read or wrote it (and skip parsing and merging).
pub(super) fn fingerprint(bytes: &[u8]) -> u64 {
    let mut hasher = SipHasher13::new_with_keys(0x7374_6174_652d_6a73, 0x6f6e_2d62_7974_6573);
    hasher.write(bytes);
    hasher.finish()
}

pub(super) fn parse(bytes: &[u8]) -> Loaded {
    #[derive(Deserialize)]
    struct Header {
        version: Option<u32>,
    }
    // serde would read a struct from a JSON array too; a state file is an object.
    if bytes.trim_ascii_start().first() != Some(&b'{') {
        return Loaded::Corrupt {
            reason: "not a JSON object".to_owned(),
        };
    }
    match serde_json::from_slice::<StateFile>(bytes) {
        Ok(file) if file.version > VERSION => Loaded::Newer {
            version: file.version,
            file: Some(file),
        },
        Ok(file) => Loaded::Read(migrate(file)),
        Err(error) => match serde_json::from_slice::<Header>(bytes) {
            // A newer format may have changed shape: that is not corruption.
            Ok(Header {
                version: Some(version),
            }) if version > VERSION => Loaded::Newer {
                version,
                file: None,
            },
            _ => Loaded::Corrupt {
                reason: error.to_string(),
            },
        },
    }
}

/// Brings an older file up to [`VERSION`].
fn migrate(mut file: StateFile) -> StateFile {
    if file.version == 0 {
        // Same shape; every field added since has a serde default.
        file.version = 1;
    }
    file
}

/// Recovers the stories that still parse one by one from a file that does not parse
/// as a whole (one story with a bad field must not cost all the others).
pub(super) fn salvage(bytes: &[u8]) -> BTreeMap<StoryKey, StoryState> {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return BTreeMap::new();
    };
    let Some(stories) = value.get("stories").and_then(serde_json::Value::as_object) else {
        return BTreeMap::new();
    };
    stories
        .iter()
        .filter_map(|(key, story)| {
            StoryState::deserialize(story)
                .ok()
                .map(|state| (key.clone(), state))
        })
        .collect()
}

/// The whole file, borrowed for writing (no copy of 10,000 stories per save).
#[derive(Serialize)]
struct StateFileRef<'a> {
    version: u32,
    stories: &'a BTreeMap<StoryKey, StoryState>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    moved: &'a BTreeMap<StoryKey, Moved>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<&'a LibrarySession>,
}

/// Writes the current format atomically and returns the written bytes' fingerprint.
pub(super) fn write(
    path: &Path,
    stories: &BTreeMap<StoryKey, StoryState>,
    moved: &BTreeMap<StoryKey, Moved>,
    session: Option<&LibrarySession>,
) -> Result<u64, StoreError> {
    let file = StateFileRef {
        version: VERSION,
        stories,
        moved,
        session,
    };
    let mut bytes = serde_json::to_vec(&file).map_err(StoreError::Encode)?;
    bytes.push(b'\n');
    crate::atomic_file::write(path, &bytes).map_err(|source| StoreError::Unwritable {
        dir: path.parent().unwrap_or(Path::new(".")).to_owned(),
        source,
    })?;
    Ok(fingerprint(&bytes))
}

/// Renames a bad state file to `state.json.corrupt-<unix ms>` (plus `-N` if taken)
/// and returns the new path.
pub(super) fn move_aside(path: &Path, now: u64) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .map_or_else(|| STATE_FILE.into(), |n| n.to_string_lossy().into_owned());
    for attempt in 0..1000 {
        let suffix = if attempt == 0 {
            format!("{name}.corrupt-{now}")
        } else {
            format!("{name}.corrupt-{now}-{attempt}")
        };
        let aside = path.with_file_name(suffix);
        if !aside.exists() {
            fs::rename(path, &aside)?;
            return Ok(aside);
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "too many corrupt state files kept aside",
    ))
}

/// Removes temporary files a killed save left behind. Only called with the lock held,
/// so no save is writing one.
pub(super) fn remove_stale_temp_files(dir: &Path) {
    let prefix = format!(".{STATE_FILE}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".tmp") {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The exclusive lock on `state.lock`, released when dropped (or when the process
/// dies: the kernel drops the lock with the file descriptor, so a `kill -9` never
/// leaves a stale lock).
pub(super) struct Lock(File);

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

pub(super) fn lock(dir: &Path) -> Result<Lock, StoreError> {
    let path = dir.join(LOCK_FILE);
    let io_error = |source| StoreError::Unwritable {
        dir: dir.to_owned(),
        source,
    };
    fs::create_dir_all(dir).map_err(io_error)?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io_error)?;
    let deadline = Instant::now() + LOCK_TIMEOUT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Lock(file)),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                thread::sleep(Duration::from_millis(10));
            }
            Err(TryLockError::WouldBlock) => return Err(StoreError::Locked { path }),
            Err(TryLockError::Error(source)) => return Err(io_error(source)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        let cases: [(&str, &str); 9] = [
            (r#"{"version":1,"stories":{}}"#, "read"),
            (r#"{"stories":{"t:1":{"title":"x"}}}"#, "read"),
            ("{}", "read"),
            (r#"{"version":2,"stories":{}}"#, "newer"),
            (r#"{"version":7,"stories":["a new shape"]}"#, "newer"),
            (r#"{"version":1,"stories":["a new shape"]}"#, "corrupt"),
            (r#"{"version":1,"stories":{}"#, "corrupt"),
            ("", "corrupt"),
            ("[]", "corrupt"),
        ];
        for (json, expected) in cases {
            let got = match parse(json.as_bytes()) {
                Loaded::Read(file) => {
                    assert_eq!(file.version, VERSION, "{json}: migrated");
                    "read"
                }
                Loaded::Newer { .. } => "newer",
                Loaded::Corrupt { .. } => "corrupt",
            };
            assert_eq!(got, expected, "{json}");
        }
    }

    #[test]
    fn salvage_keeps_the_stories_that_parse() {
        let json = r#"{"version":1,"stories":{
            "t:good":{"title":"Good","shelf":"reading"},
            "t:bad":{"title":"Bad","shelf":"no-such-shelf"},
            "t:also":{"title":"Also","time_read_secs":5}}}"#;
        assert!(matches!(parse(json.as_bytes()), Loaded::Corrupt { .. }));
        let stories = salvage(json.as_bytes());
        assert_eq!(stories.keys().collect::<Vec<_>>(), vec!["t:also", "t:good"]);
        assert_eq!(stories.get("t:also").map(|s| s.time_read_secs), Some(5));
        assert!(salvage(b"{\"stories\":{").is_empty());
    }

    #[test]
    fn move_aside_never_overwrites() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(STATE_FILE);
        fs::write(&path, "first").expect("write");
        let first = move_aside(&path, 42).expect("moved");
        fs::write(&path, "second").expect("write");
        let second = move_aside(&path, 42).expect("moved");
        assert_ne!(first, second);
        assert_eq!(fs::read_to_string(first).expect("read"), "first");
        assert_eq!(fs::read_to_string(second).expect("read"), "second");
        assert!(!path.exists());
    }

    #[test]
    fn lock_excludes_a_second_holder_until_dropped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let held = lock(dir.path()).expect("first lock");
        let other = File::options()
            .write(true)
            .open(dir.path().join(LOCK_FILE))
            .expect("open");
        assert!(matches!(other.try_lock(), Err(TryLockError::WouldBlock)));
        drop(held);
        assert!(other.try_lock().is_ok());
    }
}
