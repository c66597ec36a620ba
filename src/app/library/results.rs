//! The result of the filter in force, and the recent results kept so a keystroke
//! costs work in proportion to what it changes, not to the library: erasing a
//! letter finds the result it had before, and a letter that narrows the query
//! (see [`crate::library::Query::narrows`]) tests only the stories of a result it
//! narrows. Each result is kept in the order of the sort in force and in title
//! order, so neither is sorted on a keystroke. A term on bare words, fandoms,
//! pairings or characters is answered for every entry at once as a [`Bits`], and
//! the terms' sets are AND-ed: a keystroke that narrows no kept result reads the
//! sort's order once, testing a bit per story.

use std::collections::VecDeque;
use std::sync::Arc;

use super::bare_text::BareText;
use super::bits::Bits;
use super::entry::Entry;
use super::interned::Interned;
use super::sort::{Sort, sort_entries};
use crate::library::Query;
use crate::library::facets::Tally;
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
    /// Every entry in the order of each sort asked for so far: changing the sort
    /// and back sorts nothing again.
    sorted: Vec<(Sort, Vec<usize>)>,
    /// Entry indices by title cell.
    by_title: Option<Vec<usize>>,
    /// Each entry's place in `by_title`.
    title_place: Vec<u32>,
    recent: VecDeque<Matches>,
    /// Every entry's cell widths, [`super::COLUMNS`] a row, side by side so the
    /// widest over a result is read from one block.
    cell_widths: Vec<u16>,
    /// [`COLUMNS`](super::COLUMNS) blocks of every entry by the width of its cell
    /// in that column, widest first (see [`Orders::widest`]).
    by_width: Vec<u32>,
    /// The text bare words search, made when a query first has one.
    bare: Option<BareText>,
    /// The recent bare words and the entries holding them, most recent first.
    words: VecDeque<(String, Bits)>,
    /// The entries' fandoms, made when a query first has a fandom term.
    fandoms: Option<Interned<Arc<str>>>,
    /// The entries' relationships, made when a query first has a pairing term.
    relationships: Option<Interned<(RelationshipKind, Arc<[String]>)>>,
    /// The entries' characters, made when a query first has a character term.
    characters: Option<Interned<Arc<str>>>,
    /// The entries' facet values, made when the facet panel first opens.
    tally: Option<Tally>,
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
        // The terms answered for every entry, combined; the rest (`rest`) are
        // matched story by story among the entries that set holds.
        let (held, rest) = match &answers {
            Some(answers) => combine(&query, answers, entries.len()),
            None => (None, true),
        };
        // Room for every match at once: a library-sized result grown by doubling
        // copies itself several times.
        let room = held
            .as_ref()
            .map_or(candidates, Bits::count)
            .min(candidates);
        let matches = |i: &usize| {
            if held.as_ref().is_some_and(|h| !h.contains(*i)) {
                return false;
            }
            !rest
                || entries.get(*i).is_some_and(|e| match &answers {
                    Some(answers) => query.matches_keyed_answered(e.keys(), &e.reading, |k| {
                        answers.get(k)?.as_ref().map(|a| a.contains(*i))
                    }),
                    None => query.matches_keyed(e.keys(), &e.reading),
                })
        };
        let (visible, by_title): (Vec<usize>, Vec<u32>) = if let Some((visible, by_title)) = base {
            let mut kept = Vec::with_capacity(room);
            kept.extend(visible.iter().copied().filter(matches));
            let visible = kept;
            let member = Bits::of(entries.len(), &visible);
            let titles = self.by_title.as_deref().unwrap_or_default();
            let by_title = by_title
                .iter()
                .copied()
                .filter(|&p| {
                    usize::try_from(p)
                        .ok()
                        .and_then(|p| titles.get(p))
                        .is_some_and(|&i| member.contains(i))
                })
                .collect();
            (visible, by_title)
        } else {
            let order = self.sorted(entries, effective);
            let visible: Vec<usize> = if query.is_empty() {
                order.to_vec()
            } else {
                let mut kept = Vec::with_capacity(room);
                kept.extend(order.iter().copied().filter(matches));
                kept
            };
            let by_title = self.places_in_title_order(&visible);
            (visible, by_title)
        };
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

    /// The places in title order of `visible` (entries each once), ascending.
    fn places_in_title_order(&self, visible: &[usize]) -> Vec<u32> {
        let entries = self.title_place.len();
        // A few matches are sorted; many are read off the title order.
        if visible.len().saturating_mul(8) < entries {
            let mut places: Vec<u32> = visible
                .iter()
                .filter_map(|&i| self.title_place.get(i).copied())
                .collect();
            places.sort_unstable();
            return places;
        }
        let member = Bits::of(entries, visible);
        let titles = self.by_title.as_deref().unwrap_or_default();
        titles
            .iter()
            .enumerate()
            .filter(|&(_, &i)| member.contains(i))
            .filter_map(|(p, _)| u32::try_from(p).ok())
            .collect()
    }

    /// For each alternative of the query that can be answered for every entry at
    /// once (a bare word in one pass over [`BareText`], a fandom, pairing or
    /// character once per distinct value), which entries it matches; None when
    /// matching the `candidates` one by one is cheaper (a few of them) or none can
    /// be.
    fn answers(
        &mut self,
        entries: &[Entry],
        query: &Query,
        candidates: usize,
    ) -> Option<Vec<Option<Bits>>> {
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
                    Some(self.holding_word(word)?)
                }
                Alternative::Fandom(test) => {
                    if self.fandoms.is_none() {
                        self.fandoms =
                            Interned::new(entries.iter().map(|e| e.keys().fandoms().iter()));
                    }
                    Some(self.fandoms.as_ref()?.holding(|f| test.accepts(f)))
                }
                Alternative::Relationship(test) => {
                    if self.relationships.is_none() {
                        self.relationships =
                            Interned::new(entries.iter().map(|e| e.keys().relationships().iter()));
                    }
                    let relationships = self.relationships.as_ref()?;
                    Some(relationships.holding(|(kind, members)| test.accepts(*kind, members)))
                }
                Alternative::Character(name) => {
                    if self.characters.is_none() {
                        self.characters =
                            Interned::new(entries.iter().map(|e| e.keys().characters().iter()));
                    }
                    Some(self.characters.as_ref()?.holding(|c| **c == **name))
                }
                _ => None,
            })
            .collect();
        Some(answers)
    }

    /// The entries whose bare text holds `word`: searched for only among those
    /// holding the fewest of the recent words it contains (typing a word one
    /// letter further), and kept as a recent word.
    fn holding_word(&mut self, word: &str) -> Option<Bits> {
        let bare = self.bare.as_ref()?;
        let at = self.words.iter().position(|(w, _)| w == word);
        let held = if let Some((_, held)) = at.and_then(|at| self.words.remove(at)) {
            held
        } else {
            let among = self
                .words
                .iter()
                .filter(|(w, _)| word.contains(w.as_str()))
                .map(|(_, held)| held)
                .min_by_key(|held| held.count());
            match among {
                Some(among) => bare.holding_among(word, among),
                None => bare.holding(word),
            }
        };
        self.words.push_front((word.to_owned(), held.clone()));
        self.words.truncate(RECENT);
        Some(held)
    }

    /// The facet values of every entry, made on first use.
    pub fn tally(&mut self, entries: &[Entry]) -> Option<&Tally> {
        if self.tally.is_none() {
            self.tally = Tally::new(entries.iter().map(Entry::row));
        }
        self.tally.as_ref()
    }

    /// Each column's widest cell over `visible` (entries each once).
    pub fn widest(&mut self, visible: &[usize]) -> Vec<usize> {
        let columns = super::COLUMNS.len();
        let entries = self.title_place.len();
        // Many matches: each column's widest is among the first of its entries by
        // width that is a match, found in a few tests of a bit each rather than
        // a read of every match's cells.
        if visible.len().saturating_mul(8) >= entries && entries > 0 {
            let member = Bits::of(entries, visible);
            self.make_by_width();
            let by_width = &self.by_width;
            return (0..columns)
                .map(|c| {
                    let widest = by_width
                        .get(c * entries..(c + 1) * entries)
                        .unwrap_or_default()
                        .iter()
                        .find(|&&i| member.contains(i as usize));
                    widest.map_or(0, |&i| self.cell_width(i as usize, c))
                })
                .collect();
        }
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

    fn cell_width(&self, entry: usize, column: usize) -> usize {
        let columns = super::COLUMNS.len();
        self.cell_widths
            .get(entry * columns + column)
            .copied()
            .map_or(0, usize::from)
    }

    /// For each column in turn, every entry by its cell's width, widest first;
    /// made on the first result that needs it.
    fn make_by_width(&mut self) {
        if self.by_width.is_empty() {
            let columns = super::COLUMNS.len();
            let entries = u32::try_from(self.title_place.len()).unwrap_or(u32::MAX);
            let mut by_width = Vec::with_capacity(self.cell_widths.len());
            for c in 0..columns {
                let start = by_width.len();
                by_width.extend(0..entries);
                if let Some(column) = by_width.get_mut(start..) {
                    column.sort_unstable_by_key(|&i| {
                        std::cmp::Reverse(self.cell_width(i as usize, c))
                    });
                }
            }
            self.by_width = by_width;
        }
    }

    /// Keeps what follows from the entries' metadata (the text bare words search,
    /// fandoms, relationships, characters, facet values) when only their reading state changed, dropping
    /// the rest.
    pub fn keep_text(&mut self) -> Self {
        Self {
            bare: self.bare.take(),
            words: std::mem::take(&mut self.words),
            fandoms: self.fandoms.take(),
            relationships: self.relationships.take(),
            characters: self.characters.take(),
            tally: self.tally.take(),
            ..Self::default()
        }
    }

    /// Every entry in the order of `sort`, sorted once per change of the entries.
    fn sorted(&mut self, entries: &[Entry], sort: Sort) -> &[usize] {
        let at = if let Some(at) = self.sorted.iter().position(|(s, _)| *s == sort) {
            at
        } else {
            let mut all: Vec<usize> = (0..entries.len()).collect();
            sort_entries(entries, sort, &mut all);
            self.sorted.push((sort, all));
            self.sorted.len() - 1
        };
        self.sorted.get(at).map_or(&[], |(_, order)| order)
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
            .flat_map(|e| (0..columns).map(|c| e.widths().get(c).copied().unwrap_or(0)))
            .collect();
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

/// The entries every term answered for all entries (`answers`, one per
/// alternative of the query) holds, and whether some term was not answered (then
/// it is matched story by story among them). None when no term was answered.
fn combine(query: &Query, answers: &[Option<Bits>], entries: usize) -> (Option<Bits>, bool) {
    let mut held: Option<Bits> = None;
    let mut rest = false;
    let mut next = 0;
    for (negated, count) in query.term_shapes() {
        let Some(term) = answers.get(next..next + count) else {
            rest = true;
            break;
        };
        next += count;
        let Some(first) = term.first().and_then(Option::as_ref) else {
            rest = true;
            continue;
        };
        if term.iter().any(Option::is_none) {
            rest = true;
            continue;
        }
        let any_of = if term.len() == 1 {
            std::borrow::Cow::Borrowed(first)
        } else {
            let mut any_of = Bits::none(entries);
            for answer in term.iter().flatten() {
                any_of.or(answer);
            }
            std::borrow::Cow::Owned(any_of)
        };
        let held = held.get_or_insert_with(|| Bits::all(entries));
        if negated {
            held.and_not(&any_of);
        } else {
            held.and(&any_of);
        }
    }
    (held, rest)
}
