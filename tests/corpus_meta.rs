//! Normalised metadata of every real download in `../shared/corpus` (skipped with a
//! message when the corpus is absent): each file read with `format::read_file` and
//! `meta::extract_with_fallback` (the file stem as the fallback title, as the library
//! does), checked against what the file itself states. Then the copies of one work
//! (AO3 HTML + EPUB, FanFicFare TXT + HTML + EPUB) must agree field by field, the
//! library index (`ficread list --json`) must say the same, and `ficread cat` must
//! print clean text: no archive chrome, scene breaks as the ornament line.

use std::path::{Path, PathBuf};
use std::process::Command;

use ficread::document::Document;
use ficread::format::read_file;
use ficread::meta::{
    Aliases, RatingLevel, RelationshipKind, Status, StoryMeta, extract_with_fallback,
};

const ROMANTIC: RelationshipKind = RelationshipKind::Romantic;
const PLATONIC: RelationshipKind = RelationshipKind::Platonic;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: corpus not found at {}", dir.display());
        None
    }
}

/// Reads a corpus file and extracts its metadata the way the library does.
fn load(relative: &str) -> Option<(Document, StoryMeta)> {
    let path = corpus()?.join(relative);
    let doc = read_file(&path).unwrap_or_else(|e| panic!("{e}"));
    doc.check().unwrap_or_else(|e| panic!("{relative}: {e}"));
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let meta = extract_with_fallback(&doc, &Aliases::builtin(), stem);
    Some((doc, meta))
}

/// What a corpus file states, normalised.
struct Expect {
    title: &'static str,
    authors: &'static [&'static str],
    fandoms: &'static [&'static str],
    crossover: bool,
    relationships: &'static [(&'static str, RelationshipKind)],
    /// Raw rating and its level.
    rating: Option<(&'static str, Option<RatingLevel>)>,
    warnings: &'static [&'static str],
    status: Status,
    chapters: usize,
    series: Option<(&'static str, Option<u32>)>,
    work: Option<&'static str>,
    site: Option<&'static str>,
    language: Option<&'static str>,
    published: Option<&'static str>,
    updated: Option<&'static str>,
    /// Body words, inclusive range.
    words: (usize, usize),
    /// (chapter index, title) samples.
    chapter_titles: &'static [(usize, &'static str)],
    /// Characters that must be listed.
    characters: &'static [&'static str],
    /// Tags that must be listed.
    tags: &'static [&'static str],
    /// The first body paragraph starts with this.
    opening: &'static str,
}

impl Default for Expect {
    fn default() -> Self {
        Self {
            title: "",
            authors: &[],
            fandoms: &[],
            crossover: false,
            relationships: &[],
            rating: None,
            warnings: &[],
            status: Status::Unknown,
            chapters: 1,
            series: None,
            work: None,
            site: None,
            language: None,
            published: None,
            updated: None,
            words: (0, usize::MAX),
            chapter_titles: &[],
            characters: &[],
            tags: &[],
            opening: "",
        }
    }
}

