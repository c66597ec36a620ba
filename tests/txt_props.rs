//! Property tests: the plain-text reader never panics, and what it returns always
//! holds the document invariants, whatever the input (blank runs, glyph lines,
//! stray `*`/`_`, control characters and escape sequences, headings, header-like and
//! footer-like lines, CJK, emoji, combining marks).

use ficread::document::Document;
use ficread::format::txt;
use proptest::prelude::*;

/// Lines that exercise every stage of the reader.
const PIECES: &[&str] = &[
    "",
    "",
    "",
    "  ",
    "\u{a0}\u{a0}",
    "\t",
    "She ran. He followed, *fast*, and _then_ stopped.",
    "It was over.",
    "\"...\"",
    "Ooo!",
    "a*b 5 * 3 snake_case_names * _ ** __ ***",
    "*Later, in Zurich*",
    "**bold** and __strong__ _unclosed",
    "* * *",
    "***",
    "~~~",
    "xXx",
    "-x-x-",
    "~*~*~",
    "###",
    "---",
    "⁂",
    "                          * * * * *",
    "<hr/>",
    "Chapter 1",
    "Chapter Two: The Bronze",
    "CHAPTER IV.",
    "VOLUME I",
    "Part 2",
    "Prologue",
    "Epilogue",
    "1. Prologue",
    "2. The Middle",
    "Un\u{a0}: Kiba",
    "~3~",
    "II",
    "Table of Contents",
    "        Chapter 9, Indented",
    "### Heading",
    "Title: A Story",
    "Summary: Things happen. Rated: R Feedback:",
    "Warning; Slash content.",
    "by Somebody",
    "by",
    "(1818)",
    "Help Wanted: A Buffy the Vampire Slayer/Smallville Crossover",
    "This story is No. 2 in the series \"X\". You may wish to read the series introduction first.",
    "fandomcorner: (Clex by laura1b)",
    "[personal profile] fandomcorner",
    "Author: [livejournal.com profile] hils and [livejournal.com profile] lexi",
    "Lex: \"Let's talk.\"",
    "A/N: thanks for reading",
    "(A/N: late)",
    "Note: at the edge",
    "TABLE OF CONTENTS",
    "Packaged: 2026-01-01",
    "Rated: Fiction T - English - Romance - [A, B] C - Words: 10 - Status: Complete",
    "The End",
    "The End?",
    "End file.",
    "TBC",
    "You have reached the end of \"X\" – so far.",
    "If you enjoyed this story, please send feedback to Annie",
    "This account has disabled anonymous posting.",
    "Powered by Dreamwidth Studios",
    "12 comments",
    "\u{1b}[31mred\u{1b}[0m \u{7}bell \u{1b}]0;title\u{7} \u{9b}2J",
    "\r",
    "trailing spaces  ",
    "日本語の文章です。第1章",
    "第2章",
    "emoji 🎉 *🎉* _é_ e\u{301}",
    "\u{202e}bidi\u{200b}zero",
    "twenty-",
    "one wrapped--",
    "—",
    "…",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_owned),
        1 => "\\PC{0,40}",
        1 => proptest::collection::vec(any::<char>(), 0..20).prop_map(|cs| cs.into_iter().collect()),
        1 => proptest::collection::vec(proptest::sample::select(vec!['*', '_', ' ', 'a', '\u{1b}', '\n', '\u{a0}', '~', 'x', 'o']), 0..12)
            .prop_map(|cs| cs.into_iter().collect()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..80).prop_map(|lines| lines.join("\n"))
}

fn assert_clean(doc: &Document) {
    doc.check().expect("document invariants");
    for chapter in &doc.chapters {
        assert!(!chapter.blocks.is_empty(), "empty chapter");
        if let Some(title) = &chapter.title {
            assert!(!title.is_empty());
            assert!(
                !title.chars().any(char::is_control),
                "control char in title {title:?}"
            );
        }
    }
    for field in &doc.raw.fields {
        for value in &field.values {
            assert!(!value.is_empty(), "empty field value");
            assert!(
                !value.chars().any(char::is_control),
                "control char in {value:?}"
            );
        }
        assert!(!field.label.chars().any(char::is_control));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_parses_to_a_valid_document(text in text()) {
        let doc = txt::parse(&text);
        assert_clean(&doc);
    }

    #[test]
    fn arbitrary_strings_parse(text in any::<String>()) {
        assert_clean(&txt::parse(&text));
    }

    /// Blank lines at either end never change the story.
    #[test]
    fn surrounding_blank_lines_do_not_matter(text in text()) {
        let doc = txt::parse(&text);
        let padded = txt::parse(&format!("\n\n\n{text}\n\n\n"));
        prop_assert_eq!(doc.chapters, padded.chapters);
    }
}

#[test]
fn huge_line_and_many_markers_are_fine() {
    let line = "word *x* ".repeat(200_000);
    let doc = txt::parse(&line);
    assert_clean(&doc);
    assert_eq!(doc.words(), 400_000);
    let stars = "*".repeat(100_000);
    assert_clean(&txt::parse(&stars));
    let underscores = "_a_ ".repeat(50_000);
    assert_clean(&txt::parse(&underscores));
    let blanks = "\n".repeat(100_000);
    assert!(txt::parse(&blanks).chapters.is_empty());
}
