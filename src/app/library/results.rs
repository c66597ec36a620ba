//! The result of the filter in force, and the recent results kept so a keystroke
//! costs work in proportion to what it changes, not to the library: erasing a
//! letter finds the result it had before, and a letter that narrows the query
//! (see [`crate::library::Query::narrows`]) tests only the stories of a result it
//! narrows. Each result is kept in the order of the sort in force and in title
//! order, so neither is sorted on a keystroke.

use std::collections::VecDeque;
use std::sync::Arc;

use super::bare_text::BareText;
use super::entry::Entry;
use super::interned::Interned;
use super::sort::{Sort, sort_entries};
use crate::library::Query;
use crate::library::query::Alternative;
use crate::meta::RelationshipKind;

/// How many recent results are kept: enough for a word typed and erased.
const RECENT: usize = 8;

/// The stories matching one query, and what the table needs of them.
#[derive(Debug, Clone)]
pub(super) struct Matches {
    /// The query text it answers, with the shelf's query.
    pub text: String,
    pub query: Query,
    /// The sort chosen when it was made.
    pub sort: Sort,
    /// The query names a series (then the order is [`Sort::Series`]).
    pub series_filter: bool,
    /// Entry indices, in the order of the sort in force.
    pub visible: Arc<[usize]>,
    /// The matches' places in [`Orders::by_title`], ascending: their titles in order.
    pub by_title: Arc<[u32]>,
    /// Each column's widest cell over the matches.
    pub widths: Arc<[usize]>,
}

/// Every entry in the order of a sort and by title cell, and the recent results:
/// all of it follows from the entries, so all of it is dropped when they change.
#[derive(Debug, Default)]
pub(super) struct Orders {
    sorted: Option<(Sort, Vec<usize>)>,
    /// Entry indices by title cell.
    by_title: Option<Vec<usize>>,
    /// Each entry's place in `by_title`.
    title_place: Vec<u32>,
    recent: VecDeque<Matches>,
    /// Every entry's cell widths, [`super::COLUMNS`] a row, side by side so the
    /// widest over a result is read from one block.
    cell_widths: Vec<u16>,
    /// The text bare words search, made when a query first has one.
    bare: Option<BareText>,
    /// The entries' fandoms, made when a query first has a fandom term.
    fandoms: Option<Interned<Arc<str>>>,
    /// The entries' relationships, made when a query first has a pairing term.
    relationships: Option<Interned<(RelationshipKind, Arc<[String]>)>>,
    /// Scratch: which entries a result being made holds (all false between uses).
    member: Vec<bool>,
}

impl Orders {
    /// The recent result for `text` under `sort`, made most recent.
    pub fn recall(&mut self, text: &str, sort: Sort) -> Option<Matches> {
        let at = self
            .recent
            .iter()
            .position(|m| m.text == text && m.sort == sort)?;
        let found = self.recent.remove(at)?;
        self.recent.push_front(found.clone());
        Some(found)
    }

    /// The entries matching `query` (parsed from `text`), in the order of `sort`
    /// (already made effective for the query), kept as the most recent result.
    pub fn compute(
        &mut self,
        entries: &[Entry],
        text: String,
        query: Query,
        sort: Sort,
        effective: Sort,
    ) -> Matches {
        self.title_order(entries);
        // The smallest recent result this query narrows, made under the same order.
        let base = self
            .recent
            .iter()
            .filter(|m| m.sort == sort && effective_of(m) == effective && query.narrows(&m.query))
            .min_by_key(|m| m.visible.len())
            .map(|m| (Arc::clone(&m.visible), Arc::clone(&m.by_title)));
        let candidates = base.as_ref().map_or(entries.len(), |(v, _)| v.len());
        let answers = self.answers(entries, &query, candidates);
        let matches = |i: &usize| {
            entries.get(*i).is_some_and(|e| match &answers {
                Some(answers) => {
                    query.matches_keyed_answered(&e.keys, &e.story.meta, &e.reading, |k| {
                        answers.get(k)?.as_ref()?.get(*i).copied()
                    })
                }
                None => query.matches_keyed(&e.keys, &e.story.meta, &e.reading),
            })
        };
        let (visible, by_title): (Vec<usize>, Vec<u32>) = if let Some((visible, by_title)) = base {
            let visible: Vec<usize> = visible.iter().copied().filter(matches).collect();
            mark(&mut self.member, &visible, true);
            let by_title = by_title
                .iter()
                .copied()
                .filter(|&p| self.is_member_at(p))
                .collect();
            (visible, by_title)
        } else {
            let order = self.sorted(entries, effective);
            let visible: Vec<usize> = if query.is_empty() {
                order.to_vec()
            } else {
                order.iter().copied().filter(matches).collect()
            };
            mark(&mut self.member, &visible, true);
            let places = u32::try_from(entries.len()).unwrap_or(u32::MAX);
            let by_title = (0..places).filter(|&p| self.is_member_at(p)).collect();
            (visible, by_title)
        };
        mark(&mut self.member, &visible, false);
        let widths = self.widest(&visible);
        let found = Matches {
            text,
            series_filter: query.names_a_series(),
            query,
            sort,
            visible: visible.into(),
            by_title: by_title.into(),
            widths: widths.into(),
        };
        self.recent.push_front(found.clone());
        self.recent.truncate(RECENT);
        found
    }

