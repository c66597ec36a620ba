//! Metadata extraction speed: a 62 KB story (seed 004, whose fandoms come from the
//! body scan alone, the most expensive path) and the alias-table set-up.
//!
//! Run with `cargo bench --bench meta`.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use ficread::document::raw::{FieldKey, Origin, RawField, RawMeta};
use ficread::document::{Block, Chapter, Document, RichText};
use ficread::meta::{Aliases, UserAliases, extract};

/// Seed 004 as the text reader hands it over: header fields plus the body lines
/// 12–452 (two blank lines are a scene break).
fn seed_004() -> Document {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("library/004_ca5d7cb0a57c4d69.txt");
    let text = std::fs::read_to_string(&path).expect("seed 004 is in library/");
    let lines: Vec<&str> = text.split('\n').collect();
    let mut blocks = Vec::new();
    let mut blanks = 0;
    for line in &lines[11..452] {
        if line.trim().is_empty() {
            blanks += 1;
            continue;
        }
        if blanks >= 2 {
            blocks.push(Block::SceneBreak);
        }
        blanks = 0;
        blocks.push(Block::Paragraph(RichText::plain(line.trim())));
    }
    let field = |key, origin, label: &str, value: &str, line| {
        RawField::new(key, label, value, origin).at_line(line)
    };
    let fields = vec![
        field(
            FieldKey::Title,
            Origin::Loose,
            "title line",
            "Change of Space",
            1,
        ),
        field(FieldKey::Author, Origin::Loose, "byline", "Annie", 3),
        field(
            FieldKey::Warning,
            Origin::Field,
            "Warning",
            "Slash content.",
            8,
        ),
        field(
            FieldKey::Summary,
            Origin::Field,
            "Summary",
            "Lex Luthor takes a little trip to the Hellmouth.",
            9,
        ),
        field(FieldKey::Rating, Origin::Field, "Rated", "R", 9),
        field(
            FieldKey::Disclaimer,
            Origin::Field,
            "Disclaimer",
            "Still not mine.",
            10,
        ),
    ];
    Document {
        chapters: vec![Chapter {
            id: None,
            title: None,
            blocks,
        }],
        raw: RawMeta {
            fields,
            ..RawMeta::default()
        },
    }
}

fn benches(c: &mut Criterion) {
    let doc = seed_004();
    let aliases = Aliases::builtin();
    c.bench_function("extract seed 004 (62 KB, body inference)", |b| {
        b.iter(|| extract(black_box(&doc), black_box(&aliases)));
    });
    let mut user = UserAliases::default();
    user.characters.insert("Lexi".into(), "Lex Luthor".into());
    user.ships
        .insert("Chlexana".into(), "Chloe/Lana/Lex".into());
    c.bench_function("Aliases::new with user entries", |b| {
        b.iter(|| Aliases::new(black_box(&user)));
    });
    c.bench_function("parse_relationship", |b| {
        b.iter(|| aliases.parse_relationship(black_box("Lex Luthor/Clark Kent (Smallville)")));
    });
}

criterion_group!(meta, benches);
criterion_main!(meta);
