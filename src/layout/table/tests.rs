use super::*;
use crate::document::RichText;
use crate::document::table::TableBuilder;

/// A table from rows of plain cells; the first row is a heading row when `header`.
fn table(header: bool, rows: &[&[&str]]) -> Table {
    let mut b = TableBuilder::default();
    for (i, cells) in rows.iter().enumerate() {
        let heading = header && i == 0;
        b.row(heading);
        for cell in *cells {
            b.cell(RichText::plain(*cell), 1, heading);
        }
    }
    b.finish().expect("a table")
}

fn chat() -> Table {
    table(
        true,
        &[
            &["Time", "Sender", "Message"],
            &[
                "21:02",
                "hermione.g",
                "Reminder: this chat is for revision only.",
            ],
            &["21:03", "ron_w", "what if the library has snacks"],
            &["21:05", "nev", "Trevor sat on my notes."],
        ],
    )
}

fn lines(t: &Table, width: usize) -> Vec<String> {
    layout(t, width).plain_lines(t)
}

#[test]
fn columns_take_their_natural_width_when_they_fit() {
    let t = chat();
    assert_eq!(
        lines(&t, 72),
        [
            "Time   Sender      Message",
            "─".repeat(60).as_str(),
            "21:02  hermione.g  Reminder: this chat is for revision only.",
            "21:03  ron_w       what if the library has snacks",
            "21:05  nev         Trevor sat on my notes.",
        ]
    );
    assert_eq!(layout(&t, 72).columns, Some(vec![5, 10, 41]));
}

#[test]
fn narrow_columns_wrap_their_cells() {
    let t = chat();
    let laid = layout(&t, 40);
    assert_eq!(laid.columns, Some(vec![5, 10, 21]));
    assert_eq!(
        laid.plain_lines(&t),
        [
            "Time   Sender      Message",
            "────────────────────────────────────────",
            "21:02  hermione.g  Reminder: this chat",
            "                   is for revision only.",
            "21:03  ron_w       what if the library",
            "                   has snacks",
            "21:05  nev         Trevor sat on my",
            "                   notes.",
        ]
    );
}

#[test]
fn too_narrow_for_columns_gives_a_row_per_line() {
    let t = chat();
    let laid = layout(&t, 24);
    assert_eq!(laid.columns, None);
    assert_eq!(
        laid.plain_lines(&t),
        [
            "Time\u{a0}· Sender\u{a0}· Message",
            "───────────────────────",
            "21:02\u{a0}· hermione.g\u{a0}·",
            "  Reminder: this chat is",
            "  for revision only.",
            "21:03\u{a0}· ron_w\u{a0}· what if",
            "  the library has snacks",
            "21:05\u{a0}· nev\u{a0}· Trevor sat",
            "  on my notes.",
        ]
    );
}

#[test]
fn a_spanning_cell_widens_the_columns_it_covers() {
    let mut b = TableBuilder::default();
    b.row(true);
    b.cell(RichText::plain("Mock exam results, all houses"), 2, true);
    b.row(false);
    b.cell(RichText::plain("Ron"), 1, false);
    b.cell(RichText::plain("A"), 1, false);
    let t = b.finish().expect("table");
    let laid = layout(&t, 72);
    assert_eq!(laid.columns, Some(vec![3, 24]));
    assert_eq!(
        laid.plain_lines(&t),
        [
            "Mock exam results, all houses",
            "─────────────────────────────",
            "Ron  A"
        ]
    );
}

#[test]
fn every_byte_of_every_cell_is_on_the_line_line_of_names() {
    let t = chat();
    for width in 1..=80 {
        let laid = layout(&t, width);
        assert!(
            laid.anchors.windows(2).all(|w| w[0] <= w[1]),
            "anchors go down the table at width {width}"
        );
        for row in &t.rows {
            for cell in &row.cells {
                for offset in cell.range.clone() {
                    let TableLine::Cells(pieces) = &laid.lines[laid.line_of(offset)] else {
                        panic!("a rule holds no text");
                    };
                    assert!(
                        pieces
                            .iter()
                            .any(|p| p.range.start <= offset && offset <= p.range.end),
                        "byte {offset} at width {width}"
                    );
                }
            }
        }
    }
}

#[test]
fn lines_fit_the_width_once_a_word_can() {
    let t = chat();
    for width in 12..=80 {
        let laid = layout(&t, width);
        for line in laid.plain_lines(&t) {
            assert!(display_width(&line) <= width, "{line:?} at {width}");
        }
    }
}

#[test]
fn an_anchor_stays_on_screen_across_resizes() {
    let t = chat();
    // Wide enough for every word with its separator: narrower, a bare `·` can start
    // a line, which shows no cell byte.
    for from in [80, 40, 24, 16] {
        for to in [80, 40, 24, 16] {
            let before = layout(&t, from);
            for index in 0..before.lines.len() {
                let anchor = before.anchors[index];
                let after = layout(&t, to);
                let line = after.line_of(anchor);
                let shows = match &after.lines[line] {
                    TableLine::Cells(pieces) => pieces.iter().any(|p| p.range.contains(&anchor)),
                    TableLine::Rule(_) => false,
                };
                assert!(
                    shows,
                    "line {index} at {from} → {to}: {:?} {:?}",
                    before.plain_lines(&t),
                    before.lines[index]
                );
            }
        }
    }
}

#[test]
fn short_columns_keep_their_width_and_wide_ones_share_the_rest() {
    // Room for everything's longest word, not for every natural width.
    assert_eq!(
        share(&[5, 10, 60, 40], &[5, 10, 9, 7], 61),
        vec![5, 10, 23, 23]
    );
    // A long word holds its column open; the rest share what is left.
    assert_eq!(share(&[5, 20], &[1, 8], 10), vec![2, 8]);
    for room in 31..=115 {
        let widths = share(&[5, 10, 60, 40], &[5, 10, 9, 7], room);
        assert_eq!(widths.iter().sum::<usize>(), room, "all the room is used");
    }
}
