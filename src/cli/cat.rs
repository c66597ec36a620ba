//! `ficread cat`: the clean story text for piping: chapter headings, paragraphs
//! separated by blank lines, each scene break as one ornament line, no site chrome.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Result;

use super::output::one_line;
use super::{CatArgs, Context};
use crate::document::{Block, Document};
use crate::{format, layout};

/// The ornament printed for a scene break.
pub const SCENE_BREAK: &str = "⁂";

/// The width tables are set to: aligned columns up to this many, a row per line
/// past it (the text has no terminal to fit; this is a comfortable page).
pub const TABLE_WIDTH: usize = 100;

/// Runs `ficread cat`.
pub fn run(_ctx: &Context, args: &CatArgs) -> Result<ExitCode> {
    let doc = format::read_file(&args.path)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    write_document(&mut out, &doc)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the document as plain text.
pub fn write_document(out: &mut impl Write, doc: &Document) -> std::io::Result<()> {
    let mut first = true;
    let mut separate = |out: &mut dyn Write| -> std::io::Result<()> {
        if !std::mem::take(&mut first) {
            writeln!(out)?;
        }
        Ok(())
    };
    for chapter in &doc.chapters {
        if let Some(title) = &chapter.title {
            separate(out)?;
            writeln!(out, "{}", one_line(title))?;
        }
        for block in &chapter.blocks {
            separate(out)?;
            match block {
                Block::SceneBreak => writeln!(out, "{SCENE_BREAK}")?,
                Block::Table(table) => {
                    for line in layout::table::layout(table, TABLE_WIDTH).plain_lines(table) {
                        writeln!(out, "{}", one_line(&line))?;
                    }
                }
                other => writeln!(out, "{}", one_line(other.text()))?,
            }
        }
    }
    Ok(())
}
