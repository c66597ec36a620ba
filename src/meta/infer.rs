//! Body evidence: which fandoms and characters the story's own prose names.
//!
//! One pass over the text splits it into words and counts the capitalised ones the
//! alias tables know (character names such as `Spike`, fandom terms such as
//! `Sunnydale`) in a hash map keyed by the word as written: linear in the text,
//! no regex per name. Everything after the pass works on the per-word counts
//! (a few thousand numbers), not on the text.
//!
//! # Thresholds
//!
//! A fandom is inferred from the body only when **all** of these hold, counting
//! only words that are not in the data's `weak_tokens` list (common given names and
//! English words such as `Elizabeth`, `Jane`, `Darcy`, `Will`, `Faith`):
//!
//! - at least [`MIN_CHARACTERS`] (2) different characters of the fandom are each
//!   named at least [`MIN_EACH`] (2) times: one guest character, or one stray
//!   "Buffy", is not a fandom;
//! - at least [`MIN_SIGNALS`] (3) different characters *or terms* (`Sunnydale`,
//!   `Hellmouth`, `Luthor`, `Smallville`) are each named at least twice: seed 004
//!   names only Lex and Clark from Smallville, but also `Luthor` and `Smallville`;
//! - the fandom's words occur at least [`MIN_MENTIONS`] (10) times in total, so a
//!   short passing reference does not count.
//!
//! Within one universe family only the fandom with the most mentions is kept:
//! BtVS and Angel share most characters, as do Smallville and Superman, and the
//! body cannot tell them apart. The four Jane Austen novels in the test corpus
//! (about 750,000 words) infer nothing; seed 004 infers BtVS (about 170 strong
//! mentions) and Smallville (about 40).
//!
//! Only the first [`MAX_SCAN_BYTES`] of text are read.
//!
//! A character is listed from the body when the story's fandoms know it and it is
//! named at least [`MIN_CHARACTER_MENTIONS`] (3) times, or at least 1 % of all
//! character mentions in a long story (so a 200,000-word epic lists its cast, not
//! everyone named three times). A word that could be two different characters of
//! the story's fandoms (`Jonathan` in a BtVS/Smallville crossover) counts for
//! neither.

use std::collections::{BTreeMap, HashMap};

/// How much of the text the scan reads: about 180,000 words, far more evidence than
/// the thresholds below need, and it keeps indexing and opening a 10 MB story as
/// cheap as a 1 MB one.
pub(crate) const MAX_SCAN_BYTES: usize = 1 << 20;

use super::aliases::Aliases;
use super::aliases::tables::{BodyTarget, Tables};
use super::normalize::{trim_word, words};
use crate::document::Document;

/// Different characters of a fandom that must each be named [`MIN_EACH`] times.
pub(crate) const MIN_CHARACTERS: usize = 2;
/// Different characters or terms that must each be named [`MIN_EACH`] times.
pub(crate) const MIN_SIGNALS: usize = 3;
/// How often a character or term must be named to count as one signal.
pub(crate) const MIN_EACH: u32 = 2;
/// Total strong mentions a fandom needs.
pub(crate) const MIN_MENTIONS: u32 = 10;
/// Mentions a character needs to be listed from the body.
pub(crate) const MIN_CHARACTER_MENTIONS: u32 = 3;

/// Counts of known words in a story's body.
#[derive(Debug, Clone, Default)]
pub(crate) struct BodyScan {
    /// Per entry of the tables' body-word list.
    counts: Vec<u32>,
}

/// How strongly the body points at one fandom.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Evidence {
    /// Different characters named at least [`MIN_EACH`] times.
    pub characters: usize,
    /// Different characters and terms named at least [`MIN_EACH`] times.
    pub signals: usize,
    /// All strong mentions.
    pub mentions: u32,
}

impl Evidence {
    fn is_enough(self) -> bool {
        self.characters >= MIN_CHARACTERS
            && self.signals >= MIN_SIGNALS
            && self.mentions >= MIN_MENTIONS
    }
}

