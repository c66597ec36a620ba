//! The index file's layout: a magic, a header record (the stamp and the calibre
//! book lists), then one record per file, each a little-endian `u32` length and the
//! postcard bytes of one [`Entry`]. Records are read one at a time through a small
//! buffer, so loading an index never holds its bytes beside what they decode to
//! (at 30,000 stories that was 30 MB more at the peak), and a reader stops at the
//! header when the stamp is not its own.
//!
//! A scan that changed a few files appends their records ([`append`]); a later
//! record for a path replaces an earlier one, so the rest of the file is never
//! rewritten for them.

use std::io::{self, BufReader, Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{CalibreEntry, Entry, EntryOut};
use crate::atomic_file;

/// Starts every index file; the last byte is the layout's version.
const MAGIC: &[u8; 8] = b"ficrIX\x00\x01";

/// A record longer than this is damage, not a story's metadata.
const MAX_RECORD: usize = 64 << 20;

/// The first record.
#[derive(Deserialize)]
struct Header {
    stamp: String,
    calibre: Vec<CalibreEntry>,
}

/// [`Header`] by reference, for writing.
#[derive(Serialize)]
#[serde(rename = "Header")]
pub(super) struct HeaderOut<'a> {
    pub stamp: &'a str,
    pub calibre: Vec<&'a CalibreEntry>,
}

/// Reads the index at `path` if it is stamped `stamp`, handing each entry to
/// `each` in file order (by canonical path, then appended records); returns the
/// calibre book lists and the file's length. `None` when there is no such file,
/// another stamp, or damage anywhere in it, a record cut short by a crash while
/// appending included (then the index is rebuilt, as for no index).
pub(super) fn read(
    path: &Path,
    stamp: &str,
    mut each: impl FnMut(Entry),
) -> Option<(Vec<CalibreEntry>, u64)> {
    read_located(path, stamp, |entry, _| each(entry))
}

/// Where a record lies in the index file: what [`read_record`] reads back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    /// The offset of its postcard bytes (past the length).
    pub at: u64,
    pub len: u32,
}

/// [`read`], with where each record lies in the file.
pub(super) fn read_located(
    path: &Path,
    stamp: &str,
    mut each: impl FnMut(Entry, Span),
) -> Option<(Vec<CalibreEntry>, u64)> {
    let file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let mut reader = BufReader::with_capacity(64 << 10, file);
    let mut magic = [0; MAGIC.len()];
    reader.read_exact(&mut magic).ok()?;
    if &magic != MAGIC {
        return None;
    }
    let mut record = Vec::new();
    if !next_record(&mut reader, &mut record).ok()? {
        return None;
    }
    let header: Header = postcard::from_bytes(&record).ok()?;
    if header.stamp != stamp {
        return None;
    }
    let mut at = u64::try_from(MAGIC.len() + 4 + record.len()).ok()?;
    while next_record(&mut reader, &mut record).ok()? {
        // No record is longer than `MAX_RECORD`.
        let len = u32::try_from(record.len()).ok()?;
        each(
            postcard::from_bytes(&record).ok()?,
            Span { at: at + 4, len },
        );
        at += 4 + u64::from(len);
    }
    Some((header.calibre, len))
}

/// The record at `span` of the index at `path`, if the file still holds one there
/// (it may have been rewritten since: the caller checks that it is the one it
/// expects).
pub(super) fn read_record(path: &Path, span: Span) -> Option<Entry> {
    use std::io::{Seek, SeekFrom};
    let mut file = std::fs::File::open(path).ok()?;
    file.seek(SeekFrom::Start(span.at)).ok()?;
    let mut record = vec![0; usize::try_from(span.len).ok()?];
    file.read_exact(&mut record).ok()?;
    postcard::from_bytes(&record).ok()
}

/// Reads the next record into `record`; false at the end of the file.
fn next_record(reader: &mut impl Read, record: &mut Vec<u8>) -> io::Result<bool> {
    let mut length = [0; 4];
    // No byte at all is the end; part of a length is damage.
    let first = loop {
        match reader.read(&mut length[..1]) {
            Ok(read) => break read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    };
    if first == 0 {
        return Ok(false);
    }
    reader.read_exact(&mut length[1..])?;
    let length = usize::try_from(u32::from_le_bytes(length)).unwrap_or(usize::MAX);
    if length > MAX_RECORD {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "record too long",
        ));
    }
    record.resize(length, 0);
    reader.read_exact(record)?;
    Ok(true)
}

/// Appends one record holding `value` to `bytes`.
fn push_record(bytes: &mut Vec<u8>, value: &impl Serialize) -> io::Result<()> {
    let start = bytes.len();
    bytes.extend_from_slice(&[0; 4]);
    let mut out = postcard::to_extend(value, std::mem::take(bytes)).map_err(io::Error::other)?;
    let length = u32::try_from(out.len() - start - 4)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "record too long"))?;
    if let Some(slot) = out.get_mut(start..start + 4) {
        slot.copy_from_slice(&length.to_le_bytes());
    }
    *bytes = out;
    Ok(())
}

/// Writes an index (atomically): `header`, then `entries` in their order.
pub(super) fn write<'a>(
    path: &Path,
    header: &HeaderOut<'_>,
    entries: impl IntoIterator<Item = EntryOut<'a>>,
) -> io::Result<()> {
    let mut bytes = MAGIC.to_vec();
    push_record(&mut bytes, header)?;
    for entry in entries {
        push_record(&mut bytes, &entry)?;
    }
    atomic_file::write(path, &bytes)
}

/// Appends `entries` to the index at `path`, if it is still `len` bytes long (as
/// read). False, with nothing written, when it is not: another process rewrote it.
pub(super) fn append<'a>(
    path: &Path,
    len: u64,
    entries: impl IntoIterator<Item = EntryOut<'a>>,
) -> io::Result<bool> {
    let mut bytes = Vec::new();
    for entry in entries {
        push_record(&mut bytes, &entry)?;
    }
    let mut file = std::fs::OpenOptions::new().append(true).open(path)?;
    if file.metadata()?.len() != len {
        return Ok(false);
    }
    // One write: a crash part way leaves a cut record, which makes the whole
    // index unreadable and rebuilt, never wrong.
    file.write_all(&bytes)?;
    file.sync_data()?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_read_back_and_damage_is_no_index() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("index.bin");
        let problem = crate::library::Problem {
            path: "/lib/a.epub".into(),
            cause: crate::library::ProblemCause::NotAStory,
        };
        let entries = [1u64, 2].map(|size| EntryOut::Problem {
            problem: &problem,
            size,
            modified: 7,
        });
        let header = HeaderOut {
            stamp: "s",
            calibre: Vec::new(),
        };
        write(&path, &header, entries).expect("writes");
        let read_sizes = |stamp: &str| {
            let mut sizes = Vec::new();
            read(&path, stamp, |entry| sizes.push(entry.key().1)).map(|_| sizes)
        };
        assert_eq!(read_sizes("s"), Some(vec![1, 2]));
        assert_eq!(read_sizes("other"), None, "another stamp");

        let bytes = std::fs::read(&path).expect("read");
        let first_record = MAGIC.len() + 4 + usize::from(bytes[MAGIC.len()]);
        for cut in [3, MAGIC.len() + 2, first_record + 2, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..cut]).expect("write");
            assert_eq!(read_sizes("s"), None, "cut at {cut}");
        }
        let mut long = bytes.clone();
        long.extend_from_slice(&u32::MAX.to_le_bytes());
        std::fs::write(&path, &long).expect("write");
        assert_eq!(read_sizes("s"), None, "a record longer than the file");
    }
}
