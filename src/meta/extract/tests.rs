use super::*;
use crate::document::raw::{FieldKey as K, Origin as O};
use crate::document::{Block, Chapter, RawField, RichText};
use crate::meta::test_support::{
    document, field, prose_document, seed_000, seed_001, seed_002, seed_003, seed_004,
};
use crate::meta::{RatingLevel, Relationship, RelationshipKind, Status};

fn names(relationships: &[Relationship]) -> Vec<(&str, RelationshipKind)> {
    relationships
        .iter()
        .map(|r| (r.name.as_str(), r.kind))
        .collect()
}

fn prov<'a>(meta: &'a StoryMeta, key: &str) -> &'a str {
    meta.provenance.get(key).map_or("", String::as_str)
}

const BOTH: [&str; 2] = ["Buffy the Vampire Slayer", "Smallville"];

#[test]
fn seed_000_smallville_glory() {
    let doc = seed_000();
    let meta = extract(&doc, &Aliases::builtin());
    assert_eq!(meta.title, "Smallville Glory");
    assert_eq!(prov(&meta, "title"), "title line (line 1)");
    assert!(meta.authors.is_empty());
    assert_eq!(meta.fandoms, BOTH);
    assert_eq!(
        prov(&meta, "fandoms"),
        "inferred from the disclaimer (line 5)"
    );
    assert!(meta.crossover);
    assert!(meta.relationships.is_empty(), "{:?}", meta.relationships);
    assert_eq!(meta.rating, None);
    assert_eq!(meta.status, Status::Unknown);
    assert_eq!(meta.scenes, 7);
    assert_eq!(meta.chapters, 1);
    assert_eq!(meta.words, doc.words());
    assert!((2_000..2_050).contains(&meta.words), "{}", meta.words);
    assert!(
        meta.summary
            .as_deref()
            .unwrap_or("")
            .starts_with("*COA 2010 nominee* With Glory")
    );
    for name in ["Buffy Summers", "Clark Kent", "Lex Luthor", "Spike"] {
        assert!(
            meta.characters.iter().any(|c| c == name),
            "{name} in {:?}",
            meta.characters
        );
    }
}

#[test]
fn seed_001_help_wanted() {
    let doc = seed_001();
    let meta = extract(&doc, &Aliases::builtin());
    assert_eq!(meta.title, "Help Wanted");
    assert_eq!(
        meta.subtitle.as_deref(),
        Some("A Buffy the Vampire Slayer/Smallville Crossover")
    );
    assert!(meta.authors.is_empty());
    assert_eq!(meta.fandoms, BOTH);
    assert_eq!(
        prov(&meta, "fandoms"),
        "inferred from the subtitle (line 5) and the disclaimer (line 7)"
    );
    assert!(meta.crossover);
    // "Does not end in a 'Ship." and the series name "The Boy/Girl Universe" are no pairings.
    assert!(meta.relationships.is_empty(), "{:?}", meta.relationships);
    assert_eq!(meta.rating, None);
    assert_eq!(meta.status, Status::Complete);
    assert_eq!(prov(&meta, "status"), "end marker (line 650) \"The End\"");
    let series = meta.series.as_ref().expect("series");
    assert_eq!(
        (series.name.as_str(), series.index),
        ("The Boy/Girl Universe", Some(2))
    );
    assert_eq!(prov(&meta, "series"), "series banner (line 1)");
    assert_eq!(meta.scenes, 2);
    assert_eq!(meta.site.as_deref(), Some("tthfanfic.org"));
    // Clark is "Kal"/"Kal-El" for most of the story.
    assert!(
        meta.characters.iter().any(|c| c == "Clark Kent"),
        "{:?}",
        meta.characters
    );
}

