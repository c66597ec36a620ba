//! The query language shared by `ficread list` and the library view, modelled on
//! AO3's filters:
//!
//! ```text
//! fandom:smallville pairing:clark/lex -fandom:angel rating:<=t status:complete
//! words:>5000 crossover:yes crossover:btvs+smallville "exact phrase" glory
//! ```
//!
//! - `key:value` terms filter one field; bare words match the title, authors, series
//!   and summary.
//! - Included terms must all match; any matching excluded term (`-key:value`)
//!   removes a story.
//! - `|` inside a value means OR: `fandom:angel|smallville`.
//! - Fandom, character and pairing values go through the aliases (`fandom:btvs`,
//!   `pairing:clex`); `pairing:clark/lex` matches the romantic pair in any order,
//!   `pairing:"clark & lex"` the platonic one, `pairing:lex` any pairing with Lex.
//! - Numbers take `>`, `>=`, `<`, `<=`, ranges `1000-5000`, commas and `k`.
//! - The reader's own state: `shelf:reading`, `favourite:yes`, `progress:>50`,
//!   `new:yes` (chapters added since it was last read).
//!
//! Parsing is strict: an unknown key or a malformed value is an error with a message
//! meant for the user, so a typo never silently matches everything. A query holds at
//! most [`MAX_TERMS`] values, so matching one story stays cheap whatever is typed.

mod bare;
mod key;
mod matching;
mod parse;
mod refine;

use std::fmt;

use crate::meta::{Aliases, RatingLevel, RelationshipKind, Status, StoryMeta};
use crate::store::Shelf;

pub use bare::{Alternative, FandomTest, RelationshipTest};
pub use key::{BARE_WORDS, KeySpec, QueryKey, help_rows, markdown_table, plain_help};
pub use matching::MatchKeys;
use matching::Needle;
use parse::{parse_term, raw_tokens, tokenize};

/// The reader's own state of a story, for `shelf:`, `favourite:`, `progress:` and
/// `new:` terms. The default is a story never opened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    pub shelf: Shelf,
    pub favourite: bool,
    /// How far through, 0–100.
    pub percent: usize,
    /// Chapters added since the story was last read.
    pub new_chapters: usize,
}

/// A parsed query; the empty query matches every story.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    terms: Vec<Term>,
}

/// A malformed query, with a message for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError(pub String);

impl Query {
    /// Whether the query asks for stories of a series (`series:kansas`): then they
    /// are listed in reading order ([`series_order`]).
    pub fn names_a_series(&self) -> bool {
        self.terms
            .iter()
            .any(|t| !t.negated && t.any_of.iter().any(|m| matches!(m, Matcher::Series(_))))
    }
}

/// How a query holds a facet's value ([`Query::holds`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Held {
    /// As a term stories must match (or one alternative of it: `fandom:a|b`).
    Included,
    /// As an excluded term (`-fandom:angel`).
    Excluded,
}

impl Query {
    /// How this query holds the one value of `probe` (a query of a single term such
    /// as [`crate::library::facets::Facet::term`] makes): the same value however it
    /// was typed, so `fandom:btvs` holds `fandom:"Buffy the Vampire Slayer"`. None
    /// when it does not, or when `probe` is not one value.
    pub fn holds(&self, probe: &Query) -> Option<Held> {
        let [term] = probe.terms.as_slice() else {
            return None;
        };
        let [value] = term.any_of.as_slice() else {
            return None;
        };
        self.terms
            .iter()
            .find(|t| t.any_of.contains(value))
            .map(|t| {
                if t.negated {
                    Held::Excluded
                } else {
                    Held::Included
                }
            })
    }

    /// `input` without the terms that hold `probe`'s one value as `held`, when each
    /// such term is that value alone (`fandom:btvs` or `-fandom:"Buffy the Vampire
    /// Slayer"`, not `fandom:btvs|angel`, whose other value the user still wants):
    /// how a facet chosen again is taken back out of the filter. None when no term
    /// can be taken out that way.
    pub fn remove_held(
        input: &str,
        probe: &Query,
        held: Held,
        aliases: &Aliases,
    ) -> Option<String> {
        let mut removed = false;
        let kept: Vec<&str> = raw_tokens(input)
            .into_iter()
            .filter(|raw| {
                let alone = Query::parse(raw, aliases).ok();
                let single = alone.as_ref().is_some_and(
                    |q| matches!(q.terms.as_slice(), [term] if term.any_of.len() == 1),
                );
                let drop = single && alone.is_some_and(|q| q.holds(probe) == Some(held));
                removed |= drop;
                !drop
            })
            .collect();
        removed.then(|| kept.join(" "))
    }

