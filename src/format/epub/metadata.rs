//! OPF metadata → [`RawMeta`] fields with [`Origin::Container`]: title, authors
//! (role `aut` or none), the description (escaped HTML → plain paragraphs), subjects
//! (only as a fallback), language, dates, the story URL and the series.

use super::package::Package;
use super::toc::unescape;
use crate::document::raw::Origin;
use crate::document::{FieldKey, RawMeta};
use crate::format::html::fields::{self, push, push_items, push_paragraphs};
use crate::format::html::flow::paragraphs;
use crate::format::html::{ao3, dom};

/// OPF metadata as container fields. `dc:subject` is a flat, untyped list in AO3
/// and FanFicFare books, so it is only used when the book's own pages gave no
/// typed tags.
pub fn add_opf_fields(p: &Package, raw: &mut RawMeta) {
    let o = Origin::Container;
    let is_ao3 = raw.site.as_deref() == Some(ao3::SITE);
    if let Some(title) = p.first("title") {
        push(raw, FieldKey::Title, "dc:title", &unescape(title), o);
    }
    let authors: Vec<String> = p
        .all("creator")
        .filter(|c| c.qualifier.as_deref().is_none_or(|r| r == "aut"))
        .map(|c| unescape(&c.value))
        .collect();
    push_items(raw, FieldKey::Author, "dc:creator", &authors, o);
    if let Some(description) = p.first("description") {
        let fragment = dom::parse_fragment(description);
        push_paragraphs(
            raw,
            FieldKey::Summary,
            "dc:description",
            &paragraphs(fragment.root_element()),
            o,
        );
    }
    let typed = [
        FieldKey::Fandom,
        FieldKey::Relationship,
        FieldKey::Character,
        FieldKey::Tag,
    ];
    if !raw
        .fields
        .iter()
        .any(|f| typed.contains(&f.key) && f.origin != o)
    {
        let subjects: Vec<String> = p
            .all("subject")
            .map(|s| unescape(&s.value))
            .filter(|s| s != "Fanworks")
            .collect();
        push_items(raw, FieldKey::Tag, "dc:subject", &subjects, o);
    }
    if let Some(language) = p.first("language") {
        push(raw, FieldKey::Language, "dc:language", language, o);
    }
    for date in p.all("date") {
        let value = date
            .value
            .get(..10)
            .filter(|d| is_iso_date(d))
            .unwrap_or(&date.value);
        // calibre writes AO3's revision date as the book's date.
        let key = match date.qualifier.as_deref() {
            _ if is_ao3 => FieldKey::Updated,
            Some("modification") => FieldKey::Updated,
            Some("creation") => continue,
            _ => FieldKey::Published,
        };
        push(raw, key, "dc:date", value, o);
    }
    let urls = p
        .all("source")
        .chain(p.all("identifier"))
        .filter(|m| m.value.starts_with("http://") || m.value.starts_with("https://"))
        .map(|m| m.value.clone());
    if let Some(url) = urls.into_iter().next() {
        push(raw, FieldKey::Url, "dc:source", &url, o);
    }
    for series in p.all("series") {
        let value = match series.qualifier.as_deref() {
            Some(index) if !index.is_empty() => format!(
                "{} [{}]",
                unescape(&series.value),
                index.trim_end_matches(".0")
            ),
            _ => unescape(&series.value),
        };
        push(raw, FieldKey::Series, "calibre:series", &value, o);
    }
    if raw.site.is_none()
        && let Some(publisher) = p.first("publisher")
        && p.all("contributor").any(|c| c.value.contains("FanFicFare"))
    {
        raw.site = Some(fields::clean_value(publisher));
    }
}

fn is_iso_date(text: &str) -> bool {
    text.len() == 10
        && text.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        })
}
