//! The tree of a plain XHTML page, built without html5ever. Most EPUB chapters are
//! machine-written XHTML: an XML declaration, `<html>`, a `<head>` with a title, and
//! a `<body>` of paragraphs, headings and a little emphasis, every element closed
//! where it was opened. For such a page the HTML tree-building rules reduce to
//! "append where you are", and html5ever's character-by-character tokenizer and
//! general tree builder were over a third of indexing an EPUB.
//!
//! [`document`] builds exactly the tree [`Html::parse_document`] would (the same
//! nodes in the same arena order, so every walk over it reads the same), or gives
//! up with `None` at the first thing outside that narrow shape: a doctype, a comment
//! in the body, an element not listed here, a tag closed out of order, a `/>` on a
//! non-void element, an unusual character reference, a carriage return, uppercase
//! in a name. The caller then parses the page the general way. The tests compare
//! both trees node for node on every page of the test corpus and on generated ones.

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::QuirksMode;
use html5ever::{Attribute, LocalName, QualName, ns};
use scraper::node::{Comment, Element, Text};
use scraper::{Html, Node};

use ego_tree::NodeId;

/// Open elements past this many give up: [`super::MAX_DEPTH`] is the general
/// limit, and a plain page nests a handful deep.
const MAX_OPEN: usize = 32;

/// The tree of `text` if it is a plain XHTML page (see the module docs).
pub(super) fn document(text: &str) -> Option<Html> {
    let bytes = text.as_bytes();
    // The tokenizer turns CR and CR LF into LF and NUL into U+FFFD (or drops it).
    if memchr::memchr2(b'\r', 0, bytes).is_some() {
        return None;
    }
    let mut b = Builder {
        html: Html::new_document(),
        text,
        at: 0,
    };
    // No doctype: the parser sets quirks mode at the first token that is not one.
    b.html.quirks_mode = QuirksMode::Quirks;
    let root = b.html.tree.root().id();
    // Initial and "before html": whitespace is dropped, `<?…>` is a bogus comment
    // appended to the document.
    loop {
        b.skip_space();
        if b.rest().starts_with("<?") {
            let end = b.at + memchr::memchr(b'>', bytes.get(b.at..)?)?;
            let data = text.get(b.at + 1..end)?;
            b.append(
                root,
                Node::Comment(Comment {
                    comment: data.into(),
                }),
            );
            b.at = end + 1;
        } else {
            break;
        }
    }
    let html = b.expect_start(root, "html")?;
    // "Before head": whitespace dropped.
    b.skip_space();
    let head = b.expect_start(html, "head")?;
    b.head(head)?;
    // "After head": whitespace goes into the html element.
    let space = b.space_len();
    if space > 0 {
        b.append_text(html, b.text.get(b.at..b.at + space)?.into());
        b.at += space;
    }
    let body = b.expect_start(html, "body")?;
    b.body(html, body)?;
    (b.at == bytes.len()).then_some(b.html)
}

struct Builder<'a> {
    html: Html,
    text: &'a str,
    at: usize,
}

/// A start tag as read: its name, attributes and whether it ended in `/>`.
struct Tag {
    name: LocalName,
    attrs: Vec<Attribute>,
    self_closing: bool,
}

/// What the body may hold, and how the tree builder treats each.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Closes an open `<p>` (or, for headings, a heading): allowed only where none is.
    Block,
    Heading,
    /// In the list of active formatting elements.
    Formatting,
    /// `<a>`: formatting, and one may not open inside another.
    Anchor,
    Inline,
    /// No content, popped at once; `<hr>` also closes a `<p>`.
    Void,
    VoidBlock,
}

