//! Alias tables for fandoms, characters and ship names: the built-in data
//! (`aliases/builtin.toml`) overlaid with the user's `[aliases]` config section.
//!
//! [`Aliases`] answers the questions both metadata extraction and the query language
//! ask: which fandom a name means (`btvs` → Buffy the Vampire Slayer), which
//! character (`Kal-El` → Clark Kent), which relationship a typed pairing is
//! (`clex`, `clark/lex`, `Lex Luthor/Clark Kent` → the same relationship), whether a
//! set of fandoms is a crossover, and the stable keys the index stores
//! (`f:smallville`, `c:lex-luthor`, `r:clark-kent/lex-luthor`).
//!
//! Invariants: user entries win over built-in ones; unknown names pass through
//! cleaned (never dropped); cloning an `Aliases` is cheap (the tables are shared).

mod builtin;
mod compiled;
pub(crate) mod tables;

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use self::tables::{BodyTarget, Level, ShipEntry, Tables, character_key_of};
use super::Relationship;
use super::fandom::names::{display_name, strip_author_suffix};
use super::normalize::{
    collapse_spaces, fandom_lookup_key, name_lookup_key, slug, strip_media_suffix, words,
};
use super::relationship;

/// The user's own aliases: the `[aliases]` section of the config file.
///
/// ```toml
/// [aliases.fandoms]
/// "Buffyverse" = "Buffy the Vampire Slayer"
/// "Sanctuary (TV)" = "Sanctuary"
///
/// [aliases.characters]
/// "Lexi" = "Lex Luthor"
///
/// [aliases.ships]
/// "Chlex" = "Chloe Sullivan/Lex Luthor"
/// ```
///
/// Each table maps an alias (matched ignoring case and punctuation) to a canonical
/// value. Entries here win over ficread's built-in tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UserAliases {
    /// Fandom alias → canonical fandom name. A canonical name ficread does not know
    /// becomes a fandom of its own (its own universe for crossover purposes).
    pub fandoms: BTreeMap<String, String>,
    /// Character alias → canonical character name (`"Lexi" = "Lex Luthor"`).
    pub characters: BTreeMap<String, String>,
    /// Ship name → the relationship it stands for, written with `/` (romantic) or
    /// `&` (platonic): `"Chlex" = "Chloe Sullivan/Lex Luthor"`.
    pub ships: BTreeMap<String, String>,
}

/// Why alias tables could not be built: a bad entry in the user's `[aliases]`, or
/// broken built-in data (`builtin_data_is_valid` catches that before a release).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AliasError {
    /// An entry of `aliases.<table>` whose alias is blank.
    #[error("aliases.{table}: an alias is empty")]
    EmptyAlias { table: &'static str },
    /// An entry of `aliases.<table>` whose canonical name is blank.
    #[error("aliases.{table}: {alias:?} maps to an empty name")]
    EmptyName { table: &'static str, alias: String },
    /// A user ship whose value is not two or more names joined by `/` or `&`.
    #[error(
        "aliases.ships: {alias:?} = {value:?} is not a relationship \
         (write two or more names joined by / or &)"
    )]
    NotARelationship { alias: String, value: String },
    #[error("builtin.toml: {0}")]
    BuiltinSyntax(#[source] toml::de::Error),
    #[error("fandom {fandom:?}: empty name {name:?}")]
    BuiltinEmptyName { fandom: String, name: String },
    /// Two built-in fandoms list names with the same lookup key.
    #[error("fandom name {key:?} is claimed by both {first:?} and {second:?}")]
    BuiltinNameClash {
        key: String,
        first: String,
        second: String,
    },
    #[error("builtin.toml: ship {name:?} = {value:?} is not a relationship of known characters")]
    BuiltinShip { name: String, value: String },
}

/// Built-in plus user aliases, indexed for lookups. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Aliases {
    pub(crate) tables: SharedTables,
}

/// The built-in tables, decoded on first use: a story's first frame should not wait
/// for them before it needs them, and [`Aliases::prewarm`] decodes them on another
/// core meanwhile.
static BUILTIN: LazyLock<Tables> = LazyLock::new(|| {
    // The compiled tables are checked against the data file by a test, so decoding
    // cannot fail in a released build; building from the TOML is the slow fallback.
    if let Ok(tables) = compiled::decode() {
        return tables;
    }
    // The embedded data is constant; `tests::builtin_data_is_valid` loads it, so a
    // broken data file fails the test suite instead of reaching a user.
    let aliases =
        Aliases::load_builtin().expect("built-in alias data is valid (see builtin_data_is_valid)");
    aliases.tables.clone_tables()
});

