//! Field lines, inline labels and their scanners against their patterns.

use super::*;
use crate::format::exact::check;

#[test]
fn the_field_line_scanner_answers_as_its_pattern() {
    let pattern =
        Regex::new(r"^([A-Za-z][A-Za-z'’()/ -]{0,40}?)\s*([:;])\s*(.*)$").expect("valid regex");
    let long = |n: usize| format!("A{}: x", "b".repeat(n));
    let built: Vec<String> = (38..=42).map(long).collect();
    let mut lines: Vec<&str> = built.iter().map(String::as_str).collect();
    lines.extend([
        "Title: His Hero",
        "Title : His Hero",
        "Title:His Hero",
        "Title:",
        "Title:\n",
        "Title:\nx",
        "Title\n: x",
        "Author’s Note: x",
        "Pairing(s): A/B",
        "Warnings; none",
        "Rated: T - English",
        "Title\u{A0}: x",
        "Ti\u{A0}tle: x",
        "1Title: x",
        "Title - x: y",
        "Title: a: b",
        "T: x",
        ":x",
        "x",
        "",
    ]);
    let own = |found: Option<(&str, &str, &str)>| {
        found.map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    };
    check::agree(
        &[
            "Title",
            "Author's Note",
            "Pairing(s)",
            ": ",
            ";",
            " ",
            "/",
            "’",
            "\n",
        ],
        &lines,
        |text| own(field_line_parts(text)),
        |text| {
            own(pattern.captures(text).and_then(|caps| {
                Some((
                    caps.get(1)?.as_str(),
                    caps.get(2)?.as_str(),
                    caps.get(3)?.as_str(),
                ))
            }))
        },
    );
}

#[test]
fn inline_splitting_answers_as_its_pattern_alone() {
    let by_pattern = |value: &str| {
        let mut parts = Vec::new();
        let (mut label, mut start) = ("", 0);
        for caps in INLINE_LABEL.captures_iter(value) {
            let (Some(whole), Some(name), Some(sep)) = (caps.get(0), caps.get(1), caps.get(2))
            else {
                continue;
            };
            if sep.as_str() == ";" && !name.as_str().starts_with("Warning") {
                continue;
            }
            parts.push((label.to_owned(), value[start..whole.start()].to_owned()));
            label = name.as_str();
            start = whole.end();
        }
        parts.push((label.to_owned(), value[start..].to_owned()));
        parts
    };
    check::agree(
        &[
            "Rated",
            "Rating",
            "Feedback",
            "Warning",
            "Warnings",
            "Pairing",
            "Pairings",
            "Spoilers",
            "Categories",
            "Category",
            "Characters",
            "Genre",
            "Genres",
            "Chapters",
            "Completed",
            "Word count",
            "Words",
            "Read",
            "Published",
            "Updated",
            "Series",
            "Status",
            "Language",
            "Reviews",
            "Favs",
            "Follows",
            "Hits",
            "Hit Count",
            ": ",
            ";",
            " ",
        ],
        &[
            "PG. Warnings; slash",
            "x Rated: T Words: 100",
            "Word count: 5",
        ],
        |value| {
            split_inline(value)
                .into_iter()
                .map(|(l, v)| (l.to_owned(), v.to_owned()))
                .collect::<Vec<_>>()
        },
        by_pattern,
    );
}

fn fields(text: &str) -> Option<Vec<(FieldKey, String, String)>> {
    parse_field_line(text, 7, false).map(|fields| {
        fields
            .into_iter()
            .map(|f| (f.key, f.label.clone(), f.joined()))
            .collect()
    })
}

#[allow(clippy::unnecessary_wraps)] // Reads better in the table below.
fn one(key: FieldKey, label: &str, value: &str) -> Option<Vec<(FieldKey, String, String)>> {
    Some(vec![(key, label.to_owned(), value.to_owned())])
}

