use super::*;
use crate::document::{Block, Chapter, RichText};
use crate::layout::{ParagraphSpacing, TextKind};
use crate::search::Search;

/// A story from a compact description: per chapter a title and blocks, where `***` is
/// a scene break, `# x` a heading and `> x` a note.
fn story(chapters: &[(Option<&str>, &[&str])]) -> Document {
    let block = |text: &&str| match *text {
        "***" => Block::SceneBreak,
        t if t.starts_with("# ") => Block::Heading(RichText::plain(&t[2..])),
        t if t.starts_with("> ") => Block::Note(RichText::plain(&t[2..])),
        t => Block::Paragraph(RichText::plain(t)),
    };
    Document {
        chapters: chapters
            .iter()
            .map(|(title, blocks)| Chapter {
                id: None,
                title: title.map(str::to_owned),
                blocks: blocks.iter().map(block).collect(),
            })
            .collect(),
        ..Document::default()
    }
}

/// The screen as text: each row's indent and text.
fn screen(pager: &Pager) -> Vec<String> {
    pager
        .rows()
        .iter()
        .map(|row| format!("{}{}", " ".repeat(row.indent()), pager.row_text(row)))
        .collect()
}

fn two_chapters() -> Document {
    story(&[
        (Some("One"), &["aaa bbb ccc", "ddd", "***", "eee"]),
        (Some("Two"), &["fff"]),
    ])
}

/// Every row of `doc` at `width`, from a pager tall enough to show them all.
fn all_rows(doc: &Document, width: usize) -> Vec<String> {
    screen(&Pager::new(
        doc.clone(),
        PagerOptions::default(),
        width,
        10_000,
    ))
}

#[test]
fn lays_out_titles_breaks_and_spacers() {
    assert_eq!(
        all_rows(&two_chapters(), 7),
        [
            "  One", "", "aaa bbb", "ccc", "", "ddd", "", "   ⁂", "", "eee", "", "", "  Two", "",
            "fff",
        ]
    );
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Scroll(isize),
    PageDown,
    PageUp,
    HalfDown,
    HalfUp,
    Top,
    Bottom,
    NextChapter,
    PrevChapter,
    NextScene,
    PrevScene,
    Percent(f64),
    GoTo(usize, usize, usize),
}

fn apply(pager: &mut Pager, op: Op) -> bool {
    match op {
        Op::Scroll(n) => pager.scroll_by(n),
        Op::PageDown => pager.page_down(),
        Op::PageUp => pager.page_up(),
        Op::HalfDown => pager.half_page_down(),
        Op::HalfUp => pager.half_page_up(),
        Op::Top => pager.to_top(),
        Op::Bottom => pager.to_bottom(),
        Op::NextChapter => pager.next_chapter(),
        Op::PrevChapter => pager.prev_chapter(),
        Op::NextScene => pager.next_scene(),
        Op::PrevScene => pager.prev_scene(),
        Op::Percent(p) => pager.go_to_percent(p),
        Op::GoTo(c, b, o) => pager.go_to(Anchor::new(c, b, o)),
    }
}

/// One scripted step: operation, whether it moves, top row index, anchor.
type Step = (Op, bool, usize, (usize, usize, usize));

