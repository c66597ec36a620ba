//! The built-in alias data (`builtin.toml`, embedded with `include_str!`) and its
//! schema. The file is parsed once, on first use; a unit test proves it parses and
//! is internally consistent, so the `expect` below cannot fire in a released build.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The embedded data file.
pub(super) const SOURCE: &str = include_str!("builtin.toml");

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BuiltinFile {
    /// Words that never count as evidence for a fandom (common given names and words).
    pub weak_tokens: Vec<String>,
    #[serde(rename = "fandom")]
    pub fandoms: Vec<FandomData>,
}

/// One `[[fandom]]` entry. The field meanings are documented in the file header.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FandomData {
    pub name: String,
    /// A short display name for tight tables (`BtVS`); defaults to `name`.
    #[serde(default)]
    pub short: Option<String>,
    pub family: String,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub context_names: Vec<String>,
    #[serde(default)]
    pub field_names: Vec<String>,
    /// Archive sites that host only this fandom (`fimfiction.net`).
    #[serde(default)]
    pub sites: Vec<String>,
    #[serde(default)]
    pub terms: Vec<String>,
    #[serde(default)]
    pub characters: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub ships: BTreeMap<String, String>,
}

/// Parses the embedded file.
pub(super) fn parse() -> Result<BuiltinFile, toml::de::Error> {
    toml::from_str(SOURCE)
}
