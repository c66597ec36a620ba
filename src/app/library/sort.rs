//! The table's orderings. Every sort ends on the lower-cased title, so rows with
//! equal keys keep a stable, readable order as the filter changes.

use std::cmp::Reverse;

use super::Library;
use super::entry::Entry;

/// How the table is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    LastRead,
    Title,
    Author,
    Words,
    Updated,
    Progress,
    /// Series together, in reading order (see [`crate::library::series_order`]).
    Series,
}

impl Sort {
    const ALL: [Sort; 7] = [
        Sort::LastRead,
        Sort::Title,
        Sort::Author,
        Sort::Series,
        Sort::Words,
        Sort::Updated,
        Sort::Progress,
    ];

    /// The name shown in the header.
    pub fn label(self) -> &'static str {
        match self {
            Sort::LastRead => "last read",
            Sort::Title => "title",
            Sort::Author => "author",
            Sort::Words => "words",
            Sort::Updated => "updated",
            Sort::Progress => "progress",
            Sort::Series => "series",
        }
    }

    /// The sort with this [`Sort::label`].
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.label() == label)
    }

    pub(super) fn next(self) -> Self {
        let i = Self::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }
}

impl Library {
    /// The order in force: a filter that names a series (`series:kansas`) lists its
    /// parts in reading order, whatever the chosen sort.
    pub fn effective_sort(&self) -> Sort {
        if self.series_filter {
            Sort::Series
        } else {
            self.sort
        }
    }

    /// Drops the cached orders: the entries changed.
    pub(super) fn forget_orders(&mut self) {
        self.orders = super::results::Orders::default();
    }
}

/// Sorts `indices` (stably) by `sort`.
pub(super) fn sort_entries(entries: &[Entry], sort: Sort, indices: &mut [usize]) {
    let title_of = |i: &usize| entries.get(*i).map_or("", |e| e.keys().title());
    let title = |i: &usize| title_of(i).to_owned();
    match sort {
        // The default sorts compare the folded titles in place: no key is built.
        Sort::LastRead => indices.sort_by(|a, b| {
            let last = |i: &usize| Reverse(entries.get(*i).and_then(|e| e.last_opened));
            (last(a), title_of(a)).cmp(&(last(b), title_of(b)))
        }),
        Sort::Title => indices.sort_by(|a, b| title_of(a).cmp(title_of(b))),
        Sort::Author => indices.sort_by_cached_key(|i| {
            let author = entries
                .get(*i)
                .and_then(|e| e.story.meta.authors.first())
                .map(|a| a.to_lowercase());
            // Stories without an author go last.
            (author.is_none(), author, title(i))
        }),
        Sort::Words => indices.sort_by_cached_key(|i| {
            (
                Reverse(entries.get(*i).map_or(0, |e| e.story.meta.words)),
                title(i),
            )
        }),
        Sort::Updated => indices.sort_by_cached_key(|i| {
            let date = entries.get(*i).and_then(|e| e.story.meta.date.clone());
            (Reverse(date), title(i))
        }),
        Sort::Series => indices.sort_by_cached_key(|i| {
            entries.get(*i).map(|e| {
                crate::library::query::series_key(&e.story.meta.title, e.story.meta.series.as_ref())
            })
        }),
        Sort::Progress => indices.sort_by_cached_key(|i| {
            (
                Reverse(entries.get(*i).map_or(0, |e| e.reading.percent)),
                title(i),
            )
        }),
    }
}
