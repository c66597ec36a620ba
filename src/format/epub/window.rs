//! A book's preview around a saved place past its head: the head's pages (so the
//! producer, the preface and the header are read as for the whole book), then the
//! pages from the one the saved chapter starts on. The chapters before it stand
//! empty, so the saved place keeps its chapter number; the reader shows the preview
//! only if it finds the saved place there exactly (see `app::preview`).

use super::archive::Limits;
use super::open::open_book;
use crate::document::{Chapter, Document};

/// The preview of a book from the page whose contents entry is titled `title` (the
/// entry nearest `fraction` of the reading order when several are), after the
/// head's pages, each part up to about `markup` bytes; `chapter` empty chapters
/// stand for those before it. `None` when no entry has that title, or the pages
/// read hold no chapter with it.
pub fn parse_window(
    bytes: &[u8],
    chapter: usize,
    title: &str,
    fraction: f64,
    markup: usize,
) -> Option<Document> {
    let title = title.trim();
    if title.is_empty() {
        return None;
    }
    let (mut archive, book) = open_book(bytes, Limits::for_book(bytes.len()), None).ok()?;
    let spine = &book.package.spine;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // a share of a length
    let expected = (fraction.clamp(0.0, 1.0) * spine.len() as f64) as usize;
    let start = book
        .toc
        .iter()
        .filter(|entry| entry.label.trim() == title)
        .filter_map(|entry| spine.iter().position(|s| s.path == entry.path))
        .min_by_key(|&position| position.abs_diff(expected))?;
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
    Some(Document {
        chapters,
        raw: doc.raw,
    })
}
