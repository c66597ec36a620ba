//! Plain-text stories: TtH and LiveJournal/Dreamwidth/InsaneJournal page dumps,
//! fanfiction.net pages copied from a browser, mailing-list and eFiction headers,
//! FanFicFare TXT, fimfiction.net TXT, Project Gutenberg novels, bare copy-pastes.
//!
//! [`parse`] runs a fixed pipeline, each stage in its own submodule and each a single
//! pass over the lines (no stage looks at a line more than a bounded number of times,
//! so a 5 MB book parses in a few tens of milliseconds):
//!
//! 1. `layout`: split into lines and decide how this file marks paragraphs (one per
//!    line with blank lines between, hard-wrapped blocks, or one per line with no gap).
//! 2. `header`: the header block before the story (title, byline, `Key: value` fields,
//!    TtH banner, Dreamwidth chrome, FanFicFare title page and table of contents).
//! 3. `footer`: site chrome, end markers and archive footers after the story.
//! 4. `body`: the lines in between become units (paragraphs, gaps, break glyphs);
//!    `chapters` decides which units are chapter headings; `body` then builds the
//!    chapters of blocks, with `breaks` and `emphasis` doing the fine work.
//!
//! Invariants: the body never contains header fields, chrome, footers or end markers;
//! every string that leaves this module went through [`sanitize::clean`] (no control
//! characters or escape sequences) and DW/LJ user markup removal (`chrome`); the
//! returned document passes [`Document::check`]. Nothing here panics on any input.

mod banner;
mod body;
mod breaks;
mod chapters;
mod chrome;
mod emphasis;
mod footer;
mod header;
mod layout;

use crate::document::{Block, Document, RawMeta, RichText, sanitize};

/// Parses decoded text (LF line endings, as [`crate::format::encoding::decode`] returns
/// it) into a document: chapters of body blocks plus the raw metadata the file states.
///
/// ```
/// use ficread::document::{Block, FieldKey};
/// use ficread::format::txt::parse;
///
/// let doc = parse("My Fic\n\nRating: G\n\nIt was *late*.\n\n\nMorning came.\n\nThe End\n");
/// assert_eq!(doc.raw.first(FieldKey::Title).unwrap().values, ["My Fic"]);
/// assert_eq!(doc.raw.first(FieldKey::Rating).unwrap().values, ["G"]);
/// assert_eq!(doc.chapters.len(), 1);
/// assert_eq!(doc.scenes(), 2);
/// assert_eq!(doc.chapters[0].blocks[0].text(), "It was late.");
/// assert!(doc.raw.first(FieldKey::EndMarker).is_some());
/// ```
pub fn parse(text: &str) -> Document {
    parse_with(Input::Borrowed(text), Part::Whole)
}

/// [`parse`], taking the text: the blocks' cleaned text is written over it and
/// shared by the blocks ([`crate::document::Text`]), so a long story is held once
/// rather than as its text plus a copy in its blocks. Gives what [`parse`] gives.
pub fn parse_owned(text: String) -> Document {
    parse_with(Input::Owned(text), Part::Whole)
}

/// The text to parse: owned text can be written over.
enum Input<'t> {
    Borrowed(&'t str),
    Owned(String),
}

/// Which part of a story a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Whole,
    /// The start, cut short: a header, no footer.
    Head,
    /// A stretch from the middle, cut short: no header, no footer.
    Window,
    /// A stretch from the middle to the end: no header.
    Tail,
}

/// Parses the head of a longer text (see [`crate::format::head`]): as [`parse`],
/// but without looking for a footer (the head has no end) and without the last
/// block, which the cut may have ended early.
pub fn parse_head(text: &str) -> Document {
    parse_with(Input::Borrowed(text), Part::Head)
}

/// Parses a stretch from the middle of a text that starts at a chapter heading (see
/// [`crate::format::head`]): as [`parse_head`], but the start is body, not header.
/// With `to_end`, the stretch runs to the text's end, whose footer is read as
/// [`parse`] reads it, and nothing is cut short.
pub fn parse_window(text: &str, to_end: bool) -> Document {
    parse_with(
        Input::Borrowed(text),
        if to_end { Part::Tail } else { Part::Window },
    )
}

fn parse_with(input: Input<'_>, part: Part) -> Document {
    parse_split(input, part, layout::split)
}