/// The tables an [`Aliases`] reads: the process's built-in tables, or its own copy
/// with the user's entries added. Derefs to [`Tables`].
#[derive(Clone)]
pub(crate) struct SharedTables(Option<Arc<Tables>>);

impl SharedTables {
    /// The built-in tables, not decoded until first read.
    const BUILTIN: Self = Self(None);

    fn own(tables: Tables) -> Self {
        Self(Some(Arc::new(tables)))
    }

    /// The tables to change, copied from the built-in ones (or another `Aliases`
    /// sharing them) on first write.
    fn make_mut(&mut self) -> &mut Tables {
        let shared = self.0.get_or_insert_with(|| Arc::new(BUILTIN.clone()));
        Arc::make_mut(shared)
    }

    fn clone_tables(&self) -> Tables {
        Tables::clone(self)
    }
}

impl std::ops::Deref for SharedTables {
    type Target = Tables;

    fn deref(&self) -> &Tables {
        match &self.0 {
            Some(tables) => tables,
            None => &BUILTIN,
        }
    }
}

impl std::fmt::Debug for SharedTables {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The tables run to thousands of entries; which kind is what a reader needs.
        f.write_str(if self.0.is_some() {
            "SharedTables(own)"
        } else {
            "SharedTables(built-in)"
        })
    }
}

impl Default for Aliases {
    /// The built-in tables, with no user entries.
    fn default() -> Self {
        Self::builtin()
    }
}

impl Aliases {
    /// The built-in tables only. Parsed once per process.
    pub fn builtin() -> Self {
        Self {
            tables: SharedTables::BUILTIN,
        }
    }

    /// Starts decoding the built-in tables on another thread, so that the first
    /// lookup (a story's metadata, a library filter) finds them ready or nearly so
    /// instead of decoding them itself. Returns at once; harmless to call twice.
    pub fn prewarm() {
        // A failed spawn only means the first lookup decodes them itself.
        let _ = std::thread::Builder::new()
            .name("aliases".into())
            .spawn(|| LazyLock::force(&BUILTIN));
    }

    /// The built-in tables overlaid with the user's entries.
    ///
    /// Errors name the offending entry: an empty alias or value, or a ship whose
    /// value is not a relationship of two or more names.
    ///
    /// ```
    /// use ficread::meta::aliases::{Aliases, UserAliases};
    /// let mut user = UserAliases::default();
    /// user.ships.insert("Chlexana".into(), "Chloe Sullivan/Lana Lang/Lex Luthor".into());
    /// let aliases = Aliases::new(&user).unwrap();
    /// let ship = aliases.parse_relationship("chlexana").unwrap();
    /// assert_eq!(ship.name, "Chloe Sullivan/Lana Lang/Lex Luthor");
    ///
    /// user.ships.insert("Oops".into(), "Hurt/Comfort".into());
    /// assert!(Aliases::new(&user).is_err());
    /// ```
    pub fn new(user: &UserAliases) -> Result<Self, AliasError> {
        let mut aliases = Self::builtin();
        if user.fandoms.is_empty() && user.characters.is_empty() && user.ships.is_empty() {
            // Shared, not copied: most users add no aliases.
            return Ok(aliases);
        }
        {
            // Copy-on-write: the first user entry clones the shared built-in tables.
            let tables = aliases.tables.make_mut();
            for (alias, target) in &user.fandoms {
                check_entry("fandoms", alias, target)?;
                let index = if let Some((index, _)) = tables.lookup_fandom(target) {
                    index
                } else {
                    let index = tables.add_fandom(target);
                    tables
                        .fandom_names
                        .insert(fandom_lookup_key(target), (index, Level::Anywhere));
                    index
                };
                let key = fandom_lookup_key(alias);
                // A user alias keeps the caution of a built-in name it replaces
                // ("Buffy" stays a disclaimer-only name), else it counts anywhere.
                let level = tables
                    .fandom_names
                    .get(&key)
                    .map_or(Level::Anywhere, |&(_, l)| l);
                tables.fandom_names.insert(key, (index, level));
            }
            tables.rebuild_phrases();
            for (alias, target) in &user.characters {
                check_entry("characters", alias, target)?;
                let canonical = tables
                    .resolve_character(target, &[])
                    .unwrap_or_else(|| collapse_spaces(target));
                let builtin: Vec<usize> = (0..tables.characters.len())
                    .filter(|&c| {
                        tables
                            .characters
                            .get(c)
                            .is_some_and(|e| e.name == canonical)
                    })
                    .collect();
                let mut alias_words = words(alias);
                let single = matches!((alias_words.next(), alias_words.next()), (Some(w), None) if w.text == alias.trim());
                if single {
                    for character in builtin {
                        tables.add_body_word(alias.trim(), BodyTarget::Character(character), false);
                    }
                }
                tables
                    .user_characters
                    .insert(character_key_of(alias), canonical);
            }
        }
        let mut user_ships = Vec::new();
        for (alias, value) in &user.ships {
            check_entry("ships", alias, value)?;
            let parsed = relationship::parse_one(&aliases, value, &[], relationship::Mode::Stated)
                .filter(|r| r.characters.len() >= 2)
                .ok_or_else(|| AliasError::NotARelationship {
                    alias: alias.clone(),
                    value: value.clone(),
                })?;
            user_ships.push((name_lookup_key(alias), parsed));
        }
        let tables = aliases.tables.make_mut();
        for (key, relationship) in user_ships {
            let entry = ShipEntry {
                relationship,
                fandom: None,
                initials: false,
            };
            tables.ships.entry(key).or_default().insert(0, entry);
        }
        Ok(aliases)
    }

