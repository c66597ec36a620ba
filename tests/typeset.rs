//! Justified and hyphenated layout on the pure model: where words break, that a
//! justified row as drawn is exactly the measure wide, that a paragraph's last line
//! stays ragged, and that the anchor survives resizes with both on.

use std::sync::Arc;

use ficread::document::{Block, Chapter, Document, RichText};
use ficread::layout::{LayoutOptions, Row, Typeset, display_width, justify};
use ficread::pager::{Pager, PagerOptions};

/// Short original prose in the shape of a posted chapter: long and short paragraphs,
/// dialogue in curly quotes, an em-dash, a heading and an author's note.
fn chapter() -> Arc<Document> {
    let paragraphs = [
        "The observatory had been abandoned for eleven years when Marguerite finally \
         climbed the spiral staircase, counting the steps under her breath because \
         counting was easier than remembering why she had come back at all.",
        "“Extraordinary,” said Theodore, who had followed her up without being asked. \
         “Absolutely, unquestionably extraordinary. Nobody mentioned the telescope was \
         still here.”",
        "She did not answer.",
        "Dust lay over everything—the brass fittings, the star charts pinned to the \
         curving walls, the notebook left open on the desk as though its owner had \
         stepped out for a moment and simply never returned to the establishment.",
    ];
    let mut blocks = vec![Block::Heading(RichText::plain("Part One: The Observatory"))];
    blocks.extend(
        paragraphs
            .iter()
            .map(|p| Block::Paragraph(RichText::plain(*p))),
    );
    blocks.push(Block::Note(RichText::plain(
        "Author's note: thank you all for the lovely comments on the previous chapter!",
    )));
    Arc::new(Document {
        chapters: vec![Chapter {
            id: None,
            title: Some("Chapter 3: Starlight".to_owned()),
            blocks,
        }],
        ..Document::default()
    })
}

fn options(justify: bool, hyphenate: bool) -> PagerOptions {
    PagerOptions {
        layout: LayoutOptions {
            justify,
            hyphenate,
            ..LayoutOptions::default()
        },
        ..PagerOptions::default()
    }
}

/// Every row as drawn: indent, text with widened spaces, hyphen.
fn drawn(pager: &Pager, width: usize) -> Vec<String> {
    pager
        .rows()
        .iter()
        .map(|row| {
            let text = pager.row_text(row);
            let mut out = " ".repeat(row.indent());
            let mut from = 0;
            for gap in justify::row_gaps(row, text, width) {
                out.push_str(&text[from..gap.at]);
                out.push_str(&" ".repeat(gap.extra));
                from = gap.at;
            }
            out.push_str(&text[from..]);
            if matches!(row, Row::Text { typeset, .. } if typeset.hyphen) {
                out.push('-');
            }
            out
        })
        .collect()
}

#[test]
fn justified_hyphenated_chapter_at_thirty_three_columns() {
    let pager = Pager::new(chapter(), options(true, true), 33, 1000);
    let rows = drawn(&pager, 33);
    let expected = [
        "      Chapter 3: Starlight",
        "",
        "    Part One: The Observatory",
        "",
        "The observatory  had  been  aban-",
        "doned for eleven years when  Mar-",
        "guerite finally climbed the  spi-",
        "ral staircase, counting the steps",
        "under her breath because counting",
        "was easier than  remembering  why",
        "she had come back at all.",
        "",
        "“Extraordinary,”  said  Theodore,",
        "who had followed her  up  without",
        "being asked. “Absolutely, unques-",
        "tionably  extraordinary.   Nobody",
        "mentioned the telescope was still",
        "here.”",
    ];
    assert_eq!(rows[..expected.len()], expected);
    // The note is justified too; its last line is not.
    let tail: Vec<&str> = rows
        .iter()
        .rev()
        .take(3)
        .rev()
        .map(String::as_str)
        .collect();
    assert_eq!(
        tail,
        [
            "Author's note: thank you all  for",
            "the lovely comments on the previ-",
            "ous chapter!"
        ]
    );
}

