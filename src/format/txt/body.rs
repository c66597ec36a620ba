//! The story body: lines → units → chapters of blocks.
//!
//! [`units`] turns the body's lines into paragraphs (one line each, or a wrapped
//! block re-joined), blank gaps and break glyphs, and marks stand-alone short lines
//! that look like chapter headings. [`build`] applies the chapter plan and turns
//! units into blocks: a gap longer than the file's usual paragraph gap and a glyph
//! line become [`Block::SceneBreak`]; author's notes become [`Block::Note`];
//! FanFicFare's `### title` lines become [`Block::Heading`]. Each chapter is tidied
//! so no scene is empty, and empty chapters are dropped.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::banner;
use super::breaks::is_break_line;
use super::chapters::{self, Candidate, HeadingKind, Plan, Role};
use super::layout::{Layout, Lines};
use super::{clean_text, emphasis};
use crate::document::{Block, Chapter, FieldKey, RawField, RichText, raw::Origin};
use crate::format::prefilter::may_start_with_ci;

mod store;
pub(super) use store::Store;

/// One piece of the body, in reading order.
#[derive(Debug)]
pub(super) enum Unit {
    /// A run of blank lines between two pieces of text.
    Gap(usize),
    /// A scene-break glyph line.
    Break,
    Text(TextUnit),
}

/// A paragraph-to-be: one or more source lines.
#[derive(Debug)]
pub(super) struct TextUnit {
    /// 1-based number of its first line.
    line: u32,
    /// Where its source text is; [`TextUnit::raw`] joins it.
    source: Source,
    /// [`TextUnit::heading`] and [`TextUnit::markdown_heading`], packed: a long
    /// story has a hundred thousand units, and with an `Option<Candidate>` and a
    /// `bool` a unit took 32 bytes rather than 24.
    marks: Marks,
}

/// A unit's heading marks: a [`Candidate`] in pieces, and flags.
#[derive(Debug, Clone, Copy)]
struct Marks {
    number: u32,
    kind: Option<HeadingKind>,
    flags: u8,
}

const HAS_NUMBER: u8 = 0b001;
const TITLED: u8 = 0b010;
const MARKDOWN: u8 = 0b100;

impl Marks {
    fn new(heading: Option<Candidate>, markdown_heading: bool) -> Self {
        let mut marks = Self {
            number: 0,
            kind: None,
            flags: if markdown_heading { MARKDOWN } else { 0 },
        };
        marks.set_heading(heading);
        marks
    }

    fn set_heading(&mut self, heading: Option<Candidate>) {
        self.flags &= MARKDOWN;
        self.kind = heading.map(|c| c.kind);
        self.number = heading.and_then(|c| c.number).unwrap_or(0);
        if let Some(c) = heading {
            if c.number.is_some() {
                self.flags |= HAS_NUMBER;
            }
            if c.titled {
                self.flags |= TITLED;
            }
        }
    }

    fn heading(self) -> Option<Candidate> {
        Some(Candidate {
            kind: self.kind?,
            number: (self.flags & HAS_NUMBER != 0).then_some(self.number),
            titled: self.flags & TITLED != 0,
        })
    }
}

/// A unit's source: one line's text, or the stretch of the text a wrapped
/// paragraph's lines span, joined only when the unit is read. Joining them all up
/// front would hold a second copy of the story's text while it is parsed. Byte
/// ranges of the text, not slices: the lines can go before the blocks are built,
/// and the blocks' cleaned text can be written over the text it was read from
/// ([`Store`]).
///
/// Offsets are `u32` (a text is at most [`crate::format::MAX_FILE_BYTES`]) and
/// text of a unit's own is kept aside in [`Texts::own`]: a long story has a
/// hundred thousand units, held with its text and lines while it is parsed.
#[derive(Debug, Clone, Copy)]
enum Source {
    /// One line's (trimmed) text: its bytes in the text.
    Line(u32, u32),
    /// From the first line's text to the last's: two or more lines, none blank.
    Wrapped(u32, u32),
    /// Text of its own (index into [`Texts::own`]): a title the header stated, or
    /// lines that could not be found in the text.
    Joined(u32),
}

