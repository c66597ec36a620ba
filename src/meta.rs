//! Story metadata: [`StoryMeta`] is what the index stores and `ficread list` prints.
//!
//! [`extract()`] turns a [`Document`] (chapters plus the raw fields the file states)
//! into normalised metadata. Explicit fields win over loose header lines, which win
//! over evidence (shows named in a disclaimer, character names in the body). Every
//! field records where it came from in [`StoryMeta::provenance`].
//!
//! Normalisation goes through [`Aliases`]: built-in tables for fandoms, characters
//! and ship names, extended by the user's config. Relationship identity ignores
//! member order (`Clark/Lex` = `Lex Luthor/Clark Kent`) but not kind
//! (`Clark & Lex` is platonic, a different relationship).

pub mod aliases;
pub mod authors;
pub mod date;
pub mod extract;
mod fandom;
pub mod fields;
mod infer;
pub mod language;
pub mod normalize;
mod provenance;
pub mod relationship;
pub mod series;
pub mod status;
pub mod work;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use aliases::{AliasError, Aliases, UserAliases};
pub use extract::{extract, extract_with_fallback};
pub use provenance::Provenance;

use crate::document::Document;

/// Completion status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Complete,
    InProgress,
    #[default]
    Unknown,
}

impl Status {
    /// The name used in JSON, tables and queries.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Complete => "complete",
            Status::InProgress => "in-progress",
            Status::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Normalised content rating, ordered from least to most explicit so queries can
/// say `rating:<=t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RatingLevel {
    General,
    Teen,
    Mature,
    Explicit,
    NotRated,
}

impl RatingLevel {
    /// The name used in JSON and queries.
    pub fn as_str(self) -> &'static str {
        match self {
            RatingLevel::General => "general",
            RatingLevel::Teen => "teen",
            RatingLevel::Mature => "mature",
            RatingLevel::Explicit => "explicit",
            RatingLevel::NotRated => "not-rated",
        }
    }

    /// The one-letter form used in tables (`G`, `T`, `M`, `E`, `-`).
    pub fn letter(self) -> &'static str {
        match self {
            RatingLevel::General => "G",
            RatingLevel::Teen => "T",
            RatingLevel::Mature => "M",
            RatingLevel::Explicit => "E",
            RatingLevel::NotRated => "NR",
        }
    }

    /// Maps a rating as written on any archive (AO3, FFN, TtH, MPAA-style) to a level.
    ///
    /// ```
    /// use ficread::meta::RatingLevel;
    /// assert_eq!(RatingLevel::parse("Teen And Up Audiences"), Some(RatingLevel::Teen));
    /// assert_eq!(RatingLevel::parse("nc17"), Some(RatingLevel::Explicit));
    /// assert_eq!(RatingLevel::parse("Fiction T"), Some(RatingLevel::Teen));
    /// assert_eq!(RatingLevel::parse("R"), Some(RatingLevel::Mature));
    /// assert_eq!(RatingLevel::parse("banana"), None);
    /// ```
    pub fn parse(raw: &str) -> Option<Self> {
        let key: String = raw
            .trim()
            .trim_start_matches("Fiction ")
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '+')
            .collect::<String>()
            .to_lowercase();
        let level = match key.as_str() {
            "g" | "k" | "fr7" | "general" | "generalaudiences" | "allages" | "gen" | "everyone" => {
                Self::General
            }
            "pg" | "pg13" | "k+" | "t" | "fr13" | "fr15" | "teen" | "teenandupaudiences"
            | "teenandup" => Self::Teen,
            "r" | "m" | "fr18" | "mature" | "adult" => Self::Mature,
            "nc17" | "x" | "xxx" | "e" | "fr21" | "explicit" | "ma" | "adultonly"
            | "adultsonly" => Self::Explicit,
            "notrated" | "nr" | "unrated" => Self::NotRated,
            _ => return None,
        };
        Some(level)
    }
}

/// A rating as written plus its normalised level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// As the story states it (`G`, `R`, `Teen And Up Audiences`).
    pub raw: String,
    /// `None` when the raw rating is not one ficread knows.
    pub level: Option<RatingLevel>,
}

/// Romantic (`A/B`) or platonic (`A & B`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipKind {
    Romantic,
    Platonic,
}

/// A relationship between two or more characters, with canonical member names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Relationship {
    /// Display name: members sorted, joined by `/` or ` & ` (`Clark Kent/Lex Luthor`).
    pub name: String,
    pub kind: RelationshipKind,
    /// Canonical member names, sorted.
    pub characters: Vec<String>,
}

/// One series membership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    /// Position in the series, 1-based, when stated.
    pub index: Option<u32>,
}

/// Per-chapter facts for `ficread info`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterInfo {
    pub title: Option<String>,
    pub words: usize,
    pub scenes: usize,
}

/// Everything ficread knows about a story, normalised.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryMeta {
    pub title: String,
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    pub summary: Option<String>,
    /// Canonical fandom names.
    pub fandoms: Vec<String>,
    /// Two or more fandoms from different universes.
    pub crossover: bool,
    pub relationships: Vec<Relationship>,
    /// Canonical character names.
    pub characters: Vec<String>,
    pub rating: Option<Rating>,
    pub warnings: Vec<String>,
    /// Free-form tags, genres and categories.
    pub tags: Vec<String>,
    pub series: Option<Series>,
    pub status: Status,
    /// Body words (chapters' paragraphs only).
    pub words: usize,
    pub chapters: usize,
    pub scenes: usize,
    pub language: Option<String>,
    pub published: Option<String>,
    pub updated: Option<String>,
    pub site: Option<String>,
    pub url: Option<String>,
    /// The work's identity on its archive, `site:id` (`ao3:334557`, `ffn:1234567`,
    /// `tth:12411`), from the story URL. Copies of one work (AO3 HTML and EPUB, a
    /// FanFicFare download) share it, so they are listed and read as one work.
    pub work: Option<String>,
    /// Field name → where its value came from (`field "Pairing:" (line 7)`,
    /// `inferred from the disclaimer`).
    pub provenance: Provenance,
}

impl StoryMeta {
    /// Chapter-level facts from the document the metadata was extracted from.
    pub fn chapter_infos(doc: &Document) -> Vec<ChapterInfo> {
        doc.chapters
            .iter()
            .map(|c| ChapterInfo {
                title: c.title.clone(),
                words: c.words(),
                scenes: c.scenes(),
            })
            .collect()
    }
}

#[cfg(test)]
mod test_support;
