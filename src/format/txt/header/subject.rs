//! A post's subject line (journal entries, mailing-list posts): `Fic: Salt Lines
//! (SPN/BtVS, Dean/Faith, Sam & Willow, PG-13)`, `[FIC] Salt & Iron (Smallville/BtVS,
//! Clark & Buffy, PG)`, `New fic: Tidewater [SGA; McKay/Sheppard; R]`, `Chips Until
//! Two (Doctor Who/Torchwood, Jack & the Doctor, G)`.
//!
//! The subject is evidence, not a statement: its title and rating become loose
//! fields (a `Title:` or `Rating:` field outranks them), and its other bracketed
//! items one [`FieldKey::Subject`] field, since only the alias tables can tell the
//! fandoms (`SPN/BtVS`) from the relationships (`Dean/Faith`). Part markers (`(1/3)`,
//! `(Part 2)`) are neither.

use std::sync::LazyLock;

use regex::Regex;

use super::fields::clean_value;
use crate::document::{FieldKey, RawField, raw::Origin};
use crate::format::exact::{spaces, word_at};

/// The label every field read from a subject line carries.
const LABEL: &str = "subject line";

/// What a subject line says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Subject {
    pub title: Option<String>,
    pub rating: Option<String>,
    /// Bracketed items that are not the rating or a part marker.
    pub items: Vec<String>,
}

/// `Fic:`, `New fic -`, `[FIC]`, `Ficlet:`, `Drabble:`, `[Fanfic]`.
#[cfg(test)]
static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:\[\s*(?:new\s+)?(?:fic|ficlet|drabble|fanfic|fanfiction|one-?shot|oneshot)\s*\]\s*|(?:new\s+)?(?:fic|ficlet|drabble|fanfic|fanfiction|one-?shot|oneshot)\s*[:\-–—]\s*)",
    )
    .expect("valid regex")
});

/// The kinds of post [`PREFIX`] names, `one-?shot` spelled out.
const KINDS: &[&str] = &[
    "fic",
    "ficlet",
    "drabble",
    "fanfic",
    "fanfiction",
    "one-shot",
    "oneshot",
];

/// Where a [`PREFIX`] match ends (it can only start the text), without compiling
/// it: an AO3-style `Fandom:` line starts like one, and the pattern costs more to
/// compile than a small story's whole header.
fn prefix_end(text: &str) -> Option<usize> {
    let space_after = |at: usize| at + spaces(text, at);
    if text.starts_with('[') {
        // `\[\s*(?:new\s+)?KIND\s*\]\s*`
        return kind_ends(text, space_after(1)).find_map(|at| {
            let at = space_after(at);
            text.get(at..)?
                .starts_with(']')
                .then(|| space_after(at + 1))
        });
    }
    // `(?:new\s+)?KIND\s*[:\-–—]\s*`
    kind_ends(text, 0).find_map(|at| {
        let at = space_after(at);
        let sep = text.get(at..)?.chars().next()?;
        matches!(sep, ':' | '-' | '–' | '—').then(|| space_after(at + sep.len_utf8()))
    })
}

/// Where `(?:new\s+)?KIND` may end from byte `at`: every kind that matches there,
/// with `new` and without, in the pattern's order.
fn kind_ends(text: &str, at: usize) -> impl Iterator<Item = usize> + '_ {
    let after_new = word_at(text, at, "new")
        .filter(|&end| spaces(text, end) > 0)
        .map(|end| end + spaces(text, end));
    after_new
        .into_iter()
        .chain(std::iter::once(at))
        .flat_map(move |from| {
            KINDS
                .iter()
                .filter_map(move |kind| word_at(text, from, kind))
        })
}

/// Literal starts of [`PREFIX`]'s alternatives.
const PREFIX_STARTS: &[&str] = &["[", "new", "fic", "drabble", "fan", "one"];

/// Ratings as subject lines write them (MPAA, TtH, FFN, AO3 words).
static RATING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:rated\s*:?\s*|rating\s*:\s*)?(G|PG|PG-?13|PG-?15|R|NC-?17|NC-?18|X|XXX|MA|FR\s?\d{1,2}|K\+?|T|M|FRT|FRM|teen(?: and up(?: audiences)?)?|mature|explicit|general(?: audiences)?|not rated|adult|all ages)$",
    )
    .expect("valid regex")
});

