//! `ficread list`: the stories matching a query, as an aligned table that fits the
//! terminal or as a JSON array.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::output::{self, StoryJson};
use super::{Context, ListArgs};
use crate::display::width;
use crate::library::{Query, Story, Work, table};
use crate::meta::Aliases;

/// Runs `ficread list`.
pub fn run(ctx: &Context, args: &ListArgs) -> Result<ExitCode> {
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
    let mut matches: Vec<&Work> = works
        .iter()
        .filter(|w| query.matches(&w.story.meta))
        .collect();
    matches.sort_by_cached_key(|w| (w.story.meta.title.to_lowercase(), w.story.path.clone()));

    let stdout = std::io::stdout().lock();
    let mut out = BufWriter::new(stdout);
    if args.json {
        let json: Vec<StoryJson<'_>> = matches
            .iter()
            .map(|w| {
                if args.files {
                    StoryJson::of(&w.story)
                } else {
                    StoryJson::of_work(w)
                }
            })
            .collect();
        output::write_json(&mut out, &json)?;
    } else if !matches.is_empty() {
        let stories: Vec<&Story> = matches.iter().map(|w| &w.story).collect();
        write_table(&mut out, &stories, &ctx.aliases, output::output_width())?;
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

fn write_table(
    out: &mut impl Write,
    stories: &[&Story],
    aliases: &Aliases,
    max_width: Option<usize>,
) -> std::io::Result<()> {
    let columns = table::LIST_COLUMNS;
    let rows: Vec<Vec<String>> = stories
        .iter()
        .map(|s| {
            columns
                .iter()
                .map(|c| table::cell(*c, &s.meta, aliases))
                .collect()
        })
        .collect();
    let natural: Vec<usize> = (0..columns.len())
        .map(|i| rows.iter().map(|r| width(&r[i])).max().unwrap_or(0))
        .collect();
    let widths = table::fit_widths(columns, &natural, max_width);
    let headers = columns.iter().map(|c| c.header());
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
