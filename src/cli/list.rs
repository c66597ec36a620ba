//! `ficread list`: the stories matching a query, as an aligned table that fits the
//! terminal or as a JSON array.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::output::{self, StoryJson};
use super::{Context, ListArgs};
use crate::app::reading_of;
use crate::display::width;
use crate::library::{Query, Reading, Story, Work, series_order, table};
use crate::meta::Aliases;

/// Runs `ficread list`.
pub fn run(ctx: &Context, args: &ListArgs) -> Result<ExitCode> {
    let args = &options_after_the_query(args)?;
    let query = build_query(ctx, args)?;
    let scanned = ctx.scan()?;
    let works: Vec<Work> = if args.files {
        scanned
            .stories
            .into_iter()
            .map(|s| Work {
                files: vec![s.path.clone()],
                story: s,
            })
            .collect()
    } else {
        crate::library::works(scanned.stories)
    };
    // The reading state, so `shelf:`, `favourite:`, `progress:` and `new:` mean here
    // what they mean in the library view.
    let store = ctx.open_store_reporting();
    let readings: Vec<Reading> = works
        .iter()
        .map(|w| reading_of(store.get(&w.story.key), w.story.meta.chapters).0)
        .collect();
    let mut matches: Vec<(&Work, &Reading)> = works
        .iter()
        .zip(&readings)
        .filter(|(w, reading)| query.matches_with(&w.story.meta, reading))
        .collect();
    if query.names_a_series() {
        // `list series:kansas`: the parts in reading order.
        matches.sort_by_cached_key(|(w, _)| (series_order(&w.story.meta), w.story.path.clone()));
    } else {
        matches
            .sort_by_cached_key(|(w, _)| (w.story.meta.title.to_lowercase(), w.story.path.clone()));
    }

    let stdout = std::io::stdout().lock();
    let mut out = BufWriter::new(stdout);
    if args.json {
        let json: Vec<StoryJson<'_>> = matches
            .iter()
            .map(|(w, reading)| {
                let json = if args.files {
                    StoryJson::of(&w.story)
                } else {
                    StoryJson::of_work(w)
                };
                json.with_reading(reading)
            })
            .collect();
        output::write_json(&mut out, &json)?;
    } else if !matches.is_empty() {
        let rows: Vec<(&Story, &Reading)> = matches.iter().map(|(w, r)| (&w.story, *r)).collect();
        write_table(&mut out, &rows, &ctx.aliases, output::output_width())?;
    }
    out.flush()?;
    output::report_problems(&scanned.problems, 20);
    if matches.is_empty() {
        if !args.json {
            let what = if works.is_empty() {
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

/// The query takes words that start with `-` (`-fandom:angel` excludes), so clap
/// hands over options typed after it too (`list fandom:btvs --json`). No query term
/// starts with `--`: such a word is one of `list`'s own options, taken out here.
fn options_after_the_query(args: &ListArgs) -> Result<ListArgs> {
    let mut out = ListArgs {
        query: Vec::new(),
        ..args.clone()
    };
    let mut words = args.query.iter();
    while let Some(word) = words.next() {
        let Some(option) = word.strip_prefix("--") else {
            out.query.push(word.clone());
            continue;
        };
        let (name, inline) = match option.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (option, None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| words.next().cloned())
                .with_context(|| format!("--{name} needs a value"))
        };
        match name {
            "json" => out.json = true,
            "files" => out.files = true,
            "fandom" => out.fandom.push(value()?),
            "pairing" => out.pairing.push(value()?),
            _ => anyhow::bail!("unknown option `{word}` (see `ficread list --help`)"),
        }
    }
    Ok(out)
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

/// The table; with a "Read" column (as in the library view) when any listed story has
/// been opened.
fn write_table(
    out: &mut impl Write,
    stories: &[(&Story, &Reading)],
    aliases: &Aliases,
    max_width: Option<usize>,
) -> std::io::Result<()> {
    let read_any = stories.iter().any(|(_, r)| **r != Reading::default());
    let columns = if read_any {
        table::LIBRARY_COLUMNS
    } else {
        table::LIST_COLUMNS
    };
    let mut rows: Vec<Vec<String>> = stories
        .iter()
        .map(|(s, reading)| {
            columns
                .iter()
                .map(|c| match c {
                    table::Column::Progress => table::progress_cell(reading),
                    _ => table::cell(*c, &s.meta, aliases),
                })
                .collect()
        })
        .collect();
    let natural: Vec<usize> = (0..columns.len())
        .map(|i| rows.iter().map(|r| width(&r[i])).max().unwrap_or(0))
        .collect();
    let widths = table::fit_widths(columns, &natural, max_width);
    // A narrow Read column keeps the numbers and drops words, as in the library.
    if let Some(read) = columns.iter().position(|c| *c == table::Column::Progress)
        && let Some(&room) = widths.get(read)
    {
        for (row, (_, reading)) in rows.iter_mut().zip(stories) {
            if let Some(cell) = row.get_mut(read) {
                *cell = table::progress_fit(reading, room);
            }
        }
    }
    let headers = columns.iter().zip(&widths).map(|(c, w)| c.header_for(*w));
    writeln!(out, "{}", table::join_row(headers, columns, &widths))?;
    for row in &rows {
        writeln!(
            out,
            "{}",
            table::join_row(row.iter().map(String::as_str), columns, &widths)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
