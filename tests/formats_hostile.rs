//! Hostile and broken HTML/EPUB input: every case must end in `Err(one line)` or a
//! degraded document, never a panic, in bounded memory. Big inputs are generated
//! here at run time (nothing large is committed). Deep-nesting cases run on a
//! thread with a normal 2 MB stack to prove nothing recurses over the DOM.

#![allow(clippy::format_push_string)] // test fixtures, not hot paths

#[path = "support/epub.rs"]
mod epub;

use std::path::Path;

use epub::{Entry, container, xhtml, zip};
use ficread::format::epub::Limits;
use ficread::format::{FormatKind, parse_bytes};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn one_line_err(kind: FormatKind, bytes: &[u8]) -> String {
    let err = parse_bytes(kind, bytes)
        .expect_err("should be rejected")
        .to_string();
    assert!(!err.contains('\n'), "one line: {err:?}");
    assert!(!err.is_empty());
    err
}

fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no stack overflow or panic")
}

#[test]
fn not_a_zip() {
    for bytes in [
        &b""[..],
        b"plain text, not a zip",
        b"<html>",
        b"PK",
        b"PK\x03\x04\x00\x00",
    ] {
        let err = one_line_err(FormatKind::Epub, bytes);
        assert!(err.contains("not an EPUB"), "{err}");
    }
}

#[test]
fn truncated_epub() {
    let book = epub::epub3("Cut", &[("One", "<p>Some text.</p>")]);
    for cut in [book.len() / 4, book.len() / 2, book.len() - 10] {
        let err = one_line_err(FormatKind::Epub, &book[..cut]);
        assert!(err.contains("EPUB"), "{err}");
    }
}

#[test]
fn missing_container_and_missing_opf() {
    let no_container = zip(&[Entry::stored("mimetype", b"application/epub+zip")]);
    let err = one_line_err(FormatKind::Epub, &no_container);
    assert!(err.contains("container.xml"), "{err}");

    let no_opf = zip(&[container("OEBPS/content.opf")]);
    let err = one_line_err(FormatKind::Epub, &no_opf);
    assert!(err.contains("OEBPS/content.opf"), "{err}");

    let bad_container = zip(&[Entry::stored(
        "META-INF/container.xml",
        b"<container><rootfiles>",
    )]);
    let err = one_line_err(FormatKind::Epub, &bad_container);
    assert!(err.contains("container.xml"), "{err}");
}

#[test]
fn broken_opf_and_empty_spine() {
    let bad = zip(&[
        container("content.opf"),
        Entry::stored("content.opf", b"<package><metadata><dc:title>x</metadata>"),
    ]);
    assert!(one_line_err(FormatKind::Epub, &bad).contains("content.opf"));
    let empty = zip(&[
        container("content.opf"),
        Entry::stored(
            "content.opf",
            b"<package version=\"2.0\"><manifest/><spine/></package>",
        ),
    ]);
    assert!(one_line_err(FormatKind::Epub, &empty).contains("spine"));
}

#[test]
fn malformed_xhtml_degrades() {
    let opf = r#"<package version="2.0"><manifest><item id="a" href="a.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="a"/></spine></package>"#;
    let book = zip(&[
        container("content.opf"),
        Entry::stored("content.opf", opf.as_bytes()),
        Entry::stored("a.xhtml", &fixture("malformed.xhtml")),
    ]);
    let doc = parse_bytes(FormatKind::Epub, &book).expect("degraded document");
    doc.check().expect("invariants");
    let text: Vec<&str> = doc.texts().collect();
    assert!(
        text.iter().any(|t| t.contains("Unclosed emphasis")),
        "{text:?}"
    );
    assert!(
        text.iter().any(|t| t.contains("after the bad markup")),
        "{text:?}"
    );
    assert!(
        !text.iter().any(|t| t.contains("alert")),
        "script text leaked: {text:?}"
    );
}

fn one_chapter_book(chapter: Entry) -> Vec<u8> {
    let opf = r#"<package version="2.0"><manifest><item id="a" href="a.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="a"/></spine></package>"#;
    zip(&[
        container("content.opf"),
        Entry::stored("content.opf", opf.as_bytes()),
        chapter,
    ])
}

#[test]
fn zip_bomb_that_lies_about_its_size() {
    // Claims 1 KB, inflates to 1 GB: reading stops at the claimed size.
    let book = one_chapter_book(Entry::zero_bomb("a.xhtml", 1 << 30, 1024, false));
    assert!(
        book.len() < 4 << 20,
        "the bomb itself stays small: {}",
        book.len()
    );
    let err = one_line_err(FormatKind::Epub, &book);
    assert!(err.contains("a.xhtml"), "{err}");
}

