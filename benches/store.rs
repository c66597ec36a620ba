//! Reading-state store speed: re-finding a position in a 5 MB story (exact, moved,
//! fuzzy and lost, the last being the worst case: every search fails), capturing one,
//! and opening and saving a state file with 10,000 stories, alone and with `sync.dir`
//! on and two other machines' files in the sync folder.
//!
//! The 5 MB story is the four Jane Austen novels from `../shared/corpus` (once as
//! written, once upper-cased so no quote repeats); without the corpus, generated text.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use ficread::document::{Block, Chapter, Document, RichText};
use ficread::format;
use ficread::position::Anchor;
use ficread::store::{Position, Shelf, Store, StoryText, SyncSettings, capture, now_ms, relocate};

const TARGET_BYTES: usize = 5 * 1024 * 1024;
const STORIES: usize = 10_000;

fn big_story() -> Document {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/janeaustenr");
    let mut chapters: Vec<Chapter> = Vec::new();
    for name in ["emma", "persuasion", "prideprejudice", "sensesensibility"] {
        match format::read_file(&dir.join(format!("{name}.txt"))) {
            Ok(doc) => chapters.extend(doc.chapters),
            Err(e) => eprintln!("corpus unavailable ({e}); using generated text"),
        }
    }
    if chapters.is_empty() {
        chapters = generated_chapters();
    }
    let mut all = chapters.clone();
    let mut bytes = size(&all);
    while bytes < TARGET_BYTES {
        for chapter in &chapters {
            let mut loud = chapter.clone();
            for block in &mut loud.blocks {
                if let Block::Paragraph(text) = block {
                    *text = RichText::plain(text.text.to_uppercase() + &format!(" {bytes}"));
                }
            }
            all.push(loud);
        }
        bytes = size(&all);
    }
    let doc = Document {
        chapters: all,
        ..Document::default()
    };
    eprintln!(
        "story: {} chapters, {:.1} MB",
        doc.chapters.len(),
        size(&doc.chapters) as f64 / 1e6
    );
    doc
}

fn size(chapters: &[Chapter]) -> usize {
    chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .map(|b| b.text().len() + 1)
        .sum()
}

/// Deterministic pseudo-text: 200 chapters of 60 paragraphs of 70 words.
fn generated_chapters() -> Vec<Chapter> {
    let words = [
        "the",
        "of",
        "Lex",
        "Clark",
        "said",
        "and",
        "phone",
        "farm",
        "castle",
        "a",
        "looked",
        "quietly",
        "never",
        "Smallville",
        "green",
        "light",
        "picked",
        "up",
        "again",
        "to",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..200)
        .map(|c| Chapter {
            title: Some(format!("Chapter {}", c + 1)),
            id: None,
            blocks: (0..60)
                .map(|_| {
                    let text: Vec<&str> = (0..70)
                        .map(|_| words[(next() % words.len() as u64) as usize])
                        .collect();
                    Block::Paragraph(RichText::plain(text.join(" ") + "."))
                })
                .collect(),
        })
        .collect()
}

fn relocation(c: &mut Criterion) {
    let doc = big_story();
    let chapter = doc.chapters.len() * 3 / 5;
    let block = doc.chapters[chapter].blocks.len() / 2;
    let position = capture(&doc, Anchor::new(chapter, block, 0));

    let mut moved = doc.clone();
    moved.chapters.insert(
        0,
        Chapter {
            title: Some("Prologue".into()),
            id: None,
            blocks: vec![Block::Paragraph(RichText::plain("A new beginning."))],
        },
    );
    let mut fuzzy = doc.clone();
    if let Some(Block::Paragraph(text)) = fuzzy.chapters[chapter].blocks.get_mut(block) {
        let word_end = text.text.find(' ').unwrap_or(0);
        let second = text.text[word_end + 1..]
            .find(' ')
            .map_or(word_end, |i| word_end + 1 + i);
        text.text.to_mut().insert(second, 'x');
    }
    let mut lost = doc.clone();
    lost.chapters[chapter].blocks = vec![Block::Paragraph(RichText::plain("Rewritten."))];

    let mut group = c.benchmark_group("relocate_5mb");
    for (name, story) in [
        ("exact", &doc),
        ("moved", &moved),
        ("fuzzy", &fuzzy),
        ("lost", &lost),
    ] {
        let found = relocate(story, &position);
        eprintln!("{name}: {:?}", found.confidence);
        group.bench_function(name, |b| {
            b.iter(|| relocate(std::hint::black_box(story), &position));
        });
    }
    group.bench_function("story_text_only", |b| {
        b.iter(|| StoryText::new(std::hint::black_box(&doc)));
    });
    group.bench_function("capture", |b| {
        b.iter(|| capture(std::hint::black_box(&doc), Anchor::new(chapter, block, 0)));
    });
    group.finish();
}

