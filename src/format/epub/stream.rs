//! Reading a whole book one page at a time: each spine document is inflated,
//! parsed, walked into story items and dropped before the next, so a book never
//! holds every page's tree at once (a 5 MB book's trees together are tens of
//! megabytes).
//!
//! What the book-wide reading ([`Book::read`]) learns from all pages at once, this
//! one learns from each page as it comes, or gives up (`None`) so the book is read
//! the book-wide way, from the start:
//! - the producer: an AO3 download's page among the first three, or a FanFicFare
//!   title page in a book that looked generic, changes how every page is read;
//! - notes ([`BookNotes`]): a page a marker points into is opened early and kept
//!   until its turn; a marker pointing back at a note on a page already dropped
//!   needs the book-wide index;
//! - limits: a book past them is read the book-wide way, which says where.

use std::collections::{HashMap, HashSet};

use super::archive::Archive;
use super::package::SpineItem;
use super::story::StoryItems;
use super::{
    Book, Producer, body_has_class, fff_chapter_url, fff_document, fimfiction, fimfiction_document,
    generic_document, is_xhtml, read_fff_title_page,
};
use crate::document::{Document, RawMeta};
use crate::format::ParseError;
use crate::format::epub::rules::EpubRules;
use crate::format::html::notes::book::BookNotes;
use crate::format::html::{ao3, dom, flow};

/// The whole book read page by page, or `None` when it needs the book-wide reading
/// (see the module docs).
pub(super) fn read(book: &Book, archive: &mut Archive<'_>) -> Option<Result<Document, ParseError>> {
    let producer = book.producer_by(false, false);
    if producer == Producer::Ao3 {
        return None;
    }
    let package = &book.package;
    // The pages the book-wide reading reads, in its order: the reading order (a
    // document listed twice read once, the navigation document never), then the
    // pages kept out of it.
    let mut read = HashSet::new();
    let story: Vec<&SpineItem> = package
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
    let aside: Vec<&SpineItem> = package
        .spine
        .iter()
        .filter(|s| !s.linear && is_xhtml(package, s) && read.insert(s.path.as_str()))
        .collect();
    let order: Vec<&SpineItem> = story.iter().chain(&aside).copied().collect();
    let position_of: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, s)| (s.path.as_str(), i))
        .collect();
    let mut notes = BookNotes::new(read.iter().map(|p| (*p).to_owned()).collect());
    let mut open = |notes: &mut BookNotes, path: &str| -> Result<(), ParseError> {
        let text = archive.read_markup(path)?;
        let position = position_of.get(path).copied().unwrap_or(usize::MAX);
        notes.open(path, position, dom::parse_document(&text));
        Ok(())
    };

    let mut items = StoryItems::new(book, producer == Producer::Generic);
    let mut raw = RawMeta::default();
    let mut failures = Vec::new();
    let mut pages = 0usize;
    let mut fimfiction_title = false;
    let mut urls = Vec::new();
    for spine in story {
        let path = spine.path.as_str();
        if notes.doc(path).is_none() {
            match open(&mut notes, path) {
                Ok(()) => {}
                Err(e) if e.is_limit() => return None,
                Err(e) => {
                    failures.push(e);
                    continue;
                }
            }
        }
        for there in notes.wanted(path) {
            open(&mut notes, &there).ok()?;
        }
        let page_notes = notes.index(path).ok()?;
        let doc = notes.doc(path)?;
        let index = pages;
        pages += 1;
        if index < 3 && ao3::is_download(doc)
            || producer == Producer::Generic && body_has_class(doc, "fff_titlepage")
        {
            return None;
        }
        let story = flow::Story {
            notes: Some(&page_notes),
            images: Some(path),
        };
        match producer {
            Producer::Generic => {
                let rules = EpubRules { fff: false };
                items.page(spine, doc, rules, false, story, &mut raw);
            }
            Producer::Fimfiction => {
                let title = index < 2 && !fimfiction_title && fimfiction::is_title_page(doc, path);
                if title {
                    fimfiction::read_title_page(doc, &mut raw);
                    fimfiction_title = true;
                }
                let rules = EpubRules { fff: false };
                items.page(spine, doc, rules, title, story, &mut raw);
            }
            Producer::FanFicFare => {
                read_fff_title_page(path, doc, &mut raw);
                urls.extend(fff_chapter_url(doc));
                let rules = EpubRules { fff: true };
                items.page(spine, doc, rules, false, story, &mut raw);
            }
            Producer::Ao3 => return None,
        }
        notes.close(path);
    }
    if pages == 0 {
        return Some(Err(failures
            .into_iter()
            .next()
            .unwrap_or(ParseError::NoText)));
    }
    // Pages kept out of the reading order are never shown: they are indexed only for
    // the links they hold back into the story pages.
    for spine in aside {
        let path = spine.path.as_str();
        if notes.doc(path).is_none() {
            match open(&mut notes, path) {
                Ok(()) => {}
                Err(e) if e.is_limit() => return None,
                Err(_) => continue,
            }
        }
        for there in notes.wanted(path) {
            open(&mut notes, &there).ok()?;
        }
        notes.index(path).ok()?;
        notes.close(path);
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
