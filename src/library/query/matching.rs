//! Testing a parsed query against one story. The library view runs this for every
//! story on every keystroke in its filter bar, so the query side is normalised by
//! the parser and the story's side once per story ([`MatchKeys`]): a keystroke
//! lower-cases and allocates nothing.

use super::{Comparison, FandomPattern, Matcher, Reading, RelationshipPattern, lower_sorted};
use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;

use memchr::memmem;

use crate::meta::{RelationshipKind, StoryMeta};

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

/// A story's text values as queries compare them, lower-cased once when the story
/// is loaded rather than on every keystroke in the filter bar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchKeys {
    title: Box<str>,
    series: Option<Box<str>>,
    summary: Option<Box<str>>,
    /// The lists of names ([`List`]), one after another in one allocation: a
    /// library of 30,000 stories held six small slices each.
    names: Box<[Name]>,
    /// Where each [`List`] ends in `names`.
    ends: [u32; LISTS],
    /// Each relationship's kind and members, sorted ([`lower_sorted`]).
    relationships: Box<[(RelationshipKind, Arc<[String]>)]>,
    /// What the other keys compare: the row keeps no [`StoryMeta`] to read them from.
    facts: Facts,
}

/// A story's numbers and kinds as queries compare them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Facts {
    words: usize,
    chapters: usize,
    rating: Option<crate::meta::RatingLevel>,
    status: crate::meta::Status,
    crossover: bool,
}

/// The lists of names in [`MatchKeys::names`], in their order there.
#[derive(Clone, Copy)]
enum List {
    Authors,
    Fandoms,
    /// The fandoms sorted and deduplicated, for `crossover:a+b`.
    FandomSet,
    /// Characters named alone and as members of relationships.
    Characters,
    Warnings,
    Tags,
}

const LISTS: usize = 6;

/// A lower-cased name (author, fandom, character, tag), one copy for every story
/// that names it ([`Pool`]).
type Name = Arc<str>;

/// The names and relationships already lower-cased on this thread: a library
/// names the same few hundred fandoms, characters and tags tens of thousands of
/// times, and each story holding its own copies was a tenth of the library's
/// memory. Thread-local, so the threads that build entries never wait on a lock;
/// a name's copy is freed once no story holds it and the thread ends.
#[derive(Default)]
struct Pool {
    names: HashSet<Name>,
    relationships: HashSet<Arc<[String]>>,
}

thread_local! {
    static POOL: RefCell<Pool> = RefCell::default();
}

impl Pool {
    fn name(&mut self, value: &str) -> Name {
        let lower = value.to_lowercase();
        if let Some(name) = self.names.get(lower.as_str()) {
            return Arc::clone(name);
        }
        let name: Name = lower.into();
        self.names.insert(Arc::clone(&name));
        name
    }

    fn relationship(&mut self, members: Vec<String>) -> Arc<[String]> {
        if let Some(shared) = self.relationships.get(members.as_slice()) {
            return Arc::clone(shared);
        }
        let shared: Arc<[String]> = members.into();
        self.relationships.insert(Arc::clone(&shared));
        shared
    }
}

fn lower_all(pool: &mut Pool, values: &[String]) -> Vec<Name> {
    values.iter().map(|v| pool.name(v)).collect()
}

impl MatchKeys {
    /// The keys of a story.
    pub fn new(meta: &StoryMeta) -> Self {
        POOL.with_borrow_mut(|pool| Self::pooled(pool, meta))
    }

