//! Builds one [`RichText`] from a run of DOM text the way a browser lays it out:
//! ASCII whitespace collapses to one space, leading and trailing whitespace goes, and
//! emphasis becomes byte-range spans over the collapsed text. Every chunk is passed
//! through [`clean`] first, so no control character or escape sequence gets in.

use crate::document::sanitize::{clean, may_need_cleaning};
use crate::document::{Emphasis, NoteRef, RichText, Span};

/// Accumulates one line of text with emphasis.
#[derive(Debug, Default)]
pub struct RichBuilder {
    text: String,
    spans: Vec<Span>,
    notes: Vec<NoteRef>,
    /// A collapsed space waiting for the next visible character (never emitted at
    /// the start or the end of the text).
    pending_space: bool,
    /// Emphasis nesting depths, by [`Emphasis::index`].
    depths: [u32; Emphasis::ALL.len()],
}

impl RichBuilder {
    /// Whether any character other than whitespace (including NBSP) was added.
    pub fn has_visible(&self) -> bool {
        self.text.chars().any(|c| !c.is_whitespace())
    }

    /// Whether nothing at all was added.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Enters or leaves emphasis.
    pub fn emphasis(&mut self, emphasis: Emphasis, enter: bool) {
        let depth = &mut self.depths[emphasis.index()];
        *depth = if enter {
            depth.saturating_add(1)
        } else {
            depth.saturating_sub(1)
        };
    }

    /// Appends DOM text, collapsing whitespace.
    pub fn push(&mut self, raw: &str) {
        // Almost all DOM text holds nothing to clean but whitespace, which the split
        // below collapses whatever it is: it is split as it stands.
        if may_need_cleaning(raw.as_bytes(), b"\t\n\r\x0c") {
            self.push_clean(&clean_text(raw));
        } else {
            self.push_clean(raw);
        }
    }

    /// [`Self::push`] of text [`clean_text`] would leave as it is, but for turning
    /// collapsible whitespace into spaces.
    fn push_clean(&mut self, cleaned: &str) {
        // Runs between collapsible whitespace go in whole: this is every character of
        // every book, so no per-character work beyond the split.
        for (i, run) in collapsible_runs(cleaned).enumerate() {
            if i > 0 {
                self.pending_space = true;
            }
            if run.is_empty() {
                continue;
            }
            if self.pending_space && !self.text.is_empty() {
                self.push_joining_space();
            }
            self.pending_space = false;
            self.push_run(run);
        }
    }

    /// Appends a footnote marker glued to the word before it (`both.¹`, even where
    /// the source left a space before the link), with the note it stands for.
    pub fn push_note(&mut self, marker: &str, paragraphs: Vec<String>) {
        let marker = clean_text(marker);
        let marker = marker.trim();
        if marker.is_empty() {
            return;
        }
        let start = self.text.len();
        self.push_run(marker);
        self.notes.push(NoteRef {
            range: start..self.text.len(),
            paragraphs,
        });
    }

    /// Appends one separator space (a `<br>` inside a heading, a table cell gap).
    pub fn push_space(&mut self) {
        self.pending_space = true;
    }

    /// A collapsed space joins an emphasis span only when the span runs on across it
    /// (`<i>a b</i>`), never when emphasis starts after it (`a <i>b</i>`).
    fn push_joining_space(&mut self) {
        let start = self.text.len();
        self.text.push(' ');
        let end = self.text.len();
        for emphasis in Emphasis::ALL {
            if self.depths[emphasis.index()] == 0 {
                continue;
            }
            if let Some(span) = self
                .spans
                .iter_mut()
                .rev()
                .find(|s| s.emphasis == emphasis && s.range.end == start)
            {
                span.range.end = end;
            }
        }
    }

    fn push_run(&mut self, run: &str) {
        let start = self.text.len();
        self.text.push_str(run);
        let end = self.text.len();
        for emphasis in Emphasis::ALL {
            if self.depths[emphasis.index()] > 0 {
                extend_span(&mut self.spans, emphasis, start, end);
            }
        }
    }

    /// Takes the text built so far, trimmed of Unicode whitespace at both ends (NBSP
    /// indentation included), with spans clipped to it. The emphasis state carries
    /// over to the next line, as it does across a `<br>` in a browser.
    pub fn take(&mut self) -> RichText {
        let text = std::mem::take(&mut self.text);
        let spans = std::mem::take(&mut self.spans);
        let notes = std::mem::take(&mut self.notes);
        self.pending_space = false;
        let trimmed_start = text.len() - text.trim_start().len();
        let trimmed = text.trim();
        let end = trimmed_start + trimmed.len();
        let spans = spans
            .into_iter()
            .filter_map(|s| {
                let start = s.range.start.max(trimmed_start);
                let stop = s.range.end.min(end);
                (start < stop).then(|| Span {
                    range: start - trimmed_start..stop - trimmed_start,
                    emphasis: s.emphasis,
                })
            })
            .collect();
        // A marker is visible text, so trimming never cuts into one.
        let notes = notes
            .into_iter()
            .filter(|n| n.range.start >= trimmed_start && n.range.end <= end)
            .map(|n| NoteRef {
                range: n.range.start - trimmed_start..n.range.end - trimmed_start,
                paragraphs: n.paragraphs,
            })
            .collect();
        RichText {
            text: trimmed.into(),
            spans,
            notes,
        }
    }
}