/// `1/3`, `Part 2`, `2 of 5`, `part one`: which post of a series this is.
static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:part|chapter|ch\.?)?\s*(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)(?:\s*(?:/|of)\s*(?:\d{1,3}|\?))?$")
        .expect("valid regex")
});

/// Labels an item may carry inside the brackets (`Pairing: Dean/Faith`).
static ITEM_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:fandoms?|pairings?|ships?|characters?|relationships?)\s*:\s*")
        .expect("valid regex")
});

/// Reads a subject line. A line with a `Fic:`-style prefix is a subject whatever its
/// brackets hold. A line without one is a subject only if `unprefixed` allows it
/// and its brackets hold a rating or a relationship-shaped item (`/`, `&`, ` x `):
/// `Whatever (the sequel)` stays a title.
pub(super) fn parse(text: &str, unprefixed: bool) -> Option<Subject> {
    if text.len() > 300 {
        return None;
    }
    let prefix = crate::format::prefilter::may_start_with_ci(text, PREFIX_STARTS)
        .then(|| prefix_end(text))
        .flatten();
    let mut rest = text.get(prefix.unwrap_or(0)..)?.trim();
    let mut groups: Vec<&str> = Vec::new();
    // `[SPN/BtVS] Salt Lines (Dean/Faith, PG-13)`: a leading group.
    if let Some(inner) = rest.strip_prefix('[')
        && let Some(close) = inner.find(']')
    {
        groups.push(inner.get(..close).unwrap_or_default());
        rest = inner.get(close + 1..).unwrap_or_default().trim();
    }
    // Up to two trailing groups: `Title (1/3) [SPN, PG]`.
    for _ in 0..2 {
        let Some((before, inner)) = trailing_group(rest) else {
            break;
        };
        groups.push(inner);
        rest = before;
    }
    let mut subject = Subject::default();
    for group in groups {
        let group = group.trim();
        if PART.is_match(group) {
            continue;
        }
        for item in group.split([';', ',', '|']) {
            let item = ITEM_LABEL.replace(item.trim(), "");
            let item = clean_value(&item);
            if item.is_empty() {
                continue;
            }
            if let Some(rating) = RATING.captures(&item).and_then(|c| c.get(1)) {
                subject
                    .rating
                    .get_or_insert_with(|| rating.as_str().to_owned());
            } else {
                subject.items.push(item);
            }
        }
    }
    let title = clean_value(rest.trim_end_matches([':', '-', '–', '—']).trim());
    let title_like = !title.is_empty() && title.split_whitespace().count() <= 15;
    if prefix.is_none() {
        let shaped = subject.rating.is_some()
            || subject
                .items
                .iter()
                .any(|i| i.contains(['/', '&']) || i.contains(" x "));
        if !unprefixed || !shaped || !title_like {
            return None;
        }
    }
    subject.title = title_like.then_some(title);
    Some(subject)
}

/// `(…)` or `[…]` ending the text: the text before it and the group's inside.
fn trailing_group(text: &str) -> Option<(&str, &str)> {
    let open = match text.chars().last()? {
        ')' => '(',
        ']' => '[',
        _ => return None,
    };
    let start = text.rfind(open)?;
    let inner = text.get(start + 1..text.len() - 1)?;
    let before = text.get(..start)?.trim_end();
    Some((before, inner))
}

