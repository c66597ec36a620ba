//! Positions that survive a changed story: a [`Position`] is an [`Anchor`] plus a short
//! quote of the text around it (W3C TextQuoteSelector style), the chapter's title and
//! id, and the word fraction through the story. [`relocate`] uses them, in that order of
//! trust, to find the place again after chapters were appended, inserted or edited.
//!
//! Both directions work on one [`StoryText`]: every block's text joined with `\n` in
//! reading order, so a quote can cross block and chapter boundaries and an exact quote
//! is one substring search (`memchr::memmem`) over the whole story. Capture and
//! relocation use the same joined text, so capturing and relocating in an unchanged
//! story always gives back the same anchor with [`Confidence::Exact`].
//!
//! Nothing here panics on any document or any saved position: anchors are clamped
//! first, every slice is checked, and quotes loaded from disk may be anything.

mod fuzzy;

use std::cmp::Reverse;

use memchr::memmem;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::document::{Block, Document};
use crate::position::{Anchor, floor_char_boundary};

/// Words in [`Quote::exact`]; with the prefix and suffix the quote is ~24 words.
const EXACT_WORDS: usize = 12;
/// Words in [`Quote::prefix`] and in [`Quote::suffix`].
const CONTEXT_WORDS: usize = 6;
/// Byte caps, so text without spaces (CJK, a 1 MB "word") still gives short quotes.
const EXACT_MAX_BYTES: usize = 160;
const CONTEXT_MAX_BYTES: usize = 96;
/// Occurrences of the exact quote weighed against their context before giving up:
/// a very common quote (`"Yes."`) is decided by context, and this bounds the work.
const MAX_EXACT_HITS: usize = 10_000;
/// An exact-quote match must cover this many bytes of the quote (exact plus matching
/// context), or all of it when the quote is shorter, so `"Yes."` alone never counts.
const MIN_MATCHED_BYTES: usize = 32;

/// A quote of the text at a position: `exact` starts at the anchor, `prefix` is the text
/// just before it and `suffix` the text just after `exact`. Blocks are joined with `\n`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Quote {
    pub prefix: String,
    pub exact: String,
    pub suffix: String,
}

impl Quote {
    /// True when nothing was quoted (the story had no text at all).
    pub fn is_empty(&self) -> bool {
        self.prefix.is_empty() && self.exact.is_empty() && self.suffix.is_empty()
    }

    /// The exact text on one line, whitespace collapsed, for "you stopped at '…'".
    ///
    /// ```
    /// use ficread::store::Quote;
    /// let quote = Quote { exact: "Lex picked\nup the phone".into(), ..Quote::default() };
    /// assert_eq!(quote.snippet(), "Lex picked up the phone");
    /// ```
    pub fn snippet(&self) -> String {
        self.exact.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// A saved place in a story: where it was, what the text there said, and fallbacks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Position {
    /// Where the place was when captured (it may be stale after the story changed).
    pub anchor: Anchor,
    pub quote: Quote,
    /// The title of the anchor's chapter when captured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chapter_title: Option<String>,
    /// The anchor's [`Chapter::id`](crate::document::Chapter::id) when captured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chapter_id: Option<String>,
    /// Body words before the anchor over all body words, in `0.0..=1.0`.
    #[serde(serialize_with = "finite", deserialize_with = "finite_or_zero")]
    pub fraction: f64,
}

/// How sure [`relocate`] is that it found the saved place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// The anchor still points at the quoted text.
    Exact,
    /// The quoted text was found elsewhere (chapters inserted before it).
    Moved,
    /// Only part of the quote and its context matched (the text near it was edited).
    Fuzzy,
    /// Nothing matched with confidence; the anchor is a fallback (the chapter with the
    /// same id or title, else the same fraction of the story), and the reader should
    /// say so.
    Lost,
}

impl Confidence {
    /// The name used in JSON and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Exact => "exact",
            Confidence::Moved => "moved",
            Confidence::Fuzzy => "fuzzy",
            Confidence::Lost => "lost",
        }
    }
}

