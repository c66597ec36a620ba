//! Saved fanfiction.net story pages (FORMATS §3.5), best effort: the breadcrumb
//! (`#pre_story_links`: a fandom, or `A + B Crossover`), `#profile_top` (title,
//! author, summary and the grey `Rated: Fiction T - English - Romance - [A, B] C -
//! Words: … - Status: Complete - id: …` line), the chapter picker for the chapter
//! title, and `#storytext` for the text. Nothing else on the page is read.

use scraper::{ElementRef, Html};

use super::breaks::build_chapters;
use super::fields::{canonical_url, find, find_all, find_in, has_class, id, is, push, push_items};
use super::flow::{self, ChapterMark, Generic, Item, inline_text};
use crate::document::raw::Origin;
use crate::document::{Document, FieldKey, RawMeta};

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

/// Whether the document is a saved fanfiction.net story page.
pub fn is_ffn(doc: &Html) -> bool {
    find_in(doc, |el| {
        matches!(id(el), Some("storytext" | "profile_top"))
    })
    .is_some()
}

/// Reads a saved fanfiction.net page.
pub fn parse(doc: &Html) -> Document {
    let mut raw = RawMeta {
        site: Some(SITE.to_owned()),
        ..RawMeta::default()
    };
    if let Some(crumbs) = find_in(doc, |el| id(el) == Some("pre_story_links")) {
        read_breadcrumb(crumbs, &mut raw);
    }
    if let Some(profile) = find_in(doc, |el| id(el) == Some("profile_top")) {
        read_profile(profile, &mut raw);
    }
    if let Some(url) = canonical_url(doc) {
        push(&mut raw, FieldKey::Url, "canonical", url, Origin::Container);
    }
    let title = find_in(doc, |el| is(el, "select") && id(el) == Some("chap_select"))
        .and_then(|select| {
            find(select, |o| {
                is(o, "option") && o.value().attr("selected").is_some()
            })
            .or_else(|| find(select, |o| is(o, "option")))
        })
        .map(|option| strip_number(&inline_text(option)));
    let mut items = vec![Item::Chapter(ChapterMark { title, id: None })];
    if let Some(text) = find_in(doc, |el| id(el) == Some("storytext")) {
        items.extend(flow::walk(text, &mut Generic));
    }
    Document {
        chapters: build_chapters(&items, false),
        raw,
    }
}

/// `1. Chapter 1` → `Chapter 1`.
fn strip_number(option: &str) -> String {
    let digits = option.chars().take_while(char::is_ascii_digit).count();
    match option.get(digits..).and_then(|rest| rest.strip_prefix('.')) {
        Some(rest) if digits > 0 => rest.trim().to_owned(),
        _ => option.to_owned(),
    }
}

fn read_breadcrumb(crumbs: ElementRef<'_>, raw: &mut RawMeta) {
    let Some(last) = find_all(crumbs, |el| is(el, "a")).last() else {
        return;
    };
    let text = inline_text(last);
    if let Some(pair) = text.strip_suffix(" Crossover") {
        let fandoms: Vec<String> = pair.split(" + ").map(str::to_owned).collect();
        push_items(
            raw,
            FieldKey::Fandom,
            "Crossover",
            &fandoms,
            Origin::Container,
        );
    } else {
        push(raw, FieldKey::Fandom, "category", &text, Origin::Container);
    }
}

fn read_profile(profile: ElementRef<'_>, raw: &mut RawMeta) {
    if let Some(title) = find(profile, |el| is(el, "b") && has_class(el, "xcontrast_txt")) {
        push(
            raw,
            FieldKey::Title,
            "title",
            &inline_text(title),
            Origin::Field,
        );
    }
    if let Some(author) = find(profile, |el| {
        is(el, "a")
            && el
                .value()
                .attr("href")
                .is_some_and(|h| h.starts_with("/u/"))
    }) {
        push(
            raw,
            FieldKey::Author,
            "author",
            &inline_text(author),
            Origin::Field,
        );
    }
    if let Some(summary) = find(profile, |el| {
        is(el, "div") && has_class(el, "xcontrast_txt")
    }) {
        push(
            raw,
            FieldKey::Summary,
            "summary",
            &inline_text(summary),
            Origin::Field,
        );
    }
    if let Some(line) = find(profile, |el| is(el, "span") && has_class(el, "xgray")) {
        read_rated_line(&inline_text(line), raw);
    }
}

/// The grey metadata line, split on ` - `.
pub fn read_rated_line(line: &str, raw: &mut RawMeta) {
    let mut unlabelled = 0;
    for part in line.split(" - ").map(str::trim).filter(|p| !p.is_empty()) {
        if let Some((label, value)) = part.split_once(':') {
            let (label, value) = (label.trim(), value.trim());
            let key = match label {
                "Rated" => Some(FieldKey::Rating),
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
        unlabelled += 1;
        if unlabelled == 1 {
            push(raw, FieldKey::Language, "language", part, Origin::Field);
        } else if let Some(genres) = split_genres(part) {
            push_items(raw, FieldKey::Category, "genre", &genres, Origin::Field);
        } else {
            read_characters(part, raw);
        }
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
        read_rated_line(
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
    fn chapter_numbers() {
        assert_eq!(strip_number("1. Chapter 1"), "Chapter 1");
        assert_eq!(strip_number("12. The Bronze"), "The Bronze");
        assert_eq!(strip_number("1984"), "1984");
    }
}
