//! The state file under real conditions: two ficreads saving into one data
//! directory, a corrupt or damaged file, and a saver killed with SIGKILL mid-save.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use ficread::position::Anchor;
use ficread::store::{Position, Quote, STATE_FILE, Shelf, Store, Tally, capture, now_ms};

use super::seed_002_position;

fn bookmark_labels(store: &Store, key: &str) -> Vec<String> {
    let mut labels: Vec<String> = store
        .get(key)
        .map(|s| s.bookmarks.iter().map(|b| b.label.clone()).collect())
        .unwrap_or_default();
    labels.sort();
    labels
}

#[test]
fn two_writers_keep_each_others_bookmarks_and_deletions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (doc, position) = seed_002_position();
    let key = "m:his-hero";
    let (mut first, _) = Store::open(dir.path());
    let (mut second, _) = Store::open(dir.path());

    first
        .entry(key)
        .add_bookmark("from first", position.clone(), now_ms());
    second
        .entry(key)
        .add_bookmark("from second", capture(&doc, Anchor::new(0, 3, 0)), now_ms());
    first.save().expect("first saves");
    second.save().expect("second saves");
    first.entry("t:other").title = "Other".into();
    first.save().expect("first saves again");

    for store in [&first, &second, &Store::open(dir.path()).0] {
        assert_eq!(
            bookmark_labels(store, key),
            vec!["from first", "from second"]
        );
    }

    // The first deletes the second's bookmark; the second, which still has it,
    // saves something else and must not bring it back.
    let id = first
        .get(key)
        .and_then(|s| s.bookmarks.iter().find(|b| b.label == "from second"))
        .map(|b| b.id)
        .expect("bookmark");
    assert!(first.entry(key).remove_bookmark(id, now_ms()));
    first.save().expect("first saves the deletion");
    second.entry(key).time_read_secs = 600;
    second.save().expect("second saves");
    for store in [&first, &second, &Store::open(dir.path()).0] {
        assert_eq!(bookmark_labels(store, key), vec!["from first"]);
    }
    let reopened = Store::open(dir.path()).0;
    assert_eq!(reopened.get(key).map(|s| s.time_read_secs), Some(600));
    assert_eq!(
        reopened.get("t:other").map(|s| s.title.as_str()),
        Some("Other")
    );
}

#[test]
fn writers_saving_at_the_same_time_lose_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let writers: usize = 3;
    let each: u64 = 15;
    std::thread::scope(|scope| {
        for writer in 0..writers {
            let dir = dir.path();
            scope.spawn(move || {
                let (mut store, _) = Store::open(dir);
                for n in 0..each {
                    let position = Position::default();
                    store.entry("w:shared").add_bookmark(
                        format!("{writer}-{n:02}"),
                        position,
                        now_ms(),
                    );
                    store.entry(&format!("w:own-{writer}")).time_read_secs = n;
                    store.save().expect("saves");
                }
            });
        }
    });
    let (store, _) = Store::open(dir.path());
    let labels = bookmark_labels(&store, "w:shared");
    assert_eq!(labels.len() as u64, writers as u64 * each, "{labels:?}");
    for writer in 0..writers {
        let own = store
            .get(&format!("w:own-{writer}"))
            .map(|s| s.time_read_secs);
        assert_eq!(own, Some(each - 1));
    }
}

fn page(secs: u64, words: u64) -> Tally {
    Tally {
        secs,
        words,
        pages: 1,
        finished: 0,
    }
}

fn total_read(store: &Store, key: &str) -> Tally {
    store
        .get(key)
        .map(|s| s.reading.total())
        .unwrap_or_default()
}

#[test]
fn two_readers_count_reading_once_each() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = "m:his-hero";
    let (mut first, _) = Store::open(dir.path());
    let (mut second, _) = Store::open(dir.path());
    // Interleaved saves: each merges the other's file, then saves again on top of
    // what it merged; nothing may be counted twice or dropped.
    for round in 0..5 {
        first.record_reading(key, "2024-05-01", page(10, 200));
        first.save().expect("first saves");
        second.record_reading(key, "2024-05-01", page(20, 300));
        if round % 2 == 0 {
            second.record_reading(key, "2024-05-02", page(1, 1));
        }
        second.save().expect("second saves");
    }
    // A change while a save is under way is merged on top of the written file.
    assert!(first.begin_save().is_none(), "nothing to save");
    first.record_reading(key, "2024-05-02", page(5, 50));
    let job = first.begin_save().expect("dirty");
    first.record_reading(key, "2024-05-02", page(5, 50));
    first.finish_save(job.run()).expect("saved");
    first.save().expect("first saves the rest");
    second.save().expect("second has nothing new");
    second.entry("t:other").title = "Other".into();
    second.save().expect("second merges");

    let expected = Tally {
        secs: 5 * 30 + 3 + 10,
        words: 5 * 500 + 3 + 100,
        pages: 10 + 3 + 2,
        finished: 0,
    };
    for store in [&first, &second, &Store::open(dir.path()).0] {
        assert_eq!(total_read(store, key), expected);
    }
    let reopened = Store::open(dir.path()).0;
    let days: Vec<(String, u64)> = reopened
        .get(key)
        .map(|s| {
            s.reading
                .days()
                .map(|(d, t)| (d.to_owned(), t.secs))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        days,
        vec![
            ("2024-05-01".to_owned(), 150),
            ("2024-05-02".to_owned(), 13)
        ]
    );
}