/// Where a saved position is in the current story, and how sure that is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relocated {
    /// A clamped anchor: always valid for the document it was relocated in.
    pub anchor: Anchor,
    pub confidence: Confidence,
}

/// Captures a position at `anchor` (clamped first). See [`StoryText::capture`].
///
/// ```
/// use ficread::document::{Block, Chapter, Document, RichText};
/// use ficread::position::Anchor;
/// use ficread::store::{Confidence, capture, relocate};
///
/// let chapter = |text: &str| Chapter {
///     title: None,
///     id: None,
///     blocks: vec![Block::Paragraph(RichText::plain(text))],
/// };
/// let old = Document { chapters: vec![chapter("Lex picked up the phone.")], ..Document::default() };
/// let position = capture(&old, Anchor::new(0, 0, 4));
/// assert_eq!(position.quote.exact, "picked up the phone.");
///
/// // A prologue was inserted before it: the same sentence, one chapter later.
/// let new = Document {
///     chapters: vec![chapter("Prologue."), chapter("Lex picked up the phone.")],
///     ..Document::default()
/// };
/// let found = relocate(&new, &position);
/// assert_eq!((found.anchor, found.confidence), (Anchor::new(1, 0, 4), Confidence::Moved));
/// ```
pub fn capture(doc: &Document, anchor: Anchor) -> Position {
    StoryText::new(doc).capture(anchor)
}

/// Re-finds a saved position in a possibly changed story. See [`StoryText::relocate`].
pub fn relocate(doc: &Document, position: &Position) -> Relocated {
    StoryText::new(doc).relocate(position)
}

/// How good an occurrence of an exact quote is, best greatest: (enough context to
/// trust, inside the chapter with the saved id, context bytes matched, nearness).
type HitRank = (bool, bool, usize, Reverse<usize>);

/// Where a block's text starts in [`StoryText`]'s joined text.
#[derive(Debug, Clone, Copy)]
struct Placed {
    start: usize,
    chapter: usize,
    block: usize,
}

/// A story's text joined for quoting and searching. Build it once to capture or
/// relocate many positions (the reading position and every bookmark) in one story.
#[derive(Debug)]
pub struct StoryText<'a> {
    doc: &'a Document,
    /// Every block's text in reading order, separated by `\n` (scene breaks are empty).
    text: String,
    /// One entry per block, in reading order, so `start` is sorted.
    blocks: Vec<Placed>,
    /// Index into `blocks` of each chapter's first block; for an empty chapter, of the
    /// next chapter's first block (or `blocks.len()`).
    chapter_first: Vec<usize>,
}

impl<'a> StoryText<'a> {
    /// Joins the story's text (one pass, one allocation the size of the story).
    pub fn new(doc: &'a Document) -> Self {
        let count: usize = doc.chapters.iter().map(|c| c.blocks.len()).sum();
        let bytes: usize = doc
            .chapters
            .iter()
            .flat_map(|c| c.blocks.iter())
            .map(|b| b.text().len() + 1)
            .sum();
        let mut text = String::with_capacity(bytes);
        let mut blocks = Vec::with_capacity(count);
        let mut chapter_first = Vec::with_capacity(doc.chapters.len());
        for (chapter, c) in doc.chapters.iter().enumerate() {
            chapter_first.push(blocks.len());
            for (block, b) in c.blocks.iter().enumerate() {
                if !blocks.is_empty() {
                    text.push('\n');
                }
                blocks.push(Placed {
                    start: text.len(),
                    chapter,
                    block,
                });
                text.push_str(b.text());
            }
        }
        Self {
            doc,
            text,
            blocks,
            chapter_first,
        }
    }

