use super::*;
use crate::document::Block;
use crate::format::html::breaks::build_chapters;
use crate::format::html::flow::{Generic, walk};

/// The blocks of an HTML body read with the generic rules.
fn blocks(body: &str) -> Vec<Block> {
    let doc =
        crate::format::html::dom::parse_document(&format!("<html><body>{body}</body></html>"));
    let items = walk(doc.root_element(), &mut Generic);
    build_chapters(items, true)
        .into_iter()
        .flat_map(|c| c.blocks)
        .collect()
}

fn tables(body: &str) -> Vec<Table> {
    blocks(body)
        .into_iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(*t),
            _ => None,
        })
        .collect()
}

/// Each row's cells as text.
fn grid(t: &Table) -> Vec<Vec<&str>> {
    t.rows
        .iter()
        .map(|r| r.cells.iter().map(|c| t.cell_text(c)).collect())
        .collect()
}

#[test]
fn a_chat_log_is_a_table_with_a_heading_row() {
    let found = tables(
        "<p>Before.</p><table><thead><tr><th>Time</th><th>Sender</th><th>Message</th></tr></thead>\
         <tbody><tr><td>21:02</td><td>hermione.g</td><td>this chat is for <em>revision</em></td></tr>\
         <tr><td>21:03</td><td>ron_w</td><td>snacks?</td></tr></tbody></table><p>After.</p>",
    );
    assert_eq!(found.len(), 1);
    let t = &found[0];
    assert_eq!(
        grid(t),
        [
            vec!["Time", "Sender", "Message"],
            vec!["21:02", "hermione.g", "this chat is for revision"],
            vec!["21:03", "ron_w", "snacks?"],
        ]
    );
    let headers: Vec<bool> = t.rows.iter().map(|r| r.header).collect();
    assert_eq!(headers, [true, false, false]);
    let marked: Vec<(&str, Emphasis)> = t
        .text
        .spans
        .iter()
        .map(|s| (&t.text.text[s.range.clone()], s.emphasis))
        .collect();
    assert_eq!(
        marked,
        [
            ("Time", Emphasis::Bold),
            ("Sender", Emphasis::Bold),
            ("Message", Emphasis::Bold),
            ("revision", Emphasis::Italic),
        ]
    );
    assert!(t.check());
}

#[test]
fn the_table_sits_between_the_paragraphs_around_it() {
    let got: Vec<String> = blocks(
        "<p>Before.</p><table><caption>Week <b>one</b></caption>\
         <tr><th>Name</th><td>Neville</td></tr><tr><th>Subject</th><td>Herbology</td></tr></table>\
         <p>After.</p>",
    )
    .iter()
    .map(|b| match b {
        Block::Table(t) => format!("table {}", grid(t).len()),
        b => b.text().to_owned(),
    })
    .collect();
    assert_eq!(got, ["Before.", "Week one", "table 2", "After."]);
}

#[test]
fn heading_cells_down_the_side_are_bold_but_not_heading_rows() {
    let t = &tables(
        "<table><tr><th>Name</th><td>Neville</td></tr><tr><th>Weakness</th><td>Potions</td></tr></table>",
    )[0];
    assert!(t.rows.iter().all(|r| !r.header));
    let bold: Vec<&str> = t
        .text
        .spans
        .iter()
        .map(|s| &t.text.text[s.range.clone()])
        .collect();
    assert_eq!(bold, ["Name", "Weakness"]);
}

#[test]
fn nested_tables_and_paragraphs_flatten_into_their_cell() {
    let t = &tables(
        "<table><tr><td>Ron</td><td>A <table><tr><td>(he says E)</td></tr></table></td></tr>\
         <tr><td>Neville</td><td><p>P</p><p>but <br>trying</p></td></tr></table>",
    )[0];
    assert_eq!(
        grid(t),
        [
            vec!["Ron", "A (he says E)"],
            vec!["Neville", "P but trying"]
        ]
    );
}

#[test]
fn colspan_is_kept_and_clamped() {
    let t = &tables(
        "<table><tr><th colspan='2'>Results</th></tr><tr><td>a</td><td>b</td></tr>\
         <tr><td colspan=999999>c</td></tr></table>",
    )[0];
    let spans: Vec<Vec<usize>> = t
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.span).collect())
        .collect();
    assert_eq!(spans, [vec![2], vec![1, 1], vec![MAX_COLUMNS]]);
}

