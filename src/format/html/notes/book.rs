//! A book's notes indexed a page at a time, as [`super::index`] indexes them with
//! every page at hand: a page is opened (its tree kept) when the reader reaches it or
//! when a page before it links into it, indexed in reading order, and closed (its
//! tree dropped) once walked. A closed page keeps only the ids of its note-kind
//! elements: a link back into it makes a marker only when it points at one of those
//! or is marked `noteref`, and then the book needs the book-wide index ([`NeedsBook`]).

use std::collections::{HashMap, HashSet};

use ego_tree::NodeId;
use scraper::{ElementRef, Html};

use super::{
    PageNotes, Texts, ids_of, is_marker_label, is_note_kind, is_noteref, marker_of, note_body,
    note_sections,
};
use crate::format::epub::paths::{resolve, split_fragment};
use crate::format::html::flow;

/// The book's notes cannot be indexed a page at a time: a link points back at a
/// note on a page already closed, or at a page that could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NeedsBook;

/// A page whose tree is kept.
struct Open {
    /// Its place in the order pages are indexed.
    position: usize,
    doc: Html,
    ids: HashMap<String, NodeId>,
    /// Its elements that are notes of markers indexed so far.
    bodies: HashSet<NodeId>,
}

/// The notes of a book's pages, indexed one page at a time in reading order.
pub struct BookNotes {
    /// Every page of the book (a link elsewhere is no marker).
    pages: HashSet<String>,
    open: HashMap<String, Open>,
    /// Closed pages: the ids of their note-kind elements.
    closed: HashMap<String, HashSet<String>>,
    texts: Texts,
    budget: usize,
}

impl BookNotes {
    /// The notes of a book of these pages (zip paths), none indexed yet.
    pub fn new(pages: HashSet<String>) -> Self {
        Self {
            pages,
            open: HashMap::new(),
            closed: HashMap::new(),
            texts: Texts::new(),
            budget: super::MAX_TOTAL_BYTES,
        }
    }

    /// Keeps the tree of the page at `path`, the `position`th in reading order.
    pub fn open(&mut self, path: &str, position: usize, doc: Html) {
        let ids = ids_of(&doc)
            .into_iter()
            .map(|(id, node)| (id.to_owned(), node))
            .collect();
        self.open.insert(
            path.to_owned(),
            Open {
                position,
                doc,
                ids,
                bodies: HashSet::new(),
            },
        );
    }

    /// The tree of an open page.
    pub fn doc(&self, path: &str) -> Option<&Html> {
        self.open.get(path).map(|page| &page.doc)
    }

    /// Pages the open page at `path` links into with a link a marker could be, that
    /// are neither open nor closed: they must be opened before it is indexed.
    pub fn wanted(&self, path: &str) -> Vec<String> {
        let Some(page) = self.open.get(path) else {
            return Vec::new();
        };
        let mut wanted = Vec::new();
        for link in links(&page.doc) {
            let Some((file, _)) = href_of(link) else {
                continue;
            };
            if file.is_empty() || file.contains(':') {
                continue;
            }
            let there = resolve(path, file);
            let known = there == path
                || !self.pages.contains(&there)
                || self.open.contains_key(&there)
                || self.closed.contains_key(&there);
            if !known && !wanted.contains(&there) && is_marker_link(link) {
                wanted.push(there);
            }
        }
        wanted
    }

    /// Indexes the links of the open page at `path` (every page it links into opened,
    /// see [`BookNotes::wanted`]); its notes are then final, as no page after it
    /// can add to them without [`NeedsBook`].
    pub fn index(&mut self, path: &str) -> Result<PageNotes, NeedsBook> {
        let Some(mut here) = self.open.remove(path) else {
            return Ok(PageNotes::default());
        };
        let result = self.index_open(path, &mut here);
        let notes = result.map(|markers| {
            let mut hidden: HashSet<NodeId> =
                note_sections(&here.doc, &here.bodies).into_iter().collect();
            hidden.extend(here.bodies.iter().copied());
            PageNotes { markers, hidden }
        });
        self.open.insert(path.to_owned(), here);
        notes
    }

