//! Reading a whole book one page at a time: each spine document is inflated,
//! parsed, walked into story items and dropped before the next, so a book never
//! holds more than one page's tree (a 5 MB book's trees together are tens of
//! megabytes).
//!
//! What the book-wide reading ([`Book::read`]) learns from all pages at once, this
//! one learns from each page as it comes, or gives up (`None`) so the book is read
//! the book-wide way, from the start:
//! - the producer: an AO3 download's page among the first three, or a FanFicFare
//!   title page in a book that looked generic, changes how every page is read;
//! - notes: a page's markers and notes are its own unless a link of a marker's shape
//!   joins it to another page of the book (a notes page, a chapter's endnotes), and
//!   then the book's note index needs every page ([`notes::links_elsewhere`]).

use std::collections::HashSet;

use super::archive::Archive;
use super::story::StoryItems;
use super::{
    Book, Page, Producer, body_has_class, fff_chapter_url, fff_document, fimfiction,
    fimfiction_document, generic_document, is_xhtml, read_fff_title_page,
};
use crate::document::{Document, RawMeta};
use crate::format::ParseError;
use crate::format::epub::rules::EpubRules;
use crate::format::html::notes::{self, MAX_TOTAL_BYTES};
use crate::format::html::{ao3, dom};

/// The whole book read page by page, or `None` when it needs the book-wide reading
/// (see the module docs). The same pages are read in the same order as the
/// book-wide reading reads them, so a limit it would break breaks here too.
pub(super) fn read(book: &Book, archive: &mut Archive<'_>) -> Option<Result<Document, ParseError>> {
    let producer = book.producer_by(false, false);
    if producer == Producer::Ao3 {
        return None;
    }
    let package = &book.package;
    // Every page the book-wide reading may index: a link into any of them may be a
    // marker of a note there.
    let mut read = HashSet::new();
    let story: Vec<_> = package
        .spine
        .iter()
        .enumerate()
        .filter(|(_, s)| s.linear)
        .take_while(|(position, _)| book.toc_until.is_none_or(|until| *position < until))
        .map(|(_, s)| s)
        .filter(|s| {
            is_xhtml(package, s)
                && package.nav.as_deref() != Some(s.path.as_str())
                && read.insert(s.path.as_str())
        })
        .collect();
    let aside: Vec<_> = package
        .spine
        .iter()
        .filter(|s| !s.linear && is_xhtml(package, s) && read.insert(s.path.as_str()))
        .collect();
    let is_page = |path: &str| read.contains(path);

    let mut items = StoryItems::new(book);
    let mut raw = RawMeta::default();
    let mut budget = MAX_TOTAL_BYTES;
    let mut failures = Vec::new();
    let mut pages = 0usize;
    let mut fimfiction_title = false;
    let mut urls = Vec::new();
    for spine in story {
        let text = match archive.read_markup(&spine.path) {
            Ok(text) => text,
            Err(e) if e.is_limit() => return Some(Err(e)),
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        let page = Page {
            spine: spine.clone(),
            doc: dom::parse_document(&text),
        };
        drop(text);
        let index = pages;
        pages += 1;
        if index < 3 && ao3::is_download(&page.doc)
            || producer == Producer::Generic && body_has_class(&page.doc, "fff_titlepage")
        {
            return None;
        }
        let note_page = notes::Page {
            path: &page.spine.path,
            doc: &page.doc,
        };
        if notes::links_elsewhere(note_page, is_page) {
            return None;
        }
        let page_notes = notes::index_within(&[note_page], &mut budget);
        let story = page_notes.story(0, &page.spine.path);
        match producer {
            Producer::Generic => {
                items.page(
                    &page,
                    EpubRules { fff: false },
                    true,
                    false,
                    story,
                    &mut raw,
                );
            }
            Producer::Fimfiction => {
                let title = index < 2
                    && !fimfiction_title
                    && fimfiction::is_title_page(&page.doc, &page.spine.path);
                if title {
                    fimfiction::read_title_page(&page.doc, &mut raw);
                    fimfiction_title = true;
                }
                items.page(
                    &page,
                    EpubRules { fff: false },
                    false,
                    title,
                    story,
                    &mut raw,
                );
            }
            Producer::FanFicFare => {
                read_fff_title_page(&page, &mut raw);
                urls.extend(fff_chapter_url(&page.doc));
                items.page(
                    &page,
                    EpubRules { fff: true },
                    false,
                    false,
                    story,
                    &mut raw,
                );
            }
            Producer::Ao3 => return None,
        }
    }
    if pages == 0 {
        return Some(Err(failures
            .into_iter()
            .next()
            .unwrap_or(ParseError::NoText)));
    }
    // Pages kept out of the reading order are never shown: only a link from one into
    // another page could change what the story pages show.
    for spine in aside {
        match archive.read_markup(&spine.path) {
            Ok(text) => {
                let doc = dom::parse_document(&text);
                let page = notes::Page {
                    path: &spine.path,
                    doc: &doc,
                };
                if notes::links_elsewhere(page, is_page) {
                    return None;
                }
            }
            Err(e) if e.is_limit() => return Some(Err(e)),
            Err(_) => {}
        }
    }
    let items = items.items;
    let doc = match producer {
        Producer::Generic => generic_document(items, raw),
        Producer::Fimfiction => fimfiction_document(items, raw),
        Producer::FanFicFare => fff_document(items, raw, urls),
        Producer::Ao3 => return None,
    };
    Some(Ok(book.finish(producer, doc)))
}
