//! Reading statistics: the reading logs in the store summed into what `ficread stats`
//! and the library's stats popup show (totals, the last 7 and 30 days, each day, the
//! fandoms and relationships read most, pace, stories finished). Pure: the store's
//! state and each story's metadata in, a [`Report`] out.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::display::{one_line, pad, thousands, truncate, width};
use crate::library::facets::Faceted;
use crate::store::{StoryState, Tally};

/// Reading summed over a span, with its pace.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub secs: u64,
    pub words: u64,
    pub pages: u64,
    pub finished: u64,
    /// Words per minute over the counted time; `None` when no time was counted.
    pub pace: Option<u64>,
}

impl From<Tally> for Totals {
    fn from(t: Tally) -> Self {
        Totals {
            secs: t.secs,
            words: t.words,
            pages: t.pages,
            finished: t.finished,
            pace: t.pace(),
        }
    }
}

/// One day's reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayRow {
    /// Local date, `YYYY-MM-DD`.
    pub day: String,
    #[serde(flatten)]
    pub totals: Totals,
}

/// The reading of the stories of one fandom or relationship.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub name: String,
    /// Stories of it with any reading counted.
    pub stories: usize,
    #[serde(flatten)]
    pub totals: Totals,
}

/// Everything the statistics show; its JSON is `ficread stats --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The local date the report was made for.
    pub today: String,
    pub today_totals: Totals,
    pub last_7_days: Totals,
    pub last_30_days: Totals,
    pub all_time: Totals,
    /// Stories with any reading counted.
    pub stories_read: usize,
    /// Days with reading, newest first.
    pub days: Vec<DayRow>,
    /// Most time first (then most words, then name).
    pub fandoms: Vec<Group>,
    pub relationships: Vec<Group>,
}

impl Report {
    /// Sums the reading logs of `states`; `meta_of` gives a story's metadata by key
    /// (stories not in the library count in the totals but in no fandom).
    pub fn build<'a, M: Faceted + 'a>(
        states: impl IntoIterator<Item = (&'a str, &'a StoryState)>,
        meta_of: impl Fn(&str) -> Option<&'a M>,
        today: &str,
    ) -> Report {
        let week_start = days_before(today, 6);
        let month_start = days_before(today, 29);
        let mut by_day: BTreeMap<String, Tally> = BTreeMap::new();
        let mut fandoms: BTreeMap<String, (usize, Tally)> = BTreeMap::new();
        let mut relationships: BTreeMap<String, (usize, Tally)> = BTreeMap::new();
        let mut stories_read = 0;
        for (key, state) in states {
            if state.reading.is_empty() {
                continue;
            }
            let total = state.reading.total();
            if total.secs == 0 && total.words == 0 && total.finished == 0 {
                continue;
            }
            stories_read += 1;
            for (day, tally) in state.reading.days() {
                let slot = by_day.entry(day.to_owned()).or_default();
                *slot = slot.plus(tally);
            }
            if let Some(meta) = meta_of(key) {
                for fandom in meta.fandoms() {
                    add_group(&mut fandoms, fandom, total);
                }
                for relationship in meta.relationships() {
                    add_group(&mut relationships, &relationship.name, total);
                }
            }
        }
        let sum_from = |start: &str| {
            by_day
                .range(start.to_owned()..)
                .filter(|(day, _)| day.as_str() <= today)
                .fold(Tally::default(), |sum, (_, &t)| sum.plus(t))
        };
        let all = by_day
            .values()
            .fold(Tally::default(), |sum, &t| sum.plus(t));
        Report {
            today: today.to_owned(),
            today_totals: by_day.get(today).copied().unwrap_or_default().into(),
            last_7_days: sum_from(&week_start).into(),
            last_30_days: sum_from(&month_start).into(),
            all_time: all.into(),
            stories_read,
            days: by_day
                .iter()
                .rev()
                .map(|(day, &t)| DayRow {
                    day: day.clone(),
                    totals: t.into(),
                })
                .collect(),
            fandoms: ranked(fandoms),
            relationships: ranked(relationships),
        }
    }

