//! Building the tree with a depth guard. The tokenizer probe in the parent module
//! only estimates what the tree builder will keep open, and the builder's rules are
//! too many to follow (fuzz findings A–C were three it missed: a self-closed
//! non-void tag, a ruby part outside a ruby, an end tag the builder ignores). So the
//! real tree is watched while it is built: every node appended is checked against
//! the depth of the place it goes, the input is fed in small chunks, and building
//! stops at the first chunk that went past the limit. The builder's per-tag cost
//! grows with its stack of open elements, which is the depth of the current node, so
//! the work done before stopping stays bounded by `limit` plus one chunk's tags.
//! The elements created are counted too: the builder re-opens formatting elements
//! on its own, and can make many more elements than the page has tags.

use std::borrow::Cow;
use std::cell::{Cell, Ref};

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use html5ever::ParseOpts;
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName, local_name, ns};
use scraper::{Html, HtmlTreeSink};

/// Bytes fed to the tree builder between two looks at the guard: at most a few
/// thousand tags past the limit are built before the parse is abandoned.
const CHUNK: usize = 8 * 1024;

/// scraper's sink, plus a flag raised when a node is appended deeper than `limit`
/// or more than `max_elements` elements are created.
struct DepthGuard {
    inner: HtmlTreeSink,
    limit: usize,
    /// Raised chunk by chunk with the tags fed so far, so a page that multiplies
    /// its elements is given up at its first chunks, not near the end.
    max_elements: Cell<usize>,
    elements: Cell<usize>,
    exceeded: Cell<bool>,
}

impl DepthGuard {
    /// Raises the flag when a node appended under `parent` would have more than
    /// `limit` ancestors. The walk up stops at the limit, so it costs no more than
    /// the real depth of a normal page (about 20).
    fn check(&self, parent: NodeId) {
        if self.exceeded.get() {
            return;
        }
        let html = self.inner.0.borrow();
        let too_deep = html
            .tree
            .get(parent)
            .is_some_and(|node| node.ancestors().nth(self.limit.saturating_sub(1)).is_some());
        if too_deep {
            self.exceeded.set(true);
        }
    }

    fn check_sibling(&self, sibling: NodeId) {
        let parent = self
            .inner
            .0
            .borrow()
            .tree
            .get(sibling)
            .and_then(|node| node.parent())
            .map(|p| p.id());
        if let Some(parent) = parent {
            self.check(parent);
        }
    }
}

impl TreeSink for DepthGuard {
    type Handle = NodeId;
    type Output = Html;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Html {
        self.inner.finish()
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg);
    }

    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        self.inner.elem_name(target)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let elements = self.elements.get() + 1;
        self.elements.set(elements);
        if elements > self.max_elements.get() {
            self.exceeded.set(true);
        }
        self.inner.create_element(name, attrs, flags)
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        if matches!(child, NodeOrText::AppendNode(_)) {
            self.check(*parent);
        }
        self.inner.append(parent, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        if matches!(child, NodeOrText::AppendNode(_)) {
            self.check_sibling(*element);
            self.check(*prev_element);
        }
        self.inner
            .append_based_on_parent_node(element, prev_element, child);
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id);
    }

    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node);
    }

    fn pop(&self, node: &NodeId) {
        self.inner.pop(node);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        if matches!(new_node, NodeOrText::AppendNode(_)) {
            self.check_sibling(*sibling);
        }
        self.inner.append_before_sibling(sibling, new_node);
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs);
    }

    fn associate_with_form(
        &self,
        target: &NodeId,
        form: &NodeId,
        nodes: (&NodeId, Option<&NodeId>),
    ) {
        self.inner.associate_with_form(target, form, nodes);
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.check(*new_parent);
        self.inner.reparent_children(node, new_parent);
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.inner
            .is_mathml_annotation_xml_integration_point(handle)
    }

    fn set_current_line(&self, line_number: u64) {
        self.inner.set_current_line(line_number);
    }

    fn allow_declarative_shadow_roots(&self, intended_parent: &NodeId) -> bool {
        self.inner.allow_declarative_shadow_roots(intended_parent)
    }

    fn attach_declarative_shadow(
        &self,
        location: &NodeId,
        template: &NodeId,
        attrs: &[Attribute],
    ) -> bool {
        self.inner
            .attach_declarative_shadow(location, template, attrs)
    }

    fn maybe_clone_an_option_into_selectedcontent(&self, option: &NodeId) {
        self.inner
            .maybe_clone_an_option_into_selectedcontent(option);
    }
}

