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
//!
//! Three page shapes are recognised before the walk: a copied fanfiction.net page
//! (`ffn`, anchored on its info line), fimfiction's opening chapter banner
//! (`super::banner`), and a journal entry's page furniture above its header
//! (`preamble`: the walk then starts at the densest run of field lines below it).
//! A post's subject line (`subject`) is evidence wherever it sits.

mod fanficfare;
mod ffn;
mod fields;
mod line_kind;
mod other_line;
mod preamble;
mod subject;

use super::banner::{self, Banner};
use super::chrome;
use super::layout::{Layout, Line, Lines};
use crate::document::{FieldKey, RawField, raw::Origin};

use fanficfare::{is_fanficfare, site_name};
use fields::clean_value;
use line_kind::{Kind, is_name_like};
use other_line::Other;

/// The most non-blank lines a (non-FanFicFare) header may have.
const MAX_HEADER_LINES: usize = 40;
/// How far down a fimfiction banner still makes the file fimfiction's.
const BANNER_WITHIN: usize = 200;

/// What the header block says and where the body starts.
#[derive(Debug, Default)]
pub(super) struct Header {
    pub fields: Vec<RawField>,
    /// Index of the first body line.
    pub body_start: usize,
    pub site: Option<String>,
    /// The file is FanFicFare TXT output (title page with its labels or TOC).
    pub fanficfare: bool,
    /// The first chapter's title when the header states it (a copied FFN page's
    /// chapter picker, a fimfiction banner) and the body does not repeat it, with
    /// its line number.
    pub chapter_title: Option<(String, usize)>,
}

impl Header {
    /// No header: the body starts at the first line (a stretch from a story's middle).
    pub(super) fn none() -> Self {
        Self {
            fields: Vec::new(),
            body_start: 0,
            site: None,
            fanficfare: false,
            chapter_title: None,
        }
    }
}

/// Reads the header block.
pub(super) fn read(lines: &Lines<'_>, layout: Layout) -> Header {
    if let Some(page) = ffn::read(lines) {
        return Header {
            fields: page.fields,
            body_start: page.body_start,
            site: Some(crate::format::ffn_info::SITE.to_owned()),
            fanficfare: false,
            chapter_title: page.chapter_title,
        };
    }
    let fanficfare = is_fanficfare(lines);
    let first_text = lines.iter().position(|l| !l.is_blank()).unwrap_or(0);
    let opening_banner = banner::at(lines, first_text);
    let preamble = if fanficfare || opening_banner.is_some() {
        preamble::Preamble::default()
    } else {
        preamble::read(lines)
    };
    let mut walk = Walk {
        lines,
        layout,
        fanficfare,
        start: preamble.start,
        header: Header {
            fanficfare,
            fields: preamble.fields,
            site: preamble.site.map(str::to_owned),
            ..Header::default()
        },
        title_seen: false,
        authors: Vec::new(),
        open_field: None,
        wrap_open: false,
        summary_open: false,
    };
    if let Some(banner) = &opening_banner {
        walk.opening_banner(banner);
    }
    walk.title_seen = walk.header.fields.iter().any(|f| f.key == FieldKey::Title);
    walk.run();
    // A title page before fimfiction's first banner: still fimfiction's download.
    if opening_banner.is_none()
        && walk.header.site.is_none()
        && banner::first(lines, BANNER_WITHIN).is_some()
    {
        walk.header.site = Some(banner::SITE.to_owned());
    }
    // The account that posted a journal entry is its author only when the header
    // names none (a community posting someone else's story names the author).
    if let Some(poster) = preamble.poster
        && walk.header.fields.iter().all(|f| f.key != FieldKey::Author)
    {
        walk.header.fields.push(poster);
    }
    if fanficfare {
        crate::format::fanficfare::itemise_lists(&mut walk.header.fields);
    }
    walk.header
}

struct Walk<'l, 'a> {
    lines: &'l Lines<'a>,
    layout: Layout,
    fanficfare: bool,
    /// Index of the first line to walk (after a journal page's preamble).
    start: usize,
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

impl Walk<'_, '_> {
    fn run(&mut self) {
        let lines = self.lines;
        let mut i = self.start;
        let mut non_blank = 0usize;
        let mut blanks = 0usize;
        // Below a preamble the first line is no title line: the subject was.
        let mut first = self.start == 0;
        let mut prev_header = false;
        while i < lines.len() {
            let Some(line) = lines.get(i) else { break };
            let line = &line;
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
            // FanFicFare's `by A, B, C` names every author and wraps at 78 columns.
            if let Some(next) = self.fanficfare_byline(i) {
                first = false;
                prev_header = true;
                blanks = 0;
                i = next;
                continue;
            }
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
                    self.push_subtitle(&subtitle, line_no);
                }
                Kind::Subtitle(subtitle) => self.push_subtitle(&subtitle, line_no),
                Kind::Subject(found) => {
                    if !self.header.fields.iter().any(|f| f.label == "subject line") {
                        self.title_seen |= found.title.is_some();
                        self.header.fields.extend(subject::fields(&found, line_no));
                    }
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
    fn note_site(&mut self, site: Option<impl Into<String>>) {
        if self.header.site.is_none() {
            self.header.site = site.map(Into::into);
        }
    }

    fn push_subtitle(&mut self, subtitle: &str, line_no: usize) {
        self.push(
            RawField::new(
                FieldKey::Subtitle,
                "subtitle",
                clean_value(subtitle),
                Origin::Loose,
            )
            .at_line(line_no),
        );
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

    /// fimfiction.net's first chapter banner: the story's title and author, the
    /// site, and the first chapter's title; the walk goes on below it (credit lines
    /// such as `Prereader:` and `Editor:` follow the banner).
    fn opening_banner(&mut self, banner: &Banner<'_>) {
        let [_, story_line, author_line] = banner.lines;
        self.note_site(Some(banner::SITE));
        if let Some(story) = banner.story {
            self.push(
                RawField::new(FieldKey::Title, "Story", clean_value(story), Origin::Field)
                    .at_line(story_line),
            );
        }
        if let Some(author) = banner.author.map(clean_value).filter(|a| !a.is_empty()) {
            // One account: `Dusk and Dawn` is one author.
            self.authors.push(author.to_lowercase());
            let mut field = RawField::new(FieldKey::Author, "byline", String::new(), Origin::Loose)
                .at_line(author_line);
            field.values = vec![author];
            field.itemised = true;
            self.header.fields.push(field);
        }
        if let Some((title, line)) = banner.title() {
            self.header.chapter_title = Some((clean_value(title), line));
        }
        self.start = banner.end;
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
/// A line long enough that a wrapper (FanFicFare wraps at 78 columns) may have
/// continued it on the next line.
fn was_wrapped(line: &Line<'_>) -> bool {
    line.raw_chars() >= 60
}
#[cfg(test)]
mod tests;
