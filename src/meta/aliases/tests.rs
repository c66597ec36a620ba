use std::collections::{HashMap, HashSet};

use super::*;
use crate::meta::RelationshipKind;

#[test]
fn builtin_data_is_valid() {
    let file = builtin::parse().expect("builtin.toml parses");
    let aliases = Aliases::load_builtin().expect("built-in tables build");
    let tables = &aliases.tables;
    assert!(
        tables.fandoms.len() >= 30,
        "{} fandoms",
        tables.fandoms.len()
    );
    for data in &file.fandoms {
        assert!(
            data.characters.len() >= 6,
            "{} has only {} characters",
            data.name,
            data.characters.len()
        );
        // Within one fandom no alias may name two different characters.
        let mut owner: HashMap<String, &str> = HashMap::new();
        for (name, list) in &data.characters {
            for alias in std::iter::once(name).chain(list) {
                let key = character_key_of(alias);
                if let Some(other) = owner.insert(key.clone(), name) {
                    assert_eq!(
                        other, name,
                        "{}: {alias:?} names {other} and {name}",
                        data.name
                    );
                }
            }
        }
        // Terms are single words, as the body scan sees them.
        for term in &data.terms {
            assert!(
                tables.body_index.contains_key(term),
                "{}: term {term:?}",
                data.name
            );
        }
    }
    // Every weak word is one the scan counts; a stale entry would hide a typo.
    let body_words: HashSet<&str> = tables.body_index.keys().map(String::as_str).collect();
    for word in &file.weak_tokens {
        assert!(
            body_words.contains(word.as_str()),
            "weak token {word:?} names nothing"
        );
    }
    // Every ship parsed to two or more known characters (load_builtin checks), and
    // every family groups fandoms that exist.
    assert!(
        tables
            .ships
            .values()
            .flatten()
            .all(|s| s.relationship.characters.len() >= 2)
    );
    assert!(!BUILTIN.ships.is_empty());
}

#[test]
fn fandom_names_normalise() {
    let a = Aliases::builtin();
    let cases = [
        ("BtVS", "Buffy the Vampire Slayer"),
        ("BTVS", "Buffy the Vampire Slayer"),
        ("btvs", "Buffy the Vampire Slayer"),
        ("Buffy", "Buffy the Vampire Slayer"),
        ("Buffy the Vampire Slayer (TV)", "Buffy the Vampire Slayer"),
        ("Buffy: The Vampire Slayer", "Buffy the Vampire Slayer"),
        ("Buffyverse", "Buffy the Vampire Slayer"),
        ("SV", "Smallville"),
        ("Smallville (TV)", "Smallville"),
        ("Smallvile", "Smallville"),
        ("Angel", "Angel: the Series"),
        ("AtS", "Angel: the Series"),
        ("Harry Potter - J. K. Rowling", "Harry Potter"),
        ("SG-1", "Stargate SG-1"),
        ("Stargate: Atlantis", "Stargate Atlantis"),
        ("SPN", "Supernatural"),
        ("MCU", "Marvel Cinematic Universe"),
        ("Marvel", "Marvel"),
        ("DC Comics", "DC Comics"),
        ("DCU", "DC Comics"),
        (
            "Star Trek: The Next Generation",
            "Star Trek: The Next Generation",
        ),
        ("TOS", "Star Trek"),
        ("Doctor Who (2005)", "Doctor Who"),
        ("Serenity (2005)", "Firefly"),
        ("Naruto", "Naruto"),
        ("Sherlock (TV)", "Sherlock"),
        ("Twilight Series - Stephenie Meyer", "Twilight"),
        ("Criminal Minds (US TV)", "Criminal Minds"),
        ("NCIS", "NCIS"),
        ("X-Men: Evolution", "X-Men"),
        ("Batman - All Media Types", "Batman"),
        ("Superman", "Superman"),
        ("LotR", "The Lord of the Rings"),
        ("Lord of the Rings", "The Lord of the Rings"),
        ("Star Wars - All Media Types", "Star Wars"),
        ("Gilmore Girls", "Gilmore Girls"),
        ("Dresden Files", "The Dresden Files"),
        ("Highlander: The Series", "Highlander"),
        ("Due South", "due South"),
        ("  Sanctuary   (TV) ", "Sanctuary"),
        ("Unknown Show - All Media Types", "Unknown Show"),
    ];
    for (input, want) in cases {
        assert_eq!(
            a.canonical_fandom(input),
            want,
            "canonical_fandom({input:?})"
        );
    }
    assert!(a.is_known_fandom("btvs"));
    assert!(!a.is_known_fandom("Sanctuary"));
}

