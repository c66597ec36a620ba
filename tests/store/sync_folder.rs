//! One reading state across machines through the Store API: two data dirs ("machine
//! A" and "machine B", each with its own copy of the story at a different path) and
//! one shared sync folder.

use std::fs;
use std::path::{Path, PathBuf};

use ficread::position::Anchor;
use ficread::store::{Shelf, Store, SyncSettings, Tally, capture, now_ms, story_key};

use super::{read, seed_path};

struct Machines {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Machines {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().to_owned();
        // The sync tool's folder exists; ficread makes its own folder inside it.
        fs::create_dir(root.join("Sync")).expect("mkdir");
        Self { _dir: dir, root }
    }

    fn shared(&self) -> PathBuf {
        self.root.join("Sync/ficread")
    }

    /// The machine's store, opened and synced as the app and the CLI open it.
    fn open(&self, machine: &str) -> (Store, Vec<String>) {
        let (mut store, warning) = Store::open(&self.root.join(machine).join("data"));
        assert_eq!(warning, None);
        let notes = store.attach_sync(&SyncSettings {
            dir: self.shared(),
            name: Some(format!("machine {machine}")),
        });
        (store, notes)
    }

    fn synced(&self, machine: &str) -> Store {
        let (store, notes) = self.open(machine);
        assert_eq!(notes, Vec::<String>::new());
        store
    }

    /// The machine's own copy of a seed, in its own folder layout.
    fn copy(&self, machine: &str, layout: &str, prefix: &str) -> PathBuf {
        let path = self.root.join(machine).join(layout);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::copy(seed_path(prefix), &path).expect("copy");
        path
    }

