//! Footnotes and images, end to end: a pandoc-shaped HTML story and an EPUB with its
//! endnotes on a `linear="no"` page, read, drawn into ratatui's `TestBackend` (the
//! footnote popup and the image line at 80×24 and 120×40), and the image opened
//! through the app's job with a stand-in viewer.

#[path = "support/epub.rs"]
mod epub;

use std::path::{Path, PathBuf};

use epub::{Entry, container, xhtml, zip};
use ficread::app::image::{ImageJob, read_image};
use ficread::app::{App, Job, Msg, Start, run_inline, run_jobs_inline};
use ficread::config::Config;
use ficread::document::{Block, Document};
use ficread::format;
use ficread::keymap::{Key, KeyCode};
use ficread::meta::Aliases;
use ficread::store::Store;

#[path = "support/reader_screen.rs"]
mod support;

use support::Session;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/notes")
        .join(name)
}

fn notes_of(doc: &Document) -> Vec<(String, Vec<String>)> {
    doc.chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .flat_map(|b| {
            b.notes()
                .iter()
                .map(|n| (b.text()[n.range.clone()].to_owned(), n.paragraphs.clone()))
        })
        .collect()
}

#[test]
fn html_footnotes_read_as_markers_and_notes() {
    let doc = format::read_file(&fixture("harbour.html")).expect("read");
    doc.check().expect("invariants");
    let text: Vec<&str> = doc.texts().collect();
    assert!(
        text.iter()
            .any(|t| t.ends_with("believed her.¹ Tomas said it was the wind.")),
        "{text:?}"
    );
    assert!(
        !text.iter().any(|t| t.contains("1911") || t.contains('↩')),
        "note text stays out of the running text: {text:?}"
    );
    assert_eq!(
        notes_of(&doc),
        [
            (
                "¹".to_owned(),
                vec![
                    "The ledger had been started in 1911 by the first harbourmaster, who also believed in nothing else.".to_owned()
                ]
            ),
            (
                "²".to_owned(),
                vec![
                    "Nine years ago, in the storm nobody names.".to_owned(),
                    "The keeper’s daughter still sends a card every winter.".to_owned()
                ]
            ),
        ]
    );
    let images: Vec<(&str, &str)> = doc
        .chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .filter_map(|b| match b {
            Block::Image(i) => Some((i.text.as_str(), i.src.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        images,
        [(
            "[image: A hand-drawn map of the harbour, with the lighthouse circled]",
            "map.png"
        )]
    );
}

#[test]
fn footnote_popup_and_image_line_at_80x24() {
    let mut s = Session::open(&fixture("harbour.html"), Config::default(), (80, 24));
    insta::assert_snapshot!("notes_page_80x24", s.screen());
    let _ = s.key(Key::char('x'));
    insta::assert_snapshot!("notes_popup_80x24", s.screen());
    // `x` again: the next marker on screen; then round to the first.
    let _ = s.key(Key::char('x'));
    assert!(s.screen().contains("Note 2/2"), "{}", s.screen());
    assert!(s.screen().contains("keeper’s daughter"));
    let _ = s.key(Key::char('x'));
    assert!(s.screen().contains("Note 1/2"));
    let _ = s.key(Key::plain(KeyCode::Esc));
    assert!(!s.screen().contains("Note 1/2"));
}

#[test]
fn footnote_popup_and_image_line_at_120x40() {
    let mut s = Session::open(&fixture("harbour.html"), Config::default(), (120, 40));
    insta::assert_snapshot!("notes_page_120x40", s.screen());
    let _ = s.key(Key::char('x'));
    let _ = s.key(Key::char('x'));
    insta::assert_snapshot!("notes_popup_120x40", s.screen());
}

#[test]
fn no_footnote_on_screen_says_so() {
    let mut s = Session::open(&fixture("harbour.html"), Config::default(), (80, 24));
    let _ = s.key(Key::char('G'));
    let _ = s.key(Key::char('x'));
    let screen = s.screen();
    if screen.contains('¹') || screen.contains('²') {
        // The whole story fits: nothing to test at this size.
        return;
    }
    assert_eq!(s.message().as_deref(), Some("No footnote on this screen"));
}

#[test]
fn search_finds_note_text() {
    let mut s = Session::open(&fixture("harbour.html"), Config::default(), (80, 24));
    for c in "/harbourmaster\n".chars() {
        let key = if c == '\n' {
            Key::plain(KeyCode::Enter)
        } else {
            Key::char(c)
        };
        let _ = s.key(key);
    }
    let search = s
        .app
        .open_story()
        .and_then(|o| o.reader.search())
        .expect("search");
    assert_eq!(search.hits().len(), 1);
    let hit = &search.hits()[0];
    let doc = s.app.open_story().expect("open").reader.pager().document();
    let block = &doc.chapters[hit.chapter].blocks[hit.block];
    assert_eq!(&block.text()[hit.range.clone()], "¹");
}

/// An EPUB whose endnotes live on a page kept out of the reading order, with an
/// image stored beside the chapters.
fn endnotes_epub(image: &[u8]) -> Vec<u8> {
    let chapter = xhtml(
        "One",
        r#"<h1>One</h1>
        <p>The lighthouse keeper counted the ships<a epub:type="noteref" href="notes.xhtml#n1">1</a> and wrote the number on the wall.</p>
        <p><img src="../images/wall.png" alt="The wall of numbers"/></p>
        <p>Nobody else ever read it.</p>"#,
    );
    let notes = xhtml(
        "Notes",
        r#"<h1>Notes</h1>
        <aside epub:type="endnote" id="n1"><p><a href="ch1.xhtml">1.</a> Forty-one, the last time anyone checked.</p></aside>"#,
    );
    let opf = r#"<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="uid">urn:uuid:1</dc:identifier><dc:title>The Count</dc:title>
<dc:creator>Wren Callow</dc:creator><dc:language>en</dc:language>
</metadata>
<manifest>
<item id="c1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/>
<item id="notes" href="text/notes.xhtml" media-type="application/xhtml+xml"/>
<item id="img" href="images/wall.png" media-type="image/png"/>
</manifest>
<spine><itemref idref="c1"/><itemref idref="notes" linear="no"/></spine>
</package>"#;
    zip(&[
        Entry::stored("mimetype", b"application/epub+zip"),
        container("EPUB/package.opf"),
        Entry::stored("EPUB/package.opf", opf.as_bytes()),
        Entry::stored("EPUB/text/ch1.xhtml", &chapter),
        Entry::stored("EPUB/text/notes.xhtml", &notes),
        Entry::stored("EPUB/images/wall.png", image),
    ])
}

#[test]
fn epub_endnotes_on_a_non_linear_page() {
    let png = std::fs::read(fixture("map.png")).expect("png");
    let doc = format::parse_bytes(format::FormatKind::Epub, &endnotes_epub(&png)).expect("epub");
    doc.check().expect("invariants");
    assert_eq!(
        notes_of(&doc),
        [(
            "¹".to_owned(),
            vec!["Forty-one, the last time anyone checked.".to_owned()]
        )]
    );
    assert!(!doc.texts().any(|t| t.contains("Forty-one")));
    let image = doc
        .chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .find_map(|b| match b {
            Block::Image(i) => Some(i.clone()),
            _ => None,
        })
        .expect("image");
    assert_eq!(image.text, "[image: The wall of numbers]");
    assert_eq!(image.src, "EPUB/images/wall.png");
    // The image's bytes come out of the book.
    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("count.epub");
    std::fs::write(&book, endnotes_epub(&png)).expect("write");
    assert_eq!(read_image(&book, &image.src).expect("image bytes"), png);
    assert!(read_image(&book, "EPUB/images/missing.png").is_err());
}

#[test]
fn images_beside_html_never_leave_the_story_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let stories = dir.path().join("stories");
    std::fs::create_dir(&stories).expect("mkdir");
    std::fs::write(dir.path().join("secret.png"), b"not yours").expect("write");
    std::fs::write(stories.join("ok.png"), b"png bytes").expect("write");
    let story = stories.join("story.html");
    std::fs::write(&story, "<p>x</p>").expect("write");
    assert_eq!(read_image(&story, "ok.png").expect("inside"), b"png bytes");
    for src in ["../secret.png", "/etc/passwd", "sub/../../secret.png", ""] {
        assert!(read_image(&story, src).is_err(), "{src}");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path().join("secret.png"), stories.join("link.png"))
            .expect("symlink");
        let err = read_image(&story, "link.png").expect_err("a link out is refused");
        assert!(err.contains("outside"), "{err}");
    }
}

/// `o` asks for a job that reads the image and starts the viewer with the temporary
/// file; a stand-in viewer copies the file it is given, so the test sees what a real
/// one would open.
#[cfg(unix)]
#[test]
fn o_opens_the_image_on_screen_with_the_viewer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let story = dir.path().join("harbour.html");
    std::fs::copy(fixture("harbour.html"), &story).expect("copy");
    std::fs::copy(fixture("map.png"), dir.path().join("map.png")).expect("copy");
    let seen = dir.path().join("seen.png");
    let mut s = Session::open(&story, Config::default(), (80, 24));
    s.app.set_image_opener(vec![
        "sh".into(),
        "-c".into(),
        r#"printf %s "$2" > "$1.src" && cp "$2" "$1.part" && mv "$1.part" "$1""#.into(),
        "sh".into(),
        seen.to_string_lossy().into_owned(),
    ]);
    let effects = s.key(Key::char('o'));
    let [Job::OpenImage(job)] = effects.jobs.as_slice() else {
        panic!("one image job: {:?}", effects.jobs);
    };
    assert_eq!(
        (job.story.as_path(), job.src.as_str()),
        (story.as_path(), "map.png")
    );
    let _ = run_jobs_inline(&mut s.app, effects.jobs);
    assert_eq!(
        s.message().as_deref(),
        Some("Opened the image in the viewer")
    );
    // The viewer runs on its own; wait for its copy to appear.
    for _ in 0..500 {
        if seen.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let png = std::fs::read(fixture("map.png")).expect("png");
    assert_eq!(std::fs::read(&seen).expect("the viewer got the file"), png);
    // The temporary copy the viewer was given is removed when ficread quits.
    let copy =
        PathBuf::from(std::fs::read_to_string(seen.with_extension("png.src")).expect("named"));
    assert!(copy.exists(), "{}", copy.display());
    let effects = run_inline(&mut s.app, Msg::Shutdown);
    assert!(effects.quit);
    assert!(!copy.exists(), "{} is left behind", copy.display());
}

#[test]
fn a_failed_open_is_one_clean_line() {
    let job = ImageJob {
        story: fixture("harbour.html"),
        src: "missing\u{1b}[31m.png".into(),
        opener: vec!["true".into()],
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let (store, _) = Store::open(&data);
    let mut app = App::new(Config::default(), Aliases::builtin(), store, (80, 24));
    let _ = run_inline(
        &mut app,
        Msg::Start {
            open: Start::File(fixture("harbour.html")),
            notice: None,
        },
    );
    let _ = run_jobs_inline(&mut app, vec![Job::OpenImage(job)]);
    let message = app
        .open_story()
        .and_then(|o| o.reader.message())
        .expect("message")
        .to_owned();
    assert!(message.starts_with("Cannot open the image:"), "{message}");
    assert!(!message.chars().any(char::is_control), "{message:?}");
}

#[test]
fn cat_prints_notes_after_their_chapter() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ficread"))
        .arg("cat")
        .arg(fixture("harbour.html"))
        .output()
        .expect("run ficread cat");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let last_body = text.find("where the dry things lived.").expect("body");
    let first_note = text.find("¹ The ledger had been started").expect("note");
    assert!(first_note > last_body, "{text}");
    assert!(text.contains("\n\nThe keeper’s daughter still sends a card every winter.\n"));
}
