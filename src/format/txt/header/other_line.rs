//! Lines no rule claims by their text alone (`Kind::Other`). Whether such a line
//! still belongs to the header depends on its neighbours: it may continue a wrapped
//! field value, be the title line, a date under the title, or a header note between
//! two header lines; otherwise it is the first body line.

use super::super::chapters;
use super::super::layout::Layout;
use super::fields::clean_value;
use super::line_kind::{self, is_prose, is_title_like, is_year};
use super::{Walk, was_wrapped};
use crate::document::{FieldKey, RawField, raw::Origin};

/// What became of a line no rule claimed outright.
pub(super) enum Other {
    /// It continued the open field's value.
    Continued,
    /// It was a title line or a header note.
    Claimed,
    /// It is the first body line.
    Body,
}

impl Walk<'_, '_> {
    /// Handles a line no rule claimed outright.
    pub(super) fn other_line(
        &mut self,
        i: usize,
        blanks: usize,
        first: bool,
        prev_header: bool,
    ) -> Other {
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
            self.wrap_open = was_wrapped(&line);
            return Other::Continued;
        }
        let next = self.next_non_blank(i + 1).and_then(|n| self.lines.get(n));
        let next_is_heading = next.is_some_and(|l| {
            chapters::classify(l.text).is_some() || (self.fanficfare && l.indented())
        });
        let next_is_header = next
            .is_some_and(|l| line_kind::classify(l.text, 0, false, self.fanficfare).is_strong());
        let followed_by_blank = self.lines.get(i + 1).is_none_or(|l| l.is_blank());
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
        if is_year(line.text) && (next_is_heading || next_is_header) {
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
        // A paragraph of prose after a blank line is the story, even when the next
        // paragraph happens to start like a field (`Rating: the bar had four stars`).
        if next_is_header && !next_is_heading && !(blanks > 0 && is_prose(line.text)) {
            self.push_note_line(line.text, line_no);
            return Other::Claimed;
        }
        Other::Body
    }
}