#[test]
fn seed_002_his_hero() {
    let doc = seed_002();
    let meta = extract(&doc, &Aliases::builtin());
    assert_eq!(meta.title, "His Hero");
    assert_eq!(prov(&meta, "title"), "field \"Title:\" (line 3)");
    assert_eq!(meta.authors, ["hils", "lexalicious70"]);
    // The user markup is gone by now; two handles joined by `and` are two people.
    assert_eq!(
        prov(&meta, "authors"),
        "field \"Author:\" (line 4), split at \"and\"/\"&\""
    );
    assert_eq!(meta.fandoms, ["Smallville"]);
    assert_eq!(prov(&meta, "fandoms"), "field \"Fandom:\" (line 6)");
    assert!(!meta.crossover);
    assert_eq!(
        names(&meta.relationships),
        [("Clark Kent/Lex Luthor", RelationshipKind::Romantic)]
    );
    assert_eq!(meta.relationships[0].key(), "r:clark-kent/lex-luthor");
    assert_eq!(prov(&meta, "relationships"), "field \"Pairing:\" (line 7)");
    let rating = meta.rating.as_ref().expect("rating");
    assert_eq!(
        (rating.raw.as_str(), rating.level),
        ("G", Some(RatingLevel::General))
    );
    assert_eq!(
        meta.warnings,
        ["There may have been some crack involved when we wrote this ;)"]
    );
    assert_eq!(meta.status, Status::Complete);
    assert_eq!(meta.scenes, 5);
    assert_eq!(
        meta.summary.as_deref(),
        Some("Lex finds out the truth about what's really happeing to Smallville")
    );
    assert!(
        meta.characters.starts_with(&["Clark Kent".to_owned()]),
        "{:?}",
        meta.characters
    );
    assert!(meta.characters.iter().any(|c| c == "Lex Luthor"));
    assert_eq!(
        prov(&meta, "characters"),
        "the relationships and names in the text"
    );
}

#[test]
fn seed_003_second_chances() {
    let doc = seed_003();
    let meta = extract(&doc, &Aliases::builtin());
    assert_eq!(meta.title, "Second Chances And New Beginnings");
    assert!(meta.authors.is_empty());
    assert_eq!(meta.fandoms, BOTH);
    assert_eq!(
        prov(&meta, "fandoms"),
        "inferred from the author's note (line 7)"
    );
    assert!(meta.crossover);
    assert_eq!(
        names(&meta.relationships),
        [("Buffy Summers/Lex Luthor", RelationshipKind::Romantic)]
    );
    assert_eq!(
        prov(&meta, "relationships"),
        "inferred from the summary (line 3)"
    );
    // The author's summary stays as written, pairing included.
    assert!(
        meta.summary
            .as_deref()
            .unwrap_or("")
            .ends_with("blonde Slayer? Lex/Buffy")
    );
    assert_eq!(meta.rating, None);
    assert_eq!(meta.status, Status::InProgress);
    assert_eq!(prov(&meta, "status"), "archive footer (line 293)");
    assert_eq!(meta.updated.as_deref(), Some("2007-11-10"));
    assert!((6..=7).contains(&meta.scenes), "{}", meta.scenes);
}

#[test]
fn seed_004_change_of_space() {
    let doc = seed_004();
    let meta = extract(&doc, &Aliases::builtin());
    assert_eq!(meta.title, "Change of Space");
    assert_eq!(meta.authors, ["Annie"]);
    assert_eq!(prov(&meta, "authors"), "byline (line 3)");
    assert_eq!(meta.fandoms, BOTH);
    assert_eq!(prov(&meta, "fandoms"), "inferred from names in the text");
    assert!(meta.crossover);
    assert!(meta.relationships.is_empty(), "{:?}", meta.relationships);
    for name in ["Lex Luthor", "Spike"] {
        assert!(
            meta.characters.iter().any(|c| c == name),
            "{name} in {:?}",
            meta.characters
        );
    }
    assert_eq!(prov(&meta, "characters"), "inferred from names in the text");
    let rating = meta.rating.as_ref().expect("rating");
    assert_eq!(
        (rating.raw.as_str(), rating.level),
        ("R", Some(RatingLevel::Mature))
    );
    assert_eq!(prov(&meta, "rating"), "field \"Rated:\" (line 9)");
    assert_eq!(meta.warnings, ["Slash content"]);
    assert_eq!(meta.status, Status::Unknown);
    assert_eq!(meta.scenes, 8);
    assert!((11_600..11_750).contains(&meta.words), "{}", meta.words);
}

