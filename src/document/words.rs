//! Counting words the way `str::split_whitespace` does, fast. Word counts are
//! most of the cost of opening and indexing a long story, so there is one counter,
//! shared by the document, the pager's progress and the store's positions.

/// `text.split_whitespace().count()`, fast: word starts are counted over the bytes
/// taking only ASCII whitespace for spaces (a loop the compiler vectorises), then each
/// non-ASCII whitespace character (U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028,
/// U+2029, U+202F, U+205F, U+3000, found by their lead bytes with `memchr`) corrects
/// the count where it was taken for a letter.
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let first = usize::from(bytes.first().is_some_and(|&b| !is_ascii_space(b)));
    let mut count = first
        + bytes
            .iter()
            .zip(bytes.iter().skip(1))
            .map(|(&a, &b)| usize::from(is_ascii_space(a) & !is_ascii_space(b)))
            .sum::<usize>();
    let mut correct = |at: usize| {
        let Some(len) = unicode_space_at(text, at) else {
            return;
        };
        // The byte count started a word here if an ASCII space (or nothing) preceded.
        if at
            .checked_sub(1)
            .is_none_or(|p| bytes.get(p).is_some_and(|&b| is_ascii_space(b)))
        {
            count -= 1;
        }
        // A word really starts after it, unless more whitespace follows.
        let end = at + len;
        if bytes.get(end).is_some_and(|&b| !is_ascii_space(b))
            && unicode_space_at(text, end).is_none()
        {
            count += 1;
        }
    };
    for at in memchr::memchr3_iter(0xC2, 0xE1, 0xE3, bytes) {
        correct(at);
    }
    for at in memchr::memchr_iter(0xE2, bytes) {
        correct(at);
    }
    count
}

/// What `char::is_whitespace` says for ASCII (vertical tab included).
fn is_ascii_space(byte: u8) -> bool {
    byte == b' ' || byte.wrapping_sub(b'\t') < 5
}

/// The length of the non-ASCII whitespace character starting at byte `at`, if any.
fn unicode_space_at(text: &str, at: usize) -> Option<usize> {
    let c = text.get(at..)?.chars().next()?;
    (!c.is_ascii() && c.is_whitespace()).then(|| c.len_utf8())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn count_words_table() {
        let cases = [
            ("", 0),
            ("   ", 0),
            ("one", 1),
            (" one  two\tthree\n", 3),
            ("a\u{a0}b", 2),
            ("a\u{3000}b\u{2009}c\u{85}d", 4),
            ("“Quoted,” she said — twice.", 5),
            ("日本語の文章", 1),
            ("e\u{301}t\u{e9}", 1),
        ];
        for (text, expected) in cases {
            assert_eq!(count_words(text), expected, "{text:?}");
            assert_eq!(text.split_whitespace().count(), expected, "{text:?}");
        }
    }

    #[test]
    fn control_and_unicode_spaces_agree_with_split_whitespace() {
        let cases = [
            " one  two\tthree\nfour\x0Bfive\x0Csix\rseven ",
            "naïve café — “quoted”",
            "漢字 漢字",
            "\u{3000}x\u{2003}y",
            "a\x1cb\x1fc\x08d",
            " x",
            "x ",
            "\t",
        ];
        for text in cases {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn count_words_agrees_with_split_whitespace(
            text in "[a-z \t\n\u{b}\u{c}\r\u{a0}\u{85}\u{1680}\u{2000}-\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{c2}\u{e1}\u{e2}\u{e3}\u{1e00}\u{3042}日é—“]{0,40}"
        ) {
            prop_assert_eq!(count_words(&text), text.split_whitespace().count());
        }
    }
}
