//! The HTML and EPUB readers on real downloads from `../shared/corpus` (skipped with
//! a message when the corpus is absent) and on the site fixtures in
//! `tests/fixtures/html` (modelled on FORMATS §3.5 and §3.7). Asserts the raw fields
//! each reader emits (keys, values, itemisation) and the document's structure:
//! chapters, titles, scene breaks, emphasis, and no site chrome in any block.

#[path = "support/epub.rs"]
mod epub;

use std::path::{Path, PathBuf};

use ficread::document::raw::Origin;
use ficread::document::{Block, Document, FieldKey, RawField};
use ficread::format::read_file;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: corpus not found at {}", dir.display());
        None
    }
}

fn read(relative: &str) -> Option<Document> {
    let path = corpus()?.join(relative);
    let doc = read_file(&path).unwrap_or_else(|e| panic!("{e}"));
    doc.check().unwrap_or_else(|e| panic!("{relative}: {e}"));
    Some(doc)
}

fn fixture(name: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/html")
        .join(name);
    let doc = read_file(&path).unwrap_or_else(|e| panic!("{e}"));
    doc.check().unwrap_or_else(|e| panic!("{name}: {e}"));
    doc
}

/// The fields with `key` that came from the book's own pages (not the OPF).
fn fields(doc: &Document, key: FieldKey) -> Vec<&RawField> {
    doc.raw
        .get(key)
        .filter(|f| f.origin != Origin::Container)
        .collect()
}

fn values(doc: &Document, key: FieldKey) -> Vec<String> {
    fields(doc, key)
        .iter()
        .flat_map(|f| f.values.clone())
        .collect()
}

fn one(doc: &Document, key: FieldKey) -> String {
    let found = values(doc, key);
    assert_eq!(found.len(), 1, "{key:?}: {found:?}");
    found.into_iter().next().unwrap_or_default()
}

fn titles(doc: &Document) -> Vec<&str> {
    doc.chapters
        .iter()
        .map(|c| c.title.as_deref().unwrap_or(""))
        .collect()
}

const CHROME: &[&str] = &[
    "Posted originally on the",
    "Please drop by the Archive",
    "drop by the archive",
    "Kudos",
    "See the end of the",
    "Chapter Text",
    "Work Text",
    "Entire Work",
    "Next Chapter",
    "Previous Chapter",
    "Chapter Index",
    "Leave a comment",
    "Previous Entry",
    "Powered by Dreamwidth",
    "anonymous posting",
    "Current Mood",
    "Follow/Fav",
    "Log in",
    "Preface",
    "Afterword",
    "Works inspired by",
    "Table of Contents",
];

fn assert_no_chrome(doc: &Document) {
    for text in doc.texts() {
        for chrome in CHROME {
            assert!(
                !text.contains(chrome),
                "chrome {chrome:?} in block {text:?}"
            );
        }
    }
}

fn has_emphasis(doc: &Document) -> bool {
    doc.chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .filter_map(Block::rich_text)
        .any(|t| !t.spans.is_empty())
}

fn notes(doc: &Document) -> usize {
    doc.chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .filter(|b| matches!(b, Block::Note(_)))
        .count()
}

