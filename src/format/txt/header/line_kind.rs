//! One header line on its own: which role its text gives it (field, chrome, TtH
//! banner, byline, title with subtitle, note cue, FanFicFare's table of contents),
//! and the shape tests the walk applies in context (title-like, name-like).

use crate::format::exact;
use crate::format::prefilter::may_start_with_ci;
use std::sync::LazyLock;

use regex::Regex;

use super::super::{breaks, chapters, chrome};
use super::fields;
use super::subject::{self, Subject};
use crate::document::RawField;

/// Role of one non-blank header line, before context is applied.
pub(super) enum Kind {
    Chrome(Option<&'static str>),
    Banner,
    Fields(Vec<RawField>),
    Byline(String),
    /// `by` alone: the next line is the name (Persuasion's title page).
    ByWord,
    TitleSubtitle(String, String),
    Subtitle(String),
    /// A post's subject line (`Fic: Title (Fandom, A/B, PG)`).
    Subject(Subject),
    Cue,
    /// FanFicFare's `TABLE OF CONTENTS`.
    Contents,
    Other,
}

impl Kind {
    /// Lines that certainly belong to a header (used to confirm a header note).
    pub(super) fn is_strong(&self) -> bool {
        !matches!(self, Kind::Other)
    }
}

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:(?:written |story )?by)\s+(\S.{0,60})$").expect("valid regex")
});

/// The endings both subtitle forms share, with the space before them.
const CROSSOVER_ENDINGS: [&str; 3] = [" crossover", " x-over", " xover"];

/// What `.{1,150} (?i:crossover|x-over|xover)$` leaves before its space: the text
/// without its crossover ending, when it has one.
fn before_crossover(text: &str) -> Option<&str> {
    CROSSOVER_ENDINGS
        .iter()
        .find_map(|ending| exact::strip_suffix_ci(text, ending))
}

/// A subtitle line (`A Buffy/Smallville Crossover`): an exact scanner for
/// `^(?:A |An )?.{1,150} (?i:crossover|x-over|xover)$`, whose bounded Unicode
/// repetition costs more to compile than a small story's parse.
fn is_subtitle(text: &str) -> bool {
    let Some(before) = before_crossover(text) else {
        return false;
    };
    let fits = |rest: &str| exact::dot_len(rest).is_some_and(|n| (1..=150).contains(&n));
    fits(before)
        || before.strip_prefix("A ").is_some_and(fits)
        || before.strip_prefix("An ").is_some_and(fits)
}

/// A title and its crossover subtitle on one line (`Salt Lines: A Buffy/SPN
/// Crossover`): an exact scanner for `^(.{1,100}?)\s*[:\-–—]\s+(A .{1,150}
/// (?i:crossover|x-over|xover))$`, answering its two groups. The title is the
/// shortest that works, as the lazy group takes; the gaps around the separator are
/// whole whitespace runs, since neither the separator nor `A` is whitespace.
fn title_and_subtitle(text: &str) -> Option<(&str, &str)> {
    let before = before_crossover(text)?;
    text.char_indices()
        .skip(1)
        .map(|(end, _)| end)
        .chain(std::iter::once(text.len()))
        .take(100)
        .take_while(|&end| !text[..end].contains('\n'))
        .find_map(|end| {
            let rest = before.get(end..)?.trim_start_matches(char::is_whitespace);
            let rest = rest.strip_prefix([':', '-', '–', '—'])?;
            let subtitle = rest.trim_start_matches(char::is_whitespace);
            let middle = subtitle
                .strip_prefix("A ")
                .filter(|_| subtitle.len() < rest.len())?;
            exact::dot_len(middle)
                .is_some_and(|n| (1..=150).contains(&n))
                .then(|| (&text[..end], &text[before.len() - subtitle.len()..]))
        })
}

static NOTE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?i:inspired by|thanks to|thank you to|many thanks|special thanks|written for|sequel to|prequel to|could stand alone|dedicated to|beta'?d by|betaed by|pre-?read by|edited by|proof-?read by|cover art by)\b",
    )
    .expect("valid regex")
});

/// Literal starts of [`NOTE_CUE`]'s alternatives, checked before it is run.
const NOTE_CUE_STARTS: &[&str] = &[
    "inspired",
    "thank",
    "many",
    "special",
    "written",
    "sequel",
    "prequel",
    "could",
    "dedicated",
    "beta",
    "pre",
    "edited",
    "proof",
    "cover",
];

/// The pattern [`is_year`] stands for.
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\(?\d{4}\)?$").expect("valid regex"));

