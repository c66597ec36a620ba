//! fimfiction.net's EPUB export: `book.opf` at the root (`dc:publisher` Fimfiction,
//! `dc:relation` and `dc:source` on fimfiction.net; written from a template, so a raw
//! `&` in a title or description makes it ill-formed: see [`super::lenient`]), a
//! `title.html` title page (`<h1>` title, `Written by <a>Author</a>`, a list of tags,
//! `Description` and its paragraphs), `toc.html`, and `chapter-N.html` pages that are
//! HTML rather than XHTML (`<hr>` unclosed), each opening with its title as `<h1>`.
//!
//! fimfiction.net hosts one fandom: every download is *My Little Pony: Friendship is
//! Magic*, or *Equestria Girls* when its tags say so.

use scraper::{ElementRef, Html};

use super::package::Package;
use crate::document::raw::Origin;
use crate::document::{FieldKey, RawMeta};
use crate::format::html::fields::{
    find_all, find_in, is, next_element, push, push_items, push_paragraphs,
};
use crate::format::html::flow::{inline_text, paragraphs};

/// The site.
pub const SITE: &str = "fimfiction.net";

/// The fandom of every fimfiction.net story unless its tags name another series.
pub const FANDOM: &str = "My Little Pony: Friendship is Magic";

/// fimfiction.net's content ratings.
const RATINGS: &[&str] = &["Everyone", "Teen", "Mature"];

/// fimfiction.net's story statuses.
const STATUSES: &[&str] = &["Complete", "Incomplete", "On Hiatus", "Cancelled"];

/// Series fimfiction.net tags stories with, as tags name them, and the fandom each is.
const SERIES: &[(&str, &str)] = &[
    ("equestria girls", "My Little Pony: Equestria Girls"),
    (
        "my little pony: equestria girls",
        "My Little Pony: Equestria Girls",
    ),
    (
        "my little pony: friendship is magic",
        "My Little Pony: Friendship is Magic",
    ),
    ("friendship is magic", "My Little Pony: Friendship is Magic"),
];

/// Whether the package says the book is fimfiction.net's: its publisher, or its
/// story address.
pub fn is_fimfiction(package: &Package) -> bool {
    package
        .first("publisher")
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("fimfiction"))
        || package
            .metadata
            .iter()
            .filter(|m| matches!(m.name.as_str(), "source" | "identifier" | "relation"))
            .any(|m| {
                m.value
                    .to_ascii_lowercase()
                    .contains("fimfiction.net/story/")
            })
}

/// Whether a page is the export's title page: its file is `title.*`, or an `<h1>` is
/// followed by a `Written by` (or `by`) line.
pub fn is_title_page(doc: &Html, path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.split('.').next().unwrap_or(file);
    stem.eq_ignore_ascii_case("title") || byline(doc).is_some()
}

/// The `Written by <a>Author</a>` line just after the title heading.
fn byline(doc: &Html) -> Option<ElementRef<'_>> {
    let h1 = find_in(doc, |el| is(el, "h1"))?;
    std::iter::successors(next_element(h1), |el| next_element(*el))
        .take(2)
        .find(|el| {
            let text = inline_text(*el);
            text.to_lowercase().starts_with("written by")
                || crate::format::html::header::byline(&text).is_some()
        })
}

/// Reads the title page: title, author, tags and description.
pub fn read_title_page(doc: &Html, raw: &mut RawMeta) {
    let Some(h1) = find_in(doc, |el| is(el, "h1")) else {
        return;
    };
    push(
        raw,
        FieldKey::Title,
        "title page",
        &inline_text(h1),
        Origin::Field,
    );
    if let Some(byline) = byline(doc) {
        let mut authors: Vec<String> = find_all(byline, |el| is(el, "a"))
            .map(inline_text)
            .collect();
        if authors.is_empty() {
            let text = inline_text(byline);
            let name = text.split_once("by ").map_or(text.as_str(), |(_, n)| n);
            authors.push(name.trim().to_owned());
        }
        push_items(raw, FieldKey::Author, "Written by", &authors, Origin::Field);
    }
    if let Some(list) = find_in(doc, |el| is(el, "ul")) {
        let mut tags: Vec<String> = Vec::new();
        for item in list.child_elements().filter(|li| is(*li, "li")) {
            let tag = inline_text(item);
            // fimfiction.net's three content ratings and its story statuses are
            // shown among the tags.
            if RATINGS.iter().any(|r| r.eq_ignore_ascii_case(&tag)) {
                push(raw, FieldKey::Rating, "rating tag", &tag, Origin::Field);
            } else if STATUSES.iter().any(|s| s.eq_ignore_ascii_case(&tag)) {
                push(raw, FieldKey::Status, "status tag", &tag, Origin::Field);
            } else {
                tags.push(tag);
            }
        }
        push_items(raw, FieldKey::Tag, "tags", &tags, Origin::Field);
    }
    if let Some(heading) = find_in(doc, |el| {
        matches!(el.value().name(), "h2" | "h3")
            && inline_text(el).eq_ignore_ascii_case("Description")
    }) {
        let text: Vec<String> =
            std::iter::successors(next_element(heading), |el| next_element(*el))
                .take_while(|el| !matches!(el.value().name(), "h1" | "h2" | "h3"))
                .flat_map(paragraphs)
                .collect();
        push_paragraphs(raw, FieldKey::Summary, "Description", &text, Origin::Field);
    }
}

