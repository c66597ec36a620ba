//! The indexed form of the alias data: hash maps from lookup keys to fandoms,
//! characters, ships and body-scan words, built once from the built-in file and
//! overlaid with the user's entries.
//!
//! Invariants: every index in a map points into `fandoms` or `characters`; the
//! phrase index is rebuilt from `fandom_names` after every change, so free-text
//! matching always agrees with field lookups.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize, Serializer};

use super::AliasError;
use super::builtin::BuiltinFile;
use crate::meta::Relationship;
use crate::meta::fandom::names::alternative_names;
use crate::meta::normalize::{
    collapse_spaces, fandom_lookup_key, name_lookup_key, strip_media_suffix, words,
};

/// How freely a fandom name may be read as the fandom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) enum Level {
    /// Only in a fandom field or a crossover subtitle (`DC comics`, `Superman`).
    Field,
    /// Also in a disclaimer (`Buffy`, `Angel`, `Supernatural`).
    Disclaimer,
    /// Anywhere in the header, author's notes included (`BtVS`, `Smallville`).
    Anywhere,
}

/// Where a fandom name was read in running text. (Fandom fields and crossover
/// subtitles are looked up whole and accept every level.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    Disclaimer,
    /// An author's note or any other header line.
    Note,
}

impl Level {
    /// Whether a name of this level counts when read in `source`.
    pub(crate) fn allowed_in(self, source: Source) -> bool {
        match source {
            Source::Disclaimer => self >= Level::Disclaimer,
            Source::Note => self == Level::Anywhere,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FandomEntry {
    pub name: String,
    pub short: Option<String>,
    pub family: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CharacterEntry {
    pub name: String,
    pub fandom: usize,
}

/// A ship name. `fandom` scopes initials (`B/A`) to stories of that fandom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ShipEntry {
    pub relationship: Relationship,
    pub fandom: Option<usize>,
    pub initials: bool,
}

/// A fandom name as a sequence of word keys, for matching inside running text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Phrase {
    pub words: Vec<String>,
    pub fandom: usize,
    pub level: Level,
}

/// What one body word points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum BodyTarget {
    Character(usize),
    /// A fandom term (`Sunnydale`, `Hogwarts`): evidence for the fandom only.
    Term(usize),
}

/// One distinct word the body scan counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct BodyWord {
    pub targets: Vec<BodyTarget>,
    /// Common given names and English words: no evidence for a fandom on their own.
    pub weak: bool,
}

/// All alias tables, indexed.
///
/// Serialised with every map in key order, so the compiled form
/// (`builtin.tables`) is the same bytes at every build.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Tables {
    pub fandoms: Vec<FandomEntry>,
    /// Fandom lookup key → fandom index and how freely the name may be read.
    #[serde(serialize_with = "in_key_order")]
    pub fandom_names: Map<String, (usize, Level)>,
    /// First word key of a fandom name → the names starting with it.
    #[serde(serialize_with = "in_key_order")]
    pub phrases: Map<String, Vec<Phrase>>,
    pub characters: Vec<CharacterEntry>,
    /// Character lookup key → built-in character indices, in data order.
    #[serde(serialize_with = "in_key_order")]
    pub character_names: Map<String, Vec<usize>>,
    /// The user's character aliases: lookup key → canonical name. Checked first.
    #[serde(serialize_with = "in_key_order")]
    pub user_characters: Map<String, String>,
    /// Ship lookup key → ship entries, the user's first.
    #[serde(serialize_with = "in_key_order")]
    pub ships: Map<String, Vec<ShipEntry>>,
    /// Site domain (lower case, no `www.`) → the one fandom the site hosts.
    #[serde(serialize_with = "in_key_order")]
    pub site_fandoms: Map<String, usize>,
    /// Exact word as written → index into `body`.
    #[serde(serialize_with = "in_key_order")]
    pub body_index: Map<String, usize>,
    pub body: Vec<BodyWord>,
}

