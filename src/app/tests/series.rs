//! At the end of a part, the reader offers the next part that is in the library.

use super::*;

fn kansas(fixture: &Fixture) {
    for (file, title, part) in [
        ("a.txt", "Wheat", 2),
        ("b.txt", "Storm", 3),
        ("c.txt", "Harvest", 1),
        ("d.txt", "Elsewhere", 0),
    ] {
        let series = if part > 0 {
            format!("Series: Kansas, Part {part}\n")
        } else {
            String::new()
        };
        std::fs::write(
            fixture.lib().join(file),
            format!("Title: {title}\nAuthor: Someone\n{series}\nThe fields went on for miles, and the sky went on further still.\n"),
        )
        .expect("write");
    }
}

fn open_title(app: &App) -> &str {
    let open = app.open_story().expect("a story is open");
    let entry = open.entry.expect("from the library");
    app.library().entries()[entry].story.meta.title.as_str()
}

#[test]
fn the_end_of_a_part_offers_the_next_and_enter_opens_it() {
    let fixture = Fixture::with(&[]);
    kansas(&fixture);
    let mut app = fixture.app();
    let harvest = entry_titled(&app, "Harvest");
    let parts: Vec<&str> = app
        .library()
        .series_parts(harvest)
        .into_iter()
        .map(|i| app.library().entries()[i].story.meta.title.as_str())
        .collect();
    assert_eq!(parts, ["Harvest", "Wheat", "Storm"]);

    open_entry(&mut app, harvest);
    press(&mut app, "G");
    assert_eq!(
        reader(&app).message(),
        Some("Next in series: Part 2, “Wheat” — Enter to open")
    );
    press(&mut app, "\n");
    assert_eq!(open_title(&app), "Wheat");
    press(&mut app, "G\n");
    assert_eq!(open_title(&app), "Storm");
    // The last part offers nothing, and Enter is a line down as always.
    press(&mut app, "G");
    assert_eq!(reader(&app).message(), None);
    press(&mut app, "\n");
    assert_eq!(open_title(&app), "Storm");
    press(&mut app, "q");
    // Each part read to its end was finished on the way.
    for title in ["Harvest", "Wheat", "Storm"] {
        let entry = entry_titled(&app, title);
        assert_eq!(
            app.library().entries()[entry].reading.shelf,
            Shelf::CaughtUp
        );
    }

    // A story in no series offers nothing.
    let elsewhere = entry_titled(&app, "Elsewhere");
    assert!(app.library().series_parts(elsewhere).is_empty());
    open_entry(&mut app, elsewhere);
    press(&mut app, "G\n");
    assert_eq!(open_title(&app), "Elsewhere");
}