/// Counts the known words of every block of the document, in one pass.
pub(crate) fn scan(doc: &Document, aliases: &Aliases) -> BodyScan {
    let tables = &aliases.tables;
    let mut counts = vec![0u32; tables.body.len()];
    let mut bump = |word: &str| -> bool {
        match tables.body_index.get(word) {
            Some(&index) => {
                if let Some(slot) = counts.get_mut(index) {
                    *slot = slot.saturating_add(1);
                }
                true
            }
            None => false,
        }
    };
    let mut count_word = |word: &str| {
        if bump(word) {
            return;
        }
        // Rare shapes: a curly apostrophe inside a name (`O’Neill`), or a
        // hyphenated compound (`Buffy-like`, `Lex--`).
        if word.contains(['\u{2019}', '\u{2018}']) {
            let straight = word.replace(['\u{2019}', '\u{2018}'], "'");
            if bump(&straight) {
                return;
            }
        }
        if word.contains('-') {
            for part in word.split('-') {
                if part.starts_with(char::is_uppercase) {
                    bump(part);
                }
            }
        }
    };
    let mut scanned = 0;
    for text in doc.texts() {
        if scanned >= MAX_SCAN_BYTES {
            break;
        }
        for_each_capitalised(text, &mut count_word);
        scanned += text.len();
    }
    BodyScan { counts }
}

/// Calls `f` with every capitalised word of `text`, split exactly as
/// [`words`] splits it. Runs of ASCII (almost all of the text) are split on bytes;
/// a run holding other characters goes through [`words`]. Names are capitalised,
/// so lower-case words are skipped before any lookup: the text is searched for the
/// bytes a name can start with, and only the runs they start (or, for a non-ASCII
/// byte, the run they are in) are read whole.
fn for_each_capitalised(text: &str, f: &mut impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let is_word = |at: usize| {
        bytes
            .get(at)
            .is_some_and(|&b| BYTE_CLASS[usize::from(b)] & WORD != 0)
    };
    let mut at = 0;
    while let Some(skip) = bytes.get(at..).and_then(|rest| {
        rest.iter()
            .position(|&b| BYTE_CLASS[usize::from(b)] & MAY_START_NAME != 0)
    }) {
        at += skip;
        let mut start = at;
        if at > 0 && is_word(at - 1) {
            // Inside a run that started with a lower-case letter or a digit (a run
            // that starts with a name byte is read whole below): only a non-ASCII
            // character lets `words` split a name out of it.
            if bytes.get(at).is_some_and(u8::is_ascii) {
                at += 1;
                continue;
            }
            while start > 0 && is_word(start - 1) {
                start -= 1;
            }
        }
        let mut end = at;
        let mut high = 0;
        while let Some(&b) = bytes
            .get(end)
            .filter(|&&b| BYTE_CLASS[usize::from(b)] & WORD != 0)
        {
            high |= b;
            end += 1;
        }
        at = end;
        let Some(slice) = text.get(start..end) else {
            break;
        };
        if high < 0x80 {
            let word = trim_word(slice);
            if word.as_bytes().first().is_some_and(u8::is_ascii_uppercase) {
                f(word);
            }
        } else {
            for word in words(slice).filter(|w| w.capitalised) {
                f(word.text);
            }
        }
    }
}

/// What [`for_each_capitalised`] needs to know of each byte, as [`WORD`] and
/// [`MAY_START_NAME`] bits.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        let marked = byte == b'-' || byte == b'\'' || byte >= 0x80;
        if byte.is_ascii_alphanumeric() || marked {
            table[b] |= WORD;
        }
        if byte.is_ascii_uppercase() || marked {
            table[b] |= MAY_START_NAME;
        }
        b += 1;
    }
    table
};

/// A byte that is part of a word: an ASCII letter or digit, `-`, `'`, or any
/// non-ASCII byte (so a run starts and ends next to an ASCII byte or at an end of
/// the text: always a char boundary).
const WORD: u8 = 1;

/// A word byte other than a lower-case letter or a digit: the only bytes a run
/// holding a name can start with (or, for non-ASCII, hold one after a lower-case
/// start).
const MAY_START_NAME: u8 = 2;