fn check(relative: &str, want: &Expect) -> Option<(Document, StoryMeta)> {
    let (doc, meta) = load(relative)?;
    let at = |field: &str| format!("{relative}: {field}");
    assert_eq!(meta.title, want.title, "{}", at("title"));
    assert_eq!(meta.authors, want.authors, "{}", at("authors"));
    assert_eq!(meta.fandoms, want.fandoms, "{}", at("fandoms"));
    assert_eq!(meta.crossover, want.crossover, "{}", at("crossover"));
    let relationships: Vec<(&str, RelationshipKind)> = meta
        .relationships
        .iter()
        .map(|r| (r.name.as_str(), r.kind))
        .collect();
    assert_eq!(relationships, want.relationships, "{}", at("relationships"));
    let rating = meta.rating.as_ref().map(|r| (r.raw.as_str(), r.level));
    assert_eq!(rating, want.rating, "{}", at("rating"));
    assert_eq!(meta.warnings, want.warnings, "{}", at("warnings"));
    assert_eq!(meta.status, want.status, "{}", at("status"));
    assert_eq!(meta.chapters, want.chapters, "{}", at("chapters"));
    let series = meta.series.as_ref().map(|s| (s.name.as_str(), s.index));
    assert_eq!(series, want.series, "{}", at("series"));
    assert_eq!(meta.work.as_deref(), want.work, "{}", at("work"));
    assert_eq!(meta.site.as_deref(), want.site, "{}", at("site"));
    assert_eq!(
        meta.language.as_deref(),
        want.language,
        "{}",
        at("language")
    );
    assert_eq!(
        meta.published.as_deref(),
        want.published,
        "{}",
        at("published")
    );
    assert_eq!(meta.updated.as_deref(), want.updated, "{}", at("updated"));
    let (low, high) = want.words;
    assert!(
        (low..=high).contains(&meta.words),
        "{}: {}",
        at("words"),
        meta.words
    );
    for (index, title) in want.chapter_titles {
        let got = doc.chapters.get(*index).and_then(|c| c.title.as_deref());
        assert_eq!(
            got,
            Some(*title),
            "{}",
            at(&format!("chapter {index} title"))
        );
    }
    for name in want.characters {
        assert!(
            meta.characters.iter().any(|c| c == name),
            "{}: {name} not in {:?}",
            at("characters"),
            meta.characters
        );
    }
    for tag in want.tags {
        assert!(
            meta.tags.iter().any(|t| t == tag),
            "{}: {tag} not in {:?}",
            at("tags"),
            meta.tags
        );
    }
    // Categories and genres are never relationships.
    for r in &meta.relationships {
        assert!(
            !matches!(r.name.as_str(), "F/M" | "M/M" | "F/F" | "Hurt/Comfort"),
            "{}: {}",
            at("relationships"),
            r.name
        );
    }
    let opening = doc
        .chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .find(|b| matches!(b, ficread::document::Block::Paragraph(_)))
        .map(ficread::document::Block::text)
        .unwrap_or_default();
    assert!(
        opening.starts_with(want.opening),
        "{}: {opening:?}",
        at("opening")
    );
    // Summaries are clean text: no markup, no control characters but paragraph breaks.
    if let Some(summary) = &meta.summary {
        for markup in [
            "<p", "<br", "<div", "<a ", "</", "&lt;", "&gt;", "&amp;", "&quot;",
        ] {
            assert!(!summary.contains(markup), "{}: {summary}", at("summary"));
        }
        assert!(
            !summary.chars().any(|c| c.is_control() && c != '\n'),
            "{summary:?}"
        );
        assert_eq!(summary.trim(), summary);
    }
    for date in [&meta.published, &meta.updated].into_iter().flatten() {
        let iso = date.len() == 10
            && date.char_indices().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            });
        let year = date.len() == 4 && date.chars().all(|c| c.is_ascii_digit());
        assert!(iso || year, "{}: {date}", at("date"));
    }
    Some((doc, meta))
}

const AO3: Option<&str> = Some("archiveofourown.org");
const TEEN: Option<(&str, Option<RatingLevel>)> =
    Some(("Teen And Up Audiences", Some(RatingLevel::Teen)));

fn fire_and_feather() -> Expect {
    Expect {
        title: "Fire and Feather",
        authors: &["nianeyna"],
        // AO3's `Valdemar Series - Mercedes Lackey`, without the author.
        fandoms: &["Valdemar Series"],
        rating: Some(("General Audiences", Some(RatingLevel::General))),
        warnings: &["No Archive Warnings Apply"],
        // `Chapters: 3/?`
        status: Status::InProgress,
        chapters: 3,
        work: Some("ao3:218676"),
        site: AO3,
        language: Some("English"),
        published: Some("2006-07-09"),
        updated: Some("2007-06-25"),
        words: (7_400, 7_700),
        chapter_titles: &[
            (0, "Chapter 1: Festival"),
            (1, "Chapter 2: Riversong K'Vala"),
            (2, "Chapter 3: Conversations"),
        ],
        characters: &["Original Characters"],
        tags: &["Gen"],
        ..Expect::default()
    }
}

fn world_on_his_wrist() -> Expect {
    Expect {
        title: "The World on His Wrist",
        authors: &["bendingsignpost"],
        // `Sherlock (TV)`
        fandoms: &["Sherlock"],
        relationships: &[
            ("John Watson/Sarah Sawyer", ROMANTIC),
            ("John Watson/Sherlock Holmes", ROMANTIC),
        ],
        rating: TEEN,
        warnings: &["Creator Chose Not To Use Archive Warnings"],
        // `Chapters: 8/8`
        status: Status::Complete,
        chapters: 8,
        series: Some(("Watches 'Verse", Some(1))),
        work: Some("ao3:334557"),
        site: AO3,
        language: Some("English"),
        published: Some("2012-02-07"),
        words: (31_000, 32_500),
        chapter_titles: &[
            (0, "Chapter 1: Prologue"),
            (1, "Chapter 2"),
            (2, "Chapter 3: Part 2"),
            (7, "Chapter 8: Epilogue"),
        ],
        characters: &[
            "Sherlock Holmes",
            "John Watson",
            "Jim Moriarty",
            "Sarah Sawyer",
        ],
        tags: &["F/M", "M/M", "Alternate Reality", "watches 'verse"],
        opening: "John Watson owns two watches.",
        ..Expect::default()
    }
}

