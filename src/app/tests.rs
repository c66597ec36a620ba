use std::path::{Path, PathBuf};

use super::*;
use crate::keymap::{Action, KeyCode};
use crate::store::Shelf;

/// A library folder and a data folder, both temporary.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    /// A library holding copies of the named seed files (and fixtures).
    fn with(files: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("lib")).expect("mkdir");
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        for file in files {
            let from = root.join(file);
            let name = from.file_name().expect("file name");
            std::fs::copy(&from, dir.path().join("lib").join(name)).expect("copy");
        }
        Self { dir }
    }

    fn lib(&self) -> PathBuf {
        self.dir.path().join("lib")
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// A fresh app, as a new ficread process would start.
    fn app(&self) -> App {
        let aliases = Aliases::builtin();
        let scanned = crate::library::scan(&[self.lib()], &aliases, None);
        let works = crate::library::works(scanned.stories);
        let (store, warning) = Store::open(&self.data());
        assert_eq!(warning, None);
        App::new(Config::default(), aliases, works, store, (80, 24))
    }
}

fn entry_titled(app: &App, title: &str) -> usize {
    app.library()
        .entries()
        .iter()
        .position(|e| e.story.meta.title == title)
        .unwrap_or_else(|| panic!("{title} in the library"))
}

fn reader(app: &App) -> &reader::Reader {
    &app.open_story().expect("a story is open").reader
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let key = match c {
            '\n' => Key::plain(KeyCode::Enter),
            '\u{1b}' => Key::plain(KeyCode::Esc),
            c => Key::char(c),
        };
        app.on_key(key);
    }
}

fn top_text(app: &App) -> String {
    let reader = reader(app);
    let anchor = reader.anchor();
    let doc = reader.pager().document();
    let text = doc.chapters[anchor.chapter].blocks[anchor.block].text();
    text[anchor.offset..].chars().take(40).collect()
}

#[test]
fn quit_and_relaunch_lands_on_the_same_sentence() {
    let fixture = Fixture::with(&["library/002_54f2dad0d817735c.txt"]);
    let mut app = fixture.app();
    assert!(app.library().continue_line().is_none(), "nothing read yet");
    let his_hero = entry_titled(&app, "His Hero");
    assert_eq!(app.open_entry(his_hero), Outcome::Redraw);
    assert_eq!(app.view(), View::Reader);
    press(&mut app, "   jj");
    let anchor = reader(&app).anchor();
    let text = top_text(&app);
    press(&mut app, "q");
    assert_eq!(app.view(), View::Library);
    let warnings = app.shutdown();
    assert!(warnings.is_empty(), "{warnings:?}");

    // A new process: the continue line offers the story; resume lands on the sentence.
    let mut again = fixture.app();
    let line = again
        .library()
        .continue_line()
        .expect("continue line")
        .clone();
    assert_eq!(line.entry, his_hero);
    assert!(
        line.quote
            .starts_with(text.split_whitespace().next().expect("word")),
        "{line:?}"
    );
    assert_eq!(
        again.library().selected_index(),
        Some(his_hero),
        "last read is selected"
    );
    assert!(again.resume());
    assert_eq!(reader(&again).anchor(), anchor);
    assert_eq!(top_text(&again), text);
    let entry = &again.library().entries()[his_hero];
    assert_eq!(entry.reading.shelf, Shelf::Reading);
}

#[test]
fn bookmarks_and_marks_are_saved_at_once_and_listed() {
    let fixture = Fixture::with(&["library/004_ca5d7cb0a57c4d69.txt"]);
    let mut app = fixture.app();
    app.open_entry(0);
    press(&mut app, "  ");
    let marked = reader(&app).anchor();
    press(&mut app, "ma");
    press(&mut app, " ");
    // m, Enter: a label prompt prefilled with the chapter and first words.
    press(&mut app, "m\n");
    let Some(reader::Overlay::Prompt(prompt)) =
        app.open_story().map(|o| o.reader.overlay().clone())
    else {
        panic!("label prompt");
    };
    assert!(
        !prompt.input.starts_with("Chapter"),
        "no chapter name in an unchaptered story: {}",
        prompt.input
    );
    assert!(prompt.input.ends_with('…'), "{}", prompt.input);
    app.on_key(Key::ctrl('u'));
    press(&mut app, "Spike arrives\n");
    let bookmarked = reader(&app).anchor();
    press(&mut app, "G");

    // Saved immediately, without a tick or a shutdown: another process sees them.
    let (other, _) = Store::open(&fixture.data());
    let state = other.iter().next().expect("a story").1;
    assert_eq!(state.bookmarks.len(), 1);
    assert_eq!(state.bookmarks[0].label, "Spike arrives");
    assert!(state.marks.contains_key(&'a'));

    // ' lists them; a letter jumps to its mark; '' comes back.
    press(&mut app, "'");
    let Some(reader::Overlay::Bookmarks(list)) =
        app.open_story().map(|o| o.reader.overlay().clone())
    else {
        panic!("bookmark list");
    };
    assert_eq!(list.items.len(), 2);
    assert_eq!(list.items[0].kind, reader::BookmarkKind::Mark('a'));
    assert_eq!(list.items[1].label, "Spike arrives");
    assert!(!list.items[1].snippet.is_empty());
    press(&mut app, "a");
    assert_eq!(reader(&app).anchor(), marked);
    // Down to the bookmark and Enter.
    press(&mut app, "'");
    app.on_key(Key::plain(KeyCode::Down));
    app.on_key(Key::plain(KeyCode::Enter));
    assert_eq!(reader(&app).anchor(), bookmarked);
    // Rename, then delete it.
    press(&mut app, "'");
    app.on_key(Key::plain(KeyCode::Down));
    press(&mut app, "R");
    app.on_key(Key::ctrl('u'));
    press(&mut app, "Renamed\n");
    assert_eq!(
        app.store().iter().next().expect("story").1.bookmarks[0].label,
        "Renamed"
    );
    press(&mut app, "'");
    app.on_key(Key::plain(KeyCode::Down));
    press(&mut app, "D");
    assert!(
        app.store()
            .iter()
            .next()
            .expect("story")
            .1
            .bookmarks
            .is_empty()
    );
}

