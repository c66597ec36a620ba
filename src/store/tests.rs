use std::fs;
use std::time::Duration;

use super::*;
use crate::position::Anchor;

fn position(chapter: usize) -> Position {
    Position {
        anchor: Anchor::chapter_start(chapter),
        quote: Quote {
            exact: format!("chapter {chapter}"),
            ..Quote::default()
        },
        fraction: 0.25,
        ..Position::default()
    }
}

fn open(dir: &Path) -> Store {
    let (store, warning) = Store::open(dir);
    assert_eq!(warning, None);
    store
}

#[test]
fn round_trip() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    assert!(store.is_empty() && !store.is_dirty());
    {
        let state = store.entry("w:ao3:1");
        state.path = "/fics/one.epub".into();
        state.title = "One".into();
        state.position = Some(position(3));
        state.add_bookmark("the kiss", position(4), 1000);
        state.set_mark('a', position(5), 1000);
        state.shelf = Shelf::CaughtUp;
        state.favourite = true;
        state.on_open(7, 2000);
        state.time_read_secs = 99;
    }
    store.entry("t:0123").title = "Two".into();
    assert!(store.is_dirty());
    store.save().expect("saves");
    assert!(!store.is_dirty());

    let reopened = open(dir.path());
    assert_eq!(reopened.len(), 2);
    assert_eq!(reopened.get("w:ao3:1"), store.get("w:ao3:1"));
    assert_eq!(reopened.get("t:0123"), store.get("t:0123"));
    let one = reopened.get("w:ao3:1").expect("saved");
    assert_eq!(one.bookmarks.len(), 1);
    assert_eq!(one.marks.get(&'a'), Some(&position(5)));
    assert_eq!(one.chapters_seen, 7);
    let text = fs::read_to_string(reopened.path()).expect("read");
    assert!(text.starts_with(r#"{"version":1,"stories":{"#), "{text}");
}

#[test]
fn nothing_is_written_until_something_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    let _ = store.get("w:x");
    store.save().expect("no-op");
    assert!(!store.path().exists());
}

#[test]
fn entry_moves_updated_forward_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    store.entry("k").updated = u64::MAX - 5;
    let before = store.entry("k").updated;
    assert_eq!(before, u64::MAX - 4);
    let far = now_ms() + 1_000_000;
    store.entry("j").updated = far;
    assert!(store.entry("j").updated > far);
}

#[test]
fn last_read_is_the_latest_opened() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    assert!(store.last_read().is_none());
    store.entry("a").last_opened = Some(5);
    store.entry("b").last_opened = Some(9);
    store.entry("c");
    assert_eq!(store.last_read().map(|(k, _)| k.as_str()), Some("b"));
}

#[test]
fn find_rekeys_by_path_and_other_processes_follow() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut first = open(dir.path());
    let state = first.entry("m:old");
    state.path = "/fics/his-hero.txt".into();
    state.position = Some(position(2));
    first.save().expect("saves");

    // Another process still has the old key and adds a bookmark to it.
    let mut second = open(dir.path());
    second
        .entry("m:old")
        .add_bookmark("later", position(6), now_ms());

    // The author was renamed: a new key for the same file.
    assert!(
        first
            .find("m:new", Path::new("/fics/elsewhere.txt"))
            .is_none()
    );
    let found = first
        .find("m:new", Path::new("/fics/his-hero.txt"))
        .expect("by path");
    assert_eq!(found.position, Some(position(2)));
    assert!(first.get("m:old").is_none());
    assert!(first.is_dirty());
    first.save().expect("saves");

    second.save().expect("saves");
    assert!(second.get("m:old").is_none(), "merged into the new key");
    let merged = second.get("m:new").expect("new key");
    assert_eq!(merged.bookmarks.len(), 1);
    assert_eq!(merged.position, Some(position(2)));
    let reopened = open(dir.path());
    assert_eq!(reopened.get("m:new"), second.get("m:new"));
    assert_eq!(reopened.len(), 1);
}

