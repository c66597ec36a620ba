//! The library table's per-keystroke work on a 10,000-story result: ranking the
//! titles against each other (after every filter change) and fitting a screen of
//! title cells (every frame).
//!
//! Run with `cargo bench --bench table`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ficread::library::table::{LIBRARY_COLUMNS, fit_title, fit_widths, rank_titles};

/// Titles as a big download folder has them: series parts, numbered works and a
/// long tail of one-offs sharing common first words.
fn titles() -> Vec<String> {
    let stems = [
        "Change of Space",
        "A Quiet Place in Kansas",
        "The Long Road Through Smallville",
        "Help Wanted",
        "Second Chances And New Beginnings",
    ];
    (0..10_000)
        .map(|i| match i % 4 {
            0 => format!("{} #{i:04}", stems[i % stems.len()]),
            1 => format!("{}: Part {}", stems[i % stems.len()], i / 20),
            2 => format!("The {} of Story {i}", ["Tale", "Book", "End"][i % 3]),
            _ => format!("Untitled {}", i % 50),
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let owned = titles();
    let titles: Vec<&str> = owned.iter().map(String::as_str).collect();
    c.bench_function("rank_titles 10k", |b| {
        b.iter(|| rank_titles(black_box(&titles)));
    });
    let ranks = rank_titles(&titles);
    c.bench_function("fit_title 40 rows at 22 columns", |b| {
        b.iter(|| {
            for (title, rank) in titles.iter().zip(&ranks).take(40) {
                black_box(fit_title(title, *rank, Some("#3"), 22));
            }
        });
    });
    let natural = [60, 30, 1, 40, 40, 6, 6, 8, 12];
    c.bench_function("fit_widths 80 columns", |b| {
        b.iter(|| fit_widths(LIBRARY_COLUMNS, black_box(&natural), Some(78)));
    });
}

criterion_group!(table, benches);
criterion_main!(table);