/// AO3's own fields are the same in the HTML download and the EPUB built from it.
fn check_ao3_in_series(doc: &Document) {
    assert_eq!(doc.raw.site.as_deref(), Some("archiveofourown.org"));
    assert_eq!(one(doc, FieldKey::Title), "The World on His Wrist");
    let authors = fields(doc, FieldKey::Author);
    assert_eq!(authors[0].values, ["bendingsignpost"]);
    assert!(authors[0].itemised);
    assert_eq!(values(doc, FieldKey::Fandom), ["Sherlock (TV)"]);
    let ships = fields(doc, FieldKey::Relationship);
    assert_eq!(ships.len(), 1);
    assert!(ships[0].itemised);
    assert_eq!(ships[0].label, "Relationships");
    assert_eq!(
        ships[0].values,
        ["Sarah Sawyer/John Watson", "Sherlock Holmes/John Watson"]
    );
    assert_eq!(values(doc, FieldKey::Category), ["F/M", "M/M"]);
    assert_eq!(values(doc, FieldKey::Rating), ["Teen And Up Audiences"]);
    assert_eq!(
        values(doc, FieldKey::Warning),
        ["Creator Chose Not To Use Archive Warnings"]
    );
    assert_eq!(values(doc, FieldKey::Character).len(), 5);
    assert!(values(doc, FieldKey::Tag).contains(&"watches 'verse".to_owned()));
    assert_eq!(values(doc, FieldKey::Series), ["Part 1 of Watches 'Verse"]);
    assert_eq!(one(doc, FieldKey::Chapters), "8/8");
    assert_eq!(one(doc, FieldKey::Words), "31,623");
    assert_eq!(one(doc, FieldKey::Published), "2012-02-07");
    assert_eq!(one(doc, FieldKey::Language), "English");
    assert!(one(doc, FieldKey::Url).ends_with("archiveofourown.org/works/334557"));
    assert!(one(doc, FieldKey::Summary).starts_with("First, he is shot in Afghanistan."));

    assert_eq!(doc.chapters.len(), 8);
    // This EPUB's headings drop AO3's `Chapter N:` (`Prologue`, `Part 2`); the reader
    // restores it, so both copies list the same chapters.
    let want = [
        "Chapter 1: Prologue",
        "Chapter 2",
        "Chapter 3: Part 2",
        "Chapter 4: Part 3",
        "Chapter 5: Part 4",
        "Chapter 6: Part 5",
        "Chapter 7: Part 6",
        "Chapter 8: Epilogue",
    ];
    assert_eq!(titles(doc), want);
    // The prologue's seven-<br> gaps are its scene breaks; two-<br> gaps are paragraphs.
    assert_eq!(doc.chapters[0].scenes(), 8);
    assert!(
        doc.chapters[0].blocks[0]
            .text()
            .starts_with("John Watson owns two watches.")
    );
    assert_eq!(
        doc.chapters[0].blocks[1].text(),
        "A careful observer would be wrong."
    );
    assert!((31_000..32_500).contains(&doc.words()), "{}", doc.words());
    assert!(has_emphasis(doc));
    assert_no_chrome(doc);
}

#[test]
fn ao3_html_work_in_series() {
    if let Some(doc) = read("ao3downloader-fixtures/workInSeries.html") {
        check_ao3_in_series(&doc);
    }
}

#[test]
fn ao3_epub_work_in_series() {
    let Some(doc) = read("ao3downloader-fixtures/workInSeries.epub") else {
        return;
    };
    check_ao3_in_series(&doc);
    // The flat dc:subject list is not used: the preface page gave typed tags.
    assert!(doc.raw.get(FieldKey::Tag).all(|f| f.label != "dc:subject"));
    let series: Vec<&RawField> = doc
        .raw
        .get(FieldKey::Series)
        .filter(|f| f.origin == Origin::Container)
        .collect();
    assert_eq!(series[0].values, ["Watches 'Verse [1]"]);
}

fn check_ao3_incomplete(doc: &Document) {
    assert_eq!(one(doc, FieldKey::Title), "Fire and Feather");
    assert_eq!(one(doc, FieldKey::Chapters), "3/?");
    assert_eq!(one(doc, FieldKey::Updated), "2007-06-25");
    assert!(fields(doc, FieldKey::Status).is_empty());
    assert_eq!(
        values(doc, FieldKey::Fandom),
        ["Valdemar Series - Mercedes Lackey"]
    );
    assert_eq!(fields(doc, FieldKey::Fandom)[0].label, "Fandom");
    assert_eq!(values(doc, FieldKey::Character), ["Original Characters"]);
    assert!(fields(doc, FieldKey::Relationship).is_empty());
    assert_eq!(values(doc, FieldKey::Category), ["Gen"]);
    assert!(one(doc, FieldKey::Note).starts_with("This is my first fanfic ever."));
    assert_eq!(
        titles(doc),
        [
            "Chapter 1: Festival",
            "Chapter 2: Riversong K'Vala",
            "Chapter 3: Conversations"
        ]
    );
    // `xxx` lines are scene breaks.
    assert_eq!(doc.chapters[0].scenes(), 3);
    // Chapter notes open chapter 2 and its end notes close it, as notes.
    let ch2 = &doc.chapters[1].blocks;
    assert_eq!(ch2[0], Block::Note(bold("Chapter Notes")));
    assert!(ch2[1].text().starts_with("Only one more chapter of this"));
    let end = ch2.len() - 2;
    assert_eq!(ch2[end], Block::Note(bold("Chapter End Notes")));
    assert_eq!(ch2[end + 1].text(), "oh bb!Nia, why so many italics?");
    // The work's end notes close the last chapter; the afterword chrome is gone.
    let last = doc.chapters[2]
        .blocks
        .last()
        .map(Block::text)
        .unwrap_or_default();
    assert!(
        last.starts_with("I think this is my longest published work"),
        "{last}"
    );
    assert!(matches!(
        doc.chapters[2].blocks.last(),
        Some(Block::Note(_))
    ));
    // Chapter 2: two labels and two notes; chapter 3 and the work: multi-paragraph.
    assert_eq!(notes(doc), 8);
    assert!(has_emphasis(doc));
    assert_no_chrome(doc);
}

