//! Saved fanfiction.net story pages (FORMATS §3.5), from 2002 to today. Since about
//! 2012 the page has the breadcrumb `#pre_story_links` (a fandom, or `A + B
//! Crossover`), `#profile_top` (title, author, summary and the grey info line
//! `Rated: Fiction T - English - Romance - [A, B] C - Words: … - Status: Complete -
//! id: …`), the chapter picker and `#storytext`. Older layouts keep the same facts in other
//! places, read by [`legacy`]: a breadcrumb of category links, a bold title line, the
//! author link after `By:`/`Author:`/`by`, the info line in whatever element holds
//! `Rated:`, and the text in `#storytext`, `.storytext` or, in the oldest pages, the
//! table cell that holds most of the page's text.
//!
//! Evidence and trust, for every layout: the story block (`#profile_top`, or the
//! bold line and link beside the info line) is a field; the breadcrumb and
//! `<title>` are container evidence (the breadcrumb first: `<title>` lower-cases
//! the fandom on newer pages). Nothing outside those places is read, so site
//! navigation, review forms, ads, archive toolbars and footers never reach the story.

pub mod legacy;
pub mod naming;

use scraper::{ElementRef, Html};

use super::breaks::build_chapters;
use super::fields::{
    canonical_url, document_title, find, find_in, has_class, id, is, push, push_items,
};
use super::flow::{self, ChapterMark, Item, inline_text};
use super::generic::ChromeRules;
use crate::document::raw::Origin;
use crate::document::{Document, FieldKey, RawMeta};
use crate::format::ffn_info;

pub use crate::format::ffn_info::SITE;

/// Whether the document is a saved fanfiction.net story page: the modern story ids,
/// or two of the marks every layout since 2002 carries (see [`legacy::signals`]).
pub fn is_ffn(doc: &Html) -> bool {
    find_in(doc, |el| {
        matches!(id(el), Some("storytext" | "profile_top"))
    })
    .is_some()
        || legacy::signals(doc) >= 2
}

/// Reads a saved fanfiction.net page.
pub fn parse(doc: &Html) -> Document {
    let mut raw = RawMeta {
        site: Some(SITE.to_owned()),
        ..RawMeta::default()
    };
    let text = story_text(doc);
    let chapter = chapter_title(doc);
    // A chapter page's `<title>` names its chapter only when there are several.
    let several = chapter_select(doc).is_some_and(|s| {
        super::fields::find_all(s, |o| is(o, "option"))
            .nth(1)
            .is_some()
    });
    let page = document_title(doc)
        .map(|t| naming::PageTitle::parse(&t, chapter.as_deref().filter(|_| several)))
        .unwrap_or_default();
    if let Some(crumbs) = find_in(doc, |el| id(el) == Some("pre_story_links")) {
        read_breadcrumb(crumbs, &mut raw);
    } else {
        naming::read_breadcrumbs(doc, &mut raw);
    }
    let bold = match find_in(doc, |el| id(el) == Some("profile_top")) {
        Some(profile) => read_profile(profile, &mut raw),
        None => legacy::read_story_block(doc, text, &page, &mut raw),
    };
    naming::read_page_title(&page, bold.as_deref(), &mut raw);
    if let Some(url) = canonical_url(doc) {
        push(&mut raw, FieldKey::Url, "canonical", url, Origin::Container);
    }
    let mut items = vec![Item::Chapter(ChapterMark {
        title: chapter,
        id: None,
    })];
    if let Some(text) = text {
        let notes = super::notes::lone(doc);
        let mut text_items = flow::walk_story(text, &mut ChromeRules, notes.story(0, ""));
        trim_chrome(&mut text_items);
        items.extend(text_items);
    }
    if is_fictionpress(doc) {
        to_fictionpress(&mut raw);
    }
    Document {
        chapters: build_chapters(items, false),
        raw,
    }
}

/// FictionPress, fanfiction.net's sister site for original fiction, serves the same
/// pages under its own name.
const FICTIONPRESS: &str = "fictionpress.com";

