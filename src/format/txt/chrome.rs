//! Site chrome of web-page dumps (FORMATS.md §3.6, §3.7, §8.4): Dreamwidth and
//! LiveJournal user markup, DW/LJ page furniture, Twisting the Hellmouth navigation.
//!
//! Only recognition lives here; `header` and `footer` decide where chrome may appear.
//! Signatures are exact lines or anchored prefixes, never loose substrings, so story
//! text that merely mentions "comments" or "Dreamwidth" is never taken for chrome.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// The sites chrome can reveal.
pub(super) const DREAMWIDTH: &str = "dreamwidth.org";
pub(super) const LIVEJOURNAL: &str = "livejournal.com";
pub(super) const TTH: &str = "tthfanfic.org";

/// `[livejournal.com profile] name`, `[personal profile] name`, … as a DW page renders
/// a user link; the bracketed part goes, the name stays.
static USER_MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[(?:[a-z]+|[a-z0-9-]+(?:\.[a-z0-9-]+)+) profile\]\s?").expect("valid regex")
});

/// Removes DW/LJ user markup: `[livejournal.com profile] hils` → `hils`.
pub(super) fn strip_user_markup(text: &str) -> Cow<'_, str> {
    if !text.contains(" profile]") {
        return Cow::Borrowed(text);
    }
    USER_MARKUP.replace_all(text, "")
}

/// The first line of a DW page dump: `<journal>: <icon description> (<keyword>)`.
static DW_ICON_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[a-z0-9_-]{2,30}: [^:]{0,200}\([^()]{1,100}\)$").expect("valid regex")
});

/// `[personal profile] name` or `name posting in [community profile] other`.
static DW_ACCOUNT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\[(?:personal|community|identity|syndicated) profile\]\s*\S+|\S+ posting in \[(?:community|personal) profile\]\s*\S+)$",
    )
    .expect("valid regex")
});

/// A DW/LJ entry date line: `Jun. 17th, 2010 12:58 pm`.
static ENTRY_DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[A-Z][a-z]{2}\.? \d{1,2}(?:st|nd|rd|th)?, \d{4}(?: (?:at )?\d{1,2}:\d{2} ?[ap]m)?$",
    )
    .expect("valid regex")
});

/// The DW icon line; only meaningful as the first line of a file.
pub(super) fn is_dw_icon_line(text: &str) -> bool {
    text.len() < 400 && DW_ICON_LINE.is_match(text)
}

/// A chrome line in a header, and the site it reveals (an entry date reveals none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct HeaderChrome {
    pub site: Option<&'static str>,
}

const TTH_HEADER_LINES: &[&str] = &[
    "Large PrintHandheldAudioRating",
    "Twisting The Hellmouth Crossing Over Awards - Results",
    "Rules for Challenges",
    "StoryReviewsStatisticsRelated StoriesTracking",
];

const LJ_HEADER_PREFIXES: &[&str] = &["Current Mood:", "Current Music:", "Current Location:"];

/// Chrome that can sit in the header block of a page dump.
pub(super) fn header_chrome(text: &str) -> Option<HeaderChrome> {
    let site = |site| Some(HeaderChrome { site });
    if text.len() > 200 {
        return None;
    }
    if DW_ACCOUNT_LINE.is_match(text) {
        return site(Some(DREAMWIDTH));
    }
    if ENTRY_DATE_LINE.is_match(text) {
        return site(None);
    }
    if TTH_HEADER_LINES.contains(&text) || is_tth_table_header(text) {
        return site(Some(TTH));
    }
    if LJ_HEADER_PREFIXES.iter().any(|p| text.starts_with(p)) {
        return site(Some(LIVEJOURNAL));
    }
    None
}

/// TtH's story table header; the line after it is the run-together table row.
pub(super) fn is_tth_table_header(text: &str) -> bool {
    text.starts_with("Categories Author Rating Chapters Words")
}

/// A TtH series banner: `This story is No. 2 in the series "…". You may wish …`.
pub(super) fn is_tth_banner(text: &str) -> bool {
    static BANNER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^This story is No\. \d+ in the series ".+"\."#).expect("valid regex")
    });
    BANNER.is_match(text)
}

/// TtH's end-of-story footer: `You have reached the end of "<title>" …`.
pub(super) fn is_tth_footer(text: &str) -> bool {
    text.starts_with("You have reached the end of \"")
        || text.starts_with("You have reached the end of “")
}

