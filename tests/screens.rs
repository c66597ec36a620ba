//! The reading view drawn into ratatui's `TestBackend`: whole-screen snapshots of the
//! seeds, plus targeted checks of styles and of untrusted text.

use std::path::Path;

use ficread::app::reader::Reader;
use ficread::app::{App, LoadedStory, Msg, Start, View, run_inline};
use ficread::config::Config;
use ficread::document::{Block, Chapter, Document, RichText};
use ficread::format;
use ficread::keymap::{Key, KeyCode};
use ficread::meta::Aliases;
use ficread::store::Store;
use ficread::tui::{self, theme::Styles};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

fn library_file(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// The app reading one story, as `ficread read FILE` runs it, with its reading
/// state in a temporary folder.
struct Session {
    app: App,
    size: (u16, u16),
    _data: tempfile::TempDir,
}

impl Session {
    /// Opens on chapter 1, as the screens below were drawn before title pages.
    fn start(open: Start, size: (u16, u16)) -> Self {
        let mut config = Config::default();
        config.reader.title_page = false;
        Self::start_with(config, open, size)
    }

    fn start_with(config: Config, open: Start, size: (u16, u16)) -> Self {
        let data = tempfile::tempdir().expect("tempdir");
        let (store, _) = Store::open(data.path());
        let mut app = App::new(config, Aliases::builtin(), store, size);
        let _ = run_inline(&mut app, Msg::Start { open, notice: None });
        assert_eq!(app.view(), View::Reader, "the story opened");
        let hint = app.open_story().and_then(|o| o.reader.message());
        assert!(hint.is_some_and(|m| m.contains("help")), "{hint:?}");
        // An unbound key dismisses the one-time key hint, so the screens below show
        // the status line.
        let _ = run_inline(&mut app, Msg::Key(Key::char('z')));
        Self {
            app,
            size,
            _data: data,
        }
    }

    fn reader(&self) -> &Reader {
        &self.app.open_story().expect("open").reader
    }

    fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            let key = match c {
                '\n' => Key::plain(KeyCode::Enter),
                '\u{1b}' => Key::plain(KeyCode::Esc),
                c => Key::char(c),
            };
            let _ = run_inline(&mut self.app, Msg::Key(key));
        }
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        let _ = run_inline(&mut self.app, Msg::Resize { width, height });
    }
}

fn open(path: &str, size: (u16, u16)) -> Session {
    Session::start(Start::File(library_file(path)), size)
}

fn render(session: &Session) -> Buffer {
    let (width, height) = session.size;
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| tui::render(frame, &session.app, &Styles::default()))
        .expect("draw");
    terminal.backend().buffer().clone()
}

fn lines(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_owned()
        })
        .collect()
}

fn screen(buffer: &Buffer) -> String {
    lines(buffer).join("\n")
}

#[test]
fn seed_002_scene_breaks_at_80x24() {
    let mut reader = open("library/002_54f2dad0d817735c.txt", (80, 24));
    assert_eq!(
        reader.reader().pager().place().scenes,
        5,
        "four * * * breaks make five scenes"
    );
    insta::assert_snapshot!("002_top_80x24", screen(&render(&reader)));
    reader.keys("]");
    let buffer = render(&reader);
    let rows = lines(&buffer);
    assert_eq!(rows[0].trim(), "⁂", "the break ornament is the first row");
    let centre = rows[0].find('⁂').expect("ornament");
    assert!(
        (38..=41).contains(&centre),
        "ornament centred, at column {centre}"
    );
    assert!(rows[23].contains("Scene 2/5"), "{}", rows[23]);
    insta::assert_snapshot!("002_scene2_80x24", screen(&buffer));
}

#[test]
fn seed_002_at_40x12() {
    let mut reader = open("library/002_54f2dad0d817735c.txt", (40, 12));
    for _ in 0..4 {
        reader.keys("]");
    }
    let buffer = render(&reader);
    let rows = lines(&buffer);
    assert_eq!(rows[0].trim(), "⁂");
    assert!(rows[11].contains("Scene 5/5"), "{}", rows[11]);
    assert!(rows.iter().all(|r| ficread::display::width(r) <= 40));
    insta::assert_snapshot!("002_scene5_40x12", screen(&buffer));
}

