//! Small helpers every producer uses to turn DOM bits into clean [`RawField`]s, and
//! the DOM queries (by tag, class, id) the producers need without CSS selectors.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};

use super::rich::clean_text;
use crate::document::raw::Origin;
use crate::document::{FieldKey, RawField, RawMeta};

/// Cleans a value: no control characters, whitespace collapsed, trimmed.
pub fn clean_value(text: &str) -> String {
    clean_text(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Pushes a one-value field unless the value is empty.
pub fn push(raw: &mut RawMeta, key: FieldKey, label: &str, value: &str, origin: Origin) {
    let value = clean_value(value);
    if !value.is_empty() {
        raw.push(RawField::new(key, clean_value(label), value, origin));
    }
}

/// Pushes a field whose paragraphs are kept apart by a blank line (summaries, notes).
pub fn push_paragraphs(
    raw: &mut RawMeta,
    key: FieldKey,
    label: &str,
    paragraphs: &[String],
    origin: Origin,
) {
    let joined = paragraphs
        .iter()
        .map(|p| clean_value(p))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    if !joined.is_empty() {
        raw.push(RawField::new(key, clean_value(label), joined, origin));
    }
}

/// Pushes a field whose values the source lists as separate items (AO3 tag links).
pub fn push_items(
    raw: &mut RawMeta,
    key: FieldKey,
    label: &str,
    values: &[String],
    origin: Origin,
) {
    let values: Vec<String> = values
        .iter()
        .map(|v| clean_value(v))
        .filter(|v| !v.is_empty())
        .collect();
    if values.is_empty() {
        return;
    }
    raw.push(RawField {
        key,
        label: clean_value(label),
        values,
        itemised: true,
        origin,
        line: None,
    });
}

/// A label as written, without its trailing colon.
pub fn label_text(text: &str) -> String {
    clean_value(text)
        .trim_end_matches([':', ';'])
        .trim()
        .to_owned()
}

/// Whether the element has this class.
pub fn has_class(el: ElementRef<'_>, class: &str) -> bool {
    el.value().classes().any(|c| c == class)
}

/// Whether the element's tag is `name`.
pub fn is(el: ElementRef<'_>, name: &str) -> bool {
    el.value().name() == name
}

/// The element's id.
pub fn id(el: ElementRef<'_>) -> Option<&str> {
    el.value().id()
}

/// Every element under `root` (itself included) matching `pred`, in document order,
/// without descending into a match: an element inside a match is part of it.
///
/// Callers read each match's whole subtree (its text, its links, a walk of it). When
/// unclosed tags nest copies of a page inside one another, a match inside a match
/// is the same thing copied, and reading both would read the inner one once per
/// level: output, time and memory growing with copies × depth (fuzz finding D).
/// Skipping inside matches reads every element at most once per query.
pub fn find_all<'a>(
    root: ElementRef<'a>,
    pred: impl Fn(ElementRef<'a>) -> bool,
) -> impl Iterator<Item = ElementRef<'a>> {
    Outermost {
        root: *root,
        next: Some(*root),
        pred,
    }
}

/// The pre-order walk behind [`find_all`], by sibling and parent links (no stack).
struct Outermost<'a, P> {
    root: NodeRef<'a, Node>,
    next: Option<NodeRef<'a, Node>>,
    pred: P,
}

impl<'a, P: Fn(ElementRef<'a>) -> bool> Outermost<'a, P> {
    /// The node after `node`'s subtree, within `root`'s.
    fn after(&self, mut node: NodeRef<'a, Node>) -> Option<NodeRef<'a, Node>> {
        loop {
            if node == self.root {
                return None;
            }
            if let Some(sibling) = node.next_sibling() {
                return Some(sibling);
            }
            node = node.parent()?;
        }
    }
}

impl<'a, P: Fn(ElementRef<'a>) -> bool> Iterator for Outermost<'a, P> {
    type Item = ElementRef<'a>;

    fn next(&mut self) -> Option<ElementRef<'a>> {
        while let Some(node) = self.next {
            let matched = ElementRef::wrap(node).filter(|el| (self.pred)(*el));
            self.next = match (matched, node.first_child()) {
                (None, Some(child)) => Some(child),
                _ => self.after(node),
            };
            if matched.is_some() {
                return matched;
            }
        }
        None
    }
}

