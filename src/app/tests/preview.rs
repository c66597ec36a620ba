//! A long story's head drawn before the rest is read: what it shows, that keys typed
//! on it land on the whole story as they would have without it, and that `q` on it
//! stops the loading.

use std::fmt::Write as _;

use super::*;
use crate::format::head;

/// A story well past [`head::WHOLE_BELOW`]: a header and 100 chapters of numbered
/// paragraphs, so any place in it names itself.
fn long_story(dir: &Path) -> PathBuf {
    let mut text = String::from(
        "Title: The Long Tide\nAuthor: Marta Quill\nFandom: Original Work\nRating: G\n\n",
    );
    for chapter in 1..=100 {
        let _ = write!(text, "Chapter {chapter}\n\n");
        for p in 1..=40 {
            let _ = write!(
                text,
                "Paragraph {p} of chapter {chapter}: the tide came in twice that morning, \
                 which Marta wrote down in the ledger because nobody else would.\n\n"
            );
        }
    }
    text.push_str("The End\n");
    assert!(text.len() as u64 > head::WHOLE_BELOW);
    let path = dir.join("long-tide.txt");
    std::fs::write(&path, text).expect("write");
    path
}

/// An app started on `path` whose load job has run but whose results are held back:
/// the messages the job sent, in order.
fn started(fixture: &Fixture, path: &Path) -> (App, Vec<Msg>) {
    let (store, _) = Store::open(&fixture.data());
    let mut app = App::new(Config::default(), Aliases::builtin(), store, (80, 24));
    let effects = app.update(Msg::Start {
        open: Start::File(path.to_owned()),
        notice: None,
    });
    let sent = std::sync::Mutex::new(Vec::new());
    for job in effects.jobs {
        job.run(&|msg| sent.lock().expect("lock").push(msg));
    }
    (app, sent.into_inner().expect("lock"))
}