    /// For each alternative of the query that can be answered for every entry at
    /// once (a bare word in one pass over [`BareText`], a fandom or pairing once
    /// per distinct value), which entries it matches; None when matching the
    /// `candidates` one by one is cheaper (a few of them) or none can be.
    fn answers(
        &mut self,
        entries: &[Entry],
        query: &Query,
        candidates: usize,
    ) -> Option<Vec<Option<Vec<bool>>>> {
        let alternatives = query.alternatives();
        // Answering for every entry costs about what matching a sixteenth of them
        // one by one does.
        if candidates.saturating_mul(16) < entries.len()
            || alternatives.iter().all(|a| matches!(a, Alternative::Other))
        {
            return None;
        }
        let answers = alternatives
            .iter()
            .map(|alternative| match alternative {
                Alternative::BareWord(word) if BareText::answers(word) => {
                    if self.bare.is_none() {
                        self.bare = BareText::new(entries);
                    }
                    Some(self.bare.as_ref()?.holding(word))
                }
                Alternative::Fandom(test) => {
                    if self.fandoms.is_none() {
                        self.fandoms =
                            Interned::new(entries.iter().map(|e| e.keys.fandoms().iter()));
                    }
                    Some(self.fandoms.as_ref()?.holding(|f| test.accepts(f)))
                }
                Alternative::Relationship(test) => {
                    if self.relationships.is_none() {
                        self.relationships =
                            Interned::new(entries.iter().map(|e| e.keys.relationships().iter()));
                    }
                    let relationships = self.relationships.as_ref()?;
                    Some(relationships.holding(|(kind, members)| test.accepts(*kind, members)))
                }
                _ => None,
            })
            .collect();
        Some(answers)
    }

    /// Each column's widest cell over `visible`.
    pub fn widest(&self, visible: &[usize]) -> Vec<usize> {
        let columns = super::COLUMNS.len();
        let mut widths = vec![0; columns];
        for &i in visible {
            let Some(cells) = self.cell_widths.get(i * columns..(i + 1) * columns) else {
                continue;
            };
            for (widest, &w) in widths.iter_mut().zip(cells) {
                *widest = (*widest).max(usize::from(w));
            }
        }
        widths
    }

    /// Keeps what follows from the entries' metadata (the text bare words search,
    /// fandoms and relationships) when only their reading state changed, dropping
    /// the rest.
    pub fn keep_text(&mut self) -> Self {
        Self {
            bare: self.bare.take(),
            fandoms: self.fandoms.take(),
            relationships: self.relationships.take(),
            ..Self::default()
        }
    }

    /// Every entry in the order of `sort`, sorted once per change of the entries.
    fn sorted(&mut self, entries: &[Entry], sort: Sort) -> &[usize] {
        if self.sorted.as_ref().is_none_or(|(s, _)| *s != sort) {
            let mut all: Vec<usize> = (0..entries.len()).collect();
            sort_entries(entries, sort, &mut all);
            self.sorted = Some((sort, all));
        }
        self.sorted.as_ref().map_or(&[], |(_, order)| order)
    }

    /// Makes the title order (and each entry's place in it) if it is not made.
    fn title_order(&mut self, entries: &[Entry]) {
        if self.by_title.is_some() {
            return;
        }
        let title_of = |i: usize| entries.get(i).map_or("", |e| e.cell(super::layout::TITLE));
        let mut all: Vec<usize> = (0..entries.len()).collect();
        all.sort_by(|&a, &b| title_of(a).cmp(title_of(b)));
        let mut place = vec![0; entries.len()];
        for (p, &i) in all.iter().enumerate() {
            if let Some(slot) = place.get_mut(i) {
                *slot = u32::try_from(p).unwrap_or(u32::MAX);
            }
        }
        self.by_title = Some(all);
        self.title_place = place;
        let columns = super::COLUMNS.len();
        self.cell_widths = entries
            .iter()
            .flat_map(|e| (0..columns).map(|c| e.widths.get(c).copied().unwrap_or(0)))
            .collect();
        self.member = vec![false; entries.len()];
    }

    /// The places in title order of `visible`, ascending: for a result kept while
    /// the entries changed under it (the query in force does not parse).
    pub fn places_of(&mut self, entries: &[Entry], visible: &[usize]) -> Vec<u32> {
        self.title_order(entries);
        let mut places: Vec<u32> = visible
            .iter()
            .filter_map(|&i| self.title_place(i))
            .collect();
        places.sort_unstable();
        places
    }

    /// Whether nothing is kept: the entries changed since the last result.
    pub fn is_empty(&self) -> bool {
        self.by_title.is_none()
    }

    fn is_member_at(&self, place: u32) -> bool {
        self.entry_at(place)
            .and_then(|i| self.member.get(i))
            .copied()
            .unwrap_or(false)
    }

    /// The entry at `place` in title order.
    pub fn entry_at(&self, place: u32) -> Option<usize> {
        let place = usize::try_from(place).ok()?;
        self.by_title.as_ref()?.get(place).copied()
    }

    /// The entry's place in title order.
    pub fn title_place(&self, entry: usize) -> Option<u32> {
        self.title_place.get(entry).copied()
    }
}

fn effective_of(m: &Matches) -> Sort {
    if m.series_filter {
        Sort::Series
    } else {
        m.sort
    }
}

fn mark(member: &mut [bool], indices: &[usize], value: bool) {
    for &i in indices {
        if let Some(slot) = member.get_mut(i) {
            *slot = value;
        }
    }
}
