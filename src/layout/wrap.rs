//! Wrapping one text into visual lines for a width in terminal columns.
//!
//! Invariants of [`wrap`]'s and [`wrap_hyphenated`]'s result, for any text and any
//! widths:
//! - there is at least one line, and the first line starts at byte 0;
//! - lines are byte ranges of the text, in order, without overlaps; what lies between
//!   two lines (and after the last) is only the ASCII spaces dropped at a wrap point
//!   (nothing at all after a line that ends with a hyphen);
//! - every range starts and ends on a grapheme-cluster boundary;
//! - no line is wider than its width (its hyphen included), except a line holding one grapheme that is wider
//!   than the width by itself (a CJK character at width 1): text is never dropped.
//!
//! Widths are measured per grapheme cluster, the way ratatui's buffer measures them, so
//! a line that fits here fits on screen.

use std::ops::Range;

use textwrap::WordSeparator;
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};
use unicode_width::UnicodeWidthStr;

use super::hyphenate::Dictionary;

/// One visual line: a byte range of the wrapped text and its width in columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Bytes of the text shown on this line (trailing wrap spaces excluded).
    pub range: Range<usize>,
    /// Display width of `range`, in terminal columns, plus one for the hyphen.
    pub width: usize,
    /// The line breaks a word: a hyphen, not in the text, is drawn after it.
    pub hyphen: bool,
}

/// Display width of `text` in terminal columns, measured per grapheme cluster as
/// ratatui's buffer does (control characters take no room: ratatui drops them).
///
/// ```
/// use ficread::layout::display_width;
/// assert_eq!(display_width("“Hi”—ok"), 7);
/// assert_eq!(display_width("e\u{301}"), 1);
/// assert_eq!(display_width("漢字"), 4);
/// ```
pub fn display_width(text: &str) -> usize {
    if is_printable_ascii(text) {
        return text.len();
    }
    text.graphemes(true).map(grapheme_width).sum()
}

fn is_printable_ascii(text: &str) -> bool {
    text.bytes().all(|b| (0x20..0x7f).contains(&b))
}

fn grapheme_width(grapheme: &str) -> usize {
    if grapheme.contains(char::is_control) {
        return 0;
    }
    // ratatui counts halfwidth (han)dakuten as one cell each although unicode-width
    // calls them zero-width; match it so lines never overflow on screen.
    let sound_marks = grapheme
        .chars()
        .filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}'))
        .count();
    grapheme.width() + sound_marks
}

/// Wraps `text` into lines at most `width` columns wide, the first line at most
/// `first_width` (for a first-line indent). Widths below 1 count as 1.
///
/// Breaks follow the Unicode line-breaking rules (spaces, after dashes, between CJK
/// ideographs); a word wider than the line is broken between grapheme clusters.
///
/// ```
/// use ficread::layout::wrap;
/// let text = "The quick brown fox";
/// let lines: Vec<&str> = wrap(text, 10, 10).iter().map(|l| &text[l.range.clone()]).collect();
/// assert_eq!(lines, ["The quick", "brown fox"]);
/// ```
pub fn wrap(text: &str, first_width: usize, width: usize) -> Vec<Line> {
    let width = width.max(1);
    let first_width = first_width.max(1);
    let pieces = pieces(text, first_width.min(width));
    let line_widths = [first_width as f64, width as f64];
    let mut lines: Vec<Line> = wrap_first_fit(&pieces, &line_widths)
        .into_iter()
        .filter_map(|line| {
            let (first, last) = (line.first()?, line.last()?);
            let spaces: usize = line.iter().map(|p| p.space_width).sum();
            let words: usize = line.iter().map(|p| p.width).sum();
            Some(Line {
                range: first.start..last.word_end,
                width: words + spaces - last.space_width,
                hyphen: false,
            })
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line {
            range: 0..0,
            width: 0,
            hyphen: false,
        });
    }
    lines
}

