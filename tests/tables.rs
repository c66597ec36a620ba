//! Tables read from real-shaped downloads (`tests/fixtures/tables/`): an AO3 HTML
//! download and an EPUB. What the reader gets (blocks, words, search) and what
//! `ficread cat` prints.

use std::path::{Path, PathBuf};
use std::process::Command;

use ficread::document::{Block, Document, Table};
use ficread::format;
use ficread::search::Search;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tables")
        .join(name)
}

fn read(name: &str) -> Document {
    let doc = format::read_file(&fixture(name)).expect("reads");
    doc.check().expect("document invariants");
    doc
}

fn tables(doc: &Document, chapter: usize) -> Vec<&Table> {
    doc.chapters[chapter]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(&**t),
            _ => None,
        })
        .collect()
}

fn grid(t: &Table) -> Vec<Vec<&str>> {
    t.rows
        .iter()
        .map(|r| r.cells.iter().map(|c| t.cell_text(c)).collect())
        .collect()
}

#[test]
fn an_ao3_download_keeps_its_tables_between_the_paragraphs() {
    let doc = read("ao3-group-chat.html");
    assert_eq!(doc.chapters.len(), 2);
    let first = tables(&doc, 0);
    assert_eq!(first.len(), 2, "the chat log and the character sheet");
    assert_eq!(grid(first[0])[0], ["Time", "Sender", "Message"]);
    assert!(first[0].rows[0].header);
    assert_eq!(
        grid(first[1]),
        [
            vec!["Name", "Neville Longbottom"],
            vec!["Subject", "Herbology, obviously"],
            vec!["Weakness", "Potions. Also stairs."],
        ]
    );
    let kinds: Vec<&str> = doc.chapters[0]
        .blocks
        .iter()
        .map(|b| match b {
            Block::Table(_) => "table",
            Block::Paragraph(_) => "p",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["p", "table", "p", "p", "p", "table"]);
    let scores = tables(&doc, 1);
    assert_eq!(
        grid(scores[0])[3],
        ["Ron", "A (he says E)", "E"],
        "the nested table is flattened into its cell"
    );
}

#[test]
fn cell_words_count_and_cell_text_is_searchable() {
    let doc = read("ao3-group-chat.html");
    let sheet = Block::Table(Box::new(tables(&doc, 0)[1].clone()));
    assert_eq!(sheet.body_words(), 10, "the separators are not words");
    let without_tables: usize = doc
        .chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .filter(|b| !matches!(b, Block::Table(_)))
        .map(Block::body_words)
        .sum();
    assert!(doc.words() > without_tables + 80, "{}", doc.words());

    let search = Search::new(&doc, "sprout");
    let hit = search.hits().first().expect("a hit in a cell");
    let Block::Table(table) = &doc.chapters[hit.chapter].blocks[hit.block] else {
        panic!("the hit is in the scores table");
    };
    assert_eq!(&table.text.text[hit.range.clone()], "Sprout");
}

#[test]
fn an_epub_status_screen_is_a_table_and_a_boxed_letter_is_text() {
    let doc = read("litrpg-status.epub");
    let titles: Vec<Option<&str>> = doc.chapters.iter().map(|c| c.title.as_deref()).collect();
    assert_eq!(titles, [Some("1. Status Screen"), Some("2. The Letter")]);
    let status = tables(&doc, 0);
    assert_eq!(status.len(), 1);
    assert_eq!(
        grid(status[0]),
        [
            vec!["Stat", "Value", "Notes"],
            vec!["Level", "3", "Up from 2 after the incident with the mop"],
            vec!["Strength", "11", ""],
            vec!["Patience", "2", "Critically low"],
            vec!["Unspent points", "4"],
        ]
    );
    assert_eq!(status[0].rows[4].cells[0].span, 2);
    assert!(
        tables(&doc, 1).is_empty(),
        "a one-cell table is a box, not data"
    );
    let letter: Vec<&str> = doc.chapters[1].blocks.iter().map(Block::text).collect();
    assert!(letter.contains(&"Dear Mr. Tom,"), "{letter:?}");
}

#[test]
fn cat_prints_tables_as_aligned_text() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_ficread"))
        .arg("cat")
        .arg(fixture("litrpg-status.epub"))
        .env("FICREAD_CONFIG_DIR", data.path().join("config"))
        .env("FICREAD_DATA_DIR", data.path().join("data"))
        .env("FICREAD_CACHE_DIR", data.path().join("cache"))
        .env("FICREAD_STATE_DIR", data.path().join("state"))
        .output()
        .expect("run ficread");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let start = text.find("Stat ").expect("the table");
    let table: Vec<&str> = text[start..].lines().take(6).collect();
    assert_eq!(
        table,
        [
            "Stat      Value  Notes",
            "──────────────────────────────────────────────────────────",
            "Level     3      Up from 2 after the incident with the mop",
            "Strength  11",
            "Patience  2      Critically low",
            "Unspent points   4",
        ]
    );
}
