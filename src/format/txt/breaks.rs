//! Scene-break glyph lines (FORMATS.md §7.2): `* * *`, `***`, `~~~`, `xXx`, `oOo`,
//! `-x-x-`, `~*~*~`, `###`, `---`, `⁂`, `<hr>` and the like.
//!
//! A break line holds only separator characters (whitespace ignored), at most 40 of
//! them. Prose never qualifies: any letter other than the `o`/`x` of the ornament
//! forms, any digit other than `0`, and any quote or bracket disqualify a line, so
//! `"..."`, `Ooo!`, `It was over.` and `#1` stay paragraphs. Blank-line gaps are the
//! other kind of break and are judged in `body` against the file's usual gap.

/// Ornaments that make a break on their own, even once (`*`, `#`, `⁂`, `§`, `—`).
const DINKUS: &[char] = &[
    '*', '#', '~', '⁂', '❦', '❧', '✦', '✧', '★', '☆', '♦', '◆', '●', '•', '·', '∙', '○', '◇', '□',
    '■', '✿', '❀', '❁', '❃', '✱', '✲', '✳', '✴', '✵', '✶', '✷', '✸', '✹', '✺', '✻', '✼', '✽', '✾',
    '§', '¤', '…', '♥', '♡', '❤', '※', '⁕', '⁑', '❖', '—', '–',
];

/// Rule characters that make a break only in a run of three or more (`---`, `...`,
/// `===`, `___`, `+ + +`, `|||`): one or two are punctuation.
const RULE: &[char] = &[
    '-', '_', '=', '+', '.', ':', '|', '/', '\\', '<', '>', '^', '°',
];

/// The longest break line, in non-space characters.
const MAX_GLYPHS: usize = 40;

/// True when a trimmed line is a scene-break glyph line.
pub(super) fn is_break_line(text: &str) -> bool {
    if text.is_empty() || text.len() > MAX_GLYPHS * 4 * 2 {
        return false;
    }
    if is_hr_tag(text) {
        return true;
    }
    let mut count = 0usize;
    let mut letters = 0usize;
    let mut dinkus = false;
    for c in text.chars() {
        if c.is_whitespace() {
            continue;
        }
        count += 1;
        if count > MAX_GLYPHS {
            return false;
        }
        if matches!(c, 'o' | 'O' | 'x' | 'X' | '0') {
            letters += 1;
        } else if DINKUS.contains(&c) {
            dinkus = true;
        } else if !RULE.contains(&c) {
            return false;
        }
    }
    if letters == 0 {
        dinkus || count >= 3
    } else {
        // `xXx`, `oOo`, `-o-`, `~x~`: ornaments need three glyphs, so `Ox` or `x-`
        // (or a lone `o`) stays text.
        count >= 3
    }
}

/// `<hr>`, `<hr/>`, `<hr class="…">` left in a text dump of a web page.
fn is_hr_tag(text: &str) -> bool {
    text.len() <= 60
        && text.ends_with('>')
        && text
            .get(..3)
            .is_some_and(|start| start.eq_ignore_ascii_case("<hr"))
        && text
            .as_bytes()
            .get(3)
            .is_some_and(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn break_lines() {
        let breaks = [
            "* * *",
            "***",
            "*",
            "*****",
            "* * * * *",
            "~~~",
            "~",
            "xXx",
            "XxXxX",
            "xxx",
            "oOo",
            "o0o",
            "OoOoO",
            "-x-x-",
            "x-x-x",
            "-o-",
            "=x=",
            "~0~",
            "~*~*~",
            "~o~",
            "-~-~-",
            "*~*",
            "###",
            "#",
            "---",
            "-----",
            "— — —",
            "—",
            "________",
            "=====",
            "+ + +",
            "⁂",
            "❦",
            "✦ ✦ ✦",
            "• • •",
            "§",
            "...",
            "……",
            ". . .",
            "//",
            "||",
            "::",
            "<hr>",
            "<hr/>",
            "<HR class=\"break\">",
        ];
        for line in breaks {
            // `//`, `||`, `::` are two rule glyphs: below the threshold of three.
            let want = !matches!(line, "//" | "||" | "::");
            assert_eq!(is_break_line(line), want, "{line:?}");
        }
    }

    #[test]
    fn prose_and_punctuation_are_not_breaks() {
        let prose = [
            "It was over.",
            "\"...\"",
            "“…”",
            "Ooo!",
            "Oh.",
            "Ox",
            "x-",
            "o",
            "x",
            "-",
            "--",
            ".",
            "..",
            "#1",
            "*sigh*",
            "*Later, in Zurich*",
            "5 * 3",
            "a*b",
            "(...)",
            "[***]",
            "1",
            "I",
            "<hr",
            "<hrm>",
            "~Clark~",
            "100",
            "",
            "A line that is far too long to be a break even if it were made of glyphs only",
        ];
        for line in prose {
            assert!(!is_break_line(line), "{line:?}");
        }
        assert!(!is_break_line(&"*".repeat(41)));
        assert!(is_break_line(&"*".repeat(40)));
    }
}
