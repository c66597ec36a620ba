use std::path::{Path, PathBuf};
use std::time::Instant;

use super::*;
use crate::keymap::{Key, KeyCode};
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

    fn request(&self) -> ScanRequest {
        ScanRequest {
            roots: vec![self.lib()],
            index: self.dir.path().join("index.bin"),
            settings: String::new(),
            calibre: Box::default(),
        }
    }

    /// A fresh app showing the library, as a new ficread process would start.
    fn app(&self) -> App {
        self.start(Start::Library(self.request()), (80, 24))
    }

    /// A fresh app started with `ficread -r`.
    fn resumed(&self) -> App {
        self.start(Start::Resume(self.request()), (80, 24))
    }

    /// A fresh app started with `ficread read FILE`.
    fn file(&self, path: &Path, size: (u16, u16)) -> App {
        self.start(Start::File(path.to_owned()), size)
    }

    fn start(&self, open: Start, size: (u16, u16)) -> App {
        let (store, warning) = Store::open(&self.data());
        assert_eq!(warning, None);
        let mut app = App::new(Config::default(), Aliases::builtin(), store, size);
        let _ = run_inline(&mut app, Msg::Start { open, notice: None });
        app
    }
}

/// The reader's place as the store keeps it: counting the story's own chapters,
/// not the title page.
fn story_anchor(app: &App) -> crate::position::Anchor {
    let reader = reader(app);
    let mut anchor = reader.anchor();
    anchor.chapter -= reader.pager().document().front_chapters();
    anchor
}

fn key(app: &mut App, key: Key) {
    let _ = run_inline(app, Msg::Key(key));
}

fn shutdown(app: &mut App) -> Vec<String> {
    let effects = run_inline(app, Msg::Shutdown);
    assert!(effects.quit);
    app.warnings().to_vec()
}

/// Selects a library entry and opens it with Enter.
fn open_entry(app: &mut App, entry: usize) {
    let path = app.library().entries()[entry].story.path.clone();
    let row = app
        .library()
        .visible()
        .position(|e| e.story.path == path)
        .expect("the entry is visible");
    press(app, "g");
    for _ in 0..row {
        press(app, "j");
    }
    press(app, "\n");
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
        let _ = run_inline(app, Msg::Key(key));
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
    open_entry(&mut app, his_hero);
    assert_eq!(app.view(), View::Reader);
    press(&mut app, "   jj");
    let anchor = reader(&app).anchor();
    let text = top_text(&app);
    press(&mut app, "q");
    assert_eq!(app.view(), View::Library);
    let warnings = shutdown(&mut app);
    assert!(warnings.is_empty(), "{warnings:?}");

    // A new process: the continue line offers the story; resume lands on the sentence.
    let again = fixture.app();
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
    let again = fixture.resumed();
    assert_eq!(again.view(), View::Reader);
    assert_eq!(reader(&again).anchor(), anchor);
    assert_eq!(top_text(&again), text);
    let entry = &again.library().entries()[his_hero];
    assert_eq!(entry.reading.shelf, Shelf::Reading);
}

