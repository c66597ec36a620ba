//! Tables in the reading view, drawn into ratatui's `TestBackend` from a realistic AO3
//! download (`tests/fixtures/tables/`): aligned columns, bold heading rows, the
//! one-row-per-line form in a narrow window, and search inside cells.

use std::path::Path;

use ficread::app::{App, Msg, Start, View, run_inline};
use ficread::config::Config;
use ficread::keymap::{Key, KeyCode};
use ficread::meta::Aliases;
use ficread::store::Store;
use ficread::tui::{self, theme::Styles};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

const FIXTURE: &str = "tests/fixtures/tables/ao3-group-chat.html";

/// The app reading the fixture, its reading state in a temporary folder.
struct Session {
    app: App,
    size: (u16, u16),
    _data: tempfile::TempDir,
}

impl Session {
    fn open(size: (u16, u16)) -> Self {
        let data = tempfile::tempdir().expect("tempdir");
        let (store, _) = Store::open(data.path());
        // Straight into the text: these screens are about the tables, not the title page.
        let mut config = Config::default();
        config.reader.title_page = false;
        let mut app = App::new(config, Aliases::builtin(), store, size);
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
        let _ = run_inline(
            &mut app,
            Msg::Start {
                open: Start::File(path),
                notice: None,
            },
        );
        assert_eq!(app.view(), View::Reader, "the story opened");
        let mut session = Self {
            app,
            size,
            _data: data,
        };
        // An unbound key dismisses the one-time key hint, so screens show the status.
        session.keys("§");
        session
    }

    fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            let key = match c {
                '\n' => Key::plain(KeyCode::Enter),
                c => Key::char(c),
            };
            let _ = run_inline(&mut self.app, Msg::Key(key));
        }
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        let _ = run_inline(&mut self.app, Msg::Resize { width, height });
    }

    fn render(&self) -> Buffer {
        let (width, height) = self.size;
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        terminal
            .draw(|frame| tui::render(frame, &self.app, &Styles::default()))
            .expect("draw");
        terminal.backend().buffer().clone()
    }
}

fn lines(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                .replace('\u{a0}', " ")
                .trim_end()
                .to_owned()
        })
        .collect()
}

/// The row holding `needle` and its column (in cells, which is bytes for ASCII rows).
fn find(rows: &[String], needle: &str) -> (usize, usize) {
    rows.iter()
        .enumerate()
        .find_map(|(y, row)| row.find(needle).map(|x| (y, x)))
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{}", rows.join("\n")))
}

fn cell(buffer: &Buffer, (y, x): (usize, usize)) -> &ratatui::buffer::Cell {
    &buffer[(
        u16::try_from(x).expect("fits"),
        u16::try_from(y).expect("fits"),
    )]
}

#[test]
fn a_chat_log_is_drawn_in_aligned_columns_at_80x24() {
    let mut session = Session::open((80, 24));
    let buffer = session.render();
    let rows = lines(&buffer);
    let header = find(&rows, "Time   Sender      Message");
    assert!(
        rows[header.0 + 1].trim().chars().all(|c| c == '─'),
        "a rule under the heading row: {}",
        rows[header.0 + 1]
    );
    assert!(
        cell(&buffer, header).modifier.contains(Modifier::BOLD),
        "heading cells are bold"
    );
    let sender = find(&rows, "nev         Does anyone");
    let wrapped = find(&rows, "cycle? I wrote");
    assert_eq!(
        (sender.0 + 1, sender.1 + "nev         ".len()),
        wrapped,
        "a wrapped message stays in its column:\n{}",
        rows.join("\n")
    );
    assert!(
        cell(&buffer, find(&rows, "revision only"))
            .modifier
            .contains(Modifier::ITALIC),
        "emphasis inside a cell"
    );
    insta::assert_snapshot!("tables_chat_80x24", rows.join("\n"));

    session.resize(120, 40);
    let rows = lines(&session.render());
    find(&rows, "Time   Sender      Message");
    insta::assert_snapshot!("tables_chat_120x40", rows.join("\n"));
}

#[test]
fn a_spanning_heading_and_a_nested_table_at_80x24_and_120x40() {
    let mut session = Session::open((80, 24));
    session.keys("}");
    let buffer = session.render();
    let rows = lines(&buffer);
    assert_eq!(rows[0].trim(), "Chapter 2: The Scores");
    find(&rows, "Mock exam results");
    let who = find(&rows, "Who       Potions        Herbology");
    assert!(cell(&buffer, who).modifier.contains(Modifier::BOLD));
    find(&rows, "Ron       A (he says E)  E");
    insta::assert_snapshot!("tables_scores_80x24", rows.join("\n"));

    // Taller, the end of the story stays on the bottom row.
    session.resize(120, 40);
    let rows = lines(&session.render());
    find(&rows, "Ron       A (he says E)  E");
    insta::assert_snapshot!("tables_scores_120x40", rows.join("\n"));
}

#[test]
fn a_narrow_window_gives_one_row_per_line_and_keeps_the_place() {
    let mut session = Session::open((80, 24));
    session.keys("/Trevor sat\n");
    let before = lines(&session.render());
    find(&before, "Trevor sat");
    session.resize(28, 16);
    let rows = lines(&session.render());
    assert!(
        rows.iter().all(|r| ficread::display::width(r) <= 28),
        "{rows:#?}"
    );
    find(&rows, "21:06 · ron_w · rip");
    session.resize(80, 24);
    assert_eq!(
        lines(&session.render()),
        before,
        "the place survives the round trip"
    );
}

#[test]
fn search_finds_cell_text_and_highlights_it() {
    let mut session = Session::open((80, 24));
    session.keys("}/Sprout\n");
    let buffer = session.render();
    let rows = lines(&buffer);
    let hit = find(&rows, "Sprout");
    let style = Styles::default().search_hit;
    assert_eq!(
        cell(&buffer, hit).modifier,
        style.add_modifier,
        "the hit inside the cell is highlighted"
    );
}
