//! Page chrome above the header of a journal entry saved as text (LiveJournal,
//! Dreamwidth, InsaneJournal): the journal's name, its navigation, the entry's date,
//! subject and mood lines, before `Title:`/`Author:`/… and the story.
//!
//! The header is the densest run of field lines in the opening stretch of the file
//! (the non-blank lines before the first line of prose), wherever it starts. When
//! recognised furniture sits above that run, everything above it is the preamble:
//! the walk starts at the run, furniture reveals the site and the poster, the subject
//! line becomes evidence, and unrecognised lines up there (the journal's title, a
//! site's menu) are dropped. Without a run, a cluster of furniture at the top of the
//! file is the preamble and the story follows it. A file with no furniture at the top
//! has no preamble, whatever field lines it holds: the ordinary header walk reads it.
//!
//! Only the opening stretch is looked at, and it ends at the first line of prose, so
//! a body paragraph starting with `Rating:` half-way through a story is never a run.

use std::sync::LazyLock;

use regex::Regex;

use super::super::chrome;
use super::super::layout::Lines;
use super::fields::{self, clean_value};
use super::line_kind::{self, Kind, is_prose, is_title_like};
use super::subject;
use crate::document::{FieldKey, RawField, raw::Origin};
use crate::format::site_chrome::journal;

/// How many non-blank lines the opening stretch may have.
const OPENING_LINES: usize = 60;
/// Field lines a run needs to be the header.
const MIN_RUN: usize = 2;
/// Non-field lines allowed between two field lines of one run (a wrapped value, a
/// note, an `<lj-cut>`).
const RUN_GAP: usize = 1;
/// Furniture lines of one cluster may be this many non-blank lines apart.
const CLUSTER_GAP: usize = 3;

/// What the lines above the header say, and where the header walk starts.
#[derive(Debug, Default)]
pub(super) struct Preamble {
    /// Index of the first line the header walk reads (0: no preamble).
    pub start: usize,
    pub site: Option<&'static str>,
    /// Fields from the subject line.
    pub fields: Vec<RawField>,
    /// The account that posted the entry, used when the header names no author.
    pub poster: Option<RawField>,
}

/// Role of one line of the opening stretch.
#[derive(Debug)]
enum Role {
    Field,
    Chrome(chrome::HeaderChrome),
    Subject(subject::Subject),
    Other,
}

/// A journal user name alone on the first line (LiveJournal S2 styles put the
/// journal's user name above its title).
static USER_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9][a-z0-9_-]{1,29}$").expect("valid regex"));

/// Reads the preamble, if the file has one.
pub(super) fn read(lines: &Lines<'_>) -> Preamble {
    let stretch = opening_stretch(lines);
    if !stretch
        .iter()
        .any(|(_, role)| matches!(role, Role::Chrome(_)))
    {
        return Preamble::default();
    }
    let run = densest_run(&stretch);
    let start = match run {
        Some(run_start) => {
            let chrome_above = stretch
                .iter()
                .any(|(i, role)| *i < run_start && matches!(role, Role::Chrome(_)));
            if !chrome_above {
                return Preamble::default();
            }
            run_start
        }
        // Without a header, only furniture that names its site makes a preamble: a
        // lone date line may be a diary fic's own heading.
        None => match cluster_end(&stretch).filter(|_| {
            stretch
                .iter()
                .any(|(_, role)| matches!(role, Role::Chrome(c) if c.site.is_some()))
        }) {
            Some(end) => end,
            None => return Preamble::default(),
        },
    };
    let mut preamble = Preamble {
        start,
        ..Preamble::default()
    };
    let first_line = stretch.first().map(|(i, _)| *i);
    for (i, role) in stretch.iter().filter(|(i, _)| *i < start) {
        let line_no = i + 1;
        match role {
            Role::Chrome(found) => {
                preamble.site = most_specific(preamble.site, found.site);
                if let Some(name) = &found.poster {
                    preamble.poster.get_or_insert_with(|| poster(name, line_no));
                }
            }
            Role::Subject(found) => {
                if !preamble.fields.iter().any(|f| f.label == "subject line") {
                    preamble.fields.extend(subject::fields(found, line_no));
                }
            }
            Role::Field | Role::Other => {}
        }
    }
    if run.is_some() {
        preamble.fields.extend(above_run(lines, &stretch, start));
    }
    // `inkwell` alone above `[entries|friends|…]`: the journal's user name.
    if preamble.poster.is_none()
        && let Some(first) = first_line.filter(|&i| i < start)
        && let Some(line) = lines.get(first)
        && USER_NAME.is_match(line.text)
    {
        preamble.poster = Some(poster(line.text, first + 1));
    }
    preamble
}

