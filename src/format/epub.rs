//! EPUB 2 and 3 stories: bytes → [`Document`]. `META-INF/container.xml` → OPF →
//! spine (skipping `linear="no"` items and front matter: cover, title page,
//! copyright, table of contents, navigation, promo pages); chapter titles from the
//! EPUB 3 nav or the EPUB 2 NCX; OPF metadata as [`Origin::Container`] fields.
//!
//! [`Origin::Container`]: crate::document::raw::Origin::Container
//!
//! Producers get their own readers on top: AO3 books are the AO3 HTML download
//! split by calibre, so their spine goes through [`crate::format::html::ao3`] and the preface page
//! inside the book (not the flat `dc:subject` list) supplies typed tags; FanFicFare
//! books have a `title_page.xhtml` of labelled fields and a `chapterurl` meta per
//! chapter (kept as [`Chapter::id`](crate::document::Chapter::id)); fimfiction.net
//! books have a title page and one fandom ([`fimfiction`]). Any other book may open
//! with the work's own preface (a downloader's copy of the AO3 page, a `Title:` block),
//! read for fields and cut as front matter ([`preface`]); its package metadata may be
//! a downloader's placeholder (`Untitled`, `Unknown Author`), which [`metadata`] drops.
//!
//! A container, package file or NCX that is not well-formed XML is read a second time,
//! leniently ([`lenient`]), and the book says so in its notes; one bad character never
//! loses a book.
//!
//! Limits: see [`archive`] (zip entries, inflated bytes) and the HTML reader's
//! nesting guard; every failure is a [`ParseError`] with a one-line message.

pub mod archive;
pub mod fimfiction;
pub mod front;
pub mod lenient;
pub mod metadata;
mod open;
pub mod package;
pub mod paths;
pub mod preface;
pub mod rules;
pub mod toc;
mod window;

use std::collections::HashMap;

use scraper::Html;

use self::archive::Archive;
pub use self::archive::{Limits, Stored};
use self::front::drop_title_heading;
use self::open::open_book;
use self::package::{Package, SpineItem};
use self::rules::{Anchored, EpubRules};
use self::toc::TocEntry;
pub use self::window::{Preview, parse_window};
use crate::document::{Document, RawMeta};
use crate::format::ParseError;
use crate::format::html::breaks::build_chapters;
use crate::format::html::fields::{self, find_in, has_class, is};
use crate::format::html::flow::{self, ChapterMark, Item, Rules, TextKind};
use crate::format::html::notes::{self, NoteIndex};
use crate::format::html::{ao3, dom, fff};

/// Parses an EPUB file with decompression limits scaled to its size
/// ([`Limits::for_book`]).
pub fn parse(bytes: &[u8]) -> Result<Document, ParseError> {
    parse_with_limits(bytes, Limits::for_book(bytes.len()))
}

/// Parses an EPUB file, inflating no more than `limits` allow.
pub fn parse_with_limits(bytes: &[u8], limits: Limits) -> Result<Document, ParseError> {
    let (mut archive, book) = open_book(Stored::Bytes(bytes), limits, None)?;
    book.read(&mut archive, None)
}

/// How much of a long navigation document a head reads: a book of thousands of
/// chapters has a contents page that costs more to parse than the pages shown.
pub const NAV_HEAD_BYTES: usize = 4 * 1024;

/// The start of a book as a preview (see [`crate::format::head`]): its package,
/// contents and first story pages, read until about `markup` bytes of them are in.
/// Notes kept on pages past the head are not known, so a marker that points there is
/// read as the whole book would read it only once the whole book is read.
pub fn parse_head<'a>(
    stored: impl Into<Stored<'a>>,
    markup: usize,
) -> Result<Document, ParseError> {
    parse_head_with(stored, markup, NAV_HEAD_BYTES)
}

/// [`parse_head`] reading at most `nav` bytes of a navigation document when the
/// contents run in reading order; the head then stops before the page of the last
/// entry read. A head that this leaves empty reads the whole contents instead.
pub fn parse_head_with<'a>(
    stored: impl Into<Stored<'a>>,
    markup: usize,
    nav: usize,
) -> Result<Document, ParseError> {
    let stored = stored.into();
    let limits = Limits::for_stored(stored);
    let (mut archive, book) = open_book(stored, limits, Some(nav))?;
    if book.toc_until.is_none() {
        return book.read(&mut archive, Some(markup));
    }
    match book.read(&mut archive, Some(markup)) {
        Err(ParseError::NoText) => {
            let (mut archive, book) = open_book(stored, limits, None)?;
            book.read(&mut archive, Some(markup))
        }
        read => read,
    }
}

