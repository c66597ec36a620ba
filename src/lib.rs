//! ficread: a terminal e-reader and library for fan fiction.
//!
//! The model (`document`, `format`, `meta`, `library`, `config`, `paths`) is plain Rust
//! with no terminal types; only `tui` and the binary touch the terminal.

pub mod document;
pub mod format;
pub mod layout;
pub mod meta;
pub mod pager;
pub mod position;
pub mod search;