/// Runs a script of operations on a 7×4 pager over [`two_chapters`]; after each, checks
/// whether it moved, which row of the full stream is on top, and the anchor.
#[test]
fn every_operation_moves_as_expected() {
    let doc = two_chapters();
    let full = all_rows(&doc, 7);
    let mut pager = Pager::new(doc, PagerOptions::default(), 7, 4);
    // (operation, moved, top row index in `full`, anchor)
    let script: &[Step] = &[
        (Op::Scroll(1), true, 1, (0, 0, 0)),
        (Op::Scroll(1), true, 2, (0, 0, 0)),
        (Op::Scroll(1), true, 3, (0, 0, 8)),
        (Op::PageDown, true, 5, (0, 1, 0)),
        (Op::HalfDown, true, 7, (0, 2, 0)),
        (Op::PageDown, true, 9, (0, 3, 0)),
        (Op::PageDown, true, 11, (1, 0, 0)),
        (Op::PageDown, false, 11, (1, 0, 0)),
        (Op::Scroll(1), false, 11, (1, 0, 0)),
        (Op::PageUp, true, 9, (0, 3, 0)),
        (Op::HalfUp, true, 7, (0, 2, 0)),
        (Op::Scroll(-2), true, 5, (0, 1, 0)),
        (Op::Top, true, 0, (0, 0, 0)),
        (Op::Scroll(-1), false, 0, (0, 0, 0)),
        (Op::Bottom, true, 11, (1, 0, 0)),
        (Op::Scroll(-100), true, 0, (0, 0, 0)),
        (Op::Scroll(100), true, 11, (1, 0, 0)),
        (Op::Top, true, 0, (0, 0, 0)),
        (Op::NextChapter, true, 12, (1, 0, 0)),
        (Op::NextChapter, false, 12, (1, 0, 0)),
        (Op::PrevChapter, true, 0, (0, 0, 0)),
        (Op::PrevChapter, false, 0, (0, 0, 0)),
        (Op::Scroll(3), true, 3, (0, 0, 8)),
        (Op::PrevChapter, true, 0, (0, 0, 0)),
        (Op::NextScene, true, 7, (0, 2, 0)),
        (Op::NextScene, true, 12, (1, 0, 0)),
        (Op::NextScene, false, 12, (1, 0, 0)),
        (Op::PrevScene, true, 7, (0, 2, 0)),
        (Op::Scroll(1), true, 8, (0, 3, 0)),
        (Op::PrevScene, true, 7, (0, 2, 0)),
        (Op::PrevScene, true, 0, (0, 0, 0)),
        (Op::PrevScene, false, 0, (0, 0, 0)),
        (Op::Percent(50.0), true, 5, (0, 1, 0)),
        (Op::Percent(20.0), true, 2, (0, 0, 4)),
        (Op::Percent(0.0), true, 0, (0, 0, 0)),
        (Op::Percent(100.0), true, 11, (1, 0, 0)),
        (Op::Percent(f64::NAN), true, 0, (0, 0, 0)),
        (Op::GoTo(0, 0, 9), true, 3, (0, 0, 9)),
        (Op::GoTo(0, 0, 9), false, 3, (0, 0, 9)),
        (Op::GoTo(1, 0, 0), true, 12, (1, 0, 0)),
        (Op::GoTo(9, 9, 9), true, 14, (1, 0, 3)),
    ];
    for (step, &(op, moved, top, (c, b, o))) in script.iter().enumerate() {
        let did_move = apply(&mut pager, op);
        let expected: Vec<String> = full.iter().skip(top).take(4).cloned().collect();
        assert_eq!(
            (did_move, screen(&pager), pager.anchor()),
            (moved, expected, Anchor::new(c, b, o)),
            "step {step}: {op:?}"
        );
    }
}

#[test]
fn place_reports_chapter_scene_and_words_left() {
    let doc = two_chapters();
    let mut pager = Pager::new(doc, PagerOptions::default(), 7, 4);
    // (operation, chapter, scene, scenes, percent, left in chapter, left in story, at end)
    let cases = [
        (Op::Top, 0, 0, 2, 0.0, 5, 6, false),
        (Op::GoTo(0, 1, 0), 0, 0, 2, 50.0, 2, 3, false),
        (Op::GoTo(0, 3, 0), 0, 1, 2, 4.0 / 6.0 * 100.0, 1, 2, false),
        (Op::GoTo(0, 3, 2), 0, 1, 2, 5.0 / 6.0 * 100.0, 0, 1, false),
        // Chapter two is short: its start already shows the last row.
        (Op::NextChapter, 1, 0, 1, 100.0, 0, 0, true),
        (Op::Bottom, 1, 0, 1, 100.0, 0, 0, true),
    ];
    for (op, chapter, scene, scenes, percent, in_chapter, in_story, at_end) in cases {
        apply(&mut pager, op);
        let place = pager.place();
        assert_eq!(
            (
                place.chapter,
                place.scene,
                place.scenes,
                place.words_left_in_chapter,
                place.words_left_in_story,
                place.at_end,
                pager.is_at_end(),
            ),
            (chapter, scene, scenes, in_chapter, in_story, at_end, at_end),
            "{op:?}"
        );
        assert!(
            (place.percent - percent).abs() < 1e-9,
            "{op:?}: {}",
            place.percent
        );
        assert_eq!(place.chapters, 2);
        assert_eq!(place.chapter_title, Some(["One", "Two"][chapter]));
    }
}