    /// The report as text lines for a terminal: names sanitised, at most `top`
    /// fandoms and relationships and `days` days, fitted to `columns`.
    pub fn lines(&self, top: usize, days: usize, columns: usize) -> Vec<String> {
        let mut lines = Vec::new();
        let head = format!(
            "{}{:>9}{:>10}{:>7}{:>10}",
            pad("", 14),
            "time",
            "words",
            "pages",
            "finished"
        );
        lines.push(head);
        for (name, t) in [
            ("Today", self.today_totals),
            ("Last 7 days", self.last_7_days),
            ("Last 30 days", self.last_30_days),
            ("All time", self.all_time),
        ] {
            lines.push(format!(
                "{}{:>9}{:>10}{:>7}{:>10}",
                pad(name, 14),
                duration(t.secs),
                thousands(t.words as usize),
                thousands(t.pages as usize),
                t.finished
            ));
        }
        let pace = self
            .all_time
            .pace
            .map_or_else(|| "–".to_owned(), |p| format!("{p} words/min"));
        let stories = if self.stories_read == 1 {
            "story"
        } else {
            "stories"
        };
        lines.push(format!(
            "Pace {pace} · {} {stories} read · {} finished",
            self.stories_read, self.all_time.finished
        ));
        for (title, groups) in [
            ("Top fandoms", &self.fandoms),
            ("Top relationships", &self.relationships),
        ] {
            if groups.is_empty() {
                continue;
            }
            lines.push(String::new());
            lines.push(title.to_owned());
            for group in groups.iter().take(top) {
                lines.push(group_line(group, columns));
            }
        }
        if !self.days.is_empty() && days > 0 {
            lines.push(String::new());
            lines.push("By day".to_owned());
            for row in self.days.iter().take(days) {
                let t = row.totals;
                let pages = if t.pages == 1 { "page" } else { "pages" };
                lines.push(format!(
                    "  {}{:>9}{:>10} words{:>6} {pages}",
                    row.day,
                    duration(t.secs),
                    thousands(t.words as usize),
                    t.pages
                ));
            }
        }
        lines
            .into_iter()
            .map(|line| truncate(&line, columns))
            .collect()
    }
}

fn group_line(group: &Group, columns: usize) -> String {
    let mut numbers = String::new();
    let _ = write!(
        numbers,
        "{:>9}{:>10} words",
        duration(group.totals.secs),
        thousands(group.totals.words as usize)
    );
    let name_width = columns.saturating_sub(width(&numbers) + 2).clamp(8, 40);
    format!(
        "  {}{numbers}",
        pad(&truncate(&one_line(&group.name), name_width), name_width)
    )
}

fn add_group(groups: &mut BTreeMap<String, (usize, Tally)>, name: &str, tally: Tally) {
    let slot = groups.entry(name.to_owned()).or_default();
    slot.0 += 1;
    slot.1 = slot.1.plus(tally);
}

fn ranked(groups: BTreeMap<String, (usize, Tally)>) -> Vec<Group> {
    let mut out: Vec<Group> = groups
        .into_iter()
        .map(|(name, (stories, t))| Group {
            name,
            stories,
            totals: t.into(),
        })
        .collect();
    out.sort_by(|a, b| {
        (b.totals.secs, b.totals.words)
            .cmp(&(a.totals.secs, a.totals.words))
            .then_with(|| a.name.cmp(&b.name))
    });
    out
}

/// `1h 05m`, `12m`, `40s`.
pub fn duration(secs: u64) -> String {
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{}m", secs / 60),
        _ => format!("{}h {:02}m", secs / 3600, secs % 3600 / 60),
    }
}

