//! The display form of fandom names the alias tables do not know, as archives write
//! them (FORMATS §4.3):
//!
//! - alternative names: AO3 joins a fandom's names in several scripts with ` | `
//!   (`僕のヒーローアカデミア | Boku no Hero Academia | My Hero Academia`), FFN with
//!   a slash (`Puella Magi Madoka Magica/魔法少女まどか★マギカ`). Each name is tried
//!   against the tables; an unknown fandom is shown by its **last name in Latin
//!   script**, which on AO3 is the English one and elsewhere the romanised one;
//! - a ` - Author Name` suffix (AO3's book fandoms: `Valdemar Series - Mercedes
//!   Lackey`, `Harry Potter - J. K. Rowling`) is **dropped** when the tail reads as a
//!   person's name (capitalised words, initials, `&`, name particles such as `de`)
//!   and the name carries no media suffix. The suffix tells apart books with the
//!   same title, which matters less to a reader's library than grouping
//!   `Valdemar Series - Mercedes Lackey` (AO3) with `Valdemar Series` (elsewhere).
//!   A film with a year (`Mission: Impossible - Ghost Protocol (2011)`) keeps its
//!   subtitle, and so does any tail with an article, a number or a media word
//!   (`Star Wars - A New Hope`, `Dragon Age - All Media Types` is a media suffix).
//!
//! Pure functions; nothing allocates beyond what it returns, nothing panics.

/// The alternative names a fandom name lists (` | `-separated, or two names joined
/// by a slash where one is written in a non-Latin script), trimmed. Empty when the
/// name lists no alternatives.
pub(crate) fn alternative_names(name: &str) -> Vec<&str> {
    if name.contains(" | ") {
        let parts: Vec<&str> = name
            .split(" | ")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() >= 2 {
            return parts;
        }
        return Vec::new();
    }
    let mut parts = name.split('/').map(str::trim);
    if let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next())
        && !a.is_empty()
        && !b.is_empty()
        && has_latin(a) != has_latin(b)
    {
        return vec![a, b];
    }
    Vec::new()
}

/// The name to show for a fandom that lists alternatives: the last one in Latin
/// script (else the first); the name itself when it lists none.
pub(crate) fn display_name(name: &str) -> &str {
    let alternatives = alternative_names(name);
    alternatives
        .iter()
        .rev()
        .find(|n| has_latin(n))
        .or_else(|| alternatives.first())
        .copied()
        .unwrap_or(name)
}

/// Drops a trailing ` - Author Name` (see the module docs for when).
pub(crate) fn strip_author_suffix(name: &str) -> &str {
    let Some(at) = name.rfind(" - ") else {
        return name;
    };
    let head = name.get(..at).unwrap_or_default().trim_end();
    let tail = name.get(at + 3..).unwrap_or_default().trim();
    if head.is_empty() || !is_person_name(tail) {
        return name;
    }
    head
}

/// Whether any letter of `text` is in the Latin script (ASCII, Latin-1, Latin
/// Extended A/B and Additional: `Módào Zǔshī` is Latin).
fn has_latin(text: &str) -> bool {
    text.chars().any(|c| {
        c.is_ascii_alphabetic()
            || (c.is_alphabetic()
                && (('\u{00C0}'..='\u{024F}').contains(&c)
                    || ('\u{1E00}'..='\u{1EFF}').contains(&c)))
    })
}

/// Whether a text reads as one or more people's names: 1–6 tokens, each a
/// capitalised word, an initial (`J.`, `J.R.R.`), a name particle (`de`, `van`)
/// or a joining `&`/`and`; at least one capitalised word; no article, media word,
/// number or roman numeral.
fn is_person_name(text: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "de", "del", "della", "der", "den", "di", "du", "da", "van", "von", "le", "la", "y", "bin",
        "ibn", "al", "el", "ten", "ter", "st.", "&", "and",
    ];
    const NOT_NAMES: &[&str] = &[
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "series",
        "trilogy",
        "saga",
        "verse",
        "universe",
        "movie",
        "movies",
        "film",
        "films",
        "game",
        "games",
        "season",
        "seasons",
        "part",
        "episode",
        "book",
        "books",
        "volume",
        "chapter",
        "all",
        "media",
        "types",
        "fandom",
        "fandoms",
        "related",
        "tv",
        "comic",
        "comics",
        "anime",
        "manga",
        "cartoon",
        "novel",
        "novels",
        "musical",
        "play",
        "radio",
        "web",
        "edition",
        "version",
        "collection",
        "chronicles",
        "original",
        "reboot",
        "remake",
        "sequel",
        "prequel",
    ];
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.is_empty() || tokens.len() > 6 {
        return false;
    }
    let mut words = 0;
    for (i, token) in tokens.iter().enumerate() {
        let lower = token.to_lowercase();
        if NOT_NAMES.contains(&lower.as_str()) || is_roman_numeral(token) {
            return false;
        }
        if PARTICLES.contains(&lower.as_str()) {
            // A name neither starts nor ends with a particle or a conjunction.
            if i == 0 || i + 1 == tokens.len() {
                return false;
            }
            continue;
        }
        if is_initials(token) {
            continue;
        }
        if is_capitalised_word(token) {
            words += 1;
            continue;
        }
        return false;
    }
    words >= 1
}

