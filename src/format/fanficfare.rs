//! FanFicFare conventions shared by its TXT, HTML and EPUB output (FORMATS §3.4).
//!
//! FanFicFare writes every list-valued field (`Category`, `Genre`, `Characters`,
//! `Relationships`, `Warnings`, AO3's freeform tags…) as one string joined with
//! `, ` (its default `join_string_*`). The readers keep that string as the value;
//! [`itemise_lists`] turns it back into items so that a warning list such as
//! `Swearing, Violence` is two warnings, exactly as in an AO3 file.

use crate::document::{FieldKey, RawField};

/// Splits the `, `-joined list fields FanFicFare writes into items (marking them
/// itemised). Values holding FFN bracket groups (`[A, B] C`) stay whole: their
/// commas are inside a pairing.
pub fn itemise_lists(fields: &mut [RawField]) {
    for field in fields.iter_mut().filter(|f| is_list(f.key) && !f.itemised) {
        if field.values.iter().any(|v| v.contains('[')) {
            continue;
        }
        let items: Vec<String> = field
            .values
            .iter()
            .flat_map(|v| v.split(','))
            .map(|item| item.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|item| !item.is_empty())
            .collect();
        if !items.is_empty() {
            field.values = items;
            field.itemised = true;
        }
    }
}

fn is_list(key: FieldKey) -> bool {
    matches!(
        key,
        FieldKey::Fandom
            | FieldKey::Category
            | FieldKey::Tag
            | FieldKey::Character
            | FieldKey::Relationship
            | FieldKey::Warning
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::raw::Origin;

    #[test]
    fn lists_become_items() {
        let mut fields = vec![
            RawField::new(
                FieldKey::Warning,
                "Warnings",
                "Swearing, Violence",
                Origin::Field,
            ),
            RawField::new(
                FieldKey::Relationship,
                "Relationships",
                "Harry Potter & Hermione Granger, Harry Potter/Ginny Weasley",
                Origin::Field,
            ),
            RawField::new(
                FieldKey::Character,
                "Characters",
                "[Clark K., Lex L.] Chloe S.",
                Origin::Field,
            ),
            RawField::new(FieldKey::Summary, "Summary", "One, two.", Origin::Field),
            RawField::new(FieldKey::Tag, "Genre", " , ", Origin::Field),
        ];
        itemise_lists(&mut fields);
        assert_eq!(fields[0].values, ["Swearing", "Violence"]);
        assert!(fields[0].itemised);
        assert_eq!(
            fields[1].values,
            [
                "Harry Potter & Hermione Granger",
                "Harry Potter/Ginny Weasley"
            ]
        );
        assert_eq!(fields[2].values, ["[Clark K., Lex L.] Chloe S."]);
        assert!(!fields[2].itemised);
        assert_eq!(fields[3].values, ["One, two."]);
        assert!(!fields[4].itemised);
    }
}
