//! Any other HTML page: the `<title>`, the main content (`<main>`, `[role=main]`, a
//! single `<article>`, else `<body>`) minus navigation, footers, sidebars and
//! comment sections, chapters at the most frequent of `<h1>`–`<h3>` (a lone leading
//! `<h1>` is the story title), and a leading `Title:`/`Author:` header block read as
//! fields.

use scraper::{ElementRef, Html};

use super::breaks::build_chapters;
use super::fields::{document_title, find_all, find_in, id, is, push};
use super::flow::{self, ChapterMark, Item, Role, Rules, TextKind, generic_role};
use super::header::{byline, take_header};
use crate::document::raw::Origin;
use crate::document::{Document, FieldKey, RawMeta};

/// Reads a page no producer claimed.
pub fn parse(doc: &Html) -> Document {
    let mut raw = RawMeta::default();
    if let Some(title) = document_title(doc) {
        push(
            &mut raw,
            FieldKey::Title,
            "<title>",
            &title,
            Origin::Container,
        );
    }
    let root = main_content(doc);
    let notes = super::notes::lone(doc);
    let items = flow::walk_story(root, &mut ChromeRules, notes.story(0, ""));
    let chapters = chapters_from_headings(items, &mut raw);
    Document { chapters, raw }
}

/// The element holding the page's main text.
pub fn main_content(doc: &Html) -> ElementRef<'_> {
    if let Some(main) = find_in(doc, |el| {
        is(el, "main") || el.value().attr("role") == Some("main")
    }) {
        return main;
    }
    let mut articles = find_all(doc.root_element(), |el| is(el, "article"));
    if let (Some(article), None) = (articles.next(), articles.next()) {
        return article;
    }
    find_in(doc, |el| is(el, "body")).unwrap_or_else(|| doc.root_element())
}

/// Class or id words that mark page chrome, compared as whole tokens.
const CHROME_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "sidebar",
    "footer",
    "comments",
    "comment",
    "breadcrumb",
    "breadcrumbs",
    "share",
    "social",
    "pagination",
    "site-header",
];

/// Whether an element is site chrome rather than story.
pub fn is_chrome(el: ElementRef<'_>) -> bool {
    let v = el.value();
    if matches!(v.name(), "nav" | "footer" | "aside" | "form") {
        return true;
    }
    if matches!(
        v.attr("role"),
        Some("navigation" | "contentinfo" | "complementary" | "search" | "banner")
    ) {
        return true;
    }
    let chrome = |token: &str| CHROME_WORDS.iter().any(|w| token.eq_ignore_ascii_case(w));
    v.classes().any(chrome) || id(el).is_some_and(chrome)
}

/// Generic rules minus chrome.
pub struct ChromeRules;

impl Rules for ChromeRules {
    fn role(&mut self, el: ElementRef<'_>) -> Role {
        if is_chrome(el) {
            Role::Skip
        } else {
            generic_role(el)
        }
    }
}

/// Splits a flat page into chapters at its most frequent heading level (h1–h3, at
/// least two of them); reads a leading header block and a lone leading `<h1>` as
/// metadata. Other headings stay in the text as headings.
pub fn chapters_from_headings(
    mut items: Vec<Item>,
    raw: &mut RawMeta,
) -> Vec<crate::document::Chapter> {
    // A first heading before any paragraph, not repeated at its level, is the title.
    let first_text = items.iter().position(|i| matches!(i, Item::Text { .. }));
    if let Some(index) = first_text
        && let Some(Item::Text {
            text,
            kind: TextKind::Heading(level),
            ..
        }) = items.get(index)
    {
        let level = *level;
        let same_level = items
            .iter()
            .filter(|i| matches!(i, Item::Text { kind: TextKind::Heading(l), .. } if *l == level))
            .count();
        if same_level == 1 {
            push(raw, FieldKey::Title, "heading", &text.text, Origin::Loose);
            items.remove(index);
        }
    }
    if let Some(index) = items.iter().position(|i| matches!(i, Item::Text { .. }))
        && let Some(Item::Text {
            text,
            kind: TextKind::Paragraph,
            ..
        }) = items.get(index)
        && let Some(author) = byline(&text.text)
    {
        push(raw, FieldKey::Author, "byline", author, Origin::Loose);
        items.remove(index);
    }
    let chapter_level = (1..=3u8).find(|level| {
        items
            .iter()
            .filter(|i| matches!(i, Item::Text { kind: TextKind::Heading(l), .. } if l == level))
            .count()
            >= 2
    });
    let start = items
        .iter()
        .position(|i| matches!(i, Item::Text { .. }))
        .unwrap_or(items.len());
    let consumed = take_header(items.get(start..).unwrap_or_default(), raw);
    if consumed > 0 {
        items.drain(..start + consumed);
    }
    let items: Vec<Item> = items
        .into_iter()
        .map(|item| match item {
            Item::Text {
                text,
                kind: TextKind::Heading(level),
                ..
            } if Some(level) == chapter_level => Item::Chapter(ChapterMark {
                title: Some(text.text.into_string()),
                id: None,
            }),
            other => other,
        })
        .collect();
    build_chapters(items, true)
}
