//! Author names from what a story states (FORMATS §6.6).
//!
//! The rule: a name the source marks as one (an AO3 or EPUB author item, one
//! Dreamwidth/LiveJournal user link `[personal profile] name` or `[info]name`, the one
//! author a single-author archive allows) is never split, even when it reads
//! `Salt and Iron` or `Ink & Quill (quillfeather)`. Only an unmarked statement (a
//! hand-written `Author:` line, a `by` byline) is split: always at `;`, at `,` as a
//! list (with a final `and`/`&` as its conjunction), and at `and`/`&` alone only when
//! every piece looks like a separate name (a handle such as `hils` or
//! `lexalicious70`, or a full name such as `Jane Doe`), so a pen name such as
//! `Salt and Iron` stays whole.
//!
//! Everything here is a pure function of its input and never panics.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::normalize::collapse_spaces;
use crate::document::raw::RawField;
use crate::format::prefilter::{may_contain_ci, may_start_with_ci};

/// Archives that give every story exactly one author, so a byline from one of them
/// is one name whatever it reads.
const SINGLE_AUTHOR_SITES: &[&str] = &[
    "fanfiction.net",
    "fictionpress.com",
    "fimfiction.net",
    "wattpad.com",
];

/// Whether `site` (a canonical domain) gives every story one author.
pub(crate) fn is_single_author_site(site: &str) -> bool {
    SINGLE_AUTHOR_SITES.contains(&site)
}

/// How an author statement was read, for provenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// One name per item or link, or one name whatever it reads.
    AsMarked,
    /// One name per user marker (`[personal profile] name`, `[info]name`).
    Users,
    /// Split as a written list (`,`, `;`, a final `and`).
    List,
    /// Split at `and`/`&` between names that each look like one person.
    Conjunction,
}

impl Reading {
    /// The provenance wording, or `None` when nothing was split.
    pub(crate) fn describe(self) -> Option<&'static str> {
        match self {
            Reading::AsMarked => None,
            Reading::Users => Some("one name per user link"),
            Reading::List => Some("split as a list"),
            Reading::Conjunction => Some("split at \"and\"/\"&\""),
        }
    }
}

/// The names one raw author field states. `one_author` says the story's archive
/// allows one author only, so an unmarked value is not split either.
pub(crate) fn from_field(field: &RawField, one_author: bool) -> (Vec<String>, Reading) {
    let mut names: Vec<String> = Vec::new();
    let mut reading = Reading::AsMarked;
    for value in &field.values {
        let (found, how) = if field.itemised || one_author {
            (clean_author(value).into_iter().collect(), Reading::AsMarked)
        } else {
            read_statement(value)
        };
        if how != Reading::AsMarked {
            reading = how;
        }
        for name in found {
            push_unique(&mut names, name);
        }
    }
    (names, reading)
}

/// Splits an unmarked author statement into names. `by ` and e-mail addresses go,
/// user markup (`[personal profile] hils`, `[info]hils`) marks one name each, and
/// names are split as described in the module docs. Duplicates ignoring case are
/// dropped (`by Annie` + `By Annie` is one author).
///
/// ```
/// use ficread::meta::authors::split_authors;
/// assert_eq!(split_authors("hils and lexalicious70"), ["hils", "lexalicious70"]);
/// assert_eq!(split_authors("[profile] hils and [profile] lexalicious70"), ["hils", "lexalicious70"]);
/// assert_eq!(split_authors("by A, B & C"), ["A", "B", "C"]);
/// assert_eq!(split_authors("Salt and Iron"), ["Salt", "Iron"]);
/// ```
pub fn split_authors(value: &str) -> Vec<String> {
    read_statement(value).0
}

/// One marked author's name: e-mail addresses and user markup removed, spaces
/// collapsed, surrounding punctuation trimmed; `None` when nothing is left.
pub(crate) fn clean_author(value: &str) -> Option<String> {
    let clean = without_emails(value);
    let clean = without_markers(&clean);
    let name = trim_name(&clean);
    (!name.is_empty()).then_some(name)
}

/// `[personal profile] `, `[livejournal.com profile] `, `[community profile] `,
/// `[info]`: how Dreamwidth, LiveJournal and InsaneJournal pages render a user link
/// as text. The name after one is one user.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\[(?:info|[a-z0-9.\- ]{0,40}profile)\]\s*").expect("static regex")
});

/// E-mail addresses, bare or in `<>` or `()`, and journal host suffixes.
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)<[^>]*@[^>]*>|\([^)]*@[^)]*\)|\S+@\S+|\.livejournal\.com\b|\.dreamwidth\.org\b|\.insanejournal\.com\b",
    )
    .expect("static regex")
});

