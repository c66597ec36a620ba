//! Bytes → text for HTML and XHTML: a BOM wins, then a `<meta charset>`, a
//! `<meta http-equiv="Content-Type">` or an XML declaration in the first KB, then UTF-8
//! if the bytes are valid UTF-8, else Windows-1252 (what browsers assume for legacy
//! pages). Never fails: undecodable bytes become U+FFFD.

use std::sync::LazyLock;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use regex::bytes::Regex;

/// How far into the file a charset declaration is looked for (the HTML prescan uses
/// 1024 bytes; XHTML in EPUBs puts its `<?xml … encoding?>` first).
const PRESCAN_BYTES: usize = 1024;

/// Decodes an HTML or XHTML file to text.
///
/// ```
/// use ficread::format::html::decode::decode;
/// let latin = b"<meta charset=iso-8859-1><p>caf\xE9 \x93hi\x94";
/// assert_eq!(decode(latin), "<meta charset=iso-8859-1><p>caf\u{e9} \u{201c}hi\u{201d}");
/// assert_eq!(decode("<p>déjà</p>".as_bytes()), "<p>déjà</p>");
/// ```
pub fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        return encoding.decode_without_bom_handling(rest).0.into_owned();
    }
    let declared = declared_encoding(bytes);
    let utf8_ok = std::str::from_utf8(bytes).is_ok();
    let encoding = match declared {
        // A page that says UTF-8 but is not is almost always an old Windows-1252
        // page with a template's header; decoding it as UTF-8 would turn every
        // curly quote into U+FFFD.
        Some(enc) if enc == UTF_8 && !utf8_ok => WINDOWS_1252,
        Some(enc) => enc,
        None if utf8_ok => UTF_8,
        None => WINDOWS_1252,
    };
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The text of the first bytes of a longer UTF-8 document, as [`decode`] of the
/// whole would give it, or `None` when that cannot be told from the start alone: a
/// byte-order mark or another declared encoding, or bytes that are not UTF-8. A
/// character the cut splits is left off. (A document valid at its start and not
/// later would decode whole as Windows-1252; its start is then read as UTF-8, which
/// is what it is.)
pub fn decode_prefix(bytes: &[u8]) -> Option<String> {
    if Encoding::for_bom(bytes).is_some() || declared_encoding(bytes).is_some_and(|e| e != UTF_8) {
        return None;
    }
    let valid = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(bytes.get(..e.valid_up_to())?).ok()?
        }
        Err(_) => return None,
    };
    Some(valid.to_owned())
}

/// The encoding a `<meta>` tag or XML declaration in the first KB names, mapped the way
/// the WHATWG Encoding standard says (`iso-8859-1` → Windows-1252; UTF-16 labels in
/// a byte-oriented declaration mean UTF-8).
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    static META: LazyLock<Regex> = LazyLock::new(|| {
        #[allow(clippy::expect_used)] // a literal pattern; tested below
        Regex::new(
            r#"(?i-u)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)|<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_:.\-]+)"#,
        )
        .expect("valid charset regex")
    });
    let head = bytes.get(..PRESCAN_BYTES).unwrap_or(bytes);
    let caps = META.captures(head)?;
    let label = caps.get(1).or_else(|| caps.get(2))?.as_bytes();
    let encoding = Encoding::for_label(label)?;
    if encoding == encoding_rs::UTF_16LE
        || encoding == encoding_rs::UTF_16BE
        || encoding == encoding_rs::X_USER_DEFINED
    {
        return Some(if encoding == encoding_rs::X_USER_DEFINED {
            WINDOWS_1252
        } else {
            UTF_8
        });
    }
    Some(encoding)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_prefix_is_the_start_of_the_whole_or_nothing() {
        let whole = "<nav><a>Clark’s Café</a><a>Étoile ✦ Lex</a></nav>".as_bytes();
        for cut in 0..=whole.len() {
            let prefix = &whole[..cut];
            let text = decode_prefix(prefix).expect("UTF-8 from its start");
            assert!(decode(whole).starts_with(&text), "{cut}");
            // Only a character the cut splits is left off.
            assert!(cut - text.len() < 4, "{cut}");
        }
        assert_eq!(
            decode_prefix(b"\xEF\xBB\xBF<nav>"),
            None,
            "a byte-order mark"
        );
        assert_eq!(decode_prefix(b"<?xml encoding='windows-1252'?><nav>"), None);
        assert_eq!(decode_prefix(b"<nav>caf\xE9 au lait"), None, "not UTF-8");
        assert!(decode_prefix(b"<?xml encoding='utf-8'?><nav>").is_some());
    }

    use super::*;

    #[test]
    fn declarations_are_honoured() {
        let cases: &[(&[u8], &str)] = &[
            (
                b"<meta charset=\"windows-1252\"><p>\x93q\x94",
                "\u{201c}q\u{201d}",
            ),
            (
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">\xe9",
                "\u{e9}",
            ),
            (
                b"<?xml version='1.0' encoding='iso-8859-15'?><p>\xa4",
                "\u{20ac}",
            ),
            (b"<meta charset=koi8-r>\xc1", "\u{430}"),
            // Declared UTF-8 but not UTF-8: Windows-1252 rescue.
            (b"<meta charset=utf-8>\x92", "\u{2019}"),
            // A UTF-16 label in an 8-bit file means UTF-8.
            ("<meta charset=utf-16>é".as_bytes(), "é"),
            // No declaration, invalid UTF-8.
            (b"<p>na\xefve", "na\u{ef}ve"),
            // BOM beats everything.
            (b"\xEF\xBB\xBF<meta charset=windows-1252>\xc3\xa9", "é"),
        ];
        for (input, tail) in cases {
            let text = decode(input);
            assert!(text.ends_with(tail), "{input:?} → {text:?}");
        }
    }

    #[test]
    fn unknown_label_falls_back() {
        assert_eq!(
            decode(b"<meta charset=bogus>\xe9").chars().last(),
            Some('\u{e9}')
        );
    }
}
