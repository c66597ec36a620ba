//! Cheap necessary conditions checked before a line is handed to a regular
//! expression, so a pattern is compiled (on first use) only when some line could
//! match it: a story without journal chrome or chapter words never pays for them.
//!
//! Each check must be sound: when it says no, the guarded `(?i)` pattern cannot
//! match. ASCII letters fold to a few non-ASCII ones (`K` Kelvin, `ſ` long s), so a
//! head that is not plain ASCII always answers "maybe".

/// Whether `text` may start with one of `words`, ignoring case as `(?i)` does.
///
/// `words` are the literal starts of the pattern's alternatives (a prefix of an
/// alternative is enough: `cap` for `cap[íi]tulo`). Against an ASCII word char the
/// answer is exact (only `ſ` and `K` fold to ASCII); against a non-ASCII one
/// (`ł`, `г`), another non-ASCII letter answers "maybe". Words are lower case and
/// none holds `ſ` or `K`, the only non-ASCII chars an ASCII letter folds to.
pub(crate) fn may_start_with_ci(text: &str, words: &[&str]) -> bool {
    words
        .iter()
        .any(|word| !matches!(word_start(text, word), Start::No))
}

/// How `word` sits at the start of a text under `(?i)`.
enum Start {
    /// It does, and the text goes on from this byte.
    At(usize),
    No,
    /// A non-ASCII letter met a non-ASCII word char it may fold to.
    Maybe,
}

fn word_start(text: &str, word: &str) -> Start {
    let mut chars = text.char_indices();
    for p in word.chars() {
        let Some((_, c)) = chars.next() else {
            return Start::No;
        };
        let same = if p.is_ascii() {
            crate::format::exact::folds_to(c, p.to_ascii_lowercase() as u8)
        } else if c == p {
            true
        } else if !c.is_ascii() && crate::format::exact::may_fold_together(c, p) {
            // Another letter in the word char's case orbit (`Г`, `ᲀ`).
            return Start::Maybe;
        } else {
            // Case folding only joins letters, and no ASCII letter joins these.
            false
        };
        if !same {
            return Start::No;
        }
    }
    Start::At(chars.next().map_or(text.len(), |(at, _)| at))
}

/// Whether `text` may start with the phrase `words`, the words separated by at least
/// one whitespace char as `(?i)` `the\s+end` requires (`\s` is exactly
/// [`char::is_whitespace`]).
pub(crate) fn may_start_with_phrase_ci(text: &str, words: &[&str]) -> bool {
    let mut rest = text;
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            let after = rest.trim_start_matches(char::is_whitespace);
            if after.len() == rest.len() {
                return false;
            }
            rest = after;
        }
        match word_start(rest, word) {
            Start::At(end) => rest = &rest[end..],
            Start::No => return false,
            Start::Maybe => return true,
        }
    }
    true
}

/// The ASCII members of the regex crate's `\s` (which, unlike
/// [`u8::is_ascii_whitespace`], include the vertical tab).
pub(crate) fn is_ascii_regex_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r')
}

/// [`is_ascii_regex_space`] for chars, for `trim_start_matches`.
pub(crate) fn is_ascii_regex_space_char(c: char) -> bool {
    u8::try_from(c).is_ok_and(is_ascii_regex_space)
}

/// Whether `text` may contain `word` anywhere, ignoring case as `(?i)` does. Text
/// that is not all ASCII is a "maybe".
// Inlined so each call site's constant word is compiled in: called on every line
// of a story by the footer scan, and left to the optimiser it was sometimes not
// (twice the instructions of the whole scan, depending on how the crate was split).
#[inline]
pub(crate) fn may_contain_ci(text: &str, word: &str) -> bool {
    if !text.is_ascii() {
        return true;
    }
    let (bytes, word) = (text.as_bytes(), word.as_bytes());
    let Some((&first, rest)) = word.split_first() else {
        return true;
    };
    // Only where the first byte matches, found by `memchr`: comparing every window
    // in turn took a third of a long story's parse (the footer scan asks this of
    // every line).
    memchr::memchr2_iter(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        bytes,
    )
    .any(|at| {
        bytes
            .get(at + 1..at + word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(rest))
    })
}