/// Whether [`EMAIL`] may match: every alternative holds an `@` or a journal host,
/// which the plain checks find (see [`crate::format::prefilter`]); most bylines
/// hold neither, and so never compile the pattern.
fn may_hold_email(text: &str) -> bool {
    text.contains('@')
        || may_contain_ci(text, "journal.com")
        || may_contain_ci(text, ".dreamwidth.org")
}

/// `text` without e-mail addresses and journal host suffixes ([`EMAIL`]).
fn without_emails(text: &str) -> Cow<'_, str> {
    if may_hold_email(text) {
        EMAIL.replace_all(text, " ")
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` without user markers ([`MARKER`], which needs a `[`).
fn without_markers(text: &str) -> Cow<'_, str> {
    if text.contains('[') {
        MARKER.replace_all(text, " ")
    } else {
        Cow::Borrowed(text)
    }
}

fn read_statement(value: &str) -> (Vec<String>, Reading) {
    static BY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^\s*(?:written\s+)?by[:\s]\s*").expect("static regex"));
    static MARKED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\[(?:info|[a-z0-9.\- ]{0,40}profile)\]\s*([\w.\-]+)")
            .expect("static regex")
    });
    let clean = without_emails(value);
    // `BY` starts with optional whitespace, then `by` or `written`.
    let clean = if may_start_with_ci(clean.trim_start(), &["by", "written"]) {
        BY.replace(&clean, "")
    } else {
        Cow::Borrowed(clean.as_ref())
    };
    if !clean.contains('[') || !MARKED.is_match(&clean) {
        // A marker with no name after it says nothing.
        return split_unmarked(&without_markers(&clean));
    }
    // Each marker names one user; text between markers is separators or further
    // unmarked names.
    let mut names: Vec<String> = Vec::new();
    let mut reading = Reading::Users;
    let mut rest_start = 0;
    let unmarked = |text: &str, names: &mut Vec<String>, reading: &mut Reading| {
        let text = strip_separators(text);
        if !text.is_empty() {
            let (found, how) = split_unmarked(text);
            if how != Reading::AsMarked {
                *reading = how;
            }
            for name in found {
                push_unique(names, name);
            }
        }
    };
    for captures in MARKED.captures_iter(&clean) {
        let (Some(whole), Some(user)) = (captures.get(0), captures.get(1)) else {
            continue;
        };
        unmarked(&clean[rest_start..whole.start()], &mut names, &mut reading);
        let user = user.as_str().trim_end_matches(['.', '-']);
        if !user.is_empty() {
            push_unique(&mut names, user.to_owned());
        }
        rest_start = whole.end();
    }
    unmarked(&clean[rest_start..], &mut names, &mut reading);
    (names, reading)
}

/// Separators left between two user markers (` and `, `, `, ` & `).
fn strip_separators(text: &str) -> &str {
    static EDGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:\s|,|;|&|\band\b)+|(?:\s|,|;|&|\band\b)+$").expect("static regex")
    });
    let start = EDGE
        .find(text)
        .filter(|m| m.start() == 0)
        .map_or(0, |m| m.end());
    let text = &text[start..];
    let end = EDGE
        .find_iter(text)
        .find(|m| m.end() == text.len())
        .map_or(text.len(), |m| m.start());
    &text[..end]
}

/// ` and ` or `&` between two names.
static CONJUNCTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\s+and\s+|\s*&\s*").expect("static regex"));

fn split_unmarked(text: &str) -> (Vec<String>, Reading) {
    static LEADING_AND: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^\s*(?:and\s+|&\s*)").expect("static regex"));
    let mut names: Vec<String> = Vec::new();
    let pieces: Vec<&str> = text
        .split([',', ';'])
        .filter(|p| !trim_name(p).is_empty())
        .collect();
    let reading = if pieces.len() > 1 {
        // A written list: `A, B and C`, `A, B, & C`. The conjunction sits in the last
        // piece; an `and` inside an earlier piece is part of a name.
        let last = pieces.len() - 1;
        for (i, piece) in pieces.iter().enumerate() {
            let piece = LEADING_AND.replace(piece, "");
            if i == last {
                for part in CONJUNCTION.split(&piece) {
                    push_unique(&mut names, trim_name(part));
                }
            } else {
                push_unique(&mut names, trim_name(&piece));
            }
        }
        Reading::List
    } else {
        // `and` or `&`, or the pattern cannot split: one name, by far the most often.
        let parts: Vec<String> = if text.contains('&') || may_contain_ci(text, "and") {
            CONJUNCTION.split(text).map(trim_name).collect()
        } else {
            vec![trim_name(text)]
        };
        if parts.len() > 1 && parts.iter().all(|p| looks_like_one_person(p)) {
            for part in parts {
                push_unique(&mut names, part);
            }
            Reading::Conjunction
        } else {
            push_unique(&mut names, trim_name(text));
            Reading::AsMarked
        }
    };
    names.retain(|n| !n.is_empty());
    (names, reading)
}

/// Whether a piece of `A and B` is one person's name on its own: a handle
/// (`hils`, `lexalicious70`, `tern_at_sea`, `LadyKate`) or a full name of two to
/// four capitalised words (`Jane Doe`, `J. K. Rowling`). A single capitalised word
/// (`Salt`, `Iron`) is not enough: `Salt and Iron` is more likely one pen name.
fn looks_like_one_person(piece: &str) -> bool {
    let words: Vec<&str> = piece.split_whitespace().collect();
    match words.as_slice() {
        [] => false,
        // A single capitalised name (`Rand`) counts: in a line that marks nobody,
        // `Rand and Wren` reads as two co-authors; only a source that marks authors
        // one by one (a link, a site of one author per story) keeps `Salt and Iron`
        // one pen name.
        [one] => is_handle(one) || is_name_word(one),
        several => {
            several.len() <= 4
                && several.iter().all(|w| {
                    w.chars().next().is_some_and(char::is_uppercase)
                        && w.chars().all(|c| {
                            c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '\u{2019}')
                        })
                })
        }
    }
}

/// A capitalised word of letters (`Rand`, `O'Neill`): a name on its own.
fn is_name_word(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '\u{2019}'))
}

