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
mod story;
mod stream;
pub mod toc;
mod window;

use scraper::Html;

use self::archive::Archive;
pub use self::archive::{Limits, Stored};
use self::front::drop_title_heading;
use self::open::open_book;
use self::package::{Package, SpineItem};
use self::rules::EpubRules;
use self::story::{Reading, StoryItems};
use self::toc::TocEntry;
pub use self::window::{Preview, parse_window};
use crate::document::{Document, RawMeta};
use crate::format::ParseError;
use crate::format::html::breaks::build_chapters;
use crate::format::html::fields::{self, find_in, has_class, is};
use crate::format::html::flow::{Item, Rules};
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

/// The whole book read with every page's tree held at once (the reading [`parse`]
/// falls back to): for tests that both readings build the same document.
#[doc(hidden)]
pub fn parse_book_wide(bytes: &[u8]) -> Result<Document, ParseError> {
    let (mut archive, book) = open_book(Stored::Bytes(bytes), Limits::for_book(bytes.len()), None)?;
    book.read_pages(&mut archive, None, None)
}

/// The whole book read a page at a time, `None` when it needs the book-wide reading
/// ([`stream`]): for tests.
#[doc(hidden)]
pub fn parse_streamed(bytes: &[u8]) -> Option<Result<Document, ParseError>> {
    match open_book(Stored::Bytes(bytes), Limits::for_book(bytes.len()), None) {
        Ok((mut archive, book)) => stream::read(&book, &mut archive),
        Err(e) => Some(Err(e)),
    }
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
        let ao3_page = pages.iter().take(3).any(|p| ao3::is_download(&p.doc));
        let fff_page = pages
            .iter()
            .any(|p| body_has_class(&p.doc, "fff_titlepage"));
        self.producer_by(ao3_page, fff_page)
    }

    /// The producer, given whether one of the first three pages is an AO3 download's
    /// and whether any page is a FanFicFare title page.
    fn producer_by(&self, ao3_page: bool, fff_page: bool) -> Producer {
        let publisher = self.package.first("publisher").unwrap_or_default();
        let fff_mark = self
            .package
            .all("contributor")
            .any(|c| c.value.contains("FanFicFare"))
            || self
                .package
                .all("identifier")
                .any(|i| i.value.starts_with("fanficfare-uid"));
        if publisher == "Archive of Our Own" || ao3_page {
            Producer::Ao3
        } else if fimfiction::is_fimfiction(&self.package) {
            Producer::Fimfiction
        } else if fff_mark || fff_page {
            Producer::FanFicFare
        } else {
            Producer::Generic
        }
    }

    /// Reads the book, or with `head`, its first story pages up to about that many
    /// bytes of markup (and no pages kept out of the reading order). The whole book
    /// is read a page at a time when it can be ([`stream`]).
    fn read(self, archive: &mut Archive<'_>, head: Option<usize>) -> Result<Document, ParseError> {
        if head.is_none() {
            let start = archive.budget();
            if let Some(read) = stream::read(&self, archive) {
                return read;
            }
            archive.rewind(start);
        }
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
        let doc = match producer {
            Producer::Ao3 => {
                let story_pages = note_pages.get(..pages.len()).unwrap_or_default();
                ao3::parse_download_pages(story_pages, &index)
            }
            Producer::FanFicFare => self.read_fff(&pages, &index),
            Producer::Fimfiction => self.read_fimfiction(&pages, &index),
            Producer::Generic => self.read_generic(&pages, &index),
        };
        Ok(self.finish(producer, doc))
    }

    /// The book's own notes and package fields added to the story read.
    fn finish(&self, producer: Producer, mut doc: Document) -> Document {
        doc.raw.notes.extend(self.notes.iter().cloned());
        metadata::add_opf_fields(&self.package, &mut doc.raw);
        if producer == Producer::Fimfiction {
            fimfiction::add_site_fields(&self.package, &mut doc.raw);
        }
        doc
    }

    /// Spine documents that hold the story, with their chapter marks (see
    /// [`StoryItems::page`]).
    fn story_items<R: Rules>(
        &self,
        pages: &[Page],
        rules: impl Fn() -> R,
        reading: &Reading<'_>,
        notes: &NoteIndex,
        raw: &mut RawMeta,
    ) -> Vec<Item> {
        let mut story = StoryItems::new(self, reading.preface);
        for (index, page) in pages.iter().enumerate() {
            let skipped = reading.skip.contains(&page.spine.path.as_str());
            let notes = notes.story(index, &page.spine.path);
            let (spine, doc) = (&page.spine, &page.doc);
            story.page(spine, doc, rules(), skipped, notes, raw);
        }
        story.items
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
        generic_document(items, raw)
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
        fimfiction_document(items, raw)
    }

    fn read_fff(&self, pages: &[Page], notes: &NoteIndex) -> Document {
        let mut raw = RawMeta::default();
        for page in pages {
            read_fff_title_page(&page.spine.path, &page.doc, &mut raw);
        }
        let reading = Reading {
            preface: false,
            skip: Vec::new(),
        };
        let items = self.story_items(pages, || EpubRules { fff: true }, &reading, notes, &mut raw);
        let urls: Vec<ChapterUrl> = pages
            .iter()
            .filter_map(|p| fff_chapter_url(&p.doc))
            .collect();
        fff_document(items, raw, urls)
    }
}

