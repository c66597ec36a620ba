//! The header block before a story (FORMATS.md §8.3): where the body starts and what
//! the header states.
//!
//! The walk classifies leading lines one by one: DW chrome, TtH banner and chrome,
//! whitelisted `Key: value` fields, bylines, the title line, `Title: A X/Y Crossover`
//! subtitles, header notes (a note cue such as `Inspired by`, or an unlabelled line
//! between two header lines) and FanFicFare's title page and table of contents. The
//! body starts at the first line that is none of these. Blank runs do not end the
//! header by themselves (seed 004 has two blank lines inside it), but the walk never
//! looks further than [`MAX_HEADER_LINES`] non-blank lines, so a story that opens with
//! field-like lines cannot lose more than that.

mod fields;
mod line_kind;

use super::chapters;
use super::chrome;
use super::layout::{Layout, Line};
use crate::document::{FieldKey, RawField, raw::Origin};

use fields::clean_value;
use line_kind::{Kind, YEAR, is_name_like, is_title_like};

/// The most non-blank lines a (non-FanFicFare) header may have.
const MAX_HEADER_LINES: usize = 40;

/// What the header block says and where the body starts.
#[derive(Debug, Default)]
pub(super) struct Header {
    pub fields: Vec<RawField>,
    /// Index of the first body line.
    pub body_start: usize,
    pub site: Option<String>,
    /// The file is FanFicFare TXT output (title page with its labels or TOC).
    pub fanficfare: bool,
}

/// Labels only FanFicFare's title page uses.
const FANFICFARE_LABELS: &[&str] = &[
    "Packaged:",
    "Story URL:",
    "Author URL:",
    "Publisher:",
    "Series URL:",
];