fn bold(text: &str) -> ficread::document::RichText {
    ficread::document::RichText {
        text: text.into(),
        spans: vec![ficread::document::Span {
            range: 0..text.len(),
            emphasis: ficread::document::Emphasis::Bold,
        }],
        notes: Vec::new(),
    }
}

#[test]
fn ao3_html_incomplete_work() {
    if let Some(doc) = read("ao3downloader-fixtures/incompleteWork.html") {
        check_ao3_incomplete(&doc);
    }
}

#[test]
fn ao3_epub_incomplete_work() {
    if let Some(doc) = read("ao3downloader-fixtures/incompleteWork.epub") {
        check_ao3_incomplete(&doc);
        assert!(doc.raw.get(FieldKey::Tag).all(|f| f.label != "dc:subject"));
    }
}

#[test]
fn ao3_html_single_chapter() {
    let Some(doc) = read("ao3downloader-fixtures/htmlTest.html") else {
        return;
    };
    assert_eq!(titles(&doc), ["My Aim Is Steady And True"]);
    assert_eq!(
        values(&doc, FieldKey::Relationship),
        ["Honoroit Banlardois/Emmanellain de Fortemps"]
    );
    assert_eq!(
        fields(&doc, FieldKey::Relationship)[0].label,
        "Relationship"
    );
    assert!(values(&doc, FieldKey::Tag).contains(&"Hurt/Comfort".to_owned()));
    assert_eq!(one(&doc, FieldKey::Chapters), "1/1");
    // One `<p>&nbsp;</p>` in a story of touching paragraphs is its scene break.
    assert_eq!(doc.scenes(), 2);
    assert!(has_emphasis(&doc));
    assert_no_chrome(&doc);
}

#[test]
fn ao3_web_pages() {
    let Some(smallville) = read("ao3js-mocks/work-4491333.html") else {
        return;
    };
    assert_eq!(values(&smallville, FieldKey::Fandom), ["Smallville"]);
    assert_eq!(
        values(&smallville, FieldKey::Relationship),
        [
            "Clark Kent/Lex Luthor",
            "Clark Kent/Chloe Sullivan",
            "Clark Kent/Lana Lang"
        ]
    );
    assert_eq!(
        values(&smallville, FieldKey::Series),
        ["Part 11 of Astolat Vids", "Part 8 of Smallville works"]
    );
    assert_eq!(
        one(&smallville, FieldKey::Title),
        "[VID] Drop Dead Gorgeous"
    );
    assert_eq!(values(&smallville, FieldKey::Author), ["astolat"]);
    assert_no_chrome(&smallville);

    let Some(crossover) = read("ao3js-mocks/work-41289660.html") else {
        return;
    };
    assert_eq!(
        values(&crossover, FieldKey::Fandom),
        ["Fairy Tail", "Harry Potter - J. K. Rowling"]
    );
    assert_eq!(values(&crossover, FieldKey::Relationship).len(), 15);
    assert_eq!(one(&crossover, FieldKey::Status), "Completed: 2022-09-01");
    assert_eq!(one(&crossover, FieldKey::Chapters), "6/6");
    assert_eq!(titles(&crossover), ["Chapter 1: Letters and Secrets!"]);
    assert!(
        crossover.chapters[0]
            .id
            .as_deref()
            .is_some_and(|id| id.contains("/chapters/"))
    );
    assert!(crossover.scenes() >= 2, "the <hr> is a break");
    assert_no_chrome(&crossover);

    let Some(chaptered) = read("ao3js-mocks/work-29046888.html") else {
        return;
    };
    assert_eq!(titles(&chaptered), ["Chapter 1: Plans"]);
    assert!(values(&chaptered, FieldKey::Relationship).contains(
        &"Ashido Mina & Bakugou Katsuki & Jirou Kyouka & Kaminari Denki & Kirishima Eijirou & Sero Hanta"
            .to_owned()
    ));
    assert_eq!(one(&chaptered, FieldKey::Chapters), "7/7");
    // `*` alone is a (soft) scene break; chapter notes and end notes are notes.
    assert!(chaptered.scenes() >= 2);
    assert!(notes(&chaptered) >= 4);
    assert!(chaptered.chapters[0].blocks[0].text().starts_with("Notes"));
    assert_no_chrome(&chaptered);

    for (file, fandoms) in [
        ("ao3js-mocks/work-923647.html", 2),
        ("ao3js-mocks/work-168768.html", 1),
    ] {
        let Some(doc) = read(file) else { return };
        assert_eq!(values(&doc, FieldKey::Fandom).len(), fandoms, "{file}");
        assert!(doc.words() > 400, "{file}");
        assert!(doc.scenes() > 1, "{file}");
        assert!(has_emphasis(&doc), "{file}");
        assert_no_chrome(&doc);
    }
}