#[test]
fn readers_saving_at_the_same_time_count_every_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let writers: u64 = 3;
    let each: u64 = 12;
    std::thread::scope(|scope| {
        for _ in 0..writers {
            let dir = dir.path();
            scope.spawn(move || {
                let (mut store, _) = Store::open(dir);
                for _ in 0..each {
                    store.record_reading("w:shared", "2024-05-01", page(3, 7));
                    store.save().expect("saves");
                }
            });
        }
    });
    let (store, _) = Store::open(dir.path());
    let total = total_read(&store, "w:shared");
    assert_eq!(
        (total.pages, total.secs, total.words),
        (writers * each, writers * each * 3, writers * each * 7)
    );
}

#[test]
fn a_state_file_from_before_reading_statistics_loads_and_keeps_its_fields() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The shape written before the reading log existed.
    let old = r#"{"version":1,"stories":{"w:ao3:1":{"path":"/fics/one.epub","title":"One","shelf":"reading","favourite":true,"last_opened":1700000000000,"time_read_secs":99,"chapters_seen":7,"updated":1700000000001}}}"#;
    fs::write(dir.path().join(STATE_FILE), old).expect("write");
    let (mut store, warning) = Store::open(dir.path());
    assert_eq!(warning, None);
    let state = store.get("w:ao3:1").expect("loaded");
    assert_eq!((state.title.as_str(), state.time_read_secs), ("One", 99));
    assert!(state.reading.is_empty());
    store.record_reading("w:ao3:1", "2024-05-01", page(4, 40));
    store.save().expect("saves");
    let (store, _) = Store::open(dir.path());
    let state = store.get("w:ao3:1").expect("kept");
    assert_eq!(state.shelf, Shelf::Reading);
    assert!(state.favourite);
    assert_eq!(state.reading.total(), page(4, 40));
}

#[test]
fn a_corrupt_state_file_is_kept_aside_and_reported_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(STATE_FILE);
    let garbage = b"{\"version\":1,\"stories\":{\"w:ao3:1\":{\"title\":\"Half a fi";
    fs::write(&path, garbage).expect("write");

    let (mut store, warning) = Store::open(dir.path());
    let warning = warning.expect("a warning");
    let kept = kept_aside(dir.path());
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        warning.contains(&kept[0].display().to_string()),
        "{warning}"
    );
    assert!(warning.contains("could not be read"), "{warning}");
    assert_eq!(fs::read(&kept[0]).expect("kept"), garbage);
    assert!(store.is_empty());
    assert!(store.read_only().is_none());

    store.entry("w:ao3:2").title = "Fresh".into();
    store.save().expect("saves");
    let (reopened, warning) = Store::open(dir.path());
    assert_eq!(warning, None, "reported once");
    assert_eq!(
        reopened.get("w:ao3:2").map(|s| s.title.as_str()),
        Some("Fresh")
    );
    assert_eq!(kept_aside(dir.path()), kept, "never lost");
    assert_eq!(fs::read(&kept[0]).expect("kept"), garbage);
}

#[test]
fn stories_that_still_parse_are_recovered_from_a_damaged_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let damaged = r#"{"version":1,"stories":{
        "w:ao3:1":{"title":"Fine","shelf":"finished"},
        "w:ao3:2":{"title":"Damaged","bookmarks":"not a list"}}}"#;
    fs::write(dir.path().join(STATE_FILE), damaged).expect("write");
    let (mut store, warning) = Store::open(dir.path());
    assert!(warning.expect("warned").contains("recovered 1 stories"));
    assert_eq!(store.get("w:ao3:1").map(|s| s.shelf), Some(Shelf::Finished));
    assert!(store.is_dirty(), "recovered state is written back");
    store.save().expect("saves");
    assert_eq!(Store::open(dir.path()).0.len(), 1);
    assert_eq!(
        fs::read_to_string(&kept_aside(dir.path())[0]).expect("kept"),
        damaged
    );
}

