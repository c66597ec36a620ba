//! Language names: an EPUB says `en` or `fr-FR`, AO3 says `English` or `Français`,
//! FanFicFare copies the site; ficread shows one English name (`English`, `French`)
//! so the copies of a work agree and `language:` filters match all of them.
//!
//! Known: ISO 639-1 codes (with or without a region or script subtag), ISO 639-2
//! codes, English names and the native names AO3 shows, for the languages fan
//! fiction is mostly written in. Anything else is kept as written, tidied.

use super::normalize::collapse_spaces;

/// (English name, codes and other names, lower case).
const LANGUAGES: &[(&str, &[&str])] = &[
    ("English", &["en", "eng", "english"]),
    (
        "French",
        &["fr", "fra", "fre", "french", "français", "francais"],
    ),
    ("German", &["de", "deu", "ger", "german", "deutsch"]),
    (
        "Spanish",
        &["es", "spa", "spanish", "español", "espanol", "castellano"],
    ),
    (
        "Portuguese",
        &[
            "pt",
            "por",
            "portuguese",
            "português",
            "portugues",
            "português brasileiro",
            "português europeu",
        ],
    ),
    ("Italian", &["it", "ita", "italian", "italiano"]),
    ("Dutch", &["nl", "nld", "dut", "dutch", "nederlands"]),
    ("Russian", &["ru", "rus", "russian", "русский"]),
    ("Ukrainian", &["uk", "ukr", "ukrainian", "українська"]),
    ("Polish", &["pl", "pol", "polish", "polski"]),
    ("Czech", &["cs", "ces", "cze", "czech", "čeština"]),
    ("Swedish", &["sv", "swe", "swedish", "svenska"]),
    (
        "Norwegian",
        &["no", "nb", "nn", "nor", "nob", "norwegian", "norsk"],
    ),
    ("Danish", &["da", "dan", "danish", "dansk"]),
    ("Finnish", &["fi", "fin", "finnish", "suomi"]),
    ("Hungarian", &["hu", "hun", "hungarian", "magyar"]),
    ("Greek", &["el", "ell", "gre", "greek", "ελληνικά"]),
    ("Turkish", &["tr", "tur", "turkish", "türkçe"]),
    ("Hebrew", &["he", "heb", "hebrew", "עברית"]),
    ("Arabic", &["ar", "ara", "arabic", "العربية"]),
    ("Japanese", &["ja", "jpn", "japanese", "日本語"]),
    (
        "Chinese",
        &[
            "zh",
            "zho",
            "chi",
            "chinese",
            "中文",
            "中文-普通话 國語",
            "中文-广东话 粵語",
        ],
    ),
    ("Korean", &["ko", "kor", "korean", "한국어", "한국말"]),
    ("Vietnamese", &["vi", "vie", "vietnamese", "tiếng việt"]),
    (
        "Indonesian",
        &["id", "ind", "indonesian", "bahasa indonesia"],
    ),
    ("Catalan", &["ca", "cat", "catalan", "català"]),
    ("Latin", &["la", "lat", "latin", "lingua latina"]),
];

/// The English name of a language as a file states it; unknown values tidied.
///
/// ```
/// use ficread::meta::language::normalise;
/// assert_eq!(normalise("en"), "English");
/// assert_eq!(normalise("en-US"), "English");
/// assert_eq!(normalise("Français"), "French");
/// assert_eq!(normalise("English"), "English");
/// assert_eq!(normalise("Klingon"), "Klingon");
/// ```
pub fn normalise(value: &str) -> String {
    let tidy = collapse_spaces(value);
    let lower = tidy.to_lowercase();
    // `en-US`, `pt_BR`, `zh-Hant`: the primary subtag names the language.
    let primary = lower
        .split(['-', '_'])
        .next()
        .filter(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_lowercase()))
        .unwrap_or(&lower);
    LANGUAGES
        .iter()
        .find(|(_, names)| names.contains(&lower.as_str()) || names.contains(&primary))
        .map_or(tidy, |(name, _)| (*name).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names() {
        let cases = [
            ("en", "English"),
            ("EN", "English"),
            ("en-GB", "English"),
            ("eng", "English"),
            ("fr", "French"),
            ("fr_FR", "French"),
            ("Français", "French"),
            ("Deutsch", "German"),
            ("Русский", "Russian"),
            ("日本語", "Japanese"),
            ("中文-普通话 國語", "Chinese"),
            ("zh-Hant", "Chinese"),
            ("pt-BR", "Portuguese"),
            ("Português brasileiro", "Portuguese"),
            ("  Spanish ", "Spanish"),
            ("Klingon", "Klingon"),
            ("x-klingon", "x-klingon"),
            ("", ""),
        ];
        for (value, want) in cases {
            assert_eq!(normalise(value), want, "normalise({value:?})");
        }
    }
}