/// The opening stretch: non-blank lines from the top, each with its role, up to
/// the first line of prose or [`OPENING_LINES`].
fn opening_stretch(lines: &Lines<'_>) -> Vec<(usize, Role)> {
    let mut stretch = Vec::new();
    let mut first = true;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        if stretch.len() >= OPENING_LINES {
            break;
        }
        let role = role_of(line.text, first);
        first = false;
        if matches!(role, Role::Other) && is_prose(line.text) {
            break;
        }
        stretch.push((i, role));
    }
    stretch
}

fn role_of(text: &str, first: bool) -> Role {
    // A subject line first: `fic: Title (x)` is also shaped like a DW icon line.
    if let Some(found) = subject::parse(text, true) {
        return Role::Subject(found);
    }
    if let Some(found) = fields::parse_field_line(text, 0, false) {
        if found.iter().all(|f| f.key == FieldKey::Tag) && !found.is_empty() {
            return Role::Other;
        }
        return Role::Field;
    }
    // Journal furniture only: TtH's navigation has its own rules in the walk.
    if let Some(found) = journal::header_line(text) {
        return Role::Chrome(chrome::HeaderChrome {
            site: found.site,
            poster: found.poster,
        });
    }
    if first && chrome::is_dw_icon_line(text) {
        return Role::Chrome(chrome::HeaderChrome {
            site: Some(chrome::DREAMWIDTH),
            poster: text.split_once(':').map(|(name, _)| name.to_owned()),
        });
    }
    Role::Other
}

/// A title line and a byline between the last furniture line and the header run
/// (`Salt Lines` / `by inkwell` above `Rating: PG-13`): what the walk would have
/// read there, had the page not put furniture above them.
fn above_run(lines: &Lines<'_>, stretch: &[(usize, Role)], run_start: usize) -> Vec<RawField> {
    let after_chrome = stretch
        .iter()
        .filter(|(i, role)| *i < run_start && matches!(role, Role::Chrome(_)))
        .map(|(i, _)| i + 1)
        .next_back()
        .unwrap_or(0);
    let mut fields = Vec::new();
    let mut title: Option<(usize, &str)> = None;
    for (i, role) in stretch
        .iter()
        .filter(|(i, _)| (after_chrome..run_start).contains(i))
    {
        let (Role::Other, Some(line)) = (role, lines.get(*i)) else {
            continue;
        };
        match line_kind::classify(line.text, i + 1, false, false) {
            Kind::Byline(name) => fields.push(
                RawField::new(
                    FieldKey::Author,
                    "byline",
                    clean_value(&name),
                    Origin::Loose,
                )
                .at_line(i + 1),
            ),
            Kind::Other if is_title_like(line.text) => title = Some((*i, line.text)),
            _ => {}
        }
    }
    if let Some((i, text)) = title {
        fields.insert(
            0,
            RawField::new(
                FieldKey::Title,
                "title line",
                clean_value(text),
                Origin::Loose,
            )
            .at_line(i + 1),
        );
    }
    fields
}

/// The start of the densest run of field lines with at least [`MIN_RUN`] of them;
/// the earliest of equals. Furniture breaks a run.
fn densest_run(stretch: &[(usize, Role)]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    let mut current: Option<(usize, usize)> = None;
    let mut gap = 0;
    for (i, role) in stretch {
        match role {
            Role::Field => {
                current = match current {
                    Some((start, score)) if gap <= RUN_GAP => Some((start, score + 1)),
                    _ => Some((*i, 1)),
                };
                gap = 0;
                if let Some((start, score)) = current
                    && score >= MIN_RUN
                    && best.is_none_or(|(_, best_score)| score > best_score)
                {
                    best = Some((start, score));
                }
            }
            Role::Chrome(_) => {
                current = None;
                gap = 0;
            }
            Role::Subject(_) | Role::Other => gap += 1,
        }
    }
    best.map(|(start, _)| start)
}

/// Without a header run: the line after the last furniture line of the cluster at
/// the top of the file, plus a subject line right under it. The cluster must start
/// among the first few lines, as page furniture does.
fn cluster_end(stretch: &[(usize, Role)]) -> Option<usize> {
    let first = stretch
        .iter()
        .position(|(_, role)| matches!(role, Role::Chrome(_)))?;
    if first > CLUSTER_GAP {
        return None;
    }
    let mut last = first;
    for (position, (_, role)) in stretch.iter().enumerate().skip(first + 1) {
        if position > last + CLUSTER_GAP {
            break;
        }
        if matches!(role, Role::Chrome(_) | Role::Subject(_)) {
            last = position;
        }
    }
    stretch.get(last).map(|(i, _)| i + 1)
}

