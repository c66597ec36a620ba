//! Footnotes and endnotes: which links in a story are note markers, and which
//! elements are the notes they point to, so the walker ([`super::flow`]) can put a
//! marker (`both.¹`) in the running text and keep the note's own text out of it.
//!
//! A marker is a link to a fragment (`<a href="#fn1">`, `notes.xhtml#n3`) that is
//! either marked as one (`epub:type="noteref"`, `role="doc-noteref"`) or has a short
//! label (`1`, `[2]`, `*`) and points forward, to a short block with no heading (the
//! note). The note is the element marked `footnote`/`endnote`/`note`, or the target
//! itself when it is a block (`<li id="fn1">`, `<p id="fn1">`), or the block around
//! a target anchor (`<p><a name="fn1"></a>1. …</p>`). Links inside a note never make
//! markers, so back-links (`↩`, `return to text`) neither do nor show.
//!
//! Hostile input cannot amplify: a note is at most [`MAX_NOTE_BYTES`] and all copies
//! of note text together at most [`MAX_TOTAL_BYTES`]; markers past that budget stay
//! plain link text.

pub mod book;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node};

use super::fields::has_class;
use super::flow::{self, Item, Role, Rules};
use crate::format::epub::paths::{resolve, split_fragment};

/// The longest note kept, in bytes of its text; a longer target is no note.
pub const MAX_NOTE_BYTES: usize = 16 * 1024;
/// All note text copied into markers, together.
pub const MAX_TOTAL_BYTES: usize = 8 << 20;
/// The longest marker label (`[12]`, `iii`) a link without `noteref` may have.
const MAX_LABEL_CHARS: usize = 6;

/// One page's markers and note elements.
#[derive(Debug, Default)]
pub struct PageNotes {
    markers: HashMap<NodeId, Marker>,
    /// Notes and note sections, left out of the running text.
    hidden: HashSet<NodeId>,
}

/// What a marker link shows and the note it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The marker as shown: superscript digits for a number (`¹²`), else the label.
    pub label: String,
    /// The note's paragraphs.
    pub paragraphs: Vec<String>,
}

impl PageNotes {
    /// The marker a link element stands for.
    pub fn marker(&self, node: NodeId) -> Option<&Marker> {
        self.markers.get(&node)
    }

    /// Whether an element is a note (or a section of notes) to leave out of the text.
    pub fn is_hidden(&self, node: NodeId) -> bool {
        self.hidden.contains(&node)
    }

    /// Number of markers on the page.
    pub fn len(&self) -> usize {
        self.markers.len()
    }

    /// Whether the page has no markers.
    pub fn is_empty(&self) -> bool {
        self.markers.is_empty()
    }
}

/// Markers and notes of a set of pages (an EPUB's spine, or one HTML file).
#[derive(Debug, Default)]
pub struct NoteIndex {
    pages: Vec<PageNotes>,
}

impl NoteIndex {
    /// How page `index` is walked as story text: its notes, and images resolved
    /// against `path`.
    pub fn story<'a>(&'a self, index: usize, path: &'a str) -> flow::Story<'a> {
        flow::Story {
            notes: self.page(index),
            images: Some(path),
        }
    }

    /// The notes of page `index` (in the order given to [`index`]).
    pub fn page(&self, index: usize) -> Option<&PageNotes> {
        self.pages.get(index)
    }
}

/// One page to index: its path (a zip path; empty for a lone HTML file) and DOM.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    pub path: &'a str,
    pub doc: &'a Html,
}

/// Finds the markers and notes of `pages`. Pages a reader does not show as text
/// (`linear="no"` notes pages) belong here too, so markers can point into them.
pub fn index(pages: &[Page<'_>]) -> NoteIndex {
    let ids: Vec<HashMap<&str, NodeId>> = pages.iter().map(|p| ids_of(p.doc)).collect();
    let page_of: HashMap<&str, usize> =
        pages.iter().enumerate().map(|(i, p)| (p.path, i)).collect();
    let mut out: Vec<PageNotes> = pages.iter().map(|_| PageNotes::default()).collect();
    let mut bodies: Vec<HashSet<NodeId>> = pages.iter().map(|_| HashSet::new()).collect();
    let mut texts = Texts::new();
    let mut budget = MAX_TOTAL_BYTES;
    for (here, page) in pages.iter().enumerate() {
        let links = page
            .doc
            .root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|el| el.value().name() == "a");
        for link in links {
            let Some(href) = link.value().attr("href") else {
                continue;
            };
            let (file, Some(fragment)) = split_fragment(href.trim()) else {
                continue;
            };
            if bodies
                .get(here)
                .is_some_and(|b| link.ancestors().any(|a| b.contains(&a.id())))
            {
                continue;
            }
            let there = if file.is_empty() {
                here
            } else if file.contains(':') {
                // `https://…#x`: another site, never a note.
                continue;
            } else {
                match page_of.get(resolve(page.path, file).as_str()) {
                    Some(&i) => i,
                    None => continue,
                }
            };
            let (Some(target_page), Some(&target)) = (
                pages.get(there),
                ids.get(there).and_then(|m| m.get(fragment)),
            ) else {
                continue;
            };
            let Some(target) = target_page.doc.tree.get(target).and_then(ElementRef::wrap) else {
                continue;
            };
            let Some((body, marker)) =
                marker_of(link, target, here, there, &mut texts, &mut budget)
            else {
                continue;
            };
            if let Some(set) = bodies.get_mut(there) {
                set.insert(body);
            }
            if let Some(notes) = out.get_mut(here) {
                notes.markers.insert(link.id(), marker);
            }
        }
    }
    for ((page, notes), bodies) in pages.iter().zip(&mut out).zip(bodies) {
        notes.hidden.extend(note_sections(page.doc, &bodies));
        notes.hidden.extend(bodies);
    }
    NoteIndex { pages: out }
}