#[test]
fn reaching_the_end_finishes_or_catches_up() {
    let fixture = Fixture::with(&[
        "library/002_54f2dad0d817735c.txt",
        "library/003_eff54dd5a0b469a9.txt",
    ]);
    let mut app = fixture.app();
    let complete = entry_titled(&app, "His Hero");
    let wip = entry_titled(&app, "Second Chances And New Beginnings");
    app.open_entry(complete);
    press(&mut app, "Gq");
    app.open_entry(wip);
    app.on_key(Key::plain(KeyCode::End));
    press(&mut app, "q");
    let shelf = |app: &App, i: usize| app.library().entries()[i].reading.shelf;
    assert_eq!(shelf(&app, complete), Shelf::Finished);
    assert_eq!(shelf(&app, wip), Shelf::CaughtUp);
    assert_eq!(app.library().entries()[complete].reading.percent, 100);
}

#[test]
fn appended_chapters_are_announced_and_the_place_is_kept() {
    let fixture = Fixture::with(&["tests/fixtures/stories/chapters.txt"]);
    let path = fixture.lib().join("chapters.txt");
    let mut app = App::new(
        Config::default(),
        Aliases::builtin(),
        Vec::new(),
        Store::open(&fixture.data()).0,
        (60, 10),
    );
    app.open_path(&path).expect("opens");
    app.on_key(Key::char('}'));
    press(&mut app, "j");
    let text = top_text(&app);
    app.shutdown();

    // A re-downloaded work in progress: one chapter more, and the first chapter's
    // text edited before the reader's place.
    let original = std::fs::read_to_string(&path).expect("read");
    let grown = original.replace("The End\n", "Chapter 4: The Sea\n\nThey reached the coast at dawn and said nothing for a long time.\n")
        .replace("The truck was late", "The old truck was very late");
    std::fs::write(&path, grown).expect("write");

    let mut again = App::new(
        Config::default(),
        Aliases::builtin(),
        Vec::new(),
        Store::open(&fixture.data()).0,
        (60, 10),
    );
    again.open_path(&path).expect("opens");
    assert_eq!(top_text(&again), text, "same sentence on top");
    let message = reader(&again).message().expect("announced");
    assert!(
        message.starts_with("1 new chapter since you last read"),
        "{message}"
    );
    assert_eq!(reader(&again).pager().status().chapters, 4);
}

#[test]
fn shelf_and_favourite_from_the_library_persist() {
    let fixture = Fixture::with(&[
        "library/000_bb6d4e728ffb166b.txt",
        "library/001_b5816a6318ea8cb5.txt",
    ]);
    let mut app = fixture.app();
    let glory = entry_titled(&app, "Smallville Glory");
    app.library_mut().select_entry(glory);
    app.on_key(Key::char('S'));
    press(&mut app, "jjj\n");
    app.on_key(Key::char('*'));
    let entry = &app.library().entries()[glory];
    assert_eq!(entry.reading.shelf, Shelf::OnHold);
    assert!(entry.reading.favourite);
    let again = fixture.app();
    let entry = &again.library().entries()[entry_titled(&again, "Smallville Glory")];
    assert_eq!(entry.reading.shelf, Shelf::OnHold);
    assert!(entry.reading.favourite);
    // And the query language sees it.
    let mut lib = again;
    lib.library_mut().update(Action::Filter);
    press(&mut lib, "shelf:on-hold favourite:yes");
    assert_eq!(lib.library().visible_count(), 1);
}

#[test]
fn a_story_that_cannot_be_read_any_more_is_a_message() {
    let fixture = Fixture::with(&["library/002_54f2dad0d817735c.txt"]);
    let mut app = fixture.app();
    std::fs::remove_file(fixture.lib().join("002_54f2dad0d817735c.txt")).expect("remove");
    assert_eq!(app.open_entry(0), Outcome::Redraw);
    assert_eq!(app.view(), View::Library);
    let message = app.library().message().expect("message");
    assert!(message.contains("002_54f2dad0d817735c.txt"), "{message}");
}

#[test]
fn a_moved_file_keeps_its_place() {
    let fixture = Fixture::with(&["library/002_54f2dad0d817735c.txt"]);
    let mut app = fixture.app();
    app.open_entry(0);
    press(&mut app, "  j");
    let anchor = reader(&app).anchor();
    press(&mut app, "q");
    app.shutdown();
    std::fs::create_dir_all(fixture.lib().join("moved")).expect("mkdir");
    std::fs::rename(
        fixture.lib().join("002_54f2dad0d817735c.txt"),
        fixture.lib().join("moved/his-hero.txt"),
    )
    .expect("move");
    let mut again = fixture.app();
    assert!(again.resume());
    assert_eq!(reader(&again).anchor(), anchor);
    assert_eq!(
        again.open_story().map(|o| o.path.as_path()),
        Some(Path::new(&fixture.lib().join("moved/his-hero.txt")))
    );
}
