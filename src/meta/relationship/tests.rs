use super::*;
use crate::meta::RelationshipKind::{Platonic, Romantic};

fn scope_of(aliases: &Aliases, fandoms: &[&str]) -> Vec<usize> {
    fandoms
        .iter()
        .map(|f| aliases.tables.lookup_fandom(f).map(|(i, _)| i).expect(f))
        .collect()
}

fn parse(text: &str, fandoms: &[&str], mode: Mode) -> Option<(String, RelationshipKind)> {
    let aliases = Aliases::builtin();
    let scope = scope_of(&aliases, fandoms);
    parse_one(&aliases, text, &scope, mode).map(|r| (r.name, r.kind))
}

#[test]
fn pairings() {
    let sv: &[&str] = &["Smallville"];
    let both: &[&str] = &["BtVS", "Smallville"];
    let none: &[&str] = &[];
    let cases: &[(&str, &[&str], Mode, &str, RelationshipKind)] = &[
        (
            "Clark/Lex",
            sv,
            Mode::Stated,
            "Clark Kent/Lex Luthor",
            Romantic,
        ),
        (
            "Lex/Clark",
            sv,
            Mode::Stated,
            "Clark Kent/Lex Luthor",
            Romantic,
        ),
        (
            "Lex Luthor/Clark Kent",
            none,
            Mode::Stated,
            "Clark Kent/Lex Luthor",
            Romantic,
        ),
        (
            "Lex Luthor/Clark Kent (Smallville)",
            none,
            Mode::Stated,
            "Clark Kent/Lex Luthor",
            Romantic,
        ),
        (
            "Clark Kent | Kal-El/Lex Luthor",
            none,
            Mode::Stated,
            "Clark Kent/Lex Luthor",
            Romantic,
        ),
        (
            "Kal-El/Lex",
            none,
            Mode::Stated,
            "Clark Kent/Lex Luthor",
            Romantic,
        ),
        (
            "Clark K./Lex L.",
            none,
            Mode::Stated,
            "Clark Kent/Lex Luthor",
            Romantic,
        ),
        (
            "Clark & Lex",
            sv,
            Mode::Stated,
            "Clark Kent & Lex Luthor",
            Platonic,
        ),
        (
            "clark & lex",
            none,
            Mode::Stated,
            "Clark Kent & Lex Luthor",
            Platonic,
        ),
        (
            "Lex/Buffy",
            both,
            Mode::Loose,
            "Buffy Summers/Lex Luthor",
            Romantic,
        ),
        (
            "past Clark/Lex",
            sv,
            Mode::Stated,
            "Clark Kent/Lex Luthor",
            Romantic,
        ),
        (
            "implied Buffy/Spike",
            both,
            Mode::Stated,
            "Buffy Summers/Spike",
            Romantic,
        ),
        (
            "Minor Willow/Tara",
            none,
            Mode::Stated,
            "Tara Maclay/Willow Rosenberg",
            Romantic,
        ),
        (
            "one-sided Lex/Lana",
            none,
            Mode::Stated,
            "Lana Lang/Lex Luthor",
            Romantic,
        ),
        (
            "pre-Clark/Lex",
            none,
            Mode::Stated,
            "Clark Kent/Lex Luthor",
            Romantic,
        ),
        (
            "Chloe/Lana/Lex",
            sv,
            Mode::Stated,
            "Chloe Sullivan/Lana Lang/Lex Luthor",
            Romantic,
        ),
        (
            "Naruto x Sasuke",
            none,
            Mode::Stated,
            "Uchiha Sasuke/Uzumaki Naruto",
            Romantic,
        ),
        (
            "Naruto×Sasuke",
            none,
            Mode::Stated,
            "Uchiha Sasuke/Uzumaki Naruto",
            Romantic,
        ),
        (
            "Sam/Dean",
            none,
            Mode::Stated,
            "Dean Winchester/Sam Winchester",
            Romantic,
        ),
        (
            "Jack/Sam",
            none,
            Mode::Stated,
            "Jack O'Neill/Samantha Carter",
            Romantic,
        ),
        (
            "Spike/Xander",
            none,
            Mode::Stated,
            "Spike/Xander Harris",
            Romantic,
        ),
        (
            "Willow & Tara",
            none,
            Mode::Stated,
            "Tara Maclay & Willow Rosenberg",
            Platonic,
        ),
        (
            "Buffy/the Immortal",
            none,
            Mode::Stated,
            "Buffy Summers/The Immortal",
            Romantic,
        ),
        (
            "Jane Doe/John Roe",
            none,
            Mode::Stated,
            "Jane Doe/John Roe",
            Romantic,
        ),
        (
            "Buffy/Angel",
            both,
            Mode::Loose,
            "Angel/Buffy Summers",
            Romantic,
        ),
        (
            "Clex",
            none,
            Mode::Stated,
            "Clark Kent/Lex Luthor",
            Romantic,
        ),
        ("Clex.", sv, Mode::Loose, "Clark Kent/Lex Luthor", Romantic),
        (
            "Spuffy",
            none,
            Mode::Stated,
            "Buffy Summers/Spike",
            Romantic,
        ),
        (
            "B/A",
            &["BtVS"],
            Mode::Stated,
            "Angel/Buffy Summers",
            Romantic,
        ),
        (
            "\"Clark/Lex\"",
            none,
            Mode::Stated,
            "Clark Kent/Lex Luthor",
            Romantic,
        ),
        (
            "Picard/Q",
            none,
            Mode::Stated,
            "Jean-Luc Picard/Q",
            Romantic,
        ),
    ];
    for (text, fandoms, mode, name, kind) in cases {
        let want = Some(((*name).to_owned(), *kind));
        assert_eq!(
            parse(text, fandoms, *mode),
            want,
            "parse({text:?}, {fandoms:?}, {mode:?})"
        );
    }
}