/// A spine document, parsed.
struct Page {
    spine: SpineItem,
    doc: Html,
}

struct Book {
    package: Package,
    toc: Vec<TocEntry>,
    /// With only the start of the contents read: the spine position a head stops at.
    toc_until: Option<usize>,
    /// What reading the structure leniently took (see [`lenient`]).
    notes: Vec<String>,
}

/// Which program made the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Producer {
    Ao3,
    FanFicFare,
    Fimfiction,
    Generic,
}

impl Book {
    fn producer(&self, pages: &[Page]) -> Producer {
        let publisher = self.package.first("publisher").unwrap_or_default();
        let fff_mark = self
            .package
            .all("contributor")
            .any(|c| c.value.contains("FanFicFare"))
            || self
                .package
                .all("identifier")
                .any(|i| i.value.starts_with("fanficfare-uid"));
        if publisher == "Archive of Our Own"
            || pages.iter().take(3).any(|p| ao3::is_download(&p.doc))
        {
            Producer::Ao3
        } else if fimfiction::is_fimfiction(&self.package) {
            Producer::Fimfiction
        } else if fff_mark
            || pages
                .iter()
                .any(|p| body_has_class(&p.doc, "fff_titlepage"))
        {
            Producer::FanFicFare
        } else {
            Producer::Generic
        }
    }

    /// Reads the book, or with `head`, its first story pages up to about that many
    /// bytes of markup (and no pages kept out of the reading order).
    fn read(self, archive: &mut Archive<'_>, head: Option<usize>) -> Result<Document, ParseError> {
        self.read_pages(archive, head, None)
    }

    /// [`Book::read`]; with a `head` budget and a `window` spine position, once the
    /// head's pages are in, the pages from `window` on up to as much markup again
    /// (see [`window::parse_window`]).
    fn read_pages(
        self,
        archive: &mut Archive<'_>,
        head: Option<usize>,
        window: Option<usize>,
    ) -> Result<Document, ParseError> {
        let mut pages = Vec::new();
        let mut failures = Vec::new();
        let mut markup = 0usize;
        // With a window: how much markup the pages read reach when it is done.
        let mut window_end = None;
        // A document listed twice in the spine is read once: real books never repeat
        // one, and a hostile one lists a chapter thousands of times.
        let mut read = std::collections::HashSet::new();
        for (position, spine) in self
            .package
            .spine
            .iter()
            .enumerate()
            .filter(|(_, s)| s.linear)
        {
            if let Some(budget) = head
                && markup >= budget
            {
                match (window, window_end) {
                    (Some(start), None) if position < start => continue,
                    (Some(_), None) => window_end = Some(markup + budget),
                    (Some(_), Some(end)) if markup < end => {}
                    _ => break,
                }
            }
            if self.toc_until.is_some_and(|until| position >= until) {
                break;
            }
            // The navigation document is front matter, never story, however long
            // (a book of a thousand chapters has a long one).
            if !is_xhtml(&self.package, spine)
                || self.package.nav.as_deref() == Some(spine.path.as_str())
                || !read.insert(spine.path.as_str())
            {
                continue;
            }
            match archive.read_markup(&spine.path) {
                Ok(text) => {
                    markup += text.len();
                    pages.push(Page {
                        spine: spine.clone(),
                        doc: dom::parse_document(&text),
                    });
                }
                // A limit breach is fatal; a missing chapter file is reported only
                // if nothing at all can be read.
                Err(e) if e.is_limit() => return Err(e),
                Err(e) => failures.push(e),
            }
        }
        if pages.is_empty() {
            return Err(failures.into_iter().next().unwrap_or(ParseError::NoText));
        }
        // Pages kept out of the reading order (`linear="no"`) are often the notes.
        let mut aside = Vec::new();
        for spine in self
            .package
            .spine
            .iter()
            .filter(|s| !s.linear && head.is_none())
        {
            if !is_xhtml(&self.package, spine) || !read.insert(spine.path.as_str()) {
                continue;
            }
            match archive.read_markup(&spine.path) {
                Ok(text) => aside.push(Page {
                    spine: spine.clone(),
                    doc: dom::parse_document(&text),
                }),
                Err(e) if e.is_limit() => return Err(e),
                Err(_) => {}
            }
        }
        let note_pages: Vec<notes::Page<'_>> = pages
            .iter()
            .chain(&aside)
            .map(|p| notes::Page {
                path: &p.spine.path,
                doc: &p.doc,
            })
            .collect();
        let index = notes::index(&note_pages);
        let producer = self.producer(&pages);
        let mut doc = match producer {
            Producer::Ao3 => {
                let story_pages = note_pages.get(..pages.len()).unwrap_or_default();
                ao3::parse_download_pages(story_pages, &index)
            }
            Producer::FanFicFare => self.read_fff(&pages, &index),
            Producer::Fimfiction => self.read_fimfiction(&pages, &index),
            Producer::Generic => self.read_generic(&pages, &index),
        };
        doc.raw.notes.extend(self.notes.iter().cloned());
        metadata::add_opf_fields(&self.package, &mut doc.raw);
        if producer == Producer::Fimfiction {
            fimfiction::add_site_fields(&self.package, &mut doc.raw);
        }
        Ok(doc)
    }

