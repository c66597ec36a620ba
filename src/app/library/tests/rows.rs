//! A row read from the index keeps only part of its story's metadata: it must
//! show, filter, sort, group and count exactly as the row of the whole story.

use std::fmt::Write as _;
use std::path::Path;

use super::*;
use crate::library::cache::{Cache, Cached, left_out_meta};
use crate::library::facets;
use crate::library::{Query, Rest};

/// Stories stating every kind of field, some twice (two files of one work), some
/// without any, in a series and not.
fn write_library(root: &Path) {
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("library");
    for seed in std::fs::read_dir(&seeds).expect("seeds").flatten() {
        std::fs::copy(seed.path(), root.join(seed.file_name())).expect("copy");
    }
    let fandoms = ["Smallville", "BtVS, Angel", "Stargate SG-1, Smallville", ""];
    let ships = ["Clark/Lex", "Buffy & Faith", "Lex Luthor/Clark Kent", ""];
    let ratings = ["G", "Teen And Up Audiences", "NC-17", "banana", ""];
    for i in 0..24 {
        let mut text = format!("Story {}\n", i % 20);
        let mut field = |name: &str, value: &str| {
            if !value.is_empty() {
                let _ = writeln!(text, "{name}: {value}");
            }
        };
        field("Author", ["Ann", "Bo, Cy", ""][i % 3]);
        field("Fandom", fandoms[i % fandoms.len()]);
        field("Pairing", ships[i % ships.len()]);
        field("Characters", ["Chloe Sullivan, Spike", "", "Willow"][i % 3]);
        field("Rating", ratings[i % ratings.len()]);
        field("Warnings", ["Violence", ""][i % 2]);
        field("Tags", ["Angst, Fluff", "", "AU"][i % 3]);
        field("Series", ["Long Way", "", "Other Way"][i % 3]);
        field("Part", ["2", "", "1", ""][i % 4]);
        field("Status", ["Complete", "WIP", ""][i % 3]);
        field("Published", ["2009-01-02", "", "2011-05-06"][i % 3]);
        field("Updated", ["", "2012-03-04", ""][i % 3]);
        field(
            "Summary",
            ["Lex has a secret.", "", "Faith returns."][i % 3],
        );
        text.push('\n');
        for chapter in 0..=(i % 3) {
            let _ = write!(text, "Chapter {}\n\n", chapter + 1);
            text.push_str(&"Words of the story go here. ".repeat(10 + i * 7));
            text.push_str("\n\n");
        }
        std::fs::write(root.join(format!("story{i:02}.txt")), &text).expect("write");
        if i % 5 == 0 {
            std::fs::write(root.join(format!("story{i:02}-copy.txt")), &text).expect("write");
        }
    }
}

/// The library's entries as a first scan makes them (whole) and as a start from
/// the index makes them (rows), in the same order, with the index's path.
fn whole_and_rows(dir: &Path) -> (Vec<Entry>, Vec<Entry>, PathBuf) {
    let aliases = Aliases::builtin();
    let root = dir.join("lib");
    std::fs::create_dir_all(&root).expect("mkdir");
    write_library(&root);
    let index = dir.join("index.bin");
    let mut cache = Cache::open(&index, "");
    let scanned = library::scan(std::slice::from_ref(&root), &aliases, Some(&mut cache));
    cache.save(&scanned).expect("saves");
    let whole: Vec<Entry> = library::works(scanned.stories)
        .into_iter()
        .map(|work| Entry::unread(work, &aliases))
        .collect();
    let cached = Cached::read_as(&index, "", &[root], &mut |story| {
        Entry::prepare(story, &aliases)
    })
    .expect("an index");
    let rows: Vec<Entry> = cached.works.into_iter().map(Entry::prepared).collect();
    (whole, rows, index)
}