#[test]
fn not_pairings() {
    let both: &[&str] = &["BtVS", "Smallville"];
    let cases = [
        "The Boy/Girl Universe",
        "Buffy the Vampire Slayer/Smallville",
        "Smallville/Buffy",
        "BtVS/SV",
        "Hurt/Comfort",
        "hurt/comfort",
        "Rape/Non-Con",
        "Romance/Drama",
        "F/M",
        "M/M",
        "F/F",
        "and/or",
        "he/she",
        "his/her",
        "A/N",
        "N/A",
        "w/",
        "10/11/07",
        "3/4/2010",
        "Clark Kent/Superman",
        "Kal/Clark",
        "Lex/Lex",
        "http://example.com/a/b",
        "www.example.org/x/y",
        "Clark & Lex/Lana",
        "Clark",
        "Clark and Lex",
        "",
        "/",
        "///",
        "& &",
        "Buffy/",
        "/Lex",
        "BtVS/AtS Non-Crossover",
        "Last Update Year/Month: 2021/03",
    ];
    for text in cases {
        for mode in [Mode::Stated, Mode::Loose] {
            assert_eq!(parse(text, both, mode), None, "parse({text:?}, {mode:?})");
        }
    }
    // Initials only inside their fandom; ship names in loose text only inside the story's fandoms.
    assert_eq!(parse("B/A", &["Smallville"], Mode::Stated), None);
    assert_eq!(parse("Spuffy", &["Smallville"], Mode::Loose), None);
    // A comic's title in loose text.
    assert_eq!(parse("Superman/Batman", &[], Mode::Loose), None);
    // Loose text wants known characters.
    assert_eq!(parse("Jane Doe/John Roe", &[], Mode::Loose), None);
    assert_eq!(parse("Buffy/the Immortal", both, Mode::Loose), None);
}

