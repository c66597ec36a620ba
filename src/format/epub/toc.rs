//! Chapter titles from the table of contents: the EPUB 3 navigation document
//! (`<nav epub:type="toc">`) or the EPUB 2 NCX (`navMap/navPoint`), flattened in
//! reading order. Both walks are iterative.

use scraper::ElementRef;

use super::lenient::Fixes;
use super::package::{lenient_retry, parse_xml};
use super::paths::{resolve, split_fragment};
use crate::format::html::fields::{clean_value, find_all, find_in, is};
use crate::format::html::flow::inline_text;

/// One table-of-contents entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// The title shown in the table of contents.
    pub label: String,
    /// Zip path of the target file.
    pub path: String,
    /// The anchor inside the target file, if any.
    pub fragment: Option<String>,
}

/// Entries of an NCX file at zip path `ncx_path`; none when it is not well-formed.
pub fn parse_ncx(text: &str, ncx_path: &str) -> Vec<TocEntry> {
    parse_xml(text)
        .map(|xml| ncx_entries(&xml, ncx_path))
        .unwrap_or_default()
}

/// Entries of an NCX file, reading one that is not well-formed XML leniently (a raw
/// `&` in a chapter title); the fixes say what that took.
pub fn parse_ncx_lenient(text: &str, ncx_path: &str) -> (Vec<TocEntry>, Option<Fixes>) {
    if let Ok(xml) = parse_xml(text) {
        return (ncx_entries(&xml, ncx_path), None);
    }
    let read = |fixed: &str| parse_xml(fixed).ok().map(|xml| ncx_entries(&xml, ncx_path));
    lenient_retry(text, "ncx", &["content", "meta"], read)
        .map_or_else(|| (Vec::new(), None), |(entries, fixes)| (entries, fixes))
}

fn ncx_entries(xml: &roxmltree::Document<'_>, ncx_path: &str) -> Vec<TocEntry> {
    let Some(nav_map) = xml.descendants().find(|n| n.has_tag_name("navMap")) else {
        return Vec::new();
    };
    nav_map
        .descendants()
        .filter(|n| n.has_tag_name("navPoint"))
        .filter_map(|point| {
            let label = point
                .children()
                .find(|n| n.has_tag_name("navLabel"))?
                .descendants()
                .find(|n| n.has_tag_name("text"))?
                .text()
                .unwrap_or_default();
            let src = point
                .children()
                .find(|n| n.has_tag_name("content"))?
                .attribute("src")?;
            Some(entry(label, ncx_path, src))
        })
        .collect()
}

/// Entries of an EPUB 3 navigation document at zip path `nav_path`.
pub fn parse_nav(text: &str, nav_path: &str) -> Vec<TocEntry> {
    nav_entries(text, nav_path, false).unwrap_or_default()
}

/// The first entries of a long navigation document, read from its first `budget`
/// bytes cut after a whole list item, with the spine position of the last entry's
/// page: the pages before it have all their entries, as long as the contents run
/// in reading order (any entry out of order, outside the spine, or no `toc` nav in
/// the part read, and `None`: read it all).
pub fn nav_start(
    text: &str,
    nav_path: &str,
    budget: usize,
    spine_position: impl Fn(&str) -> Option<usize>,
) -> Option<(Vec<TocEntry>, usize)> {
    if text.len() <= budget {
        return None;
    }
    let window = text.get(..budget).or_else(|| {
        let end = (0..budget).rev().find(|&i| text.is_char_boundary(i))?;
        text.get(..end)
    })?;
    let cut = window.to_ascii_lowercase().rfind("</li>")? + "</li>".len();
    let entries = nav_entries(&text[..cut], nav_path, true)?;
    let positions: Vec<usize> = entries
        .iter()
        .map(|e| spine_position(&e.path))
        .collect::<Option<_>>()?;
    let in_order = positions.windows(2).all(|w| w[0] <= w[1]);
    let until = *positions.last()?;
    (in_order && until > 0).then_some((entries, until))
}

/// The entries of the `toc` nav (with `typed_only`, only a nav marked as one).
fn nav_entries(text: &str, nav_path: &str, typed_only: bool) -> Option<Vec<TocEntry>> {
    let doc = crate::format::html::dom::parse_document(text);
    let is_toc_nav = |el: ElementRef<'_>| {
        is(el, "nav")
            && el.value().attrs().any(|(name, value)| {
                name.ends_with("type") && value.split_whitespace().any(|t| t == "toc")
            })
    };
    let typed = find_in(&doc, is_toc_nav);
    let nav = if typed_only {
        typed?
    } else {
        typed.or_else(|| find_in(&doc, |el| is(el, "nav")))?
    };
    let entries: Vec<TocEntry> = find_all(nav, |el| is(el, "a"))
        .filter_map(|a| {
            let href = a.value().attr("href")?;
            Some(entry(&inline_text(a), nav_path, href))
        })
        .collect();
    Some(entries)
}