/// The site and its fandom: *Equestria Girls* (or another series) when the tags or
/// subjects name it, else *Friendship is Magic*.
pub fn add_site_fields(package: &Package, raw: &mut RawMeta) {
    raw.site.get_or_insert_with(|| SITE.to_owned());
    let named: Vec<&str> = raw
        .get(FieldKey::Tag)
        .flat_map(|f| f.values.iter())
        .map(String::as_str)
        .chain(package.all("subject").map(|s| s.value.as_str()))
        .collect();
    let mut fandoms: Vec<String> = Vec::new();
    for tag in named {
        let lower = tag.trim().to_lowercase();
        if let Some((_, fandom)) = SERIES.iter().find(|(name, _)| *name == lower)
            && !fandoms.iter().any(|f| f == fandom)
        {
            fandoms.push((*fandom).to_owned());
        }
    }
    let label = if fandoms.is_empty() {
        fandoms.push(FANDOM.to_owned());
        "fimfiction.net (a My Little Pony archive)"
    } else {
        "fimfiction.net tags"
    };
    push_items(raw, FieldKey::Fandom, label, &fandoms, Origin::Container);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::epub::package::parse_opf;

    #[test]
    fn title_page() {
        let doc = Html::parse_document(
            "<body><h1>Tea & Thunder</h1><p>Written by <a href='/user/1'>Brightquill</a></p>\
             <ul><li>Comedy</li><li>Equestria Girls</li><li>Teen</li><li>Complete</li></ul><h2>Description</h2><p>One.</p><p>Two.</p></body>",
        );
        assert!(is_title_page(&doc, "title.html"));
        assert!(is_title_page(&doc, "Text/page1.xhtml"));
        let mut raw = RawMeta::default();
        read_title_page(&doc, &mut raw);
        let got: Vec<(FieldKey, String)> = raw.fields.iter().map(|f| (f.key, f.joined())).collect();
        assert_eq!(
            got,
            [
                (FieldKey::Title, "Tea & Thunder".to_owned()),
                (FieldKey::Author, "Brightquill".to_owned()),
                (FieldKey::Rating, "Teen".to_owned()),
                (FieldKey::Status, "Complete".to_owned()),
                (FieldKey::Tag, "Comedy, Equestria Girls".to_owned()),
                (FieldKey::Summary, "One.\n\nTwo.".to_owned()),
            ]
        );
        let package = parse_opf(
            "<package><metadata><publisher>Fimfiction</publisher></metadata></package>",
            "book.opf",
        )
        .expect("package");
        assert!(is_fimfiction(&package));
        add_site_fields(&package, &mut raw);
        let fandoms: Vec<String> = raw
            .get(FieldKey::Fandom)
            .map(crate::document::RawField::joined)
            .collect();
        assert_eq!(fandoms, ["My Little Pony: Equestria Girls"]);
        // A chapter that opens with a heading is no title page.
        let chapter = Html::parse_document("<h1>Monday</h1><p>The journal was red.</p>");
        assert!(!is_title_page(&chapter, "chapter-1.html"));
        // A first sentence that starts "By" is no byline.
        let chapter = Html::parse_document(
            "<h1>Monday</h1><p>By the time she arrived, the storm had passed.</p>",
        );
        assert!(!is_title_page(&chapter, "chapter-2.html"));
    }

    #[test]
    fn other_publishers_are_not_fimfiction() {
        let package = parse_opf(
            "<package><metadata><publisher>Archive of Our Own</publisher><source>https://example.org/fimfiction.net</source></metadata></package>",
            "x.opf",
        )
        .expect("package");
        assert!(!is_fimfiction(&package));
    }
}
