//! Plain-text parsing speed: each seed, and a ~5 MB book made of the Austen novels
//! from `../shared/corpus/janeaustenr` (skipped with a message when absent).
//!
//! Goal: the 5 MB text parses in well under 100 ms in release.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ficread::format::{encoding, txt};

fn seeds(c: &mut Criterion) {
    let library = Path::new(env!("CARGO_MANIFEST_DIR")).join("library");
    let mut paths: Vec<_> = std::fs::read_dir(&library)
        .map(|dir| dir.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    let mut group = c.benchmark_group("txt_seed");
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let text = encoding::decode(&bytes);
        let name = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| txt::parse(black_box(&text))));
    }
    group.finish();
}

fn austen_5mb(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/janeaustenr");
    let names = [
        "prideprejudice.txt",
        "sensesensibility.txt",
        "emma.txt",
        "persuasion.txt",
    ];
    let mut book = String::new();
    for name in names {
        let Ok(bytes) = std::fs::read(dir.join(name)) else {
            eprintln!(
                "skipping the 5 MB bench: {} not found",
                dir.join(name).display()
            );
            return;
        };
        book.push_str(&encoding::decode(&bytes));
    }
    let one_pass = book.clone();
    while book.len() < 5 * 1024 * 1024 {
        book.push_str("\n\n\n");
        book.push_str(&one_pass);
    }
    let mut group = c.benchmark_group("txt_austen");
    group.throughput(Throughput::Bytes(book.len() as u64));
    group.sample_size(20);
    group.bench_function(format!("{}_bytes", book.len()), |b| {
        b.iter(|| txt::parse(black_box(&book)));
    });
    group.finish();
}

criterion_group!(benches, seeds, austen_5mb);
criterion_main!(benches);
