//! Pager speed on a ~5 MB single-chapter story (Jane Austen's novels from the shared
//! corpus, concatenated and repeated) against a ~10 KB one: opening, resizing, jumping
//! and paging must not grow with the story's length, because layout is lazy.
//!
//! Run with `cargo bench --bench pager`. Skips (with a message) when
//! `../shared/corpus/janeaustenr` is absent.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use ficread::document::{Block, Chapter, Document, RichText};
use ficread::layout::LayoutOptions;
use ficread::pager::{Pager, PagerOptions};
use ficread::position::floor_char_boundary;
use ficread::search::Search;

const TARGET_BYTES: usize = 5 * 1024 * 1024;
const HEIGHT: usize = 30;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/janeaustenr")
}

/// Paragraphs of every novel in the corpus folder (split on blank lines).
fn novels() -> Option<Vec<String>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .ok()?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut paragraphs = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).ok()?;
        paragraphs.extend(
            text.split("\n\n")
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|p| !p.is_empty()),
        );
    }
    (!paragraphs.is_empty()).then_some(paragraphs)
}

/// One untitled chapter of at least `bytes` bytes of paragraphs, repeating the novels.
fn story(paragraphs: &[String], bytes: usize) -> Arc<Document> {
    let mut blocks = Vec::new();
    let mut total = 0;
    for paragraph in paragraphs.iter().cycle() {
        if total >= bytes {
            break;
        }
        total += paragraph.len();
        blocks.push(Block::Paragraph(RichText::plain(paragraph.clone())));
    }
    Arc::new(Document {
        chapters: vec![Chapter {
            id: None,
            title: None,
            blocks,
        }],
        ..Document::default()
    })
}

/// Times `step` over `iters` runs on `state`, after an untimed `prepare` before each.
fn timed<S>(
    iters: u64,
    state: &mut S,
    mut prepare: impl FnMut(&mut S),
    mut step: impl FnMut(&mut S),
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        prepare(state);
        let start = Instant::now();
        step(state);
        total += start.elapsed();
    }
    total
}

fn bench_pager(c: &mut Criterion) {
    let Some(paragraphs) = novels() else {
        eprintln!(
            "skipping pager benches: no novels in {}",
            corpus_dir().display()
        );
        return;
    };
    let big = story(&paragraphs, TARGET_BYTES);
    let small = story(&paragraphs, 10 * 1024);
    let options = PagerOptions::default();
    for (name, doc) in [("5MB", &big), ("10KB", &small)] {
        let blocks = doc.chapters[0].blocks.len();
        let bytes: usize = doc.texts().map(str::len).sum();
        eprintln!(
            "{name}: {bytes} bytes in {blocks} paragraphs, {} words",
            doc.words()
        );
    }

    let mut group = c.benchmark_group("pager");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(4));

    for (name, doc) in [("5MB", &big), ("10KB", &small)] {
        group.bench_function(format!("open + rows(30) @100 [{name}]"), |b| {
            b.iter(|| {
                let pager = Pager::new(Arc::clone(doc), options.clone(), 100, HEIGHT);
                black_box(pager.rows().len());
                pager
            });
        });

        // Each iteration is one real width change (100 ↔ 60) with its new frame, from
        // the middle of the story.
        group.bench_function(format!("resize 100<->60 + rows [{name}]"), |b| {
            let mut pager = Pager::new(Arc::clone(doc), options.clone(), 100, HEIGHT);
            pager.go_to_percent(50.0);
            let mut narrow = false;
            b.iter(|| {
                narrow = !narrow;
                pager.resize(if narrow { 60 } else { 100 }, HEIGHT);
                black_box(pager.rows().len());
            });
        });
    }

    // Jumps with a cold cache: each run first goes to the top and changes the width
    // (untimed), which drops every wrapped block but those of the first screen.
    group.bench_function("jump to end + rows, cold [5MB]", |b| {
        let pager = Pager::new(Arc::clone(&big), options.clone(), 100, HEIGHT);
        let mut state = (pager, false);
        b.iter_custom(|iters| {
            timed(
                iters,
                &mut state,
                |(pager, narrow)| {
                    // To the top first: a resize wraps around the position, which
                    // must not be the jump's target.
                    pager.to_top();
                    *narrow = !*narrow;
                    pager.resize(if *narrow { 99 } else { 100 }, HEIGHT);
                },
                |(pager, _)| {
                    pager.to_bottom();
                    black_box(pager.rows().len());
                },
            )
        });
    });

    group.bench_function("go to 50% + rows, cold [5MB]", |b| {
        let pager = Pager::new(Arc::clone(&big), options.clone(), 100, HEIGHT);
        let mut state = (pager, false);
        b.iter_custom(|iters| {
            timed(
                iters,
                &mut state,
                |(pager, narrow)| {
                    // To the top first: a resize wraps around the position, which
                    // must not be the jump's target.
                    pager.to_top();
                    *narrow = !*narrow;
                    pager.resize(if *narrow { 99 } else { 100 }, HEIGHT);
                },
                |(pager, _)| {
                    pager.go_to_percent(50.0);
                    black_box(pager.rows().len());
                },
            )
        });
    });

    // Steady reading: one page down (wrapping what comes into view) and its frame.
    group.bench_function("page down + rows [5MB]", |b| {
        let mut pager = Pager::new(Arc::clone(&big), options.clone(), 100, HEIGHT);
        pager.go_to_percent(10.0);
        b.iter_custom(|iters| {
            timed(
                iters,
                &mut pager,
                |pager| {
                    if pager.is_at_end() {
                        pager.go_to_percent(10.0);
                    }
                },
                |pager| {
                    pager.page_down();
                    black_box(pager.rows().len());
                },
            )
        });
    });

    // The known limit of per-block laziness: a story whose text is one 1 MB
    // paragraph (a bad conversion with no paragraph breaks) rewraps all of it.
    let joined = paragraphs.join(" ");
    let one_mb = joined
        .get(..floor_char_boundary(&joined, 1024 * 1024))
        .unwrap_or_default();
    let huge = story(&[one_mb.to_owned()], 1);
    group.bench_function("resize 100<->60 + rows [one 1MB paragraph]", |b| {
        let mut pager = Pager::new(Arc::clone(&huge), options.clone(), 100, HEIGHT);
        pager.go_to_percent(50.0);
        let mut narrow = false;
        b.iter(|| {
            narrow = !narrow;
            pager.resize(if narrow { 60 } else { 100 }, HEIGHT);
            black_box(pager.rows().len());
        });
    });

    group.bench_function("search 'elizabeth' [5MB]", |b| {
        b.iter(|| Search::new(&big, black_box("elizabeth")).hits().len());
    });
    group.finish();
    bench_typeset(c, &big);
}

