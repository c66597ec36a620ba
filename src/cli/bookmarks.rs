//! `ficread bookmarks`: every bookmark and mark in the reading state, newest story
//! first, as text or JSON.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::output::one_line;
use super::{BookmarksArgs, Context};
use crate::store::Position;

#[derive(Serialize)]
struct BookmarkJson<'a> {
    story: &'a str,
    #[serde(serialize_with = "super::output::lossy_path")]
    path: &'a std::path::Path,
    key: &'a str,
    /// `bookmark` or `mark`.
    kind: &'static str,
    /// The bookmark's id, or the mark's letter.
    id: String,
    label: &'a str,
    chapter: Option<&'a str>,
    /// How far through the story, 0–100.
    percent: f64,
    /// The text at the place.
    quote: String,
    /// Unix milliseconds (bookmarks only).
    created: Option<u64>,
}

/// Runs `ficread bookmarks`.
pub fn run(ctx: &Context, args: &BookmarksArgs) -> Result<ExitCode> {
    let store = ctx.open_store_reporting();
    let mut stories: Vec<_> = store.iter().collect();
    stories.sort_by_key(|(_, s)| std::cmp::Reverse(s.last_opened));
    let mut rows: Vec<BookmarkJson<'_>> = Vec::new();
    for (key, state) in stories {
        for (letter, position) in &state.marks {
            rows.push(entry(
                key,
                state,
                "mark",
                letter.to_string(),
                "",
                position,
                None,
            ));
        }
        let mut bookmarks: Vec<_> = state.bookmarks.iter().collect();
        bookmarks.sort_by_key(|b| b.created);
        for b in bookmarks {
            rows.push(entry(
                key,
                state,
                "bookmark",
                b.id.to_string(),
                &b.label,
                &b.position,
                Some(b.created),
            ));
        }
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.json {
        super::output::write_json(&mut out, &rows)?;
    } else {
        let mut last_story = None;
        for row in &rows {
            if last_story != Some(row.key) {
                writeln!(
                    out,
                    "{}  ({})",
                    one_line(row.story),
                    super::output::path(row.path)
                )?;
                last_story = Some(row.key);
            }
            let name = if row.kind == "mark" {
                format!("mark {}", row.id)
            } else {
                one_line(row.label)
            };
            let chapter = row
                .chapter
                .map(|c| format!("{} · ", one_line(c)))
                .unwrap_or_default();
            writeln!(
                out,
                "  {name}  [{chapter}{:.0}%]  “{}”",
                row.percent,
                one_line(&row.quote)
            )?;
        }
    }
    out.flush()?;
    if rows.is_empty() {
        if !args.json {
            eprintln!("ficread: no bookmarks yet (in the reader: m then Enter adds one)");
        }
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn entry<'a>(
    key: &'a str,
    state: &'a crate::store::StoryState,
    kind: &'static str,
    id: String,
    label: &'a str,
    position: &'a Position,
    created: Option<u64>,
) -> BookmarkJson<'a> {
    BookmarkJson {
        story: &state.title,
        path: &state.path,
        key,
        kind,
        id,
        label,
        chapter: position.chapter_title.as_deref(),
        percent: (position.fraction * 1000.0).round() / 10.0,
        quote: position.quote.snippet(),
        created,
    }
}