#[test]
fn entry_declared_over_the_cap_is_refused_before_inflating() {
    // Claims 100 MB: over the 64 MB per-entry cap, refused without inflating.
    let book = one_chapter_book(Entry::zero_bomb("a.xhtml", 1 << 20, 100 << 20, false));
    let err = ficread::format::epub::parse_with_limits(&book, Limits::default())
        .expect_err("refused")
        .to_string();
    assert!(err.contains("inflates to more than 64 MB"), "{err}");
    // A small book's budget is smaller still: a few MB of book, a few times that.
    let err = one_line_err(FormatKind::Epub, &book);
    assert!(err.contains("inflates to more than 8 MB in total"), "{err}");
    let book = zip(&[Entry::zero_bomb(
        "META-INF/container.xml",
        1 << 20,
        u32::MAX,
        false,
    )]);
    let err = one_line_err(FormatKind::Epub, &book);
    assert!(err.contains("inflates to more than"), "{err}");
}

#[test]
fn total_inflation_is_capped() {
    // Honest 2 MB chapters under a 2 MB/5 MB budget (the defaults, 64/256 MB, work
    // the same way but would make this test slow): the third breaks the total.
    let limits = Limits {
        entry_bytes: 2 << 20,
        total_bytes: 5 << 20,
        ..Limits::default()
    };
    let mut manifest = String::new();
    let mut spine = String::new();
    let mut entries = vec![container("content.opf")];
    for i in 0..3 {
        manifest.push_str(&format!(
            r#"<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>"#
        ));
        spine.push_str(&format!(r#"<itemref idref="c{i}"/>"#));
        entries.push(Entry::zero_bomb(
            &format!("c{i}.xhtml"),
            2 << 20,
            2 << 20,
            true,
        ));
    }
    let opf = format!(
        r#"<package version="2.0"><manifest>{manifest}</manifest><spine>{spine}</spine></package>"#
    );
    entries.push(Entry::stored("content.opf", opf.as_bytes()));
    let err = ficread::format::epub::parse_with_limits(&zip(&entries), limits)
        .expect_err("over budget")
        .to_string();
    assert!(
        err.contains("in total") && err.contains("c2.xhtml"),
        "{err}"
    );
}

#[test]
fn deeply_nested_html_is_bounded() {
    for tag in ["div", "blockquote", "span", "b", "table"] {
        let html = format!(
            "<p>start</p>{}<p>deep text</p>",
            format!("<{tag}>").repeat(200_000)
        );
        let doc = on_small_stack(move || parse_bytes(FormatKind::Html, html.as_bytes()))
            .expect("degraded document");
        doc.check().expect("invariants");
        let text: Vec<&str> = doc.texts().collect();
        assert!(text.contains(&"deep text"), "{tag}: {text:?}");
    }
}

#[test]
fn deeply_nested_epub_chapter_is_bounded() {
    let body = format!("{}<p>still readable</p>", "<div>".repeat(200_000));
    let book = epub::epub3("Deep", &[("Deep", &body)]);
    let doc = on_small_stack(move || parse_bytes(FormatKind::Epub, &book)).expect("document");
    assert!(doc.texts().any(|t| t == "still readable"));
}

#[test]
fn hostile_text_is_sanitised() {
    let doc = parse_bytes(FormatKind::Html, &fixture("escapes.html")).expect("document");
    doc.check().expect("no control characters in blocks");
    for text in doc.texts() {
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{9b}'),
            "{text:?}"
        );
    }
    for field in &doc.raw.fields {
        for value in &field.values {
            assert!(!value.contains('\u{1b}'), "{value:?}");
        }
    }
    assert!(doc.texts().any(|t| t.contains("visible")));
}

#[test]
fn odd_but_harmless_html() {
    let cases: &[&[u8]] = &[
        b"<",
        b"<<<<>>>>",
        b"\xff\xfe\x00\x00garbage",
        b"<p>\xe9\xe8 latin-1 without a declaration</p>",
        "<p>🦀 CJK 漢字 e\u{301} combining</p>".as_bytes(),
        b"<p>*</p>",
        b"<hr><hr><hr>",
        b"<p>&nbsp;</p><p>&nbsp;</p>",
    ];
    for bytes in cases {
        if let Ok(doc) = parse_bytes(FormatKind::Html, bytes) {
            doc.check().expect("invariants");
        }
    }
    let long_line = format!("<p>{}</p>", "word ".repeat(200_000));
    let doc = parse_bytes(FormatKind::Html, long_line.as_bytes()).expect("document");
    assert_eq!(doc.words(), 200_000);
    assert!(parse_bytes(FormatKind::Html, b"").is_err());
}

#[test]
fn spine_pointing_outside_the_zip() {
    let opf = r#"<package version="2.0"><manifest><item id="a" href="../../../etc/passwd" media-type="application/xhtml+xml"/><item id="b" href="b.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="a"/><itemref idref="b"/></spine></package>"#;
    let book = zip(&[
        container("OEBPS/content.opf"),
        Entry::stored("OEBPS/content.opf", opf.as_bytes()),
        Entry::stored("OEBPS/b.xhtml", &xhtml("B", "<p>Real chapter.</p>")),
    ]);
    let doc = parse_bytes(FormatKind::Epub, &book).expect("the readable part");
    assert_eq!(doc.texts().collect::<Vec<_>>(), ["Real chapter."]);
}

/// A book with these chapter bodies, each listed in the spine `repeat` times.
fn book_with(chapters: &[Entry], spine: &str, manifest_extra: &str) -> Vec<u8> {
    let mut manifest = String::from(manifest_extra);
    for entry in chapters {
        let id = entry.name.replace('.', "_");
        manifest.push_str(&format!(
            r#"<item id="{id}" href="{}" media-type="application/xhtml+xml"/>"#,
            entry.name
        ));
    }
    let opf = format!(
        r#"<package version="2.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Budget</dc:title></metadata><manifest>{manifest}</manifest><spine>{spine}</spine></package>"#
    );
    let mut entries = vec![
        container("content.opf"),
        Entry::stored("content.opf", opf.as_bytes()),
    ];
    for entry in chapters {
        entries.push(Entry::stored(&entry.name, &entry.data));
    }
    zip(&entries)
}

#[test]
fn a_chapter_listed_thousands_of_times_is_read_once() {
    // The audit's 1.4 KB book: one 50 KB chapter in the spine 4,999 times (2.4 GB).
    let body = format!("<p>{}</p>", "word ".repeat(10_000));
    let chapter = Entry::stored("c.xhtml", &xhtml("One", &body));
    let book = book_with(
        &[chapter],
        &r#"<itemref idref="c_xhtml"/>"#.repeat(4_999),
        "",
    );
    let doc = parse_bytes(FormatKind::Epub, &book).expect("reads");
    assert_eq!(doc.chapters.len(), 1);
    assert_eq!(doc.words(), 10_000);
}

#[test]
fn the_package_file_listed_in_its_own_spine_is_read_once() {
    let chapter = Entry::stored("c.xhtml", &xhtml("One", "<p>Only this.</p>"));
    let opf_item = r#"<item id="opf" href="content.opf" media-type="application/xhtml+xml"/>"#;
    let spine = format!(
        r#"<itemref idref="c_xhtml"/>{}"#,
        r#"<itemref idref="opf"/>"#.repeat(1_000)
    );
    let book = book_with(&[chapter], &spine, opf_item);
    let doc = parse_bytes(FormatKind::Epub, &book).expect("reads");
    assert!(doc.texts().any(|t| t.contains("Only this.")));
    assert!(doc.chapters.len() <= 2, "{} chapters", doc.chapters.len());
}

#[test]
fn a_small_book_of_huge_chapters_is_refused_by_its_budget() {
    // The audit's 856 KB book: four 60 MB chapters, each under the per-entry cap.
    let chapters: Vec<Entry> = (0..4)
        .map(|i| Entry::zero_bomb(&format!("c{i}.xhtml"), 60 << 20, 60 << 20, false))
        .collect();
    let mut spine = String::new();
    let mut manifest = String::new();
    for i in 0..4 {
        spine.push_str(&format!(r#"<itemref idref="c{i}_xhtml"/>"#));
        manifest.push_str(&format!(
            r#"<item id="c{i}_xhtml" href="c{i}.xhtml" media-type="application/xhtml+xml"/>"#
        ));
    }
    let opf = format!(
        r#"<package version="2.0"><manifest>{manifest}</manifest><spine>{spine}</spine></package>"#
    );
    let mut entries = vec![
        container("content.opf"),
        Entry::stored("content.opf", opf.as_bytes()),
    ];
    entries.extend(chapters);
    let book = zip(&entries);
    let err = one_line_err(FormatKind::Epub, &book);
    assert!(err.contains("inflates to more than"), "{err}");
}

#[test]
fn a_small_book_with_millions_of_elements_is_refused() {
    // 8 bytes a tag compress to almost nothing: a tiny book holding a million
    // elements would cost seconds and hundreds of MB to build a tree for.
    let body = format!("<p>{}</p>", "<i>a</i>".repeat(500_000));
    let chapter = Entry::stored("c.xhtml", &xhtml("One", &body));
    let book = book_with(&[chapter], r#"<itemref idref="c_xhtml"/>"#, "");
    let err = ficread::format::epub::parse_with_limits(
        &book,
        Limits {
            total_tags: 250_000,
            ..Limits::default()
        },
    )
    .expect_err("refused")
    .to_string();
    assert!(err.contains("more than 250000 elements"), "{err}");
}
