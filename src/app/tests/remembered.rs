//! The library view is remembered between sessions: quit, start again, and the
//! filter, sort and selected story are back.

use super::*;

fn write_stories(fixture: &Fixture) {
    for (file, title, author) in [
        ("a.txt", "Wheat", "Ann Smith"),
        ("b.txt", "Storm", "Bob Jones"),
        ("c.txt", "Harvest", "Ann Lee"),
        ("d.txt", "Barn", "Ann Park"),
    ] {
        std::fs::write(
            fixture.lib().join(file),
            format!("Title: {title}\nAuthor: {author}\n\nThe fields went on for miles, and the sky went on further still.\n"),
        )
        .expect("write");
    }
}

fn titles(app: &App) -> Vec<&str> {
    app.library()
        .visible()
        .map(|e| e.story.meta.title.as_str())
        .collect()
}

fn selected_title(app: &App) -> Option<&str> {
    app.library()
        .selected()
        .map(|e| e.story.meta.title.as_str())
}

#[test]
fn filter_sort_and_selection_are_restored_on_the_next_start() {
    let fixture = Fixture::with(&[]);
    write_stories(&fixture);
    let mut app = fixture.app();
    press(&mut app, "/author:ann\n");
    press(&mut app, "s"); // last read → title
    assert_eq!(titles(&app), ["Barn", "Harvest", "Wheat"]);
    press(&mut app, "jj");
    assert_eq!(selected_title(&app), Some("Wheat"));
    let _ = shutdown(&mut app);

    // A new story sorts before the selected one: the selection follows the story,
    // not the row.
    std::fs::write(
        fixture.lib().join("e.txt"),
        "Title: Attic\nAuthor: Ann Moss\n\nDust lay over everything in the attic, thick and grey.\n",
    )
    .expect("write");
    let mut again = fixture.app();
    assert_eq!(again.library().filter(), "author:ann");
    assert_eq!(again.library().sort(), library::Sort::Title);
    assert_eq!(titles(&again), ["Attic", "Barn", "Harvest", "Wheat"]);
    assert_eq!(selected_title(&again), Some("Wheat"));

    // Esc clears the filter as it always did, and that is remembered too.
    press(&mut again, "\u{1b}");
    assert_eq!(again.library().filter(), "");
    assert_eq!(titles(&again).len(), 5);
    let _ = shutdown(&mut again);
    let third = fixture.app();
    assert_eq!(third.library().filter(), "");
    assert_eq!(third.library().sort(), library::Sort::Title);
    assert_eq!(selected_title(&third), Some("Wheat"));
}

#[test]
fn a_story_opened_alone_leaves_the_remembered_view_alone() {
    let fixture = Fixture::with(&[]);
    write_stories(&fixture);
    let mut app = fixture.app();
    press(&mut app, "/author:bob\n");
    let _ = shutdown(&mut app);
    let mut alone = fixture.file(&fixture.lib().join("a.txt"), (80, 24));
    let _ = shutdown(&mut alone);
    let again = fixture.app();
    assert_eq!(again.library().filter(), "author:bob");
    assert_eq!(titles(&again), ["Storm"]);
}
