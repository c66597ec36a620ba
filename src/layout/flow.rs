//! The lazy row stream of a whole document at one width.
//!
//! The stream is cut into *segments*: each chapter has a head (the blank gap before it,
//! its title lines, the blank after the title) and one segment per block (the blank
//! rows that separate it from the previous block, then its lines). A row is addressed
//! by a [`RowPos`] (chapter, segment, row within the segment), ordered in reading order.
//!
//! Only the segments a caller touches are wrapped; wrapped blocks and titles are cached
//! for the current width and dropped when the width or options change, so a resize
//! costs the same for any story length. Separator rows depend only on the document and
//! the options, never on the width.
//!
//! Invariants: every block segment has at least one row; a head segment is empty only
//! for a chapter with no title whose gap is zero; `RowPos` values handed out always
//! point at an existing row.

mod tables;
mod walk;

use std::collections::HashMap;
use std::sync::Arc;

use super::hyphenate::Dictionary;
use super::row::{Row, TextKind, Typeset};
use super::table::TableLayout;
use super::wrap::{Line, display_width, wrap, wrap_hyphenated};
use super::{LayoutOptions, ParagraphSpacing};
use crate::document::{Block, Document};
use crate::position::Anchor;

/// Which part of a chapter a row belongs to. `Head` sorts before every block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Seg {
    Head,
    Block(usize),
}

/// The address of one row of the stream, ordered in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct RowPos {
    pub chapter: usize,
    pub seg: Seg,
    pub row: usize,
}

/// A wrapped text block: its lines, the indent of its first line and of the rest.
#[derive(Debug)]
struct Wrapped {
    lines: Vec<Line>,
    first_indent: usize,
    /// A field's hanging indent: its value's later lines start under the value.
    rest_indent: usize,
}

/// The row stream of one document at one width.
pub(crate) struct Flow {
    doc: Arc<Document>,
    options: LayoutOptions,
    width: usize,
    first_chapter_with_rows: Option<usize>,
    /// Set when the options ask for hyphenation and the language has patterns.
    dictionary: Option<Dictionary>,
    blocks: HashMap<(usize, usize), Arc<Wrapped>>,
    titles: HashMap<usize, Arc<[Line]>>,
    tables: HashMap<(usize, usize), Arc<TableLayout>>,
}

impl std::fmt::Debug for Flow {
    // Not derived: a story can be megabytes; debug output shows the shape only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Flow")
            .field("chapters", &self.doc.chapters.len())
            .field("width", &self.width)
            .field("options", &self.options)
            .field("wrapped_blocks", &self.blocks.len())
            .finish_non_exhaustive()
    }
}

impl Flow {
    pub fn new(doc: Arc<Document>, options: LayoutOptions, width: usize) -> Self {
        let first_chapter_with_rows = (0..doc.chapters.len()).find(|&c| chapter_has_rows(&doc, c));
        Self {
            doc,
            dictionary: dictionary_for(&options),
            options,
            width: width.max(1),
            first_chapter_with_rows,
            blocks: HashMap::new(),
            titles: HashMap::new(),
            tables: HashMap::new(),
        }
    }

    pub fn doc(&self) -> &Document {
        &self.doc
    }

    pub fn doc_arc(&self) -> &Arc<Document> {
        &self.doc
    }

    pub fn options(&self) -> &LayoutOptions {
        &self.options
    }

    pub fn width(&self) -> usize {
        self.width
    }

    /// Sets the width (at least 1); returns whether it changed. Drops the cache.
    pub fn set_width(&mut self, width: usize) -> bool {
        let width = width.max(1);
        if width == self.width {
            return false;
        }
        self.width = width;
        self.clear();
        true
    }

    pub fn set_options(&mut self, options: LayoutOptions) {
        self.dictionary = dictionary_for(&options);
        self.options = options;
        self.clear();
    }

    fn clear(&mut self) {
        // New maps, not `clear()`: clearing walks the old capacity, which after a long
        // session can be the whole book; dropping walks only the live entries.
        self.blocks = HashMap::new();
        self.titles = HashMap::new();
        self.tables = HashMap::new();
    }

    fn blocks_of(&self, chapter: usize) -> &[Block] {
        self.doc.chapters.get(chapter).map_or(&[], |c| &c.blocks)
    }

