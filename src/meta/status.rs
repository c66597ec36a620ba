//! Completion status from the forms stories state it (FORMATS §4.7, §8.2).
//!
//! Precedence, applied by `extract`: an explicit status field (`Status: Completed`,
//! `Completed: Yes`, `Complete: No`), then a chapter count (`Chapters: 3/?`), then an
//! archive footer (TtH: `… – so far. This story is incomplete …`), then end markers
//! (`The End`, `Fin` → complete; `TBC`, `To be continued` → in progress; `The End?`
//! and FanFicFare's `End file.` → no signal), else unknown.

use std::sync::LazyLock;

use regex::Regex;

use super::Status;
use super::date::parse_date;
use super::fields::describe;
use super::normalize::collapse_spaces;
use crate::document::raw::{FieldKey, Origin, RawField, RawMeta};

/// A status field's value (`Complete`, `Completed: Yes`, `In-Progress`, `WIP`).
///
/// ```
/// use ficread::meta::{Status, status::from_statement};
/// assert_eq!(from_statement("Completed"), Some(Status::Complete));
/// assert_eq!(from_statement("Completed: No"), Some(Status::InProgress));
/// assert_eq!(from_statement("In-Progress"), Some(Status::InProgress));
/// assert_eq!(from_statement("maybe"), None);
/// ```
pub fn from_statement(value: &str) -> Option<Status> {
    let trimmed = value.trim();
    COMMON
        .iter()
        .find(|(common, _)| trimmed.eq_ignore_ascii_case(common))
        .map(|&(_, status)| status)
        .or_else(|| by_patterns(value))
}

/// The status values most files state, answered without compiling the patterns
/// (three of them, about 2.5 ms at the first story). The test
/// `common_values_answer_as_the_patterns_do` holds each to [`by_patterns`].
const COMMON: &[(&str, Status)] = &[
    ("complete", Status::Complete),
    ("completed", Status::Complete),
    ("finished", Status::Complete),
    ("one-shot", Status::Complete),
    ("oneshot", Status::Complete),
    ("in-progress", Status::InProgress),
    ("in progress", Status::InProgress),
    ("work in progress", Status::InProgress),
    ("wip", Status::InProgress),
    ("ongoing", Status::InProgress),
    ("incomplete", Status::InProgress),
    ("unfinished", Status::InProgress),
    ("abandoned", Status::InProgress),
    ("hiatus", Status::InProgress),
    ("on hiatus", Status::InProgress),
];

/// [`from_statement`] by its patterns.
fn by_patterns(value: &str) -> Option<Status> {
    static YES_NO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bcompleted?\s*[:?]?\s*(yes|no|y|n)\b").expect("static regex")
    });
    static IN_PROGRESS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:incomplete|in[-\s]?progress|not\s+(?:yet\s+)?(?:complete|completed|finished)|work\s+in\s+progress|wip|ongoing|unfinished|on\s+hiatus|hiatus|abandoned|discontinued|updating)\b",
        )
        .expect("static regex")
    });
    static COMPLETE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:complete|completed|finished|done|one[-\s]?shot)\b")
            .expect("static regex")
    });
    if let Some((status, _)) = from_footer(value) {
        return Some(status);
    }
    if let Some(answer) = YES_NO.captures(value).and_then(|c| c.get(1)) {
        let yes = answer.as_str().to_ascii_lowercase().starts_with('y');
        return Some(if yes {
            Status::Complete
        } else {
            Status::InProgress
        });
    }
    if IN_PROGRESS.is_match(value) {
        return Some(Status::InProgress);
    }
    if COMPLETE.is_match(value) {
        return Some(Status::Complete);
    }
    match value.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" => Some(Status::Complete),
        "no" | "n" => Some(Status::InProgress),
        _ => None,
    }
}