#[test]
fn search_hit_goes_to_its_line() {
    let doc = story(&[(None, &["alpha beta gamma delta", "x", "Gamma ray"])]);
    let mut pager = Pager::new(doc, PagerOptions::default(), 11, 2);
    let search = Search::new(pager.document(), "GAMMA");
    let first = search.first_from(pager.anchor()).unwrap().hit.clone();
    assert!(pager.go_to_hit(&first));
    assert_eq!(pager.anchor(), Anchor::new(0, 0, 11));
    assert_eq!(screen(&pager), ["gamma delta", ""]);
    let second = search.next_after(pager.anchor()).unwrap();
    assert!(!second.wrapped);
    let second = second.hit.clone();
    pager.go_to_hit(&second);
    assert_eq!(screen(&pager), ["Gamma ray"]);
    let third = search.next_after(pager.anchor()).unwrap();
    assert!(third.wrapped);
    assert_eq!(third.hit, &first);
}

#[test]
fn resize_keeps_the_anchored_line_on_top() {
    let text = "one two three four five six seven eight nine ten eleven twelve";
    let doc = story(&[(Some("Title"), &[text, "last"])]);
    let mut pager = Pager::new(doc, PagerOptions::default(), 20, 3);
    pager.scroll_by(4);
    let anchor = pager.anchor();
    let before = screen(&pager);
    assert_eq!(before[0], "nine ten eleven");
    for width in [1, 5, 9, 13, 60, 200] {
        pager.resize(width, 3);
        assert_eq!(pager.anchor(), anchor, "width {width}");
        let top = pager.rows()[0].range().unwrap();
        assert!(top.contains(&anchor.offset), "width {width}: {top:?}");
        pager.resize(20, 3);
        assert_eq!(screen(&pager), before, "back from {width}");
    }
    // The chapter title stays on top through a resize.
    pager.to_top();
    pager.resize(3, 3);
    assert_eq!(screen(&pager)[0], "Tit");
    assert_eq!(pager.anchor(), Anchor::new(0, 0, 0));
    // Line 0 of block 0 on top stays there, rather than jumping back to the title.
    pager.resize(20, 3);
    pager.scroll_by(2);
    assert_eq!(screen(&pager)[0], "one two three four");
    pager.resize(9, 3);
    assert_eq!(screen(&pager)[0], "one two");
}

#[test]
fn a_taller_window_at_the_end_fills_from_above() {
    let paragraphs: Vec<String> = (0..30).map(|i| format!("paragraph {i}")).collect();
    let blocks: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    let doc = story(&[(None, &blocks)]);
    let mut pager = Pager::new(doc, PagerOptions::default(), 20, 5);
    pager.to_bottom();
    assert_eq!(
        screen(&pager).last().map(String::as_str),
        Some("paragraph 29")
    );
    pager.resize(20, 12);
    let rows = screen(&pager);
    assert_eq!(rows.len(), 12, "no blank rows below the end: {rows:?}");
    assert_eq!(rows.last().map(String::as_str), Some("paragraph 29"));
    assert!(pager.place().at_end);
    // Not at the end: a taller window shows more below, the top line stays.
    pager.to_top();
    pager.resize(20, 20);
    assert_eq!(screen(&pager)[0], "paragraph 0");
}

#[test]
fn a_jump_into_the_middle_of_a_line_keeps_the_exact_offset() {
    let doc = story(&[(None, &["aaaa bbbb cccc dddd"])]);
    let mut pager = Pager::new(doc, PagerOptions::default(), 9, 1);
    pager.go_to(Anchor::new(0, 0, 12));
    assert_eq!(screen(&pager), ["cccc dddd"]);
    pager.resize(4, 1);
    assert_eq!(screen(&pager), ["cccc"]);
    pager.resize(9, 1);
    assert_eq!(screen(&pager), ["cccc dddd"]);
    assert_eq!(pager.anchor(), Anchor::new(0, 0, 12));
    // Scrolling moves it to a line start.
    pager.scroll_by(-1);
    pager.scroll_by(1);
    assert_eq!(pager.anchor(), Anchor::new(0, 0, 10));
}

