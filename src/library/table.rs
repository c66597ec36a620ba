//! The story table shared by `ficread list` and the library view: which columns,
//! what each cell says, and how the columns share a terminal's width.
//!
//! Cells are plain, one-line, sanitised strings; fitting is by display width, so
//! CJK titles and emoji line up.

use crate::display::{pad, thousands, truncate, width};
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

    /// The narrowest a flexible column gets.
    pub fn min(self) -> usize {
        match self {
            Column::Title => 14,
            Column::Author => 6,
            Column::Fandoms | Column::Relationships => 8,
            _ => 1,
        }
    }

    /// Share of spare width; 0 for fixed columns, which never shrink.
    pub fn weight(self) -> usize {
        match self {
            Column::Title => 4,
            Column::Fandoms | Column::Relationships => 3,
            Column::Author => 2,
            _ => 0,
        }
    }

    /// Which columns go first when even the minimum widths do not fit: higher goes
    /// first; 0 never goes (title, crossover mark, fandoms and pairings are what a
    /// fan looks for).
    pub fn drop_order(self) -> u8 {
        match self {
            Column::Rating => 5,
            Column::Author => 4,
            Column::Words => 3,
            Column::Status => 2,
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

/// The reading-state cell (`45% reading`, `done`, `♥ +2 new caught up`); empty for
/// a story never opened.
pub fn progress_cell(reading: &super::Reading) -> String {
    use crate::store::Shelf;
    let mut text = match reading.shelf {
        Shelf::Unread => String::new(),
        Shelf::Finished => "done".to_owned(),
        Shelf::CaughtUp => "caught up".to_owned(),
        other => format!("{}% {other}", reading.percent),
    };
    if reading.new_chapters > 0 {
        text = format!("+{} new {text}", reading.new_chapters);
    }
    if reading.favourite {
        text = format!("♥ {text}");
    }
    text.trim().to_owned()
}

/// Text made safe for one terminal line: no controls, no escapes, no newlines.
pub use crate::display::one_line;

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

/// Column widths: natural widths (the widest cell or header) when they fit.
/// Otherwise fixed columns keep theirs and the flexible ones share what is left by
/// weight, none above its natural width or below its minimum. When even the
/// minimums do not fit, columns are hidden (width 0) in [`Column::drop_order`];
/// what remains may still overflow rather than become unreadable.
pub fn fit_widths(columns: &[Column], natural: &[usize], max_width: Option<usize>) -> Vec<usize> {
    let mut shown: Vec<bool> = vec![true; columns.len()];
    if let Some(max_width) = max_width {
        let least = |shown: &[bool]| -> usize {
            let visible: Vec<usize> = (0..columns.len()).filter(|&i| shown[i]).collect();
            let cells: usize = visible
                .iter()
                .map(|&i| {
                    let n = natural
                        .get(i)
                        .copied()
                        .unwrap_or(0)
                        .max(width(columns[i].header()));
                    if columns[i].weight() == 0 {
                        n
                    } else {
                        columns[i].min().min(n)
                    }
                })
                .sum();
            cells + 2 * visible.len().saturating_sub(1)
        };
        let mut order: Vec<usize> = (0..columns.len())
            .filter(|&i| columns[i].drop_order() > 0)
            .collect();
        order.sort_by_key(|&i| std::cmp::Reverse(columns[i].drop_order()));
        for i in order {
            if least(&shown) <= max_width {
                break;
            }
            shown[i] = false;
        }
    }
    let kept: Vec<Column> = (0..columns.len())
        .filter(|&i| shown[i])
        .map(|i| columns[i])
        .collect();
    let kept_natural: Vec<usize> = (0..columns.len())
        .filter(|&i| shown[i])
        .map(|i| natural.get(i).copied().unwrap_or(0))
        .collect();
    let mut fitted = fit_shown(&kept, &kept_natural, max_width).into_iter();
    shown
        .iter()
        .map(|&on| if on { fitted.next().unwrap_or(0) } else { 0 })
        .collect()
}

fn fit_shown(columns: &[Column], natural: &[usize], max_width: Option<usize>) -> Vec<usize> {
    let natural: Vec<usize> = columns
        .iter()
        .zip(natural)
        .map(|(c, n)| (*n).max(width(c.header())))
        .collect();
    let Some(max_width) = max_width else {
        return natural;
    };
    let gaps = 2 * columns.len().saturating_sub(1);
    if natural.iter().sum::<usize>() + gaps <= max_width {
        return natural;
    }
    let mut widths: Vec<usize> = columns
        .iter()
        .zip(&natural)
        .map(|(c, n)| if c.weight() == 0 { *n } else { c.min().min(*n) })
        .collect();
    let mut spare = max_width.saturating_sub(widths.iter().sum::<usize>() + gaps);
    // Hand out the spare width in rounds, so a column that is satisfied early gives
    // its share back to the others.
    while spare > 0 {
        let hungry: Vec<usize> = (0..columns.len())
            .filter(|&i| columns[i].weight() > 0 && widths[i] < natural[i])
            .collect();
        let total_weight: usize = hungry.iter().map(|&i| columns[i].weight()).sum();
        if total_weight == 0 {
            break;
        }
        let round = spare;
        for &i in &hungry {
            let portion = (round * columns[i].weight() / total_weight).max(1);
            let grant = portion.min(natural[i] - widths[i]).min(spare);
            widths[i] += grant;
            spare -= grant;
        }
    }
    widths
}

/// One table line: each shown cell aligned to its width, two spaces apart, hidden
/// (zero-width) columns left out, trailing spaces trimmed.
pub fn join_row<'a>(
    cells: impl Iterator<Item = &'a str>,
    columns: &[Column],
    widths: &[usize],
) -> String {
    let parts: Vec<String> = cells
        .zip(columns.iter().zip(widths))
        .filter(|(_, (_, w))| **w > 0)
        .map(|(text, (c, w))| align(text, *w, c.right_align()))
        .collect();
    parts.join("  ").trim_end().to_owned()
}

/// A cell fitted to `columns`, truncated with `…` and padded (right-aligned numbers).
pub fn align(text: &str, columns: usize, right: bool) -> String {
    if right {
        let cut = truncate(text, columns);
        format!("{}{cut}", " ".repeat(columns.saturating_sub(width(&cut))))
    } else {
        pad(text, columns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_library_shows_the_list_and_progress() {
        assert_eq!(
            LIBRARY_COLUMNS.split_last(),
            Some((&Column::Progress, LIST_COLUMNS))
        );
        assert!(!LIST_COLUMNS.contains(&Column::Progress));
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

    #[test]
    fn fixed_columns_keep_their_width_and_flexible_ones_share() {
        let columns = [Column::Title, Column::Author, Column::Status];
        let natural = [40, 30, 11];
        assert_eq!(fit_widths(&columns, &natural, None), vec![40, 30, 11]);
        assert_eq!(fit_widths(&columns, &natural, Some(200)), vec![40, 30, 11]);
        let fitted = fit_widths(&columns, &natural, Some(50));
        assert_eq!(fitted[2], 11, "status never shrinks");
        assert_eq!(fitted.iter().sum::<usize>() + 4, 50, "{fitted:?}");
        assert!(
            fitted[0] > fitted[1],
            "the title gets the larger share: {fitted:?}"
        );
        // Too narrow for the minimums: whole columns go, least important first.
        assert_eq!(fit_widths(&columns, &natural, Some(35)), vec![14, 6, 11]);
        assert_eq!(fit_widths(&columns, &natural, Some(34)), vec![21, 0, 11]);
        assert_eq!(fit_widths(&columns, &natural, Some(27)), vec![14, 0, 11]);
        assert_eq!(fit_widths(&columns, &natural, Some(26)), vec![26, 0, 0]);
        assert_eq!(fit_widths(&columns, &natural, Some(10)), vec![14, 0, 0]);
    }

    #[test]
    fn aligned_rows_skip_hidden_columns() {
        let widths = [5, 0, 3];
        assert_eq!(
            join_row(
                ["abcdefg", "hidden", "1"].iter().copied(),
                &[Column::Title, Column::Author, Column::Words],
                &widths
            ),
            "abcd…    1"
        );
    }
}