#[test]
fn ao3_download_single_chapter() {
    check(
        "ao3downloader-fixtures/htmlTest.html",
        &Expect {
            title: "My Aim Is Steady And True",
            authors: &["nianeyna"],
            fandoms: &["Final Fantasy XIV"],
            // `Honoroit Banlardois/Emmanellain de Fortemps`: the particle stays lower case.
            relationships: &[("Emmanellain de Fortemps/Honoroit Banlardois", ROMANTIC)],
            rating: TEEN,
            warnings: &["Graphic Depictions Of Violence"],
            status: Status::Complete,
            work: Some("ao3:23009290"),
            site: AO3,
            language: Some("English"),
            published: Some("2020-03-04"),
            words: (4_500, 4_700),
            chapter_titles: &[(0, "My Aim Is Steady And True")],
            characters: &["Emmanellain de Fortemps", "Honoroit Banlardois"],
            tags: &["M/M", "Hurt/Comfort", "Angst with a Happy Ending"],
            opening: "Their contact was late.",
            ..Expect::default()
        },
    );
}

#[test]
fn ao3_download_wip_html() {
    check(
        "ao3downloader-fixtures/incompleteWork.html",
        &fire_and_feather(),
    );
}

#[test]
fn ao3_download_wip_epub() {
    check(
        "ao3downloader-fixtures/incompleteWork.epub",
        &fire_and_feather(),
    );
}

#[test]
fn ao3_download_series_html() {
    check(
        "ao3downloader-fixtures/workInSeries.html",
        &world_on_his_wrist(),
    );
}

#[test]
fn ao3_download_series_epub() {
    check(
        "ao3downloader-fixtures/workInSeries.epub",
        &world_on_his_wrist(),
    );
}

#[test]
fn ao3_page_homestuck_quadrants() {
    check(
        "ao3js-mocks/work-168768.html",
        &Expect {
            title: "Fill",
            authors: &["Anonymous"],
            fandoms: &["Homestuck"],
            // `Nepeta Lejion♦Equius Zahhak`, `Equius Zahhak♥Aradia Megido`.
            relationships: &[
                ("Equius Zahhak & Nepeta Lejion", PLATONIC),
                ("Aradia Megido/Equius Zahhak", ROMANTIC),
            ],
            rating: TEEN,
            warnings: &["Creator Chose Not To Use Archive Warnings"],
            status: Status::Complete,
            work: Some("ao3:168768"),
            site: AO3,
            language: Some("English"),
            published: Some("2011-02-08"),
            words: (440, 460),
            characters: &["Equius Zahhak"],
            tags: &["Gen", "Prompt Fill"],
            opening: "This is going to be sad",
            ..Expect::default()
        },
    );
}

#[test]
fn ao3_page_platonic_groups_and_fandom_aliases() {
    let Some((_, meta)) = check(
        "ao3js-mocks/work-29046888.html",
        &Expect {
            title: "waiting//wishing",
            authors: &["KBstories"],
            // `僕のヒーローアカデミア | Boku no Hero Academia | My Hero Academia`
            fandoms: &["My Hero Academia"],
            relationships: &[
                ("Bakugou Katsuki/Kirishima Eijirou", ROMANTIC),
                ("Jirou Kyouka/Kaminari Denki", ROMANTIC),
                ("Bakugou Katsuki & Kaminari Denki", PLATONIC),
                (
                    "Ashido Mina & Bakugou Katsuki & Jirou Kyouka & Kaminari Denki & Kirishima Eijirou & Sero Hanta",
                    PLATONIC,
                ),
            ],
            rating: Some(("Mature", Some(RatingLevel::Mature))),
            warnings: &["Graphic Depictions Of Violence"],
            // `Completed: 2021-03-03`, `Chapters: 7/7`.
            status: Status::Complete,
            // The saved page holds chapter 1 only.
            chapters: 1,
            series: Some(("first impressions", Some(2))),
            work: Some("ao3:29046888"),
            site: AO3,
            language: Some("English"),
            published: Some("2021-01-28"),
            updated: Some("2021-03-03"),
            words: (3_600, 3_900),
            chapter_titles: &[(0, "Chapter 1: Plans")],
            // `Yamada Hizashi | Present Mic`, `Class 1-A (My Hero Academia)`.
            characters: &["Yamada Hizashi", "Class 1-A", "Kaminari Denki"],
            tags: &["Hurt/Comfort", "(epilogue only)", "F/M"],
            ..Expect::default()
        },
    ) else {
        return;
    };
    assert_eq!(meta.characters.len(), 8, "{:?}", meta.characters);
}