#[test]
fn every_filled_field_has_provenance() {
    for doc in [seed_000(), seed_001(), seed_002(), seed_003(), seed_004()] {
        let meta = extract(&doc, &Aliases::builtin());
        let filled = [
            ("title", !meta.title.is_empty()),
            ("subtitle", meta.subtitle.is_some()),
            ("authors", !meta.authors.is_empty()),
            ("summary", meta.summary.is_some()),
            ("fandoms", !meta.fandoms.is_empty()),
            ("relationships", !meta.relationships.is_empty()),
            ("characters", !meta.characters.is_empty()),
            ("rating", meta.rating.is_some()),
            ("warnings", !meta.warnings.is_empty()),
            ("series", meta.series.is_some()),
            ("status", meta.status != Status::Unknown),
            ("updated", meta.updated.is_some()),
            ("site", meta.site.is_some()),
            ("words", true),
            ("scenes", true),
        ];
        for (key, is_filled) in filled {
            assert_eq!(
                meta.provenance.contains_key(key),
                is_filled,
                "{}: provenance of {key}: {:?}",
                meta.title,
                meta.provenance
            );
        }
    }
}

#[test]
fn title_falls_back_to_the_callers_name() {
    let doc = document(Vec::new(), None, Chapter::default());
    let meta = extract(&doc, &Aliases::builtin());
    assert_eq!(meta.title, "");
    let meta = extract_with_fallback(&doc, &Aliases::builtin(), "004_ca5d7cb0a57c4d69");
    assert_eq!(meta.title, "004_ca5d7cb0a57c4d69");
    assert_eq!(prov(&meta, "title"), "file name");
    let meta = extract_with_fallback(&seed_002(), &Aliases::builtin(), "fallback");
    assert_eq!(meta.title, "His Hero");
}

fn chapter(paragraphs: &[&str]) -> Chapter {
    Chapter {
        id: None,
        title: None,
        blocks: paragraphs
            .iter()
            .map(|p| Block::Paragraph(RichText::plain(*p)))
            .collect(),
    }
}

#[test]
fn fanficfare_style_fields() {
    let fields = vec![
        field(K::Title, O::Field, "Title", "The Great Test", 1),
        field(K::Author, O::Field, "Author", "A, B & C", 2),
        field(
            K::Fandom,
            O::Field,
            "Category",
            "Harry Potter, Buffy: The Vampire Slayer",
            3,
        ),
        field(K::Category, O::Field, "Genre", "Hurt/Comfort, Romance", 4),
        field(
            K::Relationship,
            O::Field,
            "Relationships",
            "Harry/Draco, past Buffy/Angel, Xander & Willow",
            5,
        ),
        field(
            K::Character,
            O::Field,
            "Characters",
            "Harry P., Draco M., Xander H., Buffy",
            6,
        ),
        field(K::Status, O::Field, "Status", "In-Progress", 7),
        field(K::Published, O::Field, "Published", "2014-01-01", 8),
        field(K::Updated, O::Field, "Updated", "Mar 4, 2015", 9),
        field(K::Words, O::Field, "Words", "1,234", 10),
        field(K::Chapters, O::Field, "Chapters", "3/3", 11),
        field(K::Series, O::Field, "Series", "The Great Test [1]", 12),
        field(
            K::Warning,
            O::Field,
            "Warnings",
            "Choose Not To Use Archive Warnings",
            13,
        ),
        field(K::Rating, O::Field, "Rating", "Teen And Up Audiences", 14),
        field(K::Url, O::Field, "Story URL", "http://test1.com?sid=1", 15),
        field(K::EndMarker, O::Footer, "end file", "End file.", 40),
    ];
    let doc = document(
        fields,
        None,
        chapter(&["Harry looked at Draco.", "Buffy laughed."]),
    );
    let meta = extract(&doc, &Aliases::builtin());
    assert_eq!(meta.authors, ["A", "B", "C"]);
    assert_eq!(meta.fandoms, ["Buffy the Vampire Slayer", "Harry Potter"]);
    assert!(meta.crossover);
    assert_eq!(
        names(&meta.relationships),
        [
            ("Draco Malfoy/Harry Potter", RelationshipKind::Romantic),
            ("Angel/Buffy Summers", RelationshipKind::Romantic),
            (
                "Willow Rosenberg & Xander Harris",
                RelationshipKind::Platonic
            ),
        ]
    );
    assert_eq!(
        meta.characters,
        [
            "Buffy Summers",
            "Draco Malfoy",
            "Harry Potter",
            "Xander Harris"
        ]
    );
    assert_eq!(meta.tags, ["Hurt/Comfort", "Romance"]);
    // The explicit status field beats the chapter count.
    assert_eq!(meta.status, Status::InProgress);
    assert_eq!(meta.published.as_deref(), Some("2014-01-01"));
    assert_eq!(meta.updated.as_deref(), Some("2015-03-04"));
    assert_eq!(meta.warnings, ["Creator Chose Not To Use Archive Warnings"]);
    assert_eq!(
        meta.rating.as_ref().and_then(|r| r.level),
        Some(RatingLevel::Teen)
    );
    assert_eq!(meta.url.as_deref(), Some("http://test1.com?sid=1"));
    assert_eq!(meta.words, 6);
    assert_eq!(
        prov(&meta, "words"),
        "counted in the body (field \"Words:\" (line 10) states 1,234)"
    );
    let series = meta.series.expect("series");
    assert_eq!(
        (series.name.as_str(), series.index),
        ("The Great Test", Some(1))
    );
}