    fn peer_files(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.shared())
            .expect("shared folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

#[test]
fn places_bookmarks_shelves_and_statistics_travel_between_machines() {
    let machines = Machines::new();
    // Different folder layouts on each machine: the work key still matches.
    let path_a = machines.copy("a", "fics/Smallville/His Hero.txt", "002");
    let path_b = machines.copy("b", "library/002.txt", "002");
    let (doc_a, meta_a) = read(&path_a);
    let (doc_b, meta_b) = read(&path_b);
    let key = story_key(&doc_a, &meta_a);
    assert_eq!(key, story_key(&doc_b, &meta_b), "the key ignores the path");
    let day = "2024-05-01";
    let tally = |secs| Tally {
        secs,
        words: secs * 4,
        pages: 2,
        finished: 0,
    };

    // A reads to a place, bookmarks it, shelves and stars the story, counts 600 s.
    let mut a = machines.synced("a");
    let place = capture(&doc_a, Anchor::new(0, 20, 0));
    let bookmark = {
        let state = a.entry(&key);
        state.path.clone_from(&path_a);
        state.position = Some(place.clone());
        state.shelf = Shelf::OnHold;
        state.favourite = true;
        state.add_bookmark("the barn", place.clone(), now_ms())
    };
    a.record_reading(&key, day, tally(600));
    a.save().expect("A saves");
    assert_eq!(machines.peer_files().len(), 1, "A wrote only its own file");

    // B starts: everything A did is there, under B's own path.
    let mut b = machines.synced("b");
    b.find(&key, &path_b);
    let state = b.get(&key).expect("A's state reached B");
    assert_eq!(state.position.as_ref(), Some(&place));
    assert_eq!((state.shelf, state.favourite), (Shelf::OnHold, true));
    assert_eq!(state.bookmarks.len(), 1);
    b.entry(&key).path.clone_from(&path_b);
    b.record_reading(&key, day, tally(300));
    b.save().expect("B saves");
    assert_eq!(machines.peer_files().len(), 2, "one file per machine");

    // A deletes the bookmark; B, which still has it, reads on and moves the story to
    // finished: the bookmark must not come back, B's newer place and shelf must win.
    assert!(a.entry(&key).remove_bookmark(bookmark, now_ms()));
    a.save().expect("A saves the deletion");
    let further = capture(&doc_b, Anchor::new(0, 40, 0));
    {
        let state = b.entry(&key);
        assert_eq!(state.bookmarks.len(), 1, "B has not seen the deletion yet");
        state.position = Some(further.clone());
        state.shelf = Shelf::Finished;
    }
    b.record_reading(&key, day, tally(100));
    b.save().expect("B saves");
    a.entry("t:elsewhere").title = "Something else".into();
    a.save().expect("A saves again");

    for (name, store) in [
        ("A", &a),
        ("B", &b),
        ("A reopened", &machines.synced("a")),
        ("B reopened", &machines.synced("b")),
    ] {
        let state = store.get(&key).expect("state");
        assert!(state.bookmarks.is_empty(), "{name}: deletion honoured");
        assert!(state.deleted_bookmarks.contains_key(&bookmark), "{name}");
        assert_eq!(
            state.position.as_ref(),
            Some(&further),
            "{name}: newest place"
        );
        assert_eq!(state.shelf, Shelf::Finished, "{name}: newest shelf");
        assert!(state.favourite, "{name}");
        // 600 on A, 300 + 100 on B: added up, never doubled however often merged.
        assert_eq!(state.reading.total().secs, 1_000, "{name}: statistics");
    }
    assert_eq!(
        a.get(&key).map(|s| s.path.clone()),
        Some(path_a),
        "A keeps its path"
    );
    assert_eq!(
        b.get(&key).map(|s| s.path.clone()),
        Some(path_b),
        "B keeps its path"
    );
    assert!(
        machines.synced("b").get("t:elsewhere").is_some(),
        "new works travel too"
    );
}

#[test]
fn a_bad_peer_file_is_skipped_with_a_note_and_harms_nothing() {
    let machines = Machines::new();
    let mut a = machines.synced("a");
    a.entry("w:ao3:1").shelf = Shelf::Reading;
    a.record_reading(
        "w:ao3:1",
        "2024-05-01",
        Tally {
            secs: 60,
            ..Tally::default()
        },
    );
    a.save().expect("A saves");
    let own = machines.shared().join(&machines.peer_files()[0]);
    let good = fs::read(&own).expect("A's file");

    // A half-synced copy of A's file under another id, a corrupt one, a future
    // version, a conflict copy and a temp file of the sync tool.
    let shared = machines.shared();
    let cut = "11111111111111111111111111111111";
    fs::write(shared.join(format!("{cut}.json")), &good[..good.len() / 2]).expect("write");
    fs::write(
        shared.join("22222222222222222222222222222222.json"),
        "\u{1b}[2Jgarbage",
    )
    .expect("write");
    fs::write(
        shared.join("33333333333333333333333333333333.json"),
        r#"{"version":2,"device":"33333333333333333333333333333333","stories":{}}"#,
    )
    .expect("write");
    let conflict = own.with_file_name(format!(
        "{}.sync-conflict-20240501-120000-ABCDEFG.json",
        own.file_stem().expect("stem").to_string_lossy()
    ));
    fs::write(
        &conflict,
        r#"{"version":1,"device":"x","stories":{"w:ao3:9":{}}}"#,
    )
    .expect("write");
    fs::write(shared.join(".syncthing.x.json.tmp"), "{").expect("write");
    // A FIFO would block a plain read (and the save with it) for ever.
    let fifo = shared.join("44444444444444444444444444444444.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());

    let mut b = machines.open("b");
    assert_eq!(b.1.len(), 4, "{:#?}", b.1);
    for note in &b.1 {
        assert!(
            !note.contains('\n') && note.contains(".json: skipped ("),
            "{note}"
        );
    }
    assert!(
        b.1[0].contains(cut) && b.1[0].contains("cut short"),
        "{}",
        b.1[0]
    );
    assert!(b.1[2].contains("newer ficread"), "{}", b.1[2]);
    assert!(b.1[3].contains("not a regular file"), "{}", b.1[3]);
    let state = b.0.get("w:ao3:1").expect("A's good file still merged");
    assert_eq!(state.shelf, Shelf::Reading);
    assert_eq!(state.reading.total().secs, 60);
    assert!(b.0.get("w:ao3:9").is_none(), "conflict copies are ignored");

    // Saving merges again: the same bad files are not announced twice, and the
    // local state and both good files stay whole.
    b.0.entry("w:ao3:2").favourite = true;
    b.0.save().expect("B saves despite the bad files");
    assert_eq!(b.0.take_warnings(), Vec::<String>::new());
    let reopened = machines.open("b").0;
    assert!(reopened.get("w:ao3:2").is_some_and(|s| s.favourite));
    assert_eq!(
        reopened.get("w:ao3:1").map(|s| s.reading.total().secs),
        Some(60)
    );
}

#[test]
fn an_unwritable_sync_folder_never_stops_the_local_save() {
    let machines = Machines::new();
    // The sync folder's parent is missing (an unmounted disk): it is not made.
    let (mut store, _) = Store::open(&machines.root.join("a/data"));
    let gone = machines.root.join("not-mounted/ficread");
    assert_eq!(
        store.attach_sync(&SyncSettings {
            dir: gone.clone(),
            name: None,
        }),
        Vec::<String>::new()
    );
    store.entry("w:ao3:1").favourite = true;
    store.save().expect("the local save stands");
    let warnings = store.take_warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("cannot make the sync folder"),
        "{warnings:?}"
    );
    assert!(!gone.exists() && !Path::new(&machines.root.join("not-mounted")).exists());
    assert!(
        Store::open(&machines.root.join("a/data"))
            .0
            .get("w:ao3:1")
            .is_some()
    );
}