    /// Captures a position at `anchor` (clamped first): ~24 words of quote (`exact`
    /// starts at the anchor, `prefix` before it, `suffix` after, crossing block and
    /// chapter boundaries where needed), the chapter's title and id, and the fraction.
    pub fn capture(&self, anchor: Anchor) -> Position {
        let anchor = anchor.clamp(self.doc);
        let at = self.offset_of(anchor);
        let exact_end = words_forward(&self.text, at, EXACT_WORDS, EXACT_MAX_BYTES);
        let prefix_start = words_backward(&self.text, at, CONTEXT_WORDS, CONTEXT_MAX_BYTES);
        let suffix_end = words_forward(&self.text, exact_end, CONTEXT_WORDS, CONTEXT_MAX_BYTES);
        let slice = |from: usize, to: usize| self.text.get(from..to).unwrap_or("").to_owned();
        let chapter = self.doc.chapters.get(anchor.chapter);
        Position {
            anchor,
            quote: Quote {
                prefix: slice(prefix_start, at),
                exact: slice(at, exact_end),
                suffix: slice(exact_end, suffix_end),
            },
            chapter_title: chapter.and_then(|c| c.title.clone()),
            chapter_id: chapter.and_then(|c| c.id.clone()),
            fraction: self.fraction_at(anchor),
        }
    }

    /// Re-finds a saved position:
    /// - [`Confidence::Exact`] when the (clamped) anchor still points at the quote;
    /// - [`Confidence::Moved`] when the exact quote is found elsewhere; among several
    ///   occurrences the one whose surroundings match the prefix and suffix best wins,
    ///   then the one nearest the old place;
    /// - [`Confidence::Fuzzy`] when most pieces of prefix, exact and suffix are found
    ///   together (a typo fixed near the place);
    /// - [`Confidence::Lost`] otherwise, at the start of the chapter with the same id,
    ///   else the same title (nearest the old chapter number), else at the same
    ///   fraction of the story's words.
    ///
    /// A position with an empty quote (captured in a story with no text) has nothing to
    /// check: its clamped anchor is `Exact` if clamping left it alone, else `Lost`.
    pub fn relocate(&self, position: &Position) -> Relocated {
        let anchor = position.anchor.clamp(self.doc);
        let quote = &position.quote;
        if quote.is_empty() {
            let confidence = if anchor == position.anchor {
                Confidence::Exact
            } else {
                Confidence::Lost
            };
            return Relocated { anchor, confidence };
        }
        let at = self.offset_of(anchor);
        // A chapter id is stronger evidence than a chapter number: when the saved
        // chapter is now elsewhere, identical text at the old anchor (FanFicFare's
        // boilerplate, a repeated refrain) is not the place.
        // The chapter with the saved id nearest the old chapter number (ids should be
        // unique, but a file may repeat them).
        let id_chapter = position.chapter_id.as_deref().and_then(|id| {
            self.doc
                .chapters
                .iter()
                .enumerate()
                .filter(|(_, c)| c.id.as_deref() == Some(id))
                .map(|(i, _)| i)
                .min_by_key(|i| i.abs_diff(anchor.chapter))
        });
        if id_chapter.is_none_or(|c| c == anchor.chapter) && self.quote_is_at(quote, at) {
            return Relocated {
                anchor,
                confidence: Confidence::Exact,
            };
        }
        let (expected, chapter) = match id_chapter {
            Some(c) => {
                let moved = Anchor::new(c, position.anchor.block, position.anchor.offset);
                (self.offset_of(moved.clamp(self.doc)), self.chapter_span(c))
            }
            None => (at, 0..0),
        };
        if let Some(found) = self.find_exact(quote, expected, &chapter) {
            return Relocated {
                anchor: self.anchor_at(found),
                confidence: Confidence::Moved,
            };
        }
        if let Some(found) = fuzzy::locate(&self.text, quote, expected) {
            return Relocated {
                anchor: self.anchor_at(found),
                confidence: Confidence::Fuzzy,
            };
        }
        Relocated {
            anchor: self.fallback(position, id_chapter),
            confidence: Confidence::Lost,
        }
    }

