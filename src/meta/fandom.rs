//! Fandom names as stories state them: fandom field values (lists, compound
//! crossover names, FFN categories, TtH category paths), crossover subtitles, and
//! names mentioned in running header text (disclaimers, author's notes).
//!
//! Field values are trusted (unknown names are kept, cleaned); free text only yields
//! names the alias tables know, at the level the source allows (FORMATS §6.3).

pub(crate) mod names;

use std::sync::LazyLock;

use regex::Regex;

use super::aliases::tables::{Level, Source};
use super::aliases::{Aliases, clean_fandom};
use super::normalize::{word_key, words};
use crate::format::prefilter::may_contain_ci;

/// A fandom named by the story: canonical name plus its table index when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FandomRef {
    pub name: String,
    pub index: Option<usize>,
}

/// Separators that join two fandom names into one crossover string.
const COMPOUND_SEPARATORS: &[&str] = &[" + ", " / ", "/ ", " /", "/", " x ", " X ", " & ", " and "];

/// The fandoms a fandom field (or FFN category, FanFicFare `Category`) names.
///
/// Lists split on `,` `;` and line breaks. Each item is tried whole first (so
/// `Lois & Clark: The New Adventures of Superman` survives), then as a TtH category
/// path (`Smallville > Buffy-Centered` → Smallville), then as a compound
/// (`Smallville/ Buffy the Vampire Slayer`, `Buffy: The Vampire Slayer + Smallville
/// Crossover`) whose every part is a known fandom; otherwise it is kept as written.
pub(crate) fn from_field(aliases: &Aliases, value: &str) -> Vec<FandomRef> {
    let mut found = Vec::new();
    for item in value.split([',', ';', '\n']) {
        for r in from_item(aliases, item) {
            if !found.iter().any(|f: &FandomRef| f.name == r.name) {
                found.push(r);
            }
        }
    }
    found
}

/// The fandoms one item of an itemised fandom field names (an AO3 fandom tag), read
/// whole: never split on commas, still a crossover compound or a TtH path.
pub(crate) fn from_item(aliases: &Aliases, item: &str) -> Vec<FandomRef> {
    let item = strip_crossover_words(item.trim());
    if item.is_empty()
        || matches!(
            item.to_ascii_lowercase().as_str(),
            "none" | "n/a" | "other" | "crossover"
        )
    {
        return Vec::new();
    }
    resolve_item(aliases, item)
}

fn resolve_item(aliases: &Aliases, item: &str) -> Vec<FandomRef> {
    let tables = &aliases.tables;
    if let Some((index, _)) = tables.lookup_fandom(item) {
        return vec![known(aliases, index)];
    }
    if let Some((left, rest)) = item.split_once(" > ") {
        // TtH category paths: `Smallville > Buffy-Centered` files a crossover under
        // the other fandom and names the BtVS character it centres on.
        let mut refs = resolve_item(aliases, left.trim());
        for step in rest.split(" > ") {
            let centred = step
                .trim()
                .strip_suffix("-Centered")
                .or_else(|| step.trim().strip_suffix("-Centred"));
            let fandom =
                centred.and_then(|name| aliases.tables.character_fandoms(name).first().copied());
            if let Some(index) = fandom {
                let r = known(aliases, index);
                if !refs.contains(&r) {
                    refs.push(r);
                }
            }
        }
        return refs;
    }
    if let Some(parts) = compound(aliases, item) {
        return parts.into_iter().map(|i| known(aliases, i)).collect();
    }
    let name = clean_fandom(item);
    if name.is_empty() {
        return Vec::new();
    }
    vec![FandomRef { name, index: None }]
}

/// The reference to built-in fandom `index`, by its canonical name.
pub(crate) fn known(aliases: &Aliases, index: usize) -> FandomRef {
    FandomRef {
        name: aliases
            .tables
            .fandom_name(index)
            .unwrap_or_default()
            .to_owned(),
        index: Some(index),
    }
}

/// Splits a crossover string when every part is a known fandom.
fn compound(aliases: &Aliases, text: &str) -> Option<Vec<usize>> {
    for separator in COMPOUND_SEPARATORS {
        let parts: Vec<&str> = text.split(separator).map(str::trim).collect();
        if parts.len() < 2 {
            continue;
        }
        let resolved: Option<Vec<usize>> = parts
            .iter()
            .map(|p| aliases.tables.lookup_fandom(p).map(|(i, _)| i))
            .collect();
        if let Some(list) = resolved {
            return Some(list);
        }
    }
    None
}

