//! What the title page adds to opening a story: building it from the metadata and
//! putting it before the chapters, then the pager's first frame, against the same
//! first frame without it, on a ~5 MB story of 500 chapters (the library's seed
//! stories repeated). The page is made from metadata only, so it must cost
//! microseconds, not another pass over the book.
//!
//! Run with `cargo bench --bench title_page`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use ficread::document::{Block, Chapter, Document, RichText};
use ficread::meta::{Aliases, extract};
use ficread::pager::{Pager, PagerOptions};
use ficread::title_page::{self, Neighbours};

const TARGET_BYTES: usize = 5 * 1024 * 1024;
const CHAPTERS: usize = 500;

/// The seed stories' paragraphs (split on blank lines).
fn paragraphs() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("library");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .flat_map(|text| {
            text.split("\n\n")
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn story(paragraphs: &[String]) -> Document {
    let per_chapter = TARGET_BYTES / CHAPTERS;
    let mut source = paragraphs.iter().cycle();
    let chapters = (0..CHAPTERS)
        .map(|i| {
            let mut blocks = Vec::new();
            let mut bytes = 0;
            while bytes < per_chapter {
                let Some(p) = source.next() else { break };
                bytes += p.len();
                blocks.push(Block::Paragraph(RichText::plain(p.clone())));
            }
            Chapter {
                title: Some(format!("Chapter {}", i + 1)),
                blocks,
                id: None,
            }
        })
        .collect();
    Document {
        chapters,
        ..Document::default()
    }
}

fn bench(c: &mut Criterion) {
    let paragraphs = paragraphs();
    if paragraphs.is_empty() {
        eprintln!("skipping: no seed stories in library/");
        return;
    }
    let doc = story(&paragraphs);
    let seed = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("library/002_54f2dad0d817735c.txt"),
    )
    .unwrap_or_default();
    let seed =
        ficread::format::parse_bytes(ficread::format::FormatKind::Text, &seed).unwrap_or_default();
    let meta = extract(&seed, &Aliases::builtin());
    let options = PagerOptions::default();

    let mut group = c.benchmark_group("title_page");
    group.sample_size(20);
    group.bench_function("build + insert [5MB, 500 chapters]", |b| {
        b.iter_batched(
            || doc.clone(),
            |mut doc| {
                let page = title_page::build(&meta, &seed.raw, &Neighbours::default());
                title_page::insert(&mut doc, page);
                doc
            },
            criterion::BatchSize::LargeInput,
        );
    });
    for with_page in [false, true] {
        let name = if with_page { "with" } else { "without" };
        group.bench_function(format!("open + rows(30) {name} title page [5MB]"), |b| {
            b.iter_batched(
                || {
                    let mut doc = doc.clone();
                    if with_page {
                        let page = title_page::build(&meta, &seed.raw, &Neighbours::default());
                        title_page::insert(&mut doc, page);
                    }
                    doc
                },
                |doc| {
                    let pager = Pager::new(doc, options.clone(), 100, 30);
                    black_box(pager.rows().len());
                    pager
                },
                criterion::BatchSize::LargeInput,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
