//! Library scanning: indexing a generated library of 10,000 plain-text stories (the
//! five seeds in `library/`, each copy made distinct by a line of its own, in folders
//! of 100), cold (every file parsed, in parallel) and warm (the index cache read,
//! every file stat'ed, nothing parsed). `FICREAD_BENCH_STORIES` changes the count.
//!
//! Criterion reports stories/s; the bench prints the library's size once so MB/s
//! follows from the same figures.

use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ficread::library::{Cache, scan};
use ficread::meta::Aliases;

/// The binary's allocator, so the figures are the program's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DEFAULT_STORIES: usize = 10_000;

fn story_count() -> usize {
    std::env::var("FICREAD_BENCH_STORIES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_STORIES)
}

/// Writes `count` stories under `root`; returns their total size in bytes.
fn generate(root: &Path, count: usize) -> u64 {
    let seeds_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("library");
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(&seeds_dir)
        .expect("library/ holds the seeds")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    seeds.sort();
    let texts: Vec<String> = seeds
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("seed is UTF-8"))
        .collect();
    let mut total = 0;
    for i in 0..count {
        let folder = root.join(format!("shelf{:03}", i / 100));
        if i % 100 == 0 {
            std::fs::create_dir_all(&folder).expect("mkdir");
        }
        let text = format!(
            "{}\n\nCopy {i} of the sample story, for the benchmark.\n",
            texts[i % texts.len()]
        );
        total += text.len() as u64;
        std::fs::write(folder.join(format!("fic{i:05}.txt")), text).expect("write");
    }
    total
}

fn benches(c: &mut Criterion) {
    let count = story_count();
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("library");
    let bytes = generate(&root, count);
    eprintln!(
        "scan bench: {count} stories, {:.1} MB",
        bytes as f64 / 1_000_000.0
    );
    let roots = [root];
    let aliases = Aliases::builtin();
    let index = dir.path().join("index.bin");

    let mut group = c.benchmark_group("scan");
    group.throughput(Throughput::Elements(count as u64));
    group.sample_size(10);
    group.bench_function("cold", |b| {
        b.iter(|| {
            let scanned = scan(&roots, &aliases, None);
            assert_eq!(scanned.stories.len(), count);
        });
    });

    let mut cache = Cache::open(&index, "");
    let scanned = scan(&roots, &aliases, Some(&mut cache));
    cache.save(&scanned).expect("index saved");
    group.bench_function("warm (index cache)", |b| {
        b.iter(|| {
            let mut cache = Cache::open(&index, "");
            let scanned = scan(&roots, &aliases, Some(&mut cache));
            assert_eq!(scanned.parsed, 0, "everything from the cache");
            scanned
        });
    });
    group.finish();
}

criterion_group!(scan_benches, benches);
criterion_main!(scan_benches);
