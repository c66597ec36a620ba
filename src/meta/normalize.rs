//! Lookup keys, slugs and word tokens shared by the alias tables, the relationship
//! parser and the evidence scanners.
//!
//! Everything here is a pure function of its input; nothing allocates more than the
//! key it returns, and nothing can panic on any string.

use std::sync::LazyLock;

use regex::Regex;

/// Media qualifiers AO3 and FFN append to fandom names. They name a medium, not a
/// different fandom, so `Smallville (TV)` and `Smallville` share one key
/// (FORMATS §4.3).
static MEDIA_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \s*(?:
            \(\s*(?:tv|us\s*tv|uk\s*tv|comics?|movies?|films?|cartoons?|anime(?:\s*&\s*manga)?
                |manga|video\s*games?|games?|books?|novels?|radio|webcomic|web\s*series
                |animated\s*series|series|movieverse)?(?:\s*\d{4})?\s*\)
          | \s-\s(?:all\s+media\s+types|fandom)
          | \s&\s+related\s+fandoms
        )\s*$",
    )
    .expect("static regex")
});

/// Folds typographic variants to their plain forms so keys compare equal:
/// curly quotes, primes and backticks to `'`, dashes to `-`, odd spaces to a space.
pub(crate) fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

/// Removes trailing media qualifiers (`(TV)`, `(Comics 2019)`, ` - All Media Types`,
/// ` & Related Fandoms`), repeatedly, and trims.
///
/// ```
/// use ficread::meta::normalize::strip_media_suffix;
/// assert_eq!(strip_media_suffix("Buffy the Vampire Slayer (TV)"), "Buffy the Vampire Slayer");
/// assert_eq!(strip_media_suffix("Batman - All Media Types"), "Batman");
/// assert_eq!(strip_media_suffix("Star Trek (2009)"), "Star Trek");
/// assert_eq!(strip_media_suffix("Smallville"), "Smallville");
/// ```
pub fn strip_media_suffix(name: &str) -> &str {
    let mut rest = name.trim();
    // Each pass removes one suffix; names carry at most a few.
    for _ in 0..4 {
        match media_suffix_start(rest) {
            Some(start) if start > 0 => rest = rest[..start].trim_end(),
            _ => break,
        }
    }
    rest
}

/// Where [`MEDIA_SUFFIX`] starts in `name` (trimmed at its end), if it matches.
///
/// A name that ends in `)` can only match the parenthesised alternative, whose
/// parentheses hold no `)`: the match starts at the spaces before the last `(`, and
/// what the parentheses hold is checked here on ASCII. The other alternatives end in
/// `types`, `fandom` or `fandoms`; a name ending otherwise never compiles the pattern.
fn media_suffix_start(name: &str) -> Option<usize> {
    let by_pattern = || MEDIA_SUFFIX.find(name).map(|m| m.start());
    let Some(inside) = name.strip_suffix(')') else {
        let named = ["types", "fandom", "fandoms"]
            .iter()
            .any(|end| crate::format::exact::strip_suffix_ci(name, end).is_some());
        return if named { by_pattern() } else { None };
    };
    let open = inside.rfind('(')?;
    let held = inside[open + 1..].trim_matches(char::is_whitespace);
    if !held.is_ascii() {
        return by_pattern();
    }
    let medium = held.trim_end_matches(|c: char| c.is_ascii_digit());
    let medium = if held.len() - medium.len() == 4 {
        medium.trim_end_matches(char::is_whitespace)
    } else {
        held
    };
    let known = medium.is_empty() || MEDIA.iter().any(|words| is_phrase(medium, words));
    known.then(|| inside[..open].trim_end_matches(char::is_whitespace).len())
}

/// The media [`MEDIA_SUFFIX`] knows in parentheses, as words its `\s*` may join.
const MEDIA: &[&[&str]] = &[
    &["tv"],
    &["us", "tv"],
    &["uk", "tv"],
    &["comic"],
    &["comics"],
    &["movie"],
    &["movies"],
    &["film"],
    &["films"],
    &["cartoon"],
    &["cartoons"],
    &["anime"],
    &["anime", "&", "manga"],
    &["manga"],
    &["video", "game"],
    &["video", "games"],
    &["game"],
    &["games"],
    &["book"],
    &["books"],
    &["novel"],
    &["novels"],
    &["radio"],
    &["webcomic"],
    &["web", "series"],
    &["animated", "series"],
    &["series"],
    &["movieverse"],
];

