//! LiveJournal, Dreamwidth and InsaneJournal (one code base, three sites) entry
//! pages (FORMATS §3.7, §8.4): the navigation and entry header above a post, and the
//! tags, share links, comment threads and site footer after it.
//!
//! Wording differs by site and by journal style: LiveJournal's S1 styles say
//! `Previous Entry  Add to memories!  Tell a Friend!  Next Entry` and `(Reply to
//! this) (Thread)`, its S2 styles `[entries|friends|calendar|user info]`, `Reply`,
//! `Thread`, `Link`, `Expand`, `Page Summary`; Dreamwidth writes `[personal
//! profile] name`, `name posting in [community profile] comm`, `(Anonymous)` and
//! `Page generated …`; InsaneJournal writes users as `[info]name`.

use std::sync::LazyLock;

use regex::Regex;

use super::Strength;
use crate::format::prefilter::{may_contain_ci, may_hold_digit, may_start_with_ci};

/// The sites this family covers.
pub(crate) const LIVEJOURNAL: &str = "livejournal.com";
pub(crate) const DREAMWIDTH: &str = "dreamwidth.org";
pub(crate) const INSANEJOURNAL: &str = "insanejournal.com";

/// A furniture line above a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeaderLine {
    /// The site the line reveals, if it reveals one (a date line does not).
    pub site: Option<&'static str>,
    /// The account that posted the entry, when the line names it (`name (name)
    /// wrote,`, `name posting in [community profile] comm`, `[info]name`).
    pub poster: Option<String>,
}

impl HeaderLine {
    fn site(site: Option<&'static str>) -> Self {
        Self { site, poster: None }
    }
}

static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:@\s*)?(?:[A-Z][a-z]{2}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{4}-\d{2}-\d{2})(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)?(?:\s*\((?:UTC|GMT|local)\))?$",
    )
    .expect("valid regex")
});

/// `[entries|friends|calendar|user info]`, `[ userinfo | livejournal userinfo ]`.
static NAV_BRACKETS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\[\s*[a-z' ]{2,30}(?:\s*\|\s*[a-z' ]{2,30})+\s*\]$").expect("valid regex")
});

const NAV_WORDS: &[&str] = &[
    "entries",
    "recent entries",
    "friends",
    "reading",
    "calendar",
    "archive",
    "user info",
    "userinfo",
    "profile",
    "memories",
    "tags",
    "network",
];

/// `sandcastle_writer (sandcastle_writer) wrote,` (S1), `name wrote in community,`
/// and `Posted by name` (some S2 styles).
static WROTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:([A-Za-z0-9_-]{2,30})(?: \([A-Za-z0-9_-]{2,30}\))? wrote(?: in [A-Za-z0-9_-]{2,30})?,?|Posted by ([A-Za-z0-9_-]{2,30})(?: (?:on|at) .{1,40})?)$",
    )
    .expect("valid regex")
});

/// `name posting in [community profile] comm`, `[personal profile] name`.
static DW_ACCOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\[(?:personal|community|identity|syndicated) profile\]\s*(\S+)|(\S+) posting in \[(?:community|personal) profile\]\s*\S+)$",
    )
    .expect("valid regex")
});

/// `[info]name` and `[info]community` (InsaneJournal's user links as text).
static IJ_USER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[info\]\s?([A-Za-z0-9_-]{2,30})$").expect("valid regex"));

/// `Current Mood: tired`, `Current Music: …`, `Current Location: …`.
static MOOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^current\s+(?:mood|music|location)\s*:").expect("valid regex")
});

/// A cut as a post's source or its page shows it: `<lj-cut text="More">`, `</lj-cut>`,
/// `( Read more… )`, `(Read the rest of this entry »)`.
static CUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:</?(?:lj-)?cut\b[^>]{0,200}>|\(\s*(?:read more|read the rest|continue reading|more)\b[^()]{0,120}\))$",
    )
    .expect("valid regex")
});

/// Exact lines of the navigation above (and often again below) an entry.
const NAV_LINES: &[(&str, &str)] = &[
    ("Previous Entry | Next Entry", LIVEJOURNAL),
    ("Previous Entry", LIVEJOURNAL),
    ("Next Entry", LIVEJOURNAL),
    ("Add to Memories", LIVEJOURNAL),
    ("Add to memories!", LIVEJOURNAL),
    ("Tell a Friend!", LIVEJOURNAL),
    ("InsaneJournal", INSANEJOURNAL),
    ("Create an InsaneJournal Account", INSANEJOURNAL),
    ("Create a LiveJournal Account", LIVEJOURNAL),
    ("Create a Dreamwidth Account", DREAMWIDTH),
];

