//! Reading-state shelves: where a story is in the reader's life. The rules that move
//! a story between shelves live on [`StoryState`](super::StoryState); this is only
//! the vocabulary, its names and their parsing. It is the one list of shelves: the
//! state file, the query language's `shelf:` term, the library's shelf picker and
//! its progress column all use this type and these names.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use strum::{IntoStaticStr, VariantArray};

/// A story's reading state. New stories are [`Shelf::Unread`].
///
/// The kebab-case names (`caught-up`) are the same for serde, [`Shelf::as_str`] and
/// parsing, so existing state files keep loading.
#[derive(
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Debug,
    Default,
    Serialize,
    Deserialize,
    IntoStaticStr,
    VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Shelf {
    /// Not opened yet (or put back on the to-read pile).
    #[default]
    Unread,
    /// Opened and not finished.
    Reading,
    /// Read to the end of a work in progress: flips back to reading when it grows.
    CaughtUp,
    /// Paused on purpose.
    OnHold,
    /// Read to the end of a complete story.
    Finished,
    /// Given up on.
    Dropped,
}

impl Shelf {
    /// Every shelf, in declaration order, which is the order a menu or a cycle key
    /// shows them.
    pub const ALL: &'static [Shelf] = Self::VARIANTS;

    /// The name used in JSON, queries (`shelf:caught-up`) and the CLI.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Shelf::Unread => "Unread",
            Shelf::Reading => "Reading",
            Shelf::CaughtUp => "Caught up",
            Shelf::OnHold => "On hold",
            Shelf::Finished => "Finished",
            Shelf::Dropped => "Dropped",
        }
    }

    /// Every shelf's name, comma-separated, for messages that list the choices.
    ///
    /// ```
    /// use ficread::store::Shelf;
    /// assert!(Shelf::names().starts_with("unread, reading, caught-up"));
    /// ```
    pub fn names() -> String {
        let names: Vec<&str> = Self::ALL.iter().map(|s| s.as_str()).collect();
        names.join(", ")
    }
}

impl fmt::Display for Shelf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A shelf name that is none of [`Shelf::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown shelf {0:?} (expected one of {names})", names = Shelf::names())]
pub struct UnknownShelf(pub String);

/// A shelf name as [`Shelf::from_str`] compares it: lower-case, without `-`, `_` or
/// spaces.
fn fold(name: &str) -> String {
    name.trim()
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

impl FromStr for Shelf {
    type Err = UnknownShelf;

    /// Parses a shelf name in any case, with `-`, `_` or a space between words
    /// (`caught-up`, `Caught up`, `ON_HOLD`); `to-read` is accepted for unread.
    ///
    /// ```
    /// use ficread::store::Shelf;
    /// assert_eq!("Caught up".parse(), Ok(Shelf::CaughtUp));
    /// assert!("read".parse::<Shelf>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = fold(s);
        if key == "toread" {
            return Ok(Shelf::Unread);
        }
        Self::ALL
            .iter()
            .copied()
            .find(|shelf| fold(shelf.as_str()) == key)
            .ok_or_else(|| UnknownShelf(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_everywhere() {
        for &shelf in Shelf::ALL {
            assert_eq!(shelf.as_str().parse(), Ok(shelf));
            assert_eq!(shelf.label().parse(), Ok(shelf));
            assert_eq!(shelf.to_string(), shelf.as_str());
            let json = serde_json::to_string(&shelf).expect("serialises");
            assert_eq!(json, format!("\"{}\"", shelf.as_str()));
            assert_eq!(serde_json::from_str::<Shelf>(&json).expect("parses"), shelf);
        }
    }

    #[test]
    fn parse_table() {
        let cases = [
            ("ON_HOLD", Ok(Shelf::OnHold)),
            (" to-read ", Ok(Shelf::Unread)),
            ("caughtup", Ok(Shelf::CaughtUp)),
            ("", Err(UnknownShelf(String::new()))),
            ("read", Err(UnknownShelf("read".into()))),
        ];
        for (input, expected) in cases {
            assert_eq!(input.parse::<Shelf>(), expected, "{input:?}");
        }
        assert_eq!(
            UnknownShelf("read".into()).to_string(),
            "unknown shelf \"read\" (expected one of unread, reading, caught-up, on-hold, finished, dropped)"
        );
    }
}
