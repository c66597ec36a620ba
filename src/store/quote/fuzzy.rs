//! Fuzzy re-finding of a quote whose text was edited: the quote (prefix + exact +
//! suffix) is cut into pieces of a few words, each piece is searched exactly, and
//! every hit votes for where the anchor would be if that piece were intact. The place
//! most of the quote agrees on (within a few bytes, the size of a typo fix) wins.
//!
//! Cost: one substring search per piece (at most [`MAX_PIECES`]) over the story, so a
//! few milliseconds for a 5 MB story; pieces too common to be evidence are dropped.

use std::ops::Range;

use memchr::memmem;

use super::Quote;

/// Words per piece: long enough to be rare in a story, short enough that one typo
/// spoils only one piece.
const WORDS_PER_PIECE: usize = 3;
/// A "word" longer than this (CJK text, a URL) is cut, so every piece stays short.
const MAX_TOKEN_BYTES: usize = 16;
const MAX_PIECES: usize = 64;
/// A piece found more often than this says nothing about where the quote is.
const MAX_PIECE_HITS: usize = 256;
/// Votes this close together agree: edits between pieces shift them a little.
const TOLERANCE: usize = 32;
/// How far a result may move to land on a word start like the original anchor did.
const SNAP: usize = 8;

/// Where the anchor of `quote` most likely is in `text`, or `None` when too little of
/// the quote agrees on one place. `expected` (the old offset) breaks ties.
pub(super) fn locate(text: &str, quote: &Quote, expected: usize) -> Option<usize> {
    let joined = format!("{}{}{}", quote.prefix, quote.exact, quote.suffix);
    let anchor = quote.prefix.len();
    let pieces = pieces(&joined);
    if pieces.len() < 2 {
        return None;
    }
    let all_bytes: usize = pieces.iter().map(Range::len).sum();
    let mut informative_bytes = 0;
    let mut votes: Vec<(usize, usize)> = Vec::new();
    for (index, piece) in pieces.iter().enumerate() {
        let Some(needle) = joined.as_bytes().get(piece.clone()) else {
            continue;
        };
        let hits: Vec<usize> = memmem::find_iter(text.as_bytes(), needle)
            .take(MAX_PIECE_HITS + 1)
            .collect();
        if hits.len() > MAX_PIECE_HITS {
            continue;
        }
        informative_bytes += piece.len();
        for hit in hits {
            // Where the anchor is if this piece is intact; before the text start, 0.
            let implied = (hit + anchor).saturating_sub(piece.start);
            votes.push((implied, index));
        }
    }
    votes.sort_unstable();
    let window = best_window(&votes, &pieces, expected)?;
    let (covered, distinct) = window.coverage;
    let enough = distinct >= 2 && covered * 2 >= informative_bytes && covered * 3 >= all_bytes;
    if !enough {
        return None;
    }
    // The piece nearest the anchor in the quote knows its place best.
    let (implied, _) = votes
        .get(window.range)?
        .iter()
        .copied()
        .min_by_key(|&(_, index)| pieces.get(index).map_or(usize::MAX, |p| gap(p, anchor)))?;
    let implied = implied.min(text.len());
    let was_word_start = joined
        .get(..anchor)
        .is_none_or(|b| b.chars().next_back().is_none_or(char::is_whitespace))
        && joined
            .get(anchor..)
            .and_then(|a| a.chars().next())
            .is_some_and(|c| !c.is_whitespace());
    Some(if was_word_start {
        snap_to_word_start(text, implied)
    } else {
        implied
    })
}

/// The votes that agree best, as a range of `votes`, with the bytes and number of
/// distinct pieces behind them.
struct Window {
    range: Range<usize>,
    coverage: (usize, usize),
}

fn best_window(
    votes: &[(usize, usize)],
    pieces: &[Range<usize>],
    expected: usize,
) -> Option<Window> {
    let mut counts = vec![0_usize; pieces.len()];
    let mut covered = 0;
    let mut distinct = 0;
    let mut low = 0;
    // (covered bytes, distinct pieces, distance from `expected`, window)
    let mut best: Option<(usize, usize, usize, Range<usize>)> = None;
    for (high, &(offset, index)) in votes.iter().enumerate() {
        if let Some(count) = counts.get_mut(index) {
            if *count == 0 {
                covered += pieces.get(index).map_or(0, Range::len);
                distinct += 1;
            }
            *count += 1;
        }
        while let Some(&(first, first_index)) = votes.get(low) {
            if offset - first <= TOLERANCE {
                break;
            }
            if let Some(count) = counts.get_mut(first_index) {
                *count -= 1;
                if *count == 0 {
                    covered -= pieces.get(first_index).map_or(0, Range::len);
                    distinct -= 1;
                }
            }
            low += 1;
        }
        let distance = offset.abs_diff(expected);
        let better = best
            .as_ref()
            .is_none_or(|(c, _, d, _)| covered > *c || (covered == *c && distance < *d));
        if better {
            best = Some((covered, distinct, distance, low..high + 1));
        }
    }
    best.map(|(covered, distinct, _, range)| Window {
        range,
        coverage: (covered, distinct),
    })
}