/// What units' sources point into: the text they were made from and the texts of
/// their own.
#[derive(Debug, Clone, Copy)]
pub(super) struct Texts<'a> {
    pub text: &'a str,
    pub own: &'a [String],
}

impl TextUnit {
    /// Set when this stand-alone line may be a chapter heading.
    pub fn heading(&self) -> Option<Candidate> {
        self.marks.heading()
    }

    /// A markdown `### Title` line (html2text's `<h3>` in FanFicFare TXT).
    pub fn markdown_heading(&self) -> bool {
        self.marks.flags & MARKDOWN != 0
    }

    /// 1-based number of its first line.
    pub fn line(&self) -> usize {
        self.line as usize
    }

    /// The source text, wrapped lines joined; not yet cleaned.
    pub fn raw<'s>(&self, texts: Texts<'s>) -> Cow<'s, str> {
        let source = self
            .range()
            .and_then(|range| texts.text.get(range))
            .unwrap_or_default();
        self.raw_from(source, texts.own)
    }

    /// [`TextUnit::raw`] from the text of its own [`TextUnit::range`] (ignored for a
    /// unit with text of its own).
    fn raw_from<'s>(&self, source: &'s str, own: &'s [String]) -> Cow<'s, str> {
        match self.source {
            Source::Line(..) => Cow::Borrowed(source),
            // Each line's text is its trimmed self, as `Line::text` is for a line
            // that is not blank.
            Source::Wrapped(..) => join_wrapped(source.split('\n').map(str::trim), source.len()),
            Source::Joined(index) => {
                Cow::Borrowed(own.get(index as usize).map_or("", String::as_str))
            }
        }
    }

    /// How many source lines it was written on.
    fn line_count(&self, text: &str) -> usize {
        match self.source {
            Source::Line(..) => 1,
            Source::Wrapped(..) => {
                let span = self
                    .range()
                    .and_then(|range| text.get(range))
                    .unwrap_or_default();
                memchr::memchr_iter(b'\n', span.as_bytes()).count() + 1
            }
            Source::Joined(_) => 2,
        }
    }

    /// The bytes of the text its source is, if it is in the text.
    fn range(&self) -> Option<Range<usize>> {
        match self.source {
            Source::Line(start, end) | Source::Wrapped(start, end) => {
                Some(start as usize..end as usize)
            }
            Source::Joined(_) => None,
        }
    }
}

/// Text of a unit's own, kept in `own`.
fn joined(own: &mut Vec<String>, text: String) -> Source {
    let index = u32::try_from(own.len()).unwrap_or(u32::MAX);
    own.push(text);
    Source::Joined(index)
}

/// The bytes of `text` from the start of `first` to the end of `last`, both slices
/// of it.
fn span(text: &str, first: &str, last: &str) -> Option<(u32, u32)> {
    let base = text.as_ptr() as usize;
    let start = (first.as_ptr() as usize).checked_sub(base)?;
    let end = (last.as_ptr() as usize).checked_sub(base)? + last.len();
    text.get(start..end)?;
    Some((u32::try_from(start).ok()?, u32::try_from(end).ok()?))
}

