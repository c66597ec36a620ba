//! Labelled header fields (FORMATS.md §8.3 rules 2–3): the label whitelist and its
//! mapping onto [`FieldKey`]s, and the splitting of lines that carry several fields
//! (`Summary: … Rated: R`, eFiction's `Chapters: 28 Completed: Yes Word count: …`,
//! fanfiction.net's `Rated: Fiction T - English - … - Status: Complete`).
//!
//! Only whitelisted labels make a field: body script lines (`Lex: "…"`) and title
//! lines (`Help Wanted: A … Crossover`) look just like `Key: value` and must not.
//! Values are cleaned (markup, controls, whitespace) but otherwise left as written,
//! emphasis markers included; empty values are dropped.

use std::sync::LazyLock;

use regex::Regex;

use crate::document::{FieldKey, RawField, raw::Origin};

/// What a recognised label stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Meaning {
    /// A field with this key.
    Field(FieldKey),
    /// Header furniture with no key of its own (`Packaged`, `Author URL`, `Hits`):
    /// part of the header, not emitted.
    Ignored,
}

/// Looks a label up in the whitelist. `fanficfare` switches `Category` to mean
/// fandoms, as FanFicFare's title page uses it.
pub(super) fn label_meaning(label: &str, fanficfare: bool) -> Option<Meaning> {
    use FieldKey as K;
    let key = normalise_label(label);
    let meaning = match key.as_str() {
        "title" | "story title" => Meaning::Field(K::Title),
        "author" | "authors" | "by" | "writer" | "written by" | "creator" => {
            Meaning::Field(K::Author)
        }
        "fandom" | "fandoms" | "crossover" => Meaning::Field(K::Fandom),
        "category" | "categories" if fanficfare => Meaning::Field(K::Fandom),
        "category" | "categories" | "genre" | "genres" | "ao3 categories" => {
            Meaning::Field(K::Category)
        }
        "pairing" | "pairings" | "relationship" | "relationships" | "ship" | "ships" | "couple"
        | "couples" => Meaning::Field(K::Relationship),
        "character" | "characters" => Meaning::Field(K::Character),
        "rating" | "rated" => Meaning::Field(K::Rating),
        "warning" | "warnings" | "content warning" | "content warnings" | "archive warning"
        | "archive warnings" => Meaning::Field(K::Warning),
        "summary" | "description" | "blurb" => Meaning::Field(K::Summary),
        "disclaimer" | "disclaimers" => Meaning::Field(K::Disclaimer),
        "author's note"
        | "author's notes"
        | "authors note"
        | "authors notes"
        | "author note"
        | "author notes"
        | "author's chapter notes"
        | "a/n"
        | "an"
        | "note"
        | "notes"
        | "beta"
        | "betas"
        | "beta reader"
        | "dedication"
        | "challenge"
        | "prompt"
        | "timeline"
        | "setting"
        | "archive"
        | "feedback"
        | "spoilers"
        | "spoiler"
        | "thanks"
        | "prereader"
        | "prereaders"
        | "pre-reader"
        | "pre-readers"
        | "pre-read by"
        | "editor"
        | "editors"
        | "edited by"
        | "proofreader"
        | "proofreaders"
        | "proof-reader"
        | "proofread by"
        | "cover art"
        | "cover art by"
        | "cover artist" => Meaning::Field(K::Note),
        "word count" | "words" | "length" => Meaning::Field(K::Words),
        "chapters" => Meaning::Field(K::Chapters),
        "status" | "completed" | "complete" => Meaning::Field(K::Status),
        "tags" | "tag" | "additional tags" | "freeform tags" => Meaning::Field(K::Tag),
        "series" | "part" => Meaning::Field(K::Series),
        "published" | "posted" => Meaning::Field(K::Published),
        "updated" | "last updated" => Meaning::Field(K::Updated),
        "language" => Meaning::Field(K::Language),
        "story url" | "url" | "link" | "source" => Meaning::Field(K::Url),
        "packaged" | "publisher" | "series url" | "author url" | "comments" | "kudos" | "hits"
        | "bookmarks" | "read" | "reviews" | "favs" | "follows" | "hit count" | "collections"
        | "id" => Meaning::Ignored,
        _ => return None,
    };
    Some(meaning)
}