#[test]
fn a_row_from_the_index_is_its_whole_storys_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (whole, rows, index) = whole_and_rows(dir.path());
    assert!(whole.len() > 20, "{}", whole.len());
    assert_eq!(rows.len(), whole.len());
    assert!(
        whole.iter().any(|e| e.files.len() == 2),
        "a work in two files"
    );
    for (row, whole) in rows.iter().zip(&whole) {
        let what = whole.story.path.display().to_string();
        let meta = whole.story.meta.whole().expect("a scanned story is whole");
        assert_eq!(*whole.story.meta.to_meta(), *meta, "{what}");
        assert_eq!(row.story.meta.whole(), None, "{what}");
        assert_ne!(row.story.rest, Rest::Here, "{what}");
        assert_eq!(
            (&row.story.path, &row.story.key, &row.files),
            (&whole.story.path, &whole.story.key, &whole.files),
            "{what}"
        );
        for column in 0..COLUMNS.len() {
            assert_eq!(row.cell(column), whole.cell(column), "{what}: {column}");
        }
        assert_eq!(row.widths(), whole.widths(), "{what}");
        assert_eq!(row.keys(), whole.keys(), "{what}");
        // What the row keeps is the story's own.
        let kept = row.story.meta.to_meta();
        assert_eq!(kept.title, meta.title, "{what}");
        assert_eq!(kept.authors, meta.authors, "{what}");
        assert_eq!(kept.fandoms, meta.fandoms, "{what}");
        assert_eq!(kept.relationships, meta.relationships, "{what}");
        assert_eq!(kept.characters, meta.characters, "{what}");
        assert_eq!(
            kept.rating.and_then(|r| r.level),
            meta.rating.as_ref().and_then(|r| r.level),
            "{what}"
        );
        assert_eq!(
            (kept.status, kept.crossover, kept.words, kept.chapters),
            (meta.status, meta.crossover, meta.words, meta.chapters),
            "{what}"
        );
        assert_eq!(kept.series, meta.series, "{what}");
        assert_eq!(
            kept.updated,
            meta.updated.clone().or_else(|| meta.published.clone()),
            "{what}"
        );
        // The details popup reads the rest back: all that was indexed but where
        // each field came from.
        let back = left_out_meta(&index, "", &row.story).expect("indexed");
        assert_eq!(
            crate::meta::StoryMeta {
                provenance: meta.provenance.clone(),
                ..*back
            },
            *meta,
            "{what}"
        );
    }
    // The facets and the reading statistics count the same values.
    assert_eq!(
        facets::count(rows.iter().map(Entry::row)),
        facets::count(whole.iter().filter_map(|e| e.story.meta.whole()))
    );
}

#[test]
fn a_library_of_rows_filters_sorts_and_counts_as_one_of_whole_stories() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (whole, rows, _) = whole_and_rows(dir.path());
    let library = |entries: Vec<Entry>| {
        Library::new(
            entries,
            Vec::new(),
            Keymap::library(&BTreeMap::new()),
            Aliases::builtin(),
        )
    };
    let (mut whole, mut rows) = (library(whole), library(rows));
    for lib in [&mut whole, &mut rows] {
        lib.update(Action::Facets);
    }
    for sort in 0..8 {
        for query in [
            "",
            "story",
            "lex",
            "fandom:sv",
            "-fandom:btvs",
            "pairing:clex",
            "character:spike",
            "rating:<=t",
            "rating:none",
            "status:wip",
            "words:>200",
            "chapters:>=2",
            "crossover:yes",
            "tag:angst",
            "warning:violence",
            "summary:secret",
            "series:way",
            "author:bo",
        ] {
            let mut states = Vec::new();
            for lib in [&mut whole, &mut rows] {
                lib.on_key(Key::char('/'));
                for _ in 0..30 {
                    lib.on_key(Key::plain(KeyCode::Backspace));
                }
                type_text(lib, query);
                lib.on_key(Key::plain(KeyCode::Enter));
                let titles: Vec<String> = lib
                    .visible()
                    .map(|e| format!("{} {}", e.cell(layout::TITLE), e.story.path.display()))
                    .collect();
                states.push((
                    lib.sort(),
                    titles,
                    lib.natural_widths(),
                    lib.facets().map(|p| p.facets.clone()),
                ));
            }
            assert_eq!(states[0], states[1], "sort {sort}, {query:?}");
            let parsed = Query::parse(query, &Aliases::builtin()).expect(query);
            let direct = whole
                .entries
                .iter()
                .filter(|e| parsed.matches(e.story.meta.whole().expect("whole")))
                .count();
            assert_eq!(direct, whole.visible.len(), "{query:?}");
        }
        for lib in [&mut whole, &mut rows] {
            lib.update(Action::Sort);
        }
    }
}