/// The tables' maps: hashed with foldhash, not SipHash. The keys are the built-in
/// names, not an attacker's, and decoding the tables at start hashes every one.
pub(crate) type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Serialises a hash map in key order.
fn in_key_order<S, K, V, H>(map: &HashMap<K, V, H>, serializer: S) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    K: Ord + Serialize,
    V: Serialize,
{
    serializer.collect_map(map.iter().collect::<BTreeMap<_, _>>())
}

impl Tables {
    /// Indexes the built-in file, without its ships (they need the parser, which
    /// needs these tables; see `Aliases::builtin`).
    pub(super) fn from_builtin(file: &BuiltinFile) -> Result<Self, AliasError> {
        let weak: HashSet<&str> = file.weak_tokens.iter().map(String::as_str).collect();
        let mut tables = Tables::default();
        for data in &file.fandoms {
            let fandom = tables.fandoms.len();
            tables.fandoms.push(FandomEntry {
                name: data.name.clone(),
                short: data.short.clone(),
                family: data.family.clone(),
            });
            // The most restrictive declaration of a key wins within one fandom, so
            // listing "Buffy" as a context name also restricts the canonical "Buffy".
            let mut levels: HashMap<String, Level> = HashMap::new();
            let declared = std::iter::once((&data.name, Level::Anywhere))
                .chain(data.names.iter().map(|n| (n, Level::Anywhere)))
                .chain(data.context_names.iter().map(|n| (n, Level::Disclaimer)))
                .chain(data.field_names.iter().map(|n| (n, Level::Field)));
            for (name, level) in declared {
                let key = fandom_lookup_key(name);
                if key.is_empty() {
                    return Err(AliasError::BuiltinEmptyName {
                        fandom: data.name.clone(),
                        name: name.clone(),
                    });
                }
                let slot = levels.entry(key).or_insert(level);
                *slot = (*slot).min(level);
            }
            for (key, level) in levels {
                if let Some((other, _)) = tables.fandom_names.get(&key)
                    && *other != fandom
                {
                    let first = tables.fandoms.get(*other).map_or("", |f| f.name.as_str());
                    return Err(AliasError::BuiltinNameClash {
                        key,
                        first: first.to_owned(),
                        second: data.name.clone(),
                    });
                }
                tables.fandom_names.insert(key, (fandom, level));
            }
            for site in &data.sites {
                tables.site_fandoms.insert(site_key(site), fandom);
            }
            for term in &data.terms {
                tables.add_body_word(term, BodyTarget::Term(fandom), weak.contains(term.as_str()));
            }
            for (name, aliases) in &data.characters {
                let character = tables.characters.len();
                tables.characters.push(CharacterEntry {
                    name: name.clone(),
                    fandom,
                });
                for alias in std::iter::once(name).chain(aliases) {
                    let key = name_lookup_key(alias);
                    let list = tables.character_names.entry(key).or_default();
                    if !list.contains(&character) {
                        list.push(character);
                    }
                    if is_single_word(alias) {
                        let target = BodyTarget::Character(character);
                        tables.add_body_word(alias, target, weak.contains(alias.as_str()));
                    }
                }
            }
        }
        tables.rebuild_phrases();
        Ok(tables)
    }

    /// Registers a body word; the same word may point at several targets.
    pub(crate) fn add_body_word(&mut self, word: &str, target: BodyTarget, weak: bool) {
        let next = self.body.len();
        let index = *self.body_index.entry(word.to_owned()).or_insert(next);
        if index == next {
            self.body.push(BodyWord {
                targets: Vec::new(),
                weak,
            });
        }
        if let Some(entry) = self.body.get_mut(index) {
            entry.weak |= weak;
            if !entry.targets.contains(&target) {
                entry.targets.push(target);
            }
        }
    }

