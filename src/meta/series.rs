//! Series membership from every form stories state it (FORMATS §3.1, §3.4, §3.6):
//! the TtH banner (`This story is No. 2 in the series "The Boy/Girl Universe".`),
//! AO3 (`Part 1 of Watches 'Verse`, and the archive's old wording
//! `Part 4 of the Long Road Home series`, with or without `the`, with its `«`/`»`
//! or `← Previous Work`/`Next Work →` links), FanFicFare (`The Great Test [1]`), and
//! plain `Name #2`, `Name (Part 2)`, `Name, Book 2`, `Book 2 of Name`. Of several
//! memberships (`Part 3 of A, Part 1 of B`) the first is the story's series.

use std::sync::LazyLock;

use regex::Regex;

use super::Series;

/// Parses a series statement. A bare name gives a series without an index;
/// `None`, `N/A` and empty values give `None`.
///
/// ```
/// use ficread::meta::series::parse_series;
/// let s = parse_series("This story is No. 2 in the series \"The Boy/Girl Universe\". \
///                       You may wish to read the series introduction first.").unwrap();
/// assert_eq!((s.name.as_str(), s.index), ("The Boy/Girl Universe", Some(2)));
/// let s = parse_series("Part 1 of Watches 'Verse").unwrap();
/// assert_eq!((s.name.as_str(), s.index), ("Watches 'Verse", Some(1)));
/// let s = parse_series("Part 4 of the Long Road Home series").unwrap();
/// assert_eq!((s.name.as_str(), s.index), ("Long Road Home", Some(4)));
/// let s = parse_series("The Great Test [1]").unwrap();
/// assert_eq!((s.name.as_str(), s.index), ("The Great Test", Some(1)));
/// ```
pub fn parse_series(value: &str) -> Option<Series> {
    static BANNER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i)\bNo\.?\s*(\d+)\s+in\s+the\s+series\s+["“](.+?)["”]"#)
            .expect("static regex")
    });
    static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:part|book|no\.?|number|#|vol\.?|volume)\s*(\d+)\s+(?:of|in)\s+(?:(?-i:the\s+series)\s+)?(.+)$")
            .expect("static regex")
    });
    static NEXT_PART: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i),\s*part\s+\d+\s+of\s").expect("static regex"));
    static SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^(.+?)(?:\s*\[\s*(\d+)\s*\]|\s*#\s*(\d+)|\s*\(\s*(?:part|book|no\.?|#)?\s*(\d+)\s*\)|,?\s+(?:part|book|no\.?|number|vol\.?|volume)\s+(\d+))$",
        )
        .expect("static regex")
    });

    let value = strip_navigation(value.trim());
    if let Some(c) = BANNER.captures(value) {
        return series(
            c.get(2).map_or("", |m| m.as_str()),
            c.get(1).map(|m| m.as_str()),
        );
    }
    let value = value.trim_end_matches(['.', ' ']);
    if matches!(
        value.to_ascii_lowercase().as_str(),
        "" | "none" | "n/a" | "na" | "-" | "no"
    ) {
        return None;
    }
    if let Some(c) = PREFIX.captures(value) {
        let rest = c.get(2).map_or("", |m| m.as_str());
        let name = NEXT_PART.find(rest).map_or(rest, |m| &rest[..m.start()]);
        return series(
            old_wording(strip_navigation(name)),
            c.get(1).map(|m| m.as_str()),
        );
    }
    if let Some(c) = SUFFIX.captures(value) {
        let index = (2..=5).find_map(|i| c.get(i)).map(|m| m.as_str());
        return series(c.get(1).map_or("", |m| m.as_str()), index);
    }
    series(value, None)
}

/// Removes the links AO3 puts around a series position: `«`/`»` and `<<`/`>>` (old
/// pages and downloads), `← Previous Work`/`Next Work →` (today's pages).
fn strip_navigation(text: &str) -> &str {
    const LEADING: &[&str] = &["\u{ab}", "<<", "\u{2190} Previous Work", "\u{2190}"];
    const TRAILING: &[&str] = &["\u{bb}", ">>", "Next Work \u{2192}", "\u{2192}"];
    let mut text = text.trim();
    for _ in 0..4 {
        let before = text.len();
        for mark in LEADING {
            text = text.strip_prefix(mark).unwrap_or(text).trim_start();
        }
        for mark in TRAILING {
            text = text.strip_suffix(mark).unwrap_or(text).trim_end();
        }
        if text.len() == before {
            break;
        }
    }
    text.trim_end_matches(',').trim_end()
}

