//! Tables in the reading view, drawn into ratatui's `TestBackend` from a realistic AO3
//! download (`tests/fixtures/tables/`): aligned columns, bold heading rows, the
//! one-row-per-line form in a narrow window, and search inside cells.

use std::path::Path;

use ficread::config::Config;
use ficread::tui::theme::Styles;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

const FIXTURE: &str = "tests/fixtures/tables/ao3-group-chat.html";

#[path = "support/reader_screen.rs"]
mod support;

use support::Session;

/// The screen's rows, no-break spaces shown as spaces.
fn lines(buffer: &Buffer) -> Vec<String> {
    support::lines(buffer)
        .into_iter()
        .map(|row| row.replace('\u{a0}', " "))
        .collect()
}

/// The app reading the fixture straight into the text: these screens are about the
/// tables, not the title page.
fn open(size: (u16, u16)) -> Session {
    let mut config = Config::default();
    config.reader.title_page = false;
    Session::open(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE),
        config,
        size,
    )
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
    let mut session = open((80, 24));
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
    let mut session = open((80, 24));
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
    let mut session = open((80, 24));
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
    let mut session = open((80, 24));
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
