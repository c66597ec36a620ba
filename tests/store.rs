//! The reading-state store on real stories and real processes: keys of moved, renamed
//! and grown files (seeds and corpus copies), positions re-found after chapters are
//! appended, inserted, edited and rewritten, two ficreads saving into one data
//! directory, a corrupt state file, and a saver killed with SIGKILL mid-save.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use ficread::document::{Block, Chapter, Document, RichText};
use ficread::format;
use ficread::meta::{self, Aliases, StoryMeta};
use ficread::position::Anchor;
use ficread::store::{
    Confidence, Position, Quote, STATE_FILE, Shelf, Store, StoryText, capture, now_ms, relocate,
    story_key,
};
use proptest::prelude::*;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn seed_path(prefix: &str) -> PathBuf {
    let dir = manifest().join("library");
    fs::read_dir(&dir)
        .expect("library/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("seed {prefix} in {}", dir.display()))
}

/// A corpus file, or `None` (with a message) when the corpus is not checked out.
fn corpus(relative: &str) -> Option<PathBuf> {
    let path = manifest().join("../shared/corpus").join(relative);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: corpus file {} is absent", path.display());
        None
    }
}

fn read(path: &Path) -> (Document, StoryMeta) {
    let doc = format::read_file(path).unwrap_or_else(|e| panic!("{e}"));
    let meta = extract(&doc, path);
    (doc, meta)
}

fn extract(doc: &Document, path: &Path) -> StoryMeta {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    meta::extract_with_fallback(doc, &Aliases::builtin(), &stem)
}

fn paragraph(text: &str) -> Block {
    Block::Paragraph(RichText::plain(text))
}

fn new_chapter(title: &str, texts: &[&str]) -> Chapter {
    Chapter {
        title: Some(title.into()),
        id: None,
        blocks: texts.iter().map(|t| paragraph(t)).collect(),
    }
}

// ---------------------------------------------------------------------------------
// Keys

#[test]
fn a_moved_or_renamed_file_keeps_its_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    for prefix in ["000", "001", "002", "003", "004"] {
        let original = seed_path(prefix);
        let moved = dir
            .path()
            .join("elsewhere/deeper")
            .join(format!("renamed {prefix}.txt"));
        fs::create_dir_all(moved.parent().expect("parent")).expect("mkdir");
        fs::copy(&original, &moved).expect("copy");
        let (doc_a, meta_a) = read(&original);
        let (doc_b, meta_b) = read(&moved);
        assert_eq!(
            story_key(&doc_a, &meta_a),
            story_key(&doc_b, &meta_b),
            "seed {prefix}"
        );
    }
    // A story with no title inside: the title comes from the file name, which must
    // not be part of the key.
    let body =
        "It was a dark and stormy night, and Clark could not sleep.\n\nLex could not either.\n";
    let a = dir.path().join("untitled.txt");
    let b = dir.path().join("something else entirely.txt");
    fs::write(&a, body).expect("write");
    fs::write(&b, body).expect("write");
    let ((doc_a, meta_a), (doc_b, meta_b)) = (read(&a), read(&b));
    assert_eq!(
        meta_a.provenance.get("title").map(String::as_str),
        Some("file name")
    );
    assert_ne!(meta_a.title, meta_b.title);
    let key = story_key(&doc_a, &meta_a);
    assert!(key.starts_with("t:"), "{key}");
    assert_eq!(key, story_key(&doc_b, &meta_b));
}

#[test]
fn the_seeds_have_distinct_keys_of_the_expected_kinds() {
    let keys: Vec<String> = ["000", "001", "002", "003", "004"]
        .iter()
        .map(|p| {
            let (doc, meta) = read(&seed_path(p));
            story_key(&doc, &meta)
        })
        .collect();
    // 002 and 004 name authors; the others have a title line only.
    let kinds: Vec<&str> = keys.iter().map(|k| &k[..2]).collect();
    assert_eq!(kinds, vec!["t:", "t:", "m:", "t:", "m:"]);
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), keys.len(), "{keys:?}");
}

#[test]
fn the_key_survives_appended_chapters_and_typo_fixes() {
    for prefix in ["000", "002"] {
        let path = seed_path(prefix);
        let (doc, meta) = read(&path);
        let key = story_key(&doc, &meta);

        let mut grown = doc.clone();
        grown.chapters.push(new_chapter(
            "Chapter 2",
            &["Lex came back.", "So did Clark."],
        ));
        grown
            .chapters
            .push(new_chapter("Chapter 3", &["The end, for now."]));
        assert_eq!(
            story_key(&grown, &extract(&grown, &path)),
            key,
            "seed {prefix}: appended"
        );

        // A typo fixed in the story's first paragraph.
        let mut fixed = doc.clone();
        let first = fixed.chapters[0]
            .blocks
            .iter_mut()
            .find(|b| matches!(b, Block::Paragraph(_)))
            .expect("a paragraph");
        if let Block::Paragraph(text) = first {
            let word = text
                .text
                .split_whitespace()
                .find(|w| w.len() > 4 && w.chars().all(char::is_alphabetic))
                .expect("a long word")
                .to_owned();
            let typo: String = word.chars().take(2).chain(word.chars().skip(3)).collect();
            assert!(text.text.contains(&word));
            text.text = text.text.replacen(&word, &typo, 1);
        }
        assert_ne!(fixed, doc);
        assert_eq!(
            story_key(&fixed, &extract(&fixed, &path)),
            key,
            "seed {prefix}: typo"
        );
    }
}

