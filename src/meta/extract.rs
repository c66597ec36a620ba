//! Document → StoryMeta.

use super::{Aliases, StoryMeta};
use crate::document::Document;

/// Extracts normalised metadata from a parsed document.
pub fn extract(doc: &Document, aliases: &Aliases) -> StoryMeta {
    let _ = (doc, aliases);
    StoryMeta::default()
}