fn is_fictionpress(doc: &Html) -> bool {
    document_title(doc).is_some_and(|t| t.to_ascii_lowercase().contains("fictionpress"))
        || canonical_url(doc).is_some_and(|u| u.to_ascii_lowercase().contains(FICTIONPRESS))
}

/// The site and the story address on FictionPress; its categories (`Sci-Fi`,
/// `Romance`) are genres of original fiction, not fandoms.
fn to_fictionpress(raw: &mut RawMeta) {
    raw.site = Some(FICTIONPRESS.to_owned());
    for field in &mut raw.fields {
        match field.key {
            FieldKey::Url => {
                for value in &mut field.values {
                    *value = value.replace(SITE, FICTIONPRESS);
                }
            }
            FieldKey::Fandom => field.key = FieldKey::Category,
            _ => {}
        }
    }
}

/// Lines at the edges of the text that are the site's furniture (a `Next >` button
/// saved inside the text cell of an old page): dropped from the first and last few.
fn trim_chrome(items: &mut Vec<Item>) {
    const EDGE: usize = 5;
    let is_chrome = |item: &Item| matches!(item, Item::Text { text, .. } if ffn_info::is_chrome_line(&text.text));
    let len = items.len();
    let mut index = 0;
    items.retain(|item| {
        let at = index;
        index += 1;
        !((at < EDGE || at + EDGE >= len) && is_chrome(item))
    });
}

/// The element holding the chapter's text: `#storytext` (every layout since about
/// 2005), `.storytext`, the mobile `#storycontent`, else the block holding most of
/// the page's text (2002).
fn story_text(doc: &Html) -> Option<ElementRef<'_>> {
    find_in(doc, |el| id(el) == Some("storytext"))
        .or_else(|| find_in(doc, |el| has_class(el, "storytext")))
        .or_else(|| find_in(doc, |el| matches!(id(el), Some("storycontent"))))
        .or_else(|| find_in(doc, |el| has_class(el, "storycontent")))
        .or_else(|| legacy::main_text(doc))
}

/// The chapter picker: `select#chap_select` (2008 on), the older `<SELECT
/// title='chapter navigation' Name=chapter>`, or any `select[name=chapter]`.
fn chapter_select(doc: &Html) -> Option<ElementRef<'_>> {
    find_in(doc, |el| {
        is(el, "select")
            && (id(el) == Some("chap_select")
                || el
                    .value()
                    .attr("title")
                    .is_some_and(|t| t.eq_ignore_ascii_case("chapter navigation"))
                || el
                    .value()
                    .attr("name")
                    .is_some_and(|n| n.eq_ignore_ascii_case("chapter")))
    })
}

/// The title of the chapter on the page: the selected option, else the first.
fn chapter_title(doc: &Html) -> Option<String> {
    let select = chapter_select(doc)?;
    find(select, |o| {
        is(o, "option") && o.value().attr("selected").is_some()
    })
    .or_else(|| find(select, |o| is(o, "option")))
    .map(|option| strip_number(&inline_text(option)))
    .filter(|t| !t.is_empty())
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
    let Some(last) = super::fields::find_all(crumbs, |el| is(el, "a")).last() else {
        return;
    };
    naming::push_category(&inline_text(last), "category", raw);
}

