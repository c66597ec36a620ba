//! Test helpers: documents built by hand from the seed files in `library/`, following
//! /work/notes/raw-contract.md (the text reader is written separately), and access
//! to the shared corpus (skipped with a message when absent).

use std::path::PathBuf;

use crate::document::raw::{FieldKey, Origin, RawField, RawMeta};
use crate::document::{Block, Chapter, Document, RichText};

/// The lines of a seed file in `library/` (1-based access through [`line`]).
pub(crate) fn seed_lines(name: &str) -> Vec<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("library")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.split('\n').map(str::to_owned).collect()
}

/// Line `n` (1-based) of a seed.
pub(crate) fn line(lines: &[String], n: usize) -> &str {
    &lines[n - 1]
}

/// A one-chapter body from seed lines `first..=last`: each non-blank line a
/// paragraph, runs of two or more blank lines and `* * *` lines scene breaks.
pub(crate) fn body(lines: &[String], first: usize, last: usize) -> Chapter {
    let mut blocks = Vec::new();
    let mut blank_run = 0;
    for text in &lines[first - 1..last] {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            blank_run += 1;
            continue;
        }
        if blank_run >= 2 || trimmed == "* * *" {
            blocks.push(Block::SceneBreak);
        }
        blank_run = 0;
        if trimmed != "* * *" {
            blocks.push(Block::Paragraph(RichText::plain(trimmed)));
        }
    }
    let mut chapter = Chapter {
        id: None,
        title: None,
        blocks,
    };
    chapter.tidy_breaks();
    chapter
}

/// A raw field as the contract lists it.
pub(crate) fn field(
    key: FieldKey,
    origin: Origin,
    label: &str,
    value: &str,
    line: usize,
) -> RawField {
    RawField::new(key, label, value, origin).at_line(line)
}

/// A document from fields and one chapter.
pub(crate) fn document(fields: Vec<RawField>, site: Option<&str>, chapter: Chapter) -> Document {
    let doc = Document {
        chapters: vec![chapter],
        raw: RawMeta {
            fields,
            site: site.map(str::to_owned),
            ..RawMeta::default()
        },
    };
    assert_eq!(doc.check(), Ok(()));
    doc
}

/// A corpus file under `../shared/corpus`, or `None` (with a message) when absent.
pub(crate) fn corpus_file(relative: &str) -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(relative);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => {
            eprintln!("skipping: corpus file {} unavailable ({e})", path.display());
            None
        }
    }
}

/// A one-chapter document of plain prose: paragraphs separated by blank lines,
/// hard-wrapped lines joined (the Gutenberg layout of the Austen novels).
pub(crate) fn prose_document(text: &str) -> Document {
    let blocks = text
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .map(|p| Block::Paragraph(RichText::plain(p)))
        .collect();
    Document {
        chapters: vec![Chapter {
            id: None,
            title: None,
            blocks,
        }],
        raw: RawMeta::default(),
    }
}

/// The text after `label` on a seed line (`Summary: …` → `…`).
fn after(lines: &[String], n: usize, label: &str) -> String {
    let text = line(lines, n);
    text.strip_prefix(label)
        .unwrap_or_else(|| panic!("line {n} does not start with {label:?}: {text:?}"))
        .trim()
        .to_owned()
}

/// Seed 000 ("Smallville Glory") as the text reader emits it.
pub(crate) fn seed_000() -> Document {
    use FieldKey as K;
    use Origin as O;
    let l = seed_lines("000_bb6d4e728ffb166b.txt");
    let fields = vec![
        field(K::Title, O::Loose, "title line", line(&l, 1), 1),
        field(
            K::Summary,
            O::Field,
            "Summary",
            &after(&l, 3, "Summary:"),
            3,
        ),
        field(
            K::Disclaimer,
            O::Field,
            "Disclaimer",
            &after(&l, 5, "Disclaimer:"),
            5,
        ),
    ];
    document(fields, None, body(&l, 7, 197))
}

