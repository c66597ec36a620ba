//! Properties of layout and pager over generated stories, plus paging through the real
//! sample stories in `library/`.
//!
//! Most checks compare the lazily built frame with the *full* row stream of the same
//! story (from a pager tall enough to show every row), so a frame's position is a
//! plain index and scrolling can be checked row for row.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use ficread::document::table::TableBuilder;
use ficread::document::{Block, Chapter, Document, RichText};
use ficread::layout::hyphenate::Dictionary;
use ficread::layout::{
    LayoutOptions, ParagraphSpacing, Row, display_width, justify, wrap, wrap_hyphenated,
};
use ficread::pager::{Pager, PagerOptions};
use ficread::position::Anchor;
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

// ---- generators ------------------------------------------------------------------------

const VOCABULARY: &[&str] = &[
    "a",
    "word",
    "longer",
    "“quoted,”",
    "em—dash",
    "漢字",
    "e\u{301}",
    "👩\u{200d}👩\u{200d}👧",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "https://example.org/some/path",
    "’tis",
    "Ω",
    // Words the hyphenation dictionary breaks, some inside quotes and punctuation.
    "extraordinary",
    "“Unquestionably,”",
    "establishment.",
    "👩\u{1f3fd}\u{200d}💻",
    "🇫🇷🇯🇵",
    "שלום עולם",
];

/// Mostly prose-like text from [`VOCABULARY`], sometimes any string at all (control
/// characters, lone combining marks, unassigned code points).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![9 => prose(), 1 => any::<String>()]
}

fn prose() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(VOCABULARY), 0..3usize), 0..14).prop_map(|tokens| {
        let mut text = String::new();
        for (word, spaces) in tokens {
            text.push_str(word);
            text.push_str(&" ".repeat(spaces));
        }
        text
    })
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        6 => text().prop_map(|t| Block::Paragraph(RichText::plain(t))),
        1 => text().prop_map(|t| Block::Heading(RichText::plain(t))),
        1 => text().prop_map(|t| Block::Note(RichText::plain(t))),
        2 => Just(Block::SceneBreak),
        1 => table(),
    ]
}

/// A table of up to 5 rows of up to 4 cells (some spanning two columns), the first
/// row sometimes a heading row; a table without text is a paragraph.
fn table() -> impl Strategy<Value = Block> {
    let cell = (prose(), 1..3usize);
    let row = prop::collection::vec(cell, 1..5);
    (any::<bool>(), prop::collection::vec(row, 1..6)).prop_map(|(header, rows)| {
        let mut builder = TableBuilder::default();
        for (index, cells) in rows.into_iter().enumerate() {
            let heading = header && index == 0;
            builder.row(heading);
            for (text, span) in cells {
                builder.cell(RichText::plain(text.trim()), span, heading);
            }
        }
        builder.finish().map_or_else(
            || Block::Paragraph(RichText::plain("empty")),
            |table| Block::Table(Box::new(table)),
        )
    })
}

fn chapter() -> impl Strategy<Value = Chapter> {
    let title = prop_oneof![
        Just(None),
        Just(Some("  ".to_owned())),
        text().prop_map(Some),
    ];
    (title, prop::collection::vec(block(), 0..8)).prop_map(|(title, blocks)| Chapter {
        id: None,
        title,
        blocks,
    })
}

fn story() -> impl Strategy<Value = Document> {
    prop::collection::vec(chapter(), 0..5).prop_map(|chapters| Document {
        chapters,
        ..Document::default()
    })
}

