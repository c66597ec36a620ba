//! `ficread man`: the manual page, generated from the same definitions as everything
//! else it describes — the commands and options from clap (clap_mangen), the keys from
//! the default keymaps, the query terms from [`QueryKey`](crate::library::query::QueryKey),
//! the configuration from `config.example.toml` — so it cannot drift from them.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;
use clap_mangen::roff::{Roff, bold, roman};

use super::Cli;
use crate::keymap::Keymap;

/// Writes the whole page as roff.
pub fn write(out: &mut impl Write) -> Result<()> {
    let man = clap_mangen::Man::new(Cli::command());
    man.render(out)?;
    let mut page = Roff::new();
    commands(&mut page);
    let none = std::collections::BTreeMap::new();
    keys(&mut page, "LIBRARY KEYS", &Keymap::library(&none));
    keys(&mut page, "READER KEYS", &Keymap::reader(&none));
    page.control("SH", ["QUERIES"]);
    page.text([roman(
        "Terms are ANDed; -key:value excludes; a|b inside a value means either; quote values \
         with spaces. The same language filters the library view (/), saved shelves and \
         ficread list.",
    )]);
    for (examples, help) in crate::library::query::help_rows() {
        page.control("TP", []);
        page.text([bold(examples)]);
        page.text([roman(help)]);
    }
    page.control("SH", ["CONFIGURATION"]);
    page.text([roman(
        "$XDG_CONFIG_HOME/ficread/config.toml (or --config FILE, or FICREAD_CONFIG_DIR). \
         Every option with its default:",
    )]);
    page.control("nf", []);
    for line in crate::config::EXAMPLE.lines() {
        page.text([roman(line)]);
        page.control("br", []);
    }
    page.control("fi", []);
    page.control("SH", ["FILES"]);
    for (path, what) in [
        (
            "$XDG_DATA_HOME/ficread/state.json",
            "reading state: places, bookmarks, marks, shelves, favourites, reading statistics, the last filter and sort (FICREAD_DATA_DIR)",
        ),
        (
            "$XDG_DATA_HOME/ficread/device-id",
            "this machine's id in the sync folder, made the first time sync.dir is used",
        ),
        (
            "sync.dir/<device id>.json",
            "each machine's reading state, written only by that machine and merged by the others",
        ),
        (
            "$XDG_CACHE_HOME/ficread/",
            "the index cache; safe to delete (FICREAD_CACHE_DIR)",
        ),
        (
            "ficread paths",
            "prints where each of these is on this machine",
        ),
    ] {
        page.control("TP", []);
        page.text([bold(path)]);
        page.text([roman(what)]);
    }
    page.control("SH", ["EXIT STATUS"]);
    page.text([roman(
        "0 found (or read), 1 nothing matched or the last save failed, 2 a usage or fatal \
         error (one line on stderr naming the file).",
    )]);
    page.to_writer(out)?;
    Ok(())
}

/// A section listing each action with its default keys.
fn keys(page: &mut Roff, title: &str, keymap: &Keymap) {
    page.control("SH", [title]);
    for (keys, action) in keymap.help() {
        let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
        page.control("TP", []);
        page.text([bold(keys.join(", "))]);
        page.text([roman(action.help())]);
    }
}

/// Each subcommand with its options, here rather than in pages of their own.
fn commands(page: &mut Roff) {
    let mut cli = Cli::command();
    cli.build();
    page.control("SH", ["COMMANDS"]);
    // A command with commands of its own (`sync status`) is listed by those.
    let subs = cli.get_subcommands().flat_map(|sub| {
        let nested: Vec<(String, &clap::Command)> = sub
            .get_subcommands()
            .filter(|inner| sub.get_name() != "help" && inner.get_name() != "help")
            .map(|inner| (format!("{} {}", sub.get_name(), inner.get_name()), inner))
            .collect();
        if nested.is_empty() {
            vec![(sub.get_name().to_owned(), sub)]
        } else {
            nested
        }
    });
    for (name, sub) in subs {
        page.control("TP", []);
        page.text([bold(format!("ficread {name}"))]);
        page.text([roman(
            sub.get_about().map(ToString::to_string).unwrap_or_default(),
        )]);
        // Global options are in OPTIONS above; --help is everywhere.
        let own = sub
            .get_arguments()
            .filter(|a| !a.is_hide_set() && !a.is_global_set() && a.get_id() != "help");
        for arg in own {
            let flag = match (arg.get_long(), arg.get_short()) {
                (Some(long), Some(short)) => format!("-{short}, --{long}"),
                (Some(long), None) => format!("--{long}"),
                (None, Some(short)) => format!("-{short}"),
                (None, None) => arg
                    .get_value_names()
                    .and_then(|n| n.first())
                    .map_or_else(|| arg.get_id().to_string(), ToString::to_string),
            };
            let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
            page.control("RS", []);
            page.control("TP", []);
            page.text([bold(flag)]);
            page.text([roman(help)]);
            page.control("RE", []);
        }
    }
}