/// [`parse_with`], splitting the text into lines with `split` (tests parse with
/// the lines unpacked too).
fn parse_split(
    input: Input<'_>,
    part: Part,
    split: for<'t> fn(&'t str) -> layout::Lines<'t>,
) -> Document {
    let text = match &input {
        Input::Borrowed(text) => text,
        Input::Owned(text) => text.as_str(),
    };
    let lines = split(text);
    let layout = layout::detect(&lines);
    let header = if matches!(part, Part::Window | Part::Tail) {
        header::Header::none()
    } else {
        header::read(&lines, layout)
    };
    let footer = if matches!(part, Part::Whole | Part::Tail) {
        footer::read(&lines, header.body_start, header.site.as_deref())
    } else {
        footer::Footer::none(lines.len())
    };
    let body_range = header.body_start..footer.body_end.max(header.body_start);
    // The usual gap comes from the whole file: the body dominates any real story,
    // and in a short one the header's gaps are the only other evidence there is.
    let break_gap = layout::usual_gap(&lines, layout) + 1;
    let lead = header
        .chapter_title
        .as_ref()
        .map(|(title, line)| (title.as_str(), *line));
    let mut own = Vec::new();
    let units = body::units(
        text,
        &lines,
        body_range,
        layout,
        header.fanficfare,
        lead,
        &mut own,
    );
    // Units point into the text, not at the lines: a long story's lines take
    // megabytes that the blocks, built next, need more.
    drop(lines);
    let texts = body::Texts { text, own: &own };
    let plan = chapters::plan(texts, &units, body::title_text);
    let built = match input {
        Input::Borrowed(text) => {
            let texts = body::Texts { text, own: &own };
            body::build(body::Store::Owned(texts), &units, &plan, break_gap)
        }
        Input::Owned(text) => match body::Store::in_place(text, &own, &units) {
            Ok(store) => body::build(store, &units, &plan, break_gap),
            Err(text) => {
                let texts = body::Texts {
                    text: &text,
                    own: &own,
                };
                body::build(body::Store::Owned(texts), &units, &plan, break_gap)
            }
        },
    };
    drop(units);

    let mut raw = RawMeta {
        fields: header.fields,
        site: header.site.or_else(|| footer.site.map(str::to_owned)),
        ..RawMeta::default()
    };
    raw.fields.extend(built.front_matter);
    let mut chapters = built.chapters;
    // Short notes after an end marker ("Thanks for reading!", a sequel pointer) are
    // the author's words, not chrome: the reader shows them, set apart, at the end.
    // They are notes, so they never count as story words.
    for field in footer.fields {
        match chapters.last_mut() {
            Some(last) if field.label == footer::FOOTER_NOTE => {
                last.blocks
                    .push(Block::Note(RichText::plain(field.joined())));
            }
            _ => raw.fields.push(field),
        }
    }
    // One guard for every path that adds a field: a value can clean down to nothing
    // (a line of escape sequences), and an empty value says nothing.
    for field in &mut raw.fields {
        field.values.retain(|v| !v.is_empty());
    }
    raw.fields.retain(|f| !f.values.is_empty());
    // A part cut short may end inside its last block.
    if matches!(part, Part::Head | Part::Window)
        && let Some(last) = chapters.last_mut()
    {
        last.blocks.pop();
    }
    Document { chapters, raw }
}

/// Cleans one piece of source text for display: DW/LJ user markup removed, control
/// characters and escape sequences stripped, whitespace runs collapsed, ends trimmed.
///
/// Whitespace policy: any run of whitespace becomes one ASCII space, except that a
/// lone no-break space (U+00A0 or U+202F) is kept as written. French typography puts
/// one before `:`, `»`, `?` and `!` precisely so a line never starts with them, and a
/// reader should honour that; a run (the DW calendar's `\u{a0}\u{a0}`) is just spacing.
fn clean_text(raw: &str) -> String {
    let unmarked = chrome::strip_user_markup(raw);
    if sanitize::may_need_cleaning(unmarked.as_bytes(), b"") {
        collapse_whitespace(&sanitize::clean(&unmarked))
    } else {
        collapse_whitespace(&unmarked)
    }
}

