//! Facets: for the stories in the current result, how many have each fandom,
//! relationship, character, rating and status, like AO3's filter sidebar. Selecting
//! one turns it into a query term ([`Facet::term`]), so facets and the filter bar
//! share one query language.

use std::collections::HashMap;

mod tally;

pub use tally::Tally;

use super::query::{Held, Query};
use crate::meta::{Aliases, RatingLevel, Relationship, RelationshipKind, Status, StoryMeta};

/// What facets count of a story: its whole [`StoryMeta`], or what a library row
/// keeps of it.
pub trait Faceted {
    /// The canonical fandom names.
    fn fandoms(&self) -> impl Iterator<Item = &str>;
    fn relationships(&self) -> impl Iterator<Item = &Relationship>;
    /// The canonical character names.
    fn characters(&self) -> impl Iterator<Item = &str>;
    fn rating_level(&self) -> Option<RatingLevel>;
    fn status(&self) -> Status;
}

impl Faceted for StoryMeta {
    fn fandoms(&self) -> impl Iterator<Item = &str> {
        self.fandoms.iter().map(String::as_str)
    }

    fn relationships(&self) -> impl Iterator<Item = &Relationship> {
        self.relationships.iter()
    }

    fn characters(&self) -> impl Iterator<Item = &str> {
        self.characters.iter().map(String::as_str)
    }

    fn rating_level(&self) -> Option<RatingLevel> {
        self.rating.as_ref().and_then(|r| r.level)
    }

    fn status(&self) -> Status {
        self.status
    }
}

/// Which facet group a value belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FacetKind {
    Fandom,
    Relationship,
    Character,
    Rating,
    Status,
}

impl FacetKind {
    /// The group's heading.
    pub fn label(self) -> &'static str {
        match self {
            FacetKind::Fandom => "Fandoms",
            FacetKind::Relationship => "Relationships",
            FacetKind::Character => "Characters",
            FacetKind::Rating => "Ratings",
            FacetKind::Status => "Status",
        }
    }

    fn query_key(self) -> &'static str {
        match self {
            FacetKind::Fandom => "fandom",
            FacetKind::Relationship => "pairing",
            FacetKind::Character => "character",
            FacetKind::Rating => "rating",
            FacetKind::Status => "status",
        }
    }
}

/// One value with the number of stories that have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    pub kind: FacetKind,
    /// What the query term matches (`Buffy the Vampire Slayer`, `clark kent/lex luthor`).
    pub value: String,
    /// What the sidebar shows.
    pub label: String,
    pub count: usize,
    /// How the filter in force holds this value (see [`mark`]).
    pub mark: Option<Held>,
}

impl Facet {
    /// The query term selecting (or, with `exclude`, removing) stories with this value.
    ///
    /// ```
    /// use ficread::library::facets::{Facet, FacetKind};
    /// let f = Facet { kind: FacetKind::Fandom, value: "Smallville".into(), label: "Smallville".into(), count: 3, mark: None };
    /// assert_eq!(f.term(false), "fandom:\"Smallville\"");
    /// assert_eq!(f.term(true), "-fandom:\"Smallville\"");
    /// ```
    pub fn term(&self, exclude: bool) -> String {
        let sign = if exclude { "-" } else { "" };
        format!(
            "{sign}{}:\"{}\"",
            self.kind.query_key(),
            self.value.replace('"', "")
        )
    }
}

/// Counts every facet value over `stories`, most frequent first (ties by label), per
/// kind in [`FacetKind`] order.
pub fn count<'a, F: Faceted + 'a>(stories: impl IntoIterator<Item = &'a F>) -> Vec<Facet> {
    let mut counts: HashMap<(FacetKind, String), (String, usize)> = HashMap::new();
    let mut add = |kind: FacetKind, value: String, label: String| {
        counts.entry((kind, value)).or_insert((label, 0)).1 += 1;
    };
    for meta in stories {
        values(meta, &mut add);
    }
    let mut facets: Vec<Facet> = counts
        .into_iter()
        .map(|((kind, value), (label, count))| Facet {
            kind,
            value,
            label,
            count,
            mark: None,
        })
        .collect();
    facets.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then(b.count.cmp(&a.count))
            .then_with(|| a.label.to_lowercase().cmp(&b.label.to_lowercase()))
    });
    facets
}