    /// Rebuilds the free-text phrase index from `fandom_names`.
    pub(crate) fn rebuild_phrases(&mut self) {
        self.phrases.clear();
        for (key, &(fandom, level)) in &self.fandom_names {
            let words: Vec<String> = key
                .split([' ', '/'])
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect();
            let Some(first) = words.first().cloned() else {
                continue;
            };
            self.phrases.entry(first).or_default().push(Phrase {
                words,
                fandom,
                level,
            });
        }
        for list in self.phrases.values_mut() {
            // Longest first so "Buffy the Vampire Slayer" wins over "Buffy"; then by
            // words so the order does not depend on hash-map iteration.
            list.sort_by(|a, b| {
                b.words
                    .len()
                    .cmp(&a.words.len())
                    .then(a.words.cmp(&b.words))
            });
        }
    }

    /// The fandom a name means, at any level. Also tries the part before ` - ` (AO3
    /// book fandoms carry the author: `Harry Potter - J. K. Rowling`).
    ///
    /// A name listing alternatives (`僕のヒーローアカデミア | Boku no Hero Academia |
    /// My Hero Academia`) is known when any of them is.
    pub(crate) fn lookup_fandom(&self, name: &str) -> Option<(usize, Level)> {
        self.lookup_one_fandom(name).or_else(|| {
            alternative_names(name)
                .into_iter()
                .find_map(|alternative| self.lookup_one_fandom(alternative))
        })
    }

    fn lookup_one_fandom(&self, name: &str) -> Option<(usize, Level)> {
        let key = fandom_lookup_key(name);
        if let Some(hit) = self.fandom_names.get(&key) {
            return Some(*hit);
        }
        let (head, _) = strip_media_suffix(name).split_once(" - ")?;
        self.fandom_names.get(&fandom_lookup_key(head)).copied()
    }

    /// Adds a fandom the built-in data does not know (from a user alias).
    pub(crate) fn add_fandom(&mut self, name: &str) -> usize {
        let index = self.fandoms.len();
        let name = collapse_spaces(strip_media_suffix(name));
        self.fandoms.push(FandomEntry {
            family: name.clone(),
            short: None,
            name,
        });
        index
    }

    /// Character lookup: the user's aliases first, then built-in characters,
    /// preferring those of the fandoms in `scope` (in scope order).
    pub(crate) fn resolve_character(&self, name: &str, scope: &[usize]) -> Option<String> {
        let key = character_key_of(name);
        if key.is_empty() {
            return None;
        }
        if let Some(canonical) = self.user_characters.get(&key) {
            return Some(canonical.clone());
        }
        let Some(candidates) = self.character_names.get(&key) else {
            return self
                .resolve_abbreviated(&key, scope)
                .and_then(|c| self.characters.get(c))
                .map(|c| c.name.clone());
        };
        let chosen = scope
            .iter()
            .find_map(|f| {
                candidates
                    .iter()
                    .find(|&&c| self.character_fandom(c) == Some(*f))
            })
            .or_else(|| candidates.first())?;
        self.characters.get(*chosen).map(|c| c.name.clone())
    }

    /// fanfiction.net's abbreviated form `Harry P.` (lookup key `harry p`): the one
    /// character of the first `scope` fandom that has any match whose full name (or a
    /// multi-word alias) starts with that given name and has a later word starting
    /// with that initial. Without a scope, or when two characters of one fandom fit
    /// (`Fred W.`, `George W.` are fine; `Bill W.` / `Bill W.` twins are not), no
    /// guess is made.
    fn resolve_abbreviated(&self, key: &str, scope: &[usize]) -> Option<usize> {
        let (given, initial) = key.rsplit_once(' ')?;
        let mut initial_chars = initial.chars();
        let initial = initial_chars.next()?;
        if initial_chars.next().is_some() || !initial.is_alphabetic() || given.is_empty() {
            return None;
        }
        let given_words = given.split(' ').count();
        for &fandom in scope {
            let mut hit: Option<usize> = None;
            let mut ambiguous = false;
            for (name, list) in &self.character_names {
                let words: Vec<&str> = name.split(' ').collect();
                let matches = words.len() > given_words
                    && words
                        .get(..given_words)
                        .is_some_and(|w| w.join(" ") == given)
                    && words
                        .get(given_words..)
                        .is_some_and(|rest| rest.iter().any(|w| w.starts_with(initial)));
                if !matches {
                    continue;
                }
                for &c in list {
                    if self.character_fandom(c) != Some(fandom) {
                        continue;
                    }
                    match hit {
                        Some(h) if h != c => ambiguous = true,
                        _ => hit = Some(c),
                    }
                }
            }
            if ambiguous {
                return None;
            }
            if hit.is_some() {
                return hit;
            }
        }
        None
    }