#[test]
fn indent_spacing_drops_blank_rows_and_indents_following_paragraphs() {
    let doc = story(&[(None, &["aa bb", "cc dd", "# Head", "ee", "ff", "> note"])]);
    let options = PagerOptions {
        layout: LayoutOptions {
            paragraph_spacing: ParagraphSpacing::Indent,
            indent: 2,
            ..LayoutOptions::default()
        },
        ..PagerOptions::default()
    };
    let pager = Pager::new(doc, options, 6, 100);
    assert_eq!(
        screen(&pager),
        [
            "aa bb", "  cc", "dd", "", " Head", "", "ee", "  ff", "", "note"
        ]
    );
    let kinds: Vec<Option<TextKind>> = pager
        .rows()
        .iter()
        .map(|row| match row {
            Row::Text { kind, .. } => Some(*kind),
            _ => None,
        })
        .collect();
    assert_eq!(kinds[4], Some(TextKind::Heading));
    assert_eq!(kinds[9], Some(TextKind::Note));
}

#[test]
fn set_options_relays_out_and_keeps_the_anchor() {
    let doc = story(&[(None, &["aa", "bb", "cc", "dd"])]);
    let mut pager = Pager::new(doc, PagerOptions::default(), 10, 2);
    pager.go_to(Anchor::new(0, 2, 0));
    assert_eq!(screen(&pager), ["cc", ""]);
    let mut options = pager.options();
    options.layout.paragraph_spacing = ParagraphSpacing::Indent;
    options.layout.indent = 3;
    assert!(pager.set_options(options.clone()));
    assert!(!pager.set_options(options));
    assert_eq!(screen(&pager), ["   cc", "   dd"]);
    assert_eq!(pager.anchor(), Anchor::new(0, 2, 0));
}

#[test]
fn page_overlap_is_configurable() {
    let blocks: Vec<String> = (0..20).map(|i| format!("p{i}")).collect();
    let refs: Vec<&str> = blocks.iter().map(String::as_str).collect();
    let doc = story(&[(None, &refs)]);
    for (overlap, height, step) in [
        (0, 5, 5),
        (2, 5, 3),
        (4, 5, 1),
        (9, 5, 1),
        (2, 1, 1),
        (2, 0, 1),
    ] {
        let options = PagerOptions {
            page_overlap: overlap,
            ..PagerOptions::default()
        };
        let mut pager = Pager::new(doc.clone(), options, 10, height);
        assert_eq!(pager.page_step(), step);
        pager.page_down();
        let mut reference = Pager::new(doc.clone(), PagerOptions::default(), 10, height);
        reference.scroll_by(signed(step));
        assert_eq!(
            pager.anchor(),
            reference.anchor(),
            "overlap {overlap} height {height}"
        );
    }
}

#[test]
fn degenerate_stories_and_viewports_never_panic() {
    let stories = [
        Document::default(),
        story(&[(None, &[])]),
        story(&[(None, &[]), (Some("Only a title"), &[]), (None, &[])]),
        story(&[(Some("  "), &[""])]),
        story(&[(None, &["", "", ""])]),
        story(&[(None, &["漢字👩\u{200d}👩\u{200d}👧e\u{301}—“”"])]),
        two_chapters(),
    ];
    let ops = [
        Op::Scroll(1),
        Op::Scroll(-1),
        Op::PageDown,
        Op::PageUp,
        Op::HalfDown,
        Op::HalfUp,
        Op::Bottom,
        Op::Top,
        Op::NextChapter,
        Op::PrevChapter,
        Op::NextScene,
        Op::PrevScene,
        Op::Percent(33.0),
        Op::Percent(-1.0),
        Op::Percent(1e300),
        Op::GoTo(usize::MAX, usize::MAX, usize::MAX),
        Op::GoTo(0, usize::MAX, 0),
        Op::GoTo(1, 0, 7),
    ];
    for doc in stories {
        for (width, height) in [(0, 0), (1, 1), (0, 5), (3, 0), (2, 2), (80, 24)] {
            let mut pager = Pager::new(doc.clone(), PagerOptions::default(), width, height);
            for op in ops {
                apply(&mut pager, op);
                assert!(pager.rows().len() <= height);
                let place = pager.place();
                assert!((0.0..=100.0).contains(&place.percent));
                for row in pager.rows() {
                    let _ = pager.row_text(row);
                    let _ = pager.row_emphasis(row);
                }
                pager.resize(width + 1, height);
            }
        }
    }
}