/// [`wrap`], and where the next word does not fit, breaks it with a hyphen at the
/// last point `dictionary` allows that fits (first fit, like [`wrap`]). Only a word
/// that overflows is looked up, so hyphenating costs about one lookup per line.
///
/// ```
/// use ficread::layout::{hyphenate::Dictionary, wrap_hyphenated};
/// let english = Dictionary::for_language(None).expect("English");
/// let text = "an extraordinary thing";
/// let lines = wrap_hyphenated(text, 12, 12, english);
/// let shown: Vec<(&str, bool)> =
///     lines.iter().map(|l| (&text[l.range.clone()], l.hyphen)).collect();
/// assert_eq!(shown, [("an extraor", true), ("dinary thing", false)]);
/// ```
pub fn wrap_hyphenated(
    text: &str,
    first_width: usize,
    width: usize,
    dictionary: Dictionary,
) -> Vec<Line> {
    let width = width.max(1);
    let first_width = first_width.max(1);
    let mut lines = Vec::new();
    // The open line: its first byte, the end of its last word, its width with the
    // last word's trailing spaces, and those spaces' width.
    let mut open: Option<(usize, usize, usize, usize)> = None;
    for piece in pieces(text, first_width.min(width)) {
        let limit = if lines.is_empty() { first_width } else { width };
        if let Some((start, end, used, spaces)) = open
            && used + piece.width > limit
        {
            if let Some((split, head)) =
                hyphen_split(text, &piece, limit.saturating_sub(used), dictionary)
            {
                lines.push(Line {
                    range: start..split,
                    width: used + head + 1,
                    hyphen: true,
                });
                let tail = display_width(text.get(split..piece.word_end).unwrap_or_default());
                open = Some((
                    split,
                    piece.word_end,
                    tail + piece.space_width,
                    piece.space_width,
                ));
                continue;
            }
            lines.push(Line {
                range: start..end,
                width: used - spaces,
                hyphen: false,
            });
            open = None;
        }
        let (start, used) = open.map_or((piece.start, 0), |(start, _, used, _)| (start, used));
        open = Some((
            start,
            piece.word_end,
            used + piece.width + piece.space_width,
            piece.space_width,
        ));
    }
    if let Some((start, end, used, spaces)) = open {
        lines.push(Line {
            range: start..end,
            width: used - spaces,
            hyphen: false,
        });
    }
    if lines.is_empty() {
        lines.push(Line {
            range: 0..0,
            width: 0,
            hyphen: false,
        });
    }
    lines
}

/// Where to break `piece` so its head plus a hyphen fits in `room` columns: the
/// byte offset in `text` and the head's width. `None` when no break fits.
fn hyphen_split(
    text: &str,
    piece: &Piece,
    room: usize,
    dictionary: Dictionary,
) -> Option<(usize, usize)> {
    // Two letters and the hyphen is the least a dictionary allows before a break.
    if room < 3 {
        return None;
    }
    let word = text.get(piece.start..piece.word_end)?;
    dictionary
        .split_points(word)
        .into_iter()
        .rev()
        .filter_map(|at| Some((piece.start + at, display_width(word.get(..at)?))))
        .find(|&(at, head)| head < room && is_grapheme_boundary(text, at))
}

/// A unit the wrap algorithm places: a word (or a piece of an overlong word) and the
/// spaces after it, which vanish when the piece ends a line.
#[derive(Debug, Clone)]
struct Piece {
    start: usize,
    word_end: usize,
    width: usize,
    space_width: usize,
}

impl Fragment for Piece {
    fn width(&self) -> f64 {
        self.width as f64
    }

    fn whitespace_width(&self) -> f64 {
        self.space_width as f64
    }

    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Splits `text` into pieces at break opportunities, none wider than `limit` unless it
/// is a single grapheme.
fn pieces(text: &str, limit: usize) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut pos = 0;
    // textwrap's words are consecutive slices of `text` (word, then its trailing
    // spaces), so a running sum gives exact byte offsets without searching.
    for word in WordSeparator::UnicodeBreakProperties.find_words(text) {
        let start = pos;
        let word_end = start + word.word.len();
        pos = word_end + word.whitespace.len();
        debug_assert_eq!(text.get(start..word_end), Some(word.word));
        // Whitespace is only ' ', one column each.
        let space_width = word.whitespace.len();
        let word_width = display_width(word.word);
        match pieces.last_mut() {
            // A break opportunity inside a grapheme cluster (a combining mark after a
            // space) is not one we may take: glue the piece to the one before.
            Some(prev) if !is_grapheme_boundary(text, start) => {
                prev.width += prev.space_width + word_width;
                prev.word_end = word_end;
                prev.space_width = space_width;
            }
            _ => pieces.push(Piece {
                start,
                word_end,
                width: word_width,
                space_width,
            }),
        }
    }
    let mut fitted = Vec::with_capacity(pieces.len());
    for piece in pieces {
        if piece.width > limit {
            break_apart(text, &piece, limit, &mut fitted);
        } else {
            fitted.push(piece);
        }
    }
    fitted
}