    /// Byte offset in the joined text of a clamped anchor.
    fn offset_of(&self, anchor: Anchor) -> usize {
        let first = self
            .chapter_first
            .get(anchor.chapter)
            .copied()
            .unwrap_or(self.blocks.len());
        let in_chapter = self
            .doc
            .chapters
            .get(anchor.chapter)
            .map_or(0, |c| c.blocks.len());
        if anchor.block < in_chapter
            && let Some(placed) = self.blocks.get(first + anchor.block)
        {
            return (placed.start + anchor.offset).min(self.text.len());
        }
        // An empty chapter sits where the next chapter's text starts.
        self.blocks.get(first).map_or(self.text.len(), |p| p.start)
    }

    /// The anchor of a byte offset in the joined text; a separator maps to the end of
    /// the block before it.
    fn anchor_at(&self, offset: usize) -> Anchor {
        let offset = floor_char_boundary(&self.text, offset);
        let index = self.blocks.partition_point(|p| p.start <= offset);
        let Some(placed) = index.checked_sub(1).and_then(|i| self.blocks.get(i)) else {
            return Anchor::default();
        };
        let text = self.block(placed).map_or("", Block::text);
        let within = floor_char_boundary(text, offset - placed.start);
        Anchor::new(placed.chapter, placed.block, within)
    }

    fn block(&self, placed: &Placed) -> Option<&'a Block> {
        self.doc
            .chapters
            .get(placed.chapter)
            .and_then(|c| c.blocks.get(placed.block))
    }

    fn quote_is_at(&self, quote: &Quote, at: usize) -> bool {
        let before = self.text.get(..at).unwrap_or("");
        let after = self.text.get(at..).unwrap_or("");
        if quote.exact.is_empty() {
            // The end of the story: only the context can say it is the same place.
            before.ends_with(&quote.prefix) && after.starts_with(&quote.suffix)
        } else {
            after.starts_with(&quote.exact)
        }
    }

    /// The best occurrence of the exact quote, if it is trustworthy: one with enough
    /// matching context first, then one inside `chapter` (the chapter with the saved
    /// id), then the one with the most matching context, then the nearest `expected`.
    fn find_exact(
        &self,
        quote: &Quote,
        expected: usize,
        chapter: &std::ops::Range<usize>,
    ) -> Option<usize> {
        if quote.exact.is_empty() {
            return None;
        }
        let whole = quote.prefix.len() + quote.exact.len() + quote.suffix.len();
        let needed = whole.min(MIN_MATCHED_BYTES);
        let haystack = self.text.as_bytes();
        let finder = memmem::Finder::new(quote.exact.as_bytes());
        let mut best: Option<(HitRank, usize)> = None;
        for hit in finder.find_iter(haystack).take(MAX_EXACT_HITS) {
            let before = haystack.get(..hit).unwrap_or_default();
            let after = haystack.get(hit + quote.exact.len()..).unwrap_or_default();
            let context = common_suffix(before, quote.prefix.as_bytes())
                + common_prefix(after, quote.suffix.as_bytes());
            let rank = (
                quote.exact.len() + context >= needed,
                chapter.contains(&hit),
                context,
                Reverse(hit.abs_diff(expected)),
            );
            if best.as_ref().is_none_or(|(b, _)| rank > *b) {
                best = Some((rank, hit));
            }
        }
        best.filter(|((trusted, ..), _)| *trusted)
            .map(|(_, hit)| hit)
    }

    /// The joined-text range of chapter `index` (empty for an empty chapter).
    fn chapter_span(&self, index: usize) -> std::ops::Range<usize> {
        let start = self.offset_of(Anchor::chapter_start(index));
        let end = if index + 1 < self.doc.chapters.len() {
            self.offset_of(Anchor::chapter_start(index + 1))
        } else {
            self.text.len()
        };
        start..end.max(start)
    }

    /// Where to open when the place itself is lost.
    fn fallback(&self, position: &Position, id_chapter: Option<usize>) -> Anchor {
        let chapters = &self.doc.chapters;
        if let Some(index) = id_chapter {
            return Anchor::chapter_start(index);
        }
        let wanted = position
            .chapter_title
            .as_deref()
            .map(normalise_title)
            .filter(|t| !t.is_empty());
        if let Some(wanted) = wanted {
            let nearest = chapters
                .iter()
                .enumerate()
                .filter(|(_, c)| c.title.as_deref().map(normalise_title) == Some(wanted.clone()))
                .map(|(i, _)| i)
                .min_by_key(|i| i.abs_diff(position.anchor.chapter));
            if let Some(index) = nearest {
                return Anchor::chapter_start(index);
            }
        }
        self.anchor_at_fraction(position.fraction)
    }

    /// Body words before a clamped anchor over all body words.
    fn fraction_at(&self, anchor: Anchor) -> f64 {
        let total = self.doc.words();
        if total == 0 {
            return 0.0;
        }
        let mut before = 0;
        for (ci, chapter) in self
            .doc
            .chapters
            .iter()
            .enumerate()
            .take(anchor.chapter + 1)
        {
            for (bi, block) in chapter.blocks.iter().enumerate() {
                if ci == anchor.chapter && bi >= anchor.block {
                    if bi == anchor.block && matches!(block, Block::Paragraph(_)) {
                        let head = block.text().get(..anchor.offset).unwrap_or("");
                        before += head.split_whitespace().count();
                    }
                    break;
                }
                before += block.body_words();
            }
        }
        (before as f64 / total as f64).clamp(0.0, 1.0)
    }

    /// The start of the block holding the word at `fraction` of the body words.
    fn anchor_at_fraction(&self, fraction: f64) -> Anchor {
        let total = self.doc.words();
        let fraction = if fraction.is_finite() {
            fraction.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let target = (fraction * total as f64) as usize;
        let mut seen = 0;
        let mut last = None;
        for placed in &self.blocks {
            let words = self.block(placed).map_or(0, Block::body_words);
            if words == 0 {
                continue;
            }
            last = Some(placed);
            if seen + words > target {
                return Anchor::new(placed.chapter, placed.block, 0);
            }
            seen += words;
        }
        last.map_or(Anchor::default(), |p| Anchor::new(p.chapter, p.block, 0))
    }
}

