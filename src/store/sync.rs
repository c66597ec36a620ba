//! One reading state across machines: a folder kept in step by a sync tool
//! (Syncthing, Nextcloud, Dropbox, a git repository…) holds one file per machine,
//! `<device id>.json`, with that machine's whole reading state but its library view.
//!
//! Invariants:
//! - **One writer per file.** A machine only ever writes its own file (named by the
//!   device id in its data dir, [`DEVICE_ID_FILE`]), atomically through
//!   [`crate::atomic_file`], whose temp names start with `.` and end in `.tmp`, so a
//!   reader never takes one for a peer. The sync tool never sees two machines change
//!   one file, so it never makes a conflict.
//! - **Peers only add.** Every other machine's file is merged into the local state with
//!   the same merge two local processes use ([`super::merge`], `merge_files`):
//!   the newer copy of a story wins its place, shelf and favourite; bookmarks and marks
//!   are unions with deletions remembered; reading counters are per process (and
//!   prefixed by the device id) and merged by max, so counts add up across machines and
//!   a machine's own counts coming back through another's file never double.
//! - **A bad peer file is skipped, never fatal.** A truncated, half-synced, corrupt or
//!   newer-format file is left out with a one-line note naming it; conflict copies
//!   (`*.sync-conflict-*`) and temp files are ignored.
//! - Works match by work key ([`super::story_key`]), never by path; a story's path in
//!   the local state stays the local one.

use std::collections::BTreeMap;
use std::fs;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::file::{self, Moved, StateFile, VERSION};
use super::key::StoryKey;
use super::state::StoryState;

/// The file in the data dir that holds this machine's device id.
pub const DEVICE_ID_FILE: &str = "device-id";
/// The peer-file format this build writes and reads.
pub const SYNC_VERSION: u32 = 1;
/// Hex digits in a device id (128 random bits).
const ID_LEN: usize = 32;

/// Where to sync and under which name (from the config's `[sync]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncSettings {
    /// The shared folder.
    pub dir: PathBuf,
    /// How this machine is shown to the others; the host name when `None`.
    pub name: Option<String>,
}

/// This machine as it takes part in syncing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Device {
    pub dir: PathBuf,
    pub id: String,
    pub name: String,
}

impl Device {
    /// This machine's file in the sync folder.
    pub fn file(&self) -> PathBuf {
        self.dir.join(format!("{}.json", self.id))
    }
}

/// One machine's file as written.
#[derive(Serialize)]
struct PeerFileRef<'a> {
    version: u32,
    device: &'a str,
    name: &'a str,
    written: u64,
    stories: &'a BTreeMap<StoryKey, StoryState>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    moved: &'a BTreeMap<StoryKey, Moved>,
}

/// One machine's file as read.
#[derive(Deserialize)]
struct PeerFile {
    version: u32,
    device: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    written: u64,
    #[serde(default)]
    stories: BTreeMap<StoryKey, StoryState>,
    #[serde(default)]
    moved: BTreeMap<StoryKey, Moved>,
}

/// A machine's file found in the sync folder.
#[derive(Debug, Clone)]
pub struct Peer {
    /// Its device id (the file's name without `.json`).
    pub id: String,
    /// The name it gives itself (untrusted text: sanitise before showing).
    pub name: String,
    /// The file.
    pub file: PathBuf,
    /// Unix milliseconds when it was written.
    pub written: u64,
    /// Its reading state, by work key.
    pub stories: BTreeMap<StoryKey, StoryState>,
    moved: BTreeMap<StoryKey, Moved>,
}

/// A file in the sync folder that was left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub file: PathBuf,
    /// Why, in a few words.
    pub reason: String,
    /// Expected and harmless (a sync tool's conflict copy): listed by `sync status`,
    /// not announced while reading.
    pub quiet: bool,
}

impl Skipped {
    /// The one-line note shown while reading.
    pub fn note(&self) -> String {
        format!(
            "{}: skipped ({}); the other machines' reading state was merged without it",
            self.file.display(),
            self.reason
        )
    }
}

/// Everything in the sync folder: the machines' files that could be read (this
/// machine's own among them) and the ones left out.
#[derive(Debug, Default)]
pub struct Folder {
    pub peers: Vec<Peer>,
    pub skipped: Vec<Skipped>,
}

/// Reads every device file in `dir`. A missing folder is an empty one (the sync tool
/// may not have made it yet); one that cannot be listed is an error.
pub fn read_folder(dir: &Path) -> io::Result<Folder> {
    scan(dir, None, &Stamps::new()).map(|(folder, _)| folder)
}

