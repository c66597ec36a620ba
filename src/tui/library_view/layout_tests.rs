//! The library view's layout on a generated library whose titles collide (series
//! parts, numbered works, titles sharing a long beginning, long crossovers), with
//! reading states that change a row's Read cell: snapshots at 80×24 and 120×40 and
//! the properties behind them.

use std::collections::BTreeMap;
use std::path::Path;

use crate::app::library::{Entry, Library};
use crate::keymap::{Key, KeyCode, Keymap};
use crate::library::{self, Reading};
use crate::meta::Aliases;
use crate::store::Shelf;
use crate::tui::theme::Styles;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

/// Writes plain-text fics with header fields into `dir`, as a download folder
/// holds them.
fn generate(dir: &Path) {
    let paragraph = "Clark looked at the barn, then at the sky, and said nothing at all. \
                     Lex waited. The wind came off the fields and the light went gold.\n\n";
    let mut length = 0;
    let mut write = |name: &str, header: &str| {
        // Lengths from a few hundred words to tens of thousands.
        length = (length * 7 + 5) % 97 + 1;
        let body = paragraph.repeat(length * length / 4 + 3);
        std::fs::write(dir.join(name), format!("{header}\n\n{body}")).expect("write fic");
    };
    let parts = ["One", "Two", "Three", "Four", "Five", "Six"];
    for (i, part) in parts.iter().enumerate() {
        write(
            &format!("space-{i}.txt"),
            &format!(
                "Title: Change of Space: Part {part}\nAuthor: Annie\nFandom: Smallville, Buffy the Vampire Slayer\n\
                 Relationship: Clark Kent/Lex Luthor\nRating: Mature\nSeries: Change of Space [{}]\nStatus: Complete",
                i + 1
            ),
        );
    }
    for n in 1..=6 {
        write(
            &format!("kansas-{n:02}.txt"),
            &format!(
                "Title: A Quiet Place in Kansas #{n:04}\nAuthor: author{n:02}\nFandom: Smallville\n\
                 Relationship: Chloe Sullivan/Lex Luthor\nRating: Teen And Up Audiences"
            ),
        );
    }
    for (i, end) in ["and Time", "and Other Places", "Between Us", "for Two"]
        .iter()
        .enumerate()
    {
        write(
            &format!("between-{i}.txt"),
            &format!(
                "Title: The Long Road Through Smallville {end}\nAuthor: hils\nFandom: Smallville\n\
                 Relationship: Clark Kent/Lex Luthor, Chloe Sullivan & Lana Lang\nRating: Explicit\nStatus: In Progress"
            ),
        );
    }
    write(
        "crossover.txt",
        "Title: Hellmouth Convergence\nAuthor: lexalicious70\n\
         Fandom: Buffy the Vampire Slayer, Smallville, Harry Potter, Stargate SG-1, Angel: the Series\n\
         Relationship: Buffy Summers/Lex Luthor, Harry Potter/Draco Malfoy, Daniel Jackson/Jack O'Neill\n\
         Rating: Not Rated",
    );
    write(
        "untitled-a.txt",
        "Title: Untitled\nAuthor: Mal\nFandom: Smallville\nRating: General Audiences",
    );
    write(
        "untitled-b.txt",
        "Title: Untitled\nAuthor: Zoe\nFandom: Smallville\nRating: General Audiences",
    );
}

/// The reading state the generated library starts with: a story in progress, one
/// with new chapters, one finished.
fn reading_of(title: &str) -> Reading {
    let reading = |shelf, percent, new_chapters, favourite| Reading {
        shelf,
        favourite,
        percent,
        new_chapters,
    };
    match title {
        "Change of Space: Part Two" => reading(Shelf::Reading, 60, 0, false),
        "Change of Space: Part Three" => reading(Shelf::Reading, 35, 3, true),
        "Change of Space: Part One" => reading(Shelf::Finished, 100, 0, true),
        "A Quiet Place in Kansas #0002" => reading(Shelf::CaughtUp, 100, 2, false),
        _ => Reading::default(),
    }
}

struct Generated {
    library: Library,
    _dir: tempfile::TempDir,
}

fn generated() -> Generated {
    generated_with(None)
}

/// The generated library with `changed`'s reading state replaced by a long one:
/// a favourite on hold with a dozen new chapters.
fn generated_with(changed: Option<&str>) -> Generated {
    let dir = tempfile::tempdir().expect("tempdir");
    generate(dir.path());
    let aliases = Aliases::builtin();
    let scanned = library::scan(&[dir.path().to_owned()], &aliases, None);
    assert!(scanned.problems.is_empty(), "{:?}", scanned.problems);
    let entries = scanned
        .stories
        .into_iter()
        .map(|s| {
            let reading = if changed == Some(s.meta.title.as_str()) {
                Reading {
                    shelf: Shelf::OnHold,
                    favourite: true,
                    percent: 45,
                    new_chapters: 12,
                }
            } else {
                reading_of(&s.meta.title)
            };
            Entry::new(s, reading, None, &aliases)
        })
        .collect();
    let mut library = Library::new(
        entries,
        Vec::new(),
        Keymap::library(&BTreeMap::new()),
        aliases,
    );
    // Title order: the colliding titles sit together.
    let _ = library.on_key(Key::char('s'));
    let _ = library.on_key(Key::char('j'));
    let _ = library.on_key(Key::char('k'));
    Generated { library, _dir: dir }
}

fn render(library: &Library, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| super::draw(frame, library, None, &Styles::default()))
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