fn screen_text(reader: &reader::Reader) -> String {
    let pager = reader.pager();
    pager
        .rows()
        .iter()
        .map(|row| pager.row_text(row))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_head_is_on_screen_before_the_whole_story_and_says_what_it_cannot_know() {
    let fixture = Fixture::with(&[]);
    let path = long_story(fixture.dir.path());
    let (mut app, mut sent) = started(&fixture, &path);
    assert_eq!(sent.len(), 2, "a preview, then the whole story");
    let whole = sent.pop().expect("loaded");
    let preview = sent.pop().expect("previewed");
    assert!(matches!(preview, Msg::Previewed { .. }));
    let _ = app.update(preview);
    assert_eq!(app.view(), View::Reader);
    assert!(app.open_story().is_none(), "nothing is open (or saved) yet");
    let shown = app.reader().expect("the preview");
    assert!(shown.is_partial());
    let status = shown.status_text();
    assert_eq!(status.progress, reader::PENDING);
    let text = screen_text(shown);
    assert!(text.contains("The Long Tide"), "{text}");
    assert!(
        text.contains(&format!("Words: {}", crate::title_page::COUNTING)),
        "{text}"
    );
    let _ = app.update(whole);
    let open = app.open_story().expect("open");
    assert!(!open.reader.is_partial());
    let text = screen_text(&open.reader);
    assert!(
        text.contains("Words: 92,000") && text.contains("Chapters: 100"),
        "the counts filled in: {text}"
    );
    assert!(open.reader.status_text().progress.contains('%'));
}

/// The keys typed on the preview, replayed on the whole story, leave the reader
/// where the same keys leave it without a preview.
#[test]
fn keys_typed_on_the_head_land_on_the_whole_story() {
    let fixture = Fixture::with(&[]);
    let path = long_story(fixture.dir.path());
    for keys in [
        vec![Key::char(' '), Key::char(' '), Key::char('j')],
        vec![Key::char('G')],
        vec![Key::char(']'), Key::char(']'), Key::char('k')],
        vec![Key::char('m'), Key::plain(KeyCode::Enter), Key::char(' ')],
    ] {
        let (mut with_preview, mut sent) = started(&fixture, &path);
        let whole = sent.pop().expect("loaded");
        let _ = with_preview.update(sent.pop().expect("previewed"));
        for &k in &keys {
            let _ = with_preview.update(Msg::Key(k));
        }
        let _ = with_preview.update(whole);

        let mut plain = fixture.file(&path, (80, 24));
        for &k in &keys {
            key(&mut plain, k);
        }
        assert_eq!(
            reader(&with_preview).anchor(),
            reader(&plain).anchor(),
            "{keys:?}"
        );
        assert_eq!(
            screen_text(reader(&with_preview)),
            screen_text(reader(&plain))
        );
        let bookmarks = |app: &App| {
            app.store()
                .iter()
                .map(|(_, s)| s.bookmarks.len())
                .sum::<usize>()
        };
        assert_eq!(bookmarks(&with_preview), bookmarks(&plain), "{keys:?}");
    }
}

#[test]
fn q_on_the_head_quits_at_once_and_the_whole_story_is_dropped() {
    let fixture = Fixture::with(&[]);
    let path = long_story(fixture.dir.path());
    let (mut app, mut sent) = started(&fixture, &path);
    let whole = sent.pop().expect("loaded");
    let _ = app.update(sent.pop().expect("previewed"));
    let effects = app.update(Msg::Key(Key::char('q')));
    assert!(effects.quit, "opened from the command line: q quits");
    let _ = app.update(whole);
    assert!(app.open_story().is_none());
}

#[test]
fn a_saved_place_deep_in_the_story_is_previewed_from_its_chapter() {
    let fixture = Fixture::with(&[]);
    let path = long_story(fixture.dir.path());
    let mut app = fixture.file(&path, (80, 24));
    for _ in 0..40 {
        key(&mut app, Key::char(']'));
    }
    key(&mut app, Key::char(' '));
    key(&mut app, Key::char(' '));
    let deep = story_anchor(&app);
    assert!(deep.chapter > 30 && deep.block > 0, "{deep:?}");
    let screen = screen_text(reader(&app));
    shutdown(&mut app);

    let (mut app, mut sent) = started(&fixture, &path);
    assert_eq!(sent.len(), 2, "a preview, then the whole story");
    let whole = sent.pop().expect("loaded");
    let preview = sent.pop().expect("previewed");
    let Msg::Previewed { story, .. } = &preview else {
        panic!("a preview first")
    };
    assert!(
        story.doc.chapters.len() < 60,
        "a stretch of the story, not the whole"
    );
    let _ = app.update(preview);
    let shown = app.reader().expect("the preview, at the saved place");
    assert!(shown.is_partial());
    let mut anchor = shown.anchor();
    anchor.chapter -= shown.pager().document().front_chapters();
    assert_eq!(anchor, deep);
    assert_eq!(screen_text(shown), screen);
    assert_eq!(
        shown.status_text().chapter,
        format!("Ch {}", deep.chapter + 1)
    );
    let _ = app.update(whole);
    assert_eq!(story_anchor(&app), deep);
    assert_eq!(screen_text(reader(&app)), screen);
}

#[test]
fn a_chapter_title_that_is_not_a_line_of_its_own_gets_no_preview() {
    let fixture = Fixture::with(&[]);
    let path = long_story(fixture.dir.path());
    let mut app = fixture.file(&path, (80, 24));
    for _ in 0..40 {
        key(&mut app, Key::char(']'));
    }
    let deep = story_anchor(&app);
    shutdown(&mut app);
    // The headings are rewritten so the saved chapter title is found only inside
    // other lines: the whole story is waited for, and the place is still found.
    let text = std::fs::read_to_string(&path).expect("read");
    let moved = text.replace(
        &format!("Chapter {}\n", deep.chapter + 1),
        &format!("Chapter {}:\n", deep.chapter + 1),
    );
    std::fs::write(&path, moved).expect("write");
    let (mut app, mut sent) = started(&fixture, &path);
    assert_eq!(sent.len(), 1, "no preview: {}", sent.len());
    let _ = app.update(sent.pop().expect("loaded"));
    assert_eq!(story_anchor(&app).chapter, deep.chapter);
}

#[test]
fn a_story_opened_alone_that_cannot_be_read_quits_with_its_error() {
    let fixture = Fixture::with(&[]);
    let path = fixture.dir.path().join("broken.epub");
    std::fs::write(&path, b"PK\x03\x04 not really a zip archive").expect("write");
    let (store, _) = Store::open(&fixture.data());
    let mut app = App::new(Config::default(), Aliases::builtin(), store, (80, 24));
    let effects = run_inline(
        &mut app,
        Msg::Start {
            open: Start::File(path.clone()),
            notice: None,
        },
    );
    assert!(effects.quit, "nothing else to show: it quits");
    assert!(app.open_failed());
    assert!(
        app.warnings()
            .iter()
            .any(|w| w.contains("broken.epub") && !w.contains('\n')),
        "{:?}",
        app.warnings()
    );
}
