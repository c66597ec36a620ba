//! Hyphenation by the story's language, with the `hyphenation` crate's embedded
//! dictionaries through textwrap's word splitter.
//!
//! A [`Dictionary`] is only a language: it costs nothing to make, and the embedded
//! dictionary is deserialised the first time a line actually needs a break (loading
//! English takes a few milliseconds, which a story read without hyphenation, or a
//! first frame that hyphenates nothing, should not pay). A loaded dictionary is kept
//! for the rest of the process and shared by every story in that language.

use std::sync::OnceLock;

use hyphenation::{Language, Load, Standard};
use textwrap::WordSplitter;

/// A dictionary file of `assets/hyphenation`.
macro_rules! asset {
    ($code:literal) => {
        Some(include_bytes!(concat!(
            "../../assets/hyphenation/",
            $code,
            ".standard.bincode"
        )))
    };
}

/// Story languages (the English names of [`crate::meta::language`]) that have a
/// hyphenation dictionary, the dictionary each one uses, and its bytes (`None`: the
/// crate's own embedded English). The most common fan-fiction languages with
/// hyphenation patterns, about 0.5 MB in all; see `assets/hyphenation/README.md`.
const LANGUAGES: &[(&str, Language, Option<&[u8]>)] = &[
    ("English", Language::EnglishUS, None),
    ("Spanish", Language::Spanish, asset!("es")),
    ("French", Language::French, asset!("fr")),
    ("Portuguese", Language::Portuguese, asset!("pt")),
    ("German", Language::German1996, asset!("de-1996")),
    ("Italian", Language::Italian, asset!("it")),
    ("Russian", Language::Russian, asset!("ru")),
    ("Polish", Language::Polish, asset!("pl")),
    ("Dutch", Language::Dutch, asset!("nl")),
    ("Swedish", Language::Swedish, asset!("sv")),
    ("Czech", Language::Czech, asset!("cs")),
    ("Ukrainian", Language::Ukrainian, asset!("uk")),
    ("Danish", Language::Danish, asset!("da")),
    ("Finnish", Language::Finnish, asset!("fi")),
    ("Turkish", Language::Turkish, asset!("tr")),
    ("Greek", Language::GreekMono, asset!("el-monoton")),
];

/// One slot per entry of [`LANGUAGES`]: `None` inside means the dictionary would not
/// load (a file from another version of the crate), so that language is not
/// hyphenated.
static LOADED: [OnceLock<Option<WordSplitter>>; LANGUAGES.len()] =
    [const { OnceLock::new() }; LANGUAGES.len()];

/// The hyphenation patterns of one language, loaded on first use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dictionary {
    /// Index into [`LANGUAGES`].
    index: usize,
}

/// Words shorter than this (in letters) are never hyphenated: every dictionary keeps
/// at least two letters before a break and two or three after it.
const MIN_LETTERS: usize = 5;

impl Dictionary {
    /// The dictionary for a story language as the metadata names it (`English`,
    /// `French`); a story that states no language is taken to be English. `None` for
    /// a language without hyphenation patterns (Japanese, Chinese, Hebrew…).
    ///
    /// ```
    /// use ficread::layout::hyphenate::Dictionary;
    /// assert!(Dictionary::for_language(None).is_some());
    /// assert!(Dictionary::for_language(Some("french")).is_some());
    /// assert!(Dictionary::for_language(Some("Japanese")).is_none());
    /// ```
    pub fn for_language(language: Option<&str>) -> Option<Self> {
        let name = language.map_or("English", str::trim);
        let index = LANGUAGES
            .iter()
            .position(|(known, _, _)| known.eq_ignore_ascii_case(name))?;
        Some(Self { index })
    }

