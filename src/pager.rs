//! The pager: the reading position in a story and every way to move it, plus the frame
//! of [`Row`]s the reading view draws. It holds no terminal types; the view asks for
//! [`Pager::rows`] and [`Pager::place`] and draws them.
//!
//! The position is an [`Anchor`] (a place in the text). The first row of the frame is
//! the line containing the anchor's offset, except that a chapter start shows the
//! chapter's title on top. Scrolling moves the anchor to the start of the new first
//! line; a resize or an options change keeps the anchor's exact offset, so the same
//! sentence stays on top at any width and `w1 → w2 → w1` restores the frame.
//!
//! Layout is lazy (see `layout::flow`): opening a story, resizing or jumping wraps only
//! the blocks near the target, so costs do not grow with the story's length. Progress
//! comes from word counts (`progress`), never from counting laid-out lines.
//!
//! Invariants: nothing panics for any document, anchor, width or height; the frame has
//! at most `height` rows; scrolling never moves past the first row, nor forward once
//! the last row is visible; paging moves by `height − overlap` rows (at least one), so
//! no line is ever skipped.

mod progress;
#[cfg(test)]
mod tests;
mod toc;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use progress::minutes_left;
pub use toc::TocEntry;

use crate::document::{Document, Emphasis};
use crate::layout::flow::{Flow, RowPos, Seg};
use crate::layout::{LayoutOptions, Row};
use crate::position::Anchor;
use crate::search::Hit;
use progress::Progress;

/// Pager settings: the layout plus how paging behaves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PagerOptions {
    pub layout: LayoutOptions,
    /// Rows of the previous page still shown after paging, for context.
    pub page_overlap: usize,
}

impl Default for PagerOptions {
    /// The layout's defaults and two rows of context; the config's `context_lines`
    /// default is taken from here.
    fn default() -> Self {
        Self {
            layout: LayoutOptions::default(),
            page_overlap: 2,
        }
    }
}

/// Where the reader is, as the status line tells it: chapter, scene, how far
/// through the story and how many words are left. Indices are 0-based; add 1 to
/// display them.
#[derive(Debug, Clone, PartialEq)]
pub struct Place<'a> {
    /// The chapter of the reading position.
    pub chapter: usize,
    pub chapters: usize,
    pub chapter_title: Option<&'a str>,
    /// The scene within the chapter (0 when the chapter has no scenes).
    pub scene: usize,
    /// Scenes in the chapter (breaks + 1; 0 for a chapter without blocks).
    pub scenes: usize,
    /// How far through the story, 0 to 100, by words read; 100 once the end is visible.
    pub percent: f64,
    /// Body words from the position to the end of its chapter (0 once the end is
    /// visible). Turn into minutes with [`minutes_left`].
    pub words_left_in_chapter: usize,
    /// Body words from the position to the end of the story (0 once the end is visible).
    pub words_left_in_story: usize,
    /// Whether the story's last row is visible.
    pub at_end: bool,
}

/// The reading position in one story, laid out for one viewport.
pub struct Pager {
    flow: Flow,
    progress: Progress,
    toc: Vec<TocEntry>,
    page_overlap: usize,
    height: usize,
    anchor: Anchor,
    /// The first visible row; `None` only for a story without any rows.
    top: Option<RowPos>,
    /// See [`Pager::top_shift`].
    top_shift: i32,
    frame: Vec<Row>,
    at_end: bool,
}

impl std::fmt::Debug for Pager {
    // Not derived: the story and its prefix sums can be megabytes.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pager")
            .field("anchor", &self.anchor)
            .field("top", &self.top)
            .field("height", &self.height)
            .field("page_overlap", &self.page_overlap)
            .field("at_end", &self.at_end)
            .field("flow", &self.flow)
            .finish_non_exhaustive()
    }
}