fn options() -> impl Strategy<Value = PagerOptions> {
    (
        (any::<bool>(), 0..4usize, 0..3usize, 0..5usize),
        (any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |((blank, indent, gap, overlap), (justify, hyphenate))| PagerOptions {
                layout: LayoutOptions {
                    paragraph_spacing: if blank {
                        ParagraphSpacing::Blank
                    } else {
                        ParagraphSpacing::Indent
                    },
                    indent,
                    chapter_gap: gap,
                    justify,
                    hyphenate,
                    ..LayoutOptions::default()
                },
                page_overlap: overlap,
            },
        )
}

fn anchor() -> impl Strategy<Value = Anchor> {
    (0..6usize, 0..10usize, 0..90usize).prop_map(|(c, b, o)| Anchor::new(c, b, o))
}

// ---- helpers ---------------------------------------------------------------------------

/// Every row of the story at `width`.
fn full_stream(doc: &Document, options: &PagerOptions, width: usize) -> Vec<Row> {
    Pager::new(doc.clone(), options.clone(), width, usize::MAX / 2)
        .rows()
        .to_vec()
}

/// Finds where a frame sits in the full stream. Rows other than blanks are unique (they
/// name their chapter, block and range), so the first such row fixes the window.
struct StreamIndex(HashMap<Row, usize>);

impl StreamIndex {
    fn new(full: &[Row]) -> Self {
        let map = full
            .iter()
            .enumerate()
            .filter(|(_, row)| !matches!(row, Row::Blank))
            .map(|(index, row)| (row.clone(), index))
            .collect();
        Self(map)
    }

    /// Index in the full stream of the frame's first row.
    fn top(&self, frame: &[Row]) -> Option<usize> {
        let (offset, row) = frame
            .iter()
            .enumerate()
            .find(|(_, row)| !matches!(row, Row::Blank))?;
        self.0.get(row)?.checked_sub(offset)
    }
}

/// The top row index of the last page.
fn last_page(full: &[Row], height: usize) -> usize {
    full.len().saturating_sub(height.max(1))
}

/// One visible grapheme, with any zero-width ones around it (a combining mark with no
/// base is a grapheme of its own, and a line of only that would say nothing): a line
/// that holds no more than that cannot be split to fit.
fn is_one_grapheme(text: &str) -> bool {
    unicode_segmentation::UnicodeSegmentation::graphemes(text, true)
        .filter(|g| display_width(g) > 0)
        .count()
        <= 1
}

/// Splits a plain-text story into paragraphs on blank lines: enough structure to page
/// through real text while the real text reader is written elsewhere.
fn paragraphs(text: &str) -> Vec<Block> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .map(|p| Block::Paragraph(RichText::plain(p)))
        .collect()
}

fn seed_stories() -> Vec<(String, Document)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("library");
    let mut stories: Vec<(String, Document)> = std::fs::read_dir(&dir)
        .expect("library/ holds the sample stories")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("seed is UTF-8");
            let doc = Document {
                chapters: vec![Chapter {
                    id: None,
                    title: Some("Chapter 1".to_owned()),
                    blocks: paragraphs(&text),
                }],
                ..Document::default()
            };
            (path.display().to_string(), doc)
        })
        .collect();
    stories.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        stories.len() >= 5,
        "expected the five seeds in {}",
        dir.display()
    );
    stories
}

