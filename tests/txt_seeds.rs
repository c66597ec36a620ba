//! The plain-text reader on real files: the seeds in `library/` against the raw
//! contract (fields, body bounds, scenes, words), and downloads from
//! `../shared/corpus` (Austen novels, FanFicFare TXT, a cp1252 French fic), which
//! are skipped with a message when the corpus is absent.

use std::path::{Path, PathBuf};

use ficread::document::raw::Origin;
use ficread::document::{Block, Document, Emphasis, FieldKey};
use ficread::format::{encoding, txt};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Reads and parses the seed whose file name starts with `prefix`.
fn seed(prefix: &str) -> (String, Document) {
    let dir = manifest().join("library");
    let path = std::fs::read_dir(&dir)
        .expect("library/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("seed {prefix} in {}", dir.display()));
    read(&path)
}

fn read(path: &Path) -> (String, Document) {
    let bytes = std::fs::read(path).expect("readable");
    let text = encoding::decode(&bytes);
    let doc = txt::parse(&text);
    doc.check()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (text, doc)
}

/// A corpus file, or `None` (with a message) when `../shared/corpus` is absent.
fn corpus(relative: &str) -> Option<(String, Document)> {
    let path: PathBuf = manifest().join("../shared/corpus").join(relative);
    if !path.exists() {
        eprintln!(
            "skipping: {} not found (../shared/corpus is absent)",
            path.display()
        );
        return None;
    }
    Some(read(&path))
}

/// 1-based line of the source text.
fn line(text: &str, number: usize) -> &str {
    text.lines().nth(number - 1).expect("line exists")
}

type WantField<'a> = (FieldKey, Origin, &'a str, &'a str, usize);

/// The fields exactly, in order: key, origin, label, value, line.
fn assert_fields(doc: &Document, want: &[WantField<'_>]) {
    let got: Vec<(FieldKey, Origin, String, String, usize)> = doc
        .raw
        .fields
        .iter()
        .map(|f| {
            (
                f.key,
                f.origin,
                f.label.clone(),
                f.joined(),
                f.line.unwrap_or(0),
            )
        })
        .collect();
    let want: Vec<(FieldKey, Origin, String, String, usize)> = want
        .iter()
        .map(|&(k, o, l, v, n)| (k, o, l.to_owned(), v.to_owned(), n))
        .collect();
    assert_eq!(got, want);
}

fn paragraphs(doc: &Document) -> Vec<&str> {
    doc.chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .filter(|b| matches!(b, Block::Paragraph(_)))
        .map(Block::text)
        .collect()
}

/// Chrome, header and footer text that must never reach the body.
const CHROME: &[&str] = &[
    "Powered by Dreamwidth",
    "This account has disabled",
    "Page generated",
    "profile]",
    "You have reached the end",
    "If you enjoyed this story",
    "Title:",
    "Summary:",
    "Disclaimer:",
    "DISCLAIMER:",
    "Author's Note:",
    "This story is No.",
    "fandomcorner",
];

struct Body<'a> {
    first: &'a str,
    last: &'a str,
    scenes: usize,
    words: usize,
}

fn assert_body(doc: &Document, want: &Body<'_>) {
    assert_eq!(doc.chapters.len(), 1, "one untitled chapter");
    assert_eq!(doc.chapters[0].title, None);
    let paras = paragraphs(doc);
    assert_eq!(paras.first().copied(), Some(want.first), "first paragraph");
    assert_eq!(paras.last().copied(), Some(want.last), "last paragraph");
    assert_eq!(doc.scenes(), want.scenes, "scenes");
    let words = doc.words();
    let tolerance = want.words / 100;
    assert!(
        words.abs_diff(want.words) <= tolerance,
        "words {words}, want {} ± {tolerance}",
        want.words
    );
    for text in doc.texts() {
        for chrome in CHROME {
            assert!(
                !text.contains(chrome),
                "chrome {chrome:?} in body: {text:?}"
            );
        }
        for marker in ["The End", "The End?"] {
            assert_ne!(text, marker, "end marker in body");
        }
    }
}

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

#[test]
fn austen_chapter_counts_and_titles() {
    let books = [
        (
            "prideprejudice.txt",
            "PRIDE AND PREJUDICE",
            61,
            "Chapter 1",
            "Chapter 61",
            None,
        ),
        (
            "sensesensibility.txt",
            "SENSE AND SENSIBILITY",
            50,
            "CHAPTER 1",
            "CHAPTER 50",
            Some("THE END"),
        ),
        (
            "persuasion.txt",
            "Persuasion",
            24,
            "Chapter 1",
            "Chapter 24",
            Some("Finis"),
        ),
        (
            "emma.txt",
            "EMMA",
            55,
            "VOLUME I — CHAPTER I",
            "CHAPTER XIX",
            Some("FINIS"),
        ),
    ];
    for (file, title, chapters, first, last, end) in books {
        let Some((_, doc)) = corpus(&format!("janeaustenr/{file}")) else {
            return;
        };
        assert_eq!(
            doc.raw
                .first(FieldKey::Title)
                .map(ficread::document::RawField::joined),
            Some(title.to_owned()),
            "{file}"
        );
        assert_eq!(
            doc.raw
                .first(FieldKey::Author)
                .map(ficread::document::RawField::joined),
            Some("Jane Austen".to_owned()),
            "{file}"
        );
        assert_eq!(doc.chapters.len(), chapters, "{file}");
        assert_eq!(
            doc.chapters.first().and_then(|c| c.title.as_deref()),
            Some(first),
            "{file}"
        );
        assert_eq!(
            doc.chapters.last().and_then(|c| c.title.as_deref()),
            Some(last),
            "{file}"
        );
        assert_eq!(
            doc.raw
                .first(FieldKey::EndMarker)
                .map(ficread::document::RawField::joined)
                .as_deref(),
            end,
            "{file}"
        );
        assert!(
            doc.chapters.iter().all(|c| c.words() > 500),
            "{file}: no empty or stub chapter"
        );
        // No heading or title-page line leaks into the body.
        for text in doc.texts() {
            assert!(
                !text.starts_with("Chapter ") || text.len() > 20,
                "{file}: {text:?}"
            );
            assert!(
                !text.starts_with("CHAPTER ") && !text.starts_with("VOLUME "),
                "{file}: {text:?}"
            );
            assert_ne!(text, "Jane Austen");
        }
    }
}

#[test]
fn austen_paragraphs_breaks_and_emphasis() {
    let Some((_, doc)) = corpus("janeaustenr/prideprejudice.txt") else {
        return;
    };
    let paras = paragraphs(&doc);
    assert_eq!(
        paras[0],
        "It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife."
    );
    // `_You_` becomes an italic span without the underscores.
    let you = doc.chapters[0]
        .blocks
        .iter()
        .filter_map(Block::rich_text)
        .find(|t| t.text.starts_with("\"You want to tell me"))
        .expect("paragraph with _You_");
    assert_eq!(you.spans.len(), 1);
    assert_eq!(&you.text[you.spans[0].range.clone()], "You");
    assert!(paras.iter().all(|p| !p.contains("_You_")));
    // The six indented `* * * * *` lines are scene breaks inside their chapters.
    let breaks: usize = doc
        .chapters
        .iter()
        .map(|c| {
            c.blocks
                .iter()
                .filter(|b| matches!(b, Block::SceneBreak))
                .count()
        })
        .sum();
    assert!(breaks >= 6, "breaks {breaks}");
    assert!(paras.iter().all(|p| !p.contains("* * *")));
    // Hard-wrapped lines are re-joined: no paragraph is a fragment of one line.
    let words = doc.words();
    assert!((120_000..123_000).contains(&words), "words {words}");
    assert!(
        paras.len() > 2000 && paras.len() < 3000,
        "paragraphs {}",
        paras.len()
    );
}

#[test]
fn austen_emma_volumes_do_not_make_empty_chapters() {
    let Some((_, doc)) = corpus("janeaustenr/emma.txt") else {
        return;
    };
    let volumes: Vec<(usize, &str)> = doc
        .chapters
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            c.title
                .as_deref()
                .filter(|t| t.starts_with("VOLUME"))
                .map(|t| (i, t))
        })
        .collect();
    assert_eq!(
        volumes,
        [
            (0, "VOLUME I — CHAPTER I"),
            (18, "VOLUME II — CHAPTER I"),
            (36, "VOLUME III — CHAPTER I")
        ]
    );
}