    /// The fandoms in which a name is a known character (empty for user aliases and
    /// unknown names).
    pub(crate) fn character_fandoms(&self, name: &str) -> Vec<usize> {
        let key = character_key_of(name);
        if self.user_characters.contains_key(&key) {
            return Vec::new();
        }
        self.character_names
            .get(&key)
            .map(|list| {
                list.iter()
                    .filter_map(|&c| self.character_fandom(c))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn character_fandom(&self, character: usize) -> Option<usize> {
        self.characters.get(character).map(|c| c.fandom)
    }

    /// Ship lookup by name: the user's entries first, then a built-in ship of a
    /// fandom in `scope`, then any usable built-in ship. Initials (`B/A`) only apply
    /// inside their fandom (or when no fandom is known, as in a query); portmanteaus
    /// apply everywhere.
    pub(crate) fn lookup_ship(&self, name: &str, scope: &[usize]) -> Option<&ShipEntry> {
        let entries = self.ships.get(&name_lookup_key(name))?;
        let usable = |e: &&ShipEntry| {
            !e.initials || scope.is_empty() || e.fandom.is_none_or(|f| scope.contains(&f))
        };
        let user = entries.iter().find(|e| e.fandom.is_none());
        let in_scope = || {
            entries
                .iter()
                .find(|e| e.fandom.is_some_and(|f| scope.contains(&f)))
        };
        user.or_else(in_scope)
            .or_else(|| entries.iter().find(usable))
    }

    /// The fandom a single-fandom archive hosts (`fimfiction.net`), by its domain.
    pub(crate) fn site_fandom(&self, site: &str) -> Option<usize> {
        self.site_fandoms.get(&site_key(site)).copied()
    }

    /// A fandom's canonical name.
    pub(crate) fn fandom_name(&self, fandom: usize) -> Option<&str> {
        self.fandoms.get(fandom).map(|f| f.name.as_str())
    }
}

/// A site's lookup key: lower case, without a scheme, `www.` or a path.
fn site_key(site: &str) -> String {
    let lower = site.trim().to_ascii_lowercase();
    let host = lower
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.");
    host.split('/').next().unwrap_or(host).to_owned()
}

/// The character lookup key of a name as written in a field: an AO3 disambiguator
/// (`Spike (Buffy)`) and alternative names after `|` (`Clark Kent | Kal-El`) are
/// dropped first.
pub(crate) fn character_key_of(name: &str) -> String {
    let first = name.split(" | ").next().unwrap_or(name);
    let trimmed = first.trim();
    let without_paren = match trimmed.rfind('(') {
        Some(open) if open > 0 && trimmed.ends_with(')') => &trimmed[..open],
        _ => trimmed,
    };
    name_lookup_key(without_paren)
}

/// A character name ficread does not know, tidied for display: the first of its
/// ` | ` alternatives (`Yamada Hizashi | Present Mic`) and without a trailing AO3
/// disambiguator (`Jackal (Fairy Tail)`, `Harry Potter (mentioned)`), whitespace
/// collapsed (FORMATS §6.4).
pub(crate) fn clean_character_name(name: &str) -> String {
    let first = name.split(" | ").next().unwrap_or(name).trim();
    let without_paren = match first.rfind(" (") {
        Some(open) if open > 0 && first.ends_with(')') => first.get(..open).unwrap_or(first),
        _ => first,
    };
    collapse_spaces(without_paren)
}

fn is_single_word(alias: &str) -> bool {
    let mut iter = words(alias);
    matches!((iter.next(), iter.next()), (Some(w), None) if w.text == alias && alias.chars().count() > 1)
}
