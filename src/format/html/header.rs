//! The `Title: … / Author: … / Pairing: …` header block that opens many fic posts
//! (LiveJournal, Dreamwidth, personal sites; FORMATS §3.7, §8.3). Only whitelisted
//! keys count, so a body line like `Lex: "…"` never becomes a field.

use super::fields::clean_value;
use super::flow::{Item, TextKind};
use crate::document::raw::Origin;
use crate::document::{FieldKey, RawField, RawMeta};

/// Maps a header key as written (`Pairings (if applicable)`, `Warning`) to a field.
// Narrower than `format::txt`'s table on purpose: on a journal page, lines such as
// `Tags:`, `Posted:` or `Link:` near the entry belong to the site, not to the story.
pub fn key_for(label: &str) -> Option<FieldKey> {
    let mut key = label.trim().to_lowercase();
    for suffix in ["(if applicable)", "(s)"] {
        if let Some(stripped) = key.strip_suffix(suffix) {
            key = stripped.trim().to_owned();
        }
    }
    let key = key.replace('’', "'");
    let field = match key.as_str() {
        "title" => FieldKey::Title,
        "author" | "authors" | "by" | "writer" => FieldKey::Author,
        "fandom" | "fandoms" | "crossover" => FieldKey::Fandom,
        "pairing" | "pairings" | "relationship" | "relationships" | "ship" | "ships" | "couple" => {
            FieldKey::Relationship
        }
        "character" | "characters" => FieldKey::Character,
        "rating" | "rated" => FieldKey::Rating,
        "warning" | "warnings" | "content warning" | "content warnings" => FieldKey::Warning,
        "summary" | "description" => FieldKey::Summary,
        "disclaimer" => FieldKey::Disclaimer,
        "spoilers" | "spoiler" | "author's note" | "author's notes" | "authors note" | "a/n"
        | "an" | "note" | "notes" | "beta" | "beta reader" | "dedication" | "feedback"
        | "challenge" | "prompt" | "timeline" | "setting" | "content/notes" => FieldKey::Note,
        "word count" | "words" | "length" | "wordcount" => FieldKey::Words,
        "chapters" => FieldKey::Chapters,
        "status" => FieldKey::Status,
        "genre" | "genres" | "category" | "categories" => FieldKey::Category,
        "series" | "part" => FieldKey::Series,
        "language" => FieldKey::Language,
        _ => return None,
    };
    Some(field)
}

/// Splits `Key: value` (or `Warning; value`) when the key is whitelisted.
pub fn parse_line(line: &str) -> Option<(FieldKey, String, String)> {
    let (label, value) = split_line(line)?;
    if line.contains(';') && !line.contains(':') && !label.to_lowercase().starts_with("warning") {
        return None;
    }
    let key = key_for(label)?;
    Some((key, clean_value(label), clean_value(value)))
}

/// Most chars a field label may have after its first letter.
const LABEL_MAX: usize = 40;

/// A line's label and value, as `^\s*([A-Za-z][A-Za-z'’()/ ]{0,40}?)\s*[:;]\s*(.*)$`
/// would capture them ([`LINE`] in the tests holds it to that), without compiling
/// the pattern: every paragraph of a book's first pages is asked.
fn split_line(line: &str) -> Option<(&str, &str)> {
    let start = line.trim_start();
    let first = start.chars().next().filter(char::is_ascii_alphabetic)?;
    let mut end = first.len_utf8();
    // The label is lazy: the shortest that a separator and a one-line value follow.
    for extra in 0..=LABEL_MAX {
        let rest = start.get(end..)?;
        if let Some(value) = value_after_label(rest) {
            return Some((start.get(..end)?, value));
        }
        match rest.chars().next() {
            Some(c) if extra < LABEL_MAX && is_label_char(c) => end += c.len_utf8(),
            _ => return None,
        }
    }
    None
}

fn is_label_char(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\'' | '’' | '(' | ')' | '/' | ' ')
}

/// `\s*[:;]\s*(.*)$` at the start of `rest`: the value, which `.` keeps to one line.
fn value_after_label(rest: &str) -> Option<&str> {
    let value = rest.trim_start().strip_prefix([':', ';'])?.trim_start();
    (!value.contains('\n')).then_some(value)
}

/// The author of a `by Annie` line (short, no sentence punctuation).
pub fn byline(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix("by ")
        .or_else(|| line.strip_prefix("By "))
        .or_else(|| line.strip_prefix("BY "))?
        .trim();
    let plausible = !rest.is_empty()
        && rest.chars().count() <= 60
        && !rest.ends_with(['.', '!', '?', ',', ';', ':']);
    plausible.then_some(rest)
}

/// Longest header block looked at, in lines.
const MAX_HEADER_LINES: usize = 30;

