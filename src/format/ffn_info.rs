//! fanfiction.net's one-line story info, `Rated: Fiction T - English -
//! Romance/Hurt/Comfort - [Clark K., Lex L.] Chloe S. - Words: 45,123 - Status:
//! Complete - id: 1234567`, as it appears on a saved page and in pasted text: one
//! parser for both, so both give the same fields (genres split, bracketed pairings
//! as relationships).
//!
//! Older pages write the same line differently, and the parser reads every form:
//! `Fiction Rated: T - English - …` (2005), `Rated: PG-13 - Romance/Angst - …`
//! (2002: an MPAA rating and no language), characters joined by ` & `
//! (`Spike & Willow R.`: two characters, never a relationship), and the status as a
//! bare `Complete` part with no `Status:` label.
//!
//! FFN writes `Status: Complete` (older pages: a bare `Complete`) for a complete
//! story and nothing for one in progress, so a whole info line without it says the
//! story is in progress ([`status_from_page_line`]; FanFicFare reads it the same way).

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

/// The languages fanfiction.net offers: an unlabelled part is the language only
/// when it is one of these (a 2002 line has no language, so its first unlabelled
/// part is the genre).
const LANGUAGES: &[&str] = &[
    "Afrikaans",
    "Albanian",
    "Arabic",
    "Bahasa Indonesia",
    "Bahasa Malaysia",
    "Bulgarian",
    "Catalan",
    "Chinese",
    "Croatian",
    "Czech",
    "Danish",
    "Devanagari",
    "Dutch",
    "English",
    "Esperanto",
    "Estonian",
    "Farsi",
    "Filipino",
    "Finnish",
    "French",
    "German",
    "Greek",
    "Hebrew",
    "Hungarian",
    "Icelandic",
    "Indonesian",
    "Italian",
    "Japanese",
    "Korean",
    "Latin",
    "Latvian",
    "Lithuanian",
    "Norwegian",
    "Polish",
    "Portuguese",
    "Romanian",
    "Russian",
    "Serbian",
    "Slovak",
    "Spanish",
    "Swedish",
    "Tagalog",
    "Thai",
    "Turkish",
    "Ukrainian",
    "Vietnamese",
    "Welsh",
];