    pub fn chapter_count(&self) -> usize {
        self.doc.chapters.len()
    }

    pub fn has_rows(&self, chapter: usize) -> bool {
        chapter_has_rows(&self.doc, chapter)
    }

    fn title(&self, chapter: usize) -> Option<&str> {
        title_of(&self.doc, chapter)
    }

    fn gap(&self, chapter: usize) -> usize {
        let after_first = self
            .first_chapter_with_rows
            .is_some_and(|first| chapter > first);
        if after_first && self.has_rows(chapter) {
            self.options.chapter_gap
        } else {
            0
        }
    }

    fn head_is_empty(&self, chapter: usize) -> bool {
        self.title(chapter).is_none() && self.gap(chapter) == 0
    }

    fn title_lines(&mut self, chapter: usize) -> Arc<[Line]> {
        if let Some(lines) = self.titles.get(&chapter) {
            return Arc::clone(lines);
        }
        let lines: Arc<[Line]> = match self.title(chapter) {
            Some(title) => {
                // Wrap the trimmed title but keep ranges into the stored string.
                let start = title.len() - title.trim_start().len();
                wrap(title.trim(), self.width, self.width)
                    .into_iter()
                    .map(|line| Line {
                        range: line.range.start + start..line.range.end + start,
                        ..line
                    })
                    .collect()
            }
            None => Arc::from([]),
        };
        self.titles.insert(chapter, Arc::clone(&lines));
        lines
    }

    fn head_len(&mut self, chapter: usize) -> usize {
        if !self.has_rows(chapter) {
            return 0;
        }
        let title_rows = self.title_lines(chapter).len();
        let spacer = usize::from(title_rows > 0 && !self.blocks_of(chapter).is_empty());
        self.gap(chapter) + title_rows + spacer
    }

    /// Blank rows before block `block` (width-independent).
    fn lead(&self, chapter: usize, block: usize) -> usize {
        let blocks = self.blocks_of(chapter);
        let (Some(prev), Some(cur)) = (
            block.checked_sub(1).and_then(|b| blocks.get(b)),
            blocks.get(block),
        ) else {
            return 0;
        };
        match (prev, cur) {
            // A title page's fields are one list, not paragraphs.
            (Block::Field { .. }, Block::Field { .. }) => 0,
            (Block::Paragraph(_), Block::Paragraph(_)) => match self.options.paragraph_spacing {
                ParagraphSpacing::Blank => 1,
                ParagraphSpacing::Indent => 0,
            },
            _ => 1,
        }
    }

    fn first_indent(&self, chapter: usize, block: usize) -> usize {
        let blocks = self.blocks_of(chapter);
        let follows_paragraph = block
            .checked_sub(1)
            .and_then(|b| blocks.get(b))
            .is_some_and(|b| matches!(b, Block::Paragraph(_)));
        let indent = self.options.indent;
        let is_paragraph = matches!(blocks.get(block), Some(Block::Paragraph(_)));
        // An indent that leaves no room for text is dropped, not allowed to overflow.
        if self.options.paragraph_spacing == ParagraphSpacing::Indent
            && is_paragraph
            && follows_paragraph
            && indent < self.width
        {
            indent
        } else {
            0
        }
    }

    /// The wrapped lines of a text block; `None` for a scene break or a missing block.
    fn wrapped(&mut self, chapter: usize, block: usize) -> Option<Arc<Wrapped>> {
        if let Some(wrapped) = self.blocks.get(&(chapter, block)) {
            return Some(Arc::clone(wrapped));
        }
        let mut first_indent = self.first_indent(chapter, block);
        let width = self.width;
        let found = self.blocks_of(chapter).get(block)?;
        if let Block::Field { text, label } = found {
            let wrapped = Arc::new(wrap_field(&text.text, *label, width));
            self.blocks.insert((chapter, block), Arc::clone(&wrapped));
            return Some(wrapped);
        }
        // Headings and image lines are centred, and a centred line is not hyphenated.
        let dictionary = self
            .dictionary
            .filter(|_| !matches!(found, Block::Heading(_) | Block::Image(_)));
        let text = match found {
            Block::SceneBreak => return None,
            other => other.text(),
        };
        let wrap_at = |first: usize| match dictionary {
            Some(dictionary) => wrap_hyphenated(text, first, width, dictionary),
            None => wrap(text, first, width),
        };
        let mut lines = wrap_at(width - first_indent);
        if lines
            .first()
            .is_some_and(|l| l.width + first_indent > width)
        {
            // The first grapheme is too wide to follow the indent: drop the indent
            // rather than overflow the measure.
            first_indent = 0;
            lines = wrap_at(width);
        }
        let wrapped = Arc::new(Wrapped {
            lines,
            first_indent,
            rest_indent: 0,
        });
        self.blocks.insert((chapter, block), Arc::clone(&wrapped));
        Some(wrapped)
    }

