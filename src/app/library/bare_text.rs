//! The text bare words search, of every entry, in one buffer: finding a word in it
//! is one pass of a vectorised search over contiguous memory, where matching story
//! by story chases a pointer per field per story (at 100,000 stories that is most
//! of a keystroke's time).

use memchr::memmem;

use super::bits::Bits;
use super::entry::Entry;

/// Never in a word typed in the filter bar (it takes no control characters): it
/// ends every value, so no word is found across two.
const END: u8 = 0;

/// Every entry's [`crate::library::MatchKeys::bare_text`], each value ended by
/// [`END`].
#[derive(Debug)]
pub(super) struct BareText {
    text: Vec<u8>,
    /// Where each entry's values begin, and the end of the last.
    starts: Vec<u32>,
}

impl BareText {
    /// The buffer of `entries`; None past 4 GiB of text.
    pub fn new(entries: &[Entry]) -> Option<Self> {
        let mut text = Vec::new();
        let mut starts = Vec::with_capacity(entries.len() + 1);
        for entry in entries {
            starts.push(u32::try_from(text.len()).ok()?);
            for value in entry.keys().bare_text() {
                text.extend_from_slice(value.as_bytes());
                text.push(END);
            }
        }
        starts.push(u32::try_from(text.len()).ok()?);
        Some(Self { text, starts })
    }

    /// Whether this buffer can answer for `word`.
    pub fn answers(word: &str) -> bool {
        !word.as_bytes().contains(&END)
    }

    /// Which entries have `word` in one of their values (`word` must be one
    /// [`BareText::answers`] for).
    pub fn holding(&self, word: &str) -> Bits {
        let entries = self.starts.len().saturating_sub(1);
        if word.is_empty() {
            return Bits::all(entries);
        }
        let mut held = Bits::none(entries);
        let finder = memmem::Finder::new(word.as_bytes());
        let mut from = 0;
        while let Some(found) = self.text.get(from..).and_then(|rest| finder.find(rest)) {
            let at = from + found;
            // The entry whose values hold `at`; its values are searched no further.
            let entry = self
                .starts
                .partition_point(|&s| usize::try_from(s).is_ok_and(|s| s <= at))
                .saturating_sub(1);
            held.insert(entry);
            let Some(next) = self
                .starts
                .get(entry + 1)
                .and_then(|&s| usize::try_from(s).ok())
            else {
                break;
            };
            from = next.max(at + 1);
        }
        held
    }

    /// [`BareText::holding`] where only the entries in `among` may hold `word`
    /// (they hold a word that `word` contains): a word typed one letter further is
    /// searched for in the text of the entries that held it so far, not in all.
    pub fn holding_among(&self, word: &str, among: &Bits) -> Bits {
        let entries = self.starts.len().saturating_sub(1);
        // Past a quarter of the library, one pass over all of it is as quick.
        if word.is_empty() || among.count().saturating_mul(4) > entries {
            let mut held = self.holding(word);
            held.and(among);
            return held;
        }
        let mut held = Bits::none(entries);
        let finder = memmem::Finder::new(word.as_bytes());
        for entry in among.iter() {
            let (Some(&from), Some(&to)) = (self.starts.get(entry), self.starts.get(entry + 1))
            else {
                continue;
            };
            let (Ok(from), Ok(to)) = (usize::try_from(from), usize::try_from(to)) else {
                continue;
            };
            if self
                .text
                .get(from..to)
                .is_some_and(|text| finder.find(text).is_some())
            {
                held.insert(entry);
            }
        }
        held
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Reading;
    use crate::meta::Aliases;

    /// A seed story with this title and summary (and no authors or series).
    fn entry(title: &str, summary: Option<&str>) -> Entry {
        let aliases = Aliases::builtin();
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("library");
        let mut story = crate::library::scan(&[root], &aliases, None)
            .stories
            .swap_remove(0);
        story.meta.title = title.to_owned();
        story.meta.summary = summary.map(str::to_owned);
        story.meta.authors.clear();
        story.meta.series = None;
        Entry::new(story, Reading::default(), None, &aliases)
    }

    #[test]
    fn finds_a_word_in_each_entry_holding_it_and_never_across_values() {
        let entries = [
            entry("Glory", Some("ends with glo")),
            entry("ry first", None),
            entry("", Some("GLORY again, glory")),
            entry("nothing", None),
        ];
        let bare = BareText::new(&entries).expect("small");
        let held = |word: &str| -> Vec<usize> { bare.holding(word).iter().collect() };
        assert_eq!(held("glory"), [0, 2]);
        // "glo" + "ry" across two entries, "glory" + "ends" across two values.
        assert_eq!(held("glory first"), [0usize; 0]);
        assert_eq!(held("gloryends"), [0usize; 0]);
        assert_eq!(held("g"), [0, 2, 3]);
        assert_eq!(held(""), [0, 1, 2, 3]);
        assert!(!BareText::answers("a\0b"));
        let among = |word: &str, among: &[usize]| -> Vec<usize> {
            bare.holding_among(word, &Bits::of(4, among))
                .iter()
                .collect()
        };
        assert_eq!(among("glory", &[0, 1, 2, 3]), [0, 2]);
        assert_eq!(among("glory", &[2]), [2]);
        assert_eq!(among("g", &[1, 3]), [3]);
        assert_eq!(among("gloryends", &[0]), [0usize; 0]);
    }
}
