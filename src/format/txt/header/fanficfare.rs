//! FanFicFare's TXT output: recognising it (the walk then also applies its other
//! FanFicFare rules, such as summaries over several paragraphs), its byline, its
//! `Publisher:` value as the site, and skipping its table of contents.
//!
//! The title page is written by FanFicFare's `writer_txt.py` from fixed templates
//! (`${title}`, a blank line, `by ${author}`, three blank lines, then one `Label:
//! value` line per entry) and wrapped at 78 columns: a byline naming many authors
//! runs on over several lines, and the authors are joined with `, ` only.

use super::super::layout::Lines;
use super::Walk;
use super::fields::clean_value;
use crate::document::{FieldKey, RawField, raw::Origin};

/// Labels only FanFicFare's title page uses.
const FANFICFARE_LABELS: &[&str] = &[
    "Packaged:",
    "Story URL:",
    "Author URL:",
    "Publisher:",
    "Series URL:",
];

/// FanFicFare TXT: its TOC title or two of its own labels near the top.
pub(super) fn is_fanficfare(lines: &Lines<'_>) -> bool {
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

impl Walk<'_, '_> {
    /// Reads FanFicFare's byline at `i` (`by A, B, C`, wrapped over as many lines as
    /// it takes) when the title line has been seen and no author yet. The authors
    /// are split on the `, ` FanFicFare joins them with and nothing else, so a pen
    /// name such as `Salt and Pepper` or `Bread & Butter` stays one author. Returns
    /// the index after the byline.
    pub(super) fn fanficfare_byline(&mut self, i: usize) -> Option<usize> {
        let line = self.lines.get(i)?;
        let names = line.text.strip_prefix("by ")?;
        if !self.fanficfare || !self.title_seen || !self.authors.is_empty() {
            return None;
        }
        let mut joined = names.to_owned();
        let mut end = i + 1;
        while let Some(next) = self.lines.get(end).filter(|l| !l.is_blank()) {
            joined.push(' ');
            joined.push_str(next.text);
            end += 1;
        }
        let authors: Vec<String> = joined
            .split(", ")
            .map(clean_value)
            .filter(|name| !name.is_empty())
            .collect();
        if authors.is_empty() {
            return None;
        }
        self.authors
            .extend(authors.iter().map(|name| name.to_lowercase()));
        let mut field =
            RawField::new(FieldKey::Author, "byline", String::new(), Origin::Loose).at_line(i + 1);
        field.values = authors;
        field.itemised = true;
        self.header.fields.push(field);
        Some(end)
    }

    /// Skips FanFicFare's table of contents: the body starts at the first chapter
    /// title (an indented line after a blank run), or right after the TOC title
    /// when none is found.
    pub(super) fn skip_contents(&self, from: usize) -> usize {
        let mut blanks = 0;
        for (j, line) in self.lines.iter().enumerate().skip(from) {
            if line.is_blank() {
                blanks += 1;
                continue;
            }
            if line.indented() && blanks >= 2 {
                return j;
            }
            blanks = 0;
        }
        from.min(self.lines.len())
    }
}

/// FanFicFare's `Publisher:` value (the site's domain) as a site name.
pub(super) fn site_name(value: &str) -> Option<String> {
    let domain = value.trim_start_matches("www.");
    let looks_like_domain = domain.len() <= 60
        && domain.contains('.')
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    looks_like_domain.then(|| domain.to_ascii_lowercase())
}
