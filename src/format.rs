//! The format layer: bytes on disk → [`Document`]. One module per format, all ending
//! in the same `Document`; encoding detection and chrome stripping live here, so
//! nothing downstream ever sees a BOM, a CRLF, a control character or site chrome.
//!
//! Every reader returns `Result`; a broken file is a value, never a panic, and the
//! error names the file and the reason in one line.

pub mod encoding;
pub mod epub;
pub(crate) mod exact;
pub mod fanficfare;
pub mod ffn_info;
pub mod head;
pub mod html;
pub(crate) mod prefilter;
pub(crate) mod site_chrome;
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

/// Why a story file could not be read: [`read_file`]'s error, naming the file.
#[derive(Debug, Error)]
pub enum ReadError {
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
    /// A FIFO, a device, a socket or a folder: never read (it could block or never end).
    #[error("{}: not a regular file ({kind})", path.display())]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error("{}: {source}", path.display())]
    Malformed {
        path: PathBuf,
        #[source]
        source: ParseError,
    },
}

impl ReadError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ReadError::Io { path, .. }
            | ReadError::NotAStory { path }
            | ReadError::TooLarge { path, .. }
            | ReadError::NotRegular { path, .. }
            | ReadError::Malformed { path, .. } => path,
        }
    }
}

/// `text` on one line: control characters (a newline in a damaged book's file name,
/// or quoted by the XML parser in "expected '>' not '\n'") written as escapes.
///
/// ```
/// # use ficread::format::one_line;
/// assert_eq!(one_line("a\nb"), "a\\nb");
/// assert_eq!(one_line("plain"), "plain");
/// ```
pub fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Why bytes are not a story ficread can read ([`parse_bytes`]'s error). The message
/// is one line without the file's path; [`ReadError::Malformed`] adds the path.
#[derive(Debug, Error)]
pub enum ParseError {
    #[error("empty HTML file")]
    EmptyHtml,
    #[error("not an EPUB (not a zip file)")]
    NotZip,
    #[error("not an EPUB (truncated or damaged zip: no central directory)")]
    NoCentralDirectory,
    #[error("not an EPUB (damaged zip: {})", one_line(&.0.to_string()))]
    DamagedZip(#[source] zip::result::ZipError),
    /// The zip directory announces more entries than [`epub::archive::MAX_ENTRIES`].
    #[error("too many files in the EPUB ({count}; the limit is {limit})")]
    TooManyEntries { count: u64, limit: u64 },
    /// A file the container, the OPF or the spine names is not in the zip.
    #[error("missing file in the EPUB: {}", one_line(.path))]
    MissingEntry { path: String },
    #[error("cannot read {} in the EPUB: {}", one_line(.path), one_line(&.source.to_string()))]
    UnreadableEntry {
        path: String,
        #[source]
        source: zip::result::ZipError,
    },
    #[error("cannot inflate {} in the EPUB: {}", one_line(.path), one_line(&.source.to_string()))]
    Inflate {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// One entry would inflate past the per-entry limit (bytes).
    #[error("{} in the EPUB inflates to more than {mb} MB", one_line(.path), mb = .limit >> 20)]
    EntryTooLarge { path: String, limit: u64 },
    /// Reading `path` would take the book past its total inflation budget (bytes).
    #[error("EPUB inflates to more than {mb} MB in total (at {})", one_line(.path), mb = .limit >> 20)]
    BookTooLarge { path: String, limit: u64 },
    /// More markup than a book of its size can hold (a small file whose chapters
    /// inflate to millions of elements costs seconds and hundreds of MB to parse).
    #[error("EPUB has more than {limit} elements in all (at {}); not read", one_line(.path))]
    TooMuchMarkup { path: String, limit: u64 },
    /// `META-INF/container.xml` could not be read.
    #[error("not an EPUB: {0}")]
    NoContainer(#[source] Box<ParseError>),
    #[error("bad META-INF/container.xml: {}", one_line(&.0.to_string()))]
    BadContainer(#[source] roxmltree::Error),
    #[error("META-INF/container.xml names no package (OPF) file")]
    NoPackagePath,
    /// The OPF at `path` is not well-formed XML.
    #[error("bad package file {}: {}", one_line(.path), one_line(&.source.to_string()))]
    BadPackage {
        path: String,
        #[source]
        source: roxmltree::Error,
    },
    #[error("bad package file {}: no <package>", one_line(.path))]
    NoPackageElement { path: String },
    #[error("the EPUB's spine lists no readable files")]
    EmptySpine,
    #[error("the EPUB's spine lists {count} files (the limit is {limit})")]
    TooManySpineItems { count: usize, limit: usize },
    #[error("the EPUB has no readable text files")]
    NoText,
}

impl ParseError {
    /// Whether one of the EPUB reader's limits stopped the read (a hostile or
    /// broken book, not worth reading around).
    pub fn is_limit(&self) -> bool {
        matches!(
            self,
            ParseError::EntryTooLarge { .. }
                | ParseError::BookTooLarge { .. }
                | ParseError::TooMuchMarkup { .. }
                | ParseError::TooManyEntries { .. }
                | ParseError::TooManySpineItems { .. }
        )
    }

    /// Where in the container or package file the XML went wrong (1-based row and
    /// column; roxmltree reports 1:1 for errors without a place, such as a file
    /// that ends too soon).
    pub fn xml_position(&self) -> Option<roxmltree::TextPos> {
        match self {
            ParseError::BadContainer(source) | ParseError::BadPackage { source, .. } => {
                Some(source.pos())
            }
            ParseError::NoContainer(inner) => inner.xml_position(),
            _ => None,
        }
    }
}

/// Reads and parses one story file, choosing the reader by extension.
pub fn read_file(path: &Path) -> Result<Document, ReadError> {
    head::read_file_with_head(path, None, None)
}

/// Checks, without reading it, that a file could be opened as a story: a story
/// extension, a regular file, not too large. What its content holds is only known
/// once it is read.
pub fn check_openable(path: &Path) -> Result<(), ReadError> {
    FormatKind::from_path(path).ok_or_else(|| ReadError::NotAStory {
        path: path.to_owned(),
    })?;
    open_checked(path).map(|_| ())
}

/// A story file's bytes: only a regular file is read (checked on the open file, so a
/// file swapped for a FIFO after a check cannot slip through), the open never blocks,
/// and at most [`MAX_FILE_BYTES`] are read, whatever the file claims or grows to.
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, ReadError> {
    use std::io::Read as _;
    let (file, len) = open_checked(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io {
            path: path.to_owned(),
            source,
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: path.to_owned(),
            size: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// Opens a story file for reading: a regular file (checked on the open file), opened
/// without blocking, no larger than [`MAX_FILE_BYTES`] as it stands; with its size.
/// The caller still bounds the read, since the file may grow.
fn open_checked(path: &Path) -> Result<(std::fs::File, u64), ReadError> {
    let io_err = |source| ReadError::Io {
        path: path.to_owned(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(io_err)?;
    let stat = file.metadata().map_err(io_err)?;
    if !stat.is_file() {
        return Err(ReadError::NotRegular {
            path: path.to_owned(),
            kind: file_kind(stat.file_type()),
        });
    }
    if stat.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: path.to_owned(),
            size: stat.len(),
        });
    }
    Ok((file, stat.len()))
}

/// What a file that is not a regular file is, for the message.
fn file_kind(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// [`parse_bytes`], taking the bytes, so a text file is decoded in place and held
/// once while it is parsed.
pub fn parse_owned(kind: FormatKind, bytes: Vec<u8>) -> Result<Document, ParseError> {
    if kind != FormatKind::Text {
        return parse_bytes(kind, &bytes);
    }
    Ok(finish(txt::parse_owned(encoding::decode_owned(bytes))))
}

/// Parses a story from memory. The error is a one-line reason without the path.
pub fn parse_bytes(kind: FormatKind, bytes: &[u8]) -> Result<Document, ParseError> {
    let doc = match kind {
        FormatKind::Text => {
            let text = encoding::decode(bytes);
            txt::parse(&text)
        }
        FormatKind::Html => html::parse(bytes)?,
        FormatKind::Epub => epub::parse(bytes)?,
    };
    Ok(finish(doc))
}

/// What every format's reading ends with, whole story or preview: chapter titles
/// that are blank dropped, ids only ficread may use released.
pub fn finish(mut doc: Document) -> Document {
    doc.drop_blank_titles();
    doc.release_reserved_ids();
    doc
}
