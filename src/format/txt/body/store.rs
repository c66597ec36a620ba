//! Where a story's blocks keep their text while the body is built.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use super::{TextUnit, Texts, Unit};
use crate::document::{RichText, Text};

/// Where the blocks' text is kept while they are built.
pub(in crate::format::txt) enum Store<'t> {
    /// Each block has a text of its own; the source text is borrowed.
    Owned(Texts<'t>),
    /// The blocks' cleaned text is written over the source text it was read from
    /// (cleaning never lengthens a unit's text, and units are read in text order, so
    /// the writing stays behind the reading), and the blocks share the result: the
    /// story is held once. A text that would overtake the reading keeps its own.
    InPlace {
        own: &'t [String],
        bytes: Vec<u8>,
        /// Bytes written so far, from the start.
        written: usize,
        /// Bytes of the source read so far (units read in order).
        read: usize,
        buffer: Arc<OnceLock<String>>,
    },
}

impl<'t> Store<'t> {
    /// A store that writes over `text`, or `text` back when the units do not read
    /// it in order without overlaps (then it cannot be written over as it is read).
    pub fn in_place(text: String, own: &'t [String], units: &[Unit]) -> Result<Self, String> {
        let mut end = 0;
        for unit in units {
            if let Unit::Text(unit) = unit
                && let Some(range) = unit.range()
            {
                if range.start < end || range.end < range.start {
                    return Err(text);
                }
                end = range.end;
            }
        }
        Ok(Store::InPlace {
            own,
            bytes: text.into_bytes(),
            written: 0,
            read: 0,
            buffer: Arc::new(OnceLock::new()),
        })
    }

    /// A unit's source text, wrapped lines joined; marks it read.
    pub(super) fn raw(&mut self, unit: &TextUnit) -> Cow<'_, str> {
        match self {
            Store::Owned(texts) => unit.raw(*texts),
            Store::InPlace {
                own, bytes, read, ..
            } => {
                let Some(range) = unit.range() else {
                    return unit.raw_from("", own);
                };
                *read = range.end;
                // Validated again, as no `unsafe` may take it on trust: bytes not
                // yet written over are the decoded text's own, so this never fails.
                let source = bytes
                    .get(range)
                    .and_then(|b| std::str::from_utf8(b).ok())
                    .unwrap_or_default();
                unit.raw_from(source, own)
            }
        }
    }

    /// Moves a block's text into the shared buffer when there is room behind the
    /// reading.
    pub(super) fn keep(&mut self, rich: &mut RichText) {
        let Store::InPlace {
            bytes,
            written,
            read,
            buffer,
            ..
        } = self
        else {
            return;
        };
        let len = rich.text.len();
        let end = *written + len;
        if end > *read {
            return;
        }
        let (Some(to), Some(text)) = (
            bytes.get_mut(*written..end),
            Text::shared(buffer, *written..end),
        ) else {
            return;
        };
        to.copy_from_slice(rich.text.as_bytes());
        rich.text = text;
        *written = end;
    }

    /// Ends the writing: the shared texts read from here on.
    pub(super) fn finish(self) {
        if let Store::InPlace {
            mut bytes,
            written,
            buffer,
            ..
        } = self
        {
            bytes.truncate(written);
            // Whole texts were written, one after another, so this never fails.
            let text = String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            let _ = buffer.set(text);
        }
    }
}
