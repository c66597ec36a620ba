//! Source lines and the file's paragraph layout.
//!
//! Owns the one split of the text into [`Line`]s (the index of a line is its 1-based
//! number minus one) and the per-file decision of what separates paragraphs. A line is
//! blank when it holds only whitespace (spaces, tabs, U+00A0), control characters or
//! zero-width characters: FanFicFare writes `<br>` as a line of two spaces and the
//! Dreamwidth calendar pads with no-break spaces, and neither is text.

/// One source line, as [`Lines::get`] gives it: a view of the text, never held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Line<'a> {
    /// The line trimmed of whitespace; empty for a blank line.
    pub text: &'a str,
    /// The line as written, which only ever is measured.
    raw: &'a str,
}

impl<'a> Line<'a> {
    fn new(raw: &'a str) -> Self {
        Self {
            text: Self::text_of(raw),
            raw,
        }
    }

    /// The text of the line `raw`: trimmed, or empty when nothing in it shows.
    fn text_of(raw: &'a str) -> &'a str {
        let trimmed = raw.trim();
        if trimmed.chars().all(is_invisible) {
            ""
        } else {
            trimmed
        }
    }

    /// Starts with a tab or four spaces (FanFicFare chapter titles, centred glyphs).
    pub fn indented(&self) -> bool {
        self.raw.starts_with('\t') || self.raw.starts_with("    ")
    }

    /// Ends with two spaces: a markdown hard line break (FanFicFare's `<br>`).
    pub fn hard_break(&self) -> bool {
        !self.text.is_empty() && self.raw.ends_with("  ")
    }

    /// Characters in the line as written, trimmed ends included.
    pub fn raw_chars(&self) -> usize {
        self.raw.chars().count()
    }

    /// Whether the line as written is at most `limit` characters long; counts
    /// characters only when its bytes do not already say so.
    pub fn raw_chars_at_most(&self, limit: usize) -> bool {
        self.raw.len() <= limit || self.raw_chars() <= limit
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

/// The lines of a text, each held as where its text is (eight bytes; a
/// `Vec<Line>` took 24 when a line kept its measures): a long story has hundreds
/// of thousands of lines (400,000 at 20 MB), all held while it is parsed.
/// [`Lines::get`] gives a line as [`split`] read it, finding the line as written
/// around its text again.
#[derive(Debug, Default)]
pub(super) struct Lines<'a> {
    text: &'a str,
    store: Store<'a>,
}

#[derive(Debug)]
enum Store<'a> {
    Packed(Vec<Packed>),
    /// A text past what [`Packed`] can hold (4 GiB, which no reader accepts).
    Wide(Vec<Line<'a>>),
}

impl Default for Store<'_> {
    fn default() -> Self {
        Store::Packed(Vec::new())
    }
}

/// A [`Line`] in a text shorter than [`PACKED_MAX`]: the bytes of its `text`, or
/// for a blank line where the line starts. The rest of a line is read from the
/// text around it: what lies between its text and the line's ends is its padding.
#[derive(Debug, Clone, Copy)]
struct Packed {
    start: u32,
    len: u32,
}

/// Texts shorter than this are split into [`Packed`] lines.
const PACKED_MAX: usize = u32::MAX as usize;

impl<'a> Lines<'a> {
    /// How many lines there are.
    pub fn len(&self) -> usize {
        match &self.store {
            Store::Packed(lines) => lines.len(),
            Store::Wide(lines) => lines.len(),
        }
    }

    /// Line `i` (0-based).
    #[inline]
    pub fn get(&self, i: usize) -> Option<Line<'a>> {
        match &self.store {
            Store::Packed(lines) => {
                let packed = lines.get(i)?;
                let start = packed.start as usize;
                let end = start + packed.len as usize;
                let bytes = self.text.as_bytes();
                // Only padding lies between the text and its line's ends, and most
                // lines have none: one byte each side says so.
                let line_start = if start == 0 || bytes.get(start - 1) == Some(&b'\n') {
                    start
                } else {
                    memchr::memrchr(b'\n', bytes.get(..start)?).map_or(0, |n| n + 1)
                };
                let line_end = if bytes.get(end).is_none_or(|&b| b == b'\n') {
                    end
                } else {
                    memchr::memchr(b'\n', bytes.get(end..)?).map_or(bytes.len(), |n| end + n)
                };
                Some(Line {
                    text: if packed.len == 0 {
                        ""
                    } else {
                        self.text.get(start..end)?
                    },
                    raw: self.text.get(line_start..line_end)?,
                })
            }
            Store::Wide(lines) => lines.get(i).copied(),
        }
    }

    /// The lines in order.
    pub fn iter(&self) -> impl Iterator<Item = Line<'a>> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// Splits decoded text into lines. A stray `\r` is whitespace to [`str::trim`], so
/// text that was not normalised still reads correctly.
pub(super) fn split(text: &str) -> Lines<'_> {
    split_packed_below(text, PACKED_MAX)
}

