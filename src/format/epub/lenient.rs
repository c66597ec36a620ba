//! The second reading of an EPUB's structural XML (`META-INF/container.xml`, the
//! package file, the NCX) when the strict parse fails. Real books break XML in a
//! few ways — fimfiction.net writes a raw `&` into the title, descriptions carry
//! HTML entities XML does not define (`&hellip;`), a stray `<3`, or unbalanced HTML
//! tags — and one bad character must not lose the whole book.
//!
//! Two steps, each tried only if the one before did not give well-formed XML:
//! 1. [`repair`]: escape a `&` that starts no entity, spell out HTML named entities,
//!    escape a `<` that starts no markup, drop characters XML forbids. Everything
//!    else is left byte for byte, so a repaired file parses exactly as intended.
//! 2. [`salvage`]: parse with the HTML parser (which accepts anything), then write
//!    the named root's subtree back as plain XML: prefixes and namespace
//!    declarations dropped, the elements that are always empty (`item`, `itemref` …)
//!    closed where they stand. What cannot be read (an EPUB 3 refinement whose
//!    `<meta>` the HTML parser takes for a void element) is lost, the rest is read.
//!
//! Neither step ever fails on input: the caller keeps the strict error when even the
//! salvaged text does not parse.

use std::fmt::{self, Write as _};

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};

/// What the lenient reading had to do, for `ficread info`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fixes {
    /// `&` that started no entity, now `&amp;`.
    pub ampersands: usize,
    /// HTML named entities XML does not define, spelled out.
    pub entities: usize,
    /// `<` that started no markup, now `&lt;`.
    pub less_thans: usize,
    /// Characters XML 1.0 forbids, dropped.
    pub controls: usize,
    /// Whether the text had to be rebuilt by the HTML parser.
    pub salvaged: bool,
}

impl fmt::Display for Fixes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        let mut count = |n: usize, what: &str| {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        };
        count(self.ampersands, "stray '&' escaped");
        count(self.entities, "HTML entities spelled out");
        count(self.less_thans, "stray '<' escaped");
        count(self.controls, "control characters dropped");
        if self.salvaged {
            parts.push("rebuilt by the HTML parser, unreadable parts dropped".to_owned());
        }
        if parts.is_empty() {
            f.write_str("read leniently")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

/// Where the scanner is in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    /// Inside `<…>`; the quote character when inside an attribute value.
    Tag(Option<char>),
    /// `<!-- … -->`, `<![CDATA[ … ]]>`, `<? … ?>`, `<!DOCTYPE … >`: copied as is
    /// up to the end marker.
    Raw(&'static str),
}

/// The XML predefined entities.
const XML_ENTITIES: &[&str] = &["amp", "lt", "gt", "quot", "apos"];

/// Longest entity name looked at.
const MAX_ENTITY_NAME: usize = 32;

/// The text with stray `&` and `<` escaped, HTML entities spelled out and forbidden
/// characters dropped, or `None` when there was nothing to fix.
///
/// ```
/// use ficread::format::epub::lenient::repair;
/// let (text, fixes) = repair("<t>Tea & Thunder&hellip; <3</t>").expect("fixed");
/// assert_eq!(text, "<t>Tea &amp; Thunder\u{2026} &lt;3</t>");
/// assert_eq!((fixes.ampersands, fixes.entities, fixes.less_thans), (1, 1, 1));
/// assert!(repair("<t a=\"x\">Fine &amp; dandy</t>").is_none());
/// ```
pub fn repair(text: &str) -> Option<(String, Fixes)> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut fixes = Fixes::default();
    let mut state = State::Text;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let len = c.len_utf8();
        if let State::Raw(end) = state {
            if let Some(at) = rest.find(end) {
                let upto = at + end.len();
                out.push_str(rest.get(..upto).unwrap_or(rest));
                rest = rest.get(upto..).unwrap_or_default();
                state = State::Text;
            } else {
                out.push_str(rest);
                rest = "";
            }
            continue;
        }
        if is_forbidden(c) {
            fixes.controls += 1;
            rest = rest.get(len..).unwrap_or_default();
            continue;
        }
        match (state, c) {
            (State::Text | State::Tag(Some(_)), '&') => {
                let consumed = entity(rest, &mut out, &mut fixes);
                rest = rest.get(consumed..).unwrap_or_default();
                continue;
            }
            (State::Text, '<') => {
                let after = rest.get(1..).unwrap_or_default();
                if let Some((end, skip)) = raw_section(after) {
                    out.push('<');
                    out.push_str(after.get(..skip).unwrap_or_default());
                    rest = after.get(skip..).unwrap_or_default();
                    state = State::Raw(end);
                    continue;
                }
                if starts_markup(after) {
                    state = State::Tag(None);
                    out.push('<');
                } else {
                    fixes.less_thans += 1;
                    out.push_str("&lt;");
                }
            }
            (State::Tag(Some(_)), '<') => {
                fixes.less_thans += 1;
                out.push_str("&lt;");
            }
            (State::Tag(None), '"' | '\'') => {
                state = State::Tag(Some(c));
                out.push(c);
            }
            (State::Tag(Some(q)), _) if c == q => {
                state = State::Tag(None);
                out.push(c);
            }
            (State::Tag(None), '>') => {
                state = State::Text;
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = rest.get(len..).unwrap_or_default();
    }
    let changed = fixes.ampersands + fixes.entities + fixes.less_thans + fixes.controls > 0;
    changed.then_some((out, fixes))
}

/// Characters XML 1.0 does not allow anywhere.
fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// After `<`: a comment, CDATA section, processing instruction or doctype, with the
/// marker that ends it and how much of its opening to copy.
fn raw_section(after: &str) -> Option<(&'static str, usize)> {
    if after.starts_with("!--") {
        Some(("-->", 3))
    } else if after.starts_with("![CDATA[") {
        Some(("]]>", 8))
    } else if after.starts_with('?') {
        Some(("?>", 1))
    } else if after
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("!DOCTYPE"))
    {
        // An internal subset ends `]>`, a plain doctype `>`.
        let end = if after.split('>').next().is_some_and(|s| s.contains('[')) {
            "]>"
        } else {
            ">"
        };
        Some((end, 8))
    } else {
        None
    }
}

