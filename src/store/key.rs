//! Story identity for reading state: [`story_key`]. A key must survive everything that
//! happens to a story file without it becoming another story: a move or rename, new
//! chapters appended or inserted, a typo fixed, a re-download in another format. Keys
//! are prefixed by scheme (`w:`, `m:`, `t:`) so the kinds never collide, and hashes use
//! SipHash-1-3 with fixed keys, whose output never changes between builds (std's
//! `DefaultHasher` may).

use std::hash::Hasher;

use siphasher::sip::SipHasher13;

use crate::document::{Block, Document};
use crate::meta::StoryMeta;

/// Stable identity of a story's reading state.
pub type StoryKey = String;

/// Words of the body fingerprinted by the `t:` scheme.
const FINGERPRINT_WORDS: usize = 200;

/// Stable identity of a story's reading state, by the first scheme that applies:
///
/// - `w:` + [`StoryMeta::work`] (`w:ao3:334557`): the archive's own identity, shared by
///   every copy of the work;
/// - `m:` + a hash of the normalised title and authors, when the title came from the
///   file (not from its name) *and* it names an author: a bare title (`Untitled`,
///   `Drabble`) is too common to be an identity;
/// - `t:` + a hash of the first letter of each of the first 200 body words: a typo
///   fix rarely changes a word's first letter, appended chapters never reach the
///   first words, and 200 letters in order still tell stories apart.
///
/// Normalisation lowercases and keeps letters and digits only, so case and punctuation
/// edits keep the key. Fandoms are left out on purpose: one work's copies state them
/// differently (an EPUB's untyped subjects, a text file's `Fandom:` line, none at all),
/// they can be inferred from the body (which grows), and they go through the user's
/// alias tables (which change).
///
/// ```
/// use ficread::document::Document;
/// use ficread::meta::StoryMeta;
/// use ficread::store::story_key;
///
/// let meta = StoryMeta { work: Some("ao3:334557".into()), ..StoryMeta::default() };
/// assert_eq!(story_key(&Document::default(), &meta), "w:ao3:334557");
/// ```
pub fn story_key(doc: &Document, meta: &StoryMeta) -> StoryKey {
    if let Some(work) = meta
        .work
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        return format!("w:{work}");
    }
    let title = normalise(&meta.title);
    let title_from_file = meta
        .provenance
        .get("title")
        .is_none_or(|p| p != "file name");
    if title_from_file && !title.is_empty() {
        let mut authors: Vec<String> = meta
            .authors
            .iter()
            .map(|a| normalise(a))
            .filter(|a| !a.is_empty())
            .collect();
        authors.sort();
        authors.dedup();
        if !authors.is_empty() {
            let mut hasher = hasher();
            write_part(&mut hasher, &title);
            for author in &authors {
                write_part(&mut hasher, author);
            }
            return format!("m:{:016x}", hasher.finish());
        }
    }
    let mut hasher = hasher();
    let words = doc
        .chapters
        .iter()
        .flat_map(|c| c.blocks.iter())
        .filter(|b| matches!(b, Block::Paragraph(_)))
        .flat_map(|b| b.text().split_whitespace())
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .take(FINGERPRINT_WORDS);
    for letter in words {
        for lower in letter.to_lowercase() {
            let mut buf = [0; 4];
            hasher.write(lower.encode_utf8(&mut buf).as_bytes());
        }
    }
    format!("t:{:016x}", hasher.finish())
}

fn hasher() -> SipHasher13 {
    SipHasher13::new_with_keys(0x6669_6372_6561_6421, 0x7374_6f72_792d_6b79)
}

/// Writes one field, terminated so `("ab", "c")` and `("a", "bc")` differ.
fn write_part(hasher: &mut SipHasher13, part: &str) {
    hasher.write(part.as_bytes());
    hasher.write_u8(0);
}