/// [`split`] into lines as they were held before they were packed, each a [`Line`].
#[cfg(test)]
pub(super) fn split_unpacked(text: &str) -> Lines<'_> {
    split_packed_below(text, 0)
}

/// [`split`], packing the lines of a text shorter than `limit` (tests use both
/// stores on small texts).
fn split_packed_below(text: &str, limit: usize) -> Lines<'_> {
    // Sized once: a long story has hundreds of thousands of lines, and a doubling
    // vector would hold up to twice their room at its peak.
    let count = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
    let store = if text.len() < limit.min(PACKED_MAX) {
        let base = text.as_ptr() as usize;
        let mut packed = Vec::with_capacity(count);
        packed.extend(text.split('\n').map(|raw| {
            // Both are within `text`, which is shorter than `u32::MAX`.
            let fit = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            let line = Line::text_of(raw);
            let start = if line.is_empty() { raw } else { line };
            Packed {
                start: fit((start.as_ptr() as usize).wrapping_sub(base)),
                len: fit(line.len()),
            }
        }));
        Store::Packed(packed)
    } else {
        let mut wide = Vec::with_capacity(count);
        wide.extend(text.split('\n').map(Line::new));
        Store::Wide(wide)
    };
    Lines { text, store }
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
pub(super) fn detect(lines: &Lines<'_>) -> Layout {
    let mut text_lines = 0usize;
    let mut joined = 0usize;
    let mut open = 0usize;
    let mut narrow = 0usize;
    let mut prev: Option<Line<'_>> = None;
    for line in lines.iter() {
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
pub(super) fn usual_gap(lines: &Lines<'_>, layout: Layout) -> usize {
    // Runs longer than this are all "long"; the histogram stays small and bounded.
    const CAP: usize = 16;
    if layout == Layout::Dense {
        return 0;
    }
    let mut counts = [0usize; CAP + 1];
    let mut run = 0usize;
    let mut seen_text = false;
    for line in lines.iter() {
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
        assert!(std::mem::size_of::<Packed>() <= 8);
    }

    /// A line's text and measures as the parser read them before lines were
    /// packed, when each `Line` kept them (text, characters as written, indent,
    /// hard break); the code of that reading, kept to hold the new one to it.
    fn measured_as_before(raw: &str) -> (&str, usize, bool, bool) {
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
        (
            text,
            text.chars().count() + pad_chars,
            raw.starts_with('\t') || raw.starts_with("    "),
            !text.is_empty() && raw.ends_with("  "),
        )
    }

    /// Both stores give every line as it was read before lines were packed, and a
    /// line with text as the same slice of the text (units find their bytes by it).
    fn check_lines(text: &str) {
        let raws: Vec<&str> = text.split('\n').collect();
        for lines in [split(text), split_packed_below(text, 0)] {
            assert_eq!(lines.len(), raws.len(), "{text:?}");
            for (line, raw) in lines.iter().zip(&raws) {
                let want = measured_as_before(raw);
                let got = (
                    line.text,
                    line.raw_chars(),
                    line.indented(),
                    line.hard_break(),
                );
                assert_eq!(got, want, "{raw:?} in {text:?}");
                for limit in [0, 1, want.1.saturating_sub(1), want.1, want.1 + 1] {
                    assert_eq!(line.raw_chars_at_most(limit), want.1 <= limit, "{raw:?}");
                }
                if !line.is_blank() {
                    assert!(std::ptr::eq(line.text, want.0), "{text:?}");
                }
            }
        }
        assert!(matches!(split(text).store, Store::Packed(_)));
        assert!(matches!(split_packed_below(text, 0).store, Store::Wide(_)));
    }

    #[test]
    fn packed_lines_read_as_the_lines_themselves() {
        for text in [
            "",
            "\n",
            "  \u{a0}indented  \n\u{2003}\u{a0}\n\tcafé\u{3000}\nplain\n\n\u{1b}\u{200b} \n",
            "    four\n\tTab title\nhard break  \n  \n\r\nlast\r",
            "é\u{feff}\n\u{2060}x\u{200d}\n ~ * ~ \n",
        ] {
            check_lines(text);
        }
    }

    proptest::proptest! {
        #[test]
        fn packed_lines_match_for_any_text(
            text in "([ \t\r\n\u{a0}\u{3000}\u{200b}\u{1b}]|[a-zé.*~-]){0,80}"
        ) {
            check_lines(&text);
        }
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
        let blanks: Vec<bool> = lines.iter().map(|l| l.is_blank()).collect();
        assert_eq!(blanks, [false, true, true, true, false]);
        let last = lines.get(4).unwrap();
        assert!(last.hard_break());
        assert_eq!(last.text, "b");
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
        assert_eq!(usual_gap(&Lines::default(), Layout::Wrapped), 1);
    }
}
