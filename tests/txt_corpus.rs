//! The plain-text reader on downloads from `../shared/corpus`: Jane Austen's novels
//! (hard-wrapped Gutenberg text), FanFicFare TXT output and a cp1252 French fic with
//! no blank lines between paragraphs. Each test skips, with a message, when the
//! corpus is absent.

#[path = "support/txt.rs"]
mod support;

use ficread::document::{Block, Emphasis, FieldKey, RawField, RichText};
use support::{corpus, paragraphs};

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
            doc.raw.first(FieldKey::Title).map(RawField::joined),
            Some(title.to_owned()),
            "{file}"
        );
        assert_eq!(
            doc.raw.first(FieldKey::Author).map(RawField::joined),
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
                .map(RawField::joined)
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
            "Description tests:[bare amp(&) qt(') amp(&) gt(>) lt(<) ATnT(AT&T) L(£) Onna(女)] Done, Some more longer description. \"I suck at summaries!\" \"Better than it sounds!\" A span! \"My first fic\"",
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
        Block::Heading(RichText::plain("Chapter title from site"))
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
        doc.raw.first(FieldKey::Title).map(RawField::joined),
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
