//! `ficread` with no command (the library), `ficread read PATH` and
//! `ficread --resume`: the full-screen interface.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::Context;
use crate::app::{self, App, Msg};
use crate::tui::{self, theme::Styles};

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
    let (store, notes) = ctx.open_store();
    // The first screen has room for one line: the notes are repeated in full on exit.
    let notice = (!notes.is_empty()).then(|| notes.join("; "));
    let size = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let mut app = App::new(ctx.config.clone(), ctx.aliases.clone(), store, size);
    let open = match start {
        Start::Library => app::Start::Library(ctx.scan_request()?),
        Start::Resume => app::Start::Resume(ctx.scan_request()?),
        Start::Path(path) => {
            // Checked before the terminal is taken, so a file that cannot be opened
            // (missing, a FIFO, a device, too large) is a one-line error like in every
            // other command. It is read once the terminal is up, so a long story's
            // head is drawn while the rest is read; a file whose content cannot be
            // read quits with its error.
            crate::format::check_openable(path)?;
            app::Start::File(path.to_path_buf())
        }
    };
    let styles = Styles::from_env(&ctx.config.theme);
    let first = Msg::Start {
        open,
        notice: notice.clone(),
    };
    tui::run(&mut app, first, &styles, ctx.config.reader.mouse)?;
    Ok(finish(&notes, &app))
}

/// Reports again, once the terminal is back, what the session had to say (so nothing
/// scrolls away unseen); a failed last save is a failure.
fn finish(notes: &[String], app: &App) -> ExitCode {
    for warning in notes.iter().chain(app.warnings()) {
        eprintln!("ficread: {}", crate::library::table::one_line(warning));
    }
    if app.save_error().is_some() || app.open_failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