    fn block_len(&mut self, chapter: usize, block: usize) -> usize {
        let content = match self.blocks_of(chapter).get(block) {
            None => return 0,
            Some(Block::SceneBreak) => 1,
            Some(Block::Table(_)) => self.table(chapter, block).map_or(1, |t| t.lines.len()),
            Some(_) => self.wrapped(chapter, block).map_or(1, |w| w.lines.len()),
        };
        self.lead(chapter, block) + content
    }

    pub fn seg_len(&mut self, chapter: usize, seg: Seg) -> usize {
        match seg {
            Seg::Head => self.head_len(chapter),
            Seg::Block(block) => self.block_len(chapter, block),
        }
    }

    /// Up to `count` rows from `pos` down, and whether they reach the story's last row.
    pub fn rows(&mut self, pos: RowPos, count: usize) -> (Vec<Row>, bool) {
        let mut rows = Vec::with_capacity(count.min(4096));
        let mut next = Some(pos);
        while rows.len() < count {
            let Some(pos) = next else { break };
            rows.push(self.row(pos));
            next = self.step(pos);
        }
        (rows, next.is_none())
    }

    fn centred(&self, width: usize) -> usize {
        self.width.saturating_sub(width) / 2
    }

    /// The row at `pos` (a blank row for a position that does not exist).
    pub fn row(&mut self, pos: RowPos) -> Row {
        let RowPos { chapter, seg, row } = pos;
        match seg {
            Seg::Head => {
                let Some(index) = row.checked_sub(self.gap(chapter)) else {
                    return Row::Blank;
                };
                match self.title_lines(chapter).get(index) {
                    Some(line) => Row::ChapterTitle {
                        chapter,
                        range: line.range.clone(),
                        indent: self.centred(line.width),
                    },
                    None => Row::Blank,
                }
            }
            Seg::Block(block) => {
                let Some(index) = row.checked_sub(self.lead(chapter, block)) else {
                    return Row::Blank;
                };
                let kind = match self.blocks_of(chapter).get(block) {
                    None => return Row::Blank,
                    Some(Block::SceneBreak) => {
                        let glyph = display_width(&self.options.scene_break);
                        return Row::SceneBreak {
                            chapter,
                            block,
                            indent: self.centred(glyph),
                        };
                    }
                    Some(Block::Paragraph(_)) => TextKind::Paragraph,
                    Some(Block::Heading(_)) => TextKind::Heading,
                    Some(Block::Note(_)) => TextKind::Note,
                    Some(Block::Field { .. }) => TextKind::Field,
                    Some(Block::Image(_)) => TextKind::Image,
                    Some(Block::Table(_)) => return self.table_row(chapter, block, index),
                };
                let Some(wrapped) = self.wrapped(chapter, block) else {
                    return Row::Blank;
                };
                let Some(line) = wrapped.lines.get(index) else {
                    return Row::Blank;
                };
                let indent = match kind {
                    TextKind::Heading | TextKind::Image => self.centred(line.width),
                    _ if index == 0 => wrapped.first_indent,
                    _ => wrapped.rest_indent,
                };
                let last = index + 1 == wrapped.lines.len();
                Row::Text {
                    chapter,
                    block,
                    range: line.range.clone(),
                    kind,
                    indent,
                    typeset: Typeset {
                        justify: self.options.justify && kind != TextKind::Heading && !last,
                        hyphen: line.hyphen,
                    },
                }
            }
        }
    }