#[test]
fn ao3_page_crossover_with_poly_ships() {
    let Some((_, meta)) = check(
        "ao3js-mocks/work-41289660.html",
        &Expect {
            title: "A Whole New world",
            authors: &["Fairyzilla (orphan_account)", "orphan_account"],
            // `Harry Potter - J. K. Rowling`
            fandoms: &["Fairy Tail", "Harry Potter"],
            crossover: true,
            relationships: &[
                ("Erza Scarlet/Lucy Heartfilia", ROMANTIC),
                ("Gray Fullbuster/Natsu Dragneel", ROMANTIC),
                ("Cana Alberona/Mirajane Strauss", ROMANTIC),
                ("Freed Justine/Laxus Dreyar", ROMANTIC),
                ("Bickslow/Gajeel Redfox", ROMANTIC),
                ("Happy/Pantherlily", ROMANTIC),
                ("Chelia Blendy/Romeo Conbolt/Wendy Marvell", ROMANTIC),
                ("Elfman Strauss/Evergreen", ROMANTIC),
                ("Levy McGarden/Lisanna Strauss", ROMANTIC),
                ("Erza Scarlet/Juvia Lockser/Lucy Heartfilia", ROMANTIC),
                ("Erza Scarlet/Juvia Lockser", ROMANTIC),
                ("Juvia Lockser/Lucy Heartfilia", ROMANTIC),
                ("Blaise Zabini/Ron Weasley", ROMANTIC),
                ("Harry Potter/Luna Lovegood", ROMANTIC),
                ("Draco Malfoy/Hermione Granger", ROMANTIC),
            ],
            rating: TEEN,
            warnings: &["Creator Chose Not To Use Archive Warnings"],
            status: Status::Complete,
            chapters: 1,
            series: Some(("Hogwarts x Fairy Tail Adventures", Some(2))),
            work: Some("ao3:41289660"),
            site: AO3,
            language: Some("English"),
            published: Some("2022-08-26"),
            updated: Some("2022-09-01"),
            words: (700, 800),
            chapter_titles: &[(0, "Chapter 1: Letters and Secrets!")],
            // `Voldemort (Harry Potter)`, `Jackal (Fairy Tail)`.
            characters: &["Voldemort", "Jackal", "Harry Potter", "Zeref Dragneel"],
            tags: &[
                "F/F",
                "Multi",
                "Book 5: Harry Potter and the Order of the Phoenix",
            ],
            opening: "Dear Makarov Dreyar,",
        },
    ) else {
        return;
    };
    assert!(!meta.characters.iter().any(|c| c.contains('(')));
}

#[test]
fn ao3_page_smallville() {
    check(
        "ao3js-mocks/work-4491333.html",
        &Expect {
            title: "[VID] Drop Dead Gorgeous",
            authors: &["astolat"],
            fandoms: &["Smallville"],
            relationships: &[
                ("Clark Kent/Lex Luthor", ROMANTIC),
                ("Chloe Sullivan/Clark Kent", ROMANTIC),
                ("Clark Kent/Lana Lang", ROMANTIC),
            ],
            rating: TEEN,
            warnings: &["Creator Chose Not To Use Archive Warnings"],
            status: Status::Complete,
            // The first of its two series.
            series: Some(("Astolat Vids", Some(11))),
            work: Some("ao3:4491333"),
            site: AO3,
            language: Some("English"),
            published: Some("2004-08-18"),
            words: (6, 6),
            characters: &["Clark Kent", "Lex Luthor", "Chloe Sullivan", "Lana Lang"],
            tags: &["Originally Posted on LiveJournal", "M/M"],
            opening: "Right-click download",
            ..Expect::default()
        },
    );
}