fn state_file(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let doc = Document {
        chapters: generated_chapters(),
        ..Document::default()
    };
    let text = StoryText::new(&doc);
    let positions: Vec<Position> = (0..50)
        .map(|i| text.capture(Anchor::new(i * 3, i, 0)))
        .collect();
    let (mut store, _) = Store::open(dir.path());
    let now = now_ms();
    for i in 0..STORIES {
        let state = store.entry(&format!("m:{:016x}", i * 7919));
        state.path = format!("/home/reader/fic/Some Fandom/Story number {i} by Author.epub").into();
        state.title = format!("Story number {i}");
        state.position = Some(positions[i % positions.len()].clone());
        state.shelf = Shelf::ALL[i % Shelf::ALL.len()];
        state.last_opened = Some(now - i as u64);
        state.chapters_seen = i % 40;
        state.time_read_secs = i as u64 * 13;
        if i % 3 == 0 {
            state.add_bookmark(
                "a favourite scene",
                positions[(i + 1) % positions.len()].clone(),
                now,
            );
        }
    }
    store.save().expect("saves");
    let size = std::fs::metadata(store.path()).map_or(0, |m| m.len());
    eprintln!("state file: {STORIES} stories, {:.1} MB", size as f64 / 1e6);

    let mut group = c.benchmark_group("state_file_10k");
    group.sample_size(20);
    group.bench_function("open", |b| {
        b.iter(|| Store::open(std::hint::black_box(dir.path())).0.len());
    });
    group.bench_function("save_one_change", |b| {
        b.iter(|| {
            store.entry("m:0000000000000000").time_read_secs += 1;
            store.save().expect("saves");
        });
    });

    // The same with `sync.dir` on and two other machines' files of 10,000 stories
    // each in the folder: every save also reads and merges both and writes its own.
    let shared = dir.path().join("Sync/ficread");
    std::fs::create_dir_all(&shared).expect("mkdir");
    let settings = SyncSettings {
        dir: shared,
        name: None,
    };
    for machine in ["desk", "laptop", "here"] {
        let data = dir.path().join(machine);
        std::fs::create_dir_all(&data).expect("mkdir");
        std::fs::copy(store.path(), data.join(ficread::store::STATE_FILE)).expect("copy");
        let (mut other, _) = Store::open(&data);
        other.attach_sync(&settings);
        other.entry(&format!("m:{machine}")).favourite = true;
        other.save().expect("saves");
    }
    let here = dir.path().join("here");
    group.bench_function("open_and_merge_two_peers", |b| {
        b.iter(|| {
            let (mut synced, _) = Store::open(std::hint::black_box(&here));
            synced.attach_sync(&settings);
            synced.len()
        });
    });
    let (mut synced, _) = Store::open(&here);
    synced.attach_sync(&settings);
    group.bench_function("save_one_change_synced_two_peers", |b| {
        b.iter(|| {
            synced.entry("m:0000000000000000").time_read_secs += 1;
            synced.save().expect("saves");
        });
    });
    group.finish();
}

criterion_group!(benches, relocation, state_file);
criterion_main!(benches);