/// The header line's column names, in order.
fn headers(screen: &str) -> Vec<String> {
    let line = screen.lines().nth(1).expect("header line");
    line.split("  ")
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Each visible row's title cell, with its full title, at `width` columns.
fn title_cells(library: &Library, width: usize, rows: usize) -> Vec<(String, String)> {
    let widths = library.column_widths(width);
    library
        .visible()
        .take(rows)
        .enumerate()
        .map(|(row, entry)| {
            let cells = library.row_cells(row, &widths);
            (entry.story.meta.title.clone(), cells[0].clone())
        })
        .collect()
}

#[test]
fn generated_library_80x24() {
    let lib = generated();
    let screen = text(&render(&lib.library, 80, 24));
    assert!(screen.contains("Change of Sp… Part One"), "{screen}");
    assert!(screen.contains("A Quiet… Kansas #0006"), "{screen}");
    assert!(screen.contains("60% reading"), "{screen}");
    assert!(screen.contains("♥ +3 35%"), "{screen}");
    insta::assert_snapshot!("generated_80x24", screen);
}

#[test]
fn generated_library_120x40() {
    let lib = generated();
    let screen = text(&render(&lib.library, 120, 40));
    assert!(
        screen.contains("Change of Space: Part Three"),
        "whole: {screen}"
    );
    assert!(screen.contains("♥ +3 35%"), "{screen}");
    insta::assert_snapshot!("generated_120x40", screen);
}

#[test]
fn facet_panel_marks_an_include_and_an_exclude() {
    let mut lib = generated();
    let library = &mut lib.library;
    let _ = library.on_key(Key::char('/'));
    for c in "pairing:clex -fandom:btvs".chars() {
        let _ = library.on_key(Key::char(c));
    }
    let _ = library.on_key(Key::plain(KeyCode::Enter));
    let _ = library.on_key(Key::char('F'));
    // Off the first facet, so the exclusion is drawn in its own style.
    let _ = library.on_key(Key::char('j'));
    let _ = library.on_key(Key::char('j'));
    let buffer = render(library, 120, 40);
    let screen = text(&buffer);
    let line_of = |needle: &str| {
        screen
            .lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle}:\n{screen}"))
    };
    let included = line_of("✓ Clark Kent/Lex Luthor");
    let excluded = line_of("✗ Buffy the Vampire Slayer");
    // Marked values lead their groups; the exclusion is drawn crossed out too.
    assert!(
        screen
            .lines()
            .nth(excluded - 1)
            .is_some_and(|l| l.contains("Fandoms"))
    );
    assert!(
        screen
            .lines()
            .nth(included - 1)
            .is_some_and(|l| l.contains("Relationships"))
    );
    let y = u16::try_from(excluded).expect("fits");
    assert!(buffer[(3, y)].modifier.contains(Modifier::CROSSED_OUT));
    insta::assert_snapshot!("generated_facets_120x40", screen);
}

#[test]
fn visible_rows_never_share_a_title_cell_unless_their_titles_match() {
    let lib = generated();
    for width in [40, 60, 78, 98, 118, 198] {
        let cells = title_cells(&lib.library, width, 40);
        for (i, (title_a, cell_a)) in cells.iter().enumerate() {
            for (title_b, cell_b) in &cells[i + 1..] {
                if title_a != title_b {
                    assert_ne!(cell_a, cell_b, "{width}: {title_a} / {title_b}");
                }
            }
        }
        // Twins are told apart by their author.
        let twins: Vec<&String> = cells
            .iter()
            .filter(|(t, _)| t == "Untitled")
            .map(|(_, c)| c)
            .collect();
        assert_eq!(twins.len(), 2);
        assert_ne!(twins[0], twins[1], "{width}");
    }
}

#[test]
fn the_column_set_stays_when_a_reading_state_changes() {
    let quiet = generated();
    // Every row on screen, one at a time, grows the longest Read cell there is.
    let titles: Vec<String> = quiet
        .library
        .visible()
        .take(20)
        .map(|e| e.story.meta.title.clone())
        .collect();
    for (width, height) in [(80, 24), (100, 30), (120, 40)] {
        let before = headers(&text(&render(&quiet.library, width, height)));
        for title in titles.iter().step_by(4) {
            let loud = generated_with(Some(title));
            let screen = text(&render(&loud.library, width, height));
            assert!(screen.contains("♥ +12"), "{title}:\n{screen}");
            assert_eq!(headers(&screen), before, "{width}, {title}:\n{screen}");
        }
    }
}

#[test]
fn wide_screens_give_the_title_fandoms_and_pairings_more_room() {
    let lib = generated();
    let at_120 = lib.library.column_widths(118);
    let at_200 = lib.library.column_widths(198);
    for (column, name) in [(0, "title"), (3, "fandoms"), (4, "relationships")] {
        assert!(
            at_200[column] > at_120[column],
            "{name}: {at_120:?} → {at_200:?}"
        );
    }
}

#[test]
fn the_facet_panel_gives_way_to_the_table_at_80_columns() {
    let mut lib = generated();
    let library = &mut lib.library;
    let _ = library.on_key(Key::char('F'));
    let screen = text(&render(library, 80, 24));
    let header = screen
        .lines()
        .find(|l| l.contains("Title"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(header.starts_with('┌'), "the panel is open: {header}");
    assert!(
        header.trim_end().ends_with("Pairings") || header.trim_end().ends_with("Read"),
        "no column is cut at the edge: {header}"
    );
    assert!(!screen.contains("Pairin…"), "{screen}");
}
