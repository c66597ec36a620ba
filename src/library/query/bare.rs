//! Alternatives answered by the caller: a library can answer some kinds of value
//! for every story at once far faster than story by story (a bare word searched
//! in one pass over one buffer of every story's [`MatchKeys::bare_text`], a fandom
//! or pairing tested once per distinct value), then match the rest of the query
//! with those answers.

use super::{FandomPattern, MatchKeys, Matcher, Query, Reading, RelationshipPattern};
use crate::meta::RelationshipKind;

/// One alternative of a query, as [`Query::alternatives`] lists them.
pub enum Alternative<'a> {
    /// A bare word: does the story's [`MatchKeys::bare_text`] hold it?
    BareWord(&'a str),
    /// A fandom term: does one of the story's [`MatchKeys::fandoms`] pass it?
    Fandom(FandomTest<'a>),
    /// A pairing term: does one of the story's [`MatchKeys::relationships`]?
    Relationship(RelationshipTest<'a>),
    /// A character term: is this lower-cased name one of the story's
    /// [`MatchKeys::characters`]?
    Character(&'a str),
    /// Anything else, matched story by story.
    Other,
}

/// A fandom alternative's test of one lower-cased fandom.
pub struct FandomTest<'a>(&'a FandomPattern);

impl FandomTest<'_> {
    /// Whether a story with this (lower-cased) fandom matches.
    pub fn accepts(&self, fandom: &str) -> bool {
        match self.0 {
            FandomPattern::Canonical(name) => fandom == name,
            FandomPattern::Contains(needle) => fandom.contains(needle.text()),
        }
    }
}

/// A pairing alternative's test of one relationship.
pub struct RelationshipTest<'a>(&'a RelationshipPattern);

impl RelationshipTest<'_> {
    /// Whether a story with this relationship (members lower-cased and sorted)
    /// matches.
    pub fn accepts(&self, kind: RelationshipKind, members: &[String]) -> bool {
        self.0.matches(kind, members)
    }
}

impl Query {
    /// Every alternative of every term, in order: what the index given to
    /// [`Query::matches_keyed_answered`]'s `answered` counts.
    pub fn alternatives(&self) -> Vec<Alternative<'_>> {
        self.terms
            .iter()
            .flat_map(|t| &t.any_of)
            .map(|m| match m {
                Matcher::Text(needle) => Alternative::BareWord(needle.text()),
                Matcher::Fandom(pattern) => Alternative::Fandom(FandomTest(pattern)),
                Matcher::Relationship(pattern) => {
                    Alternative::Relationship(RelationshipTest(pattern))
                }
                Matcher::Character(name) => Alternative::Character(name),
                _ => Alternative::Other,
            })
            .collect()
    }

    /// Each term's shape, in order: whether it is excluded and how many of
    /// [`Query::alternatives`] it holds (they follow one another in that list).
    pub fn term_shapes(&self) -> impl Iterator<Item = (bool, usize)> + '_ {
        self.terms.iter().map(|t| (t.negated, t.any_of.len()))
    }

    /// [`Query::matches_keyed`] with `answered(k)` answering for alternative `k` of
    /// [`Query::alternatives`] when it is Some.
    pub fn matches_keyed_answered(
        &self,
        keys: &MatchKeys,
        reading: &Reading,
        answered: impl Fn(usize) -> Option<bool>,
    ) -> bool {
        let mut next = 0;
        self.terms.iter().all(|term| {
            let first = next;
            next += term.any_of.len();
            let hit = term
                .any_of
                .iter()
                .enumerate()
                .any(|(k, m)| answered(first + k).unwrap_or_else(|| m.matches(keys, reading)));
            hit != term.negated
        })
    }
}
