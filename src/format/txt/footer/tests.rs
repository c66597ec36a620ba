//! Footers, end markers and feedback lines.

use super::super::layout;
use super::*;
use crate::format::exact::check;

fn footer_of(text: &str) -> (Footer, usize) {
    let lines = layout::split(text);
    (read(&lines, 0, None), lines.len())
}

#[test]
fn end_markers() {
    let markers = [
        "The End",
        "The End?",
        "THE END",
        "The End.",
        "~The End~",
        "Fin",
        "FIN",
        "~Fin~",
        "Finis",
        "FINIS",
        "End",
        "[END]",
        "- END -",
        "TBC",
        "To be continued…",
        "To Be Continued...",
        "Continued in \"Part Two\"",
        "End of Part 1",
        "End Chapter 3",
        "End file.",
        "~tbc~",
        "tbc.",
        "(continued in part 2)",
        "To Be Continued in Part Two",
        "To be concluded...",
        "Fin.",
        "-fin-",
        "*The End*",
        "The End...for now",
        "The End (for now)",
        "~*~Fin~*~",
        "Part 2 coming soon!",
        "More to come!",
        "End.",
    ];
    for text in markers {
        assert!(is_end_marker(text), "{text:?}");
    }
    for text in [
        "the end of the road",
        "It was the end.",
        "Endless",
        "Finally",
        "The Endgame",
        "The end of the world came on a Tuesday.",
        "To be continued, he said, was a promise.",
        "Finishing touches",
        "Part of me wanted to stay.",
    ] {
        assert!(!is_end_marker(text), "{text:?}");
    }
}

#[test]
fn the_end_marker_precheck_never_changes_the_answer() {
    let lines = [
        "T.B.C.",
        "Chapter 5 to follow",
        "Continued next time!",
        "End Part 2",
        "end of book two",
        "<<< THE END >>>",
        "#fin#",
        "\tThe End",
        "\u{0B}Fin",
        // Unicode whitespace and full-width decorations stop the ASCII skip.
        "\u{2003}The End",
        "\u{3000}Fin",
        "～Fin～",
        "— The End —",
        // U+212A KELVIN SIGN and U+017F LONG S fold to ASCII letters under `(?i)`.
        "~\u{17F}omething~",
        "\u{212A}",
        "",
        "~~~",
        "The rain had stopped.",
        "She smiled.",
        "Moreover, it rained.",
        "Tomorrow, then.",
        "The rain fell.",
        "To the end.",
        "More tea?",
        "The\u{2003}End",
        "To\u{A0}be continued",
    ];
    let feedback = [
        "If you enjoyed this story, review!",
        "Please leave a review",
        "PLEASE SEND FEEDBACK",
        "Feedback is love",
        "Reviews are welcome",
        "R&R",
        "r & r please",
        "R\t&R",
        "Read and review!",
    ];
    for text in feedback.iter().chain(&lines) {
        assert_eq!(is_feedback(text), FEEDBACK.is_match(text), "{text:?}");
    }
    let whole = Regex::new(
        r"(?i)^[~\-*=\[(<#_\s]*(?:the\s+end(?:\s*[.!?…]*\s*\(?(?:for\s+now|\?)\)?)?|fin|finis|end|tbc|t\.b\.c|to\s+be\s+(?:continued|concluded)(?:\s+in\s+.{1,60})?|continued\s+in\s+.{1,80}|continued\s+next\s+(?:time|chapter|part)|more\s+to\s+come|(?:part|chapter)\s+\S{1,12}\s+(?:coming\s+soon|to\s+follow)|end\s+of\s+(?:part|chapter|book|volume)\s+\S{1,12}|end\s+(?:part|chapter)\s+\S{1,12}|end\s+file)\s*[.!?…]*[~\-*=\])>#_\s]*$",
    )
    .expect("valid regex");
    let long = |n: usize| "é".repeat(n);
    let built: Vec<String> = [59, 60, 61, 79, 80, 81]
        .iter()
        .flat_map(|&n| {
            [
                format!("To be continued in {}", long(n)),
                format!("~continued in {}~", long(n)),
            ]
        })
        .chain([11, 12, 13].iter().flat_map(|&n| {
            [
                format!("Part {} coming soon!", long(n)),
                format!("End of Book {}.", long(n)),
                format!("end chapter {}", long(n)),
            ]
        }))
        .collect();
    let mut more: Vec<&str> = lines.to_vec();
    more.extend(built.iter().map(String::as_str));
    more.extend([
        "The End (for now)",
        "The End?",
        "THE END...?",
        "the end ( ? )",
        "Fin.",
        "Finis",
        "*~*TBC*~*",
        "T.B.C.",
        "To be continued...",
        "To Be Concluded",
        "To be continued in Part Two.",
        "(Continued in \"The Next One\")",
        "Continued next chapter",
        "More to come!",
        "Part 2 coming soon",
        "Chapter five to follow",
        "End of Part One",
        "End Chapter 3",
        "End File.",
        "The end of the day came.",
        "Part of me knew.",
        "Chapter 3",
    ]);
    check::agree(
        &[
            "the",
            "end",
            "The End",
            "fin",
            "finis",
            "tbc",
            "t.b.c",
            "to be",
            "continued",
            "concluded",
            " in ",
            "next",
            "time",
            "chapter",
            "part",
            "book",
            "more to come",
            "coming soon",
            "to follow",
            "end of",
            "file",
            "for now",
            "(",
            ")",
            "?",
        ],
        &more,
        is_end_marker,
        |text| whole.is_match(text),
    );
}

