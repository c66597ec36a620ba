//! Items → chapters of blocks: chapter marks split the flow, `<hr>` and glyph lines
//! (`* * *`, `~~~`, `oOo`, `xXx` … FORMATS §7.2) become scene breaks, and so do gaps
//! of empty lines that are longer *and rarer* than the file's usual paragraph gap
//! (FORMATS §7.1: k = the modal gap; a gap ≥ k+1 that is under 20 % of all gaps).

use std::collections::BTreeMap;

use super::flow::{ChapterMark, Item, TextKind};
use crate::document::{Block, Chapter};

/// A gap (in empty lines) that counts as a scene break, from the gaps between
/// consecutive paragraphs; `None` when gaps carry no meaning.
fn break_gap(items: &[Item]) -> Option<GapStats> {
    let stats = GapStats::of(items);
    (stats.gaps > 0).then_some(stats)
}

/// Gap histogram of one run of items.
#[derive(Debug, Default, Clone)]
struct GapStats {
    histogram: BTreeMap<u32, usize>,
    gaps: usize,
    paragraphs: usize,
}

impl GapStats {
    fn of(items: &[Item]) -> Self {
        let mut stats = GapStats::default();
        let mut after_paragraph = false;
        for item in items {
            match item {
                Item::Text {
                    text,
                    kind: TextKind::Paragraph,
                    blank_before,
                } if !is_glyph_break(&text.text) => {
                    stats.paragraphs += 1;
                    if after_paragraph {
                        *stats.histogram.entry(*blank_before).or_default() += 1;
                        stats.gaps += 1;
                    }
                    after_paragraph = true;
                }
                _ => after_paragraph = false,
            }
        }
        stats
    }

    /// The smallest gap that is a scene break, if any is.
    fn threshold(&self) -> Option<u32> {
        let (&mode, _) = self
            .histogram
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
        let at_least = |t: u32| -> usize { self.histogram.range(t..).map(|(_, n)| n).sum() };
        let threshold = if mode == 0 {
            // Paragraphs normally touch: a single empty line is a break only when it
            // is rare (under one per 15 paragraphs); otherwise it takes two.
            if at_least(1) * 15 <= self.paragraphs {
                1
            } else {
                2
            }
        } else {
            mode + 1
        };
        (at_least(threshold) * 5 < self.gaps).then_some(threshold)
    }
}

/// Chapters with fewer gaps than this use the whole file's statistics.
const MIN_GAPS_FOR_LOCAL_STATS: usize = 8;

/// Splits items at chapter marks and turns each run into a tidy chapter. Text before
/// the first mark becomes an untitled chapter if it holds anything and
/// `keep_leading` is set (producers whose marks are reliable drop it: it is their
/// front matter); a marked chapter is kept even when empty (its mark says it exists).
// The items are taken, not borrowed: their text moves into the blocks, so a book's
// text is never held twice.
pub fn build_chapters(items: Vec<Item>, keep_leading: bool) -> Vec<Chapter> {
    let whole = break_gap(&items);
    let has_marks = items.iter().any(|i| matches!(i, Item::Chapter(_)));
    let mut chapters = Vec::new();
    let mut run = Vec::new();
    let mut mark: Option<ChapterMark> = None;
    for item in items {
        let Item::Chapter(next) = item else {
            run.push(item);
            continue;
        };
        let items = std::mem::take(&mut run);
        if mark.is_some() || keep_leading || !has_marks {
            push_chapter(&mut chapters, mark.take(), items, whole.as_ref());
        }
        mark = Some(next);
    }
    push_chapter(&mut chapters, mark, run, whole.as_ref());
    chapters
}

fn push_chapter(
    chapters: &mut Vec<Chapter>,
    mark: Option<ChapterMark>,
    items: Vec<Item>,
    whole: Option<&GapStats>,
) {
    let local = GapStats::of(&items);
    let stats = if local.gaps >= MIN_GAPS_FOR_LOCAL_STATS {
        Some(&local)
    } else {
        whole
    };
    let threshold = stats.and_then(GapStats::threshold);
    let marked = mark.is_some();
    let (title, id) = mark.map(|m| (m.title, m.id)).unwrap_or_default();
    let mut chapter = Chapter {
        title,
        id,
        blocks: to_blocks(items, threshold),
    };
    chapter.tidy_breaks();
    if marked || !chapter.blocks.is_empty() {
        chapters.push(chapter);
    }
}

/// Blocks of one chapter's items.
fn to_blocks(items: Vec<Item>, threshold: Option<u32>) -> Vec<Block> {
    let mut blocks = Vec::new();
    for item in items {
        match item {
            Item::Rule => blocks.push(Block::SceneBreak),
            Item::Table(table) => blocks.push(Block::Table(Box::new(table))),
            Item::Chapter(_) => {}
            Item::Image(image) => blocks.push(Block::Image(image)),
            Item::Text {
                text,
                kind,
                blank_before,
            } => match kind {
                TextKind::Paragraph if is_glyph_break(&text.text) => {
                    blocks.push(Block::SceneBreak);
                }
                TextKind::Paragraph => {
                    let after_text = matches!(blocks.last(), Some(Block::Paragraph(_)));
                    if after_text && threshold.is_some_and(|t| blank_before >= t) {
                        blocks.push(Block::SceneBreak);
                    }
                    blocks.push(Block::Paragraph(text));
                }
                TextKind::Heading(_) => blocks.push(Block::Heading(text)),
                TextKind::Note => blocks.push(Block::Note(text)),
            },
        }
    }
    blocks
}

