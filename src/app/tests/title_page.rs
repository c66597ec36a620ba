//! The title page: where a story opens, what it states, how `T` and `''` move to
//! and from it, and that stored places never count it.

use super::*;
use crate::position::Anchor;

const STORY: &str = "Title: The Long Way Round\n\
Author: Annie\n\
Fandom: Smallville\n\
Pairing: Clark/Lex\n\
Rating: PG-13\n\
Summary: Clark takes the long way home, and Lex notices.\n\
\n\
Chapter 1: The Barn\n\
\n\
The truck was late, and Clark waited in the barn with the hay and the dust.\n\
\n\
He counted the swallows under the roof twice and got a different number each time.\n\
\n\
Chapter 2: The Mansion\n\
\n\
Lex picked up the phone on the third ring and listened to nothing for a while.\n\
\n\
The fire had burned down to embers by the time he put it back.\n\
\n\
Chapter 3: The Road\n\
\n\
They drove until the fields ran out and the sky went on without them.\n\
\n\
Somewhere past Salina the radio gave up and neither of them reached to fix it.\n\
\n\
Clark watched the telephone poles tick past like the seconds of a slow clock.\n\
\n\
Lex drove with one hand and pretended not to look at the map he had memorised.\n\
\n\
At a diner with a broken sign they ate pie and argued about the best kind.\n\
\n\
The waitress called them boys and refilled their coffee without being asked.\n\
\n\
Night came down over the plains all at once, the way it only does out there.\n\
\n\
They slept in the car with the windows cracked and the crickets loud outside.\n\
\n\
In the morning the road was still there, and so were they, and that was enough.\n";

fn fixture() -> Fixture {
    let fixture = Fixture::with(&[]);
    std::fs::write(fixture.lib().join("long.txt"), STORY).expect("write");
    fixture
}

fn app_with(fixture: &Fixture, config: Config) -> App {
    let (store, warning) = Store::open(&fixture.data());
    assert_eq!(warning, None);
    let mut app = App::new(config, Aliases::builtin(), store, (80, 24));
    let request = fixture.request();
    let _ = run_inline(
        &mut app,
        Msg::Start {
            open: Start::Library(request),
            notice: None,
        },
    );
    app
}

fn chapter_line(app: &App) -> String {
    reader(app).status_text().chapter
}

#[test]
fn a_new_story_opens_on_its_title_page() {
    let fixture = fixture();
    let mut app = fixture.app();
    open_entry(&mut app, 0);
    let shown = reader(&app);
    assert_eq!(shown.anchor(), Anchor::chapter_start(0));
    let doc = shown.pager().document();
    assert!(doc.chapters[0].is_title_page());
    assert_eq!(doc.chapters[0].title.as_deref(), Some("The Long Way Round"));
    let texts: Vec<&str> = doc.chapters[0]
        .blocks
        .iter()
        .map(crate::document::Block::text)
        .collect();
    assert_eq!(
        texts,
        [
            "by Annie",
            "Fandom: Smallville",
            "Relationships: Clark Kent/Lex Luthor",
            "Rating: PG-13",
            "Words: 194",
            "Chapters: 3",
            "Summary",
            "Clark takes the long way home, and Lex notices.",
        ]
    );
    assert_eq!(chapter_line(&app), "Title page");
    let status = shown.status_text();
    assert!(status.progress.starts_with("0% · "), "{}", status.progress);
    assert!(
        !status.progress.contains("in chapter"),
        "{}",
        status.progress
    );
    // Chapters keep their own numbers.
    press(&mut app, "}");
    assert_eq!(chapter_line(&app), "Ch 1/3");
    assert_eq!(reader(&app).status_text().chapter_title, "The Barn");
}

#[test]
fn the_contents_list_the_title_page_without_renumbering_chapters() {
    let fixture = fixture();
    let mut app = fixture.app();
    open_entry(&mut app, 0);
    press(&mut app, "t");
    let reader::ReaderPopup::Toc(toc) = reader(&app).popup() else {
        panic!("contents open");
    };
    let labels: Vec<&str> = toc
        .items
        .iter()
        .filter(|i| i.depth == 0)
        .map(|i| i.label.as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "Title page",
            "Chapter 1: The Barn",
            "Chapter 2: The Mansion",
            "Chapter 3: The Road"
        ]
    );
}

#[test]
fn title_page_off_opens_on_chapter_one_and_t_still_reaches_it() {
    let fixture = fixture();
    let mut config = Config::default();
    config.reader.title_page = false;
    let mut app = app_with(&fixture, config);
    open_entry(&mut app, 0);
    assert_eq!(reader(&app).anchor(), Anchor::chapter_start(1));
    assert_eq!(chapter_line(&app), "Ch 1/3");
    press(&mut app, "jT");
    assert_eq!(reader(&app).anchor(), Anchor::chapter_start(0));
    assert_eq!(chapter_line(&app), "Title page");
    // '' goes back to where T was pressed.
    press(&mut app, "''");
    assert_eq!(chapter_line(&app), "Ch 1/3");
    assert_eq!(reader(&app).anchor().chapter, 1);
}

