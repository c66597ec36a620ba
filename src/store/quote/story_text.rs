//! [`StoryText`]: a story's text joined for quoting and searching, and the relocation
//! ladder (exact at the anchor, exact elsewhere, fuzzy, lost with a fallback) on it.

use std::cmp::Reverse;
use std::ops::Range;

use memchr::memmem;

use super::{
    Confidence, MAX_EXACT_HITS, MIN_MATCHED_BYTES, Position, Quote, Relocated, common_prefix,
    common_suffix, fuzzy, normalise_title, position_with, quote_at, words,
};
use crate::document::{Block, Chapter, Document};
use crate::position::{Anchor, floor_char_boundary};

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
    /// The story's own chapters: every anchor inside counts from the first of them.
    story: &'a [Chapter],
    /// The front matter (the title page) before `story` in the document.
    front_matter: &'a [Chapter],
    front: usize,
    /// Every block's text in reading order, separated by `\n` (scene breaks are empty).
    text: String,
    /// One entry per block, in reading order, so `start` is sorted.
    blocks: Vec<Placed>,
    /// Index into `blocks` of each chapter's first block; for an empty chapter, of the
    /// next chapter's first block (or `blocks.len()`).
    chapter_first: Vec<usize>,
}

impl<'a> StoryText<'a> {
    /// Joins the story's text (one pass, one allocation the size of the story). The
    /// title page is not part of it: stored places count the story's own chapters.
    pub fn new(doc: &'a Document) -> Self {
        let front = doc.front_chapters();
        let story = doc.story_chapters();
        let count: usize = story.iter().map(|c| c.blocks.len()).sum();
        let bytes: usize = story
            .iter()
            .flat_map(|c| c.blocks.iter())
            .map(|b| b.text().len() + 1)
            .sum();
        let mut text = String::with_capacity(bytes);
        let mut blocks = Vec::with_capacity(count);
        let mut chapter_first = Vec::with_capacity(story.len());
        for (chapter, c) in story.iter().enumerate() {
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
            story,
            front_matter: doc.chapters.get(..front).unwrap_or_default(),
            front,
            text,
            blocks,
            chapter_first,
        }
    }

    /// Captures a position at `anchor` (clamped first): ~24 words of quote (`exact`
    /// starts at the anchor, `prefix` before it, `suffix` after, crossing block and
    /// chapter boundaries where needed), the chapter's title and id, and the fraction.
    /// A place on the title page is saved as the story's start plus that place.
    pub fn capture(&self, anchor: Anchor) -> Position {
        let Some(chapter) = anchor.chapter.checked_sub(self.front) else {
            let mut position = self.capture_in_story(Anchor::default());
            position.title_page = Some(anchor);
            return position;
        };
        self.capture_in_story(Anchor { chapter, ..anchor })
    }

    fn capture_in_story(&self, anchor: Anchor) -> Position {
        let anchor = anchor.clamp_in(self.story);
        let quote = quote_at(&self.text, self.offset_of(anchor));
        position_with(self.story, anchor, quote, true)
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
    ///
    /// Anchors are the document's: a place saved on the title page is found there
    /// when the document has one, else at the story's start.
    pub fn relocate(&self, position: &Position) -> Relocated {
        if let Some(place) = position.title_page
            && self.front > 0
        {
            return Relocated {
                anchor: place.clamp_in(self.front_matter),
                confidence: Confidence::Exact,
            };
        }
        let mut found = self.relocate_in_story(position);
        found.anchor.chapter += self.front;
        found
    }

    fn relocate_in_story(&self, position: &Position) -> Relocated {
        let anchor = position.anchor.clamp_in(self.story);
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
            self.story
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
                (
                    self.offset_of(moved.clamp_in(self.story)),
                    self.chapter_span(c),
                )
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
        let in_chapter = self.story.get(anchor.chapter).map_or(0, |c| c.blocks.len());
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
        self.story
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
    fn find_exact(&self, quote: &Quote, expected: usize, chapter: &Range<usize>) -> Option<usize> {
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
    fn chapter_span(&self, index: usize) -> Range<usize> {
        let start = self.offset_of(Anchor::chapter_start(index));
        let end = if index + 1 < self.story.len() {
            self.offset_of(Anchor::chapter_start(index + 1))
        } else {
            self.text.len()
        };
        start..end.max(start)
    }

    /// Where to open when the place itself is lost.
    fn fallback(&self, position: &Position, id_chapter: Option<usize>) -> Anchor {
        let chapters = &self.story;
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
        words::anchor_at_fraction(self.story, position.fraction)
    }
}
