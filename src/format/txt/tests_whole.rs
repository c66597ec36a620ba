//! Whole-reader tests on small fixtures: scene breaks in context, blank-gap rules per
//! layout, chapter planning (sequences, tables of contents, volume and duplicate
//! headings, front matter), notes, markup and control characters in the body.

use super::parse;
use crate::document::{Block, Document, FieldKey};

/// A compact view of a document: chapters as `# title` lines, then `P text`,
/// `N text`, `H text` or `---` per block.
fn outline(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for chapter in &doc.chapters {
        out.push(format!(
            "# {}",
            chapter.title.as_deref().unwrap_or("(untitled)")
        ));
        for block in &chapter.blocks {
            out.push(match block {
                Block::Paragraph(t) => format!("P {}", t.text),
                Block::Note(t) => format!("N {}", t.text),
                Block::Heading(t) => format!("H {}", t.text),
                Block::Field { text, .. } => format!("F {}", text.text),
                Block::SceneBreak => "---".to_owned(),
                Block::Image(i) => format!("I {}", i.text),
                Block::Table(t) => format!("T {}", t.text.text),
            });
        }
    }
    out
}

fn parsed(text: &str) -> Vec<String> {
    let doc = parse(text);
    assert!(doc.check().is_ok(), "{:?}", doc.check());
    outline(&doc)
}

/// Enough ordinary paragraphs (one per line, one blank between) to fix the usual gap.
const PROSE: &str = "Buffy walked in.\n\nSpike followed her.\n\nWillow stayed behind.\n\n";

#[test]
fn glyph_lines_break_scenes_in_context() {
    let glyphs = [
        "* * *",
        "***",
        "~~~",
        "xXx",
        "oOo",
        "-x-x-",
        "~*~*~",
        "###",
        "---",
        "⁂",
        "* * * * *",
        "  * * * * *",
        "o0o",
        "<hr>",
        "+ + +",
    ];
    for glyph in glyphs {
        let got = parsed(&format!("{PROSE}One side.\n\n{glyph}\n\nOther side.\n"));
        assert_eq!(
            got[4..],
            ["P One side.", "---", "P Other side."],
            "glyph {glyph:?}"
        );
    }
}

#[test]
fn short_prose_lines_are_not_breaks() {
    for line in [
        "It was over.",
        "\"...\"",
        "Ooo!",
        "Oh.",
        "A promise.",
        "#1",
        "*sigh*",
    ] {
        let doc = parse(&format!("{PROSE}Before.\n\n{line}\n\nAfter.\n"));
        assert_eq!(doc.scenes(), 1, "line {line:?}");
        assert_eq!(doc.chapters[0].blocks.len(), 6, "line {line:?}");
    }
}

#[test]
fn blank_gaps_longer_than_usual_are_breaks() {
    // One paragraph per line: two blank lines are a break, one is not.
    let got = parsed(&format!("{PROSE}A.\n\n\nB.\n\nC.\n"));
    assert_eq!(got[4..], ["P A.", "---", "P B.", "P C."]);
    // Double-spaced everywhere: only three or more blank lines break.
    let got = parsed("A.\n\n\nB.\n\n\nC.\n\n\n\nD.\n\n\nE.\n");
    assert_eq!(
        got,
        [
            "# (untitled)",
            "P A.",
            "P B.",
            "P C.",
            "---",
            "P D.",
            "P E."
        ]
    );
    // No gaps between paragraphs: a single blank line is a break.
    let dense = "Kiba se tassa un peu plus sur lui-même et adressa au ninja un regard bouillonnant.\n\
                 Le regard du ninja au visage scarifié s’assombrit de contrariété, et sans un mot.\n\
                 \n\
                 Mais malgré cela, le grondement rauque et menaçant était de retour, enfin.\n\
                 Le ninja du Son aurait dû écouter ses instincts, ce soir-là.\n";
    let doc = parse(dense);
    assert_eq!(doc.scenes(), 2);
    assert_eq!(doc.chapters[0].blocks.len(), 5);
    // Hard-wrapped with blank lines between paragraphs: two blank lines break.
    let wrapped = "It is a truth universally acknowledged, that a single man in\n\
                   possession of a good fortune, must be in want of a wife.\n\n\
                   However little known the feelings or views of such a man may\n\
                   be on his first entering a neighbourhood, this truth is so.\n\n\n\
                   The next morning brought Mr. Frank Churchill again. He came\n\
                   with Mrs. Weston, to whom and to Highbury he seemed to take.\n";
    let doc = parse(wrapped);
    assert_eq!(doc.scenes(), 2);
    assert_eq!(doc.chapters[0].blocks.len(), 4);
}

#[test]
fn no_break_at_chapter_edges_or_before_the_end() {
    let got = parsed(
        "Chapter 1\n\n* * *\n\nFirst text here.\n\n* * *\n\n\nChapter 2\n\n\nSecond text.\n\nMore.\n\nAgain.\n\n\nThe End\n",
    );
    assert_eq!(
        got,
        [
            "# Chapter 1",
            "P First text here.",
            "# Chapter 2",
            "P Second text.",
            "P More.",
            "P Again.",
        ]
    );
}

