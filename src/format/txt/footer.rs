//! The end of a story (FORMATS.md §8.2, §8.4): site chrome after the entry, end
//! markers (`The End`, `The End?`, `~Fin~`, `TBC`, FanFicFare's `End file.`) and
//! archive or author footers (TtH's `You have reached the end of "…"`, `If you
//! enjoyed this story, please send feedback to …`).
//!
//! Site furniture (journal tags, share links and comment threads, FFN's review box
//! and footer links; vocabulary in [`crate::format::site_chrome`]) is cut first, from
//! the first furniture line that proves itself: a strong line alone, a weak one
//! (`Reply`, `Link`, `Tags: …`) only with more furniture right after it.
//!
//! End markers are looked for backwards from the end and never in the header. An
//! end marker is only one when it sits in the last [`TAIL_LINES`] non-blank lines
//! and what follows it is footer material, not more story (`The End` followed by an
//! `Epilogue` heading is not the end; `End.` counts only as the very last line).

mod end_marker;

use std::sync::LazyLock;

use regex::Regex;

use super::chapters::{self, HeadingKind};
use super::chrome;
use super::clean_text as clean_value;
use super::layout::Lines;
use crate::document::{FieldKey, RawField, raw::Origin};
use crate::format::prefilter;
use crate::format::site_chrome::{Strength, ffn};

/// How far from the end an end marker may sit, in non-blank lines.
const TAIL_LINES: usize = 15;
/// Lines after an end marker that may be footer notes, and their longest length.
const MAX_AFTER_MARKER: usize = 6;
const MAX_FOOTER_NOTE_WORDS: usize = 40;

/// The label of an unrecognised short line after an end marker.
pub(super) const FOOTER_NOTE: &str = "footer note";

/// What follows the story and where the body ends.
#[derive(Debug, Default)]
pub(super) struct Footer {
    pub fields: Vec<RawField>,
    /// Index one past the last body line.
    pub body_end: usize,
    pub site: Option<&'static str>,
}

/// End markers alone on a line, with their decorations (`~Fin~`, `*The End*`,
/// `[TBC]`, `(continued in part 2)`) and trailing punctuation; this half is read by
/// [`end_marker::is_plain_end_marker`], which the tests hold to it. The pattern is two:
/// the alternatives with a bounded repetition (`.{1,60}`, `\S{1,12}`) cost five
/// times the rest to compile, and a line is a marker when either matches, so the
/// costly half is compiled only for lines that start like one of its markers.
const END_MARKER_LEAD: &str = r"(?i)^[~\-*=\[(<#_\s]*(?:";
const END_MARKER_TAIL: &str = r")\s*[.!?…]*[~\-*=\])>#_\s]*$";

/// The end markers without a bounded repetition: `The End`, `Fin`, `TBC`, `To be
/// continued`, `More to come`.
#[cfg(test)]
static END_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    marker_pattern(
        r"the\s+end(?:\s*[.!?…]*\s*\(?(?:for\s+now|\?)\)?)?|fin|finis|end|tbc|t\.b\.c|to\s+be\s+(?:continued|concluded)|continued\s+next\s+(?:time|chapter|part)|more\s+to\s+come|end\s+file",
    )
});

/// The end markers that name what comes next: `To be continued in Part 2`,
/// `Continued in …`, `Part 3 coming soon`, `End of Book One`, `End chapter 4`.
static NAMED_END_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    marker_pattern(
        r"to\s+be\s+(?:continued|concluded)\s+in\s+.{1,60}|continued\s+in\s+.{1,80}|(?:part|chapter)\s+\S{1,12}\s+(?:coming\s+soon|to\s+follow)|end\s+of\s+(?:part|chapter|book|volume)\s+\S{1,12}|end\s+(?:part|chapter)\s+\S{1,12}",
    )
});

fn marker_pattern(alternatives: &str) -> Regex {
    Regex::new(&format!("{END_MARKER_LEAD}{alternatives}{END_MARKER_TAIL}")).expect("valid regex")
}

/// The words an [`END_MARKER`] alternative starts with, after its decorations; the
/// two-word starts keep story lines beginning `The` or `To` from compiling it.
const END_MARKER_STARTS: &[&[&str]] = &[
    &["the", "end"],
    &["fin"],
    &["end"],
    &["tbc"],
    &["t.b.c"],
    &["to", "be"],
    &["continued"],
    &["more", "to"],
];

/// The words a [`NAMED_END_MARKER`] alternative starts with.
const NAMED_END_MARKER_STARTS: &[&[&str]] = &[
    &["to", "be"],
    &["continued", "in"],
    &["part"],
    &["chapter"],
    &["end", "of"],
    &["end", "part"],
    &["end", "chapter"],
];