    fn index_open(
        &mut self,
        path: &str,
        here: &mut Open,
    ) -> Result<HashMap<NodeId, super::Marker>, NeedsBook> {
        let mut markers = HashMap::new();
        let doc = &here.doc;
        for link in links(doc) {
            let Some((file, fragment)) = href_of(link) else {
                continue;
            };
            if link.ancestors().any(|a| here.bodies.contains(&a.id())) {
                continue;
            }
            let there_path = if file.is_empty() {
                None
            } else if file.contains(':') {
                // `https://…#x`: another site, never a note.
                continue;
            } else {
                Some(resolve(path, file)).filter(|there| there != path)
            };
            let Some(there_path) = there_path else {
                let Some(target) = element(doc, &here.ids, fragment) else {
                    continue;
                };
                let position = here.position;
                if let Some((body, marker)) = marker_of(
                    link,
                    target,
                    position,
                    position,
                    &mut self.texts,
                    &mut self.budget,
                ) {
                    here.bodies.insert(body);
                    markers.insert(link.id(), marker);
                }
                continue;
            };
            if let Some(note_kinds) = self.closed.get(&there_path) {
                // A link back: a marker only if `noteref` or at a note-kind element.
                if is_marker_link(link) && (is_noteref(link) || note_kinds.contains(fragment)) {
                    return Err(NeedsBook);
                }
                continue;
            }
            let Some(there) = self.open.get_mut(&there_path) else {
                if self.pages.contains(&there_path) && is_marker_link(link) {
                    return Err(NeedsBook);
                }
                continue;
            };
            let Some(target) = element(&there.doc, &there.ids, fragment) else {
                continue;
            };
            if there.position < here.position {
                return Err(NeedsBook);
            }
            if let Some((body, marker)) = marker_of(
                link,
                target,
                here.position,
                there.position,
                &mut self.texts,
                &mut self.budget,
            ) {
                there.bodies.insert(body);
                markers.insert(link.id(), marker);
            }
        }
        Ok(markers)
    }

    /// Drops the tree of the page at `path`, keeping the ids of its note-kind
    /// elements.
    pub fn close(&mut self, path: &str) {
        let Some(page) = self.open.remove(path) else {
            return;
        };
        let note_kinds = page
            .ids
            .iter()
            .filter(|(_, node)| {
                // Only near a note-kind element can the note be one (`note_body`
                // climbs at most eight levels).
                element_at(&page.doc, **node).is_some_and(|el| {
                    std::iter::once(el)
                        .chain(el.ancestors().filter_map(ElementRef::wrap))
                        .take(9)
                        .any(is_note_kind)
                        && note_body(el).is_some_and(is_note_kind)
                })
            })
            .map(|(id, _)| id.clone())
            .collect();
        self.closed.insert(path.to_owned(), note_kinds);
    }
}

/// The `<a>` elements of a page.
fn links(doc: &Html) -> impl Iterator<Item = ElementRef<'_>> {
    doc.root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|el| el.value().name() == "a")
}

/// A link's file and fragment, if its href has a fragment.
fn href_of(link: ElementRef<'_>) -> Option<(&str, &str)> {
    let href = link.value().attr("href")?;
    match split_fragment(href.trim()) {
        (file, Some(fragment)) => Some((file, fragment)),
        _ => None,
    }
}

/// Whether a link's text may be a marker's.
fn is_marker_link(link: ElementRef<'_>) -> bool {
    is_marker_label(&flow::inline_text(link), is_noteref(link))
}

fn element<'d>(
    doc: &'d Html,
    ids: &HashMap<String, NodeId>,
    fragment: &str,
) -> Option<ElementRef<'d>> {
    element_at(doc, *ids.get(fragment)?)
}

fn element_at(doc: &Html, node: NodeId) -> Option<ElementRef<'_>> {
    doc.tree.get(node).and_then(ElementRef::wrap)
}