#[test]
fn html_and_epub_copies_of_a_work_share_key_and_places() {
    for (html, epub) in [
        (
            "ao3downloader-fixtures/incompleteWork.html",
            "ao3downloader-fixtures/incompleteWork.epub",
        ),
        (
            "ao3downloader-fixtures/workInSeries.html",
            "ao3downloader-fixtures/workInSeries.epub",
        ),
        (
            "fanficfare-generated/test1-story1.html",
            "fanficfare-generated/test1-story1.epub",
        ),
    ] {
        let (Some(html), Some(epub)) = (corpus(html), corpus(epub)) else {
            return;
        };
        let (html_doc, html_meta) = read(&html);
        let (epub_doc, epub_meta) = read(&epub);
        assert_eq!(
            story_key(&html_doc, &html_meta),
            story_key(&epub_doc, &epub_meta)
        );
        // A place saved while reading one copy opens on the same text in the other.
        let text = StoryText::new(&epub_doc);
        for (c, chapter) in html_doc.chapters.iter().enumerate() {
            let anchor = Anchor::new(c, chapter.blocks.len() / 2, 0);
            let found = text.relocate(&capture(&html_doc, anchor));
            assert_ne!(
                found.confidence,
                Confidence::Lost,
                "{}: {anchor:?}",
                html.display()
            );
            let saved = capture(&html_doc, anchor).quote.exact;
            assert_eq!(capture(&epub_doc, found.anchor).quote.exact, saved);
        }
    }
}

// ---------------------------------------------------------------------------------
// Re-anchoring

/// Seed 002 with a position captured at a word in the middle of the story.
fn seed_002_position() -> (Document, Position) {
    let (doc, _) = read(&seed_path("002"));
    let blocks = &doc.chapters[0].blocks;
    let (index, offset) = (blocks.len() / 2..blocks.len())
        .find_map(|i| {
            let text = blocks[i].text();
            (text.split_whitespace().count() > 40).then(|| {
                let at = text.match_indices(' ').nth(15).map_or(0, |(at, _)| at + 1);
                (i, at)
            })
        })
        .expect("a long paragraph in the second half");
    let position = capture(&doc, Anchor::new(0, index, offset));
    assert_eq!(position.anchor, Anchor::new(0, index, offset));
    assert!(
        position.fraction > 0.4 && position.fraction < 0.9,
        "{}",
        position.fraction
    );
    assert_eq!(position.quote.exact.split_whitespace().count(), 12);
    (doc, position)
}

#[test]
fn appended_chapters_keep_the_place_exactly() {
    let (doc, position) = seed_002_position();
    let mut grown = doc.clone();
    grown
        .chapters
        .push(new_chapter("Chapter 2", &["A sequel begins."]));
    let found = relocate(&grown, &position);
    assert_eq!(
        (found.anchor, found.confidence),
        (position.anchor, Confidence::Exact)
    );
}

#[test]
fn a_chapter_inserted_before_moves_the_place() {
    let (doc, position) = seed_002_position();
    let mut grown = doc.clone();
    grown.chapters.insert(
        0,
        new_chapter("Prologue", &["Before all that, there was Smallville."]),
    );
    let found = relocate(&grown, &position);
    let expected = Anchor::new(1, position.anchor.block, position.anchor.offset);
    assert_eq!(
        (found.anchor, found.confidence),
        (expected, Confidence::Moved)
    );
}

#[test]
fn a_fixed_typo_near_the_place_is_found_fuzzily() {
    let (doc, position) = seed_002_position();
    let Anchor { block, offset, .. } = position.anchor;
    // Change one word inside the quoted text, a few words after the anchor.
    let mut edited = doc.clone();
    let Block::Paragraph(text) = &mut edited.chapters[0].blocks[block] else {
        panic!("anchor in a paragraph");
    };
    let rest = &text.text[offset..];
    let (at, word) = rest
        .split_whitespace()
        .enumerate()
        .find(|(i, w)| *i >= 4 && w.len() >= 3)
        .map(|(_, w)| (offset + rest.find(w).expect("word"), w.to_owned()))
        .expect("a word to change");
    text.text.replace_range(at..at + word.len(), "tpyo");
    let found = relocate(&edited, &position);
    assert_eq!(
        (found.anchor, found.confidence),
        (position.anchor, Confidence::Fuzzy)
    );
}

