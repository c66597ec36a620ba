//! A warm start: the library is drawn from the index before any file is looked at,
//! then the files are checked in the background and the rows follow what changed,
//! keeping what the reader typed and selected meanwhile.

use super::*;

fn write_story(fixture: &Fixture, file: &str, title: &str) {
    std::fs::write(
        fixture.lib().join(file),
        format!("Title: {title}\nAuthor: Someone\n\nThe fields went on for miles, under a sky of {title}.\n"),
    )
    .expect("write");
}

/// Starts a library app and runs its scan job, returning the app before any of the
/// job's messages are applied, and the messages.
fn started(fixture: &Fixture) -> (App, Vec<Msg>) {
    let (store, _) = Store::open(&fixture.data());
    let mut app = App::new(Config::default(), Aliases::builtin(), store, (80, 24));
    let effects = app.update(Msg::Start {
        open: Start::Library(fixture.request()),
        notice: None,
    });
    let msgs = std::sync::Mutex::new(Vec::new());
    for job in effects.jobs {
        job.run(&|msg| msgs.lock().expect("not poisoned").push(msg));
    }
    (app, msgs.into_inner().expect("not poisoned"))
}

fn titles(app: &App) -> Vec<String> {
    app.library()
        .visible()
        .map(|e| e.story.meta.title.clone())
        .collect()
}

fn kinds(msgs: &[Msg]) -> Vec<&'static str> {
    msgs.iter()
        .map(|m| match m {
            Msg::Scanned(s) if s.head.is_some() => "head",
            Msg::Scanned(s) if s.from_index => "from index",
            Msg::Scanned(_) => "scanned",
            Msg::Revalidated => "revalidated",
            Msg::ScanProgress { .. } => "progress",
            _ => "other",
        })
        .filter(|k| *k != "progress")
        .collect()
}

#[test]
fn a_warm_start_draws_the_index_then_confirms_it() {
    let fixture = Fixture::with(&[]);
    for (file, title) in [("a.txt", "Wheat"), ("b.txt", "Storm"), ("c.txt", "Harvest")] {
        write_story(&fixture, file, title);
    }
    let (_, cold) = started(&fixture);
    assert_eq!(kinds(&cold), ["scanned"], "no index yet: one full scan");

    let (mut app, warm) = started(&fixture);
    assert_eq!(kinds(&warm), ["from index", "revalidated"]);
    let mut warm = warm.into_iter();
    let _ = app.update(warm.next().expect("the index"));
    assert_eq!(
        titles(&app),
        ["Harvest", "Storm", "Wheat"],
        "drawn from the index"
    );
    assert_eq!(
        app.library().indexing(),
        Some((0, 0)),
        "still checking the files"
    );
    let _ = app.update(warm.next().expect("the check"));
    assert_eq!(app.library().indexing(), None);
    assert_eq!(titles(&app), ["Harvest", "Storm", "Wheat"]);
}

#[test]
fn files_changed_since_the_index_update_the_rows_keeping_filter_and_selection() {
    let fixture = Fixture::with(&[]);
    for (file, title) in [
        ("a.txt", "Wheat Field"),
        ("b.txt", "Storm Front"),
        ("c.txt", "Harvest Moon"),
        ("d.txt", "Wheat Sheaf"),
    ] {
        write_story(&fixture, file, title);
    }
    let _ = started(&fixture);
    // Since the index was written: one story gone, one new, one rewritten.
    std::fs::remove_file(fixture.lib().join("b.txt")).expect("rm");
    write_story(&fixture, "e.txt", "Wheat Stack");
    write_story(&fixture, "c.txt", "Harvest Wheat");

    let (mut app, msgs) = started(&fixture);
    assert_eq!(kinds(&msgs), ["from index", "scanned"]);
    let mut msgs = msgs.into_iter();
    let _ = app.update(msgs.next().expect("the index"));
    assert_eq!(
        titles(&app),
        ["Harvest Moon", "Storm Front", "Wheat Field", "Wheat Sheaf"],
        "the index as it was"
    );
    // Typed while the files are checked.
    for c in "/wheat".chars() {
        key(&mut app, Key::char(c));
    }
    key(&mut app, Key::plain(KeyCode::Down));
    let selected = app.library().selected().map(|e| e.story.key.clone());
    assert_eq!(
        app.library()
            .selected()
            .map(|e| e.story.meta.title.as_str()),
        Some("Wheat Sheaf")
    );
    for msg in msgs {
        let _ = app.update(msg);
    }
    assert_eq!(app.library().indexing(), None);
    assert_eq!(app.library().filter(), "wheat", "nothing typed is lost");
    assert!(app.library().editing(), "still typing");
    assert_eq!(
        titles(&app),
        ["Harvest Wheat", "Wheat Field", "Wheat Sheaf", "Wheat Stack"],
        "gone, new and changed files as they are now"
    );
    assert_eq!(
        app.library().selected().map(|e| e.story.key.clone()),
        selected,
        "the same story stays selected"
    );
}

/// Applies `msgs` to `app`, running the jobs they start (inline, as the loop would
/// run them on other threads) and applying what those report.
fn settle(app: &mut App, msgs: Vec<Msg>) {
    let mut queue: std::collections::VecDeque<Msg> = msgs.into();
    while let Some(msg) = queue.pop_front() {
        let effects = app.update(msg);
        let reported = std::sync::Mutex::new(Vec::new());
        for job in effects.jobs {
            job.run(&|msg| reported.lock().expect("not poisoned").push(msg));
        }
        queue.extend(reported.into_inner().expect("not poisoned"));
    }
}

