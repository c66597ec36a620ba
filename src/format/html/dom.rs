//! Text → DOM, bounded. html5ever builds trees iteratively (no recursion), but its
//! tree builder scans the stack of open elements for many start and end tags, so a
//! file with 200,000 nested `<div>`s costs O(n²) (≈ minutes). Before building the
//! tree, one linear tokenizer pass estimates the nesting depth the tree builder would
//! reach; past [`MAX_DEPTH`] the document is flattened to its text, paragraphs,
//! headings, line breaks and rules (no emphasis, no nesting) and that is parsed
//! instead. The estimate cannot follow every tree-building rule, so the tree is then
//! built under a guard that watches its real depth and gives up (for the flat form)
//! as soon as it passes the limit: no tree that reaches a later walk nests deeper
//! than [`MAX_DEPTH`] elements. A normal story never comes near the limit (AO3 pages
//! nest ~20 deep).
//!
//! Also repairs the one XHTML habit an HTML parser gets badly wrong: a self-closed
//! raw-text element (`<title/>`, `<script/>`) would swallow the rest of the file.

mod guard;
mod plain;

use std::cell::{Cell, RefCell};
use std::fmt::Write as _;
use std::sync::LazyLock;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::{LocalName, local_name};
use regex::Regex;
use scraper::Html;

/// Deepest estimated element nesting parsed as is. Chromium caps its DOM at 512, but
/// the tree builder's cost per tag grows with the depth: at 512, half a million tags
/// (what a 1 MB EPUB may hold) took over 2 s; stories nest about 20 deep.
pub const MAX_DEPTH: usize = 128;

/// Parses a whole HTML document, flattening it first if it nests pathologically.
pub fn parse_document(text: &str) -> Html {
    // Most EPUB pages are plain XHTML, whose tree is built directly.
    if let Some(html) = plain::document(text) {
        return html;
    }
    let text = repair_self_closed_raw_text(text);
    // Fewer tags than the limit cannot nest past it: skip the estimate.
    if text.bytes().filter(|&b| b == b'<').count() <= MAX_DEPTH {
        return Html::parse_document(&text);
    }
    // The probe is the cheap first check; the guarded build catches what it misses.
    if !may_exceed_depth(&text)
        && let Some(html) = guard::document(&text)
    {
        return html;
    }
    Html::parse_document(&flatten(&text))
}

/// Parses an HTML fragment (an OPF description) with the same guard.
pub fn parse_fragment(text: &str) -> Html {
    if text.bytes().filter(|&b| b == b'<').count() <= MAX_DEPTH {
        return Html::parse_fragment(text);
    }
    if !may_exceed_depth(text)
        && let Some(html) = guard::fragment(text)
    {
        return html;
    }
    Html::parse_fragment(&flatten(text))
}

/// [`estimated_depth_exceeds`] at [`MAX_DEPTH`], run only when a count of the
/// start tags the probe could push says it might be true: a story page holds
/// hundreds of `<p>`s but rarely a hundred other tags, and the probe is a whole
/// second tokenizer pass.
fn may_exceed_depth(text: &str) -> bool {
    possible_pushes(text) > MAX_DEPTH && estimated_depth_exceeds(text, MAX_DEPTH)
}

/// At least as many as the start tags the depth probe pushes: every `<` followed by
/// an ASCII letter (where every start tag begins, along with lookalikes in
/// comments, attributes and raw text), unless its name is in [`NEVER_PUSHED`].
fn possible_pushes(text: &str) -> usize {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'<', bytes)
        .filter(|&at| {
            let rest = bytes.get(at + 1..).unwrap_or_default();
            if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
                return false;
            }
            // The tokenizer's tag name: up to whitespace, `/` or `>`.
            let len = rest
                .iter()
                .position(|b| matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>'))
                .unwrap_or(rest.len());
            let name = rest.get(..len).unwrap_or_default();
            !NEVER_PUSHED.iter().any(|n| n.eq_ignore_ascii_case(name))
        })
        .count()
}