/// `A Buffy/Smallville Crossover fic.`: the words around a crossover's fandoms.
static CROSSOVER_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:an?\s+)?(.+?)\s+(?:cross-?over|x-?over|fusion)(?:\s+(?:fic|story))?[.!]?$")
        .expect("static regex")
});

/// Removes `A ` / `An ` and a trailing `Crossover` / `X-over` / `Fusion` (FORMATS §6.3).
fn strip_crossover_words(text: &str) -> &str {
    // Every fandom name asks, and almost none ends in these words: the pattern is
    // compiled only for text that may hold one of them.
    if !may_contain_ci(text, "over") && !may_contain_ci(text, "fusion") {
        return text;
    }
    match CROSSOVER_SUFFIX.captures(text).and_then(|c| c.get(1)) {
        Some(inner) => inner.as_str().trim(),
        None => text,
    }
}

/// The fandoms a crossover subtitle names (`A Buffy the Vampire Slayer/Smallville
/// Crossover`), or `None` when the subtitle is no crossover statement.
pub(crate) fn from_crossover_subtitle(aliases: &Aliases, subtitle: &str) -> Option<Vec<usize>> {
    let inner = strip_crossover_words(subtitle.trim());
    if inner.len() == subtitle.trim().len() {
        return None;
    }
    if let Some((index, _)) = aliases.tables.lookup_fandom(inner) {
        return Some(vec![index]);
    }
    compound(aliases, inner)
}

/// The fandoms one item of a post's subject line names (`SPN/BtVS`, `Torchwood`,
/// `Doctor Who / Torchwood crossover`): a known fandom name at any level, or a
/// compound whose every part is one; `None` for anything else (`Dean/Faith`, `PG`).
/// Unlike a fandom field, an unknown item is never kept: the same brackets hold
/// relationships and ratings.
pub(crate) fn from_subject_item(aliases: &Aliases, item: &str) -> Option<Vec<usize>> {
    let inner = strip_crossover_words(item.trim());
    if inner.is_empty() {
        return None;
    }
    if let Some((index, _)) = aliases.tables.lookup_fandom(inner) {
        return Some(vec![index]);
    }
    compound(aliases, inner)
}

/// Fandoms named by crossover statements inside running text: `This is a
/// Buffy/Smallville crossover.`, `BTVS/Smallville X-over`, `A Harry Potter and
/// Stargate SG-1 crossover`. The words before `crossover` are read as a compound of
/// known fandoms (the longest run of up to 12 words that fully resolves), so any
/// fandom name counts here, `Buffy` included: the sentence says it is a fandom.
pub(crate) fn in_crossover_statements(aliases: &Aliases, text: &str) -> Vec<usize> {
    static KEYWORD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\b(?:cross-?over|x-?over)\b").expect("static regex"));
    let mut found: Vec<usize> = Vec::new();
    // A statement is short; a text naming "crossover" hundreds of times is not one.
    if !may_contain_ci(text, "over") {
        return found;
    }
    for keyword in KEYWORD.find_iter(text).take(20) {
        let before = text.get(..keyword.start()).unwrap_or_default();
        let sentence = before
            .rsplit(['.', '!', '?', '\n'])
            .next()
            .unwrap_or(before);
        let words: Vec<&str> = sentence.split_whitespace().collect();
        let first = words.len().saturating_sub(12);
        for start in first..words.len() {
            let candidate = words.get(start..).unwrap_or_default().join(" ");
            let candidate = candidate.trim_matches(|c: char| !c.is_alphanumeric());
            let hit = match aliases.tables.lookup_fandom(candidate) {
                Some((index, _)) => Some(vec![index]),
                None => compound(aliases, candidate),
            };
            if let Some(list) = hit {
                for index in list {
                    if !found.contains(&index) {
                        found.push(index);
                    }
                }
                break;
            }
        }
    }
    found
}

/// A known fandom name found in running text, with how freely that name may be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mention {
    pub fandom: usize,
    pub level: Level,
}

