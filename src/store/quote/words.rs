//! Word counts for [`Position::fraction`](super::Position::fraction): body words
//! (paragraphs only, as [`Document::words`] and the pager's progress count them), with
//! a byte-level counter so a capture in a 5 MB story does not spend tens of
//! milliseconds decoding characters.

use std::cmp::Ordering;

use crate::document::words::count_words;
use crate::document::{Block, Chapter};
use crate::position::Anchor;

/// Body words before a clamped anchor over all body words, in `0.0..=1.0` (0 for a
/// story without body words). Words starting before the anchor's offset count.
pub(super) fn fraction_at(story: &[Chapter], anchor: Anchor) -> f64 {
    let mut total = 0;
    let mut before = 0;
    for (ci, chapter) in story.iter().enumerate() {
        for (bi, block) in chapter.blocks.iter().enumerate() {
            let Block::Paragraph(text) = block else {
                continue;
            };
            let words = count_words(&text.text);
            total += words;
            match (ci, bi).cmp(&(anchor.chapter, anchor.block)) {
                Ordering::Less => before += words,
                Ordering::Equal => {
                    before += count_words(text.text.get(..anchor.offset).unwrap_or(""));
                }
                Ordering::Greater => {}
            }
        }
    }
    if total == 0 {
        0.0
    } else {
        (before as f64 / total as f64).clamp(0.0, 1.0)
    }
}

/// The start of the paragraph holding the word at `fraction` of the body words (the
/// last paragraph for 1.0; the story's start when it has no body words).
pub(super) fn anchor_at_fraction(story: &[Chapter], fraction: f64) -> Anchor {
    let paragraphs = || {
        story.iter().enumerate().flat_map(|(ci, c)| {
            c.blocks
                .iter()
                .enumerate()
                .filter_map(move |(bi, b)| match b {
                    Block::Paragraph(text) => Some((ci, bi, count_words(&text.text))),
                    _ => None,
                })
        })
    };
    let total: usize = paragraphs().map(|(_, _, words)| words).sum();
    let fraction = if fraction.is_finite() {
        fraction.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let target = (fraction * total as f64) as usize;
    let mut seen = 0;
    let mut last = None;
    for (chapter, block, words) in paragraphs() {
        if words == 0 {
            continue;
        }
        last = Some(Anchor::new(chapter, block, 0));
        if seen + words > target {
            break;
        }
        seen += words;
    }
    last.unwrap_or_default()
}