/// Names of elements the probe never pushes (void, or closed implicitly): a subset
/// of [`is_void`] and [`closes_implicitly`], as a test checks.
const NEVER_PUSHED: &[&[u8]] = &[
    b"p", b"br", b"li", b"hr", b"img", b"td", b"tr", b"dd", b"dt", b"meta", b"link", b"html",
    b"head", b"body", b"th", b"col", b"wbr", b"option", b"source",
];

static SELF_CLOSED: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // a literal pattern; tested below
    Regex::new(
        r"(?i)<(title|script|style|textarea|iframe|noscript|xmp|noembed|noframes)(\s[^<>]*?)?/>",
    )
    .expect("valid regex")
});

/// The elements [`SELF_CLOSED`] names.
const RAW_TEXT: &[&[u8]] = &[
    b"title",
    b"script",
    b"style",
    b"textarea",
    b"iframe",
    b"noscript",
    b"xmp",
    b"noembed",
    b"noframes",
];

fn repair_self_closed_raw_text(text: &str) -> std::borrow::Cow<'_, str> {
    // Almost no page has one, and compiling the pattern costs more than parsing a
    // chapter: only a page the scan finds one in compiles it.
    if !has_self_closed_raw_text(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    SELF_CLOSED.replace_all(text, "<$1$2></$1>")
}

/// Whether [`SELF_CLOSED`] matches somewhere in `text`, without compiling it.
fn has_self_closed_raw_text(text: &str) -> bool {
    if text.contains('\u{17F}') {
        // `ſ` folds to `s` under the pattern's `(?i)`; the only non-ASCII char that
        // folds into these names (none has a `k`, which `K` folds to).
        return SELF_CLOSED.is_match(text);
    }
    memchr::memchr_iter(b'<', text.as_bytes()).any(|at| {
        let rest = text.get(at + 1..).unwrap_or_default();
        RAW_TEXT.iter().any(|name| {
            rest.as_bytes()
                .get(..name.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(name))
                && rest.get(name.len()..).is_some_and(closes_itself)
        })
    })
}

/// Whether the rest of a start tag after its name is `(\s[^<>]*?)?/>`.
fn closes_itself(after: &str) -> bool {
    if after.starts_with("/>") {
        return true;
    }
    let mut chars = after.chars();
    if !chars.next().is_some_and(char::is_whitespace) {
        return false;
    }
    let tail = chars.as_str().as_bytes();
    // No `<` or `>` may come before the closing `/>`, so it ends at the first of them.
    memchr::memchr2(b'<', b'>', tail).is_some_and(|end| {
        tail.get(end) == Some(&b'>') && end >= 1 && tail.get(end - 1) == Some(&b'/')
    })
}

/// Elements the tree builder closes implicitly (a new `<p>` ends the open one), so
/// they never pile up on its stack and are not counted.
fn closes_implicitly(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("p")
            | local_name!("li")
            | local_name!("dt")
            | local_name!("dd")
            | local_name!("option")
            | local_name!("optgroup")
            | local_name!("tr")
            | local_name!("td")
            | local_name!("th")
            | local_name!("thead")
            | local_name!("tbody")
            | local_name!("tfoot")
            | local_name!("colgroup")
            | local_name!("caption")
            | local_name!("html")
            | local_name!("head")
            | local_name!("body")
    )
}

fn is_void(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("hr")
            | local_name!("img")
            | local_name!("input")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("param")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
            | local_name!("keygen")
    )
}

/// The raw-text state the tree builder would switch the tokenizer into after this
/// start tag; a bare tokenizer must be told, or `<script>` bodies become tags.
fn raw_kind(name: &LocalName) -> Option<RawKind> {
    match *name {
        local_name!("title") | local_name!("textarea") => Some(RawKind::Rcdata),
        local_name!("style")
        | local_name!("xmp")
        | local_name!("iframe")
        | local_name!("noembed")
        | local_name!("noframes")
        | local_name!("noscript") => Some(RawKind::Rawtext),
        local_name!("script") => Some(RawKind::ScriptData),
        _ => None,
    }
}

