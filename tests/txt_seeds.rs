//! The plain-text reader on the seeds in `library/`, against the raw contract
//! (notes/raw-contract.md): every field's key, origin, label, value and line, the
//! body's first and last paragraph, its scenes and words, and no chrome in it.

#[path = "support/txt.rs"]
mod support;

use ficread::document::raw::Origin;
use ficread::document::{Block, Emphasis, FieldKey};
use ficread::format::txt;
use support::{Body, assert_body, assert_fields, line, paragraphs, seed};

#[test]
fn seed_000_smallville_glory() {
    let (text, doc) = seed("000");
    assert_eq!(doc.raw.site, None);
    assert_fields(
        &doc,
        &[
            (
                FieldKey::Title,
                Origin::Loose,
                "title line",
                "Smallville Glory",
                1,
            ),
            (
                FieldKey::Summary,
                Origin::Field,
                "Summary",
                "*COA 2010 nominee* With Glory hot on their trail, the Scooby gang thinks to ask for help. This leads them to Smallville, Kansas, where they seek the one being able to go toe-to-toe with a hell god.",
                3,
            ),
            (
                FieldKey::Disclaimer,
                Origin::Field,
                "Disclaimer",
                "What, me own anything? Smallville and Buffy are the property of Joss Whedon, DC comics and other people.",
                5,
            ),
        ],
    );
    assert_body(
        &doc,
        &Body {
            first: line(&text, 7),
            last: line(&text, 197),
            scenes: 7,
            words: 2021,
        },
    );
    assert!(doc.raw.first(FieldKey::EndMarker).is_none());
}

#[test]
fn seed_001_help_wanted() {
    let (text, doc) = seed("001");
    assert_eq!(doc.raw.site.as_deref(), Some("tthfanfic.org"));
    assert_fields(
        &doc,
        &[
            (
                FieldKey::Series,
                Origin::Loose,
                "series banner",
                "This story is No. 2 in the series \"The Boy/Girl Universe\". You may wish to read the series introduction and the preceeding stories first.",
                1,
            ),
            (
                FieldKey::Summary,
                Origin::Field,
                "Summary",
                "When Glory decides to go after Dawn in Spiral, Buffy calls in reinforcements to go head to head with her. Does not end in a 'Ship.",
                3,
            ),
            (
                FieldKey::Title,
                Origin::Loose,
                "title line",
                "Help Wanted",
                5,
            ),
            (
                FieldKey::Subtitle,
                Origin::Loose,
                "subtitle",
                "A Buffy the Vampire Slayer/Smallville Crossover",
                5,
            ),
            (
                FieldKey::Disclaimer,
                Origin::Field,
                "DISCLAIMER",
                "Buffy the Vampire Slayer and Smallville are not mine. I claim no stake in their production, and am only playing in their worlds.",
                7,
            ),
            (
                FieldKey::EndMarker,
                Origin::Footer,
                "end marker",
                "The End",
                650,
            ),
        ],
    );
    assert_body(
        &doc,
        &Body {
            first: line(&text, 9),
            last: line(&text, 648),
            scenes: 2,
            words: 7927,
        },
    );
}

#[test]
fn seed_002_his_hero_dreamwidth() {
    let (text, doc) = seed("002");
    assert_eq!(doc.raw.site.as_deref(), Some("dreamwidth.org"));
    assert_fields(
        &doc,
        &[
            (FieldKey::Title, Origin::Field, "Title", "His Hero", 3),
            (
                FieldKey::Author,
                Origin::Field,
                "Author",
                "hils and lexalicious70",
                4,
            ),
            (FieldKey::Rating, Origin::Field, "Rating", "G", 5),
            (FieldKey::Fandom, Origin::Field, "Fandom", "Smallville", 6),
            (
                FieldKey::Relationship,
                Origin::Field,
                "Pairing",
                "Clark/Lex",
                7,
            ),
            (
                FieldKey::Summary,
                Origin::Field,
                "Summary",
                "Lex finds out the truth about what's really happeing to Smallville",
                8,
            ),
            (
                FieldKey::Note,
                Origin::Loose,
                "header note",
                "Inspired by bagheera_san's idea to write a missing scene ficlet for each new episode. This is our offering for Descent.",
                9,
            ),
            (
                FieldKey::Warning,
                Origin::Field,
                "WARNING",
                "There may have been some crack involved when we wrote this ;)",
                10,
            ),
            (
                FieldKey::Note,
                Origin::Loose,
                "header note",
                "Thanks to danceswithgary for the beta",
                11,
            ),
            (
                FieldKey::EndMarker,
                Origin::Footer,
                "end marker",
                "The End",
                265,
            ),
        ],
    );
    assert_body(
        &doc,
        &Body {
            first: line(&text, 15),
            last: line(&text, 263),
            scenes: 5,
            words: 4224,
        },
    );
    // The `* * *` lines are breaks, not words or paragraphs.
    let blocks = &doc.chapters[0].blocks;
    assert_eq!(
        blocks
            .iter()
            .filter(|b| matches!(b, Block::SceneBreak))
            .count(),
        4
    );
    assert!(paragraphs(&doc).iter().all(|p| !p.contains("* * *")));
    // Script lines are paragraphs, not fields.
    let paras = paragraphs(&doc);
    for number in [129, 131, 141] {
        assert!(
            paras.contains(&line(&text, number)),
            "line {number} is a paragraph"
        );
    }
    assert!(
        doc.raw
            .fields
            .iter()
            .all(|f| f.label != "Lex" && f.label != "Clark")
    );
    // `*Later, in Zurich*` is an italic paragraph, not a break.
    let zurich = blocks
        .iter()
        .find(|b| b.text() == "Later, in Zurich")
        .and_then(Block::rich_text)
        .expect("the Zurich line is a paragraph");
    assert_eq!(zurich.spans.len(), 1);
    assert_eq!(zurich.spans[0].range, 0..zurich.text.len());
    assert_eq!(zurich.spans[0].emphasis, Emphasis::Italic);
}