fn check_fff(doc: &Document) {
    assert_eq!(one(doc, FieldKey::Title), "Test Story Title 1");
    assert_eq!(one(doc, FieldKey::Author), "Test Author aa");
    // FanFicFare's `, `-joined lists come back as items.
    assert_eq!(
        values(doc, FieldKey::Fandom),
        [
            "Furbie",
            "Harry Potter",
            "Magical Girl Lyrical Nanoha",
            "Once Upon a Time (TV)",
            "Puella Magi Madoka Magica/魔法少女まどか★マギカ"
        ]
    );
    assert_eq!(
        values(doc, FieldKey::Category),
        ["Comedy", "Fantasy", "Noir", "Sci-Fi"]
    );
    assert_eq!(
        values(doc, FieldKey::Relationship),
        [
            "Harry Potter & Hermione Granger",
            "Harry Potter/Ginny Weasley",
            "Harry Potter/Ginny Weasley/Albus Dumbledore"
        ]
    );
    assert_eq!(one(doc, FieldKey::Status), "In-Progress");
    assert_eq!(one(doc, FieldKey::Series), "The Great Test [1]");
    assert_eq!(one(doc, FieldKey::Chapters), "9");
    assert_eq!(one(doc, FieldKey::Rating), "Tweenie");
    assert_eq!(values(doc, FieldKey::Warning), ["Swearing", "Violence"]);
    assert_eq!(one(doc, FieldKey::Url), "http://test1.com?sid=1");
    assert!(one(doc, FieldKey::Summary).contains("AT&T"));
    assert_eq!(doc.chapters.len(), 9);
    assert_eq!(
        doc.chapters[1].title.as_deref(),
        Some("Chapter 1, Xenos on Cinnabar")
    );
    assert_eq!(doc.chapters[4].title.as_deref(), Some("Chapter 4 & 4.5"));
    // Two <hr>s and a long <br> run in each chapter.
    assert_eq!(doc.chapters[1].scenes(), 3);
    assert!(
        matches!(&doc.chapters[1].blocks[0], Block::Heading(h) if h.text == "Chapter title from site")
    );
    assert!(has_emphasis(doc));
    assert_no_chrome(doc);
}

#[test]
fn fanficfare_html() {
    if let Some(doc) = read("fanficfare-generated/test1-story1.html") {
        check_fff(&doc);
        assert!(doc.chapters.iter().all(|c| c.id.is_none()));
    }
}

#[test]
fn fanficfare_epub() {
    let Some(doc) = read("fanficfare-generated/test1-story1.epub") else {
        return;
    };
    check_fff(&doc);
    assert_eq!(doc.raw.site.as_deref(), Some("test1.com"));
    assert_eq!(
        doc.chapters[1].id.as_deref(),
        Some("http://test1.com?sid=1&chapter=2"),
        "chapterurl is the chapter's identity"
    );
    assert!(doc.chapters.iter().all(|c| c.id.is_some()));
    // The title page's typed fields win; the flat dc:subject list is not used.
    assert!(doc.raw.get(FieldKey::Tag).all(|f| f.label != "dc:subject"));
    let dates: Vec<(FieldKey, String)> = doc
        .raw
        .fields
        .iter()
        .filter(|f| f.label == "dc:date")
        .map(|f| (f.key, f.joined()))
        .collect();
    assert_eq!(
        dates,
        [
            (FieldKey::Published, "1975-03-15".to_owned()),
            (FieldKey::Updated, "1975-04-15".to_owned())
        ]
    );
}