/// A year alone on a line, `(1818)` (`^\(?\d{4}\)?$`). Every header line may be
/// asked; only a line with a non-ASCII char, whose Unicode digits the pattern
/// knows, compiles it.
pub(super) fn is_year(text: &str) -> bool {
    if !text.is_ascii() {
        return YEAR.is_match(text);
    }
    let text = text.strip_prefix('(').unwrap_or(text);
    let text = text.strip_suffix(')').unwrap_or(text);
    text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The name in a byline (`by Name`, `Written by Name`): what [`BYLINE`] captures,
/// read by a plain scanner because most stories have a byline and the pattern costs
/// more to compile than the rest of a small story's parse. A head that is not plain
/// ASCII (`ſ` folds to `s`) is left to the pattern.
fn byline_name(text: &str) -> Option<&str> {
    if text.bytes().take(8).any(|b| !b.is_ascii()) {
        return BYLINE.captures(text)?.get(1).map(|m| m.as_str());
    }
    let starts = |text: &str, word: &str| {
        text.as_bytes()
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word.as_bytes()))
    };
    let rest = ["written ", "story "]
        .iter()
        .find(|lead| starts(text, lead))
        .and_then(|lead| text.get(lead.len()..))
        .filter(|rest| starts(rest, "by"))
        .unwrap_or(text);
    if !starts(rest, "by") {
        return None;
    }
    let after = rest.get(2..)?;
    let name = after.trim_start_matches(char::is_whitespace);
    let fits = name.len() < after.len()
        && !name.is_empty()
        && !name.contains('\n')
        && name.chars().count() <= 61;
    fits.then_some(name)
}

pub(super) fn classify(text: &str, line_no: usize, first: bool, fanficfare: bool) -> Kind {
    if let Some(fields) = fields::parse_field_line(text, line_no, fanficfare) {
        return Kind::Fields(fields);
    }
    // Before the icon line: `fic: Title (x)` has the icon line's shape too.
    if let Some(found) = subject::parse(text, first) {
        return Kind::Subject(found);
    }
    if first && chrome::is_dw_icon_line(text) {
        return Kind::Chrome(Some(chrome::DREAMWIDTH));
    }
    if let Some(found) = chrome::header_chrome(text) {
        return Kind::Chrome(found.site);
    }
    if chrome::is_tth_banner(text) {
        return Kind::Banner;
    }
    if fanficfare && text == "TABLE OF CONTENTS" {
        return Kind::Contents;
    }
    if text.len() <= 200 {
        if text.eq_ignore_ascii_case("by") {
            return Kind::ByWord;
        }
        if let Some(name) = byline_name(text)
            && is_name_like(name)
        {
            return Kind::Byline(name.to_owned());
        }
        if let Some((title, subtitle)) = title_and_subtitle(text) {
            return Kind::TitleSubtitle(title.to_owned(), subtitle.to_owned());
        }
        if is_subtitle(text) && !text.ends_with('.') {
            return Kind::Subtitle(text.to_owned());
        }
    }
    if may_start_with_ci(text, NOTE_CUE_STARTS) && NOTE_CUE.is_match(text) {
        return Kind::Cue;
    }
    Kind::Other
}

/// A short line that could be a title: no sentence punctuation at the end, not
/// opening or closing a quotation, not a break glyph.
pub(super) fn is_title_like(text: &str) -> bool {
    let words = text.split_whitespace().count();
    let Some(last) = text.chars().next_back() else {
        return false;
    };
    let Some(first) = text.chars().next() else {
        return false;
    };
    text.chars().count() <= 100
        && words <= 15
        && !matches!(
            last,
            '.' | ',' | ';' | ':' | '!' | '?' | '…' | '"' | '”' | '’' | '»'
        )
        && !matches!(first, '"' | '“' | '‘' | '\'' | '«' | '(' | '[')
        && !breaks::is_break_line(text)
        && chapters::classify(text).is_none()
}

/// Words from which an unrecognised line is prose; a sentence (closing
/// punctuation) is prose from [`SENTENCE_WORDS`].
const PROSE_WORDS: usize = 20;
const SENTENCE_WORDS: usize = 8;

/// A line that reads as story prose: long, or a sentence of some length. Header
/// notes are short remarks; a paragraph like this after a blank line starts the
/// body even when a field-like line follows it.
pub(super) fn is_prose(text: &str) -> bool {
    let words = text.split_whitespace().count();
    words >= PROSE_WORDS
        || (words >= SENTENCE_WORDS && text.ends_with(['.', '!', '?', '"', '”', '…']))
}