    fn pooled(pool: &mut Pool, meta: &StoryMeta) -> Self {
        let fandoms = lower_all(pool, &meta.fandoms);
        let mut fandom_set = fandoms.clone();
        fandom_set.sort();
        fandom_set.dedup();
        let mut characters = lower_all(pool, &meta.characters);
        characters.extend(
            meta.relationships
                .iter()
                .flat_map(|r| r.characters.iter())
                .map(|c| pool.name(c)),
        );
        // In the order of `List`.
        let lists = [
            lower_all(pool, &meta.authors),
            fandoms,
            fandom_set,
            characters,
            lower_all(pool, &meta.warnings),
            lower_all(pool, &meta.tags),
        ];
        let mut names = Vec::with_capacity(lists.iter().map(Vec::len).sum());
        let mut ends = [0; LISTS];
        for (list, end) in lists.into_iter().zip(&mut ends) {
            names.extend(list);
            // A story names far fewer than 4 billion things.
            *end = u32::try_from(names.len()).unwrap_or(u32::MAX);
        }
        Self {
            title: meta.title.to_lowercase().into(),
            series: meta.series.as_ref().map(|s| s.name.to_lowercase().into()),
            summary: meta.summary.as_deref().map(|s| s.to_lowercase().into()),
            names: names.into(),
            ends,
            relationships: meta
                .relationships
                .iter()
                .map(|r| (r.kind, pool.relationship(lower_sorted(&r.characters))))
                .collect(),
            facts: Facts {
                words: meta.words,
                chapters: meta.chapters,
                rating: meta.rating.as_ref().and_then(|r| r.level),
                status: meta.status,
                crossover: meta.crossover,
            },
        }
    }

    /// One list of names.
    fn list(&self, list: List) -> &[Name] {
        let at = list as usize;
        let end = self.ends.get(at).copied().unwrap_or(0);
        let start = at
            .checked_sub(1)
            .and_then(|i| self.ends.get(i))
            .copied()
            .unwrap_or(0);
        self.names
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    /// The lower-cased values bare words search (title, authors, series, summary):
    /// a caller may search them all at once ([`Query::bare_words`]).
    ///
    /// [`Query::bare_words`]: super::Query::bare_words
    pub fn bare_text(&self) -> impl Iterator<Item = &str> {
        std::iter::once(&*self.title)
            .chain(self.list(List::Authors).iter().map(|a| &**a))
            .chain(self.series.as_deref())
            .chain(self.summary.as_deref())
    }

    /// The lower-cased fandoms.
    pub fn fandoms(&self) -> &[Arc<str>] {
        self.list(List::Fandoms)
    }

    /// Each relationship's kind and members, lower-cased and sorted.
    pub fn relationships(&self) -> &[(RelationshipKind, Arc<[String]>)] {
        &self.relationships
    }

    /// The lower-cased characters, named alone and as members of relationships.
    pub fn characters(&self) -> &[Arc<str>] {
        self.list(List::Characters)
    }

    /// The lower-cased title (the tie-break of every sort).
    pub fn title(&self) -> &str {
        &self.title
    }
}

/// A lower-cased word to find in a story's text values, with its searcher built
/// once when the query is parsed: `str::contains` would build one for every value
/// of every story on every keystroke.
#[derive(Clone)]
pub(super) struct Needle {
    text: String,
    /// Boxed: a searcher is a few hundred bytes, and every matcher holds one.
    finder: Box<memmem::Finder<'static>>,
}

impl Needle {
    pub(super) fn new(text: String) -> Self {
        let finder = Box::new(memmem::Finder::new(text.as_bytes()).into_owned());
        Self { text, finder }
    }

    /// The lower-cased word.
    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// Whether `haystack` holds the needle.
    fn is_in(&self, haystack: &str) -> bool {
        self.finder.find(haystack.as_bytes()).is_some()
    }
}

impl std::fmt::Debug for Needle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.text.fmt(f)
    }
}