/// Note texts already read, by page position and note element.
type Texts = HashMap<(usize, NodeId), Option<Vec<String>>>;

/// The marker `link` (on the page at position `here`) makes for its `target` (on the
/// page at `there`), with the note element it hides; `None` when it is no marker.
/// A note's text is read once (`texts`) and copied into markers while `budget` lasts.
fn marker_of(
    link: ElementRef<'_>,
    target: ElementRef<'_>,
    here: usize,
    there: usize,
    texts: &mut Texts,
    budget: &mut usize,
) -> Option<(NodeId, Marker)> {
    let explicit = is_noteref(link);
    let label = flow::inline_text(link);
    if !is_marker_label(&label, explicit) {
        return None;
    }
    let body = note_body(target)?;
    if there == here && link.ancestors().any(|a| a.id() == body.id()) {
        return None;
    }
    let forward = there > here || (there == here && body.id() > link.id());
    if !explicit && !is_note_kind(body) && !forward {
        return None;
    }
    let paragraphs = texts
        .entry((there, body.id()))
        .or_insert_with(|| note_text(body, &label))
        .clone()?;
    let cost: usize = paragraphs.iter().map(String::len).sum();
    *budget = budget.checked_sub(cost)?;
    let marker = Marker {
        label: marker_label(&label),
        paragraphs,
    };
    Some((body.id(), marker))
}

/// Whether a link's text may be a marker's (`noteref` links need no marker shape).
fn is_marker_label(label: &str, explicit: bool) -> bool {
    !label.is_empty()
        && label.chars().count() <= MAX_LABEL_CHARS
        && (explicit || looks_like_marker(label))
}

/// The notes of one HTML file read on its own.
pub fn lone(doc: &Html) -> NoteIndex {
    index(&[Page { path: "", doc }])
}

/// Element ids and `<a name>` anchors of a page, first one winning.
fn ids_of(doc: &Html) -> HashMap<&str, NodeId> {
    let mut ids = HashMap::new();
    for el in doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        let v = el.value();
        let name = (v.name() == "a").then(|| v.attr("name")).flatten();
        for key in [v.attr("id"), name].into_iter().flatten() {
            ids.entry(key).or_insert(el.id());
        }
    }
    ids
}

/// The `epub:type` and `role` tokens of an element.
fn types(el: ElementRef<'_>) -> impl Iterator<Item = &str> {
    let v = el.value();
    [v.attr("epub:type"), v.attr("role")]
        .into_iter()
        .flatten()
        .flat_map(str::split_whitespace)
}

fn is_noteref(link: ElementRef<'_>) -> bool {
    types(link).any(|t| matches!(t, "noteref" | "doc-noteref"))
        || link.value().attr("rel") == Some("footnote")
        || has_class(link, "footnote-ref")
}

/// An element marked as one note (not a section of them).
fn is_note_kind(el: ElementRef<'_>) -> bool {
    types(el).any(|t| {
        matches!(
            t,
            "footnote" | "endnote" | "rearnote" | "note" | "doc-footnote" | "doc-endnote"
        )
    })
}

/// Elements a note can be; inline elements around a target anchor are climbed out of.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "li" | "div" | "aside" | "dd" | "dt" | "section" | "blockquote" | "td" | "footer"
    )
}