#[test]
fn end_marker_then_tth_footer() {
    let (footer, _) = footer_of(
        "Story text.\n\n\nThe End?\n\nYou have reached the end of \"X\" – so far. This story is incomplete.\n",
    );
    assert_eq!(footer.body_end, 3);
    assert_eq!(footer.site, Some(chrome::TTH));
    let keys: Vec<_> = footer.fields.iter().map(|f| (f.key, f.line)).collect();
    assert_eq!(
        keys,
        [(FieldKey::EndMarker, Some(4)), (FieldKey::Status, Some(6))]
    );
}

#[test]
fn the_end_followed_by_more_story_is_not_the_end() {
    let long = "word ".repeat(60);
    let (footer, len) = footer_of(&format!("Story.\n\nThe End\n\n{long}\n"));
    assert!(footer.fields.is_empty());
    assert_eq!(footer.body_end, len - 1);
}

#[test]
fn feedback_footer_without_marker() {
    let (footer, _) = footer_of(
        "Story.\n\nMore story.\n\nIf you enjoyed this story, please send feedback to Annie\n\n",
    );
    assert_eq!(footer.body_end, 4);
    assert_eq!(footer.fields[0].label, "feedback request");
}

#[test]
fn end_dot_only_as_the_last_line() {
    let (footer, _) = footer_of("Story.\n\nMore story.\n\nEnd.\n");
    assert_eq!(footer.body_end, 4);
    assert_eq!(footer.fields[0].joined(), "End.");
    // A one-word sentence before more short lines is story.
    let (footer, _) = footer_of("Story.\n\nEnd.\n\nShe smiled.\n");
    assert!(footer.fields.is_empty());
}

#[test]
fn the_end_before_an_epilogue_is_not_the_end() {
    let (footer, _) =
        footer_of("Story.\n\nThe End\n\nEpilogue\n\nTen years later they met again.\n");
    assert!(footer.fields.is_empty());
}

#[test]
fn end_marker_alone_is_story() {
    let (footer, _) = footer_of("The End\n");
    assert!(footer.fields.is_empty());
    assert_eq!(footer.body_end, 1);
}

#[test]
fn weak_furniture_needs_company() {
    // `Link` alone closing a story is a word of the story.
    let (footer, len) = footer_of("Story text.\n\nLink\n");
    assert_eq!(footer.body_end, len - 1);
    assert_eq!(footer.site, None);
    // With more furniture after it, it starts the footer.
    let (footer, _) = footer_of("Story text.\n\nTags: fic\nShare\nLink\n3 comments\n");
    assert_eq!(footer.body_end, 1);
    assert_eq!(footer.site, Some(chrome::LIVEJOURNAL));
}

#[test]
fn furniture_before_any_story_is_not_a_footer() {
    let lines = layout::split("Leave a comment\n\nThe story starts here.\n");
    let footer = read(&lines, 0, None);
    assert_eq!(footer.body_end, 3);
}

#[test]
fn ffn_words_only_on_ffn_pages() {
    let text = "Story text.\n\nReview\nPost Review As Guest\n";
    let lines = layout::split(text);
    assert_eq!(read(&lines, 0, Some(ffn::SITE)).body_end, 1);
    assert_eq!(read(&lines, 0, None).body_end, 4);
}

#[test]
fn dreamwidth_footer_is_cut() {
    let (footer, _) = footer_of(
        "Story.\nThe End\nThis account has disabled anonymous posting.\nProfile\nPowered by Dreamwidth Studios",
    );
    assert_eq!(footer.site, Some(chrome::DREAMWIDTH));
    assert_eq!(footer.body_end, 1);
    assert_eq!(footer.fields.len(), 1);
}