/// Whether ASCII `text` is `words` (ASCII case ignored) with any spaces between.
fn is_phrase(text: &str, words: &[&str]) -> bool {
    let mut rest = text;
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            rest = rest.trim_start_matches(char::is_whitespace);
        }
        let Some(head) = rest.get(..word.len()) else {
            return false;
        };
        if !head.eq_ignore_ascii_case(word) {
            return false;
        }
        rest = &rest[word.len()..];
    }
    rest.is_empty()
}

/// The lookup key of a fandom name (FORMATS §4.3): typography folded, media suffix
/// dropped, lower case, `&` read as `and`, `:` as a space, `.`, `'` and other
/// punctuation removed (except `-`, `/` and `+`, which distinguish names such as
/// `SG-1` or `Superman/Batman`), whitespace collapsed, a leading `the` dropped.
///
/// ```
/// use ficread::meta::normalize::fandom_lookup_key;
/// assert_eq!(fandom_lookup_key("Buffy: The Vampire Slayer"), "buffy the vampire slayer");
/// assert_eq!(fandom_lookup_key("Buffy the Vampire Slayer (TV)"), "buffy the vampire slayer");
/// assert_eq!(fandom_lookup_key("The Lord of the Rings"), "lord of the rings");
/// assert_eq!(fandom_lookup_key("Lois & Clark"), "lois and clark");
/// ```
pub fn fandom_lookup_key(name: &str) -> String {
    let stripped = strip_media_suffix(name);
    let mut out = String::with_capacity(stripped.len());
    for c in stripped.chars().map(fold_char) {
        match c {
            '&' => out.push_str(" and "),
            ':' | ',' | ';' | '(' | ')' | '[' | ']' | '"' | '!' | '?' => out.push(' '),
            '.' | '\'' => {}
            c if c.is_alphanumeric() || matches!(c, '-' | '/' | '+' | ' ') => {
                out.extend(c.to_lowercase());
            }
            _ => out.push(' '),
        }
    }
    let collapsed = collapse_spaces(&out);
    match collapsed.strip_prefix("the ") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => collapsed,
    }
}

/// The lookup key of a character, ship or relationship member: typography folded,
/// lower case, `.`, `'`, `"` and parentheses removed, `-` and `_` read as spaces
/// (`Kal-El` = `Kal El`), whitespace collapsed. `/` and `&` are kept, so ship
/// initials such as `B/A` stay distinct from `BA`.
///
/// ```
/// use ficread::meta::normalize::name_lookup_key;
/// assert_eq!(name_lookup_key("Kal-El"), "kal el");
/// assert_eq!(name_lookup_key("Kal El"), "kal el");
/// assert_eq!(name_lookup_key("Xander H."), "xander h");
/// assert_eq!(name_lookup_key("  O\u{2019}Neill "), "oneill");
/// ```
pub fn name_lookup_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().map(fold_char) {
        match c {
            '.' | '\'' | '"' | '(' | ')' | '[' | ']' => {}
            '-' | '_' => out.push(' '),
            c => out.extend(c.to_lowercase()),
        }
    }
    collapse_spaces(&out)
}

/// A stable, URL- and filename-safe form of a name: lower-case letters and digits,
/// apostrophes and periods dropped, every other run of characters one `-`.
///
/// ```
/// use ficread::meta::normalize::slug;
/// assert_eq!(slug("Clark Kent"), "clark-kent");
/// assert_eq!(slug("Teal'c"), "tealc");
/// assert_eq!(slug("James T. Kirk"), "james-t-kirk");
/// assert_eq!(slug("Angel: the Series"), "angel-the-series");
/// ```
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_dash = false;
    for c in name.chars().map(fold_char) {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '.' {
            pending_dash = true;
        }
    }
    out
}