#[test]
fn ao3_page_crossover_with_past_pairing() {
    check(
        "ao3js-mocks/work-923647.html",
        &Expect {
            title: "the heart and the small change",
            authors: &["Alias (anafabula)"],
            fandoms: &["Twin Peaks", "Welcome to Night Vale"],
            crossover: true,
            // `past Harry Truman/Josie Packard`
            relationships: &[("Harry Truman/Josie Packard", ROMANTIC)],
            rating: TEEN,
            warnings: &["No Archive Warnings Apply"],
            status: Status::Complete,
            series: Some(("observe and report", Some(1))),
            work: Some("ao3:923647"),
            site: AO3,
            language: Some("English"),
            published: Some("2013-08-12"),
            words: (2_750, 2_900),
            characters: &["Josie Packard", "Old Woman Josie", "The Angels"],
            tags: &["Gen", "Character Study"],
            ..Expect::default()
        },
    );
}

#[test]
fn generic_epub_novel() {
    let Some((_, meta)) = check(
        "epub-crate/Metamorphosis-jackson.epub",
        &Expect {
            title: "Metamorphosis",
            authors: &["Franz Kafka"],
            chapters: 3,
            // `dc:identifier opf:scheme="URI"`: the book's own address.
            work: Some("metamorphosiskafka.pressbooks.com:/"),
            site: Some("pressbooks.com"),
            language: Some("English"),
            words: (21_500, 22_500),
            chapter_titles: &[(0, "CHAPTER I"), (1, "CHAPTER II"), (2, "CHAPTER III")],
            opening: "One morning, when Gregor Samsa woke",
            ..Expect::default()
        },
    ) else {
        return;
    };
    // No fandom, cast or pairing is read into a novel.
    assert!(meta.characters.is_empty(), "{:?}", meta.characters);
    let summary = meta.summary.unwrap_or_default();
    assert!(summary.starts_with("The Metamorphosis is a novella by Franz Kafka"));
    assert!(summary.ends_with("(Wikipedia)"), "{summary}");
}

#[test]
fn cp1252_french_fic() {
    check(
        "fanficfare-fixture/683_jainas_kiba.txt",
        &Expect {
            title: "Crise",
            // The author's note names `Shippuuden`; the body names Kiba and Akamaru.
            fandoms: &["Naruto"],
            chapter_titles: &[(0, "Un\u{a0}: Kiba")],
            characters: &["Inuzuka Kiba", "Akamaru"],
            words: (1_900, 2_050),
            opening: "Kiba se tassa un peu plus sur lui-même",
            ..Expect::default()
        },
    );
}

fn fanficfare_test_story() -> Expect {
    Expect {
        title: "Test Story Title 1",
        authors: &["Test Author aa"],
        // `Category:`, with `Once Upon a Time (TV)` and
        // `Puella Magi Madoka Magica/魔法少女まどか★マギカ`.
        fandoms: &[
            "Furbie",
            "Harry Potter",
            "Magical Girl Lyrical Nanoha",
            "Once Upon a Time",
            "Puella Magi Madoka Magica",
        ],
        crossover: true,
        relationships: &[
            ("Harry Potter & Hermione Granger", PLATONIC),
            ("Ginny Weasley/Harry Potter", ROMANTIC),
            ("Albus Dumbledore/Ginny Weasley/Harry Potter", ROMANTIC),
        ],
        // FanFicFare's test site rates in its own words.
        rating: Some(("Tweenie", None)),
        warnings: &["Swearing", "Violence"],
        // `Status: In-Progress`
        status: Status::InProgress,
        chapters: 9,
        series: Some(("The Great Test", Some(1))),
        work: Some("test1.com:1"),
        site: Some("test1.com"),
        published: Some("1975-03-15"),
        updated: Some("1975-04-15"),
        // The test chapters hold Japanese (`Onna(女)`, `魔法少女まどか★マギカ`), one
        // word per character as AO3 counts.
        words: (2_600, 2_720),
        chapter_titles: &[
            (1, "Chapter 1, Xenos on Cinnabar"),
            (4, "Chapter 4 & 4.5"),
            (8, "Chapter 8"),
        ],
        characters: &["Bob Smith", "Fred Smythe", "George Johnson"],
        tags: &["Comedy", "Fantasy", "Noir", "Sci-Fi"],
        opening: "This is a fake adapter for testing purposes.",
        ..Expect::default()
    }
}

