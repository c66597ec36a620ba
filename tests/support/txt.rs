//! Shared helpers for the plain-text reader's file tests: reading seeds and corpus
//! files (the corpus is optional: absent means skipped, with a message), and
//! assertions on fields and bodies.

#![allow(dead_code)] // Each test file uses its own subset.

use std::path::{Path, PathBuf};

use ficread::document::raw::Origin;
use ficread::document::{Block, Document, FieldKey};
use ficread::format::{encoding, txt};

pub fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Reads and parses the seed whose file name starts with `prefix`.
pub fn seed(prefix: &str) -> (String, Document) {
    let dir = manifest().join("library");
    let path = std::fs::read_dir(&dir)
        .expect("library/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("seed {prefix} in {}", dir.display()));
    read(&path)
}

pub fn read(path: &Path) -> (String, Document) {
    let bytes = std::fs::read(path).expect("readable");
    let text = encoding::decode(&bytes);
    let doc = txt::parse(&text);
    doc.check()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (text, doc)
}

/// A corpus file, or `None` (with a message) when `../shared/corpus` is absent.
pub fn corpus(relative: &str) -> Option<(String, Document)> {
    let path: PathBuf = manifest().join("../shared/corpus").join(relative);
    if !path.exists() {
        eprintln!(
            "skipping: {} not found (../shared/corpus is absent)",
            path.display()
        );
        return None;
    }
    Some(read(&path))
}

/// 1-based line of the source text.
pub fn line(text: &str, number: usize) -> &str {
    text.lines().nth(number - 1).expect("line exists")
}

pub type WantField<'a> = (FieldKey, Origin, &'a str, &'a str, usize);

/// The fields exactly, in order: key, origin, label, value, line.
pub fn assert_fields(doc: &Document, want: &[WantField<'_>]) {
    let got: Vec<(FieldKey, Origin, String, String, usize)> = doc
        .raw
        .fields
        .iter()
        .map(|f| {
            (
                f.key,
                f.origin,
                f.label.clone(),
                f.joined(),
                f.line.unwrap_or(0),
            )
        })
        .collect();
    let want: Vec<(FieldKey, Origin, String, String, usize)> = want
        .iter()
        .map(|&(k, o, l, v, n)| (k, o, l.to_owned(), v.to_owned(), n))
        .collect();
    assert_eq!(got, want);
}

pub fn paragraphs(doc: &Document) -> Vec<&str> {
    doc.chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .filter(|b| matches!(b, Block::Paragraph(_)))
        .map(Block::text)
        .collect()
}

/// Chrome, header and footer text that must never reach the body.
pub const CHROME: &[&str] = &[
    "Powered by Dreamwidth",
    "This account has disabled",
    "Page generated",
    "profile]",
    "You have reached the end",
    "If you enjoyed this story",
    "Title:",
    "Summary:",
    "Disclaimer:",
    "DISCLAIMER:",
    "Author's Note:",
    "This story is No.",
    "fandomcorner",
];

pub struct Body<'a> {
    pub first: &'a str,
    pub last: &'a str,
    pub scenes: usize,
    pub words: usize,
}

pub fn assert_body(doc: &Document, want: &Body<'_>) {
    assert_eq!(doc.chapters.len(), 1, "one untitled chapter");
    assert_eq!(doc.chapters[0].title, None);
    let paras = paragraphs(doc);
    assert_eq!(paras.first().copied(), Some(want.first), "first paragraph");
    assert_eq!(paras.last().copied(), Some(want.last), "last paragraph");
    assert_eq!(doc.scenes(), want.scenes, "scenes");
    let words = doc.words();
    let tolerance = want.words / 100;
    assert!(
        words.abs_diff(want.words) <= tolerance,
        "words {words}, want {} ± {tolerance}",
        want.words
    );
    for text in doc.texts() {
        for chrome in CHROME {
            assert!(
                !text.contains(chrome),
                "chrome {chrome:?} in body: {text:?}"
            );
        }
        for marker in ["The End", "The End?"] {
            assert_ne!(text, marker, "end marker in body");
        }
    }
}
