//! The EPUB container: a zip read with hard limits, so a hostile file costs bounded
//! time and memory. Entries are inflated through `take`, so a zip bomb stops at the
//! cap whatever its headers claim; the number of entries is checked from the
//! end-of-central-directory record before the zip crate indexes them.

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};

use zip::ZipArchive;

use crate::format::ParseError;

/// Most bytes one entry may inflate to.
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
/// Most bytes all entries read from one book may inflate to.
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
/// The buffer of a book read from its file: a zip directory record or an entry's
/// header at a time would otherwise each be a read of its own.
const FILE_BUFFER_BYTES: usize = 64 * 1024;
/// Most entries a book may have (real books have tens to a few thousand).
pub const MAX_ENTRIES: u64 = 20_000;

/// Decompression limits for one book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most bytes one entry may inflate to.
    pub entry_bytes: u64,
    /// Most bytes all entries read from the book may inflate to.
    pub total_bytes: u64,
    /// Most markup tags (`<`) all documents read from the book may hold: parsing
    /// costs per element, so this bounds the time and memory of the tree building.
    pub total_tags: u64,
}

/// How many times its own size a book may inflate to, at least [`MIN_BUDGET_BYTES`]:
/// real books inflate 3–10× (text and markup compress well); a small file that claims
/// to hold hundreds of megabytes of chapters is an attack, and parsing that much
/// markup costs far more memory than the bytes themselves.
pub const MAX_RATIO: u64 = 24;
/// The budget of a small book, whatever its ratio.
pub const MIN_BUDGET_BYTES: u64 = 8 * 1024 * 1024;
/// A book may hold one markup tag per this many of its own (compressed) bytes…
pub const TAG_BYTES: u64 = 2;
/// …but at least this many (a small, heavily formatted story)…
pub const MIN_TAGS: u64 = 250_000;
/// …and at most this many (the largest real books hold a few hundred thousand).
pub const MAX_TAGS: u64 = 5_000_000;

impl Limits {
    /// The limits for a book of `len` bytes: the defaults, tightened to
    /// [`MAX_RATIO`] times its size (at least [`MIN_BUDGET_BYTES`]), so the work a book
    /// can cause grows with the book, not with what its headers claim.
    pub fn for_book(len: usize) -> Self {
        let scaled = (len as u64).saturating_mul(MAX_RATIO).max(MIN_BUDGET_BYTES);
        Self {
            entry_bytes: MAX_ENTRY_BYTES.min(scaled),
            total_bytes: MAX_TOTAL_BYTES.min(scaled),
            total_tags: (len as u64 / TAG_BYTES).clamp(MIN_TAGS, MAX_TAGS),
        }
    }
}

impl Limits {
    /// [`Limits::for_book`] of a book wherever its bytes are.
    pub fn for_stored(stored: Stored<'_>) -> Self {
        Self::for_book(usize::try_from(stored.len()).unwrap_or(usize::MAX))
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            entry_bytes: MAX_ENTRY_BYTES,
            total_bytes: MAX_TOTAL_BYTES,
            total_tags: MAX_TAGS,
        }
    }
}

/// What is left of an [`Archive`]'s decompression budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    bytes: u64,
    tags: u64,
}

/// A book's bytes: all of them in memory, or a file read only where the entries
/// asked for lie (a head needs the directory and a few entries, not the whole file).
#[derive(Debug, Clone, Copy)]
pub enum Stored<'a> {
    /// The whole file, read.
    Bytes(&'a [u8]),
    /// An open file of `len` bytes; nothing else may move its offset while it is read.
    File {
        /// The file.
        file: &'a File,
        /// Its length.
        len: u64,
    },
}

impl Stored<'_> {
    /// The book's size in bytes.
    pub fn len(&self) -> u64 {
        match self {
            Stored::Bytes(bytes) => bytes.len() as u64,
            Stored::File { len, .. } => *len,
        }
    }

    /// Whether the book has no bytes at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `len` bytes at `offset`, or `None` past the end or when the file cannot be read.
    fn read_at(&self, offset: u64, len: usize) -> Option<Vec<u8>> {
        match self {
            Stored::Bytes(bytes) => {
                let start = usize::try_from(offset).ok()?;
                bytes
                    .get(start..start.checked_add(len)?)
                    .map(<[u8]>::to_vec)
            }
            Stored::File { file, .. } => {
                let mut file: &File = file;
                file.seek(SeekFrom::Start(offset)).ok()?;
                let mut out = vec![0; len];
                file.read_exact(&mut out).ok()?;
                Some(out)
            }
        }
    }
}

impl<'a> From<&'a [u8]> for Stored<'a> {
    fn from(bytes: &'a [u8]) -> Self {
        Stored::Bytes(bytes)
    }
}