#[test]
fn layout_tables_stay_running_text() {
    let layouts = [
        // One row: a menu bar or a page's single content cell.
        "<table><tr><td>Ginny folded the first moon.</td><td>By June there were eleven.</td></tr></table>",
        // One column.
        "<table><tr><td>Ginny folded the first moon.</td></tr><tr><td>By June there were eleven.</td></tr></table>",
        // Only links: navigation.
        "<table><tr><td><a href='/a'>Just In</a></td><td><a href='/b'>Forum</a></td></tr>\
         <tr><td><a href='/c'>Beta</a></td><td><a href='/d'>Help</a></td></tr></table>",
        // Said so.
        "<table role='presentation'><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>",
    ];
    for html in layouts {
        let got = blocks(html);
        assert!(
            got.iter().all(|b| matches!(b, Block::Paragraph(_))),
            "{html}: {got:?}"
        );
    }
    let story = "Ginny folded the first moon out of an old essay. ".repeat(60);
    let page = format!(
        "<table><tr><td>logo</td><td>menu</td></tr><tr><td>side</td><td><p>{story}</p></td></tr></table>"
    );
    assert!(tables(&page).is_empty(), "a cell holding the story");
}

#[test]
fn a_data_table_inside_a_layout_table_is_the_table() {
    let got = blocks(
        "<table><tr><td>menu</td><td>\
         <table><tr><th>Who</th><th>Score</th></tr><tr><td>Ron</td><td>A</td></tr></table>\
         </td></tr><tr><td>side</td><td>footer</td></tr></table>",
    );
    let shape: Vec<String> = got
        .iter()
        .map(|b| match b {
            Block::Table(t) => format!("table {:?}", grid(t)),
            b => b.text().to_owned(),
        })
        .collect();
    assert_eq!(
        shape,
        [
            "menu",
            r#"table [["Who", "Score"], ["Ron", "A"]]"#,
            "side",
            "footer"
        ]
    );
}

#[test]
fn a_grid_past_the_cap_is_running_text() {
    let row = "<tr><td>a</td><td>b</td></tr>";
    let small = format!("<table>{}</table>", row.repeat(10));
    assert_eq!(tables(&small).len(), 1);
    let huge = format!("<table>{}</table>", row.repeat(MAX_CELLS / 2 + 1));
    let got = blocks(&huge);
    assert!(got.iter().all(|b| matches!(b, Block::Paragraph(_))));
    assert_eq!(got.len(), MAX_CELLS + 2, "every cell's text is still there");
}

#[test]
fn a_table_past_the_text_cap_is_a_paragraph_per_cell() {
    let long = "Dear Mr. Tom, it has come to our attention. ".repeat(40);
    let rows = format!("<tr><td>a</td><td>{long}</td></tr>").repeat(MAX_TEXT / long.len() + 1);
    assert!(tables(&format!("<table>{rows}</table>")).is_empty());
    // Text hidden in a nested table is only known once read: the grid is read, then
    // given back as paragraphs.
    let inner = format!(
        "<table>{}</table>",
        format!("<tr><td>{long}</td></tr>").repeat(MAX_TEXT / long.len() + 1)
    );
    let got = blocks(&format!(
        "<table><tr><th>Who</th><th>Letter</th></tr><tr><td><b>Tom</b></td><td>{inner}</td></tr></table>"
    ));
    let texts: Vec<&str> = got.iter().map(Block::text).take(3).collect();
    assert_eq!(texts, ["Who", "Letter", "Tom"]);
    assert!(got.iter().all(|b| matches!(b, Block::Paragraph(_))));
    let Block::Paragraph(tom) = &got[2] else {
        panic!("a paragraph")
    };
    assert_eq!(tom.spans.len(), 1, "the cell keeps its emphasis");
}

#[test]
fn empty_tables_vanish_and_skipped_elements_stay_out() {
    assert!(
        blocks("<table><tr><td> </td><td></td></tr><tr><td></td><td>&nbsp;</td></tr></table>")
            .is_empty()
    );
    let t = &tables(
        "<table><tr><td>a<script>x()</script></td><td>b</td></tr><tr><td>c</td><td hidden>d</td></tr></table>",
    )[0];
    assert_eq!(grid(t), [vec!["a", "b"], vec!["c"]]);
}

#[test]
fn deeply_nested_tables_lose_no_text() {
    let html = "<table><tr><td>x ".repeat(3000) + &"</td></tr></table>".repeat(3000);
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || blocks(&html))
        .expect("spawn");
    let got = handle.join().expect("no overflow");
    // The parser caps nesting depth (see `dom`), so the levels' text may merge;
    // none of it is lost.
    let words: usize = got
        .iter()
        .map(|b| b.text().split_whitespace().count())
        .sum();
    assert_eq!(words, 3000);
}
