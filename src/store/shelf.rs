//! Reading-state shelves: where a story is in the reader's life. The rules that move
//! a story between shelves live on [`StoryState`](super::StoryState); this is only
//! the vocabulary, its names and their parsing.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A story's reading state. New stories are [`Shelf::Unread`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
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
    /// Every shelf, in the order a menu or a cycle key shows them.
    pub const ALL: [Shelf; 6] = [
        Shelf::Unread,
        Shelf::Reading,
        Shelf::CaughtUp,
        Shelf::OnHold,
        Shelf::Finished,
        Shelf::Dropped,
    ];

    /// The name used in JSON, queries (`state:caught-up`) and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Shelf::Unread => "unread",
            Shelf::Reading => "reading",
            Shelf::CaughtUp => "caught-up",
            Shelf::OnHold => "on-hold",
            Shelf::Finished => "finished",
            Shelf::Dropped => "dropped",
        }
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
}

impl fmt::Display for Shelf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A shelf name that is none of [`Shelf::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown shelf {0:?} (expected unread, reading, caught-up, on-hold, finished or dropped)")]
pub struct UnknownShelf(pub String);

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
        let key: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .flat_map(char::to_lowercase)
            .collect();
        let shelf = match key.as_str() {
            "unread" | "toread" => Shelf::Unread,
            "reading" => Shelf::Reading,
            "caughtup" => Shelf::CaughtUp,
            "onhold" => Shelf::OnHold,
            "finished" => Shelf::Finished,
            "dropped" => Shelf::Dropped,
            _ => return Err(UnknownShelf(s.to_owned())),
        };
        Ok(shelf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_everywhere() {
        for shelf in Shelf::ALL {
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
    }
}
