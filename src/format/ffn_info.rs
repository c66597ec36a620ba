//! fanfiction.net's one-line story info, `Rated: Fiction T - English -
//! Romance/Hurt/Comfort - [Clark K., Lex L.] Chloe S. - Words: 45,123 - Status:
//! Complete - id: 1234567`, and its breadcrumb (`Crossover » A + B Crossover`), as
//! they appear on a saved page and in pasted text: one parser for both, so both give
//! the same fields (genres split, bracketed pairings as relationships, a crossover's
//! fandoms as items).
//!
//! FFN writes `Status: Complete` for a complete story and nothing for one in
//! progress (FanFicFare reads it the same way), so an info line without it says
//! the story is in progress.

use crate::document::raw::Origin;
use crate::document::{FieldKey, RawMeta};
use crate::format::html::fields::{push, push_items};

/// The site.
pub const SITE: &str = "fanfiction.net";

/// FFN's fixed genre list; `Hurt/Comfort` contains the separator.
const GENRES: &[&str] = &[
    "Adventure",
    "Angst",
    "Crime",
    "Drama",
    "Family",
    "Fantasy",
    "Friendship",
    "General",
    "Horror",
    "Humor",
    "Hurt/Comfort",
    "Mystery",
    "Parody",
    "Poetry",
    "Romance",
    "Sci-Fi",
    "Spiritual",
    "Supernatural",
    "Suspense",
    "Tragedy",
    "Western",
];

/// The label of the status an info line states by leaving `Status: Complete` out.
pub const STATUS_UNSTATED: &str = "info line without \"Status: Complete\"";

/// The grey metadata line, split on ` - `.
pub fn read_info_line(line: &str, raw: &mut RawMeta) {
    let mut unlabelled = 0;
    let mut status = false;
    for part in line.split(" - ").map(str::trim).filter(|p| !p.is_empty()) {
        if let Some((label, value)) = part.split_once(':') {
            let (label, value) = (label.trim(), value.trim());
            let key = match label {
                "Rated" => Some(FieldKey::Rating),
                "Chapters" => Some(FieldKey::Chapters),
                "Words" => Some(FieldKey::Words),
                "Updated" => Some(FieldKey::Updated),
                "Published" => Some(FieldKey::Published),
                "Status" => {
                    status = true;
                    Some(FieldKey::Status)
                }
                "id" => {
                    let url = format!("https://www.{SITE}/s/{value}");
                    push(raw, FieldKey::Url, "id", &url, Origin::Field);
                    None
                }
                _ => None,
            };
            if let Some(key) = key {
                push(raw, key, label, value, Origin::Field);
            }
            continue;
        }
        unlabelled += 1;
        if unlabelled == 1 {
            push(raw, FieldKey::Language, "language", part, Origin::Field);
        } else if let Some(genres) = split_genres(part) {
            push_items(raw, FieldKey::Category, "genre", &genres, Origin::Field);
        } else {
            read_characters(part, raw);
        }
    }
    if !status && unlabelled > 0 {
        push(
            raw,
            FieldKey::Status,
            STATUS_UNSTATED,
            "In-Progress",
            Origin::Loose,
        );
    }
}

/// The fandoms the last crumb of the breadcrumb names: `Harry Potter + Stargate:
/// SG-1 Crossover` as two items (labelled `Crossover`), `Harry Potter` as one
/// (labelled `category`).
pub fn read_breadcrumb(crumb: &str, raw: &mut RawMeta, origin: Origin) {
    let crumb = crumb.trim();
    if let Some(pair) = crumb.strip_suffix(" Crossover") {
        let fandoms: Vec<String> = pair.split(" + ").map(str::to_owned).collect();
        push_items(raw, FieldKey::Fandom, "Crossover", &fandoms, origin);
    } else {
        push(raw, FieldKey::Fandom, "category", crumb, origin);
    }
}

