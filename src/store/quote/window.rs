//! The few hundred bytes of a story around an anchor, joined exactly as
//! [`StoryText`](super::StoryText) joins the whole story (blocks separated by `\n`,
//! empty chapters skipped), so [`capture`](super::capture) costs the same in a 10 KB
//! and a 10 MB story and still quotes what relocation will search for.
//!
//! Invariant: the window reaches at least [`BEFORE`] bytes before the anchor and
//! [`AFTER`] bytes after it, or the story's start or end. Quotes are capped below
//! those margins (minus one UTF-8 char), so a quote taken from the window never sees
//! its edge and equals the quote taken from the whole story.

use super::{CONTEXT_MAX_BYTES, EXACT_MAX_BYTES};
use crate::document::{Block, Chapter};
use crate::position::Anchor;

/// Bytes the window reaches before the anchor, unless the story starts sooner.
pub(super) const BEFORE: usize = CONTEXT_MAX_BYTES + 8;
/// Bytes the window reaches after the anchor, unless the story ends sooner.
pub(super) const AFTER: usize = EXACT_MAX_BYTES + CONTEXT_MAX_BYTES + 8;

/// The text around a clamped anchor, and the anchor's byte offset in it.
pub(super) fn around(story: &[Chapter], anchor: Anchor) -> (String, usize) {
    let Some((place, offset)) = cursor(story, anchor) else {
        return (String::new(), 0);
    };
    let text_of = |(c, b): (usize, usize)| {
        story
            .get(c)
            .and_then(|ch| ch.blocks.get(b))
            .map_or("", Block::text)
    };
    let here = text_of(place);
    let (head, tail) = here.split_at_checked(offset).unwrap_or((here, ""));

    let mut before = vec![head];
    let mut before_len = head.len();
    let mut at = place;
    while before_len < BEFORE {
        let Some(previous) = previous(story, at) else {
            break;
        };
        let text = text_of(previous);
        before.push("\n");
        before.push(text);
        before_len += 1 + text.len();
        at = previous;
    }
    let mut window = String::with_capacity(before_len + AFTER + 64);
    for piece in before.iter().rev() {
        window.push_str(piece);
    }
    let anchor_offset = window.len();
    window.push_str(tail);
    let mut after_len = tail.len();
    let mut at = place;
    while after_len < AFTER {
        let Some(next) = next(story, at) else {
            break;
        };
        let text = text_of(next);
        window.push('\n');
        window.push_str(text);
        after_len += 1 + text.len();
        at = next;
    }
    (window, anchor_offset)
}

/// The block and offset a clamped anchor stands for in the joined text: its own; for
/// an empty chapter, the start of the next block, else the end of the last one.
fn cursor(story: &[Chapter], anchor: Anchor) -> Option<((usize, usize), usize)> {
    let in_a_block = story
        .get(anchor.chapter)
        .is_some_and(|c| anchor.block < c.blocks.len());
    if in_a_block {
        return Some(((anchor.chapter, anchor.block), anchor.offset));
    }
    if let Some(place) = first_from(story, anchor.chapter) {
        return Some((place, 0));
    }
    let (c, b) = last_before(story, anchor.chapter)?;
    let len = story
        .get(c)
        .and_then(|ch| ch.blocks.get(b))
        .map_or(0, |block| block.text().len());
    Some(((c, b), len))
}

fn next(story: &[Chapter], (chapter, block): (usize, usize)) -> Option<(usize, usize)> {
    let len = story.get(chapter).map_or(0, |c| c.blocks.len());
    if block + 1 < len {
        Some((chapter, block + 1))
    } else {
        first_from(story, chapter + 1)
    }
}

fn previous(story: &[Chapter], (chapter, block): (usize, usize)) -> Option<(usize, usize)> {
    match block.checked_sub(1) {
        Some(b) => Some((chapter, b)),
        None => last_before(story, chapter),
    }
}

/// The first block of the first non-empty chapter from `chapter` on.
fn first_from(story: &[Chapter], chapter: usize) -> Option<(usize, usize)> {
    story
        .iter()
        .enumerate()
        .skip(chapter)
        .find(|(_, c)| !c.blocks.is_empty())
        .map(|(c, _)| (c, 0))
}

/// The last block of the last non-empty chapter before `chapter`.
fn last_before(story: &[Chapter], chapter: usize) -> Option<(usize, usize)> {
    story
        .iter()
        .enumerate()
        .take(chapter)
        .rev()
        .find_map(|(c, ch)| ch.blocks.len().checked_sub(1).map(|b| (c, b)))
}
