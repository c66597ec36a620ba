//! Untyped subject lists (an EPUB's `dc:subject`, when the book has no typed tag page:
//! calibre-made and generic EPUBs) carry fandoms, pairings and ratings mixed with
//! genres. When the book states no fandom, relationship or rating otherwise, the
//! subjects that are recognisably one become a typed field of that kind; the rest
//! stay tags. AO3 and FanFicFare books never get here: their own pages are typed.

use std::borrow::Cow;

use crate::document::raw::{FieldKey, Origin, RawField, RawMeta};
use crate::meta::{Aliases, RatingLevel};

/// The label the EPUB reader gives subject lists.
const SUBJECT_LABEL: &str = "dc:subject";

/// `raw` with typed fields added from its untyped subjects, when that adds anything.
pub(super) fn typed<'r>(raw: &'r RawMeta, aliases: &Aliases) -> Cow<'r, RawMeta> {
    let subjects: Vec<&str> = raw
        .fields
        .iter()
        .filter(|f| {
            f.key == FieldKey::Tag && f.label == SUBJECT_LABEL && f.origin == Origin::Container
        })
        .flat_map(|f| f.values.iter().map(String::as_str))
        .collect();
    if subjects.is_empty() {
        return Cow::Borrowed(raw);
    }
    let stated = |key: FieldKey| raw.get(key).next().is_some();
    let mut fandoms = Vec::new();
    let mut relationships = Vec::new();
    let mut rating = None;
    for subject in subjects {
        if !stated(FieldKey::Rating) && rating.is_none() && RatingLevel::parse(subject).is_some() {
            rating = Some(subject.to_owned());
        } else if !stated(FieldKey::Fandom) && aliases.is_known_fandom(subject) {
            fandoms.push(subject.to_owned());
        } else if !stated(FieldKey::Relationship)
            && (subject.contains('/') || subject.contains('&'))
            && aliases
                .parse_relationship(subject)
                .is_some_and(|rel| rel.characters.iter().any(|c| aliases.is_known_character(c)))
        {
            relationships.push(subject.to_owned());
        }
    }
    if fandoms.is_empty() && relationships.is_empty() && rating.is_none() {
        return Cow::Borrowed(raw);
    }
    let mut typed = raw.clone();
    let mut add = |key: FieldKey, values: Vec<String>| {
        if !values.is_empty() {
            typed.push(RawField {
                key,
                label: SUBJECT_LABEL.to_owned(),
                values,
                itemised: true,
                origin: Origin::Container,
                line: None,
            });
        }
    };
    add(FieldKey::Fandom, fandoms);
    add(FieldKey::Relationship, relationships);
    add(FieldKey::Rating, rating.into_iter().collect());
    Cow::Owned(typed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subjects(values: &[&str]) -> RawMeta {
        let mut raw = RawMeta::default();
        raw.push(RawField {
            key: FieldKey::Tag,
            label: SUBJECT_LABEL.to_owned(),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
            itemised: true,
            origin: Origin::Container,
            line: None,
        });
        raw
    }

    #[test]
    fn subjects_become_fandoms_pairings_and_a_rating() {
        let aliases = Aliases::builtin();
        let raw = subjects(&[
            "Stargate SG-1",
            "Buffy the Vampire Slayer",
            "Clark Kent/Lex Luthor",
            "Hurt/Comfort",
            "F/M",
            "Teen And Up Audiences",
            "Angst",
        ]);
        let typed = typed(&raw, &aliases);
        let of = |key: FieldKey| -> Vec<String> {
            typed.get(key).flat_map(|f| f.values.clone()).collect()
        };
        assert_eq!(
            of(FieldKey::Fandom),
            ["Stargate SG-1", "Buffy the Vampire Slayer"]
        );
        assert_eq!(of(FieldKey::Relationship), ["Clark Kent/Lex Luthor"]);
        assert_eq!(of(FieldKey::Rating), ["Teen And Up Audiences"]);
    }

    #[test]
    fn stated_fields_win_and_plain_tags_stay_tags() {
        let aliases = Aliases::builtin();
        let mut raw = subjects(&["Smallville", "Angst"]);
        raw.push(RawField::new(
            FieldKey::Fandom,
            "Fandom",
            "Harry Potter",
            Origin::Field,
        ));
        assert!(matches!(typed(&raw, &aliases), Cow::Borrowed(_)));
        assert!(matches!(
            typed(&subjects(&["Angst", "Fluff"]), &aliases),
            Cow::Borrowed(_)
        ));
    }
}