    /// Whether some term of this query filters the same field, with the same kind
    /// of value, as `probe`'s: a cheap test before asking [`Query::holds`] of
    /// every value of that field.
    pub fn filters_like(&self, probe: &Query) -> bool {
        let Some(value) = probe.terms.first().and_then(|t| t.any_of.first()) else {
            return false;
        };
        let kind = std::mem::discriminant(value);
        self.terms
            .iter()
            .any(|t| t.any_of.iter().any(|m| std::mem::discriminant(m) == kind))
    }

    /// Whether any term is excluded (`-fandom:angel`).
    pub fn excludes_any(&self) -> bool {
        self.terms.iter().any(|t| t.negated)
    }
}

/// Reading order across series: works of a series together, by series name then part
/// (parts without a number after the numbered ones), then everything else by title.
pub fn series_order(meta: &StoryMeta) -> (bool, String, u32, String) {
    series_key(&meta.title, meta.series.as_ref())
}

/// [`series_order`] of a story titled `title` in `series`.
pub fn series_key(
    title: &str,
    series: Option<&crate::meta::Series>,
) -> (bool, String, u32, String) {
    let title = title.to_lowercase();
    match series {
        Some(series) => (
            false,
            series.name.to_lowercase(),
            series.index.unwrap_or(u32::MAX),
            title,
        ),
        None => (true, String::new(), 0, title),
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueryError {}

#[derive(Debug, Clone, PartialEq)]
struct Term {
    negated: bool,
    /// Alternatives: the term matches when any of them does.
    any_of: Vec<Matcher>,
}

#[derive(Debug, Clone, PartialEq)]
enum Matcher {
    /// Lowercase needle in title, authors, series or summary.
    Text(Needle),
    Title(Needle),
    Author(Needle),
    Summary(Needle),
    Series(Needle),
    Fandom(FandomPattern),
    Relationship(RelationshipPattern),
    Character(String),
    Rating(Comparison<RatingLevel>),
    Unrated,
    Status(Status),
    Words(Comparison<usize>),
    Chapters(Comparison<usize>),
    Crossover(bool),
    /// Exactly this set of canonical fandoms (lowercase, sorted).
    CrossoverOf(Vec<String>),
    Warning(Needle),
    Tag(Needle),
    Shelf(Shelf),
    Favourite(bool),
    Progress(Comparison<usize>),
    NewChapters(bool),
}

#[derive(Debug, Clone, PartialEq)]
enum FandomPattern {
    /// A known fandom: compare canonical names.
    Canonical(String),
    /// Unknown to the aliases: substring of a fandom name.
    Contains(Needle),
}

#[derive(Debug, Clone, PartialEq)]
enum RelationshipPattern {
    /// Same kind and same members (canonical, lowercase, sorted).
    Exact {
        kind: RelationshipKind,
        members: Vec<String>,
    },
    /// Any relationship with this member (canonical, lowercase).
    WithMember(String),
}

/// Member names as relationship patterns compare them (parsed and matched alike):
/// lower-cased and sorted, so `clark/lex` and `lex/clark` are the same pair.
fn lower_sorted(names: &[String]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    names.sort();
    names
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Comparison<T> {
    Eq(T),
    Lt(T),
    Le(T),
    Gt(T),
    Ge(T),
    Between(T, T),
}

/// The most values (words, filters and `|` alternatives together) a query may hold.
/// Matching costs a pass over the story's text per value, on every story on every
/// keystroke; real queries hold a handful.
pub const MAX_TERMS: usize = 100;

impl Query {
    /// Parses a query string.
    pub fn parse(input: &str, aliases: &Aliases) -> Result<Self, QueryError> {
        let tokens = tokenize(input)?;
        let values: usize = tokens.iter().map(|t| t.value.split('|').count()).sum();
        if values > MAX_TERMS {
            return Err(QueryError(format!(
                "the query is too long: {values} values (at most {MAX_TERMS})"
            )));
        }
        let mut terms = Vec::new();
        for token in tokens {
            if let Some(term) = parse_term(&token, aliases)? {
                terms.push(term);
            }
        }
        Ok(Self { terms })
    }

    /// Adds the terms of another query (command-line flags add to the query words).
    pub fn extend(&mut self, other: Query) {
        self.terms.extend(other.terms);
    }

    /// True when the query has no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Does the story match? Reading-state terms see an unread story.
    pub fn matches(&self, meta: &StoryMeta) -> bool {
        self.matches_with(meta, &Reading::default())
    }

    /// Does the story, read this far, match?
    pub fn matches_with(&self, meta: &StoryMeta, reading: &Reading) -> bool {
        self.matches_keyed(&MatchKeys::new(meta), reading)
    }

    /// [`Query::matches_with`] with the story's [`MatchKeys`] made beforehand (the
    /// library view makes them once per story, not once per keystroke).
    pub fn matches_keyed(&self, keys: &MatchKeys, reading: &Reading) -> bool {
        self.terms.iter().all(|term| {
            let hit = term.any_of.iter().any(|m| m.matches(keys, reading));
            hit != term.negated
        })
    }
}

#[cfg(test)]
mod tests;
