//! `ficread read`: open one story in the reading view.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{Context, ReadArgs};
use crate::app::reader::Reader;
use crate::format;
use crate::library;
use crate::meta;
use crate::tui::{self, reader_view::ReaderScreen, theme::Styles};

/// Runs `ficread read`.
pub fn run(ctx: &Context, args: &ReadArgs) -> Result<ExitCode> {
    if !std::io::stdout().is_terminal() {
        bail!("ficread read needs a terminal; use `ficread cat` to print a story");
    }
    let doc = format::read_file(&args.path)?;
    let meta = meta::extract_with_fallback(
        &doc,
        &ctx.aliases,
        &library::title_from_file_name(&args.path),
    );
    let title = meta.title;
    let size = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let mut screen = ReaderScreen {
        reader: Reader::new(doc, &title, &ctx.config, size),
        styles: Styles::from_env(&ctx.config.theme),
    };
    tui::run(&mut screen, ctx.config.reader.mouse)?;
    Ok(ExitCode::SUCCESS)
}