/// The same reading moves with `justify` and `hyphenate` on: they must cost about
/// what plain wrapping does (hyphenation looks up one word per line, at most).
fn bench_typeset(c: &mut Criterion, big: &Arc<Document>) {
    let options = PagerOptions {
        layout: LayoutOptions {
            justify: true,
            hyphenate: true,
            ..LayoutOptions::default()
        },
        ..PagerOptions::default()
    };
    let mut group = c.benchmark_group("pager typeset");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(4));

    // The dictionary is loaded once per process, on the first line that needs it: this
    // is that cost, paid by the first frame of the first hyphenated story.
    group.bench_function("load the English dictionary", |b| {
        use hyphenation::{Language, Load, Standard};
        b.iter(|| Standard::from_embedded(Language::EnglishUS).ok());
    });
    group.bench_function("open + rows(30) @100 [5MB]", |b| {
        b.iter(|| {
            let pager = Pager::new(Arc::clone(big), options.clone(), 100, HEIGHT);
            black_box(pager.rows().len());
            pager
        });
    });
    group.bench_function("resize 100<->60 + rows [5MB]", |b| {
        let mut pager = Pager::new(Arc::clone(big), options.clone(), 100, HEIGHT);
        pager.go_to_percent(50.0);
        let mut narrow = false;
        b.iter(|| {
            narrow = !narrow;
            pager.resize(if narrow { 60 } else { 100 }, HEIGHT);
            black_box(pager.rows().len());
        });
    });
    group.bench_function("page down + rows [5MB]", |b| {
        let mut pager = Pager::new(Arc::clone(big), options.clone(), 100, HEIGHT);
        pager.go_to_percent(10.0);
        b.iter_custom(|iters| {
            timed(
                iters,
                &mut pager,
                |pager| {
                    if pager.is_at_end() {
                        pager.go_to_percent(10.0);
                    }
                },
                |pager| {
                    pager.page_down();
                    black_box(pager.rows().len());
                },
            )
        });
    });
    group.finish();
}

criterion_group!(benches, bench_pager);
criterion_main!(benches);
