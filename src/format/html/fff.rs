//! FanFicFare output (FORMATS §3.4, USERS §2.1). The HTML file is an `<h1>` (title
//! link, "by", author link), a `table.full` of `<b>Label:</b>` / value rows, a table
//! of contents, then one `<a name="sectionNNNN"><h2>Title</h2></a>` per chapter. The
//! EPUB's `title_page.xhtml` holds the same labels as `<b>Label:</b> value<br/>` lines
//! (or the same table). Users can rename or drop labels, so only known labels are
//! read and any may be missing.

use scraper::{ElementRef, Html, Node};

use super::breaks::build_chapters;
use super::fields::{
    clean_value, find, find_all, find_in, has_class, is, label_text, push, push_items,
    push_paragraphs,
};
use super::flow::{self, ChapterMark, Role, Rules, generic_role, inline_text, paragraphs};
use crate::document::raw::Origin;
use crate::document::{Document, FieldKey, RawMeta};

/// Maps a FanFicFare label (default or site-specific) to a field. `Category` holds
/// the fandoms; `Genre` (and AO3 categories, freeform tags) are categories and tags.
pub fn label_key(label: &str) -> Option<FieldKey> {
    let key = match label.to_lowercase().as_str() {
        "title" => FieldKey::Title,
        "author" | "authors" => FieldKey::Author,
        "category" | "categories" | "fandom" | "fandoms" => FieldKey::Fandom,
        "genre" | "genres" | "ao3 categories" => FieldKey::Category,
        "freeform tags" | "freeform" | "tags" | "additional tags" => FieldKey::Tag,
        "relationships" | "relationship" | "pairings" | "pairing" | "ships" => {
            FieldKey::Relationship
        }
        "characters" | "character" => FieldKey::Character,
        "status" => FieldKey::Status,
        "story url" | "url" => FieldKey::Url,
        "series" => FieldKey::Series,
        "warnings" | "warning" => FieldKey::Warning,
        "rating" => FieldKey::Rating,
        "words" | "word count" => FieldKey::Words,
        "chapters" | "chapters/total chapters" => FieldKey::Chapters,
        "published" => FieldKey::Published,
        "updated" => FieldKey::Updated,
        "summary" | "description" => FieldKey::Summary,
        "language" => FieldKey::Language,
        _ => return None,
    };
    Some(key)
}

/// Whether an HTML document is FanFicFare's HTML output.
pub fn is_fff_html(doc: &Html) -> bool {
    let toc = find_in(doc, |el| {
        is(el, "a") && el.value().attr("name") == Some("TOCTOP")
    });
    let sections = find_in(doc, |el| {
        is(el, "a")
            && el
                .value()
                .attr("name")
                .is_some_and(|n| n.starts_with("section"))
    });
    toc.is_some() || (sections.is_some() && find_in(doc, is_label_table).is_some())
}

fn is_label_table(el: ElementRef<'_>) -> bool {
    is(el, "table") && has_class(el, "full")
}

/// Reads FanFicFare's HTML output.
pub fn parse_html(doc: &Html) -> Document {
    let mut raw = RawMeta::default();
    if let Some(h1) = find_in(doc, |el| is(el, "h1")) {
        read_title_heading(h1, &mut raw);
    }
    if let Some(body) = find_in(doc, |el| is(el, "body")) {
        read_label_block(body, &mut raw);
    }
    crate::format::fanficfare::itemise_lists(&mut raw.fields);
    let notes = super::notes::lone(doc);
    let items = find_in(doc, |el| is(el, "body"))
        .map(|body| flow::walk_story(body, &mut HtmlRules, notes.story(0, "")))
        .unwrap_or_default();
    Document {
        chapters: build_chapters(items, false),
        raw,
    }
}

/// `<h1><a href=URL>Title</a> by <a>Author</a></h1>` (`<h3>` on the EPUB title page).
pub fn read_title_heading(heading: ElementRef<'_>, raw: &mut RawMeta) {
    let mut links = find_all(heading, |el| is(el, "a"));
    if let Some(title) = links.next() {
        push(
            raw,
            FieldKey::Title,
            "title",
            &inline_text(title),
            Origin::Field,
        );
        if let Some(url) = title.value().attr("href") {
            push(raw, FieldKey::Url, "title link", url, Origin::Field);
        }
    }
    // One link is one author, whatever its name holds.
    for author in links {
        // One link, one pen name (`Salt and Pepper`): itemised, never split.
        push_items(
            raw,
            FieldKey::Author,
            "author",
            &[inline_text(author)],
            Origin::Field,
        );
    }
}

