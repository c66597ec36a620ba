//! Exact scanners for the heading patterns that carry a number or a section word
//! (`CHAPTER`, `CONTAINER`, `NAMED`): nearly every story has such headings, and the
//! patterns' Unicode classes and number words cost more to compile than a short
//! story's whole parse.
//!
//! A scanner reads ASCII only. Where the answer hangs on a non-ASCII char (case
//! folding, Unicode `\s`, `\d` or `\w`, a word like `глава`) it says so and the
//! pattern answers instead; the tests hold each scanner to its pattern.

/// What a scanner found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scan<'a> {
    /// The pattern's groups; a pattern with one group answers an empty first.
    Match(&'a str, &'a str),
    No,
    /// A non-ASCII char decides the answer: ask the pattern.
    Unicode,
}

/// A non-ASCII char met where the answer depends on it.
struct Unicode;

type Step<T> = Result<T, Unicode>;

/// The ASCII byte at `i`, `None` at the end, `Unicode` past ASCII.
fn byte(text: &str, i: usize) -> Step<Option<u8>> {
    match text.as_bytes().get(i) {
        Some(&b) if !b.is_ascii() => Err(Unicode),
        other => Ok(other.copied()),
    }
}

/// Where `word` ends if it starts `text` at `i` under `(?i)`. Against an ASCII word
/// char the fold is exact (only `ſ` and `K` join an ASCII letter); against a
/// non-ASCII one (`ł`, `г`), a char that may share its case orbit is left to the
/// pattern ([`crate::format::exact::may_fold_together`]).
fn word_at(text: &str, i: usize, word: &str) -> Step<Option<usize>> {
    let Some(rest) = text.get(i..) else {
        return Ok(None);
    };
    let mut chars = rest.char_indices();
    for p in word.chars() {
        let Some((_, c)) = chars.next() else {
            return Ok(None);
        };
        let same = if p.is_ascii() {
            crate::format::exact::folds_to(c, p as u8)
        } else if c == p {
            true
        } else if !c.is_ascii() && crate::format::exact::may_fold_together(c, p) {
            return Err(Unicode);
        } else {
            false
        };
        if !same {
            return Ok(None);
        }
    }
    Ok(Some(i + chars.next().map_or(rest.len(), |(at, _)| at)))
}

/// Past a run of `\s` (exactly [`char::is_whitespace`]) from `i`.
fn spaces(text: &str, i: usize) -> usize {
    let rest = text.get(i..).unwrap_or_default();
    i + rest.len() - rest.trim_start_matches(char::is_whitespace).len()
}

/// Whether `\b` holds at `i` after a word char.
fn boundary(text: &str, i: usize) -> Step<bool> {
    Ok(byte(text, i)?.is_none_or(|b| !(b.is_ascii_alphanumeric() || b == b'_')))
}

/// The number words, in the pattern's order: tens that may take a unit, then the rest.
const TENS: &[&str] = &[
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const UNITS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];
const WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "hundred",
    "un",
    "une",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "sept",
    "huit",
    "neuf",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "vingt",
    "eins",
    "zwei",
    "drei",
    "vier",
    "fünf",
    "sechs",
    "sieben",
    "acht",
    "neun",
    "zehn",
    "uno",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
];

/// How a pattern writes its numerals.
struct Numerals {
    /// The longest digit run (`\d{1,4}`).
    digits: usize,
    /// The roman letters (`[ivxlcdm]` under `(?i)`, or `[IVXLC]`) and the longest run.
    roman: &'static [u8],
    roman_len: usize,
}

/// `(\d{1,4}|[ivxlcdm]{1,12}|NUMWORD)` under `(?i)`, as CHAPTER and CONTAINER write it.
const SPELLED: Numerals = Numerals {
    digits: 4,
    roman: b"ivxlcdmIVXLCDM",
    roman_len: 12,
};
/// `(\d{1,3}|[IVXLC]{1,8}|(?i:NUMWORD))`, as the numbered forms write it.
const BARE: Numerals = Numerals {
    digits: 3,
    roman: b"IVXLC",
    roman_len: 8,
};

