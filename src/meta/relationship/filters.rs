//! What is not a pairing: qualifiers to drop, whole strings and member words that
//! look like relationship notation but are not (FORMATS §4.1), and the shape an
//! unknown name must have to be kept: letters, and digits only as in designations
//! (`CT-7567`, `B-4`, `R2-D2`, `2B`, `Agent 47`), never as dates, ordinals, decades or
//! episode codes. AO3's generic groups (`Everyone`, `Original Character(s)`,
//! `Reader`) are members of their own kind.

use std::sync::LazyLock;

use regex::Regex;

use super::name_lookup_key;

/// Drops leading qualifiers (`past`, `implied`, `one-sided`, `pre-`…), repeatedly.
pub(super) fn strip_qualifiers(text: &str) -> &str {
    const QUALIFIERS: &[&str] = &[
        "past ",
        "implied ",
        "background ",
        "minor ",
        "one-sided ",
        "one sided ",
        "onesided ",
        "eventual ",
        "pre-",
        "pre ",
        "mentioned ",
        "mention of ",
        "mentions of ",
        "hints of ",
        "hint of ",
        "hinted ",
        "slight ",
        "unrequited ",
        "former ",
        "established ",
        "future ",
        "possible ",
        "brief ",
        "canon ",
        "side ",
        "very ",
        "onesided ",
        "referenced ",
    ];
    let mut rest = text.trim_start();
    'outer: loop {
        for q in QUALIFIERS {
            let matches = rest
                .get(..q.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(q));
            if matches && rest.len() > q.len() {
                rest = rest[q.len()..].trim_start();
                continue 'outer;
            }
        }
        return rest;
    }
}

/// Whole strings that look like pairings but never are (by lookup key).
pub(super) const NOT_PAIRINGS: &[&str] = &[
    "hurt/comfort",
    "comfort/hurt",
    "rape/non con",
    "rape/noncon",
    "non con/dub con",
    "f/m",
    "m/m",
    "f/f",
    "m/f",
    "and/or",
    "he/she",
    "she/he",
    "s/he",
    "his/her",
    "her/his",
    "him/her",
    "her/him",
    "he/him",
    "she/her",
    "they/them",
    "w/",
    "w/o",
    "s/o",
    "a/n",
    "n/a",
    "y/n",
    "l/n",
    "either/or",
    "love/hate",
    "on/off",
    "yes/no",
    "enemies/lovers",
    "friends/lovers",
    "enemies to lovers",
    "angst/fluff",
    "fluff/angst",
    "humor/romance",
    "romance/humor",
    "romance/drama",
    "drama/romance",
    "action/adventure",
    "sci fi/fantasy",
];

/// Member words that mean the string is no pairing.
pub(super) fn is_stop_member(member: &str) -> bool {
    const STOP: &[&str] = &[
        "he",
        "she",
        "his",
        "her",
        "him",
        "hers",
        "they",
        "them",
        "their",
        "it",
        "its",
        "and",
        "or",
        "a",
        "an",
        "the",
        "gen",
        "multi",
        "other",
        "hurt",
        "comfort",
        "fluff",
        "angst",
        "smut",
        "romance",
        "drama",
        "humor",
        "humour",
        "friendship",
        "family",
        "adventure",
        "general",
        "horror",
        "mystery",
        "parody",
        "poetry",
        "sci fi",
        "scifi",
        "spiritual",
        "supernatural",
        "suspense",
        "tragedy",
        "western",
        "crime",
        "fantasy",
        "slash",
        "het",
        "femslash",
        "pwp",
        "boy",
        "girl",
        "man",
        "woman",
        "boys",
        "girls",
        "yes",
        "no",
        "up",
        "down",
        "on",
        "off",
        "in",
        "out",
        "either",
        "love",
        "hate",
        "friends",
        "lovers",
        "enemies",
        "non con",
        "dub con",
        "noncon",
        "rape",
        "day",
        "night",
        "now",
        "then",
    ];
    const STOP_WORDS: &[&str] = &[
        "universe",
        "verse",
        "series",
        "crossover",
        "xover",
        "x over",
        "fusion",
        "saga",
        "chapter",
        "chapters",
        "part",
        "story",
        "fic",
        "season",
        "episode",
        "volume",
        "vol",
        "drabble",
        "ficlet",
        "au",
    ];
    let key = name_lookup_key(member);
    if key.chars().count() < 2 || !numbers_fit_a_name(member) {
        return true;
    }
    STOP.contains(&key.as_str()) || key.split(' ').any(|w| STOP_WORDS.contains(&w))
}

/// Whether the digits in a member (if any) are part of a name: the member has a
/// letter, and no word of it is an ordinal (`3rd`), a decade (`1990s`), a time
/// (`12pm`, `10:30`), a decimal or an episode code (`1x01`, `S01E02`). Designations
/// (`CT-7567`, `B-4`, `R2-D2`, `2B`) and a number after a word (`Agent 47`) pass.
fn numbers_fit_a_name(member: &str) -> bool {
    static NOT_A_NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:\d+(?:st|nd|rd|th|am|pm|k)|\d{2,}s|\d+x\d+|s\d+e\d+|\d+[:.,/]\d+)$")
            .expect("static regex")
    });
    if !member.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    member.chars().any(char::is_alphabetic)
        && member
            .split_whitespace()
            .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
            .all(|w| !NOT_A_NAME.is_match(w.trim_matches(|c: char| !c.is_alphanumeric())))
}

/// Whether an unknown member could be a name: letters and digits with spaces,
/// periods, apostrophes or hyphens; starting with a letter or digit; at most five
/// words.
pub(super) fn is_name_like(member: &str) -> bool {
    let starts_well = member.chars().next().is_some_and(char::is_alphanumeric);
    let allowed = member
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '\'' | '-' | '\u{2019}'));
    starts_well && allowed && member.chars().count() <= 60 && member.split_whitespace().count() <= 5
}

/// AO3's generic group members (`Everyone`, `Everybody`, `Reader`, `You`,
/// `Original Character(s)`, `Original Female Character(s)`…): not characters, but
/// a relationship may pair a group with itself (`Everyone & Everyone`).
pub(crate) fn is_group_member(member: &str) -> bool {
    let key = name_lookup_key(member);
    match key.as_str() {
        "everyone" | "everybody" | "reader" | "you" | "various" => true,
        _ => {
            key.starts_with("original ")
                && (key.ends_with(" character") || key.ends_with(" characters"))
                && key.split(' ').count() <= 5
        }
    }
}

/// A single capital letter as a name (`Q`, `L`, `M`): kept only beside a member
/// written as a full name (`Jean-Luc Picard/Q`), since alone two letters are
/// initials (`H/D`) or a category (`F/M`).
pub(super) fn is_initial_name(member: &str, members: &[&str]) -> bool {
    let mut chars = member.chars();
    let single_capital = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    single_capital
        && members
            .iter()
            .any(|m| m.split_whitespace().count() >= 2 && is_name_like(m))
}

pub(super) fn looks_like_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("://")
        || lower.starts_with("www.")
        || lower.contains(".com/")
        || lower.contains(".org/")
}