/// Counts open elements the way the tree builder would keep them, stopping as soon
/// as the count passes the limit (so its own stack, and the end-tag search in it,
/// stay bounded).
struct DepthProbe {
    stack: RefCell<Vec<LocalName>>,
    limit: usize,
    exceeded: Cell<bool>,
}

impl TokenSink for DepthProbe {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if self.exceeded.get() {
            return TokenSinkResult::Continue;
        }
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        let mut stack = self.stack.borrow_mut();
        match tag.kind {
            TagKind::StartTag => {
                if let Some(kind) = raw_kind(&tag.name) {
                    return TokenSinkResult::RawData(kind);
                }
                // HTML ignores the `/` of `<x/>` on a non-void element: it stays open
                // (only inside SVG or MathML does it close), so 60,000 of them nest
                // 60,000 deep.
                let closes_itself = tag.self_closing && in_foreign_content(&stack);
                // Ruby annotations close one another only inside a `<ruby>`;
                // elsewhere each stays open (fuzz finding B).
                let ruby_part = matches!(
                    tag.name,
                    local_name!("rb") | local_name!("rt") | local_name!("rp")
                ) && stack.contains(&local_name!("ruby"));
                if closes_itself || ruby_part || is_void(&tag.name) || closes_implicitly(&tag.name)
                {
                    return TokenSinkResult::Continue;
                }
                stack.push(tag.name);
                if stack.len() > self.limit {
                    self.exceeded.set(true);
                }
            }
            TagKind::EndTag => {
                if let Some(pos) = stack.iter().rposition(|n| *n == tag.name) {
                    stack.truncate(pos);
                }
            }
        }
        TokenSinkResult::Continue
    }
}

/// Inside `<svg>` or `<math>`, where a self-closing tag really closes.
fn in_foreign_content(stack: &[LocalName]) -> bool {
    stack
        .iter()
        .any(|n| *n == local_name!("svg") || *n == local_name!("math"))
}

/// True when the document would nest deeper than `limit` elements.
pub fn estimated_depth_exceeds(text: &str, limit: usize) -> bool {
    let probe = DepthProbe {
        stack: RefCell::new(Vec::new()),
        limit,
        exceeded: Cell::new(false),
    };
    let tokenizer = Tokenizer::new(probe, TokenizerOpts::default());
    run(&tokenizer, text);
    tokenizer.sink.exceeded.get()
}

fn run<S: TokenSink>(tokenizer: &Tokenizer<S>, text: &str) {
    let queue = BufferQueue::default();
    queue.push_back(text.into());
    // The sinks here never return `Script`, so the tokenizer only stops at the end.
    while let html5ever::TokenizerResult::Script(_) = tokenizer.feed(&queue) {}
    tokenizer.end();
}

/// Keeps only the tags that carry a story's shape and cannot nest.
fn kept_when_flat(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("p")
            | local_name!("br")
            | local_name!("hr")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("title")
            | local_name!("li")
    )
}

/// Re-serialises the document as text plus the tags in [`kept_when_flat`], without
/// attributes, comments, scripts or styles.
struct Flattener {
    out: RefCell<String>,
    skipping: Cell<bool>,
}

impl Flattener {
    fn push_tag(&self, tag: &Tag) {
        let mut out = self.out.borrow_mut();
        let slash = if tag.kind == TagKind::EndTag { "/" } else { "" };
        let _ = write!(out, "<{slash}{}>", &*tag.name);
    }
}