/// Whether `text` is an end marker. A plain-text check first, so a story whose tail
/// holds no such words never compiles a pattern: the patterns' leading decorations
/// are skipped (`\s` is exactly [`char::is_whitespace`]) and the rest must start
/// with one of a pattern's first words.
fn is_end_marker(text: &str) -> bool {
    // The patterns' `[~\-*=\[(<#_\s]`.
    let rest = text.trim_start_matches(|c: char| "~-*=[(<#_".contains(c) || c.is_whitespace());
    let may = |starts: &[&[&str]]| {
        starts
            .iter()
            .any(|words| prefilter::may_start_with_phrase_ci(rest, words))
    };
    (may(END_MARKER_STARTS) && end_marker::is_plain_end_marker(text))
        || (may(NAMED_END_MARKER_STARTS) && NAMED_END_MARKER.is_match(text))
}

/// Literal starts of [`FEEDBACK`]'s alternatives; `r\s?&` with each ASCII space.
const FEEDBACK_STARTS: &[&str] = &[
    "if you", "please", "feedback", "reviews", "read and", "r&", "r &", "r\t&", "r\n&", "r\x0B&",
    "r\x0C&", "r\r&",
];

/// Whether a line asks for feedback (`Please review!`, `R&R`).
fn is_feedback(text: &str) -> bool {
    prefilter::may_start_with_ci(text, FEEDBACK_STARTS) && FEEDBACK.is_match(text)
}

static FEEDBACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:if you (?:enjoyed|liked) (?:this|the) (?:story|fic)|please (?:send )?(?:feedback|review|leave (?:a )?(?:review|comment|kudos))|feedback (?:is|would be)|reviews are|r\s?&\s?r\b|read and review)",
    )
    .expect("valid regex")
});

impl Footer {
    /// No footer: the body runs to the last of `lines` lines (a head, which has no end).
    pub(super) fn none(lines: usize) -> Self {
        Self {
            body_end: lines,
            ..Self::default()
        }
    }
}

/// Reads the footer of the lines after `body_start`; `site` is the site the header
/// recognised, if any.
pub(super) fn read(lines: &Lines<'_>, body_start: usize, site: Option<&str>) -> Footer {
    let mut footer = Footer {
        body_end: lines.len(),
        ..Footer::default()
    };
    cut_page_chrome(lines, body_start, site, &mut footer);
    let end = last_text_end(lines, body_start, footer.body_end);
    footer.body_end = end;

    // The latest end marker in the tail whose followers are all footer material.
    let tail: Vec<usize> = (body_start..end)
        .rev()
        .filter(|&i| lines.get(i).is_some_and(|l| !l.is_blank()))
        .take(TAIL_LINES)
        .collect();
    for (position, &index) in tail.iter().enumerate() {
        let Some(line) = lines.get(index) else {
            continue;
        };
        // `End.` closes a story only as its very last line: a chapter may end on
        // a one-word sentence.
        if !is_end_marker(line.text) || (line.text.eq_ignore_ascii_case("end.") && position > 0) {
            continue;
        }
        let after: Vec<usize> = tail
            .get(..position)
            .unwrap_or_default()
            .iter()
            .rev()
            .copied()
            .collect();
        let story_before = (body_start..index).any(|i| lines.get(i).is_some_and(|l| !l.is_blank()));
        // `The End` followed by `Epilogue` is no end: the story goes on.
        let heading_after = after.iter().any(|&i| {
            lines
                .get(i)
                .and_then(|l| chapters::classify(l.text))
                .is_some_and(|c| c.kind != HeadingKind::Numbered)
        });
        if story_before
            && !heading_after
            && after.len() <= MAX_AFTER_MARKER
            && after.iter().all(|&i| is_footer_line(lines, i))
        {
            footer.body_end = index;
            let label = if line.text.eq_ignore_ascii_case("end file.") {
                "end file"
            } else {
                "end marker"
            };
            footer.fields.push(
                RawField::new(
                    FieldKey::EndMarker,
                    label,
                    clean_value(line.text),
                    Origin::Footer,
                )
                .at_line(index + 1),
            );
            for i in after {
                push_footer_line(lines, i, &mut footer);
            }
            return footer;
        }
        // Only one try: an earlier marker would have story text after it.
        break;
    }

    // No end marker: archive and author footers at the very end.
    let mut first_footer = end;
    for &index in &tail {
        if lines.get(index).is_some_and(|l| is_signature(l.text)) && index > body_start {
            first_footer = index;
        } else {
            break;
        }
    }
    if first_footer < end
        && (body_start..first_footer).any(|i| lines.get(i).is_some_and(|l| !l.is_blank()))
    {
        footer.body_end = first_footer;
        for index in first_footer..end {
            if lines.get(index).is_some_and(|l| !l.is_blank()) {
                push_footer_line(lines, index, &mut footer);
            }
        }
    }
    footer
}

