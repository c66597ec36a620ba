use super::*;
use crate::document::Document;
use crate::meta::test_support::{
    corpus_file, prose_document, seed_000, seed_001, seed_002, seed_003, seed_004,
};

fn fandom_names(aliases: &Aliases, doc: &Document) -> Vec<String> {
    scan(doc, aliases)
        .fandoms(aliases)
        .into_iter()
        .map(|f| aliases.tables.fandom_name(f).unwrap_or_default().to_owned())
        .collect()
}

fn index(aliases: &Aliases, name: &str) -> usize {
    aliases
        .tables
        .lookup_fandom(name)
        .map(|(i, _)| i)
        .expect(name)
}

#[test]
fn seed_bodies() {
    let a = Aliases::builtin();
    let both = ["Buffy the Vampire Slayer", "Smallville"];
    assert_eq!(fandom_names(&a, &seed_000()), both);
    assert_eq!(fandom_names(&a, &seed_001()), both);
    // Superman shares Clark and Lex with Smallville; only the stronger fandom of a
    // family is kept.
    assert_eq!(fandom_names(&a, &seed_002()), ["Smallville"]);
    // 003 names Lex as its only Smallville character: the body alone is not enough
    // (the author's note names both shows).
    assert_eq!(fandom_names(&a, &seed_003()), ["Buffy the Vampire Slayer"]);
    // 004 states no fandom at all; Spike, Giles, Anya… and Lex, Clark, Luthor, Smallville.
    assert_eq!(fandom_names(&a, &seed_004()), both);
}

#[test]
fn seed_004_characters() {
    let a = Aliases::builtin();
    let scope = [index(&a, "BtVS"), index(&a, "Smallville")];
    let characters = scan(&seed_004(), &a).characters(&a, &scope);
    for name in [
        "Lex Luthor",
        "Spike",
        "Clark Kent",
        "Xander Harris",
        "Anya Jenkins",
        "Rupert Giles",
    ] {
        assert!(
            characters.iter().any(|c| c == name),
            "{name} in {characters:?}"
        );
    }
    // Characters of fandoms outside the scope are not listed.
    let only_sv = scan(&seed_004(), &a).characters(&a, &[index(&a, "Smallville")]);
    assert_eq!(only_sv, ["Clark Kent", "Lex Luthor"]);
}

#[test]
fn jane_austen_is_no_fan_fiction() {
    let a = Aliases::builtin();
    for novel in [
        "prideprejudice.txt",
        "sensesensibility.txt",
        "emma.txt",
        "persuasion.txt",
    ] {
        let Some(text) = corpus_file(&format!("janeaustenr/{novel}")) else {
            return;
        };
        let scan = scan(&prose_document(&text), &a);
        assert!(scan.fandoms(&a).is_empty(), "{novel}");
        // Not even close: no fandom has two strong characters (Kent is a county,
        // Selina Mrs Elton's sister).
        for (fandom, evidence) in scan.evidence(&a) {
            assert!(
                evidence.characters <= 1,
                "{novel}: {:?} {evidence:?}",
                a.tables.fandom_name(fandom)
            );
        }
    }
}

#[test]
fn passing_mentions_are_not_a_fandom() {
    let a = Aliases::builtin();
    let once = prose_document(
        "She had watched Buffy once, years ago, and never again.\n\nThe rain kept on.",
    );
    assert!(fandom_names(&a, &once).is_empty());
    // A Smallville story with a BtVS guest: Buffy and Willow named a few times.
    let guest = prose_document(
        "Clark ran to the Talon. Lex was waiting. Chloe waved from the Torch.\n\n\
         Lex said Buffy had called. Clark frowned; Buffy never called.\n\n\
         Willow's e-mail came later. Lana read it to Clark. Lex laughed at Smallville.\n\n\
         Chloe and Lana left. Lex Luthor stayed with Clark until dawn in Smallville.",
    );
    assert_eq!(fandom_names(&a, &guest), ["Smallville"]);
    assert!(fandom_names(&a, &prose_document("")).is_empty());
}