/// Lines that start the page furniture after a DW or LJ entry, with the site they
/// reveal. Everything from the first of them to the end of the file is chrome.
pub(super) fn footer_chrome_start(text: &str) -> Option<&'static str> {
    const DW_LINES: &[&str] = &[
        "This account has disabled anonymous posting.",
        "This account has enabled anonymous posting.",
        "If you don't have an account you can create one now.",
        "Powered by Dreamwidth Studios",
        "Post a comment in response:",
        "Expand Cut Tags",
        "Style Credit",
        "Most Popular Tags",
    ];
    const LJ_LINES: &[&str] = &[
        "Leave a comment",
        "Post a new comment",
        "( Post a new comment )",
        "Previous Entry",
        "Next Entry",
        "Previous Entry | Next Entry",
        "Add to Memories",
        "Flat | Top-Level Comments Only",
        "Link | Leave a comment",
    ];
    static COMMENT_COUNT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\(?\s*\d+ comments?(?: [-–|] (?:Leave a comment|Reply))?\s*\)?$")
            .expect("valid regex")
    });
    if text.len() > 120 {
        return None;
    }
    if DW_LINES.contains(&text) || text.starts_with("Page generated ") {
        return Some(DREAMWIDTH);
    }
    if LJ_LINES.contains(&text)
        || text.starts_with("Current Mood:")
        || text.starts_with("Current Music:")
        || text.starts_with("Current Location:")
        || COMMENT_COUNT.is_match(text)
    {
        return Some(LIVEJOURNAL);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_markup_is_stripped() {
        let cases = [
            (
                "[livejournal.com profile] hils and [livejournal.com profile] lexalicious70",
                "hils and lexalicious70",
            ),
            (
                "Inspired by [livejournal.com profile] bagheera_san's idea",
                "Inspired by bagheera_san's idea",
            ),
            ("[personal profile] fandomcorner", "fandomcorner"),
            (
                "[identity profile] name.livejournal.com",
                "name.livejournal.com",
            ),
            ("[community profile] crossoverfic", "crossoverfic"),
            ("no markup [here]", "no markup [here]"),
            ("[Not a profile] x", "[Not a profile] x"),
        ];
        for (input, want) in cases {
            assert_eq!(strip_user_markup(input), want, "input {input:?}");
        }
    }

    #[test]
    fn dreamwidth_lines() {
        assert!(is_dw_icon_line("fandomcorner: (Clex by laura1b)"));
        assert!(is_dw_icon_line(
            "beccaelizabeth: my Watcher tattoo in blue (Default)"
        ));
        assert!(!is_dw_icon_line(
            "Help Wanted: A Buffy the Vampire Slayer/Smallville Crossover"
        ));
        assert!(!is_dw_icon_line("Summary: (none)x"));
        assert_eq!(
            header_chrome("[personal profile] fandomcorner").map(|c| c.site),
            Some(Some(DREAMWIDTH))
        );
        assert_eq!(
            header_chrome("fandomcorner posting in [community profile] crossoverfic")
                .map(|c| c.site),
            Some(Some(DREAMWIDTH))
        );
        assert_eq!(
            header_chrome("Jun. 17th, 2010 12:58 pm").map(|c| c.site),
            Some(None)
        );
        assert_eq!(header_chrome("Title: His Hero"), None);
    }

    #[test]
    fn footer_signatures() {
        assert_eq!(
            footer_chrome_start("This account has disabled anonymous posting."),
            Some(DREAMWIDTH)
        );
        assert_eq!(
            footer_chrome_start("Page generated Dec. 26th, 2025 09:16 pm"),
            Some(DREAMWIDTH)
        );
        assert_eq!(footer_chrome_start("12 comments"), Some(LIVEJOURNAL));
        assert_eq!(
            footer_chrome_start("( 3 comments | Leave a comment )"),
            Some(LIVEJOURNAL)
        );
        assert_eq!(footer_chrome_start("He left a comment on the door."), None);
        assert_eq!(footer_chrome_start("The End"), None);
    }

    #[test]
    fn tth_lines() {
        assert!(is_tth_banner(
            "This story is No. 2 in the series \"The Boy/Girl Universe\". You may wish to read the series introduction and the preceeding stories first."
        ));
        assert!(!is_tth_banner("This story is about the series \"X\"."));
        assert!(is_tth_footer(
            "You have reached the end of \"Second Chances\" – so far."
        ));
        assert_eq!(
            header_chrome("Rules for Challenges").map(|c| c.site),
            Some(Some(TTH))
        );
    }
}
