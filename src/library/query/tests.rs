use super::parse::parse_number_comparison;
use super::*;

#[test]
fn tokenizer_handles_quotes_negation_and_keys() {
    let tokens = tokenize(r#"glory -fandom:angel pairing:"clark & lex" "two words" - x:"#)
        .expect("tokenizes");
    let simple: Vec<(bool, Option<&str>, &str)> = tokens
        .iter()
        .map(|t| (t.negated, t.key.as_deref(), t.value.as_str()))
        .collect();
    assert_eq!(
        simple,
        vec![
            (false, None, "glory"),
            (true, Some("fandom"), "angel"),
            (false, Some("pairing"), "clark & lex"),
            (false, None, "two words"),
            (false, Some("x"), ""),
        ]
    );
    assert!(tokenize("title:\"open").is_err());
}

#[test]
fn numbers_and_ranges() {
    let cases = [
        (">5000", Comparison::Gt(5000)),
        (">=5k", Comparison::Ge(5000)),
        ("<1,000", Comparison::Lt(1000)),
        ("<=1.5k", Comparison::Le(1500)),
        ("1000-5000", Comparison::Between(1000, 5000)),
        ("5000-1000", Comparison::Between(1000, 5000)),
        ("42", Comparison::Eq(42)),
    ];
    for (text, want) in cases {
        assert_eq!(parse_number_comparison("words", text), Ok(want), "{text}");
    }
    for bad in ["", "lots", ">", "1-", "-5"] {
        assert!(parse_number_comparison("words", bad).is_err(), "{bad:?}");
    }
}

#[test]
fn malformed_queries_say_why() {
    let aliases = Aliases::default();
    let cases = [
        ("colour:red", "unknown filter `colour:`"),
        ("words:lots", "`words:lots`"),
        ("status:maybe", "`status:maybe`"),
        ("rating:banana", "`rating:banana`"),
        ("crossover:btvs", "`crossover:btvs`"),
        ("fandom:", "`fandom:` needs a value"),
    ];
    for (query, phrase) in cases {
        let err = Query::parse(query, &aliases).expect_err(query);
        assert!(err.0.contains(phrase), "{query}: {err}");
    }
}

#[test]
fn reading_state_terms() {
    let aliases = Aliases::default();
    let meta = StoryMeta::default();
    let reading = Reading {
        shelf: Shelf::CaughtUp,
        favourite: true,
        percent: 100,
        new_chapters: 2,
    };
    let cases = [
        ("shelf:caught-up", true),
        ("shelf:Caught_Up", true),
        ("shelf:reading|caught-up", true),
        ("-shelf:finished", true),
        ("shelf:unread", false),
        ("favourite:yes", true),
        ("fav:no", false),
        ("progress:>50", true),
        ("progress:<100%", false),
        ("new:yes", true),
    ];
    for (query, want) in cases {
        let q = Query::parse(query, &aliases).expect(query);
        assert_eq!(q.matches_with(&meta, &reading), want, "{query}");
    }
    assert!(
        Query::parse("shelf:unread", &aliases)
            .expect("parses")
            .matches(&meta)
    );
    let err = Query::parse("shelf:someday", &aliases).expect_err("bad shelf");
    assert!(err.0.contains("unread, reading"), "{err}");
}

#[test]
fn overlong_queries_are_refused_before_matching() {
    let aliases = Aliases::builtin();
    let many = "-kiba ".repeat(super::MAX_TERMS + 1);
    let err = Query::parse(&many, &aliases).expect_err("too many terms");
    assert!(err.0.contains("too long"), "{err:?}");
    let alternatives = format!("fandom:{}", "btvs|".repeat(super::MAX_TERMS));
    assert!(Query::parse(&alternatives, &aliases).is_err());
    let enough = "-kiba ".repeat(super::MAX_TERMS);
    assert!(Query::parse(&enough, &aliases).is_ok());
}

#[test]
fn raw_tokens_split_as_the_tokenizer_does() {
    let input = r#"glory -fandom:angel pairing:"clark & lex"  "two words""#;
    assert_eq!(
        raw_tokens(input),
        [
            "glory",
            "-fandom:angel",
            r#"pairing:"clark & lex""#,
            r#""two words""#
        ]
    );
    assert_eq!(raw_tokens(input).len(), tokenize(input).expect("ok").len());
}

#[test]
fn a_held_value_is_taken_out_however_it_was_typed() {
    let aliases = Aliases::builtin();
    let probe = Query::parse("fandom:\"Buffy the Vampire Slayer\"", &aliases).expect("ok");
    let remove = |input: &str, held| Query::remove_held(input, &probe, held, &aliases);
    assert_eq!(
        remove("glory fandom:btvs words:>1000", Held::Included).as_deref(),
        Some("glory words:>1000")
    );
    assert_eq!(
        remove("-fandom:btvs rating:t", Held::Excluded).as_deref(),
        Some("rating:t")
    );
    assert_eq!(
        remove("-fandom:btvs", Held::Included),
        None,
        "held the other way"
    );
    assert_eq!(
        remove("fandom:btvs|angel", Held::Included),
        None,
        "one of two values"
    );
    assert_eq!(remove("fandom:angel", Held::Included), None);
}
