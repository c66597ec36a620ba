//! Story text is untrusted: this keeps control characters and terminal escape
//! sequences out of every string that reaches a block, a field or the terminal.

/// Removes ANSI/VT escape sequences and control characters from `text`; tabs become
/// a space. Returns the input unchanged (no allocation) when it is already clean.
///
/// ```
/// use ficread::document::sanitize::clean;
/// assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m b\u{7}"), "ared b");
/// assert_eq!(clean("tab\there"), "tab here");
/// ```
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unwanted) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' => out.push(' '),
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI introduces a sequence just like ESC [.
            '\u{9b}' => skip_csi_body(&mut chars),
            c if is_unwanted(c) => {}
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A byte-level pre-check for [`clean`]: false when `bytes` certainly hold no
/// control character (C0 but the ASCII bytes in `spared`, DEL, C1) and no bidi
/// override, which spares almost every paragraph a per-character pass. The
/// characters looked for are one byte (C0, DEL), `C2 80`–`C2 9F` (C1), and
/// `E2 80 AA`–`E2 80 AE` and `E2 81 A6`–`E2 81 A9` (the overrides).
pub fn may_need_cleaning(bytes: &[u8], spared: &[u8]) -> bool {
    // Every byte of every book passes here. Most text holds no one-byte control at
    // all, which a branch-free pass over each block rules out (the compiler
    // vectorises it); the two lead bytes are then found with memchr.
    #[allow(clippy::needless_bitwise_bool)] // branch-free on purpose, so it vectorises
    let controls = bytes.chunks(64).any(|block| {
        block
            .iter()
            .fold(false, |seen, &b| seen | (b < 0x20) | (b == 0x7f))
    });
    if controls {
        return may_need_cleaning_bytewise(bytes, spared);
    }
    memchr::memchr2_iter(0xc2, 0xe2, bytes).any(|i| unwanted_after_lead(bytes, i))
}

/// Whether the C2 or E2 lead byte at `i` starts a C1 control or a bidi override.
fn unwanted_after_lead(bytes: &[u8], i: usize) -> bool {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    match at(i) {
        // U+0080..U+009F
        0xc2 => (0x80..=0x9f).contains(&at(i + 1)),
        // U+202A..U+202E and U+2066..U+2069
        0xe2 => {
            (at(i + 1) == 0x80 && (0xaa..=0xae).contains(&at(i + 2)))
                || (at(i + 1) == 0x81 && (0xa6..=0xa9).contains(&at(i + 2)))
        }
        _ => false,
    }
}

/// [`may_need_cleaning`] a byte at a time, for text that holds one-byte controls
/// (some of which `spared` may allow).
fn may_need_cleaning_bytewise(bytes: &[u8], spared: &[u8]) -> bool {
    static SUSPECT: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe2;
            b += 1;
        }
        table
    };
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let mut i = 0;
    while let Some(offset) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| SUSPECT[usize::from(b)]))
    {
        i += offset;
        let unwanted = match at(i) {
            // U+0080..U+009F
            0xc2 => (0x80..=0x9f).contains(&at(i + 1)),
            // U+202A..U+202E and U+2066..U+2069
            0xe2 => {
                (at(i + 1) == 0x80 && (0xaa..=0xae).contains(&at(i + 2)))
                    || (at(i + 1) == 0x81 && (0xa6..=0xa9).contains(&at(i + 2)))
            }
            b => !spared.contains(&b),
        };
        if unwanted {
            return true;
        }
        i += 1;
    }
    false
}

/// True for characters that must never reach a terminal: C0/C1 controls, DEL, and
/// the bidi overrides that can disguise text.
fn is_unwanted(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_csi_body(chars);
        }
        // OSC, DCS, SOS, PM, APC: run to BEL or ST (ESC \).
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            while let Some(c) = chars.next() {
                if c == '\u{7}' {
                    break;
                }
                if c == '\u{1b}' {
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
        // Two-character sequences (ESC c, ESC 7 …): drop the next char.
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

fn skip_csi_body(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    // Parameters and intermediates, then one final byte in @..~.
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            break;
        }
        if !(' '..='?').contains(&c) {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The block-and-memchr check answers as the byte-at-a-time one does.
        #[test]
        fn the_fast_check_agrees_with_the_bytewise_one(
            bytes in proptest::collection::vec(proptest::sample::select(vec![
                b'a', b' ', b'\n', b'\t', b'\r', 0x0c, 0x1b, 0x7f, 0xc2, 0xe2, 0x80, 0x81,
                0x9f, 0xa0, 0xa6, 0xa9, 0xaa, 0xae, 0xaf,
            ]), 0..200),
            spare in proptest::bool::ANY,
        ) {
            let spared: &[u8] = if spare { b"\t\n\r\x0c" } else { b"" };
            // And without the one-byte controls, so the memchr path is taken.
            let no_controls: Vec<u8> =
                bytes.iter().copied().filter(|&b| b >= 0x20 && b != 0x7f).collect();
            for bytes in [bytes, no_controls] {
                proptest::prop_assert_eq!(
                    may_need_cleaning(&bytes, spared),
                    may_need_cleaning_bytewise(&bytes, spared)
                );
            }
        }
    }

    #[test]
    fn strips_sequences_and_controls() {
        let cases = [
            ("plain “curly” — text", "plain “curly” — text"),
            ("\u{1b}]0;pwned\u{7}title", "title"),
            ("\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\", "link"),
            ("a\u{1b}[2J\u{1b}[Hb", "ab"),
            ("c\u{9b}31md", "cd"),
            ("del\u{7f}ete", "delete"),
            ("bidi\u{202e}txet", "biditxet"),
            ("cr\rlf", "crlf"),
        ];
        for (input, want) in cases {
            assert_eq!(clean(input), want, "input {input:?}");
        }
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(clean("fine"), std::borrow::Cow::Borrowed(_)));
    }
}
