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
mod tests;
