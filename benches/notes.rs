//! The cost of finding footnotes: the notes pass alone and a whole HTML parse, on a
//! 5 MB story with a footnote every ten paragraphs (pandoc's shape), and on the same
//! story without any, where the pass only looks at ids and links.

use std::fmt::Write as _;

use criterion::{Criterion, criterion_group, criterion_main};
use ficread::format::html::{dom, notes, parse};

fn story(with_notes: bool) -> String {
    let paragraph = "The tide came in twice that morning, which Marta wrote down in the ledger \
                     because the ledger was the only thing in the harbour office that believed her.";
    let mut html = String::from("<html><body>");
    let mut notes_html = String::new();
    let mut n = 0;
    while html.len() < 5_000_000 {
        n += 1;
        html.push_str("<p>");
        html.push_str(paragraph);
        if with_notes && n % 10 == 0 {
            let _ = write!(
                html,
                r##"<a href="#fn{n}" id="fnref{n}" role="doc-noteref"><sup>{n}</sup></a>"##
            );
            let _ = write!(
                notes_html,
                r##"<li id="fn{n}"><p>Note {n}: the ledger again.<a href="#fnref{n}">↩</a></p></li>"##
            );
        }
        html.push_str("</p>\n");
    }
    let _ = write!(
        html,
        r#"<section class="footnotes"><ol>{notes_html}</ol></section></body></html>"#
    );
    html
}

fn bench(c: &mut Criterion) {
    for (name, with_notes) in [("notes", true), ("no_notes", false)] {
        let html = story(with_notes);
        let doc = dom::parse_document(&html);
        c.bench_function(&format!("notes_index_5mb_{name}"), |b| {
            b.iter(|| notes::lone(std::hint::black_box(&doc)));
        });
        c.bench_function(&format!("html_parse_5mb_{name}"), |b| {
            b.iter(|| parse(std::hint::black_box(html.as_bytes())).map(|d| d.chapters.len()));
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
