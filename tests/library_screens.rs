//! The library view drawn into ratatui's `TestBackend`, on the sample library.

use std::path::{Path, PathBuf};

use ficread::app::{App, Msg, ScanRequest, Start, run_inline};
use ficread::config::{Config, Shelves};
use ficread::keymap::{Key, KeyCode};
use ficread::meta::Aliases;
use ficread::store::Store;
use ficread::tui::{self, theme::Styles};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

/// The app showing the library in `root`, with reading state and the index in a
/// temporary folder.
struct Session {
    app: App,
    _data: tempfile::TempDir,
}

impl Session {
    fn start(root: &Path, config: Config) -> Self {
        Self::start_in(root, config, tempfile::tempdir().expect("tempdir"))
    }

    /// As [`Session::start`], with reading state already in `data`.
    fn start_in(root: &Path, config: Config, data: tempfile::TempDir) -> Self {
        let (store, _) = Store::open(data.path());
        let mut app = App::new(config, Aliases::builtin(), store, (80, 24));
        let request = ScanRequest {
            roots: vec![root.to_owned()],
            index: data.path().join("index.bin"),
            settings: String::new(),
            calibre: Box::default(),
        };
        let open = Start::Library(request);
        let _ = run_inline(&mut app, Msg::Start { open, notice: None });
        Self { app, _data: data }
    }

    fn key(&mut self, key: Key) {
        let _ = run_inline(&mut self.app, Msg::Key(key));
    }
}

fn sample() -> Session {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("library");
    let config = Config {
        shelves: Shelves(vec![("crossovers".to_owned(), "crossover:yes".to_owned())]),
        ..Config::default()
    };
    let mut lib = Session::start(&root, config);
    // Title order makes the snapshots independent of reading history.
    lib.key(Key::char('s'));
    lib
}

fn render(lib: &mut Session, width: u16, height: u16) -> Buffer {
    let _ = run_inline(&mut lib.app, Msg::Resize { width, height });
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| tui::render(frame, &lib.app, &Styles::default()))
        .expect("draw");
    terminal.backend().buffer().clone()
}

fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn type_text(lib: &mut Session, text: &str) {
    for c in text.chars() {
        lib.key(Key::char(c));
    }
}

#[test]
fn library_80x24() {
    let mut lib = sample();
    let buffer = render(&mut lib, 80, 24);
    let screen = text(&buffer);
    assert!(
        screen.contains("ficread · 5 stories · sort: title"),
        "{screen}"
    );
    assert!(screen.contains("His Hero"), "{screen}");
    // The first row is selected.
    assert!(buffer[(2, 2)].modifier.contains(Modifier::REVERSED));
    insta::assert_snapshot!("library_80x24", screen);
}

#[test]
fn library_filtered_80x24() {
    let mut lib = sample();
    lib.key(Key::char('/'));
    type_text(&mut lib, "pairing:clark/lex");
    let typing = text(&render(&mut lib, 80, 24));
    assert!(typing.contains("ficread · 1 of 5"), "{typing}");
    assert!(
        typing
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("/pairing:clark/lex")),
        "{typing}"
    );
    lib.key(Key::plain(KeyCode::Enter));
    let screen = text(&render(&mut lib, 80, 24));
    assert!(screen.contains("Filter: pairing:clark/lex"), "{screen}");
    insta::assert_snapshot!("library_filtered_80x24", screen);
}

#[test]
fn library_with_facets_and_a_bad_query() {
    let mut lib = sample();
    lib.key(Key::char('F'));
    let screen = text(&render(&mut lib, 100, 24));
    assert!(screen.contains("Smallville"), "{screen}");
    assert!(screen.contains("Fandoms"), "{screen}");
    // Columns line up: the crossover mark sits under its header in every row.
    let lines: Vec<&str> = screen.lines().collect();
    let column_of = |line: &str| line.chars().position(|c| c == '×');
    let header = column_of(lines[1]).expect("header mark");
    for line in &lines[2..7] {
        if let Some(col) = column_of(line) {
            assert_eq!(col, header, "misaligned row: {line}");
        }
    }
    insta::assert_snapshot!("library_facets_100x24", screen);
    lib.key(Key::plain(KeyCode::Esc));
    lib.key(Key::char('/'));
    type_text(&mut lib, "rating:<=q");
    let screen = text(&render(&mut lib, 100, 24));
    assert!(
        screen.contains("`rating:<=q`"),
        "the reason is on screen: {screen}"
    );
}

