//! The reading-state store on real stories and real processes: keys of moved, renamed
//! and grown files (seeds and corpus copies), positions re-found after chapters are
//! appended, inserted, edited and rewritten, and properties of capture and relocate;
//! the state file's tests (two writers, corruption, SIGKILL mid-save) are in
//! `store/state_file.rs`.

#[path = "store/state_file.rs"]
mod state_file;
#[path = "store/sync_folder.rs"]
mod sync_folder;

use std::fs;
use std::path::{Path, PathBuf};

use ficread::document::{Block, Chapter, Document, RichText};
use ficread::format;
use ficread::meta::{self, Aliases, StoryMeta};
use ficread::position::Anchor;
use ficread::store::{Confidence, Position, StoryText, capture, relocate, story_key};
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
            text.text = text.text.replacen(&word, &typo, 1).into();
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
    text.text
        .to_mut()
        .replace_range(at..at + word.len(), "tpyo");
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