/// The first way, in the pattern's order, that a numeral starting at `i` ends where
/// `then` accepts what follows, with `then`'s answer. A digit or roman run counts
/// only whole: every `then` here refuses a digit or a letter after the numeral, so
/// a greedy run that backs off can only fail.
fn number_at<T>(
    text: &str,
    i: usize,
    numerals: &Numerals,
    then: impl Fn(usize) -> Step<Option<T>>,
) -> Step<Option<(usize, T)>> {
    // A run of ASCII class text. A non-ASCII char ends it unless it may be a
    // Unicode digit, which would carry a `\d` run on (no non-ASCII char folds into
    // the roman letters).
    let run = |class: &dyn Fn(u8) -> bool| -> Step<usize> {
        let mut at = i;
        while let Some(&b) = text.as_bytes().get(at) {
            if !b.is_ascii() {
                if text[at..].chars().next().is_some_and(char::is_numeric) {
                    return Err(Unicode);
                }
                break;
            }
            if !class(b) {
                break;
            }
            at += 1;
        }
        Ok(at - i)
    };
    let accept = |end: usize| -> Step<Option<(usize, T)>> { Ok(then(end)?.map(|t| (end, t))) };
    let digits = run(&|b| b.is_ascii_digit())?;
    if (1..=numerals.digits).contains(&digits)
        && let Some(found) = accept(i + digits)?
    {
        return Ok(Some(found));
    }
    let roman = run(&|b| numerals.roman.contains(&b))?;
    if (1..=numerals.roman_len).contains(&roman)
        && let Some(found) = accept(i + roman)?
    {
        return Ok(Some(found));
    }
    for tens in TENS {
        let Some(end) = word_at(text, i, tens)? else {
            continue;
        };
        if matches!(byte(text, end)?, Some(b'-' | b' ')) {
            for unit in UNITS {
                if let Some(after) = word_at(text, end + 1, unit)?
                    && let Some(found) = accept(after)?
                {
                    return Ok(Some(found));
                }
            }
        }
        if let Some(found) = accept(end)? {
            return Ok(Some(found));
        }
    }
    for word in WORDS {
        if let Some(end) = word_at(text, i, word)?
            && let Some(found) = accept(end)?
        {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// The groups when the number from `i` is followed by `\b(.*)$`.
fn number_then_rest(text: &str, i: usize) -> Step<Option<(&str, &str)>> {
    let found = number_at(text, i, &SPELLED, |end| {
        Ok((boundary(text, end)? && !text[end..].contains('\n')).then_some(()))
    })?;
    Ok(found.map(|(end, ())| (&text[i..end], &text[end..])))
}

fn scan<'a>(
    text: &'a str,
    paths: impl Fn(&'a str) -> Step<Option<(&'a str, &'a str)>>,
) -> Scan<'a> {
    match paths(text) {
        Ok(Some((number, rest))) => Scan::Match(number, rest),
        Ok(None) => Scan::No,
        Err(Unicode) => Scan::Unicode,
    }
}

/// `(?i)^(?:(?:chapter|chapitre|kapitel|cap[íi]tulo|capitolo|hoofdstuk|rozdział|глава)\s*#?\s*|(?:chap|ch)(?:\.\s*|\s+)#?\s*)(NUMBER)\b(.*)$`.
pub(super) fn chapter(text: &str) -> Scan<'_> {
    const WORDS: &[&str] = &[
        "chapter",
        "chapitre",
        "kapitel",
        "capítulo",
        "capitulo",
        "capitolo",
        "hoofdstuk",
        "rozdział",
        "глава",
    ];
    // After the word: `\s*#?\s*`; neither `#` nor a number starts with a space, so
    // each run is taken whole.
    let mark = |at: usize| -> Step<usize> {
        let at = spaces(text, at);
        let at = if byte(text, at)? == Some(b'#') {
            at + 1
        } else {
            at
        };
        Ok(spaces(text, at))
    };
    scan(text, |text| {
        for word in WORDS {
            if let Some(end) = word_at(text, 0, word)?
                && let Some(found) = number_then_rest(text, mark(end)?)?
            {
                return Ok(Some(found));
            }
        }
        for word in ["chap", "ch"] {
            let Some(end) = word_at(text, 0, word)? else {
                continue;
            };
            let gap = if byte(text, end)? == Some(b'.') {
                Some(end + 1)
            } else {
                Some(spaces(text, end)).filter(|&at| at > end)
            };
            if let Some(at) = gap
                && let Some(found) = number_then_rest(text, mark(at)?)?
            {
                return Ok(Some(found));
            }
        }
        Ok(None)
    })
}

/// `(?i)^(?:part|book|volume|vol\.|act|section|tome|livre|teil|parte|libro)\s+(NUMBER)\b(.*)$`.
pub(super) fn container(text: &str) -> Scan<'_> {
    const WORDS: &[&str] = &[
        "part", "book", "volume", "vol.", "act", "section", "tome", "livre", "teil", "parte",
        "libro",
    ];
    scan(text, |text| {
        for word in WORDS {
            let Some(end) = word_at(text, 0, word)? else {
                continue;
            };
            let at = spaces(text, end);
            if at > end
                && let Some(found) = number_then_rest(text, at)?
            {
                return Ok(Some(found));
            }
        }
        Ok(None)
    })
}

