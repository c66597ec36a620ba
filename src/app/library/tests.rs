use std::collections::BTreeMap;
use std::path::PathBuf;

use super::*;
use crate::keymap::KeyCode;
use crate::library;
use crate::library::query::Held;
use crate::library::table::Column;

fn sample() -> Library {
    let aliases = Aliases::builtin();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("library");
    let scanned = library::scan(&[root], &aliases, None);
    let entries = scanned
        .stories
        .into_iter()
        .map(|s| Entry::new(s, Reading::default(), None, &aliases))
        .collect();
    let shelves = vec![
        ("crossovers".to_owned(), "crossover:yes".to_owned()),
        ("clex".to_owned(), "pairing:clex".to_owned()),
    ];
    Library::new(entries, shelves, Keymap::library(&BTreeMap::new()), aliases)
}

fn titles(library: &Library) -> Vec<String> {
    library
        .visible()
        .map(|e| e.story.meta.title.clone())
        .collect()
}

fn type_text(library: &mut Library, text: &str) {
    for c in text.chars() {
        library.on_key(Key::char(c));
    }
}

#[test]
fn filter_is_live_and_enter_keeps_it() {
    let mut lib = sample();
    assert_eq!(lib.visible_count(), 5);
    lib.on_key(Key::char('/'));
    assert!(lib.editing());
    type_text(&mut lib, "pairing:cl");
    // Half-typed: an error, and the last good result stays.
    assert!(lib.error().is_some() || lib.visible_count() <= 5);
    type_text(&mut lib, "ark/lex");
    assert_eq!(titles(&lib), ["His Hero"]);
    assert_eq!(lib.error(), None);
    lib.on_key(Key::plain(KeyCode::Enter));
    assert!(!lib.editing());
    assert_eq!(lib.filter(), "pairing:clark/lex");
    assert_eq!(
        lib.update(Action::Open),
        Outcome::Open(lib.selected_index().expect("selected"))
    );
}

#[test]
fn malformed_query_shows_why_and_keeps_results() {
    let mut lib = sample();
    lib.on_key(Key::char('/'));
    type_text(&mut lib, "\"");
    assert!(
        lib.error().is_some_and(|e| e.contains("unclosed quote")),
        "{:?}",
        lib.error()
    );
    assert_eq!(
        lib.visible_count(),
        5,
        "the last good result stays on screen"
    );
    type_text(&mut lib, "smallville glory\"");
    assert_eq!(lib.error(), None);
    assert_eq!(titles(&lib), ["Smallville Glory"]);
    type_text(&mut lib, " words:lots");
    assert!(
        lib.error().is_some_and(|e| e.contains("words:lots")),
        "{:?}",
        lib.error()
    );
    lib.on_key(Key::plain(KeyCode::Esc));
    assert!(!lib.editing());
    assert_eq!(
        lib.filter(),
        "",
        "Esc restores the filter from before editing"
    );
    assert_eq!(lib.error(), None);
    assert_eq!(lib.visible_count(), 5);
}

#[test]
fn sorts_cycle_and_order_rows() {
    let mut lib = sample();
    assert_eq!(lib.sort(), Sort::LastRead);
    lib.update(Action::Sort);
    assert_eq!(lib.sort(), Sort::Title);
    assert_eq!(
        titles(&lib),
        [
            "Change of Space",
            "Help Wanted",
            "His Hero",
            "Second Chances And New Beginnings",
            "Smallville Glory"
        ]
    );
    lib.update(Action::Sort);
    assert_eq!(lib.sort(), Sort::Author);
    assert_eq!(
        titles(&lib)[..2],
        ["Change of Space".to_owned(), "His Hero".to_owned()]
    );
    lib.update(Action::Sort);
    assert_eq!(lib.sort(), Sort::Series);
    lib.update(Action::Sort);
    assert_eq!(lib.sort(), Sort::Words);
    assert_eq!(titles(&lib)[0], "Change of Space");
    assert_eq!(titles(&lib)[4], "Smallville Glory");
}

#[test]
fn facets_count_the_result_and_add_terms() {
    let mut lib = sample();
    lib.update(Action::Facets);
    let panel = lib.facets().expect("open");
    let fandoms: Vec<(&str, usize)> = panel
        .facets
        .iter()
        .filter(|f| f.kind == crate::library::facets::FacetKind::Fandom)
        .map(|f| (f.label.as_str(), f.count))
        .collect();
    assert_eq!(
        fandoms,
        [("Smallville", 5), ("Buffy the Vampire Slayer", 4)]
    );
    // Select "Buffy the Vampire Slayer" and exclude it.
    lib.on_key(Key::char('j'));
    lib.on_key(Key::char('-'));
    assert_eq!(lib.filter(), "-fandom:\"Buffy the Vampire Slayer\"");
    assert_eq!(titles(&lib), ["His Hero"]);
    let panel = lib.facets().expect("still open");
    let counts: Vec<usize> = panel
        .facets
        .iter()
        .filter(|f| f.mark.is_none())
        .map(|f| f.count)
        .collect();
    assert!(
        counts.iter().all(|c| *c == 1),
        "facets follow the result: {counts:?}"
    );
    // The excluded fandom is in no story shown, yet the panel shows it excluded,
    // still selected.
    let selected = &panel.facets[panel.selected];
    assert_eq!(selected.label, "Buffy the Vampire Slayer");
    assert_eq!(selected.mark, Some(Held::Excluded));
    // Choosing it again takes it back out, as a checkbox would.
    lib.on_key(Key::char('-'));
    assert_eq!(lib.filter(), "", "toggled off");
    assert_eq!(titles(&lib).len(), 5);
    lib.on_key(Key::plain(KeyCode::Esc));
    assert!(lib.facets().is_none());
}

