//! fanfiction.net story pages (FORMATS §3.5): the breadcrumb above the story, the
//! chapter picker with `< Prev` and `Next >`, and the review box and footer links
//! after the text. (The site navigation above the breadcrumb needs no vocabulary: a
//! page's info line anchors its header, and everything above it is header.)
//!
//! The story's own lines on the page (title, `By:` line, summary, the grey `Rated:
//! Fiction T - …` info line) are not chrome: they are read by the reader that finds
//! them, with [`crate::format::ffn_info`].

use std::sync::LazyLock;

use regex::Regex;

use super::Strength;

/// The site.
pub(crate) const SITE: &str = crate::format::ffn_info::SITE;

/// FFN's top-level sections, the first crumb of a breadcrumb.
const SECTIONS: &[&str] = &[
    "Anime/Manga",
    "Anime",
    "Books",
    "Cartoons",
    "Comics",
    "Games",
    "Misc",
    "Movies",
    "Plays/Musicals",
    "TV Shows",
    "TV",
    "Crossover",
    "Crossovers",
];

/// The last crumb of a breadcrumb line (`Crossover » Harry Potter + Stargate: SG-1
/// Crossover`, `Books » Harry Potter`, `TV Shows > Supernatural`), the only place a
/// copied page names its fandom.
pub(crate) fn breadcrumb(text: &str) -> Option<&str> {
    if text.len() > 300 {
        return None;
    }
    let (section, rest) = text
        .split_once(" » ")
        .or_else(|| text.split_once(" > "))
        .or_else(|| text.split_once(" >> "))?;
    if !SECTIONS.contains(&section.trim()) {
        return None;
    }
    let last = rest.rsplit(['»', '>']).next().unwrap_or(rest).trim();
    (!last.is_empty()).then_some(last)
}

/// `< Prev`, `Next >`, both on one line, and FFN's chapter picker options (`1. The
/// Letter`, `12. Home`): the navigation around the chapter text.
pub(crate) fn is_chapter_nav(text: &str) -> bool {
    static OPTION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\d{1,4}\. \S.{0,120}$").expect("valid regex"));
    matches!(
        text,
        "< Prev" | "Next >" | "< Prev Next >" | "<< Prev" | "Next >>" | "Chapter select"
    ) || OPTION.is_match(text)
}

/// A furniture line after the chapter text.
pub(crate) fn footer_line(text: &str) -> Option<Strength> {
    if text.len() > 200 {
        return None;
    }
    if matches!(
        text,
        "< Prev" | "Next >" | "< Prev Next >" | "Post Review As Guest" | "Leave a Review"
    ) || (text.contains("Terms of Service") && text.contains("Privacy"))
    {
        return Some(Strength::Strong);
    }
    matches!(
        text,
        "Review" | "Reviews" | "Top" | "Help" | "Privacy" | "Privacy Policy" | "Terms of Service"
    )
    .then_some(Strength::Weak)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breadcrumbs() {
        assert_eq!(
            breadcrumb("Crossover » Harry Potter + Stargate: SG-1 Crossover"),
            Some("Harry Potter + Stargate: SG-1 Crossover")
        );
        assert_eq!(breadcrumb("Books » Harry Potter"), Some("Harry Potter"));
        assert_eq!(breadcrumb("TV Shows > Supernatural"), Some("Supernatural"));
        // Not a breadcrumb: prose with a chevron, an unknown section.
        assert_eq!(breadcrumb("Sam » Dean, always"), None);
        assert_eq!(breadcrumb("Books"), None);
    }

    #[test]
    fn navigation() {
        // Options look like numbered prose (`1. He ran.`): a reader only trusts them
        // right under the info line, where the picker sits.
        for text in ["< Prev", "Next >", "1. The Letter", "12. Holy Water"] {
            assert!(is_chapter_nav(text), "{text:?}");
        }
        for text in ["Next, he ran.", "1984", "1.5 miles"] {
            assert!(!is_chapter_nav(text), "{text:?}");
        }
        assert_eq!(
            footer_line("Help · Privacy · Terms of Service · Top"),
            Some(Strength::Strong)
        );
        assert_eq!(footer_line("Review"), Some(Strength::Weak));
        assert_eq!(footer_line("Review the evidence."), None);
    }
}