impl PartialEq for Needle {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

fn any_contains(haystacks: &[Name], needle: &Needle) -> bool {
    haystacks.iter().any(|h| needle.is_in(h))
}

impl Matcher {
    pub(super) fn matches(&self, keys: &MatchKeys, reading: &Reading) -> bool {
        let facts = &keys.facts;
        match self {
            Matcher::Text(needle) => {
                needle.is_in(&keys.title)
                    || any_contains(keys.list(List::Authors), needle)
                    || keys.series.as_deref().is_some_and(|s| needle.is_in(s))
                    || keys.summary.as_deref().is_some_and(|s| needle.is_in(s))
            }
            Matcher::Title(needle) => needle.is_in(&keys.title),
            Matcher::Author(needle) => any_contains(keys.list(List::Authors), needle),
            Matcher::Summary(needle) => keys.summary.as_deref().is_some_and(|s| needle.is_in(s)),
            Matcher::Series(needle) => keys.series.as_deref().is_some_and(|s| needle.is_in(s)),
            Matcher::Fandom(FandomPattern::Canonical(name)) => {
                keys.list(List::Fandoms).iter().any(|f| **f == **name)
            }
            Matcher::Fandom(FandomPattern::Contains(needle)) => {
                any_contains(keys.list(List::Fandoms), needle)
            }
            Matcher::Relationship(pattern) => keys
                .relationships
                .iter()
                .any(|(kind, members)| pattern.matches(*kind, members)),
            Matcher::Character(name) => keys.list(List::Characters).iter().any(|c| **c == **name),
            Matcher::Rating(cmp) => facts.rating.is_some_and(|level| cmp.test(level)),
            Matcher::Unrated => facts.rating.is_none(),
            Matcher::Status(status) => facts.status == *status,
            Matcher::Words(cmp) => cmp.test(facts.words),
            Matcher::Chapters(cmp) => cmp.test(facts.chapters),
            Matcher::Crossover(want) => facts.crossover == *want,
            Matcher::CrossoverOf(set) => {
                keys.list(List::FandomSet).len() == set.len()
                    && keys
                        .list(List::FandomSet)
                        .iter()
                        .zip(set)
                        .all(|(a, b)| **a == **b)
            }
            Matcher::Warning(needle) => any_contains(keys.list(List::Warnings), needle),
            Matcher::Tag(needle) => any_contains(keys.list(List::Tags), needle),
            Matcher::Shelf(shelf) => reading.shelf == *shelf,
            Matcher::Favourite(want) => reading.favourite == *want,
            Matcher::Progress(cmp) => cmp.test(reading.percent),
            Matcher::NewChapters(want) => (reading.new_chapters > 0) == *want,
        }
    }
}

impl RelationshipPattern {
    /// `members`: lower-cased and sorted.
    pub(super) fn matches(&self, kind: RelationshipKind, members: &[String]) -> bool {
        match self {
            RelationshipPattern::Exact {
                kind: want,
                members: want_members,
            } => kind == *want && members == want_members.as_slice(),
            RelationshipPattern::WithMember(name) => members.iter().any(|c| c == name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::Relationship;

    /// The lists as they were kept before being packed into one slice.
    #[test]
    fn each_list_reads_back_as_its_own_field_lowered() {
        let names =
            |values: &[&str]| -> Vec<String> { values.iter().map(|v| (*v).to_owned()).collect() };
        let meta = StoryMeta {
            title: "Title".into(),
            authors: names(&["Ann", "Bo"]),
            fandoms: names(&["Smallville", "Buffy", "Smallville"]),
            characters: names(&["Chloe"]),
            relationships: vec![Relationship {
                name: "Clark Kent/Lex Luthor".into(),
                kind: RelationshipKind::Romantic,
                characters: names(&["Lex Luthor", "Clark Kent"]),
            }],
            warnings: Vec::new(),
            tags: names(&["Angst", "AU"]),
            ..StoryMeta::default()
        };
        let keys = MatchKeys::new(&meta);
        let read = |list: List| -> Vec<&str> { keys.list(list).iter().map(|n| &**n).collect() };
        assert_eq!(read(List::Authors), ["ann", "bo"]);
        assert_eq!(read(List::Fandoms), ["smallville", "buffy", "smallville"]);
        assert_eq!(read(List::FandomSet), ["buffy", "smallville"]);
        assert_eq!(
            read(List::Characters),
            ["chloe", "lex luthor", "clark kent"]
        );
        assert!(read(List::Warnings).is_empty());
        assert_eq!(read(List::Tags), ["angst", "au"]);
        assert_eq!(keys.bare_text().collect::<Vec<_>>(), ["title", "ann", "bo"]);
        let empty = MatchKeys::new(&StoryMeta::default());
        for list in [
            List::Authors,
            List::Fandoms,
            List::FandomSet,
            List::Characters,
            List::Warnings,
            List::Tags,
        ] {
            assert!(empty.list(list).is_empty());
        }
    }
}