/// Takes the header block off the front of `items` (the first chapter's text) and
/// records its fields. The block is the leading run of field lines, optionally after
/// one unlabelled title line; it ends at the first other line. Returns how many
/// items were consumed.
pub fn take_header(items: &[Item], raw: &mut RawMeta) -> usize {
    let mut fields = Vec::new();
    let mut title_line: Option<String> = None;
    let mut consumed = 0;
    for (index, item) in items.iter().enumerate().take(MAX_HEADER_LINES) {
        let Item::Text { text, kind, .. } = item else {
            // A rule right after the header belongs to it.
            if !fields.is_empty() {
                consumed = index + 1;
            }
            break;
        };
        if let Some((key, label, value)) = parse_line(&text.text) {
            if value.is_empty() && key != FieldKey::Note {
                // `Summary:` alone: the value is the next line.
                fields.push((key, label, String::new()));
            } else {
                fields.push((key, label, value));
            }
            consumed = index + 1;
            continue;
        }
        if let Some(last) = fields.last_mut()
            && last.2.is_empty()
            && matches!(kind, TextKind::Paragraph)
        {
            last.2 = clean_value(&text.text);
            consumed = index + 1;
            continue;
        }
        let looks_like_title = text.text.chars().count() <= 120
            && !text.text.ends_with(['.', '!', '?', ',', ';', '"', '”']);
        if index == 0 && looks_like_title {
            title_line = Some(text.text.to_string());
            continue;
        }
        break;
    }
    if fields.is_empty() {
        return 0;
    }
    let has_title = fields.iter().any(|(k, ..)| *k == FieldKey::Title);
    if let Some(title) = title_line
        && !has_title
    {
        raw.push(RawField::new(
            FieldKey::Title,
            "title line",
            title,
            Origin::Loose,
        ));
    }
    for (key, label, value) in fields {
        if !value.is_empty() {
            raw.push(RawField::new(key, label, value, Origin::Field));
        }
    }
    consumed
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use regex::Regex;

    use super::*;
    use crate::document::RichText;

    /// The pattern [`split_line`] stands for.
    static LINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*([A-Za-z][A-Za-z'’()/ ]{0,40}?)\s*[:;]\s*(.*)$").expect("valid regex")
    });

    #[test]
    fn the_line_scanner_agrees_with_the_pattern() {
        let words = [
            "Rating",
            "Warning",
            "Summary",
            "Author's Note",
            "Pairing(s)",
            "A/B",
            ":",
            ";",
            " ",
            "\n",
            "’",
            "'",
            "(",
            ")",
            "/",
            "x",
            "é",
            "\u{A0}",
        ];
        let long = format!("{}: x", "a".repeat(41));
        let longest = format!("{}: x", "a".repeat(42));
        let lines = [
            "Rating: T",
            "  Warning; none",
            "Title :\n value",
            "Title: a\nb",
            "Summary:",
            long.as_str(),
            longest.as_str(),
            "Fandom ’s: x",
            "A: b: c",
        ];
        let owned = |pair: Option<(&str, &str)>| pair.map(|(a, b)| (a.to_owned(), b.to_owned()));
        crate::format::exact::check::agree(
            &words,
            &lines,
            |line| owned(split_line(line)),
            |line| {
                let caps = LINE.captures(line);
                owned(
                    caps.as_ref()
                        .and_then(|c| Some((c.get(1)?.as_str(), c.get(2)?.as_str()))),
                )
            },
        );
    }

    #[test]
    fn whitelisted_keys_only() {
        let cases = [
            ("Title: His Hero", Some(FieldKey::Title)),
            (
                "Pairings (if applicable): Canon (Clark/Lana)",
                Some(FieldKey::Relationship),
            ),
            ("Character(s): Buffy", Some(FieldKey::Character)),
            ("WARNING: crack", Some(FieldKey::Warning)),
            ("Warning; Slash content.", Some(FieldKey::Warning)),
            ("Author's Note: hi", Some(FieldKey::Note)),
            ("Word Count: 3,500", Some(FieldKey::Words)),
            ("Lex: \"Clark.\"", None),
            (
                "Help Wanted: A Buffy the Vampire Slayer/Smallville Crossover",
                None,
            ),
            ("He said; she said", None),
            ("no colon here", None),
        ];
        for (line, want) in cases {
            assert_eq!(parse_line(line).map(|f| f.0), want, "{line}");
        }
    }

    fn line(text: &str) -> Item {
        Item::Text {
            text: RichText::plain(text),
            kind: TextKind::Paragraph,
            blank_before: 0,
        }
    }

    #[test]
    fn header_block_is_taken() {
        let items = vec![
            line("His Hero"),
            line("Author: hils"),
            line("Rating: G"),
            line("Summary:"),
            line("Clark has a hero."),
            Item::Rule,
            line("Lex: \"Clark.\""),
        ];
        let mut raw = RawMeta::default();
        assert_eq!(take_header(&items, &mut raw), 6);
        let keys: Vec<FieldKey> = raw.fields.iter().map(|f| f.key).collect();
        assert_eq!(
            keys,
            [
                FieldKey::Title,
                FieldKey::Author,
                FieldKey::Rating,
                FieldKey::Summary
            ]
        );
        assert_eq!(raw.fields[3].values, ["Clark has a hero."]);
    }

    #[test]
    fn bylines() {
        assert_eq!(byline("by Annie"), Some("Annie"));
        assert_eq!(
            byline("By hils and lexalicious70"),
            Some("hils and lexalicious70")
        );
        assert_eq!(byline("by the time he arrived, it was over."), None);
        assert_eq!(byline("bypass"), None);
    }

    #[test]
    fn no_fields_no_header() {
        let items = vec![line("Once upon a time."), line("Title: not a header now")];
        let mut raw = RawMeta::default();
        assert_eq!(take_header(&items, &mut raw), 0);
        assert!(raw.fields.is_empty());
    }
}
