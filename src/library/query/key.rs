//! The query language's keys: one enum, and for each key its synonyms, examples and
//! a line of help. The parser recognises keys only through [`QueryKey::parse`], and
//! every help text (the CLI's `ficread list --help`, the README's table, checked by
//! a test) is rendered from [`QueryKey::spec`], so a key cannot be accepted without
//! being documented, or documented without being accepted.

use std::fmt::Write as _;

use strum::{EnumIter, IntoEnumIterator, IntoStaticStr};

use crate::store::Shelf;

/// A `key:` of the query language. The name is the variant's, lower-cased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum QueryKey {
    Fandom,
    Pairing,
    Character,
    Crossover,
    Rating,
    Status,
    Words,
    Chapters,
    Title,
    Author,
    Summary,
    Series,
    Warning,
    Tag,
    Shelf,
    Favourite,
    Progress,
    New,
}

/// What the help says about a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySpec {
    /// Other names the parser accepts for the key.
    pub synonyms: &'static [&'static str],
    /// Whole terms, each one token that parses (a test checks).
    pub examples: &'static [&'static str],
    /// What the key matches, one line, in Markdown (backticks for code).
    pub help: &'static str,
}

/// What bare words (terms without a key) match, for the help texts.
pub const BARE_WORDS: KeySpec = KeySpec {
    synonyms: &[],
    examples: &["glory"],
    help: "a bare word: text in the title, authors, series or summary",
};

impl QueryKey {
    /// The key's name, as written in queries.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The key written `name` or one of its synonyms, in any case.
    ///
    /// ```
    /// use ficread::library::query::QueryKey;
    /// assert_eq!(QueryKey::parse("Ship"), Some(QueryKey::Pairing));
    /// assert_eq!(QueryKey::parse("colour"), None);
    /// ```
    pub fn parse(name: &str) -> Option<Self> {
        let name = name.to_lowercase();
        Self::iter().find(|key| key.name() == name || key.spec().synonyms.contains(&&*name))
    }

    /// Every key's name, comma-separated, for messages that list them.
    pub fn names() -> String {
        let names: Vec<&str> = Self::iter().map(Self::name).collect();
        names.join(", ")
    }

    /// The key's synonyms, examples and help line: the one table they are written in.
    pub fn spec(self) -> KeySpec {
        let spec = |synonyms, examples, help| KeySpec {
            synonyms,
            examples,
            help,
        };
        match self {
            QueryKey::Fandom => spec(
                &["fandoms", "f"],
                &["fandom:btvs"],
                "a fandom, through the aliases (`BtVS`, `Buffy: The Vampire Slayer`, `Buffy the Vampire Slayer (TV)` are one fandom)",
            ),
            QueryKey::Pairing => spec(
                &[
                    "pairings",
                    "ship",
                    "ships",
                    "relationship",
                    "relationships",
                    "p",
                ],
                &["pairing:clark/lex", "pairing:clex"],
                "the romantic pairing in any order and spelling; `pairing:\"clark & lex\"` is the platonic one; `pairing:lex` any pairing with Lex",
            ),
            QueryKey::Character => spec(
                &["characters", "char", "c"],
                &["character:spike"],
                "a character, in the character tags or a pairing",
            ),
            QueryKey::Crossover => spec(
                &["x"],
                &["crossover:yes", "crossover:no", "crossover:btvs+smallville"],
                "crossovers; the last means exactly those fandoms",
            ),
            QueryKey::Rating => spec(
                &["rated", "r"],
                &["rating:g", "rating:<=t", "rating:none"],
                "ratings on any scale (G/PG/R, K/T/M, FR13, AO3's names)",
            ),
            QueryKey::Status => spec(
                &["s"],
                &["status:complete", "status:wip", "status:unknown"],
                "completion",
            ),
            QueryKey::Words => spec(
                &["w"],
                &["words:>5000", "words:1000-5k"],
                "the word count, with `<`, `<=`, `>`, `>=`, ranges, `k`",
            ),
            QueryKey::Chapters => spec(
                &["ch"],
                &["chapters:>=10"],
                "the chapter count, compared like words",
            ),
            QueryKey::Title => spec(&["t"], &["title:glory"], "text in the title"),
            QueryKey::Author => spec(
                &["authors", "by", "a"],
                &["author:anne"],
                "text in an author's name",
            ),
            QueryKey::Summary => spec(&[], &["summary:vampire"], "text in the summary"),
            QueryKey::Series => spec(&[], &["series:universe"], "text in the series name"),
            QueryKey::Warning => spec(&["warnings"], &["warning:violence"], "text in a warning"),
            QueryKey::Tag => spec(&["tags"], &["tag:fluff"], "text in a tag"),
            QueryKey::Shelf => spec(&["state"], &["shelf:reading"], "your shelf for the story"),
            QueryKey::Favourite => spec(
                &["favorite", "fav"],
                &["favourite:yes"],
                "stories you marked as favourites",
            ),
            QueryKey::Progress => spec(
                &["read"],
                &["progress:>50"],
                "how far you have read, in percent",
            ),
            QueryKey::New => spec(
                &[],
                &["new:yes"],
                "chapters added since you last read the story",
            ),
        }
    }