impl<'a> From<&'a Vec<u8>> for Stored<'a> {
    fn from(bytes: &'a Vec<u8>) -> Self {
        Stored::Bytes(bytes)
    }
}

/// The zip crate's reader over a [`Stored`] book.
enum Source<'a> {
    Bytes(Cursor<&'a [u8]>),
    // Buffered: the zip directory is read a record at a time.
    File(BufReader<&'a File>),
}

impl Read for Source<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Source::Bytes(cursor) => cursor.read(buf),
            Source::File(file) => file.read(buf),
        }
    }
}

impl Seek for Source<'_> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        match self {
            Source::Bytes(cursor) => cursor.seek(to),
            Source::File(file) => file.seek(to),
        }
    }

    fn stream_position(&mut self) -> std::io::Result<u64> {
        match self {
            Source::Bytes(cursor) => cursor.stream_position(),
            Source::File(file) => file.stream_position(),
        }
    }
}

/// An open EPUB zip with a decompression budget.
pub struct Archive<'a> {
    zip: ZipArchive<Source<'a>>,
    limits: Limits,
    remaining: u64,
    tags_left: u64,
}

impl<'a> Archive<'a> {
    /// Opens the zip, refusing non-zips, truncated files and oversized directories.
    pub fn open(stored: impl Into<Stored<'a>>, limits: Limits) -> Result<Self, ParseError> {
        let stored = stored.into();
        if stored.read_at(0, 2).as_deref() != Some(b"PK") {
            return Err(ParseError::NotZip);
        }
        match entry_count(stored) {
            None => return Err(ParseError::NoCentralDirectory),
            Some(count) if count > MAX_ENTRIES => {
                return Err(ParseError::TooManyEntries {
                    count,
                    limit: MAX_ENTRIES,
                });
            }
            Some(_) => {}
        }
        let source = match stored {
            Stored::Bytes(bytes) => Source::Bytes(Cursor::new(bytes)),
            Stored::File { file, .. } => {
                let mut file = file;
                file.rewind()
                    .map_err(|e| ParseError::DamagedZip(zip::result::ZipError::Io(e)))?;
                Source::File(BufReader::with_capacity(FILE_BUFFER_BYTES, file))
            }
        };
        let zip = ZipArchive::new(source).map_err(ParseError::DamagedZip)?;
        Ok(Self {
            zip,
            limits,
            remaining: limits.total_bytes,
            tags_left: limits.total_tags,
        })
    }

    /// What is left of the book's budget, to go back to with [`Archive::rewind`].
    pub fn budget(&self) -> Budget {
        Budget {
            bytes: self.remaining,
            tags: self.tags_left,
        }
    }

    /// Restores the budget as it was: entries read again after a reading that was
    /// given up are counted once.
    pub fn rewind(&mut self, budget: Budget) {
        self.remaining = budget.bytes;
        self.tags_left = budget.tags;
    }

    /// Whether an entry exists.
    pub fn contains(&self, path: &str) -> bool {
        self.zip.index_for_name(path).is_some()
    }

    /// Reads one entry, inflating at most the per-entry limit and what is left of
    /// the book's budget.
    pub fn read(&mut self, path: &str) -> Result<Vec<u8>, ParseError> {
        let limits = self.limits;
        let cap = limits.entry_bytes.min(self.remaining);
        let entry = self.entry(path)?;
        let declared = entry.size();
        if declared > cap {
            return Err(too_big(limits, path, cap));
        }
        let out = inflate(entry, path, cap, declared)?;
        let read = out.len() as u64;
        if read > cap {
            return Err(too_big(limits, path, cap));
        }
        self.remaining -= read;
        Ok(out)
    }

    /// Reads at most the first `limit` bytes of an entry, and whether that was all of
    /// it: a head needs only the start of a long contents page. The bytes read count
    /// against the book's budget as [`Archive::read`]'s do.
    pub fn read_prefix(&mut self, path: &str, limit: usize) -> Result<(Vec<u8>, bool), ParseError> {
        let cap = (limit as u64).min(self.limits.entry_bytes.min(self.remaining));
        let entry = self.entry(path)?;
        let mut out = inflate(entry, path, cap, cap)?;
        let whole = out.len() as u64 <= cap;
        out.truncate(usize::try_from(cap).unwrap_or(usize::MAX));
        self.remaining -= out.len() as u64;
        Ok((out, whole))
    }

    /// Reads a document that will be parsed as markup: as [`Archive::read_text`], and
    /// its tags are counted against the book's markup budget.
    pub fn read_markup(&mut self, path: &str) -> Result<String, ParseError> {
        let text = self.read_text(path)?;
        let tags = memchr::memchr_iter(b'<', text.as_bytes()).count() as u64;
        if tags > self.tags_left {
            return Err(ParseError::TooMuchMarkup {
                path: path.to_owned(),
                limit: self.limits.total_tags,
            });
        }
        self.tags_left -= tags;
        Ok(text)
    }

