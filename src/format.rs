//! The format layer: bytes on disk → [`Document`]. One module per format, all ending
//! in the same `Document`; encoding detection and chrome stripping live here, so
//! nothing downstream ever sees a BOM, a CRLF, a control character or site chrome.
//!
//! Every reader returns `Result`; a broken file is a value, never a panic, and the
//! error names the file and the reason in one line.

pub mod encoding;
pub mod epub;
pub mod fanficfare;
pub mod ffn_info;
pub mod html;
pub mod txt;

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::document::Document;

/// Largest story file ficread reads. Bigger files are reported, not read, so a stray
/// disk image in the library cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The file formats ficread reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormatKind {
    Text,
    Html,
    Epub,
}

impl FormatKind {
    /// The format a file name's extension announces, or `None` for a non-story file.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" => Some(Self::Text),
            "html" | "htm" | "xhtml" => Some(Self::Html),
            "epub" => Some(Self::Epub),
            _ => None,
        }
    }
}

/// Why a story file could not be read.
#[derive(Debug, Error)]
pub enum ParseError {
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: not a story file (expected .txt, .html, .htm or .epub)", path.display())]
    NotAStory { path: PathBuf },
    #[error("{}: too large ({size} bytes; the limit is {MAX_FILE_BYTES})", path.display())]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{}: {reason}", path.display())]
    Malformed { path: PathBuf, reason: String },
}

impl ParseError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ParseError::Io { path, .. }
            | ParseError::NotAStory { path }
            | ParseError::TooLarge { path, .. }
            | ParseError::Malformed { path, .. } => path,
        }
    }
}

/// Reads and parses one story file, choosing the reader by extension.
pub fn read_file(path: &Path) -> Result<Document, ParseError> {
    let kind = FormatKind::from_path(path).ok_or_else(|| ParseError::NotAStory {
        path: path.to_owned(),
    })?;
    let io_err = |source| ParseError::Io {
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io_err)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ParseError::TooLarge {
            path: path.to_owned(),
            size,
        });
    }
    let bytes = std::fs::read(path).map_err(io_err)?;
    parse_bytes(kind, &bytes).map_err(|reason| ParseError::Malformed {
        path: path.to_owned(),
        reason,
    })
}

/// Parses a story from memory. The error is a one-line reason without the path.
pub fn parse_bytes(kind: FormatKind, bytes: &[u8]) -> Result<Document, String> {
    match kind {
        FormatKind::Text => {
            let text = encoding::decode(bytes);
            Ok(txt::parse(&text))
        }
        FormatKind::Html => html::parse(bytes),
        FormatKind::Epub => epub::parse(bytes),
    }
}
