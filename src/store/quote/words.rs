//! Word counts for [`Position::fraction`](super::Position::fraction): body words
//! (paragraphs only, as [`Document::words`] and the pager's progress count them), with
//! a byte-level counter so a capture in a 5 MB story does not spend tens of
//! milliseconds decoding characters.

use std::cmp::Ordering;

use crate::document::{Block, Document};
use crate::position::Anchor;

/// `text.split_whitespace().count()`, fast: word starts are counted over the bytes
/// taking only ASCII whitespace for spaces (a loop the compiler vectorises), then each
/// non-ASCII whitespace character (U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028,
/// U+2029, U+202F, U+205F, U+3000, found by their lead bytes with `memchr`) corrects
/// the count where it was taken for a letter.
pub(super) fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let first = usize::from(bytes.first().is_some_and(|&b| !is_ascii_space(b)));
    let mut count = first
        + bytes
            .iter()
            .zip(bytes.iter().skip(1))
            .map(|(&a, &b)| usize::from(is_ascii_space(a) & !is_ascii_space(b)))
            .sum::<usize>();
    let mut correct = |at: usize| {
        let Some(len) = unicode_space_at(text, at) else {
            return;
        };
        // The byte count started a word here if an ASCII space (or nothing) preceded.
        if at
            .checked_sub(1)
            .is_none_or(|p| bytes.get(p).is_some_and(|&b| is_ascii_space(b)))
        {
            count -= 1;
        }
        // A word really starts after it, unless more whitespace follows.
        let end = at + len;
        if bytes.get(end).is_some_and(|&b| !is_ascii_space(b))
            && unicode_space_at(text, end).is_none()
        {
            count += 1;
        }
    };
    for at in memchr::memchr3_iter(0xC2, 0xE1, 0xE3, bytes) {
        correct(at);
    }
    for at in memchr::memchr_iter(0xE2, bytes) {
        correct(at);
    }
    count
}

/// What `char::is_whitespace` says for ASCII (vertical tab included).
fn is_ascii_space(byte: u8) -> bool {
    byte == b' ' || byte.wrapping_sub(b'\t') < 5
}

/// The length of the non-ASCII whitespace character starting at byte `at`, if any.
fn unicode_space_at(text: &str, at: usize) -> Option<usize> {
    let c = text.get(at..)?.chars().next()?;
    (!c.is_ascii() && c.is_whitespace()).then(|| c.len_utf8())
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
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn count_words_agrees_with_split_whitespace(
            text in "[a-z \t\n\u{b}\u{c}\r\u{a0}\u{85}\u{1680}\u{2000}-\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{c2}\u{e1}\u{e2}\u{e3}\u{1e00}\u{3042}日é—“]{0,40}"
        ) {
            prop_assert_eq!(count_words(&text), text.split_whitespace().count());
        }
    }
}
