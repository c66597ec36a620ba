//! Walking the row stream: from segment to segment (skipping chapters without rows)
//! and by counts of rows, clamped at the first and last row.

use super::{Flow, RowPos, Seg};

impl Flow {
    /// The first non-empty segment of a chapter at or after `chapter`.
    pub(super) fn first_seg_from(&self, chapter: usize) -> Option<(usize, Seg)> {
        (chapter..self.chapter_count()).find_map(|c| {
            if !self.has_rows(c) {
                None
            } else if self.head_is_empty(c) {
                Some((c, Seg::Block(0)))
            } else {
                Some((c, Seg::Head))
            }
        })
    }

    /// The last non-empty segment of a chapter before `chapter`.
    fn last_seg_before(&self, chapter: usize) -> Option<(usize, Seg)> {
        (0..chapter.min(self.chapter_count())).rev().find_map(|c| {
            if let Some(last) = self.blocks_of(c).len().checked_sub(1) {
                Some((c, Seg::Block(last)))
            } else if self.has_rows(c) {
                Some((c, Seg::Head))
            } else {
                None
            }
        })
    }

    fn next_seg(&self, chapter: usize, seg: Seg) -> Option<(usize, Seg)> {
        let next_block = match seg {
            Seg::Head => 0,
            Seg::Block(block) => block + 1,
        };
        if next_block < self.blocks_of(chapter).len() {
            return Some((chapter, Seg::Block(next_block)));
        }
        self.first_seg_from(chapter + 1)
    }

    fn prev_seg(&self, chapter: usize, seg: Seg) -> Option<(usize, Seg)> {
        match seg {
            Seg::Block(block) if block > 0 => Some((chapter, Seg::Block(block - 1))),
            Seg::Block(_) if !self.head_is_empty(chapter) => Some((chapter, Seg::Head)),
            _ => self.last_seg_before(chapter),
        }
    }

    /// The first row of the story, if it has any.
    pub fn first(&self) -> Option<RowPos> {
        let (chapter, seg) = self.first_seg_from(0)?;
        Some(RowPos {
            chapter,
            seg,
            row: 0,
        })
    }

    /// The last row of the story, if it has any.
    pub fn last(&mut self) -> Option<RowPos> {
        let (chapter, seg) = self.last_seg_before(self.chapter_count())?;
        let row = self.seg_len(chapter, seg).saturating_sub(1);
        Some(RowPos { chapter, seg, row })
    }

    /// The row after `pos`, or `None` at the end.
    pub fn step(&mut self, pos: RowPos) -> Option<RowPos> {
        if pos.row + 1 < self.seg_len(pos.chapter, pos.seg) {
            return Some(RowPos {
                row: pos.row + 1,
                ..pos
            });
        }
        let (chapter, seg) = self.next_seg(pos.chapter, pos.seg)?;
        Some(RowPos {
            chapter,
            seg,
            row: 0,
        })
    }

    /// `n` rows after `pos`, stopping at the last row.
    pub fn forward(&mut self, mut pos: RowPos, mut n: usize) -> RowPos {
        loop {
            let len = self.seg_len(pos.chapter, pos.seg).max(1);
            let room = (len - 1).saturating_sub(pos.row);
            if n <= room {
                pos.row += n;
                return pos;
            }
            let Some((chapter, seg)) = self.next_seg(pos.chapter, pos.seg) else {
                pos.row = len - 1;
                return pos;
            };
            n -= room + 1;
            pos = RowPos {
                chapter,
                seg,
                row: 0,
            };
        }
    }

    /// `n` rows before `pos`, stopping at the first row.
    pub fn backward(&mut self, mut pos: RowPos, mut n: usize) -> RowPos {
        loop {
            if n <= pos.row {
                pos.row -= n;
                return pos;
            }
            let Some((chapter, seg)) = self.prev_seg(pos.chapter, pos.seg) else {
                pos.row = 0;
                return pos;
            };
            n -= pos.row + 1;
            let row = self.seg_len(chapter, seg).saturating_sub(1);
            pos = RowPos { chapter, seg, row };
        }
    }
}