/// Whether `text` may be a [`DATE_LINE`]: after an optional `@`, it starts with a
/// digit, or with three letters, an optional `.`, a space and a digit. A non-ASCII
/// char where a letter or digit must be is a "maybe" (`ſ` is `s`, `٣` is `\d`).
fn may_be_date_line(text: &str) -> bool {
    let rest = text
        .strip_prefix('@')
        .map_or(text, |rest| rest.trim_start_matches(char::is_whitespace));
    let b = rest.as_bytes();
    let maybe_digit = |i: usize| {
        b.get(i)
            .is_some_and(|c| !c.is_ascii() || c.is_ascii_digit())
    };
    if maybe_digit(0) {
        return true;
    }
    let Some(month) = b.get(..3) else {
        return false;
    };
    if !month.is_ascii() {
        return true;
    }
    let space = if b.get(3) == Some(&b'.') { 4 } else { 3 };
    month.iter().all(u8::is_ascii_alphabetic)
        && b.get(space) == Some(&b' ')
        && maybe_digit(space + 1)
}

/// A furniture line above a post: journal navigation, the entry's date, the mood
/// lines, the account lines. `Entry tags:` belongs here too (S1 styles print it
/// above the text).
pub(crate) fn header_line(text: &str) -> Option<HeaderLine> {
    if text.len() > 200 {
        return None;
    }
    if let Some(&(_, site)) = NAV_LINES.iter().find(|(line, _)| *line == text) {
        return Some(HeaderLine::site(Some(site)));
    }
    if is_entry_nav(text) {
        return Some(HeaderLine::site(Some(LIVEJOURNAL)));
    }
    if text.starts_with('[') && NAV_BRACKETS.is_match(text) {
        let inner = text.to_lowercase();
        if NAV_WORDS.iter().any(|w| inner.contains(w)) {
            return Some(HeaderLine::site(None));
        }
    }
    // Both date forms hold digits: most lines skip the pattern (and its compilation).
    if text.chars().any(char::is_numeric) && may_be_date_line(text) && DATE_LINE.is_match(text) {
        return Some(HeaderLine::site(None));
    }
    if may_start_with_ci(text, &["current"]) && MOOD.is_match(text) {
        return Some(HeaderLine::site(Some(LIVEJOURNAL)));
    }
    if text.starts_with("Entry tags:") {
        return Some(HeaderLine::site(Some(LIVEJOURNAL)));
    }
    if text.starts_with(['<', '(']) && CUT.is_match(text) {
        return Some(HeaderLine::site(None));
    }
    let poster = |name: &str, site| {
        Some(HeaderLine {
            site,
            poster: Some(name.to_owned()),
        })
    };
    if text.contains("profile]")
        && let Some(caps) = DW_ACCOUNT.captures(text)
    {
        return match (caps.get(1), caps.get(2)) {
            // `[personal profile] name` alone is the journal the entry is in.
            (Some(_), _) => Some(HeaderLine::site(Some(DREAMWIDTH))),
            (_, Some(name)) => poster(name.as_str(), Some(DREAMWIDTH)),
            _ => None,
        };
    }
    if text.starts_with("[info]")
        && let Some(name) = IJ_USER.captures(text).and_then(|c| c.get(1))
    {
        return poster(name.as_str(), Some(INSANEJOURNAL));
    }
    if (text.contains(" wrote") || text.starts_with("Posted by "))
        && let Some(name) = WROTE
            .captures(text)
            .and_then(|c| c.get(1).or_else(|| c.get(2)))
    {
        return poster(name.as_str(), Some(LIVEJOURNAL));
    }
    None
}

/// `Previous Entry | Add to Memories | Share | Next Entry` and the S1 form with
/// double spaces: an entry navigation bar, whatever sits between its ends.
fn is_entry_nav(text: &str) -> bool {
    text.starts_with("Previous Entry") && text.ends_with("Next Entry")
}

