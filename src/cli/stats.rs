//! `ficread stats`: reading statistics from the reading state, with fandoms and
//! relationships from the library (when one is configured), as text or JSON.

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Result;

use super::output;
use super::{Context, StatsArgs};
use crate::meta::StoryMeta;
use crate::stats::Report;

/// Fandoms and relationships listed in the text output.
const TOP: usize = 10;
/// Days listed in the text output (the JSON has every day).
const DAYS: usize = 30;

/// Runs `ficread stats`.
pub fn run(ctx: &Context, args: &StatsArgs) -> Result<ExitCode> {
    let store = ctx.open_store_reporting();
    // Without a library the totals still stand; only the groups need metadata.
    let stories = match ctx.library_roots() {
        Ok(_) => ctx.scan()?.stories,
        Err(_) => Vec::new(),
    };
    let metas: HashMap<&str, &StoryMeta> =
        stories.iter().map(|s| (s.key.as_str(), &*s.meta)).collect();
    let report = Report::build(
        store.iter().map(|(k, s)| (k.as_str(), s)),
        |key| metas.get(key).copied(),
        &crate::app::today(),
    );
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.json {
        output::write_json(&mut out, &report)?;
    } else if report.stories_read == 0 {
        writeln!(
            out,
            "Nothing read yet: reading time is counted as you read in ficread."
        )?;
    } else {
        let columns = output::output_width().unwrap_or(80);
        writeln!(out, "Reading statistics, {}", report.today)?;
        for line in report.lines(TOP, DAYS, columns) {
            writeln!(out, "{line}")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
