//! EPUB stories (stub while the HTML side compiles).

use crate::document::Document;

/// Parses an EPUB.
pub fn parse(bytes: &[u8]) -> Result<Document, String> {
    let _ = bytes;
    Err("EPUB is not supported yet".to_owned())
}