#[test]
fn ambiguous_words_count_for_no_character() {
    let a = Aliases::builtin();
    let doc =
        prose_document("Jonathan came. Jonathan left. Jonathan came back. Jonathan sat down.");
    let scan = scan(&doc, &a);
    let (btvs, sv) = (index(&a, "BtVS"), index(&a, "Smallville"));
    assert!(scan.characters(&a, &[btvs, sv]).is_empty());
    assert_eq!(scan.characters(&a, &[sv]), ["Jonathan Kent"]);
    assert_eq!(scan.characters(&a, &[btvs]), ["Jonathan Levinson"]);
    // "Jonathan" is a weak word: four mentions are no evidence for either fandom.
    assert!(scan.fandoms(&a).is_empty());
    assert_eq!(scan.characters_named(&a, sv), 1);
}

#[test]
fn word_shapes() {
    let a = Aliases::builtin();
    let doc = prose_document(
        "Kal-El's cape. O\u{2019}Neill and Teal\u{2019}c. Buffy-like. spike. SPIKE. Spike's coat.",
    );
    let scan = scan(&doc, &a);
    let count = |word: &str| {
        let index = a.tables.body_index.get(word).copied().expect(word);
        scan.counts.get(index).copied().unwrap_or(0)
    };
    assert_eq!(count("Kal-El"), 1);
    assert_eq!(count("O'Neill"), 1);
    assert_eq!(count("Teal'c"), 1);
    assert_eq!(count("Buffy"), 1);
    // Lower-case and all-caps words are not names.
    assert_eq!(count("Spike"), 1);
}

proptest::proptest! {
    #[test]
    fn fast_split_matches_words(text in "(\\PC|[ -~]{1,8}|[’‘“”\u{a0}—]){0,40}") {
        let mut fast = Vec::new();
        for_each_capitalised(&text, &mut |w: &str| fast.push(w.to_owned()));
        let slow: Vec<String> = crate::meta::normalize::words(&text)
            .filter(|w| w.capitalised)
            .map(|w| w.text.to_owned())
            .collect();
        proptest::prop_assert_eq!(fast, slow);
    }
}

/// The byte-at-a-time split `for_each_capitalised` replaced: every run of word
/// bytes read whole.
fn capitalised_one_run_at_a_time(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let is_word_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'\'' || b >= 0x80;
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        start += bytes[start..]
            .iter()
            .position(|&b| is_word_byte(b))
            .unwrap_or(bytes.len() - start);
        let len = bytes[start..]
            .iter()
            .position(|&b| !is_word_byte(b))
            .unwrap_or(bytes.len() - start);
        let slice = &text[start..start + len];
        let first = slice.as_bytes().first().copied().unwrap_or_default();
        if slice.is_ascii() {
            if !(first.is_ascii_lowercase() || first.is_ascii_digit()) {
                let word = trim_word(slice);
                if word.as_bytes().first().is_some_and(u8::is_ascii_uppercase) {
                    out.push(word.to_owned());
                }
            }
        } else {
            out.extend(
                words(slice)
                    .filter(|w| w.capitalised)
                    .map(|w| w.text.to_owned()),
            );
        }
        start += len.max(1);
    }
    out
}

#[test]
fn names_are_found_as_a_split_of_every_run_finds_them() {
    let mut texts: Vec<String> = [
        "",
        "Buffy",
        "buffy met Spike-like O'Neill and McKay's iPhone.",
        "word\u{2014}Buffy and naïveBuffy, 'Giles' -Xander- 3Willow",
        "Ångström café\u{2019}s Renée, \u{2018}Dawn\u{2019} über-Faith",
        "-- ' '' - Lex--Clark x-Men",
        "é",
        "aé",
        "Zé",
    ]
    .map(str::to_owned)
    .to_vec();
    let seeds = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/library"))
        .expect("the sample library")
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok());
    texts.extend(seeds);
    texts.extend(corpus_file("janeaustenr/emma.txt"));
    assert!(texts.len() > 10, "the sample library is read");
    for text in &texts {
        let mut found = Vec::new();
        for_each_capitalised(text, &mut |w| found.push(w.to_owned()));
        assert_eq!(found, capitalised_one_run_at_a_time(text), "{text:.60}");
    }
}