    /// Whether `pos` is a line of block text or a break ornament (not a blank
    /// separator or part of a chapter head).
    pub fn is_line_row(&self, pos: RowPos) -> bool {
        match pos.seg {
            Seg::Head => false,
            Seg::Block(block) => pos.row >= self.lead(pos.chapter, block),
        }
    }

    /// The anchor a row stands for: its line's first byte; the block start for the
    /// blank rows before a block; the chapter start for a chapter head.
    pub fn anchor_of(&mut self, pos: RowPos) -> Anchor {
        match pos.seg {
            Seg::Head => Anchor::chapter_start(pos.chapter),
            Seg::Block(block) => {
                let index = pos.row.checked_sub(self.lead(pos.chapter, block));
                if let Some(table) = self.table(pos.chapter, block) {
                    let offset = index.and_then(|i| table.anchors.get(i).copied());
                    return Anchor::new(pos.chapter, block, offset.unwrap_or(0));
                }
                let offset = index
                    .and_then(|index| {
                        let wrapped = self.wrapped(pos.chapter, block)?;
                        wrapped.lines.get(index).map(|l| l.range.start)
                    })
                    .unwrap_or(0);
                Anchor::new(pos.chapter, block, offset)
            }
        }
    }

    /// The row showing `anchor` on top: the chapter title for a chapter start (when the
    /// chapter has a title), otherwise the line containing the offset. An anchor in a
    /// chapter without rows moves to the next chapter's start, or to the end.
    pub fn locate(&mut self, anchor: Anchor) -> Option<RowPos> {
        let anchor = anchor.clamp(&self.doc);
        if anchor.is_chapter_start() && self.title(anchor.chapter).is_some() {
            return Some(RowPos {
                chapter: anchor.chapter,
                seg: Seg::Head,
                row: self.gap(anchor.chapter),
            });
        }
        self.locate_line(anchor)
    }

    /// The row of the line containing `anchor`'s offset, ignoring the title convention.
    pub fn locate_line(&mut self, anchor: Anchor) -> Option<RowPos> {
        let Anchor {
            chapter,
            block,
            offset,
        } = anchor.clamp(&self.doc);
        if block < self.blocks_of(chapter).len() {
            let lead = self.lead(chapter, block);
            if let Some(table) = self.table(chapter, block) {
                return Some(RowPos {
                    chapter,
                    seg: Seg::Block(block),
                    row: lead + table.line_of(offset),
                });
            }
            let index = self.wrapped(chapter, block).map_or(0, |w| {
                w.lines
                    .partition_point(|l| l.range.start <= offset)
                    .saturating_sub(1)
            });
            return Some(RowPos {
                chapter,
                seg: Seg::Block(block),
                row: lead + index,
            });
        }
        if self.has_rows(chapter) {
            // A clamped anchor past the blocks: a titled chapter without any.
            return Some(RowPos {
                chapter,
                seg: Seg::Head,
                row: self.gap(chapter),
            });
        }
        match self.first_seg_from(chapter.saturating_add(1)) {
            Some((next, _)) => self.locate(Anchor::chapter_start(next)),
            None => self.last(),
        }
    }
}

/// A field's lines: the label and value wrapped at `width`, the value's later lines
/// hanging under its first word. When the label takes more than a third of the
/// width, hanging would leave a ribbon of text, so the lines wrap flush instead.
fn wrap_field(text: &str, label: usize, width: usize) -> Wrapped {
    let hang = text
        .get(..label)
        .map_or(0, display_width)
        .min(width.saturating_sub(1));
    if hang == 0 || hang * 3 > width {
        return Wrapped {
            lines: wrap(text, width, width),
            first_indent: 0,
            rest_indent: 0,
        };
    }
    Wrapped {
        lines: wrap(text, width, width - hang),
        first_indent: 0,
        rest_indent: hang,
    }
}

fn dictionary_for(options: &LayoutOptions) -> Option<Dictionary> {
    if options.hyphenate {
        Dictionary::for_language(options.language.as_deref())
    } else {
        None
    }
}

fn title_of(doc: &Document, chapter: usize) -> Option<&str> {
    doc.chapters
        .get(chapter)?
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
}

fn chapter_has_rows(doc: &Document, chapter: usize) -> bool {
    title_of(doc, chapter).is_some()
        || doc
            .chapters
            .get(chapter)
            .is_some_and(|c| !c.blocks.is_empty())
}