/// Bytes between a piece and the anchor (0 when the piece spans it).
fn gap(piece: &Range<usize>, anchor: usize) -> usize {
    if piece.start >= anchor {
        piece.start - anchor
    } else {
        anchor.saturating_sub(piece.end)
    }
}

/// Cuts `quote` into pieces of [`WORDS_PER_PIECE`] tokens; each piece spans from its
/// first token's start to its last token's end, whitespace between them included.
fn pieces(quote: &str) -> Vec<Range<usize>> {
    let tokens = tokens(quote);
    tokens
        .chunks(WORDS_PER_PIECE)
        .filter_map(|group| Some(group.first()?.start..group.last()?.end))
        .take(MAX_PIECES)
        .collect()
}

/// Whitespace-separated words, long ones cut at char boundaries.
fn tokens(text: &str) -> Vec<Range<usize>> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match start {
            _ if c.is_whitespace() => {
                if let Some(s) = start.take() {
                    tokens.push(s..i);
                }
            }
            Some(s) if i - s >= MAX_TOKEN_BYTES => {
                tokens.push(s..i);
                start = Some(i);
            }
            Some(_) => {}
            None => start = Some(i),
        }
    }
    if let Some(s) = start {
        tokens.push(s..text.len());
    }
    tokens
}

/// The word start nearest `offset` within [`SNAP`] bytes, else `offset` itself.
fn snap_to_word_start(text: &str, offset: usize) -> usize {
    let is_word_start = |at: usize| {
        text.is_char_boundary(at)
            && text
                .get(at..)
                .and_then(|a| a.chars().next())
                .is_some_and(|c| !c.is_whitespace())
            && text
                .get(..at)
                .is_some_and(|b| b.chars().next_back().is_none_or(char::is_whitespace))
    };
    for distance in 0..=SNAP {
        if offset >= distance && is_word_start(offset - distance) {
            return offset - distance;
        }
        if is_word_start(offset + distance) {
            return offset + distance;
        }
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_cut_long_words_on_char_boundaries() {
        let cases: [(&str, &[&str]); 5] = [
            ("", &[]),
            ("  a  bc\nd ", &["a", "bc", "d"]),
            ("abcdefghijklmnopqrstu", &["abcdefghijklmnop", "qrstu"]),
            // 3-byte chars: cut once 16 bytes are reached, i.e. after 6 chars (18 bytes).
            (
                "日本語の文章は空白がない",
                &["日本語の文章", "は空白がない"],
            ),
            ("é\u{301} x", &["é\u{301}", "x"]),
        ];
        for (text, expected) in cases {
            let got: Vec<&str> = tokens(text).into_iter().map(|r| &text[r]).collect();
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn pieces_group_three_words_with_their_spaces() {
        let quote = "one two  three four\nfive";
        let got: Vec<&str> = pieces(quote).into_iter().map(|r| &quote[r]).collect();
        assert_eq!(got, vec!["one two  three", "four\nfive"]);
    }

    #[test]
    fn snaps_to_the_nearest_word_start() {
        let text = "alpha beta gamma";
        assert_eq!(snap_to_word_start(text, 6), 6);
        assert_eq!(snap_to_word_start(text, 8), 6);
        assert_eq!(snap_to_word_start(text, 10), 11);
        assert_eq!(snap_to_word_start("", 0), 0);
        assert_eq!(
            snap_to_word_start(&"é".repeat(20), 20),
            20,
            "no word start near: unchanged"
        );
    }

    #[test]
    fn one_fixed_typo_still_locates() {
        let quote = Quote {
            prefix: "the quick brown fox ".into(),
            exact: "jumps over the lazy dog and runs".into(),
            suffix: " far away from here".into(),
        };
        let text = "Intro text. the quick brown fox jumps ovr the lazy dog and runs far away from here. More.";
        let at = locate(text, &quote, 0).expect("found");
        assert_eq!(&text[at..at + 5], "jumps");
    }

    #[test]
    fn unrelated_text_is_not_located() {
        let quote = Quote {
            prefix: "the quick brown fox ".into(),
            exact: "jumps over the lazy dog and runs".into(),
            suffix: " far away from here".into(),
        };
        let text = "A different story: the dog slept all day, and nobody ran anywhere at all.";
        assert_eq!(locate(text, &quote, 0), None);
    }
}