/// Trims and collapses runs of whitespace to single spaces.
pub(crate) fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Upper-cases the first letter of every word, leaving the rest as written
/// (`the Immortal` → `The Immortal`, `McKay` stays `McKay`). Name particles after
/// the first word stay lower case (`Emmanellain de Fortemps`, `Ludwig van Beethoven`,
/// `Seven of Nine`, `Alexander the Great`).
pub(crate) fn title_case(text: &str) -> String {
    const PARTICLES: &[&str] = &[
        "de", "del", "della", "der", "den", "di", "du", "da", "van", "von", "la", "le", "no", "y",
        "bin", "ibn", "of", "the",
    ];
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if i > 0 && PARTICLES.contains(&word) {
            out.push_str(word);
            continue;
        }
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// A title written in capitals (`PRIDE AND PREJUDICE`, `EMMA`) in title case
/// (`Pride and Prejudice`, `Emma`); `None` when the title has a lower-case letter or
/// fewer than four capitals (`SGA`, `X`, a title in a script without case). Small
/// words stay lower case except first, last and after a colon; roman numerals
/// (`PART II`) and words with digits stay as written.
///
/// ```
/// use ficread::meta::normalize::title_from_capitals;
/// assert_eq!(title_from_capitals("SENSE AND SENSIBILITY").as_deref(), Some("Sense and Sensibility"));
/// assert_eq!(title_from_capitals("Persuasion"), None);
/// ```
pub fn title_from_capitals(title: &str) -> Option<String> {
    const SMALL: &[&str] = &[
        "a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "the",
        "to", "with",
    ];
    let capitals = title.chars().filter(|c| c.is_uppercase()).count();
    if capitals < 4 || title.chars().any(char::is_lowercase) {
        return None;
    }
    let words: Vec<&str> = title.split(' ').collect();
    let last = words.len().saturating_sub(1);
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let lower = word.to_lowercase();
        let keep = word.chars().any(|c| c.is_ascii_digit())
            || (word.chars().count() >= 2 && word.chars().all(|c| "IVXLCDM".contains(c)));
        if keep {
            out.push((*word).to_owned());
        } else if i != 0
            && i != last
            && !i
                .checked_sub(1)
                .and_then(|p| words.get(p))
                .is_some_and(|w| w.ends_with(':'))
            && SMALL.contains(&lower.as_str())
        {
            out.push(lower);
        } else {
            // Capitalise after hyphens and apostrophe-free word starts: `X-MEN` → `X-Men`.
            let mut word_out = String::with_capacity(lower.len());
            let mut start = true;
            for c in lower.chars() {
                if start && c.is_alphabetic() {
                    word_out.extend(c.to_uppercase());
                    start = false;
                } else {
                    word_out.push(c);
                }
                if c == '-' {
                    start = true;
                }
            }
            out.push(word_out);
        }
    }
    Some(out.join(" "))
}

/// One word of running text, as the evidence scanners see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    /// The word as written, without surrounding punctuation or a possessive `'s`.
    pub text: &'a str,
    /// Whether the word starts with an upper-case letter (names do).
    pub capitalised: bool,
}

/// Splits running text into words: maximal runs of letters, digits, inner hyphens
/// and inner apostrophes (`Kal-El`, `O'Neill`, `Teal'c`). A possessive `'s` (straight
/// or curly, including the `‘` some authors type) is cut off, as are leading and
/// trailing apostrophes and hyphens. `&` is returned as a word of its own so fandom
/// names such as `Lois & Clark` can be matched.
pub(crate) fn words(text: &str) -> impl Iterator<Item = Word<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find(|c: char| is_word_char(c) || c == '&')?;
            let tail = &rest[start..];
            if let Some(after) = tail.strip_prefix('&') {
                rest = after;
                return Some(Word {
                    text: "&",
                    capitalised: false,
                });
            }
            let len = tail.find(|c: char| !is_word_char(c)).unwrap_or(tail.len());
            let raw = &tail[..len];
            rest = &tail[len..];
            let word = trim_word(raw);
            if let Some(first) = word.chars().next() {
                return Some(Word {
                    text: word,
                    capitalised: first.is_uppercase(),
                });
            }
        }
    })
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '\'' | '\u{2019}' | '\u{2018}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}')
}

/// Cuts a possessive suffix and stray edge punctuation from a raw word.
pub(crate) fn trim_word(raw: &str) -> &str {
    let mut word = raw.trim_matches(|c: char| c == '-' || is_apostrophe(c));
    for suffix in ["'s", "\u{2019}s", "\u{2018}s", "'S", "\u{2019}S"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            word = stem.trim_end_matches(|c: char| c == '-' || is_apostrophe(c));
            break;
        }
    }
    word
}

/// The lookup key of one word: lower case with apostrophes removed.
pub(crate) fn word_key(word: &str) -> String {
    word.chars()
        .map(fold_char)
        .filter(|c| *c != '\'')
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests;