#[test]
fn empty_and_title_only_chapters() {
    let doc = story(&[
        (None, &[]),
        (Some("Only a title"), &[]),
        (None, &[]),
        (None, &["text"]),
    ]);
    let mut pager = Pager::new(doc, PagerOptions::default(), 20, 10);
    assert_eq!(screen(&pager), ["    Only a title", "", "", "text"]);
    assert_eq!(pager.anchor(), Anchor::new(1, 0, 0));
    assert!(pager.next_chapter());
    assert_eq!(pager.anchor(), Anchor::new(3, 0, 0));
    // An anchor in a chapter without rows moves to the next chapter's start.
    pager.go_to(Anchor::new(2, 0, 0));
    assert_eq!(pager.anchor(), Anchor::new(3, 0, 0));
    assert!(pager.prev_chapter());
    assert_eq!(pager.anchor(), Anchor::new(1, 0, 0));
    let empty = Pager::new(Document::default(), PagerOptions::default(), 20, 10);
    assert!(empty.rows().is_empty());
    assert!(empty.is_at_end());
    assert!((empty.place().percent - 100.0).abs() < f64::EPSILON);
}

#[test]
fn emphasis_is_looked_up_per_row() {
    use crate::document::Span;
    let rich = RichText {
        text: "plain and italic words here".into(),
        spans: vec![Span {
            range: 10..22,
            emphasis: Emphasis::Italic,
        }],
        notes: Vec::new(),
    };
    let doc = Document {
        chapters: vec![Chapter {
            id: None,
            title: None,
            blocks: vec![Block::Paragraph(rich)],
        }],
        ..Document::default()
    };
    let pager = Pager::new(doc, PagerOptions::default(), 16, 5);
    let rows = pager.rows();
    assert_eq!(screen(&pager), ["plain and italic", "words here"]);
    assert_eq!(
        pager.row_emphasis(&rows[0]),
        vec![(10..16, Emphasis::Italic)]
    );
    assert_eq!(pager.row_emphasis(&rows[1]), vec![(0..5, Emphasis::Italic)]);
}

#[test]
fn toc_entries_jump_to_chapters_and_scenes() {
    let mut pager = Pager::new(two_chapters(), PagerOptions::default(), 7, 4);
    let toc = pager.toc().to_vec();
    assert_eq!(toc.len(), 2);
    assert_eq!(
        toc[0].scenes,
        vec![Anchor::new(0, 0, 0), Anchor::new(0, 2, 0)]
    );
    pager.go_to(toc[0].scenes[1]);
    assert_eq!(screen(&pager)[0], "   ⁂");
    pager.go_to(toc[1].start());
    assert_eq!(screen(&pager)[0], "  Two");
    assert!(pager.go_to_chapter(0));
    assert_eq!(screen(&pager)[0], "  One");
    assert!(pager.go_to_chapter(usize::MAX));
    assert_eq!(screen(&pager)[0], "  Two");
}

#[test]
fn every_top_row_comes_back_exactly_from_its_anchor_and_rows_above() {
    // Every row of the story on top in turn, at two widths: a gap row, a chapter
    // head's space, a scene break and text lines all come back as they were.
    let doc = two_chapters();
    for width in [7, 20] {
        let mut pager = Pager::new(doc.clone(), PagerOptions::default(), width, 4);
        let mut gaps = 0;
        loop {
            let (anchor, rows) = (pager.anchor(), pager.top_shift());
            gaps += usize::from(rows != 0);
            let mut again = Pager::new(doc.clone(), PagerOptions::default(), width, 4);
            again.go_to_shifted(anchor, rows);
            assert_eq!(
                screen(&again),
                screen(&pager),
                "{anchor:?} +{rows} at {width}"
            );
            if !pager.scroll_by(1) {
                break;
            }
        }
        assert!(
            gaps >= 3,
            "the story has gaps above lines: {gaps} at {width}"
        );
    }
}

#[test]
fn rows_above_that_no_longer_exist_fall_back_to_the_anchor() {
    let doc = two_chapters();
    let mut pager = Pager::new(doc, PagerOptions::default(), 7, 4);
    let ddd = Anchor::new(0, 1, 0);
    pager.go_to_shifted(ddd, 5);
    assert_eq!(screen(&pager)[0], "ddd");
    pager.go_to_shifted(ddd, -3);
    assert_eq!(screen(&pager)[0], "ddd");
    assert_eq!(pager.anchor(), ddd);
}
