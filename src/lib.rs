//! ficread: a terminal e-reader and library for fan fiction.
//!
//! The model (`document`, `format`, `meta`, `library`, `config`, `paths`) is plain Rust
//! with no terminal types; only `tui` and the binary touch the terminal.

pub mod app;
pub mod atomic_file;
pub mod cli;
pub mod config;
pub mod display;
pub mod document;
pub mod format;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod meta;
pub mod pager;
pub mod paths;
pub mod position;
pub mod search;
pub mod stats;
pub mod store;
pub mod theme;
pub mod title_page;
pub mod tui;
