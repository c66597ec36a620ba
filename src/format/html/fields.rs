//! Small helpers every producer uses to turn DOM bits into clean [`RawField`]s, and
//! the DOM queries (by tag, class, id) the producers need without CSS selectors.

use scraper::{ElementRef, Html};

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

/// Every element under `root` (itself included) matching `pred`, in document order.
pub fn find_all<'a>(
    root: ElementRef<'a>,
    pred: impl Fn(ElementRef<'a>) -> bool,
) -> impl Iterator<Item = ElementRef<'a>> {
    std::iter::once(root)
        .chain(root.descendent_elements())
        .filter(move |el| pred(*el))
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
