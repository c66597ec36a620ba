use super::*;
use crate::document::{Block, Chapter, RichText};

fn chapter(title: Option<&str>, id: Option<&str>, paragraphs: &[&str]) -> Chapter {
    Chapter {
        title: title.map(str::to_owned),
        id: id.map(str::to_owned),
        blocks: paragraphs
            .iter()
            .map(|p| {
                if *p == "***" {
                    Block::SceneBreak
                } else {
                    Block::Paragraph(RichText::plain(*p))
                }
            })
            .collect(),
    }
}

fn doc(chapters: Vec<Chapter>) -> Document {
    Document {
        chapters,
        ..Document::default()
    }
}

fn quote(prefix: &str, exact: &str, suffix: &str) -> Quote {
    Quote {
        prefix: prefix.into(),
        exact: exact.into(),
        suffix: suffix.into(),
    }
}

/// Twenty numbered words per paragraph, so every quote is unique and readable.
fn para(n: usize) -> String {
    (0..20)
        .map(|w| format!("p{n}w{w}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn numbered(chapters: usize, paragraphs: usize) -> Document {
    doc((0..chapters)
        .map(|c| {
            let texts: Vec<String> = (0..paragraphs).map(|p| para(c * 100 + p)).collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            chapter(
                Some(&format!("Chapter {}", c + 1)),
                Some(&format!("c{c}")),
                &refs,
            )
        })
        .collect())
}

#[test]
fn capture_table() {
    let d = doc(vec![
        chapter(
            Some("One"),
            Some("u1"),
            &[
                "a b c d e f g h",
                "***",
                "i j k l m n o p q r s t u v w x y z",
            ],
        ),
        chapter(None, None, &[]),
        chapter(Some("Three"), None, &["end of it"]),
    ]);
    // (anchor, prefix, exact, suffix, chapter title)
    let cases = [
        (
            (0, 0, 0),
            "",
            "a b c d e f g h\n\ni j k l",
            " m n o p q r",
            Some("One"),
        ),
        (
            (0, 0, 2),
            "a ",
            "b c d e f g h\n\ni j k l m",
            " n o p q r s",
            Some("One"),
        ),
        (
            (0, 0, 15),
            "c d e f g h",
            "\n\ni j k l m n o p q r s t",
            " u v w x y z",
            Some("One"),
        ),
        (
            (0, 1, 0),
            "c d e f g h\n",
            "\ni j k l m n o p q r s t",
            " u v w x y z",
            Some("One"),
        ),
        (
            (0, 2, 30),
            "r s t u v w ",
            "x y z\nend of it",
            "",
            Some("One"),
        ),
        ((1, 0, 0), "u v w x y z\n", "end of it", "", None),
        ((2, 0, 9), "x y z\nend of it", "", "", Some("Three")),
        ((9, 9, 9), "x y z\nend of it", "", "", Some("Three")),
    ];
    for (anchor, prefix, exact, suffix, title) in cases {
        let anchor = Anchor::new(anchor.0, anchor.1, anchor.2);
        let position = capture(&d, anchor);
        assert_eq!(position.quote, quote(prefix, exact, suffix), "{anchor:?}");
        assert_eq!(position.chapter_title.as_deref(), title, "{anchor:?}");
        assert_eq!(position.anchor, anchor.clamp(&d));
    }
    assert_eq!(
        capture(&d, Anchor::default()).chapter_id.as_deref(),
        Some("u1")
    );
}

#[test]
fn fraction_counts_body_words_before_the_anchor() {
    let d = doc(vec![
        chapter(None, None, &["one two three four"]),
        chapter(None, None, &["five six", "seven eight"]),
    ]);
    let cases = [
        ((0, 0, 0), 0.0),
        ((0, 0, 4), 0.125),
        ((1, 0, 0), 0.5),
        ((1, 1, 0), 0.75),
        ((1, 1, 11), 1.0),
    ];
    for (anchor, fraction) in cases {
        let got = capture(&d, Anchor::new(anchor.0, anchor.1, anchor.2)).fraction;
        assert!((got - fraction).abs() < 1e-9, "{anchor:?}: {got}");
    }
    assert!(
        capture(&Document::default(), Anchor::default())
            .fraction
            .abs()
            < f64::EPSILON
    );
}

/// The saved fraction counts words with `count_words`, as the document and the
/// pager do: in Chinese and Japanese one word per character, punctuation not counted.
#[test]
fn fraction_counts_cjk_words_like_the_document() {
    let d = doc(vec![
        chapter(None, None, &["雪が降る。"]),
        chapter(None, None, &["John站在221B的窗前。"]),
    ]);
    assert_eq!(d.words(), 11);
    let cases = [
        // After `雪が` (two of eleven words).
        ((0, 0, 6), 2.0 / 11.0),
        ((1, 0, 0), 4.0 / 11.0),
        // After `John站在` (two characters past `John`).
        ((1, 0, 10), 7.0 / 11.0),
        ((1, 0, 999), 1.0),
    ];
    for (anchor, fraction) in cases {
        let got = capture(&d, Anchor::new(anchor.0, anchor.1, anchor.2)).fraction;
        assert!((got - fraction).abs() < 1e-9, "{anchor:?}: {got}");
    }
}

#[test]
fn quotes_stay_short_in_text_without_spaces() {
    let cjk = "日本語の文章は空白がない。".repeat(200);
    let d = doc(vec![chapter(None, None, &[&cjk])]);
    let position = capture(&d, Anchor::new(0, 0, 3 * 100));
    assert!(position.quote.exact.len() <= EXACT_MAX_BYTES);
    assert!(!position.quote.exact.is_empty());
    assert!(position.quote.prefix.len() <= CONTEXT_MAX_BYTES);
    assert!(position.quote.suffix.len() <= CONTEXT_MAX_BYTES);
    let found = relocate(&d, &position);
    assert_eq!(
        (found.anchor, found.confidence),
        (position.anchor, Confidence::Exact)
    );
}

#[test]
fn appended_chapters_keep_the_exact_place() {
    let old = numbered(3, 10);
    let position = capture(&old, Anchor::new(1, 4, 9));
    let mut new = old.clone();
    new.chapters
        .push(chapter(Some("Chapter 4"), Some("c3"), &["brand new"]));
    let found = relocate(&new, &position);
    assert_eq!(
        (found.anchor, found.confidence),
        (Anchor::new(1, 4, 9), Confidence::Exact)
    );
}

#[test]
fn inserted_chapters_move_the_place() {
    let old = numbered(3, 10);
    let position = capture(&old, Anchor::new(1, 4, 9));
    let mut new = old.clone();
    new.chapters.insert(
        0,
        chapter(Some("Prologue"), None, &["A new start.", "***", "More."]),
    );
    let found = relocate(&new, &position);
    assert_eq!(
        (found.anchor, found.confidence),
        (Anchor::new(2, 4, 9), Confidence::Moved)
    );
}

#[test]
fn a_fixed_typo_near_the_place_is_fuzzy() {
    let text = "Lex let himself into the empty silence of his studdy, his heart heavy and his spirit lighter than it had been.";
    let old = doc(vec![chapter(None, None, &["Before.", text, "After."])]);
    let at = text.find("into").expect("word");
    let position = capture(&old, Anchor::new(0, 1, at));
    let fixed = text.replace("studdy", "study");
    // A typo fixed just after the anchor.
    let new = doc(vec![chapter(None, None, &["Before.", &fixed, "After."])]);
    let found = relocate(&new, &position);
    assert_eq!(
        (found.anchor, found.confidence),
        (Anchor::new(0, 1, at), Confidence::Fuzzy)
    );

    let position = capture(&old, Anchor::new(0, 1, text.find("heavy").expect("word")));
    let new = doc(vec![chapter(
        None,
        None,
        &["Before.", "Inserted.", &fixed, "After."],
    )]);
    let found = relocate(&new, &position);
    assert_eq!(
        found.confidence,
        Confidence::Moved,
        "exact quote still intact"
    );
    assert_eq!(
        found.anchor,
        Anchor::new(0, 2, fixed.find("heavy").expect("word"))
    );

    // Edits on both sides of the anchor, one changing the text's length before it:
    // the result still lands on the same word.
    let both = fixed.replace("himself", "him self");
    let new = doc(vec![chapter(None, None, &["Before.", &both, "After."])]);
    let position = capture(&old, Anchor::new(0, 1, at));
    let found = relocate(&new, &position);
    assert_eq!(found.confidence, Confidence::Fuzzy);
    assert_eq!(
        found.anchor,
        Anchor::new(0, 1, both.find("into").expect("word"))
    );
}

#[test]
fn a_rewritten_chapter_is_lost_and_falls_back() {
    let old = numbered(4, 5);
    let position = capture(&old, Anchor::new(2, 3, 0));
    let rewrite = |d: &mut Document, c: usize| {
        if let Some(ch) = d.chapters.get_mut(c) {
            ch.blocks = vec![Block::Paragraph(RichText::plain(
                "Something else entirely happens here now.",
            ))];
        }
    };
    // By chapter id, wherever the chapter went.
    let mut new = old.clone();
    rewrite(&mut new, 2);
    new.chapters.swap(1, 2);
    let found = relocate(&new, &position);
    assert_eq!(
        (found.anchor, found.confidence),
        (Anchor::new(1, 0, 0), Confidence::Lost)
    );
    // By title when ids are gone, nearest the old chapter number.
    for c in &mut new.chapters {
        c.id = None;
    }
    new.chapters
        .push(chapter(Some("Chapter 3"), None, &["a later namesake"]));
    let found = relocate(&new, &position);
    assert_eq!(
        (found.anchor, found.confidence),
        (Anchor::new(1, 0, 0), Confidence::Lost)
    );
    // By fraction when neither is left.
    let mut new = old.clone();
    rewrite(&mut new, 2);
    for c in &mut new.chapters {
        c.id = None;
        c.title = None;
    }
    let found = relocate(&new, &position);
    assert_eq!(found.confidence, Confidence::Lost);
    // 65% of the old 400 words; the new story has 307, so word 199: chapter 2's last
    // paragraph.
    assert!((position.fraction - 0.65).abs() < 1e-9);
    assert_eq!(found.anchor, Anchor::new(1, 4, 0));
}

#[test]
fn context_picks_among_repeated_quotes() {
    let d = doc(vec![chapter(
        None,
        None,
        &[
            "Clark said yes.",
            "\"Yes.\"",
            "Lex said no.",
            "\"Yes.\"",
            "Chloe laughed.",
        ],
    )]);
    let position = capture(&d, Anchor::new(0, 3, 0));
    let mut moved = d.clone();
    moved.chapters[0]
        .blocks
        .insert(0, Block::Paragraph(RichText::plain("New.")));
    let found = relocate(&moved, &position);
    assert_eq!(
        (found.anchor, found.confidence),
        (Anchor::new(0, 4, 0), Confidence::Moved)
    );
}

#[test]
fn a_short_quote_without_its_context_is_not_trusted() {
    let position = Position {
        anchor: Anchor::new(0, 0, 0),
        quote: quote("Lex never said ", "\"Yes.\"", ""),
        ..Position::default()
    };
    let d = doc(vec![chapter(None, None, &["Clark", "\"Yes.\"", "Chloe"])]);
    assert_eq!(relocate(&d, &position).confidence, Confidence::Lost);
}

#[test]
fn hostile_positions_never_panic() {
    let d = numbered(2, 3);
    let long = "x".repeat(100_000);
    let positions = [
        Position::default(),
        Position {
            anchor: Anchor::new(usize::MAX, usize::MAX, usize::MAX),
            quote: quote("", "p0w1", ""),
            fraction: f64::NAN,
            ..Position::default()
        },
        Position {
            quote: quote(&long, &long, &long),
            fraction: -5.0,
            ..Position::default()
        },
        Position {
            quote: quote("é", "\u{301}", "\n\n\n"),
            fraction: f64::INFINITY,
            chapter_title: Some(String::new()),
            ..Position::default()
        },
    ];
    for position in &positions {
        for document in [
            &d,
            &Document::default(),
            &doc(vec![chapter(None, None, &[])]),
        ] {
            let found = relocate(document, position);
            assert_eq!(found.anchor, found.anchor.clamp(document));
        }
    }
}

#[test]
fn empty_quote_trusts_an_unchanged_anchor_only() {
    let empty = doc(vec![chapter(None, None, &[""])]);
    let position = capture(&empty, Anchor::default());
    assert!(position.quote.is_empty());
    assert_eq!(relocate(&empty, &position).confidence, Confidence::Exact);
    let stale = Position {
        anchor: Anchor::new(5, 0, 0),
        ..position
    };
    assert_eq!(relocate(&empty, &stale).confidence, Confidence::Lost);
}

#[test]
fn fractions_that_json_cannot_hold_are_saved_as_zero() {
    let position = Position {
        fraction: f64::NAN,
        ..Position::default()
    };
    let json = serde_json::to_string(&position).expect("serialises");
    let back: Position = serde_json::from_str(&json).expect("parses");
    assert!(back.fraction.abs() < f64::EPSILON);
    let null: Position = serde_json::from_str(r#"{"fraction":null}"#).expect("parses");
    assert!(null.fraction.abs() < f64::EPSILON);
    let full = capture(&numbered(1, 2), Anchor::new(0, 1, 5));
    let json = serde_json::to_string(&full).expect("serialises");
    assert_eq!(
        serde_json::from_str::<Position>(&json).expect("parses"),
        full
    );
}

#[test]
fn a_chapter_id_beats_identical_text_at_the_old_anchor() {
    let same = [
        "Disclaimer: not mine.",
        "Lorem ipsum dolor sit amet, consectetur adipisicing elit.",
    ];
    let with_ids = |ids: &[&str]| {
        doc(ids
            .iter()
            .map(|id| chapter(None, Some(id), &same))
            .collect())
    };
    let old = with_ids(&["u0", "u1", "u2"]);
    let position = capture(&old, Anchor::new(1, 1, 6));
    let new = with_ids(&["new", "u0", "u1", "u2"]);
    let found = relocate(&new, &position);
    assert_eq!(
        (found.anchor, found.confidence),
        (Anchor::new(2, 1, 6), Confidence::Moved)
    );
    // Ids that mean nothing in the new file (another format) don't veto the anchor.
    let other = with_ids(&["a", "b", "c", "d"]);
    let found = relocate(&other, &position);
    assert_eq!(
        (found.anchor, found.confidence),
        (Anchor::new(1, 1, 6), Confidence::Exact)
    );
}

/// The window capture must quote exactly what the whole joined text would.
fn assert_window_matches_story_text(d: &Document) {
    let text = StoryText::new(d);
    let mut anchors = vec![Anchor::default(), Anchor::new(usize::MAX, 0, 0)];
    for (c, chapter) in d.chapters.iter().enumerate() {
        anchors.push(Anchor::chapter_start(c));
        for (b, block) in chapter.blocks.iter().enumerate() {
            let t = block.text();
            for offset in [0, 1, 2, 3, t.len() / 2, t.len().saturating_sub(1), t.len()] {
                anchors.push(Anchor::new(c, b, offset));
            }
        }
    }
    for anchor in anchors {
        assert_eq!(capture(d, anchor), text.capture(anchor), "{anchor:?}");
    }
}

#[test]
fn window_capture_equals_whole_text_capture() {
    assert_window_matches_story_text(&numbered(3, 4));
    assert_window_matches_story_text(&Document::default());
    let tiny = ["", "a", "***", "é", "日本語", "b c"];
    assert_window_matches_story_text(&doc(vec![
        chapter(None, None, &[]),
        chapter(None, None, &tiny),
        chapter(None, None, &[]),
        chapter(None, None, &tiny),
        chapter(None, None, &[]),
    ]));
    let cjk = "日本語の文章は空白がない。".repeat(40);
    let emoji = "👩‍👩‍👧 ".repeat(60);
    assert_window_matches_story_text(&doc(vec![
        chapter(None, None, &[&cjk, &emoji, "x"]),
        chapter(None, None, &[&emoji]),
    ]));
}

proptest::proptest! {
    #[test]
    fn window_capture_equals_whole_text_capture_on_random_stories(
        texts in proptest::collection::vec("[ab é日\u{301}]{0,50}", 0..12),
        splits in proptest::collection::vec(0_usize..12, 0..4),
    ) {
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let mut chapters = Vec::new();
        let mut start = 0;
        for split in splits {
            let end = split.clamp(start, refs.len());
            chapters.push(chapter(None, None, &refs[start..end]));
            start = end;
        }
        chapters.push(chapter(None, None, &refs[start..]));
        assert_window_matches_story_text(&doc(chapters));
    }
}

/// `relocate` decides an unmoved place from a window; it must answer exactly what the
/// whole joined text answers, for places that stayed, moved, or were edited away.
fn assert_relocate_matches_story_text(old: &Document, new: &Document) {
    let whole = StoryText::new(new);
    let mut anchors = vec![Anchor::default(), Anchor::new(usize::MAX, 0, 0)];
    for (c, chapter) in old.chapters.iter().enumerate() {
        anchors.push(Anchor::chapter_start(c));
        for (b, block) in chapter.blocks.iter().enumerate() {
            let t = block.text();
            for offset in [0, 1, t.len() / 2, t.len()] {
                anchors.push(Anchor::new(c, b, offset));
            }
        }
    }
    for anchor in anchors {
        let position = capture(old, anchor);
        assert_eq!(
            relocate(new, &position),
            whole.relocate(&position),
            "{anchor:?}"
        );
    }
}

#[test]
fn relocate_from_a_window_equals_relocate_in_the_whole_text() {
    let old = numbered(3, 4);
    assert_relocate_matches_story_text(&old, &old);
    assert_relocate_matches_story_text(&old, &numbered(4, 4));
    assert_relocate_matches_story_text(&old, &numbered(2, 6));
    assert_relocate_matches_story_text(&old, &Document::default());
    // Same text, chapter ids renamed or shifted: the id decides whether the anchor
    // is trusted, and a window must not trust it where the whole text would not.
    let same = ["Disclaimer: not mine.", "Lorem ipsum dolor sit amet."];
    let with_ids = |ids: &[&str]| {
        doc(ids
            .iter()
            .map(|id| chapter(None, Some(id), &same))
            .collect())
    };
    let ids = with_ids(&["u0", "u1", "u2"]);
    for new in [
        with_ids(&["new", "u0", "u1", "u2"]),
        with_ids(&["a", "b", "c"]),
        with_ids(&["u1", "u1", "u2"]),
    ] {
        assert_relocate_matches_story_text(&ids, &new);
    }
    // A quote saved longer than any capture makes (a hand-edited state file) goes to
    // the whole text and still comes back exact.
    let long = "word ".repeat(200);
    let d = doc(vec![chapter(None, None, &[&long])]);
    let position = Position {
        quote: quote("", &long, ""),
        ..Position::default()
    };
    let found = relocate(&d, &position);
    assert_eq!(found, StoryText::new(&d).relocate(&position));
    assert_eq!(found.confidence, Confidence::Exact);
}

proptest::proptest! {
    #[test]
    fn relocate_from_a_window_equals_relocate_in_the_whole_text_on_random_stories(
        texts in proptest::collection::vec("[ab é\u{301}]{0,40}", 0..10),
        splits in proptest::collection::vec(0_usize..10, 0..3),
        edit in 0_usize..10,
        insert in proptest::option::of("[ab ]{0,20}"),
    ) {
        let build = |texts: &[String]| {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let mut chapters = Vec::new();
            let mut start = 0;
            for split in &splits {
                let end = (*split).clamp(start, refs.len());
                chapters.push(chapter(None, None, &refs[start..end]));
                start = end;
            }
            chapters.push(chapter(None, None, &refs[start..]));
            doc(chapters)
        };
        let old = build(&texts);
        let mut changed = texts.clone();
        if let Some(text) = insert {
            changed.insert(edit.min(changed.len()), text);
        } else if let Some(text) = changed.get_mut(edit) {
            text.push_str(" b");
        }
        assert_relocate_matches_story_text(&old, &old);
        assert_relocate_matches_story_text(&old, &build(&changed));
    }
}