/// Whether `text` may hold a `\d` digit: Unicode digits count, so text that is not
/// all ASCII is a "maybe".
pub(crate) fn may_hold_digit(text: &str) -> bool {
    !text.is_ascii() || text.bytes().any(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn contains_as_every_window_compared(
            text in "[a-zA-Z0-9 :()|.\u{e9}]{0,40}",
            word in proptest::sample::select(vec!["comment", "utc", "c", "UTC", "(x", "1st"]),
        ) {
            let windows = !text.is_ascii()
                || text
                    .as_bytes()
                    .windows(word.len())
                    .any(|w| w.eq_ignore_ascii_case(word.as_bytes()));
            proptest::prop_assert_eq!(may_contain_ci(&text, word), windows, "{:?}", text);
            let seeded = format!("{text}{}.", word.to_uppercase());
            proptest::prop_assert!(may_contain_ci(&seeded, word));
        }
    }

    #[test]
    fn start_ignores_ascii_case_and_rejects_other_words() {
        assert!(may_start_with_ci("CHAPTER 3", &["part", "chapter"]));
        assert!(may_start_with_ci("chapter", &["chapter"]));
        assert!(!may_start_with_ci(
            "The rain had stopped.",
            &["part", "chapter"]
        ));
        assert!(!may_start_with_ci("cha", &["chapter"]));
    }

    #[test]
    fn non_ascii_chars_fold_only_where_the_pattern_folds_them() {
        // U+212A KELVIN SIGN folds to `k` under `(?i)`.
        assert!(may_start_with_ci("\u{212A}apitel 1", &["kapitel"]));
        assert!(regex::Regex::new("(?i)^kapitel").is_ok_and(|r| r.is_match("\u{212A}apitel 1")));
        assert!(may_start_with_ci("ГЛАВА 1", &["глава"]));
        assert!(may_start_with_ci("Rozdział 1", &["rozdział"]));
        // Dialogue and plain words never open a pattern with a non-ASCII word.
        assert!(!may_start_with_ci(
            "\u{201C}Chapter one,\u{201D} she said.",
            &["chapter"]
        ));
        assert!(!may_start_with_ci(
            "Title: Tiny",
            &["глава", "rozdział", "prólogo"]
        ));
        assert!(!may_start_with_ci("\u{201C}Hi", &["глава"]));
        assert!(!may_start_with_ci(
            "\u{C9}lise smiled.",
            &["глава", "rozdział"]
        ));
    }

    #[test]
    fn a_phrase_needs_each_word_and_a_gap_between() {
        assert!(may_start_with_phrase_ci("THE  END", &["the", "end"]));
        assert!(may_start_with_phrase_ci("the\x0Bend", &["the", "end"]));
        assert!(!may_start_with_phrase_ci("The rain fell.", &["the", "end"]));
        assert!(!may_start_with_phrase_ci("Theend", &["the", "end"]));
        assert!(!may_start_with_phrase_ci("The", &["the", "end"]));
        // U+2003 EM SPACE is `\s` to the regex crate.
        assert!(may_start_with_phrase_ci("The\u{2003}End", &["the", "end"]));
        assert!(regex::Regex::new(r"(?i)^the\s+end").is_ok_and(|r| r.is_match("The\u{2003}End")));
    }

    #[test]
    fn contain_and_digit_checks_are_sound() {
        assert!(may_contain_ci("3 Comments", "comment"));
        assert!(!may_contain_ci("She smiled.", "comment"));
        assert!(may_contain_ci("caf\u{e9}", "utc"));
        assert!(may_hold_digit("Chapter 3"));
        assert!(!may_hold_digit("Chapter three"));
        // ARABIC-INDIC DIGIT THREE is `\d` to the regex crate.
        assert!(may_hold_digit("\u{663}"));
        assert!(regex::Regex::new(r"\d").is_ok_and(|r| r.is_match("\u{663}")));
    }
}
