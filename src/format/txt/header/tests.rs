use super::super::layout;
use super::*;

fn header_of(text: &str) -> Header {
    let lines = layout::split(text);
    read(&lines, layout::detect(&lines))
}

fn summary(header: &Header) -> Vec<(FieldKey, &str, String, Origin, usize)> {
    header
        .fields
        .iter()
        .map(|f| {
            (
                f.key,
                f.label.as_str(),
                f.joined(),
                f.origin,
                f.line.unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn title_summary_body() {
    let h = header_of(
        "Smallville Glory\n\nSummary: *COA* Glory.\n\nDisclaimer: Not mine.\n\nStaring in horror, none of them moved.\n",
    );
    assert_eq!(h.body_start, 6);
    assert_eq!(
        summary(&h),
        [
            (
                FieldKey::Title,
                "title line",
                "Smallville Glory".into(),
                Origin::Loose,
                1
            ),
            (
                FieldKey::Summary,
                "Summary",
                "*COA* Glory.".into(),
                Origin::Field,
                3
            ),
            (
                FieldKey::Disclaimer,
                "Disclaimer",
                "Not mine.".into(),
                Origin::Field,
                5
            ),
        ]
    );
}

#[test]
fn no_header_at_all() {
    let h = header_of("Buffy ran. She ran fast.\n\nThen she stopped.\n");
    assert_eq!(h.body_start, 0);
    assert!(h.fields.is_empty());
    // A first line that reads like prose stays in the body even when short.
    let h = header_of("I underestimated. Everything.\n\nSure, I got what I wanted.\n");
    assert_eq!(h.body_start, 0);
}

#[test]
fn first_chapter_heading_is_not_a_title() {
    let h = header_of("Chapter 1\n\nIt began.\n");
    assert_eq!(h.body_start, 0);
    assert!(h.fields.is_empty());
}

#[test]
fn title_then_prose() {
    let h = header_of("My Story\n\nBuffy walked into the Bronze and looked around.\n");
    assert_eq!(h.body_start, 2);
    assert_eq!(h.fields.len(), 1);
}

#[test]
fn gutenberg_title_pages() {
    let h = header_of(
        "Persuasion\n\n\nby\n\nJane Austen\n\n(1818)\n\n\n\n\nChapter 1\n\n\nSir Walter Elliot, of Kellynch Hall.\n",
    );
    assert_eq!(
        summary(&h),
        [
            (
                FieldKey::Title,
                "title line",
                "Persuasion".into(),
                Origin::Loose,
                1
            ),
            (
                FieldKey::Author,
                "byline",
                "Jane Austen".into(),
                Origin::Loose,
                6
            ),
            (
                FieldKey::Published,
                "date line",
                "(1818)".into(),
                Origin::Loose,
                8
            ),
        ]
    );
    assert_eq!(h.body_start, 12);
}

#[test]
fn script_lines_are_not_fields() {
    let h = header_of("Title: X\n\nLex: \"Let's talk.\"\n\nClark: \"No.\"\n");
    assert_eq!(h.fields.len(), 1);
    assert_eq!(h.body_start, 2);
}

#[test]
fn header_note_between_header_lines() {
    let h = header_of(
        "Title: X\nAuthor: Y\nSome unlabelled remark about the fic\nRating: G\n\nBody text starts here and goes on.\n",
    );
    let got = summary(&h);
    assert_eq!(
        got[2],
        (
            FieldKey::Note,
            "header note",
            "Some unlabelled remark about the fic".into(),
            Origin::Loose,
            3
        )
    );
    assert_eq!(h.body_start, 5);
}

#[test]
fn header_is_capped() {
    let mut text = String::new();
    for i in 0..60 {
        text.push_str("Note: line ");
        text.push_str(&i.to_string());
        text.push('\n');
    }
    let h = header_of(&text);
    assert_eq!(h.body_start, MAX_HEADER_LINES);
}