/// A chapter count: `3/?` or `3/5` → in progress, `5/5` → complete; a bare count
/// says nothing.
///
/// ```
/// use ficread::meta::{Status, status::from_chapters};
/// assert_eq!(from_chapters("3/?"), Some(Status::InProgress));
/// assert_eq!(from_chapters("8/8"), Some(Status::Complete));
/// assert_eq!(from_chapters("12"), None);
/// ```
pub fn from_chapters(value: &str) -> Option<Status> {
    static COUNT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\d+)\s*/\s*(\d+|\?)").expect("static regex"));
    let captures = COUNT.captures(value)?;
    let done: u64 = captures.get(1)?.as_str().parse().ok()?;
    let total = captures.get(2)?.as_str();
    if total == "?" {
        return Some(Status::InProgress);
    }
    let total: u64 = total.parse().ok()?;
    match done.cmp(&total) {
        std::cmp::Ordering::Less => Some(Status::InProgress),
        std::cmp::Ordering::Equal => Some(Status::Complete),
        std::cmp::Ordering::Greater => None,
    }
}

/// The TtH end-of-story footer: its status and the date of the last chapter.
///
/// ```
/// use ficread::meta::{Status, status::from_footer};
/// let footer = "You have reached the end of \"Second Chances And New Beginnings\" \u{2013} so far. \
///               This story is incomplete and the last chapter was posted on 10 Nov 07.";
/// assert_eq!(from_footer(footer), Some((Status::InProgress, Some("2007-11-10".to_owned()))));
/// ```
pub fn from_footer(value: &str) -> Option<(Status, Option<String>)> {
    static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"(?i)you have reached the end of\s+["“'](?:.*?)["”']\s*(?P<sofar>[-–—]\s*so far)?"#,
        )
        .expect("static regex")
    });
    static POSTED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)(?:posted|updated)\s+on\s+(.+)$").expect("static regex"));
    // The phrase holds no letter that folds outside ASCII (no `k`, no `s`), so under
    // `(?i)` it matches its ASCII letters in either case and nothing else: a value
    // without it never compiles the pattern.
    let phrase = b"you have reached the end of";
    if !value
        .as_bytes()
        .windows(phrase.len())
        .any(|w| w.eq_ignore_ascii_case(phrase))
    {
        return None;
    }
    let captures = FOOTER.captures(value)?;
    let rest = &value[captures.get(0).map_or(0, |m| m.end())..];
    let rest_lower = rest.to_lowercase();
    let status = if rest_lower.contains("incomplete") || rest_lower.contains("not complete") {
        Status::InProgress
    } else if rest_lower.contains("complete") {
        Status::Complete
    } else if captures.name("sofar").is_some() {
        Status::InProgress
    } else {
        Status::Unknown
    };
    let updated = POSTED
        .captures(rest)
        .and_then(|c| c.get(1))
        .and_then(|m| parse_date(m.as_str()));
    Some((status, updated))
}

/// What an end marker says about completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndSignal {
    /// `The End`, `THE END`, `Fin`, `~Fin~`, `[END]`.
    Complete,
    /// `TBC`, `To be continued…`, `Continued in …`, `End of Part 1`, `End Chapter 3`.
    InProgress,
    /// `The End?`: the author is not sure either.
    Ambiguous,
    /// `End file.` (FanFicFare) and anything unrecognised.
    None,
}

/// Classifies an end marker line.
///
/// ```
/// use ficread::meta::status::{EndSignal, from_end_marker};
/// assert_eq!(from_end_marker("The End"), EndSignal::Complete);
/// assert_eq!(from_end_marker("~Fin~"), EndSignal::Complete);
/// assert_eq!(from_end_marker("The End?"), EndSignal::Ambiguous);
/// assert_eq!(from_end_marker("To be continued..."), EndSignal::InProgress);
/// assert_eq!(from_end_marker("End file."), EndSignal::None);
/// ```
pub fn from_end_marker(value: &str) -> EndSignal {
    let decoration = |c: char| {
        matches!(
            c,
            '~' | '-' | '*' | '[' | ']' | '(' | ')' | '=' | '_' | '#' | '<' | '>' | '–' | '—'
        )
    };
    let spaced: String = value
        .chars()
        .map(|c| if decoration(c) { ' ' } else { c })
        .collect();
    let cleaned = collapse_spaces(&spaced.to_lowercase());
    if cleaned.ends_with('?') {
        return EndSignal::Ambiguous;
    }
    let core = cleaned.trim_end_matches(['.', '!', '…', ' ']);
    // `The End...for now`: the dots join the words.
    let spaced_core = collapse_spaces(&core.replace(['.', '…'], " "));
    match spaced_core.as_str() {
        "end file" => EndSignal::None,
        "the end" | "end" | "fin" | "finis" | "finite" | "the very end" | "end of story"
        | "complete" => EndSignal::Complete,
        "tbc" | "t b c" | "to be continued" | "to be concluded" | "more to come" | "continued"
        | "the end for now" | "end for now" => EndSignal::InProgress,
        core if core.starts_with("to be continued")
            || core.starts_with("to be concluded")
            || core.starts_with("continued in")
            || core.starts_with("continued next")
            || core.starts_with("end of part")
            || core.starts_with("end of chapter")
            || core.starts_with("end chapter")
            || core.starts_with("end part")
            || ((core.starts_with("part ") || core.starts_with("chapter "))
                && (core.ends_with("coming soon") || core.ends_with("to follow"))) =>
        {
            EndSignal::InProgress
        }
        _ => EndSignal::None,
    }
}

