//! Search in a story's text: every case-insensitive hit of a query across all chapters,
//! stepping to the next or previous hit from a reading position (wrapping around), and
//! the hits inside one block or row for highlighting.
//!
//! Matching is done by the `regex` crate on the original text with Unicode simple case
//! folding, so hit ranges are exact byte ranges of the stored text even where case
//! changes byte lengths (`İ`, `ẞ`, the Kelvin sign). A run of whitespace in the query
//! matches any run of whitespace in the text. Chapter titles are not searched.
//!
//! Invariants: hits are sorted in reading order, never overlap within a block, and each
//! range lies on `char` boundaries inside its block's text.

use std::ops::Range;

use regex::{Regex, RegexBuilder};

use crate::document::Document;
use crate::layout::Row;
use crate::position::Anchor;

/// One occurrence of the query.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Hit {
    pub chapter: usize,
    pub block: usize,
    /// Bytes of the block's text that match.
    pub range: Range<usize>,
}

impl Hit {
    /// Where the hit starts, for [`Pager::go_to`](crate::pager::Pager::go_to).
    pub fn anchor(&self) -> Anchor {
        Anchor::new(self.chapter, self.block, self.range.start)
    }
}

/// A compiled query that finds case-insensitive matches in any text.
#[derive(Debug, Clone)]
pub struct Matcher {
    regex: Regex,
}

impl Matcher {
    /// Compiles `query`; `None` for a query with no visible characters, or one too
    /// large to compile.
    pub fn new(query: &str) -> Option<Self> {
        let words: Vec<String> = query.split_whitespace().map(regex::escape).collect();
        if words.is_empty() {
            return None;
        }
        let regex = RegexBuilder::new(&words.join(r"\s+"))
            .case_insensitive(true)
            .build()
            .ok()?;
        Some(Self { regex })
    }

    /// The byte ranges of all non-overlapping matches in `text`, in order.
    ///
    /// ```
    /// use ficread::search::Matcher;
    /// let matcher = Matcher::new("straße").unwrap();
    /// let text = "İn der STRASSE, in der Straße, IN DER STRAẞE";
    /// let hits: Vec<&str> = matcher.find_in(text).map(|r| &text[r]).collect();
    /// assert_eq!(hits, ["Straße", "STRAẞE"]);
    /// ```
    pub fn find_in<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        self.regex.find_iter(text).map(|m| m.range())
    }
}

/// Where a step through the hits landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found<'a> {
    pub hit: &'a Hit,
    /// Index of the hit among all hits (for "3/17").
    pub index: usize,
    /// Whether the step wrapped past the end (or the start) of the story.
    pub wrapped: bool,
}

/// All hits of one query in one story.
#[derive(Debug, Clone, Default)]
pub struct Search {
    query: String,
    hits: Vec<Hit>,
}

impl Search {
    /// Finds every hit of `query` in the text of every block of `doc`.
    pub fn new(doc: &Document, query: &str) -> Self {
        let mut hits = Vec::new();
        if let Some(matcher) = Matcher::new(query) {
            for (chapter, c) in doc.chapters.iter().enumerate() {
                for (block, b) in c.blocks.iter().enumerate() {
                    let mut ranges: Vec<Range<usize>> = matcher.find_in(b.text()).collect();
                    // A hit in a footnote is found at its marker, where the popup is.
                    let in_notes = b.notes().iter().filter(|n| {
                        n.paragraphs
                            .iter()
                            .any(|p| matcher.find_in(p).next().is_some())
                    });
                    let before = ranges.len();
                    ranges.extend(in_notes.map(|n| n.range.clone()));
                    if ranges.len() > before {
                        ranges.sort_by_key(|r| r.start);
                        let mut end = 0;
                        ranges.retain(|r| {
                            let keep = r.start >= end;
                            if keep {
                                end = r.end;
                            }
                            keep
                        });
                    }
                    hits.extend(ranges.into_iter().map(|range| Hit {
                        chapter,
                        block,
                        range,
                    }));
                }
            }
        }
        Self {
            query: query.to_owned(),
            hits,
        }
    }

