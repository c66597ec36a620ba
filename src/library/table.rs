//! The story table shared by `ficread list` and the library view: which columns,
//! what each cell says, and how the columns share a terminal's width.
//!
//! Cells are plain, one-line, sanitised strings; fitting is by display width, so
//! CJK titles and emoji line up.

mod titles;
mod widths;

use crate::display::{thousands, truncate, width};
use crate::meta::{Aliases, Relationship, RelationshipKind, Status, StoryMeta};

/// A column of the story table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Title,
    Author,
    /// `×` for a crossover.
    Crossover,
    Fandoms,
    Relationships,
    Rating,
    Words,
    Status,
    /// The reader's progress and shelf (library view only).
    Progress,
}

impl Column {
    /// The header text.
    pub fn header(self) -> &'static str {
        match self {
            Column::Title => "Title",
            Column::Author => "Author",
            Column::Crossover => "×",
            Column::Fandoms => "Fandoms",
            Column::Relationships => "Relationships",
            Column::Rating => "Rating",
            Column::Words => "Words",
            Column::Status => "Status",
            Column::Progress => "Read",
        }
    }

    /// The header text for a column `width` cells wide: the relationships column is
    /// headed "Pairings" when "Relationships" would be cut, since a cut header
    /// ("Relation…") reads worse than the fandom's own short word for it.
    pub fn header_for(self, width: usize) -> &'static str {
        match self {
            Column::Relationships if width < crate::display::width(self.header()) => "Pairings",
            _ => self.header(),
        }
    }

    /// The narrowest a flexible column gets. The title's minimum is the widest: it is
    /// what tells works apart, so every other column but the crossover mark, the
    /// fandoms and the pairings goes before the title is cut below it.
    pub fn min(self) -> usize {
        match self {
            Column::Title => 20,
            Column::Author => 8,
            Column::Fandoms | Column::Relationships => 9,
            _ => 1,
        }
    }

    /// What a column needs on screen when deciding which columns fit: a flexible
    /// column's [`Column::min`], a fixed column's widest usual cell. These are
    /// constants, so the set of columns shown depends on the terminal's width alone
    /// and never changes as the values in the rows do.
    pub fn reserve(self) -> usize {
        match self {
            Column::Crossover => 1,
            // `PG-13`, `Tween…` (see `rating`); Words: `99,999`, and a longer work
            // widens the column (by its result set's widest cell) without changing
            // which columns are shown.
            Column::Rating | Column::Words => 6,
            Column::Status => 8,
            Column::Progress => PROGRESS_WIDTH,
            flexible => flexible.min(),
        }
    }

    /// Share of spare width; 0 for fixed columns, which never shrink. Fandoms and
    /// pairings grow faster than the author: they are what a fan scans for.
    pub fn weight(self) -> usize {
        match self {
            Column::Title => 4,
            Column::Fandoms | Column::Relationships => 3,
            Column::Author => 1,
            _ => 0,
        }
    }

    /// Which columns go first when a terminal is too narrow for every
    /// [`Column::reserve`]: higher goes first; 0 never goes (title, crossover mark,
    /// fandoms and pairings are what a fan looks for).
    pub fn drop_order(self) -> u8 {
        match self {
            Column::Status => 5,
            Column::Rating => 4,
            Column::Words => 3,
            Column::Author => 2,
            Column::Progress => 1,
            _ => 0,
        }
    }

    /// Numbers align right.
    pub fn right_align(self) -> bool {
        matches!(self, Column::Words)
    }
}

/// The columns of `ficread list`: what the metadata says.
pub const LIST_COLUMNS: &[Column] = &LIST;

/// The library view's columns: [`LIST_COLUMNS`], then the reader's
/// [`Column::Progress`].
pub const LIBRARY_COLUMNS: &[Column] = &LIBRARY;

const LIST: [Column; 8] = [
    Column::Title,
    Column::Author,
    Column::Crossover,
    Column::Fandoms,
    Column::Relationships,
    Column::Rating,
    Column::Words,
    Column::Status,
];

const LIBRARY: [Column; LIST.len() + 1] = {
    let mut columns = [Column::Progress; LIST.len() + 1];
    let mut i = 0;
    while i < LIST.len() {
        columns[i] = LIST[i];
        i += 1;
    }
    columns
};

/// What a story shows in a metadata column (not [`Column::Progress`], which comes
/// from the reading state).
pub fn cell(column: Column, meta: &StoryMeta, aliases: &Aliases) -> String {
    let dash = || "—".to_owned();
    let text = match column {
        Column::Title => meta.title.clone(),
        Column::Author if meta.authors.is_empty() => dash(),
        Column::Author => meta.authors.join(", "),
        Column::Crossover => if meta.crossover { "×" } else { "" }.to_owned(),
        Column::Fandoms if meta.fandoms.is_empty() => dash(),
        Column::Fandoms => {
            let short: Vec<String> = meta
                .fandoms
                .iter()
                .map(|f| aliases.short_fandom(f))
                .collect();
            short.join(", ")
        }
        Column::Relationships if meta.relationships.is_empty() => dash(),
        Column::Relationships => {
            let short: Vec<String> = meta.relationships.iter().map(short_relationship).collect();
            short.join(", ")
        }
        Column::Rating => rating(meta),
        Column::Words => thousands(meta.words),
        // `WIP` is what fans write; unknown is a blank like any other missing field.
        // The full words are in `--json`, `info` and the details.
        Column::Status => match meta.status {
            Status::Complete => "complete".to_owned(),
            Status::InProgress => "WIP".to_owned(),
            Status::Unknown => dash(),
        },
        Column::Progress => String::new(),
    };
    one_line(&text)
}