/// Lowercase words of letters and digits, separated by single spaces.
///
/// `"The  Boy-Who-Lived!"` → `"the boy who lived"`.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::raw::Origin;
    use crate::document::{Chapter, FieldKey, RawField, RichText};

    fn doc(paragraphs: &[&str]) -> Document {
        Document {
            chapters: vec![Chapter {
                title: None,
                id: None,
                blocks: paragraphs
                    .iter()
                    .map(|p| Block::Paragraph(RichText::plain(*p)))
                    .collect(),
            }],
            ..Document::default()
        }
    }

    fn meta(title: &str, provenance: &str, authors: &[&str]) -> StoryMeta {
        let mut meta = StoryMeta {
            title: title.into(),
            authors: authors.iter().map(|a| (*a).to_owned()).collect(),
            ..StoryMeta::default()
        };
        meta.provenance.insert("title".into(), provenance.into());
        meta
    }

    #[test]
    fn normalise_table() {
        let cases = [
            ("The  Boy-Who-Lived!", "the boy who lived"),
            ("", ""),
            ("  ***  ", ""),
            ("Ünïcode ÇASE", "ünïcode çase"),
            ("İstanbul", "i\u{307}stanbul"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalise(input), expected, "{input:?}");
        }
    }

    #[test]
    fn schemes_in_order_of_trust() {
        let body = doc(&["Lex let himself into the empty silence of his study."]);
        let mut with_work = meta("His Hero", "title line (line 1)", &["hils"]);
        with_work.work = Some("ao3:1".into());
        assert_eq!(story_key(&body, &with_work), "w:ao3:1");
        let titled = story_key(&body, &meta("His Hero", "title line (line 1)", &["hils"]));
        assert!(titled.starts_with("m:"), "{titled}");
        let from_name = story_key(&body, &meta("002_54f2", "file name", &["hils"]));
        assert!(from_name.starts_with("t:"), "{from_name}");
        let bare_title = story_key(&body, &meta("Untitled", "title line (line 1)", &[]));
        assert!(bare_title.starts_with("t:"), "{bare_title}");
        assert_eq!(from_name, bare_title, "both fingerprint the same body");
    }

    #[test]
    fn title_key_ignores_case_punctuation_and_author_order() {
        let body = doc(&["text"]);
        let a = story_key(&body, &meta("His Hero!", "x", &["hils", "lexalicious70"]));
        let b = story_key(&body, &meta("his  hero", "x", &["Lexalicious70", "Hils"]));
        let c = story_key(&body, &meta("His Heroes", "x", &["hils", "lexalicious70"]));
        let d = story_key(&body, &meta("His Hero", "x", &["hils"]));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }

    #[test]
    fn fandoms_are_not_identity() {
        let with_fandoms = |values: &[&str], authors: &[&str]| {
            let mut d = doc(&["text"]);
            for value in values {
                d.raw.push(RawField::new(
                    FieldKey::Fandom,
                    "Fandom",
                    *value,
                    Origin::Field,
                ));
            }
            story_key(&d, &meta("Glory", "title line", authors))
        };
        let stated = with_fandoms(&["Buffy the Vampire Slayer, Smallville"], &["annie"]);
        assert!(stated.starts_with("m:"), "{stated}");
        assert_eq!(
            stated,
            with_fandoms(&[], &["annie"]),
            "a copy without the field"
        );
        let anonymous = with_fandoms(&["Smallville"], &[]);
        assert!(
            anonymous.starts_with("t:"),
            "a title and a fandom are not enough: {anonymous}"
        );
    }

    #[test]
    fn fingerprint_survives_typo_fixes_and_appended_text() {
        let base = story_key(
            &doc(&["Teh quick brown fox.", "It recieved a letter."]),
            &StoryMeta::default(),
        );
        let fixed = story_key(
            &doc(&["The quick brown fox!", "It received a letter."]),
            &StoryMeta::default(),
        );
        let appended = story_key(
            &doc(&["Teh quick brown fox.", "It recieved a letter.", "More."]),
            &StoryMeta::default(),
        );
        let other = story_key(
            &doc(&["A slow brown fox.", "It received a letter."]),
            &StoryMeta::default(),
        );
        assert_eq!(base, fixed);
        assert_ne!(base, other);
        // Fewer than 200 words: appended words are part of the fingerprint.
        assert_ne!(base, appended);
        let long: Vec<String> = (0..250).map(|i| format!("w{i}")).collect();
        let long = long.join(" ");
        let longer = format!("{long} and then some");
        assert_eq!(
            story_key(&doc(&[&long]), &StoryMeta::default()),
            story_key(&doc(&[&longer, "New chapter."]), &StoryMeta::default())
        );
    }
}