#[test]
fn justified_rows_are_exactly_the_measure_and_last_lines_are_ragged() {
    for width in 20..=90 {
        let pager = Pager::new(chapter(), options(true, true), width, 1000);
        let rows = pager.rows();
        for (index, row) in rows.iter().enumerate() {
            let Row::Text { typeset, block, .. } = row else {
                continue;
            };
            let text = pager.row_text(row);
            let last_of_block = !matches!(
                rows.get(index + 1),
                Some(Row::Text { block: next, .. }) if next == block
            );
            assert_eq!(typeset.justify, !last_of_block && *block != 0, "{row:?}");
            let gaps = justify::row_gaps(row, text, width);
            let wide = row.indent()
                + display_width(text)
                + usize::from(typeset.hyphen)
                + gaps.iter().map(|g| g.extra).sum::<usize>();
            if typeset.justify && text.contains(' ') {
                assert_eq!(wide, width, "{text:?} at {width}");
            } else {
                assert!(wide <= width, "{text:?} at {width}");
            }
        }
    }
}

#[test]
fn hyphens_fall_inside_words_and_rows_cover_the_text() {
    let doc = chapter();
    let source = doc.chapters[0].blocks[4].text();
    let mut hyphenated_widths = 0;
    for width in 20..=60 {
        let pager = Pager::new(Arc::clone(&doc), options(false, true), width, 1000);
        let rows: Vec<(std::ops::Range<usize>, bool)> = pager
            .rows()
            .iter()
            .filter_map(|row| match row {
                Row::Text {
                    block: 4,
                    range,
                    typeset,
                    ..
                } => Some((range.clone(), typeset.hyphen)),
                _ => None,
            })
            .collect();
        let mut end = 0;
        for (range, hyphen) in &rows {
            assert!(source[end..range.start].bytes().all(|b| b == b' '));
            if *hyphen {
                let before = source[..range.end].chars().next_back();
                let after = source[range.end..].chars().next();
                assert!(
                    before.is_some_and(char::is_alphabetic),
                    "{range:?} at {width}"
                );
                assert!(
                    after.is_some_and(char::is_alphabetic),
                    "{range:?} at {width}"
                );
            }
            end = range.end;
        }
        assert_eq!(end, source.len());
        hyphenated_widths += usize::from(rows.iter().any(|(_, hyphen)| *hyphen));
    }
    // Not a test that cannot fail: most widths do break a word.
    assert!(hyphenated_widths > 20, "{hyphenated_widths}");
}

#[test]
fn off_by_default_and_nothing_typeset_when_off() {
    let pager = Pager::new(chapter(), PagerOptions::default(), 40, 1000);
    for row in pager.rows() {
        if let Row::Text { typeset, .. } = row {
            assert_eq!(*typeset, Typeset::default());
        }
    }
}

#[test]
fn anchor_stays_exact_across_resizes_with_justify_and_hyphenate() {
    let mut pager = Pager::new(chapter(), options(true, true), 40, 6);
    // Into the middle of the first paragraph, whose lines hyphenate at 40.
    pager.scroll_by(6);
    let anchor = pager.anchor();
    assert!(anchor.offset > 0, "{anchor:?}");
    let frame = pager.rows().to_vec();
    for width in [23, 71, 31, 56, 40] {
        pager.resize(width, 6);
        assert_eq!(pager.anchor(), anchor, "at {width}");
        let Some(Row::Text { range, .. }) = pager.rows().first() else {
            panic!("no text on top at {width}");
        };
        assert!(range.start <= anchor.offset && anchor.offset < range.end.max(range.start + 1));
    }
    assert_eq!(pager.rows(), &frame[..]);
}

#[test]
fn unknown_language_is_not_hyphenated() {
    let mut opts = options(false, true);
    opts.layout.language = Some("Japanese".to_owned());
    let pager = Pager::new(chapter(), opts, 24, 1000);
    assert!(
        pager
            .rows()
            .iter()
            .all(|row| !matches!(row, Row::Text { typeset, .. } if typeset.hyphen))
    );
}