/// The local date `n` days before `day` (`YYYY-MM-DD`); `day` itself when it is
/// not a date.
fn days_before(day: &str, n: i64) -> String {
    day.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| d.checked_sub(jiff::Span::new().days(n)).ok())
        .map_or_else(|| day.to_owned(), |d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::{Relationship, RelationshipKind, StoryMeta};

    fn state(days: &[(&str, u64, u64)], finished: u64) -> StoryState {
        let mut state = StoryState::default();
        for &(day, secs, words) in days {
            state.reading.add(
                day,
                "p",
                Tally {
                    secs,
                    words,
                    pages: 1,
                    finished: 0,
                },
            );
        }
        if finished > 0 {
            state.reading.add(
                days[0].0,
                "q",
                Tally {
                    finished,
                    ..Tally::default()
                },
            );
        }
        state
    }

    fn meta(fandoms: &[&str], pairing: Option<&str>) -> StoryMeta {
        StoryMeta {
            fandoms: fandoms.iter().map(|f| (*f).to_owned()).collect(),
            relationships: pairing
                .map(|p| Relationship {
                    name: p.to_owned(),
                    kind: RelationshipKind::Romantic,
                    characters: Vec::new(),
                })
                .into_iter()
                .collect(),
            ..StoryMeta::default()
        }
    }

    #[test]
    fn totals_windows_and_groups() {
        let a = state(&[("2024-05-10", 600, 3000), ("2024-05-04", 60, 200)], 1);
        let b = state(&[("2024-04-20", 1200, 5000), ("2024-03-01", 60, 100)], 0);
        let c = state(&[("2024-05-10", 120, 400)], 0);
        let untouched = StoryState::default();
        let metas = [
            ("a", meta(&["Smallville"], Some("Clark Kent/Lex Luthor"))),
            ("b", meta(&["Smallville", "Buffy"], None)),
        ];
        let states = [("a", &a), ("b", &b), ("c", &c), ("d", &untouched)];
        let report = Report::build(
            states,
            |key| metas.iter().find(|(k, _)| *k == key).map(|(_, m)| m),
            "2024-05-10",
        );
        assert_eq!(report.today_totals.secs, 720);
        assert_eq!(report.last_7_days.secs, 780, "05-04 is the 7th day back");
        assert_eq!(report.last_30_days.secs, 1980, "04-20 is inside 30 days");
        assert_eq!(report.all_time.secs, 2040);
        assert_eq!(report.all_time.words, 8700);
        assert_eq!(report.all_time.finished, 1);
        assert_eq!(report.all_time.pace, Some(8700 * 60 / 2040));
        assert_eq!(report.stories_read, 3);
        let days: Vec<&str> = report.days.iter().map(|d| d.day.as_str()).collect();
        assert_eq!(
            days,
            ["2024-05-10", "2024-05-04", "2024-04-20", "2024-03-01"]
        );
        let fandoms: Vec<(&str, usize, u64)> = report
            .fandoms
            .iter()
            .map(|g| (g.name.as_str(), g.stories, g.totals.secs))
            .collect();
        assert_eq!(fandoms, [("Smallville", 2, 1920), ("Buffy", 1, 1260)]);
        assert_eq!(report.relationships.len(), 1);
        assert_eq!(report.relationships[0].totals.words, 3200);
    }

    #[test]
    fn lines_are_sanitised_and_fit() {
        let a = state(&[("2024-05-10", 4000, 3000)], 0);
        let hostile = meta(
            &["Evil\x1b[31m fandom\nwith a very long name that goes on"],
            None,
        );
        let report = Report::build([("a", &a)], |_| Some(&hostile), "2024-05-10");
        let lines = report.lines(5, 5, 60);
        assert!(lines.iter().all(|l| width(l) <= 60), "{lines:#?}");
        assert!(
            lines
                .iter()
                .all(|l| !l.contains('\x1b') && !l.contains('\n'))
        );
        assert!(lines.iter().any(|l| l.contains("1h 06m")), "{lines:#?}");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(59), "59s");
        assert_eq!(duration(61), "1m");
        assert_eq!(duration(3_900), "1h 05m");
    }
}
