//! Heading candidates from a line's text alone (FORMATS.md §8.1 patterns): chapter
//! words in several languages, containers (`VOLUME I`, `Part 2`), named sections
//! (`Prologue`), tables of contents, and numbered forms that `chapters::plan` only
//! trusts in sequence. Numbers are digits, canonical roman numerals up to 300 (so
//! `mix` stays a word) or number words in English, French, German and Spanish.

use std::sync::LazyLock;

use regex::Regex;

use crate::format::prefilter::may_start_with_ci;
use scan::Scan;

mod scan;

/// The shape of a heading candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::format::txt) enum HeadingKind {
    /// `Chapter 3`, `CHAPTER IV.`, `Chapitre 2`, `第1章`, a FanFicFare title line.
    Chapter,
    /// `VOLUME I`, `Part 2`, `Book One`, `Act 1`: may hold chapters.
    Container,
    /// `Prologue`, `Epilogue`, `Interlude: Planning`.
    Named,
    /// Numbers alone or with a title: trusted only in sequence.
    Numbered,
    /// `Contents`, `Table of Contents`.
    Contents,
}

/// A line that may be a chapter heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::format::txt) struct Candidate {
    pub kind: HeadingKind,
    pub number: Option<u32>,
    /// Carries a title after its number (`1. Prologue`, `Un : Kiba`).
    pub titled: bool,
}

impl Candidate {
    /// A chapter heading whatever its text (FanFicFare's indented title line).
    pub fn explicit() -> Self {
        Self {
            kind: HeadingKind::Chapter,
            number: None,
            titled: true,
        }
    }
}

const NUMBER_WORDS: &str = "(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred|un|une|deux|trois|quatre|cinq|sept|huit|neuf|dix-sept|dix-huit|dix-neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez)";

fn regex(pattern: &str) -> Regex {
    Regex::new(&pattern.replace("NUMWORD", NUMBER_WORDS)).expect("valid regex")
}

static CHAPTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(?:(?:chapter|chapitre|kapitel|cap[íi]tulo|capitolo|hoofdstuk|rozdział|глава)\s*#?\s*|(?:chap|ch)(?:\.\s*|\s+)#?\s*)(\d{1,4}|[ivxlcdm]{1,12}|NUMWORD)\b(.*)$",
    )
});

static CJK_CHAPTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^第\s*([0-9０-９一二三四五六七八九十百千]{1,6})\s*[章話话回节節](.*)$")
});

static CONTAINER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(?:part|book|volume|vol\.|act|section|tome|livre|teil|parte|libro)\s+(\d{1,4}|[ivxlcdm]{1,12}|NUMWORD)\b(.*)$",
    )
});

static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(?:prologue|epilogue|interlude|coda|afterword|foreword|preface|intermission|omake|prolog|epilog|pr[óo]logo|ep[íi]logo|épilogue)\b(.*)$",
    )
});

static CONTENTS: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)^(?:table of contents|contents)\s*:?$"));

/// `1. Prologue`, `II. The Bridge`, `Un : Kiba`, `Three - Home`.
static NUMBERED_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^(\d{1,3}|[IVXLC]{1,8}|(?i:NUMWORD))(?:\s*[:\-–—.)]\s+|\s+[:\-–—]\s*)(\S.*)$")
});

/// `1`, `~1~`, `-1-`, `[1]`, `(1)`, `~*~ 1 ~*~`, `II`, `One`.
static NUMBERED_BARE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^[~\-*=#_\[\](){}<>|:•\s]{0,6}(\d{1,3}|[IVXLC]{1,8}|(?i:NUMWORD))[~\-*=#_\[\](){}<>|:•\s]{0,6}$",
    )
});

