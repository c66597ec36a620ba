//! Word counts for [`Position::fraction`](super::Position::fraction): body words
//! (paragraphs only, as [`Document::words`] and the pager's progress count them), with
//! a byte-level counter so a capture in a 5 MB story does not spend tens of
//! milliseconds decoding characters.

use std::cmp::Ordering;

use crate::document::{Block, Document};
use crate::position::Anchor;

/// `text.split_whitespace().count()`, a byte at a time: ASCII decides most bytes; only
/// the lead bytes of the few non-ASCII whitespace characters (U+0085, U+00A0, U+1680,
/// U+2000–U+205F, U+3000) are decoded.
pub(super) fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut in_word = false;
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let (space, width) = if byte < 0x80 {
            (
                matches!(byte, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r'),
                1,
            )
        } else if matches!(byte, 0xC2 | 0xE1 | 0xE2 | 0xE3) {
            // A lead byte is always a char boundary.
            let c = text.get(i..).and_then(|t| t.chars().next());
            (
                c.is_some_and(char::is_whitespace),
                c.map_or(1, char::len_utf8),
            )
        } else {
            // Continuation bytes and other lead bytes are inside a non-space char.
            (false, 1)
        };
        if !space && !in_word {
            count += 1;
        }
        in_word = !space;
        i += width;
    }
    count
}

/// Body words before a clamped anchor over all body words, in `0.0..=1.0` (0 for a
/// story without body words). Words starting before the anchor's offset count.
pub(super) fn fraction_at(doc: &Document, anchor: Anchor) -> f64 {
    let mut total = 0;
    let mut before = 0;
    for (ci, chapter) in doc.chapters.iter().enumerate() {
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
pub(super) fn anchor_at_fraction(doc: &Document, fraction: f64) -> Anchor {
    let paragraphs = || {
        doc.chapters.iter().enumerate().flat_map(|(ci, c)| {
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn count_words_table() {
        let cases = [
            ("", 0),
            ("   ", 0),
            ("one", 1),
            (" one  two\tthree\n", 3),
            ("a\u{a0}b", 2),
            ("a\u{3000}b\u{2009}c\u{85}d", 4),
            ("“Quoted,” she said — twice.", 5),
            ("日本語の文章", 1),
            ("e\u{301}t\u{e9}", 1),
        ];
        for (text, expected) in cases {
            assert_eq!(count_words(text), expected, "{text:?}");
            assert_eq!(text.split_whitespace().count(), expected, "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn count_words_agrees_with_split_whitespace(
            text in "[a-z \t\n\u{a0}\u{85}\u{1680}\u{2000}-\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{c2}\u{e1}\u{e2}\u{e3}日é—“]{0,40}"
        ) {
            prop_assert_eq!(count_words(&text), text.split_whitespace().count());
        }
    }
}