/// The story's status by the precedence above, its provenance, and the last-update date an
/// archive footer states.
pub(crate) fn from_fields(raw: &RawMeta) -> (Status, Option<String>, Option<(String, &RawField)>) {
    let mut footer_date: Option<(String, &RawField)> = None;
    let mut footer_status: Option<(Status, &RawField)> = None;
    let mut stated: Option<(Status, &RawField)> = None;
    for field in raw.get(FieldKey::Status) {
        let value = field.joined();
        let explicit = matches!(
            field.origin,
            Origin::Calibre | Origin::Field | Origin::Container
        );
        if let Some((status, date)) = from_footer(&value) {
            if let Some(date) = date {
                footer_date.get_or_insert((date, field));
            }
            if status != Status::Unknown && !explicit {
                footer_status.get_or_insert((status, field));
                continue;
            }
        }
        let Some(status) = from_statement(&value) else {
            continue;
        };
        if explicit {
            stated.get_or_insert((status, field));
        } else {
            footer_status.get_or_insert((status, field));
        }
    }
    if let Some((status, field)) = stated {
        return (status, Some(describe(field)), footer_date);
    }
    for field in raw.get(FieldKey::Chapters) {
        if let Some(status) = from_chapters(&field.joined()) {
            return (status, Some(describe(field)), footer_date);
        }
    }
    if let Some((status, field)) = footer_status {
        return (status, Some(describe(field)), footer_date);
    }
    // The last decisive end marker; `The End?` and `End file.` decide nothing.
    let marker =
        raw.get(FieldKey::EndMarker)
            .filter_map(|field| match from_end_marker(&field.joined()) {
                EndSignal::Complete => Some((Status::Complete, field)),
                EndSignal::InProgress => Some((Status::InProgress, field)),
                EndSignal::Ambiguous | EndSignal::None => None,
            });
    if let Some((status, field)) = marker.last() {
        let source = format!("{} \"{}\"", describe(field), field.joined());
        return (status, Some(source), footer_date);
    }
    (Status::Unknown, None, footer_date)
}

#[cfg(test)]
mod tests {
    #[test]
    fn common_values_answer_as_the_patterns_do() {
        for &(value, status) in COMMON {
            for spelled in [
                value.to_owned(),
                value.to_uppercase(),
                format!("  {value} "),
                value[..1].to_uppercase() + &value[1..],
            ] {
                assert_eq!(by_patterns(&spelled), Some(status), "{spelled:?}");
                assert_eq!(from_statement(&spelled), Some(status), "{spelled:?}");
            }
        }
    }

    use super::*;
    use crate::format::exact::check;