/// Literal starts of [`CHAPTER`]'s alternatives, checked before it is run.
const CHAPTER_WORDS: &[&str] = &["ch", "kapitel", "cap", "hoofdstuk", "rozdzia", "глава"];
/// Literal starts of [`CONTAINER`]'s alternatives.
const CONTAINER_WORDS: &[&str] = &[
    "part", "book", "volume", "vol.", "act", "section", "tome", "livre", "teil", "parte", "libro",
];
/// Literal starts of [`NAMED`]'s alternatives.
const NAMED_WORDS: &[&str] = &[
    "prolog",
    "epilog",
    "interlude",
    "coda",
    "afterword",
    "foreword",
    "preface",
    "intermission",
    "omake",
    "prólogo",
    "epílogo",
    "épilogue",
];
/// Starts of the words in `NUMBER_WORDS`; `number_words_are_covered` proves it.
const NUMBER_STARTS: &[&str] = &[
    "twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet", "one", "two", "three",
    "four", "five", "six", "seven", "nine", "ten", "eleven", "twelve", "hundred", "un", "deux",
    "trois", "quatre", "cinq", "sept", "huit", "neuf", "dix", "onze", "douze", "treize",
    "quatorze", "quinze", "seize", "vingt", "eins", "zwei", "drei", "vier", "fünf", "sechs",
    "sieben", "acht", "neun", "zehn", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete",
    "ocho", "nueve", "diez",
];

/// Whether a number (`\d`, a roman numeral, a number word) may start `head`.
///
/// The patterns' numerals are followed by a space, a separator or the end, never a
/// letter, so a roman numeral start is a run of ASCII letters all in `IVXLC` (`It
/// was` is not one: it would otherwise compile the patterns for every story whose
/// first line starts with `I`).
fn may_start_with_number(head: &str) -> bool {
    let letters = head.bytes().take_while(u8::is_ascii_alphabetic);
    let roman = head.bytes().next().is_some_and(|b| b"IVXLC".contains(&b))
        && letters.clone().all(|b| b"IVXLC".contains(&b));
    head.chars()
        .next()
        .is_some_and(|c| !c.is_ascii() || c.is_ascii_digit())
        || roman
        || may_start_with_ci(head, NUMBER_STARTS)
}

/// Recognises a heading candidate from a trimmed line.
pub(in crate::format::txt) fn classify(text: &str) -> Option<Candidate> {
    if text.len() > 320 || (text.len() > 80 && text.chars().count() > 80) {
        return None;
    }
    let first = text.chars().next()?;
    if !(first.is_alphanumeric() || "~-*=#_[({<|:•".contains(first)) {
        return None;
    }
    if may_start_with_ci(text, CHAPTER_WORDS)
        && let Some((number, rest)) = groups(scan::chapter(text), &CHAPTER, text)
    {
        let number = number_value(number)?;
        let titled = title_after_number(rest, true)?;
        return Some(Candidate {
            kind: HeadingKind::Chapter,
            number: Some(number),
            titled,
        });
    }
    if first == '第'
        && let Some(caps) = CJK_CHAPTER.captures(text)
    {
        let rest = caps.get(2).map_or("", |m| m.as_str()).trim();
        return (rest.split_whitespace().count() <= 12).then(|| Candidate {
            kind: HeadingKind::Chapter,
            number: caps.get(1).and_then(|m| m.as_str().parse().ok()),
            titled: !rest.is_empty(),
        });
    }
    if may_start_with_ci(text, CONTAINER_WORDS)
        && let Some((number, rest)) = groups(scan::container(text), &CONTAINER, text)
    {
        let number = number_value(number)?;
        let rest_trimmed = rest.trim_start();
        let titled = if rest_trimmed.starts_with("of ") {
            if rest_trimmed.split_whitespace().count() != 2 {
                return None;
            }
            false
        } else {
            title_after_number(rest, true)?
        };
        return Some(Candidate {
            kind: HeadingKind::Container,
            number: Some(number),
            titled,
        });
    }
    if may_start_with_ci(text, NAMED_WORDS)
        && let Some((_, rest)) = groups(scan::named(text), &NAMED, text)
    {
        let titled = title_after_number(rest, false)?;
        return Some(Candidate {
            kind: HeadingKind::Named,
            number: None,
            titled,
        });
    }
    if may_start_with_ci(text, &["contents", "table of contents"]) && CONTENTS.is_match(text) {
        return Some(Candidate {
            kind: HeadingKind::Contents,
            number: None,
            titled: false,
        });
    }
    if may_start_with_number(text)
        && let Some((number, title)) = groups(scan::numbered_title(text), &NUMBERED_TITLE, text)
    {
        let number = number_value(number)?;
        return is_short_title(title).then_some(Candidate {
            kind: HeadingKind::Numbered,
            number: Some(number),
            titled: true,
        });
    }
    if !text.ends_with('.')
        && may_start_with_number(
            text.trim_start_matches(|c: char| c.is_whitespace() || "~-*=#_[](){}<>|:•".contains(c)),
        )
        && let Some((_, number)) = groups(scan::numbered_bare(text), &NUMBERED_BARE, text)
    {
        let number = number_value(number)?;
        return Some(Candidate {
            kind: HeadingKind::Numbered,
            number: Some(number),
            titled: false,
        });
    }
    None
}