// ---- properties ------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Wrapped lines cover the text in order: no overlaps, only spaces between lines,
    /// the first line at byte 0, and widths honest and within the limit.
    #[test]
    fn wrap_covers_text_in_order(
        text in text(), width in 1..40usize, indent in 0..4usize, hyphenate in any::<bool>(),
    ) {
        let first = width.saturating_sub(indent).max(1);
        let lines = match Dictionary::for_language(None).filter(|_| hyphenate) {
            Some(english) => wrap_hyphenated(&text, first, width, english),
            None => wrap(&text, first, width),
        };
        let boundaries: HashSet<usize> = text
            .grapheme_indices(true)
            .map(|(at, _)| at)
            .chain([text.len()])
            .collect();
        prop_assert!(!lines.is_empty());
        prop_assert_eq!(lines[0].range.start, 0);
        let mut end = 0;
        for (index, line) in lines.iter().enumerate() {
            prop_assert!(line.range.start >= end, "overlap at line {}", index);
            let gap = &text[end..line.range.start];
            prop_assert!(gap.bytes().all(|b| b == b' '), "gap {:?}", gap);
            let shown = &text[line.range.clone()];
            prop_assert_eq!(display_width(shown) + usize::from(line.hyphen), line.width);
            prop_assert!(!line.hyphen || hyphenate);
            // Never inside a grapheme cluster (an emoji sequence, a flag, an accent).
            prop_assert!(boundaries.contains(&line.range.start), "{:?}", line);
            prop_assert!(boundaries.contains(&line.range.end), "{:?}", line);
            let limit = if index == 0 { first } else { width };
            prop_assert!(
                line.width <= limit || is_one_grapheme(shown),
                "line {:?} is {} wide for {}", shown, line.width, limit
            );
            end = line.range.end;
        }
        prop_assert!(text[end..].bytes().all(|b| b == b' '));
    }

    /// Through the pager: each block's text rows cover its text in order, and no row
    /// (indent included) is wider than the measure.
    #[test]
    fn rows_cover_blocks_and_fit_the_width(doc in story(), options in options(), width in 1..40usize) {
        let full = full_stream(&doc, &options, width);
        let mut covered: Vec<(usize, usize, std::ops::Range<usize>)> = Vec::new();
        for row in &full {
            let pager_text = match row {
                Row::Text { chapter, block, .. } => doc.chapters[*chapter].blocks[*block].text(),
                Row::ChapterTitle { chapter, .. } => doc.chapters[*chapter].title.as_deref().unwrap_or(""),
                Row::TableLine { chapter, block, cells } => {
                    let text = doc.chapters[*chapter].blocks[*block].text();
                    for piece in cells.iter() {
                        let shown = &text[piece.range.clone()];
                        let wide = piece.x + display_width(shown);
                        prop_assert!(wide <= width || (piece.x == 0 && is_one_grapheme(shown)),
                            "{:?} is {} wide at {}", piece, wide, width);
                        covered.push((*chapter, *block, piece.range.clone()));
                    }
                    ""
                }
                Row::TableRule { width: rule, .. } => {
                    prop_assert!(*rule <= width, "a rule {} wide at {}", rule, width);
                    ""
                }
                Row::Blank | Row::SceneBreak { .. } => "",
            };
            let shown = row.range().map_or("", |r| &pager_text[r]);
            // As drawn: indent, text, hyphen and the justified row's widened spaces.
            let gaps = justify::row_gaps(row, shown, width);
            let hyphen = matches!(row, Row::Text { typeset, .. } if typeset.hyphen);
            let wide = row.indent()
                + display_width(shown)
                + usize::from(hyphen)
                + gaps.iter().map(|gap| gap.extra).sum::<usize>();
            prop_assert!(wide <= width || (row.indent() == 0 && is_one_grapheme(shown)),
                "{:?} is {} wide at {}", row, wide, width);
            if !gaps.is_empty() {
                prop_assert_eq!(wide, width, "justified {:?}", row);
            }
            if let Row::Text { typeset, .. } = row {
                prop_assert!(!typeset.justify || options.layout.justify);
                prop_assert!(!typeset.hyphen || options.layout.hyphenate);
            }
            if let Row::Text { chapter, block, range, .. } = row {
                covered.push((*chapter, *block, range.clone()));
            }
        }
        // Every text block appears, with its lines in order and only spaces between;
        // every visible byte of a table's cells is on some line.
        for (c, chapter) in doc.chapters.iter().enumerate() {
            for (b, block) in chapter.blocks.iter().enumerate() {
                if let Block::Table(table) = block {
                    let pieces: Vec<_> = covered.iter()
                        .filter(|(cc, bb, _)| (*cc, *bb) == (c, b))
                        .map(|(_, _, r)| r.clone())
                        .collect();
                    for cell in table.rows.iter().flat_map(|r| &r.cells) {
                        for (i, ch) in table.text.text[cell.range.clone()].char_indices() {
                            let at = cell.range.start + i;
                            prop_assert!(ch == ' ' || pieces.iter().any(|p| p.contains(&at)),
                                "byte {} of table {} {} not shown", at, c, b);
                        }
                    }
                    continue;
                }
                let Some(rich) = block.rich_text() else { continue };
                let ranges: Vec<_> = covered.iter()
                    .filter(|(cc, bb, _)| (*cc, *bb) == (c, b))
                    .map(|(_, _, r)| r.clone())
                    .collect();
                prop_assert!(!ranges.is_empty(), "block {} {} missing", c, b);
                let mut end = 0;
                for range in ranges {
                    prop_assert!(range.start >= end);
                    prop_assert!(rich.text[end..range.start].bytes().all(|x| x == b' '));
                    end = range.end;
                }
                prop_assert!(rich.text[end..].bytes().all(|x| x == b' '));
            }
        }
    }

    /// For any anchor and widths w1 → w2 → w1: the anchor is unchanged, its text is on
    /// row 0 at both widths, and the frame at w1 comes back exactly.
    #[test]
    fn resize_keeps_anchor_on_row_zero(
        doc in story(), options in options(), anchor in anchor(),
        w1 in 1..50usize, w2 in 1..50usize, height in 1..12usize,
    ) {
        let mut pager = Pager::new(doc.clone(), options, w1, height);
        pager.go_to(anchor);
        let kept = pager.anchor();
        let frame = pager.rows().to_vec();
        for width in [w2, w1] {
            pager.resize(width, height);
            prop_assert_eq!(pager.anchor(), kept);
            if pager.rows().is_empty() {
                continue;
            }
            let top = &pager.rows()[0];
            let titled = doc.chapters.get(kept.chapter)
                .and_then(|c| c.title.as_deref())
                .is_some_and(|t| !t.trim().is_empty());
            if kept.block == 0 && kept.offset == 0 && titled {
                let is_title = matches!(top, Row::ChapterTitle { chapter, .. } if *chapter == kept.chapter);
                prop_assert!(is_title, "{:?}", top);
            } else {
                match top {
                    Row::Text { chapter, block, range, .. } => {
                        prop_assert_eq!((*chapter, *block), (kept.chapter, kept.block));
                        prop_assert!(range.start <= kept.offset, "{:?} after {:?}", range, kept);
                        if let Some(Row::Text { chapter, block, range: next, .. }) = pager.rows().get(1)
                            && (*chapter, *block) == (kept.chapter, kept.block)
                        {
                            prop_assert!(next.start > kept.offset);
                        }
                    }
                    Row::SceneBreak { chapter, block, .. } => {
                        prop_assert_eq!((*chapter, *block, 0), (kept.chapter, kept.block, kept.offset));
                    }
                    Row::TableLine { chapter, block, cells } => {
                        prop_assert_eq!((*chapter, *block), (kept.chapter, kept.block));
                        // The line showing the anchor's byte; a byte between cells
                        // (a separator) is on the line of the cell before it.
                        let shows = cells.iter().any(|p| p.range.contains(&kept.offset));
                        let starts_before = cells.first().is_some_and(|p| p.range.start <= kept.offset);
                        prop_assert!(shows || starts_before, "{:?} for {:?}", cells, kept);
                    }
                    other => prop_assert!(false, "{:?} on top for {:?}", other, kept),
                }
            }
        }
        prop_assert_eq!(pager.rows(), &frame[..]);
    }

    /// Scrolling moves the window over the full stream by exactly n rows, clamped at
    /// the first row and at the last page; so scroll_by(n) then scroll_by(-n)
    /// round-trips unless clamped.
    #[test]
    fn scroll_by_matches_the_full_stream(
        doc in story(), options in options(), anchor in anchor(),
        width in 1..30usize, height in 1..10usize, n in 0..25isize,
    ) {
        let full = full_stream(&doc, &options, width);
        let index = StreamIndex::new(&full);
        let mut pager = Pager::new(doc, options, width, height);
        pager.go_to(anchor);
        let Some(start) = index.top(pager.rows()) else { return Ok(()) };
        prop_assert_eq!(pager.rows(), &full[start..(start + height).min(full.len())]);
        let bottom = last_page(&full, height);

        let frame = pager.rows().to_vec();
        pager.scroll_by(n);
        // A frame of blank rows only cannot be placed; such cases prove nothing.
        let Some(down) = index.top(pager.rows()) else { return Ok(()) };
        let expected_down = if start >= bottom { start } else { (start + n.unsigned_abs()).min(bottom) };
        prop_assert_eq!(down, expected_down);
        pager.scroll_by(-n);
        let Some(back) = index.top(pager.rows()) else { return Ok(()) };
        prop_assert_eq!(back, down.saturating_sub(n.unsigned_abs()));
        if expected_down == start + n.unsigned_abs() {
            prop_assert_eq!(pager.rows(), &frame[..], "round trip");
        }
    }

    /// Paging down never skips a row: the new first row was visible, or is the row
    /// right after the last visible one; page_down then page_up round-trips unless
    /// clamped at the last page.
    #[test]
    fn page_down_never_skips(
        doc in story(), options in options(), anchor in anchor(),
        width in 1..30usize, height in 1..10usize,
    ) {
        let full = full_stream(&doc, &options, width);
        let index = StreamIndex::new(&full);
        let mut pager = Pager::new(doc, options, width, height);
        pager.go_to(anchor);
        pager.scroll_by(-1);
        let Some(start) = index.top(pager.rows()) else { return Ok(()) };
        let frame = pager.rows().to_vec();
        let step = pager.page_step();
        prop_assert!(step >= 1 && step <= height);
        pager.page_down();
        let Some(after) = index.top(pager.rows()) else { return Ok(()) };
        prop_assert!(after <= start + height, "skipped from {} to {}", start, after);
        if after > start {
            let new_first = &full[after];
            let seen = frame.contains(new_first) || full.get(start + frame.len()) == Some(new_first);
            prop_assert!(seen);
        }
        let clamped = start + step > last_page(&full, height);
        pager.page_up();
        if !clamped {
            prop_assert_eq!(after, start + step);
            prop_assert_eq!(pager.rows(), &frame[..]);
        }
    }

    /// Nothing panics for any story, anchor, viewport and operation sequence, and the
    /// place stays in range.
    #[test]
    fn operations_never_panic(
        doc in story(), anchor in anchor(), width in 0..12usize, height in 0..6usize,
        ops in prop::collection::vec(0..12u8, 0..20),
    ) {
        let mut pager = Pager::new(doc, PagerOptions::default(), width, height);
        pager.go_to(anchor);
        for op in ops {
            match op {
                0 => { pager.page_down(); }
                1 => { pager.page_up(); }
                2 => { pager.scroll_by(3); }
                3 => { pager.scroll_by(-2); }
                4 => { pager.next_scene(); }
                5 => { pager.prev_scene(); }
                6 => { pager.next_chapter(); }
                7 => { pager.prev_chapter(); }
                8 => { pager.go_to_percent(f64::from(op) * 9.0); }
                9 => { pager.to_bottom(); }
                10 => { pager.resize(width + 3, height + 1); }
                _ => { pager.to_top(); }
            }
            prop_assert!(pager.rows().len() <= pager.height());
            let place = pager.place();
            prop_assert!((0.0..=100.0).contains(&place.percent));
            prop_assert!(place.scene <= place.scenes);
        }
    }
}