/// A generic book's document from its story items and fields.
fn generic_document(items: Vec<Item>, mut raw: RawMeta) -> Document {
    crate::format::fanficfare::itemise_lists(&mut raw.fields);
    let mut chapters = build_chapters(items, true);
    chapters.iter_mut().for_each(drop_title_heading);
    chapters.retain(|c| !c.blocks.is_empty());
    Document { chapters, raw }
}

/// A fimfiction.net book's document from its story items and title-page fields.
fn fimfiction_document(items: Vec<Item>, raw: RawMeta) -> Document {
    let mut chapters = build_chapters(items, true);
    chapters.iter_mut().for_each(drop_title_heading);
    chapters.retain(|c| !c.blocks.is_empty());
    Document { chapters, raw }
}

/// Reads a FanFicFare title page's fields into `raw`, if the page at `path` is one.
fn read_fff_title_page(path: &str, doc: &Html, raw: &mut RawMeta) {
    if body_has_class(doc, "fff_titlepage") || path.ends_with("title_page.xhtml") {
        if let Some(heading) = find_in(doc, |el| matches!(el.value().name(), "h1" | "h2" | "h3")) {
            fff::read_title_heading(heading, raw);
        }
        if let Some(body) = find_in(doc, |el| is(el, "body")) {
            fff::read_label_block(body, raw);
        }
    }
}

/// A FanFicFare chapter page's `chapterurl` meta, if the page is a chapter page
/// (`Some`, with `None` inside for one without the meta).
fn fff_chapter_url(doc: &Html) -> Option<ChapterUrl> {
    body_has_class(doc, "fff_chapter")
        .then(|| ChapterUrl(fields::meta_content(doc, "chapterurl").map(str::to_owned)))
}

/// The `chapterurl` of a FanFicFare chapter page, if it has one.
struct ChapterUrl(Option<String>);

/// A FanFicFare book's document from its story items, title-page fields (read
/// before the story pages) and the `chapterurl` of each chapter page in order.
fn fff_document(items: Vec<Item>, mut raw: RawMeta, urls: Vec<ChapterUrl>) -> Document {
    crate::format::fanficfare::itemise_lists(&mut raw.fields);
    let mut chapters = build_chapters(items, true);
    // Chapter identity: the `chapterurl` meta of the file the chapter starts in.
    if urls.len() == chapters.len() {
        for (chapter, url) in chapters.iter_mut().zip(urls) {
            chapter.id = url.0.map(|u| fields::clean_value(&u));
        }
    }
    chapters.iter_mut().for_each(drop_title_heading);
    Document { chapters, raw }
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