#[test]
fn chapter_headings_and_untitled_opening() {
    let got = parsed(
        "Before any heading, real story text.\n\nChapter One: Arrival\n\nThey came.\n\nCHAPTER IV.\n\nThey left.\n\nEpilogue\n\nLater.\n",
    );
    assert_eq!(
        got,
        [
            "# (untitled)",
            "P Before any heading, real story text.",
            "# Chapter One: Arrival",
            "P They came.",
            "# CHAPTER IV.",
            "P They left.",
            "# Epilogue",
            "P Later.",
        ]
    );
}

#[test]
fn weak_headings_need_a_sequence() {
    let got = parsed("Intro text.\n\n1. Start\n\nA.\n\n2. Middle\n\nB.\n\n3. End\n\nC.\n");
    assert_eq!(
        got,
        [
            "# (untitled)",
            "P Intro text.",
            "# 1. Start",
            "P A.",
            "# 2. Middle",
            "P B.",
            "# 3. End",
            "P C."
        ]
    );
    // Alone in the middle of a story, a numbered line is text.
    let got = parsed("Intro text.\n\n1. Start\n\nA.\n");
    assert_eq!(got, ["# (untitled)", "P Intro text.", "P 1. Start", "P A."]);
    // Out of sequence, bare numbers are text.
    let got = parsed("Text.\n\n~3~\n\nMore.\n\n~7~\n\nThe rest.\n");
    assert_eq!(got.len(), 6);
    // Opening the body, a titled number heading is trusted alone.
    let got = parsed("Un\u{a0}: Kiba\n\nKiba se tassa.\n");
    assert_eq!(got, ["# Un\u{a0}: Kiba", "P Kiba se tassa."]);
    // Numbered lists inside chaptered stories stay text.
    let got = parsed("Chapter 1\n\nText.\n\n1. Eggs\n\n2. Milk\n\nChapter 2\n\nMore.\n");
    assert_eq!(
        got,
        [
            "# Chapter 1",
            "P Text.",
            "P 1. Eggs",
            "P 2. Milk",
            "# Chapter 2",
            "P More."
        ]
    );
}

#[test]
fn tables_of_contents_are_skipped() {
    let got = parsed(
        "Contents\n\nChapter 1\n\nChapter 2\n\nChapter 3\n\nChapter 1\n\nOne.\n\nChapter 2\n\nTwo.\n\nChapter 3\n\nThree.\n",
    );
    assert_eq!(
        got,
        [
            "# Chapter 1",
            "P One.",
            "# Chapter 2",
            "P Two.",
            "# Chapter 3",
            "P Three."
        ]
    );
}

#[test]
fn volume_headings_join_their_first_chapter() {
    let got = parsed(
        "VOLUME I\n\n\n\nCHAPTER I\n\n\nText.\n\nCHAPTER II\n\nMore.\n\nVOLUME II\n\nCHAPTER I\n\nAgain.\n",
    );
    assert_eq!(
        got,
        [
            "# VOLUME I — CHAPTER I",
            "P Text.",
            "# CHAPTER II",
            "P More.",
            "# VOLUME II — CHAPTER I",
            "P Again.",
        ]
    );
    // A part with its own text is a chapter of its own.
    let got = parsed("Part 1\n\nIntro.\n\nChapter 1\n\nText.\n");
    assert_eq!(got, ["# Part 1", "P Intro.", "# Chapter 1", "P Text."]);
}

#[test]
fn tth_duplicate_headings_merge_around_the_disclaimer() {
    let got = parsed(
        "Chapter One\n\nDisclaimer: not mine.\n\nChapter One\n\nThe story starts.\n\nChapter Two\n\nIt goes on.\n",
    );
    assert_eq!(
        got,
        [
            "# Chapter One",
            "N Disclaimer: not mine.",
            "P The story starts.",
            "# Chapter Two",
            "P It goes on.",
        ]
    );
}

#[test]
fn trailing_heading_makes_no_empty_chapter() {
    let got = parsed("Chapter 1\n\nText.\n\nChapter 2\n");
    assert_eq!(got, ["# Chapter 1", "P Text."]);
}

#[test]
fn title_page_before_the_first_heading_is_front_matter() {
    let doc = parse("Chapter 1\n\nText of the first chapter.\n");
    assert_eq!(doc.chapters.len(), 1);
    // A title page the header did not claim (after a long blank run) is not a chapter.
    let doc = parse(
        "Some Title\n\nby Someone\n\nA Novel\n\nIn Three Parts\n\nChapter 1\n\nIt began.\n\nChapter 2\n\nIt ended.\n",
    );
    assert_eq!(doc.chapters.len(), 2);
    assert_eq!(doc.chapters[0].title.as_deref(), Some("Chapter 1"));
    let front: Vec<String> = doc
        .raw
        .get(FieldKey::Note)
        .filter(|f| f.label == "front matter")
        .map(crate::document::RawField::joined)
        .collect();
    assert_eq!(front, ["A Novel", "In Three Parts"]);
}