/// Cuts site furniture after the story (journal comment pages, FFN's review box and
/// footer): from the first furniture line that proves itself to the end of the file.
/// A strong line proves itself; a weak one (`Reply`, `Tags: …`) only with more
/// furniture among the next [`WEAK_CONFIRM`] non-blank lines. The cut needs story
/// text before it, so furniture the header left behind cannot swallow the story.
fn cut_page_chrome(lines: &Lines<'_>, body_start: usize, site: Option<&str>, footer: &mut Footer) {
    let furniture = |text: &str| furniture_line(text, site);
    // Walked, not collected: a list of the body's text lines would take megabytes
    // in a long story, and every look ahead is a few lines long.
    let text_lines = |from: usize| {
        (from..lines.len()).filter_map(|i| lines.get(i).filter(|l| !l.is_blank()).map(|l| (i, l)))
    };
    let mut story_seen = false;
    for (i, line) in text_lines(body_start) {
        let Some((strength, found)) = furniture(line.text) else {
            story_seen = true;
            continue;
        };
        let confirmed = strength == Strength::Strong
            || text_lines(i + 1)
                .take(WEAK_CONFIRM)
                .any(|(_, l)| furniture(l.text).is_some());
        if !confirmed {
            story_seen = true;
            continue;
        }
        if !story_seen {
            // Furniture before any story: the header's, not a footer.
            continue;
        }
        footer.body_end = i;
        // The site the furniture reveals: Dreamwidth's own lines outrank the
        // LiveJournal wording Dreamwidth inherited.
        let mut revealed = found;
        for (_, l) in text_lines(i) {
            if let Some((_, other)) = furniture(l.text)
                && other == chrome::DREAMWIDTH
            {
                revealed = other;
                break;
            }
        }
        footer.site = Some(revealed);
        return;
    }
}

/// How many non-blank lines after a weak furniture line are searched for more.
const WEAK_CONFIRM: usize = 4;

/// A furniture line of the journal family, or of fanfiction.net when the header
/// found an FFN page (its words, `Review`, `Next >`, mean nothing elsewhere).
fn furniture_line(text: &str, site: Option<&str>) -> Option<(Strength, &'static str)> {
    if let Some(found) = chrome::footer_chrome(text) {
        return Some(found);
    }
    if site == Some(ffn::SITE) {
        return ffn::footer_line(text).map(|strength| (strength, ffn::SITE));
    }
    None
}

/// One past the last non-blank line in `start..end`.
fn last_text_end(lines: &Lines<'_>, start: usize, end: usize) -> usize {
    (start..end)
        .rev()
        .find(|&i| lines.get(i).is_some_and(|l| !l.is_blank()))
        .map_or(start, |i| i + 1)
}

/// Archive and author footers that end a story with or without an end marker.
fn is_signature(text: &str) -> bool {
    chrome::is_tth_footer(text) || is_feedback(text)
}

/// What may follow an end marker: signatures, further markers, short notes.
fn is_footer_line(lines: &Lines<'_>, index: usize) -> bool {
    lines.get(index).is_some_and(|line| {
        is_signature(line.text)
            || is_end_marker(line.text)
            || line.text.split_whitespace().count() <= MAX_FOOTER_NOTE_WORDS
    })
}

fn push_footer_line(lines: &Lines<'_>, index: usize, footer: &mut Footer) {
    let Some(line) = lines.get(index) else { return };
    let value = clean_value(line.text);
    if value.is_empty() {
        return;
    }
    let field = if chrome::is_tth_footer(line.text) {
        if footer.site.is_none() {
            footer.site = Some(chrome::TTH);
        }
        RawField::new(FieldKey::Status, "archive footer", value, Origin::Footer)
    } else if is_feedback(line.text) {
        RawField::new(FieldKey::Note, "feedback request", value, Origin::Footer)
    } else if is_end_marker(line.text) {
        RawField::new(FieldKey::EndMarker, "end marker", value, Origin::Footer)
    } else {
        RawField::new(FieldKey::Note, FOOTER_NOTE, value, Origin::Footer)
    };
    footer.fields.push(field.at_line(index + 1));
}

#[cfg(test)]
mod tests;