/// Collapses whitespace runs as described in [`clean_text`] and trims both ends.
///
/// This runs over every paragraph, so it is careful: most whitespace is already a
/// single space between words and needs no edit, so only the runs that do (longer
/// runs, tabs, other space characters, the ends) are rewritten and everything in
/// between is copied in bulk.
fn collapse_whitespace(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while let Some(offset) = bytes.get(i..).and_then(|rest| {
        rest.iter()
            .position(|&b| b <= b' ' || matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3))
    }) {
        let start = i + offset;
        // The common case, one space between two words, needs no closer look.
        if start > 0
            && bytes.get(start) == Some(&b' ')
            && bytes
                .get(start + 1)
                .is_some_and(|&n| n > b' ' && !matches!(n, 0xc2 | 0xe1 | 0xe2 | 0xe3))
        {
            i = start + 1;
            continue;
        }
        let mut end = start;
        let mut count = 0;
        let mut first = ' ';
        while let Some(c) = whitespace_at(text, end) {
            if count == 0 {
                first = c;
            }
            count += 1;
            end += c.len_utf8();
        }
        if count == 0 {
            // A lead byte of something else (a curly quote, a dash).
            i = start + 1;
            continue;
        }
        let inner = start > 0 && end < bytes.len();
        let as_is = inner && count == 1 && matches!(first, ' ' | '\u{a0}' | '\u{202f}');
        if !as_is {
            out.push_str(text.get(copied..start).unwrap_or_default());
            if inner {
                out.push(' ');
            }
            copied = end;
        }
        i = end;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
}

/// The whitespace character starting at byte `i`, if any. Only ASCII bytes and the
/// lead bytes of the multi-byte whitespace characters (U+0085, U+00A0, U+1680,
/// U+2000 block, U+3000) need a closer look; continuation bytes never match.
fn whitespace_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b.is_ascii() {
        return matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r').then_some(b as char);
    }
    if matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3) {
        return text.get(i..)?.chars().next().filter(|c| c.is_whitespace());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, FieldKey};

    #[test]
    fn collapse_keeps_single_nbsp_only() {
        let cases = [
            ("  a  b\t c ", "a b c"),
            ("Un\u{a0}: Kiba", "Un\u{a0}: Kiba"),
            ("x\u{a0}\u{a0}y", "x y"),
            ("x \u{a0}y", "x y"),
            ("", ""),
            ("   ", ""),
            ("“quoted”\u{2003}em\u{3000}space", "“quoted” em space"),
            ("\u{85}x\u{2028}y\u{202f}z", "x y\u{202f}z"),
            ("é\u{a0}\u{a0}\t ü", "é ü"),
        ];
        for (input, want) in cases {
            assert_eq!(collapse_whitespace(input), want, "input {input:?}");
        }
    }

    #[test]
    fn sanitising_precheck_finds_every_unwanted_character() {
        for c in (0..0x20u32)
            .chain(0x7f..0xa0)
            .chain(0x202a..0x202f)
            .chain(0x2066..0x206a)
        {
            let c = char::from_u32(c).unwrap();
            let text = format!("a{c}b");
            assert!(
                sanitize::may_need_cleaning(text.as_bytes(), b""),
                "U+{:04X}",
                c as u32
            );
        }
        assert!(!sanitize::may_need_cleaning(
            "“curly” ‘quotes’ — é 日本 🎉\u{a0}".as_bytes(),
            b""
        ));
    }

    #[test]
    fn clean_text_strips_markup_and_controls() {
        assert_eq!(
            clean_text("Thanks to [livejournal.com profile] gary\u{1b}[31m  for\tit"),
            "Thanks to gary for it"
        );
    }

    #[test]
    fn empty_and_blank_inputs_give_empty_documents() {
        for input in ["", "\n", "\n\n\n", "   \n\t\n", "\u{1b}[2J\n"] {
            let doc = parse(input);
            assert!(doc.chapters.is_empty(), "input {input:?}: {doc:?}");
            assert!(doc.check().is_ok());
        }
    }

    #[test]
    fn single_line_is_a_paragraph() {
        let doc = parse("Buffy ran.");
        assert_eq!(doc.chapters.len(), 1);
        assert_eq!(
            doc.chapters[0].blocks,
            [Block::Paragraph(crate::document::RichText::plain(
                "Buffy ran."
            ))]
        );
        assert!(doc.raw.fields.is_empty());
    }

    #[test]
    fn header_fields_keep_emphasis_markers() {
        let doc = parse("Title\n\nSummary: *COA nominee* A fic.\n\nBody *text* here.\n");
        let summary = doc.raw.first(FieldKey::Summary).unwrap();
        assert_eq!(summary.values, ["*COA nominee* A fic."]);
        assert_eq!(doc.chapters[0].blocks[0].text(), "Body text here.");
    }
}

#[cfg(test)]
mod tests_lines;
#[cfg(test)]
mod tests_whole;
