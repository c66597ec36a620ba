//! A story parsed from text the reader owns ([`txt::parse_owned`]) keeps its blocks'
//! text in one buffer, written over the text it was read from; it must read exactly
//! as the story parsed from borrowed text ([`txt::parse`]), whose blocks each own
//! their text. Checked on the sample library, the fixtures, the seeds and the corpus,
//! and on generated texts.

#[path = "support/files.rs"]
mod files;

use std::fmt::Write as _;
use std::path::PathBuf;

use ficread::document::{Block, Document};
use ficread::format::{encoding, txt};
use proptest::prelude::*;

fn text_files() -> Vec<PathBuf> {
    files::files_ending("txt")
}

/// Every block text, with whether it lives in the shared buffer.
fn texts(doc: &Document) -> Vec<(&str, bool)> {
    doc.chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .filter_map(Block::rich_text)
        .map(|rich| (rich.text.as_str(), rich.text.is_shared()))
        .collect()
}

/// The owned parse equals the borrowed one block for block (texts compared as
/// strings, spans and kinds too); returns how many of its block texts are shared.
fn assert_same(text: &str, what: &str) -> (usize, usize) {
    let borrowed = txt::parse(text);
    let owned = txt::parse_owned(text.to_owned());
    assert_eq!(owned, borrowed, "{what}");
    // Equality goes through `Text`'s own comparison; compare the plain strings too,
    // so a wrong `PartialEq` could not hide a wrong text.
    let (a, b) = (texts(&owned), texts(&borrowed));
    assert_eq!(a.len(), b.len(), "{what}");
    for ((got, _), (want, owns)) in a.iter().zip(&b) {
        assert_eq!(got, want, "{what}");
        assert!(!owns, "{what}: a borrowed parse shares a text");
    }
    owned.check().expect("document invariants");
    (a.iter().filter(|(_, shared)| *shared).count(), a.len())
}

#[test]
fn owned_and_borrowed_parses_agree_on_every_sample_text() {
    let files = text_files();
    assert!(!files.is_empty(), "no sample texts");
    let (mut shared, mut all) = (0, 0);
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let text = encoding::decode(&bytes);
        let (s, a) = assert_same(&text, &path.display().to_string());
        shared += s;
        all += a;
    }
    // Almost every block is in the shared buffer: only a text that would overtake
    // the reading (a header title opening the body) keeps its own.
    assert!(
        shared * 100 >= all * 95,
        "{shared} of {all} block texts shared"
    );
}

#[test]
fn a_long_story_shares_its_text_and_reads_the_same() {
    let mut text = String::from("A Title\n\nAuthor: Someone\nRating: G\n\n\nChapter 1\n\n");
    for i in 0..400 {
        let _ = write!(
            text,
            "Paragraph {i} is  *wrapped*\nover two lines--\nand three, with\u{a0}: French.\n\n"
        );
        if i % 50 == 49 {
            let _ = write!(text, "* * *\n\nChapter {}\n\n", i / 50 + 2);
        }
    }
    text.push_str("The End\n");
    let (shared, all) = assert_same(&text, "generated");
    assert_eq!(shared, all);
    let doc = txt::parse_owned(text);
    assert_eq!(
        doc.chapters[0].blocks[0].text(),
        "Paragraph 0 is wrapped over two lines--and three, with\u{a0}: French."
    );
    assert_eq!(
        doc.chapters
            .last()
            .and_then(|c| c.blocks.last())
            .map(Block::text),
        Some("Paragraph 399 is wrapped over two lines--and three, with\u{a0}: French.")
    );
}

/// Lines that make the cleaned text shorter than its source, or not: markup, escapes,
/// wrapped lines, headings, breaks, header and footer lines.
const PIECES: &[&str] = &[
    "",
    "",
    "Title: A Story",
    "by Somebody",
    "She ran. He followed, *fast*, and _then_ stopped.",
    "  indented   words\twith  runs  ",
    "twenty-",
    "one wrapped--",
    "* * *",
    "Chapter 1",
    "### Heading ###",
    "A/N: thanks",
    "Author: [livejournal.com profile] hils",
    "\u{1b}[31mred\u{1b}[0m \u{7}bell",
    "日本語の文章です。",
    "emoji 🎉 *🎉* _é_ e\u{301}",
    "The End",
];

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_owned),
        1 => "\\PC{0,40}",
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn owned_text_parses_as_borrowed_text(text in text()) {
        assert_same(&text, "generated");
    }
}
