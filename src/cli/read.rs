//! `ficread` with no command (the library), `ficread read PATH` and
//! `ficread --resume`: the full-screen interface.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::Context;
use crate::app::App;
use crate::app::library::{Entry, Library};
use crate::keymap::Keymap;
use crate::library::Reading;
use crate::tui::{self, app_view::AppScreen, theme::Styles};

/// Runs the full-screen interface: the library, or `path` straight in the reader.
pub fn run(ctx: &Context, path: Option<&Path>) -> Result<ExitCode> {
    if !std::io::stdout().is_terminal() {
        bail!("the reader needs a terminal; use `ficread list` or `ficread cat` in scripts");
    }
    let scanned = match path {
        // A single story needs no scan; the library is empty until `q`, which quits.
        Some(_) => crate::library::Library::default(),
        None => ctx.scan()?,
    };
    let problems: Vec<String> = scanned.problems.iter().map(|p| p.message.clone()).collect();
    let entries = crate::library::works(&scanned.stories)
        .into_iter()
        .map(|work| Entry::new(work.story, Reading::default(), None, &ctx.aliases))
        .collect();
    let mut library = Library::new(
        entries,
        ctx.config.shelves.0.clone(),
        Keymap::library(&ctx.config.keys.library),
        ctx.aliases.clone(),
    );
    library.set_problems(problems);
    let size = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let mut app = App::new(ctx.config.clone(), ctx.aliases.clone(), library, size);
    if let Some(path) = path {
        app.open_path(path).map_err(anyhow::Error::msg)?;
    }
    let mut screen = AppScreen {
        app,
        styles: Styles::from_env(&ctx.config.theme),
    };
    tui::run(&mut screen, ctx.config.reader.mouse)?;
    Ok(ExitCode::SUCCESS)
}