/// The width of the library's Read column: `60% reading`, `♥ +2 60%`.
pub const PROGRESS_WIDTH: usize = 11;

/// The reading-state cell (`45% reading`, `done`, `♥ +2 new caught up`); empty for
/// a story never opened.
pub fn progress_cell(reading: &super::Reading) -> String {
    progress_forms(reading).swap_remove(0)
}

/// The reading-state cell in at most `columns` columns: the longest of its forms
/// that fits (`♥ +3 new 60% reading`, `♥ +3 60% reading`, `♥ +3 60%`), so a narrow
/// column keeps the numbers and drops words rather than ending in `…`.
pub fn progress_fit(reading: &super::Reading, columns: usize) -> String {
    let forms = progress_forms(reading);
    let fits = forms.iter().find(|f| width(f) <= columns);
    match fits {
        Some(form) => form.clone(),
        None => forms
            .last()
            .map_or_else(String::new, |f| truncate(f, columns)),
    }
}

/// Every form of the reading-state cell, longest first.
fn progress_forms(reading: &super::Reading) -> Vec<String> {
    use crate::store::Shelf;
    let state = match reading.shelf {
        Shelf::Unread => String::new(),
        Shelf::Finished => "done".to_owned(),
        Shelf::CaughtUp => "caught up".to_owned(),
        other => format!("{}% {other}", reading.percent),
    };
    // The percentage alone says "reading"; other shelves keep their word.
    let short_state = match reading.shelf {
        Shelf::Reading => format!("{}%", reading.percent),
        _ => state.clone(),
    };
    let heart = if reading.favourite { "♥" } else { "" };
    let (new_long, new_short) = match reading.new_chapters {
        0 => (String::new(), String::new()),
        n => (format!("+{n} new"), format!("+{n}")),
    };
    let join = |parts: &[&str]| {
        let parts: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
        parts.join(" ")
    };
    let mut forms = vec![
        join(&[heart, &new_long, &state]),
        join(&[heart, &new_short, &state]),
        join(&[heart, &new_short, &short_state]),
    ];
    // New chapters on a story read to its end: the news is the new chapters.
    if reading.shelf == Shelf::CaughtUp && reading.new_chapters > 0 {
        forms.push(join(&[heart, &new_long]));
    }
    forms
}

/// Text made safe for one terminal line: no controls, no escapes, no newlines.
pub use crate::display::one_line;

pub use titles::{TitleRank, fit_title, rank_sorted_titles, rank_titles};
pub use widths::{align, fit_widths, join_row};

fn rating(meta: &StoryMeta) -> String {
    match &meta.rating {
        None => "—".to_owned(),
        // Codes read best as written (`PG-13`, `R`, `K+`, `FR13`); AO3's names, short
        // or long, as AO3's letter, so `Mature` and `M` line up in one column.
        Some(r) => match r.level {
            Some(level) if is_spelled_out(&r.raw) => level.letter().to_owned(),
            _ if width(&r.raw) <= 6 => r.raw.clone(),
            Some(level) => level.letter().to_owned(),
            None => truncate(&r.raw, 6),
        },
    }
}

/// A rating written as words (`Mature`, `General Audiences`, `Gen`), not a code
/// (`R`, `PG-13`, `MA`, `FR13`, `FRAO`).
fn is_spelled_out(raw: &str) -> bool {
    let raw = raw.trim();
    raw.chars().any(char::is_lowercase) && raw.chars().all(|c| c.is_alphabetic() || c == ' ')
}