/// Seed 001 ("Help Wanted").
pub(crate) fn seed_001() -> Document {
    use FieldKey as K;
    use Origin as O;
    let l = seed_lines("001_b5816a6318ea8cb5.txt");
    let fields = vec![
        field(K::Series, O::Loose, "series banner", line(&l, 1), 1),
        field(
            K::Summary,
            O::Field,
            "Summary",
            &after(&l, 3, "Summary:"),
            3,
        ),
        field(K::Title, O::Loose, "title line", "Help Wanted", 5),
        field(
            K::Subtitle,
            O::Loose,
            "subtitle",
            &after(&l, 5, "Help Wanted:"),
            5,
        ),
        field(
            K::Disclaimer,
            O::Field,
            "DISCLAIMER",
            &after(&l, 7, "DISCLAIMER:"),
            7,
        ),
        field(K::EndMarker, O::Footer, "end marker", line(&l, 650), 650),
    ];
    document(fields, Some("tthfanfic.org"), body(&l, 9, 648))
}

/// Seed 002 ("His Hero", a Dreamwidth dump).
pub(crate) fn seed_002() -> Document {
    use FieldKey as K;
    use Origin as O;
    let l = seed_lines("002_54f2dad0d817735c.txt");
    let unmarked = |n: usize| line(&l, n).replace("[livejournal.com profile] ", "");
    let fields = vec![
        field(K::Title, O::Field, "Title", &after(&l, 3, "Title:"), 3),
        field(
            K::Author,
            O::Field,
            "Author",
            unmarked(4).trim_start_matches("Author: "),
            4,
        ),
        field(K::Rating, O::Field, "Rating", &after(&l, 5, "Rating:"), 5),
        field(K::Fandom, O::Field, "Fandom", &after(&l, 6, "Fandom:"), 6),
        field(
            K::Relationship,
            O::Field,
            "Pairing",
            &after(&l, 7, "Pairing:"),
            7,
        ),
        field(
            K::Summary,
            O::Field,
            "Summary",
            &after(&l, 8, "Summary:"),
            8,
        ),
        field(K::Note, O::Loose, "header note", &unmarked(9), 9),
        field(
            K::Warning,
            O::Field,
            "WARNING",
            &after(&l, 10, "WARNING:"),
            10,
        ),
        field(K::Note, O::Loose, "header note", &unmarked(11), 11),
        field(K::EndMarker, O::Footer, "end marker", line(&l, 265), 265),
    ];
    document(fields, Some("dreamwidth.org"), body(&l, 15, 263))
}

/// Seed 003 ("Second Chances And New Beginnings", a TtH dump, work in progress).
pub(crate) fn seed_003() -> Document {
    use FieldKey as K;
    use Origin as O;
    let l = seed_lines("003_eff54dd5a0b469a9.txt");
    let fields = vec![
        field(K::Title, O::Loose, "title line", line(&l, 1), 1),
        field(
            K::Summary,
            O::Field,
            "Summary",
            &after(&l, 3, "Summary:"),
            3,
        ),
        field(
            K::Disclaimer,
            O::Field,
            "Disclaimer",
            &after(&l, 5, "Disclaimer:"),
            5,
        ),
        field(
            K::Note,
            O::Field,
            "Author's Note",
            &after(&l, 7, "Author's Note:"),
            7,
        ),
        field(K::EndMarker, O::Footer, "end marker", line(&l, 291), 291),
        field(K::Status, O::Footer, "archive footer", line(&l, 293), 293),
    ];
    document(fields, Some("tthfanfic.org"), body(&l, 11, 288))
}

/// Seed 004 ("Change of Space" by Annie).
pub(crate) fn seed_004() -> Document {
    use FieldKey as K;
    use Origin as O;
    let l = seed_lines("004_ca5d7cb0a57c4d69.txt");
    let fields = vec![
        field(K::Title, O::Loose, "title line", line(&l, 1), 1),
        field(K::Author, O::Loose, "byline", "Annie", 3),
        field(
            K::Note,
            O::Loose,
            "header note",
            "Could stand alone, but better to read Fighting Jose, Change of Pace first.",
            8,
        ),
        field(K::Warning, O::Field, "Warning", "Slash content.", 8),
        field(
            K::Summary,
            O::Field,
            "Summary",
            "Lex Luthor takes a little trip to the Hellmouth.",
            9,
        ),
        field(K::Rating, O::Field, "Rated", "R", 9),
        field(
            K::Disclaimer,
            O::Field,
            "Disclaimer",
            "Still not mine, or I would have way, way better insight into what makes them tick.",
            10,
        ),
        field(K::Note, O::Footer, "feedback request", line(&l, 453), 453),
    ];
    document(fields, None, body(&l, 12, 452))
}