#[test]
fn fanficfare_txt_fields_and_chapters() {
    let Some((_, doc)) = corpus("fanficfare-generated/test1-story1.txt") else {
        return;
    };
    assert_eq!(doc.raw.site.as_deref(), Some("test1.com"));
    let got: Vec<(FieldKey, &str, String, usize)> = doc
        .raw
        .fields
        .iter()
        .map(|f| (f.key, f.label.as_str(), f.joined(), f.line.unwrap_or(0)))
        .collect();
    let want = [
        (FieldKey::Title, "title line", "Test Story Title 1", 4),
        (FieldKey::Author, "byline", "Test Author aa", 6),
        (FieldKey::Series, "Series", "The Great Test [1]", 10),
        (
            FieldKey::Fandom,
            "Category",
            "Furbie, Harry Potter, Magical Girl Lyrical Nanoha, Once Upon a Time (TV), Puella Magi Madoka Magica/魔法少女まどか★マギカ",
            12,
        ),
        (
            FieldKey::Category,
            "Genre",
            "Comedy, Fantasy, Noir, Sci-Fi",
            14,
        ),
        (
            FieldKey::Character,
            "Characters",
            "Bob Smith, Fred Smythe, George Johnson",
            15,
        ),
        (
            FieldKey::Relationship,
            "Relationships",
            "Harry Potter & Hermione Granger, Harry Potter/Ginny Weasley, Harry Potter/Ginny Weasley/Albus Dumbledore",
            16,
        ),
        (FieldKey::Status, "Status", "In-Progress", 18),
        (FieldKey::Published, "Published", "1975-03-15", 19),
        (FieldKey::Updated, "Updated", "1975-04-15", 20),
        (FieldKey::Rating, "Rating", "Tweenie", 22),
        (FieldKey::Warning, "Warnings", "Swearing, Violence", 23),
        (FieldKey::Chapters, "Chapters", "9", 24),
        (FieldKey::Words, "Words", "123,456", 25),
        (FieldKey::Url, "Story URL", "http://test1.com?sid=1", 27),
        (
            FieldKey::Summary,
            "Summary",
            "Description tests:[bare amp(&) qt(') amp(&) gt(>) lt(<) ATnT(AT&T) L(£) Onna(女)] Done Some more longer description. \"I suck at summaries!\" \"Better than it sounds!\" A span! \"My first fic\"",
            29,
        ),
        (FieldKey::EndMarker, "end file", "End file.", 623),
    ];
    let want: Vec<(FieldKey, &str, String, usize)> = want
        .iter()
        .map(|&(k, l, v, n)| (k, l, v.to_owned(), n))
        .collect();
    assert_eq!(got, want);

    let titles: Vec<&str> = doc
        .chapters
        .iter()
        .filter_map(|c| c.title.as_deref())
        .collect();
    assert_eq!(
        titles,
        [
            "Prologue tests:[bare amp(&) qt(') amp(&) gt(>) lt(<) ATnT(AT&T) L(£) Onna(女)]",
            "Chapter 1, Xenos on Cinnabar",
            "Chapter 2, Sinmay on Kintikin",
            "Chapter 3, \"Over\" Cinnabar",
            "Chapter 4 & 4.5",
            "Chapter 5 < 5.4",
            "Chapter A & B < C > D",
            "Chapter 7",
            "Chapter 8",
        ]
    );
    // The table of contents, title page and `End file.` are not body text.
    for text in doc.texts() {
        for chrome in [
            "TABLE OF CONTENTS",
            "Story URL",
            "Packaged",
            "End file.",
            "Test Author aa",
        ] {
            assert!(!text.contains(chrome), "{chrome:?} in body: {text:?}");
        }
    }
    let chapter = &doc.chapters[1];
    assert_eq!(
        chapter.blocks[0],
        Block::Heading(ficread::document::RichText::plain(
            "Chapter title from site"
        ))
    );
    // Wrapped lines joined; `_italics_` and `**bold**` became spans.
    let lorem = chapter
        .blocks
        .iter()
        .filter_map(Block::rich_text)
        .find(|t| t.text.starts_with("Lorem tests:"))
        .expect("lorem paragraph");
    assert!(lorem.text.ends_with("id est laborum."));
    let spans: Vec<(&str, Emphasis)> = lorem
        .spans
        .iter()
        .map(|s| (&lorem.text[s.range.clone()], s.emphasis))
        .collect();
    assert_eq!(
        spans,
        [("italics", Emphasis::Italic), ("bold", Emphasis::Bold)]
    );
    // `* * *` and the long `<br>` runs are breaks; `<br>` lines end paragraphs.
    assert_eq!(chapter.scenes(), 5);
    let paras: Vec<&str> = chapter.blocks.iter().map(Block::text).collect();
    assert!(paras.contains(&"br breaks"));
    assert!(paras.contains(&"horizontal rules"));
}

