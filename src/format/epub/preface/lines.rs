//! The top of a page read line by line: a title heading, a `by Author` line,
//! `Label: value` lines, and labels whose value follows (`Summary:` then its
//! paragraphs), up to AO3's `Chapter Text` landmark when there is one.

use super::{is_landmark, paragraph_label};
use crate::document::raw::Origin;
use crate::document::{FieldKey, RawField, RawMeta};
use crate::format::html::fields::clean_value;
use crate::format::html::flow::{Item, TextKind};
use crate::format::html::{ao3, fff, header};

/// Lines looked at from the top of the page when there is no landmark.
const MAX_PREFACE_LINES: usize = 80;

/// How far down the page AO3's `Chapter Text` landmark is looked for (a work page's
/// navigation, tag list, summary and notes can run long).
const MAX_LANDMARK_SEARCH: usize = 400;

/// The first field must come within this many lines of the top.
const MAX_LEAD_LINES: usize = 30;

/// Lines of title, byline or navigation allowed between fields.
const MAX_GAP_LINES: usize = 3;

/// A line this long is prose, whatever its punctuation.
const PROSE_WORDS: usize = 12;

/// Lines a label's value may run to when no landmark or label ends it.
const MAX_LOOSE_VALUE_LINES: usize = 1;

/// Labels downloaders' title pages carry that name no story property (FanFicFare's
/// `Packaged:`, AO3's counters): part of the preface, read as nothing.
const NEUTRAL_LABELS: &[&str] = &[
    "packaged",
    "publisher",
    "author url",
    "series url",
    "site",
    "source",
    "reviews",
    "favs",
    "follows",
    "kudos",
    "hits",
    "bookmarks",
    "comments",
    "collections",
    "story id",
    "downloaded",
    "ebook created by",
];

/// What the lines at the top of a page say.
#[derive(Debug, Default)]
pub(super) struct Lines {
    pub fields: Vec<RawField>,
    /// Labelled lines read (title headings and bylines not counted).
    pub labelled: usize,
    /// The items the preface covers.
    pub cut: usize,
    /// Where the `Chapter Text` landmark is.
    pub landmark: Option<usize>,
}

/// A label whose value follows on the next lines: (key, label, lines so far).
type Pending = Option<(FieldKey, String, Vec<String>)>;