fn header_counts(app: &App) -> (usize, usize) {
    app.library().counts()
}

#[test]
fn a_start_draws_the_head_of_the_last_view_then_the_whole_index() {
    let fixture = Fixture::with(&[]);
    let titles_written = ["Wheat Field", "Storm Front", "Harvest Moon", "Wheat Sheaf"];
    for (i, title) in titles_written.iter().enumerate() {
        write_story(&fixture, &format!("{i}.txt"), title);
    }
    // The first start scans, draws the whole library and keeps its head.
    let (mut app, cold) = started(&fixture);
    settle(&mut app, cold);
    assert!(!app.library().previewing());
    let whole = titles(&app);
    let widths = app.library().column_widths(80);
    // The reader leaves the library filtered and sorted.
    for c in "/wheat".chars() {
        key(&mut app, Key::char(c));
    }
    key(&mut app, Key::plain(KeyCode::Enter));
    let left = titles(&app);
    assert_eq!(left, ["Wheat Field", "Wheat Sheaf"]);
    settle(&mut app, vec![Msg::Shutdown]);

    let (mut app, msgs) = started(&fixture);
    assert_eq!(kinds(&msgs), ["head", "from index", "revalidated"]);
    let mut msgs = msgs.into_iter();
    let _ = app.update(msgs.next().expect("the head"));
    assert!(app.library().previewing());
    assert_eq!(titles(&app), left, "the rows the reader left");
    assert_eq!(app.library().filter(), "wheat");
    assert_eq!(
        header_counts(&app),
        (2, 4),
        "counted as in the whole library"
    );
    assert_eq!(
        app.library().column_widths(80),
        {
            let (mut full, cold) = started(&fixture);
            settle(&mut full, cold.into_iter().skip(1).collect());
            full.library().column_widths(80)
        },
        "columns as wide as the whole result makes them"
    );
    // Typed before the index is in: applies to the head's rows, then to all.
    key(&mut app, Key::char('/'));
    key(&mut app, Key::ctrl('u'));
    for c in "storm".chars() {
        key(&mut app, Key::char(c));
    }
    assert_eq!(
        titles(&app),
        Vec::<String>::new(),
        "only the head's rows so far"
    );
    settle(&mut app, msgs.collect());
    assert!(!app.library().previewing());
    assert_eq!(app.library().filter(), "storm", "nothing typed is lost");
    assert!(app.library().editing());
    assert_eq!(titles(&app), ["Storm Front"]);
    assert_eq!(header_counts(&app), (1, 4));
    key(&mut app, Key::ctrl('u'));
    assert_eq!(titles(&app), whole);
    assert_eq!(app.library().column_widths(80), widths);
}

#[test]
fn a_head_from_another_build_or_settings_is_not_shown() {
    let fixture = Fixture::with(&[]);
    write_story(&fixture, "a.txt", "Wheat");
    let (mut app, cold) = started(&fixture);
    settle(&mut app, cold);
    settle(&mut app, vec![Msg::Shutdown]);
    let index = fixture.request().index;
    let head = crate::library::head::Head::path_for(&index);
    assert!(head.exists(), "the head is kept beside the index");
    let mut other = fixture.request();
    other.settings = "other aliases".to_owned();
    let (store, _) = Store::open(&fixture.data());
    let mut app = App::new(Config::default(), Aliases::builtin(), store, (80, 24));
    let effects = app.update(Msg::Start {
        open: Start::Library(other),
        notice: None,
    });
    let msgs = std::sync::Mutex::new(Vec::new());
    for job in effects.jobs {
        job.run(&|msg| msgs.lock().expect("not poisoned").push(msg));
    }
    assert_eq!(
        kinds(&msgs.into_inner().expect("not poisoned")),
        ["scanned"],
        "other settings: neither the head nor the index is used"
    );
}

#[test]
fn the_head_keeps_the_story_to_continue_even_when_the_filter_hides_it() {
    let fixture = Fixture::with(&["library/002_54f2dad0d817735c.txt"]);
    write_story(&fixture, "a.txt", "Wheat Field");
    let mut app = fixture.app();
    let his_hero = entry_titled(&app, "His Hero");
    open_entry(&mut app, his_hero);
    press(&mut app, "   jj");
    press(&mut app, "q");
    for c in "/wheat".chars() {
        key(&mut app, Key::char(c));
    }
    key(&mut app, Key::plain(KeyCode::Enter));
    assert_eq!(titles(&app), ["Wheat Field"]);
    let line = app
        .library()
        .continue_line()
        .cloned()
        .expect("continue line");
    let warnings = shutdown(&mut app);
    assert!(warnings.is_empty(), "{warnings:?}");

    let (mut app, msgs) = started(&fixture);
    assert_eq!(kinds(&msgs).first(), Some(&"head"));
    let _ = app.update(msgs.into_iter().next().expect("the head"));
    assert!(app.library().previewing());
    assert_eq!(titles(&app), ["Wheat Field"], "the filter still hides it");
    let shown = app
        .library()
        .continue_line()
        .expect("offered from the head");
    assert_eq!((&shown.place, &shown.quote), (&line.place, &line.quote));
    let entry = app.library().entries().get(shown.entry).expect("an entry");
    assert_eq!(entry.story.meta.title, "His Hero");
}
