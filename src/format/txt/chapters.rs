//! Chapter headings (FORMATS.md §8.1): which stand-alone short lines start chapters.
//!
//! [`classify`] recognises a candidate from its text alone; [`plan`] decides, over
//! the whole body, which candidates are real:
//! - strong forms (`Chapter 1`, `CHAPTER IV.`, `Part Two`, `VOLUME I`, `Prologue`,
//!   localised `Chapitre 3`) are trusted alone;
//! - weak forms (`1. Title`, `Un : Kiba`, `~2~`, `II`, `One`) only as an increasing
//!   sequence from 1, or as the single titled heading that opens the body; they are
//!   ignored when the text has two or more strong chapter headings (numbered lists);
//! - a run of headings with no text between them is a table of contents (all but
//!   the last are skipped), a volume + chapter pair (one title, `VOLUME I — CHAPTER
//!   I`), or a duplicate (TtH repeats `Chapter One` around the disclaimer: merged,
//!   and what sat between the two becomes notes);
//! - a few title-page lines before the first heading are front matter, not an
//!   untitled chapter.
//!
//! No heading ever produces an empty chapter: a chapter's heading is its title and
//! its blocks come from the text that follows.

mod heading;

pub(super) use heading::{Candidate, HeadingKind, classify};

use super::body::{Texts, Unit};

/// What the planner decided for one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Body text (or a gap or break), kept as it is.
    Body,
    /// Starts a chapter with this title (an index into [`Plan::titles`]; not the
    /// title itself, so a long story's roles, one per unit, take a few bytes each);
    /// the unit itself is not a block.
    Start(u32),
    /// Dropped: a table-of-contents entry or a duplicate heading.
    Skip,
    /// Kept as a note: text between TtH's duplicate headings (the disclaimer).
    Aside,
    /// Title-page text before the first heading: metadata, not a chapter.
    FrontMatter,
}

/// The role of every unit, and the titles of the chapters they start.
pub(super) struct Plan {
    pub roles: Vec<Role>,
    pub titles: Vec<String>,
}

impl Plan {
    /// The title of [`Role::Start`]`(index)`.
    pub fn title(&self, index: u32) -> &str {
        self.titles.get(index as usize).map_or("", String::as_str)
    }

    fn start(&mut self, title: String) -> Role {
        let index = u32::try_from(self.titles.len()).unwrap_or(u32::MAX);
        self.titles.push(title);
        Role::Start(index)
    }
}

