//! fanfiction.net pages from before `#profile_top` (2002 to about 2012): the story
//! block and the oldest pages' text cell. (The `<title>` and the breadcrumb, read
//! for every layout, are in [`super::naming`].)
//!
//! The layouts differ in markup but not in what they show, so each fact is found by
//! what it is rather than where one layout put it:
//! - the info line is the element whose own text holds `Rated:` (a `span.xgray`, a
//!   `div`, a `<FONT SIZE=1>`), read by [`crate::format::ffn_info`];
//! - the author is the first profile link (`/u/N/…`, `profile.php?userid=N`, also
//!   behind a Wayback Machine prefix) before the story text;
//! - the title is the nearest bold line before that link (`<b>` beside `By:`, or the
//!   breadcrumb's last `<b>`), trusted as a field when `<title>` agrees or says
//!   nothing, else kept below `<title>`;
//! - the text of a page without a `storytext` element is the block holding most of
//!   the page's own text.

use std::collections::HashMap;
use std::sync::LazyLock;

use ego_tree::NodeId;
use regex::Regex;
use scraper::{ElementRef, Html, Node};

use super::super::fields::{find_in, has_class, is, push, push_items};
use super::super::flow::inline_text;
use super::chapter_select;
use super::naming::{PageTitle, extends_title, names_site, same_title, site_path};
use crate::document::raw::Origin;
use crate::document::{FieldKey, RawMeta};
use crate::format::ffn_info;

/// Most elements looked back from the author link for the bold title line.
const TITLE_LOOKBACK: usize = 40;

/// Fewest characters of text the oldest layout's text cell must hold.
const MIN_MAIN_TEXT: usize = 200;

/// How many fanfiction.net marks a page carries: a `<title>` naming the site, a
/// `fictionratings.com` rating link, the chapter picker, a profile link, a saved-from
/// comment or canonical link to a story, a `.storytext` element.
pub fn signals(doc: &Html) -> usize {
    let mut count = 0;
    if super::super::fields::document_title(doc).is_some_and(|t| names_site(&t)) {
        count += 1;
    }
    if find_in(doc, |el| {
        is(el, "a")
            && el
                .value()
                .attr("href")
                .is_some_and(|h| h.to_ascii_lowercase().contains("fictionratings.com"))
    })
    .is_some()
    {
        count += 1;
    }
    if chapter_select(doc).is_some() {
        count += 1;
    }
    if find_in(doc, is_author_link).is_some() {
        count += 1;
    }
    let story_address = doc.tree.nodes().any(|node| match node.value() {
        Node::Comment(c) => c.to_ascii_lowercase().contains("fanfiction.net/s/"),
        _ => false,
    }) || super::super::fields::canonical_url(doc)
        .is_some_and(|u| u.to_ascii_lowercase().contains("fanfiction.net/s/"));
    if story_address {
        count += 1;
    }
    if find_in(doc, |el| has_class(el, "storytext")).is_some() {
        count += 1;
    }
    count
}

/// A link to an author's profile: `/u/123/Name`, `profile.php?userid=123`.
fn is_author_link(el: ElementRef<'_>) -> bool {
    static PROFILE: LazyLock<Regex> = LazyLock::new(|| {
        #[allow(clippy::expect_used)] // a literal pattern; tested below
        Regex::new(r"(?i)^/u/\d+|^/?profile\.php\?userid=\d+").expect("valid regex")
    });
    is(el, "a")
        && el
            .value()
            .attr("href")
            .is_some_and(|h| PROFILE.is_match(site_path(h.trim())))
}

/// The elements before the story text, in document order (the story block, the
/// breadcrumb and the site header; the text's ancestors too, whose own text is empty).
fn before_text<'a>(doc: &'a Html, text: Option<ElementRef<'a>>) -> Vec<ElementRef<'a>> {
    let stop = text.map(|t| t.id());
    let mut out = Vec::new();
    for el in doc.root_element().descendent_elements() {
        if Some(el.id()) == stop {
            break;
        }
        out.push(el);
    }
    out
}