/// Reads `#profile_top`; returns its title.
fn read_profile(profile: ElementRef<'_>, raw: &mut RawMeta) -> Option<String> {
    let title = find(profile, |el| is(el, "b") && has_class(el, "xcontrast_txt"))
        .map(inline_text)
        .filter(|t| !t.is_empty());
    if let Some(title) = &title {
        push(raw, FieldKey::Title, "title", title, Origin::Field);
    }
    if let Some(author) = find(profile, |el| {
        is(el, "a")
            && el
                .value()
                .attr("href")
                .is_some_and(|h| h.starts_with("/u/"))
    }) {
        // One link is one author, whatever its name holds (`Quill and Ink`).
        push_items(
            raw,
            FieldKey::Author,
            "author",
            &[inline_text(author)],
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
        let line = inline_text(line);
        ffn_info::read_info_line(&line, raw);
        ffn_info::status_from_page_line(&line, raw);
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(html: &str) -> (super::super::Producer, Document) {
        let doc = super::super::dom::parse_document(html);
        (super::super::producer(&doc), super::super::parse_dom(&doc))
    }

    fn value(doc: &Document, key: FieldKey) -> Vec<String> {
        doc.raw
            .get(key)
            .map(crate::document::RawField::joined)
            .collect()
    }

    #[test]
    fn oldest_layout_without_storytext() {
        let (producer, doc) = read(
            "<html><head><title>FanFiction.Net - Paper Moons</title></head><body>\
             <table><tr><td><a href='/login.php'>Login</a> | <a href='/help.php'>Help</a></td></tr></table>\
             <table><tr><td><b>Paper Moons</b><br>By: <a href='http://www.fanfiction.net/profile.php?userid=9'>Elspeth Wren</a><br>\
             <font size=1>Rated: PG-13 - Romance - Published: 08-14-02 - Complete - id:912345</font></td></tr></table>\
             <select title='chapter navigation' name=chapter><option value=1 selected>1. The Folded Sky</select>\
             <table><tr><td><font size=2>Ginny folded the first moon out of an old essay, the spring she turned fifteen, and hung it above her bed.<br><br>\
             It was a clumsy thing, all crooked corners and red ink, but it was hers, and she did not mind how little light it gave.<br><br>\
             By June there were eleven of them.<br><br>Next &gt;</font></td></tr></table>\
             <form><b>Review this story:</b><textarea></textarea></form></body></html>",
        );
        assert_eq!(producer, super::super::Producer::FanfictionNet);
        assert_eq!(value(&doc, FieldKey::Title), ["Paper Moons", "Paper Moons"]);
        assert_eq!(value(&doc, FieldKey::Author), ["Elspeth Wren"]);
        assert_eq!(value(&doc, FieldKey::Rating), ["PG-13"]);
        assert_eq!(value(&doc, FieldKey::Status), ["Complete"]);
        let text: Vec<&str> = doc.texts().collect();
        assert_eq!(
            text.first().copied(),
            Some(
                "Ginny folded the first moon out of an old essay, the spring she turned fifteen, and hung it above her bed."
            )
        );
        assert_eq!(
            text.last().copied(),
            Some("By June there were eleven of them.")
        );
        assert_eq!(doc.chapters[0].title.as_deref(), Some("The Folded Sky"));
    }

    #[test]
    fn fictionpress_is_its_own_site() {
        let (producer, doc) = read(
            "<html><head><title>Starr and Temple, a Sci-Fi fiction | FictionPress</title></head><body>\
             <b>Starr and Temple</b> By: <a href='/u/5/Writer'>Writer</a>\
             <span class=xgray>Rated: Fiction T - English - Sci-Fi - Words: 2,762 - Published: 2-7-11 - id: 2889508</span>\
             <div id=storytext><p>Gabriel Starr was a detective.</p></div></body></html>",
        );
        assert_eq!(producer, super::super::Producer::FanfictionNet);
        assert_eq!(doc.raw.site.as_deref(), Some("fictionpress.com"));
        assert_eq!(
            value(&doc, FieldKey::Url),
            ["https://www.fictionpress.com/s/2889508"]
        );
        assert_eq!(value(&doc, FieldKey::Title)[0], "Starr and Temple");
        assert!(value(&doc, FieldKey::Fandom).is_empty());
    }

    #[test]
    fn one_mark_is_not_a_page() {
        // A blog post that links a profile and says "Rated:" is not fanfiction.net.
        let (producer, _) = read(
            "<html><head><title>My reading list</title></head><body>\
             <p>Rated: R. Recommended by <a href='/u/12/friend'>a friend</a>.</p></body></html>",
        );
        assert_eq!(producer, super::super::Producer::Generic);
    }

    #[test]
    fn chapter_numbers() {
        assert_eq!(strip_number("1. Chapter 1"), "Chapter 1");
        assert_eq!(strip_number("12. The Bronze"), "The Bronze");
        assert_eq!(strip_number("1984"), "1984");
    }
}
