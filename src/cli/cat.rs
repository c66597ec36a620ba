//! `ficread cat`: the clean story text for piping: chapter headings, paragraphs
//! separated by blank lines, each scene break as one ornament line, no site chrome.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Result;

use super::output::one_line;
use super::{CatArgs, Context};
use crate::document::{Block, Document};
use crate::format;

/// The ornament printed for a scene break.
pub const SCENE_BREAK: &str = "⁂";

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
                other => writeln!(out, "{}", one_line(other.text()))?,
            }
        }
        // The chapter's footnotes, each led by its marker, after its text.
        for block in &chapter.blocks {
            for note in block.notes() {
                let marker = block.text().get(note.range.clone()).unwrap_or_default();
                for (i, paragraph) in note.paragraphs.iter().enumerate() {
                    separate(out)?;
                    if i == 0 {
                        writeln!(out, "{} {}", one_line(marker), one_line(paragraph))?;
                    } else {
                        writeln!(out, "{}", one_line(paragraph))?;
                    }
                }
            }
        }
    }
    Ok(())
}