impl Pager {
    /// A pager at the start of `doc` for a text `width` (the measure, see
    /// [`LayoutOptions::measure`]) and `height` rows. Counts words once; wraps only the
    /// first screen.
    pub fn new(
        doc: impl Into<Arc<Document>>,
        options: PagerOptions,
        width: usize,
        height: usize,
    ) -> Self {
        let doc = doc.into();
        let progress = Progress::new(&doc);
        let toc = toc::toc(&doc, |chapter| {
            let (start, end) = progress.chapter_words(chapter);
            end.saturating_sub(start)
        });
        let mut flow = Flow::new(doc, options.layout, width);
        let top = flow.first();
        let anchor = top.map_or_else(Anchor::default, |pos| flow.anchor_of(pos));
        let mut pager = Self {
            flow,
            progress,
            toc,
            page_overlap: options.page_overlap,
            height,
            anchor,
            top,
            top_shift: 0,
            frame: Vec::new(),
            at_end: false,
        };
        pager.refresh();
        pager
    }

    // ---- what the view reads -------------------------------------------------------

    /// The story.
    pub fn document(&self) -> &Document {
        self.flow.doc()
    }

    /// The story, shared (for a search on another thread, or the store).
    pub fn document_arc(&self) -> &Arc<Document> {
        self.flow.doc_arc()
    }

    /// The reading position (save this).
    pub fn anchor(&self) -> Anchor {
        self.anchor
    }

    /// How many rows the top row is above (positive) or below (negative) the
    /// anchor's own line: a paragraph gap, or the space under a chapter title,
    /// scrolled onto the top. Saved with the place so the screen comes back exactly
    /// ([`Pager::go_to_shifted`]).
    pub fn top_shift(&self) -> i32 {
        self.top_shift
    }

    /// The text width being laid out for.
    pub fn width(&self) -> usize {
        self.flow.width()
    }

    /// The number of rows in the viewport.
    pub fn height(&self) -> usize {
        self.height
    }

    /// The current options.
    pub fn options(&self) -> PagerOptions {
        PagerOptions {
            layout: self.flow.options().clone(),
            page_overlap: self.page_overlap,
        }
    }

    /// The rows to draw, top to bottom: at most `height`, fewer at the end of the story.
    ///
    /// The frame is built when the pager changes (laying out needs `&mut self`), so
    /// drawing only borrows it and never mutates the model.
    pub fn rows(&self) -> &[Row] {
        &self.frame
    }

    /// The text a row shows (the ornament for a scene break, empty for a blank).
    pub fn row_text(&self, row: &Row) -> &str {
        match row {
            Row::SceneBreak { .. } => &self.flow.options().scene_break,
            _ => row.text(self.flow.doc()),
        }
    }

    /// The emphasis on a row, as byte ranges of [`Pager::row_text`].
    pub fn row_emphasis(&self, row: &Row) -> Vec<(std::ops::Range<usize>, Emphasis)> {
        row.emphasis(self.flow.doc())
    }

    /// Whether the story's last row is visible (true for a story without rows).
    pub fn is_at_end(&self) -> bool {
        self.at_end
    }

    /// Where the reader is: chapter, scene, progress and words left.
    /// How far through the story the anchor is, from 0 to 1 (what the status line's
    /// percent shows).
    pub fn fraction(&self) -> f64 {
        self.progress.fraction(self.flow.doc(), self.anchor)
    }