/// Whether any node of the built tree has more than `limit` ancestors: one pass over
/// the tree's open/close edges, no recursion.
pub fn tree_deeper_than(html: &Html, limit: usize) -> bool {
    let mut depth = 0usize;
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(_) => {
                depth += 1;
                // The root itself is at depth 1 and has no ancestors.
                if depth > limit + 1 {
                    return true;
                }
            }
            Edge::Close(_) => depth = depth.saturating_sub(1),
        }
    }
    false
}

/// Feeds `text` to `parser` a chunk at a time; `None` as soon as a node went deeper
/// than the guard's limit or the elements passed their budget.
fn feed(mut parser: html5ever::driver::Parser<DepthGuard>, text: &str) -> Option<Html> {
    let mut rest = text;
    let mut tags = 0;
    while !rest.is_empty() {
        let mut cut = CHUNK.min(rest.len());
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (chunk, tail) = rest.split_at(cut);
        tags += chunk.bytes().filter(|&b| b == b'<').count();
        parser
            .tokenizer
            .sink
            .sink
            .max_elements
            .set(max_elements(tags));
        parser.process(StrTendril::from_slice(chunk));
        if parser.tokenizer.sink.sink.exceeded.get() {
            return None;
        }
        rest = tail;
    }
    let html = parser.finish();
    (!tree_deeper_than(&html, limit_of_tree())).then_some(html)
}

fn guard() -> DepthGuard {
    DepthGuard {
        inner: HtmlTreeSink::new(Html::new_document()),
        limit: limit_of_tree(),
        max_elements: Cell::new(max_elements(0)),
        elements: Cell::new(0),
        exceeded: Cell::new(false),
    }
}

/// Elements the tree builder may create for `tags` tags: twice as many, and a little
/// for the ones every page gets implied (`html`, `head`, `body`, `tbody`). A page
/// creates about one element per tag, sloppy markup a few more (an unclosed `<font>`
/// re-opened in every paragraph), but the builder re-opens every formatting element
/// a paragraph closed, so 120 unclosed `<b id=…>` followed by `<p>x` repeated made
/// 120 elements per 4 bytes: 3.7 s and 685 MB for 100 KB, over 5 GB for 1 MB
/// (fuzz finding F). Past the budget the page is read flat, without emphasis.
fn max_elements(tags: usize) -> usize {
    2 * tags + 1024
}

/// Ancestors a node may have: the element limit, plus the document node and the
/// `<html>` and `<body>` every page has.
fn limit_of_tree() -> usize {
    super::MAX_DEPTH + 3
}

/// Parses a document, or `None` when its tree would nest past the limit or create
/// far more elements than it has tags.
pub fn document(text: &str) -> Option<Html> {
    feed(
        html5ever::driver::parse_document(guard(), ParseOpts::default()),
        text,
    )
}

/// Parses a fragment in a `<body>` context, or `None` when it would nest past the
/// limit.
pub fn fragment(text: &str) -> Option<Html> {
    let sink = DepthGuard {
        inner: HtmlTreeSink::new(Html::new_fragment()),
        ..guard()
    };
    feed(
        html5ever::driver::parse_fragment(
            sink,
            ParseOpts::default(),
            QualName::new(None, ns!(html), local_name!("body")),
            Vec::new(),
            false,
        ),
        text,
    )
}