#[test]
fn order_and_names_do_not_matter_but_kind_does() {
    let a = Aliases::builtin();
    let forms = [
        "Clark/Lex",
        "Lex/Clark",
        "Lex Luthor/Clark Kent",
        "Clex",
        "kal-el/lex",
        "Lex Luthor/Clark Kent (Smallville)",
    ];
    let first = a.parse_relationship(forms[0]).expect("pairing");
    for form in forms {
        assert_eq!(a.parse_relationship(form).as_ref(), Some(&first), "{form}");
    }
    let platonic = a.parse_relationship("Clark & Lex").expect("friendship");
    assert_ne!(platonic, first);
    assert_ne!(platonic.key(), first.key());
    assert_eq!(platonic.characters, first.characters);
}

#[test]
fn lists() {
    let a = Aliases::builtin();
    let sv = scope_of(&a, &["Smallville"]);
    let names = |text: &str, scope: &[usize]| -> Vec<String> {
        parse_list(&a, text, scope, Mode::Stated)
            .into_iter()
            .map(|r| r.name)
            .collect()
    };
    assert_eq!(
        names("Clark/Lex, Chloe/Lana", &sv),
        ["Clark Kent/Lex Luthor", "Chloe Sullivan/Lana Lang"]
    );
    assert_eq!(
        names("Clark/Lex and Buffy/Spike", &sv),
        ["Clark Kent/Lex Luthor", "Buffy Summers/Spike"]
    );
    assert_eq!(
        names("Clark/Lex; Lex/Clark", &sv),
        ["Clark Kent/Lex Luthor"]
    );
    assert_eq!(
        names("[Clark K., Lex L.] Chloe S.", &sv),
        ["Clark Kent/Lex Luthor"]
    );
    assert_eq!(
        names("Canon (Clark/Lana, mention of Buffy/the Immortal)", &sv),
        ["Clark Kent/Lana Lang", "Buffy Summers/The Immortal"]
    );
    assert_eq!(names("None", &sv), Vec::<String>::new());
    assert_eq!(names("Gen", &sv), Vec::<String>::new());
}

#[test]
fn summaries() {
    let a = Aliases::builtin();
    let both = scope_of(&a, &["BtVS", "Smallville"]);
    let found = |text: &str| -> Vec<String> {
        in_summary(&a, text, &both)
            .into_iter()
            .map(|r| r.name)
            .collect()
    };
    let s003 = "Lex gets a call from an old friend asking for help, only to find he may be too late to save her. \
                Sometimes though, fates a funny thing. Question is, can Smallville survive a certain blonde Slayer? Lex/Buffy";
    assert_eq!(found(s003), ["Buffy Summers/Lex Luthor"]);
    assert_eq!(
        found("Lex comes to Sunnydale. Lex/Buffy."),
        ["Buffy Summers/Lex Luthor"]
    );
    let s001 = "When Glory decides to go after Dawn in Spiral, Buffy calls in reinforcements to go head to head with her. Does not end in a 'Ship.";
    assert!(found(s001).is_empty());
    assert_eq!(
        found("A Clark/Lex story set in Sunnydale."),
        ["Clark Kent/Lex Luthor"]
    );
    assert_eq!(
        found("Willow meets Chloe. Willow & Chloe"),
        ["Chloe Sullivan & Willow Rosenberg"]
    );
    assert!(found("His/her choice, 10/11/07, and/or the Boy/Girl Universe.").is_empty());
    assert!(found("").is_empty());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    #[test]
    fn never_panics(text in "\\PC{0,60}") {
        let a = Aliases::builtin();
        let _ = a.parse_relationship(&text);
        let _ = parse_list(&a, &text, &[0, 1], Mode::Loose);
        let _ = in_summary(&a, &text, &[0]);
    }

    #[test]
    fn slash_pairs_are_symmetric(x in "[A-Za-z]{2,10}", y in "[A-Za-z]{2,10}") {
        let a = Aliases::builtin();
        let left = a.parse_relationship(&format!("{x}/{y}")).map(|r| r.key());
        let right = a.parse_relationship(&format!("{y}/{x}")).map(|r| r.key());
        proptest::prop_assert_eq!(left, right);
    }
}

