//! Reading positions: an [`Anchor`] is a place in the *text* (chapter, block, byte offset),
//! never a screen line, so it survives resizes, width changes and layout options, and it
//! is what the store saves.
//!
//! Invariants of a clamped anchor (see [`Anchor::clamp`]): `chapter` indexes a chapter
//! (or is 0 for a story with none), `block` indexes a block of it (or is 0 for a chapter
//! with none), and `offset` is at most the block's text length and on a `char`
//! boundary. Anchors loaded from disk may break all three after a story changed, so
//! every consumer clamps before use; nothing here panics on any anchor.

use serde::{Deserialize, Serialize};

use crate::document::{Chapter, Document};

/// A place in a story: byte `offset` into the text of block `block` of chapter `chapter`.
///
/// Ordering is reading order, so search hits and scene starts can be compared with it.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Anchor {
    /// Chapter index, 0-based.
    pub chapter: usize,
    /// Block index within the chapter, 0-based.
    pub block: usize,
    /// Byte offset into the block's text, on a `char` boundary. Always 0 for a scene break.
    pub offset: usize,
}

impl Anchor {
    /// An anchor from its three parts (not clamped).
    pub const fn new(chapter: usize, block: usize, offset: usize) -> Self {
        Self {
            chapter,
            block,
            offset,
        }
    }

    /// The start of a chapter: by convention its title is on the first row.
    pub const fn chapter_start(chapter: usize) -> Self {
        Self::new(chapter, 0, 0)
    }

    /// Whether this is the start of its chapter.
    pub const fn is_chapter_start(&self) -> bool {
        self.block == 0 && self.offset == 0
    }

    /// The nearest valid anchor in `doc`.
    ///
    /// A chapter or block past the end clamps to the end of the story (an anchor saved
    /// before chapters were removed lands on the last text, not the first); an offset
    /// past the end of its block clamps to the block's end; an offset inside a UTF-8
    /// sequence moves back to the character's start.
    ///
    /// ```
    /// use ficread::document::{Block, Chapter, Document, RichText};
    /// use ficread::position::Anchor;
    ///
    /// let doc = Document {
    ///     chapters: vec![Chapter {
    ///         id: None,
    ///         title: None,
    ///         blocks: vec![Block::Paragraph(RichText::plain("é!"))],
    ///     }],
    ///     ..Document::default()
    /// };
    /// assert_eq!(Anchor::new(0, 0, 1).clamp(&doc), Anchor::new(0, 0, 0));
    /// assert_eq!(Anchor::new(7, 3, 99).clamp(&doc), Anchor::new(0, 0, 3));
    /// ```
    #[must_use]
    pub fn clamp(self, doc: &Document) -> Self {
        self.clamp_in(&doc.chapters)
    }

    /// The nearest valid anchor in a run of chapters (a story without its title
    /// page); see [`Anchor::clamp`].
    #[must_use]
    pub fn clamp_in(self, chapters: &[Chapter]) -> Self {
        let Some(last_chapter) = chapters.len().checked_sub(1) else {
            return Self::default();
        };
        let (chapter, block, offset) = if self.chapter > last_chapter {
            (last_chapter, usize::MAX, usize::MAX)
        } else {
            (self.chapter, self.block, self.offset)
        };
        let blocks = chapters.get(chapter).map_or(&[][..], |c| &c.blocks[..]);
        let Some(last_block) = blocks.len().checked_sub(1) else {
            return Self::chapter_start(chapter);
        };
        let (block, offset) = if block > last_block {
            (last_block, usize::MAX)
        } else {
            (block, offset)
        };
        let text = blocks.get(block).map_or("", |b| b.text());
        Self::new(chapter, block, floor_char_boundary(text, offset))
    }
}

/// The largest `char` boundary of `text` at or before `offset` (clamped to the length).
///
/// ```
/// use ficread::position::floor_char_boundary;
/// assert_eq!(floor_char_boundary("añb", 2), 1);
/// assert_eq!(floor_char_boundary("añb", 99), 4);
/// ```
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    // At most three steps back: a UTF-8 sequence is at most four bytes long.
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, RichText};

    fn doc() -> Document {
        Document {
            chapters: vec![
                Chapter {
                    id: None,
                    title: Some("One".into()),
                    blocks: vec![
                        Block::Paragraph(RichText::plain("naïve café")),
                        Block::SceneBreak,
                        Block::Paragraph(RichText::plain("ok")),
                    ],
                },
                Chapter {
                    id: None,
                    title: None,
                    blocks: vec![],
                },
            ],
            ..Document::default()
        }
    }

    #[test]
    fn clamp_table() {
        let doc = doc();
        let cases = [
            // (input, expected, why)
            ((0, 0, 0), (0, 0, 0), "valid start"),
            ((0, 0, 3), (0, 0, 2), "inside ï"),
            ((0, 0, 4), (0, 0, 4), "after ï"),
            ((0, 0, 12), (0, 0, 12), "block end"),
            ((0, 0, 13), (0, 0, 12), "past block end"),
            ((0, 0, 11), (0, 0, 10), "inside é"),
            ((0, 1, 5), (0, 1, 0), "scene break has no text"),
            ((0, 9, 0), (0, 2, 2), "block past chapter end"),
            ((1, 0, 0), (1, 0, 0), "empty chapter start"),
            ((1, 4, 4), (1, 0, 0), "empty chapter, anything"),
            ((5, 0, 0), (1, 0, 0), "chapter past end: end of story"),
        ];
        for (input, expected, why) in cases {
            let got = Anchor::new(input.0, input.1, input.2).clamp(&doc);
            assert_eq!(
                got,
                Anchor::new(expected.0, expected.1, expected.2),
                "{why}"
            );
        }
    }

    #[test]
    fn clamp_empty_document() {
        let doc = Document::default();
        assert_eq!(Anchor::new(3, 4, 5).clamp(&doc), Anchor::default());
    }

    #[test]
    fn clamp_past_end_lands_on_last_text() {
        let mut doc = doc();
        doc.chapters.pop();
        assert_eq!(Anchor::new(9, 0, 0).clamp(&doc), Anchor::new(0, 2, 2));
    }

    #[test]
    fn anchor_round_trips_through_json() {
        let anchor = Anchor::new(2, 14, 301);
        let json = serde_json::to_string(&anchor).unwrap();
        assert_eq!(json, r#"{"chapter":2,"block":14,"offset":301}"#);
        assert_eq!(serde_json::from_str::<Anchor>(&json).unwrap(), anchor);
    }

    #[test]
    fn ordering_is_reading_order() {
        let mut anchors = vec![
            Anchor::new(1, 0, 0),
            Anchor::new(0, 2, 5),
            Anchor::new(0, 2, 1),
            Anchor::new(0, 10, 0),
        ];
        anchors.sort();
        assert_eq!(
            anchors,
            vec![
                Anchor::new(0, 2, 1),
                Anchor::new(0, 2, 5),
                Anchor::new(0, 10, 0),
                Anchor::new(1, 0, 0),
            ]
        );
    }
}