/// Whether a whole paragraph is a scene-break glyph line (`* * *`, `~~~`, `oOo`,
/// `xXx`, `-x-x-`, `⁂`, `___` …).
// Not `format::txt`'s detector: an HTML paragraph that is only glyphs was set apart
// by its author on purpose, so this one also takes short rules (`//`, `||`, `::`)
// and mixed forms (`<>`, `.:.`) that a plain-text dump needs three of to trust.
pub(crate) fn is_glyph_break(text: &str) -> bool {
    const GLYPHS: &str = "*~-_=#+.…•·∙○●◇◆□■♦★☆✦✧⁂❦❧✿❀❁❃✱✲✳✴✵✶✷✸✹✺✻✼✽✾§¤/\\|:<>—–";
    let is_letter = |c: &char| matches!(c, 'o' | 'O' | '0' | 'x' | 'X');
    // Every paragraph of every book comes through here: almost all are ruled out by
    // their first visible character, the rest by their 41st.
    let first = text.chars().find(|c| !c.is_whitespace());
    if !first.is_some_and(|c| is_letter(&c) || GLYPHS.contains(c)) {
        return false;
    }
    let compact: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(41)
        .collect();
    if compact.is_empty() || compact.len() > 40 {
        return false;
    }
    if !compact.iter().all(|c| is_letter(c) || GLYPHS.contains(*c)) {
        return false;
    }
    let letters = compact.iter().filter(|c| is_letter(c)).count();
    if letters == compact.len() {
        // `xxx`, `oOo`, `XxXxX`, `o0o`; not `O`, `xx` or a number.
        return letters >= 3 && compact.iter().any(|c| *c != '0');
    }
    let Some(&first) = compact.first() else {
        return false;
    };
    if compact.iter().all(|c| *c == first) {
        // A single repeated plain-punctuation character needs a few to be a rule.
        return match first {
            '-' | '_' | '=' | '+' | '.' => compact.len() >= 3,
            '/' | '\\' | '|' | ':' => compact.len() >= 2,
            '<' | '>' => false,
            _ => true,
        };
    }
    // Mixed forms: `~*~`, `-o-`, `x-x-x`, `.:.`, `<>`, `— — —`.
    letters <= compact.len() / 2 + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::RichText;

    #[test]
    fn glyph_lines() {
        let yes = [
            "* * *",
            "***",
            "*",
            "~~~",
            "~*~*~",
            "oOo",
            "xXx",
            "XxXxX",
            "x-x-x",
            "-x-x-",
            "o0o",
            "ooo",
            "xxx",
            "-o-",
            "=x=",
            "~0~",
            "~o~",
            "---",
            "— — —",
            "–",
            "___",
            "=====",
            "###",
            "#",
            "+ + +",
            "...",
            "……",
            ". . .",
            "⁂",
            "❦",
            "✦ ✦ ✦",
            "• • •",
            "§",
            "//",
            "||",
            "<>",
            ".:.",
            "::",
            "\u{a0}*\u{a0}*\u{a0}*",
        ];
        for line in yes {
            assert!(is_glyph_break(line), "{line:?} should be a break");
        }
        let no = [
            "",
            "O",
            "xx",
            "000",
            "Ooo!",
            "~Clark~",
            "H -",
            "Oh.",
            "--",
            "..",
            "a * b",
            "\"...\"",
            "love, Annie xxx",
            "1",
            "Chapter 1",
            "<",
            "-- signed",
            &"*".repeat(41),
        ];
        for line in no {
            assert!(!is_glyph_break(line), "{line:?} should not be a break");
        }
    }

    fn para(text: &str, blank_before: u32) -> Item {
        Item::Text {
            text: RichText::plain(text),
            kind: TextKind::Paragraph,
            blank_before,
        }
    }

    fn shape(chapter: &Chapter) -> String {
        chapter
            .blocks
            .iter()
            .map(|b| match b {
                Block::SceneBreak => "|".to_owned(),
                b => b.text().to_owned(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn rare_long_gaps_are_breaks() {
        // br-separated paragraphs (gap 1) with one 6-line gap.
        let mut items: Vec<Item> = (0..20).map(|i| para(&format!("p{i}"), 1)).collect();
        items[10] = para("p10", 6);
        let chapters = build_chapters(items, true);
        assert_eq!(chapters.len(), 1);
        assert!(shape(&chapters[0]).contains("p9 | p10"));
        assert_eq!(chapters[0].scenes(), 2);
    }

    #[test]
    fn common_gaps_are_not_breaks() {
        // Every other paragraph separated by an empty line: style, not scenes.
        let items: Vec<Item> = (0..20).map(|i| para("p", i % 2)).collect();
        assert_eq!(build_chapters(items, true)[0].scenes(), 1);
    }

    #[test]
    fn single_empty_paragraph_break_when_rare() {
        let mut items: Vec<Item> = (0..40).map(|_| para("p", 0)).collect();
        items[20] = para("q", 1);
        assert_eq!(build_chapters(items, true)[0].scenes(), 2);
    }

    #[test]
    fn marks_split_and_edges_are_tidy() {
        let items = vec![
            Item::Rule,
            Item::Chapter(ChapterMark {
                title: Some("One".into()),
                id: None,
            }),
            Item::Rule,
            para("a", 0),
            para("* * *", 0),
            para("b", 0),
            Item::Rule,
            Item::Chapter(ChapterMark::default()),
        ];
        let chapters = build_chapters(items, true);
        assert_eq!(chapters.len(), 2, "leading rule alone makes no chapter");
        assert_eq!(chapters[0].title.as_deref(), Some("One"));
        assert_eq!(shape(&chapters[0]), "a | b");
        assert!(chapters[1].blocks.is_empty());
    }
}
