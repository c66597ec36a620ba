//! fimfiction.net's TXT download: every chapter opens with a comment banner,
//!
//! ```text
//! //------------------------------//
//! // Chapter 1: Clouds
//! // Story: Ten Seconds Flat
//! // by skywriter42
//! //------------------------------//
//! ```
//!
//! naming the chapter, the story and its author. The first banner is the story's
//! header (`header` reads the title and author from it); each banner, the first
//! included, starts a chapter titled by its first line (`body`). Banners are never
//! text.

use super::layout::Lines;

/// The site whose downloads have these banners.
pub(super) const SITE: &str = "fimfiction.net";

/// A banner's rule, `//------------------------------//` (`^//-{3,}//$`): asked of every line of a story,
/// so plain code rather than a pattern compiled for it.
fn is_rule(text: &str) -> bool {
    text.strip_prefix("//")
        .and_then(|rest| rest.strip_suffix("//"))
        .is_some_and(|dashes| dashes.len() >= 3 && dashes.bytes().all(|b| b == b'-'))
}

/// Most content lines one banner may have.
const MAX_BANNER_LINES: usize = 6;

/// One banner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Banner<'a> {
    /// The chapter's title (the banner's first line that is not `Story:` or `by`).
    pub chapter: Option<&'a str>,
    pub story: Option<&'a str>,
    pub author: Option<&'a str>,
    /// 1-based line numbers of the chapter, story and author lines (0 when absent).
    pub lines: [usize; 3],
    /// Index of the banner's first line.
    pub start: usize,
    /// Index one past its closing rule.
    pub end: usize,
}

/// The banner starting at line `i`, if one does: a rule, `// ` lines including
/// `// Story:` or `// by`, and a closing rule, with no blank line inside.
pub(super) fn at<'a>(lines: &Lines<'a>, i: usize) -> Option<Banner<'a>> {
    if !is_rule(lines.get(i)?.text) {
        return None;
    }
    let mut banner = Banner {
        chapter: None,
        story: None,
        author: None,
        lines: [0; 3],
        start: i,
        end: i,
    };
    for j in i + 1..=i + 1 + MAX_BANNER_LINES {
        let text = lines.get(j)?.text;
        if is_rule(text) {
            banner.end = j + 1;
            return (banner.story.is_some() || banner.author.is_some()).then_some(banner);
        }
        let content = text.strip_prefix("//")?.trim();
        if let Some(story) = content.strip_prefix("Story:") {
            banner.story = Some(story.trim());
            banner.lines[1] = j + 1;
        } else if let Some(author) = content.strip_prefix("by ") {
            banner.author = Some(author.trim());
            banner.lines[2] = j + 1;
        } else if banner.chapter.is_none() && !content.is_empty() {
            banner.chapter = Some(content);
            banner.lines[0] = j + 1;
        }
    }
    None
}

/// The first banner among the first `within` lines: a download that opens with
/// the story's own title page still is fimfiction's.
pub(super) fn first<'a>(lines: &Lines<'a>, within: usize) -> Option<Banner<'a>> {
    (0..lines.len().min(within)).find_map(|i| at(lines, i))
}

impl<'a> Banner<'a> {
    /// The chapter's title (the story's when the banner names no chapter) and its
    /// 1-based line.
    pub fn title(&self) -> Option<(&'a str, usize)> {
        match (self.chapter, self.story) {
            (Some(chapter), _) => Some((chapter, self.lines[0])),
            (None, Some(story)) => Some((story, self.lines[1])),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::layout;
    use super::*;

    #[test]
    fn the_rule_scan_agrees_with_the_pattern() {
        let words = ["//", "/", "-", "---", "--", "—", " ", "x", "\n"];
        let lines = [
            "//---//",
            "//--//",
            "//-----------//",
            "// --- //",
            "//---//x",
            "///---///",
        ];
        let rule = regex::Regex::new(r"^//-{3,}//$").expect("valid regex");
        crate::format::exact::check::agree(&words, &lines, is_rule, |t| rule.is_match(t));
    }

    #[test]
    fn banners() {
        let lines = layout::split(
            "//------------------------------//\n// Tea & Thunder\n// Story: Tea & Thunder\n// by Dusk and Dawn\n//------------------------------//\n\nText.\n",
        );
        assert_eq!(
            at(&lines, 0),
            Some(Banner {
                chapter: Some("Tea & Thunder"),
                story: Some("Tea & Thunder"),
                author: Some("Dusk and Dawn"),
                lines: [2, 3, 4],
                start: 0,
                end: 5,
            })
        );
        assert_eq!(at(&lines, 1), None);
    }

    #[test]
    fn not_banners() {
        for text in [
            // A code comment box in a story about programmers: no Story: or by.
            "//------------------------------//\n// search until found //\n//------------------------------//\n",
            // Never closed.
            "//------------------------------//\n// Story: X\n\nText.\n",
            "// Story: X\n// by Y\n",
        ] {
            let lines = layout::split(text);
            assert_eq!(at(&lines, 0), None, "{text:?}");
        }
    }
}
