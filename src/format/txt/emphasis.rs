//! Plain-text emphasis: `*italic*`, `_italic_`, `**bold**`, `__bold__` become
//! [`Span`]s and the markers leave the text.
//!
//! Markers must sit on word boundaries, like markdown's flanking rules but stricter:
//! an opener follows the start, whitespace or opening punctuation and precedes a
//! non-space; a closer follows a non-space and precedes the end, whitespace or
//! punctuation (never a letter or digit). So `a*b`, `5 * 3`, `snake_case_names`,
//! `***` (three markers are not a marker), lone asterisks and footnote stars stay as
//! written. Spans never cross paragraphs (the caller hands over one paragraph).

use crate::document::{Emphasis, RichText, Span};

/// One run of identical marker characters.
#[derive(Debug, Clone, Copy)]
struct Run {
    start: usize,
    len: usize,
    marker: char,
    can_open: bool,
    can_close: bool,
}

impl Run {
    fn end(&self) -> usize {
        self.start + self.len
    }

    /// Index into the per-kind pending-opener table.
    fn kind(&self) -> usize {
        usize::from(self.marker == '_') * 2 + (self.len - 1)
    }
}

fn opens_after(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '(' | '[' | '{' | '"' | '\'' | '“' | '‘' | '«' | '—' | '–' | '-' | '/' | '¡' | '¿'
            )
    })
}

/// Parses emphasis markers in one cleaned paragraph.
///
/// `She *really* meant it, _Emma_ said.` becomes `She really meant it, Emma said.`
/// with italic spans over `really` and `Emma`.
pub(super) fn parse(text: String) -> RichText {
    // `contains` on an ASCII char is a vectorised byte search.
    if !text.contains('*') && !text.contains('_') {
        return RichText::plain(text);
    }
    let runs = marker_runs(&text);
    // Pending opener per kind: (`*`, `**`, `_`, `__`).
    let mut pending: [Option<Run>; 4] = [None; 4];
    let mut pairs: Vec<(Run, Run)> = Vec::new();
    for run in runs {
        let kind = run.kind();
        if run.can_close
            && let Some(open) = pending[kind].take()
        {
            pairs.push((open, run));
        } else if run.can_open {
            // The latest opener wins: in `*a *b*` the closer belongs to `*b`.
            pending[kind] = Some(run);
        }
    }
    if pairs.is_empty() {
        return RichText::plain(text);
    }

    let mut removed: Vec<(usize, usize)> = pairs
        .iter()
        .flat_map(|(open, close)| [(open.start, open.len), (close.start, close.len)])
        .collect();
    removed.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for &(start, len) in &removed {
        out.push_str(text.get(cursor..start).unwrap_or_default());
        cursor = start + len;
    }
    out.push_str(text.get(cursor..).unwrap_or_default());

    // Bytes removed before `pos`: marker runs are disjoint, so a prefix sum over
    // the sorted removals maps an old offset to the new text in O(log n).
    let mut removed_before = Vec::with_capacity(removed.len() + 1);
    removed_before.push(0usize);
    for &(_, len) in &removed {
        let total = removed_before.last().copied().unwrap_or(0) + len;
        removed_before.push(total);
    }
    let shift = |pos: usize| -> usize {
        let index = removed.partition_point(|&(start, _)| start < pos);
        removed_before.get(index).copied().unwrap_or(0)
    };
    let mut spans: Vec<Span> = pairs
        .iter()
        .map(|(open, close)| Span {
            range: open.end() - shift(open.end())..close.start - shift(close.start),
            emphasis: if open.len == 2 {
                Emphasis::Bold
            } else {
                Emphasis::Italic
            },
        })
        .filter(|span| !span.range.is_empty())
        .collect();
    spans.sort_by_key(|s| (s.range.start, s.range.end));
    RichText {
        text: out.into(),
        spans,
        notes: Vec::new(),
    }
}