    /// The query as typed.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// Every hit, in reading order.
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// The first hit at or after `anchor`, wrapping to the first hit of the story.
    /// Use it for a fresh search from the current position.
    pub fn first_from(&self, anchor: Anchor) -> Option<Found<'_>> {
        let index = self.hits.partition_point(|h| h.anchor() < anchor);
        self.found_forward(index)
    }

    /// The first hit strictly after `anchor`, wrapping to the first hit of the story.
    pub fn next_after(&self, anchor: Anchor) -> Option<Found<'_>> {
        let index = self.hits.partition_point(|h| h.anchor() <= anchor);
        self.found_forward(index)
    }

    /// The last hit strictly before `anchor`, wrapping to the last hit of the story.
    pub fn prev_before(&self, anchor: Anchor) -> Option<Found<'_>> {
        let before = self.hits.partition_point(|h| h.anchor() < anchor);
        let (index, wrapped) = match before.checked_sub(1) {
            Some(index) => (index, false),
            None => (self.hits.len().checked_sub(1)?, true),
        };
        Some(Found {
            hit: self.hits.get(index)?,
            index,
            wrapped,
        })
    }

    fn found_forward(&self, index: usize) -> Option<Found<'_>> {
        let (index, wrapped) = if index < self.hits.len() {
            (index, false)
        } else {
            (0, true)
        };
        Some(Found {
            hit: self.hits.get(index)?,
            index,
            wrapped,
        })
    }

    /// The hits inside one block, in order.
    pub fn in_block(&self, chapter: usize, block: usize) -> &[Hit] {
        let start = self
            .hits
            .partition_point(|h| (h.chapter, h.block) < (chapter, block));
        let len = self
            .hits
            .get(start..)
            .unwrap_or_default()
            .partition_point(|h| (h.chapter, h.block) == (chapter, block));
        self.hits.get(start..start + len).unwrap_or_default()
    }

    /// The parts of a row to highlight, as byte ranges relative to the row's text
    /// (clipped where a hit spans two rows).
    pub fn highlights(&self, row: &Row) -> Vec<Range<usize>> {
        let Row::Text {
            chapter,
            block,
            range,
            ..
        } = row
        else {
            return Vec::new();
        };
        self.highlights_in(*chapter, *block, range)
    }

    /// The parts of bytes `range` of a block's text to highlight, relative to the
    /// range's start (a table cell's piece, a row's line).
    pub fn highlights_in(
        &self,
        chapter: usize,
        block: usize,
        range: &Range<usize>,
    ) -> Vec<Range<usize>> {
        self.in_block(chapter, block)
            .iter()
            .filter_map(|hit| {
                let start = hit.range.start.max(range.start);
                let end = hit.range.end.min(range.end);
                (start < end).then(|| start - range.start..end - range.start)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, Chapter, RichText};
    use crate::layout::TextKind;

    fn doc(chapters: &[&[&str]]) -> Document {
        Document {
            chapters: chapters
                .iter()
                .map(|blocks| Chapter {
                    id: None,
                    title: Some("Buffy".into()),
                    blocks: blocks
                        .iter()
                        .map(|t| {
                            if t.is_empty() {
                                Block::SceneBreak
                            } else {
                                Block::Paragraph(RichText::plain(*t))
                            }
                        })
                        .collect(),
                })
                .collect(),
            ..Document::default()
        }
    }

    #[test]
    fn matcher_table() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "buffy",
                "Buffy and BUFFY and buffy",
                &["Buffy", "BUFFY", "buffy"],
            ),
            ("", "anything", &[]),
            ("   ", "a   b", &[]),
            // Case changes byte length before the hit: offsets stay exact.
            ("paris", "İstanbul Paris", &["Paris"]),
            ("istanbul", "İstanbul", &[]),
            ("café", "CAFÉ café Café", &["CAFÉ", "café", "Café"]),
            ("ΣΟΦΙΑ", "σοφια Σοφία", &["σοφια"]),
            // Kelvin sign folds to k.
            ("kelvin", "\u{212A}elvin", &["\u{212A}elvin"]),
            ("said  buffy", "she said\u{a0}Buffy", &["said\u{a0}Buffy"]),
            ("a.b", "axb a.b", &["a.b"]),
            ("(", "f(x)", &["("]),
            ("漢字", "漢字と漢字", &["漢字", "漢字"]),
            ("“hi”", "he said “Hi”", &["“Hi”"]),
        ];
        for (query, text, expected) in cases {
            let found: Vec<&str> = Matcher::new(query)
                .map(|m| m.find_in(text).map(|r| &text[r]).collect())
                .unwrap_or_default();
            assert_eq!(&found, expected, "{query:?} in {text:?}");
        }
    }

    #[test]
    fn hits_in_footnotes_land_on_their_marker() {
        let mut text = RichText::plain("The bridge¹ fell, and the bridge² rose.");
        let first = text.text.find('¹').expect("marker");
        let second = text.text.find('²').expect("marker");
        text.notes = vec![
            crate::document::NoteRef {
                range: first..first + '¹'.len_utf8(),
                paragraphs: vec!["The old bridge, that is.".into()],
            },
            crate::document::NoteRef {
                range: second..second + '²'.len_utf8(),
                paragraphs: vec!["Rebuilt in a week.".into()],
            },
        ];
        let doc = Document {
            chapters: vec![Chapter {
                id: None,
                title: None,
                blocks: vec![Block::Paragraph(text)],
            }],
            ..Document::default()
        };
        let shown = |query: &str| -> Vec<&str> {
            let search = Search::new(&doc, query);
            let text = doc.chapters[0].blocks[0].text();
            search
                .hits()
                .iter()
                .map(|h| &text[h.range.clone()])
                .collect()
        };
        assert_eq!(shown("bridge"), ["bridge", "¹", "bridge"]);
        assert_eq!(shown("week"), ["²"]);
        assert!(shown("ferry").is_empty());
    }

    #[test]
    fn finds_hits_across_chapters_in_order() {
        let doc = doc(&[
            &["Buffy ran.", "", "Then buffy stopped, Buffy!"],
            &["No one.", "BUFFY"],
        ]);
        let search = Search::new(&doc, "buffy");
        let hits: Vec<(usize, usize, Range<usize>)> = search
            .hits()
            .iter()
            .map(|h| (h.chapter, h.block, h.range.clone()))
            .collect();
        assert_eq!(
            hits,
            vec![(0, 0, 0..5), (0, 2, 5..10), (0, 2, 20..25), (1, 1, 0..5)]
        );
        assert_eq!(search.in_block(0, 2).len(), 2);
        assert!(search.in_block(0, 1).is_empty());
        assert!(search.in_block(5, 0).is_empty());
    }

    #[test]
    fn steps_wrap_around() {
        let doc = doc(&[&["x hit x hit"], &["hit"]]);
        let search = Search::new(&doc, "hit");
        let at = |c, b, o| Anchor::new(c, b, o);
        let step = |found: Option<Found<'_>>| found.map(|f| (f.hit.anchor(), f.index, f.wrapped));
        // (operation, from, expected)
        let cases = [
            (
                step(search.first_from(at(0, 0, 0))),
                Some((at(0, 0, 2), 0, false)),
            ),
            (
                step(search.first_from(at(0, 0, 2))),
                Some((at(0, 0, 2), 0, false)),
            ),
            (
                step(search.next_after(at(0, 0, 2))),
                Some((at(0, 0, 8), 1, false)),
            ),
            (
                step(search.next_after(at(0, 0, 8))),
                Some((at(1, 0, 0), 2, false)),
            ),
            (
                step(search.next_after(at(1, 0, 0))),
                Some((at(0, 0, 2), 0, true)),
            ),
            (
                step(search.prev_before(at(1, 0, 0))),
                Some((at(0, 0, 8), 1, false)),
            ),
            (
                step(search.prev_before(at(0, 0, 2))),
                Some((at(1, 0, 0), 2, true)),
            ),
            (
                step(search.first_from(at(9, 9, 9))),
                Some((at(0, 0, 2), 0, true)),
            ),
        ];
        for (index, (got, expected)) in cases.into_iter().enumerate() {
            assert_eq!(got, expected, "case {index}");
        }
        let none = Search::new(&doc, "absent");
        assert!(none.next_after(at(0, 0, 0)).is_none());
        assert!(none.prev_before(at(0, 0, 0)).is_none());
    }

    #[test]
    fn highlights_clip_to_the_row() {
        let doc = doc(&[&["one hit two hit"]]);
        let search = Search::new(&doc, "hit two");
        let row = |range: Range<usize>| Row::Text {
            chapter: 0,
            block: 0,
            range,
            kind: TextKind::Paragraph,
            indent: 0,
            typeset: crate::layout::Typeset::default(),
        };
        assert_eq!(search.highlights(&row(0..7)), vec![4..7]);
        assert_eq!(search.highlights(&row(8..15)), vec![0..3]);
        assert!(search.highlights(&Row::Blank).is_empty());
    }
}