/// Each peer file's size and modification time when it was last merged: a file that
/// still has them holds nothing new (merging is idempotent, so this only saves work).
pub(super) type Stamps = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

/// [`read_folder`] for merging: leaves out this machine's own file (`own`) and the
/// files whose stamps are in `known`; returns the stamps of every file merged or
/// unchanged.
fn scan(dir: &Path, own: Option<&str>, known: &Stamps) -> io::Result<(Folder, Stamps)> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Ok((Folder::default(), Stamps::new()));
        }
        Err(error) => return Err(error),
    };
    let mut folder = Folder::default();
    let mut stamps = Stamps::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        // Temp files: ours (`.<id>.json.<pid>.<n>.tmp`), Syncthing's (`.syncthing.*`),
        // Nextcloud's and Dropbox's (`.~*`, `*.tmp`, `*.part`).
        let temp = Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("tmp") || e.eq_ignore_ascii_case("part"));
        if name.starts_with('.') || temp {
            continue;
        }
        if name.contains(".sync-conflict-") {
            folder.skipped.push(Skipped {
                file: path,
                reason: "a sync conflict copy; ficread never writes one file from two machines, \
                         so two machines share a device id (a copied data folder?)"
                    .to_owned(),
                quiet: true,
            });
            continue;
        }
        let Some(id) = name.strip_suffix(".json").filter(|id| is_device_id(id)) else {
            continue;
        };
        if own == Some(id) {
            continue;
        }
        // Taken before reading: a file changed meanwhile is read again next time.
        let stamp = entry.metadata().ok().map(|m| (m.len(), m.modified().ok()));
        if let Some(stamp) = stamp
            && known.get(&path) == Some(&stamp)
        {
            stamps.insert(path, stamp);
            continue;
        }
        match read_peer(&path, id) {
            Ok(peer) => {
                if let Some(stamp) = stamp {
                    stamps.insert(path, stamp);
                }
                folder.peers.push(peer);
            }
            Err(reason) => folder.skipped.push(Skipped {
                file: path,
                reason,
                quiet: false,
            }),
        }
    }
    folder.peers.sort_by(|a, b| a.id.cmp(&b.id));
    folder.skipped.sort_by(|a, b| a.file.cmp(&b.file));
    Ok((folder, stamps))
}

fn read_peer(path: &Path, id: &str) -> Result<Peer, String> {
    #[derive(Deserialize)]
    struct Header {
        version: Option<u32>,
    }
    // Another machine's file is as untrusted as a story: never a FIFO that would
    // block the save, never more than a story may be.
    let bytes = crate::format::read_bounded(path).map_err(|e| match e {
        crate::format::ReadError::Io { source, .. } => format!("cannot read: {source}"),
        crate::format::ReadError::NotRegular { kind, .. } => format!("not a regular file ({kind})"),
        crate::format::ReadError::TooLarge { size, .. } => format!("too large ({size} bytes)"),
        other => other.to_string(),
    })?;
    if bytes.trim_ascii_start().first() != Some(&b'{') {
        return Err(if bytes.is_empty() {
            "empty (still being synced?)".to_owned()
        } else {
            "not a ficread sync file".to_owned()
        });
    }
    let file = match serde_json::from_slice::<PeerFile>(&bytes) {
        Ok(file) => file,
        Err(error) => {
            let newer = serde_json::from_slice::<Header>(&bytes)
                .ok()
                .and_then(|h| h.version)
                .filter(|&v| v > SYNC_VERSION);
            return Err(match newer {
                Some(version) => newer_reason(version),
                None if error.is_eof() => "cut short (still being synced?)".to_owned(),
                None => format!("not a ficread sync file ({error})"),
            });
        }
    };
    if file.version > SYNC_VERSION {
        return Err(newer_reason(file.version));
    }
    if file.device != id {
        return Err(format!(
            "it says it is device {}, not the {id} its name says",
            crate::display::one_line(&file.device)
        ));
    }
    Ok(Peer {
        id: id.to_owned(),
        name: file.name,
        file: path.to_owned(),
        written: file.written,
        stories: file.stories,
        moved: file.moved,
    })
}

fn newer_reason(version: u32) -> String {
    format!("written by a newer ficread (sync version {version}; this one knows {SYNC_VERSION})")
}