/// The end of the `words`-th word starting at `from` (a partial word at `from`
/// counts), at most `max_bytes` on, always on a char boundary.
fn words_forward(text: &str, from: usize, words: usize, max_bytes: usize) -> usize {
    let rest = text.get(from..).unwrap_or("");
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in rest.char_indices() {
        if i + c.len_utf8() > max_bytes {
            return from + i;
        }
        if c.is_whitespace() {
            if in_word {
                count += 1;
                in_word = false;
                if count >= words {
                    return from + i;
                }
            }
        } else {
            in_word = true;
        }
    }
    from + rest.len()
}

/// The start of the `words`-th word before `to` (a partial word before `to` counts),
/// at most `max_bytes` back, always on a char boundary.
fn words_backward(text: &str, to: usize, words: usize, max_bytes: usize) -> usize {
    let head = text.get(..to).unwrap_or("");
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in head.char_indices().rev() {
        let after = i + c.len_utf8();
        if head.len() - i > max_bytes {
            return after;
        }
        if c.is_whitespace() {
            if in_word {
                count += 1;
                in_word = false;
                if count >= words {
                    return after;
                }
            }
        } else {
            in_word = true;
        }
    }
    0
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn normalise_title(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// JSON has no NaN or infinity: a fraction that is not finite is saved as 0, so one
/// bad number can never make the whole state file unreadable.
#[allow(clippy::trivially_copy_pass_by_ref)] // serde's serialize_with signature
fn finite<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(if value.is_finite() { *value } else { 0.0 })
}

fn finite_or_zero<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    let value = Option::<f64>::deserialize(deserializer)?;
    Ok(value.filter(|v| v.is_finite()).unwrap_or(0.0))
}

#[cfg(test)]
mod tests;