/// Exact lines after a post, and how much each proves.
const FOOTER_LINES: &[(&str, Strength, &str)] = &[
    (
        "This account has disabled anonymous posting.",
        Strength::Strong,
        DREAMWIDTH,
    ),
    (
        "This account has enabled anonymous posting.",
        Strength::Strong,
        DREAMWIDTH,
    ),
    (
        "If you don't have an account you can create one now.",
        Strength::Strong,
        DREAMWIDTH,
    ),
    (
        "HTML doesn't work in the subject.",
        Strength::Strong,
        DREAMWIDTH,
    ),
    ("More info about formatting", Strength::Strong, DREAMWIDTH),
    (
        "Powered by Dreamwidth Studios",
        Strength::Strong,
        DREAMWIDTH,
    ),
    ("Post a comment in response:", Strength::Strong, DREAMWIDTH),
    ("Expand Cut Tags", Strength::Strong, DREAMWIDTH),
    ("No cut tags", Strength::Strong, DREAMWIDTH),
    ("Style Credit", Strength::Strong, DREAMWIDTH),
    ("Most Popular Tags", Strength::Strong, DREAMWIDTH),
    ("Leave a comment", Strength::Strong, LIVEJOURNAL),
    ("Post a new comment", Strength::Strong, LIVEJOURNAL),
    ("( Post a new comment )", Strength::Strong, LIVEJOURNAL),
    ("Previous Entry", Strength::Strong, LIVEJOURNAL),
    ("Next Entry", Strength::Strong, LIVEJOURNAL),
    ("Add to Memories", Strength::Strong, LIVEJOURNAL),
    ("Add to memories!", Strength::Strong, LIVEJOURNAL),
    ("Tell a Friend!", Strength::Strong, LIVEJOURNAL),
    (
        "Flat | Top-Level Comments Only",
        Strength::Strong,
        LIVEJOURNAL,
    ),
    ("Link | Leave a comment", Strength::Strong, LIVEJOURNAL),
    ("Page Summary", Strength::Strong, LIVEJOURNAL),
    ("Powered by LiveJournal.com", Strength::Strong, LIVEJOURNAL),
    ("Powered by InsaneJournal", Strength::Strong, INSANEJOURNAL),
    (
        "Powered by InsaneJournal.com",
        Strength::Strong,
        INSANEJOURNAL,
    ),
    ("(Reply) (Thread)", Strength::Strong, LIVEJOURNAL),
    ("(Reply) (Thread) (Link)", Strength::Strong, DREAMWIDTH),
    ("(Reply) (Parent) (Thread)", Strength::Strong, LIVEJOURNAL),
    ("(Reply to this) (Thread)", Strength::Strong, LIVEJOURNAL),
    (
        "(Reply to this) (Parent) (Thread)",
        Strength::Strong,
        LIVEJOURNAL,
    ),
    ("(Anonymous)", Strength::Weak, DREAMWIDTH),
    ("Reply", Strength::Weak, LIVEJOURNAL),
    ("Thread", Strength::Weak, LIVEJOURNAL),
    ("Parent", Strength::Weak, LIVEJOURNAL),
    ("Link", Strength::Weak, LIVEJOURNAL),
    ("Expand", Strength::Weak, LIVEJOURNAL),
    ("Collapse", Strength::Weak, LIVEJOURNAL),
    ("Share", Strength::Weak, LIVEJOURNAL),
    ("Flag", Strength::Weak, LIVEJOURNAL),
    ("Hide", Strength::Weak, DREAMWIDTH),
    ("Freeze", Strength::Weak, DREAMWIDTH),
    ("Unfreeze", Strength::Weak, DREAMWIDTH),
    ("Screen", Strength::Weak, DREAMWIDTH),
    ("Unscreen", Strength::Weak, DREAMWIDTH),
    ("Delete", Strength::Weak, DREAMWIDTH),
    ("Comments", Strength::Weak, LIVEJOURNAL),
    ("Profile", Strength::Weak, DREAMWIDTH),
];

/// `3 comments`, `( 4 comments | Post a new comment )`, `( 1 comment — Leave a comment )`.
static COMMENT_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\(?\s*(?:read\s+)?\d+ comments?(?:\s*[-–—|]\s*(?:leave a comment|post a new comment|reply|add comment))?\s*\)?$",
    )
    .expect("valid regex")
});

/// A comment's header: a date stamp with `(UTC)`, maybe after the commenter.
static COMMENT_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|\s)(?:\d{4}-\d{2}-\d{2}|[A-Z][a-z]{2}\.? \d{1,2}(?:st|nd|rd|th)?, \d{4}) \d{1,2}:\d{2} ?(?:[ap]m)?\s*(?:UTC|\(UTC\))(?: \(link\))?$",
    )
    .expect("valid regex")
});