/// A byline's name part: a few words, not a sentence (`By the time they came, …`).
pub(super) fn is_name_like(name: &str) -> bool {
    name.split_whitespace().count() <= 5 && !name.ends_with(['.', ',', '!', '?', ';', ':'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_year_scan_agrees_with_the_pattern() {
        let words = [
            "(", ")", "1", "18", "1818", "2024", "٣", "１", "x", " ", "\n", "0",
        ];
        let lines = [
            "1818",
            "(1818)",
            "(1818",
            "1818)",
            "((1818)",
            "(١٨١٨)",
            "18１8",
            "(1818))",
        ];
        crate::format::exact::check::agree(&words, &lines, is_year, |t| YEAR.is_match(t));
    }
    use crate::format::exact::check;
    use regex::Regex;

    const CROSSOVER_WORDS: &[&str] = &[
        "Salt Lines",
        "A ",
        "An ",
        " A ",
        ": ",
        " - ",
        " – ",
        " — ",
        " crossover",
        " Crossover",
        " CROSSOVER",
        " x-over",
        " xover",
        " X-Over",
        "crossover",
        "Buffy/SPN",
        "cro\u{17F}\u{17F}over",
    ];

    #[test]
    fn the_subtitle_scanners_answer_as_their_patterns() {
        let title_subtitle =
            Regex::new(r"^(.{1,100}?)\s*[:\-–—]\s+(A .{1,150} (?i:crossover|x-over|xover))$")
                .expect("valid regex");
        let subtitle =
            Regex::new(r"^(?:A |An )?.{1,150} (?i:crossover|x-over|xover)$").expect("valid regex");
        let long = |n: usize| "é".repeat(n);
        let built: Vec<String> = [99, 100, 101, 148, 149, 150, 151, 152, 153]
            .iter()
            .flat_map(|&n| {
                [
                    format!("{}: A {} crossover", long(n), long(3)),
                    format!("T: A {} crossover", long(n)),
                    format!("{} crossover", long(n)),
                    format!("A {} crossover", long(n)),
                    format!("An {} xover", long(n)),
                    format!("T -A {} x-over", long(n)),
                    format!("T:\nA {} x-over", long(n)),
                ]
            })
            .collect();
        let mut lines: Vec<&str> = built.iter().map(String::as_str).collect();
        lines.extend([
            "Salt Lines: A Buffy/SPN Crossover",
            "Salt Lines - A Buffy/SPN Crossover",
            "Salt: Lines: A Buffy/SPN Crossover",
            "a - b: A x crossover",
            "T: A  crossover",
            "T: A crossover",
            "T:A x crossover",
            "T : A x crossover",
            ": A x crossover",
            "T\n: A x crossover",
            "T: A x\ncrossover",
            "T: A x crossover.",
            "A crossover",
            "An crossover",
            " crossover",
            "x crossover",
            "A Buffy/Smallville Crossover",
            "T — A Cro\u{17F}\u{17F}over x-over",
        ]);
        check::agree(
            CROSSOVER_WORDS,
            &lines,
            |text| title_and_subtitle(text).map(|(t, s)| (t.to_owned(), s.to_owned())),
            |text| {
                title_subtitle.captures(text).and_then(|caps| {
                    Some((
                        caps.get(1)?.as_str().to_owned(),
                        caps.get(2)?.as_str().to_owned(),
                    ))
                })
            },
        );
        check::agree(CROSSOVER_WORDS, &lines, is_subtitle, |text| {
            subtitle.is_match(text)
        });
    }

    #[test]
    fn the_note_cue_check_lets_through_every_cue() {
        for cue in [
            "Inspired by a prompt",
            "Thanks to my beta",
            "THANK YOU TO everyone",
            "Many thanks to L.",
            "Special thanks to R.",
            "Written for the exchange",
            "Sequel to Winter",
            "Prequel to Summer",
            "Could stand alone",
            "Dedicated to K.",
            "Beta'd by M.",
            "Betad by M.",
            "Betaed by M.",
            "Preread by N.",
            "Pre-read by N.",
            "Edited by O.",
            "Proofread by P.",
            "Proof-read by P.",
            "Cover art by Q.",
        ] {
            assert!(NOTE_CUE.is_match(cue), "{cue}");
            assert!(may_start_with_ci(cue, NOTE_CUE_STARTS), "{cue}");
        }
        assert!(!may_start_with_ci("She smiled.", NOTE_CUE_STARTS));
    }

    #[test]
    fn the_byline_scanner_reads_what_the_pattern_captures() {
        let long = format!("by {}", "a".repeat(61));
        let too_long = format!("by {}", "a".repeat(62));
        for line in [
            "by Someone",
            "BY  Someone Else",
            "Written by Ann",
            "written  by Ann",
            "Story by Bo",
            "story by",
            "by",
            "by ",
            "bySomeone",
            "byline",
            "Written Bystander",
            "Written by",
            "by\u{2003}Ann",
            "by Ann\nBo",
            "\u{17F}tory by Cy",
            "Bystanders watched.",
            "By the time she woke, it was late.",
            long.as_str(),
            too_long.as_str(),
        ] {
            let expected = BYLINE
                .captures(line)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str());
            assert_eq!(byline_name(line), expected, "{line:?}");
        }
    }
}
