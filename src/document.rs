//! The format-neutral story: what every format reader (`txt`, later `html` and `epub`)
//! produces and everything downstream (metadata, layout, pager, `cat`) consumes.
//!
//! A [`Document`] is an ordered list of [`Chapter`]s, each an ordered list of [`Block`]s,
//! plus the raw metadata the file states ([`RawMeta`]). It owns no terminal types and
//! holds only clean text: site chrome, header fields and footers are *not* blocks.
//!
//! Invariants (checked by [`Document::check`] in tests):
//! - no chapter starts or ends with a scene break, and no two breaks are adjacent, so a
//!   scene is never empty;
//! - every emphasis span lies on `char` boundaries inside its block's text;
//! - block text contains no control characters (format readers strip them).

pub mod raw;
pub mod sanitize;
pub mod table;
pub mod text;
pub mod words;

use std::ops::Range;

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use raw::{FieldKey, RawField, RawMeta};
pub use table::{Cell, Table, TableRow};
pub use text::Text;

/// One story, as read from one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub chapters: Vec<Chapter>,
    /// What the file itself says about the story, before normalisation.
    pub raw: RawMeta,
}

/// A chapter: an optional title and its blocks. Single-chapter stories have one
/// untitled chapter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chapter {
    pub title: Option<String>,
    pub blocks: Vec<Block>,
    /// A stable identity for the chapter across re-downloads when the source states
    /// one (FanFicFare's `chapterurl`, an AO3 chapter link); `None` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// A unit of laid-out text. Scene breaks are blocks so the pager can anchor to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    /// A heading inside a chapter (the chapter title itself is [`Chapter::title`]).
    Heading(RichText),
    Paragraph(RichText),
    /// A scene break, whatever glyph or gap the source used for it.
    SceneBreak,
    /// An author's note or similar aside inside the story body.
    Note(RichText),
    /// A labelled field (`Rating: Teen And Up Audiences`) of a title page: the first
    /// `label` bytes of the text are the label, and the value's wrapped lines hang
    /// under the value, not the label.
    Field {
        text: RichText,
        label: usize,
    },
    /// An image the source shows here, as the line that stands for it.
    Image(Image),
    /// A grid of cells; its text is all the cells' text ([`Table::text`]).
    /// Boxed: tables are rare, and every block of a story is as large as the
    /// largest kind (a long story has tens of thousands of blocks).
    Table(Box<Table>),
}

/// An image in the text: the line drawn for it and where its bytes are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    /// The line shown in its place: `[image: alt text]`, or `[image]` without alt text.
    pub text: String,
    /// The image's path as the source names it, resolved against the page that showed
    /// it (an archive path in an EPUB, a path relative to an HTML file); may be empty.
    pub src: String,
}

impl Image {
    /// An image with its alt text (cleaned, collapsed) shown as `[image: alt]`.
    pub fn new(alt: &str, src: impl Into<String>) -> Self {
        let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = if alt.is_empty() {
            "[image]".to_owned()
        } else {
            format!("[image: {alt}]")
        };
        Self {
            text,
            src: src.into(),
        }
    }
}

/// Inline emphasis kinds a source can mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Emphasis {
    Italic,
    Bold,
    /// `<s>`, `<del>`: crossed-out words are part of the joke or the letter.
    Strike,
    /// `<u>`, `<ins>`.
    Underline,
}

impl Emphasis {
    /// Every kind, in [`Emphasis::index`] order.
    pub const ALL: [Emphasis; 4] = [
        Emphasis::Italic,
        Emphasis::Bold,
        Emphasis::Strike,
        Emphasis::Underline,
    ];

    /// Position in [`Emphasis::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// An emphasised byte range of a [`RichText`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub range: Range<usize>,
    pub emphasis: Emphasis,
}

/// Text with emphasis spans. The markup that produced the spans (`*word*`, `<em>`) is
/// not part of `text`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RichText {
    /// The text, its own or a stretch of a buffer the story's blocks share; reads
    /// as a `&str`.
    pub text: Text,
    pub spans: Vec<Span>,
    /// Footnote markers in `text`, in text order, each with its note.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<NoteRef>,
}

/// A footnote or endnote marker in a text and the note it points to. The note's own
/// text is not part of the running text: it shows in a popup and in `cat` after its
/// chapter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRef {
    /// Bytes of the marker (`¹`, `*`) in the text.
    pub range: Range<usize>,
    /// The note's paragraphs, cleaned.
    pub paragraphs: Vec<String>,
}

