//! The rendering model: one [`Row`] is one screen row of the reading view.
//!
//! Rows borrow nothing: text rows carry a byte range of their block's text (or of the
//! chapter title), and the view looks the text and emphasis up in the document. That
//! keeps a laid-out frame cheap to build and to compare in tests.

use std::ops::Range;
use std::sync::Arc;

use super::table::CellPiece;
use crate::document::{Block, Document, Emphasis};
use crate::position::Anchor;

/// What a text row belongs to, so the view can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextKind {
    Paragraph,
    /// A heading inside a chapter; its lines are centred.
    Heading,
    /// An author's note or similar aside.
    Note,
    /// A labelled field of a title page; lines after the first hang under the value.
    Field,
    /// The line standing for an image (`[image: alt]`), centred.
    Image,
}

/// How a text row is set beyond its characters: the view draws these, the row's byte
/// range stays exactly the source's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Typeset {
    /// Spread the spaces so the row ends at the measure's right edge (see
    /// [`super::justify::row_gaps`]). Never set on a paragraph's last line.
    pub justify: bool,
    /// The row ends inside a word that continues on the next row: draw a hyphen after
    /// the text (the hyphen is not in the source).
    pub hyphen: bool,
}

/// One screen row of the reading view, left to right within the text measure.
///
/// `indent` is the number of blank columns before the text inside the measure (a
/// first-line indent, or the centring of headings, titles and the break ornament).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Row {
    /// An empty spacer row (between paragraphs, around headings, breaks and titles).
    Blank,
    /// One line of a chapter's title, centred.
    ChapterTitle {
        chapter: usize,
        /// Bytes of `Chapter::title`.
        range: Range<usize>,
        indent: usize,
    },
    /// One line of a paragraph, heading or note.
    Text {
        chapter: usize,
        block: usize,
        /// Bytes of the block's text.
        range: Range<usize>,
        kind: TextKind,
        indent: usize,
        /// Justification and hyphen.
        typeset: Typeset,
    },
    /// The scene-break ornament ([`LayoutOptions::scene_break`](super::LayoutOptions)).
    SceneBreak {
        chapter: usize,
        block: usize,
        indent: usize,
    },
    /// One line of a table: pieces of its cells, each at its column of the measure
    /// (see [`crate::layout::table`]).
    TableLine {
        chapter: usize,
        block: usize,
        cells: Arc<[CellPiece]>,
    },
    /// The rule under a table's heading rows, `width` columns long.
    TableRule {
        chapter: usize,
        block: usize,
        width: usize,
    },
}

impl Row {
    /// The text this row shows from `doc`: empty for blanks and scene breaks (whose
    /// glyph is a layout option), for table rows (whose text is in pieces: see
    /// [`Row::TableLine`]) and for a row that does not match `doc`.
    pub fn text<'d>(&self, doc: &'d Document) -> &'d str {
        match self {
            Row::Blank | Row::SceneBreak { .. } | Row::TableLine { .. } | Row::TableRule { .. } => {
                ""
            }
            Row::ChapterTitle { chapter, range, .. } => doc
                .chapters
                .get(*chapter)
                .and_then(|c| c.title.as_deref())
                .and_then(|t| t.get(range.clone()))
                .unwrap_or_default(),
            Row::Text {
                chapter,
                block,
                range,
                ..
            } => block_of(doc, *chapter, *block)
                .and_then(|b| b.text().get(range.clone()))
                .unwrap_or_default(),
        }
    }

    /// The emphasis on this row, as byte ranges relative to [`Row::text`], clipped to the
    /// row and in span order. Empty for rows without block text.
    ///
    /// ```
    /// use ficread::document::{Block, Chapter, Document, Emphasis, RichText, Span};
    /// use ficread::layout::{Row, TextKind, Typeset};
    ///
    /// let text = RichText {
    ///     text: "a very bold claim".into(),
    ///     spans: vec![Span { range: 2..11, emphasis: Emphasis::Bold }],
    ///     notes: Vec::new(),
    /// };
    /// let doc = Document {
    ///     chapters: vec![Chapter { id: None, title: None, blocks: vec![Block::Paragraph(text)] }],
    ///     ..Document::default()
    /// };
    /// let row = Row::Text { chapter: 0, block: 0, range: 7..17, kind: TextKind::Paragraph, indent: 0, typeset: Typeset::default() };
    /// assert_eq!(row.text(&doc), "bold claim");
    /// assert_eq!(row.emphasis(&doc), vec![(0..4, Emphasis::Bold)]);
    /// ```
    pub fn emphasis(&self, doc: &Document) -> Vec<(Range<usize>, Emphasis)> {
        let Row::Text {
            chapter,
            block,
            range,
            ..
        } = self
        else {
            return Vec::new();
        };
        emphasis_in(doc, *chapter, *block, range)
    }

    /// The byte range of the row's text within its block or title, if it has text.
    pub fn range(&self) -> Option<Range<usize>> {
        match self {
            Row::ChapterTitle { range, .. } | Row::Text { range, .. } => Some(range.clone()),
            Row::Blank | Row::SceneBreak { .. } | Row::TableLine { .. } | Row::TableRule { .. } => {
                None
            }
        }
    }

    /// The columns before the row's content within the measure.
    pub fn indent(&self) -> usize {
        match self {
            Row::Blank | Row::TableLine { .. } | Row::TableRule { .. } => 0,
            Row::ChapterTitle { indent, .. }
            | Row::Text { indent, .. }
            | Row::SceneBreak { indent, .. } => *indent,
        }
    }

    /// The anchor of the row's first character, for rows of block text or breaks.
    pub fn anchor(&self) -> Option<Anchor> {
        match self {
            Row::Text {
                chapter,
                block,
                range,
                ..
            } => Some(Anchor::new(*chapter, *block, range.start)),
            Row::SceneBreak { chapter, block, .. } => Some(Anchor::new(*chapter, *block, 0)),
            Row::TableLine {
                chapter,
                block,
                cells,
            } => cells
                .first()
                .map(|piece| Anchor::new(*chapter, *block, piece.range.start)),
            Row::Blank | Row::ChapterTitle { .. } | Row::TableRule { .. } => None,
        }
    }
}

/// The emphasis on bytes `range` of a block's text, relative to the range's start,
/// clipped to it and in span order (empty for a block without text).
pub fn emphasis_in(
    doc: &Document,
    chapter: usize,
    block: usize,
    range: &Range<usize>,
) -> Vec<(Range<usize>, Emphasis)> {
    let Some(rich) = block_of(doc, chapter, block).and_then(Block::rich_text) else {
        return Vec::new();
    };
    rich.spans
        .iter()
        .filter_map(|span| {
            let start = span.range.start.max(range.start);
            let end = span.range.end.min(range.end);
            (start < end).then(|| (start - range.start..end - range.start, span.emphasis))
        })
        .collect()
}

fn block_of(doc: &Document, chapter: usize, block: usize) -> Option<&Block> {
    doc.chapters.get(chapter)?.blocks.get(block)
}