    #[test]
    fn the_footer_phrase_check_lets_every_footer_through() {
        let footer = Regex::new(r#"(?i)you have reached the end of\s+["“'](?:.*?)["”']"#)
            .expect("valid regex");
        check::agree(
            &[
                "You have reached the end of",
                "YOU HAVE REACHED THE END OF",
                " \"X\"",
                " “X”",
                " 'X'",
            ],
            &[
                "You have reached the end of \"X\" – so far.",
                "you have reached the end of “X”",
            ],
            |value| from_footer(value).is_some(),
            |value| footer.is_match(value),
        );
    }

    #[test]
    fn statements() {
        let cases = [
            ("Complete", Some(Status::Complete)),
            ("Completed", Some(Status::Complete)),
            ("Status: Complete", Some(Status::Complete)),
            ("Completed: Yes", Some(Status::Complete)),
            ("Complete? No", Some(Status::InProgress)),
            ("In-Progress", Some(Status::InProgress)),
            ("in progress", Some(Status::InProgress)),
            ("Incomplete", Some(Status::InProgress)),
            ("Not complete", Some(Status::InProgress)),
            ("WIP", Some(Status::InProgress)),
            ("Work in Progress", Some(Status::InProgress)),
            ("On hiatus", Some(Status::InProgress)),
            ("Yes", Some(Status::Complete)),
            ("No", Some(Status::InProgress)),
            ("", None),
            ("whatever", None),
        ];
        for (value, want) in cases {
            assert_eq!(from_statement(value), want, "from_statement({value:?})");
        }
    }

    #[test]
    fn chapter_counts() {
        assert_eq!(from_chapters("Chapters: 3/?"), Some(Status::InProgress));
        assert_eq!(from_chapters("3 / 5"), Some(Status::InProgress));
        assert_eq!(from_chapters("5/5"), Some(Status::Complete));
        assert_eq!(from_chapters("6/5"), None);
        assert_eq!(from_chapters("99999999999999999999999/1"), None);
    }

    #[test]
    fn footers() {
        let wip = "You have reached the end of \"Second Chances And New Beginnings\" \u{2013} so far. This story is incomplete and the last chapter was posted on 10 Nov 07.";
        assert_eq!(
            from_footer(wip),
            Some((Status::InProgress, Some("2007-11-10".into())))
        );
        let done = "You have reached the end of \"Help Wanted\". This story is complete and the last chapter was posted on 3 Aug 07.";
        assert_eq!(
            from_footer(done),
            Some((Status::Complete, Some("2007-08-03".into())))
        );
        let so_far = "You have reached the end of \"X\" - so far.";
        assert_eq!(from_footer(so_far), Some((Status::InProgress, None)));
        assert_eq!(from_footer("The End"), None);
        assert_eq!(from_statement(wip), Some(Status::InProgress));
    }

    #[test]
    fn end_markers() {
        let cases = [
            ("The End", EndSignal::Complete),
            ("THE END", EndSignal::Complete),
            ("the end.", EndSignal::Complete),
            ("~The End~", EndSignal::Complete),
            ("Fin", EndSignal::Complete),
            ("FIN", EndSignal::Complete),
            ("~Fin~", EndSignal::Complete),
            ("Finis", EndSignal::Complete),
            ("[END]", EndSignal::Complete),
            ("- END -", EndSignal::Complete),
            ("The End?", EndSignal::Ambiguous),
            ("TBC", EndSignal::InProgress),
            ("TBC...", EndSignal::InProgress),
            ("To be continued…", EndSignal::InProgress),
            ("Continued in \"Part Two\"", EndSignal::InProgress),
            ("End of Part 1", EndSignal::InProgress),
            ("End Chapter 3", EndSignal::InProgress),
            ("The End (for now)", EndSignal::InProgress),
            ("~tbc~", EndSignal::InProgress),
            ("tbc.", EndSignal::InProgress),
            ("T.B.C.", EndSignal::InProgress),
            ("(continued in part 2)", EndSignal::InProgress),
            ("To Be Continued in Part Two", EndSignal::InProgress),
            ("To be concluded...", EndSignal::InProgress),
            ("The End...for now", EndSignal::InProgress),
            ("Part 2 coming soon!", EndSignal::InProgress),
            ("Continued next chapter", EndSignal::InProgress),
            ("Fin.", EndSignal::Complete),
            ("End.", EndSignal::Complete),
            ("-fin-", EndSignal::Complete),
            ("*The End*", EndSignal::Complete),
            ("~*~Fin~*~", EndSignal::Complete),
            ("End file.", EndSignal::None),
            ("", EndSignal::None),
            ("~~~", EndSignal::None),
        ];
        for (value, want) in cases {
            assert_eq!(from_end_marker(value), want, "from_end_marker({value:?})");
        }
    }
}
