//! One keystroke in the library's filter bar: the whole update (query parse, a match
//! over every story, the sort of the matches, the facet counts), at 10,000 stories
//! (`FICREAD_BENCH_STORIES` changes the count). The stories are the seeds in
//! `library/`, indexed once and copied with distinct titles and keys, so every
//! story carries real metadata (fandoms, pairings, summaries).
//!
//! In the first group each iteration types one character and erases it: two
//! keystrokes, so one keystroke is half the reported time. After the first
//! iteration both queries are among the library's recent results, so that group
//! measures a keystroke that finds its result kept. The second group times one
//! keystroke of each kind the filter handles differently:
//! - `narrow`: a letter that narrows the query, never typed before (the letters
//!   cycle through more than the results kept), so only the previous matches are
//!   tested;
//! - `full`: a letter after which no kept result can be narrowed (a negated word
//!   typed further excludes fewer stories), so every story is matched;
//! - `erase`: a letter erased, back to a result kept.
//!
//! The third group repeats `narrow` and `full` for a bare word with the facet
//! panel open, so each keystroke also counts the result's facets.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use ficread::app::{App, Msg, Scanned};
use ficread::config::Config;
use ficread::keymap::{Key, KeyCode};
use ficread::library::{self, Story};
use ficread::meta::Aliases;
use ficread::store::Store;

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

fn stories(count: usize, aliases: &Aliases) -> Vec<Story> {
    let seeds_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("library");
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(&seeds_dir)
        .expect("library/ holds the seeds")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    seeds.sort();
    let seeds: Vec<Story> = seeds
        .iter()
        .map(|p| library::index_path(p, aliases).expect("a seed indexes"))
        .collect();
    (0..count)
        .map(|i| {
            let mut story = seeds[i % seeds.len()].clone();
            story.meta.title = format!("{} #{i:05}", story.meta.title);
            story.key = format!("bench:{i}");
            story.path = PathBuf::from(format!("/lib/shelf{:03}/fic{i:05}.txt", i / 100));
            story
        })
        .collect()
}

fn app_with(count: usize) -> (App, tempfile::TempDir) {
    let aliases = Aliases::builtin();
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = Store::open(dir.path());
    let mut app = App::new(Config::default(), aliases.clone(), store, (120, 40));
    let works = library::works(stories(count, &aliases));
    let _ = app.update(Msg::Scanned(Box::new(Scanned {
        works,
        ..Scanned::default()
    })));
    (app, dir)
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let _ = app.update(Msg::Key(Key::char(c)));
    }
}

fn benches(c: &mut Criterion) {
    let count = story_count();
    let mut group = c.benchmark_group(format!("filter keystroke x2 ({count} stories)"));
    // Typing the last letter of a bare word, of a fandom term and of a pairing term.
    for (name, typed, last) in [
        ("bare word", "glor", 'y'),
        ("fandom", "fandom:buff", 'y'),
        ("pairing", "pairing:clark/le", 'x'),
    ] {
        let (mut app, _dir) = app_with(count);
        let _ = app.update(Msg::Key(Key::char('/')));
        type_text(&mut app, typed);
        let _ = app.update(Msg::Key(Key::char(last)));
        let matched = app.library().visible_count();
        assert!(matched > 0 && matched < count, "{name}: {matched} match");
        let _ = app.update(Msg::Key(Key::plain(KeyCode::Backspace)));
        group.bench_function(name, |b| {
            b.iter(|| {
                let _ = app.update(Msg::Key(Key::char(last)));
                let _ = app.update(Msg::Key(Key::plain(KeyCode::Backspace)));
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group(format!("filter keystroke ({count} stories)"));
    for (name, typed) in [
        ("bare word", "glor"),
        ("fandom", "fandom:buff"),
        ("pairing", "pairing:clark/le"),
    ] {
        for (how, prefix) in [("narrow", ""), ("full", "-")] {
            let (mut app, _dir) = app_with(count);
            let _ = app.update(Msg::Key(Key::char('/')));
            type_text(&mut app, &format!("{prefix}{typed}"));
            let mut letters = ('a'..='z').cycle();
            group.bench_function(format!("{name}: {how}"), |b| {
                b.iter_custom(|iters| type_and_erase(&mut app, &mut letters, iters));
            });
            if how == "full" {
                continue;
            }
            group.bench_function(format!("{name}: erase"), |b| {
                b.iter_custom(|iters| {
                    let mut spent = Duration::ZERO;
                    for _ in 0..iters {
                        let _ = app.update(Msg::Key(Key::char(letters.next().unwrap_or('a'))));
                        let start = Instant::now();
                        let _ = app.update(Msg::Key(Key::plain(KeyCode::Backspace)));
                        spent += start.elapsed();
                    }
                    spent
                });
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group(format!("filter keystroke, facets shown ({count} stories)"));
    for (how, prefix) in [("narrow", ""), ("full", "-")] {
        let (mut app, _dir) = app_with(count);
        // F opens the panel; / then gives the filter bar the keys, the panel open.
        let _ = app.update(Msg::Key(Key::char('F')));
        let _ = app.update(Msg::Key(Key::char('/')));
        type_text(&mut app, &format!("{prefix}glor"));
        assert!(app.library().facets().is_some(), "the panel is open");
        let mut letters = ('a'..='z').cycle();
        group.bench_function(format!("bare word: {how}"), |b| {
            b.iter_custom(|iters| type_and_erase(&mut app, &mut letters, iters));
        });
    }
    group.finish();
}

/// Times `iters` keystrokes, each a letter from `letters` typed into the filter
/// (timed) and erased again (not timed).
fn type_and_erase(app: &mut App, letters: &mut impl Iterator<Item = char>, iters: u64) -> Duration {
    let mut spent = Duration::ZERO;
    for _ in 0..iters {
        let letter = letters.next().unwrap_or('a');
        let start = Instant::now();
        let _ = app.update(Msg::Key(Key::char(letter)));
        spent += start.elapsed();
        let _ = app.update(Msg::Key(Key::plain(KeyCode::Backspace)));
    }
    spent
}

criterion_group!(filter_benches, benches);
criterion_main!(filter_benches);
