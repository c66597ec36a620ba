//! Progress through a story from text offsets and word counts, never from laid-out
//! lines: prefix sums of body words and text bytes per block, built once per document,
//! answer "how far along" and "where is 40 %" in `O(log blocks)` plus one block.
//!
//! Words are [`Block::body_words`] (paragraphs only), so the totals agree with
//! [`Document::words`]. A story with no body words falls back to bytes.

use crate::document::{Block, Document};
use crate::position::{Anchor, floor_char_boundary};

/// Minutes needed to read `words` at `words_per_minute`, rounded up (a rate of 0
/// counts as 1).
///
/// ```
/// use ficread::pager::minutes_left;
/// assert_eq!(minutes_left(0, 250), 0);
/// assert_eq!(minutes_left(1, 250), 1);
/// assert_eq!(minutes_left(5000, 250), 20);
/// assert_eq!(minutes_left(10, 0), 10);
/// ```
pub fn minutes_left(words: usize, words_per_minute: u32) -> usize {
    words.div_ceil(words_per_minute.max(1) as usize)
}

/// Per-block prefix sums over the story in reading order.
#[derive(Clone)]
pub(crate) struct Progress {
    /// Flat index of each chapter's first block; one extra entry for the end.
    chapter_first_block: Vec<usize>,
    /// Body words before each flat block; one extra entry for the total.
    words_before: Vec<usize>,
    /// Text bytes before each flat block; one extra entry for the total.
    bytes_before: Vec<usize>,
    /// Per chapter, the indices of its scene-break blocks.
    breaks: Vec<Vec<usize>>,
}

impl Progress {
    pub fn new(doc: &Document) -> Self {
        let blocks = doc.chapters.iter().map(|c| c.blocks.len()).sum::<usize>();
        let mut chapter_first_block = Vec::with_capacity(doc.chapters.len() + 1);
        let mut words_before = Vec::with_capacity(blocks + 1);
        let mut bytes_before = Vec::with_capacity(blocks + 1);
        let mut breaks = Vec::with_capacity(doc.chapters.len());
        let (mut words, mut bytes, mut flat) = (0, 0, 0);
        for chapter in &doc.chapters {
            chapter_first_block.push(flat);
            let mut chapter_breaks = Vec::new();
            // The title page is read through, not counted: 0% is the story's start.
            let counted = !chapter.is_title_page();
            for (index, block) in chapter.blocks.iter().enumerate() {
                words_before.push(words);
                bytes_before.push(bytes);
                if counted {
                    words += body_words(block);
                    bytes += block.text().len();
                }
                if matches!(block, Block::SceneBreak) {
                    chapter_breaks.push(index);
                }
            }
            flat += chapter.blocks.len();
            breaks.push(chapter_breaks);
        }
        chapter_first_block.push(flat);
        words_before.push(words);
        bytes_before.push(bytes);
        Self {
            chapter_first_block,
            words_before,
            bytes_before,
            breaks,
        }
    }

    pub fn total_words(&self) -> usize {
        self.words_before.last().copied().unwrap_or(0)
    }

    fn total_bytes(&self) -> usize {
        self.bytes_before.last().copied().unwrap_or(0)
    }

    /// Flat index of a (chapter, block), clamped into the story.
    fn flat(&self, chapter: usize, block: usize) -> usize {
        let start = self.chapter_first_block.get(chapter).copied();
        let end = self.chapter_first_block.get(chapter + 1).copied();
        match (start, end) {
            (Some(start), Some(end)) => start.saturating_add(block).min(end),
            _ => self.chapter_first_block.last().copied().unwrap_or(0),
        }
    }

    /// The (chapter, block) of a flat block index that exists.
    fn unflat(&self, flat: usize) -> (usize, usize) {
        // Empty chapters share their start with the next chapter; the last chapter
        // starting at or before `flat` is the one that holds it.
        let chapter = self
            .chapter_first_block
            .partition_point(|&start| start <= flat)
            .saturating_sub(1);
        let start = self.chapter_first_block.get(chapter).copied().unwrap_or(0);
        (chapter, flat - start.min(flat))
    }

    /// Body words before `anchor` (words starting before its offset count).
    pub fn words_before(&self, doc: &Document, anchor: Anchor) -> usize {
        let flat = self.flat(anchor.chapter, anchor.block);
        let before = self.words_before.get(flat).copied().unwrap_or(0);
        let inside = match block_at(doc, anchor) {
            Some(Block::Paragraph(text)) => {
                let end = floor_char_boundary(&text.text, anchor.offset);
                // The same counter as the totals, so Chinese and Japanese paragraphs
                // (one word per character) count consistently.
                text.text
                    .get(..end)
                    .map_or(0, crate::document::words::count_words)
            }
            _ => 0,
        };
        before + inside
    }