fn kept_aside(dir: &Path) -> Vec<PathBuf> {
    let mut kept: Vec<PathBuf> = fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("state.json.corrupt-"))
        })
        .collect();
    kept.sort();
    kept
}

// ---------------------------------------------------------------------------------
// Crash safety: a child process saving in a loop is killed with SIGKILL.

const SAVER_DIR: &str = "FICREAD_TEST_STORE_SAVER_DIR";
const SAVER_STORIES: usize = 1500;

/// Not a test on its own: the body of the child process of
/// `a_kill_mid_save_leaves_the_old_or_the_new_file`, which runs this test binary
/// with the data directory in the environment. Each generation rewrites every story
/// with its number, so a file mixing two generations would be caught.
#[test]
fn saver_child() {
    let Some(dir) = std::env::var_os(SAVER_DIR) else {
        return;
    };
    let (mut store, _) = Store::open(Path::new(&dir));
    let start = store.get("t:00000").map_or(0, |s| s.time_read_secs);
    let quote = Quote {
        prefix: "Lex let himself into the empty silence ".into(),
        exact: "of his study, his heart heavy. His spirit felt lighter in the light".into(),
        suffix: " of Lionel's death, his father's menacing".into(),
    };
    for generation in start + 1.. {
        for i in 0..SAVER_STORIES {
            let state = store.entry(&format!("t:{i:05}"));
            state.title = format!("generation {generation}");
            state.time_read_secs = generation;
            state.position = Some(Position {
                anchor: Anchor::new(i, generation as usize, 0),
                quote: quote.clone(),
                ..Position::default()
            });
        }
        store.save().expect("saves");
        println!("saved {generation}");
    }
}

#[cfg(unix)]
#[test]
fn a_kill_mid_save_leaves_the_old_or_the_new_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let exe = std::env::current_exe().expect("test binary");
    let rounds: u32 = 12;
    let mut torn_temp_files = 0;
    for round in 0..rounds {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "state_file::saver_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(SAVER_DIR, dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn the saver");
        let stdout = child.stdout.take().expect("piped");
        let mut lines = BufReader::new(stdout).lines();
        // Time two saves, then kill it at a different point of the next save each
        // round, so the kills sweep the whole save: merge, write, fsync, rename.
        let mut announced = Vec::new();
        while announced.len() < 2 {
            let line = lines.next().expect("the saver runs").expect("utf-8");
            if line.starts_with("saved ") {
                announced.push(Instant::now());
            }
        }
        if round % 2 == 0 {
            let period = announced[1] - announced[0];
            std::thread::sleep(period * round / rounds);
        } else {
            // Aim for the write itself: kill as soon as a temp file appears.
            let deadline = Instant::now() + period_limit();
            while Instant::now() < deadline && temp_files(dir.path()) == 0 {
                std::thread::yield_now();
            }
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        // Whatever it announced before dying (lines may still sit in the pipe).
        let last = lines
            .map_while(Result::ok)
            .filter_map(|l| l.strip_prefix("saved ").and_then(|n| n.parse::<u64>().ok()))
            .last();
        let before_kill = state_generation(dir.path());
        if let Some(last) = last {
            assert!(
                before_kill == last || before_kill == last + 1,
                "round {round}: file has generation {before_kill}, last announced {last}"
            );
        }
        torn_temp_files += temp_files(dir.path());
    }
    eprintln!("{rounds} kills, {torn_temp_files} of them mid-write (a temp file was left)");
    assert!(
        kept_aside(dir.path()).is_empty(),
        "no torn file was ever seen"
    );
    // The lock died with the process: a new save goes through and cleans up.
    let (mut store, warning) = Store::open(dir.path());
    assert_eq!(warning, None);
    store.entry("t:00000").favourite = true;
    store.save().expect("saves after the kills");
    assert_eq!(temp_files(dir.path()), 0);
}

fn temp_files(dir: &Path) -> usize {
    fs::read_dir(dir).map_or(0, |entries| {
        entries
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .count()
    })
}

/// How long to wait for a save to start writing before killing anyway.
fn period_limit() -> std::time::Duration {
    std::time::Duration::from_secs(3)
}

/// The one generation every story in the state file has (panics on a torn or mixed
/// file).
fn state_generation(dir: &Path) -> u64 {
    let (store, warning) = Store::open(dir);
    assert_eq!(warning, None, "the state file parses");
    assert_eq!(store.len(), SAVER_STORIES);
    let mut generations: Vec<u64> = store.iter().map(|(_, s)| s.time_read_secs).collect();
    generations.dedup();
    assert_eq!(generations.len(), 1, "one generation throughout");
    for (_, state) in store.iter() {
        assert_eq!(state.title, format!("generation {}", generations[0]));
    }
    generations[0]
}
