use super::*;
use crate::document::{Block, Chapter, RichText};

fn para(text: &str) -> Block {
    Block::Paragraph(RichText::plain(text))
}

/// Three chapters; the second has two scenes; "needle" appears three times.
fn story() -> Document {
    let filler = |n: usize| -> Vec<Block> {
        (0..n)
            .map(|i| {
                para(&format!(
                    "Paragraph {i} of filler text that goes on for a while to wrap."
                ))
            })
            .collect()
    };
    let mut one = filler(20);
    one.insert(3, para("The first needle is here."));
    let mut two = filler(10);
    two.push(Block::SceneBreak);
    two.extend(filler(10));
    two.push(para("A second needle."));
    let mut three = filler(15);
    three.push(para("Last needle at the end."));
    Document {
        chapters: vec![
            Chapter {
                id: None,
                title: Some("Chapter 1: Beginnings".to_owned()),
                blocks: one,
            },
            Chapter {
                id: None,
                title: Some("Chapter 2".to_owned()),
                blocks: two,
            },
            Chapter {
                id: None,
                title: Some("Chapter 3: Ends".to_owned()),
                blocks: three,
            },
        ],
        ..Document::default()
    }
}

fn reader() -> Reader {
    Reader::new(story(), "Test Story", &Config::default(), (80, 24))
}

fn keys(reader: &mut Reader, text: &str) {
    for c in text.chars() {
        let key = match c {
            '\n' => Key::plain(KeyCode::Enter),
            c => Key::char(c),
        };
        reader.on_key(key);
    }
}

#[test]
fn search_prompt_finds_steps_and_wraps() {
    let mut r = reader();
    keys(&mut r, "/needle\n");
    assert_eq!(r.popup(), &ReaderPopup::None);
    assert_eq!(r.search().map(|s| s.hits().len()), Some(3));
    assert_eq!(r.anchor().chapter, 0);
    assert_eq!(r.message(), Some("Match 1/3"));
    keys(&mut r, "n");
    assert_eq!(r.anchor().chapter, 1);
    keys(&mut r, "n");
    assert_eq!(r.anchor().chapter, 2);
    keys(&mut r, "n");
    assert_eq!(r.message(), Some("Match 1/3 (wrapped)"));
    assert_eq!(r.anchor().chapter, 0);
    keys(&mut r, "N");
    assert_eq!(r.anchor().chapter, 2);
}

#[test]
fn backward_search_makes_n_go_backward() {
    let mut r = reader();
    r.update(Action::Bottom);
    // As in less, `?` searches backward from the top line, so the needle lower on
    // the last page is not "before" it.
    keys(&mut r, "?needle\n");
    assert_eq!(r.anchor().chapter, 1);
    keys(&mut r, "n");
    assert_eq!(r.anchor().chapter, 0);
    keys(&mut r, "N");
    assert_eq!(r.anchor().chapter, 1);
}

#[test]
fn missing_pattern_says_so_and_keeps_the_place() {
    let mut r = reader();
    r.update(Action::PageDown);
    let before = r.anchor();
    keys(&mut r, "/zebra\n");
    assert_eq!(r.message(), Some("Pattern not found: zebra"));
    assert_eq!(r.anchor(), before);
    assert!(r.search().is_none());
    // Any key clears the message.
    assert_eq!(r.on_key(Key::char('z')), Outcome::Redraw);
    assert_eq!(r.message(), None);
}

#[test]
fn prompt_editing_and_cancel() {
    let mut r = reader();
    keys(&mut r, "/abc");
    r.on_key(Key::plain(KeyCode::Backspace));
    assert!(matches!(r.popup(), ReaderPopup::Prompt(p) if p.input == "ab"));
    r.on_key(Key::plain(KeyCode::Esc));
    assert_eq!(r.popup(), &ReaderPopup::None);
    keys(&mut r, "/");
    r.on_key(Key::plain(KeyCode::Backspace));
    assert_eq!(
        r.popup(),
        &ReaderPopup::None,
        "backspace on an empty prompt cancels"
    );
}

#[test]
fn percent_prompt_jumps_and_ignores_letters() {
    let mut r = reader();
    keys(&mut r, "%5x0\n");
    let status = r.pager().place();
    assert!(
        status.percent >= 45.0 && status.percent <= 55.0,
        "{}",
        status.percent
    );
    keys(&mut r, ":100\n");
    assert!(r.pager().is_at_end());
}

#[test]
fn toc_lists_chapters_with_scenes_and_jumps() {
    let mut r = reader();
    r.update(Action::Toc);
    let ReaderPopup::Toc(toc) = r.popup().clone() else {
        panic!("toc open");
    };
    let labels: Vec<(&str, u8)> = toc
        .items
        .iter()
        .map(|i| (i.label.as_str(), i.depth))
        .collect();
    assert_eq!(
        labels,
        vec![
            ("Chapter 1: Beginnings", 0),
            ("Chapter 2", 0),
            ("1. Paragraph 0 of filler text that goes on…", 1),
            ("2. Paragraph 0 of filler text that goes on…", 1),
            ("Chapter 3: Ends", 0),
        ]
    );
    assert_eq!(toc.selected, 0);
    keys(&mut r, "jjj\n");
    assert_eq!(r.popup(), &ReaderPopup::None);
    assert_eq!(r.anchor().chapter, 1);
    assert_eq!(r.pager().place().scene, 1, "on the second scene");
    // Reopened, the selection is where we are.
    r.update(Action::Toc);
    assert!(matches!(r.popup(), ReaderPopup::Toc(t) if t.selected == 3));
    r.on_key(Key::char('q'));
    assert_eq!(
        r.popup(),
        &ReaderPopup::None,
        "q closes the toc, not the reader"
    );
}