/// What one item at the top of a page is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Line<'a> {
    /// A label whose paragraphs follow (`Summary:`).
    Label(FieldKey, String),
    /// `Label: value`.
    Field(LabelLine),
    /// `by Author`.
    Byline(&'a str),
    /// A heading.
    Heading(&'a str),
    /// A line of an author's note (a blockquote after a notes label).
    Note(&'a str),
    /// Anything else.
    Other(&'a str),
    /// A rule or a chapter mark.
    Break,
}

fn classify(item: &Item) -> Line<'_> {
    let Item::Text { text, kind, .. } = item else {
        return Line::Break;
    };
    let line = text.text.trim();
    if let Some((key, label)) = paragraph_label(line).filter(|_| !line.contains(": ")) {
        return Line::Label(key, label);
    }
    if let Some(found) = field_line(line) {
        return Line::Field(found);
    }
    if let Some(author) = header::byline(line) {
        return Line::Byline(author);
    }
    match kind {
        TextKind::Heading(_) => Line::Heading(line),
        TextKind::Note => Line::Note(line),
        TextKind::Paragraph => Line::Other(line),
    }
}

/// Whether a line opens or continues a block of fields.
fn is_field(line: &Line<'_>) -> bool {
    matches!(line, Line::Label(..))
        || matches!(line, Line::Field(found) if *found != LabelLine::Neutral)
}

/// A line that reads like story: a sentence, not a button or a heading.
fn is_prose(text: &str) -> bool {
    let words = text.split_whitespace().count();
    words >= PROSE_WORDS || (words >= 5 && text.ends_with(['.', '!', '?', '"', '”']))
}

/// Reads the top of a page line by line (see the module doc). With AO3's landmark,
/// everything above it is preface; without, the preface is a block of fields that
/// starts within the first [`MAX_LEAD_LINES`] lines (after a title, a byline or site
/// navigation, never after prose) and ends at the first line that is neither a field,
/// a label's value, nor a short gap before more fields.
pub(super) fn read(items: &[Item]) -> Lines {
    let landmark = items
        .iter()
        .take(MAX_LANDMARK_SEARCH)
        .position(|item| matches!(item, Item::Text { text, .. } if is_landmark(&text.text)));
    let lines: Vec<Line<'_>> = items
        .iter()
        .take(landmark.unwrap_or(MAX_PREFACE_LINES))
        .map(classify)
        .collect();
    let mut out = Lines {
        landmark,
        ..Lines::default()
    };
    let start = if landmark.is_some() {
        0
    } else {
        let Some(first) = lines.iter().take(MAX_LEAD_LINES).position(is_field) else {
            return out;
        };
        let lead_is_prose = lines.iter().take(first).any(|line| match line {
            Line::Other(text) | Line::Note(text) => is_prose(text),
            _ => false,
        });
        if lead_is_prose {
            return out;
        }
        first
    };
    // The lead: a title heading and a byline before the fields.
    for line in lines.iter().take(start) {
        match line {
            Line::Heading(text) if !has_title(&out) => push_title(&mut out, text),
            Line::Byline(author) => push_byline(&mut out, author),
            _ => {}
        }
    }
    let mut pending: Pending = None;
    let mut consumed = start;
    let mut index = start;
    while let Some(line) = lines.get(index) {
        index += 1;
        match line {
            Line::Label(key, label) => {
                flush(&mut pending, &mut out.fields);
                pending = Some((*key, label.clone(), Vec::new()));
                out.labelled += 1;
            }
            Line::Field(LabelLine::Neutral) if out.labelled == 0 && landmark.is_none() => break,
            Line::Field(found) => {
                flush(&mut pending, &mut out.fields);
                read_label_line(found.clone(), &mut out, &mut pending);
            }
            Line::Break => {
                if landmark.is_none() {
                    consumed = index;
                    break;
                }
            }
            Line::Note(text) | Line::Other(text) | Line::Heading(text) if pending.is_some() => {
                let open = landmark.is_some() || matches!(line, Line::Note(_));
                let value_lines = pending.as_ref().map_or(0, |(_, _, v)| v.len());
                if open || value_lines < MAX_LOOSE_VALUE_LINES {
                    if let Some((_, _, value)) = &mut pending {
                        value.push((*text).to_owned());
                    }
                } else if !gap_before_fields(&lines, index, landmark.is_some()) {
                    break;
                } else {
                    flush(&mut pending, &mut out.fields);
                    read_gap_line(line, &mut out);
                }
            }
            _ => {
                if !gap_before_fields(&lines, index, landmark.is_some()) {
                    break;
                }
                read_gap_line(line, &mut out);
            }
        }
        consumed = index;
    }
    flush(&mut pending, &mut out.fields);
    out.cut = match landmark {
        Some(at) => at + 1,
        None if out.labelled > 0 => consumed,
        None => 0,
    };
    out
}

/// Whether a line that is not a field sits in a short gap before more fields (a
/// title and byline between AO3's tag list and its summary): `next` is the index
/// after it. Above a landmark every line is preface.
fn gap_before_fields(lines: &[Line<'_>], next: usize, landmark: bool) -> bool {
    landmark || lines.iter().skip(next).take(MAX_GAP_LINES).any(is_field)
}

/// A title heading or byline inside the preface.
fn read_gap_line(line: &Line<'_>, out: &mut Lines) {
    match line {
        Line::Heading(text) if !has_title(out) => push_title(out, text),
        Line::Byline(author) => push_byline(out, author),
        _ => {}
    }
}

fn has_title(out: &Lines) -> bool {
    out.fields.iter().any(|f| f.key == FieldKey::Title)
}

fn push_title(out: &mut Lines, text: &str) {
    out.fields.push(RawField::new(
        FieldKey::Title,
        "preface heading",
        text,
        Origin::Loose,
    ));
}

fn push_byline(out: &mut Lines, author: &str) {
    out.fields.push(RawField::new(
        FieldKey::Author,
        "byline",
        author,
        Origin::Loose,
    ));
}

fn read_label_line(found: LabelLine, lines: &mut Lines, pending: &mut Pending) {
    match found {
        LabelLine::Field(key, label, value) => {
            lines.labelled += 1;
            if value.is_empty() {
                *pending = Some((key, label, Vec::new()));
            } else {
                lines
                    .fields
                    .push(RawField::new(key, label, value, Origin::Field));
            }
        }
        LabelLine::Stats(value) => {
            lines.labelled += 1;
            let mut stats = RawMeta::default();
            ao3::read_stats(&value, &mut stats);
            lines.fields.extend(stats.fields);
        }
        LabelLine::Neutral => {}
    }
}

/// What a `Label: value` line in a preface is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum LabelLine {
    /// A field (its value may follow on the next lines when empty here).
    Field(FieldKey, String, String),
    /// AO3's `Stats:` line: several fields in one value.
    Stats(String),
    /// A label that names no story property.
    Neutral,
}

/// A `Label: value` line with a label a preface uses: the header block's keys plus
/// AO3's and FanFicFare's.
fn field_line(line: &str) -> Option<LabelLine> {
    if let Some((key, label, value)) = header::parse_line(line) {
        return Some(LabelLine::Field(key, label, value));
    }
    let (label, value) = line.split_once(':')?;
    let label = label.trim();
    if label.is_empty() || label.len() > 40 {
        return None;
    }
    let lower = label.to_lowercase();
    if lower == "stats" {
        return Some(LabelLine::Stats(clean_value(value)));
    }
    if NEUTRAL_LABELS.contains(&lower.as_str()) {
        return Some(LabelLine::Neutral);
    }
    let key = ao3::tag_key(label).or_else(|| fff::label_key(label))?;
    Some(LabelLine::Field(
        key,
        clean_value(label),
        clean_value(value),
    ))
}

fn flush(pending: &mut Pending, fields: &mut Vec<RawField>) {
    let Some((key, label, value)) = pending.take() else {
        return;
    };
    let value: Vec<String> = value.into_iter().filter(|v| !v.is_empty()).collect();
    if value.is_empty() {
        return;
    }
    fields.push(RawField::new(key, label, value.join("\n\n"), Origin::Field));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_lines() {
        assert_eq!(
            field_line("Archive Warning: No Archive Warnings Apply"),
            Some(LabelLine::Field(
                FieldKey::Warning,
                "Archive Warning".to_owned(),
                "No Archive Warnings Apply".to_owned()
            ))
        );
        assert_eq!(field_line("Packaged: 2023-02-11"), Some(LabelLine::Neutral));
        assert_eq!(
            field_line("Stats: Words: 10"),
            Some(LabelLine::Stats("Words: 10".to_owned()))
        );
        assert_eq!(field_line("Lex: \"Clark.\""), None);
        assert_eq!(field_line("no colon"), None);
    }
}