/// The site a journal page is from: Dreamwidth and InsaneJournal kept much of
/// LiveJournal's wording, so their own signs win over LiveJournal's.
fn most_specific(
    current: Option<&'static str>,
    found: Option<&'static str>,
) -> Option<&'static str> {
    match (current, found) {
        (Some(chrome::LIVEJOURNAL) | None, Some(found)) => Some(found),
        (current, _) => current,
    }
}

fn poster(name: &str, line: usize) -> RawField {
    RawField::new(FieldKey::Author, "poster", clean_value(name), Origin::Loose).at_line(line)
}

#[cfg(test)]
mod tests {
    use super::super::super::layout;
    use super::*;

    fn preamble_of(text: &str) -> Preamble {
        read(&layout::split(text))
    }

    #[test]
    fn header_after_journal_chrome() {
        let p = preamble_of(
            "inkwell\nInk & Ashes\n[entries|friends|calendar|user info]\nPrevious Entry | Next Entry\nJun. 3rd, 2007 at 11:42 PM\nFic: Salt Lines (SPN/BtVS, Dean/Faith, PG-13)\nCurrent Mood: accomplished\n\nTitle: Salt Lines\nAuthor: inkwell\nRating: PG-13\n\nThe motel in Sioux Falls had a neon sign that buzzed like a wasp caught in a jar, all night.\n",
        );
        assert_eq!(p.start, 8);
        assert_eq!(p.site, Some(chrome::LIVEJOURNAL));
        assert_eq!(p.poster.map(|f| f.joined()).as_deref(), Some("inkwell"));
        let keys: Vec<FieldKey> = p.fields.iter().map(|f| f.key).collect();
        assert_eq!(keys, [FieldKey::Title, FieldKey::Rating, FieldKey::Subject]);
    }

    #[test]
    fn furniture_cluster_without_header() {
        let p = preamble_of(
            "nightjar_fics\n[ entries | friends | calendar | user info ]\nFiclet: Night Shift (Torchwood, Jack/Ianto, PG)\nAug. 12th, 2008 at 2:15 AM\nCurrent Mood: sleepy\n\nIanto found Jack on the roof at four in the morning, which was not where Jack was supposed to be.\n",
        );
        assert_eq!(p.start, 5);
        assert_eq!(
            p.poster.map(|f| f.joined()).as_deref(),
            Some("nightjar_fics")
        );
        assert_eq!(
            p.fields.first().map(RawField::joined).as_deref(),
            Some("Night Shift")
        );
    }

    #[test]
    fn title_and_byline_between_furniture_and_header() {
        let p = preamble_of(
            "Ink & Ashes\n[entries|friends|calendar|user info]\nJun. 3rd, 2007 at 11:42 PM\n\nSalt Lines\nby Salt and Pepper\n\nRating: PG-13\nPairing: Dean/Faith\n\nThe motel in Sioux Falls had a neon sign that buzzed like a wasp caught in a jar.\n",
        );
        let got: Vec<(FieldKey, String)> = p.fields.iter().map(|f| (f.key, f.joined())).collect();
        // The journal's title above the furniture is not the story's.
        assert_eq!(
            got,
            [
                (FieldKey::Title, "Salt Lines".to_owned()),
                (FieldKey::Author, "Salt and Pepper".to_owned()),
            ]
        );
    }

    #[test]
    fn tth_navigation_is_no_journal_preamble() {
        let p = preamble_of(
            "Large PrintHandheldAudioRating\nRules for Challenges\n\nSummary: Lex finds a Slayer.\n\nCategories Author Rating Chapters Words Recs Reviews Hits Published Updated Complete\nSmallville > Buffy-CenteredaforgottenwishFR15821,3431106,99512 Apr 073 Aug 07No\n",
        );
        assert_eq!(p.start, 0);
    }

    #[test]
    fn no_furniture_no_preamble() {
        // A plain header: the walk reads it as before.
        let p = preamble_of("His Hero\n\nRating: G\nFandom: Smallville\n\nClark ran.\n");
        assert_eq!(p.start, 0);
        assert!(p.fields.is_empty());
        // Field lines after prose are body, even below furniture-like lines.
        let p = preamble_of(
            "Clark walked down the long road toward the farm, thinking about everything that had happened that week.\n\nJun. 3rd, 2007\nRating: PG\nWarning: the bridge was out.\n",
        );
        assert_eq!(p.start, 0);
    }
}