#[test]
fn facets_typed_by_hand_are_marked_too() {
    let mut lib = sample();
    lib.on_key(Key::char('/'));
    type_text(&mut lib, "fandom:btvs pairing:lex/buffy");
    lib.on_key(Key::plain(KeyCode::Enter));
    lib.update(Action::Facets);
    let marked: Vec<(&str, Option<Held>)> = lib
        .facets()
        .expect("open")
        .facets
        .iter()
        .filter(|f| f.mark.is_some())
        .map(|f| (f.label.as_str(), f.mark))
        .collect();
    assert_eq!(
        marked,
        [
            ("Buffy the Vampire Slayer", Some(Held::Included)),
            ("Buffy Summers/Lex Luthor", Some(Held::Included))
        ]
    );
}

#[test]
fn shelves_cycle_with_tab_and_combine_with_the_filter() {
    let mut lib = sample();
    lib.update(Action::NextShelf);
    assert_eq!(lib.shelf_name(), Some("crossovers"));
    assert_eq!(lib.visible_count(), 4);
    lib.update(Action::NextShelf);
    assert_eq!(lib.shelf_name(), Some("clex"));
    assert_eq!(titles(&lib), ["His Hero"]);
    lib.update(Action::NextShelf);
    assert_eq!(lib.shelf_name(), None, "then back to everything");
    lib.update(Action::PrevShelf);
    assert_eq!(lib.shelf_name(), Some("clex"));
    lib.update(Action::ClearFilter);
    assert_eq!(lib.shelf_name(), None);
    assert_eq!(lib.visible_count(), 5);
}

#[test]
fn reading_state_drives_the_read_column_and_queries() {
    let mut lib = sample();
    let his_hero = lib
        .entries()
        .iter()
        .position(|e| e.story.meta.title == "His Hero")
        .expect("002");
    lib.update_reading(
        his_hero,
        Reading {
            shelf: crate::store::Shelf::Reading,
            favourite: true,
            percent: 45,
            new_chapters: 0,
        },
        Some(1_000),
    );
    let progress_column = COLUMNS
        .iter()
        .position(|c| *c == Column::Progress)
        .expect("column");
    assert_eq!(
        lib.entries()[his_hero].cell(progress_column),
        "♥ 45% reading"
    );
    assert_eq!(titles(&lib)[0], "His Hero", "last read first");
    lib.on_key(Key::char('/'));
    type_text(&mut lib, "shelf:reading");
    assert_eq!(titles(&lib), ["His Hero"]);
}

#[test]
fn shelf_picker_and_favourite_report_to_the_app() {
    let mut lib = sample();
    lib.update(Action::SetShelf);
    assert!(matches!(
        lib.popup(),
        LibraryPopup::ShelfPicker { selected: 0 }
    ));
    lib.on_key(Key::char('j'));
    lib.on_key(Key::char('j'));
    let selected = lib.selected_index().expect("selected");
    assert_eq!(
        lib.on_key(Key::plain(KeyCode::Enter)),
        Outcome::SetShelf(selected, crate::store::Shelf::CaughtUp)
    );
    assert_eq!(
        lib.on_key(Key::char('*')),
        Outcome::ToggleFavourite(selected)
    );
}

#[test]
fn selection_scrolls_and_survives_refiltering() {
    let mut lib = sample();
    // Five rows: two for the table, three of chrome.
    lib.resize(80, CHROME_ROWS + 2);
    lib.update(Action::Bottom);
    assert_eq!(lib.selected_row(), 4);
    assert_eq!(lib.top_row(), 3);
    let chosen = lib.selected_index();
    lib.update(Action::Sort);
    assert_eq!(
        lib.selected_index(),
        chosen,
        "re-sorting keeps the story selected"
    );
    lib.update(Action::Top);
    assert_eq!(lib.top_row(), 0);
}

#[test]
fn column_widths_fit() {
    let lib = sample();
    for width in [45, 60, 80, 100, 200] {
        let widths = lib.column_widths(width);
        let shown = widths.iter().filter(|w| **w > 0).count();
        let total: usize = widths.iter().sum::<usize>() + 2 * (shown - 1);
        assert!(total <= width, "{width}: {widths:?}");
    }
}