fn kind(name: &str) -> Option<Kind> {
    Some(match name {
        "p" | "div" | "blockquote" | "center" => Kind::Block,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Kind::Heading,
        "i" | "b" | "em" | "strong" | "u" | "s" | "small" | "big" | "tt" | "strike" => {
            Kind::Formatting
        }
        "a" => Kind::Anchor,
        "span" | "sup" | "sub" | "cite" | "abbr" | "q" => Kind::Inline,
        "br" | "img" => Kind::Void,
        "hr" => Kind::VoidBlock,
        _ => return None,
    })
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b' ')
}

impl Builder<'_> {
    fn rest(&self) -> &str {
        self.text.get(self.at..).unwrap_or_default()
    }

    fn space_len(&self) -> usize {
        self.rest().bytes().take_while(|&b| is_space(b)).count()
    }

    fn skip_space(&mut self) {
        self.at += self.space_len();
    }

    /// Creates `node` and appends it under `parent`, as the sink does.
    fn append(&mut self, parent: NodeId, node: Node) -> NodeId {
        let id = self.html.tree.orphan(node).id();
        if let Some(mut parent) = self.html.tree.get_mut(parent) {
            parent.append_id(id);
        }
        id
    }

    /// Appends text as the sink does: run on into a text node that is the last child.
    fn append_text(&mut self, parent: NodeId, text: StrTendril) {
        if text.is_empty() {
            return;
        }
        let Some(mut parent) = self.html.tree.get_mut(parent) else {
            return;
        };
        if let Some(mut last) = parent.last_child()
            && let Node::Text(t) = last.value()
        {
            t.text.push_tendril(&text);
            return;
        }
        parent.append(Node::Text(Text { text }));
    }

    /// Reads the start tag named `name` and appends its element under `parent`.
    fn expect_start(&mut self, parent: NodeId, name: &str) -> Option<NodeId> {
        let tag = self.start_tag()?;
        if &*tag.name != name || tag.self_closing {
            return None;
        }
        Some(self.element(parent, tag))
    }

    fn element(&mut self, parent: NodeId, tag: Tag) -> NodeId {
        let name = QualName::new(None, ns!(html), tag.name);
        self.append(parent, Node::Element(Element::new(name, tag.attrs)))
    }

    /// A start tag at the cursor: `<name attr="value" …>` with lowercase names and
    /// quoted values, or `None`.
    fn start_tag(&mut self) -> Option<Tag> {
        let bytes = self.text.as_bytes();
        let mut at = self.at;
        if bytes.get(at) != Some(&b'<') {
            return None;
        }
        at += 1;
        let tag_len = name_len(bytes.get(at..)?);
        if tag_len == 0 || !bytes.get(at)?.is_ascii_lowercase() {
            return None;
        }
        let name = LocalName::from(self.text.get(at..at + tag_len)?);
        at += tag_len;
        let mut attrs: Vec<Attribute> = Vec::new();
        loop {
            let before = at;
            while bytes.get(at).is_some_and(|&b| is_space(b)) {
                at += 1;
            }
            match bytes.get(at)? {
                b'>' => {
                    self.at = at + 1;
                    return Some(Tag {
                        name,
                        attrs,
                        self_closing: false,
                    });
                }
                b'/' => {
                    if bytes.get(at + 1) != Some(&b'>') {
                        return None;
                    }
                    self.at = at + 2;
                    return Some(Tag {
                        name,
                        attrs,
                        self_closing: true,
                    });
                }
                _ if at == before => return None,
                _ => {}
            }
            let len = name_len(bytes.get(at..)?);
            if len == 0 {
                return None;
            }
            let attr_name = self.text.get(at..at + len)?;
            at += len;
            while bytes.get(at).is_some_and(|&b| is_space(b)) {
                at += 1;
            }
            let value = if bytes.get(at) == Some(&b'=') {
                at += 1;
                while bytes.get(at).is_some_and(|&b| is_space(b)) {
                    at += 1;
                }
                let quote = *bytes.get(at)?;
                if !matches!(quote, b'"' | b'\'') {
                    return None;
                }
                let end = at + 1 + memchr::memchr(quote, bytes.get(at + 1..)?)?;
                let raw = self.text.get(at + 1..end)?;
                // A `<` in a value could be taken for a tag by the self-closed
                // raw-text repair the general path runs first.
                if raw.contains('<') {
                    return None;
                }
                at = end + 1;
                // After a quoted value comes whitespace, `/` or `>`.
                if !bytes
                    .get(at)
                    .is_some_and(|&b| is_space(b) || b == b'/' || b == b'>')
                {
                    return None;
                }
                decode(raw)?
            } else {
                StrTendril::new()
            };
            // The tokenizer drops a repeated attribute; too rare to follow.
            if attrs.iter().any(|a| &*a.name.local == attr_name) {
                return None;
            }
            attrs.push(Attribute {
                name: QualName::new(None, ns!(), LocalName::from(attr_name)),
                value,
            });
        }
    }

    /// The head's content up to and including `</head>`: whitespace, a title, and
    /// void `<meta>` and `<link>` elements.
    fn head(&mut self, head: NodeId) -> Option<()> {
        loop {
            let space = self.space_len();
            if space > 0 {
                let run = self.text.get(self.at..self.at + space)?;
                self.append_text(head, run.into());
                self.at += space;
            }
            if let Some(after) = self.rest().strip_prefix("</head>") {
                self.at = self.text.len() - after.len();
                return Some(());
            }
            let tag = self.start_tag()?;
            match &*tag.name {
                "meta" | "link" => {
                    self.element(head, tag);
                }
                "title" if !tag.self_closing => {
                    let title = self.element(head, tag);
                    let rest = self.rest();
                    let end = rest.find("</title>")?;
                    let raw = rest.get(..end)?;
                    // RCDATA: any other `<` is text, but a look-alike end tag is not.
                    if raw.contains('<') {
                        return None;
                    }
                    let value = decode(raw)?;
                    self.append_text(title, value);
                    self.at += end + "</title>".len();
                }
                _ => return None,
            }
        }
    }

    /// The body's content through `</body>`, `</html>` and trailing whitespace.
    fn body(&mut self, html: NodeId, body: NodeId) -> Option<()> {
        let bytes = self.text.as_bytes();
        // Open elements below the body, with their kinds.
        let mut open: Vec<(NodeId, LocalName, Kind)> = Vec::new();
        loop {
            let rest = bytes.get(self.at..)?;
            let text_len = memchr::memchr(b'<', rest).unwrap_or(rest.len());
            if text_len > 0 {
                let raw = self.text.get(self.at..self.at + text_len)?;
                let value = decode(raw)?;
                let parent = open.last().map_or(body, |(id, _, _)| *id);
                self.append_text(parent, value);
                self.at += text_len;
            }
            let rest = bytes.get(self.at..)?;
            match rest.get(1) {
                // The page ended inside the body: the parser closes it; rare in a
                // real page, so left to it.
                None => return None,
                Some(b'/') => {
                    if self.rest().starts_with("</body>") && open.is_empty() {
                        self.at += "</body>".len();
                        return self.after_body(html, body);
                    }
                    let name_at = self.at + 2;
                    let len = name_len(bytes.get(name_at..)?);
                    let name = self.text.get(name_at..name_at + len)?;
                    if bytes.get(name_at + len) != Some(&b'>') {
                        return None;
                    }
                    match open.last() {
                        Some((_, open_name, _)) if &**open_name == name => {
                            open.pop();
                        }
                        _ => return None,
                    }
                    self.at = name_at + len + 1;
                }
                Some(_) => {
                    let tag = self.start_tag()?;
                    let kind = kind(&tag.name)?;
                    let void = matches!(kind, Kind::Void | Kind::VoidBlock);
                    if tag.self_closing && !void {
                        return None;
                    }
                    let in_open = |pred: &dyn Fn(&str, Kind) -> bool| {
                        open.iter().any(|(_, name, kind)| pred(name, *kind))
                    };
                    let blocked = match kind {
                        // Would close an open paragraph (or heading) first.
                        Kind::Block | Kind::VoidBlock => {
                            in_open(&|name, _| name == "p")
                                || (kind == Kind::Block && in_open(&|_, k| k == Kind::Heading))
                        }
                        Kind::Heading => in_open(&|name, k| name == "p" || k == Kind::Heading),
                        Kind::Anchor => in_open(&|_, k| k == Kind::Anchor),
                        // Three open alike would trigger the Noah's Ark clause.
                        Kind::Formatting => in_open(&|name, _| name == &*tag.name),
                        Kind::Inline | Kind::Void => false,
                    };
                    if blocked || open.len() >= MAX_OPEN {
                        return None;
                    }
                    let parent = open.last().map_or(body, |(id, _, _)| *id);
                    let name = tag.name.clone();
                    let id = self.element(parent, tag);
                    if !void {
                        open.push((id, name, kind));
                    }
                }
            }
        }
    }

    /// After `</body>`: whitespace (appended to the body, which stays open), then
    /// `</html>` and more whitespace, then the end.
    fn after_body(&mut self, _html: NodeId, body: NodeId) -> Option<()> {
        let mut closed_html = false;
        loop {
            let space = self.space_len();
            if space > 0 {
                let run = self.text.get(self.at..self.at + space)?;
                self.append_text(body, run.into());
                self.at += space;
            }
            if self.at == self.text.len() {
                return Some(());
            }
            if !closed_html && self.rest().starts_with("</html>") {
                self.at += "</html>".len();
                closed_html = true;
                continue;
            }
            return None;
        }
    }
}