#[test]
fn seed_003_second_chances_tth() {
    let (text, doc) = seed("003");
    assert_eq!(doc.raw.site.as_deref(), Some("tthfanfic.org"));
    assert_fields(
        &doc,
        &[
            (
                FieldKey::Title,
                Origin::Loose,
                "title line",
                "Second Chances And New Beginnings",
                1,
            ),
            (
                FieldKey::Summary,
                Origin::Field,
                "Summary",
                "Lex gets a call from an old friend asking for help, only to find he may be too late to save her. Sometimes though, fates a funny thing. Question is, can Smallville survive a certain blonde Slayer? Lex/Buffy",
                3,
            ),
            (
                FieldKey::Disclaimer,
                Origin::Field,
                "Disclaimer",
                "I don't own anything. All characters belong to their creators and the people who pay for everything, which isn't me.",
                5,
            ),
            (
                FieldKey::Note,
                Origin::Field,
                "Author's Note",
                "Set right after Chosen for BtVS and post Phoenix for Smallville. Answer to a challenge set by Dezi, but I, uh, played with the terms a little. :)",
                7,
            ),
            (
                FieldKey::EndMarker,
                Origin::Footer,
                "end marker",
                "The End?",
                291,
            ),
            (
                FieldKey::Status,
                Origin::Footer,
                "archive footer",
                "You have reached the end of \"Second Chances And New Beginnings\" – so far. This story is incomplete and the last chapter was posted on 10 Nov 07.",
                293,
            ),
        ],
    );
    assert_body(
        &doc,
        &Body {
            first: line(&text, 11),
            last: line(&text, 288),
            scenes: 7,
            words: 5062,
        },
    );
    // Typography is kept as written.
    assert!(paragraphs(&doc)[0].starts_with('“'));
}

#[test]
fn seed_004_change_of_space() {
    let (text, doc) = seed("004");
    assert_eq!(doc.raw.site, None);
    assert_fields(
        &doc,
        &[
            (
                FieldKey::Title,
                Origin::Loose,
                "title line",
                "Change of Space",
                1,
            ),
            (FieldKey::Author, Origin::Loose, "byline", "Annie", 3),
            (
                FieldKey::Note,
                Origin::Loose,
                "header note",
                "Could stand alone, but better to read Fighting Jose, Change of Pace first.",
                8,
            ),
            (
                FieldKey::Warning,
                Origin::Field,
                "Warning",
                "Slash content.",
                8,
            ),
            (
                FieldKey::Summary,
                Origin::Field,
                "Summary",
                "Lex Luthor takes a little trip to the Hellmouth.",
                9,
            ),
            (FieldKey::Rating, Origin::Field, "Rated", "R", 9),
            (
                FieldKey::Disclaimer,
                Origin::Field,
                "Disclaimer",
                "Still not mine, or I would have way, way better insight into what makes them tick.",
                10,
            ),
            (
                FieldKey::Note,
                Origin::Footer,
                "feedback request",
                "If you enjoyed this story, please send feedback to Annie",
                453,
            ),
        ],
    );
    assert_body(
        &doc,
        &Body {
            first: "I underestimated. Everything.",
            // The contract's body ends at 452, a blank line; 451 is its last text.
            last: line(&text, 451),
            scenes: 8,
            words: 11670,
        },
    );
    assert!(paragraphs(&doc).iter().all(|p| *p != "By Annie"));
}

/// Parsing never depends on a trailing newline (002 has none).
#[test]
fn seeds_parse_the_same_with_or_without_final_newline() {
    for prefix in ["000", "002", "004"] {
        let (text, doc) = seed(prefix);
        let other = if text.ends_with('\n') {
            txt::parse(text.trim_end_matches('\n'))
        } else {
            txt::parse(&format!("{text}\n\n"))
        };
        assert_eq!(doc, other, "seed {prefix}");
    }
}