#[test]
fn fanficfare_txt() {
    check(
        "fanficfare-generated/test1-story1.txt",
        &fanficfare_test_story(),
    );
}

#[test]
fn fanficfare_html() {
    check(
        "fanficfare-generated/test1-story1.html",
        &fanficfare_test_story(),
    );
}

#[test]
fn fanficfare_epub() {
    // Only the EPUB states a language (`dc:language` en).
    check(
        "fanficfare-generated/test1-story1.epub",
        &Expect {
            language: Some("English"),
            ..fanficfare_test_story()
        },
    );
}

fn austen(title: &'static str, status: Status, chapters: usize) -> Expect {
    Expect {
        title,
        authors: &["Jane Austen"],
        status,
        chapters,
        ..Expect::default()
    }
}

/// A novel gets no fandom, cast or pairing from its prose.
fn assert_no_fanfic_metadata(meta: &StoryMeta) {
    assert!(meta.fandoms.is_empty(), "{:?}", meta.fandoms);
    assert!(meta.characters.is_empty(), "{:?}", meta.characters);
    assert!(meta.relationships.is_empty());
    assert!(meta.work.is_none() && meta.site.is_none());
}

#[test]
fn austen_emma() {
    // `EMMA` / `By Jane Austen`; `FINIS` at the end.
    if let Some((_, meta)) = check(
        "janeaustenr/emma.txt",
        &Expect {
            words: (155_000, 160_000),
            chapter_titles: &[(0, "VOLUME I — CHAPTER I"), (18, "VOLUME II — CHAPTER I")],
            opening: "Emma Woodhouse, handsome, clever, and rich",
            ..austen("Emma", Status::Complete, 55)
        },
    ) {
        assert_no_fanfic_metadata(&meta);
    }
}

#[test]
fn austen_persuasion() {
    // `Persuasion` / `by` / `Jane Austen` / `(1818)`; `Finis`.
    if let Some((_, meta)) = check(
        "janeaustenr/persuasion.txt",
        &Expect {
            published: Some("1818"),
            words: (82_000, 84_500),
            chapter_titles: &[(0, "Chapter 1"), (23, "Chapter 24")],
            opening: "Sir Walter Elliot, of Kellynch Hall",
            ..austen("Persuasion", Status::Complete, 24)
        },
    ) {
        assert_no_fanfic_metadata(&meta);
    }
}

#[test]
fn austen_pride_and_prejudice() {
    // `PRIDE AND PREJUDICE` / `By Jane Austen`; no end marker, so no status.
    if let Some((_, meta)) = check(
        "janeaustenr/prideprejudice.txt",
        &Expect {
            words: (120_000, 123_000),
            chapter_titles: &[(0, "Chapter 1"), (60, "Chapter 61")],
            opening: "It is a truth universally acknowledged",
            ..austen("Pride and Prejudice", Status::Unknown, 61)
        },
    ) {
        assert_no_fanfic_metadata(&meta);
    }
}

#[test]
fn austen_sense_and_sensibility() {
    // `SENSE AND SENSIBILITY` / `by Jane Austen` / `(1811)`; `THE END`.
    if let Some((_, meta)) = check(
        "janeaustenr/sensesensibility.txt",
        &Expect {
            published: Some("1811"),
            words: (117_000, 120_000),
            chapter_titles: &[(0, "CHAPTER 1"), (49, "CHAPTER 50")],
            opening: "The family of Dashwood had long been settled in Sussex.",
            ..austen("Sense and Sensibility", Status::Complete, 50)
        },
    ) {
        assert_no_fanfic_metadata(&meta);
    }
}

/// The fields every copy of one work must agree on.
fn assert_same_work(a: &StoryMeta, b: &StoryMeta, what: &str) {
    assert_eq!(a.title, b.title, "{what}: title");
    assert_eq!(a.authors, b.authors, "{what}: authors");
    assert_eq!(a.summary, b.summary, "{what}: summary");
    assert_eq!(a.fandoms, b.fandoms, "{what}: fandoms");
    assert_eq!(a.crossover, b.crossover, "{what}: crossover");
    assert_eq!(a.relationships, b.relationships, "{what}: relationships");
    assert_eq!(a.characters, b.characters, "{what}: characters");
    assert_eq!(a.rating, b.rating, "{what}: rating");
    assert_eq!(a.warnings, b.warnings, "{what}: warnings");
    assert_eq!(a.tags, b.tags, "{what}: tags");
    assert_eq!(a.series, b.series, "{what}: series");
    assert_eq!(a.status, b.status, "{what}: status");
    assert_eq!(a.chapters, b.chapters, "{what}: chapters");
    assert_eq!(a.published, b.published, "{what}: published");
    assert_eq!(a.updated, b.updated, "{what}: updated");
    assert_eq!(a.site, b.site, "{what}: site");
    assert!(a.work.is_some(), "{what}: work");
    assert_eq!(a.work, b.work, "{what}: work");
}

