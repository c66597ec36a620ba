//! What a library row keeps of a story's metadata: only what the table's sorts,
//! the series, the facets and the reading statistics read, with every name shared
//! between the rows that name it. A story's [`StoryMeta`] was half of a large
//! library's memory (a quarter of it the struct itself, the rest a string per
//! name per story); the rest of it is read back from the index when one story is
//! shown ([`crate::library::cache::whole_meta`]).

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;

use crate::library::Rest;
use crate::library::facets::Faceted;
use crate::meta::{Rating, RatingLevel, Relationship, Series, Status, StoryMeta};

/// A story's metadata as a library row keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub title: String,
    pub authors: Box<[Arc<str>]>,
    pub fandoms: Box<[Arc<str>]>,
    pub relationships: Box<[Arc<Relationship>]>,
    pub characters: Box<[Arc<str>]>,
    pub rating: Option<RatingLevel>,
    pub status: Status,
    pub crossover: bool,
    pub words: usize,
    pub chapters: usize,
    pub series: Option<Series>,
    /// When the story was last updated, else published: what the date sort reads.
    pub date: Option<Box<str>>,
    /// The whole metadata of a story whose rest is nowhere else ([`Rest::Here`]).
    whole: Option<Box<StoryMeta>>,
}

/// The names already shared on this thread (see [`crate::library::MatchKeys`]'s
/// pool, which keeps them lower-cased).
#[derive(Default)]
struct Pool {
    names: HashSet<Arc<str>>,
    relationships: HashSet<Arc<Relationship>>,
}

thread_local! {
    static POOL: RefCell<Pool> = RefCell::default();
}

impl Pool {
    fn name(&mut self, value: &str) -> Arc<str> {
        if let Some(name) = self.names.get(value) {
            return Arc::clone(name);
        }
        let name: Arc<str> = value.into();
        self.names.insert(Arc::clone(&name));
        name
    }

    fn names(&mut self, values: &[String]) -> Box<[Arc<str>]> {
        values.iter().map(|v| self.name(v)).collect()
    }

    fn relationship(&mut self, value: &Relationship) -> Arc<Relationship> {
        if let Some(shared) = self.relationships.get(value) {
            return Arc::clone(shared);
        }
        let shared = Arc::new(value.clone());
        self.relationships.insert(Arc::clone(&shared));
        shared
    }
}

impl Row {
    /// The row of a story whose metadata is `meta`, the rest of it at `rest`: kept
    /// whole only when it is nowhere else.
    pub fn new(meta: Box<StoryMeta>, rest: Rest) -> Self {
        let mut row = POOL.with_borrow_mut(|pool| Self {
            title: meta.title.clone(),
            authors: pool.names(&meta.authors),
            fandoms: pool.names(&meta.fandoms),
            relationships: meta
                .relationships
                .iter()
                .map(|r| pool.relationship(r))
                .collect(),
            characters: pool.names(&meta.characters),
            rating: meta.rating.as_ref().and_then(|r| r.level),
            status: meta.status,
            crossover: meta.crossover,
            words: meta.words,
            chapters: meta.chapters,
            series: meta.series.clone(),
            date: meta
                .updated
                .as_deref()
                .or(meta.published.as_deref())
                .map(Into::into),
            whole: None,
        });
        if rest == Rest::Here {
            row.whole = Some(meta);
        }
        row
    }

    /// The whole metadata, when the row holds it ([`Rest::Here`]).
    pub fn whole(&self) -> Option<&StoryMeta> {
        self.whole.as_deref()
    }

    /// The metadata as far as the row knows it: whole when it holds it, else
    /// without what only the index has (the summary, tags, warnings, the rating as
    /// written, the dates as stated, where fields came from).
    pub fn to_meta(&self) -> Box<StoryMeta> {
        if let Some(whole) = &self.whole {
            return whole.clone();
        }
        let strings = |names: &[Arc<str>]| names.iter().map(ToString::to_string).collect();
        Box::new(StoryMeta {
            title: self.title.clone(),
            authors: strings(&self.authors),
            fandoms: strings(&self.fandoms),
            crossover: self.crossover,
            relationships: self.relationships.iter().map(|r| (**r).clone()).collect(),
            characters: strings(&self.characters),
            rating: self.rating.map(|level| Rating {
                raw: level.as_str().to_owned(),
                level: Some(level),
            }),
            series: self.series.clone(),
            status: self.status,
            words: self.words,
            chapters: self.chapters,
            updated: self.date.as_deref().map(str::to_owned),
            ..StoryMeta::default()
        })
    }
}

impl Faceted for Row {
    fn fandoms(&self) -> impl Iterator<Item = &str> {
        self.fandoms.iter().map(|f| &**f)
    }

    fn relationships(&self) -> impl Iterator<Item = &Relationship> {
        self.relationships.iter().map(|r| &**r)
    }

    fn characters(&self) -> impl Iterator<Item = &str> {
        self.characters.iter().map(|c| &**c)
    }

    fn rating_level(&self) -> Option<RatingLevel> {
        self.rating
    }

    fn status(&self) -> Status {
        self.status
    }
}
