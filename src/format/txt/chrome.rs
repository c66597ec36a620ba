//! Site chrome of web-page dumps (FORMATS.md §3.6, §3.7, §8.4): Dreamwidth and
//! LiveJournal user markup, DW/LJ page furniture, Twisting the Hellmouth navigation.
//!
//! Only recognition lives here; `header` and `footer` decide where chrome may appear.
//! Signatures are exact lines or anchored prefixes, never loose substrings, so story
//! text that merely mentions "comments" or "Dreamwidth" is never taken for chrome.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::format::site_chrome::{Strength, journal};

/// The sites chrome can reveal.
pub(super) use crate::format::site_chrome::journal::{DREAMWIDTH, LIVEJOURNAL};
pub(super) const TTH: &str = "tthfanfic.org";

/// `[livejournal.com profile] name`, `[personal profile] name`, … as a DW page renders
/// a user link; the bracketed part goes, the name stays.
static USER_MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[(?:[a-z]+|[a-z0-9-]+(?:\.[a-z0-9-]+)+) profile\]\s?").expect("valid regex")
});

/// Removes DW/LJ/IJ user markup: `[livejournal.com profile] hils` → `hils`,
/// `[info]randandwren` → `randandwren`.
pub(super) fn strip_user_markup(text: &str) -> Cow<'_, str> {
    if !text.contains(" profile]") && !text.contains("[info]") {
        return Cow::Borrowed(text);
    }
    match USER_MARKUP.replace_all(text, "") {
        Cow::Borrowed(same) => Cow::Owned(same.replace("[info]", "")),
        Cow::Owned(changed) => Cow::Owned(changed.replace("[info]", "")),
    }
}

/// The DW icon line, the first line of a DW page dump: `<journal>: <icon
/// description> (<keyword>)`. Only meaningful as the first line of a file.
///
/// A plain scanner for `^[a-z0-9_-]{2,30}: [^:]{0,200}\([^()]{1,100}\)$` (the
/// test keeps that pattern as the reference): its bounded Unicode classes cost more
/// to compile than a small story's whole parse. The name is the longest run of its
/// characters (none is `:`), and the keyword cannot hold a parenthesis, so its `(`
/// is the last one before the final `)`.
pub(super) fn is_dw_icon_line(text: &str) -> bool {
    if text.len() >= 400 {
        return false;
    }
    let name = text
        .bytes()
        .take_while(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
        .count();
    let Some(rest) = text
        .get(name..)
        .and_then(|rest| rest.strip_prefix(": "))
        .filter(|_| (2..=30).contains(&name))
    else {
        return false;
    };
    let Some(inside) = rest.strip_suffix(')') else {
        return false;
    };
    let Some(open) = inside.rfind('(') else {
        return false;
    };
    let (description, keyword) = (&inside[..open], &inside[open + 1..]);
    let keyword_chars = keyword.chars().count();
    !description.contains(':')
        && description.chars().count() <= 200
        && !keyword.contains(')')
        && (1..=100).contains(&keyword_chars)
}

/// A chrome line in a header, and the site it reveals (an entry date reveals none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct HeaderChrome {
    pub site: Option<&'static str>,
    /// The account that posted a journal entry, when the line names it.
    pub poster: Option<String>,
}

const TTH_HEADER_LINES: &[&str] = &[
    "Large PrintHandheldAudioRating",
    "Twisting The Hellmouth Crossing Over Awards - Results",
    "Rules for Challenges",
    "StoryReviewsStatisticsRelated StoriesTracking",
];

