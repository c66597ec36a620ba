//! Holding a scanner to its pattern: the two must agree on every line of every
//! story the project and `../shared` hold, and on lines built at random from the
//! pattern's own words and the chars that trip scanners up (Unicode spaces and
//! digits, case-folding letters, line breaks, long runs).

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Chars every generated line may use besides the pattern's own words.
const TRICKY: &[&str] = &[
    " ", "  ", "\t", "\n", "\u{A0}", "\u{2003}", "\u{3000}", "x", "X", "a", "A", "An ", "é", "ſ",
    "\u{212A}", "1", "12", "2024", "٣", "１", ":", "-", "–", "—", ".", "!", "?", "…", "(", ")",
    "[", "]", "~", "*", "#", "_", "<", ">", "=", "|", ",", "'", "’", "\"", "“", "/", "&",
];

/// Every distinct line (trimmed and as it stands) of the text files under the
/// project's `library/` and `tests/fixtures/` and `../shared`'s `seeds/` and
/// `corpus/`, up to 400 bytes long.
pub(crate) fn corpus_lines() -> &'static [String] {
    static LINES: OnceLock<Vec<String>> = OnceLock::new();
    LINES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut lines = BTreeSet::new();
        for dir in [
            root.join("library"),
            root.join("tests/fixtures"),
            root.join("../shared/seeds"),
            root.join("../shared/corpus"),
        ] {
            for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
                let text = std::fs::read(entry.path())
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok());
                for line in text.iter().flat_map(|t| t.lines()) {
                    if line.len() <= 400 {
                        lines.insert(line.trim().to_owned());
                        lines.insert(line.to_owned());
                    }
                }
            }
        }
        lines.into_iter().collect()
    })
}

/// Asserts `scanner` and `reference` agree on every corpus line, on `lines`, and on
/// 4,000 lines made of `words` and [`TRICKY`] chars.
pub(crate) fn agree<T: PartialEq + Debug>(
    words: &[&str],
    lines: &[&str],
    scanner: impl Fn(&str) -> T,
    reference: impl Fn(&str) -> T,
) {
    let same = |text: &str| {
        let (got, want) = (scanner(text), reference(text));
        (got == want)
            .then_some(())
            .ok_or_else(|| format!("{text:?}: scanner {got:?}, pattern {want:?}"))
    };
    for text in corpus_lines()
        .iter()
        .map(String::as_str)
        .chain(lines.iter().copied())
    {
        if let Err(e) = same(text) {
            panic!("{e}");
        }
    }
    let own: Vec<String> = words
        .iter()
        .map(|s| (*s).to_owned())
        .chain(words.iter().map(|w| w.to_uppercase()))
        .collect();
    let tricky: Vec<String> = TRICKY.iter().map(|s| (*s).to_owned()).collect();
    let line = prop::collection::vec(
        prop_oneof![
            6 => prop::sample::select(own),
            4 => prop::sample::select(tricky),
            1 => "[a-zA-Z ]{1,40}",
            1 => (1usize..200).prop_map(|n| "y".repeat(n)),
        ],
        0..14,
    )
    .prop_map(|parts| parts.concat());
    let mut runner = TestRunner::new(Config {
        cases: 4_000,
        failure_persistence: None,
        ..Config::default()
    });
    if let Err(e) = runner.run(&line, |text| same(&text).map_err(TestCaseError::fail)) {
        panic!("{e}");
    }
}