#[test]
fn status_precedence() {
    let marker = |v: &str| field(K::EndMarker, O::Footer, "end marker", v, 90);
    let cases: Vec<(Vec<RawField>, Status)> = vec![
        (vec![marker("The End")], Status::Complete),
        (vec![marker("THE END")], Status::Complete),
        (vec![marker("Fin")], Status::Complete),
        (vec![marker("The End?")], Status::Unknown),
        (vec![marker("TBC")], Status::InProgress),
        (vec![marker("To be continued...")], Status::InProgress),
        (vec![marker("End file.")], Status::Unknown),
        (
            vec![
                field(K::Chapters, O::Field, "Chapters", "3/?", 2),
                marker("The End"),
            ],
            Status::InProgress,
        ),
        (
            vec![
                field(K::Status, O::Field, "Completed", "Completed: Yes", 2),
                field(K::Chapters, O::Field, "Chapters", "3/?", 3),
            ],
            Status::Complete,
        ),
        (vec![], Status::Unknown),
    ];
    for (fields, want) in cases {
        let doc = document(fields.clone(), None, chapter(&["Text."]));
        assert_eq!(
            extract(&doc, &Aliases::builtin()).status,
            want,
            "{fields:?}"
        );
    }
}

#[test]
fn stated_pairing_none_blocks_summary_inference() {
    let fields = vec![
        field(K::Fandom, O::Field, "Fandom", "Smallville", 1),
        field(K::Relationship, O::Field, "Pairing", "None", 2),
        field(
            K::Summary,
            O::Field,
            "Summary",
            "Lex meets Clark. Clark/Lex",
            3,
        ),
    ];
    let doc = document(fields, None, chapter(&["Text."]));
    assert!(extract(&doc, &Aliases::builtin()).relationships.is_empty());
}

#[test]
fn lone_buffy_in_a_disclaimer_needs_a_second_signal() {
    let disclaimer = field(
        K::Disclaimer,
        O::Field,
        "Disclaimer",
        "Buffy belongs to Joss.",
        2,
    );
    let doc = document(
        vec![disclaimer.clone()],
        None,
        chapter(&["Nothing to see here."]),
    );
    assert!(extract(&doc, &Aliases::builtin()).fandoms.is_empty());
    let body = chapter(&[
        "Buffy and Willow met Xander at the Bronze.",
        "Xander told Buffy that Willow was late.",
        "Giles sighed. Giles always sighed.",
    ]);
    let doc = document(vec![disclaimer], None, body);
    assert_eq!(
        extract(&doc, &Aliases::builtin()).fandoms,
        ["Buffy the Vampire Slayer"]
    );
}

#[test]
fn a_fandom_field_is_never_overridden_by_evidence() {
    let fields = vec![
        field(K::Fandom, O::Field, "Fandom", "Smallville", 1),
        field(
            K::Disclaimer,
            O::Field,
            "Disclaimer",
            "Buffy the Vampire Slayer is not mine.",
            2,
        ),
    ];
    let doc = document(fields, None, chapter(&["Text."]));
    let meta = extract(&doc, &Aliases::builtin());
    assert_eq!(meta.fandoms, ["Smallville"]);
    assert!(!meta.crossover);
}