#[test]
fn names_with_digits_hyphens_and_aliases() {
    let none: &[&str] = &[];
    let cases: &[(&str, &str, RelationshipKind)] = &[
        ("Wall-E/EVE", "EVE/Wall-E", Romantic),
        ("M-O & Wall-E", "M-O & Wall-E", Platonic),
        (
            "CC-2224 | Cody & CT-7567 | Rex",
            "CC-2224 & CT-7567",
            Platonic,
        ),
        ("Data & B-4", "B-4 & Data", Platonic),
        ("R2-D2 & C-3PO", "C-3PO & R2-D2", Platonic),
        ("2B/9S (NieR: Automata)", "2B/9S", Romantic),
        (
            "Agent 47/Diana Burnwood",
            "Agent 47/Diana Burnwood",
            Romantic,
        ),
        (
            "Seven of Nine/Kathryn Janeway",
            "Kathryn Janeway/Seven of Nine",
            Romantic,
        ),
        ("lord of bones/jane roe", "Jane Roe/Lord of Bones", Romantic),
        ("Jean-Luc Picard/Q", "Jean-Luc Picard/Q", Romantic),
        ("L/Light Yagami", "L/Light Yagami", Romantic),
    ];
    for (text, want, kind) in cases {
        assert_eq!(
            parse(text, none, Mode::Stated),
            Some(((*want).to_owned(), *kind)),
            "parse({text:?})"
        );
    }
    // Numbers that are no names, and initials alone.
    for text in [
        "24/7",
        "9/11",
        "50/50",
        "1x01/2x03",
        "1990s/2000s",
        "3rd/4th",
        "Season 2/Season 3",
        "10:30/11:00",
        "H/D",
        "Q/L",
    ] {
        assert_eq!(parse(text, none, Mode::Stated), None, "parse({text:?})");
    }
    // Loose text still wants known characters.
    assert_eq!(parse("CC-2224/CT-9904", none, Mode::Loose), None);
}

#[test]
fn generic_groups() {
    let none: &[&str] = &[];
    let cases: &[(&str, &str, RelationshipKind)] = &[
        ("Everyone & Everyone", "Everyone & Everyone", Platonic),
        ("Everyone/Everyone", "Everyone/Everyone", Romantic),
        (
            "Original Character(s)/Original Character(s)",
            "Original Character(s)/Original Character(s)",
            Romantic,
        ),
        (
            "Original Female Character(s)/Original Male Character(s)",
            "Original Female Character(s)/Original Male Character(s)",
            Romantic,
        ),
        ("Reader/Everyone", "Everyone/Reader", Romantic),
        (
            "Original Female Character(s)/Harry Potter",
            "Harry Potter/Original Female Character(s)",
            Romantic,
        ),
    ];
    for (text, want, kind) in cases {
        assert_eq!(
            parse(text, none, Mode::Stated),
            Some(((*want).to_owned(), *kind)),
            "parse({text:?})"
        );
    }
    let aliases = Aliases::builtin();
    let everyone = parse_one(&aliases, "Everyone & Everyone", &[], Mode::Stated).expect("group");
    assert_eq!(everyone.characters, ["Everyone", "Everyone"]);
    assert_eq!(everyone.key(), "p:everyone");
    // A group is no evidence in loose text, and one group alone is nothing.
    assert_eq!(parse("Everyone/Everyone", none, Mode::Loose), None);
    assert_eq!(parse("Everyone", none, Mode::Stated), None);
}

#[test]
fn the_cross_scan_agrees_with_the_pattern() {
    let words = [
        "Clark", "x", "X", "Lex", " ", "\t", "\n", "\u{A0}", "\u{2003}", "xx", "ox", "x-over",
    ];
    let lines = [
        "Clark x Lex",
        "Clark  X\tLex",
        "x Lex",
        "Clark x",
        "Clark\u{3000}x\u{A0}Lex",
    ];
    crate::format::exact::check::agree(&words, &lines, has_cross, |t| CROSS.is_match(t));
}