/// `Romance/Hurt/Comfort` → `[Romance, Hurt/Comfort]`, or `None` if any piece is not
/// an FFN genre (then the part is the characters).
fn split_genres(part: &str) -> Option<Vec<String>> {
    let mut genres = Vec::new();
    let mut rest = part;
    while !rest.is_empty() {
        let genre = GENRES
            .iter()
            .filter(|g| rest.starts_with(**g))
            .max_by_key(|g| g.len())?;
        genres.push((*genre).to_owned());
        rest = rest.get(genre.len()..).unwrap_or_default();
        rest = rest.strip_prefix('/').unwrap_or(rest);
    }
    Some(genres)
}

/// `[Clark K., Lex L.] Chloe S.` → relationship `Clark K./Lex L.`, characters all three.
fn read_characters(part: &str, raw: &mut RawMeta) {
    let mut characters = Vec::new();
    let mut pairings = Vec::new();
    let mut rest = part;
    while let Some(open) = rest.find('[') {
        characters.extend(split_names(rest.get(..open).unwrap_or_default()));
        let after = rest.get(open + 1..).unwrap_or_default();
        let close = after.find(']').unwrap_or(after.len());
        let members = split_names(after.get(..close).unwrap_or_default());
        if members.len() >= 2 {
            pairings.push(members.join("/"));
        }
        characters.extend(members);
        rest = after.get(close + 1..).unwrap_or_default();
    }
    characters.extend(split_names(rest));
    push_items(
        raw,
        FieldKey::Relationship,
        "pairing",
        &pairings,
        Origin::Field,
    );
    push_items(
        raw,
        FieldKey::Character,
        "characters",
        &characters,
        Origin::Field,
    );
}

fn split_names(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rated_line() {
        let mut raw = RawMeta::default();
        read_info_line(
            "Rated: Fiction T - English - Romance/Hurt/Comfort - [Clark K., Lex L.] Chloe S. - \
             Chapters: 12 - Words: 45,123 - Reviews: 200 - Updated: Mar 4, 2010 - \
             Published: Jan 2, 2009 - Status: Complete - id: 1234567",
            &mut raw,
        );
        let got: Vec<(FieldKey, String)> = raw.fields.iter().map(|f| (f.key, f.joined())).collect();
        assert_eq!(
            got,
            [
                (FieldKey::Rating, "Fiction T".to_owned()),
                (FieldKey::Language, "English".to_owned()),
                (FieldKey::Category, "Romance, Hurt/Comfort".to_owned()),
                (FieldKey::Relationship, "Clark K./Lex L.".to_owned()),
                (FieldKey::Character, "Clark K., Lex L., Chloe S.".to_owned()),
                (FieldKey::Chapters, "12".to_owned()),
                (FieldKey::Words, "45,123".to_owned()),
                (FieldKey::Updated, "Mar 4, 2010".to_owned()),
                (FieldKey::Published, "Jan 2, 2009".to_owned()),
                (FieldKey::Status, "Complete".to_owned()),
                (
                    FieldKey::Url,
                    "https://www.fanfiction.net/s/1234567".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn no_status_means_in_progress() {
        let mut raw = RawMeta::default();
        read_info_line(
            "Rated: Fiction M - English - Drama - Dean W., Castiel - Words: 9,100 - id: 42",
            &mut raw,
        );
        let status = raw.first(FieldKey::Status).unwrap();
        assert_eq!(status.values, ["In-Progress"]);
        assert_eq!(status.label, STATUS_UNSTATED);
        assert_eq!(status.origin, Origin::Loose);
    }

    #[test]
    fn breadcrumbs() {
        let mut raw = RawMeta::default();
        read_breadcrumb(
            "Harry Potter + Stargate: SG-1 Crossover",
            &mut raw,
            Origin::Loose,
        );
        read_breadcrumb("Supernatural", &mut raw, Origin::Loose);
        let got: Vec<(&str, Vec<String>)> = raw
            .fields
            .iter()
            .map(|f| (f.label.as_str(), f.values.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Crossover",
                    vec!["Harry Potter".to_owned(), "Stargate: SG-1".to_owned()]
                ),
                ("category", vec!["Supernatural".to_owned()]),
            ]
        );
    }
}
