//! Pieces for exact scanners: plain code that answers what a regular expression
//! would, for the patterns whose compilation costs more than the story they run on
//! (bounded Unicode repetitions such as `.{1,150}` compile to thousands of states).
//!
//! Each scanner keeps its pattern as the reference in its tests and is checked
//! against it on every line of the project's and `../shared`'s stories and on
//! generated lines ([`check`]).

/// Whether `c` matches the ASCII lowercase letter or symbol `p` under `(?i)`.
///
/// The regex crate folds with Unicode simple case folding, under which only two
/// non-ASCII chars join an ASCII letter's orbit: `ſ` (long s) and `K` (Kelvin sign).
pub(crate) fn folds_to(c: char, p: u8) -> bool {
    match c {
        '\u{17F}' => p == b's',
        '\u{212A}' => p == b'k',
        _ => u8::try_from(c).is_ok_and(|b| b.to_ascii_lowercase() == p),
    }
}

/// Whether two non-ASCII letters may share a case-folding orbit (`г` and `Г`, `в`
/// and `ᲀ`): simple case folding joins only chars whose lower or upper case agree.
pub(crate) fn may_fold_together(c: char, p: char) -> bool {
    c == p || c.to_lowercase().eq(p.to_lowercase()) || c.to_uppercase().eq(p.to_uppercase())
}

/// `text` without `suffix` (ASCII lowercase) at its end, matched as `(?i)` would.
pub(crate) fn strip_suffix_ci<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let mut rest = text;
    for &p in suffix.as_bytes().iter().rev() {
        let c = rest.chars().next_back()?;
        if !folds_to(c, p) {
            return None;
        }
        rest = &rest[..rest.len() - c.len_utf8()];
    }
    Some(rest)
}

/// How many chars `text` holds, if none is a line break: what `.{m,n}` can span.
pub(crate) fn dot_len(text: &str) -> Option<usize> {
    (!text.contains('\n')).then(|| text.chars().count())
}

/// Where `word` (ASCII lowercase) ends if it starts at byte `at` of `text`, matched
/// as `(?i)` would.
pub(crate) fn word_at(text: &str, at: usize, word: &str) -> Option<usize> {
    let mut chars = text.get(at..)?.char_indices();
    for &p in word.as_bytes() {
        let (_, c) = chars.next()?;
        if !folds_to(c, p) {
            return None;
        }
    }
    Some(at + chars.offset())
}

/// `words` joined by `\s+` starting at byte `at`, matched as `(?i)` would: where
/// they end.
pub(crate) fn phrase_at(text: &str, mut at: usize, words: &[&str]) -> Option<usize> {
    for (n, word) in words.iter().enumerate() {
        if n > 0 {
            let gap = spaces(text, at);
            if gap == 0 {
                return None;
            }
            at += gap;
        }
        at = word_at(text, at, word)?;
    }
    Some(at)
}

/// How many bytes of `\s` (exactly [`char::is_whitespace`]) start at byte `at`.
pub(crate) fn spaces(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or_default();
    rest.len() - rest.trim_start_matches(char::is_whitespace).len()
}

#[cfg(test)]
pub(crate) mod check;

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn folding_agrees_with_the_regex_crate() {
        for p in b'a'..=b'z' {
            let pattern = Regex::new(&format!("(?i)^{}$", p as char)).expect("valid regex");
            for c in ('\0'..='\u{2FFF}').chain(['\u{1E9E}', '\u{FF41}']) {
                assert_eq!(
                    folds_to(c, p),
                    pattern.is_match(c.encode_utf8(&mut [0; 4])),
                    "{c:?} against {}",
                    p as char
                );
            }
        }
    }

    #[test]
    fn letters_that_fold_together_agree_with_the_regex_crate() {
        for p in ['г', 'в', 'ł', 'í', 'ü', 'é', 'σ'] {
            let pattern = Regex::new(&format!("(?i)^{p}$")).expect("valid regex");
            for c in ('\u{80}'..='\u{2FFF}').chain(['\u{AB70}', '\u{1E9E}']) {
                if pattern.is_match(c.encode_utf8(&mut [0; 4])) {
                    assert!(may_fold_together(c, p), "{c:?} folds to {p:?}");
                }
            }
        }
        assert!(!may_fold_together('É', 'г'));
    }

    #[test]
    fn affixes_fold_and_leave_the_rest() {
        assert_eq!(
            strip_suffix_ci("A Big CroſSover", " crossover"),
            Some("A Big")
        );
        assert_eq!(strip_suffix_ci("crossover", " crossover"), None);
        assert_eq!(dot_len("ab\u{e9}"), Some(3));
        assert_eq!(dot_len("a\nb"), None);
    }
}