#[test]
fn character_names_normalise() {
    let a = Aliases::builtin();
    let cases = [
        ("Clark", "Clark Kent"),
        ("Clark K.", "Clark Kent"),
        ("Kal-El", "Clark Kent"),
        ("Kal El", "Clark Kent"),
        ("Kal", "Clark Kent"),
        ("Clark Kent | Kal-El | Superman", "Clark Kent"),
        ("Lex", "Lex Luthor"),
        ("lex luthor", "Lex Luthor"),
        ("Buffy", "Buffy Summers"),
        ("Buffy S.", "Buffy Summers"),
        ("Spike", "Spike"),
        ("William the Bloody", "Spike"),
        ("Spike (Buffy)", "Spike"),
        ("Xander H.", "Xander Harris"),
        ("Giles", "Rupert Giles"),
        ("Willow", "Willow Rosenberg"),
        ("Hermione", "Hermione Granger"),
        ("Cas", "Castiel"),
        ("Teal\u{2019}c", "Teal'c"),
        ("Unknown Person", "Unknown Person"),
    ];
    for (input, want) in cases {
        assert_eq!(
            a.canonical_character(input),
            want,
            "canonical_character({input:?})"
        );
    }
}

#[test]
fn short_names_prefer_the_storys_fandoms() {
    let a = Aliases::builtin();
    let tables = &a.tables;
    let index = |name: &str| tables.lookup_fandom(name).map(|(i, _)| i).expect(name);
    let sv = index("Smallville");
    let btvs = index("BtVS");
    let sg1 = index("SG-1");
    let spn = index("SPN");
    assert_eq!(
        tables.resolve_character("Jonathan", &[sv]).as_deref(),
        Some("Jonathan Kent")
    );
    assert_eq!(
        tables.resolve_character("Jonathan", &[btvs]).as_deref(),
        Some("Jonathan Levinson")
    );
    assert_eq!(
        tables.resolve_character("Sam", &[sg1]).as_deref(),
        Some("Samantha Carter")
    );
    assert_eq!(
        tables.resolve_character("Sam", &[spn]).as_deref(),
        Some("Sam Winchester")
    );
    assert_eq!(tables.resolve_character("Nobody", &[sv]), None);
}

#[test]
fn portmanteaus() {
    let a = Aliases::builtin();
    let cases = [
        ("Clex", "Clark Kent/Lex Luthor"),
        ("CLex", "Clark Kent/Lex Luthor"),
        ("Spuffy", "Buffy Summers/Spike"),
        ("Bangel", "Angel/Buffy Summers"),
        ("Chlex", "Chloe Sullivan/Lex Luthor"),
        ("Clana", "Clark Kent/Lana Lang"),
        ("Chlark", "Chloe Sullivan/Clark Kent"),
        ("Clois", "Clark Kent/Lois Lane"),
        ("Chlollie", "Chloe Sullivan/Oliver Queen"),
        ("Lexana", "Lana Lang/Lex Luthor"),
        ("Spander", "Spike/Xander Harris"),
        ("Xandrew", "Andrew Wells/Xander Harris"),
        ("Willara", "Tara Maclay/Willow Rosenberg"),
        ("Tillow", "Tara Maclay/Willow Rosenberg"),
        ("Fuffy", "Buffy Summers/Faith Lehane"),
        ("Spangel", "Angel/Spike"),
        ("Spred", "Spike/Winifred Burkle"),
        ("Cordangel", "Angel/Cordelia Chase"),
        ("Xanya", "Anya Jenkins/Xander Harris"),
        ("Destiel", "Castiel/Dean Winchester"),
        ("Drarry", "Draco Malfoy/Harry Potter"),
        ("Johnlock", "John Watson/Sherlock Holmes"),
        ("Stony", "Steve Rogers/Tony Stark"),
        ("Java Junkie", "Lorelai Gilmore/Luke Danes"),
        ("B/A", "Angel/Buffy Summers"),
    ];
    for (input, want) in cases {
        let got = a.parse_relationship(input).map(|r| r.name);
        assert_eq!(got.as_deref(), Some(want), "parse_relationship({input:?})");
    }
    let science = a.parse_relationship("Science Bros").expect("platonic ship");
    assert_eq!(science.kind, RelationshipKind::Platonic);
}

