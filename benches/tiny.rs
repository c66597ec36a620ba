//! Start-up cost of a tiny story (issue 15): a 7-line `.txt` parsed and its
//! metadata extracted, in process (`tiny/index_path`, warm: patterns and alias
//! tables already built) and as a whole `ficread info` run (`tiny/info_process`,
//! cold every time: each run pays for every pattern and table it touches).
//!
//! Goal: a tiny story's first frame within 8 ms, so the cold run should stay a few
//! milliseconds. Instruction counts are steadier on a loaded machine:
//! `valgrind --tool=callgrind target/release/ficread info tiny.txt`.
//!
//! Run with `cargo bench --bench tiny`.

use std::hint::black_box;
use std::path::Path;
use std::process::{Command, Stdio};

use criterion::{Criterion, criterion_group, criterion_main};
use ficread::library;
use ficread::meta::{Aliases, UserAliases};

/// Title, byline and three one-line paragraphs.
const TINY: &str =
    "A Tiny Story\nby Someone\n\nIt was a dark night.\n\nThe rain fell.\n\nShe smiled.\n";

fn tiny(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let story = dir.path().join("tiny.txt");
    std::fs::write(&story, TINY).expect("write tiny.txt");
    let aliases = Aliases::new(&UserAliases::default()).expect("built-in aliases");
    let mut group = c.benchmark_group("tiny");
    group.bench_function("index_path", |b| {
        b.iter(|| library::index_path(black_box(&story), &aliases).expect("tiny story parses"));
    });
    group.sample_size(20);
    group.bench_function("info_process", |b| {
        b.iter(|| run_info(dir.path(), &story));
    });
    group.finish();
}

/// One `ficread info` with config and data kept inside `home`, so the user's own
/// config and reading state are neither read nor touched.
fn run_info(home: &Path, story: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_ficread"))
        .arg("info")
        .arg(story)
        .env("FICREAD_CONFIG_DIR", home.join("config"))
        .env("FICREAD_DATA_DIR", home.join("data"))
        .env("FICREAD_CACHE_DIR", home.join("cache"))
        .env("FICREAD_STATE_DIR", home.join("state"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("ficread runs");
    assert!(status.success(), "ficread info failed on the tiny story");
}

criterion_group!(benches, tiny);
criterion_main!(benches);