    /// The dictionary's language code (`en-us`, `fr`).
    pub fn code(self) -> &'static str {
        LANGUAGES
            .get(self.index)
            .map_or("", |(_, lang, _)| lang.code())
    }

    /// The loaded splitter, loading it on the first call.
    fn splitter(self) -> Option<&'static WordSplitter> {
        let (slot, &(_, language, bytes)) =
            LOADED.get(self.index).zip(LANGUAGES.get(self.index))?;
        slot.get_or_init(|| {
            let loaded = match bytes {
                Some(mut bytes) => Standard::from_reader(language, &mut bytes),
                None => Standard::from_embedded(language),
            };
            loaded.ok().map(WordSplitter::Hyphenation)
        })
        .as_ref()
    }

    /// Where `word` may be broken with a hyphen, as byte offsets into `word`, in
    /// order. Only the letters are hyphenated: punctuation and quotes around them
    /// stay with the part they touch, and a word holding anything but letters inside
    /// (digits, an apostrophe, a hyphen, a URL) is left whole.
    ///
    /// ```
    /// use ficread::layout::hyphenate::Dictionary;
    /// let english = Dictionary::for_language(Some("English")).expect("English");
    /// let word = "“hyphenation,”";
    /// let parts: Vec<&str> = english.split_points(word).iter().map(|&at| &word[..at]).collect();
    /// assert_eq!(parts, ["“hy", "“hyphen", "“hyphena"]);
    /// ```
    pub fn split_points(self, word: &str) -> Vec<usize> {
        let lead = word.len() - word.trim_start_matches(|c: char| !c.is_alphabetic()).len();
        let core = word[lead..].trim_end_matches(|c: char| !c.is_alphabetic());
        if core.chars().take(MIN_LETTERS).count() < MIN_LETTERS
            || !core.chars().all(char::is_alphabetic)
        {
            return Vec::new();
        }
        let Some(splitter) = self.splitter() else {
            return Vec::new();
        };
        splitter
            .split_points(core)
            .into_iter()
            .map(|at| at + lead)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(word: &str) -> Vec<&str> {
        let english = Dictionary::for_language(Some("English")).expect("English");
        let mut parts = Vec::new();
        let mut from = 0;
        for at in english.split_points(word) {
            parts.push(&word[from..at]);
            from = at;
        }
        parts.push(&word[from..]);
        parts
    }

    #[test]
    fn english_breaks_where_a_dictionary_would() {
        assert_eq!(parts("extraordinary"), ["ex", "tra", "or", "di", "nary"]);
        assert_eq!(parts("Elizabeth"), ["Eliz", "a", "beth"]);
        assert_eq!(parts("“Impossible!”"), ["“Im", "pos", "si", "ble!”"]);
    }

    #[test]
    fn short_and_mixed_words_stay_whole() {
        for word in ["cat", "tree.", "don't", "well-known", "R2D2unit", "", "…"] {
            assert_eq!(parts(word), [word], "{word:?}");
        }
    }

    /// Every embedded dictionary loads and breaks a long word of its language.
    #[test]
    fn every_dictionary_loads_and_hyphenates() {
        let samples = [
            ("English", "extraordinary"),
            ("Spanish", "extraordinario"),
            ("French", "extraordinaire"),
            ("Portuguese", "extraordinário"),
            ("German", "außergewöhnlich"),
            ("Italian", "straordinario"),
            ("Russian", "необыкновенный"),
            ("Polish", "nadzwyczajny"),
            ("Dutch", "buitengewoon"),
            ("Swedish", "extraordinär"),
            ("Czech", "mimořádný"),
            ("Ukrainian", "надзвичайний"),
            ("Danish", "ekstraordinær"),
            ("Finnish", "tavallisuudesta"),
            ("Turkish", "olağanüstü"),
            ("Greek", "εξαιρετικός"),
        ];
        assert_eq!(samples.len(), LANGUAGES.len());
        for (language, word) in samples {
            let dictionary = Dictionary::for_language(Some(language)).expect(language);
            assert!(dictionary.splitter().is_some(), "{language} does not load");
            assert!(
                !dictionary.split_points(word).is_empty(),
                "{language}: {word}"
            );
        }
    }

    #[test]
    fn languages_by_story_name() {
        let code = |name| Dictionary::for_language(name).map(Dictionary::code);
        assert_eq!(code(None), Some("en-us"));
        assert_eq!(code(Some("English")), Some("en-us"));
        assert_eq!(code(Some(" german ")), Some("de-1996"));
        assert_eq!(code(Some("Greek")), Some("el-monoton"));
        // Rare enough in fan fiction not to be worth their large dictionaries.
        assert_eq!(code(Some("Norwegian")), None);
        assert_eq!(code(Some("Hungarian")), None);
        assert_eq!(code(Some("Japanese")), None);
        assert_eq!(code(Some("Klingon")), None);
    }
}
