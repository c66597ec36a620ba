//! Fitting text into terminal columns: display width, truncation with an ellipsis,
//! padding, and digit grouping. Shared by the CLI tables and the TUI.

use std::path::Path;

use unicode_width::UnicodeWidthChar;

/// Display width of a string in terminal columns.
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// `text` cut to at most `max` columns, with `…` when cut; never splits a char.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `text` cut from the front to at most `max` columns, with `…` when cut: the end
/// of what is being typed stays in view.
pub fn keep_end(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out: Vec<char> = Vec::new();
    let mut used = 1;
    for c in text.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out.into_iter().rev().collect()
}

/// `text` padded with spaces to exactly `columns` (after truncation).
pub fn pad(text: &str, columns: usize) -> String {
    let cut = truncate(text, columns);
    let fill = columns.saturating_sub(width(&cut));
    format!("{cut}{}", " ".repeat(fill))
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Text from a file, a file name or a config file, made safe for a terminal: line
/// breaks become spaces and control characters and escape sequences go (see
/// [`crate::document::sanitize::clean`]). Every message and every line ficread prints
/// passes through this, or [`path`] for paths.
///
/// ```
/// assert_eq!(ficread::display::one_line("a\u{1b}]0;pwned\u{7}b\nc"), "ab c");
/// ```
pub fn one_line(text: &str) -> String {
    crate::document::sanitize::clean(&text.replace(['\n', '\r'], " ")).into_owned()
}

/// A path for a terminal: lossily decoded (bytes that are not UTF-8 show as U+FFFD)
/// and made safe like [`one_line`].
///
/// ```
/// use std::path::Path;
/// assert_eq!(ficread::display::path(Path::new("lib/\u{1b}[2Jx.txt")), "lib/x.txt");
/// ```
pub fn path(path: &Path) -> String {
    one_line(&path.to_string_lossy())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_respects_display_width() {
        assert_eq!(truncate("Smallville", 20), "Smallville");
        assert_eq!(truncate("Smallville", 6), "Small…");
        assert_eq!(truncate("日本語のタイトル", 7), "日本語…");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(width(&pad("日本語のタイトル", 7)), 7);
    }

    #[test]
    fn keep_end_shows_what_was_typed_last() {
        assert_eq!(keep_end("/fandom:btvs", 20), "/fandom:btvs");
        assert_eq!(keep_end("/fandom:btvs", 6), "…:btvs");
        assert_eq!(keep_end("/日本語", 4), "…語");
        assert_eq!(keep_end("abc", 0), "");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(11_670), "11,670");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
