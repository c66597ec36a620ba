//! Application state, free of terminal types: the views' models and the rules that
//! change them. The TUI draws these and feeds them keys.

pub mod library;
pub mod reader;