#[test]
fn save_if_due_debounces() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    let start = Instant::now();
    let second = Duration::from_secs(1);
    assert!(
        !store.save_if_due(start, second).expect("clean"),
        "not dirty"
    );
    store.entry("a");
    assert!(
        store.save_if_due(start, second).expect("saves"),
        "first save is due"
    );
    store.entry("b");
    let soon = start + Duration::from_millis(400);
    assert!(!store.save_if_due(soon, second).expect("waits"));
    assert!(store.is_dirty());
    let later = start + Duration::from_secs(1);
    assert!(store.save_if_due(later, second).expect("saves"));
    assert!(!store.is_dirty());
    assert_eq!(open(dir.path()).len(), 2);
}

#[test]
fn a_newer_file_is_read_but_never_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(STATE_FILE);
    let newer = r#"{"version":2,"stories":{"w:x":{"title":"From the future","shelf":"reading"}},"shiny":true}"#;
    fs::write(&path, newer).expect("write");
    let (mut store, warning) = Store::open(dir.path());
    assert!(warning.expect("warned").contains("newer ficread"));
    assert_eq!(store.get("w:x").map(|s| s.shelf), Some(Shelf::Reading));
    assert!(store.read_only().is_some());
    store.entry("w:x").favourite = true;
    assert!(matches!(store.save(), Err(StoreError::ReadOnly { .. })));
    assert_eq!(fs::read_to_string(&path).expect("read"), newer);
}

#[test]
fn a_file_turned_newer_after_open_is_not_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    let path = store.path();
    let newer = r#"{"version":9,"stories":"something else"}"#;
    fs::write(&path, newer).expect("write");
    store.entry("a");
    assert!(matches!(
        store.save(),
        Err(StoreError::NewerVersion { version: 9, .. })
    ));
    assert_eq!(fs::read_to_string(&path).expect("read"), newer);
    assert!(store.read_only().is_some());
}

#[test]
fn a_file_corrupted_after_open_is_kept_aside_at_save() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    fs::write(store.path(), b"\x00garbage").expect("write");
    store.entry("a").title = "A".into();
    store.save().expect("saves");
    let warnings = store.take_warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("kept as"), "{warnings:?}");
    let kept: Vec<_> = fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("state.json.corrupt-")
        })
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(fs::read(kept[0].path()).expect("read"), b"\x00garbage");
    assert_eq!(
        open(dir.path()).get("a").map(|s| s.title.as_str()),
        Some("A")
    );
    assert!(store.take_warnings().is_empty(), "reported once");
}

#[test]
fn stale_temp_files_are_cleaned_under_the_lock() {
    let dir = tempfile::tempdir().expect("tempdir");
    let stale = dir.path().join(".state.json.12345.0.tmp");
    let other = dir.path().join(".index.json.12345.0.tmp");
    fs::write(&stale, "half a sa").expect("write");
    fs::write(&other, "not ours").expect("write");
    let mut store = open(dir.path());
    store.entry("a");
    store.save().expect("saves");
    assert!(!stale.exists());
    assert!(other.exists());
}

#[test]
fn merge_files_applies_moves_oldest_first() {
    let state = |title: &str, updated: u64| StoryState {
        title: title.into(),
        updated,
        ..StoryState::default()
    };
    let mut disk = StateFile::default();
    disk.stories.insert("k1".into(), state("first", 1));
    disk.moved.insert(
        "k1".into(),
        Moved {
            to: "k2".into(),
            at: now_ms() - 10,
        },
    );
    let mut ours = BTreeMap::new();
    ours.insert("k2".into(), state("second", 2));
    let mut our_moves = BTreeMap::new();
    our_moves.insert(
        "k2".into(),
        Moved {
            to: "k3".into(),
            at: now_ms(),
        },
    );
    let merged = merge_files(&ours, &our_moves, None, disk);
    assert_eq!(merged.stories.keys().collect::<Vec<_>>(), vec!["k3"]);
    assert_eq!(
        merged.stories.get("k3").map(|s| s.title.as_str()),
        Some("second")
    );
    assert_eq!(merged.moved.len(), 2);
}