    /// Spine documents that hold the story, with their chapter marks. Pages in
    /// `skip` are front matter a producer recognised; with `preface`, the first
    /// story page's own preface is read into `raw` and cut, and AO3's `Chapter Text`
    /// landmarks are dropped everywhere.
    fn story_items<R: Rules>(
        &self,
        pages: &[Page],
        rules: impl Fn() -> R,
        reading: &Reading<'_>,
        notes: &NoteIndex,
        raw: &mut RawMeta,
    ) -> Vec<Item> {
        let mut by_file: HashMap<&str, Vec<&TocEntry>> = HashMap::new();
        for entry in &self.toc {
            by_file.entry(entry.path.as_str()).or_default().push(entry);
        }
        let mut items = Vec::new();
        let mut first_story_page = true;
        for (index, page) in pages.iter().enumerate() {
            let entries = by_file.get(page.spine.path.as_str());
            let label = entries.and_then(|e| e.first()).map(|e| e.label.as_str());
            let front = front::is_front_matter(
                &self.package,
                &page.spine.path,
                &page.spine.id,
                &page.doc,
                label,
            );
            if front || reading.skip.contains(&page.spine.path.as_str()) {
                continue;
            }
            let file_entry = entries.and_then(|e| e.iter().find(|e| e.fragment.is_none()));
            let mark = if let Some(entry) = file_entry {
                Some(ChapterMark {
                    title: Some(entry.label.clone()).filter(|t| !self.is_placeholder_label(t)),
                    id: None,
                })
            } else if self.toc.is_empty() {
                Some(ChapterMark::default())
            } else {
                None
            };
            let anchors: HashMap<String, String> = entries
                .map(|list| {
                    list.iter()
                        .filter_map(|e| Some((e.fragment.clone()?, e.label.clone())))
                        .collect()
                })
                .unwrap_or_default();
            let body =
                find_in(&page.doc, |el| is(el, "body")).unwrap_or_else(|| page.doc.root_element());
            let first_label = entries.and_then(|e| e.first()).map(|e| e.label.clone());
            let anchor_count = anchors.len();
            let mut page_rules = Anchored {
                inner: rules(),
                anchors,
            };
            let story = notes.story(index, &page.spine.path);
            let mut page_items = flow::walk_story(body, &mut page_rules, story);
            let mut had_preface = false;
            if reading.preface {
                if std::mem::take(&mut first_story_page)
                    && let Some(found) = preface::find(&page.doc, &page_items)
                {
                    raw.fields.extend(found.fields);
                    let cut = keep_chapter_heading(&page_items, found.cut);
                    page_items.drain(..cut);
                    had_preface = true;
                }
                page_items.retain(|item| {
                    !matches!(item, Item::Text { text, .. } if preface::is_landmark(&text.text))
                });
            }
            // A page that was all preface (a title page) starts no chapter.
            if had_preface && !page_items.iter().any(|i| matches!(i, Item::Text { .. })) {
                continue;
            }
            items.extend(mark.map(Item::Chapter));
            // Anchors that never matched an element still start a chapter here.
            if file_entry.is_none() && anchor_count > 0 && page_rules.anchors.len() == anchor_count
            {
                items.push(Item::Chapter(ChapterMark {
                    title: first_label,
                    id: None,
                }));
            }
            items.extend(page_items);
        }
        items
    }

    /// An empty table-of-contents label, or a downloader's placeholder title repeated
    /// as the label of the only chapter (`[No title]`).
    fn is_placeholder_label(&self, label: &str) -> bool {
        label.trim().is_empty()
            || self.package.first("title").is_some_and(|title| {
                metadata::is_placeholder_title(title) && title.trim() == label.trim()
            })
    }