impl BodyScan {
    /// Evidence per fandom index (only fandoms with at least one strong mention).
    pub(crate) fn evidence(&self, aliases: &Aliases) -> BTreeMap<usize, Evidence> {
        let tables = &aliases.tables;
        let mut per_character: HashMap<usize, u32> = HashMap::new();
        let mut per_term: HashMap<(usize, usize), u32> = HashMap::new();
        for (index, &count) in self.counts.iter().enumerate() {
            let Some(word) = tables.body.get(index) else {
                continue;
            };
            if count == 0 || word.weak {
                continue;
            }
            for target in &word.targets {
                match *target {
                    BodyTarget::Character(c) => *per_character.entry(c).or_default() += count,
                    BodyTarget::Term(f) => *per_term.entry((f, index)).or_default() += count,
                }
            }
        }
        let mut evidence: BTreeMap<usize, Evidence> = BTreeMap::new();
        for (&character, &count) in &per_character {
            let Some(entry) = tables.characters.get(character) else {
                continue;
            };
            let e = evidence.entry(entry.fandom).or_default();
            e.mentions = e.mentions.saturating_add(count);
            if count >= MIN_EACH {
                e.characters += 1;
                e.signals += 1;
            }
        }
        for (&(fandom, _), &count) in &per_term {
            let e = evidence.entry(fandom).or_default();
            e.mentions = e.mentions.saturating_add(count);
            if count >= MIN_EACH {
                e.signals += 1;
            }
        }
        evidence
    }

    /// The fandoms the body is evidence for (see the module docs for the rules),
    /// in data order.
    pub(crate) fn fandoms(&self, aliases: &Aliases) -> Vec<usize> {
        let tables = &aliases.tables;
        let evidence = self.evidence(aliases);
        let mut best_in_family: HashMap<&str, (usize, u32)> = HashMap::new();
        for (&fandom, e) in &evidence {
            if !e.is_enough() {
                continue;
            }
            let Some(entry) = tables.fandoms.get(fandom) else {
                continue;
            };
            let slot = best_in_family
                .entry(entry.family.as_str())
                .or_insert((fandom, e.mentions));
            if e.mentions > slot.1 {
                *slot = (fandom, e.mentions);
            }
        }
        let mut chosen: Vec<usize> = best_in_family.into_values().map(|(f, _)| f).collect();
        chosen.sort_unstable();
        chosen
    }

    /// Different characters of `fandom` named at least twice, weak names included
    /// (the second signal a disclaimer-only name such as `Buffy` needs).
    pub(crate) fn characters_named(&self, aliases: &Aliases, fandom: usize) -> usize {
        let tables = &aliases.tables;
        let mut per_character: HashMap<usize, u32> = HashMap::new();
        self.for_each_character(tables, |character, count| {
            if tables
                .characters
                .get(character)
                .is_some_and(|c| c.fandom == fandom)
            {
                *per_character.entry(character).or_default() += count;
            }
        });
        per_character.values().filter(|&&n| n >= MIN_EACH).count()
    }

    /// Characters of the `scope` fandoms the body names often enough (see the
    /// module docs), sorted by name.
    pub(crate) fn characters(&self, aliases: &Aliases, scope: &[usize]) -> Vec<String> {
        let tables = &aliases.tables;
        let mut per_name: HashMap<&str, u32> = HashMap::new();
        for (index, &count) in self.counts.iter().enumerate() {
            let Some(word) = tables.body.get(index) else {
                continue;
            };
            if count == 0 {
                continue;
            }
            // The one character of the story's fandoms this word names, if exactly one.
            let mut named: Option<&str> = None;
            let mut ambiguous = false;
            for target in &word.targets {
                let BodyTarget::Character(c) = *target else {
                    continue;
                };
                let Some(character) = tables
                    .characters
                    .get(c)
                    .filter(|c| scope.contains(&c.fandom))
                else {
                    continue;
                };
                match named {
                    Some(name) if name != character.name => ambiguous = true,
                    _ => named = Some(&character.name),
                }
            }
            if let (Some(name), false) = (named, ambiguous) {
                *per_name.entry(name).or_default() += count;
            }
        }
        let total: u32 = per_name.values().fold(0, |a, &b| a.saturating_add(b));
        let threshold = MIN_CHARACTER_MENTIONS.max(total / 100);
        let mut listed: Vec<String> = per_name
            .into_iter()
            .filter(|&(_, n)| n >= threshold)
            .map(|(name, _)| name.to_owned())
            .collect();
        listed.sort_by_key(|n| n.to_lowercase());
        listed
    }

    fn for_each_character(&self, tables: &Tables, mut f: impl FnMut(usize, u32)) {
        for (index, &count) in self.counts.iter().enumerate() {
            if count == 0 {
                continue;
            }
            if let Some(word) = tables.body.get(index) {
                for target in &word.targets {
                    if let BodyTarget::Character(c) = *target {
                        f(c, count);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