fn chapter_titles(doc: &Document) -> Vec<Option<&str>> {
    doc.chapters.iter().map(|c| c.title.as_deref()).collect()
}

fn assert_ao3_twins(html: &str, epub: &str) {
    let (Some((html_doc, html)), Some((epub_doc, epub))) = (load(html), load(epub)) else {
        return;
    };
    assert_same_work(&html, &epub, "AO3 HTML and EPUB");
    assert_eq!(html.language, epub.language);
    assert_eq!(html.words, epub.words);
    assert_eq!(html.scenes, epub.scenes);
    assert_eq!(chapter_titles(&html_doc), chapter_titles(&epub_doc));
}

#[test]
fn ao3_html_and_epub_of_a_wip_agree() {
    assert_ao3_twins(
        "ao3downloader-fixtures/incompleteWork.html",
        "ao3downloader-fixtures/incompleteWork.epub",
    );
}

#[test]
fn ao3_html_and_epub_of_a_series_work_agree() {
    assert_ao3_twins(
        "ao3downloader-fixtures/workInSeries.html",
        "ao3downloader-fixtures/workInSeries.epub",
    );
}

#[test]
fn fanficfare_txt_html_and_epub_agree() {
    let copies: Vec<(Document, StoryMeta)> = ["txt", "html", "epub"]
        .iter()
        .filter_map(|ext| load(&format!("fanficfare-generated/test1-story1.{ext}")))
        .collect();
    let [(txt_doc, txt), (html_doc, html), (epub_doc, epub)] = copies.as_slice() else {
        return;
    };
    assert_same_work(html, epub, "FanFicFare HTML and EPUB");
    assert_same_work(txt, html, "FanFicFare TXT and HTML");
    assert_eq!(chapter_titles(txt_doc), chapter_titles(html_doc));
    assert_eq!(chapter_titles(html_doc), chapter_titles(epub_doc));
    assert_eq!(html.words, epub.words);
    // The TXT is html2text's rendering: markup such as `~~strike~~` stays in it, so
    // its count may differ by a few words, never by a chapter's worth.
    let diff = txt.words.abs_diff(html.words);
    assert!(diff * 100 <= html.words, "{} vs {}", txt.words, html.words);
}

/// Story files of the corpus, relative to it, sorted.
fn story_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("corpus folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if ficread::format::FormatKind::from_path(&path).is_some() {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_corpus_file_has_a_test_here() {
    let Some(root) = corpus() else {
        return;
    };
    let source = include_str!("corpus_meta.rs");
    let files = story_files(&root);
    assert_eq!(files.len(), 19, "{files:?}");
    for path in files {
        let relative = path
            .strip_prefix(&root)
            .expect("inside the corpus")
            .to_string_lossy()
            .replace('\\', "/");
        let named = source.contains(&format!("\"{relative}\""))
            || (relative.starts_with("fanficfare-generated/test1-story1.")
                && source.contains("fanficfare-generated/test1-story1.{ext}"));
        assert!(named, "no test names {relative}");
    }
}