/// Every facet value of one story, as `add(kind, value, label)`, in the order
/// [`count`] meets them (a value's label is the first met).
fn values(meta: &impl Faceted, add: &mut impl FnMut(FacetKind, String, String)) {
    for fandom in meta.fandoms() {
        add(FacetKind::Fandom, fandom.to_owned(), fandom.to_owned());
    }
    for rel in meta.relationships() {
        // The query parser reads `a & b` as platonic and `a/b` as romantic.
        let sep = match rel.kind {
            RelationshipKind::Romantic => "/",
            RelationshipKind::Platonic => " & ",
        };
        add(
            FacetKind::Relationship,
            rel.characters.join(sep),
            rel.name.clone(),
        );
    }
    for character in meta.characters() {
        add(
            FacetKind::Character,
            character.to_owned(),
            character.to_owned(),
        );
    }
    let (value, label) = match meta.rating_level() {
        Some(level) => (level.as_str().to_owned(), level.as_str().to_owned()),
        None => ("none".to_owned(), "not stated".to_owned()),
    };
    add(FacetKind::Rating, value, label);
    add(
        FacetKind::Status,
        status_value(meta.status()).to_owned(),
        meta.status().as_str().to_owned(),
    );
}

/// Marks the facets `query` holds, however the terms were typed (`fandom:btvs`
/// marks Buffy the Vampire Slayer), and lists them first in their group, included
/// before excluded. An excluded value is in no story of the result, so it comes
/// from `every` (the facets of the whole library, asked for only when the query
/// excludes something) with a count of 0: the panel still shows what is excluded.
pub fn mark(
    facets: &mut Vec<Facet>,
    query: &Query,
    aliases: &Aliases,
    every: impl FnOnce() -> Vec<Facet>,
) {
    mark_held(facets, query, aliases);
    if query.excludes_any() {
        let mut all = every();
        mark_held(&mut all, query, aliases);
        for mut facet in all {
            let known = facets
                .iter()
                .any(|f| f.kind == facet.kind && f.value == facet.value);
            if facet.mark == Some(Held::Excluded) && !known {
                facet.count = 0;
                facets.push(facet);
            }
        }
    }
    // Stable: within a group and a mark, the most frequent first as counted.
    facets.sort_by_key(|f| (f.kind, f.mark.map_or(2, |m| m as u8)));
}

fn mark_held(facets: &mut [Facet], query: &Query, aliases: &Aliases) {
    if query.is_empty() {
        return;
    }
    let probe = |facet: &Facet| Query::parse(&facet.term(false), aliases).ok();
    let mut start = 0;
    while start < facets.len() {
        let kind = facets[start].kind;
        let end = facets[start..]
            .iter()
            .position(|f| f.kind != kind)
            .map_or(facets.len(), |n| start + n);
        // Fandoms, pairings and characters run to thousands of values: skip the
        // group unless the query filters that field at all. Ratings and statuses
        // are a handful, and their values parse to different kinds of term.
        let many = matches!(
            kind,
            FacetKind::Fandom | FacetKind::Relationship | FacetKind::Character
        );
        let wanted = !many || probe(&facets[start]).is_some_and(|p| query.filters_like(&p));
        for facet in &mut facets[start..end] {
            facet.mark = if wanted {
                probe(facet).and_then(|p| query.holds(&p))
            } else {
                None
            };
        }
        start = end;
    }
}