#[test]
fn a_story_resumed_mid_way_opens_at_the_place() {
    let fixture = fixture();
    let mut app = fixture.app();
    open_entry(&mut app, 0);
    press(&mut app, "}}");
    press(&mut app, "j");
    let place = reader(&app).anchor();
    let text = top_text(&app);
    assert_eq!(
        place.chapter, 2,
        "chapter 2 of the story, after the title page"
    );
    press(&mut app, "q");
    let saved = app.store.get(&app.library().entries()[0].story.key);
    let stored = saved.and_then(|s| s.position.clone()).expect("saved");
    assert_eq!(stored.anchor.chapter, 1, "stored without the title page");
    assert_eq!(stored.title_page, None);
    shutdown(&mut app);

    let mut again = fixture.app();
    open_entry(&mut again, 0);
    assert_eq!(reader(&again).anchor(), place);
    assert_eq!(top_text(&again), text);
    assert_eq!(chapter_line(&again), "Ch 2/3");
}

#[test]
fn a_place_on_the_title_page_is_kept_there() {
    let fixture = fixture();
    let mut app = fixture.app();
    open_entry(&mut app, 0);
    press(&mut app, "jj");
    let place = reader(&app).anchor();
    assert_eq!(place.chapter, 0);
    press(&mut app, "q");
    let stored = app
        .store
        .get(&app.library().entries()[0].story.key)
        .and_then(|s| s.position.clone())
        .expect("saved");
    assert_eq!(stored.title_page, Some(place));
    assert_eq!(
        stored.anchor,
        Anchor::default(),
        "an older ficread opens at the story's start"
    );
    shutdown(&mut app);
    let mut again = fixture.app();
    open_entry(&mut again, 0);
    assert_eq!(reader(&again).anchor(), place);
}

#[test]
fn an_old_state_file_resumes_on_the_same_sentence() {
    let fixture = fixture();
    let key = {
        let app = fixture.app();
        app.library().entries()[0].story.key.clone()
    };
    // Written by a ficread without title pages: chapter 1 is the story's second.
    let state = format!(
        r#"{{"version":1,"stories":{{"{key}":{{"path":"","title":"The Long Way Round","position":{{"anchor":{{"chapter":1,"block":1,"offset":4}},"quote":{{"prefix":"nothing for a while.\n","exact":"fire had burned down to embers","suffix":" by the time"}},"chapter_title":"Chapter 2: The Mansion","fraction":0.5}},"shelf":"reading","chapters_seen":3,"updated":1}}}}}}"#
    );
    std::fs::create_dir_all(fixture.data()).expect("mkdir");
    std::fs::write(fixture.data().join(crate::store::STATE_FILE), state).expect("write");
    let mut app = fixture.app();
    open_entry(&mut app, 0);
    assert_eq!(reader(&app).anchor(), Anchor::new(2, 1, 4));
    assert!(
        top_text(&app).starts_with("fire had burned down"),
        "{}",
        top_text(&app)
    );
    let message = reader(&app).message().unwrap_or_default();
    assert!(
        !message.contains("place"),
        "no 'place lost' notice: {message}"
    );
}

#[test]
fn search_finds_the_summary_and_progress_ignores_it() {
    let fixture = fixture();
    let mut app = fixture.app();
    open_entry(&mut app, 0);
    press(&mut app, "}?Lex notices\n");
    let anchor = reader(&app).anchor();
    assert_eq!(anchor.chapter, 0, "the hit is on the title page");
    assert!(reader(&app).pager().place().percent < 1.0);
    assert_eq!(reader(&app).pager().document().words(), 194);
}

#[test]
fn the_series_line_names_the_neighbouring_parts_in_the_library() {
    let fixture = Fixture::with(&[]);
    for (file, title, part) in [
        ("a.txt", "Wheat", 2),
        ("b.txt", "Storm", 3),
        ("c.txt", "Harvest", 1),
    ] {
        std::fs::write(
            fixture.lib().join(file),
            format!("Title: {title}\nAuthor: Someone\nSeries: Kansas, Part {part}\n\nThe fields went on for miles, and the sky went on further still.\n"),
        )
        .expect("write");
    }
    let mut app = fixture.app();
    let fields = |app: &App| -> Vec<String> {
        let doc = reader(app).pager().document();
        doc.chapters[0]
            .blocks
            .iter()
            .map(|b| b.text().to_owned())
            .filter(|t| {
                ["Series", "Previous", "Next"]
                    .iter()
                    .any(|l| t.starts_with(l))
            })
            .collect()
    };
    let wheat = entry_titled(&app, "Wheat");
    open_entry(&mut app, wheat);
    assert_eq!(
        fields(&app),
        [
            "Series: Part 2 of Kansas",
            "Previous: Part 1, “Harvest”",
            "Next: Part 3, “Storm”"
        ]
    );
    press(&mut app, "q");
    let harvest = entry_titled(&app, "Harvest");
    open_entry(&mut app, harvest);
    assert_eq!(
        fields(&app),
        ["Series: Part 1 of Kansas", "Next: Part 2, “Wheat”"],
        "no part before the first"
    );
}