    fn bytes_before(&self, doc: &Document, anchor: Anchor) -> usize {
        let flat = self.flat(anchor.chapter, anchor.block);
        let before = self.bytes_before.get(flat).copied().unwrap_or(0);
        let inside = block_at(doc, anchor).map_or(0, |b| anchor.offset.min(b.text().len()));
        before + inside
    }

    /// Body words before chapter `chapter` starts and before it ends.
    pub fn chapter_words(&self, chapter: usize) -> (usize, usize) {
        let start = self.flat(chapter, 0);
        let end = self.flat(chapter, usize::MAX);
        let word_at = |flat: usize| self.words_before.get(flat).copied().unwrap_or(0);
        (word_at(start), word_at(end))
    }

    /// How far through the story `anchor` is, from 0 to 1.
    pub fn fraction(&self, doc: &Document, anchor: Anchor) -> f64 {
        let (done, total) = if self.total_words() > 0 {
            (self.words_before(doc, anchor), self.total_words())
        } else {
            (self.bytes_before(doc, anchor), self.total_bytes())
        };
        if total == 0 {
            0.0
        } else {
            (done as f64 / total as f64).clamp(0.0, 1.0)
        }
    }

    /// The anchor `fraction` (0..1) of the way through the story: the start of the
    /// word at that point (or the byte, for a story without body words). `None` for a
    /// story with no text at all.
    pub fn anchor_at(&self, doc: &Document, fraction: f64) -> Option<Anchor> {
        let fraction = if fraction.is_nan() {
            0.0
        } else {
            fraction.clamp(0.0, 1.0)
        };
        let by_words = self.total_words() > 0;
        let (prefix, total) = if by_words {
            (&self.words_before, self.total_words())
        } else {
            (&self.bytes_before, self.total_bytes())
        };
        if total == 0 {
            return None;
        }
        let target = ((fraction * total as f64) as usize).min(total - 1);
        // The block holding unit `target`: the last one with fewer units before it.
        let flat = prefix
            .partition_point(|&before| before <= target)
            .saturating_sub(1);
        let (chapter, block) = self.unflat(flat);
        let skip = target - prefix.get(flat).copied().unwrap_or(0).min(target);
        let text = doc
            .chapters
            .get(chapter)
            .and_then(|c| c.blocks.get(block))
            .map_or("", Block::text);
        let offset = if by_words {
            nth_word_start(text, skip)
        } else {
            floor_char_boundary(text, skip)
        };
        Some(Anchor::new(chapter, block, offset))
    }

    /// The scene-break block indices of a chapter.
    pub fn breaks(&self, chapter: usize) -> &[usize] {
        self.breaks.get(chapter).map_or(&[], Vec::as_slice)
    }

    /// Index of the scene holding `block` in `chapter` (0-based).
    pub fn scene_of(&self, chapter: usize, block: usize) -> usize {
        self.breaks(chapter).partition_point(|&b| b <= block)
    }
}

/// [`Block::body_words`], faster: story text is mostly ASCII, and counting words is
/// most of the cost of opening a long story.
fn body_words(block: &Block) -> usize {
    match block {
        Block::Paragraph(text) => crate::document::words::count_words(&text.text),
        _ => 0,
    }
}

/// The block at `anchor`, if it is counted in the story's progress (not on the
/// title page).
fn block_at(doc: &Document, anchor: Anchor) -> Option<&Block> {
    if doc
        .chapters
        .get(anchor.chapter)
        .is_some_and(crate::document::Chapter::is_title_page)
    {
        return None;
    }
    doc.chapters.get(anchor.chapter)?.blocks.get(anchor.block)
}