#[test]
fn help_opens_and_any_other_key_closes() {
    let mut r = reader();
    assert_eq!(r.on_key(Key::char('h')), Outcome::Redraw);
    assert!(matches!(r.popup(), ReaderPopup::Help { .. }));
    r.on_key(Key::char('j'));
    assert!(matches!(r.popup(), ReaderPopup::Help { scroll: 1 }));
    r.on_key(Key::char('x'));
    assert_eq!(r.popup(), &ReaderPopup::None);
    assert_eq!(r.on_key(Key::char('q')), Outcome::Quit);
}

#[test]
fn resize_keeps_the_anchor() {
    let mut r = reader();
    r.update(Action::PageDown);
    r.update(Action::LineDown);
    let anchor = r.anchor();
    r.resize(40, 12);
    assert_eq!(r.anchor(), anchor);
    r.resize(120, 40);
    assert_eq!(r.anchor(), anchor);
}

#[test]
fn status_names_chapter_scene_and_time() {
    let mut r = reader();
    let status = r.status_text();
    assert_eq!(status.title, "Test Story");
    assert_eq!(
        status.left(80),
        "Test Story · Ch 1/3: Beginnings",
        "`Chapter 1` is said once"
    );
    assert!(status.progress.starts_with("0% · "), "{status:?}");
    assert!(status.progress.contains("left in chapter"), "{status:?}");
    r.update(Action::NextChapter);
    r.update(Action::NextScene);
    assert_eq!(r.status_text().left(80), "Test Story · Ch 2/3 · Scene 2/2");
    r.update(Action::Bottom);
    assert_eq!(r.status_text().progress, "100% · the end");
}

#[test]
fn the_status_keeps_the_place_and_shares_the_rest() {
    let status = super::StatusText {
        title: "Test Story Title 1".into(),
        chapter: "Ch 1/9".into(),
        chapter_title: "Prologue tests: bare amp(&) qt(') gt(>) lt(<)".into(),
        scene: "Scene 1/3".into(),
        progress: String::new(),
        progress_short: String::new(),
    };
    let fitted: Vec<String> = [100, 50, 40, 30, 20, 15, 5]
        .into_iter()
        .map(|max| status.left(max))
        .collect();
    assert_eq!(
        fitted,
        [
            "Test Story Title 1 · Ch 1/9: Prologue tests: bare amp(&) qt(') gt(>) lt(<) · Scene 1/3",
            "Test Story T… · Ch 1/9: Prologue test… · Scene 1/3",
            "Test St… · Ch 1/9: Prologue… · Scene 1/3",
            "Test Sto… · Ch 1/9 · Scene 1/3",
            "Ch 1/9 · Scene 1/3",
            "Ch 1/9 · Scene…",
            "Ch 1…",
        ]
    );
    for (max, line) in [100, 50, 40, 30, 20, 15, 5].into_iter().zip(&fitted) {
        assert!(crate::display::width(line) <= max, "{line:?} in {max}");
    }
}

#[test]
fn chapter_numbers_are_not_repeated() {
    let cases = [
        ("Chapter 1: Prologue", 1, "Prologue"),
        ("chapter 12 - The Fall", 12, "The Fall"),
        ("Chapter 3", 3, ""),
        ("Chapter 3: Rain", 4, "Chapter 3: Rain"),
        ("Chapter 10a", 10, "Chapter 10a"),
        ("Prologue", 1, "Prologue"),
        ("Chapter One", 1, "Chapter One"),
        ("Chāpter 1", 1, "Chāpter 1"),
    ];
    for (title, number, expected) in cases {
        assert_eq!(
            super::without_chapter_number(title, number),
            expected,
            "{title}"
        );
    }
}

#[test]
fn durations_read_naturally() {
    assert_eq!(duration(0), "< 1 min");
    assert_eq!(duration(7), "7 min");
    assert_eq!(duration(125), "2 h 05 min");
}

#[test]
fn tiny_terminals_are_flagged_not_fatal() {
    let mut r = reader();
    for (w, h) in [(1, 1), (10, 3), (300, 2), (0, 0)] {
        r.resize(w, h);
        assert!(r.too_small());
        r.update(Action::PageDown);
        r.update(Action::Bottom);
    }
    r.resize(300, 100);
    assert!(!r.too_small());
}

#[test]
fn contents_mark_read_current_and_new_chapters() {
    let mut r = reader();
    r.set_new_chapters(1);
    r.update(Action::NextChapter);
    r.update(Action::Toc);
    let ReaderPopup::Toc(toc) = r.popup() else {
        panic!("contents open");
    };
    let chapters: Vec<super::ChapterProgress> = toc
        .items
        .iter()
        .filter(|item| item.depth == 0)
        .map(|item| item.progress)
        .collect();
    assert_eq!(
        chapters,
        [
            super::ChapterProgress::Read,
            super::ChapterProgress::Current,
            super::ChapterProgress::New
        ]
    );
    r.set_new_chapters(0);
    r.update(Action::Toc);
    r.update(Action::Toc);
    let ReaderPopup::Toc(toc) = r.popup() else {
        panic!("contents open again");
    };
    assert_eq!(
        toc.items
            .iter()
            .rev()
            .find(|item| item.depth == 0)
            .map(|item| item.progress),
        Some(super::ChapterProgress::Unread),
        "no longer new once the count is cleared"
    );
}
