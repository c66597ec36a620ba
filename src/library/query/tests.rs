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

#[test]
fn a_query_narrows_the_queries_it_refines() {
    let aliases = Aliases::builtin();
    let q = |text: &str| Query::parse(text, &aliases).expect(text);
    for (narrower, wider) in [
        ("glory", "glor"),
        ("glor smallville", "glor"),
        ("title:glory", "glo"),
        ("fandom:buffy", "fandom:buf"),
        ("fandom:sv|buffy", "fandom:smallville|buf"),
        ("-fandom:bu", "-fandom:buf"),
        ("pairing:clark/lex", "pairing:lex"),
        ("words:>50", "words:>5"),
        ("words:10-20", "words:<=20"),
        ("rating:teen", "rating:<=t"),
        ("", ""),
    ] {
        assert!(q(narrower).narrows(&q(wider)), "{narrower} narrows {wider}");
    }
    for (not_narrower, wider) in [
        // An alias names a fandom that does not hold the letters typed so far.
        ("fandom:btvs", "fandom:bt"),
        ("-fandom:buf", "-fandom:bu"),
        ("glor", "glory"),
        ("-glory", "-glor"),
        ("words:>=5", "words:>5"),
        ("fandom:buf|angel", "fandom:buf"),
        ("", "glor"),
    ] {
        assert!(
            !q(not_narrower).narrows(&q(wider)),
            "{not_narrower} does not narrow {wider}"
        );
    }
}

mod narrowing {
    use proptest::prelude::*;

    use super::*;
    use crate::meta::{Rating, Relationship, Series};

    const PIECES: &[&str] = &[
        "glor",
        "glory",
        "gl",
        "-",
        "|",
        "fandom:",
        "sv",
        "buf",
        "buffy",
        "bt",
        "btvs",
        "pairing:",
        "clark",
        "/",
        "lex",
        "&",
        "words:",
        ">",
        "<=",
        "5",
        "50",
        "1",
        "-",
        "title:",
        "summary:",
        "series:",
        "boy",
        "author:",
        "an",
        "rating:",
        "t",
        "g",
        "e",
        "progress:",
        "crossover:yes",
        "character:",
        "tag:",
        "warning:",
        "slash",
        "shelf:reading",
        "favourite:yes",
        "new:yes",
        " ",
    ];

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..6).prop_map(|p| p.concat())
    }

    fn stories() -> Vec<(StoryMeta, Reading)> {
        let people = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        let mut out = Vec::new();
        for i in 0..24usize {
            let meta = StoryMeta {
                title: ["Glory Days", "Glo", "Boy Meets Girl", "Slash"][i % 4].to_owned(),
                authors: people(&[["Annie", "glory fan", "Gl"][i % 3]]),
                summary: (i % 2 == 0).then(|| "Buffy goes to Smallville".to_owned()),
                series: (i % 5 == 0).then(|| Series {
                    name: "The Boy/Girl Universe".to_owned(),
                    index: Some(2),
                }),
                fandoms: match i % 4 {
                    0 => people(&["Smallville"]),
                    1 => people(&["Buffy the Vampire Slayer", "Smallville"]),
                    2 => people(&["Angel: the Series"]),
                    _ => Vec::new(),
                },
                relationships: (i % 3 == 0)
                    .then(|| Relationship {
                        name: "Clark Kent/Lex Luthor".to_owned(),
                        kind: if i % 2 == 0 {
                            RelationshipKind::Romantic
                        } else {
                            RelationshipKind::Platonic
                        },
                        characters: people(&["Clark Kent", "Lex Luthor"]),
                    })
                    .into_iter()
                    .collect(),
                characters: people(&[["Buffy Summers", "Lex Luthor", "Dawn"][i % 3]]),
                rating: (i % 4 != 3).then(|| {
                    let level =
                        [RatingLevel::General, RatingLevel::Teen, RatingLevel::Mature][i % 3];
                    Rating {
                        raw: level.letter().to_owned(),
                        level: Some(level),
                    }
                }),
                words: [0, 5, 6, 50, 51, 20, 10][i % 7],
                chapters: i % 3,
                tags: people(&[["slash", "angst"][i % 2]]),
                warnings: people(&[["no warnings", "slash content"][i % 2]]),
                crossover: i % 4 == 1,
                ..StoryMeta::default()
            };
            let reading = Reading {
                shelf: if i % 3 == 0 {
                    Shelf::Reading
                } else {
                    Shelf::Unread
                },
                favourite: i % 2 == 1,
                percent: [0, 5, 50, 100][i % 4],
                new_chapters: i % 2,
            };
            out.push((meta, reading));
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// What `narrows` claims holds of every story: the narrower query matches
        /// only stories the wider one matches.
        #[test]
        fn a_narrower_query_matches_only_what_the_wider_one_does(
            a in text(), extra in text(), b in text()
        ) {
            let aliases = Aliases::builtin();
            let stories = stories();
            // Half the pairs are a query and the query typed further.
            for (narrow, wide) in [(format!("{a}{extra}"), a.clone()), (a.clone(), b.clone())] {
                let (Ok(narrow_q), Ok(wide_q)) =
                    (Query::parse(&narrow, &aliases), Query::parse(&wide, &aliases))
                else {
                    continue;
                };
                if !narrow_q.narrows(&wide_q) {
                    continue;
                }
                for (meta, reading) in &stories {
                    prop_assert!(
                        !narrow_q.matches_with(meta, reading) || wide_q.matches_with(meta, reading),
                        "{narrow:?} narrows {wide:?} but matches {:?} that it does not", meta.title
                    );
                }
            }
        }
    }
}