/// Reads the header block.
pub(super) fn read(lines: &[Line<'_>], layout: Layout) -> Header {
    let fanficfare = is_fanficfare(lines);
    let mut walk = Walk {
        lines,
        layout,
        fanficfare,
        header: Header {
            fanficfare,
            ..Header::default()
        },
        title_seen: false,
        authors: Vec::new(),
        open_field: None,
        wrap_open: false,
        summary_open: false,
    };
    walk.run();
    if fanficfare {
        crate::format::fanficfare::itemise_lists(&mut walk.header.fields);
    }
    walk.header
}

/// FanFicFare TXT: its TOC title or two of its own labels near the top.
fn is_fanficfare(lines: &[Line<'_>]) -> bool {
    let top = lines.iter().take(200);
    let mut labels = 0;
    for line in top {
        if line.text == "TABLE OF CONTENTS" {
            return true;
        }
        if FANFICFARE_LABELS.iter().any(|l| line.text.starts_with(l)) {
            labels += 1;
        }
    }
    labels >= 2
}

struct Walk<'l, 'a> {
    lines: &'l [Line<'a>],
    layout: Layout,
    fanficfare: bool,
    header: Header,
    title_seen: bool,
    /// Lower-cased authors already emitted, to drop `by Annie` … `By Annie`.
    authors: Vec<String>,
    /// Index in `header.fields` of the field wrapped lines continue.
    open_field: Option<usize>,
    /// The last line of the open field was long enough to have been wrapped.
    wrap_open: bool,
    /// FanFicFare's summary may run over several paragraphs.
    summary_open: bool,
}

/// What became of a line no rule claimed outright.
enum Other {
    /// It continued the open field's value.
    Continued,
    /// It was a title line or a header note.
    Claimed,
    /// It is the first body line.
    Body,
}

impl Walk<'_, '_> {
    fn run(&mut self) {
        let lines = self.lines;
        let mut i = 0;
        let mut non_blank = 0usize;
        let mut blanks = 0usize;
        let mut first = true;
        let mut prev_header = false;
        while i < lines.len() {
            let line = &lines[i];
            if line.is_blank() {
                blanks += 1;
                i += 1;
                continue;
            }
            non_blank += 1;
            if non_blank > MAX_HEADER_LINES && !self.fanficfare {
                break;
            }
            let line_no = i + 1;
            let mut kind = line_kind::classify(line.text, line_no, first, self.fanficfare);
            // A banner-shaped first line with field lines right under it is the title
            // those fields belong to (a repost titled after the archive's banner).
            if first && matches!(kind, Kind::Banner) && self.fields_follow(i) {
                kind = Kind::Other;
            }
            let was_first = first;
            first = false;
            let mut keep_open = false;
            match kind {
                Kind::Chrome(site) => {
                    self.note_site(site);
                    // TtH's table header is followed by its run-together row.
                    if chrome::is_tth_table_header(line.text) {
                        i = self.next_non_blank(i + 1).unwrap_or(i);
                    }
                    first = was_first;
                }
                Kind::Banner => {
                    self.note_site(Some(chrome::TTH));
                    let value = clean_value(line.text);
                    self.push(
                        RawField::new(FieldKey::Series, "series banner", value, Origin::Loose)
                            .at_line(line_no),
                    );
                }
                Kind::Fields(fields) => {
                    if self.fanficfare
                        && let Some(publisher) = line.text.strip_prefix("Publisher:")
                    {
                        self.note_site(site_name(publisher.trim()));
                    }
                    let before = self.header.fields.len();
                    for field in fields {
                        self.push_field(field);
                    }
                    // Wrapped values continue on the next line (FanFicFare at 78
                    // columns); a field whose value was empty has nothing to continue.
                    self.open_field =
                        (self.header.fields.len() > before).then(|| self.header.fields.len() - 1);
                    self.summary_open = self.fanficfare && line.text.starts_with("Summary:");
                    self.wrap_open = was_wrapped(line);
                    keep_open = true;
                }
                Kind::Byline(name) => self.push_author(&name, line_no),
                Kind::ByWord => {
                    if let Some(next) = self.next_non_blank(i + 1)
                        && let Some(name) = lines.get(next).map(|l| l.text)
                        && is_name_like(name)
                    {
                        self.push_author(name, next + 1);
                        i = next;
                    }
                }
                Kind::TitleSubtitle(title, subtitle) => {
                    self.title_seen = true;
                    self.push(
                        RawField::new(
                            FieldKey::Title,
                            "title line",
                            clean_value(&title),
                            Origin::Loose,
                        )
                        .at_line(line_no),
                    );
                    self.push(
                        RawField::new(
                            FieldKey::Subtitle,
                            "subtitle",
                            clean_value(&subtitle),
                            Origin::Loose,
                        )
                        .at_line(line_no),
                    );
                }
                Kind::Subtitle(subtitle) => {
                    self.push(
                        RawField::new(
                            FieldKey::Subtitle,
                            "subtitle",
                            clean_value(&subtitle),
                            Origin::Loose,
                        )
                        .at_line(line_no),
                    );
                }
                Kind::Cue => self.push_note_line(line.text, line_no),
                Kind::Contents => {
                    self.header.body_start = self.skip_contents(i + 1);
                    return;
                }
                Kind::Other => match self.other_line(i, blanks, was_first, prev_header) {
                    Other::Continued => keep_open = true,
                    Other::Claimed => {}
                    Other::Body => {
                        self.header.body_start = i;
                        return;
                    }
                },
            }
            if !keep_open {
                self.open_field = None;
                self.summary_open = false;
            }
            prev_header = true;
            blanks = 0;
            i += 1;
        }
        self.header.body_start = i.min(lines.len());
    }

    /// Handles a line no rule claimed outright.
    fn other_line(&mut self, i: usize, blanks: usize, first: bool, prev_header: bool) -> Other {
        let Some(line) = self.lines.get(i) else {
            return Other::Body;
        };
        let line_no = i + 1;
        // A wrapped field value goes on without a blank line; FanFicFare's summary
        // also over single blank lines between its paragraphs.
        if let Some(open) = self.open_field
            && ((self.layout == Layout::Wrapped && blanks == 0 && self.wrap_open)
                || (self.summary_open && blanks <= 1))
            && let Some(field) = self.header.fields.get_mut(open)
            && let Some(value) = field.values.last_mut()
        {
            let more = clean_value(line.text);
            if blanks > 0 && !more.is_empty() {
                // A blank line inside FanFicFare's summary starts a paragraph: a value
                // of its own (`meta` joins a summary's values as paragraphs).
                field.values.push(more);
            } else if !more.is_empty() {
                value.push(' ');
                value.push_str(&more);
            }
            self.wrap_open = was_wrapped(line);
            return Other::Continued;
        }
        let next = self.next_non_blank(i + 1).and_then(|n| self.lines.get(n));
        let next_is_heading = next.is_some_and(|l| {
            chapters::classify(l.text).is_some() || (self.fanficfare && l.indented)
        });
        let next_is_header = next
            .is_some_and(|l| line_kind::classify(l.text, 0, false, self.fanficfare).is_strong());
        let followed_by_blank = self.lines.get(i + 1).is_none_or(Line::is_blank);
        // `Title` straight above `Author: …` with no blank line between is a common
        // header shape (mailing lists, reposts): the first line still is the title.
        let fields_follow = first && self.fields_follow(i);
        let is_heading = chapters::classify(line.text).is_some();
        if !self.title_seen
            && (followed_by_blank || fields_follow)
            && is_title_like(line.text)
            && (first || next_is_heading || next_is_header)
        {
            self.title_seen = true;
            self.push(
                RawField::new(
                    FieldKey::Title,
                    "title line",
                    clean_value(line.text),
                    Origin::Loose,
                )
                .at_line(line_no),
            );
            return Other::Claimed;
        }
        if !prev_header || is_heading {
            return Other::Body;
        }
        // `(1818)` under a Gutenberg title, before the first chapter.
        if YEAR.is_match(line.text) && (next_is_heading || next_is_header) {
            self.push(
                RawField::new(
                    FieldKey::Published,
                    "date line",
                    clean_value(line.text),
                    Origin::Loose,
                )
                .at_line(line_no),
            );
            return Other::Claimed;
        }
        if next_is_header && !next_is_heading {
            self.push_note_line(line.text, line_no);
            return Other::Claimed;
        }
        Other::Body
    }

    /// Whether the line right after `i` (no blank between) is a field line.
    fn fields_follow(&self, i: usize) -> bool {
        self.lines.get(i + 1).is_some_and(|l| {
            !l.is_blank()
                && matches!(
                    line_kind::classify(l.text, 0, false, self.fanficfare),
                    Kind::Fields(_)
                )
        })
    }

    fn next_non_blank(&self, from: usize) -> Option<usize> {
        (from..self.lines.len()).find(|&j| self.lines.get(j).is_some_and(|l| !l.is_blank()))
    }

    /// Skips FanFicFare's table of contents: the body starts at the first chapter
    /// title (an indented line after a blank run), or right after the TOC title
    /// when none is found.
    fn skip_contents(&self, from: usize) -> usize {
        let mut blanks = 0;
        for (j, line) in self.lines.iter().enumerate().skip(from) {
            if line.is_blank() {
                blanks += 1;
                continue;
            }
            if line.indented && blanks >= 2 {
                return j;
            }
            blanks = 0;
        }
        from.min(self.lines.len())
    }

    fn note_site(&mut self, site: Option<impl Into<String>>) {
        if self.header.site.is_none() {
            self.header.site = site.map(Into::into);
        }
    }

    fn push(&mut self, field: RawField) {
        // A value can clean down to nothing (a line of escape sequences).
        if field.values.iter().any(|v| !v.is_empty()) {
            self.header.fields.push(field);
        }
    }

    fn push_field(&mut self, field: RawField) {
        if field.key == FieldKey::Title {
            self.title_seen = true;
        }
        if field.key == FieldKey::Author {
            self.authors.push(field.joined().to_lowercase());
        }
        self.push(field);
    }

    fn push_author(&mut self, name: &str, line_no: usize) {
        let name = clean_value(name);
        let lower = name.to_lowercase();
        if name.is_empty() || self.authors.contains(&lower) {
            return;
        }
        self.authors.push(lower);
        self.push(RawField::new(FieldKey::Author, "byline", name, Origin::Loose).at_line(line_no));
    }

    fn push_note_line(&mut self, text: &str, line_no: usize) {
        let (note, fields) = fields::split_note_line(text, line_no, self.fanficfare);
        if !note.is_empty() {
            self.push(
                RawField::new(FieldKey::Note, "header note", note, Origin::Loose).at_line(line_no),
            );
        }
        for field in fields {
            self.push_field(field);
        }
    }
}

/// FanFicFare's `Publisher:` value (the site's domain) as a site name.
fn site_name(value: &str) -> Option<String> {
    let domain = value.trim_start_matches("www.");
    let looks_like_domain = domain.len() <= 60
        && domain.contains('.')
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    looks_like_domain.then(|| domain.to_ascii_lowercase())
}

/// A line long enough that a wrapper (FanFicFare wraps at 78 columns) may have
/// continued it on the next line.
fn was_wrapped(line: &Line<'_>) -> bool {
    line.raw.chars().count() >= 60
}

#[cfg(test)]
mod tests {
    use super::super::layout;
    use super::*;

    fn header_of(text: &str) -> Header {
        let lines = layout::split(text);
        read(&lines, layout::detect(&lines))
    }

    fn summary(header: &Header) -> Vec<(FieldKey, &str, String, Origin, usize)> {
        header
            .fields
            .iter()
            .map(|f| {
                (
                    f.key,
                    f.label.as_str(),
                    f.joined(),
                    f.origin,
                    f.line.unwrap_or(0),
                )
            })
            .collect()
    }

    #[test]
    fn title_summary_body() {
        let h = header_of(
            "Smallville Glory\n\nSummary: *COA* Glory.\n\nDisclaimer: Not mine.\n\nStaring in horror, none of them moved.\n",
        );
        assert_eq!(h.body_start, 6);
        assert_eq!(
            summary(&h),
            [
                (
                    FieldKey::Title,
                    "title line",
                    "Smallville Glory".into(),
                    Origin::Loose,
                    1
                ),
                (
                    FieldKey::Summary,
                    "Summary",
                    "*COA* Glory.".into(),
                    Origin::Field,
                    3
                ),
                (
                    FieldKey::Disclaimer,
                    "Disclaimer",
                    "Not mine.".into(),
                    Origin::Field,
                    5
                ),
            ]
        );
    }

    #[test]
    fn no_header_at_all() {
        let h = header_of("Buffy ran. She ran fast.\n\nThen she stopped.\n");
        assert_eq!(h.body_start, 0);
        assert!(h.fields.is_empty());
        // A first line that reads like prose stays in the body even when short.
        let h = header_of("I underestimated. Everything.\n\nSure, I got what I wanted.\n");
        assert_eq!(h.body_start, 0);
    }

    #[test]
    fn first_chapter_heading_is_not_a_title() {
        let h = header_of("Chapter 1\n\nIt began.\n");
        assert_eq!(h.body_start, 0);
        assert!(h.fields.is_empty());
    }

    #[test]
    fn title_then_prose() {
        let h = header_of("My Story\n\nBuffy walked into the Bronze and looked around.\n");
        assert_eq!(h.body_start, 2);
        assert_eq!(h.fields.len(), 1);
    }

    #[test]
    fn gutenberg_title_pages() {
        let h = header_of(
            "Persuasion\n\n\nby\n\nJane Austen\n\n(1818)\n\n\n\n\nChapter 1\n\n\nSir Walter Elliot, of Kellynch Hall.\n",
        );
        assert_eq!(
            summary(&h),
            [
                (
                    FieldKey::Title,
                    "title line",
                    "Persuasion".into(),
                    Origin::Loose,
                    1
                ),
                (
                    FieldKey::Author,
                    "byline",
                    "Jane Austen".into(),
                    Origin::Loose,
                    6
                ),
                (
                    FieldKey::Published,
                    "date line",
                    "(1818)".into(),
                    Origin::Loose,
                    8
                ),
            ]
        );
        assert_eq!(h.body_start, 12);
    }

    #[test]
    fn script_lines_are_not_fields() {
        let h = header_of("Title: X\n\nLex: \"Let's talk.\"\n\nClark: \"No.\"\n");
        assert_eq!(h.fields.len(), 1);
        assert_eq!(h.body_start, 2);
    }

    #[test]
    fn header_note_between_header_lines() {
        let h = header_of(
            "Title: X\nAuthor: Y\nSome unlabelled remark about the fic\nRating: G\n\nBody text starts here and goes on.\n",
        );
        let got = summary(&h);
        assert_eq!(
            got[2],
            (
                FieldKey::Note,
                "header note",
                "Some unlabelled remark about the fic".into(),
                Origin::Loose,
                3
            )
        );
        assert_eq!(h.body_start, 5);
    }

    #[test]
    fn header_is_capped() {
        let mut text = String::new();
        for i in 0..60 {
            text.push_str("Note: line ");
            text.push_str(&i.to_string());
            text.push('\n');
        }
        let h = header_of(&text);
        assert_eq!(h.body_start, MAX_HEADER_LINES);
    }
}