/// A heading pattern's number and rest on `text`, from its exact scanner, or from
/// `pattern` itself when a non-ASCII char decides (a pattern with one group answers
/// it second, after an empty first).
fn groups<'a>(
    found: Scan<'a>,
    pattern: &LazyLock<Regex>,
    text: &'a str,
) -> Option<(&'a str, &'a str)> {
    match found {
        Scan::Match(number, rest) => Some((number, rest)),
        Scan::No => None,
        Scan::Unicode => {
            let caps = pattern.captures(text)?;
            let group = |i| caps.get(i).map_or("", |m| m.as_str());
            Some(if caps.len() == 2 {
                ("", group(1))
            } else {
                (group(1), group(2))
            })
        }
    }
}

/// What follows `Chapter 3` / `Prologue`: nothing, or a separator and a short title.
/// `Some(titled)` when acceptable. With a number, any ending is fine (`Chapter 3:
/// Who Is She?`); a bare word like `Epilogue` must not start a sentence.
fn title_after_number(rest: &str, numbered: bool) -> Option<bool> {
    let trimmed = rest.trim();
    if trimmed.is_empty() || trimmed == "." || trimmed == ":" {
        return Some(false);
    }
    let first = rest.chars().next()?;
    let separated =
        first.is_whitespace() || matches!(first, ':' | '.' | '-' | '–' | '—' | ',' | ')' | ';');
    if !separated {
        return None;
    }
    let title = trimmed
        .trim_start_matches([':', '.', '-', '–', '—', ',', ')', ';'])
        .trim();
    if title.split_whitespace().count() > 12 {
        return None;
    }
    if !numbered && !is_short_title(title) {
        return None;
    }
    Some(true)
}

/// A title, not a sentence: a few words without closing sentence punctuation.
fn is_short_title(title: &str) -> bool {
    !title.is_empty()
        && title.split_whitespace().count() <= 10
        && !title.ends_with(['.', '!', '?', ',', ';', ':', '"', '”'])
}

/// The value of a chapter number: digits, roman numerals (up to 300, so words such
/// as `mix` are not numbers), or a number word.
fn number_value(token: &str) -> Option<u32> {
    if let Ok(n) = token.parse::<u32>() {
        return Some(n);
    }
    roman_value(token).or_else(|| word_value(token))
}

fn roman_value(token: &str) -> Option<u32> {
    let upper = token.to_ascii_uppercase();
    let digit = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let values: Vec<u32> = upper.chars().map(digit).collect::<Option<_>>()?;
    // Right to left: a digit smaller than the one after it is subtracted.
    let mut total = 0u32;
    let mut after = 0u32;
    for &v in values.iter().rev() {
        if v < after {
            total = total.checked_sub(v)?;
        } else {
            total = total.checked_add(v)?;
            after = v;
        }
    }
    // Only canonical numerals count (`IIII`, `IC` and `mix` do not).
    (total > 0 && total <= 300 && to_roman(total) == upper).then_some(total)
}

