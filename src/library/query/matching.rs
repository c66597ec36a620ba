//! Testing a parsed query against one story. The library view runs this for every
//! story on every keystroke in its filter bar, so the query side is already
//! normalised by the parser and only the story's own values are lower-cased here.

use super::{Comparison, FandomPattern, Matcher, Reading, RelationshipPattern, lower_sorted};
use crate::meta::{Relationship, StoryMeta};

impl<T: PartialOrd + Copy> Comparison<T> {
    fn test(self, value: T) -> bool {
        match self {
            Comparison::Eq(x) => value == x,
            Comparison::Lt(x) => value < x,
            Comparison::Le(x) => value <= x,
            Comparison::Gt(x) => value > x,
            Comparison::Ge(x) => value >= x,
            Comparison::Between(lo, hi) => lo <= value && value <= hi,
        }
    }
}

impl Matcher {
    pub(super) fn matches(&self, meta: &StoryMeta, reading: &Reading) -> bool {
        let contains = |haystack: &str, needle: &str| haystack.to_lowercase().contains(needle);
        match self {
            Matcher::Text(needle) => {
                contains(&meta.title, needle)
                    || meta.authors.iter().any(|a| contains(a, needle))
                    || meta
                        .series
                        .as_ref()
                        .is_some_and(|s| contains(&s.name, needle))
                    || meta.summary.as_deref().is_some_and(|s| contains(s, needle))
            }
            Matcher::Title(needle) => contains(&meta.title, needle),
            Matcher::Author(needle) => meta.authors.iter().any(|a| contains(a, needle)),
            Matcher::Summary(needle) => {
                meta.summary.as_deref().is_some_and(|s| contains(s, needle))
            }
            Matcher::Series(needle) => meta
                .series
                .as_ref()
                .is_some_and(|s| contains(&s.name, needle)),
            Matcher::Fandom(FandomPattern::Canonical(name)) => {
                meta.fandoms.iter().any(|f| f.to_lowercase() == *name)
            }
            Matcher::Fandom(FandomPattern::Contains(needle)) => {
                meta.fandoms.iter().any(|f| contains(f, needle))
            }
            Matcher::Relationship(pattern) => meta.relationships.iter().any(|r| pattern.matches(r)),
            Matcher::Character(name) => {
                meta.characters.iter().any(|c| c.to_lowercase() == *name)
                    || meta
                        .relationships
                        .iter()
                        .any(|r| r.characters.iter().any(|c| c.to_lowercase() == *name))
            }
            Matcher::Rating(cmp) => meta
                .rating
                .as_ref()
                .and_then(|r| r.level)
                .is_some_and(|level| cmp.test(level)),
            Matcher::Unrated => meta.rating.as_ref().and_then(|r| r.level).is_none(),
            Matcher::Status(status) => meta.status == *status,
            Matcher::Words(cmp) => cmp.test(meta.words),
            Matcher::Chapters(cmp) => cmp.test(meta.chapters),
            Matcher::Crossover(want) => meta.crossover == *want,
            Matcher::CrossoverOf(set) => {
                let mut fandoms: Vec<String> =
                    meta.fandoms.iter().map(|f| f.to_lowercase()).collect();
                fandoms.sort();
                fandoms.dedup();
                fandoms == *set
            }
            Matcher::Warning(needle) => meta.warnings.iter().any(|w| contains(w, needle)),
            Matcher::Tag(needle) => meta.tags.iter().any(|t| contains(t, needle)),
            Matcher::Shelf(shelf) => reading.shelf == *shelf,
            Matcher::Favourite(want) => reading.favourite == *want,
            Matcher::Progress(cmp) => cmp.test(reading.percent),
            Matcher::NewChapters(want) => (reading.new_chapters > 0) == *want,
        }
    }
}

impl RelationshipPattern {
    fn matches(&self, rel: &Relationship) -> bool {
        match self {
            RelationshipPattern::Exact { kind, members } => {
                rel.kind == *kind && lower_sorted(&rel.characters) == *members
            }
            RelationshipPattern::WithMember(name) => {
                rel.characters.iter().any(|c| c.to_lowercase() == *name)
            }
        }
    }
}