#[test]
fn whitelisted_labels_make_fields() {
    use FieldKey as K;
    let cases = [
        ("Title: His Hero", one(K::Title, "Title", "His Hero")),
        (
            "DISCLAIMER: Not mine.",
            one(K::Disclaimer, "DISCLAIMER", "Not mine."),
        ),
        (
            "Pairing: Clark/Lex",
            one(K::Relationship, "Pairing", "Clark/Lex"),
        ),
        (
            "Author's Note: Set after Chosen.",
            one(K::Note, "Author's Note", "Set after Chosen."),
        ),
        (
            "Author’s Note: curly",
            one(K::Note, "Author’s Note", "curly"),
        ),
        (
            "Note\u{a0}: Crise est une fanfic",
            one(K::Note, "Note", "Crise est une fanfic"),
        ),
        (
            "Pairing(s): Buffy/Spike",
            one(K::Relationship, "Pairing(s)", "Buffy/Spike"),
        ),
        (
            "Pairings (if applicable): Canon",
            one(K::Relationship, "Pairings (if applicable)", "Canon"),
        ),
        (
            "Warning; Slash content.",
            one(K::Warning, "Warning", "Slash content."),
        ),
        ("WARNING: crack ;)", one(K::Warning, "WARNING", "crack ;)")),
        (
            "Summary: *COA* Glory.",
            one(K::Summary, "Summary", "*COA* Glory."),
        ),
        ("Feedback:", Some(vec![])),
        ("Packaged: 2026-11-21", Some(vec![])),
        (
            "Author: [livejournal.com profile] hils",
            one(K::Author, "Author", "hils"),
        ),
        (
            "Completed: Yes",
            one(K::Status, "Completed", "Completed: Yes"),
        ),
        // Not fields:
        (
            "Help Wanted: A Buffy the Vampire Slayer/Smallville Crossover",
            None,
        ),
        ("Lex: \"Let's talk about something you can't deny.\"", None),
        ("Clark: \"Maybe he just knew he could trust me.\"", None),
        ("Summary; semicolons only for warnings", None),
        ("Chapter 1: Prologue", None),
        ("Plain prose without a label.", None),
    ];
    for (input, want) in cases {
        assert_eq!(fields(input), want, "input {input:?}");
    }
}

#[test]
fn inline_fields_are_split() {
    use FieldKey as K;
    let got = fields("Summary: Lex Luthor takes a little trip to the Hellmouth. Rated: R").unwrap();
    assert_eq!(
        got,
        [
            (
                K::Summary,
                "Summary".into(),
                "Lex Luthor takes a little trip to the Hellmouth.".into()
            ),
            (K::Rating, "Rated".into(), "R".into()),
        ]
    );
    let got = fields("Disclaimer: Still not mine. Feedback:").unwrap();
    assert_eq!(
        got,
        [(K::Disclaimer, "Disclaimer".into(), "Still not mine.".into())]
    );
    let got = fields(
        "Chapters: 28 Completed: Yes Word count: 35963 Read: 30744 Published: 07/16/2006 Updated: 01/06/2007",
    )
    .unwrap();
    assert_eq!(
        got,
        [
            (K::Chapters, "Chapters".into(), "28".into()),
            (K::Status, "Completed".into(), "Completed: Yes".into()),
            (K::Words, "Word count".into(), "35963".into()),
            (K::Published, "Published".into(), "07/16/2006".into()),
            (K::Updated, "Updated".into(), "01/06/2007".into()),
        ]
    );
    let got = fields("Categories: NC-17 Fics Characters: None").unwrap();
    assert_eq!(
        got,
        [
            (K::Category, "Categories".into(), "NC-17 Fics".into()),
            (K::Character, "Characters".into(), "None".into()),
        ]
    );
    // Lower-case words and labels without a following space never split.
    let got = fields("Summary: the rating: high, Words:many").unwrap();
    assert_eq!(got.len(), 1);
}

#[test]
fn note_lines_split_trailing_fields() {
    let (note, fields) = split_note_line(
        "Could stand alone, but better to read Fighting Jose, Change of Pace first. Warning; Slash content.",
        8,
        false,
    );
    assert_eq!(
        note,
        "Could stand alone, but better to read Fighting Jose, Change of Pace first."
    );
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].key, FieldKey::Warning);
    assert_eq!(fields[0].values, ["Slash content."]);
    assert_eq!(fields[0].line, Some(8));
}

#[test]
fn fanfiction_net_info_line() {
    use FieldKey as K;
    let got = fields(
        "Rated: Fiction T - English - Romance/Hurt/Comfort - [Clark K., Lex L.] Chloe S. - Chapters: 12 - Words: 45,123 - Reviews: 200 - Status: Complete - id: 1234567",
    )
    .unwrap();
    assert_eq!(
        got,
        [
            (K::Rating, "Rated".into(), "Fiction T".into()),
            (K::Language, "language".into(), "English".into()),
            (K::Category, "genre".into(), "Romance, Hurt/Comfort".into()),
            // Pasted text reads like the saved page: the bracket is a pairing.
            (K::Relationship, "pairing".into(), "Clark K./Lex L.".into()),
            (
                K::Character,
                "characters".into(),
                "Clark K., Lex L., Chloe S.".into()
            ),
            (K::Chapters, "Chapters".into(), "12".into()),
            (K::Words, "Words".into(), "45,123".into()),
            (K::Status, "Status".into(), "Complete".into()),
            (
                K::Url,
                "id".into(),
                "https://www.fanfiction.net/s/1234567".into()
            ),
        ]
    );
}

#[test]
fn fanficfare_category_means_fandoms() {
    let got = parse_field_line("Category: Harry Potter, Furbie", 12, true).unwrap();
    assert_eq!(got[0].key, FieldKey::Fandom);
    let got = parse_field_line("Genre: Comedy, Fantasy", 13, true).unwrap();
    assert_eq!(got[0].key, FieldKey::Category);
}