/// Whether the text after `<` starts a tag (`<name`, `</name`).
fn starts_markup(after: &str) -> bool {
    let mut chars = after.chars();
    match chars.next() {
        Some('/') => chars
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':'),
        Some(c) => c.is_alphabetic() || c == '_' || c == ':',
        None => false,
    }
}

/// Handles the `&` at the start of `rest`; returns how many bytes it used.
fn entity(rest: &str, out: &mut String, fixes: &mut Fixes) -> usize {
    let after = rest.get(1..).unwrap_or_default();
    let reference: String = after
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .take(MAX_ENTITY_NAME + 2)
        .collect();
    let closed = after
        .get(reference.len()..)
        .is_some_and(|s| s.starts_with(';'));
    if closed && !reference.is_empty() {
        let whole = reference.len() + 2;
        if is_character_reference(&reference) || XML_ENTITIES.contains(&reference.as_str()) {
            out.push_str(rest.get(..whole).unwrap_or_default());
            return whole;
        }
        if let Some(decoded) = html_entity(&reference) {
            fixes.entities += 1;
            escape_into(&decoded, out);
            return whole;
        }
    }
    fixes.ampersands += 1;
    out.push_str("&amp;");
    1
}

/// `#123`, `#x1F`: a character reference to a character XML allows.
fn is_character_reference(reference: &str) -> bool {
    let Some(number) = reference.strip_prefix('#') else {
        return false;
    };
    let value = match number.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => number.parse().ok(),
    };
    value
        .and_then(char::from_u32)
        .is_some_and(|c| !is_forbidden(c) && c != '\0')
}

/// The text an HTML named entity stands for, if HTML knows it.
fn html_entity(name: &str) -> Option<String> {
    if name.starts_with('#') || name.len() > MAX_ENTITY_NAME {
        return None;
    }
    let source = format!("&{name};");
    let fragment = Html::parse_fragment(&source);
    let text: String = fragment.root_element().text().collect();
    (text != source && !text.is_empty()).then_some(text)
}

fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
}

/// The subtree of the first element named `root` (prefix ignored), read by the HTML
/// parser and written back as prefix-free XML. Elements named in `empty` are written
/// self-closed and their (parser-made) children after them, so `<item/><item/>`
/// stays two siblings. `None` when there is no such element.
pub fn salvage(text: &str, root: &str, empty: &[&str]) -> Option<String> {
    let doc = Html::parse_document(text);
    let start = doc
        .root_element()
        .descendent_elements()
        .find(|el| local(el.value().name()).eq_ignore_ascii_case(root))?;
    let mut out = String::with_capacity(text.len());
    // For each open element: its name when a close tag is owed.
    let mut open: Vec<Option<String>> = Vec::new();
    for edge in start.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(element) => {
                    let name = spelled(local(element.name()));
                    if name == "br" {
                        out.push('\n');
                    }
                    // HTML markup inside a value (`<i>` in a description), which the
                    // HTML parser also re-opens around whatever follows it: its text
                    // is kept, its tags are not.
                    if !is_xml_name(&name) || HTML_MARKUP.contains(&name.as_str()) {
                        open.push(None);
                        continue;
                    }
                    let _ = write!(out, "<{name}");
                    for (written, value) in element.attrs() {
                        let attr = spelled(local(written));
                        // Namespace declarations go with the prefixes.
                        if written.starts_with("xmlns") || !is_xml_name(&attr) {
                            continue;
                        }
                        let _ = write!(out, " {attr}=\"");
                        escape_attr_into(value, &mut out);
                        out.push('"');
                    }
                    if empty.contains(&name.as_str()) {
                        out.push_str("/>");
                        open.push(None);
                    } else {
                        out.push('>');
                        open.push(Some(name));
                    }
                }
                Node::Text(t) => escape_into(t, &mut out),
                _ => {}
            },
            Edge::Close(node) => {
                if ElementRef::wrap(node).is_some()
                    && let Some(Some(name)) = open.pop()
                {
                    let _ = write!(out, "</{name}>");
                }
            }
        }
    }
    Some(out)
}