#[test]
fn user_aliases_reach_extraction() {
    let mut user = crate::meta::UserAliases::default();
    user.fandoms
        .insert("Buffyverse fic".into(), "Buffy the Vampire Slayer".into());
    user.ships
        .insert("Chlex".into(), "Chloe Sullivan & Lex Luthor".into());
    let aliases = Aliases::new(&user).expect("valid aliases");
    let fields = vec![
        field(K::Fandom, O::Field, "Fandom", "Buffyverse fic, SV", 1),
        field(K::Relationship, O::Field, "Pairing", "Chlex", 2),
    ];
    let doc = document(fields, None, chapter(&["Text."]));
    let meta = extract(&doc, &aliases);
    assert_eq!(meta.fandoms, BOTH);
    assert_eq!(
        names(&meta.relationships),
        [("Chloe Sullivan & Lex Luthor", RelationshipKind::Platonic)]
    );
}

#[test]
fn jane_austen_gets_no_fandom() {
    for novel in [
        "prideprejudice.txt",
        "sensesensibility.txt",
        "emma.txt",
        "persuasion.txt",
    ] {
        let Some(text) = crate::meta::test_support::corpus_file(&format!("janeaustenr/{novel}"))
        else {
            return;
        };
        let meta = extract(&prose_document(&text), &Aliases::builtin());
        assert!(meta.fandoms.is_empty(), "{novel}: {:?}", meta.fandoms);
        assert!(meta.characters.is_empty(), "{novel}: {:?}", meta.characters);
        assert!(!meta.crossover);
    }
}

#[test]
fn odd_documents_do_not_panic() {
    let long = "x".repeat(1 << 20);
    let texts = [
        "",
        " ",
        "*",
        "/",
        "&",
        "Buffy/",
        "/Lex",
        "\u{301}",
        "日本語/中文",
        "🙂/🙂",
        long.as_str(),
    ];
    for text in texts {
        let fields = vec![
            field(K::Title, O::Field, "Title", text, 1),
            field(K::Author, O::Field, "Author", text, 1),
            field(K::Fandom, O::Field, "Fandom", text, 1),
            field(K::Relationship, O::Field, "Pairing", text, 1),
            field(K::Character, O::Field, "Characters", text, 1),
            field(K::Summary, O::Field, "Summary", text, 1),
            field(K::Series, O::Field, "Series", text, 1),
            field(K::Status, O::Footer, "archive footer", text, 1),
            field(K::Disclaimer, O::Field, "Disclaimer", text, 1),
            field(K::EndMarker, O::Footer, "end marker", text, 1),
            field(K::Updated, O::Field, "Updated", text, 1),
        ];
        let doc = document(fields, None, chapter(&[text]));
        let _ = extract(&doc, &Aliases::builtin());
    }
}

#[test]
fn ffn_copy_paste_fields() {
    let fields = vec![
        field(K::Title, O::Field, "Title", "Kansas Nights", 1),
        field(
            K::Fandom,
            O::Field,
            "Category",
            "Buffy: The Vampire Slayer + Smallville Crossover",
            2,
        ),
        field(K::Rating, O::Field, "Rated", "Fiction T", 3),
        field(
            K::Character,
            O::Field,
            "Characters",
            "[Clark K., Lex L.] Chloe S.",
            3,
        ),
        field(
            K::Summary,
            O::Field,
            "Summary",
            "Chloe finds out. Willow/Tara",
            4,
        ),
        field(K::Status, O::Field, "Status", "Complete", 3),
    ];
    let doc = document(fields, None, chapter(&["Text."]));
    let meta = extract(&doc, &Aliases::builtin());
    assert_eq!(meta.fandoms, BOTH);
    assert_eq!(
        names(&meta.relationships),
        [("Clark Kent/Lex Luthor", RelationshipKind::Romantic)]
    );
    assert_eq!(
        prov(&meta, "relationships"),
        "field \"Characters:\" (line 3)"
    );
    assert_eq!(
        meta.characters,
        ["Chloe Sullivan", "Clark Kent", "Lex Luthor"]
    );
    assert_eq!(
        meta.rating.as_ref().and_then(|r| r.level),
        Some(RatingLevel::Teen)
    );
    assert_eq!(meta.status, Status::Complete);
}