#[test]
fn a_facet_chosen_again_leaves_the_filter_but_not_a_term_with_other_values() {
    let mut lib = sample();
    lib.on_key(Key::char('/'));
    type_text(&mut lib, "fandom:btvs|angel pairing:lex/buffy");
    lib.on_key(Key::plain(KeyCode::Enter));
    lib.update(Action::Facets);
    let position = |lib: &Library, label: &str| {
        lib.facets()
            .expect("open")
            .facets
            .iter()
            .position(|f| f.label == label)
            .expect("listed")
    };
    let pairing = position(&lib, "Buffy Summers/Lex Luthor");
    let fandom = position(&lib, "Buffy the Vampire Slayer");
    for _ in 0..pairing {
        lib.on_key(Key::char('j'));
    }
    lib.on_key(Key::plain(KeyCode::Enter));
    assert_eq!(lib.filter(), "fandom:btvs|angel");
    let fandom_now = position(&lib, "Buffy the Vampire Slayer");
    let selected = lib.facets().expect("open").selected;
    for _ in fandom_now..selected {
        lib.on_key(Key::char('k'));
    }
    assert_eq!(lib.facets().expect("open").selected, fandom_now, "{fandom}");
    lib.on_key(Key::plain(KeyCode::Enter));
    assert_eq!(
        lib.filter(),
        "fandom:btvs|angel",
        "the user's OR term stays"
    );
    assert!(lib.message().is_some_and(|m| m.contains("other values")));
}

#[test]
fn cached_orders_give_what_sorting_the_matches_gives() {
    let aliases = Aliases::builtin();
    let mut lib = sample();
    let seeds: Vec<library::Story> = lib.entries().iter().map(Entry::to_story).collect();
    // Titles sharing beginnings, equal last-read times and word counts: ties the
    // sorts must break the same way whether they sort the matches or read them off
    // the order of all entries.
    let entries: Vec<Entry> = (0..60)
        .filter_map(|i| {
            let mut story = seeds.get(i % seeds.len())?.clone();
            story.meta.title = format!("Part {} of {}", i % 7, story.meta.title);
            story.meta.words = (i % 4) * 1000;
            story.key = format!("k{i}");
            let last = (i % 3 != 0).then_some((i % 5) as u64);
            Some(Entry::new(story, Reading::default(), last, &aliases))
        })
        .collect();
    lib.set_entries(entries);
    let check = |lib: &Library, what: &str| {
        let mut expected: Vec<usize> = (0..lib.entries.len())
            .filter(|i| lib.visible.contains(i))
            .collect();
        sort::sort_entries(&lib.entries, lib.effective_sort(), &mut expected);
        assert_eq!(*lib.visible, expected, "{what}");
        let titles: Vec<&str> = expected
            .iter()
            .filter_map(|&i| lib.entries.get(i))
            .map(|e| e.cell(layout::TITLE))
            .collect();
        for (&i, rank) in expected
            .iter()
            .zip(crate::library::table::rank_titles(&titles))
        {
            assert_eq!(lib.title_rank(i), rank, "{what}: entry {i}");
        }
    };
    for _ in 0..7 {
        for query in ["", "smallville", "part 3", "crossover:yes"] {
            lib.on_key(Key::char('/'));
            for _ in 0..20 {
                lib.on_key(Key::plain(KeyCode::Backspace));
            }
            type_text(&mut lib, query);
            lib.on_key(Key::plain(KeyCode::Enter));
            assert_eq!(lib.filter(), query);
            check(&lib, &format!("{:?} {query:?}", lib.sort()));
        }
        // A story read again moves in the last-read order.
        lib.update_reading(5, Reading::default(), Some(99));
        check(&lib, "after reading");
        lib.update(Action::Sort);
    }
}

#[test]
fn an_entry_prepared_unread_then_given_its_state_is_the_entry_built_with_it() {
    let aliases = Aliases::builtin();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("library");
    let scanned = library::scan(&[root], &aliases, None);
    let reading = Reading {
        shelf: crate::store::Shelf::Reading,
        favourite: true,
        percent: 42,
        new_chapters: 2,
    };
    for work in library::works(scanned.stories) {
        let whole = Entry::new(work.story.clone(), reading.clone(), Some(7), &aliases);
        let mut prepared = Entry::unread(
            library::Work {
                story: work.story,
                files: Vec::new(),
            },
            &aliases,
        );
        assert_ne!(
            prepared.cell(COLUMNS.len() - 1),
            whole.cell(COLUMNS.len() - 1)
        );
        prepared.set_reading(reading.clone(), Some(7));
        for column in 0..COLUMNS.len() {
            assert_eq!(prepared.cell(column), whole.cell(column), "{column}");
        }
        assert_eq!(prepared.widths(), whole.widths());
        assert_eq!(
            (&prepared.reading, prepared.last_opened),
            (&reading, Some(7))
        );
    }
}

mod narrowing;
mod rows;
