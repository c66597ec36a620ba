//! Structure-aware fuzzing on the stable toolchain, one target per parser: story text,
//! HTML, EPUB (zip), the library query language, the config file and the state file.
//! Inputs are generated from each format's grammar (see the generator modules) and
//! mixed with byte-level mutations of the real files under `tests/fixtures`,
//! `library/` and `../shared/corpus`. Each input must finish without a panic, keep
//! the target's invariants, and stay within the time and memory bounds in `harness`.
//!
//! `cargo test --test fuzz` runs every target for 2 s from a fixed seed
//! (`FICREAD_FUZZ_SECS` changes the time and draws a new seed; the seed is printed,
//! `FICREAD_FUZZ_SEED` replays it) and replays every kept input under
//! `tests/fixtures/fuzz-regressions/<target>/`. A long run:
//! `FICREAD_FUZZ_SECS=600 cargo test --release --test fuzz fuzz::epub -- --nocapture`.

#![allow(
    clippy::cast_possible_wrap,
    clippy::format_push_string,
    clippy::too_many_lines
)]

#[path = "../support/epub.rs"]
mod epub;

mod book;
mod config;
mod corpus;
mod harness;
mod markup;
mod measure;
mod mutate;
mod query;
mod rng;
mod state;
mod story;
mod targets;

macro_rules! targets {
    ($($name:ident => $target:path),* $(,)?) => {
        /// Each target fuzzed for `FICREAD_FUZZ_SECS` seconds.
        mod fuzz {
            $(
                #[test]
                fn $name() {
                    crate::harness::run(&$target, crate::harness::Mode::Fuzz, concat!("fuzz::", stringify!($name)));
                }
            )*
        }
        /// Every kept input, replayed.
        mod replay {
            $(
                #[test]
                fn $name() {
                    crate::harness::run(&$target, crate::harness::Mode::Replay, concat!("replay::", stringify!($name)));
                }
            )*
        }
        /// Kept inputs of findings not fixed yet (`<target>/open/`).
        mod open {
            $(
                #[test]
                #[ignore = "findings not fixed yet: see tests/fixtures/fuzz-regressions/README.md"]
                fn $name() {
                    crate::harness::run(&$target, crate::harness::Mode::ReplayOpen, concat!("open::", stringify!($name)));
                }
            )*
        }
    };
}

targets! {
    text => crate::targets::TEXT,
    html => crate::targets::HTML,
    epub => crate::targets::EPUB,
    query => crate::targets::QUERY,
    config => crate::targets::CONFIG,
    state => crate::targets::STATE,
}