#[test]
fn ratings_keep_the_raw_value() {
    let cases = [
        ("G", Some(RatingLevel::General)),
        ("PG-13", Some(RatingLevel::Teen)),
        ("FR15", Some(RatingLevel::Teen)),
        ("Teen And Up Audiences", Some(RatingLevel::Teen)),
        ("R", Some(RatingLevel::Mature)),
        ("NC-17", Some(RatingLevel::Explicit)),
        ("Explicit", Some(RatingLevel::Explicit)),
        ("Not Rated", Some(RatingLevel::NotRated)),
        ("mild swearing", None),
    ];
    for (raw, level) in cases {
        let doc = document(
            vec![field(K::Rating, O::Field, "Rating", raw, 1)],
            None,
            chapter(&["Text."]),
        );
        let rating = extract(&doc, &Aliases::builtin()).rating.expect(raw);
        assert_eq!((rating.raw.as_str(), rating.level), (raw, level));
    }
}

#[test]
fn tth_category_paths() {
    let fields = vec![field(
        K::Fandom,
        O::Field,
        "Categories",
        "Smallville > Buffy-Centered",
        1,
    )];
    let doc = document(fields, Some("tthfanfic.org"), chapter(&["Text."]));
    let meta = extract(&doc, &Aliases::builtin());
    assert_eq!(meta.fandoms, BOTH);
    assert!(meta.crossover);
}

#[test]
fn hostile_lists_stay_cheap() {
    let commas = "Clark/Lex, ".repeat(100_000);
    let slashes = "a/b ".repeat(100_000);
    let fields = vec![
        field(K::Relationship, O::Field, "Pairing", &commas, 1),
        field(K::Summary, O::Field, "Summary", &slashes, 2),
    ];
    let doc = document(fields, None, chapter(&["Text."]));
    let meta = extract(&doc, &Aliases::builtin());
    assert_eq!(
        names(&meta.relationships),
        [("Clark Kent/Lex Luthor", RelationshipKind::Romantic)]
    );
}

#[test]
fn crossover_statement_in_a_summary() {
    let fields = vec![
        field(K::Title, O::Loose, "title line", "Slayer in Metropolis", 1),
        field(
            K::Summary,
            O::Field,
            "Summary",
            "Buffy needs a job. A Buffy/Smallville crossover.",
            3,
        ),
    ];
    let doc = document(fields, None, chapter(&["Text."]));
    let meta = extract(&doc, &Aliases::builtin());
    assert_eq!(meta.fandoms, BOTH);
    assert_eq!(prov(&meta, "fandoms"), "inferred from the summary (line 3)");
}

fn items(key: K, label: &str, values: &[&str]) -> RawField {
    RawField {
        key,
        label: label.to_owned(),
        values: values.iter().map(|v| (*v).to_owned()).collect(),
        itemised: true,
        origin: O::Field,
        line: None,
    }
}

#[test]
fn itemised_tags_are_read_whole() {
    let fields = vec![
        items(
            K::Fandom,
            "Fandoms",
            &[
                "Valdemar Series - Mercedes Lackey",
                "僕のヒーローアカデミア | Boku no Hero Academia | My Hero Academia",
            ],
        ),
        items(
            K::Relationship,
            "Relationships",
            &[
                "Original Female Character(s)/Original Male Character(s)",
                "Happy/Pantherlily (Fairy Tail)",
                "past Harry Truman/Josie Packard",
                "Nepeta Lejion\u{2666}Equius Zahhak",
            ],
        ),
        items(
            K::Character,
            "Characters",
            &["Yamada Hizashi | Present Mic", "Jackal (Fairy Tail)"],
        ),
        items(K::Category, "Categories", &["F/M", "Gen"]),
    ];
    let doc = document(fields, Some("archiveofourown.org"), chapter(&["Text."]));
    let meta = extract(&doc, &Aliases::builtin());
    assert_eq!(meta.fandoms, ["My Hero Academia", "Valdemar Series"]);
    assert!(meta.crossover);
    assert_eq!(
        names(&meta.relationships),
        [
            (
                // AO3's generic tag as AO3 spells it.
                "Original Female Character(s)/Original Male Character(s)",
                RelationshipKind::Romantic
            ),
            ("Happy/Pantherlily", RelationshipKind::Romantic),
            ("Harry Truman/Josie Packard", RelationshipKind::Romantic),
            ("Equius Zahhak & Nepeta Lejion", RelationshipKind::Platonic),
        ]
    );
    assert_eq!(meta.characters, ["Jackal", "Yamada Hizashi"]);
    assert_eq!(meta.tags, ["F/M", "Gen"]);
    assert_eq!(meta.site.as_deref(), Some("archiveofourown.org"));
    assert_eq!(prov(&meta, "site"), "the site's page chrome");
    assert_eq!(meta.work, None);
}

