//! `ficread cat`: the clean story text for piping: chapter headings, paragraphs
//! separated by blank lines, each scene break as one ornament line, no site chrome.
//! With `--front-matter`, the title page first (summary, disclaimer, notes).

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Result;

use super::output::one_line;
use super::{CatArgs, Context};
use crate::document::{Block, Document};
use crate::{format, layout, title_page};

/// The ornament printed for a scene break.
pub const SCENE_BREAK: &str = "⁂";

/// The width tables are set to: aligned columns up to this many, a row per line
/// past it (the text has no terminal to fit; this is a comfortable page).
pub const TABLE_WIDTH: usize = 100;

/// Runs `ficread cat`.
pub fn run(ctx: &Context, args: &CatArgs) -> Result<ExitCode> {
    let mut doc = format::read_file(&args.path)?;
    if args.front_matter {
        let fallback = crate::library::title_from_file_name(&args.path);
        let meta = crate::meta::extract_with_fallback(&doc, &ctx.aliases, &fallback);
        // No library here, so no neighbouring parts of a series to name.
        let page = title_page::build(&meta, &doc.raw, &title_page::Neighbours::default());
        title_page::insert(&mut doc, page);
    }
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
        if chapter.is_title_page() {
            // Its fields are one list, not paragraphs: the page's own layout.
            separate(out)?;
            write!(out, "{}", title_page::plain_text(chapter))?;
            continue;
        }
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