    fn load_builtin() -> Result<Self, AliasError> {
        let file = builtin::parse().map_err(AliasError::BuiltinSyntax)?;
        let mut aliases = Self {
            tables: SharedTables::own(Tables::from_builtin(&file)?),
        };
        let mut ships = Vec::new();
        for (fandom, data) in file.fandoms.iter().enumerate() {
            for (name, value) in &data.ships {
                let parsed =
                    relationship::parse_known(&aliases, value, &[fandom]).ok_or_else(|| {
                        AliasError::BuiltinShip {
                            name: name.clone(),
                            value: value.clone(),
                        }
                    })?;
                let entry = ShipEntry {
                    relationship: parsed,
                    fandom: Some(fandom),
                    initials: name.contains(['/', '&']),
                };
                ships.push((name_lookup_key(name), entry));
            }
        }
        // The tables are not shared yet, so this does not copy.
        let tables = aliases.tables.make_mut();
        for (key, entry) in ships {
            tables.ships.entry(key).or_default().push(entry);
        }
        Ok(aliases)
    }

    /// The canonical name of a fandom as a user or a file writes it. Unknown names
    /// pass through with media suffixes stripped and whitespace collapsed.
    ///
    /// ```
    /// use ficread::meta::Aliases;
    /// let aliases = Aliases::builtin();
    /// assert_eq!(aliases.canonical_fandom("btvs"), "Buffy the Vampire Slayer");
    /// assert_eq!(aliases.canonical_fandom("Smallville (TV)"), "Smallville");
    /// assert_eq!(aliases.canonical_fandom("Sanctuary  (TV)"), "Sanctuary");
    /// ```
    pub fn canonical_fandom(&self, name: &str) -> String {
        match self.tables.lookup_fandom(name) {
            Some((index, _)) => self
                .tables
                .fandom_name(index)
                .unwrap_or_default()
                .to_owned(),
            None => clean_fandom(name),
        }
    }

    /// Whether ficread (or the user's config) knows this fandom name.
    pub fn is_known_fandom(&self, name: &str) -> bool {
        self.tables.lookup_fandom(name).is_some()
    }

    /// The canonical name of a character as typed (`lex` → `Lex Luthor`,
    /// `Kal El` → `Clark Kent`). Unknown names pass through with whitespace collapsed.
    /// A short name shared by several fandoms resolves to the first fandom in the
    /// data (BtVS and Smallville come first); extraction prefers the story's fandoms.
    ///
    /// ```
    /// use ficread::meta::Aliases;
    /// let aliases = Aliases::builtin();
    /// assert_eq!(aliases.canonical_character("kal-el"), "Clark Kent");
    /// assert_eq!(aliases.canonical_character("Xander H."), "Xander Harris");
    /// assert_eq!(aliases.canonical_character("Jane Doe"), "Jane Doe");
    /// ```
    pub fn canonical_character(&self, name: &str) -> String {
        self.tables
            .resolve_character(name, &[])
            .unwrap_or_else(|| collapse_spaces(name))
    }

    /// Whether a name resolves to a known character.
    pub fn is_known_character(&self, name: &str) -> bool {
        self.tables.resolve_character(name, &[]).is_some()
    }

