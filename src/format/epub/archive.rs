//! The EPUB container: a zip read with hard limits, so a hostile file costs bounded
//! time and memory. Entries are inflated through `take`, so a zip bomb stops at the
//! cap whatever its headers claim; the number of entries is checked from the
//! end-of-central-directory record before the zip crate indexes them.

use std::io::{Cursor, Read};

use zip::ZipArchive;

use crate::format::ParseError;

/// Most bytes one entry may inflate to.
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
/// Most bytes all entries read from one book may inflate to.
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
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

/// An open EPUB zip with a decompression budget.
pub struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    remaining: u64,
    tags_left: u64,
}

impl<'a> Archive<'a> {
    /// Opens the zip, refusing non-zips, truncated files and oversized directories.
    pub fn open(bytes: &'a [u8], limits: Limits) -> Result<Self, ParseError> {
        if !bytes.starts_with(b"PK") {
            return Err(ParseError::NotZip);
        }
        match entry_count(bytes) {
            None => return Err(ParseError::NoCentralDirectory),
            Some(count) if count > MAX_ENTRIES => {
                return Err(ParseError::TooManyEntries {
                    count,
                    limit: MAX_ENTRIES,
                });
            }
            Some(_) => {}
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(ParseError::DamagedZip)?;
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
        let index = self.index_of(path)?;
        let entry = self
            .zip
            .by_index(index)
            .map_err(|source| ParseError::UnreadableEntry {
                path: path.to_owned(),
                source,
            })?;
        let limits = self.limits;
        let cap = limits.entry_bytes.min(self.remaining);
        let declared = entry.size();
        if declared > cap {
            return Err(too_big(limits, path, cap));
        }
        let mut out = Vec::with_capacity(usize::try_from(declared).unwrap_or(0).min(1 << 20));
        entry
            .take(cap + 1)
            .read_to_end(&mut out)
            .map_err(|source| ParseError::Inflate {
                path: path.to_owned(),
                source,
            })?;
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
        let index = self.index_of(path)?;
        let entry = self
            .zip
            .by_index(index)
            .map_err(|source| ParseError::UnreadableEntry {
                path: path.to_owned(),
                source,
            })?;
        let cap = (limit as u64).min(self.limits.entry_bytes.min(self.remaining));
        let mut out = Vec::with_capacity(usize::try_from(cap).unwrap_or(0).min(limit));
        // One byte past the cap tells a cut entry from one that fits exactly.
        entry
            .take(cap + 1)
            .read_to_end(&mut out)
            .map_err(|source| ParseError::Inflate {
                path: path.to_owned(),
                source,
            })?;
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
fn entry_count(bytes: &[u8]) -> Option<u64> {
    const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    const EOCD_LEN: usize = 22;
    // The record is the last thing in the file, followed by a comment of ≤ 65535 bytes.
    let search_from = bytes.len().saturating_sub(EOCD_LEN + 0xFFFF);
    let tail = bytes.get(search_from..)?;
    let at = tail.windows(4).rposition(|w| w == EOCD)?;
    let record = tail.get(at..at + EOCD_LEN)?;
    let count = u16::from_le_bytes([*record.get(10)?, *record.get(11)?]);
    if count != 0xFFFF {
        return Some(u64::from(count));
    }
    // ZIP64: the locator sits just before the record and points at the ZIP64 record.
    let eocd_at = search_from + at;
    let locator = bytes.get(eocd_at.checked_sub(20)?..eocd_at)?;
    if locator.get(..4)? != [0x50, 0x4b, 0x06, 0x07] {
        return None;
    }
    let offset = u64::from_le_bytes(locator.get(8..16)?.try_into().ok()?);
    let start = usize::try_from(offset).ok()?;
    let record64 = bytes.get(start..start.checked_add(56)?)?;
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
        assert_eq!(entry_count(&bytes), Some(3));
        assert_eq!(entry_count(&bytes[..bytes.len() - 5]), None);
    }
}