    pub fn place(&self) -> Place<'_> {
        let doc = self.flow.doc();
        let Anchor { chapter, block, .. } = self.anchor;
        let chapter_ref = doc.chapters.get(chapter);
        let scenes = chapter_ref.map_or(0, crate::document::Chapter::scenes);
        let before = self.progress.words_before(doc, self.anchor);
        let (_, chapter_end) = self.progress.chapter_words(chapter);
        let (percent, in_chapter, in_story) = if self.at_end {
            (100.0, 0, 0)
        } else {
            (
                self.progress.fraction(doc, self.anchor) * 100.0,
                chapter_end.saturating_sub(before),
                self.progress.total_words().saturating_sub(before),
            )
        };
        Place {
            chapter,
            chapters: doc.chapters.len(),
            chapter_title: self
                .toc
                .get(chapter)
                .and_then(|entry| entry.title.as_deref()),
            scene: self
                .progress
                .scene_of(chapter, block)
                .min(scenes.saturating_sub(1)),
            scenes,
            percent,
            words_left_in_chapter: in_chapter,
            words_left_in_story: in_story,
            at_end: self.at_end,
        }
    }

    /// The body words on screen, as word indices into the story (`start..end`), for
    /// reading statistics: from the top row's place to the end of the last text row.
    pub fn visible_words(&self) -> std::ops::Range<usize> {
        let doc = self.flow.doc();
        let start = self.progress.words_before(doc, self.anchor);
        let end = if self.at_end {
            self.progress.total_words()
        } else {
            self.frame
                .iter()
                .rev()
                .find_map(|row| match row {
                    Row::Text {
                        chapter,
                        block,
                        range,
                        ..
                    } => Some(
                        self.progress
                            .words_before(doc, Anchor::new(*chapter, *block, range.end)),
                    ),
                    // Words inside a table are not counted piece by piece: a visible
                    // table line counts the whole table as seen.
                    Row::TableLine { chapter, block, .. } => Some(
                        self.progress
                            .words_before(doc, Anchor::new(*chapter, *block + 1, 0)),
                    ),
                    _ => None,
                })
                .unwrap_or(start)
        };
        start..end.max(start)
    }

    /// The table of contents: one entry per chapter with its scene starts.
    pub fn toc(&self) -> &[TocEntry] {
        &self.toc
    }

    // ---- viewport and options --------------------------------------------------------

    /// Sets the text width and the height. A width change re-lays out around the
    /// anchor, keeping its exact offset: the line containing it stays on the first row
    /// (or the chapter title, when the title was on top). Returns whether the frame
    /// changed. A reader at the end who makes the window taller keeps the end on the
    /// bottom row instead.
    pub fn resize(&mut self, width: usize, height: usize) -> bool {
        let keep_line = self.top.is_some_and(|top| self.flow.is_line_row(top));
        let width_changed = self.flow.set_width(width);
        let taller = height > self.height;
        let height_changed = height != self.height;
        let was_at_end = self.at_end;
        self.height = height;
        if width_changed {
            self.relocate(keep_line);
        }
        if width_changed || height_changed {
            self.refresh();
        }
        // A reader at the end who makes the window taller wants more of the story
        // above the end, not blank rows below it: the end stays on the bottom row.
        // (Only for a taller window at the same width, so a width change always
        // keeps the anchored sentence on top.)
        if taller && !width_changed && was_at_end && self.frame.len() < height {
            self.to_bottom();
        }
        width_changed || height_changed
    }

    /// Changes the options, keeping the anchor as a resize does.
    pub fn set_options(&mut self, options: PagerOptions) -> bool {
        if options == self.options() {
            return false;
        }
        let keep_line = self.top.is_some_and(|top| self.flow.is_line_row(top));
        self.page_overlap = options.page_overlap;
        self.flow.set_options(options.layout);
        self.relocate(keep_line);
        self.refresh();
        true
    }

    fn relocate(&mut self, keep_line: bool) {
        self.top = if keep_line {
            self.flow.locate_line(self.anchor)
        } else {
            self.flow.locate(self.anchor)
        };
    }

    // ---- moving ----------------------------------------------------------------------

    /// Scrolls by `lines` rows (down when positive). Stops at the first row, and going
    /// down stops once the last row is visible. Returns whether anything moved.
    pub fn scroll_by(&mut self, lines: isize) -> bool {
        let Some(top) = self.top.filter(|_| lines != 0) else {
            return false;
        };
        let target = if lines >= 0 {
            let Some(limit) = self.bottom() else {
                return false;
            };
            if top >= limit {
                return false;
            }
            self.flow.forward(top, lines.unsigned_abs()).min(limit)
        } else {
            self.flow.backward(top, lines.unsigned_abs())
        };
        self.set_top(target)
    }

    /// Rows moved by a page: the height minus the overlap, at least one.
    pub fn page_step(&self) -> usize {
        self.height.saturating_sub(self.page_overlap).max(1)
    }

    fn half_step(&self) -> usize {
        (self.height / 2).max(1)
    }

    /// One page down, keeping `page_overlap` rows of context.
    pub fn page_down(&mut self) -> bool {
        self.scroll_by(signed(self.page_step()))
    }

    /// One page up, keeping `page_overlap` rows of context.
    pub fn page_up(&mut self) -> bool {
        self.scroll_by(-signed(self.page_step()))
    }

    /// Half a page down.
    pub fn half_page_down(&mut self) -> bool {
        self.scroll_by(signed(self.half_step()))
    }

    /// Half a page up.
    pub fn half_page_up(&mut self) -> bool {
        self.scroll_by(-signed(self.half_step()))
    }

    /// To the first row of the story.
    pub fn to_top(&mut self) -> bool {
        let first = self.flow.first();
        self.set_top_opt(first)
    }

    /// To the last page: the story's last row on the bottom row.
    pub fn to_bottom(&mut self) -> bool {
        let bottom = self.bottom();
        self.set_top_opt(bottom)
    }

    /// To `anchor` (clamped into the story), shown on the first row. The anchor is kept
    /// exactly, so a search hit in the middle of a line stays the reading position.
    pub fn go_to(&mut self, anchor: Anchor) -> bool {
        let clamped = anchor.clamp(self.flow.doc());
        let Some(pos) = self.flow.locate(clamped) else {
            let changed = self.anchor != clamped;
            self.anchor = clamped;
            return changed;
        };
        let same_block = pos.chapter == clamped.chapter
            && match pos.seg {
                Seg::Head => clamped.is_chapter_start(),
                Seg::Block(block) => block == clamped.block,
            };
        // An anchor with nothing to show (in a chapter without rows) moves to the row
        // shown instead, placed as that row's own anchor would be, so a later resize
        // finds the same place.
        let (anchor, pos) = if same_block {
            (clamped, pos)
        } else {
            let moved = self.flow.anchor_of(pos);
            (moved, self.flow.locate(moved).unwrap_or(pos))
        };
        let changed = Some(pos) != self.top || anchor != self.anchor;
        self.anchor = anchor;
        self.top = Some(pos);
        self.refresh();
        changed
    }

    /// To `anchor` with the top row `shift` rows from its line, as
    /// [`Pager::top_shift`] saw it when the place was saved: only onto rows that
    /// stand for the same anchor (its own gap or chapter head), so where those rows
    /// are gone (the layout changed), as [`Pager::go_to`].
    pub fn go_to_shifted(&mut self, anchor: Anchor, shift: i32) -> bool {
        let changed = self.go_to(anchor);
        let Some(top) = self.top.filter(|_| shift != 0) else {
            return changed;
        };
        let rows = shift.unsigned_abs() as usize;
        let shifted = if shift > 0 {
            self.flow.backward(top, rows)
        } else {
            self.flow.forward(top, rows)
        };
        let same_place = self.rows_between(shifted, top) == Some(shift)
            && self.flow.anchor_of(shifted) == self.anchor;
        if !same_place {
            return changed;
        }
        self.top = Some(shifted);
        self.refresh();
        true
    }

    /// To a search hit: its line on the first row, the anchor at its first byte.
    pub fn go_to_hit(&mut self, hit: &Hit) -> bool {
        self.go_to(hit.anchor())
    }

    /// To `percent` (0–100) of the way through the story, by words: the line holding
    /// that word on top. 0 is the top and 100 the last page.
    pub fn go_to_percent(&mut self, percent: f64) -> bool {
        if percent.is_nan() || percent <= 0.0 {
            return self.to_top();
        }
        if percent >= 100.0 {
            return self.to_bottom();
        }
        match self.progress.anchor_at(self.flow.doc(), percent / 100.0) {
            Some(anchor) => self.go_to(anchor),
            None => self.to_top(),
        }
    }

    /// To the start of chapter `chapter` (clamped), title on top.
    pub fn go_to_chapter(&mut self, chapter: usize) -> bool {
        let last = self.flow.chapter_count().saturating_sub(1);
        self.go_to(Anchor::chapter_start(chapter.min(last)))
    }

    /// To the start of the next chapter that has any rows; no move in the last one.
    pub fn next_chapter(&mut self) -> bool {
        let Some(top) = self.top else { return false };
        let next = (top.chapter + 1..self.flow.chapter_count()).find(|&c| self.flow.has_rows(c));
        next.is_some_and(|chapter| self.go_to(Anchor::chapter_start(chapter)))
    }

    /// To the start of the current chapter, or, when already there, of the previous one.
    pub fn prev_chapter(&mut self) -> bool {
        let Some(top) = self.top else { return false };
        let start = Anchor::chapter_start(top.chapter);
        if self.flow.locate(start).is_some_and(|pos| pos < top) {
            return self.go_to(start);
        }
        let prev = (0..top.chapter).rev().find(|&c| self.flow.has_rows(c));
        prev.is_some_and(|chapter| self.go_to(Anchor::chapter_start(chapter)))
    }

    /// To the next scene start (a scene break's ornament on top, or the next chapter's
    /// start); no move in the last scene.
    pub fn next_scene(&mut self) -> bool {
        let Some(top) = self.top else { return false };
        for chapter in top.chapter..self.flow.chapter_count() {
            for anchor in self.scene_starts(chapter) {
                if self.flow.locate(anchor).is_some_and(|pos| pos > top) {
                    return self.go_to(anchor);
                }
            }
        }
        false
    }

    /// To the start of the current scene, or, when already there, of the previous one.
    pub fn prev_scene(&mut self) -> bool {
        let Some(top) = self.top else { return false };
        for chapter in (0..=top.chapter).rev() {
            for anchor in self.scene_starts(chapter).into_iter().rev() {
                if self.flow.locate(anchor).is_some_and(|pos| pos < top) {
                    return self.go_to(anchor);
                }
            }
        }
        false
    }

    fn scene_starts(&self, chapter: usize) -> Vec<Anchor> {
        self.toc
            .get(chapter)
            .map(|entry| entry.scenes.clone())
            .filter(|scenes| !scenes.is_empty())
            .unwrap_or_else(|| {
                // A titled chapter without blocks still starts somewhere.
                if self.flow.has_rows(chapter) {
                    vec![Anchor::chapter_start(chapter)]
                } else {
                    Vec::new()
                }
            })
    }

    // ---- internals -------------------------------------------------------------------

    /// The top row of the last page: the last row on the bottom row (or the first row
    /// for a story shorter than the viewport).
    fn bottom(&mut self) -> Option<RowPos> {
        let last = self.flow.last()?;
        Some(self.flow.backward(last, self.height.saturating_sub(1)))
    }

    fn set_top_opt(&mut self, pos: Option<RowPos>) -> bool {
        pos.is_some_and(|pos| self.set_top(pos))
    }

    /// Scrolls to `pos`: the anchor moves to the start of its line.
    fn set_top(&mut self, pos: RowPos) -> bool {
        let anchor = self.flow.anchor_of(pos);
        if Some(pos) == self.top && anchor == self.anchor {
            return false;
        }
        self.top = Some(pos);
        self.anchor = anchor;
        self.refresh();
        true
    }

    /// Rows from `from` down to `to` (negative when `to` is above), when they are
    /// at most [`MAX_TOP_SHIFT`] apart: a gap or a chapter head, never a page.
    fn rows_between(&mut self, from: RowPos, to: RowPos) -> Option<i32> {
        let (upper, lower, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut pos = upper;
        for rows in 0..=MAX_TOP_SHIFT {
            if pos == lower {
                return Some(sign * rows);
            }
            let next = self.flow.forward(pos, 1);
            if next == pos {
                return None;
            }
            pos = next;
        }
        None
    }

    fn refresh(&mut self) {
        self.top_shift = self.top.map_or(0, |top| {
            let anchor = self.flow.anchor_of(top);
            self.flow
                .locate(anchor)
                .and_then(|line| self.rows_between(top, line))
                .unwrap_or(0)
        });
        (self.frame, self.at_end) = match self.top {
            Some(top) => self.flow.rows(top, self.height),
            None => (Vec::new(), true),
        };
    }
}

/// The most rows a saved place's screen may sit from its line ([`Pager::top_shift`]):
/// more than a paragraph gap and a wrapped chapter title take.
const MAX_TOP_SHIFT: i32 = 16;

fn signed(rows: usize) -> isize {
    isize::try_from(rows).unwrap_or(isize::MAX)
}