/// Reads the sync folder and merges the other machines' files that changed since
/// `known` into `stories` and `moved` (at start, and as a save's step under the
/// state lock). Returns whether they changed anything, and the stamps to pass next
/// time (`known` again when the folder cannot be read). Skipped files and an
/// unreadable folder become `notes`.
pub(super) fn merge_folder(
    device: &Device,
    stories: &mut BTreeMap<StoryKey, StoryState>,
    moved: &mut BTreeMap<StoryKey, Moved>,
    known: &Stamps,
    notes: &mut Vec<String>,
) -> (bool, Stamps) {
    match scan(&device.dir, Some(&device.id), known) {
        Ok((folder, stamps)) => {
            notes.extend(
                folder
                    .skipped
                    .iter()
                    .filter(|s| !s.quiet)
                    .map(Skipped::note),
            );
            (merge_peers(stories, moved, folder.peers), stamps)
        }
        Err(error) => {
            notes.push(unreadable_folder(&device.dir, &error));
            (false, known.clone())
        }
    }
}

/// The note for a sync folder that cannot be listed.
pub(super) fn unreadable_folder(dir: &Path, error: &io::Error) -> String {
    format!(
        "{}: cannot read the sync folder ({error}); other machines' reading state not merged",
        dir.display()
    )
}

/// Merges the other machines' files into `stories` and `moved` (ties go to the local
/// copy; local paths are kept). Returns whether anything changed.
pub(super) fn merge_peers(
    stories: &mut BTreeMap<StoryKey, StoryState>,
    moved: &mut BTreeMap<StoryKey, Moved>,
    peers: Vec<Peer>,
) -> bool {
    let mut changed = false;
    for peer in peers {
        let theirs = StateFile {
            version: VERSION,
            stories: peer.stories,
            moved: peer.moved,
            session: None,
        };
        let mut merged = super::merge_files(stories, moved, None, theirs);
        for (key, state) in &mut merged.stories {
            // The path is where the file is on this machine; the other's is no use here.
            if let Some(local) = stories.get(key)
                && !local.path.as_os_str().is_empty()
                && state.path != local.path
            {
                state.path.clone_from(&local.path);
            }
        }
        if merged.stories != *stories || merged.moved != *moved {
            changed = true;
            *stories = merged.stories;
            *moved = merged.moved;
        }
    }
    changed
}

/// Writes this machine's file: the whole reading state but the library view.
pub(super) fn write_own(
    device: &Device,
    stories: &BTreeMap<StoryKey, StoryState>,
    moved: &BTreeMap<StoryKey, Moved>,
    now: u64,
) -> Result<(), String> {
    // Only the last folder is made: a missing parent is more likely an unmounted disk
    // or a typo than a place to create.
    if let Err(error) = fs::create_dir(&device.dir)
        && error.kind() != io::ErrorKind::AlreadyExists
    {
        return Err(format!(
            "{}: cannot make the sync folder ({error}); reading state not shared",
            device.dir.display()
        ));
    }
    let file = PeerFileRef {
        version: SYNC_VERSION,
        device: &device.id,
        name: &device.name,
        written: now,
        stories,
        moved,
    };
    let mut bytes = serde_json::to_vec(&file).map_err(|e| e.to_string())?;
    bytes.push(b'\n');
    let path = device.file();
    crate::atomic_file::write(&path, &bytes).map_err(|error| {
        format!(
            "{}: cannot write ({error}); reading state not shared",
            path.display()
        )
    })
}

