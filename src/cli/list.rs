//! `ficread list`: the stories matching a query, as an aligned table that fits the
//! terminal or as a JSON array.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::output::{self, StoryJson};
use super::{Context, ListArgs};
use crate::display::{pad, thousands, truncate, width};
use crate::library::{Query, Story};
use crate::meta::Aliases;

/// Runs `ficread list`.
pub fn run(ctx: &Context, args: &ListArgs) -> Result<ExitCode> {
    let query = build_query(ctx, args)?;
    let library = ctx.scan()?;
    let mut matches: Vec<&Story> = library
        .stories
        .iter()
        .filter(|s| query.matches(&s.meta))
        .collect();
    matches.sort_by_cached_key(|s| (s.meta.title.to_lowercase(), s.path.clone()));

    let stdout = std::io::stdout().lock();
    let mut out = BufWriter::new(stdout);
    if args.json {
        let json: Vec<StoryJson<'_>> = matches.iter().map(|s| StoryJson::of(s)).collect();
        serde_json::to_writer_pretty(&mut out, &json).context("writing JSON")?;
        writeln!(out)?;
    } else if !matches.is_empty() {
        write_table(&mut out, &matches, &ctx.aliases, output::output_width())?;
    }
    out.flush()?;
    output::report_problems(&library.problems, 20);
    if matches.is_empty() {
        if !args.json {
            let what = if library.stories.is_empty() {
                "no stories found"
            } else {
                "no story matches"
            };
            eprintln!("ficread: {what}");
        }
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The query from the positional words and the `--fandom`/`--pairing` flags. Each
/// command-line word is one term even when it holds spaces (the shell already
/// removed its quotes: `pairing:"clark & lex"` arrives as `pairing:clark & lex`).
fn build_query(ctx: &Context, args: &ListArgs) -> Result<Query> {
    let mut words: Vec<String> = args.query.iter().map(|w| quote_word(w)).collect();
    words.extend(
        args.fandom
            .iter()
            .map(|f| quote_word(&format!("fandom:{f}"))),
    );
    words.extend(
        args.pairing
            .iter()
            .map(|p| quote_word(&format!("pairing:{p}"))),
    );
    let text = words.join(" ");
    Query::parse(&text, &ctx.aliases).with_context(|| format!("query `{text}`"))
}

fn quote_word(word: &str) -> String {
    if !word.contains(char::is_whitespace) || word.contains('"') {
        return word.to_owned();
    }
    match word.split_once(':') {
        Some((key, value)) if !key.contains(char::is_whitespace) => format!("{key}:\"{value}\""),
        _ => format!("\"{word}\""),
    }
}

/// One table column: header, cells, and how it gives way when space is short.
struct Column {
    header: &'static str,
    cells: Vec<String>,
    /// The narrowest a flexible column gets; fixed columns (`weight` 0) never shrink.
    min: usize,
    /// Share of the spare width a flexible column receives.
    weight: usize,
    right_align: bool,
}

fn write_table(
    out: &mut impl Write,
    stories: &[&Story],
    aliases: &Aliases,
    max_width: Option<usize>,
) -> std::io::Result<()> {
    let dash = "—".to_owned();
    let mut columns = vec![
        Column {
            header: "Title",
            cells: stories
                .iter()
                .map(|s| output::one_line(&s.meta.title))
                .collect(),
            min: 12,
            weight: 4,
            right_align: false,
        },
        Column {
            header: "Author",
            cells: stories
                .iter()
                .map(|s| non_empty(output::one_line(&s.meta.authors.join(", ")), &dash))
                .collect(),
            min: 6,
            weight: 2,
            right_align: false,
        },
        Column {
            header: "×",
            cells: stories
                .iter()
                .map(|s| if s.meta.crossover { "×" } else { "" }.to_owned())
                .collect(),
            min: 1,
            weight: 0,
            right_align: false,
        },
        Column {
            header: "Fandoms",
            cells: stories
                .iter()
                .map(|s| {
                    let short: Vec<String> = s
                        .meta
                        .fandoms
                        .iter()
                        .map(|f| aliases.short_fandom(f))
                        .collect();
                    non_empty(output::one_line(&short.join(", ")), &dash)
                })
                .collect(),
            min: 8,
            weight: 3,
            right_align: false,
        },
        Column {
            header: "Relationships",
            cells: stories
                .iter()
                .map(|s| {
                    let names: Vec<String> = s
                        .meta
                        .relationships
                        .iter()
                        .map(short_relationship)
                        .collect();
                    non_empty(output::one_line(&names.join(", ")), &dash)
                })
                .collect(),
            min: 8,
            weight: 3,
            right_align: false,
        },
        Column {
            header: "Rating",
            cells: stories.iter().map(|s| rating_cell(s)).collect(),
            min: 6,
            weight: 0,
            right_align: false,
        },
        Column {
            header: "Words",
            cells: stories.iter().map(|s| thousands(s.meta.words)).collect(),
            min: 5,
            weight: 0,
            right_align: true,
        },
        Column {
            header: "Status",
            cells: stories
                .iter()
                .map(|s| s.meta.status.as_str().to_owned())
                .collect(),
            min: 6,
            weight: 0,
            right_align: false,
        },
    ];
    let widths = fit_widths(&columns, max_width);
    let header: Vec<String> = columns
        .iter()
        .zip(&widths)
        .map(|(c, w)| align(c.header, *w, c.right_align))
        .collect();
    writeln!(out, "{}", header.join("  ").trim_end())?;
    for row in 0..stories.len() {
        let line: Vec<String> = columns
            .iter_mut()
            .zip(&widths)
            .map(|(c, w)| align(&c.cells[row], *w, c.right_align))
            .collect();
        writeln!(out, "{}", line.join("  ").trim_end())?;
    }
    Ok(())
}

/// `Clark Kent/Lex Luthor` → `Clark/Lex`, as fans write pairings; the full names
/// are in `--json` and `ficread info`. Two members with the same first name keep
/// their full names so the short form never merges two people.
fn short_relationship(rel: &crate::meta::Relationship) -> String {
    let first = |name: &String| {
        name.split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned()
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
        crate::meta::RelationshipKind::Romantic => "/",
        crate::meta::RelationshipKind::Platonic => " & ",
    };
    members.join(sep)
}

fn non_empty(text: String, fallback: &str) -> String {
    if text.is_empty() {
        fallback.to_owned()
    } else {
        text
    }
}

fn rating_cell(story: &Story) -> String {
    match &story.meta.rating {
        None => "—".to_owned(),
        // Short ratings read best as written (`PG-13`, `R`); long AO3 names as a letter.
        Some(r) if width(&r.raw) <= 6 => output::one_line(&r.raw),
        Some(r) => r
            .level
            .map_or_else(|| truncate(&r.raw, 6), |l| l.letter().to_owned()),
    }
}

fn align(text: &str, columns: usize, right: bool) -> String {
    if right {
        let cut = truncate(text, columns);
        format!("{}{cut}", " ".repeat(columns.saturating_sub(width(&cut))))
    } else {
        pad(text, columns)
    }
}

/// Column widths: natural widths when they fit. Otherwise fixed columns keep theirs
/// and the flexible ones share what is left by weight, none above its natural width
/// or below its minimum (then the table is wider than asked, rather than unreadable).
fn fit_widths(columns: &[Column], max_width: Option<usize>) -> Vec<usize> {
    let natural: Vec<usize> = columns
        .iter()
        .map(|c| {
            c.cells
                .iter()
                .map(|s| width(s))
                .chain([width(c.header)])
                .max()
                .unwrap_or(0)
        })
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
        .map(|(c, n)| if c.weight == 0 { *n } else { c.min.min(*n) })
        .collect();
    let mut spare = max_width.saturating_sub(widths.iter().sum::<usize>() + gaps);
    // Hand out the spare width in rounds, so a column that is satisfied early gives
    // its share back to the others.
    while spare > 0 {
        let hungry: Vec<usize> = (0..columns.len())
            .filter(|&i| columns[i].weight > 0 && widths[i] < natural[i])
            .collect();
        let total_weight: usize = hungry.iter().map(|&i| columns[i].weight).sum();
        if total_weight == 0 {
            break;
        }
        let round = spare;
        for &i in &hungry {
            let portion = (round * columns[i].weight / total_weight).max(1);
            let grant = portion.min(natural[i] - widths[i]).min(spare);
            widths[i] += grant;
            spare -= grant;
        }
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationships_shorten_to_first_names() {
        use crate::meta::{Relationship, RelationshipKind};
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
        ];
        for (rel, want) in cases {
            assert_eq!(short_relationship(&rel), want);
        }
    }

    #[test]
    fn words_with_spaces_stay_one_term() {
        assert_eq!(quote_word("pairing:clark & lex"), "pairing:\"clark & lex\"");
        assert_eq!(
            quote_word("-fandom:buffy the vampire slayer"),
            "-fandom:\"buffy the vampire slayer\""
        );
        assert_eq!(quote_word("two words"), "\"two words\"");
        assert_eq!(quote_word("glory"), "glory");
    }
}