/// HTML elements that turn up in EPUB metadata values; none is a name in the
/// container, OPF or NCX vocabularies.
const HTML_MARKUP: &[&str] = &[
    "html", "body", "b", "i", "em", "strong", "u", "s", "strike", "small", "big", "font", "span",
    "a", "code", "tt", "nobr", "sub", "sup", "p", "div", "center", "br", "hr",
];

/// `dc:title` → `title`.
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Element and attribute names of EPUB's XML vocabularies that have capitals, which
/// the HTML parser lower-cases.
const CAMEL_NAMES: &[&str] = &[
    "navMap",
    "navPoint",
    "navLabel",
    "navInfo",
    "navList",
    "navTarget",
    "docTitle",
    "docAuthor",
    "pageList",
    "pageTarget",
    "playOrder",
];

/// A name as the vocabulary spells it.
fn spelled(name: &str) -> String {
    CAMEL_NAMES
        .iter()
        .find(|c| c.eq_ignore_ascii_case(name))
        .map_or_else(|| name.to_owned(), |c| (*c).to_owned())
}

/// Whether a name can be written as an XML name.
fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn escape_attr_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            c => escape_into(&c.to_string(), out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs() {
        let cases = [
            ("<t>A & B</t>", "<t>A &amp; B</t>"),
            ("<t>A & B &#38; &#x26;</t>", "<t>A &amp; B &#38; &#x26;</t>"),
            ("<t>x&nbsp;y &copy;</t>", "<t>x\u{a0}y \u{a9}</t>"),
            ("<t>R&D; AT&T</t>", "<t>R&amp;D; AT&amp;T</t>"),
            ("<t>a < b <3 </t>", "<t>a &lt; b &lt;3 </t>"),
            ("<t a=\"x & y\">v</t>", "<t a=\"x &amp; y\">v</t>"),
            ("<t>\u{1}bell\u{7}</t>", "<t>bell</t>"),
            // Comments, CDATA, doctypes and declarations are left alone.
            (
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"v\">]><!-- a & b --><t><![CDATA[a & b]]> & </t>",
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"v\">]><!-- a & b --><t><![CDATA[a & b]]> &amp; </t>",
            ),
        ];
        for (input, want) in cases {
            let got = repair(input).map(|(t, _)| t);
            assert_eq!(got.as_deref(), Some(want), "{input}");
            assert!(
                roxmltree::Document::parse_with_options(
                    want,
                    roxmltree::ParsingOptions {
                        allow_dtd: true,
                        ..Default::default()
                    }
                )
                .is_ok()
            );
        }
        assert!(repair("<t>fine &lt; &#233; &amp; &#x26;</t>").is_none());
        assert!(repair("").is_none());
    }

    #[test]
    fn salvages_unbalanced_markup() {
        let opf = "<?xml version=\"1.0\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"2.0\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Never Lose</dc:title><dc:description>Never <b>ever</b> <i>loses.<br>Until</dc:description><dc:creator opf:role=\"aut\">S</dc:creator></metadata><manifest><item id=\"a\" href=\"a.html\"/><item id=\"b\" href=\"b.html\" /></manifest><spine toc=\"ncx\"><itemref idref=\"a\"/><itemref idref=\"b\"/></spine></package>";
        let xml = salvage(opf, "package", &["item", "itemref"]).expect("package");
        let doc = roxmltree::Document::parse(&xml).expect("well-formed");
        let items: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("item"))
            .filter_map(|n| n.attribute("id"))
            .collect();
        assert_eq!(items, ["a", "b"]);
        let manifest = doc
            .descendants()
            .find(|n| n.has_tag_name("manifest"))
            .expect("manifest");
        assert_eq!(
            manifest
                .children()
                .filter(|n| n.has_tag_name("item"))
                .count(),
            2
        );
        let creator = doc
            .descendants()
            .find(|n| n.has_tag_name("creator"))
            .expect("creator");
        assert_eq!(creator.attribute("role"), Some("aut"));
        assert!(salvage("<html><p>no package</p></html>", "package", &[]).is_none());
    }

    #[test]
    fn fixes_say_what_was_done() {
        let (_, fixes) = repair("<t>a & b & c &hellip;</t>").expect("fixed");
        assert_eq!(
            fixes.to_string(),
            "2 stray '&' escaped, 1 HTML entities spelled out"
        );
    }
}
