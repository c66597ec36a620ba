//! Value parsers for the simpler fields: warnings, tag lists, character lists, and
//! the provenance wording shared by `extract`. Author names are read in
//! [`super::authors`].

use crate::document::raw::{Origin, RawField};

use super::normalize::collapse_spaces;

/// AO3 archive warnings in their canonical spelling, by lookup key.
const ARCHIVE_WARNINGS: &[(&str, &str)] = &[
    (
        "creator chose not to use archive warnings",
        "Creator Chose Not To Use Archive Warnings",
    ),
    (
        "choose not to use archive warnings",
        "Creator Chose Not To Use Archive Warnings",
    ),
    (
        "chose not to use archive warnings",
        "Creator Chose Not To Use Archive Warnings",
    ),
    ("no archive warnings apply", "No Archive Warnings Apply"),
    (
        "graphic depictions of violence",
        "Graphic Depictions Of Violence",
    ),
    ("major character death", "Major Character Death"),
    ("rape/non-con", "Rape/Non-Con"),
    ("rape/noncon", "Rape/Non-Con"),
    ("rape/non con", "Rape/Non-Con"),
    ("underage", "Underage Sex"),
    ("underage sex", "Underage Sex"),
];

pub(crate) fn archive_warning(text: &str) -> Option<&'static str> {
    let key = collapse_spaces(&text.trim().trim_end_matches('.').to_lowercase());
    ARCHIVE_WARNINGS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| *v)
}

/// The warnings one warning field states: AO3 archive warnings in canonical
/// spelling; anything else as written (one trailing period dropped, so
/// `Slash content.` is `Slash content`). A comma list is split only when every
/// item is an archive warning, so free text with commas stays whole.
///
/// ```
/// use ficread::meta::fields::warnings;
/// assert_eq!(warnings(&["graphic depictions of violence, Underage".into()]),
///            ["Graphic Depictions Of Violence", "Underage Sex"]);
/// assert_eq!(warnings(&["Slash content.".into()]), ["Slash content"]);
/// ```
pub fn warnings(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |w: String| {
        if !w.is_empty() && !out.contains(&w) {
            out.push(w);
        }
    };
    for value in values {
        let items: Vec<&str> = value.split(',').collect();
        if items.len() > 1 && items.iter().all(|i| archive_warning(i).is_some()) {
            for item in items {
                push(archive_warning(item).unwrap_or_default().to_owned());
            }
        } else if let Some(canonical) = archive_warning(value) {
            push(canonical.to_owned());
        } else {
            push(free_text_warning(value));
        }
    }
    out
}

fn free_text_warning(value: &str) -> String {
    let trimmed = collapse_spaces(value);
    match trimmed.strip_suffix('.') {
        Some(stem) if !stem.ends_with('.') => stem.to_owned(),
        _ => trimmed,
    }
}

/// Items of a list field: itemised values as they are, otherwise split on `,` and
/// `;` (FFN bracket groups `[A, B]` are opened up). Trimmed, empty items dropped.
pub(crate) fn list_items(field: &RawField) -> Vec<String> {
    let mut items = Vec::new();
    for value in &field.values {
        if field.itemised {
            items.push(collapse_spaces(value));
        } else {
            for item in value.split([',', ';', '[', ']']) {
                items.push(collapse_spaces(item));
            }
        }
    }
    items.retain(|i| !i.is_empty());
    items
}

/// Trust order of origins, most trusted first: a calibre database, labelled
/// fields, container metadata, loose header lines, footers.
pub(crate) fn origin_rank(origin: Origin) -> u8 {
    match origin {
        Origin::Calibre => 0,
        Origin::Field => 1,
        Origin::Container => 2,
        Origin::Loose => 3,
        Origin::Footer => 4,
    }
}

/// Where a field's value came from, for `StoryMeta::provenance`:
/// `field "Title:" (line 3)`, `byline (line 3)`, `archive footer (line 293)`.
pub(crate) fn describe(field: &RawField) -> String {
    let line = line_suffix(field);
    match field.origin {
        Origin::Field => format!("field \"{}:\"{line}", field.label),
        Origin::Container => format!("container {}{line}", field.label),
        Origin::Calibre => format!("calibre {}", field.label),
        Origin::Loose | Origin::Footer => format!("{}{line}", field.label),
    }
}

/// The same field named as a source of evidence: `the disclaimer (line 5)`.
pub(crate) fn describe_as_source(field: &RawField) -> String {
    let label = field.label.to_lowercase();
    let article = if label.starts_with("the ") {
        ""
    } else {
        "the "
    };
    format!("{article}{label}{}", line_suffix(field))
}

fn line_suffix(field: &RawField) -> String {
    field
        .line
        .map(|l| format!(" (line {l})"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::raw::FieldKey;

    #[test]
    fn warning_values() {
        let cases: &[(&str, &[&str])] = &[
            ("Slash content.", &["Slash content"]),
            (
                "There may have been some crack involved when we wrote this ;)",
                &["There may have been some crack involved when we wrote this ;)"],
            ),
            (
                "Choose Not To Use Archive Warnings",
                &["Creator Chose Not To Use Archive Warnings"],
            ),
            ("No Archive Warnings Apply", &["No Archive Warnings Apply"]),
            ("Rape/Non-con", &["Rape/Non-Con"]),
            (
                "Major Character Death, Graphic Depictions of Violence",
                &["Major Character Death", "Graphic Depictions Of Violence"],
            ),
            (
                "Violence, and lots of it...",
                &["Violence, and lots of it..."],
            ),
            ("", &[]),
        ];
        for (value, want) in cases {
            assert_eq!(
                warnings(&[(*value).to_owned()]),
                *want,
                "warnings({value:?})"
            );
        }
    }

    #[test]
    fn provenance_wording() {
        let field = RawField::new(FieldKey::Title, "Title", "His Hero", Origin::Field).at_line(3);
        assert_eq!(describe(&field), "field \"Title:\" (line 3)");
        let byline = RawField::new(FieldKey::Author, "byline", "Annie", Origin::Loose).at_line(3);
        assert_eq!(describe(&byline), "byline (line 3)");
        let disclaimer =
            RawField::new(FieldKey::Disclaimer, "Disclaimer", "x", Origin::Field).at_line(5);
        assert_eq!(describe_as_source(&disclaimer), "the disclaimer (line 5)");
    }
}