#[test]
fn author_notes_become_notes() {
    let got = parsed(
        "Chapter 1\n\nA/N: Thanks to my beta.\n\nThe story.\n\n(A/N: a mid-story aside)\n\nMore story. Note: this is prose.\n\nNote: see you next time.\n",
    );
    assert_eq!(
        got,
        [
            "# Chapter 1",
            "N A/N: Thanks to my beta.",
            "P The story.",
            "N (A/N: a mid-story aside)",
            "P More story. Note: this is prose.",
            "N Note: see you next time.",
        ]
    );
    // Before the story, an author's note is a header field.
    let doc = parse("A/N: Thanks to my beta.\n\nThe story begins here, and it goes on.\n");
    assert_eq!(doc.raw.first(FieldKey::Note).unwrap().label, "A/N");
    // `Note:` in the middle of a chapter is text.
    let got = parsed("Story.\n\nNote: the door was open.\n\nMore.\n");
    assert_eq!(got[2], "P Note: the door was open.");
}

#[test]
fn body_text_is_cleaned() {
    let doc = parse(
        "She met [livejournal.com profile] hils at the\u{1b}[1m  con\u{7}.\n\nIt   was   *very*\tlate, and \u{201c}curly\u{201d} — dashes stay.\n",
    );
    let texts: Vec<&str> = doc.texts().collect();
    assert_eq!(
        texts,
        [
            "She met hils at the con.",
            "It was very late, and “curly” — dashes stay."
        ]
    );
    let spans = &doc.chapters[0].blocks[1].rich_text().unwrap().spans;
    assert_eq!(&texts[1][spans[0].range.clone()], "very");
}

#[test]
fn markup_strip_applies_to_header_and_body() {
    let doc = parse(
        "Title: X\nAuthor: [personal profile] someone\n\nText by [identity profile] other.livejournal.com here.\n",
    );
    assert_eq!(doc.raw.first(FieldKey::Author).unwrap().values, ["someone"]);
    assert_eq!(
        doc.texts().next(),
        Some("Text by other.livejournal.com here.")
    );
}

#[test]
fn notes_after_the_end_marker_stay_readable() {
    let text = "A Title\n\nThe story starts here and goes on.\n\nIt ends here.\n\nThe End\n\nThanks for reading! The sequel is up next week.\n";
    let doc = super::parse(text);
    let last = doc.chapters.last().expect("a chapter");
    let texts: Vec<&str> = last
        .blocks
        .iter()
        .map(crate::document::Block::text)
        .collect();
    assert_eq!(
        texts,
        [
            "The story starts here and goes on.",
            "It ends here.",
            "Thanks for reading! The sequel is up next week."
        ]
    );
    assert!(matches!(
        last.blocks.last(),
        Some(crate::document::Block::Note(_))
    ));
    assert_eq!(doc.words(), 10, "the note is not story words");
    assert!(doc.raw.fields.iter().any(|f| f.values == ["The End"]));
}

#[test]
fn a_title_right_above_its_fields() {
    let body = "The rain had not stopped for three days, and nobody in Smallville remembered the sun.\n\n\
        Clark stood at the window of the loft and counted the cars on the road.\n\n\
        Lex arrived at noon, which was early for him.\n";
    let text = format!(
        "Change of Space #0004\nAuthor: author04\nFandom: Stargate SG-1, Buffy the Vampire Slayer\nRating: General Audiences\n\n{body}"
    );
    let doc = super::parse(&text);
    let fields: Vec<(crate::document::FieldKey, String)> =
        doc.raw.fields.iter().map(|f| (f.key, f.joined())).collect();
    assert_eq!(
        fields,
        [
            (
                crate::document::FieldKey::Title,
                "Change of Space #0004".to_owned()
            ),
            (crate::document::FieldKey::Author, "author04".to_owned()),
            (
                crate::document::FieldKey::Fandom,
                "Stargate SG-1, Buffy the Vampire Slayer".to_owned()
            ),
            (
                crate::document::FieldKey::Rating,
                "General Audiences".to_owned()
            ),
        ]
    );
    assert!(
        doc.texts()
            .next()
            .is_some_and(|t| t.starts_with("The rain had not stopped"))
    );
}

#[test]
fn a_banner_shaped_first_line_above_fields_is_the_title() {
    let text = "This story is No. 2 in the series \"The Boy/Girl Universe\". Y #0001\n\
        Author: author01\nFandom: Smallville\n\n\
        This story is No. 2 in the series \"The Boy/Girl Universe\". You may wish to read the series introduction and the preceeding stories first.\n\n\
        The battle with Glory was not going the way they thought it would.\n";
    let doc = super::parse(text);
    let titles: Vec<String> = doc
        .raw
        .get(crate::document::FieldKey::Title)
        .map(crate::document::RawField::joined)
        .collect();
    assert_eq!(
        titles,
        ["This story is No. 2 in the series \"The Boy/Girl Universe\". Y #0001"]
    );
    assert!(
        doc.raw
            .get(crate::document::FieldKey::Series)
            .any(|f| f.joined().contains("The Boy/Girl Universe")),
        "the real banner below still names the series"
    );
}