/// Finds marker runs of length 1 or 2 and whether each can open or close.
fn marker_runs(text: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c != '*' && c != '_' {
            prev = Some(c);
            continue;
        }
        let mut len = 1;
        while chars.peek().is_some_and(|&(_, n)| n == c) {
            chars.next();
            len += 1;
        }
        let next = chars.peek().map(|&(_, n)| n);
        if len <= 2 {
            let can_open = opens_after(prev) && next.is_some_and(|n| !n.is_whitespace());
            let can_close = prev.is_some_and(|p| !p.is_whitespace() && p != '*' && p != '_')
                && next.is_none_or(|n| !n.is_alphanumeric());
            if can_open || can_close {
                runs.push(Run {
                    start,
                    len,
                    marker: c,
                    can_open,
                    can_close,
                });
            }
        }
        prev = Some(c);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders spans inline for compact expectations: `<i>…</i>`, `<b>…</b>`.
    fn render(rich: &RichText) -> String {
        let mut out = String::new();
        let mut events: Vec<(usize, bool, Emphasis)> = Vec::new();
        for span in &rich.spans {
            events.push((span.range.start, true, span.emphasis));
            events.push((span.range.end, false, span.emphasis));
        }
        events.sort_by_key(|&(pos, open, _)| (pos, open));
        let mut cursor = 0;
        for (pos, open, emphasis) in events {
            out.push_str(&rich.text[cursor..pos]);
            let tag = if emphasis == Emphasis::Bold { "b" } else { "i" };
            out.push('<');
            if !open {
                out.push('/');
            }
            out.push_str(tag);
            out.push('>');
            cursor = pos;
        }
        out.push_str(&rich.text[cursor..]);
        out
    }

    #[test]
    fn emphasis_table() {
        let cases = [
            ("a *word* here", "a <i>word</i> here"),
            ("*Later, in Zurich*", "<i>Later, in Zurich</i>"),
            ("_Pride and Prejudice_ is", "<i>Pride and Prejudice</i> is"),
            (
                "\"_You_ want to tell me\"",
                "\"<i>You</i> want to tell me\"",
            ),
            (
                "_italics_ , **bold** , x",
                "<i>italics</i> , <b>bold</b> , x",
            ),
            ("__strong__ words", "<b>strong</b> words"),
            ("he *really*, truly", "he <i>really</i>, truly"),
            ("(*aside*)", "(<i>aside</i>)"),
            ("“*Yes*,” she said", "“<i>Yes</i>,” she said"),
            ("*a* and *b*", "<i>a</i> and <i>b</i>"),
            ("*a _b_ c*", "<i>a <i>b</i> c</i>"),
            ("*a *b*", "*a <i>b</i>"),
            ("é*ça*", "é*ça*"),
            ("*émoji 🎉*", "<i>émoji 🎉</i>"),
            // Left alone:
            ("a*b", "a*b"),
            ("a*b*c", "a*b*c"),
            ("5 * 3 * 2", "5 * 3 * 2"),
            ("snake_case_names here", "snake_case_names here"),
            ("see my_var_", "see my_var_"),
            ("a lone * star", "a lone * star"),
            ("footnote*", "footnote*"),
            ("***", "***"),
            ("***bold italic***", "***bold italic***"),
            ("* not *", "* not *"),
            ("**", "**"),
            ("_", "_"),
            ("*open only", "*open only"),
            ("http://x.org/a_b_c", "http://x.org/a_b_c"),
        ];
        for (input, want) in cases {
            let rich = parse(input.to_owned());
            assert_eq!(render(&rich), want, "input {input:?}");
            for span in &rich.spans {
                assert!(rich.text.is_char_boundary(span.range.start));
                assert!(rich.text.is_char_boundary(span.range.end));
                assert!(!span.range.is_empty());
            }
        }
    }

    #[test]
    fn text_without_markers_is_untouched() {
        let rich = parse("No markers — “quotes” stay.".to_owned());
        assert_eq!(rich.text, "No markers — “quotes” stay.");
        assert!(rich.spans.is_empty());
    }
}