// ---- real stories ----------------------------------------------------------------------

/// Pages through each sample story from top to bottom and back: every page moves by
/// exactly `height − overlap` rows (the last one less), the anchor never moves back,
/// the end is reached with no words left, and paging up steps back the same way.
#[test]
fn pages_through_the_seed_stories() {
    for (name, doc) in seed_stories() {
        for (width, height) in [(72, 24), (31, 10), (8, 3)] {
            let options = PagerOptions::default();
            let full = full_stream(&doc, &options, width);
            let index = StreamIndex::new(&full);
            let bottom = last_page(&full, height);
            let mut pager = Pager::new(doc.clone(), options, width, height);
            let step = pager.page_step();
            let mut top = 0;
            let mut anchor = pager.anchor();
            while pager.page_down() {
                let next = index.top(pager.rows()).expect("a page shows text");
                assert_eq!(next, (top + step).min(bottom), "{name} at {width}");
                assert!(
                    pager.anchor() >= anchor,
                    "{name} at {width}: anchor went back"
                );
                (top, anchor) = (next, pager.anchor());
            }
            assert_eq!(top, bottom, "{name} at {width}");
            assert!(pager.is_at_end(), "{name}");
            assert_eq!(pager.place().words_left_in_story, 0, "{name}");
            assert!(full.len() > 100, "{name} is a real story");
            while pager.page_up() {
                let next = index.top(pager.rows()).expect("a page shows text");
                assert_eq!(next, top.saturating_sub(step), "{name} at {width}");
                top = next;
            }
            assert_eq!(top, 0, "{name}");
        }
    }
}

/// Halfway by words through a real story lands near the middle of its text, and the
/// place agrees.
#[test]
fn percent_jumps_in_the_seed_stories() {
    for (name, doc) in seed_stories() {
        let mut pager = Pager::new(doc.clone(), PagerOptions::default(), 60, 20);
        for percent in [10.0, 25.0, 50.0, 90.0] {
            pager.go_to_percent(percent);
            let place = pager.place();
            assert!(
                (place.percent - percent).abs() < 1.0,
                "{name}: {percent} → {}",
                place.percent
            );
            let total = doc.words();
            let left = place.words_left_in_story as f64;
            let expected_left = total as f64 * (1.0 - percent / 100.0);
            assert!(
                (left - expected_left).abs() <= total as f64 * 0.01 + 1.0,
                "{name}"
            );
        }
    }
}