/// The length of a tag or attribute name at the start of `bytes`: lowercase ASCII
/// letters, digits and `-`, `_`, `:` (anything else, uppercase included, is left to
/// the general parser).
fn name_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .take_while(|&&b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b':')
        })
        .count()
}

/// Text with its character references decoded as the tokenizer decodes them, for the
/// plain cases: the five XML entities, `&nbsp;`, and numeric references to ordinary
/// characters, each ending in `;`. A `&` before a character that cannot start a
/// reference stays as it is.
fn decode(raw: &str) -> Option<StrTendril> {
    let Some(first) = memchr::memchr(b'&', raw.as_bytes()) else {
        return Some(raw.into());
    };
    let mut out = String::with_capacity(raw.len());
    out.push_str(raw.get(..first)?);
    let mut rest = raw.get(first..)?;
    while let Some(at) = rest.find('&') {
        out.push_str(rest.get(..at)?);
        let after = rest.get(at + 1..)?;
        let next = after.bytes().next();
        if !next.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'#') {
            out.push('&');
            rest = after;
            continue;
        }
        let end = after.find(';')?;
        let name = after.get(..end)?;
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            _ => numeric(name)?,
        };
        out.push(c);
        rest = after.get(end + 1..)?;
    }
    out.push_str(rest);
    Some(out.into())
}

/// `#123` or `#x7B` as a character, when it is one the tokenizer keeps as written:
/// not NUL, a surrogate, a noncharacter, a C0 or C1 control (but tab and line feed),
/// or past U+10FFFF.
fn numeric(name: &str) -> Option<char> {
    let digits = name.strip_prefix('#')?;
    let (digits, radix) = match digits.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16),
        None => (digits, 10),
    };
    // `from_str_radix` takes a sign, which a reference does not.
    if digits.is_empty() || digits.len() > 7 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let value = u32::from_str_radix(digits, radix).ok()?;
    let c = char::from_u32(value)?;
    let control = (c < ' ' && !matches!(c, '\t' | '\n')) || ('\u{7f}'..='\u{9f}').contains(&c);
    let nonchar = ('\u{fdd0}'..='\u{fdef}').contains(&c) || (value & 0xfffe) == 0xfffe;
    (!control && !nonchar).then_some(c)
}

#[cfg(test)]
mod tests;