/// Splits the body's lines into units. `lead` is a chapter title the header stated
/// for the text that follows it (with its line number): it opens the first chapter.
pub(super) fn units(
    text: &str,
    lines: &Lines<'_>,
    range: Range<usize>,
    layout: Layout,
    fanficfare: bool,
    lead: Option<(&str, usize)>,
    own: &mut Vec<String>,
) -> Vec<Unit> {
    let end = range.end.min(lines.len());
    let mut units: Vec<Unit> = Vec::new();
    if let Some((title, line)) = lead {
        units.push(explicit_heading(text, own, title, line));
    }
    let mut gap = 0usize;
    let mut i = range.start;
    while i < end {
        let Some(line) = lines.get(i) else { break };
        if line.is_blank() {
            gap += 1;
            i += 1;
            continue;
        }
        let at_start = units.is_empty();
        if gap > 0 && !at_start {
            units.push(Unit::Gap(gap));
        }
        let gap_before = gap;
        gap = 0;
        // A fimfiction chapter banner: its first line titles the chapter.
        if let Some(found) = banner::at(lines, i) {
            if let Some((title, line)) = found.title() {
                units.push(explicit_heading(text, own, title, line));
            }
            i = found.end;
            continue;
        }
        if is_break_line(line.text) {
            units.push(Unit::Break);
            i += 1;
            continue;
        }
        let start = i;
        let explicit_title = fanficfare && line.indented() && (at_start || gap_before >= 2);
        let markdown_heading = !explicit_title && is_markdown_heading(line.text);
        // How far this unit runs: a FanFicFare title to its blank line, a wrapped
        // paragraph to its blank line, glyph, heading or hard line break.
        i += 1;
        if explicit_title {
            while i < end && lines.get(i).is_some_and(|l| !l.is_blank()) {
                i += 1;
            }
        } else if layout == Layout::Wrapped && !markdown_heading && !line.hard_break() {
            while let Some(next) = lines.get(i).filter(|_| i < end) {
                if next.is_blank() || is_break_line(next.text) || is_markdown_heading(next.text) {
                    break;
                }
                i += 1;
                if next.hard_break() {
                    break;
                }
            }
        }
        let first = lines.get(start).filter(|_| start < i);
        let last = lines.get(i - 1).filter(|_| i - 1 > start);
        units.push(Unit::Text(TextUnit {
            line: u32::try_from(start + 1).unwrap_or(u32::MAX),
            source: match (first, last) {
                (None, _) => joined(own, String::new()),
                (Some(only), None) => line_source(text, own, only.text),
                (Some(first), Some(last)) => span(text, first.text, last.text).map_or_else(
                    || {
                        let lines = (start..i).filter_map(|j| lines.get(j)).map(|l| l.text);
                        let len = lines.clone().map(|l| l.len() + 1).sum();
                        joined(own, join_wrapped(lines, len).into_owned())
                    },
                    |(start, end)| Source::Wrapped(start, end),
                ),
            },
            marks: Marks::new(explicit_title.then(Candidate::explicit), markdown_heading),
        }));
    }
    mark_headings(Texts { text, own }, &mut units, layout);
    units
}

/// The source of a one-line unit whose text is `line`.
fn line_source(text: &str, own: &mut Vec<String>, line: &str) -> Source {
    span(text, line, line).map_or_else(
        || joined(own, line.to_owned()),
        |(start, end)| Source::Line(start, end),
    )
}

/// Marks stand-alone short lines that look like headings. Stand-alone means its own
/// paragraph: always for one paragraph per line, a one-line block when wrapped, and
/// next to a blank line when paragraphs have no gaps.
fn mark_headings(texts: Texts<'_>, units: &mut [Unit], layout: Layout) {
    for index in 0..units.len() {
        let standalone = match units.get(index) {
            Some(Unit::Text(unit))
                if unit.heading().is_none()
                    && !unit.markdown_heading()
                    && unit.line_count(texts.text) == 1 =>
            {
                match layout {
                    Layout::LinePerParagraph | Layout::Wrapped => true,
                    Layout::Dense => {
                        let open = |u: Option<&Unit>| !matches!(u, Some(Unit::Text(_)));
                        open(index.checked_sub(1).and_then(|p| units.get(p)))
                            || open(units.get(index + 1))
                    }
                }
            }
            _ => false,
        };
        if standalone && let Some(Unit::Text(unit)) = units.get_mut(index) {
            let heading = chapters::classify(&unit.raw(texts));
            unit.marks.set_heading(heading);
        }
    }
}