/// Decides the role of every unit (made from `texts`); `title` renders a heading
/// unit's title.
pub(super) fn plan(texts: Texts<'_>, units: &[Unit], title: impl Fn(&str) -> String) -> Plan {
    let mut plan = Plan {
        roles: Vec::new(),
        titles: Vec::new(),
    };
    let mut roles = vec![Role::Body; units.len()];
    // text_before[i] = number of text units in units[..i]: "is there text between
    // two headings" is then O(1).
    let mut text_before = Vec::with_capacity(units.len() + 1);
    text_before.push(0usize);
    for unit in units {
        let count =
            text_before.last().copied().unwrap_or(0) + usize::from(matches!(unit, Unit::Text(_)));
        text_before.push(count);
    }
    let texts_between = |a: usize, b: usize| -> usize {
        let (a, b) = (a.min(b), a.max(b));
        text_before
            .get(b)
            .copied()
            .unwrap_or(0)
            .saturating_sub(text_before.get(a + 1).copied().unwrap_or(0))
    };

    let candidates: Vec<(usize, Candidate)> = units
        .iter()
        .enumerate()
        .filter_map(|(i, unit)| match unit {
            Unit::Text(text) => text.heading().map(|c| (i, c)),
            _ => None,
        })
        .collect();
    let accepted = accept(&candidates, &text_before);

    // Group headings with no text between them.
    let mut groups: Vec<Vec<(usize, Candidate)>> = Vec::new();
    for &(index, candidate) in &accepted {
        match groups.last_mut() {
            Some(group)
                if group
                    .last()
                    .is_some_and(|&(last, _)| texts_between(last, index) == 0) =>
            {
                group.push((index, candidate));
            }
            _ => groups.push(vec![(index, candidate)]),
        }
    }
    let unit_title = |index: usize| match units.get(index) {
        Some(Unit::Text(unit)) => title(&unit.raw(texts)),
        _ => String::new(),
    };
    let mut starts: Vec<usize> = Vec::new();
    for group in &groups {
        let Some(&(last, last_candidate)) = group.last() else {
            continue;
        };
        if group.len() == 1 {
            if last_candidate.kind != HeadingKind::Contents {
                roles[last] = plan.start(unit_title(last));
                starts.push(last);
            }
            continue;
        }
        for &(index, _) in group {
            roles[index] = Role::Skip;
        }
        let titles: Vec<String> = group.iter().map(|&(i, _)| unit_title(i)).collect();
        let same = titles.windows(2).all(|w| same_title(&w[0], &w[1]));
        let first_kind = group.first().map(|&(_, c)| c.kind);
        if last_candidate.kind == HeadingKind::Contents {
            continue;
        }
        let title = if !same
            && group.len() == 2
            && first_kind != Some(last_candidate.kind)
            && first_kind != Some(HeadingKind::Contents)
        {
            titles.join(" — ")
        } else {
            titles.last().cloned().unwrap_or_default()
        };
        roles[last] = plan.start(title);
        starts.push(last);
    }

    // TtH repeats a chapter's heading after its disclaimer: one chapter, and what
    // sat between the two headings becomes notes.
    for pair in starts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if let (Role::Start(ta), Role::Start(tb)) = (roles[a], roles[b])
            && same_title(plan.title(ta), plan.title(tb))
            && texts_between(a, b) <= 4
        {
            roles[b] = Role::Skip;
            for (role, unit) in roles.iter_mut().zip(units).take(b).skip(a + 1) {
                if matches!(unit, Unit::Text(_)) && *role == Role::Body {
                    *role = Role::Aside;
                }
            }
        }
    }

    // A few title-page lines before the first heading are not a chapter.
    if let Some(&first_start) = starts.first() {
        let before: Vec<usize> = (0..first_start)
            .filter(|&i| matches!(units.get(i), Some(Unit::Text(_))) && roles[i] == Role::Body)
            .collect();
        let title_page = !before.is_empty()
            && before.len() <= 4
            && before.iter().all(|&i| match units.get(i) {
                Some(Unit::Text(unit)) => is_title_page_line(&unit.raw(texts)),
                _ => false,
            });
        if title_page {
            for i in before {
                roles[i] = Role::FrontMatter;
            }
        }
    }
    plan.roles = roles;
    plan
}

/// Keeps strong candidates and the weak ones that form a sequence.
fn accept(candidates: &[(usize, Candidate)], text_before: &[usize]) -> Vec<(usize, Candidate)> {
    let strong_chapters = candidates
        .iter()
        .filter(|(_, c)| matches!(c.kind, HeadingKind::Chapter | HeadingKind::Container))
        .count();
    let mut weak_ok = vec![false; candidates.len()];
    if strong_chapters < 2 {
        let mut expected: Option<u32> = None;
        let mut count = 0;
        for (slot, (_, candidate)) in candidates.iter().enumerate() {
            if candidate.kind != HeadingKind::Numbered {
                continue;
            }
            let Some(value) = candidate.number else {
                continue;
            };
            let fits = match expected {
                None => value <= 1,
                Some(next) => value == next,
            };
            if fits {
                weak_ok[slot] = true;
                expected = Some(value + 1);
                count += 1;
            }
        }
        if count < 2 {
            weak_ok.fill(false);
            // A single titled heading that opens the body (`Un : Kiba`).
            if let Some(slot) = candidates
                .iter()
                .position(|(_, c)| c.kind == HeadingKind::Numbered)
                && let Some(&(index, candidate)) = candidates.get(slot)
                && candidate.titled
                && candidate.number == Some(1)
                && text_before.get(index).copied() == Some(0)
            {
                weak_ok[slot] = true;
            }
        }
    }
    candidates
        .iter()
        .zip(weak_ok)
        .filter(|((_, c), ok)| c.kind != HeadingKind::Numbered || *ok)
        .map(|(&pair, _)| pair)
        .collect()
}

fn same_title(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    norm(a) == norm(b)
}

/// `PRIDE AND PREJUDICE`, `by`, `(1818)`: short, and not a sentence.
fn is_title_page_line(text: &str) -> bool {
    text.split_whitespace().count() <= 12
        && !text.trim_end().ends_with(['.', '!', '?', '…', '"', '”'])
}
