//! Source lines and the file's paragraph layout.
//!
//! Owns the one split of the text into [`Line`]s (the index of a line is its 1-based
//! number minus one) and the per-file decision of what separates paragraphs. A line is
//! blank when it holds only whitespace (spaces, tabs, U+00A0), control characters or
//! zero-width characters: FanFicFare writes `<br>` as a line of two spaces and the
//! Dreamwidth calendar pads with no-break spaces, and neither is text.

/// One source line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'a> {
    /// The line trimmed of whitespace; empty for a blank line.
    pub text: &'a str,
    /// Characters of the line as written that `text` leaves out (its trimmed ends,
    /// or all of a blank line's). Kept instead of the untrimmed `&str`: a long story
    /// has hundreds of thousands of lines, all held while it is parsed, and the
    /// untrimmed text is only ever measured.
    pad_chars: u32,
    /// Starts with a tab or four spaces (FanFicFare chapter titles, centred glyphs).
    pub indented: bool,
    /// Ends with two spaces: a markdown hard line break (FanFicFare's `<br>`).
    pub hard_break: bool,
}

impl<'a> Line<'a> {
    fn new(raw: &'a str) -> Self {
        let trimmed = raw.trim();
        let text = if trimmed.chars().all(is_invisible) {
            ""
        } else {
            trimmed
        };
        let pad_chars = if text.is_empty() {
            raw.chars().count()
        } else if trimmed.len() == raw.len() {
            0
        } else {
            let lead = raw.len() - raw.trim_start().len();
            let trail = raw.trim_start().len() - trimmed.len();
            raw.get(..lead).map_or(0, |s| s.chars().count())
                + raw
                    .get(raw.len() - trail..)
                    .map_or(0, |s| s.chars().count())
        };
        Self {
            text,
            pad_chars: u32::try_from(pad_chars).unwrap_or(u32::MAX),
            indented: raw.starts_with('\t') || raw.starts_with("    "),
            hard_break: !text.is_empty() && raw.ends_with("  "),
        }
    }

    /// Characters in the line as written, trimmed ends included.
    pub fn raw_chars(&self) -> usize {
        self.text.chars().count() + self.pad_chars as usize
    }

    /// Whether the line as written is at most `limit` characters long; counts
    /// characters only when its bytes do not already say so.
    pub fn raw_chars_at_most(&self, limit: usize) -> bool {
        self.text.len() + self.pad_chars as usize <= limit || self.raw_chars() <= limit
    }

    /// True when the line holds no visible text.
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Splits decoded text into lines. A stray `\r` is whitespace to [`str::trim`], so
/// text that was not normalised still reads correctly.
pub(super) fn split(text: &str) -> Vec<Line<'_>> {
    // Sized once: a long story has hundreds of thousands of lines, and a doubling
    // vector would hold up to twice their room at its peak.
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    lines.extend(text.split('\n').map(Line::new));
    lines
}

/// How a file marks its paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    /// One paragraph per line, blank lines between (the seeds, TtH, LJ/DW dumps).
    LinePerParagraph,
    /// Hard-wrapped: a paragraph is a block of consecutive lines (Gutenberg,
    /// FanFicFare TXT at 78 columns).
    Wrapped,
    /// One paragraph per line with no blank line between them; a blank line is then
    /// already a scene gap (old Windows exports such as the fanfictions.fr fixture).
    Dense,
}

/// Characters a paragraph (not a wrapped fragment of one) usually ends with.
fn ends_sentence(text: &str) -> bool {
    text.chars().next_back().is_some_and(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '…' | '"' | '”' | '’' | '\'' | '»' | ')' | ':' | '*' | '~' | '_'
        )
    })
}