#[test]
fn cp1252_french_fic_without_blank_lines() {
    let Some((_, doc)) = corpus("fanficfare-fixture/683_jainas_kiba.txt") else {
        return;
    };
    assert_eq!(doc.chapters.len(), 1);
    assert_eq!(doc.chapters[0].title.as_deref(), Some("Un\u{a0}: Kiba"));
    let fields: Vec<(FieldKey, &str, usize)> = doc
        .raw
        .fields
        .iter()
        .map(|f| (f.key, f.label.as_str(), f.line.unwrap_or(0)))
        .collect();
    assert_eq!(
        fields,
        [
            (FieldKey::Note, "Note", 1),
            (FieldKey::Title, "title line", 5)
        ]
    );
    assert_eq!(
        doc.raw
            .first(FieldKey::Title)
            .map(ficread::document::RawField::joined),
        Some("Crise".to_owned())
    );
    // One paragraph per line: 67 non-blank body lines, and each blank line between
    // them is a scene gap (13 runs, the 3-line run included).
    let paras = paragraphs(&doc);
    assert_eq!(paras.len(), 67);
    assert!(paras[0].starts_with("Kiba se tassa un peu plus sur lui-même"));
    assert_eq!(
        paras[1],
        "\" Tu peux aller te faire voir, espèce de fils de pute, tu n’obtiendras rien de moi…\u{a0}»"
    );
    assert_eq!(paras.last().copied(), Some("Tel est Kiba Inuzuka."));
    assert_eq!(doc.scenes(), 14);
    for text in doc.texts() {
        assert_ne!(text, "Crise");
        assert!(!text.starts_with("Note"));
    }
}