#[test]
fn details_popup_shows_provenance() {
    let mut lib = sample();
    lib.key(Key::char('G'));
    lib.key(Key::char('/'));
    type_text(&mut lib, "his hero");
    lib.key(Key::plain(KeyCode::Enter));
    lib.key(Key::char('i'));
    let screen = text(&render(&mut lib, 100, 30));
    assert!(screen.contains("Clark Kent/Lex Luthor"), "{screen}");
    assert!(screen.contains("line 7"), "provenance: {screen}");
    assert!(screen.contains("Summary"), "{screen}");
}

#[test]
fn tiny_library_screens_never_panic() {
    let mut lib = sample();
    for (w, h) in [(1, 1), (10, 3), (19, 4), (20, 5), (40, 8), (300, 80)] {
        let screen = text(&render(&mut lib, w, h));
        if w >= 16 && (w < 20 || h < 5) {
            assert!(screen.contains("Window too small"), "{w}x{h}: {screen}");
        }
    }
}

#[test]
fn details_popup_lists_every_file_and_the_chapters() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixture =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stories/chapters.txt");
    for folder in ["a", "b"] {
        std::fs::create_dir_all(dir.path().join(folder)).expect("mkdir");
        std::fs::copy(&fixture, dir.path().join(folder).join("round.txt")).expect("copy");
    }
    let mut lib = Session::start(dir.path(), Config::default());
    assert_eq!(lib.app.library().entries().len(), 1, "two copies, one work");
    lib.key(Key::char('i'));
    let screen = text(&render(&mut lib, 100, 40));
    assert!(screen.contains("Files"), "{screen}");
    assert!(screen.contains("a/round.txt"), "{screen}");
    assert!(screen.contains("b/round.txt"), "{screen}");
    assert!(screen.contains("Chapters"), "{screen}");
    for title in ["1. Chapter 1: The Barn", "2. Chapter 2: The Mansion"] {
        assert!(screen.contains(title), "{title}: {screen}");
    }
    assert!(screen.contains("2 scenes"), "{screen}");
}

#[test]
fn a_popup_taller_than_the_screen_says_how_to_scroll() {
    let mut lib = sample();
    lib.key(Key::char('h'));
    let small = text(&render(&mut lib, 80, 20));
    assert!(small.contains("j/k scroll"), "{small}");
    let tall = text(&render(&mut lib, 80, 60));
    assert!(tall.contains("any key closes"), "{tall}");
    assert!(!tall.contains("j/k scroll"), "{tall}");
}

#[test]
fn after_the_first_story_is_closed_bottom_keeps_the_selection_on_screen() {
    let mut lib = sample();
    // Five stories and three rows of chrome: all fit, until the continue line comes.
    let _ = render(&mut lib, 80, 8);
    lib.key(Key::plain(KeyCode::Enter));
    lib.key(Key::char('q'));
    assert!(lib.app.library().continue_line().is_some());
    lib.key(Key::char('G'));
    let buffer = render(&mut lib, 80, 8);
    let screen = text(&buffer);
    let selected = lib.app.library().selected().expect("selected");
    // Cut to the column's width on screen; the first words tell it apart.
    let title: String = selected.story.meta.title.chars().take(10).collect();
    let (y, _) = screen
        .lines()
        .enumerate()
        .find(|(_, line)| line.contains(title.as_str()) && !line.contains("Continue"))
        .unwrap_or_else(|| panic!("{title} on screen:\n{screen}"));
    let y = u16::try_from(y).expect("fits");
    assert!(y < 7, "above the filter bar, not under it:\n{screen}");
    assert!(
        buffer[(2, y)].modifier.contains(Modifier::REVERSED),
        "drawn selected:\n{screen}"
    );
}

