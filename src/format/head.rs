//! Reading a long story in two steps, so the reader can draw before the whole file
//! is parsed: the file's head is parsed on its own and handed over first, then the
//! rest of the file is read into the same buffer (each byte read once) and the whole
//! story parsed as [`super::read_file`] would.
//!
//! The head is only a preview. It is built so that its chapters and blocks are, as
//! far as it goes, the whole story's (the same pipeline over a prefix cut at a
//! paragraph boundary, without the footer pass, its last block dropped because the
//! cut may have ended it early); `tests/head_preview.rs` checks that on the sample
//! library and the corpus. Whatever was done on the preview is replayed on the
//! whole story (see `app::opening`), so a difference would move nothing the reader
//! did, only what the first frames showed.
//!
//! An EPUB's head is its first story pages ([`epub::parse_head`]), read from where
//! they lie in the file (its archive's directory is at the end); then the whole
//! file is read. An HTML page gets no head: its structure
//! needs its whole tree.

use std::io::{Read as _, Seek as _};
use std::path::Path;

use super::{
    FormatKind, MAX_FILE_BYTES, ReadError, encoding, epub, finish, open_checked, parse_owned, txt,
};
use crate::document::Document;

/// How much of a long text file the preview reads: several screens of any story
/// (and its header) at a parse cost of a couple of milliseconds.
pub const HEAD_BYTES: usize = 32 * 1024;

/// Files up to this size are parsed whole at once: a preview would save nothing
/// worth its second parse.
pub const WHOLE_BELOW: u64 = 384 * 1024;

/// Where the reader stopped in a story, so a long text can be previewed from there
/// rather than from its start: the saved place's chapter (counting the story's own
/// chapters), that chapter's title, and the share of the story's words before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Landing {
    pub chapter: usize,
    pub title: String,
    pub fraction: f64,
}

/// Reads and parses one story file ([`super::read_file`] is this without `head`);
/// with `head`, a long text file's or EPUB's head is parsed first and given to it
/// before the whole is parsed.
/// With a `landing` past a text's head, the preview is the stretch of the text that
/// starts at the landing chapter's heading instead ([`window_preview`]).
pub fn read_file_with_head(
    path: &Path,
    landing: Option<&Landing>,
    mut head: Option<&mut dyn FnMut(Document)>,
) -> Result<Document, ReadError> {
    let kind = FormatKind::from_path(path).ok_or_else(|| ReadError::NotAStory {
        path: path.to_owned(),
    })?;
    let (file, len) = open_checked(path)?;
    let io_err = |source| ReadError::Io {
        path: path.to_owned(),
        source,
    };
    let wants_head = head.is_some() && len > WHOLE_BELOW;
    if kind == FormatKind::Epub
        && wants_head
        && let Some(head) = head.as_mut()
    {
        // The head's entries are read from where they lie in the file before the
        // whole is read, so the first frame does not wait on a read of every byte.
        let stored = epub::Stored::File { file: &file, len };
        if let Some(doc) = epub_preview(stored, landing) {
            head(doc);
        }
        let mut rewind: &std::fs::File = &file;
        rewind.rewind().map_err(io_err)?;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    let mut file = file.take(MAX_FILE_BYTES + 1);
    let mut start = None;
    if kind == FormatKind::Text && wants_head {
        (&mut file)
            .take(HEAD_BYTES as u64)
            .read_to_end(&mut bytes)
            .map_err(io_err)?;
        if let Some(doc) = parse_head(&bytes) {
            // The head's last chapter may be cut short: a place in it or after it
            // is looked for in the whole text.
            if landing.is_some_and(|l| l.chapter + 1 >= doc.chapters.len()) {
                start = Some(doc);
            } else if let Some(head) = head.as_mut() {
                head(doc);
            }
        }
    }
    file.read_to_end(&mut bytes).map_err(io_err)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: path.to_owned(),
            size: bytes.len() as u64,
        });
    }
    if let Some(head) = head {
        let preview = match (kind, start, landing) {
            (FormatKind::Text, Some(start), Some(landing)) => {
                window_preview(&bytes, start, landing)
            }
            _ => None,
        };
        if let Some(doc) = preview {
            head(doc);
        }
    }
    parse_owned(kind, bytes).map_err(|source| ReadError::Malformed {
        path: path.to_owned(),
        source,
    })
}

/// An EPUB's preview: the window around the saved place past its first chapter, or
/// its head.
fn epub_preview(stored: epub::Stored<'_>, landing: Option<&Landing>) -> Option<Document> {
    landing
        .filter(|l| l.chapter > 0)
        .and_then(|l| epub::parse_window(stored, l.chapter, &l.title, l.fraction, HEAD_BYTES))
        .map(epub::Preview::into_document)
        .or_else(|| epub::parse_head(stored, HEAD_BYTES).ok())
        .map(finish)
}

