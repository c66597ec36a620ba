//! What is not a pairing: qualifiers to drop, whole strings and member words that
//! look like relationship notation but are not (FORMATS §4.1), and the shape an
//! unknown name must have to be kept.

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
        "drabble",
        "ficlet",
        "au",
    ];
    let key = name_lookup_key(member);
    if key.chars().count() < 2 || key.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    STOP.contains(&key.as_str()) || key.split(' ').any(|w| STOP_WORDS.contains(&w))
}

/// Whether an unknown member could be a name: letters with spaces, periods,
/// apostrophes or hyphens; starting with a letter; at most five words.
pub(super) fn is_name_like(member: &str) -> bool {
    let starts_with_letter = member.chars().next().is_some_and(char::is_alphabetic);
    let allowed = member
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '-' | '\u{2019}'));
    starts_with_letter
        && allowed
        && member.chars().count() <= 60
        && member.split_whitespace().count() <= 5
}

pub(super) fn looks_like_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("://")
        || lower.starts_with("www.")
        || lower.contains(".com/")
        || lower.contains(".org/")
}