#[test]
fn bookmarks_and_marks_are_saved_at_once_and_listed() {
    let fixture = Fixture::with(&["library/004_ca5d7cb0a57c4d69.txt"]);
    let mut app = fixture.app();
    open_entry(&mut app, 0);
    press(&mut app, "  ");
    let marked = reader(&app).anchor();
    press(&mut app, "ma");
    press(&mut app, " ");
    // m, Enter: a label prompt prefilled with the chapter and first words.
    press(&mut app, "m\n");
    let Some(reader::ReaderPopup::Prompt(prompt)) =
        app.open_story().map(|o| o.reader.popup().clone())
    else {
        panic!("label prompt");
    };
    assert!(
        !prompt.input.starts_with("Chapter"),
        "no chapter name in an unchaptered story: {}",
        prompt.input
    );
    assert!(prompt.input.ends_with('…'), "{}", prompt.input);
    key(&mut app, Key::ctrl('u'));
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
    let Some(reader::ReaderPopup::Bookmarks(list)) =
        app.open_story().map(|o| o.reader.popup().clone())
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
    key(&mut app, Key::plain(KeyCode::Down));
    key(&mut app, Key::plain(KeyCode::Enter));
    assert_eq!(reader(&app).anchor(), bookmarked);
    // Rename, then delete it.
    press(&mut app, "'");
    key(&mut app, Key::plain(KeyCode::Down));
    press(&mut app, "R");
    key(&mut app, Key::ctrl('u'));
    press(&mut app, "Renamed\n");
    assert_eq!(
        app.store().iter().next().expect("story").1.bookmarks[0].label,
        "Renamed"
    );
    press(&mut app, "'");
    key(&mut app, Key::plain(KeyCode::Down));
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
    open_entry(&mut app, complete);
    press(&mut app, "Gq");
    open_entry(&mut app, wip);
    key(&mut app, Key::plain(KeyCode::End));
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
    let mut app = fixture.file(&path, (60, 10));
    assert_eq!(app.view(), View::Reader);
    key(&mut app, Key::char('}'));
    press(&mut app, "j");
    let text = top_text(&app);
    shutdown(&mut app);

    // A re-downloaded work in progress: one chapter more, and the first chapter's
    // text edited before the reader's place.
    let original = std::fs::read_to_string(&path).expect("read");
    let grown = original.replace("The End\n", "Chapter 4: The Sea\n\nThey reached the coast at dawn and said nothing for a long time.\n")
        .replace("The truck was late", "The old truck was very late");
    std::fs::write(&path, grown).expect("write");

    let again = fixture.file(&path, (60, 10));
    assert_eq!(top_text(&again), text, "same sentence on top");
    let message = reader(&again).message().expect("announced");
    assert!(
        message.starts_with("1 new chapter since you last read"),
        "{message}"
    );
    assert_eq!(reader(&again).pager().document().story_chapters().len(), 4);
}

#[test]
fn shelf_and_favourite_from_the_library_persist() {
    let fixture = Fixture::with(&[
        "library/000_bb6d4e728ffb166b.txt",
        "library/001_b5816a6318ea8cb5.txt",
    ]);
    let mut app = fixture.app();
    let glory = entry_titled(&app, "Smallville Glory");
    let row = app
        .library()
        .visible()
        .position(|e| e.story.meta.title == "Smallville Glory")
        .expect("visible");
    press(&mut app, "g");
    for _ in 0..row {
        press(&mut app, "j");
    }
    key(&mut app, Key::char('S'));
    press(&mut app, "jjj\n");
    key(&mut app, Key::char('*'));
    let entry = &app.library().entries()[glory];
    assert_eq!(entry.reading.shelf, Shelf::OnHold);
    assert!(entry.reading.favourite);
    let again = fixture.app();
    let entry = &again.library().entries()[entry_titled(&again, "Smallville Glory")];
    assert_eq!(entry.reading.shelf, Shelf::OnHold);
    assert!(entry.reading.favourite);
    // And the query language sees it.
    let mut lib = again;
    press(&mut lib, "/");
    press(&mut lib, "shelf:on-hold favourite:yes");
    assert_eq!(lib.library().visible_count(), 1);
}

#[test]
fn a_story_that_cannot_be_read_any_more_is_a_message() {
    let fixture = Fixture::with(&["library/002_54f2dad0d817735c.txt"]);
    let mut app = fixture.app();
    std::fs::remove_file(fixture.lib().join("002_54f2dad0d817735c.txt")).expect("remove");
    open_entry(&mut app, 0);
    assert_eq!(app.view(), View::Library);
    let message = app.library().message().expect("message");
    assert!(message.contains("002_54f2dad0d817735c.txt"), "{message}");
}

