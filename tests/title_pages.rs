//! Every story in `library/` and in `../shared/corpus` (skipped with a message when
//! absent) opens in the reader on a title page that states its title, with the
//! story's own first chapter right after it.

use std::path::{Path, PathBuf};

use ficread::app::{App, Msg, Start, View, run_inline};
use ficread::config::Config;
use ficread::document::Block;
use ficread::format::FormatKind;
use ficread::keymap::{Key, KeyCode};
use ficread::meta::Aliases;
use ficread::store::Store;

fn stories(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.is_file() && FormatKind::from_path(p).is_some())
        .collect();
    found.sort();
    found
}

/// `path` open in the reader, as `ficread read FILE` opens it.
fn open(path: &Path) -> (App, tempfile::TempDir) {
    let data = tempfile::tempdir().expect("tempdir");
    let (store, _) = Store::open(data.path());
    let mut app = App::new(Config::default(), Aliases::builtin(), store, (80, 24));
    let _ = run_inline(
        &mut app,
        Msg::Start {
            open: Start::File(path.to_owned()),
            notice: None,
        },
    );
    (app, data)
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let key = match c {
            '\n' => Key::plain(KeyCode::Enter),
            c => Key::char(c),
        };
        let _ = run_inline(app, Msg::Key(key));
    }
}

/// Opens `path` and checks the first screen.
fn opens_on_its_title_page(path: &Path) {
    let (app, _data) = open(path);
    let name = path.display();
    assert_eq!(app.view(), View::Reader, "{name} opened");
    let reader = &app.open_story().expect("open").reader;
    let doc = reader.pager().document();
    assert_eq!(doc.front_chapters(), 1, "{name}: one title page");
    assert_eq!(reader.anchor().chapter, 0, "{name}: opens on it");
    let page = &doc.chapters[0];
    assert_eq!(
        page.title.as_deref().map(str::trim),
        Some(reader.title().trim()),
        "{name}: the page states the title"
    );
    assert!(!reader.title().trim().is_empty(), "{name}: a title");
    assert_eq!(reader.status_text().chapter, "Title page", "{name}");
    doc.check().unwrap_or_else(|e| panic!("{name}: {e}"));
    for block in &page.blocks {
        let text = block.text().trim_end();
        assert!(
            !text.ends_with(':') && !text.ends_with(": —") && !text.ends_with(": -"),
            "{name}: a field without a value: {text:?}"
        );
    }
}

#[test]
fn every_library_story_opens_on_a_title_page() {
    let library = Path::new(env!("CARGO_MANIFEST_DIR")).join("library");
    let found = stories(&library);
    assert!(found.len() >= 5, "{found:?}");
    for path in found {
        opens_on_its_title_page(&path);
    }
}

#[test]
fn every_corpus_story_opens_on_a_title_page() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipping: corpus not found at {}", corpus.display());
        return;
    }
    let found = stories(&corpus);
    assert!(!found.is_empty(), "stories in {}", corpus.display());
    for path in found {
        opens_on_its_title_page(&path);
    }
}

#[test]
fn ao3_work_notes_are_on_the_title_page_and_end_notes_after_the_last_chapter() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html/ao3-work-notes.html");
    let (mut app, _data) = open(&path);
    let reader = &app.open_story().expect("open").reader;
    let doc = reader.pager().document();
    let page: Vec<&str> = doc.chapters[0].blocks.iter().map(Block::text).collect();
    let notes = page
        .iter()
        .position(|t| *t == "Notes")
        .expect("a Notes section");
    assert_eq!(
        page.get(notes + 1),
        Some(&"This is a sequel to Rock Salt; read that one first.")
    );
    assert!(
        page.contains(&"Friendships: Dean Winchester & Sam Winchester"),
        "{page:?}"
    );
    assert!(
        !page.iter().any(|t| t.starts_with("Relationships")),
        "{page:?}"
    );
    // The end notes close the last chapter, after its text.
    let last = doc.chapters.last().expect("chapters");
    let texts: Vec<&str> = last.blocks.iter().map(Block::text).collect();
    assert_eq!(
        texts[texts.len() - 2..],
        [
            "End Notes",
            "Thank you for reading; the third part is about a lighthouse."
        ]
    );
    assert!(matches!(last.blocks.last(), Some(Block::Note(_))));

    // Both are searchable text.
    press(&mut app, "/lighthouse\n");
    let reader = &app.open_story().expect("open").reader;
    assert_eq!(reader.anchor().chapter, 2, "{:?}", reader.message());
    press(&mut app, "?sequel to Rock Salt\n");
    let reader = &app.open_story().expect("open").reader;
    assert_eq!(reader.anchor().chapter, 0, "{:?}", reader.message());
    assert_eq!(reader.status_text().chapter, "Title page");
}