#[test]
fn the_plain_end_marker_scan_agrees_with_its_pattern() {
    let words = [
        "the",
        "The",
        "THE",
        "end",
        "End",
        "fin",
        "finis",
        "FINI\u{17F}",
        "tbc",
        "t.b.c",
        "T.B.C",
        "to",
        "be",
        "continued",
        "concluded",
        "next",
        "time",
        "chapter",
        "part",
        "more",
        "come",
        "file",
        "for",
        "now",
        "(",
        ")",
        "?",
        "...",
        "…",
        "!",
        ".",
        "~",
        "*",
        "=",
        "[",
        "]",
        "<",
        ">",
        "#",
        "_",
        "-",
        " ",
        "\t",
        "\n",
        "\u{A0}",
    ];
    let lines = [
        "The End",
        "~*~ The End ~*~",
        "The End (for now)",
        "The End... (?)",
        "The End (?) .",
        "The End?",
        "The end for now!",
        "the  end\t(for\u{2003}now)",
        "[TBC]",
        "Fin.",
        "fini\u{17F}",
        "To be continued...",
        "Continued next chapter",
        "End file",
        "The End of the world",
        "The End ~ .",
    ];
    crate::format::exact::check::agree(&words, &lines, end_marker::is_plain_end_marker, |text| {
        END_MARKER.is_match(text)
    });
}

/// The page-chrome cut as it was when it collected the body's text lines first:
/// the walk that replaced it must cut exactly where this did.
fn cut_page_chrome_collected(lines: &Lines<'_>, body_start: usize, site: Option<&str>) -> Footer {
    let mut footer = Footer::none(lines.len());
    let furniture = |text: &str| furniture_line(text, site);
    let text_lines: Vec<usize> = (body_start..lines.len())
        .filter(|&i| lines.get(i).is_some_and(|l| !l.is_blank()))
        .collect();
    let mut story_seen = false;
    for (position, &i) in text_lines.iter().enumerate() {
        let Some(line) = lines.get(i) else { continue };
        let Some((strength, found)) = furniture(line.text) else {
            story_seen = true;
            continue;
        };
        let confirmed = strength == Strength::Strong
            || text_lines
                .iter()
                .skip(position + 1)
                .take(WEAK_CONFIRM)
                .any(|&j| lines.get(j).is_some_and(|l| furniture(l.text).is_some()));
        if !confirmed {
            story_seen = true;
            continue;
        }
        if !story_seen {
            continue;
        }
        footer.body_end = i;
        let mut revealed = found;
        for &j in text_lines.iter().skip(position) {
            if let Some((_, other)) = lines.get(j).and_then(|l| furniture(l.text))
                && other == chrome::DREAMWIDTH
            {
                revealed = other;
                break;
            }
        }
        footer.site = Some(revealed);
        return footer;
    }
    footer
}

fn assert_cut_as_collected(text: &str) {
    let lines = layout::split(text);
    for site in [None, Some(ffn::SITE)] {
        for body_start in [0, 1, 3, lines.len() / 2] {
            let want = cut_page_chrome_collected(&lines, body_start, site);
            let mut got = Footer::none(lines.len());
            cut_page_chrome(&lines, body_start, site, &mut got);
            assert_eq!(
                (got.body_end, got.site),
                (want.body_end, want.site),
                "{site:?} from {body_start}: {text:?}"
            );
        }
    }
}

#[test]
fn the_chrome_walk_cuts_where_the_collected_lines_did() {
    let library = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("library");
    let mut seen = 0;
    for entry in std::fs::read_dir(library).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "txt")
            && let Ok(bytes) = std::fs::read(&path)
        {
            assert_cut_as_collected(&crate::format::encoding::decode(&bytes));
            seen += 1;
        }
    }
    assert!(seen > 0, "no sample stories");
}

proptest::proptest! {
    #[test]
    fn the_chrome_walk_cuts_where_the_collected_lines_did_anywhere(
        picks in proptest::collection::vec(0usize..14, 0..40)
    ) {
        const LINES: [&str; 14] = [
            "",
            "She ran.",
            "Tags: fic",
            "Share",
            "Link",
            "Reply",
            "3 comments",
            "Leave a comment",
            "Powered by Dreamwidth Studios",
            "This account has disabled anonymous posting.",
            "Review",
            "Post Review As Guest",
            "Next >",
            "The End",
        ];
        let text: Vec<&str> = picks.iter().map(|&p| LINES[p]).collect();
        assert_cut_as_collected(&text.join("\n"));
    }
}