#[test]
fn a_moved_file_keeps_its_place() {
    let fixture = Fixture::with(&["library/002_54f2dad0d817735c.txt"]);
    let mut app = fixture.app();
    open_entry(&mut app, 0);
    press(&mut app, "  j");
    let anchor = reader(&app).anchor();
    press(&mut app, "q");
    shutdown(&mut app);
    std::fs::create_dir_all(fixture.lib().join("moved")).expect("mkdir");
    std::fs::rename(
        fixture.lib().join("002_54f2dad0d817735c.txt"),
        fixture.lib().join("moved/his-hero.txt"),
    )
    .expect("move");
    let again = fixture.resumed();
    assert_eq!(reader(&again).anchor(), anchor);
    assert_eq!(
        again.open_story().map(|o| o.path.as_path()),
        Some(Path::new(&fixture.lib().join("moved/his-hero.txt")))
    );
}

/// A 1 s debounce later.
fn later() -> Instant {
    Instant::now() + SAVE_INTERVAL * 2
}

#[test]
fn a_save_that_fails_on_an_idle_tick_is_shown_at_once_and_stays_until_one_succeeds() {
    let fixture = Fixture::with(&["library/002_54f2dad0d817735c.txt"]);
    let mut app = fixture.app();
    open_entry(&mut app, 0);
    press(&mut app, "  ");
    // The data folder becomes a file: the lock, the temp file and the rename fail.
    std::fs::remove_dir_all(fixture.data()).expect("remove data dir");
    std::fs::write(fixture.data(), "not a folder").expect("write");
    let effects = run_inline(&mut app, Msg::Tick(later()));
    assert!(
        effects.redraw,
        "the failure is drawn at once, on an idle tick"
    );
    let error = app.save_error().expect("a save error").to_owned();
    assert!(error.contains("reading state not saved"), "{error}");
    let folder = format!("cannot save reading state in {}", fixture.data().display());
    assert!(
        error.contains(&folder),
        "names the folder, the real cause: {error}"
    );
    // A key clears messages, not the alert.
    press(&mut app, "j");
    assert_eq!(app.save_error(), Some(error.as_str()));
    // The folder comes back: the next save succeeds and the alert goes.
    std::fs::remove_file(fixture.data()).expect("remove file");
    std::fs::create_dir_all(fixture.data()).expect("mkdir");
    press(&mut app, "j");
    let effects = run_inline(&mut app, Msg::Tick(later() + SAVE_INTERVAL * 2));
    assert!(effects.redraw, "the alert's end is drawn too");
    assert_eq!(app.save_error(), None);
    assert!(
        !app.warnings().is_empty(),
        "the failure is still told at exit"
    );
}

#[test]
fn the_continue_line_and_the_table_say_what_the_reader_showed() {
    let fixture = Fixture::with(&[
        "library/001_b5816a6318ea8cb5.txt",
        "library/003_eff54dd5a0b469a9.txt",
    ]);
    let mut app = fixture.app();
    for (entry, pages) in [(0, 7), (1, 3), (0, 2)] {
        open_entry(&mut app, entry);
        press(&mut app, &" ".repeat(pages));
        // Let a debounced capture and save happen mid-way, as in real reading.
        let _ = run_inline(&mut app, Msg::Tick(later()));
        press(&mut app, "jj");
        let shown = reader(&app).pager().place();
        let front = reader(&app).pager().document().front_chapters();
        let percent = shown.percent.floor() as usize;
        let chapter = shown.chapter + 1 - front;
        let chapters = shown.chapters - front;
        press(&mut app, "q");
        let line = app
            .library()
            .continue_line()
            .expect("continue line")
            .clone();
        assert_eq!(line.entry, entry);
        let place = if chapters > 1 {
            format!("Ch {chapter}/{chapters} · {percent}%")
        } else {
            format!("{percent}%")
        };
        assert_eq!(line.place, place);
        assert_eq!(app.library().entries()[entry].reading.percent, percent);
    }
}

