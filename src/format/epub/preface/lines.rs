//! The top of a page read line by line: a title heading, a `by Author` line,
//! `Label: value` lines, and labels whose value follows (`Summary:` then its
//! paragraphs), up to AO3's `Chapter Text` landmark when there is one.

use super::{is_landmark, paragraph_label};
use crate::document::raw::Origin;
use crate::document::{FieldKey, RawField, RawMeta};
use crate::format::html::fields::clean_value;
use crate::format::html::flow::{Item, TextKind};
use crate::format::html::{ao3, fff, header};

/// Lines looked at from the top of the page.
const MAX_PREFACE_LINES: usize = 80;

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

/// Reads the top of a page line by line (see the module doc).
pub(super) fn read(items: &[Item]) -> Lines {
    let landmark = items
        .iter()
        .take(MAX_PREFACE_LINES)
        .position(|item| matches!(item, Item::Text { text, .. } if is_landmark(&text.text)));
    let limit = landmark.unwrap_or_else(|| items.len().min(MAX_PREFACE_LINES));
    let mut lines = Lines {
        landmark,
        ..Lines::default()
    };
    let mut pending: Pending = None;
    let mut consumed = 0;
    let mut first_text = true;
    for (index, item) in items.iter().enumerate().take(limit) {
        let Item::Text { text, kind, .. } = item else {
            // A rule or a chapter mark after fields ends the block with it.
            if lines.labelled > 0 {
                consumed = index + 1;
                if landmark.is_none() {
                    break;
                }
            }
            continue;
        };
        let line = text.text.trim();
        let at_top = std::mem::replace(&mut first_text, false);
        if let Some((key, label)) = paragraph_label(line).filter(|_| !line.contains(": ")) {
            flush(&mut pending, &mut lines.fields);
            pending = Some((key, label, Vec::new()));
            lines.labelled += 1;
            consumed = index + 1;
            continue;
        }
        if let Some(found) = field_line(line) {
            // Alone, a label that names nothing proves nothing.
            if found == LabelLine::Neutral && lines.labelled == 0 {
                if landmark.is_some() {
                    continue;
                }
                break;
            }
            flush(&mut pending, &mut lines.fields);
            consumed = index + 1;
            read_label_line(found, &mut lines, &mut pending);
            continue;
        }
        if let Some((_, _, value)) = &mut pending {
            let open = landmark.is_some() || *kind == TextKind::Note;
            if open || value.len() < MAX_LOOSE_VALUE_LINES {
                value.push(line.to_owned());
                consumed = index + 1;
                continue;
            }
        }
        if let Some(author) =
            header::byline(line).filter(|_| lines.labelled == 0 || landmark.is_some())
        {
            lines.fields.push(RawField {
                key: FieldKey::Author,
                label: "byline".to_owned(),
                values: vec![author.to_owned()],
                itemised: false,
                origin: Origin::Loose,
                line: None,
            });
            consumed = index + 1;
            continue;
        }
        if at_top && matches!(kind, TextKind::Heading(_)) {
            lines.fields.push(RawField::new(
                FieldKey::Title,
                "preface heading",
                line,
                Origin::Loose,
            ));
            consumed = index + 1;
            continue;
        }
        if landmark.is_some() {
            // Everything above the landmark is preface, read or not.
            continue;
        }
        break;
    }
    flush(&mut pending, &mut lines.fields);
    lines.cut = match landmark {
        Some(at) => at + 1,
        None if lines.labelled > 0 => consumed,
        None => 0,
    };
    lines
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