#[test]
fn generic_epub_metamorphosis() {
    let Some(doc) = read("epub-crate/Metamorphosis-jackson.epub") else {
        return;
    };
    // Cover (linear="no"), title page, copyright, contents and promo are front matter.
    assert_eq!(titles(&doc), ["CHAPTER I", "CHAPTER II", "CHAPTER III"]);
    assert!(
        doc.chapters[0].blocks[0]
            .text()
            .starts_with("One morning, when Gregor Samsa")
    );
    assert!(
        !doc.texts()
            .any(|t| t.contains("PressBooks") || t.contains("public domain"))
    );
    assert!(
        doc.chapters
            .iter()
            .all(|c| !matches!(c.blocks.first(), Some(Block::Heading(_))))
    );
    assert!((21_000..23_000).contains(&doc.words()), "{}", doc.words());
    let get = |key| doc.raw.first(key).map(RawField::joined).unwrap_or_default();
    assert_eq!(get(FieldKey::Title), "Metamorphosis");
    assert_eq!(get(FieldKey::Author), "Franz Kafka");
    assert_eq!(get(FieldKey::Language), "en");
    assert_eq!(
        get(FieldKey::Url),
        "http://metamorphosiskafka.pressbooks.com"
    );
    assert!(get(FieldKey::Summary).starts_with("The Metamorphosis is a novella"));
    assert!(
        !get(FieldKey::Summary).contains('<'),
        "description HTML is unescaped to text"
    );
    assert!(doc.raw.fields.iter().all(|f| f.origin == Origin::Container));
}

#[test]
fn ffn_page_fixture() {
    let doc = fixture("ffn-crossover.html");
    assert_eq!(doc.raw.site.as_deref(), Some("fanfiction.net"));
    let crossover: Vec<&RawField> = doc.raw.get(FieldKey::Fandom).collect();
    assert_eq!(
        crossover[0].values,
        ["Buffy: The Vampire Slayer", "Smallville"]
    );
    assert!(crossover[0].itemised);
    assert_eq!(one(&doc, FieldKey::Title), "A Wish in Time");
    assert_eq!(one(&doc, FieldKey::Author), "Writer");
    assert_eq!(one(&doc, FieldKey::Rating), "Fiction T");
    assert_eq!(
        values(&doc, FieldKey::Category),
        ["Romance", "Hurt/Comfort"]
    );
    assert_eq!(values(&doc, FieldKey::Relationship), ["Buffy S./Lex L."]);
    assert_eq!(one(&doc, FieldKey::Status), "Complete");
    assert_eq!(one(&doc, FieldKey::Words), "45,123");
    assert_eq!(titles(&doc), ["The Bronze"]);
    // `xXx` and FFN's own <hr> are breaks.
    assert_eq!(doc.scenes(), 3);
    assert!(has_emphasis(&doc));
    assert_no_chrome(&doc);
    assert!(
        !doc.texts()
            .any(|t| t.contains("Review") || t.contains("Next >"))
    );
}

#[test]
fn dreamwidth_entry_fixture() {
    let doc = fixture("dreamwidth-entry.html");
    assert_eq!(doc.raw.site.as_deref(), Some("dreamwidth.org"));
    let field = |key| {
        doc.raw
            .get(key)
            .find(|f| f.origin == Origin::Field)
            .map(RawField::joined)
            .unwrap_or_default()
    };
    assert_eq!(field(FieldKey::Title), "His Hero");
    assert_eq!(field(FieldKey::Author), "hils and lexalicious70");
    assert_eq!(field(FieldKey::Fandom), "Smallville");
    assert_eq!(field(FieldKey::Relationship), "Clark/Lex");
    assert_eq!(field(FieldKey::Rating), "G");
    assert_eq!(
        field(FieldKey::Summary),
        "Lex has a hero. It is not who you think."
    );
    assert_eq!(doc.chapters.len(), 1);
    let first = doc.chapters[0].blocks[0].text();
    assert!(first.starts_with("Lex was eleven"), "{first}");
    // A script line in the body is text, not a field.
    assert!(doc.texts().any(|t| t == "Lex: \"I am not crying.\""));
    assert_eq!(doc.scenes(), 2);
    assert!(has_emphasis(&doc));
    assert_no_chrome(&doc);
    for chrome in [
        "Tags:",
        "Add to Memories",
        "Reply",
        "Recent Entries",
        "made me cry",
        "Page generated",
    ] {
        assert!(!doc.texts().any(|t| t.contains(chrome)), "{chrome}");
    }
}

