//! Parse speed of the HTML and EPUB readers on real AO3 downloads and a generic EPUB
//! from `../shared/corpus` (benches that find no corpus are skipped with a message).

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use ficread::format::{FormatKind, parse_bytes};

fn corpus_file(relative: &str) -> Option<Vec<u8>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(relative);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            eprintln!("skipping {}: {e}", path.display());
            None
        }
    }
}

fn formats(c: &mut Criterion) {
    let cases = [
        (
            "ao3_epub_work_in_series",
            "ao3downloader-fixtures/workInSeries.epub",
            FormatKind::Epub,
        ),
        (
            "ao3_html_work_in_series",
            "ao3downloader-fixtures/workInSeries.html",
            FormatKind::Html,
        ),
        (
            "epub_metamorphosis",
            "epub-crate/Metamorphosis-jackson.epub",
            FormatKind::Epub,
        ),
    ];
    for (name, file, kind) in cases {
        let Some(bytes) = corpus_file(file) else {
            continue;
        };
        c.bench_function(name, |b| {
            b.iter(|| {
                parse_bytes(kind, std::hint::black_box(&bytes)).map(|doc| doc.chapters.len())
            });
        });
    }
}

criterion_group!(benches, formats);
criterion_main!(benches);