/// Known fandom names mentioned in running text, in order, each fandom once.
///
/// Longest names win (`Buffy the Vampire Slayer` over `Buffy`); a name only counts
/// where its level allows (`Buffy` in a disclaimer but not in an author's note;
/// `DC comics` only in a fandom field). A one-word name must be capitalised, so
/// prose words (`supernatural`, `twilight`) never match.
pub(crate) fn in_text(aliases: &Aliases, text: &str, source: Source) -> Vec<Mention> {
    let tables = &aliases.tables;
    let list: Vec<(String, bool)> = words(text)
        .map(|w| {
            let key = if w.text == "&" {
                "and".to_owned()
            } else {
                word_key(w.text)
            };
            (
                key,
                w.capitalised || w.text.starts_with(|c: char| c.is_ascii_digit()),
            )
        })
        .collect();
    let mut found: Vec<Mention> = Vec::new();
    let mut i = 0;
    while let Some((first, capitalised)) = list.get(i) {
        let mut advance = 1;
        if let Some(phrases) = tables.phrases.get(first) {
            for phrase in phrases {
                let len = phrase.words.len();
                let Some(window) = list.get(i..i + len) else {
                    continue;
                };
                let same = window.iter().zip(&phrase.words).all(|((w, _), p)| w == p);
                let shape_ok = *capitalised || len > 1;
                if same && shape_ok && phrase.level.allowed_in(source) {
                    if !found.iter().any(|m| m.fandom == phrase.fandom) {
                        found.push(Mention {
                            fandom: phrase.fandom,
                            level: phrase.level,
                        });
                    }
                    advance = len;
                    break;
                }
            }
        }
        i += advance;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crossover_prechecks_agree_with_the_patterns() {
        let words = [
            "A",
            "An",
            "Buffy",
            "Smallville",
            "/",
            "crossover",
            "Cross-Over",
            "X-over",
            "xover",
            "Fusion",
            "FUſION",
            "fic",
            "story",
            ".",
            "!",
            "over",
            "ver",
            "\u{17F}",
            "\u{212A}",
        ];
        let lines = [
            "A Buffy/Smallville Crossover",
            "BtVS/SV x-over fic.",
            "An SG-1 fu\u{17F}ion",
            "Pokémon Crossover",
        ];
        crate::format::exact::check::agree(
            &words,
            &lines,
            |text| strip_crossover_words(text).to_owned(),
            |text| {
                CROSSOVER_SUFFIX
                    .captures(text)
                    .and_then(|c| c.get(1))
                    .map_or(text, |inner| inner.as_str().trim())
                    .to_owned()
            },
        );
        let keyword = Regex::new(r"(?i)\b(?:cross-?over|x-?over)\b").expect("regex");
        crate::format::exact::check::agree(
            &words,
            &lines,
            |text| may_contain_ci(text, "over") || !keyword.is_match(text),
            |_| true,
        );
    }

    fn names(aliases: &Aliases, indices: &[usize]) -> Vec<String> {
        indices
            .iter()
            .map(|&i| aliases.tables.fandom_name(i).unwrap_or_default().to_owned())
            .collect()
    }

    fn mentioned(aliases: &Aliases, text: &str, source: Source) -> Vec<String> {
        let indices: Vec<usize> = in_text(aliases, text, source)
            .iter()
            .map(|m| m.fandom)
            .collect();
        names(aliases, &indices)
    }

    fn field_names(aliases: &Aliases, value: &str) -> Vec<String> {
        from_field(aliases, value)
            .into_iter()
            .map(|r| r.name)
            .collect()
    }

    #[test]
    fn field_values_normalise() {
        let a = Aliases::builtin();
        let cases: &[(&str, &[&str])] = &[
            ("Smallville", &["Smallville"]),
            ("SV", &["Smallville"]),
            ("Smallville (TV)", &["Smallville"]),
            ("BtVS", &["Buffy the Vampire Slayer"]),
            ("BTVS", &["Buffy the Vampire Slayer"]),
            ("Buffy", &["Buffy the Vampire Slayer"]),
            (
                "Buffy the Vampire Slayer (TV)",
                &["Buffy the Vampire Slayer"],
            ),
            ("Buffy: The Vampire Slayer", &["Buffy the Vampire Slayer"]),
            (
                "Buffy the Vampire Slayer - All Media Types",
                &["Buffy the Vampire Slayer"],
            ),
            (
                "Smallville/ Buffy the Vampire Slayer",
                &["Smallville", "Buffy the Vampire Slayer"],
            ),
            ("BtVS/SV", &["Buffy the Vampire Slayer", "Smallville"]),
            ("BtVS x SV", &["Buffy the Vampire Slayer", "Smallville"]),
            (
                "Buffy: The Vampire Slayer + Smallville Crossover",
                &["Buffy the Vampire Slayer", "Smallville"],
            ),
            (
                "Harry Potter, Buffy the Vampire Slayer",
                &["Harry Potter", "Buffy the Vampire Slayer"],
            ),
            ("Harry Potter - J. K. Rowling", &["Harry Potter"]),
            (
                "Smallville > Buffy-Centered",
                &["Smallville", "Buffy the Vampire Slayer"],
            ),
            (
                "Harry Potter > Xander-Centered",
                &["Harry Potter", "Buffy the Vampire Slayer"],
            ),
            ("Smallville > Lex-Centered", &["Smallville"]),
            ("Smallville > Nobody-Centered", &["Smallville"]),
            (
                "Lois & Clark: The New Adventures of Superman",
                &["Superman"],
            ),
            ("Superman/Batman", &["DC Comics"]),
            ("Stargate: SG-1", &["Stargate SG-1"]),
            ("SGA", &["Stargate Atlantis"]),
            ("Angel: the Series", &["Angel: the Series"]),
            ("AtS", &["Angel: the Series"]),
            ("Marvel Cinematic Universe", &["Marvel Cinematic Universe"]),
            ("MCU", &["Marvel Cinematic Universe"]),
            ("Sherlock (TV)", &["Sherlock"]),
            ("due South", &["due South"]),
            ("Teen Wolf (TV)", &["Teen Wolf"]),
            ("Sanctuary (TV)", &["Sanctuary"]),
            ("Blood+", &["Blood+"]),
            ("None", &[]),
            ("", &[]),
        ];
        for (value, want) in cases {
            assert_eq!(field_names(&a, value), *want, "from_field({value:?})");
        }
    }

    #[test]
    fn crossover_subtitles() {
        let a = Aliases::builtin();
        let got =
            from_crossover_subtitle(&a, "A Buffy the Vampire Slayer/Smallville Crossover").unwrap();
        assert_eq!(names(&a, &got), ["Buffy the Vampire Slayer", "Smallville"]);
        let got = from_crossover_subtitle(&a, "BTVS/Smallville X-over").unwrap();
        assert_eq!(names(&a, &got), ["Buffy the Vampire Slayer", "Smallville"]);
        assert!(from_crossover_subtitle(&a, "Part One of Three").is_none());
        assert!(from_crossover_subtitle(&a, "A Crossover").is_none());
    }

    #[test]
    fn crossover_statements() {
        let a = Aliases::builtin();
        let found = |text: &str| names(&a, &in_crossover_statements(&a, text));
        let both = ["Buffy the Vampire Slayer", "Smallville"];
        assert_eq!(found("This is a Buffy/Smallville crossover."), both);
        assert_eq!(
            found("Lex meets the Slayer. BTVS/Smallville X-over, set in S7."),
            both
        );
        assert_eq!(
            found("A Harry Potter and Stargate SG-1 crossover"),
            ["Harry Potter", "Stargate SG-1"]
        );
        assert_eq!(found("My first crossover! Be kind."), Vec::<String>::new());
        assert_eq!(found("The Boy/Girl crossover"), Vec::<String>::new());
        assert!(found(&"crossover ".repeat(10_000)).is_empty());
    }

    #[test]
    fn free_text_respects_levels() {
        let a = Aliases::builtin();
        let disclaimer = "What, me own anything? Smallville and Buffy are the property of Joss Whedon, DC comics and other people.";
        assert_eq!(
            mentioned(&a, disclaimer, Source::Disclaimer),
            ["Smallville", "Buffy the Vampire Slayer"]
        );
        // "Buffy" alone is a character in an author's note.
        assert_eq!(mentioned(&a, disclaimer, Source::Note), ["Smallville"]);
        let note = "Set right after Chosen for BtVS and post Phoenix for Smallville. Answer to a challenge set by Dezi.";
        assert_eq!(
            mentioned(&a, note, Source::Note),
            ["Buffy the Vampire Slayer", "Smallville"]
        );
        let long = "Buffy the Vampire Slayer and Smallville are not mine.";
        assert_eq!(
            mentioned(&a, long, Source::Note),
            ["Buffy the Vampire Slayer", "Smallville"]
        );
        // Lower-case prose words are not names.
        assert!(
            in_text(
                &a,
                "a supernatural twilight over the smallville fields",
                Source::Disclaimer
            )
            .is_empty()
        );
        assert_eq!(
            mentioned(&a, "Lois & Clark belongs to DC.", Source::Note),
            ["Superman"]
        );
        for odd in ["", "&&&", "Buffy", "the the the", "日本語"] {
            let _ = in_text(&a, odd, Source::Disclaimer);
        }
    }
}
