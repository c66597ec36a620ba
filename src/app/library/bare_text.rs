//! The text bare words search, of every entry, in one buffer: finding a word in it
//! is one pass of a vectorised search over contiguous memory, where matching story
//! by story chases a pointer per field per story (at 100,000 stories that is most
//! of a keystroke's time).

use memchr::memmem;

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
            for value in entry.keys.bare_text() {
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
    pub fn holding(&self, word: &str) -> Vec<bool> {
        let entries = self.starts.len().saturating_sub(1);
        if word.is_empty() {
            return vec![true; entries];
        }
        let mut held = vec![false; entries];
        let finder = memmem::Finder::new(word.as_bytes());
        let mut from = 0;
        while let Some(found) = self.text.get(from..).and_then(|rest| finder.find(rest)) {
            let at = from + found;
            // The entry whose values hold `at`; its values are searched no further.
            let entry = self
                .starts
                .partition_point(|&s| usize::try_from(s).is_ok_and(|s| s <= at))
                .saturating_sub(1);
            if let Some(slot) = held.get_mut(entry) {
                *slot = true;
            }
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
        assert_eq!(bare.holding("glory"), [true, false, true, false]);
        // "glo" + "ry" across two entries, "glory" + "ends" across two values.
        assert_eq!(bare.holding("glory first"), [false; 4]);
        assert_eq!(bare.holding("gloryends"), [false; 4]);
        assert_eq!(bare.holding("g"), [true, false, true, true]);
        assert_eq!(bare.holding(""), [true; 4]);
        assert!(!BareText::answers("a\0b"));
    }
}