fn to_roman(mut n: u32) -> String {
    const TABLE: &[(u32, &str)] = &[
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for &(value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

fn word_value(token: &str) -> Option<u32> {
    let lower = token.to_lowercase();
    let (tens, unit) = match lower.split_once(['-', ' ']) {
        Some((t, u)) if !t.starts_with("dix") => (t, Some(u)),
        _ => (lower.as_str(), None),
    };
    let base = match tens {
        "one" | "un" | "une" | "eins" | "uno" => 1,
        "two" | "deux" | "zwei" | "dos" => 2,
        "three" | "trois" | "drei" | "tres" => 3,
        "four" | "quatre" | "vier" | "cuatro" => 4,
        "five" | "cinq" | "fünf" | "cinco" => 5,
        "six" | "sechs" | "seis" => 6,
        "seven" | "sept" | "sieben" | "siete" => 7,
        "eight" | "huit" | "acht" | "ocho" => 8,
        "nine" | "neuf" | "neun" | "nueve" => 9,
        "ten" | "dix" | "zehn" | "diez" => 10,
        "eleven" | "onze" => 11,
        "twelve" | "douze" => 12,
        "thirteen" | "treize" => 13,
        "fourteen" | "quatorze" => 14,
        "fifteen" | "quinze" => 15,
        "sixteen" | "seize" => 16,
        "seventeen" | "dix-sept" => 17,
        "eighteen" | "dix-huit" => 18,
        "nineteen" | "dix-neuf" => 19,
        "twenty" | "vingt" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        _ => return None,
    };
    match unit {
        None => Some(base),
        Some(unit) => word_value(unit).filter(|&u| u < 10).map(|u| base + u),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_words_are_covered() {
        // The prefilter must let through every word the pattern accepts.
        let words = NUMBER_WORDS
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty());
        for word in words {
            assert!(may_start_with_number(word), "{word}");
            assert!(may_start_with_number(&word.to_uppercase()), "{word}");
        }
        assert!(!may_start_with_number("The rain had stopped"));
        assert!(!may_start_with_number("It was late"));
    }

    #[test]
    fn the_roman_numeral_check_lets_through_every_numbered_match() {
        // Every string of up to four of these chars: numerals, letters that extend a
        // numeral into a word, and the separators the patterns accept.
        let alphabet: Vec<char> = "IVXLCit .:-~".chars().collect();
        let mut lines = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = lines
                .iter()
                .flat_map(|line| alphabet.iter().map(move |&c| format!("{line}{c}")))
                .collect();
            lines.extend(longer);
        }
        for line in lines
            .iter()
            .map(|l| format!("{l} Home"))
            .chain(lines.clone())
        {
            let bare = line
                .trim_start_matches(|c: char| c.is_whitespace() || "~-*=#_[](){}<>|:•".contains(c));
            if NUMBERED_TITLE.is_match(&line) {
                assert!(may_start_with_number(&line), "{line:?}");
            }
            if NUMBERED_BARE.is_match(&line) {
                assert!(may_start_with_number(bare), "{line:?}");
            }
        }
    }

    #[test]
    fn prefilters_pass_every_keyword_of_their_pattern() {
        for line in [
            "Chapter 1",
            "KAPITEL 2",
            "Capítulo 3",
            "Ch. 4",
            "Part 2",
            "Vol. 3",
            "Book One",
            "Prologue",
            "EPÍLOGO",
            "Table of Contents",
            "第3章",
            "~ 12 ~",
            "IV. The Bridge",
        ] {
            assert!(classify(line).is_some(), "{line}");
        }
    }

    fn kind(text: &str) -> Option<(HeadingKind, Option<u32>)> {
        classify(text).map(|c| (c.kind, c.number))
    }

    #[test]
    fn heading_table() {
        use HeadingKind::*;
        let cases = [
            ("Chapter 1", Some((Chapter, Some(1)))),
            ("Chapter One: Title", Some((Chapter, Some(1)))),
            ("CHAPTER IV.", Some((Chapter, Some(4)))),
            ("CHAPTER I", Some((Chapter, Some(1)))),
            ("Chapter 61", Some((Chapter, Some(61)))),
            ("Chapter 2 - The Bronze", Some((Chapter, Some(2)))),
            ("Chapter #1 - Prologue", Some((Chapter, Some(1)))),
            ("Ch. 3", Some((Chapter, Some(3)))),
            ("Chapter 1, Xenos on Cinnabar", Some((Chapter, Some(1)))),
            ("Chapter Twenty-One", Some((Chapter, Some(21)))),
            ("Chapter 3: Who Is She?", Some((Chapter, Some(3)))),
            ("Chapitre 2", Some((Chapter, Some(2)))),
            ("Kapitel 3", Some((Chapter, Some(3)))),
            ("Глава 1", Some((Chapter, Some(1)))),
            ("第1章", Some((Chapter, Some(1)))),
            ("Part 2", Some((Container, Some(2)))),
            ("Part One", Some((Container, Some(1)))),
            ("Part 1 of 3", Some((Container, Some(1)))),
            ("VOLUME I", Some((Container, Some(1)))),
            ("Book Two", Some((Container, Some(2)))),
            ("Act 1", Some((Container, Some(1)))),
            ("Prologue", Some((Named, None))),
            ("Epilogue", Some((Named, None))),
            ("Interlude: Planning", Some((Named, None))),
            ("Epilogue - Ten Years Later", Some((Named, None))),
            ("Table of Contents", Some((Contents, None))),
            ("1. Prologue", Some((Numbered, Some(1)))),
            ("II. The Bridge", Some((Numbered, Some(2)))),
            ("Un\u{a0}: Kiba", Some((Numbered, Some(1)))),
            ("Deux : Shino", Some((Numbered, Some(2)))),
            ("~1~", Some((Numbered, Some(1)))),
            ("-2-", Some((Numbered, Some(2)))),
            ("[3]", Some((Numbered, Some(3)))),
            ("(4)", Some((Numbered, Some(4)))),
            ("~*~ 5 ~*~", Some((Numbered, Some(5)))),
            ("7", Some((Numbered, Some(7)))),
            ("III", Some((Numbered, Some(3)))),
            ("Two", Some((Numbered, Some(2)))),
        ];
        for (input, want) in cases {
            assert_eq!(kind(input), want, "input {input:?}");
        }
    }

    #[test]
    fn non_headings() {
        let prose = [
            "Chapter and verse, he said",
            "Part of me wanted to stay.",
            "Part of me wanted to stay",
            "Chapter mix",
            "Chiv",
            "One.",
            "1.",
            "It was over.",
            "The Prologue was long, and boring.",
            "Epilogue was what they called it.",
            "Prologues are overrated",
            "1. I went to the shop and bought milk.",
            "Lex: \"Let's talk.\"",
            "\"One\"",
            "Chapter 1's opening line was weak",
            "Help Wanted: A Buffy the Vampire Slayer/Smallville Crossover",
            "Volume control was broken",
            "IIII",
            "",
            "A very long line that starts with Chapter 1 but goes on and on and on far beyond eighty characters",
        ];
        for text in prose {
            assert_eq!(kind(text), None, "{text:?}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(number_value("XIV"), Some(14));
        assert_eq!(number_value("IV"), Some(4));
        assert_eq!(number_value("IX"), Some(9));
        assert_eq!(number_value("XLIX"), Some(49));
        assert_eq!(number_value("xl"), Some(40));
        assert_eq!(number_value("mix"), None);
        assert_eq!(number_value("IC"), None);
        assert_eq!(number_value("thirty-two"), Some(32));
        assert_eq!(number_value("dix-sept"), Some(17));
        assert_eq!(number_value("Un"), Some(1));
        assert_eq!(number_value("twenty-ten"), None);
        assert_eq!(number_value(""), None);
    }
}