/// A furniture line after a post, how much it proves, and the site it reveals.
pub(crate) fn footer_line(text: &str) -> Option<(Strength, &'static str)> {
    if text.len() > 160 {
        return None;
    }
    if let Some(&(_, strength, site)) = FOOTER_LINES.iter().find(|(line, ..)| *line == text) {
        return Some((strength, site));
    }
    if text.starts_with("Page generated ") {
        return Some((Strength::Strong, DREAMWIDTH));
    }
    // The plain checks before each pattern keep a story without journal chrome
    // from compiling any of them.
    let counts_comments = || may_contain_ci(text, "comment") && COMMENT_COUNT.is_match(text);
    let mood = || may_start_with_ci(text, &["current"]) && MOOD.is_match(text);
    if is_entry_nav(text) || counts_comments() || mood() {
        return Some((Strength::Strong, LIVEJOURNAL));
    }
    if may_contain_ci(text, "utc") && may_hold_digit(text) && COMMENT_STAMP.is_match(text) {
        return Some((Strength::Strong, LIVEJOURNAL));
    }
    if text.starts_with("Designed by ")
        || text.starts_with("Tags:")
        || text.starts_with("Entry tags:")
    {
        return Some((Strength::Weak, LIVEJOURNAL));
    }
    if text.starts_with("[info]") && IJ_USER.is_match(text) {
        return Some((Strength::Weak, INSANEJOURNAL));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::exact::check;

    #[test]
    fn the_date_line_check_lets_every_date_through() {
        check::agree(
            &[
                "@",
                "@ ",
                "Jun",
                "Jun.",
                "jun",
                "Sept",
                " ",
                "3rd",
                "17th",
                "1",
                "12",
                ",",
                " 2007",
                "2005-11-14",
                " 21:07:00",
                " at ",
                "11:42",
                " PM",
                " p.m.",
                " (UTC)",
                " (GMT)",
                "(local)",
                "\u{17F}ep",
            ],
            &[
                "Jun. 3rd, 2007 at 11:42 PM",
                "Jun. 17th, 2010 12:58 pm",
                "@ 2005-11-14 21:07:00",
                "@\u{2003}2005-11-14",
                "\u{17F}ep 3, 2007",
                "Jun ٣, 2007",
                "٢٠٠٥-11-14",
                "Chapter 1: sensesensibility 1",
            ],
            |text| may_be_date_line(text) && DATE_LINE.is_match(text),
            |text| DATE_LINE.is_match(text),
        );
    }

    #[test]
    fn header_lines() {
        let chrome = [
            "[entries|friends|calendar|user info]",
            "[ entries | friends | calendar | user info ]",
            "[ userinfo | livejournal userinfo ]",
            "Previous Entry | Next Entry",
            "Previous Entry  Add to memories!  Tell a Friend!  Next Entry",
            "Previous Entry | Add to Memories | Share | Next Entry",
            "Jun. 3rd, 2007 at 11:42 PM",
            "Jun. 17th, 2010 12:58 pm",
            "@ 2005-11-14 21:07:00",
            "Current Mood: accomplished accomplished",
            "Current mood: tired",
            "Current Location: the motel",
            "Entry tags: fic, sga",
            "[personal profile] fandomcorner",
            "InsaneJournal",
            "<lj-cut text=\"Salt Lines (PG-13)\">",
            "</lj-cut>",
            "( Read more... )",
        ];
        for text in chrome {
            assert!(header_line(text).is_some(), "{text:?}");
        }
        let posters = [
            (
                "sandcastle_writer (sandcastle_writer) wrote,",
                "sandcastle_writer",
            ),
            (
                "lanternjaw posting in [community profile] crossoverfic",
                "lanternjaw",
            ),
            ("[info]randandwren", "randandwren"),
            ("inkwell (inkwell) wrote in fandomcorner,", "inkwell"),
            ("Posted by inkwell on Jun. 3rd, 2007", "inkwell"),
        ];
        for (text, name) in posters {
            assert_eq!(
                header_line(text).and_then(|h| h.poster).as_deref(),
                Some(name),
                "{text:?}"
            );
        }
        let prose = [
            "Title: Salt Lines",
            "[Harry, Ginny] are here",
            "June came early that year.",
            // A diary fic's own heading (a full month name): story, not furniture.
            "September 1st, 1991",
            "He wrote, and wrote, and wrote.",
            "Previous entries were lost.",
            "[a note | in brackets]",
            "(She read more than most.)",
        ];
        for text in prose {
            assert!(header_line(text).is_none(), "{text:?}");
        }
    }

    #[test]
    fn footer_lines() {
        let strong = [
            "Leave a comment",
            "Powered by LiveJournal.com",
            "3 comments",
            "( 4 comments | Post a new comment )",
            "( 1 comment | Leave a comment )",
            "Jun. 4th, 2007 01:12 am (UTC)",
            "(Anonymous) 2011-03-04 02:11 am (UTC)",
            "2005-11-14 09:31 pm UTC (link)",
            "(Reply to this) (Parent) (Thread)",
            "Page generated Apr. 2nd, 2025 07:15 am",
            "Powered by InsaneJournal",
        ];
        for text in strong {
            assert_eq!(
                footer_line(text).map(|(s, _)| s),
                Some(Strength::Strong),
                "{text:?}"
            );
        }
        for text in ["Reply", "Link", "Tags: fic, spn", "Share", "(Anonymous)"] {
            assert_eq!(
                footer_line(text).map(|(s, _)| s),
                Some(Strength::Weak),
                "{text:?}"
            );
        }
        for text in [
            "He left a comment on the door.",
            "The End",
            "Reply to me, she said.",
            "Linked arms, they walked.",
        ] {
            assert_eq!(footer_line(text), None, "{text:?}");
        }
    }
}
