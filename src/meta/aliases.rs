//! Alias tables for fandoms, characters and ship names.

use std::collections::BTreeMap;

/// The user's aliases from the config's `[aliases]` section (alias → canonical).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UserAliases {
    /// Fandom alias → canonical fandom name.
    pub fandoms: BTreeMap<String, String>,
    /// Character alias → canonical character name.
    pub characters: BTreeMap<String, String>,
    /// Ship name → relationship (`Chloe Sullivan/Lex Luthor`).
    pub ships: BTreeMap<String, String>,
}

/// Built-in plus user aliases.
#[derive(Debug, Clone, Default)]
pub struct Aliases {}

// Temporary stand-ins until the alias tables land; same signatures as the real API.
impl Aliases {
    /// The canonical name of a fandom ficread knows, or `None`.
    pub fn known_fandom(&self, name: &str) -> Option<String> {
        let _ = name;
        None
    }

    /// The canonical fandom name, or the input cleaned up.
    pub fn fandom_name(&self, name: &str) -> String {
        name.trim().to_owned()
    }

    /// The canonical character name, or the input cleaned up.
    pub fn character_name(&self, name: &str) -> String {
        name.trim().to_owned()
    }

    /// A user-typed relationship (`clark/lex`, `clex`), canonicalised.
    pub fn relationship(&self, text: &str) -> Option<super::Relationship> {
        let _ = text;
        None
    }
}

impl Aliases {
    /// Built-in aliases plus the user's.
    pub fn new(user: &UserAliases) -> Result<Self, String> {
        let _ = user;
        Ok(Self {})
    }
}