#[test]
fn library_index_says_the_same() {
    let Some(root) = corpus() else {
        return;
    };
    let sandbox = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_ficread"))
        .args(["list", "--json", "--files", "--library"])
        .arg(&root)
        .env("FICREAD_CONFIG_DIR", sandbox.path().join("config"))
        .env("FICREAD_DATA_DIR", sandbox.path().join("data"))
        .env("FICREAD_CACHE_DIR", sandbox.path().join("cache"))
        .env("FICREAD_STATE_DIR", sandbox.path().join("state"))
        .output()
        .expect("run ficread");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stories: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).expect("list --json prints JSON");
    assert_eq!(stories.len(), 19);
    for story in &stories {
        let path = PathBuf::from(story["path"].as_str().expect("path"));
        let relative = path
            .strip_prefix(&root)
            .map_or_else(|_| path.clone(), Path::to_path_buf);
        let (_, meta) = load(&relative.to_string_lossy()).expect("corpus file");
        let strings = |key: &str| -> Vec<String> {
            story[key]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        let what = relative.display();
        assert_eq!(story["title"].as_str(), Some(meta.title.as_str()), "{what}");
        assert_eq!(strings("authors"), meta.authors, "{what}");
        assert_eq!(strings("fandoms"), meta.fandoms, "{what}");
        assert_eq!(
            story["status"].as_str(),
            Some(meta.status.as_str()),
            "{what}"
        );
        assert_eq!(
            story["chapters"].as_u64(),
            Some(meta.chapters as u64),
            "{what}"
        );
        assert_eq!(story["site"].as_str(), meta.site.as_deref(), "{what}");
        let relationships: Vec<&str> = story["relationships"]
            .as_array()
            .map(|a| a.iter().filter_map(|r| r["name"].as_str()).collect())
            .unwrap_or_default();
        let want: Vec<&str> = meta.relationships.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(relationships, want, "{what}");
    }
}

/// `ficread cat FILE`.
fn cat(path: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ficread"))
        .arg("cat")
        .arg(path)
        .output()
        .expect("run ficread");
    assert!(
        out.status.success(),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// Archive chrome that must never reach the text (substrings).
const CHROME: &[&str] = &[
    "Posted originally on the",
    "Please drop by the Archive",
    "drop by the archive",
    "let the creator know",
    "let the author know",
    "See the end of the chapter",
    "See the end of the work",
    "TABLE OF CONTENTS",
    "Story URL:",
    "Author URL:",
    "Packaged:",
    "Previous Chapter",
    "Next Chapter →",
    "Kudos:",
    "Bookmarks:",
    "This account has disabled",
    "Powered by Dreamwidth",
    "Download: ",
];

/// Chrome that is a whole line (the words alone may occur in prose).
const CHROME_LINES: &[&str] = &[
    "Kudos",
    "Comments",
    "Actions",
    "Share",
    "Chapter Index",
    "Work Text:",
    "Chapter Text",
    "Work Header",
    "Top",
    "End file.",
    "The End",
    "THE END",
    "Finis",
    "FINIS",
    "Preface",
    "Afterword",
    "Summary",
    "Notes",
];

#[test]
fn cat_prints_clean_text_for_every_file() {
    let Some(root) = corpus() else {
        return;
    };
    for path in story_files(&root) {
        let what = path.display();
        let doc = read_file(&path).expect("readable");
        let text = cat(&path);
        for chrome in CHROME {
            assert!(!text.contains(chrome), "{what}: {chrome:?} in the text");
        }
        let breaks = doc
            .chapters
            .iter()
            .map(|c| c.scenes().saturating_sub(1))
            .sum::<usize>();
        let mut ornaments = 0;
        for line in text.lines() {
            assert!(
                !CHROME_LINES.contains(&line.trim()),
                "{what}: line {line:?}"
            );
            assert!(!line.chars().any(char::is_control), "{what}: {line:?}");
            if line == "⁂" {
                ornaments += 1;
                continue;
            }
            // Every other break form (`* * *`, `***`, `-----`, `<hr>`) became `⁂`.
            let glyphs_only = !line.trim().is_empty()
                && line
                    .chars()
                    .all(|c| c.is_whitespace() || "*~-_=#+•·○●◇◆□■♦★☆⁂".contains(c));
            assert!(!glyphs_only, "{what}: break line {line:?} left as text");
            assert!(!line.trim_start().starts_with("<hr"), "{what}: {line:?}");
        }
        assert_eq!(ornaments, breaks, "{what}: scene breaks");
        // Paragraphs are separated by exactly one blank line.
        assert!(!text.contains("\n\n\n"), "{what}: blank run");
    }
}

#[test]
fn cat_keeps_notes_and_drops_the_afterword_chrome() {
    let Some(root) = corpus() else {
        return;
    };
    let text = cat(&root.join("ao3downloader-fixtures/htmlTest.html"));
    assert!(text.starts_with("My Aim Is Steady And True\n\nTheir contact was late.\n"));
    // The end notes stay, labelled; the "Please drop by the Archive" line goes.
    assert!(text.contains("End Notes\n\nDedicated to everyone over at #the-emmhono-corner"));
    let text = cat(&root.join("fanficfare-generated/test1-story1.txt"));
    assert!(text.contains("\n⁂\n"), "the `* * *` rules are ornaments");
    assert!(!text.contains("* * *"));
}