/// AO3's old wording, `Part 4 of the Long Road Home series`: the name without the
/// archive's `the … series` around it. Only the lower-case words AO3 wrote are
/// taken off, so `Part 2 of The Series of Unfortunate Events series` keeps its `The`
/// and its own `Series`, and a name that merely ends in `Series` keeps it.
fn old_wording(name: &str) -> &str {
    let Some(stem) = name.strip_suffix(" series") else {
        return name;
    };
    let stem = stem.trim_end();
    if stem.is_empty() || stem == "the" {
        return name;
    }
    stem.strip_prefix("the ").map_or(stem, str::trim_start)
}

fn series(name: &str, index: Option<&str>) -> Option<Series> {
    let name = name
        .trim()
        .trim_matches(['"', '\u{201C}', '\u{201D}'])
        .trim_end_matches([',', '.'])
        .trim();
    if name.is_empty() {
        return None;
    }
    Some(Series {
        name: name.to_owned(),
        index: index.and_then(|i| i.parse().ok()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    type Expected = Option<(&'static str, Option<u32>)>;

    #[test]
    fn series_forms() {
        let cases: &[(&str, Expected)] = &[
            (
                "This story is No. 2 in the series \"The Boy/Girl Universe\". You may wish to read the series introduction and the preceeding stories first.",
                Some(("The Boy/Girl Universe", Some(2))),
            ),
            (
                "This story is No. 1 in the series \u{201C}Emerald Entanglement\u{201D}.",
                Some(("Emerald Entanglement", Some(1))),
            ),
            (
                "Part 1 of Watches 'Verse",
                Some(("Watches 'Verse", Some(1))),
            ),
            ("Part 3 of A, Part 1 of B", Some(("A", Some(3)))),
            ("The Great Test [1]", Some(("The Great Test", Some(1)))),
            ("The Great Test #4", Some(("The Great Test", Some(4)))),
            ("Slayer Tales (Part 2)", Some(("Slayer Tales", Some(2)))),
            ("Slayer Tales, Book 3", Some(("Slayer Tales", Some(3)))),
            ("Book 2 of Slayer Tales", Some(("Slayer Tales", Some(2)))),
            ("Emerald Entanglement", Some(("Emerald Entanglement", None))),
            ("\"Quoted\"", Some(("Quoted", None))),
            (
                "The Great Test [99999999999]",
                Some(("The Great Test", None)),
            ),
            ("None", None),
            ("N/A", None),
            ("", None),
            ("[1]", Some(("[1]", None))),
            // AO3's old wording, with or without `the`, and its navigation links.
            (
                "Part 4 of the Long Road Home series",
                Some(("Long Road Home", Some(4))),
            ),
            (
                "Part 1 of Long Road Home series",
                Some(("Long Road Home", Some(1))),
            ),
            (
                "Part 2 of The Series of Unfortunate Events series",
                Some(("The Series of Unfortunate Events", Some(2))),
            ),
            (
                "Part 2 of the Series of Unfortunate Events series",
                Some(("Series of Unfortunate Events", Some(2))),
            ),
            (
                "\u{ab} Part 2 of the Winter Roads series \u{bb}",
                Some(("Winter Roads", Some(2))),
            ),
            (
                "<< Part 2 of the Winter Roads series >>, Part 5 of the Salt Lines series",
                Some(("Winter Roads", Some(2))),
            ),
            (
                "\u{2190} Previous Work Part 2 of first impressions Next Work \u{2192}",
                Some(("first impressions", Some(2))),
            ),
            // Today's wording: the name as linked, `The` and a final `Series` kept.
            ("Part 3 of The Long Road", Some(("The Long Road", Some(3)))),
            (
                "Part 1 of The Avengers Series",
                Some(("The Avengers Series", Some(1))),
            ),
            ("Part 1 of the series", Some(("the series", Some(1)))),
            ("Part 1 of series", Some(("series", Some(1)))),
            ("\u{bb}", None),
        ];
        for (value, want) in cases {
            let got = parse_series(value);
            let got = got.as_ref().map(|s| (s.name.as_str(), s.index));
            assert_eq!(got, *want, "parse_series({value:?})");
        }
    }
}