/// Decides the layout from the whole file.
///
/// Mostly isolated lines mean one paragraph per line. Otherwise, blocks of lines are
/// either wrapped paragraphs or unspaced paragraphs; wrapped lines mostly end
/// mid-sentence and stay narrow (a wrap width), unspaced paragraphs mostly end a
/// sentence and run long.
pub(super) fn detect(lines: &[Line<'_>]) -> Layout {
    let mut text_lines = 0usize;
    let mut joined = 0usize;
    let mut open = 0usize;
    let mut narrow = 0usize;
    let mut prev: Option<&Line<'_>> = None;
    for line in lines {
        if !line.is_blank() {
            text_lines += 1;
            if let Some(p) = prev.filter(|p| !p.is_blank()) {
                joined += 1;
                if !ends_sentence(p.text) {
                    open += 1;
                }
                if p.raw_chars_at_most(100) {
                    narrow += 1;
                }
            }
        }
        prev = Some(line);
    }
    if joined == 0 || joined * 5 < text_lines {
        Layout::LinePerParagraph
    } else if open * 2 >= joined && narrow * 10 >= joined * 9 {
        Layout::Wrapped
    } else {
        Layout::Dense
    }
}

/// The file's usual paragraph gap in blank lines: 0 for a
/// [`Layout::Dense`] file, else the most common blank run between two text lines
/// (ties go to the shorter run). A longer run is a scene break.
pub(super) fn usual_gap(lines: &[Line<'_>], layout: Layout) -> usize {
    // Runs longer than this are all "long"; the histogram stays small and bounded.
    const CAP: usize = 16;
    if layout == Layout::Dense {
        return 0;
    }
    let mut counts = [0usize; CAP + 1];
    let mut run = 0usize;
    let mut seen_text = false;
    for line in lines {
        if line.is_blank() {
            run += 1;
        } else {
            if seen_text && run > 0 {
                counts[run.min(CAP)] += 1;
            }
            seen_text = true;
            run = 0;
        }
    }
    let mut best = 1;
    for (len, &count) in counts.iter().enumerate().skip(1) {
        if count > counts[best] {
            best = len;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout_of(text: &str) -> Layout {
        detect(&split(text))
    }

    #[test]
    fn a_line_stays_small() {
        // Every line of a story is held while it is parsed: 400,000 lines at 20 MB.
        assert!(std::mem::size_of::<Line<'_>>() <= 24);
    }

    #[test]
    fn a_line_measures_as_the_line_as_written() {
        let text = "  \u{a0}indented  \n\u{2003}\u{a0}\n\tcafé\u{3000}\nplain\n\n\u{1b}\u{200b} \n";
        let lines = split(text);
        assert_eq!(lines.len(), text.split('\n').count());
        for (line, raw) in lines.iter().zip(text.split('\n')) {
            let chars = raw.chars().count();
            assert_eq!(line.raw_chars(), chars, "{raw:?}");
            for limit in [0, 1, chars.saturating_sub(1), chars, chars + 1] {
                assert_eq!(
                    line.raw_chars_at_most(limit),
                    chars <= limit,
                    "{raw:?} {limit}"
                );
            }
        }
    }

    #[test]
    fn blank_lines_include_nbsp_and_controls() {
        let lines = split("a\n  \n\u{a0}\u{a0}\n\t\u{1b}\nb  ");
        let blanks: Vec<bool> = lines.iter().map(Line::is_blank).collect();
        assert_eq!(blanks, [false, true, true, true, false]);
        assert!(lines[4].hard_break);
        assert_eq!(lines[4].text, "b");
    }

    #[test]
    fn layouts() {
        let per_line = "One paragraph here.\n\nAnother one.\n\nThird.\n";
        assert_eq!(layout_of(per_line), Layout::LinePerParagraph);
        let wrapped = "It is a truth universally acknowledged, that a single man in\n\
                       possession of a good fortune, must be in want of a wife.\n\n\
                       However little known the feelings or views of such a man may\n\
                       be on his first entering a neighbourhood, this truth is so well\n\
                       fixed in the minds of the surrounding families.\n";
        assert_eq!(layout_of(wrapped), Layout::Wrapped);
        let dense = "Kiba se tassa un peu plus sur lui-même et adressa au ninja qui se dressait devant lui un regard bouillonnant.\n\
                     Le regard du ninja au visage scarifié s’assombrit de contrariété, et sans un mot il s’avança.\n\
                     La sensation était pour le moins… désagréable.\n";
        assert_eq!(layout_of(dense), Layout::Dense);
        assert_eq!(layout_of(""), Layout::LinePerParagraph);
    }

    #[test]
    fn usual_gap_is_the_modal_run() {
        let lines = split("a\n\nb\n\nc\n\n\nd\n\ne");
        assert_eq!(usual_gap(&lines, Layout::LinePerParagraph), 1);
        let double = split("a\n\n\nb\n\n\nc\n\n\n\nd");
        assert_eq!(usual_gap(&double, Layout::LinePerParagraph), 2);
        assert_eq!(usual_gap(&double, Layout::Dense), 0);
        assert_eq!(usual_gap(&[], Layout::Wrapped), 1);
    }
}