/// Chrome that can sit in the header block of a page dump: journal navigation and
/// entry headers (the shared vocabulary in [`crate::format::site_chrome`]) and TtH's
/// navigation.
pub(super) fn header_chrome(text: &str) -> Option<HeaderChrome> {
    if text.len() > 200 {
        return None;
    }
    if let Some(line) = journal::header_line(text) {
        return Some(HeaderChrome {
            site: line.site,
            poster: line.poster,
        });
    }
    if TTH_HEADER_LINES.contains(&text) || is_tth_table_header(text) {
        return Some(HeaderChrome {
            site: Some(TTH),
            poster: None,
        });
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
    // The pattern's literal start, so other lines never compile it.
    text.starts_with("This story is No. ") && BANNER.is_match(text)
}

/// TtH's end-of-story footer: `You have reached the end of "<title>" …`.
pub(super) fn is_tth_footer(text: &str) -> bool {
    text.starts_with("You have reached the end of \"")
        || text.starts_with("You have reached the end of “")
}

/// A furniture line after a DW, LJ or IJ entry, how much it proves alone, and the
/// site it reveals.
pub(super) fn footer_chrome(text: &str) -> Option<(Strength, &'static str)> {
    journal::footer_line(text)
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
            ("[info]randandwren", "randandwren"),
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
            header_chrome("fandomcorner posting in [community profile] crossoverfic"),
            Some(HeaderChrome {
                site: Some(DREAMWIDTH),
                poster: Some("fandomcorner".to_owned())
            })
        );
        assert_eq!(
            header_chrome("Jun. 17th, 2010 12:58 pm").map(|c| c.site),
            Some(None)
        );
        assert_eq!(header_chrome("Title: His Hero"), None);
    }

    #[test]
    fn the_prechecks_never_change_the_answer() {
        let long = |n: usize, c: &str| c.repeat(n);
        let built = [
            format!("ab: {} (k)", long(199, "x")),
            format!("ab: {} (k)", long(200, "x")),
            format!("ab: {} (k)", long(199, "é")),
            format!("ab: {} (k)", long(200, "é")),
            format!("ab: icon ({})", long(100, "k")),
            format!("ab: icon ({})", long(101, "k")),
            format!("ab: icon ({})", long(100, "ключ")),
        ];
        let mut lines = vec![
            "ab: x (a(b)c)",
            "ab: ((k)",
            "ab: (()",
            "ab: desc (k)(",
            "ab: line\nbreak (k)",
            "ab: desc (line\nbreak)",
            "ab: a\u{a0}b (k)",
            "ab-c_d9: (k)",
            "aB: (k)",
            "ab:  (k)",
        ];
        lines.extend(built.iter().map(String::as_str));
        lines.extend([
            "fandomcorner: (Clex by laura1b)",
            "ab: (x)",
            "a: (x)",
            "abcdefghijklmnopqrstuvwxyz0123: (thirty)",
            "abcdefghijklmnopqrstuvwxyz01234: (thirty-one)",
            "my_journal-2: an icon: with a colon (Default)",
            "my_journal: (Default) ",
            "myjournal:(Default)",
            "Fandomcorner: (Clex)",
            "fandomcorner: ()",
            "fandomcorner: ünïcödé icon (ключ)",
            "This story is No. 2 in the series \"X\". You may wish …",
            "This story is No. two in the series \"X\".",
            "this story is No. 2 in the series \"X\".",
            "",
        ]);
        let banner =
            Regex::new(r#"^This story is No\. \d+ in the series ".+"\."#).expect("valid regex");
        let icon =
            Regex::new(r"^[a-z0-9_-]{2,30}: [^:]{0,200}\([^()]{1,100}\)$").expect("valid regex");
        for text in lines {
            assert_eq!(
                is_dw_icon_line(text),
                text.len() < 400 && icon.is_match(text),
                "{text:?}"
            );
            assert_eq!(is_tth_banner(text), banner.is_match(text), "{text:?}");
        }
    }

    #[test]
    fn footer_signatures() {
        assert_eq!(
            footer_chrome("This account has disabled anonymous posting."),
            Some((Strength::Strong, DREAMWIDTH))
        );
        assert_eq!(
            footer_chrome("Page generated Dec. 26th, 2025 09:16 pm"),
            Some((Strength::Strong, DREAMWIDTH))
        );
        assert_eq!(
            footer_chrome("12 comments"),
            Some((Strength::Strong, LIVEJOURNAL))
        );
        assert_eq!(
            footer_chrome("( 3 comments | Leave a comment )"),
            Some((Strength::Strong, LIVEJOURNAL))
        );
        assert_eq!(footer_chrome("He left a comment on the door."), None);
        assert_eq!(footer_chrome("The End"), None);
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