/// Lower case, typographic apostrophe folded, `(s)` and `(if applicable)` dropped.
fn normalise_label(label: &str) -> String {
    let lower = label.to_lowercase().replace('’', "'");
    let stripped = lower.replace("(if applicable)", "").replace("(s)", "s");
    stripped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `Label: value` (or `Label; value`, which only `Warning;` may use). The label is
/// short and made of letters, spaces and `'()/-`; a no-break space before the colon
/// is French typography (`Note : …`).
/// The label, separator and value of a field line: an exact scanner for
/// `^([A-Za-z][A-Za-z'’()/ -]{0,40}?)\s*([:;])\s*(.*)$`, which has no flag that
/// reaches past ASCII but `\s`, and `\s` is exactly [`char::is_whitespace`]. The
/// label is the shortest that a separator follows; a separator is no label char, so
/// no longer label can reach past it, and a value with a line break fails them all.
fn field_line_parts(text: &str) -> Option<(&str, &str, &str)> {
    let is_label_char = |c: char| c.is_ascii_alphabetic() || "'’()/ -".contains(c);
    if !text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut ends = text.char_indices().skip(1);
    let mut end = 1;
    for _ in 0..=40 {
        let rest = &text[end..];
        let after_gap = rest.trim_start_matches(char::is_whitespace);
        if let Some(after) = after_gap.strip_prefix([':', ';']) {
            let value = after.trim_start_matches(char::is_whitespace);
            return (!value.contains('\n')).then(|| (&text[..end], &after_gap[..1], value));
        }
        match ends.next() {
            Some((at, c)) if is_label_char(c) => end = at + c.len_utf8(),
            _ => return None,
        }
    }
    None
}

/// Parses a whitelisted field line. `Some(fields)` (possibly empty, for an empty
/// value or an ignored label) when the line is a field line, `None` when it is not.
pub(super) fn parse_field_line(text: &str, line: usize, fanficfare: bool) -> Option<Vec<RawField>> {
    if text.len() > 100_000 {
        return None;
    }
    // A label starts with a letter and ends at a colon or semicolon; most lines of
    // prose have neither shape, and never compile the pattern.
    if !text.starts_with(|c: char| c.is_ascii_alphabetic()) || !text.contains([':', ';']) {
        return None;
    }
    let (label, separator, value) = field_line_parts(text)?;
    let label = label.trim();
    let meaning = label_meaning(label, fanficfare)?;
    if separator == ";" && meaning != Meaning::Field(FieldKey::Warning) {
        return None;
    }
    let mut fields = Vec::new();
    if label.eq_ignore_ascii_case("rated") && value.starts_with("Fiction ") && value.contains(" - ")
    {
        split_ffn(value, label, line, &mut fields);
        return Some(fields);
    }
    let mut parts = split_inline(value).into_iter();
    let first = parts.next().map_or("", |(_, v)| v);
    push_field(&mut fields, meaning, label, first, line);
    for (inline_label, inline_value) in parts {
        if let Some(inline_meaning) = label_meaning(inline_label, fanficfare) {
            push_field(
                &mut fields,
                inline_meaning,
                inline_label,
                inline_value,
                line,
            );
        }
    }
    Some(fields)
}

/// Splits an unlabelled header line that ends in inline fields (`… first. Warning;
/// Slash content.`): the text before the first inline label, then the fields.
pub(super) fn split_note_line(
    text: &str,
    line: usize,
    fanficfare: bool,
) -> (String, Vec<RawField>) {
    let mut parts = split_inline(text).into_iter();
    let note = parts.next().map_or(String::new(), |(_, v)| clean_value(v));
    let mut fields = Vec::new();
    for (label, value) in parts {
        if let Some(meaning) = label_meaning(label, fanficfare) {
            push_field(&mut fields, meaning, label, value, line);
        }
    }
    (note, fields)
}

/// Appends a field unless its value is empty or its label is ignored.
pub(super) fn push_field(
    fields: &mut Vec<RawField>,
    meaning: Meaning,
    label: &str,
    value: &str,
    line: usize,
) {
    let Meaning::Field(key) = meaning else {
        return;
    };
    let value = clean_value(value);
    if value.is_empty() {
        return;
    }
    // eFiction's `Completed: Yes` says nothing without its label; keep both.
    let value = if key == FieldKey::Status && normalise_label(label).starts_with("complete") {
        format!("{label}: {value}")
    } else {
        value
    };
    fields.push(RawField::new(key, label, value, Origin::Field).at_line(line));
}

/// A header value made fit for display: markup and controls gone, whitespace
/// collapsed, trimmed; emphasis markers are kept as written.
pub(super) fn clean_value(value: &str) -> String {
    super::super::clean_text(value)
}

/// Labels that may start a second field inside a line. Case-sensitive and
/// capitalised, as they are written: lower-case words in prose never split.
static INLINE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|\s)(Rated|Rating|Feedback|Warnings?|Pairings?|Spoilers|Categories|Category|Characters|Genres?|Chapters|Completed|Word count|Words|Read|Published|Updated|Series|Status|Language|Reviews|Favs|Follows|Hits|Hit Count)\s*([:;])(?:\s|$)",
    )
    .expect("valid regex")
});

/// Words every [`INLINE_LABEL`] label starts with.
const INLINE_WORDS: &[&str] = &[
    "Rat",
    "Feedback",
    "Warning",
    "Pairing",
    "Spoilers",
    "Categor",
    "Characters",
    "Genre",
    "Chapters",
    "Completed",
    "Word",
    "Read",
    "Published",
    "Updated",
    "Series",
    "Status",
    "Language",
    "Reviews",
    "Favs",
    "Follows",
    "Hit",
];

/// Splits a value at inline labels: `[("", head), (label, value), …]`. The head is
/// the text before the first inline label (the primary field's value).
fn split_inline(value: &str) -> Vec<(&str, &str)> {
    // Every label is ASCII and case-sensitive, and a separator follows it: a value
    // without both never compiles the pattern.
    if !value.contains([':', ';']) || !INLINE_WORDS.iter().any(|word| value.contains(word)) {
        return vec![("", value)];
    }
    let mut parts = Vec::new();
    let mut label = "";
    let mut start = 0;
    for caps in INLINE_LABEL.captures_iter(value) {
        let (Some(whole), Some(name), Some(sep)) = (caps.get(0), caps.get(1), caps.get(2)) else {
            continue;
        };
        if sep.as_str() == ";" && !name.as_str().starts_with("Warning") {
            continue;
        }
        parts.push((label, value.get(start..whole.start()).unwrap_or_default()));
        label = name.as_str();
        start = whole.end();
    }
    parts.push((label, value.get(start..).unwrap_or_default()));
    parts
}

/// fanfiction.net's one-line story info, read by the same parser as a saved page's.
fn split_ffn(value: &str, label: &str, line: usize, fields: &mut Vec<RawField>) {
    let mut raw = crate::document::RawMeta::default();
    crate::format::ffn_info::read_info_line(&format!("{label}: {value}"), &mut raw);
    fields.extend(raw.fields.into_iter().map(|field| field.at_line(line)));
}

#[cfg(test)]
mod tests {
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
        let got =
            fields("Summary: Lex Luthor takes a little trip to the Hellmouth. Rated: R").unwrap();
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
}