fn is_grapheme_boundary(text: &str, offset: usize) -> bool {
    let bytes = text.as_bytes();
    let ascii_around = offset
        .checked_sub(1)
        .and_then(|before| bytes.get(before..=offset))
        .is_some_and(|pair| pair.is_ascii() && pair != b"\r\n");
    if ascii_around || offset == 0 || offset >= text.len() {
        return true;
    }
    // The cursor sees the whole text, so it never asks for more context; treat any
    // error as a boundary rather than fail.
    GraphemeCursor::new(offset, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(true)
}

/// Breaks an overlong word between grapheme clusters into pieces at most `limit` wide
/// (a single wider grapheme stands alone). The last piece keeps the word's spaces.
fn break_apart(text: &str, piece: &Piece, limit: usize, out: &mut Vec<Piece>) {
    let word = text.get(piece.start..piece.word_end).unwrap_or_default();
    let mut current = Piece {
        start: piece.start,
        word_end: piece.start,
        width: 0,
        space_width: 0,
    };
    for (index, grapheme) in word.grapheme_indices(true) {
        let width = grapheme_width(grapheme);
        if current.width > 0 && current.width + width > limit {
            let next_start = piece.start + index;
            out.push(std::mem::replace(
                &mut current,
                Piece {
                    start: next_start,
                    word_end: next_start,
                    width: 0,
                    space_width: 0,
                },
            ));
        }
        current.word_end = piece.start + index + grapheme.len();
        current.width += width;
    }
    current.space_width = piece.space_width;
    out.push(current);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(text: &str, width: usize) -> Vec<&str> {
        wrap(text, width, width)
            .iter()
            .map(|l| &text[l.range.clone()])
            .collect()
    }

    #[test]
    fn wraps_table() {
        let long = "x".repeat(300);
        let cases: Vec<(&str, usize, Vec<&str>)> = vec![
            ("", 10, vec![""]),
            ("   ", 10, vec![""]),
            ("one", 10, vec!["one"]),
            ("one two three", 7, vec!["one two", "three"]),
            ("one  two", 3, vec!["one", "two"]),
            // Curly quotes and an em-dash are one column each.
            ("“Yes”—she said", 6, vec!["“Yes”—", "she", "said"]),
            ("“Yes,” she said.", 16, vec!["“Yes,” she said."]),
            // An em-dash is a break opportunity.
            ("abcdef—ghijkl", 8, vec!["abcdef—", "ghijkl"]),
            // CJK: two columns each, breaks between ideographs.
            ("漢字漢字漢字", 5, vec!["漢字", "漢字", "漢字"]),
            ("漢字漢字漢字", 1, vec!["漢", "字", "漢", "字", "漢", "字"]),
            // Combining mark: "é" as e + U+0301 is one column and never split.
            (
                "e\u{301}e\u{301}e\u{301}",
                2,
                vec!["e\u{301}e\u{301}", "e\u{301}"],
            ),
            // A ZWJ family is one grapheme, two columns.
            (
                "👩\u{200d}👩\u{200d}👧👩\u{200d}👩\u{200d}👧",
                3,
                vec!["👩\u{200d}👩\u{200d}👧", "👩\u{200d}👩\u{200d}👧"],
            ),
            ("ab cd", 1, vec!["a", "b", "c", "d"]),
            (
                "see https://example.org/a/b/c",
                10,
                vec!["see", "https://", "example.or", "g/a/b/c"],
            ),
            (
                &long,
                100,
                vec![&long[..100], &long[100..200], &long[200..]],
            ),
        ];
        for (text, width, expected) in cases {
            assert_eq!(wrapped(text, width), expected, "{text:?} at {width}");
        }
    }

    #[test]
    fn widths_are_display_columns() {
        let cases = [
            ("abc", 3),
            ("“”‘’", 4),
            ("—–", 2),
            ("漢字", 4),
            ("e\u{301}", 1),
            ("👩\u{200d}👩\u{200d}👧", 2),
            // Halfwidth katakana + voiced mark: ratatui's cell width, which adds one
            // for the mark on top of unicode-width's two.
            ("\u{FF76}\u{FF9E}", 3),
        ];
        for (text, width) in cases {
            assert_eq!(display_width(text), width, "{text:?}");
            assert_eq!(wrap(text, 80, 80)[0].width, width, "{text:?}");
        }
    }

    #[test]
    fn first_line_width_is_separate() {
        let text = "aa bb cc dd";
        let lines: Vec<&str> = wrap(text, 2, 5)
            .iter()
            .map(|l| &text[l.range.clone()])
            .collect();
        assert_eq!(lines, ["aa", "bb cc", "dd"]);
    }

    #[test]
    fn combining_mark_after_space_stays_with_the_space() {
        // " \u{301}" is one grapheme cluster; a line may not start inside it.
        let text = "ab \u{301}cd ef";
        for width in 1..8 {
            for line in wrap(text, width, width) {
                assert!(is_grapheme_boundary(text, line.range.start), "{width}");
                assert!(is_grapheme_boundary(text, line.range.end), "{width}");
            }
        }
    }

    #[test]
    fn overlong_word_never_exceeds_width() {
        let word = "ünïcödé-".repeat(40);
        for width in 1..20 {
            let lines = wrap(&word, width, width);
            assert!(lines.iter().all(|l| l.width <= width), "{width}");
            assert_eq!(lines.first().map(|l| l.range.start), Some(0));
            assert_eq!(lines.last().map(|l| l.range.end), Some(word.len()));
        }
    }

    #[test]
    fn wide_grapheme_wider_than_width_stands_alone() {
        let lines = wrap("a漢b", 1, 1);
        let widths: Vec<usize> = lines.iter().map(|l| l.width).collect();
        assert_eq!(widths, [1, 2, 1]);
    }

    #[test]
    fn zero_width_counts_as_one() {
        assert_eq!(wrapped("ab", 0), ["a", "b"]);
    }
}