    /// Does the key test the reader's own state of a story (its shelf, favourite
    /// flag, progress, new chapters) rather than the story's metadata?
    pub fn reads_state(self) -> bool {
        matches!(
            self,
            QueryKey::Shelf | QueryKey::Favourite | QueryKey::Progress | QueryKey::New
        )
    }

    /// The help line, completed from other vocabularies: the shelf names come from
    /// [`Shelf`], and reading-state keys say so.
    pub fn help(self) -> String {
        let mut help = self.spec().help.to_owned();
        if self == QueryKey::Shelf {
            let names: Vec<String> = Shelf::ALL.iter().map(|s| format!("`{s}`")).collect();
            let _ = write!(help, ", one of {}", names.join(", "));
        }
        if self.reads_state() {
            help.push_str(" (reading state)");
        }
        help
    }
}

/// Every key and the bare words as `(examples, synonyms, help)` rows, in help order.
fn rows() -> impl Iterator<Item = (&'static [&'static str], &'static [&'static str], String)> {
    QueryKey::iter()
        .map(|key| {
            let spec = key.spec();
            (spec.examples, spec.synonyms, key.help())
        })
        .chain(std::iter::once((
            BARE_WORDS.examples,
            BARE_WORDS.synonyms,
            BARE_WORDS.help.to_owned(),
        )))
}

/// The keys as the README's Markdown table (`| term | also | matches |`), one row
/// per key plus one for bare words.
pub fn markdown_table() -> String {
    let code = |items: &[&str], suffix: &str| {
        let items: Vec<String> = items
            .iter()
            .map(|i| format!("`{}{suffix}`", i.replace('|', "\\|")))
            .collect();
        items.join(", ")
    };
    let mut table = String::from("| term | also | matches |\n|---|---|---|\n");
    for (examples, synonyms, help) in rows() {
        let _ = writeln!(
            table,
            "| {} | {} | {} |",
            code(examples, ""),
            code(synonyms, ":"),
            help.replace('|', "\\|")
        );
    }
    table
}

/// The keys as two-column rows (examples, what they match) for the key-help popup.
pub fn help_rows() -> Vec<(String, String)> {
    rows()
        .map(|(examples, _, help)| (examples.join(" "), help.replace('`', "")))
        .collect()
}

/// The keys as plain text for `ficread list --help`: per key its examples, its
/// synonyms and, indented below, the help line (backticks dropped).
pub fn plain_help() -> String {
    let mut text = String::from("Keys:\n");
    for (examples, synonyms, help) in rows() {
        let _ = write!(text, "  {}", examples.join("  "));
        if !synonyms.is_empty() {
            let synonyms: Vec<String> = synonyms.iter().map(|s| format!("{s}:")).collect();
            let _ = write!(text, "  (also {})", synonyms.join(" "));
        }
        let _ = writeln!(text, "\n      {}", help.replace('`', ""));
    }
    text
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::library::Query;
    use crate::library::query::parse::tokenize;
    use crate::meta::Aliases;

    #[test]
    fn names_and_synonyms_name_one_key_each() {
        let mut seen = HashSet::new();
        for key in QueryKey::iter() {
            for name in std::iter::once(key.name()).chain(key.spec().synonyms.iter().copied()) {
                assert!(seen.insert(name), "{name} names two keys");
                assert_eq!(QueryKey::parse(name), Some(key), "{name}");
                assert_eq!(QueryKey::parse(&name.to_uppercase()), Some(key), "{name}");
            }
        }
    }

    #[test]
    fn every_example_is_one_term_of_its_key_that_parses() {
        let aliases = Aliases::default();
        for key in QueryKey::iter() {
            assert!(!key.spec().examples.is_empty(), "{key:?} has no example");
            for example in key.spec().examples {
                let tokens = tokenize(example).expect(example);
                assert_eq!(tokens.len(), 1, "{example}");
                let named = tokens[0].key.as_deref().and_then(QueryKey::parse);
                assert_eq!(named, Some(key), "{example}");
                Query::parse(example, &aliases).expect(example);
            }
        }
        let bare = BARE_WORDS.examples.join(" ");
        let tokens = tokenize(&bare).expect("bare words");
        assert!(tokens.iter().all(|t| t.key.is_none()), "{bare}");
    }

    /// The README's query table is this enum's, word for word: regenerate it with
    /// `markdown_table()` when a key changes.
    #[test]
    fn readme_has_the_query_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        let readme = std::fs::read_to_string(path).expect("README.md");
        let table = markdown_table();
        assert!(
            readme.contains(&table),
            "README.md's query table is out of date; it should read:\n\n{table}"
        );
    }
}