fn status_value(status: Status) -> &'static str {
    match status {
        crate::meta::Status::Complete => "complete",
        crate::meta::Status::InProgress => "wip",
        crate::meta::Status::Unknown => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::{Rating, RatingLevel, Relationship, Status};

    fn marked(facets: &[Facet]) -> Vec<(&str, Option<Held>, usize)> {
        facets
            .iter()
            .filter(|f| f.mark.is_some())
            .map(|f| (f.label.as_str(), f.mark, f.count))
            .collect()
    }

    #[test]
    fn the_query_marks_what_it_includes_and_excludes_however_typed() {
        let aliases = Aliases::builtin();
        let clex: &[&str] = &["Clark Kent", "Lex Luthor"];
        let stories = [
            story(&["Smallville"], &[(clex, RelationshipKind::Romantic)], None),
            story(&["Buffy the Vampire Slayer", "Smallville"], &[], None),
            story(
                &["Angel: the Series", "Smallville"],
                &[],
                Some(RatingLevel::Teen),
            ),
        ];
        let query =
            Query::parse("fandom:sv pairing:lex/clark -fandom:angel", &aliases).expect("parses");
        let result: Vec<&StoryMeta> = stories.iter().filter(|s| query.matches(s)).collect();
        assert_eq!(result.len(), 1, "only the Clark/Lex story");
        let mut facets = count(result.iter().copied());
        mark(&mut facets, &query, &aliases, || count(&stories));
        assert_eq!(
            marked(&facets),
            vec![
                ("Smallville", Some(Held::Included), 1),
                ("Angel: the Series", Some(Held::Excluded), 0),
                ("Clark Kent/Lex Luthor", Some(Held::Included), 1),
            ]
        );
        // Marked facets lead their group.
        assert_eq!(facets[0].label, "Smallville");
        // A query without exclusions never counts the whole library.
        let query = Query::parse("rating:teen", &aliases).expect("parses");
        let mut facets = count(&stories);
        mark(&mut facets, &query, &aliases, || {
            unreachable!("no exclusion")
        });
        assert_eq!(marked(&facets), vec![("teen", Some(Held::Included), 1)]);
    }

    fn story(
        fandoms: &[&str],
        rels: &[(&[&str], RelationshipKind)],
        rating: Option<RatingLevel>,
    ) -> StoryMeta {
        StoryMeta {
            fandoms: fandoms.iter().map(|f| (*f).to_owned()).collect(),
            relationships: rels
                .iter()
                .map(|(members, kind)| {
                    let characters: Vec<String> = members.iter().map(|m| (*m).to_owned()).collect();
                    let sep = if *kind == RelationshipKind::Romantic {
                        "/"
                    } else {
                        " & "
                    };
                    Relationship {
                        name: characters.join(sep),
                        kind: *kind,
                        characters,
                    }
                })
                .collect(),
            rating: rating.map(|level| Rating {
                raw: level.letter().to_owned(),
                level: Some(level),
            }),
            status: Status::Complete,
            ..StoryMeta::default()
        }
    }

    #[test]
    fn counts_and_orders_facets() {
        let clex: &[&str] = &["Clark Kent", "Lex Luthor"];
        let stories = [
            story(
                &["Smallville"],
                &[(clex, RelationshipKind::Romantic)],
                Some(RatingLevel::General),
            ),
            story(
                &["Buffy the Vampire Slayer", "Smallville"],
                &[(clex, RelationshipKind::Platonic)],
                None,
            ),
            story(&["Buffy the Vampire Slayer", "Smallville"], &[], None),
        ];
        let facets = count(&stories);
        let fandoms: Vec<(&str, usize)> = facets
            .iter()
            .filter(|f| f.kind == FacetKind::Fandom)
            .map(|f| (f.label.as_str(), f.count))
            .collect();
        assert_eq!(
            fandoms,
            vec![("Smallville", 3), ("Buffy the Vampire Slayer", 2)]
        );
        let rels: Vec<String> = facets
            .iter()
            .filter(|f| f.kind == FacetKind::Relationship)
            .map(|f| f.term(false))
            .collect();
        assert_eq!(
            rels,
            vec![
                "pairing:\"Clark Kent & Lex Luthor\"",
                "pairing:\"Clark Kent/Lex Luthor\""
            ]
        );
        let ratings: Vec<(String, usize)> = facets
            .iter()
            .filter(|f| f.kind == FacetKind::Rating)
            .map(|f| (f.term(true), f.count))
            .collect();
        assert_eq!(
            ratings,
            vec![
                ("-rating:\"none\"".to_owned(), 2),
                ("-rating:\"general\"".to_owned(), 1)
            ]
        );
    }
}