#[test]
fn user_aliases_override_builtins() {
    let mut user = UserAliases::default();
    user.fandoms
        .insert("SV".into(), "  Stargate   Verse (TV) ".into());
    user.fandoms.insert("Buffyverse fic".into(), "btvs".into());
    user.characters.insert("Kal".into(), "Kal-L".into());
    user.characters.insert("Lexi".into(), "Lex Luthor".into());
    user.ships.insert("Clex".into(), "Clark & Lex".into());
    user.ships
        .insert("Chlexana".into(), "Chloe/Lana/Lex".into());
    let a = Aliases::new(&user).expect("valid user aliases");

    assert_eq!(a.canonical_fandom("SV"), "Stargate Verse");
    assert_eq!(a.canonical_fandom("Smallville"), "Smallville");
    assert!(a.is_crossover(&["SV", "Smallville"]));
    assert_eq!(a.fandom_family("Stargate Verse"), "Stargate Verse");
    assert_eq!(
        a.canonical_fandom("Buffyverse Fic"),
        "Buffy the Vampire Slayer"
    );
    assert_eq!(a.canonical_character("Kal"), "Kal-L");
    assert_eq!(a.canonical_character("Kal-El"), "Clark Kent");
    assert_eq!(a.canonical_character("lexi"), "Lex Luthor");
    let clex = a.parse_relationship("clex").expect("user ship");
    assert_eq!(
        (clex.name.as_str(), clex.kind),
        ("Clark Kent & Lex Luthor", RelationshipKind::Platonic)
    );
    let poly = a.parse_relationship("Chlexana").expect("user ship");
    assert_eq!(poly.name, "Chloe Sullivan/Lana Lang/Lex Luthor");
    // The built-ins are untouched.
    let builtin = Aliases::builtin();
    assert_eq!(builtin.canonical_fandom("SV"), "Smallville");
    assert_eq!(
        builtin.parse_relationship("clex").map(|r| r.kind),
        Some(RelationshipKind::Romantic)
    );
}