#[test]
fn keys_typed_while_the_library_is_indexing_are_handled_as_typed() {
    let fixture = Fixture::with(&[
        "library/001_b5816a6318ea8cb5.txt",
        "library/002_54f2dad0d817735c.txt",
    ]);
    let (store, _) = Store::open(&fixture.data());
    let mut app = App::new(Config::default(), Aliases::builtin(), store, (80, 24));
    let effects = app.update(Msg::Start {
        open: Start::Library(fixture.request()),
        notice: None,
    });
    assert!(app.library().indexing().is_some(), "the screen says so");
    // The scan is still running while the reader types a filter and Enter.
    for key in [
        Key::char('/'),
        Key::char('h'),
        Key::char('i'),
        Key::char('s'),
    ] {
        let _ = app.update(Msg::Key(key));
    }
    let _ = app.update(Msg::Key(Key::plain(KeyCode::Enter)));
    assert!(!app.library().editing(), "Enter ended the prompt");
    let _ = run_jobs_inline(&mut app, effects.jobs);
    assert_eq!(app.library().indexing(), None);
    assert_eq!(app.library().filter(), "his");
    let titles: Vec<&str> = app
        .library()
        .visible()
        .map(|e| e.story.meta.title.as_str())
        .collect();
    assert_eq!(
        titles,
        ["His Hero"],
        "the filter applies to what the scan found"
    );
    // Esc is the library's clear-filter key again, not a key in a prompt.
    key(&mut app, Key::plain(KeyCode::Esc));
    assert_eq!(app.library().filter(), "");
    assert_eq!(app.library().visible_count(), 2);
}

#[test]
fn ctrl_z_saves_the_place_and_suspends() {
    let fixture = Fixture::with(&["library/002_54f2dad0d817735c.txt"]);
    let mut app = fixture.app();
    open_entry(&mut app, 0);
    press(&mut app, "  ");
    let anchor = story_anchor(&app);
    let effects = run_inline(&mut app, Msg::Key(Key::ctrl('z')));
    assert!(effects.suspend && effects.redraw && !effects.quit);
    assert_eq!(
        app.view(),
        View::Reader,
        "the reader is still there on return"
    );
    let (other, _) = Store::open(&fixture.data());
    let saved = other.iter().next().expect("a story").1;
    assert_eq!(saved.position.as_ref().map(|p| p.anchor), Some(anchor));
}

#[test]
fn the_place_is_saved_exactly_soon_after_the_reader_stops() {
    let fixture = Fixture::with(&["library/004_ca5d7cb0a57c4d69.txt"]);
    let mut app = fixture.app();
    open_entry(&mut app, 0);
    // Let the save of the opening finish, as a reader's first second would.
    let _ = run_inline(&mut app, Msg::Tick(later()));
    press(&mut app, "  jjj");
    let anchor = story_anchor(&app);
    // A few hundred milliseconds later (not a whole save interval after the last
    // capture), a `kill -9` must find exactly this place on disk.
    let _ = run_inline(&mut app, Msg::Tick(Instant::now() + SETTLE * 2));
    let (other, _) = Store::open(&fixture.data());
    let saved = other.iter().next().expect("a story").1;
    assert_eq!(saved.position.as_ref().map(|p| p.anchor), Some(anchor));
}

#[test]
fn resume_says_so_when_the_last_story_is_not_in_the_scanned_folders() {
    let fixture = Fixture::with(&["library/002_54f2dad0d817735c.txt"]);
    let mut app = fixture.app();
    open_entry(&mut app, 0);
    press(&mut app, "q");
    let _ = shutdown(&mut app);
    std::fs::rename(
        fixture.lib().join("002_54f2dad0d817735c.txt"),
        fixture.dir.path().join("elsewhere.txt"),
    )
    .expect("move out of the library");
    let again = fixture.resumed();
    assert_eq!(again.view(), View::Library);
    let message = again.library().message().expect("a message");
    assert!(
        message.contains("“His Hero”") && message.contains("not in the scanned folders"),
        "{message}"
    );
}