impl TokenSink for Flattener {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => {
                let raw = raw_kind(&tag.name);
                if tag.kind == TagKind::StartTag {
                    if let Some(kind) = raw {
                        // Keep a title's text, drop script and style bodies.
                        self.skipping.set(tag.name != local_name!("title"));
                        if tag.name == local_name!("title") {
                            self.push_tag(&tag);
                        }
                        return TokenSinkResult::RawData(kind);
                    }
                } else if raw.is_some() {
                    if !self.skipping.get() {
                        self.push_tag(&tag);
                    }
                    self.skipping.set(false);
                    return TokenSinkResult::Continue;
                }
                if kept_when_flat(&tag.name) {
                    self.push_tag(&tag);
                }
            }
            Token::CharacterTokens(text) if !self.skipping.get() => {
                let mut out = self.out.borrow_mut();
                for c in text.chars() {
                    match c {
                        '<' => out.push_str("&lt;"),
                        '>' => out.push_str("&gt;"),
                        '&' => out.push_str("&amp;"),
                        c => out.push(c),
                    }
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The flat form of a pathological document.
pub fn flatten(text: &str) -> String {
    let sink = Flattener {
        out: RefCell::new(String::with_capacity(text.len() / 2)),
        skipping: Cell::new(false),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    run(&tokenizer, text);
    tokenizer.sink.out.take()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_self_closed_scan_agrees_with_the_pattern() {
        let words = [
            "<",
            ">",
            "/>",
            "/",
            "<title",
            "<TITLE",
            "<Script",
            "<style",
            "<textarea",
            "<iframe",
            "<noscript",
            "<xmp",
            "<noembed",
            "<noframes",
            "<p",
            "<br/>",
            " ",
            "\u{A0}",
            "a=\"x\"",
            "\u{17F}",
            "<\u{17F}tyle",
            "title",
            "titles",
            "<titles/>",
        ];
        let pages = [
            "<title/>",
            "<title />",
            "<head><title class=\"a\"/></head>",
            "<title>x</title><br/>",
            "<title a=\">\"/>",
            "<title\u{2003}/>",
            "<\u{17F}cript/>",
            "<titlex/>",
            "<title/ >",
        ];
        crate::format::exact::check::agree(&words, &pages, has_self_closed_raw_text, |t| {
            SELF_CLOSED.is_match(t)
        });
    }

    #[test]
    fn the_push_count_bounds_the_probe() {
        for name in NEVER_PUSHED {
            let name = LocalName::from(std::str::from_utf8(name).expect("ASCII"));
            assert!(is_void(&name) || closes_implicitly(&name), "{name}");
        }
        let deep = "<div><P>a<br/>b<Span class=x>c<td>d<!-- <em> -->".repeat(30);
        assert_eq!(possible_pushes(&deep), 30 * 3);
        // Just under the bound the probe is not run; just over, it decides.
        let nested = |n: usize| format!("{}<p>{}", "<div>".repeat(n), "<p>x".repeat(500));
        assert!(!may_exceed_depth(&nested(MAX_DEPTH)));
        assert!(possible_pushes(&nested(MAX_DEPTH + 1)) > MAX_DEPTH);
        assert!(may_exceed_depth(&nested(MAX_DEPTH + 1)));
        assert!(estimated_depth_exceeds(&nested(MAX_DEPTH + 1), MAX_DEPTH));
        // Wherever the probe finds the depth exceeded, the count is past the bound.
        for text in [
            "<div>".repeat(600),
            "<b><i>".repeat(100),
            format!("<svg>{}</svg>", "<g>".repeat(200)),
            "<ruby><rb>".repeat(100),
        ] {
            if estimated_depth_exceeds(&text, MAX_DEPTH) {
                assert!(may_exceed_depth(&text), "{text:.40}");
            }
        }
    }

    #[test]
    fn depth_estimate() {
        let deep_divs = "<div>".repeat(600);
        assert!(estimated_depth_exceeds(&deep_divs, MAX_DEPTH));
        // Unclosed paragraphs and list items do not nest.
        let flat = "<p>a".repeat(5000) + &"<li>b".repeat(5000);
        assert!(!estimated_depth_exceeds(&flat, MAX_DEPTH));
        // Closed elements pop; stray end tags do not.
        let closed = "<div><span>x</span></div>".repeat(5000);
        assert!(!estimated_depth_exceeds(&closed, MAX_DEPTH));
        let stray = "<div></span>".repeat(600);
        assert!(estimated_depth_exceeds(&stray, MAX_DEPTH));
        // Tags inside scripts are not tags.
        let script = format!("<script>{}</script>", "<div>".repeat(600));
        assert!(!estimated_depth_exceeds(&script, MAX_DEPTH));
    }

    #[test]
    fn flatten_keeps_text_and_paragraphs() {
        let html = "<html><head><title>T &amp; U</title><style>p{}</style></head><body>\
                    <div><div><p>a <i>b</i></p><script>x<y</script><hr><p>c&lt;d</p></div></div>";
        assert_eq!(
            flatten(html),
            "<title>T &amp; U</title><p>a b</p><hr><p>c&lt;d</p>"
        );
    }

    /// The deepest element of a parsed document, counted by one walk.
    fn depth(html: &Html) -> usize {
        let mut depth = 0usize;
        let mut deepest = 0;
        for edge in html.root_element().traverse() {
            match edge {
                ego_tree::iter::Edge::Open(_) => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                ego_tree::iter::Edge::Close(_) => depth -= 1,
            }
        }
        deepest
    }

    #[test]
    fn ignored_end_tags_cannot_hide_depth() {
        // The `</ins>` is ignored (a `blockquote` is open inside it), so both stay
        // open; the probe pops its `ins` and sees no depth (fuzz finding C).
        let html = format!(
            "<html><body><p>first</p>{}",
            "<ins><blockquote>x</ins>".repeat(2_000)
        );
        assert!(!estimated_depth_exceeds(&html, MAX_DEPTH));
        let doc = parse_document(&html);
        assert!(depth(&doc) <= MAX_DEPTH + 2, "depth {}", depth(&doc));
        let text: String = doc.root_element().text().collect();
        assert!(text.starts_with("firstx"), "{}", &text[..20]);
        assert_eq!(text.matches('x').count(), 2_000);
    }

    #[test]
    fn reopened_formatting_elements_cannot_multiply() {
        // Every `<p>` closes the last one and the 120 `<b>`s in it; the text after
        // it re-opens all 120 (fuzz finding F).
        let bold = (0..120).fold(String::new(), |mut s, i| {
            let _ = write!(s, "<b id={i}>");
            s
        });
        let html = format!("<html><body><p>{bold}x{}", "<p>x".repeat(5_000));
        let doc = parse_document(&html);
        let elements = doc.tree.nodes().filter(|n| n.value().is_element()).count();
        assert!(elements < 20_000, "{elements} elements");
        let text: String = doc.root_element().text().collect();
        assert_eq!(text.matches('x').count(), 5_001);
        // Sloppy markup that re-opens one element per paragraph is kept as it is.
        let font = format!("<html><body><p><font size=2>a{}", "<p>b".repeat(5_000));
        let doc = parse_document(&font);
        let fonts = doc
            .tree
            .nodes()
            .filter(|n| n.value().as_element().is_some_and(|e| e.name() == "font"))
            .count();
        assert_eq!(fonts, 5_001);
    }

    #[test]
    fn guarded_build_keeps_normal_documents() {
        let html = format!(
            "<html><head><title>T</title></head><body>{}</body></html>",
            "<div><p>a <i>b</i> c</p></div>".repeat(200)
        );
        let guarded = parse_document(&html);
        let plain = Html::parse_document(&html);
        assert_eq!(guarded.root_element().html(), plain.root_element().html());
        assert!(!guard::tree_deeper_than(&plain, MAX_DEPTH));
        let fragment = parse_fragment(&"<p>a<b>b</b></p>".repeat(100));
        assert_eq!(
            fragment.root_element().html(),
            Html::parse_fragment(&"<p>a<b>b</b></p>".repeat(100))
                .root_element()
                .html()
        );
    }

    #[test]
    fn self_closed_title_does_not_swallow_the_body() {
        let doc = parse_document("<html><head><title/></head><body><p>text</p></body></html>");
        let text: String = doc.root_element().text().collect();
        assert_eq!(text, "text");
    }
}