#[test]
fn user_alias_errors() {
    let bad_ship = |value: &str| {
        let mut user = UserAliases::default();
        user.ships.insert("X".into(), value.into());
        Aliases::new(&user)
    };
    for value in [
        "Hurt/Comfort",
        "Clark",
        "Clark Kent/Superman",
        "10/11/07",
        "F/M",
        "",
    ] {
        let err = bad_ship(value).expect_err(value);
        assert!(err.to_string().starts_with("aliases.ships: "), "{err}");
    }
    assert_eq!(
        bad_ship("Hurt/Comfort").err(),
        Some(AliasError::NotARelationship {
            alias: "X".into(),
            value: "Hurt/Comfort".into()
        })
    );
    assert!(bad_ship("Jane Doe/John Roe").is_ok());
    let mut user = UserAliases::default();
    user.fandoms.insert(" ".into(), "Smallville".into());
    let err = Aliases::new(&user).err();
    assert_eq!(err, Some(AliasError::EmptyAlias { table: "fandoms" }));
    assert_eq!(
        err.map(|e| e.to_string()).as_deref(),
        Some("aliases.fandoms: an alias is empty")
    );
    let mut user = UserAliases::default();
    user.characters.insert("Lexi".into(), "  ".into());
    assert_eq!(
        Aliases::new(&user).err().map(|e| e.to_string()).as_deref(),
        Some(r#"aliases.characters: "Lexi" maps to an empty name"#)
    );
}

#[test]
fn user_aliases_deserialize_strictly() {
    let text = r#"
        [fandoms]
        "Buffyverse" = "Buffy the Vampire Slayer"
        [characters]
        "Lexi" = "Lex Luthor"
        [ships]
        "Chlex" = "Chloe Sullivan/Lex Luthor"
    "#;
    let user: UserAliases = toml::from_str(text).expect("valid");
    assert_eq!(
        user.characters.get("Lexi").map(String::as_str),
        Some("Lex Luthor")
    );
    assert_eq!(
        toml::from_str::<UserAliases>("").expect("empty is fine"),
        UserAliases::default()
    );
    assert!(toml::from_str::<UserAliases>("[fandom]\nx = \"y\"\n").is_err());
}

#[test]
fn crossovers_follow_universe_families() {
    let a = Aliases::builtin();
    let cases: &[(&[&str], bool)] = &[
        (&["Buffy the Vampire Slayer", "Smallville"], true),
        (&["Buffy the Vampire Slayer", "Angel: the Series"], false),
        (&["Smallville", "Batman", "Superman"], false),
        (&["Stargate SG-1", "Stargate Atlantis"], false),
        (&["Doctor Who", "Torchwood"], false),
        (&["Harry Potter", "Supernatural"], true),
        (&["Sanctuary", "Stargate Atlantis"], true),
        (&["Sanctuary", "Sanctuary (TV)"], false),
        (&["Smallville"], false),
        (&[], false),
    ];
    for (fandoms, want) in cases {
        assert_eq!(a.is_crossover(fandoms), *want, "is_crossover({fandoms:?})");
    }
}

#[test]
fn stable_keys() {
    let a = Aliases::builtin();
    assert_eq!(a.fandom_key("SV"), "f:smallville");
    assert_eq!(a.fandom_key("btvs"), "f:buffy-the-vampire-slayer");
    assert_eq!(fandom_key("Smallville (TV)"), "f:smallville");
    assert_eq!(a.character_key("lex"), "c:lex-luthor");
    assert_eq!(character_key("Clark Kent"), "c:clark-kent");
    let r = a
        .parse_relationship("Lex Luthor/Clark Kent")
        .expect("pairing");
    assert_eq!(r.key(), "r:clark-kent/lex-luthor");
    let p = a.parse_relationship("Willow & Chloe").expect("friendship");
    assert_eq!(p.key(), "p:chloe-sullivan&willow-rosenberg");
}

#[test]
fn abbreviated_surnames_resolve_within_the_story_fandoms() {
    let a = Aliases::builtin();
    let fandom = |name: &str| a.tables.lookup_fandom(name).map(|(i, _)| i).unwrap();
    let sg1 = fandom("Stargate SG-1");
    let hp = fandom("Harry Potter");
    let resolve = |name: &str, scope: &[usize]| a.tables.resolve_character(name, scope);
    // FFN's `First L.`: the given name plus the initial of a later name.
    assert_eq!(
        resolve("Samantha C.", &[hp, sg1]).as_deref(),
        Some("Samantha Carter")
    );
    // Through a multi-word alias (`Sam Carter`).
    assert_eq!(
        resolve("Sam C.", &[sg1]).as_deref(),
        Some("Samantha Carter")
    );
    assert_eq!(
        resolve("Narcissa M.", &[hp]).as_deref(),
        Some("Narcissa Malfoy")
    );
    // No guess outside the story's fandoms, for a wrong initial, or without scope.
    assert_eq!(resolve("Samantha C.", &[hp]), None);
    assert_eq!(resolve("Harry W.", &[hp]), None);
    assert_eq!(resolve("Samantha C.", &[]), None);
    // Not an abbreviation: two letters, or a bare initial.
    assert_eq!(resolve("Samantha Ca", &[sg1]), None);
    assert_eq!(resolve("C.", &[sg1]), None);
}
