//! Facet counts by id: every story's facet values are named once, as ids into a
//! table of distinct values, so counting a result adds integers per story where
//! [`super::count`] clones and hashes every value's text per story (at 100,000
//! stories that was most of a keystroke with the panel open).

use std::cell::OnceCell;
use std::collections::HashMap;

use super::{Facet, FacetKind, Faceted, values};

/// The facet values of every story of a library, as ids.
#[derive(Debug, Default)]
pub struct Tally {
    /// Each distinct (kind, value): what a facet counts.
    groups: Vec<(FacetKind, String)>,
    /// Each distinct (kind, value, label): its label and label lower-cased (the
    /// tie-break of the facets' order).
    labels: Vec<(String, String)>,
    /// Each label's group, apart from the labels so the count reads 4 bytes a value.
    group_of: Vec<u32>,
    /// Where each story's ids (into `labels`) begin in `ids`, and the end of the last.
    starts: Vec<u32>,
    ids: Vec<u32>,
    /// The count of every story, made on first use: the same whatever the query.
    every: OnceCell<Vec<Facet>>,
}

impl Tally {
    /// The tally of `stories`, in entry order; None past 4 billion values.
    pub fn new<'a, F: Faceted + 'a>(stories: impl IntoIterator<Item = &'a F>) -> Option<Self> {
        let mut tally = Self::default();
        let mut groups: HashMap<(FacetKind, String), u32> = HashMap::new();
        let mut labels: HashMap<(u32, String), u32> = HashMap::new();
        let mut overflow = false;
        for meta in stories {
            tally.starts.push(u32::try_from(tally.ids.len()).ok()?);
            values(meta, &mut |kind, value, label| {
                let next = u32::try_from(tally.groups.len());
                let group = *groups.entry((kind, value)).or_insert_with_key(|(k, v)| {
                    tally.groups.push((*k, v.clone()));
                    next.unwrap_or_else(|_| {
                        overflow = true;
                        0
                    })
                });
                let next = u32::try_from(tally.labels.len());
                let id = *labels.entry((group, label)).or_insert_with_key(|(g, l)| {
                    tally.labels.push((l.clone(), l.to_lowercase()));
                    tally.group_of.push(*g);
                    next.unwrap_or_else(|_| {
                        overflow = true;
                        0
                    })
                });
                tally.ids.push(id);
            });
        }
        tally.starts.push(u32::try_from(tally.ids.len()).ok()?);
        (!overflow).then_some(tally)
    }

    /// [`Tally::count`] of every story, in order.
    pub fn every(&self) -> Vec<Facet> {
        let stories = self.starts.len().saturating_sub(1);
        self.every.get_or_init(|| self.count(0..stories)).clone()
    }

    /// What [`super::count`] gives for the stories `entries` (indices into the
    /// stories given to [`Tally::new`], in the result's order: a value's label is
    /// the first story's).
    pub fn count(&self, entries: impl IntoIterator<Item = usize>) -> Vec<Facet> {
        // Per group, its count and the label met first (the first value counted).
        let mut counts = vec![(0usize, u32::MAX); self.groups.len()];
        for entry in entries {
            let (Some(&from), Some(&to)) = (self.starts.get(entry), self.starts.get(entry + 1))
            else {
                continue;
            };
            let Some(ids) = self.ids.get(from as usize..to as usize) else {
                continue;
            };
            for &id in ids {
                let Some(&group) = self.group_of.get(id as usize) else {
                    continue;
                };
                if let Some((count, first)) = counts.get_mut(group as usize) {
                    if *count == 0 {
                        *first = id;
                    }
                    *count += 1;
                }
            }
        }
        let mut facets: Vec<(Facet, &str)> = counts
            .iter()
            .zip(&self.groups)
            .filter(|((count, _), _)| *count > 0)
            .filter_map(|(&(count, first), (kind, value))| {
                let (label, lower) = self.labels.get(first as usize)?;
                let facet = Facet {
                    kind: *kind,
                    value: value.clone(),
                    label: label.clone(),
                    count,
                    mark: None,
                };
                Some((facet, lower.as_str()))
            })
            .collect();
        facets.sort_by(|(a, a_lower), (b, b_lower)| {
            a.kind
                .cmp(&b.kind)
                .then(b.count.cmp(&a.count))
                .then_with(|| a_lower.cmp(b_lower))
        });
        facets.into_iter().map(|(facet, _)| facet).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::{Relationship, RelationshipKind, StoryMeta};

    /// Facets in an order that does not depend on how ties were broken.
    fn settled(mut facets: Vec<Facet>) -> Vec<Facet> {
        facets.sort_by(|a, b| (a.kind, &a.value, &a.label).cmp(&(b.kind, &b.value, &b.label)));
        facets
    }

    #[test]
    fn counts_what_counting_the_stories_counts() {
        let story =
            |fandoms: &[&str], rel: Option<(&str, &[&str])>, characters: &[&str]| StoryMeta {
                fandoms: fandoms.iter().map(|f| (*f).to_owned()).collect(),
                relationships: rel
                    .map(|(name, members)| Relationship {
                        name: name.to_owned(),
                        kind: RelationshipKind::Romantic,
                        characters: members.iter().map(|m| (*m).to_owned()).collect(),
                    })
                    .into_iter()
                    .collect(),
                characters: characters.iter().map(|c| (*c).to_owned()).collect(),
                ..StoryMeta::default()
            };
        let clex: &[&str] = &["Clark Kent", "Lex Luthor"];
        let stories = [
            story(&["Smallville"], Some(("Clark/Lex", clex)), &["Chloe"]),
            story(
                &["Smallville", "Buffy"],
                Some(("Clark Kent/Lex Luthor", clex)),
                &[],
            ),
            story(&["Buffy"], None, &["Chloe", "Spike"]),
            story(&[], Some(("Clark Kent/Lex Luthor", clex)), &["Spike"]),
        ];
        let tally = Tally::new(&stories).expect("small");
        for chosen in [
            vec![0, 1, 2, 3],
            vec![3, 2, 1, 0],
            vec![1, 3],
            vec![2],
            vec![],
            vec![3, 0],
        ] {
            let counted = super::super::count(chosen.iter().map(|&i| &stories[i]));
            let tallied = tally.count(chosen.iter().copied());
            assert_eq!(settled(tallied.clone()), settled(counted), "{chosen:?}");
            // Most frequent first within a kind.
            assert!(
                tallied
                    .windows(2)
                    .all(|w| (w[0].kind, std::cmp::Reverse(w[0].count))
                        <= (w[1].kind, std::cmp::Reverse(w[1].count))),
                "{chosen:?}"
            );
        }
        // The label is the first story's, in the result's order.
        let label = |chosen: &[usize]| {
            tally
                .count(chosen.iter().copied())
                .into_iter()
                .find(|f| f.kind == FacetKind::Relationship)
                .map(|f| f.label)
        };
        assert_eq!(label(&[0, 1]).as_deref(), Some("Clark/Lex"));
        assert_eq!(label(&[1, 0]).as_deref(), Some("Clark Kent/Lex Luthor"));
        assert_eq!(tally.every(), tally.count(0..stories.len()));
    }
}
