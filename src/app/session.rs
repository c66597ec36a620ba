//! The bridge between the reader and the store: what opening a story does to its
//! reading state, how the place is restored (and what the reader is told when the
//! story changed), and turning stored state into what the library shows.

use std::fmt::Write as _;

use crate::document::Document;
use crate::library::Reading;
use crate::store::{self, Confidence, Position, Shelf, StoryState};

use super::library::ContinueLine;
use super::reader::{BookmarkItem, BookmarkKind, Reader};

/// The library's view of a story's reading state.
pub fn reading_of(state: Option<&StoryState>, chapters: usize) -> (Reading, Option<u64>) {
    let Some(state) = state else {
        return (Reading::default(), None);
    };
    let new_chapters = state.new_chapters(chapters);
    // The saved place is the top of the screen, short of 100% on the last page; a
    // story read to its end (and not grown since) is read in full.
    let at_end = match state.shelf {
        Shelf::Finished => true,
        Shelf::CaughtUp => new_chapters == 0,
        _ => false,
    };
    let percent = if at_end {
        100
    } else {
        state.position.as_ref().map_or(0, percent_read)
    };
    (
        Reading {
            shelf: state.shelf,
            favourite: state.favourite,
            percent,
            new_chapters,
        },
        state.last_opened,
    )
}

/// How much of a story lies before a saved place, in whole percent, rounded down as
/// the reader's status line rounds it: the table, the continue line and the reader
/// must never disagree about one place.
pub fn percent_read(position: &Position) -> usize {
    (position.fraction * 100.0).floor().clamp(0.0, 100.0) as usize
}

/// The continue line for a story's saved place.
pub fn continue_line(entry: usize, state: &StoryState, chapters: usize) -> Option<ContinueLine> {
    let position = state.position.as_ref()?;
    let mut place = String::new();
    if position.title_page.is_some() {
        let _ = write!(place, "{} · ", crate::title_page::LABEL);
    } else if chapters > 1 {
        let _ = write!(place, "Ch {}/{chapters} · ", position.anchor.chapter + 1);
    }
    let _ = write!(place, "{}%", percent_read(position));
    let words: Vec<&str> = position.quote.exact.split_whitespace().take(10).collect();
    Some(ContinueLine {
        entry,
        place,
        quote: format!("{}…", words.join(" ")),
    })
}

/// Puts the reader at the saved place and says what changed since: new chapters, a
/// place found only approximately, or not found at all.
pub fn restore(
    reader: &mut Reader,
    doc: &Document,
    position: Option<&Position>,
    new_chapters: usize,
) {
    let mut notes: Vec<String> = Vec::new();
    reader.set_new_chapters(new_chapters);
    if new_chapters > 0 {
        let s = if new_chapters == 1 { "" } else { "s" };
        notes.push(format!("{new_chapters} new chapter{s} since you last read"));
    }
    if let Some(position) = position {
        let found = store::relocate(doc, position);
        if found.confidence == Confidence::Exact {
            reader.go_to_shifted(found.anchor, position.top_shift);
        } else {
            reader.go_to(found.anchor);
        }
        match found.confidence {
            Confidence::Exact | Confidence::Moved => {
                if !notes.is_empty() {
                    notes.push("your place is kept".to_owned());
                }
            }
            Confidence::Fuzzy => {
                notes
                    .push("the text near your place changed; this is the closest match".to_owned());
            }
            Confidence::Lost => notes.push(format!(
                "could not find your exact place (the story changed); opened near {}",
                near(position)
            )),
        }
    }
    if !notes.is_empty() {
        let mut message = notes.join("; ");
        if let Some(first) = message.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        reader.set_message(message);
    }
}

fn near(position: &Position) -> String {
    match &position.chapter_title {
        Some(title) => format!("“{title}”"),
        None => format!("{:.0}%", position.fraction * 100.0),
    }
}

/// The marks and bookmarks of a story, each found in the story as it is now.
pub fn bookmark_items(doc: &Document, state: &StoryState) -> Vec<BookmarkItem> {
    let chapter_name = |position: &Position| {
        if position.title_page.is_some() {
            return crate::title_page::LABEL.to_owned();
        }
        position
            .chapter_title
            .clone()
            .unwrap_or_else(|| format!("Chapter {}", position.anchor.chapter + 1))
    };
    let mut items: Vec<BookmarkItem> = state
        .marks
        .iter()
        .map(|(letter, position)| BookmarkItem {
            kind: BookmarkKind::Mark(*letter),
            label: chapter_name(position),
            snippet: position.quote.snippet(),
            anchor: store::relocate(doc, position).anchor,
        })
        .collect();
    let mut bookmarks: Vec<&store::Bookmark> = state.bookmarks.iter().collect();
    bookmarks.sort_by_key(|b| b.created);
    items.extend(bookmarks.into_iter().map(|b| BookmarkItem {
        kind: BookmarkKind::Bookmark(b.id),
        label: b.label.clone(),
        snippet: b.position.quote.snippet(),
        anchor: store::relocate(doc, &b.position).anchor,
    }));
    items
}
