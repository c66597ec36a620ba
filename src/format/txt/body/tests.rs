use super::super::layout;
use super::*;

fn unit_texts(text: &str) -> Vec<String> {
    let lines = layout::split(text);
    let layout = layout::detect(&lines);
    let mut own = Vec::new();
    let got = units(text, &lines, 0..lines.len(), layout, false, None, &mut own);
    let texts = Texts { text, own: &own };
    got.iter()
        .map(|u| match u {
            Unit::Gap(n) => format!("<gap {n}>"),
            Unit::Break => "<break>".to_owned(),
            Unit::Text(t) => t.raw(texts).into_owned(),
        })
        .collect()
}

#[test]
fn a_wrapped_paragraph_joins_from_the_text_as_from_its_lines() {
    let text = "  Indented first line of a paragraph that goes on\r\n\
                \tand on with a tab, a trailing tab\t\n\
                \u{a0}a no-break space, a twenty-\n\
                one and a dash--\n\
                \u{2003}the end.\u{3000}\n\nNext.\n";
    let lines = layout::split(text);
    let mut own = Vec::new();
    let got = units(
        text,
        &lines,
        0..lines.len(),
        Layout::Wrapped,
        false,
        None,
        &mut own,
    );
    let texts = Texts { text, own: &own };
    let Some(Unit::Text(unit)) = got.first() else {
        panic!("no text unit: {got:?}");
    };
    assert!(
        matches!(unit.source, Source::Wrapped(..)),
        "{:?}",
        unit.source
    );
    assert_eq!(unit.line_count(text), 5);
    let eager = join_wrapped(lines.iter().take(5).map(|l| l.text), text.len());
    assert_eq!(unit.raw(texts), eager);
    assert_eq!(
        unit.raw(texts),
        "Indented first line of a paragraph that goes on and on with a tab, a trailing \
         tab a no-break space, a twenty-one and a dash--the end."
    );
}

#[test]
fn a_unit_stays_small() {
    // A long story has a hundred thousand units, held with its text and lines.
    assert!(size_of::<Unit>() <= 24, "{}", size_of::<Unit>());
}

#[test]
fn wrapped_paragraphs_are_rejoined() {
    let got = unit_texts(
        "It is a truth universally acknowledged, that a single man in\n\
         possession of a good fortune, must be in want of a twenty-\n\
         one year old wife--\n\
         or so they said.\n\n\
         However little known the feelings or views of such a man may\n\
         be on his first entering a neighbourhood.\n\n\n\
         \x20                         * * * * *\n\n\
         After the break the story went on for a while longer than\n\
         anyone expected.\n",
    );
    assert_eq!(
        got,
        [
            "It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a twenty-one year old wife--or so they said.",
            "<gap 1>",
            "However little known the feelings or views of such a man may be on his first entering a neighbourhood.",
            "<gap 2>",
            "<break>",
            "<gap 1>",
            "After the break the story went on for a while longer than anyone expected.",
        ]
    );
}

#[test]
fn hard_breaks_end_wrapped_paragraphs() {
    let got = unit_texts(
        "br breaks  \n  \nPuella Magi line one of a block that is wrapped\nimg goes here  \nbr breaks  \n\nAnother wrapped block of text that runs\nonto a second line here.\n",
    );
    assert_eq!(
        got,
        [
            "br breaks",
            "<gap 1>",
            "Puella Magi line one of a block that is wrapped img goes here",
            "br breaks",
            "<gap 1>",
            "Another wrapped block of text that runs onto a second line here.",
        ]
    );
}

#[test]
fn author_notes() {
    let notes = [
        "A/N: Thanks for reading!",
        "(A/N: this is late)",
        "[AN: short]",
        "Author's Note: Set after Chosen.",
        "Author’s Notes - many",
        "AUTHOR'S NOTE: loud",
        "*A/N* stars",
    ];
    for text in notes {
        assert!(is_author_note(text), "{text:?}");
    }
    let prose = [
        "Anya said no.",
        "AN old man came.",
        "Annotations: no",
        "Author of the book was there.",
    ];
    for text in prose {
        assert!(!is_author_note(text), "{text:?}");
    }
}

#[test]
fn credits_open_chapters_as_notes() {
    let mut chapters = Vec::new();
    let chapter = Chapter {
        blocks: vec![
            Block::Paragraph(RichText::plain("Prereader: Cloud Chaser")),
            Block::Paragraph(RichText::plain("Edited by Lemon Drizzle")),
            Block::Paragraph(RichText::plain(
                "Twilight had catalogued four hundred cutie marks.",
            )),
            Block::Paragraph(RichText::plain("Prereader: a word she had never heard.")),
        ],
        ..Chapter::default()
    };
    // Only the run at the start: after the first paragraph of story, a line that
    // starts like a credit is story.
    finish(chapter, &mut chapters);
    let notes: Vec<bool> = chapters[0]
        .blocks
        .iter()
        .map(|b| matches!(b, Block::Note(_)))
        .collect();
    assert_eq!(notes, [true, true, false, false]);
    assert!(!CREDIT.is_match("Edith was the editor of the Prophet."));
}

#[test]
fn the_plain_checks_let_through_every_credit_and_edge_note() {
    for credit in [
        "Prereader: Ann",
        "Pre-readers: Ann, Bo",
        "Editor: Cy",
        "Proof-reader: Di",
        "Cover artist: Ed",
        "Beta readers: Fay",
        "Edited by Gil",
        "Beta'd by Hal",
        "Cover art by Ivy",
    ] {
        assert!(CREDIT.is_match(credit), "{credit}");
        assert!(is_credit(credit), "{credit}");
    }
    for note in [
        "Note: short",
        "(Notes: long)",
        "[Disclaimer: mine]",
        "DEDICATION:",
    ] {
        assert!(EDGE_NOTE.is_match(note), "{note}");
        assert!(is_edge_note(note), "{note}");
    }
    for note in ["( A/N: hi)", "*\tAuthor's note: x", "[AN] hi", "N/A - x"] {
        assert!(AUTHOR_NOTE.is_match(note), "{note}");
        assert!(may_open_author_note(note), "{note}");
    }
    assert!(!may_open_author_note("And then it rained."));
}

#[test]
fn markdown_headings() {
    assert!(is_markdown_heading("### Prologue"));
    assert!(is_markdown_heading("# Title"));
    assert!(!is_markdown_heading("###"));
    assert!(!is_markdown_heading("#hashtag"));
    assert!(!is_markdown_heading("####### seven"));
}

#[test]
fn marks_give_back_the_heading_they_were_given() {
    let kinds = [
        HeadingKind::Chapter,
        HeadingKind::Container,
        HeadingKind::Named,
        HeadingKind::Numbered,
        HeadingKind::Contents,
    ];
    for markdown in [false, true] {
        assert_eq!(Marks::new(None, markdown).heading(), None);
        for kind in kinds {
            for number in [None, Some(0), Some(1), Some(7), Some(u32::MAX)] {
                for titled in [false, true] {
                    let candidate = Candidate {
                        kind,
                        number,
                        titled,
                    };
                    let mut marks = Marks::new(Some(candidate), markdown);
                    assert_eq!(marks.heading(), Some(candidate));
                    assert_eq!(marks.flags & MARKDOWN != 0, markdown);
                    marks.set_heading(None);
                    assert_eq!(marks.heading(), None);
                    assert_eq!(marks.flags & MARKDOWN != 0, markdown);
                    marks.set_heading(Some(Candidate::explicit()));
                    assert_eq!(marks.heading(), Some(Candidate::explicit()));
                }
            }
        }
    }
}