#[test]
fn a_rewritten_chapter_is_lost_but_opens_in_that_chapter() {
    // Three seeds as three chapters of one story; a re-download rewrites chapter 2.
    let chapter = |prefix: &str, title: &str| {
        let (doc, _) = read(&seed_path(prefix));
        Chapter {
            title: Some(title.into()),
            id: None,
            blocks: doc.chapters.into_iter().flat_map(|c| c.blocks).collect(),
        }
    };
    let story = Document {
        chapters: vec![
            chapter("000", "One"),
            chapter("001", "Two"),
            chapter("002", "Three"),
        ],
        ..Document::default()
    };
    let position = capture(&story, Anchor::new(1, 60, 0));
    let mut rewritten = story.clone();
    rewritten.chapters[1] = Chapter {
        title: Some("Two".into()),
        ..chapter("003", "Two")
    };
    rewritten.chapters.push(chapter("004", "Four"));
    let found = relocate(&rewritten, &position);
    assert_eq!(
        (found.anchor, found.confidence),
        (Anchor::new(1, 0, 0), Confidence::Lost)
    );

    // No titles either: the same fraction of the story's words.
    for c in &mut rewritten.chapters {
        c.title = None;
    }
    let found = relocate(&rewritten, &position);
    assert_eq!(found.confidence, Confidence::Lost);
    let at = capture(&rewritten, found.anchor).fraction;
    assert!(
        (at - position.fraction).abs() < 0.05,
        "{at} vs {}",
        position.fraction
    );
}

#[test]
fn fanficfare_chapter_ids_tell_identical_chapters_apart() {
    let Some(path) = corpus("fanficfare-generated/test1-story1.epub") else {
        return;
    };
    let (doc, _) = read(&path);
    assert!(doc.chapters.iter().all(|c| c.id.is_some()));
    let position = capture(&doc, Anchor::new(3, 7, 0));
    // Another chapter's text is identical at the same anchor...
    assert_eq!(
        capture(&doc, Anchor::new(2, 7, 0)).quote.exact,
        position.quote.exact
    );
    // ...so after a chapter is inserted, only the id says where chapter 4 went.
    let mut grown = doc.clone();
    let mut extra = doc.chapters[1].clone();
    extra.id = Some("http://test1.com?sid=1&chapter=new".into());
    grown.chapters.insert(1, extra);
    let found = relocate(&grown, &position);
    assert_eq!(
        (found.anchor, found.confidence),
        (Anchor::new(4, 7, 0), Confidence::Moved)
    );
}

// ---------------------------------------------------------------------------------
// The state file

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
            .args(["--exact", "saver_child", "--nocapture", "--test-threads=1"])
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

// ---------------------------------------------------------------------------------
// Properties

fn block_strategy() -> impl Strategy<Value = Block> {
    prop_oneof![
        1 => Just(Block::SceneBreak),
        6 => "[a-c é日\u{301}\"—.]{0,30}".prop_map(|t| paragraph(&t)),
        1 => "[a-c ]{0,12}".prop_map(|t| Block::Heading(RichText::plain(t))),
    ]
}

fn document_strategy() -> impl Strategy<Value = Document> {
    let chapter = (
        prop::option::of("[a-c ]{0,6}"),
        prop::option::of("[xy]"),
        prop::collection::vec(block_strategy(), 0..8),
    )
        .prop_map(|(title, id, blocks)| Chapter { title, id, blocks });
    prop::collection::vec(chapter, 0..5).prop_map(|chapters| Document {
        chapters,
        ..Document::default()
    })
}

/// A valid anchor from three indices: a line start (offset 0) or any char boundary.
fn anchor_in(
    doc: &Document,
    c: prop::sample::Index,
    b: prop::sample::Index,
    o: prop::sample::Index,
    line_start: bool,
) -> Anchor {
    if doc.chapters.is_empty() {
        return Anchor::default();
    }
    let chapter = c.index(doc.chapters.len());
    let blocks = &doc.chapters[chapter].blocks;
    if blocks.is_empty() {
        return Anchor::chapter_start(chapter);
    }
    let block = b.index(blocks.len());
    let text = blocks[block].text();
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let offset = if line_start {
        0
    } else {
        boundaries[o.index(boundaries.len())]
    };
    Anchor::new(chapter, block, offset)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn capture_then_relocate_is_exact(
        doc in document_strategy(),
        c in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
        o in any::<prop::sample::Index>(),
        line_start in any::<bool>(),
    ) {
        let anchor = anchor_in(&doc, c, b, o, line_start);
        prop_assert_eq!(anchor.clamp(&doc), anchor);
        let position = capture(&doc, anchor);
        prop_assert_eq!(position.anchor, anchor);
        let found = relocate(&doc, &position);
        prop_assert_eq!((found.anchor, found.confidence), (anchor, Confidence::Exact));
    }

    #[test]
    fn relocating_in_another_story_never_panics_and_stays_valid(
        a in document_strategy(),
        b in document_strategy(),
        c in any::<prop::sample::Index>(),
        bl in any::<prop::sample::Index>(),
        o in any::<prop::sample::Index>(),
    ) {
        let position = capture(&a, anchor_in(&a, c, bl, o, false));
        let found = relocate(&b, &position);
        prop_assert_eq!(found.anchor.clamp(&b), found.anchor);
    }
}