#[test]
fn livejournal_entry_fixture() {
    let doc = fixture("livejournal-entry.html");
    assert_eq!(doc.raw.site.as_deref(), Some("livejournal.com"));
    assert_eq!(
        one(&doc, FieldKey::Fandom),
        "Smallville/ Buffy the Vampire Slayer"
    );
    assert_eq!(one(&doc, FieldKey::Relationship), "Lex/Buffy");
    assert_eq!(
        fields(&doc, FieldKey::Relationship)[0].label,
        "Pairings (if applicable)"
    );
    // Windows-1252 bytes decoded: the em dash and the curly apostrophe survive.
    assert_eq!(one(&doc, FieldKey::Rating), "PG-13 — for language");
    assert!(doc.texts().any(|t| t.starts_with("Buffy didn’t mean to")));
    assert_eq!(doc.scenes(), 2);
    assert_no_chrome(&doc);
    assert!(
        !doc.texts()
            .any(|t| t.contains("Tags") || t.contains("comments"))
    );
}

#[test]
fn generic_html_fixture() {
    let doc = fixture("generic-cp1252.html");
    assert_eq!(doc.raw.site, None);
    let get = |key, origin| {
        doc.raw
            .get(key)
            .find(|f| f.origin == origin)
            .map(RawField::joined)
    };
    assert_eq!(
        get(FieldKey::Title, Origin::Container).as_deref(),
        Some("Sunnydale Nights")
    );
    assert_eq!(
        get(FieldKey::Author, Origin::Loose).as_deref(),
        Some("Annie")
    );
    assert_eq!(titles(&doc), ["Part One", "Part Two"]);
    let first = &doc.chapters[0].blocks[0];
    assert_eq!(
        first.text(),
        "Willow said, “It’s not a good idea.” Xander disagreed."
    );
    let spans = &first
        .rich_text()
        .map(|t| t.spans.clone())
        .unwrap_or_default();
    assert_eq!(&first.text()[spans[0].range.clone()], "not");
    // `oOo` in a <center> is a break; one lone empty paragraph among many is not;
    // two in a row are.
    assert_eq!(doc.chapters[0].scenes(), 2);
    assert_eq!(doc.chapters[1].scenes(), 2);
    assert!(doc.texts().any(|t| t.contains("café")));
    assert!(doc.texts().any(|t| t.contains("ellipsis… and")));
    assert_no_chrome(&doc);
    assert!(
        !doc.texts()
            .any(|t| t.contains("Home") || t.contains("Feedback") || t.contains("chrome"))
    );
}

#[test]
fn epub3_nav_and_fallback_subjects() {
    let book = epub::epub3(
        "Three",
        &[
            (
                "One",
                "<h1>One</h1><p>First <em>line</em>.</p><p>* * *</p><p>Second.</p>",
            ),
            (
                "Two",
                "<section epub:type=\"chapter\"><h2>Two</h2><p>Last.</p></section>",
            ),
        ],
    );
    let doc = ficread::format::parse_bytes(ficread::format::FormatKind::Epub, &book).expect("epub");
    doc.check().expect("invariants");
    assert_eq!(titles(&doc), ["One", "Two"]);
    assert_eq!(doc.chapters[0].scenes(), 2);
    assert!(
        !doc.texts().any(|t| t.contains("COVER")),
        "linear=no cover skipped"
    );
    let get = |key| doc.raw.first(key).map(RawField::joined).unwrap_or_default();
    assert_eq!(get(FieldKey::Author), "Ann Author");
    assert_eq!(get(FieldKey::Summary), "First para.\n\nSecond.");
    assert_eq!(get(FieldKey::Url), "https://example.org/story/1");
    // No typed tags in the book, so the subjects are the fallback.
    assert_eq!(get(FieldKey::Tag), "Smallville, Clark Kent/Lex Luthor");
}