/// Reads the story block of a page without `#profile_top`: the info line, the author
/// link, the bold title and the summary, all before the story text.
///
/// Returns the bold title line, if one was found.
pub fn read_story_block(
    doc: &Html,
    text: Option<ElementRef<'_>>,
    page: &PageTitle,
    raw: &mut RawMeta,
) -> Option<String> {
    let header = before_text(doc, text);
    let info = header.iter().position(|el| own_text_has(*el, "Rated:"));
    if let Some(line) = info.and_then(|i| header.get(i)).map(|el| info_line(*el)) {
        ffn_info::read_info_line(&line, raw);
        ffn_info::status_from_page_line(&line, raw);
    }
    let author = header.iter().position(|el| is_author_link(*el));
    if let Some(link) = author.and_then(|i| header.get(i)) {
        push_items(
            raw,
            FieldKey::Author,
            "author",
            &[inline_text(*link)],
            Origin::Field,
        );
    }
    let bold = author
        .or(info)
        .and_then(|anchor| title_before(&header, anchor));
    if let Some(bold) = &bold {
        let agrees = page.title.is_none()
            || [&page.title, &page.short]
                .into_iter()
                .flatten()
                .any(|t| same_title(t, bold) || extends_title(t, bold));
        let origin = if agrees { Origin::Field } else { Origin::Loose };
        push(raw, FieldKey::Title, "title", bold, origin);
    }
    if let Some(summary) = header.iter().find(|el| {
        is(**el, "div")
            && has_class(**el, "xcontrast_txt")
            && el
                .value()
                .attr("style")
                .is_some_and(|s| s.replace(' ', "").contains("margin-top:2px"))
    }) {
        push(
            raw,
            FieldKey::Summary,
            "summary",
            &inline_text(*summary),
            Origin::Field,
        );
    }
    bold
}

/// Whether one of the element's own text nodes contains `needle`.
fn own_text_has(el: ElementRef<'_>, needle: &str) -> bool {
    el.children()
        .any(|c| c.value().as_text().is_some_and(|t| t.contains(needle)))
}

/// The info line an element holds, from `Rated:` (or `Fiction Rated:`) on.
fn info_line(el: ElementRef<'_>) -> String {
    // `<a href=…>Rated: T</a>, English …`: the line is the link's parent's.
    let el = if is(el, "a") {
        el.parent().and_then(ElementRef::wrap).unwrap_or(el)
    } else {
        el
    };
    let text = inline_text(el);
    let start = text
        .find("Fiction Rated:")
        .or_else(|| text.find("Rated:"))
        .unwrap_or(0);
    text.get(start..).unwrap_or(&text).trim().to_owned()
}

/// The nearest bold line before `anchor` that can be a title (not a label, not the
/// site's name).
fn title_before(header: &[ElementRef<'_>], anchor: usize) -> Option<String> {
    let from = anchor.saturating_sub(TITLE_LOOKBACK);
    header.get(from..anchor)?.iter().rev().find_map(|el| {
        if !matches!(el.value().name(), "b" | "strong") {
            return None;
        }
        let text = inline_text(*el);
        let lower = text.to_ascii_lowercase();
        let plausible = !text.is_empty()
            && text.chars().count() <= 200
            && !text.ends_with(':')
            && !matches!(lower.as_str(), "by" | "author" | "rated")
            && !lower.contains("fanfiction");
        plausible.then_some(text)
    })
}

/// Elements whose text is credited to them when looking for the oldest layout's
/// text cell; paragraphs, fonts and other inline wrappers credit their container.
fn is_container(name: &str) -> bool {
    matches!(
        name,
        "td" | "th" | "div" | "body" | "blockquote" | "article" | "section" | "main" | "li"
    )
}

/// The block that holds most of the page's own text (link text, forms and pickers
/// not counted): the story cell of a 2002 page, which has no `storytext` element.
pub fn main_text(doc: &Html) -> Option<ElementRef<'_>> {
    let body = find_in(doc, |el| is(el, "body"))?;
    let mut credit: HashMap<NodeId, usize> = HashMap::new();
    for node in body.descendants() {
        let Some(text) = node.value().as_text() else {
            continue;
        };
        let len = text.trim().chars().count();
        if len == 0 {
            continue;
        }
        let mut container = None;
        for ancestor in node.ancestors().filter_map(ElementRef::wrap) {
            let name = ancestor.value().name();
            if matches!(
                name,
                "a" | "script"
                    | "style"
                    | "form"
                    | "select"
                    | "option"
                    | "textarea"
                    | "button"
                    | "noscript"
                    | "head"
            ) {
                container = None;
                break;
            }
            if container.is_none() && is_container(name) {
                container = Some(ancestor.id());
            }
        }
        if let Some(id) = container {
            *credit.entry(id).or_default() += len;
        }
    }
    let (best, chars) = credit.into_iter().max_by_key(|(_, chars)| *chars)?;
    if chars < MIN_MAIN_TEXT {
        return None;
    }
    doc.tree.get(best).and_then(ElementRef::wrap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn author_links() {
        let doc = Html::parse_document(
            r#"<a href="/u/1/A">a</a><a href="https://www.fanfiction.net/pm2/post.php?uid=1">pm</a><a href="/web/2010/http://www.fanfiction.net/u/2/B">b</a><a href="https://example.org/u/3">c</a>"#,
        );
        let found: Vec<String> =
            super::super::super::fields::find_all(doc.root_element(), is_author_link)
                .map(inline_text)
                .collect();
        assert_eq!(found, ["a", "b"]);
    }
}
