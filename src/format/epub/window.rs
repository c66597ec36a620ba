//! A book's preview around a saved place past its head: the head's pages (so the
//! producer, the preface and the header are read as for the whole book), then the
//! pages from the one the saved chapter starts on. The chapters before it stand
//! empty, so the saved place keeps its chapter number; the reader shows the preview
//! only if it finds the saved place there exactly (see `app::preview`).

use super::archive::{Limits, Stored};
use super::open::open_book;
use crate::document::{Chapter, Document};

/// A book's preview for a saved place.
#[derive(Debug)]
pub enum Preview {
    /// From the page the saved chapter starts on, after empty chapters.
    Window(Document),
    /// The book's head: no contents entry has the saved chapter's title.
    Head(Document),
}

impl Preview {
    /// The previewed document, whichever it is.
    pub fn into_document(self) -> Document {
        match self {
            Preview::Window(doc) | Preview::Head(doc) => doc,
        }
    }
}

/// The preview of a book from the page whose contents entry is titled `title` (the
/// entry nearest `fraction` of the reading order when several are), after the
/// head's pages, each part up to about `markup` bytes; `chapter` empty chapters
/// stand for those before it. With no entry of that title, the head, read from the
/// book already open. `None` when the book cannot be read, or the window's pages
/// hold no chapter of that title.
pub fn parse_window<'a>(
    stored: impl Into<Stored<'a>>,
    chapter: usize,
    title: &str,
    fraction: f64,
    markup: usize,
) -> Option<Preview> {
    let title = title.trim();
    let stored = stored.into();
    let (mut archive, book) = open_book(stored, Limits::for_stored(stored), None).ok()?;
    let spine = &book.package.spine;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // a share of a length
    let expected = (fraction.clamp(0.0, 1.0) * spine.len() as f64) as usize;
    let start = book
        .toc
        .iter()
        .filter(|entry| !title.is_empty() && entry.label.trim() == title)
        .filter_map(|entry| spine.iter().position(|s| s.path == entry.path))
        .min_by_key(|&position| position.abs_diff(expected));
    let Some(start) = start else {
        return book
            .read(&mut archive, Some(markup))
            .ok()
            .map(Preview::Head);
    };
    let mut doc = book
        .read_pages(&mut archive, Some(markup), Some(start))
        .ok()?;
    // The last chapter of that title: one of the same title in the head's pages
    // comes before it, and the window holds a few pages at most.
    let at = doc
        .chapters
        .iter()
        .rposition(|c| c.title.as_deref().map(str::trim) == Some(title))?;
    let mut chapters = vec![Chapter::default(); chapter];
    chapters.extend(doc.chapters.drain(at..));
    Some(Preview::Window(Document {
        chapters,
        raw: doc.raw,
    }))
}