#[test]
fn hints_name_the_keys_the_user_bound() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("library");
    let config = Config::parse(
        "[keys.library]\n\"/\" = \"none\"\n\"ctrl-l\" = \"filter\"\n\"h\" = \"none\"\n\"?\" = \"none\"\n",
        Path::new("config.toml"),
    )
    .expect("config parses");
    let mut lib = Session::start(&root, config);
    let screen = text(&render(&mut lib, 120, 24));
    let footer = screen.lines().last().expect("footer");
    assert!(
        footer.starts_with(" ctrl-l filter · Enter read"),
        "{footer}"
    );
    assert!(footer.ends_with("F1 help · q quit"), "{footer}");
    assert!(!footer.contains("/ filter"), "{footer}");
    let header = screen.lines().next().expect("header");
    assert!(header.ends_with("F1 help"), "{header}");
}

#[test]
fn the_footer_keeps_help_and_quit_at_any_width() {
    let mut lib = sample();
    // Any key clears the "Sorted by title" message.
    lib.key(Key::char('j'));
    for width in [20, 30, 45, 60, 80, 100, 200] {
        let screen = text(&render(&mut lib, width, 24));
        let footer = screen.lines().last().expect("footer");
        assert!(footer.ends_with("h help · q quit"), "{width}: {footer:?}");
    }
}

#[test]
fn details_wrap_long_values_instead_of_cutting_them() {
    let mut lib = sample();
    lib.key(Key::char('/'));
    type_text(&mut lib, "his hero");
    lib.key(Key::plain(KeyCode::Enter));
    lib.key(Key::char('i'));
    let screen = text(&render(&mut lib, 60, 40));
    // The warning is longer than a 60-column popup: all of it is there, wrapped.
    let joined: String = screen
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        joined.contains("There may have been some crack involved when we wrote this ;)"),
        "{screen}"
    );
}

#[test]
fn stats_popup_80x24() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("library");
    let first = Session::start(&root, Config::default());
    let keys: Vec<String> = first
        .app
        .library()
        .entries()
        .iter()
        .map(|e| e.story.key.clone())
        .collect();
    let Session { _data: data, .. } = first;
    // Fixed days long past, so the snapshot does not depend on today's date.
    let (mut store, _) = Store::open(data.path());
    let page = |secs, words, finished| ficread::store::Tally {
        secs,
        words,
        pages: 1,
        finished,
    };
    for (i, key) in keys.iter().enumerate() {
        let n = i as u64 + 1;
        store.record_reading(key, &format!("2001-02-0{n}"), page(300 * n, 1_200 * n, 0));
    }
    store.record_reading(&keys[0], "2001-02-09", page(45, 180, 1));
    store.save().expect("saved");
    let mut lib = Session::start_in(&root, Config::default(), data);
    lib.key(Key::char('T'));
    let buffer = render(&mut lib, 80, 24);
    let screen = text(&buffer);
    assert!(screen.contains("Reading statistics"), "{screen}");
    assert!(screen.contains("Top fandoms"), "{screen}");
    insta::assert_snapshot!("stats_popup_80x24", screen);
    // Any other key closes it.
    lib.key(Key::char('x'));
    assert!(!text(&render(&mut lib, 80, 24)).contains("Top fandoms"));
}

#[test]
fn details_popup_lists_the_parts_of_the_series_with_their_state() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (file, title, part) in [
        ("a.txt", "Wheat", 2),
        ("b.txt", "Storm", 3),
        ("c.txt", "Harvest", 1),
    ] {
        std::fs::write(
            dir.path().join(file),
            format!("Title: {title}\nAuthor: Someone\nSeries: Kansas, Part {part}\n\nThe fields went on for miles, and the sky went on further still.\n"),
        )
        .expect("write");
    }
    let mut lib = Session::start(dir.path(), Config::default());
    lib.key(Key::char('s')); // by title: Harvest, Storm, Wheat
    lib.key(Key::char('j'));
    lib.key(Key::char('i'));
    let screen = text(&render(&mut lib, 80, 24));
    assert!(screen.contains("Parts of the series"), "{screen}");
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains(". Harvest") || l.contains(". Wheat") || l.contains(". Storm"))
        .collect();
    assert_eq!(rows.len(), 3, "{screen}");
    assert!(rows[0].contains("  1. Harvest  unread"), "{rows:?}");
    assert!(rows[1].contains("  2. Wheat  unread"), "{rows:?}");
    assert!(rows[2].contains("▸  3. Storm  unread"), "{rows:?}");
}