/// The first element under `root` matching `pred`.
pub fn find<'a>(
    root: ElementRef<'a>,
    pred: impl Fn(ElementRef<'a>) -> bool,
) -> Option<ElementRef<'a>> {
    find_all(root, pred).next()
}

/// The first element of the document matching `pred`.
pub fn find_in<'a>(doc: &'a Html, pred: impl Fn(ElementRef<'a>) -> bool) -> Option<ElementRef<'a>> {
    find(doc.root_element(), pred)
}

/// The next sibling that is an element.
pub fn next_element(el: ElementRef<'_>) -> Option<ElementRef<'_>> {
    el.next_siblings().find_map(ElementRef::wrap)
}

/// The previous sibling that is an element.
pub fn previous_element(el: ElementRef<'_>) -> Option<ElementRef<'_>> {
    el.prev_siblings().find_map(ElementRef::wrap)
}

/// The element's ancestors that are elements, nearest first.
pub fn ancestors(el: ElementRef<'_>) -> impl Iterator<Item = ElementRef<'_>> {
    el.ancestors().filter_map(ElementRef::wrap)
}

/// The `<title>` of a document.
pub fn document_title(doc: &Html) -> Option<String> {
    let title = find_in(doc, |el| is(el, "title"))?;
    let text = super::flow::inline_text(title);
    (!text.is_empty()).then_some(text)
}

/// The `content` of `<meta name=…>` or `<meta property=…>`.
pub fn meta_content<'a>(doc: &'a Html, name: &str) -> Option<&'a str> {
    find_in(doc, |el| {
        is(el, "meta")
            && (el.value().attr("name") == Some(name) || el.value().attr("property") == Some(name))
    })
    .and_then(|el| el.value().attr("content"))
}

/// The `href` of `<link rel=canonical>`.
pub fn canonical_url(doc: &Html) -> Option<&str> {
    find_in(doc, |el| {
        is(el, "link")
            && el
                .value()
                .attr("rel")
                .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
    })
    .and_then(|el| el.value().attr("href"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_all_skips_inside_matches() {
        let doc = Html::parse_document(
            "<div id=a><p>1<span><div id=b>2</div></span></p></div>\
             <div id=c><div id=d></div></div><p><div id=e></div></p>",
        );
        let ids: Vec<&str> = find_all(doc.root_element(), |el| is(el, "div"))
            .filter_map(id)
            .collect();
        assert_eq!(ids, ["a", "c", "e"]);
        let quotes = Html::parse_document("<q>1<q>2</q></q><i><q>3<b><q>4</q></b></q></i>");
        let outer: Vec<String> = find_all(quotes.root_element(), |el| is(el, "q"))
            .map(|q| q.text().collect())
            .collect();
        assert_eq!(outer, ["12", "34"]);
        // The root itself can match, and then nothing else does.
        let body = find_in(&doc, |el| is(el, "body")).expect("body");
        assert_eq!(find_all(body, |_| true).count(), 1);
        // A search from an inner element stays inside it.
        let c = find_in(&doc, |el| id(el) == Some("c")).expect("c");
        let inside: Vec<&str> = find_all(c, |el| id(el) == Some("d") || id(el) == Some("e"))
            .filter_map(id)
            .collect();
        assert_eq!(inside, ["d"]);
    }

    #[test]
    fn values_are_clean_and_nonempty() {
        let mut raw = RawMeta::default();
        push(
            &mut raw,
            FieldKey::Title,
            "Title:",
            " a\u{1b}[2J \n b ",
            Origin::Field,
        );
        push(&mut raw, FieldKey::Author, "Author", "  ", Origin::Field);
        push_items(
            &mut raw,
            FieldKey::Tag,
            "Tags",
            &["x".into(), " ".into()],
            Origin::Field,
        );
        assert_eq!(raw.fields.len(), 2);
        assert_eq!(raw.fields[0].values, ["a b"]);
        assert_eq!(raw.fields[1].values, ["x"]);
        assert!(raw.fields[1].itemised);
        assert_eq!(label_text(" Archive Warning: "), "Archive Warning");
    }
}