/// The grey metadata line, split on ` - `.
pub fn read_info_line(line: &str, raw: &mut RawMeta) {
    let mut seen_genres = false;
    let mut seen_language = false;
    // The mobile site separates the parts with commas (`Rated: T, English, Romance &
    // Drama, Harry P. & Hermione G., Words: 1,234`).
    let separator = if !line.contains(" - ") && line.contains(", ") {
        ", "
    } else {
        " - "
    };
    for part in line
        .split(separator)
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        if let Some((label, value)) = part.split_once(':') {
            let (label, value) = (label.trim(), value.trim());
            let key = match label {
                "Rated" | "Fiction Rated" => Some(FieldKey::Rating),
                "Chapters" => Some(FieldKey::Chapters),
                "Words" => Some(FieldKey::Words),
                "Updated" => Some(FieldKey::Updated),
                "Published" => Some(FieldKey::Published),
                "Status" => Some(FieldKey::Status),
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
        if is_complete_mark(part) {
            push(raw, FieldKey::Status, "info line", part, Origin::Field);
        } else if !seen_language && !seen_genres && LANGUAGES.contains(&part) {
            seen_language = true;
            push(raw, FieldKey::Language, "language", part, Origin::Field);
        } else if let Some(genres) = split_genres(part).filter(|_| !seen_genres) {
            seen_genres = true;
            push_items(raw, FieldKey::Category, "genre", &genres, Origin::Field);
        } else {
            read_characters(part, raw);
        }
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

/// fanfiction.net's page furniture as text lines (buttons, links and labels around
/// the story, in every layout since 2002): one vocabulary for saved pages and pasted
/// text. Exact lines only, so a story line that merely mentions a review stays.
const CHROME_LINES: &[&str] = &[
    "Follow/Fav",
    "+ Follow/Fav",
    "Favorite",
    "Follow",
    "Review",
    "Reviews",
    "< Prev",
    "Next >",
    "Prev",
    "Next",
    "Story Alert",
    "Author Alert",
    "Add to Favorites",
    "Favorite Story",
    "Favorite Author",
    "Review this Story",
    "Review this Chapter",
    "Review this story:",
    "Submit Review",
    "Post Review",
    "Post Review as Guest",
    "Report Abuse",
    "Print",
    "Share",
    "Close",
    "Type your review for this chapter here...",
];

/// Whether a whole line is fanfiction.net page furniture: a button or link label, or
/// the info line itself.
pub fn is_chrome_line(line: &str) -> bool {
    let line = line.trim();
    CHROME_LINES.contains(&line)
        || ((line.starts_with("Rated:") || line.starts_with("Fiction Rated:"))
            && is_whole_line(line))
}

/// A bare `Complete` part: older lines state completion with no `Status:` label.
fn is_complete_mark(part: &str) -> bool {
    part.eq_ignore_ascii_case("complete") || part.eq_ignore_ascii_case("completed")
}

/// Whether a line is a whole fanfiction.net info line: it holds a rating and ends in
/// the story id or a publication date, so nothing was cut off.
pub fn is_whole_line(line: &str) -> bool {
    let has = |label: &str| {
        line.split(" - ").any(|p| {
            p.trim()
                .split_once(':')
                .is_some_and(|(l, _)| l.trim() == label)
        })
    };
    (has("Rated") || has("Fiction Rated")) && (has("id") || has("Published"))
}

/// A saved page shows the whole info line, and fanfiction.net marks finished
/// stories (`Complete`, `Status: Complete`) and nothing else: a whole line without
/// the mark is a story in progress. Read only from pages, where the line is known
/// to be whole; a pasted line may have lost its end.
pub fn status_from_page_line(line: &str, raw: &mut RawMeta) {
    let complete = line.split(" - ").map(str::trim).any(|p| {
        is_complete_mark(p)
            || p.strip_prefix("Status:")
                .is_some_and(|v| is_complete_mark(v.trim()))
    });
    if is_whole_line(line) && !complete {
        push(
            raw,
            FieldKey::Status,
            "info line without \"Complete\"",
            "In-Progress",
            Origin::Loose,
        );
    }
}

/// `Romance/Hurt/Comfort` → `[Romance, Hurt/Comfort]` (the mobile site writes
/// `Romance & Drama`), or `None` if any piece is not an FFN genre (then the part is
/// the characters).
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
        rest = rest
            .strip_prefix('/')
            .or_else(|| rest.strip_prefix(" & "))
            .unwrap_or(rest);
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

/// Character names: `A, B` and, on older lines, `A & B`.
fn split_names(text: &str) -> Vec<String> {
    text.split(',')
        .flat_map(|part| part.split(" & "))
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::RawField;

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
        status_from_page_line(
            "Rated: Fiction M - English - Drama - Dean W., Castiel - Words: 9,100 - id: 42",
            &mut raw,
        );
        let status = raw.first(FieldKey::Status).expect("a status");
        assert_eq!(status.values, ["In-Progress"]);
        assert_eq!(status.label, "info line without \"Complete\"");
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

    fn fields(line: &str) -> Vec<(FieldKey, String)> {
        let mut raw = RawMeta::default();
        read_info_line(line, &mut raw);
        raw.fields.iter().map(|f| (f.key, f.joined())).collect()
    }

    #[test]
    fn older_lines() {
        // 2005: `Fiction Rated:`, characters joined by `&`, a bare `Complete`.
        assert_eq!(
            fields(
                "Fiction Rated: T - English - Angst/Drama - Spike & Willow R. - \
                 Published: 03-14-05 - Updated: 06-02-05 - Complete - id:2281234"
            ),
            [
                (FieldKey::Rating, "T".to_owned()),
                (FieldKey::Language, "English".to_owned()),
                (FieldKey::Category, "Angst, Drama".to_owned()),
                (FieldKey::Character, "Spike, Willow R.".to_owned()),
                (FieldKey::Published, "03-14-05".to_owned()),
                (FieldKey::Updated, "06-02-05".to_owned()),
                (FieldKey::Status, "Complete".to_owned()),
                (
                    FieldKey::Url,
                    "https://www.fanfiction.net/s/2281234".to_owned()
                ),
            ]
        );
        // 2002: an MPAA rating and no language; the genre is not a language.
        assert_eq!(
            fields("Rated: PG-13 - Romance/Angst - Reviews: 7 - Published: 08-14-02"),
            [
                (FieldKey::Rating, "PG-13".to_owned()),
                (FieldKey::Category, "Romance, Angst".to_owned()),
                (FieldKey::Published, "08-14-02".to_owned()),
            ]
        );
        // A character list that is not a genre and no language: characters.
        assert_eq!(
            fields("Rated: K - Harry P. & Draco M. - Words: 100"),
            [
                (FieldKey::Rating, "K".to_owned()),
                (FieldKey::Character, "Harry P., Draco M.".to_owned()),
                (FieldKey::Words, "100".to_owned()),
            ]
        );
    }

    #[test]
    fn chrome_lines() {
        for line in [
            "Follow/Fav",
            " Next > ",
            "Review this Story",
            "Rated: T - Published: 1-1-05 - id:1",
        ] {
            assert!(is_chrome_line(line), "{line}");
        }
        for line in [
            "Please review!",
            "Next, she turned to the door.",
            "Rated: R for a reason, she thought.",
        ] {
            assert!(!is_chrome_line(line), "{line}");
        }
    }

    #[test]
    fn mobile_line() {
        assert_eq!(
            fields("Rated: T, English, Romance & Drama, Harry P. & Hermione G., Words: 1,234"),
            [
                (FieldKey::Rating, "T".to_owned()),
                (FieldKey::Language, "English".to_owned()),
                (FieldKey::Category, "Romance, Drama".to_owned()),
                (FieldKey::Character, "Harry P., Hermione G.".to_owned()),
                (FieldKey::Words, "1,234".to_owned()),
            ]
        );
    }

    #[test]
    fn page_status() {
        let status = |line: &str| {
            let mut raw = RawMeta::default();
            status_from_page_line(line, &mut raw);
            raw.first(FieldKey::Status).map(RawField::joined)
        };
        // A whole line without the mark: in progress.
        assert_eq!(
            status("Rated: Fiction T - English - Chapters: 3 - Published: 1-15-12 - id: 7712345"),
            Some("In-Progress".to_owned())
        );
        // The mark, in either form: nothing to add.
        assert_eq!(
            status("Rated: T - Published: 1-1-05 - Complete - id:1"),
            None
        );
        assert_eq!(status("Rated: T - Status: Complete - id: 1"), None);
        // A cut line (no id, no Published) says nothing.
        assert_eq!(status("Rated: Fiction T - English - Romance"), None);
        assert_eq!(status("Published: 1-1-05 - id: 1"), None);
    }
}
