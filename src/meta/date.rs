//! Dates as archives write them, turned into ISO `YYYY-MM-DD`.
//!
//! Accepted (FORMATS §6.6): `2021-03-04` / `2021/03/04` (AO3, FanFicFare),
//! `10 Nov 07` / `10 November 2007` (TtH; two-digit years pivot at 70),
//! `Mar 4, 2010` / `Dec. 26th, 2025` (FFN, Dreamwidth), `07/16/2006` (eFiction,
//! month first unless the first number cannot be a month). Invalid calendar dates
//! (`31 Feb 07`) give `None`.

use std::sync::LazyLock;

use regex::Regex;

/// The first date found in `text`, as `YYYY-MM-DD`.
///
/// ```
/// use ficread::meta::date::parse_date;
/// assert_eq!(parse_date("10 Nov 07").as_deref(), Some("2007-11-10"));
/// assert_eq!(parse_date("Mar 4, 2010").as_deref(), Some("2010-03-04"));
/// assert_eq!(parse_date("2021-03-04").as_deref(), Some("2021-03-04"));
/// assert_eq!(parse_date("07/16/2006").as_deref(), Some("2006-07-16"));
/// assert_eq!(parse_date("31 Feb 07"), None);
/// ```
pub fn parse_date(text: &str) -> Option<String> {
    match iso_at_start(text) {
        Some(Some((y, m, d))) => ymd(y, m, d),
        Some(None) => None,
        None => parse_date_by_patterns(text),
    }
}

/// The ISO date a text opens with (`2021-03-04`, an OPF's `dc:date`), read as
/// [`parse_date`]'s first pattern reads it there; a match at the start is the
/// leftmost, so it is the pattern's answer. `None` when the start does not decide
/// (no such date there, or a non-ASCII char where `\d` or `\b` would need
/// Unicode); `Some(None)` for a date whose numbers do not parse.
#[allow(clippy::option_option)]
fn iso_at_start(text: &str) -> Option<Option<(u32, u32, u32)>> {
    let b = text.as_bytes();
    let digits = |from: usize| {
        b.get(from..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let separator = |at: usize| b.get(at).is_some_and(|c| b"-/.".contains(c));
    if digits(0) != 4 || !separator(4) {
        return None;
    }
    let month = digits(5);
    if !(1..=2).contains(&month) || !separator(5 + month) {
        return None;
    }
    let day_at = 6 + month;
    let day = digits(day_at);
    let end = day_at + day;
    let boundary = b
        .get(end)
        .is_none_or(|c| c.is_ascii() && !(c.is_ascii_alphanumeric() || *c == b'_'));
    if !(1..=2).contains(&day) || !boundary {
        return None;
    }
    let num = |from: usize, to: usize| text.get(from..to)?.parse::<u32>().ok();
    Some((|| {
        Some((num(0, 4)?, num(5, 5 + month)?, num(day_at, end)?))
    })())
}

/// [`parse_date`] by its patterns alone.
fn parse_date_by_patterns(text: &str) -> Option<String> {
    static ISO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b").expect("static regex")
    });
    static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4}|\d{2})\b")
            .expect("static regex")
    });
    static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
            .expect("static regex")
    });
    static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b").expect("static regex")
    });

    let num = |m: Option<regex::Match<'_>>| m.and_then(|m| m.as_str().parse::<u32>().ok());
    if let Some(c) = ISO.captures(text) {
        return ymd(num(c.get(1))?, num(c.get(2))?, num(c.get(3))?);
    }
    if let Some(c) = DAY_MONTH.captures(text)
        && let Some(month) = c.get(2).and_then(|m| month_number(m.as_str()))
    {
        return ymd(year(num(c.get(3))?), month, num(c.get(1))?);
    }
    if let Some(c) = MONTH_DAY.captures(text)
        && let Some(month) = c.get(1).and_then(|m| month_number(m.as_str()))
    {
        return ymd(num(c.get(3))?, month, num(c.get(2))?);
    }
    if let Some(c) = NUMERIC.captures(text) {
        let (a, b, y) = (num(c.get(1))?, num(c.get(2))?, year(num(c.get(3))?));
        // eFiction writes month first; a first number above 12 can only be a day.
        return if a > 12 { ymd(y, b, a) } else { ymd(y, a, b) };
    }
    None
}