    /// Parses a relationship as a user types it in a query or a pairing field:
    /// `clark/lex`, `clex`, `Lex Luthor/Clark Kent` (romantic), `clark & lex`
    /// (platonic), `A/B/C` (poly), `Naruto x Sasuke`. Qualifiers such as `past` are
    /// ignored; unknown but name-like members are kept, title-cased. Returns `None`
    /// for things that are not relationships (`Hurt/Comfort`, `F/M`, `10/11/07`,
    /// `Clark Kent/Superman`).
    ///
    /// ```
    /// use ficread::meta::{Aliases, RelationshipKind};
    /// let aliases = Aliases::builtin();
    /// let a = aliases.parse_relationship("clark/lex").unwrap();
    /// let b = aliases.parse_relationship("Clex").unwrap();
    /// assert_eq!(a, b);
    /// assert_eq!(a.key(), "r:clark-kent/lex-luthor");
    /// let c = aliases.parse_relationship("clark & lex").unwrap();
    /// assert_eq!(c.kind, RelationshipKind::Platonic);
    /// assert_ne!(a, c);
    /// assert!(aliases.parse_relationship("Hurt/Comfort").is_none());
    /// ```
    pub fn parse_relationship(&self, text: &str) -> Option<Relationship> {
        relationship::parse_one(self, text, &[], relationship::Mode::Stated)
    }

    /// A short name for a fandom in tight spaces (`Buffy the Vampire Slayer` →
    /// `BtVS`); the canonical name when there is no short one, the input for an
    /// unknown fandom.
    ///
    /// ```
    /// use ficread::meta::Aliases;
    /// let aliases = Aliases::builtin();
    /// assert_eq!(aliases.short_fandom("Buffy the Vampire Slayer"), "BtVS");
    /// assert_eq!(aliases.short_fandom("Smallville"), "SV");
    /// assert_eq!(aliases.short_fandom("Some Obscure Show"), "Some Obscure Show");
    /// ```
    pub fn short_fandom(&self, fandom: &str) -> String {
        match self.tables.lookup_fandom(fandom) {
            Some((index, _)) => self.tables.fandoms.get(index).map_or_else(
                || fandom.to_owned(),
                |f| f.short.clone().unwrap_or_else(|| f.name.clone()),
            ),
            None => fandom.to_owned(),
        }
    }

    /// The universe family of a fandom (`Angel: the Series` → `Buffyverse`); an
    /// unknown fandom is its own family.
    pub fn fandom_family(&self, fandom: &str) -> String {
        match self.tables.lookup_fandom(fandom) {
            Some((index, _)) => self
                .tables
                .fandoms
                .get(index)
                .map_or_else(|| clean_fandom(fandom), |f| f.family.clone()),
            None => clean_fandom(fandom),
        }
    }

    /// Whether the fandoms span two or more universe families (FORMATS §4.4:
    /// BtVS + Angel is not a crossover; BtVS + Smallville is).
    ///
    /// ```
    /// use ficread::meta::Aliases;
    /// let aliases = Aliases::builtin();
    /// assert!(aliases.is_crossover(&["BtVS", "Smallville"]));
    /// assert!(!aliases.is_crossover(&["Buffy the Vampire Slayer", "Angel: the Series"]));
    /// assert!(!aliases.is_crossover(&["Smallville"]));
    /// ```
    pub fn is_crossover<S: AsRef<str>>(&self, fandoms: &[S]) -> bool {
        let mut families: Vec<String> = fandoms
            .iter()
            .map(|f| fandom_lookup_key(&self.fandom_family(f.as_ref())))
            .collect();
        families.sort();
        families.dedup();
        families.len() >= 2
    }

    /// The stable index key of a fandom as typed: `f:` plus the slug of its
    /// canonical name (`SV` → `f:smallville`).
    pub fn fandom_key(&self, name: &str) -> String {
        fandom_key(&self.canonical_fandom(name))
    }

    /// The stable index key of a character as typed (`Lex` → `c:lex-luthor`).
    pub fn character_key(&self, name: &str) -> String {
        character_key(&self.canonical_character(name))
    }
}

/// The stable index key of a canonical fandom name (`f:buffy-the-vampire-slayer`).
pub fn fandom_key(canonical: &str) -> String {
    format!("f:{}", slug(strip_media_suffix(canonical)))
}

/// The stable index key of a canonical character name (`c:clark-kent`).
pub fn character_key(canonical: &str) -> String {
    format!("c:{}", slug(canonical))
}

/// An unknown fandom name, tidied: its display name when it lists alternatives
/// (` | `), media suffix or else ` - Author Name` suffix stripped, whitespace
/// collapsed (see `fandom::names`).
pub(crate) fn clean_fandom(name: &str) -> String {
    let name = display_name(name.trim());
    let stripped = strip_media_suffix(name);
    let stripped = if stripped.len() == name.len() {
        strip_author_suffix(stripped)
    } else {
        stripped
    };
    collapse_spaces(stripped)
}

fn check_entry(table: &'static str, alias: &str, value: &str) -> Result<(), AliasError> {
    if alias.trim().is_empty() {
        return Err(AliasError::EmptyAlias { table });
    }
    if value.trim().is_empty() {
        return Err(AliasError::EmptyName {
            table,
            alias: alias.to_owned(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
