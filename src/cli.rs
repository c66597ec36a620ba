//! Command-line interface: argument definitions and the commands that print plain
//! text or JSON (`list`, `info`, `cat`, `paths`, `completions`). None of these enter
//! raw mode. Exit codes: 0 found, 1 nothing matched, 2 usage or fatal error.

mod bookmarks;
mod cat;
mod info;
mod list;
mod man;
mod output;
mod progress;
mod read;
mod stats;
mod sync;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::{Args, CommandFactory, Parser, Subcommand};
use strum::IntoEnumIterator as _;

use crate::config::Config;
use crate::library::query::{self, QueryKey};
use crate::library::{self, Cache, Scan};
use crate::meta::Aliases;
use crate::paths::Paths;

/// A fast terminal e-reader and library for fan fiction.
#[derive(Debug, Parser)]
#[command(name = "ficread", version, about, long_about = None)]
pub struct Cli {
    /// Read this config file instead of the one in the config directory.
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    /// Scan this folder instead of the configured ones (repeatable).
    #[arg(long = "library", short = 'L', value_name = "DIR", global = true)]
    pub libraries: Vec<PathBuf>,

    /// Open the story you read last, at your place (like `startup = "resume"`).
    #[arg(long, short = 'r')]
    pub resume: bool,

    /// A story file to read (at your place), or a folder to open as the library.
    #[arg(value_name = "FILE|DIR")]
    pub target: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the stories that match a query, as a table or JSON.
    #[command(visible_alias = "ls")]
    List(ListArgs),
    /// Show everything known about one story, and where each field came from.
    Info(InfoArgs),
    /// Read a story in the terminal.
    Read(ReadArgs),
    /// Print a story's clean text (chapter headings, scene breaks, no site chrome).
    Cat(CatArgs),
    /// List your bookmarks and marks in every story.
    Bookmarks(BookmarksArgs),
    /// Show your reading statistics: time and words per day, fandom and
    /// relationship, pace, stories finished.
    ///
    /// A page counts once it was on screen for 2 seconds, for at most 3 minutes,
    /// with the words it showed that were not counted before in that opening of the
    /// story. Fandoms and relationships come from the library.
    Stats(StatsArgs),
    /// Share the reading state between machines through a synced folder
    /// (`sync.dir` in the config).
    Sync {
        #[command(subcommand)]
        command: SyncCommand,
    },
    /// Show where ficread reads its config and keeps its data.
    Paths,
    /// Print the manual page (roff; `ficread man | man -l -`).
    Man,
    /// Print a shell completion script.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

/// `ficread sync …`.
#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Show the sync folder, this machine, every machine seen there (its name, when
    /// it last wrote, how many works it has) and any file skipped, and why.
    Status(SyncStatusArgs),
}

/// `ficread sync status`.
#[derive(Debug, Args)]
pub struct SyncStatusArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `ficread list`.
#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    /// The query words; `--help` lists every key.
    #[arg(
        value_name = "QUERY",
        allow_hyphen_values = true,
        help = QUERY_HELP,
        long_help = query_long_help()
    )]
    pub query: Vec<String>,

    /// Only stories in this fandom (repeatable; same as `fandom:X`).
    #[arg(long, value_name = "FANDOM")]
    pub fandom: Vec<String>,

    /// Only stories with this pairing (repeatable; same as `pairing:X`).
    #[arg(long, value_name = "PAIRING")]
    pub pairing: Vec<String>,

    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,

    /// One row per file, instead of one per work (copies of a work downloaded as
    /// AO3 HTML, AO3 EPUB and FanFicFare EPUB are one work).
    #[arg(long)]
    pub files: bool,
}

/// `ficread list -h` for the query.
const QUERY_HELP: &str = "Query terms, e.g. `fandom:btvs pairing:clark/lex -fandom:angel \
                          rating:<=t status:complete words:>5000 crossover:yes glory`";