/// Byte offset of the start of the `n`th whitespace-separated word of `text` (0-based),
/// or the text's length if it has fewer words.
fn nth_word_start(text: &str, n: usize) -> usize {
    let mut seen = 0;
    let mut in_word = false;
    for (index, ch) in text.char_indices() {
        let is_space = ch.is_whitespace();
        if !is_space && !in_word {
            if seen == n {
                return index;
            }
            seen += 1;
        }
        in_word = !is_space;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Chapter, RichText};

    fn p(text: &str) -> Block {
        Block::Paragraph(RichText::plain(text))
    }

    fn doc() -> Document {
        Document {
            chapters: vec![
                Chapter {
                    id: None,
                    title: Some("One".into()),
                    blocks: vec![
                        p("a b c d"),
                        Block::Heading(RichText::plain("not counted")),
                        p("e f"),
                    ],
                },
                Chapter::default(),
                Chapter {
                    id: None,
                    title: None,
                    blocks: vec![p("g"), Block::SceneBreak, p("h i j")],
                },
            ],
            ..Document::default()
        }
    }

    #[test]
    fn totals_match_the_document() {
        let doc = doc();
        let progress = Progress::new(&doc);
        assert_eq!(progress.total_words(), doc.words());
        assert_eq!(progress.total_words(), 10);
        assert_eq!(progress.chapter_words(0), (0, 6));
        assert_eq!(progress.chapter_words(1), (6, 6));
        assert_eq!(progress.chapter_words(2), (6, 10));
        assert_eq!(progress.chapter_words(9), (10, 10));
    }

    #[test]
    fn words_before_table() {
        let doc = doc();
        let progress = Progress::new(&doc);
        let cases = [
            ((0, 0, 0), 0),
            ((0, 0, 2), 1),
            ((0, 0, 3), 2),
            ((0, 1, 5), 4),
            ((0, 2, 0), 4),
            ((1, 0, 0), 6),
            ((2, 0, 0), 6),
            ((2, 2, 2), 8),
            ((2, 2, 99), 10),
            ((9, 9, 9), 10),
        ];
        for ((c, b, o), expected) in cases {
            let anchor = Anchor::new(c, b, o);
            assert_eq!(progress.words_before(&doc, anchor), expected, "{anchor:?}");
        }
    }

    #[test]
    fn words_before_counts_cjk_like_the_totals() {
        // `count_words`: one word per Han or kana character, punctuation not counted.
        let doc = Document {
            chapters: vec![Chapter {
                id: None,
                title: None,
                blocks: vec![p("雪が降る。"), p("John站在221B的窗前。")],
            }],
            ..Document::default()
        };
        let progress = Progress::new(&doc);
        assert_eq!(progress.total_words(), doc.words());
        assert_eq!(progress.total_words(), 4 + 7);
        // `雪が` is two words; `John站` two more in the next paragraph.
        assert_eq!(progress.words_before(&doc, Anchor::new(0, 0, 6)), 2);
        assert_eq!(progress.words_before(&doc, Anchor::new(0, 1, 7)), 4 + 2);
        assert_eq!(progress.words_before(&doc, Anchor::new(0, 1, 999)), 11);
    }

    #[test]
    fn anchor_at_fraction_table() {
        let doc = doc();
        let progress = Progress::new(&doc);
        let cases = [
            (0.0, (0, 0, 0)),
            (0.1, (0, 0, 2)),
            (0.35, (0, 0, 6)),
            (0.4, (0, 2, 0)),
            (0.6, (2, 0, 0)),
            (0.7, (2, 2, 0)),
            (0.99, (2, 2, 4)),
            (1.0, (2, 2, 4)),
            (f64::NAN, (0, 0, 0)),
            (-3.0, (0, 0, 0)),
        ];
        for (fraction, (c, b, o)) in cases {
            assert_eq!(
                progress.anchor_at(&doc, fraction),
                Some(Anchor::new(c, b, o)),
                "{fraction}"
            );
        }
    }

    #[test]
    fn fraction_is_word_based() {
        let doc = doc();
        let progress = Progress::new(&doc);
        let half = progress.fraction(&doc, Anchor::new(0, 2, 2));
        assert!((half - 0.5).abs() < 1e-9, "{half}");
    }

    #[test]
    fn falls_back_to_bytes_without_body_words() {
        let doc = Document {
            chapters: vec![Chapter {
                id: None,
                title: None,
                blocks: vec![Block::Note(RichText::plain("abcd"))],
            }],
            ..Document::default()
        };
        let progress = Progress::new(&doc);
        assert_eq!(progress.anchor_at(&doc, 0.5), Some(Anchor::new(0, 0, 2)));
        let half = progress.fraction(&doc, Anchor::new(0, 0, 2));
        assert!((half - 0.5).abs() < 1e-9);
        let empty = Document::default();
        assert_eq!(Progress::new(&empty).anchor_at(&empty, 0.5), None);
    }

    #[test]
    fn scenes_count_breaks() {
        let doc = doc();
        let progress = Progress::new(&doc);
        assert_eq!(progress.breaks(2), &[1]);
        assert_eq!(progress.scene_of(2, 0), 0);
        assert_eq!(progress.scene_of(2, 1), 1);
        assert_eq!(progress.scene_of(2, 2), 1);
        assert_eq!(progress.scene_of(7, 2), 0);
    }

    #[test]
    fn nth_word_start_table() {
        let cases = [
            ("", 0, 0),
            ("  ab  cd", 0, 2),
            ("  ab  cd", 1, 6),
            ("  ab  cd", 2, 8),
            ("é ü", 1, 3),
        ];
        for (text, n, expected) in cases {
            assert_eq!(nth_word_start(text, n), expected, "{text:?} {n}");
        }
    }
}
