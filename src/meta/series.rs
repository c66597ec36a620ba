//! Series membership from every form stories state it (FORMATS §3.1, §3.4, §3.6):
//! the TtH banner (`This story is No. 2 in the series "The Boy/Girl Universe".`),
//! AO3 (`Part 1 of Watches 'Verse`), FanFicFare (`The Great Test [1]`), and plain
//! `Name #2`, `Name (Part 2)`, `Name, Book 2`, `Book 2 of Name`.

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
/// let s = parse_series("The Great Test [1]").unwrap();
/// assert_eq!((s.name.as_str(), s.index), ("The Great Test", Some(1)));
/// ```
pub fn parse_series(value: &str) -> Option<Series> {
    static BANNER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i)\bNo\.?\s*(\d+)\s+in\s+the\s+series\s+["“](.+?)["”]"#)
            .expect("static regex")
    });
    static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:part|book|no\.?|number|#|vol\.?|volume)\s*(\d+)\s+(?:of|in)\s+(?:the\s+series\s+)?(.+)$")
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

    let value = value.trim();
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
        return series(name, c.get(1).map(|m| m.as_str()));
    }
    if let Some(c) = SUFFIX.captures(value) {
        let index = (2..=5).find_map(|i| c.get(i)).map(|m| m.as_str());
        return series(c.get(1).map_or("", |m| m.as_str()), index);
    }
    series(value, None)
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
        ];
        for (value, want) in cases {
            let got = parse_series(value);
            let got = got.as_ref().map(|s| (s.name.as_str(), s.index));
            assert_eq!(got, *want, "parse_series({value:?})");
        }
    }
}