/// `Clark Kent/Lex Luthor` → `Clark/Lex`, as fans write pairings; the full names
/// are in `--json` and `ficread info`. Two members with the same first name keep
/// their full names so the short form never merges two people.
pub fn short_relationship(rel: &Relationship) -> String {
    // The first name, except where the first word is a title or an article (`The
    // Doctor`, `Princess Luna`, `Seven of Nine`): then the whole name, which is what
    // the character is called.
    let first = |name: &String| {
        let mut words = name.split_whitespace();
        let head = words.next().unwrap_or_default();
        let titled = matches!(
            head.to_lowercase().as_str(),
            "the"
                | "a"
                | "an"
                | "princess"
                | "prince"
                | "lord"
                | "lady"
                | "sir"
                | "king"
                | "queen"
                | "captain"
                | "doctor"
                | "dr."
                | "professor"
                | "mr."
                | "mrs."
                | "ms."
        );
        let of = name.contains(" of ");
        if (titled || of) && words.next().is_some() {
            name.clone()
        } else {
            head.to_owned()
        }
    };
    let mut short: Vec<String> = rel.characters.iter().map(first).collect();
    short.sort();
    short.dedup();
    let members: Vec<String> = if short.len() == rel.characters.len() {
        rel.characters.iter().map(first).collect()
    } else {
        rel.characters.clone()
    };
    let sep = match rel.kind {
        RelationshipKind::Romantic => "/",
        RelationshipKind::Platonic => " & ",
    };
    members.join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrow_relationships_column_is_headed_pairings() {
        assert_eq!(Column::Relationships.header_for(13), "Relationships");
        assert_eq!(Column::Relationships.header_for(9), "Pairings");
        assert_eq!(Column::Title.header_for(3), "Title");
    }

    #[test]
    fn the_library_shows_the_list_and_progress() {
        assert_eq!(
            LIBRARY_COLUMNS.split_last(),
            Some((&Column::Progress, LIST_COLUMNS))
        );
        assert!(!LIST_COLUMNS.contains(&Column::Progress));
    }

    #[test]
    fn the_reading_state_drops_words_before_numbers() {
        use crate::store::Shelf;
        let reading = |shelf, percent, new_chapters, favourite| super::super::Reading {
            shelf,
            favourite,
            percent,
            new_chapters,
        };
        let cases = [
            (
                reading(Shelf::Reading, 60, 0, false),
                "60% reading",
                "60% reading",
            ),
            (
                reading(Shelf::Reading, 60, 3, false),
                "+3 new 60% reading",
                "+3 60%",
            ),
            (
                reading(Shelf::Reading, 60, 3, true),
                "♥ +3 new 60% reading",
                "♥ +3 60%",
            ),
            (
                reading(Shelf::CaughtUp, 100, 2, false),
                "+2 new caught up",
                "+2 new",
            ),
            (
                reading(Shelf::OnHold, 5, 0, true),
                "♥ 5% on-hold",
                "♥ 5% on-ho…",
            ),
            (reading(Shelf::Finished, 100, 0, true), "♥ done", "♥ done"),
            (reading(Shelf::Unread, 0, 0, false), "", ""),
        ];
        for (reading, full, fitted) in cases {
            assert_eq!(progress_cell(&reading), full);
            assert_eq!(progress_fit(&reading, PROGRESS_WIDTH), fitted, "{full}");
            assert!(width(&progress_fit(&reading, PROGRESS_WIDTH)) <= PROGRESS_WIDTH);
        }
    }

    #[test]
    fn ratings_line_up_as_codes() {
        let shown = |raw: &str| {
            let meta = StoryMeta {
                rating: Some(crate::meta::Rating {
                    raw: raw.to_owned(),
                    level: crate::meta::RatingLevel::parse(raw),
                }),
                ..StoryMeta::default()
            };
            rating(&meta)
        };
        let cases = [
            ("Mature", "M"),
            ("General Audiences", "G"),
            ("Teen And Up Audiences", "T"),
            ("Explicit", "E"),
            ("Not Rated", "NR"),
            ("PG-13", "PG-13"),
            ("R", "R"),
            ("K+", "K+"),
            ("FR13", "FR13"),
            ("NC-17", "NC-17"),
            ("Tweenies", "Tween…"),
        ];
        for (raw, expected) in cases {
            assert_eq!(shown(raw), expected, "{raw}");
        }
        assert_eq!(rating(&StoryMeta::default()), "—");
    }

    #[test]
    fn relationships_shorten_to_first_names() {
        let rel = |kind, names: &[&str]| Relationship {
            name: String::new(),
            kind,
            characters: names.iter().map(|n| (*n).to_owned()).collect(),
        };
        let cases = [
            (
                rel(RelationshipKind::Romantic, &["Clark Kent", "Lex Luthor"]),
                "Clark/Lex",
            ),
            (
                rel(
                    RelationshipKind::Platonic,
                    &["Chloe Sullivan", "Willow Rosenberg"],
                ),
                "Chloe & Willow",
            ),
            (
                rel(RelationshipKind::Romantic, &["Spike", "Xander Harris"]),
                "Spike/Xander",
            ),
            (
                rel(
                    RelationshipKind::Romantic,
                    &["Dawn Summers", "Dawn Weasley"],
                ),
                "Dawn Summers/Dawn Weasley",
            ),
            (
                rel(RelationshipKind::Platonic, &["Jack Harkness", "The Doctor"]),
                "Jack & The Doctor",
            ),
            (
                rel(
                    RelationshipKind::Romantic,
                    &["Kathryn Janeway", "Seven of Nine"],
                ),
                "Kathryn/Seven of Nine",
            ),
        ];
        for (rel, want) in cases {
            assert_eq!(short_relationship(&rel), want);
        }
    }
}
