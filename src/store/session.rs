//! The library view as it was left: filter, saved shelf, sort and selected story,
//! restored on the next start. Kept in the state file beside the stories; between two
//! processes the one saved last wins (it is the view the user saw last).

use serde::{Deserialize, Serialize};

use super::key::StoryKey;

/// The library view to restore.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LibrarySession {
    /// The filter bar's query text.
    pub filter: String,
    /// The saved shelf in force, by its name in the config.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shelf: Option<String>,
    /// The chosen sort, by its label (`last read`, `title`, …).
    pub sort: String,
    /// The selected story, by reading-state key (indices change between scans).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selected: Option<StoryKey>,
    /// Unix milliseconds when it was recorded; the newer wins a merge.
    pub at: u64,
}

impl LibrarySession {
    /// The newer of two sessions (`a` on a tie).
    pub fn newer<'a>(a: Option<&'a Self>, b: Option<&'a Self>) -> Option<&'a Self> {
        match (a, b) {
            (Some(a), Some(b)) => Some(if b.at > a.at { b } else { a }),
            (a, b) => a.or(b),
        }
    }
}