/// `(?i)^(?:prologue|epilogue|…|épilogue)\b(.*)$`: the rest after a section word (the
/// number group is empty).
pub(super) fn named(text: &str) -> Scan<'_> {
    const WORDS: &[&str] = &[
        "prologue",
        "epilogue",
        "interlude",
        "coda",
        "afterword",
        "foreword",
        "preface",
        "intermission",
        "omake",
        "prolog",
        "epilog",
        "prólogo",
        "prologo",
        "epílogo",
        "epilogo",
        "épilogue",
    ];
    scan(text, |text| {
        for word in WORDS {
            if let Some(end) = word_at(text, 0, word)?
                && boundary(text, end)?
                && !text[end..].contains('\n')
            {
                return Ok(Some((&text[..0], &text[end..])));
            }
        }
        Ok(None)
    })
}

/// `^(\d{1,3}|[IVXLC]{1,8}|(?i:NUMWORD))(?:\s*[:\-–—.)]\s+|\s+[:\-–—]\s*)(\S.*)$`:
/// the number and the title (`1. Prologue`, `II - The Bridge`, `Three: Home`).
/// `\s` is exactly [`char::is_whitespace`] (both are Unicode's `White_Space`), and
/// each space run is taken whole, since a separator and `\S` are not spaces.
pub(super) fn numbered_title(text: &str) -> Scan<'_> {
    let title_from = |at: usize, before: bool, seps: &[char], after_min: usize| {
        let rest = &text[at..];
        let gap = rest.len() - rest.trim_start_matches(char::is_whitespace).len();
        if before && gap == 0 {
            return None;
        }
        let rest = rest[gap..].strip_prefix(seps)?;
        let title = rest.trim_start_matches(char::is_whitespace);
        (rest.len() - title.len() >= after_min && !title.is_empty() && !title.contains('\n'))
            .then_some(title)
    };
    scan(text, |text| {
        let found = number_at(text, 0, &BARE, |end| {
            Ok(title_from(end, false, &[':', '-', '–', '—', '.', ')'], 1)
                .or_else(|| title_from(end, true, &[':', '-', '–', '—'], 0)))
        })?;
        Ok(found.map(|(end, title)| (&text[..end], title)))
    })
}

/// The decorations around a bare number: `[~\-*=#_\[\](){}<>|:•\s]`.
fn is_decoration(c: char) -> bool {
    c.is_whitespace() || "~-*=#_[](){}<>|:•".contains(c)
}

/// `^[DECORATION]{0,6}(\d{1,3}|[IVXLC]{1,8}|(?i:NUMWORD))[DECORATION]{0,6}$`: the
/// number alone on its line (`1`, `~1~`, `[II]`, `~*~ One ~*~`), answered as the
/// second group like any one-group pattern's. No numeral starts
/// with a decoration, so the leading run is taken whole.
pub(super) fn numbered_bare(text: &str) -> Scan<'_> {
    scan(text, |text| {
        let number = text.trim_start_matches(is_decoration);
        let start = text.len() - number.len();
        if text[..start].chars().count() > 6 {
            return Ok(None);
        }
        let found = number_at(text, start, &BARE, |end| {
            let rest = &text[end..];
            Ok((rest.chars().all(is_decoration) && rest.chars().count() <= 6).then_some(()))
        })?;
        Ok(found.map(|(end, ())| (&text[..0], &text[start..end])))
    })
}

#[cfg(test)]
mod tests;