    /// Reads an entry as text (XML and XHTML), decoding as HTML does.
    pub fn read_text(&mut self, path: &str) -> Result<String, ParseError> {
        self.read(path)
            .map(|bytes| crate::format::html::decode::decode(&bytes))
    }

    /// The entry at `path`, ready to inflate.
    fn entry(&mut self, path: &str) -> Result<zip::read::ZipFile<'_, Source<'a>>, ParseError> {
        let index = self.index_of(path)?;
        self.zip
            .by_index(index)
            .map_err(|source| ParseError::UnreadableEntry {
                path: path.to_owned(),
                source,
            })
    }

    /// The zip index of the entry at `path`, matched without regard to case when no
    /// entry has that exact name.
    fn index_of(&self, path: &str) -> Result<usize, ParseError> {
        self.zip
            .index_for_name(path)
            .or_else(|| self.find_case_insensitive(path))
            .ok_or_else(|| ParseError::MissingEntry {
                path: path.to_owned(),
            })
    }

    /// Some books get the case of a file name wrong in their manifest.
    fn find_case_insensitive(&self, path: &str) -> Option<usize> {
        let wanted = path.to_lowercase();
        let name = self
            .zip
            .file_names()
            .filter_map(Result::ok)
            .find(|name| name.to_lowercase() == wanted)?
            .into_owned();
        self.zip.index_for_name(&name)
    }
}

/// Inflates at most `cap + 1` bytes of an entry (one byte past the cap tells a cut
/// entry from one that fits exactly), `expected` of them reserved up front.
fn inflate(entry: impl Read, path: &str, cap: u64, expected: u64) -> Result<Vec<u8>, ParseError> {
    let mut out = Vec::with_capacity(usize::try_from(expected).unwrap_or(0).min(1 << 20));
    entry
        .take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|source| ParseError::Inflate {
            path: path.to_owned(),
            source,
        })?;
    Ok(out)
}

/// The limit reading `path` breaks: the book's budget when less than an entry's
/// worth of it was left, else the per-entry limit.
fn too_big(limits: Limits, path: &str, cap: u64) -> ParseError {
    let path = path.to_owned();
    if cap < limits.entry_bytes {
        ParseError::BookTooLarge {
            path,
            limit: limits.total_bytes,
        }
    } else {
        ParseError::EntryTooLarge {
            path,
            limit: limits.entry_bytes,
        }
    }
}

/// The number of entries the end-of-central-directory record announces, or `None`
/// when there is no such record (not a zip, or cut short). ZIP64 counts are read
/// from the ZIP64 record.
fn entry_count(stored: Stored<'_>) -> Option<u64> {
    const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    const EOCD_LEN: u64 = 22;
    // The record is the last thing in the file, followed by a comment of ≤ 65535 bytes.
    let search_from = stored.len().saturating_sub(EOCD_LEN + 0xFFFF);
    let tail = stored.read_at(
        search_from,
        usize::try_from(stored.len() - search_from).ok()?,
    )?;
    let at = tail.windows(4).rposition(|w| w == EOCD)?;
    let record = tail.get(at..at + 22)?;
    let count = u16::from_le_bytes([*record.get(10)?, *record.get(11)?]);
    if count != 0xFFFF {
        return Some(u64::from(count));
    }
    // ZIP64: the locator sits just before the record and points at the ZIP64 record.
    let eocd_at = search_from + at as u64;
    let locator = stored.read_at(eocd_at.checked_sub(20)?, 20)?;
    if locator.get(..4)? != [0x50, 0x4b, 0x06, 0x07] {
        return None;
    }
    let offset = u64::from_le_bytes(locator.get(8..16)?.try_into().ok()?);
    let record64 = stored.read_at(offset, 56)?;
    if record64.get(..4)? != [0x50, 0x4b, 0x06, 0x06] {
        return None;
    }
    Some(u64::from_le_bytes(record64.get(32..40)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_zip() {
        let open = |bytes: &[u8]| Archive::open(bytes, Limits::default()).err();
        assert!(matches!(open(b""), Some(ParseError::NotZip)));
        assert!(matches!(open(b"<html>"), Some(ParseError::NotZip)));
        let err = open(b"PK\x03\x04 truncated");
        assert!(
            matches!(err, Some(ParseError::NoCentralDirectory)),
            "{err:?}"
        );
        let message = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("truncated"), "{message}");
    }

    #[test]
    fn eocd_count() {
        let mut eocd = vec![0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 3, 0, 3, 0];
        eocd.extend([0; 10]);
        let mut bytes = b"PK junk".to_vec();
        bytes.extend(&eocd);
        assert_eq!(entry_count(Stored::Bytes(&bytes)), Some(3));
        assert_eq!(entry_count(Stored::Bytes(&bytes[..bytes.len() - 5])), None);
    }
}
