//! Text decoding: UTF-8 (with or without BOM), UTF-16 with BOM, and Windows-1252 for
//! legacy files that are not valid UTF-8. Line endings come out as `\n` only.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// Decodes story bytes to text with `\n` line endings.
///
/// ```
/// use ficread::format::encoding::decode;
/// assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\rc"), "a\nb\nc");
/// assert_eq!(decode(b"caf\xE9 \x93quoted\x94"), "café “quoted”");
/// assert_eq!(decode(b"\xFF\xFEh\x00i\x00"), "hi");
/// ```
pub fn decode(bytes: &[u8]) -> String {
    let text = decode_raw(bytes);
    normalize_newlines(&text).into_owned()
}

/// [`decode`], taking the bytes: UTF-8 with LF line ends (the common case) is
/// validated and kept in the same buffer, so a story is held once, not twice.
pub fn decode_owned(mut bytes: Vec<u8>) -> String {
    let bom = Encoding::for_bom(&bytes);
    if bom.is_some_and(|(encoding, _)| encoding != UTF_8) {
        return decode(&bytes);
    }
    if let Some((_, len)) = bom {
        bytes.drain(..len);
    }
    let mut text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => return decode(error.as_bytes()),
    };
    if text.contains('\r') {
        // Only CR files pay for a second copy.
        text = normalize_newlines(&text).into_owned();
    }
    text
}

fn decode_raw(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return text;
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        Cow::Borrowed(text)
    } else {
        // Not UTF-8: legacy fics are overwhelmingly Windows-1252 (a superset of
        // Latin-1 in practice), which is also what browsers assume.
        let (text, _, _) = WINDOWS_1252.decode(bytes);
        text
    }
}

/// The encoding `decode` would use for these bytes (for diagnostics).
pub fn detect(bytes: &[u8]) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding;
    }
    if std::str::from_utf8(bytes).is_ok() {
        UTF_8
    } else {
        WINDOWS_1252
    }
}

/// Turns CRLF and lone CR into LF.
pub fn normalize_newlines(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_be_with_bom() {
        assert_eq!(decode(b"\xFE\xFF\x00h\x00i\x00\r\x00\n"), "hi\n");
    }

    #[test]
    fn utf8_is_kept_with_typography() {
        let text = "“Quotes” — and … dashes";
        assert_eq!(decode(text.as_bytes()), text);
        assert_eq!(detect(text.as_bytes()), UTF_8);
    }

    #[test]
    fn decoding_in_place_gives_what_decoding_a_copy_gives() {
        for bytes in [
            &b"\xEF\xBB\xBFa\r\nb\rc\r\r\nd\n\r"[..],
            b"caf\xE9 \x93quoted\x94\r\n",
            b"\xFF\xFEh\x00i\x00",
            "“Quotes” — and … dashes\r\n".as_bytes(),
            b"",
        ] {
            assert_eq!(decode_owned(bytes.to_vec()), decode(bytes), "{bytes:?}");
        }
    }

    #[test]
    fn cp1252_fallback() {
        assert_eq!(detect(b"\x93hi\x94"), WINDOWS_1252);
    }
}
