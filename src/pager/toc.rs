//! Table of contents data: every chapter with its title, word count and the anchors of
//! its scene starts, for a popup that jumps with [`Pager::go_to`](super::Pager::go_to).
//!
//! Invariant: one entry per chapter, in order, so `entries[i].chapter == i`; a chapter's
//! `scenes` has [`Chapter::scenes`] anchors, the first being the chapter start.

use crate::document::{Block, Chapter, Document};
use crate::position::Anchor;

/// One chapter of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// Chapter index, 0-based.
    pub chapter: usize,
    /// The chapter's title, if it has a non-blank one.
    pub title: Option<String>,
    /// Body words in the chapter.
    pub words: usize,
    /// Where each scene starts: the chapter start, then each scene break (whose
    /// ornament is then the first row). Empty for a chapter without blocks.
    pub scenes: Vec<Anchor>,
}

impl TocEntry {
    /// Where the chapter starts (its title is on the first row).
    pub fn start(&self) -> Anchor {
        Anchor::chapter_start(self.chapter)
    }
}

/// The table of contents of `doc`; `words(chapter)` gives each chapter's body words
/// (the pager passes its prefix sums, so the story is not counted twice).
pub(crate) fn toc(doc: &Document, words: impl Fn(usize) -> usize) -> Vec<TocEntry> {
    doc.chapters
        .iter()
        .enumerate()
        .map(|(index, chapter)| entry(index, chapter, words(index)))
        .collect()
}

fn entry(index: usize, chapter: &Chapter, words: usize) -> TocEntry {
    let mut scenes = Vec::with_capacity(chapter.scenes());
    if !chapter.blocks.is_empty() {
        scenes.push(Anchor::chapter_start(index));
    }
    scenes.extend(
        chapter
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, block)| matches!(block, Block::SceneBreak))
            .map(|(block, _)| Anchor::new(index, block, 0)),
    );
    TocEntry {
        chapter: index,
        title: chapter
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned),
        words,
        scenes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::RichText;

    #[test]
    fn lists_chapters_and_scene_starts() {
        let p = |t: &str| Block::Paragraph(RichText::plain(t));
        let doc = Document {
            chapters: vec![
                Chapter {
                    id: None,
                    title: Some("  Prologue ".into()),
                    blocks: vec![
                        p("a b"),
                        Block::SceneBreak,
                        p("c"),
                        Block::SceneBreak,
                        p("d"),
                    ],
                },
                Chapter {
                    id: None,
                    title: Some(" ".into()),
                    blocks: vec![],
                },
                Chapter {
                    id: None,
                    title: None,
                    blocks: vec![p("e")],
                },
            ],
            ..Document::default()
        };
        let toc = toc(&doc, |c| doc.chapters[c].words());
        assert_eq!(toc.len(), 3);
        assert_eq!(toc[0].title.as_deref(), Some("Prologue"));
        assert_eq!(toc[0].words, 4);
        assert_eq!(
            toc[0].scenes,
            vec![
                Anchor::new(0, 0, 0),
                Anchor::new(0, 1, 0),
                Anchor::new(0, 3, 0)
            ]
        );
        assert_eq!(toc[0].scenes.len(), doc.chapters[0].scenes());
        assert_eq!(toc[1].title, None);
        assert!(toc[1].scenes.is_empty());
        assert_eq!(toc[2].start(), Anchor::new(2, 0, 0));
        assert_eq!(toc[2].scenes, vec![Anchor::new(2, 0, 0)]);
    }
}