impl RichText {
    /// Plain text with no emphasis.
    pub fn plain(text: impl Into<Text>) -> Self {
        Self {
            text: text.into(),
            spans: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Number of whitespace-separated words.
    pub fn words(&self) -> usize {
        words::count_words(&self.text)
    }
}

impl Block {
    /// The block's text, or `None` for a scene break.
    pub fn rich_text(&self) -> Option<&RichText> {
        match self {
            Block::Heading(t) | Block::Paragraph(t) | Block::Note(t) => Some(t),
            Block::Field { text, .. } => Some(text),
            Block::Table(table) => Some(&table.text),
            Block::SceneBreak | Block::Image(_) => None,
        }
    }

    /// The block's plain text (empty for a scene break; an image's line).
    pub fn text(&self) -> &str {
        match self {
            Block::Image(image) => &image.text,
            _ => self.rich_text().map_or("", |t| t.text.as_str()),
        }
    }

    /// The footnote markers in the block's text.
    pub fn notes(&self) -> &[NoteRef] {
        self.rich_text().map_or(&[], |t| t.notes.as_slice())
    }

    /// Words that count towards the story's length: paragraphs and table cells
    /// only, so headings, notes and breaks don't inflate a word count.
    pub fn body_words(&self) -> usize {
        match self {
            Block::Paragraph(t) => t.words(),
            Block::Table(table) => table.words(),
            _ => 0,
        }
    }
}

/// The [`Chapter::id`] of the title page ficread puts before a story's own chapters
/// (see [`crate::title_page`]). No file may claim it: [`Document::release_reserved_ids`]
/// clears it from what a format reader produced.
pub const TITLE_PAGE_ID: &str = "ficread:title-page";

impl Chapter {
    /// Body words in this chapter: none on a title page, whose summary and notes are
    /// about the story, not part of it.
    pub fn words(&self) -> usize {
        if self.is_title_page() {
            return 0;
        }
        self.blocks.iter().map(Block::body_words).sum()
    }

    /// Whether this is the title page ficread inserted (never a chapter of the file).
    pub fn is_title_page(&self) -> bool {
        self.id.as_deref() == Some(TITLE_PAGE_ID)
    }

    /// Number of scenes: breaks + 1, or 0 for an empty chapter.
    pub fn scenes(&self) -> usize {
        if self.blocks.is_empty() {
            return 0;
        }
        1 + self
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::SceneBreak))
            .count()
    }

    /// Removes breaks at the chapter's edges and collapses adjacent breaks, so no
    /// scene is empty. Format readers call this once per chapter.
    pub fn tidy_breaks(&mut self) {
        let mut tidy: Vec<Block> = Vec::with_capacity(self.blocks.len());
        for block in self.blocks.drain(..) {
            let is_break = matches!(block, Block::SceneBreak);
            let after_break_or_start = tidy.last().is_none_or(|b| matches!(b, Block::SceneBreak));
            if is_break && after_break_or_start {
                continue;
            }
            tidy.push(block);
        }
        while matches!(tidy.last(), Some(Block::SceneBreak)) {
            tidy.pop();
        }
        self.blocks = tidy;
    }
}

impl Document {
    /// How many chapters at the start are ficread's own front matter (the title
    /// page), not the story's: stored places and chapter numbers count from here.
    pub fn front_chapters(&self) -> usize {
        self.chapters
            .iter()
            .take_while(|c| c.is_title_page())
            .count()
    }

    /// The story's own chapters, without the front matter.
    pub fn story_chapters(&self) -> &[Chapter] {
        self.chapters
            .get(self.front_chapters()..)
            .unwrap_or_default()
    }

    /// Clears ids a file claimed that ficread reserves for its own chapters, so a
    /// crafted file cannot pass a chapter off as the title page.
    pub fn release_reserved_ids(&mut self) {
        for chapter in &mut self.chapters {
            if chapter.is_title_page() {
                chapter.id = None;
            }
        }
    }

    /// Body words in the whole story.
    pub fn words(&self) -> usize {
        self.chapters.iter().map(Chapter::words).sum()
    }

    /// Scenes in the whole story.
    pub fn scenes(&self) -> usize {
        self.chapters.iter().map(Chapter::scenes).sum()
    }

    /// Iterates over every block's text in reading order (headings, paragraphs, notes).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.chapters
            .iter()
            .flat_map(|c| c.blocks.iter().map(Block::text))
            .filter(|t| !t.is_empty())
    }

    /// Drops chapter titles that are empty or only whitespace: a chapter either has
    /// a title to show or has none. Every format's reading ends here (in
    /// [`crate::format::parse_bytes`]), whatever path built the title (fuzz finding
    /// E: a fanfiction.net chapter picker whose option text was lost to broken
    /// markup).
    pub fn drop_blank_titles(&mut self) {
        for chapter in &mut self.chapters {
            if chapter
                .title
                .as_deref()
                .is_some_and(|t| t.trim().is_empty())
            {
                chapter.title = None;
            }
        }
    }

    /// Checks the structural invariants; returns the first violation.
    /// Used by tests of every format reader.
    pub fn check(&self) -> Result<(), InvariantError> {
        for (chapter, chapter_ref) in self.chapters.iter().enumerate() {
            if chapter_ref
                .title
                .as_deref()
                .is_some_and(|t| t.trim().is_empty())
            {
                return Err(InvariantError::BlankTitle { chapter });
            }
            let blocks = &chapter_ref.blocks;
            if matches!(blocks.first(), Some(Block::SceneBreak))
                || matches!(blocks.last(), Some(Block::SceneBreak))
            {
                return Err(InvariantError::BreakAtEdge { chapter });
            }
            for (block, pair) in blocks.windows(2).enumerate() {
                if matches!(pair, [Block::SceneBreak, Block::SceneBreak]) {
                    return Err(InvariantError::AdjacentBreaks { chapter, block });
                }
            }
            for (block, block_ref) in blocks.iter().enumerate() {
                if block_ref.text().chars().any(char::is_control) {
                    return Err(InvariantError::ControlCharacter { chapter, block });
                }
                let Some(rich) = block_ref.rich_text() else {
                    continue;
                };
                check_notes(rich).map_err(|range| InvariantError::BadNote {
                    chapter,
                    block,
                    range,
                })?;
                if let Block::Table(table) = block_ref
                    && !table.check()
                {
                    return Err(InvariantError::BadTable { chapter, block });
                }
                for span in &rich.spans {
                    let ok = span.range.start <= span.range.end
                        && span.range.end <= rich.text.len()
                        && rich.text.is_char_boundary(span.range.start)
                        && rich.text.is_char_boundary(span.range.end);
                    if !ok {
                        return Err(InvariantError::BadSpan {
                            chapter,
                            block,
                            range: span.range.clone(),
                        });
                    }
                }
            }
        }
        Ok(())
    }
}