/// The label block under `root`: `table.full` rows or `<b>Label:</b> value<br/>` runs.
pub fn read_label_block(root: ElementRef<'_>, raw: &mut RawMeta) {
    if let Some(table) = find(root, is_label_table) {
        for row in find_all(table, |el| is(el, "tr")) {
            let mut cells = row
                .child_elements()
                .filter(|c| is(*c, "td") || is(*c, "th"));
            if let (Some(label), Some(value)) = (cells.next(), cells.next()) {
                push_value(&label_text(&inline_text(label)), value, raw);
            }
        }
        return;
    }
    for bold in find_all(root, |el| is(el, "b") || is(el, "strong")) {
        let text = inline_text(bold);
        if !text.trim_end().ends_with(':') {
            continue;
        }
        let label = label_text(&text);
        let Some(key) = label_key(&label) else {
            continue;
        };
        let value = value_after(bold);
        if key == FieldKey::Summary {
            push_paragraphs(raw, key, &label, &value, Origin::Field);
        } else {
            push(raw, key, &label, &value.join(" "), Origin::Field);
        }
    }
}

fn push_value(label: &str, value: ElementRef<'_>, raw: &mut RawMeta) {
    let Some(key) = label_key(label) else {
        return;
    };
    if key == FieldKey::Summary {
        push_paragraphs(raw, key, label, &paragraphs(value), Origin::Field);
    } else {
        push(raw, key, label, &inline_text(value), Origin::Field);
    }
}

/// The text after a `<b>Label:</b>` up to the next `<br>` or label, as paragraphs
/// (the summary's value is a `<div>` of several).
fn value_after(label: ElementRef<'_>) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut inline = String::new();
    for sibling in label.next_siblings() {
        match sibling.value() {
            Node::Text(text) => inline.push_str(text),
            Node::Element(el) => {
                let Some(el_ref) = ElementRef::wrap(sibling) else {
                    continue;
                };
                match el.name() {
                    "br" => break,
                    "b" | "strong" if inline_text(el_ref).ends_with(':') => break,
                    "div" | "p" | "blockquote" => {
                        if !clean_value(&inline).is_empty() {
                            parts.push(std::mem::take(&mut inline));
                        }
                        parts.extend(paragraphs(el_ref));
                    }
                    _ => inline.push_str(&el_ref.text().collect::<String>()),
                }
            }
            _ => {}
        }
    }
    if !clean_value(&inline).is_empty() {
        parts.push(inline);
    }
    parts
        .iter()
        .map(|p| clean_value(p))
        .filter(|p| !p.is_empty())
        .collect()
}

/// FanFicFare HTML: chapters at `<a name="sectionNNNN">`; the title block and the
/// table of contents before the first one are front matter.
struct HtmlRules;

impl Rules for HtmlRules {
    fn role(&mut self, el: ElementRef<'_>) -> Role {
        if is(el, "a")
            && el
                .value()
                .attr("name")
                .is_some_and(|n| n.starts_with("section"))
        {
            let title = find(el, |h| matches!(h.value().name(), "h1" | "h2" | "h3"))
                .map(inline_text)
                .filter(|t| !t.is_empty());
            return Role::Chapter(ChapterMark { title, id: None });
        }
        generic_role(el)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_page_lines() {
        let doc = Html::parse_document(
            "<body class='fff_titlepage'><h3><a href='http://x?sid=1'>T</a> by <a>A</a></h3><div>\
             <b>Category:</b> Harry Potter, Smallville<br/>\
             <b>Relationships:</b> Harry Potter &amp; Hermione Granger<br/>\
             <b>Packaged:</b> 2026<br/>\
             <b>Status:</b> Completed<br/>\
             <b>Summary:</b> <div>One<p>Two</p></div><br/></div>",
        );
        let mut raw = RawMeta::default();
        let body = find_in(&doc, |el| is(el, "body")).expect("body");
        read_title_heading(find(body, |el| is(el, "h3")).expect("h3"), &mut raw);
        read_label_block(body, &mut raw);
        let got: Vec<(FieldKey, String)> = raw.fields.iter().map(|f| (f.key, f.joined())).collect();
        assert_eq!(
            got,
            [
                (FieldKey::Title, "T".to_owned()),
                (FieldKey::Url, "http://x?sid=1".to_owned()),
                (FieldKey::Author, "A".to_owned()),
                (FieldKey::Fandom, "Harry Potter, Smallville".to_owned()),
                (
                    FieldKey::Relationship,
                    "Harry Potter & Hermione Granger".to_owned()
                ),
                (FieldKey::Status, "Completed".to_owned()),
                (FieldKey::Summary, "One\n\nTwo".to_owned()),
            ]
        );
    }
}
