//! Plain-text stories (TtH, LiveJournal/Dreamwidth dumps, FanFicFare TXT, Gutenberg).

use crate::document::Document;

/// Parses decoded text (LF line endings) into a document.
pub fn parse(text: &str) -> Document {
    let _ = text;
    Document::default()
}
