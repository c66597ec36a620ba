//! The `ficread` binary: parse arguments and hand over to [`ficread::cli::run`].

use std::process::ExitCode;

use clap::Parser;

/// A large library's index is tens of thousands of small strings, decoded at every
/// start; mimalloc allocates and frees them about twice as fast as glibc's malloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ficread::cli::run(ficread::cli::Cli::parse())
}
