//! Saved AO3 work *pages* (FORMATS §3.3): metadata in `dl.work.meta.group` (classed
//! `dd`s with `li` items, Stats in a nested `dl.stats`), the text in `div#workskin`:
//! a work preface (title, byline, summary and notes modules), `div#chapters` (one
//! `div.userstuff` or one `div.chapter` per chapter with an `h3.title`), then the
//! afterword (end notes). Nothing outside those is read, so the site header, the
//! navigation, the kudos and comment forms and the footer never reach the story.

use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html};

use super::super::breaks::build_chapters;
use super::super::fields::{
    self, find, find_all, find_in, has_class, id, is, label_text, previous_element, push,
    push_items, push_paragraphs,
};
use super::super::flow::{self, ChapterMark, Role, Rules, generic_role, inline_text, paragraphs};
use super::{SITE, read_stats, read_tag_field};
use crate::document::raw::Origin;
use crate::document::{Document, FieldKey, RawMeta};

/// Whether the document is a saved AO3 work page.
pub fn is_page(doc: &Html) -> bool {
    find_in(doc, |el| {
        is(el, "dl") && has_class(el, "work") && has_class(el, "meta")
    })
    .is_some()
}

/// Reads a saved AO3 work page.
pub fn parse(doc: &Html) -> Document {
    let mut raw = RawMeta {
        site: Some(SITE.to_owned()),
        ..RawMeta::default()
    };
    if let Some(url) = work_url(doc) {
        push(&mut raw, FieldKey::Url, "work URL", &url, Origin::Container);
    }
    if let Some(dl) = find_in(doc, |el| {
        is(el, "dl") && has_class(el, "work") && has_class(el, "meta")
    }) {
        read_meta(dl, &mut raw);
    }
    let mut items = Vec::new();
    let notes = crate::format::html::notes::lone(doc);
    if let Some(skin) = find_in(doc, |el| id(el) == Some("workskin")) {
        read_preface(skin, &mut raw);
        for part in find_all(skin, |el| {
            id(el) == Some("chapters") || (is(el, "div") && has_class(el, "afterword"))
        }) {
            items.extend(flow::walk_story(part, &mut PageRules, notes.story(0, "")));
        }
    }
    Document {
        chapters: build_chapters(items, true),
        raw,
    }
}

fn read_meta(dl: ElementRef<'_>, raw: &mut RawMeta) {
    for dd in dl.child_elements().filter(|el| is(*el, "dd")) {
        let label = previous_element(dd)
            .filter(|dt| is(*dt, "dt"))
            .map(|dt| label_text(&inline_text(dt)))
            .unwrap_or_default();
        if has_class(dd, "stats") {
            read_page_stats(dd, raw);
        } else if has_class(dd, "series") {
            let parts: Vec<String> = find_all(dd, |el| has_class(el, "position"))
                .map(inline_text)
                .collect();
            push_items(raw, FieldKey::Series, &label, &parts, Origin::Field);
        } else if has_class(dd, "collections") {
            // Not a story property.
        } else {
            read_tag_field(&label, dd, raw);
        }
    }
}

/// The nested `dl.stats`; kudos, hits, bookmarks and comment counts are not read.
fn read_page_stats(dd: ElementRef<'_>, raw: &mut RawMeta) {
    let mut line = String::new();
    for dt in find_all(dd, |el| is(el, "dt")) {
        let label = label_text(&inline_text(dt));
        if let Some(value) = fields::next_element(dt).filter(|el| is(*el, "dd")) {
            line.push_str(&label);
            line.push_str(": ");
            line.push_str(&inline_text(value));
            line.push(' ');
        }
    }
    read_stats(&line, raw);
}

fn read_preface(skin: ElementRef<'_>, raw: &mut RawMeta) {
    let Some(preface) = skin
        .child_elements()
        .find(|el| has_class(*el, "preface") && !has_class(*el, "chapter"))
    else {
        return;
    };
    if let Some(title) = find(preface, |el| {
        has_class(el, "title") && has_class(el, "heading")
    }) {
        push(
            raw,
            FieldKey::Title,
            "title",
            &inline_text(title),
            Origin::Field,
        );
    }
    if let Some(byline) = find(preface, |el| has_class(el, "byline")) {
        let authors: Vec<String> = find_all(byline, |el| {
            is(el, "a") && el.value().attr("rel") == Some("author")
        })
        .map(inline_text)
        .collect();
        if authors.is_empty() {
            push(
                raw,
                FieldKey::Author,
                "byline",
                &inline_text(byline),
                Origin::Field,
            );
        } else {
            push_items(raw, FieldKey::Author, "byline", &authors, Origin::Field);
        }
    }
    for module in find_all(preface, |el| has_class(el, "module")) {
        let Some(quote) = find(module, |el| is(el, "blockquote")) else {
            continue;
        };
        let (key, label) = if has_class(module, "summary") {
            (FieldKey::Summary, "Summary")
        } else {
            (FieldKey::Note, "Notes")
        };
        push_paragraphs(raw, key, label, &paragraphs(quote), Origin::Field);
    }
}

fn work_url(doc: &Html) -> Option<String> {
    static WORK: LazyLock<Regex> = LazyLock::new(|| {
        #[allow(clippy::expect_used)] // a literal pattern
        Regex::new(r"^(?:https?://[^/]*archiveofourown\.org)?/works/(\d+)").expect("valid regex")
    });
    let work = find_in(doc, |el| is(el, "div") && has_class(el, "work"))?;
    find_all(work, |el| is(el, "a"))
        .filter_map(|a| a.value().attr("href"))
        .find_map(|href| WORK.captures(href)?.get(1).map(|m| m.as_str().to_owned()))
        .map(|work_id| format!("https://{SITE}/works/{work_id}"))
}

fn in_body(el: ElementRef<'_>) -> bool {
    std::iter::once(el)
        .chain(fields::ancestors(el))
        .any(|e| is(e, "div") && has_class(e, "userstuff"))
}

/// Chapter headings, notes modules and the page's own chrome inside `#chapters` and
/// the afterword.
struct PageRules;

impl Rules for PageRules {
    fn role(&mut self, el: ElementRef<'_>) -> Role {
        // "Chapter Text" / "Work Text:" landmarks sit inside the text's own div.
        if has_class(el, "landmark") {
            return Role::Skip;
        }
        if in_body(el) {
            return generic_role(el);
        }
        if is(el, "p") && inline_text(el).starts_with("(See the end of the") {
            return Role::Skip;
        }
        let name = el.value().name();
        if name == "h3" && has_class(el, "title") {
            let link = find(el, |a| is(a, "a"))
                .and_then(|a| a.value().attr("href"))
                .map(|href| {
                    if href.starts_with('/') {
                        format!("https://{SITE}{href}")
                    } else {
                        href.to_owned()
                    }
                });
            return Role::Chapter(ChapterMark {
                title: Some(inline_text(el)).filter(|t| !t.is_empty()),
                id: link,
            });
        }
        if has_class(el, "jump") || has_class(el, "byline") {
            return Role::Skip;
        }
        match name {
            "blockquote" if has_class(el, "userstuff") => Role::Note,
            "h3" if has_class(el, "heading") => Role::NoteLabel,
            // Series navigation and "works inspired by" lists in the afterword.
            "div"
                if has_class(el, "series")
                    || has_class(el, "children")
                    || has_class(el, "associations") =>
            {
                Role::Skip
            }
            _ => generic_role(el),
        }
    }
}
