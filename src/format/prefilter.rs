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
/// alternative is enough: `cap` for `cap[íi]tulo`).
pub(crate) fn may_start_with_ci(text: &str, words: &[&str]) -> bool {
    words.iter().any(|word| {
        // A char is at least one byte, so a text shorter in bytes cannot hold `word`.
        text.as_bytes()
            .get(..word.len())
            .is_some_and(|head| !head.is_ascii() || head.eq_ignore_ascii_case(word.as_bytes()))
    })
}

/// Whether `text` may end with one of `words`, ignoring case as `(?i)` does.
pub(crate) fn may_end_with_ci(text: &str, words: &[&str]) -> bool {
    words.iter().any(|word| {
        text.len()
            .checked_sub(word.len())
            .and_then(|start| text.as_bytes().get(start..))
            .is_some_and(|tail| !tail.is_ascii() || tail.eq_ignore_ascii_case(word.as_bytes()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_non_ascii_head_is_always_a_maybe() {
        // U+212A KELVIN SIGN folds to `k` under `(?i)`.
        assert!(may_start_with_ci("\u{212A}apitel 1", &["kapitel"]));
        assert!(regex::Regex::new("(?i)^kapitel").is_ok_and(|r| r.is_match("\u{212A}apitel 1")));
        assert!(may_start_with_ci("ГЛАВА 1", &["глава"]));
        assert!(may_end_with_ci("a crossover\u{17F}", &["over"]));
    }

    #[test]
    fn end_ignores_ascii_case() {
        assert!(may_end_with_ci("A Smallville CROSSOVER", &["crossover"]));
        assert!(!may_end_with_ci("The end.", &["crossover"]));
        assert!(!may_end_with_ci("over", &["crossover"]));
    }
}