/// The preview of a text file from its first bytes, or `None` when the head cannot
/// stand for the start of the whole (a UTF-16 file, whose bytes cannot be cut at a
/// newline byte; no line break at all).
pub fn parse_head(bytes: &[u8]) -> Option<Document> {
    if encoding_rs::Encoding::for_bom(bytes).is_some_and(|(e, _)| e != encoding_rs::UTF_8) {
        return None;
    }
    // Cut at a line end in the bytes, so no character is split whatever the
    // encoding (UTF-8 and Windows-1252 never use 0x0A inside a character).
    let line_end = bytes.iter().rposition(|&b| b == b'\n')?;
    let text = encoding::decode(&bytes[..=line_end]);
    // At a paragraph boundary when there is one in the second half, so the last
    // paragraph is less often cut.
    let cut = text
        .rfind("\n\n")
        .filter(|&at| at >= text.len() / 2)
        .map_or(text.len(), |at| at + 1);
    Some(finish(txt::parse_head(&text[..cut])))
}

/// The preview of a whole text's bytes around `landing` (see [`window_preview`]),
/// with the header fields of its head.
pub fn preview_at(bytes: &[u8], landing: &Landing) -> Option<Document> {
    let start = parse_head(bytes.get(..HEAD_BYTES).unwrap_or(bytes))?;
    window_preview(bytes, start, landing)
}

/// The preview of a text around a place past its head: the stretch of the text that
/// starts at the line holding the landing chapter's title (the occurrence nearest the
/// place's share of the text), parsed as body, after `landing.chapter` empty
/// chapters standing for those before it, with the head's header fields. `None`
/// when the title is not found on a line of its own or the stretch does not start
/// with that chapter; the reader also shows the preview only if the saved place is
/// found in it exactly (see `app::preview`), so a stretch that reads differently
/// from the whole only costs the preview.
fn window_preview(bytes: &[u8], start: Document, landing: &Landing) -> Option<Document> {
    let title = landing.title.trim();
    if title.is_empty()
        || encoding_rs::Encoding::for_bom(bytes).is_some_and(|(e, _)| e != encoding_rs::UTF_8)
    {
        return None;
    }
    let expected = (landing.fraction.clamp(0.0, 1.0) * bytes.len() as f64) as usize;
    let line_start = memchr::memmem::find_iter(bytes, title.as_bytes())
        .filter_map(|at| {
            let from = bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let to = bytes[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| at + i);
            let line = std::str::from_utf8(&bytes[from..to]).ok()?;
            (line.trim() == title).then_some(from)
        })
        .min_by_key(|&from| from.abs_diff(expected))?;
    let end = (line_start + HEAD_BYTES).min(bytes.len());
    let window = &bytes[line_start..end];
    let line_end = window.iter().rposition(|&b| b == b'\n')?;
    let text = encoding::decode(&window[..=line_end]);
    let found = txt::parse_window(&text, end == bytes.len());
    if found.chapters.first()?.title.as_deref().map(str::trim) != Some(title) {
        return None;
    }
    let mut chapters = vec![crate::document::Chapter::default(); landing.chapter];
    chapters.extend(found.chapters);
    Some(finish(Document {
        chapters,
        raw: start.raw,
    }))
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    #[test]
    fn a_utf16_file_or_one_without_line_breaks_has_no_preview() {
        assert!(parse_head(b"\xFF\xFEh\x00\n\x00").is_none());
        assert!(parse_head(b"one long line without an end").is_none());
    }

    #[test]
    fn the_head_keeps_its_chapters_and_drops_the_block_the_cut_may_have_ended() {
        let mut text = String::from("The Long Way\n\nRating: G\n\n");
        for chapter in 1..=3 {
            let _ = write!(text, "Chapter {chapter}\n\n");
            for p in 1..=4 {
                let _ = write!(
                    text,
                    "Paragraph {p} of chapter {chapter}, which goes on.\n\n"
                );
            }
        }
        text.push_str("Chapter 4\n\nThe last paragraph was cut in the mid");
        let doc = parse_head(text.as_bytes()).expect("a preview");
        let whole = txt::parse(&text);
        // The last heading has nothing after it in the head, so it is the dropped
        // block, not a chapter yet.
        assert_eq!(doc.chapters.len(), 3);
        assert_eq!(doc.chapters[..2], whole.chapters[..2]);
        assert_eq!(doc.chapters[2].blocks[..], whole.chapters[2].blocks[..3]);
        assert_eq!(whole.chapters.len(), 4);
    }
}
