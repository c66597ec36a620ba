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

pub use crate::format::ffn_info::SITE;

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
        crate::format::ffn_info::read_info_line(&inline_text(line), raw);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_numbers() {
        assert_eq!(strip_number("1. Chapter 1"), "Chapter 1");
        assert_eq!(strip_number("12. The Bronze"), "The Bronze");
        assert_eq!(strip_number("1984"), "1984");
    }
}