/// The element that holds the note a link points to, if it can be one.
fn note_body(target: ElementRef<'_>) -> Option<ElementRef<'_>> {
    let marked = std::iter::once(target)
        .chain(target.ancestors().filter_map(ElementRef::wrap))
        .take(4)
        .find(|el| is_note_kind(*el));
    let body = match marked {
        Some(el) => el,
        None if is_block(target.value().name()) => target,
        None => target
            .ancestors()
            .filter_map(ElementRef::wrap)
            .take(8)
            .find(|el| is_block(el.value().name()))?,
    };
    let has_heading = body
        .descendants()
        .filter_map(ElementRef::wrap)
        .any(|el| matches!(el.value().name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"));
    (!has_heading).then_some(body)
}

/// Reads a note without its back-links; `None` when it is empty or too long.
fn note_text(body: ElementRef<'_>, label: &str) -> Option<Vec<String>> {
    let mut size = 0usize;
    for text in body.text() {
        size = size.saturating_add(text.len());
        if size > MAX_NOTE_BYTES * 2 {
            return None;
        }
    }
    let mut paragraphs: Vec<String> = flow::walk(body, &mut NoteRules)
        .into_iter()
        .filter_map(|item| match item {
            Item::Text { text, .. } => Some(text.text.into_string()),
            _ => None,
        })
        .collect();
    if let Some(first) = paragraphs.first_mut() {
        *first = strip_label(first, label).to_owned();
        if first.is_empty() {
            paragraphs.remove(0);
        }
    }
    let total: usize = paragraphs.iter().map(String::len).sum();
    (total > 0 && total <= MAX_NOTE_BYTES).then_some(paragraphs)
}

/// `1`, `[12]`, `(3)`, `*`, `†`, `a`: not a word like AO3's `notes` link.
fn looks_like_marker(label: &str) -> bool {
    let bare = label.trim_matches(|c: char| "[]()".contains(c));
    let mut chars = bare.chars();
    bare.chars().all(|c| c.is_ascii_digit()) && !bare.is_empty()
        || bare.chars().all(|c| "*†‡§¶#".contains(c)) && !bare.is_empty()
        || matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
}

/// `1. The note` → `The note` (the marker already shows the number).
fn strip_label<'t>(text: &'t str, label: &str) -> &'t str {
    let bare = label.trim_matches(|c: char| "[]()".contains(c));
    let rest = text.trim_start_matches(|c: char| "[(".contains(c));
    let Some(rest) = rest.strip_prefix(bare) else {
        return text;
    };
    let rest = rest.trim_start_matches(|c: char| ".:)]".contains(c));
    if rest.starts_with(char::is_whitespace) || rest.is_empty() {
        rest.trim_start()
    } else {
        text
    }
}

/// `12` → `¹²`; `[3]` → `³`; other labels (`*`, `a`) as they are.
pub fn marker_label(label: &str) -> String {
    const SUPERSCRIPT: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let bare = label.trim_matches(|c: char| "[]()".contains(c) || c.is_whitespace());
    if !bare.is_empty() && bare.chars().all(|c| c.is_ascii_digit()) {
        bare.chars()
            .filter_map(|c| c.to_digit(10).and_then(|d| SUPERSCRIPT.get(d as usize)))
            .collect()
    } else if bare.is_empty() {
        label.to_owned()
    } else {
        bare.to_owned()
    }
}

/// A note's own rules: plain HTML without the links back to the text.
struct NoteRules;

impl Rules for NoteRules {
    fn role(&mut self, el: ElementRef<'_>) -> Role {
        if el.value().name() == "a" && is_back_link(el) {
            return Role::Skip;
        }
        flow::generic_role(el)
    }
}

fn is_back_link(el: ElementRef<'_>) -> bool {
    let href = el.value().attr("href").unwrap_or_default();
    let text = flow::inline_text(el).to_lowercase();
    let back_words = ["↩", "↑", "^", "back", "return", "top"];
    href.contains('#')
        && (text.chars().count() <= MAX_LABEL_CHARS || back_words.iter().any(|w| text.contains(w)))
        || types(el).any(|t| matches!(t, "backlink" | "doc-backlink"))
        || has_class(el, "footnote-back")
}

/// Containers of notes (`<section epub:type="footnotes">`, `<ol class="footnotes">`)
/// whose every word is in a note, a heading or a rule: no text is left to show, so
/// the whole container (its `Notes` heading and `<hr>`) goes too.
fn note_sections(doc: &Html, bodies: &HashSet<NodeId>) -> Vec<NodeId> {
    if bodies.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for el in doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        let named = types(el).any(|t| t.contains("footnotes") || t.contains("endnotes"))
            || ["footnotes", "endnotes", "footnote-list", "footnotes-list"]
                .iter()
                .any(|c| has_class(el, c));
        if !named || matches!(el.value().name(), "body" | "html") {
            continue;
        }
        let all_notes = el.descendants().all(|node| match node.value() {
            Node::Text(text) if !text.trim().is_empty() => node.ancestors().any(|a| {
                bodies.contains(&a.id())
                    || ElementRef::wrap(a).is_some_and(|e| {
                        matches!(e.value().name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
                    })
            }),
            _ => true,
        });
        if all_notes {
            found.push(el.id());
        }
    }
    found
}