/// A date stated only as a year (`1818`, `(1818)` under a Gutenberg title), as
/// `YYYY`: ISO 8601's reduced precision, which still sorts with `YYYY-MM-DD`.
///
/// ```
/// use ficread::meta::date::parse_year;
/// assert_eq!(parse_year("(1818)").as_deref(), Some("1818"));
/// assert_eq!(parse_year("1818 edition"), None);
/// ```
pub fn parse_year(text: &str) -> Option<String> {
    let core = text.trim().trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '.' | ',')
    });
    let year: u32 = core
        .parse()
        .ok()
        .filter(|_| core.len() == 4 && core.chars().all(|c| c.is_ascii_digit()))?;
    (1000..=2999).contains(&year).then(|| format!("{year:04}"))
}

/// Two-digit years: 70–99 are 19xx, 00–69 are 20xx (fan fiction archives start in
/// the 1990s).
fn year(y: u32) -> u32 {
    match y {
        0..=69 => 2000 + y,
        70..=99 => 1900 + y,
        _ => y,
    }
}

fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = name.to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    let position = MONTHS
        .iter()
        .position(|m| m.starts_with(lower.as_str()) || (lower == "sept" && *m == "september"))?;
    u32::try_from(position + 1).ok()
}

fn ymd(y: u32, m: u32, d: u32) -> Option<String> {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((1000..=9999).contains(&y) && (1..=days).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::exact::check;

    #[test]
    fn an_iso_start_answers_as_the_patterns() {
        check::agree(
            &[
                "2021",
                "20210",
                "-",
                "/",
                ".",
                "03",
                "3",
                "123",
                "04",
                "4",
                "T00:00:00Z",
                "Mar",
                " 4, ",
                "2010",
                "07/16/2006",
                "٣",
                "_",
                "x",
            ],
            &[
                "2021-03-04",
                "2021-3-4",
                "2021/03/04 12:00",
                "2021.03.04.",
                "2021-03-04T00:00:00Z",
                "2021-03-04_x",
                "2021-13-04",
                "2021-02-30",
                "2021-003-04",
                "2021-03-004",
                "20210-03-04",
                "2021-03-0٣",
                "2021-03-04é",
                "2021-03-04 and 2022-01-01",
            ],
            parse_date,
            parse_date_by_patterns,
        );
    }

    #[test]
    fn dates() {
        let cases = [
            ("10 Nov 07", Some("2007-11-10")),
            ("posted on 10 Nov 07.", Some("2007-11-10")),
            ("12 Apr 99", Some("1999-04-12")),
            ("3 September 2015", Some("2015-09-03")),
            ("Sept 3, 2015", Some("2015-09-03")),
            ("Dec. 26th, 2025 09:16 pm", Some("2025-12-26")),
            ("2014/01/31", Some("2014-01-31")),
            ("16/07/2006", Some("2006-07-16")),
            ("29 Feb 2004", Some("2004-02-29")),
            ("29 Feb 2003", None),
            ("10 Foo 07", None),
            ("13/13/2013", None),
            ("", None),
            ("Chapter 3", None),
            ("99999999999999999999-01-01", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text).as_deref(), want, "parse_date({text:?})");
        }
    }

    #[test]
    fn years() {
        let cases = [
            ("(1818)", Some("1818")),
            ("1811", Some("1811")),
            (" [2004]. ", Some("2004")),
            ("0999", None),
            ("12345", None),
            ("+181", None),
            ("(1818", Some("1818")),
            ("", None),
            ("1818 edition", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_year(text).as_deref(), want, "parse_year({text:?})");
        }
    }
}