    fn read_generic(&self, pages: &[Page], notes: &NoteIndex) -> Document {
        let mut raw = RawMeta::default();
        let reading = Reading {
            preface: true,
            skip: Vec::new(),
        };
        let items = self.story_items(
            pages,
            || EpubRules { fff: false },
            &reading,
            notes,
            &mut raw,
        );
        crate::format::fanficfare::itemise_lists(&mut raw.fields);
        let mut chapters = build_chapters(&items, true);
        chapters.iter_mut().for_each(drop_title_heading);
        chapters.retain(|c| !c.blocks.is_empty());
        Document { chapters, raw }
    }

    /// fimfiction.net's export: its title page gives the fields and is no chapter.
    fn read_fimfiction(&self, pages: &[Page], notes: &NoteIndex) -> Document {
        let mut raw = RawMeta::default();
        let mut skip = Vec::new();
        // The title page comes first (after a cover at most).
        for page in pages.iter().take(2) {
            if fimfiction::is_title_page(&page.doc, &page.spine.path) {
                fimfiction::read_title_page(&page.doc, &mut raw);
                skip.push(page.spine.path.as_str());
                break;
            }
        }
        let reading = Reading {
            preface: false,
            skip,
        };
        let items = self.story_items(
            pages,
            || EpubRules { fff: false },
            &reading,
            notes,
            &mut raw,
        );
        let mut chapters = build_chapters(&items, true);
        chapters.iter_mut().for_each(drop_title_heading);
        chapters.retain(|c| !c.blocks.is_empty());
        Document { chapters, raw }
    }

    fn read_fff(&self, pages: &[Page], notes: &NoteIndex) -> Document {
        let mut raw = RawMeta::default();
        for page in pages {
            if body_has_class(&page.doc, "fff_titlepage")
                || page.spine.path.ends_with("title_page.xhtml")
            {
                if let Some(heading) = find_in(&page.doc, |el| {
                    matches!(el.value().name(), "h1" | "h2" | "h3")
                }) {
                    fff::read_title_heading(heading, &mut raw);
                }
                if let Some(body) = find_in(&page.doc, |el| is(el, "body")) {
                    fff::read_label_block(body, &mut raw);
                }
            }
        }
        crate::format::fanficfare::itemise_lists(&mut raw.fields);
        let reading = Reading {
            preface: false,
            skip: Vec::new(),
        };
        let items = self.story_items(pages, || EpubRules { fff: true }, &reading, notes, &mut raw);
        let mut chapters = build_chapters(&items, true);
        // Chapter identity: the `chapterurl` meta of the file the chapter starts in.
        let urls: Vec<Option<String>> = pages
            .iter()
            .filter(|p| body_has_class(&p.doc, "fff_chapter"))
            .map(|p| fields::meta_content(&p.doc, "chapterurl").map(str::to_owned))
            .collect();
        if urls.len() == chapters.len() {
            for (chapter, url) in chapters.iter_mut().zip(urls) {
                chapter.id = url.map(|u| fields::clean_value(&u));
            }
        }
        chapters.iter_mut().for_each(drop_title_heading);
        Document { chapters, raw }
    }
}

fn is_xhtml(package: &Package, spine: &SpineItem) -> bool {
    package
        .manifest
        .get(&spine.id)
        .is_none_or(|m| m.media_type.is_empty() || m.media_type.contains("html"))
}

fn body_has_class(doc: &Html, class: &str) -> bool {
    find_in(doc, |el| is(el, "body")).is_some_and(|b| has_class(b, class))
}

/// How [`Book::story_items`] reads the spine.
struct Reading<'a> {
    /// Read and cut the first story page's own preface.
    preface: bool,
    /// Pages a producer knows are front matter.
    skip: Vec<&'a str>,
}

/// The preface ends at AO3's `Chapter Text` landmark; a chapter heading just above
/// it (`Chapter 1: The Diner`) is the chapter's, not the preface's.
fn keep_chapter_heading(items: &[Item], cut: usize) -> usize {
    let landmark = cut.checked_sub(1);
    let above = landmark.and_then(|l| l.checked_sub(1));
    let is_landmark = landmark
        .and_then(|l| items.get(l))
        .is_some_and(|i| matches!(i, Item::Text { text, .. } if preface::is_landmark(&text.text)));
    match above.and_then(|a| items.get(a)) {
        Some(Item::Text {
            text,
            kind: TextKind::Heading(_),
            ..
        }) if is_landmark && text.text.to_lowercase().starts_with("chapter ") => {
            above.unwrap_or(cut)
        }
        _ => cut,
    }
}