/// `J.`, `J.K.`, `R.R.`: upper-case letters each followed by a period.
fn is_initials(token: &str) -> bool {
    let mut chars = token.chars();
    let mut seen = false;
    while let Some(c) = chars.next() {
        if !c.is_uppercase() || chars.next() != Some('.') {
            return false;
        }
        seen = true;
    }
    seen
}

/// An upper-case letter, then letters, apostrophes, hyphens or a final period.
fn is_capitalised_word(token: &str) -> bool {
    let mut chars = token.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase()
        && chars.all(|c| c.is_alphabetic() || matches!(c, '\'' | '\u{2019}' | '-' | '.'))
}

/// `II`, `VII`, `XIV`: two or more roman-numeral letters (an initial is one).
fn is_roman_numeral(token: &str) -> bool {
    token.chars().count() >= 2 && token.chars().all(|c| "IVXLCDM".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternatives_and_display_names() {
        let cases: &[(&str, &[&str], &str)] = &[
            (
                "僕のヒーローアカデミア | Boku no Hero Academia | My Hero Academia",
                &[
                    "僕のヒーローアカデミア",
                    "Boku no Hero Academia",
                    "My Hero Academia",
                ],
                "My Hero Academia",
            ),
            (
                "Puella Magi Madoka Magica/魔法少女まどか★マギカ",
                &["Puella Magi Madoka Magica", "魔法少女まどか★マギカ"],
                "Puella Magi Madoka Magica",
            ),
            (
                "魔道祖师 - 墨香铜臭 | Módào Zǔshī - Mòxiāng Tóngxiù",
                &["魔道祖师 - 墨香铜臭", "Módào Zǔshī - Mòxiāng Tóngxiù"],
                "Módào Zǔshī - Mòxiāng Tóngxiù",
            ),
            ("陈情令 | 陳情令", &["陈情令", "陳情令"], "陈情令"),
            ("Fate/stay night", &[], "Fate/stay night"),
            ("Superman/Batman", &[], "Superman/Batman"),
            ("Smallville", &[], "Smallville"),
            (" | ", &[], " | "),
            ("/", &[], "/"),
            ("", &[], ""),
        ];
        for (name, alternatives, display) in cases {
            assert_eq!(
                alternative_names(name),
                *alternatives,
                "alternatives of {name:?}"
            );
            assert_eq!(display_name(name), *display, "display name of {name:?}");
        }
    }

    #[test]
    fn author_suffixes() {
        let cases = [
            ("Valdemar Series - Mercedes Lackey", "Valdemar Series"),
            ("Harry Potter - J. K. Rowling", "Harry Potter"),
            (
                "The Lord of the Rings - J. R. R. Tolkien",
                "The Lord of the Rings",
            ),
            ("Good Omens - Neil Gaiman & Terry Pratchett", "Good Omens"),
            ("The Odyssey - Homer", "The Odyssey"),
            ("Módào Zǔshī - Mòxiāng Tóngxiù", "Módào Zǔshī"),
            ("Les Misérables - Victor Hugo", "Les Misérables"),
            (
                "Le Comte de Monte-Cristo - Alexandre Dumas",
                "Le Comte de Monte-Cristo",
            ),
            ("Star Wars - A New Hope", "Star Wars - A New Hope"),
            ("Final Fantasy - VII", "Final Fantasy - VII"),
            ("Pokemon - Season 2", "Pokemon - Season 2"),
            (
                "Post-Traumatic Stress Disorder - PTSD",
                "Post-Traumatic Stress Disorder",
            ),
            ("Naruto - the Movie", "Naruto - the Movie"),
            ("Avatar - Legend of Korra", "Avatar - Legend of Korra"),
            ("X - 1999", "X - 1999"),
            (" - Mercedes Lackey", " - Mercedes Lackey"),
            ("Valdemar Series -", "Valdemar Series -"),
            ("Valdemar Series - de Lackey", "Valdemar Series - de Lackey"),
            ("", ""),
        ];
        for (name, want) in cases {
            assert_eq!(
                strip_author_suffix(name),
                want,
                "strip_author_suffix({name:?})"
            );
        }
    }
}