#[test]
fn a_series_filter_lists_the_parts_in_reading_order() {
    let fixture = Fixture::with(&[]);
    for (file, title, part) in [
        ("a.txt", "Wheat", 2),
        ("b.txt", "Storm", 3),
        ("c.txt", "Harvest", 1),
    ] {
        std::fs::write(
            fixture.lib().join(file),
            format!("Title: {title}\nAuthor: Someone\nSeries: Kansas, Part {part}\n\nThe fields went on for miles, and the sky went on further still.\n"),
        )
        .expect("write");
    }
    let mut app = fixture.app();
    press(&mut app, "/series:kansas\n");
    let titles: Vec<&str> = app
        .library()
        .visible()
        .map(|e| e.story.meta.title.as_str())
        .collect();
    assert_eq!(titles, ["Harvest", "Wheat", "Storm"]);
    assert_eq!(app.library().effective_sort(), library::Sort::Series);
    // Without the series term, the chosen sort is back.
    press(&mut app, "\u{1b}");
    assert_eq!(app.library().effective_sort(), library::Sort::LastRead);
}

#[test]
fn the_reader_says_where_the_keys_are_once_a_session() {
    let fixture = Fixture::with(&[
        "library/002_54f2dad0d817735c.txt",
        "library/004_ca5d7cb0a57c4d69.txt",
    ]);
    let mut app = fixture.app();
    open_entry(&mut app, 0);
    assert_eq!(
        reader(&app).message(),
        Some("h help · q back to the library")
    );
    press(&mut app, "jq");
    open_entry(&mut app, 1);
    assert_eq!(reader(&app).message(), None, "once is enough");
}

mod preview;
mod remembered;
mod series;
mod stats;
mod title_page;
mod warm_start;

#[test]
fn a_blank_row_on_top_comes_back_on_top() {
    // Stopping with a paragraph gap on the top row used to resume one row off: the
    // place is the paragraph after it, whose first line then took the top row.
    let fixture = Fixture::with(&["library/002_54f2dad0d817735c.txt"]);
    let screen = |app: &App| -> Vec<String> {
        let pager = reader(app).pager();
        pager
            .rows()
            .iter()
            .map(|r| pager.row_text(r).to_owned())
            .collect()
    };
    let mut app = fixture.app();
    let his_hero = entry_titled(&app, "His Hero");
    open_entry(&mut app, his_hero);
    press(&mut app, " ");
    for _ in 0..60 {
        if reader(&app).pager().top_shift() > 0 {
            break;
        }
        press(&mut app, "j");
    }
    assert!(
        reader(&app).pager().top_shift() > 0,
        "a gap reached the top"
    );
    assert_eq!(screen(&app)[0], "", "the top row is the gap");
    let before = screen(&app);
    let warnings = shutdown(&mut app);
    assert!(warnings.is_empty(), "{warnings:?}");
    let again = fixture.resumed();
    assert_eq!(screen(&again), before);
}

/// The place saved as the reader moves takes its share of the story from the pager
/// (no recount of every word each second): the same share a full count gives.
#[test]
fn a_saved_place_has_the_share_a_full_word_count_gives() {
    let fixture = Fixture::with(&[]);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("library");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("library")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    for path in &files {
        let mut app = fixture.file(path, (80, 24));
        for step in 0..12 {
            let reader = reader(&app);
            let pager = reader.pager();
            let counted = crate::store::capture(pager.document(), pager.anchor());
            let kept = crate::store::capture_with_fraction(
                pager.document(),
                pager.anchor(),
                pager.fraction(),
            );
            assert!(
                (counted.fraction - kept.fraction).abs() < 1e-9,
                "{} step {step}: {} vs {}",
                path.display(),
                counted.fraction,
                kept.fraction
            );
            assert_eq!(counted.quote, kept.quote);
            key(&mut app, Key::char(' '));
        }
    }
}
