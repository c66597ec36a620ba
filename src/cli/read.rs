//! `ficread` with no command (the library), `ficread read PATH` and
//! `ficread --resume`: the full-screen interface.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::Context;
use crate::app::App;
use crate::library::Problem;
use crate::store::Store;
use crate::tui::{self, app_view::AppScreen, theme::Styles};

/// What to open first.
pub enum Start<'a> {
    /// The library.
    Library,
    /// The story read last, at its place (the library when there is none).
    Resume,
    /// This file, at its saved place; `q` quits.
    Path(&'a Path),
}

/// Runs the full-screen interface.
pub fn run(ctx: &Context, start: &Start<'_>) -> Result<ExitCode> {
    if !std::io::stdout().is_terminal() {
        bail!("the reader needs a terminal; use `ficread list` or `ficread cat` in scripts");
    }
    let (store, store_warning) = Store::open(&ctx.paths.data_dir);
    let scanned = match start {
        // A single story needs no scan; the library stays empty and `q` quits.
        Start::Path(_) => crate::library::Scan::default(),
        Start::Library | Start::Resume => ctx.scan()?,
    };
    let works = crate::library::works(scanned.stories);
    let size = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let mut app = App::new(ctx.config.clone(), ctx.aliases.clone(), works, store, size);
    app.library_mut()
        .set_problems(scanned.problems.iter().map(Problem::message).collect());
    match start {
        Start::Path(path) => app.open_path(path).map_err(anyhow::Error::msg)?,
        Start::Resume => {
            if !app.resume() {
                app.library_mut()
                    .set_message("Nothing to resume yet: pick a story");
            }
        }
        Start::Library => {}
    }
    if let Some(warning) = &store_warning {
        app.library_mut().set_message(warning.clone());
    }
    let mut screen = AppScreen {
        app,
        styles: Styles::from_env(&ctx.config.theme),
        warnings: Vec::new(),
    };
    tui::run(&mut screen, ctx.config.reader.mouse)?;
    // Reported again once the terminal is back, so nothing scrolls away unseen.
    for warning in store_warning.iter().chain(&screen.warnings) {
        eprintln!("ficread: {warning}");
    }
    Ok(ExitCode::SUCCESS)
}
