//! Justification: how a line's spare columns are spread over its spaces so that it
//! ends exactly at the right edge of the measure.
//!
//! Layout only marks which rows are justified ([`Typeset::justify`](super::Typeset));
//! the row's text and byte range stay those of the source, so anchors, search hits
//! and emphasis are unaffected and a resize lands on the same byte. The view asks
//! [`gaps`] where to draw the extra spaces.

use super::row::Row;
use super::wrap::display_width;

/// One place to widen: `extra` more columns of space drawn before byte `at` of the
/// row's text (the first space of a run of spaces between two words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    pub at: usize,
    pub extra: usize,
}

/// Spreads `extra` columns over the runs of spaces inside `text` (spaces at either end
/// do not count), as evenly as whole columns allow; the leftover columns go to the
/// gaps farthest right, so the ragged part is never at the start of a line. Empty when
/// there is nothing to spread or no space to spread it over (one long word, CJK).
///
/// A space is never part of a grapheme cluster that started before it, so a gap
/// never cuts a cluster (an emoji ZWJ sequence, a letter and its accents).
///
/// ```
/// use ficread::layout::justify::{gaps, Gap};
/// assert_eq!(gaps("a bb c", 3), [Gap { at: 1, extra: 1 }, Gap { at: 4, extra: 2 }]);
/// assert!(gaps("word", 3).is_empty());
/// ```
pub fn gaps(text: &str, extra: usize) -> Vec<Gap> {
    if extra == 0 {
        return Vec::new();
    }
    let inner = text.trim_matches(' ');
    let lead = text.len() - text.trim_start_matches(' ').len();
    let bytes = inner.as_bytes();
    let runs: Vec<usize> = (0..bytes.len())
        .filter(|&i| bytes[i] == b' ' && (i == 0 || bytes[i - 1] != b' '))
        .map(|i| i + lead)
        .collect();
    if runs.is_empty() {
        return Vec::new();
    }
    let each = extra / runs.len();
    let wider_from = runs.len() - extra % runs.len();
    runs.into_iter()
        .enumerate()
        .map(|(i, at)| Gap {
            at,
            extra: each + usize::from(i >= wider_from),
        })
        .filter(|gap| gap.extra > 0)
        .collect()
}

/// The gaps for a laid-out row whose text is `text`, in a measure `width` columns
/// wide: empty unless the row is marked justified. A row's drawn width is its indent,
/// its text, the gaps and its hyphen; for a justified row with spaces that is exactly
/// `width`.
pub fn row_gaps(row: &Row, text: &str, width: usize) -> Vec<Gap> {
    let Row::Text {
        typeset, indent, ..
    } = row
    else {
        return Vec::new();
    };
    if !typeset.justify {
        return Vec::new();
    }
    let used = indent + display_width(text) + usize::from(typeset.hyphen);
    gaps(text, width.saturating_sub(used))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spread(text: &str, extra: usize) -> String {
        let mut out = String::new();
        let mut from = 0;
        for gap in gaps(text, extra) {
            out.push_str(&text[from..gap.at]);
            out.push_str(&" ".repeat(gap.extra));
            from = gap.at;
        }
        out.push_str(&text[from..]);
        out
    }

    #[test]
    fn spreads_evenly_with_leftovers_on_the_right() {
        assert_eq!(spread("a b c d", 0), "a b c d");
        assert_eq!(spread("a b c d", 3), "a  b  c  d");
        assert_eq!(spread("a b c d", 4), "a  b  c   d");
        assert_eq!(spread("a b c d", 2), "a b  c  d");
        assert_eq!(spread("a  b", 2), "a    b");
        assert_eq!(spread("abc", 5), "abc");
    }

    #[test]
    fn spreads_only_between_words() {
        assert_eq!(spread("  a b", 1), "  a  b");
        assert_eq!(spread("a b ", 1), "a  b ");
    }

    #[test]
    fn clusters_are_never_cut() {
        let family = "👩\u{1f3fd}\u{200d}💻 and 🇫🇷 e\u{301}";
        let out = spread(family, 6);
        assert_eq!(out, "👩\u{1f3fd}\u{200d}💻   and   🇫🇷   e\u{301}");
        assert_eq!(display_width(&out), display_width(family) + 6);
    }
}