/// Every note marker lies on char boundaries inside the text, markers come in order
/// without overlapping, and no note text holds a control character; the first bad
/// marker's range otherwise.
fn check_notes(rich: &RichText) -> Result<(), Range<usize>> {
    let mut end = 0;
    for note in &rich.notes {
        let r = &note.range;
        let ok = end <= r.start
            && r.start < r.end
            && r.end <= rich.text.len()
            && rich.text.is_char_boundary(r.start)
            && rich.text.is_char_boundary(r.end)
            && note
                .paragraphs
                .iter()
                .all(|p| !p.chars().any(char::is_control));
        if !ok {
            return Err(r.clone());
        }
        end = r.end;
    }
    Ok(())
}

/// A broken [`Document`] invariant, found by [`Document::check`]. Chapter and block
/// indices are 0-based.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InvariantError {
    #[error("chapter {chapter}: empty title (a chapter without one has `None`)")]
    BlankTitle { chapter: usize },
    #[error("chapter {chapter}: scene break at a chapter edge")]
    BreakAtEdge { chapter: usize },
    #[error("chapter {chapter} block {block}: adjacent scene breaks")]
    AdjacentBreaks { chapter: usize, block: usize },
    #[error("chapter {chapter} block {block}: control character")]
    ControlCharacter { chapter: usize, block: usize },
    /// An emphasis span outside its text or not on char boundaries.
    #[error("chapter {chapter} block {block}: bad span {range:?}")]
    BadSpan {
        chapter: usize,
        block: usize,
        range: Range<usize>,
    },
    /// A footnote marker outside its text, overlapping another, or a note with a
    /// control character.
    #[error("chapter {chapter} block {block}: bad note marker {range:?}")]
    BadNote {
        chapter: usize,
        block: usize,
        range: Range<usize>,
    },
    /// A table whose cells break [`Table::check`].
    #[error("chapter {chapter} block {block}: bad table cells")]
    BadTable { chapter: usize, block: usize },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Block {
        Block::Paragraph(RichText::plain(s))
    }

    #[test]
    fn blank_titles_are_no_titles() {
        let mut doc = Document {
            chapters: vec![
                Chapter {
                    title: Some(" \u{a0}".into()),
                    blocks: vec![p("a")],
                    id: None,
                },
                Chapter {
                    title: Some("Two".into()),
                    blocks: vec![p("b")],
                    id: None,
                },
            ],
            raw: RawMeta::default(),
        };
        assert_eq!(doc.check(), Err(InvariantError::BlankTitle { chapter: 0 }));
        doc.drop_blank_titles();
        assert_eq!(doc.check(), Ok(()));
        let titles: Vec<Option<&str>> = doc.chapters.iter().map(|c| c.title.as_deref()).collect();
        assert_eq!(titles, [None, Some("Two")]);
    }

    #[test]
    fn tidy_breaks_drops_edges_and_doubles() {
        let mut chapter = Chapter {
            title: None,
            id: None,
            blocks: vec![
                Block::SceneBreak,
                p("a"),
                Block::SceneBreak,
                Block::SceneBreak,
                p("b c"),
                Block::SceneBreak,
            ],
        };
        chapter.tidy_breaks();
        assert_eq!(chapter.blocks, vec![p("a"), Block::SceneBreak, p("b c")]);
        assert_eq!(chapter.scenes(), 2);
        assert_eq!(chapter.words(), 3);
    }

    #[test]
    fn check_reports_edge_breaks() {
        let doc = Document {
            chapters: vec![Chapter {
                title: None,
                id: None,
                blocks: vec![p("a"), Block::SceneBreak],
            }],
            raw: RawMeta::default(),
        };
        assert_eq!(doc.check(), Err(InvariantError::BreakAtEdge { chapter: 0 }));
        assert_eq!(
            InvariantError::BreakAtEdge { chapter: 0 }.to_string(),
            "chapter 0: scene break at a chapter edge"
        );
    }
}