#[test]
fn seed_004_blank_line_breaks_at_80x24_and_40x12() {
    let mut reader = open("library/004_ca5d7cb0a57c4d69.txt", (80, 24));
    assert_eq!(
        reader.reader().pager().place().scenes,
        8,
        "seven blank-line breaks make eight scenes"
    );
    reader.keys("]");
    let buffer = render(&reader);
    let rows = lines(&buffer);
    assert_eq!(rows[0].trim(), "⁂");
    assert!(
        rows[23].starts_with(" Change of Space · Scene 2/8"),
        "{}",
        rows[23]
    );
    insta::assert_snapshot!("004_scene2_80x24", screen(&buffer));

    reader.resize(40, 12);
    let buffer = render(&reader);
    assert_eq!(
        lines(&buffer)[0].trim(),
        "⁂",
        "the ornament stays on top after a resize"
    );
    insta::assert_snapshot!("004_scene2_40x12", screen(&buffer));
}

#[test]
fn chapter_headings_are_styled_and_counted() {
    let mut reader = open("tests/fixtures/stories/chapters.txt", (80, 24));
    reader.keys("}");
    let buffer = render(&reader);
    let rows = lines(&buffer);
    assert_eq!(rows[0].trim(), "Chapter 2: The Mansion");
    let x = u16::try_from(rows[0].find('C').expect("title")).expect("fits");
    assert!(
        buffer[(x, 0)].modifier.contains(Modifier::BOLD),
        "chapter titles are bold"
    );
    let status = &rows[23];
    assert!(status.contains("Ch 2/3: The Mansion"), "{status}");
    // The rest of the story fits on this screen, so there is no time left.
    assert!(status.ends_with("100% · the end"), "{status}");
    // `*Of course it was cold*` is italic on screen, without its asterisks.
    let (y, row) = rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.contains("Of course it was cold"))
        .expect("emphasised line");
    assert!(!row.contains('*'), "{row}");
    let x = u16::try_from(row.find("Of course").expect("found")).expect("fits");
    let y = u16::try_from(y).expect("fits");
    assert!(buffer[(x, y)].modifier.contains(Modifier::ITALIC));
    insta::assert_snapshot!("chapters_ch2_80x24", screen(&buffer));
}

#[test]
fn a_narrow_status_line_keeps_the_place_and_shortens_the_progress() {
    let reader = open("tests/fixtures/stories/chapters.txt", (50, 8));
    let status = lines(&render(&reader))[7].clone();
    assert!(status.contains("Ch 1/3"), "{status}");
    assert!(status.contains("Scene 1/2"), "{status}");
    assert!(status.trim_end().ends_with("0% · 1 min left"), "{status}");
}

#[test]
fn status_line_shows_time_left_in_chapter_and_story() {
    let reader = open("tests/fixtures/stories/chapters.txt", (120, 8));
    let status = lines(&render(&reader))[7].clone();
    assert!(status.contains("Ch 1/3: The Barn"), "{status}");
    assert!(status.contains("Scene 1/2"), "{status}");
    assert!(
        status.contains("0% · 1 min left in chapter · 1 min in story"),
        "{status}"
    );
}

#[test]
fn search_hits_are_highlighted_across_chapters() {
    let mut reader = open("tests/fixtures/stories/chapters.txt", (80, 24));
    reader.keys("/clark\n");
    assert!(
        reader
            .reader()
            .search()
            .is_some_and(|s| s.hits().len() == 3),
        "hits in chapters 1 and 2"
    );
    let buffer = render(&reader);
    let rows = lines(&buffer);
    let hits: usize = rows
        .iter()
        .enumerate()
        .map(|(y, row)| {
            row.match_indices("Clark")
                .filter(|(byte, _)| {
                    let x = u16::try_from(row[..*byte].chars().count()).expect("fits");
                    let y = u16::try_from(y).expect("fits");
                    buffer[(x, y)].modifier.contains(Modifier::REVERSED)
                })
                .count()
        })
        .sum();
    assert!(hits >= 3, "every visible hit is highlighted, found {hits}");
}