/// `ficread list --help` for the query: how terms combine, then every key from
/// [`QueryKey`], so the help lists exactly what the parser accepts.
fn query_long_help() -> String {
    let state: Vec<String> = QueryKey::iter()
        .filter(|k| k.reads_state())
        .map(|k| format!("{}:", k.name()))
        .collect();
    format!(
        "{QUERY_HELP}.\n\n\
         Terms are ANDed; `-key:value` excludes; `a|b` inside a value means either; \
         quote values with spaces.\n\n\
         {keys}\n\
         The reading-state keys ({state}) filter your own reading state, here as in \
         the library view and its saved shelves.",
        keys = query::plain_help(),
        state = state.join(", ")
    )
}

/// `ficread info`.
#[derive(Debug, Args)]
pub struct InfoArgs {
    /// The story file.
    pub path: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `ficread read`.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// The story file.
    pub path: PathBuf,
}

/// `ficread bookmarks`.
#[derive(Debug, Args)]
pub struct BookmarksArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `ficread stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print JSON instead of text (every day, every fandom and relationship).
    #[arg(long)]
    pub json: bool,
}

/// `ficread cat`.
#[derive(Debug, Args)]
pub struct CatArgs {
    /// The story file.
    pub path: PathBuf,
    /// Start with the title page: title, authors, fandoms, rating, tags, summary,
    /// disclaimer and notes (left out by default, as they are not the story).
    #[arg(long)]
    pub front_matter: bool,
}

/// What every command needs: resolved paths, the config and the alias tables.
pub struct Context {
    pub paths: Paths,
    pub config: Config,
    pub aliases: Aliases,
    /// `--library` folders, which replace the configured ones for this run.
    pub library_override: Vec<PathBuf>,
}

impl Context {
    /// Resolves paths and loads the config; errors name the file.
    pub fn load(cli: &Cli) -> Result<Self> {
        let paths = Paths::resolve(cli.config.as_deref())?;
        let config = Config::load(&paths.config_file, paths.config_explicit)?;
        let aliases = Aliases::new(&config.aliases)
            .with_context(|| format!("{}: [aliases]", paths.config_file.display()))?;
        Ok(Self {
            paths,
            config,
            aliases,
            library_override: cli.libraries.clone(),
        })
    }

    /// The reading state, with the other machines' merged in when `sync.dir` is set;
    /// and one-line notes about either (a corrupt file set aside, a peer file skipped).
    pub fn open_store(&self) -> (crate::store::Store, Vec<String>) {
        let (mut store, warning) = crate::store::Store::open(&self.paths.data_dir);
        let mut notes: Vec<String> = warning.into_iter().collect();
        if let Some(settings) = self.config.sync.settings() {
            notes.extend(store.attach_sync(&settings));
        }
        (store, notes)
    }

    /// [`Context::open_store`] for commands that print: the notes go to stderr.
    pub fn open_store_reporting(&self) -> crate::store::Store {
        let (store, notes) = self.open_store();
        for note in notes {
            eprintln!("ficread: {}", output::one_line(&note));
        }
        store
    }

    /// The folders to scan: `--library`, else the config, else `./library`.
    pub fn library_roots(&self) -> Result<Vec<PathBuf>> {
        let roots = if !self.library_override.is_empty() {
            self.library_override.clone()
        } else if !self.config.library.paths.is_empty() {
            self.config.library.paths.clone()
        } else if Path::new("library").is_dir() {
            vec![PathBuf::from("library")]
        } else {
            bail!(
                "no library folder: set library.paths in {} or pass --library DIR",
                self.paths.config_file.display()
            );
        };
        for root in &roots {
            if !root.is_dir() {
                bail!("{}: library folder does not exist", root.display());
            }
        }
        Ok(roots)
    }

    /// What the full-screen library scans, for its background scan job.
    pub fn scan_request(&self) -> Result<crate::app::ScanRequest> {
        let roots = self.library_roots()?;
        Ok(crate::app::ScanRequest {
            index: self.paths.index_file(&roots),
            roots,
            settings: self.index_settings()?,
            calibre: Box::new(self.config.calibre.columns.clone()),
        })
    }

    /// What besides the files decides their metadata (the aliases and the calibre
    /// column mapping): the index cache is rebuilt when it changes.
    fn index_settings(&self) -> Result<String> {
        let aliases = serde_json::to_string(&self.config.aliases).context("aliases")?;
        let columns = serde_json::to_string(&self.config.calibre).context("calibre")?;
        Ok(format!("{aliases}{columns}"))
    }

    /// Scans the library through the index cache. A cache that cannot be written is
    /// not an error (the scan result is still right), but is reported.
    pub fn scan(&self) -> Result<Scan> {
        let roots = self.library_roots()?;
        let settings = self.index_settings()?;
        let index = self.paths.index_file(&roots);
        let mut cache = Cache::open(&index, &settings);
        let progress = progress::ScanProgress::new();
        let scanned = library::scan_with_progress(
            &roots,
            &self.aliases,
            &self.config.calibre.columns,
            Some(&mut cache),
            &|done, total| {
                progress.update(done, total);
            },
        );
        progress.finish();
        if let Err(e) = cache.save(&scanned) {
            eprintln!(
                "ficread: {}: cannot write the index cache: {}",
                output::path(&index),
                output::one_line(&e.to_string())
            );
        }
        Ok(scanned)
    }
}

/// Runs the parsed command line; the binary's `main` is only this call.
pub fn run(cli: Cli) -> ExitCode {
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) if output::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ficread: {}", output::error_line(&e));
            ExitCode::from(2)
        }
    }
}

fn dispatch(cli: Cli) -> Result<ExitCode> {
    if let Some(Command::Completions { shell }) = &cli.command {
        let mut command = Cli::command();
        clap_complete::generate(*shell, &mut command, "ficread", &mut std::io::stdout());
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(Command::Man) = &cli.command {
        man::write(&mut std::io::stdout().lock())?;
        return Ok(ExitCode::SUCCESS);
    }
    // Every command below reads the alias tables, most of them only after opening a
    // file or the index: decoding them meanwhile takes them off the first frame.
    Aliases::prewarm();
    let mut ctx = Context::load(&cli)?;
    if let Some(target) = &cli.target {
        if target.is_dir() {
            // `ficread ~/fics`: that folder is the library, as with `-L`.
            ctx.library_override = vec![target.clone()];
        } else {
            return read::run(&ctx, &read::Start::Path(target));
        }
    }
    match cli.command {
        None if std::io::IsTerminal::is_terminal(&std::io::stdout()) => {
            let resume = cli.resume || ctx.config.startup == crate::config::Startup::Resume;
            read::run(
                &ctx,
                if resume {
                    &read::Start::Resume
                } else {
                    &read::Start::Library
                },
            )
        }
        // Piped or redirected: the table, so `ficread | grep` still means something.
        None => list::run(
            &ctx,
            &ListArgs {
                query: Vec::new(),
                fandom: Vec::new(),
                pairing: Vec::new(),
                json: false,
                files: false,
            },
        ),
        Some(Command::List(args)) => list::run(&ctx, &args),
        Some(Command::Info(args)) => info::run(&ctx, &args),
        Some(Command::Cat(args)) => cat::run(&ctx, &args),
        Some(Command::Read(args)) => read::run(&ctx, &read::Start::Path(&args.path)),
        Some(Command::Paths) => output::print_paths(&ctx),
        Some(Command::Bookmarks(args)) => bookmarks::run(&ctx, &args),
        Some(Command::Stats(args)) => stats::run(&ctx, &args),
        Some(Command::Sync {
            command: SyncCommand::Status(args),
        }) => sync::status(&ctx, &args),
        Some(Command::Completions { .. } | Command::Man) => Ok(ExitCode::SUCCESS),
    }
}