#[test]
fn work_identity_from_the_most_trusted_url() {
    let fields = vec![
        field(
            K::Url,
            O::Container,
            "dc:identifier",
            "fanficfare-uid:www.fanfiction.net-u1-s3144867",
            0,
        ),
        field(
            K::Url,
            O::Field,
            "Story URL",
            "https://www.fanfiction.net/s/3144867/1/Fire_and_Feather",
            20,
        ),
    ];
    let doc = document(fields, Some("www.fanfiction.net"), chapter(&["Text."]));
    let meta = extract(&doc, &Aliases::builtin());
    assert_eq!(meta.work.as_deref(), Some("ffn:3144867"));
    assert_eq!(meta.site.as_deref(), Some("fanfiction.net"));
    assert_eq!(
        meta.url.as_deref(),
        Some("https://www.fanfiction.net/s/3144867/1/Fire_and_Feather")
    );
    assert_eq!(
        prov(&meta, "work"),
        "the story URL (field \"Story URL:\" (line 20))"
    );
    // A uid alone still names the work, but is no address.
    let fields = vec![field(
        K::Url,
        O::Container,
        "dc:identifier",
        "fanficfare-uid:archiveofourown.org-ufoo-s334557",
        0,
    )];
    let meta = extract(
        &document(fields, None, chapter(&["Text."])),
        &Aliases::builtin(),
    );
    assert_eq!(meta.work.as_deref(), Some("ao3:334557"));
    assert_eq!(meta.url, None);
}

#[test]
fn hostile_itemised_lists_stay_cheap() {
    // Distinct name-like members: digits spelled as letters (`Abc/Babc`).
    let word = |i: usize| -> String {
        i.to_string()
            .bytes()
            .map(|d| char::from(b'a' + (d - b'0')))
            .collect()
    };
    let many: Vec<String> = (0..100_000)
        .map(|i| format!("A{0}/B{0}", word(i)))
        .collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let fields = vec![
        items(K::Relationship, "Relationships", &many),
        items(K::Fandom, "Fandoms", &many),
        items(K::Character, "Characters", &many),
    ];
    let doc = document(fields, None, chapter(&["Text."]));
    let meta = extract(&doc, &Aliases::builtin());
    assert_eq!(meta.relationships.len(), 200);
    assert!(meta.fandoms.len() <= 200);
    assert!(meta.characters.len() <= 200);
}

fn subject_field(items: &[&str], line: usize) -> RawField {
    let mut field = RawField::new(K::Subject, "subject line", "", O::Loose).at_line(line);
    field.values = items.iter().map(|&i| i.to_owned()).collect();
    field.itemised = true;
    field
}

#[test]
fn subject_line_is_evidence_for_fandoms_and_relationships() {
    let a = Aliases::builtin();
    let doc = document(
        vec![
            field(K::Title, O::Loose, "subject line", "Salt Lines", 6),
            field(K::Rating, O::Loose, "subject line", "PG-13", 6),
            subject_field(&["SPN/BtVS", "Dean/Faith", "Sam & Willow"], 6),
        ],
        None,
        prose_document("Dean salted the door.").chapters.remove(0),
    );
    let meta = extract(&doc, &a);
    assert_eq!(meta.title, "Salt Lines");
    assert_eq!(meta.fandoms, ["Buffy the Vampire Slayer", "Supernatural"]);
    assert_eq!(
        prov(&meta, "fandoms"),
        "inferred from the subject line (line 6)"
    );
    assert_eq!(
        names(&meta.relationships),
        [
            ("Dean Winchester/Faith Lehane", RelationshipKind::Romantic),
            (
                "Sam Winchester & Willow Rosenberg",
                RelationshipKind::Platonic
            ),
        ]
    );
    assert_eq!(
        prov(&meta, "relationships"),
        "inferred from the subject line (line 6)"
    );
    assert_eq!(meta.rating.map(|r| r.raw).as_deref(), Some("PG-13"));
}