#[test]
fn escape_sequences_never_reach_the_buffer() {
    // Straight into a Document, bypassing the format layer's own cleaning: the view is
    // the last line of defence.
    let hostile =
        "Clear \u{1b}[2J\u{1b}[H screen, \u{1b}]0;title\u{7} set title, \u{9b}31m red, bell\u{7}.";
    let doc = Document {
        chapters: vec![Chapter {
            id: None,
            title: Some("Chapter \u{1b}[31mOne".to_owned()),
            blocks: vec![Block::Paragraph(RichText::plain(hostile))],
        }],
        ..Document::default()
    };
    let story = LoadedStory::from_document(doc, "Evil \u{1b}[5mTitle", &Aliases::builtin());
    let reader = Session::start(
        Start::Story {
            path: "evil.txt".into(),
            story: Box::new(story),
        },
        (80, 10),
    );
    let buffer = render(&reader);
    for cell in buffer.content() {
        assert!(
            !cell
                .symbol()
                .chars()
                .any(|c| c.is_control() || c == '\u{9b}'),
            "control character in the buffer: {:?}",
            cell.symbol()
        );
    }
    let text = screen(&buffer);
    assert!(text.contains("Chapter One"), "{text}");
    assert!(text.contains("screen,"), "{text}");

    // And through the real text reader.
    let parsed = format::parse_bytes(format::FormatKind::Text, hostile.as_bytes()).expect("parses");
    let joined: String = parsed.texts().collect();
    assert!(!joined.contains('\u{1b}'), "{joined:?}");
}

#[test]
fn tiny_and_huge_terminals_never_panic() {
    for (w, h) in [(1, 1), (10, 3), (19, 5), (40, 2), (300, 80), (2, 50)] {
        let reader = open("library/002_54f2dad0d817735c.txt", (w, h));
        let text = screen(&render(&reader));
        if reader.reader().too_small() && w >= 16 {
            assert!(text.contains("Window too small"), "{w}x{h}: {text}");
        }
    }
}

#[test]
fn popups_fit_small_screens() {
    let mut reader = open("tests/fixtures/stories/chapters.txt", (40, 12));
    reader.keys("t");
    let toc = screen(&render(&reader));
    assert!(toc.contains("Contents"), "{toc}");
    assert!(toc.contains("Chapter 2: The Mansion"), "{toc}");
    reader.keys("\u{1b}");
    reader.keys("h");
    let help = screen(&render(&reader));
    assert!(help.contains("Keys"), "{help}");
    assert!(help.contains("Next page"), "{help}");
}

/// A story opened fresh, as a reader meets it: on its title page.
fn open_on_title_page(path: &str, size: (u16, u16)) -> Session {
    Session::start_with(Config::default(), Start::File(library_file(path)), size)
}

#[test]
fn title_page_80x24() {
    let session = open_on_title_page("library/002_54f2dad0d817735c.txt", (80, 24));
    let buffer = render(&session);
    let rows = lines(&buffer);
    assert_eq!(rows[0].trim(), "His Hero", "the title heads the page");
    assert!(rows[23].contains("Title page"), "{}", rows[23]);
    let rating = rows
        .iter()
        .position(|r| r.trim_start().starts_with("Rating: G"))
        .expect("the rating is stated");
    // A label's style is bold, its value plain.
    let x = u16::try_from(rows[rating].find("Rating").expect("label")).expect("column");
    let y = u16::try_from(rating).expect("row");
    assert!(buffer[(x, y)].modifier.contains(Modifier::BOLD));
    let value = x + u16::try_from("Rating: ".len()).expect("width");
    assert!(!buffer[(value, y)].modifier.contains(Modifier::BOLD));
    insta::assert_snapshot!("title_page_80x24", screen(&buffer));
}

#[test]
fn title_page_120x40() {
    let session = open_on_title_page("library/001_b5816a6318ea8cb5.txt", (120, 40));
    let buffer = render(&session);
    let rows = lines(&buffer);
    assert_eq!(rows[0].trim(), "Help Wanted");
    assert!(
        rows.iter()
            .any(|r| r.contains("Series: Part 2 of The Boy/Girl Universe")),
        "{rows:#?}"
    );
    insta::assert_snapshot!("title_page_120x40", screen(&buffer));
}
