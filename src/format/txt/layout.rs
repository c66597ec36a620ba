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
    /// The line as written, without its `\n`.
    pub raw: &'a str,
    /// The line trimmed of whitespace; empty for a blank line.
    pub text: &'a str,
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
        Self {
            raw,
            text,
            indented: raw.starts_with('\t') || raw.starts_with("    "),
            hard_break: !text.is_empty() && raw.ends_with("  "),
        }
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
                if p.raw.len() <= 100 || p.raw.chars().count() <= 100 {
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
