//! Facets: for the stories in the current result, how many have each fandom,
//! relationship, character, rating and status, like AO3's filter sidebar. Selecting
//! one turns it into a query term ([`Facet::term`]), so facets and the filter bar
//! share one query language.

use std::collections::HashMap;

use crate::meta::{RelationshipKind, StoryMeta};

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
}

impl Facet {
    /// The query term selecting (or, with `exclude`, removing) stories with this value.
    ///
    /// ```
    /// use ficread::library::facets::{Facet, FacetKind};
    /// let f = Facet { kind: FacetKind::Fandom, value: "Smallville".into(), label: "Smallville".into(), count: 3 };
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
pub fn count<'a>(stories: impl IntoIterator<Item = &'a StoryMeta>) -> Vec<Facet> {
    let mut counts: HashMap<(FacetKind, String), (String, usize)> = HashMap::new();
    let mut add = |kind: FacetKind, value: String, label: String| {
        counts.entry((kind, value)).or_insert((label, 0)).1 += 1;
    };
    for meta in stories {
        for fandom in &meta.fandoms {
            add(FacetKind::Fandom, fandom.clone(), fandom.clone());
        }
        for rel in &meta.relationships {
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
        for character in &meta.characters {
            add(FacetKind::Character, character.clone(), character.clone());
        }
        let (value, label) = match meta.rating.as_ref().and_then(|r| r.level) {
            Some(level) => (level.as_str().to_owned(), level.as_str().to_owned()),
            None => ("none".to_owned(), "not stated".to_owned()),
        };
        add(FacetKind::Rating, value, label);
        add(
            FacetKind::Status,
            status_value(meta).to_owned(),
            meta.status.as_str().to_owned(),
        );
    }
    let mut facets: Vec<Facet> = counts
        .into_iter()
        .map(|((kind, value), (label, count))| Facet {
            kind,
            value,
            label,
            count,
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

fn status_value(meta: &StoryMeta) -> &'static str {
    match meta.status {
        crate::meta::Status::Complete => "complete",
        crate::meta::Status::InProgress => "wip",
        crate::meta::Status::Unknown => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::{Rating, RatingLevel, Relationship, Status};

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