/// A user name rather than a word: digits, `_`, all lower case, or a capital
/// after the first letter.
fn is_handle(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest: Vec<char> = chars.collect();
    word.chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && (word.chars().any(|c| c.is_ascii_digit() || c == '_')
            || word.chars().all(|c| !c.is_uppercase())
            || (first.is_alphabetic() && rest.iter().any(|c| c.is_uppercase())))
}

fn trim_name(text: &str) -> String {
    collapse_spaces(
        text.trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ':' | '"' | ',' | ';')),
    )
}

fn push_unique(names: &mut Vec<String>, name: String) {
    if !name.is_empty() && !names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
        names.push(name);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_conjunction_precheck_never_skips_a_match() {
        let words = [
            "Jane", "Austen", "and", "AND", "And", "&", " ", "\t", "\u{A0}", "Sandy", "band",
        ];
        let lines = [
            "Salt and Iron",
            "Rand & Wren",
            "Jane Austen",
            "A\u{2003}and\u{2003}B",
        ];
        crate::format::exact::check::agree(
            &words,
            &lines,
            |text| {
                text.contains('&')
                    || super::may_contain_ci(text, "and")
                    || !super::CONJUNCTION.is_match(text)
            },
            |_| true,
        );
    }

    #[test]
    fn the_prechecks_never_skip_a_match() {
        let by = Regex::new(r"(?i)^\s*(?:written\s+)?by[:\s]\s*").expect("regex");
        for text in [
            "Jane Austen",
            "by Jane",
            "  BY: Jane",
            "Written by Jane",
            "\u{a0}by Jane",
            "jane@example.com",
            "<jane at example.com>",
            "Jane (jane@x.org)",
            "hils.livejournal.com",
            "hils.INSANEJOURNAL.com",
            "hils.inſanejournal.com",
            "rand.Dreamwidth.org",
            "[personal profile] hils",
            "[info]rand",
            "A & B",
        ] {
            if EMAIL.is_match(text) {
                assert!(may_hold_email(text), "{text:?}");
            }
            if MARKER.is_match(text) {
                assert!(text.contains('['), "{text:?}");
            }
            if by.is_match(text) {
                assert!(
                    may_start_with_ci(text.trim_start(), &["by", "written"]),
                    "{text:?}"
                );
            }
            assert_eq!(
                without_emails(text),
                EMAIL.replace_all(text, " "),
                "{text:?}"
            );
        }
    }

    use super::*;
    use crate::document::raw::{FieldKey, Origin};

    #[test]
    fn unmarked_statements() {
        let cases: &[(&str, &[&str])] = &[
            // Handles and full names joined by `and`/`&` are several people.
            ("hils and lexalicious70", &["hils", "lexalicious70"]),
            ("quietmoth & tern_at_sea", &["quietmoth", "tern_at_sea"]),
            ("Jane Doe and John Smith", &["Jane Doe", "John Smith"]),
            ("LadyKate and J. K. Rowling", &["LadyKate", "J. K. Rowling"]),
            // Capitalised names too: nothing marks them as one pen name.
            ("Salt and Iron", &["Salt", "Iron"]),
            ("Ink & Quill", &["Ink", "Quill"]),
            ("The Lady and the Tramp", &["The Lady and the Tramp"]),
            ("by Salt and Iron", &["Salt", "Iron"]),
            // Written lists split at commas, with a final conjunction.
            ("A, B & C", &["A", "B", "C"]),
            ("Annie, Bob and Carol", &["Annie", "Bob", "Carol"]),
            ("Annie, Bob, and Carol", &["Annie", "Bob", "Carol"]),
            // In a comma list each item is one name (only the last `and` joins).
            (
                "Salt and Iron, quillfeather",
                &["Salt and Iron", "quillfeather"],
            ),
            (
                "Fairyzilla (orphan_account), orphan_account",
                &["Fairyzilla (orphan_account)", "orphan_account"],
            ),
            ("Annie; annie", &["Annie"]),
            // Bylines, e-mail addresses and journal hosts go.
            ("by Annie", &["Annie"]),
            ("By Annie", &["Annie"]),
            ("Written by: Annie (annie@example.com)", &["Annie"]),
            ("hils.livejournal.com", &["hils"]),
            ("Alexandra", &["Alexandra"]),
            ("Brandon Sanderson", &["Brandon Sanderson"]),
            ("Anderson", &["Anderson"]),
            ("", &[]),
            ("by", &["by"]),
            (" , ; ", &[]),
        ];
        for (value, want) in cases {
            assert_eq!(split_authors(value), *want, "split_authors({value:?})");
        }
    }

    #[test]
    fn user_markers_name_one_user_each() {
        let cases: &[(&str, &[&str])] = &[
            (
                "[livejournal.com profile] hils and [livejournal.com profile] lexalicious70",
                &["hils", "lexalicious70"],
            ),
            (
                "[personal profile] quietmoth and [personal profile] tern_at_sea",
                &["quietmoth", "tern_at_sea"],
            ),
            (
                "[profile] hils and [profile] lexalicious70",
                &["hils", "lexalicious70"],
            ),
            (
                "[info]hils_b and [info]marginalia",
                &["hils_b", "marginalia"],
            ),
            ("[info]hils_b, [info]marginalia.", &["hils_b", "marginalia"]),
            // A marker names one user; an unmarked name beside it is read on its own.
            (
                "Salt and Iron and [profile] hils",
                &["Salt", "Iron", "hils"],
            ),
            ("[personal profile] inventrix", &["inventrix"]),
            ("[personal profile]", &[]),
        ];
        for (value, want) in cases {
            assert_eq!(split_authors(value), *want, "split_authors({value:?})");
        }
    }

    fn field(values: &[&str], itemised: bool) -> RawField {
        RawField {
            key: FieldKey::Author,
            label: "byline".to_owned(),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
            itemised,
            origin: Origin::Field,
            line: None,
        }
    }

    #[test]
    fn marked_items_are_never_split() {
        let (names, reading) = from_field(
            &field(
                &[
                    "Salt and Iron",
                    "Ink & Quill (quillfeather)",
                    "salt and iron",
                ],
                true,
            ),
            false,
        );
        assert_eq!(names, ["Salt and Iron", "Ink & Quill (quillfeather)"]);
        assert_eq!(reading, Reading::AsMarked);
        // One link's text on a single-author archive is one name, whatever it reads.
        let (names, _) = from_field(&field(&["Jane Doe and John Smith"], false), true);
        assert_eq!(names, ["Jane Doe and John Smith"]);
        // The same words as a hand-written line are two people.
        let (names, reading) = from_field(&field(&["Jane Doe and John Smith"], false), false);
        assert_eq!(names, ["Jane Doe", "John Smith"]);
        assert_eq!(reading.describe(), Some("split at \"and\"/\"&\""));
        let (names, reading) = from_field(&field(&["[info]a_b", "[info]c_d"], true), false);
        assert_eq!(names, ["a_b", "c_d"]);
        assert_eq!(reading, Reading::AsMarked);
        let (names, reading) = from_field(&field(&["[info]a_b and [info]c_d"], false), false);
        assert_eq!(names, ["a_b", "c_d"]);
        assert_eq!(reading.describe(), Some("one name per user link"));
    }

    #[test]
    fn single_author_sites() {
        assert!(is_single_author_site("fanfiction.net"));
        assert!(!is_single_author_site("archiveofourown.org"));
        assert!(!is_single_author_site("dreamwidth.org"));
    }
}
