//! The `ficread` binary: parse arguments and hand over to [`ficread::cli::run`].

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    ficread::cli::run(ficread::cli::Cli::parse())
}
