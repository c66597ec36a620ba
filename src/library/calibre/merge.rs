//! A calibre book's fields over its file's: what calibre states replaces what the
//! file states about the same thing; the file fills the rest.
//!
//! calibre's Tags column is the flat list FanFicFare fills from
//! `include_subject_tags` (FORMATS §3.4): `FanFiction`, genres, fandoms
//! (`category`), characters, ships, `Last Update: …` and the status. So a tag that
//! is a known fandom, character, relationship, AO3 rating or warning, or a status,
//! is read as that (when nothing better states it) and is no tag; the date tags
//! are dropped.

use std::collections::HashSet;

use crate::document::raw::{FieldKey, Origin, RawField, RawMeta};
use crate::meta::{Aliases, RatingLevel, fields, status};

use super::Book;

/// What one calibre tag turned out to be.
fn classify(tag: &str, aliases: &Aliases) -> Option<FieldKey> {
    let lower = tag.to_lowercase();
    if lower.starts_with("last update") {
        return None;
    }
    let short = tag.split_whitespace().count() <= 3;
    let key = if short && status::from_statement(tag).is_some() {
        FieldKey::Status
    } else if fields::archive_warning(tag).is_some() {
        FieldKey::Warning
    } else if tag.chars().count() >= 5 && RatingLevel::parse(tag).is_some() {
        FieldKey::Rating
    } else if aliases.is_known_fandom(tag) {
        FieldKey::Fandom
    } else if aliases.is_known_character(tag) {
        FieldKey::Character
    } else if (tag.contains('/') || tag.contains('&')) && aliases.parse_relationship(tag).is_some()
    {
        FieldKey::Relationship
    } else {
        FieldKey::Tag
    };
    Some(key)
}

/// Puts `book`'s fields over the file's in `raw`.
pub fn merge(book: &Book, raw: &mut RawMeta, aliases: &Aliases) {
    let stated: HashSet<FieldKey> = book.fields.iter().map(|f| f.key).collect();
    raw.fields.retain(|f| {
        let replaced = stated.contains(&f.key)
            // calibre's tags stand for every untyped list the file has.
            || (f.key == FieldKey::Category && stated.contains(&FieldKey::Tag));
        !replaced
    });
    let mut from_tags: Vec<RawField> = Vec::new();
    for field in &book.fields {
        if field.key != FieldKey::Tag || field.label != "tags" {
            raw.fields.push(field.clone());
            continue;
        }
        for tag in &field.values {
            let Some(key) = classify(tag, aliases) else {
                continue;
            };
            match from_tags.iter_mut().find(|f| f.key == key) {
                Some(existing) => existing.values.push(tag.clone()),
                None => from_tags.push(RawField {
                    key,
                    label: "tags".to_owned(),
                    values: vec![tag.clone()],
                    itemised: true,
                    origin: Origin::Calibre,
                    line: None,
                }),
            }
        }
    }
    for field in from_tags {
        // A typed value found among the tags is weaker than any statement of it.
        if field.key == FieldKey::Tag || !raw.fields.iter().any(|f| f.key == field.key) {
            raw.fields.push(field);
        }
    }
    if let Some(site) = &book.site {
        raw.site = Some(crate::meta::work::canonical_site(site));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(key: FieldKey, label: &str, values: &[&str]) -> RawField {
        RawField {
            key,
            label: label.to_owned(),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
            itemised: true,
            origin: Origin::Calibre,
            line: None,
        }
    }

    #[test]
    fn calibre_replaces_what_it_states_and_tags_are_sorted_out() {
        let aliases = Aliases::builtin();
        let book = Book {
            id: 1,
            last_modified: String::new(),
            files: Vec::new(),
            fields: vec![
                field(FieldKey::Title, "title", &["Calibre Title"]),
                field(
                    FieldKey::Tag,
                    "tags",
                    &[
                        "FanFiction",
                        "Angst",
                        "Smallville",
                        "Completed",
                        "Last Update: 2020/02/03",
                        "Major Character Death",
                        "Teen And Up Audiences",
                        "Clark Kent/Lex Luthor",
                    ],
                ),
                field(
                    FieldKey::Relationship,
                    "#ships",
                    &["Chloe Sullivan & Lois Lane"],
                ),
            ],
            site: Some("www.fanfiction.net".to_owned()),
        };
        let mut raw = RawMeta::default();
        raw.push(RawField::new(
            FieldKey::Title,
            "Title",
            "File Title",
            Origin::Field,
        ));
        raw.push(RawField::new(
            FieldKey::Tag,
            "Genre",
            "Drama",
            Origin::Field,
        ));
        raw.push(RawField::new(
            FieldKey::Rating,
            "Rating",
            "M",
            Origin::Field,
        ));
        raw.push(RawField::new(
            FieldKey::Relationship,
            "Pairing",
            "Clark/Lex",
            Origin::Field,
        ));
        merge(&book, &mut raw, &aliases);
        let values = |key: FieldKey| -> Vec<Vec<String>> {
            raw.get(key).map(|f| f.values.clone()).collect()
        };
        assert_eq!(values(FieldKey::Title), [["Calibre Title"]]);
        assert_eq!(
            values(FieldKey::Tag),
            [["FanFiction", "Angst"]],
            "the file's tags are replaced"
        );
        assert_eq!(values(FieldKey::Fandom), [["Smallville"]]);
        assert_eq!(values(FieldKey::Status), [["Completed"]]);
        assert_eq!(values(FieldKey::Warning), [["Major Character Death"]]);
        assert_eq!(
            values(FieldKey::Rating),
            [["M"]],
            "a stated rating beats a tag"
        );
        assert_eq!(
            values(FieldKey::Relationship),
            [["Chloe Sullivan & Lois Lane"]],
            "the ships column beats both the file and the tags"
        );
        assert_eq!(raw.site.as_deref(), Some("fanfiction.net"));
    }
}