fn entry(label: &str, base: &str, href: &str) -> TocEntry {
    let (_, fragment) = split_fragment(href);
    TocEntry {
        label: unescape(&clean_value(label)),
        path: resolve(base, href),
        fragment: fragment.map(str::to_owned),
    }
}

/// Undoes one level of HTML escaping left in XML text (FanFicFare double-escapes
/// `&` in some values: `&amp;amp;` → `&amp;` after XML parsing → `&`).
pub fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let fragment = scraper::Html::parse_fragment(&text.replace('<', "&lt;"));
    clean_value(&fragment.root_element().text().collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nav_of(items: &[&str], typed: bool) -> String {
        let list: Vec<String> = items
            .iter()
            .map(|page| format!(r#"<li><a href="{page}.xhtml">Chapter {page}</a></li>"#))
            .collect();
        let list = list.concat();
        let kind = if typed { r#" epub:type="toc""# } else { "" };
        format!("<html><body><nav{kind}><ol>{list}</ol></nav></body></html>")
    }

    #[test]
    fn the_start_of_a_contents_page_serves_a_head_only_in_reading_order() {
        let spine = ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"];
        let position = |path: &str| spine.iter().position(|p| format!("{p}.xhtml") == path);
        let in_order = nav_of(&spine, true);
        let (entries, until) =
            nav_start(&in_order, "nav.xhtml", 200, position).expect("a start is read");
        assert!(
            entries.len() >= 2 && entries.len() < spine.len(),
            "{entries:?}"
        );
        assert_eq!(Some(until), position(&entries[entries.len() - 1].path));
        assert_eq!(entries, parse_nav(&in_order, "nav.xhtml")[..entries.len()]);
        // Short enough to read whole, out of reading order, a page outside the spine,
        // no nav marked `toc`: read it all.
        assert!(nav_start(&in_order, "nav.xhtml", in_order.len(), position).is_none());
        let shuffled = nav_of(&["c1", "c3", "c2", "c4", "c5", "c6", "c7", "c8"], true);
        assert!(nav_start(&shuffled, "nav.xhtml", 200, position).is_none());
        let outside = nav_of(&["c1", "x9", "c2", "c4", "c5", "c6", "c7", "c8"], true);
        assert!(nav_start(&outside, "nav.xhtml", 200, position).is_none());
        assert!(nav_start(&nav_of(&spine, false), "nav.xhtml", 200, position).is_none());
    }

    #[test]
    fn nav_document() {
        let nav = r#"<html xmlns:epub="http://www.idpf.org/2007/ops"><body>
            <nav epub:type="landmarks"><ol><li><a href="cover.xhtml">Cover</a></li></ol></nav>
            <nav epub:type="toc"><ol>
              <li><a href="text/one.xhtml">One</a>
                <ol><li><a href="text/one.xhtml#s2">One, part 2</a></li></ol></li>
              <li><a href="text/two.xhtml"><span>Two</span> &amp; more</a></li>
            </ol></nav></body></html>"#;
        let entries = parse_nav(nav, "EPUB/nav.xhtml");
        let got: Vec<(&str, &str, Option<&str>)> = entries
            .iter()
            .map(|e| (e.label.as_str(), e.path.as_str(), e.fragment.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("One", "EPUB/text/one.xhtml", None),
                ("One, part 2", "EPUB/text/one.xhtml", Some("s2")),
                ("Two & more", "EPUB/text/two.xhtml", None),
            ]
        );
    }

    #[test]
    fn ncx_with_nesting_and_escapes() {
        let ncx = r#"<ncx><navMap>
            <navPoint><navLabel><text>Chapter 4 &amp;amp; 4.5</text></navLabel><content src="a.html"/>
              <navPoint><navLabel><text>Inner</text></navLabel><content src="a.html#x"/></navPoint>
            </navPoint></navMap></ncx>"#;
        let entries = parse_ncx(ncx, "OEBPS/toc.ncx");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].label, "Chapter 4 & 4.5");
        assert_eq!(entries[1].fragment.as_deref(), Some("x"));
        assert!(parse_ncx("<ncx", "toc.ncx").is_empty());
    }
}