fn is_markdown_heading(text: &str) -> bool {
    let hashes = text.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && text
            .get(hashes..)
            .is_some_and(|rest| rest.starts_with(' ') && !rest.trim().is_empty())
}

/// Joins a wrapped block into one line. A line broken after a hyphen between
/// letters (`twenty-` / `one`) or after a dash (`sorrow--` / `a gentle`) joins
/// without a space, as the wrapper split it there.
/// `len` is room enough for the joined text (the stretch the lines span is).
fn join_wrapped<'a>(mut lines: impl Iterator<Item = &'a str>, len: usize) -> Cow<'a, str> {
    match (lines.next(), lines.next()) {
        (None, _) => Cow::Borrowed(""),
        (Some(only), None) => Cow::Borrowed(only),
        (Some(first), Some(second)) => {
            let mut out = String::with_capacity(len);
            for line in [first, second].into_iter().chain(lines) {
                if !out.is_empty() && !joins_tight(&out) {
                    out.push(' ');
                }
                out.push_str(line);
            }
            Cow::Owned(out)
        }
    }
}

fn joins_tight(before: &str) -> bool {
    if before.ends_with("--") || before.ends_with('—') {
        return true;
    }
    let mut tail = before.chars().rev();
    tail.next() == Some('-') && tail.next().is_some_and(char::is_alphabetic)
}

/// The chapters and what the plan set aside as front matter.
pub(super) struct Built {
    pub chapters: Vec<Chapter>,
    pub front_matter: Vec<RawField>,
}

/// A heading unit's text as a chapter title: cleaned, emphasis markers dropped.
pub(super) fn title_text(raw: &str) -> String {
    emphasis::parse(clean_text(raw)).text.into_string()
}

fn rich_text(raw: &str) -> RichText {
    emphasis::parse(clean_text(raw))
}

/// Builds chapters from units and their roles. `break_gap` is the shortest blank
/// run that is a scene break.
pub(super) fn build(mut store: Store<'_>, units: &[Unit], plan: &Plan, break_gap: usize) -> Built {
    let mut chapters = Vec::new();
    let mut front_matter = Vec::new();
    let mut current = Chapter::default();
    for (unit, role) in units.iter().zip(&plan.roles) {
        match role {
            Role::Skip => {}
            Role::FrontMatter => {
                if let Unit::Text(text) = unit {
                    let value = clean_text(&store.raw(text));
                    if !value.is_empty() {
                        front_matter.push(
                            RawField::new(FieldKey::Note, "front matter", value, Origin::Loose)
                                .at_line(text.line()),
                        );
                    }
                }
            }
            Role::Start(title) => {
                finish(std::mem::take(&mut current), &mut chapters);
                let title = plan.title(*title);
                current.title = (!title.is_empty()).then(|| title.to_owned());
            }
            Role::Body | Role::Aside => match unit {
                Unit::Gap(len) => {
                    if *len >= break_gap {
                        current.blocks.push(Block::SceneBreak);
                    }
                }
                Unit::Break => current.blocks.push(Block::SceneBreak),
                Unit::Text(text) => {
                    if text.markdown_heading() {
                        let mut rich = rich_text(
                            store
                                .raw(text)
                                .trim_start_matches('#')
                                .trim_end_matches('#'),
                        );
                        if !rich.text.is_empty() {
                            store.keep(&mut rich);
                            current.blocks.push(Block::Heading(rich));
                        }
                        continue;
                    }
                    let mut rich = rich_text(&store.raw(text));
                    if rich.text.is_empty() {
                        continue;
                    }
                    let note = *role == Role::Aside || is_author_note(&rich.text);
                    store.keep(&mut rich);
                    current.blocks.push(if note {
                        Block::Note(rich)
                    } else {
                        Block::Paragraph(rich)
                    });
                }
            },
        }
    }
    finish(current, &mut chapters);
    store.finish();
    Built {
        chapters,
        front_matter,
    }
}