/// True for 32 lower-case hex digits, the only names ficread gives device files.
pub fn is_device_id(text: &str) -> bool {
    text.len() == ID_LEN && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// This machine's device id as kept in `data_dir`, if it has one yet.
pub fn read_device_id(data_dir: &Path) -> Result<Option<String>, String> {
    let path = data_dir.join(DEVICE_ID_FILE);
    match fs::read_to_string(&path) {
        Ok(text) if is_device_id(text.trim()) => Ok(Some(text.trim().to_owned())),
        Ok(_) => Err(format!(
            "{}: not a device id (32 hex digits); delete it to make a new one; reading state not synced",
            path.display()
        )),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(format!(
            "{}: cannot read ({error}); reading state not synced",
            path.display()
        )),
    }
}

/// This machine's device id, made (random) and saved the first time. Made under the
/// state lock, so two processes starting together agree on one.
pub(super) fn device_id(data_dir: &Path) -> Result<String, String> {
    if let Some(id) = read_device_id(data_dir)? {
        return Ok(id);
    }
    let _lock = file::lock(data_dir).map_err(|e| e.to_string())?;
    if let Some(id) = read_device_id(data_dir)? {
        return Ok(id);
    }
    let id = new_device_id();
    let path = data_dir.join(DEVICE_ID_FILE);
    crate::atomic_file::write(&path, format!("{id}\n").as_bytes()).map_err(|error| {
        format!(
            "{}: cannot write ({error}); reading state not synced",
            path.display()
        )
    })?;
    Ok(id)
}

fn new_device_id() -> String {
    let half = |salt: u64| {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(salt);
        hasher.write_u32(std::process::id());
        hasher.write_u64(super::now_ms());
        hasher.finish()
    };
    format!("{:016x}{:016x}", half(1), half(2))
}

/// The name this machine shows the others: the configured one, else the host name.
pub fn device_name(configured: Option<&str>) -> String {
    if let Some(name) = configured.map(str::trim).filter(|n| !n.is_empty()) {
        return name.to_owned();
    }
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .filter_map(|p| fs::read_to_string(p).ok())
        .chain(
            ["HOSTNAME", "COMPUTERNAME"]
                .iter()
                .filter_map(|v| std::env::var(v).ok()),
        )
        .map(|n| n.trim().to_owned())
        .find(|n| !n.is_empty())
        .unwrap_or_else(|| "this machine".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_device_files_are_read_and_bad_ones_are_skipped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = "0123456789abcdef0123456789abcdef";
        let b = "fedcba9876543210fedcba9876543210";
        let good = format!(
            r#"{{"version":1,"device":"{a}","name":"desk","written":5,"stories":{{"w:ao3:1":{{"title":"One"}}}}}}"#
        );
        let files = [
            (format!("{a}.json"), good.clone()),
            // A conflict copy, temp files, other files: not peers.
            (
                format!("{a}.sync-conflict-20240501-101010-ABCDEFG.json"),
                good.clone(),
            ),
            (format!(".{a}.json.123.0.tmp"), good.clone()),
            (".syncthing.x.json.tmp".to_owned(), good.clone()),
            ("notes.txt".to_owned(), "hello".to_owned()),
            // Truncated, a future version, a file naming another device, empty.
            (format!("{b}.json"), good[..good.len() / 2].to_owned()),
            (
                "11111111111111111111111111111111.json".to_owned(),
                r#"{"version":9,"device":"x","stories":"new shape"}"#.to_owned(),
            ),
            (
                "22222222222222222222222222222222.json".to_owned(),
                good.clone(),
            ),
            (
                "33333333333333333333333333333333.json".to_owned(),
                String::new(),
            ),
        ];
        for (name, text) in &files {
            fs::write(dir.path().join(name), text).expect("write");
        }
        let folder = read_folder(dir.path()).expect("reads");
        assert_eq!(folder.peers.len(), 1);
        assert_eq!(folder.peers[0].id, a);
        assert_eq!(folder.peers[0].name, "desk");
        assert_eq!(folder.peers[0].stories.len(), 1);
        let reasons: Vec<(String, &str, bool)> = folder
            .skipped
            .iter()
            .map(|s| {
                let name = s.file.file_name().expect("name").to_string_lossy();
                (name[..2].to_owned(), s.reason.as_str(), s.quiet)
            })
            .collect();
        assert_eq!(reasons.len(), 5, "{reasons:?}");
        assert!(
            reasons[0].0 == "01" && reasons[0].2,
            "conflict copy is quiet"
        );
        assert!(
            reasons[1].1.contains("newer ficread (sync version 9"),
            "{reasons:?}"
        );
        assert!(
            reasons[2].1.contains("says it is device 0123"),
            "{reasons:?}"
        );
        assert!(reasons[3].1.starts_with("empty"), "{reasons:?}");
        assert!(reasons[4].1.starts_with("cut short"), "{reasons:?}");
        assert!(folder.skipped[4].note().contains(b), "names the file");
        assert!(
            read_folder(&dir.path().join("missing"))
                .expect("empty")
                .peers
                .is_empty()
        );
    }

    #[test]
    fn device_ids_are_made_once_and_checked() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(read_device_id(dir.path()), Ok(None));
        let id = device_id(dir.path()).expect("made");
        assert!(is_device_id(&id), "{id}");
        assert_eq!(device_id(dir.path()), Ok(id.clone()), "kept");
        assert_ne!(new_device_id(), new_device_id());
        fs::write(dir.path().join(DEVICE_ID_FILE), "not an id\n").expect("write");
        let error = device_id(dir.path()).expect_err("a bad id is not replaced silently");
        assert!(
            error.contains(DEVICE_ID_FILE) && !error.contains('\n'),
            "{error}"
        );
        assert_eq!(device_name(Some(" laptop ")), "laptop");
        assert!(!device_name(None).is_empty());
    }
}
