//! Alias tables for fandoms, characters and ship names.

/// Built-in plus user aliases.
#[derive(Debug, Clone, Default)]
pub struct Aliases {}