/// The fields a subject line gives, all loose and labelled `subject line`.
pub(super) fn fields(subject: &Subject, line: usize) -> Vec<RawField> {
    let mut fields = Vec::new();
    if let Some(title) = &subject.title {
        fields.push(
            RawField::new(FieldKey::Title, LABEL, title.clone(), Origin::Loose).at_line(line),
        );
    }
    if let Some(rating) = &subject.rating {
        fields.push(
            RawField::new(FieldKey::Rating, LABEL, rating.clone(), Origin::Loose).at_line(line),
        );
    }
    if !subject.items.is_empty() {
        let mut field =
            RawField::new(FieldKey::Subject, LABEL, String::new(), Origin::Loose).at_line(line);
        field.values.clone_from(&subject.items);
        field.itemised = true;
        fields.push(field);
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefix_scan_agrees_with_the_pattern() {
        let mut words = vec![
            "[",
            "]",
            "new",
            "New",
            "NEW",
            "Fic",
            "FIC",
            "one-\u{17F}hot",
            "Fandom",
            ":",
            "-",
            "–",
            "—",
            " ",
            "\t",
            "\u{A0}",
            "x",
        ];
        words.extend(KINDS);
        let lines = [
            "Fic: Salt Lines",
            "New fic - Tidewater",
            "[FIC] Salt",
            "[ new  Ficlet ]  x",
            "Ficlet: x",
            "Fandom: Smallville",
            "new: x",
            "Fanfiction — x",
            "one-shot:x",
            "[fic",
        ];
        crate::format::exact::check::agree(&words, &lines, prefix_end, |text| {
            PREFIX.find(text).map(|m| m.end())
        });
    }

    #[allow(clippy::unnecessary_wraps)] // Reads better in the table below.
    fn subject(title: Option<&str>, rating: Option<&str>, items: &[&str]) -> Option<Subject> {
        Some(Subject {
            title: title.map(str::to_owned),
            rating: rating.map(str::to_owned),
            items: items.iter().map(|&i| i.to_owned()).collect(),
        })
    }

    #[test]
    fn subject_lines() {
        let cases = [
            (
                "Fic: Salt Lines (SPN/BtVS, Dean/Faith, Sam & Willow, PG-13)",
                subject(
                    Some("Salt Lines"),
                    Some("PG-13"),
                    &["SPN/BtVS", "Dean/Faith", "Sam & Willow"],
                ),
            ),
            (
                "New fic: Tidewater [SGA; McKay/Sheppard; R]",
                subject(Some("Tidewater"), Some("R"), &["SGA", "McKay/Sheppard"]),
            ),
            (
                "[FIC] Salt & Iron (Smallville/BtVS, Clark & Buffy, PG)",
                subject(
                    Some("Salt & Iron"),
                    Some("PG"),
                    &["Smallville/BtVS", "Clark & Buffy"],
                ),
            ),
            (
                "Chips Until Two (Doctor Who/Torchwood, Jack & the Doctor, G)",
                subject(
                    Some("Chips Until Two"),
                    Some("G"),
                    &["Doctor Who/Torchwood", "Jack & the Doctor"],
                ),
            ),
            (
                "Fic: Homecoming (1/3) [SV/BtVS; Pairing: Clark/Buffy; Rating: PG-13]",
                subject(
                    Some("Homecoming"),
                    Some("PG-13"),
                    &["SV/BtVS", "Clark/Buffy"],
                ),
            ),
            (
                "Ficlet: Night Shift",
                subject(Some("Night Shift"), None, &[]),
            ),
            (
                "[SPN] Road Salt (Dean & Sam, gen, G)",
                subject(Some("Road Salt"), Some("G"), &["SPN", "Dean & Sam", "gen"]),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text, true), want, "{text:?}");
        }
    }

    #[test]
    fn not_subject_lines() {
        for text in [
            // A title with a parenthesis that is no metadata.
            "Whatever (the sequel)",
            "Salt & Iron",
            "He stopped (and so did she).",
            "lanternjaw: a brass lantern on a wet dock (lantern)",
            "Title: Salt Lines",
            "(1/3)",
        ] {
            assert_eq!(parse(text, true), None, "{text:?}");
        }
        // Where unprefixed subjects are not allowed, only a prefixed line is one.
        assert_eq!(parse("Chips Until Two (Doctor Who, G)", false), None);
    }

    #[test]
    fn subject_fields() {
        let s = parse("Fic: Salt Lines (SPN/BtVS, Dean/Faith, PG-13)", true).unwrap();
        let got: Vec<(FieldKey, Vec<String>)> = fields(&s, 6)
            .into_iter()
            .map(|f| (f.key, f.values))
            .collect();
        assert_eq!(
            got,
            [
                (FieldKey::Title, vec!["Salt Lines".to_owned()]),
                (FieldKey::Rating, vec!["PG-13".to_owned()]),
                (
                    FieldKey::Subject,
                    vec!["SPN/BtVS".to_owned(), "Dean/Faith".to_owned()]
                ),
            ]
        );
    }
}