/// [`clean`] for DOM text: line breaks and tabs are whitespace to collapse, not
/// control characters to delete (deleting them would glue `word\nword` together).
pub fn clean_text(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains(['\n', '\r', '\t', '\u{c}']) {
        let spaced: String = raw
            .chars()
            .map(|c| if is_collapsible(c) { ' ' } else { c })
            .collect();
        std::borrow::Cow::Owned(clean(&spaced).into_owned())
    } else {
        clean(raw)
    }
}

/// `text.split(is_collapsible)`, split on bytes (every collapsible character is
/// ASCII) rather than on decoded characters.
fn collapsible_runs(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        if let Some(at) = current
            .bytes()
            .position(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c))
        {
            rest = current.get(at + 1..);
            current.get(..at)
        } else {
            rest = None;
            Some(current)
        }
    })
}

/// Whitespace a browser collapses (ASCII only: NBSP is kept as a visible space).
fn is_collapsible(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

fn extend_span(spans: &mut Vec<Span>, emphasis: Emphasis, start: usize, end: usize) {
    if let Some(span) = spans
        .iter_mut()
        .rev()
        .find(|s| s.emphasis == emphasis && s.range.end == start)
    {
        span.range.end = end;
        return;
    }
    spans.push(Span {
        range: start..end,
        emphasis,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_left_as_it_is_is_what_cleaning_leaves() {
        // Every character up to U+3000 (all controls and overrides among them),
        // alone and between words, with every collapsible whitespace.
        for c in (0..0x3000).filter_map(char::from_u32) {
            for raw in [
                format!("{c}"),
                format!("a {c}b\tc\nd\r\u{c}e  "),
                format!(" \u{2019}{c}\u{2014}\u{c2}"),
            ] {
                assert!(
                    collapsible_runs(&raw).eq(raw.split(is_collapsible)),
                    "U+{:04X}",
                    u32::from(c)
                );
                let mut fast = RichBuilder::default();
                fast.push(&raw);
                let mut cleaned = RichBuilder::default();
                cleaned.push_clean(&clean_text(&raw));
                assert_eq!(fast.take(), cleaned.take(), "U+{:04X}", u32::from(c));
            }
        }
    }

    fn build(parts: &[(&str, Option<(Emphasis, bool)>)]) -> RichText {
        let mut b = RichBuilder::default();
        for (text, emph) in parts {
            if let Some((e, enter)) = emph {
                b.emphasis(*e, *enter);
            }
            b.push(text);
        }
        b.take()
    }

    #[test]
    fn collapses_and_trims() {
        let t = build(&[("  a \n\t b  ", None)]);
        assert_eq!(t.text, "a b");
        assert!(t.spans.is_empty());
    }

    #[test]
    fn emphasis_spans_are_byte_ranges() {
        use Emphasis::{Bold, Italic};
        let t = build(&[
            ("Wait. ", None),
            ("Trées?", Some((Italic, true))),
            (" and ", Some((Italic, false))),
            ("bold", Some((Bold, true))),
            ("", Some((Bold, false))),
        ]);
        assert_eq!(t.text, "Wait. Trées? and bold");
        assert_eq!(&t.text[t.spans[0].range.clone()], "Trées?");
        assert_eq!(t.spans[0].emphasis, Italic);
        assert_eq!(&t.text[t.spans[1].range.clone()], "bold");
    }

    #[test]
    fn trailing_space_inside_emphasis_is_not_emphasised() {
        let t = build(&[
            ("alive ", Some((Emphasis::Italic, true))),
            ("here", Some((Emphasis::Italic, false))),
        ]);
        assert_eq!(t.text, "alive here");
        assert_eq!(t.spans[0].range, 0..5);
    }

    #[test]
    fn nbsp_is_trimmed_at_edges_only() {
        let t = build(&[("\u{a0}\u{a0}x\u{a0}y\u{a0}", Some((Emphasis::Italic, true)))]);
        assert_eq!(t.text, "x\u{a0}y");
        assert_eq!(t.spans[0].range, 0..t.text.len());
    }

    #[test]
    fn escapes_are_cleaned() {
        assert_eq!(build(&[("a\u{1b}[31mb\u{7}", None)]).text, "ab");
    }

    #[test]
    fn newlines_separate_words() {
        assert_eq!(
            build(&[("Done\n\nSome\r\nmore\ttext", None)]).text,
            "Done Some more text"
        );
    }
}