/// Tidies a finished chapter and keeps it unless it is empty.
fn finish(mut chapter: Chapter, chapters: &mut Vec<Chapter>) {
    chapter.tidy_breaks();
    // Credit lines opening a chapter (`Prereader: …`, `Edited by …`) are notes.
    for block in &mut chapter.blocks {
        match block {
            Block::Paragraph(rich) if is_credit(&rich.text) => {
                *block = Block::Note(std::mem::take(rich));
            }
            _ => break,
        }
    }
    // `Note:` or `Disclaimer:` opening or closing a chapter is the author talking.
    let edges = [0, chapter.blocks.len().saturating_sub(1)];
    for index in edges {
        if let Some(block) = chapter.blocks.get_mut(index)
            && let Block::Paragraph(rich) = block
            && is_edge_note(&rich.text)
        {
            *block = Block::Note(std::mem::take(rich));
        }
    }
    if !chapter.blocks.is_empty() {
        chapters.push(chapter);
    }
}

/// Unmistakable author's-note openings: `A/N`, `(A/N: …)`, `[AN: …]`, `Author's Note:`.
static AUTHOR_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[(\[*]?\s*(?:A/N\b|A\.N\.|(?:AN|N/A)\s*[:\-–—)\]]|(?i:author['’]?s['’]?\s+(?:chapter\s+)?notes?|author\s+notes?)\s*[:\-–—.)\]*])",
    )
    .expect("valid regex")
});

/// Notes only where a chapter starts or ends.
static EDGE_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[(\[]?(?i:notes?|disclaimer|dedication)\s*:").expect("valid regex")
});

/// Credits for the helpers, as fimfiction authors open chapters with them.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?i:(?:pre-?readers?|editors?|proof-?readers?|cover art(?:ist)?|beta(?: readers?)?)\s*:|(?:pre-?read|edited|proof-?read|beta'?d|cover art)\s+by\b)",
    )
    .expect("valid regex")
});

/// Literal starts of [`CREDIT`]'s alternatives.
const CREDIT_STARTS: &[&str] = &["pre", "edit", "proof", "cover", "beta"];

fn is_credit(text: &str) -> bool {
    may_start_with_ci(text, CREDIT_STARTS) && CREDIT.is_match(text)
}

fn is_edge_note(text: &str) -> bool {
    let rest = text.strip_prefix(['(', '[']).unwrap_or(text);
    may_start_with_ci(rest, &["note", "disclaimer", "dedication"]) && EDGE_NOTE.is_match(text)
}

/// Whether [`AUTHOR_NOTE`] may match: after an optional bracket and spaces, one of
/// its case-sensitive openings or `author` in any case. The plain check keeps most
/// stories from compiling the pattern.
fn may_open_author_note(text: &str) -> bool {
    let rest = text.strip_prefix(['(', '[', '*']).unwrap_or(text);
    let rest = rest.trim_start_matches(crate::format::prefilter::is_ascii_regex_space_char);
    rest.bytes().next().is_some_and(|b| !b.is_ascii())
        || ["A/N", "A.N.", "AN", "N/A"]
            .iter()
            .any(|s| rest.starts_with(s))
        || may_start_with_ci(rest, &["author"])
}

fn is_author_note(text: &str) -> bool {
    text.len() >= 3 && may_open_author_note(text) && AUTHOR_NOTE.is_match(text)
}

/// A line known to title a chapter (a banner's, or the one before the body).
fn explicit_heading(text: &str, own: &mut Vec<String>, title: &str, line: usize) -> Unit {
    Unit::Text(TextUnit {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        source: line_source(text, own, title),
        marks: Marks::new(Some(Candidate::explicit()), false),
    })
}

#[cfg(test)]
mod tests;