#[test]
fn stated_fields_outrank_the_subject_line() {
    let a = Aliases::builtin();
    let doc = document(
        vec![
            field(K::Title, O::Loose, "subject line", "Fic: Salt", 3),
            subject_field(&["SPN", "Dean/Cas"], 3),
            field(K::Title, O::Field, "Title", "Salt Lines", 8),
            field(K::Fandom, O::Field, "Fandom", "Supernatural", 9),
            field(K::Relationship, O::Field, "Pairing", "Sam/Dean", 10),
        ],
        None,
        prose_document("Dean salted the door.").chapters.remove(0),
    );
    let meta = extract(&doc, &a);
    assert_eq!(meta.title, "Salt Lines");
    assert_eq!(meta.fandoms, ["Supernatural"]);
    assert_eq!(
        names(&meta.relationships),
        [("Dean Winchester/Sam Winchester", RelationshipKind::Romantic)]
    );
}

#[test]
fn single_fandom_archive_gives_its_fandom() {
    let a = Aliases::builtin();
    let chapter = || {
        prose_document("Twilight shelved the book.")
            .chapters
            .remove(0)
    };
    // Nothing named: the site's fandom.
    let meta = extract(&document(vec![], Some("fimfiction.net"), chapter()), &a);
    assert_eq!(meta.fandoms, ["My Little Pony: Friendship is Magic"]);
    assert_eq!(prov(&meta, "fandoms"), "the site (fimfiction.net)");
    // Equestria Girls named in a note: same family, no second fandom.
    let note = field(
        K::Note,
        O::Field,
        "Author's Note",
        "An Equestria Girls story.",
        7,
    );
    let meta = extract(&document(vec![note], Some("fimfiction.net"), chapter()), &a);
    assert_eq!(meta.fandoms, ["My Little Pony: Equestria Girls"]);
    // A crossover named in a note keeps the site's fandom too.
    let note = field(K::Note, O::Field, "A/N", "A Doctor Who crossover.", 7);
    let meta = extract(&document(vec![note], Some("fimfiction.net"), chapter()), &a);
    assert_eq!(
        meta.fandoms,
        ["Doctor Who", "My Little Pony: Friendship is Magic"]
    );
    // A stated fandom field is exactly the fandoms; other sites give nothing.
    let stated = field(K::Fandom, O::Field, "Category", "Doctor Who", 4);
    let meta = extract(
        &document(vec![stated], Some("fimfiction.net"), chapter()),
        &a,
    );
    assert_eq!(meta.fandoms, ["Doctor Who"]);
    let meta = extract(&document(vec![], Some("fanfiction.net"), chapter()), &a);
    assert!(meta.fandoms.is_empty());
}

#[test]
fn itemised_authors_are_never_split() {
    let a = Aliases::builtin();
    let mut byline = RawField::new(K::Author, "byline", "", O::Loose).at_line(6);
    byline.values = vec!["Salt and Pepper".to_owned(), "Bread & Butter".to_owned()];
    byline.itemised = true;
    let meta = extract(
        &document(
            vec![byline],
            None,
            prose_document("Text.").chapters.remove(0),
        ),
        &a,
    );
    assert_eq!(meta.authors, ["Salt and Pepper", "Bread & Butter"]);
    // A written list still splits: co-authors joined by "and".
    let written = field(K::Author, O::Field, "Author", "hils and lexalicious70", 4);
    let meta = extract(
        &document(
            vec![written],
            None,
            prose_document("Text.").chapters.remove(0),
        ),
        &a,
    );
    assert_eq!(meta.authors, ["hils", "lexalicious70"]);
}

mod who_and_series;
