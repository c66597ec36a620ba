//! Table speed at the size cap: a chat log of [`MAX_TEXT`] bytes (about 180 rows of
//! time, sender, message, reaction) laid out at a wide, a squeezed and a too-narrow
//! width, a resize of a pager standing on it, and reading it from HTML.
//!
//! Run with `cargo bench --bench story_tables`.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use ficread::document::table::{MAX_TEXT, TableBuilder};
use ficread::document::{Block, Chapter, Document, RichText, Table};
use ficread::format::{self, FormatKind};
use ficread::layout::table::layout;
use ficread::pager::{Pager, PagerOptions};
use ficread::position::Anchor;

/// Rows that keep the table's text under [`MAX_TEXT`].
const ROWS: usize = 180;

fn row(i: usize) -> [String; 4] {
    [
        format!("21:{:02}", i % 60),
        ["hermione.g", "ron_w", "nev"][i % 3].to_owned(),
        format!(
            "message {i}: does anyone have the notes on the Mandrake life cycle, \
             because mine are in my plant diary"
        ),
        "👍".to_owned(),
    ]
}

fn chat_log() -> Table {
    let mut builder = TableBuilder::default();
    builder.row(true);
    for heading in ["Time", "Sender", "Message", "Reaction"] {
        builder.cell(RichText::plain(heading), 1, true);
    }
    for i in 1..ROWS {
        builder.row(false);
        for cell in row(i) {
            builder.cell(RichText::plain(cell), 1, false);
        }
    }
    let table = builder.finish().expect("a table");
    assert!(
        table.check(),
        "{} bytes: under the cap",
        table.text.text.len()
    );
    table
}

fn chat_log_html() -> String {
    let mut html = String::from(
        "<html><body><p>Before.</p><table><tr><th>Time</th><th>Sender</th><th>Message</th><th>Reaction</th></tr>",
    );
    for i in 1..ROWS {
        html.push_str("<tr>");
        for cell in row(i) {
            html.push_str("<td>");
            html.push_str(&cell);
            html.push_str("</td>");
        }
        html.push_str("</tr>");
    }
    html.push_str("</table><p>After.</p></body></html>");
    html
}

fn benches(c: &mut Criterion) {
    let table = chat_log();
    for width in [72, 40, 20] {
        c.bench_function(&format!("layout {MAX_TEXT} bytes at {width}"), |b| {
            b.iter(|| layout(black_box(&table), width));
        });
    }

    let doc = Document {
        chapters: vec![Chapter {
            id: None,
            title: Some("Chapter 1".into()),
            blocks: vec![
                Block::Paragraph(RichText::plain("Before.")),
                Block::Table(Box::new(table.clone())),
                Block::Paragraph(RichText::plain("After.")),
            ],
        }],
        ..Document::default()
    };
    let mut pager = Pager::new(Arc::new(doc), PagerOptions::default(), 72, 30);
    let middle = table.text.text.len() / 2;
    pager.go_to(Anchor::new(0, 1, middle));
    let mut wide = false;
    c.bench_function("resize on a table at the cap", |b| {
        b.iter(|| {
            wide = !wide;
            pager.resize(if wide { 72 } else { 40 }, 30)
        });
    });

    let html = chat_log_html();
    c.bench_function("read an HTML table at the cap", |b| {
        b.iter(|| format::parse_bytes(FormatKind::Html, black_box(html.as_bytes())));
    });
}

criterion_group!(tables, benches);
criterion_main!(tables);
