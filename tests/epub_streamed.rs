//! An EPUB read a page at a time (each page's tree dropped before the next is
//! parsed) builds the same document as the book-wide reading that holds every
//! page's tree: for every EPUB among the fixtures and in `../shared/corpus`, and for
//! generated books with notes on the same page, on another page and on a page kept
//! out of the reading order. Books the page-at-a-time reading cannot read alone
//! (cross-page notes, an AO3 download, a FanFicFare title page in a book that looked
//! generic) fall back to the book-wide reading.

#[path = "support/epub.rs"]
mod epub;
#[path = "support/files.rs"]
mod files;

use std::fmt::Write as _;

use epub::{Entry, container, epub3, xhtml, zip};
use ficread::document::Document;
use ficread::format::epub::{parse, parse_book_wide, parse_streamed};

/// Asserts both readings agree; returns whether the page-at-a-time one read it.
fn same_both_ways(name: &str, bytes: &[u8]) -> bool {
    let wide = parse_book_wide(bytes);
    let read = parse(bytes);
    match (&wide, &read) {
        (Ok(wide), Ok(read)) => assert_same(name, wide, read),
        (Err(wide), Err(read)) => assert_eq!(wide.to_string(), read.to_string(), "{name}"),
        _ => panic!("{name}: book-wide {wide:?}, read {read:?}"),
    }
    match parse_streamed(bytes) {
        Some(Ok(streamed)) => {
            assert_same(name, wide.as_ref().expect("book-wide read"), &streamed);
            true
        }
        Some(Err(e)) => {
            let wide = wide.expect_err("book-wide read fails too");
            assert_eq!(wide.to_string(), e.to_string(), "{name}");
            true
        }
        None => false,
    }
}

fn assert_same(name: &str, wide: &Document, read: &Document) {
    assert_eq!(wide.raw, read.raw, "{name}: fields");
    assert_eq!(wide.chapters.len(), read.chapters.len(), "{name}: chapters");
    for (i, (a, b)) in wide.chapters.iter().zip(&read.chapters).enumerate() {
        assert_eq!(a, b, "{name}: chapter {i}");
    }
    assert_eq!(wide, read, "{name}");
}

#[test]
fn every_fixture_and_corpus_epub_reads_the_same() {
    let paths = files::files_ending("epub");
    assert!(paths.len() >= 10, "{paths:?}");
    let mut streamed = 0;
    for path in &paths {
        let bytes = std::fs::read(path).expect("read");
        streamed += usize::from(same_both_ways(&path.display().to_string(), &bytes));
    }
    // Most real books are read a page at a time (AO3's are not).
    assert!(streamed * 2 > paths.len(), "{streamed} of {}", paths.len());
}

fn chapter_with_notes(n: usize) -> String {
    format!(
        r##"<h1>Chapter {n}</h1>
        <p>The keeper counted the ships<a epub:type="noteref" href="#fn{n}a">1</a> twice.</p>
        <p>He wrote the sum on the wall<a href="#fn{n}b">[2]</a>, then forgot it.</p>
        <section epub:type="footnotes"><hr/><ol>
        <li id="fn{n}a"><p>Forty-one in chapter {n}. <a href="#r">↩</a></p></li>
        <li id="fn{n}b"><p>In chalk. <a href="#r">↩</a></p></li>
        </ol></section>"##
    )
}

/// Pandoc-shaped footnotes at the end of each chapter: read a page at a time.
#[test]
fn same_page_notes_are_read_a_page_at_a_time() {
    let chapters: Vec<(String, String)> = (1..=4)
        .map(|n| (format!("Chapter {n}"), chapter_with_notes(n)))
        .collect();
    let chapters: Vec<(&str, &str)> = chapters
        .iter()
        .map(|(t, b)| (t.as_str(), b.as_str()))
        .collect();
    let bytes = epub3("Counting", &chapters);
    assert!(same_both_ways("same-page notes", &bytes));
    let doc = parse(&bytes).expect("epub");
    let markers: usize = doc
        .chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .map(|b| b.notes().len())
        .sum();
    assert_eq!(markers, 8);
    assert!(!doc.texts().any(|t| t.contains("Forty-one")));
}

/// A book of these pages (`EPUB/text/{name}.xhtml`, each in the reading order or
/// not) and no contents.
fn book(pages: &[(&str, Vec<u8>, bool)]) -> Vec<u8> {
    let mut manifest = String::new();
    let mut spine = String::new();
    let mut entries = vec![
        Entry::stored("mimetype", b"application/epub+zip"),
        container("EPUB/package.opf"),
    ];
    for (name, page, linear) in pages {
        let _ = write!(
            manifest,
            r#"<item id="{name}" href="text/{name}.xhtml" media-type="application/xhtml+xml"/>"#
        );
        let linear = if *linear { "" } else { r#" linear="no""# };
        let _ = write!(spine, r#"<itemref idref="{name}"{linear}/>"#);
        entries.push(Entry::stored(&format!("EPUB/text/{name}.xhtml"), page));
    }
    let opf = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="uid">urn:uuid:1</dc:identifier><dc:title>The Count</dc:title>
<dc:creator>Wren Callow</dc:creator><dc:language>en</dc:language>
</metadata>
<manifest>{manifest}</manifest>
<spine>{spine}</spine>
</package>"#
    );
    entries.push(Entry::stored("EPUB/package.opf", opf.as_bytes()));
    zip(&entries)
}

/// A book whose chapters link to notes on other pages: on the next chapter (the
/// last one, with `back`, on the first: a link back to a page already read), and on a
/// notes page in the reading order or kept out of it (`linear="no"`).
fn cross_page_epub(notes_linear: bool, back: bool) -> Vec<u8> {
    let chapter = |n: usize| {
        let next = if n == 3 && back { 1 } else { n + 1 };
        let link = if n < 3 || back {
            format!(r#"<a href="ch{next}.xhtml#e{n}">*</a>"#)
        } else {
            String::new()
        };
        let aside = if n > 1 || back {
            let prev = if n == 1 { 3 } else { n - 1 };
            format!(
                r#"<aside epub:type="footnote" id="e{prev}"><p>From chapter {prev}: not even the gulls.</p></aside>"#
            )
        } else {
            String::new()
        };
        xhtml(
            &format!("Chapter {n}"),
            &format!(
                r#"<h1>Chapter {n}</h1>
                <p>The keeper counted the ships<a epub:type="noteref" href="notes.xhtml#n{n}">{n}</a> and wrote it down.</p>
                <p>Nobody read it{link}.</p>
                {aside}"#
            ),
        )
    };
    let notes = xhtml(
        "Notes",
        r#"<h1>Notes</h1>
        <aside epub:type="endnote" id="n1"><p><a href="ch1.xhtml">1.</a> Forty-one.</p></aside>
        <aside epub:type="endnote" id="n2"><p><a href="ch2.xhtml">2.</a> Forty-two.</p></aside>
        <aside epub:type="endnote" id="n3"><p><a href="ch3.xhtml">3.</a> Forty-three.</p></aside>"#,
    );
    book(&[
        ("ch1", chapter(1), true),
        ("ch2", chapter(2), true),
        ("ch3", chapter(3), true),
        ("notes", notes, notes_linear),
    ])
}

fn notes_of(doc: &Document) -> Vec<String> {
    doc.chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .flat_map(|b| b.notes().iter().flat_map(|n| n.paragraphs.clone()))
        .collect()
}

/// Notes on later pages (the next chapter, a notes page in or out of the reading
/// order): the pages they are on are read early and kept until their turn.
#[test]
fn notes_on_later_pages_are_read_a_page_at_a_time() {
    for linear in [false, true] {
        let bytes = cross_page_epub(linear, false);
        assert!(same_both_ways("cross-page notes", &bytes), "{linear}");
        let doc = parse(&bytes).expect("epub");
        let notes = notes_of(&doc);
        assert_eq!(notes.len(), 5, "{notes:?}");
        assert!(notes.iter().any(|n| n == "Forty-two."), "{notes:?}");
        assert!(
            notes
                .iter()
                .any(|n| n == "From chapter 1: not even the gulls."),
            "{notes:?}"
        );
        assert!(!doc.texts().any(|t| t.contains("gulls")));
        assert!(!doc.texts().any(|t| t.contains("Forty")));
    }
}

/// A marker pointing back at a note on a page already read and dropped needs the
/// book-wide index.
#[test]
fn a_note_on_an_earlier_page_falls_back() {
    for linear in [false, true] {
        let bytes = cross_page_epub(linear, true);
        assert!(!same_both_ways("note linked back", &bytes), "{linear}");
        let notes = notes_of(&parse(&bytes).expect("epub"));
        assert_eq!(notes.len(), 6, "{notes:?}");
    }
}

/// A page that only links back into a chapter (a notes page kept out of the
/// reading order, its back-links labelled like markers) changes what the chapter
/// shows as much as a chapter's own links: the book is read book-wide.
#[test]
fn links_from_a_page_out_of_order_fall_back() {
    let chapter = xhtml(
        "One",
        r#"<h1>One</h1><p>Counted.</p><aside epub:type="footnote" id="x"><p>Hidden once linked.</p></aside>"#,
    );
    let notes = xhtml(
        "Notes",
        r#"<p>See <a epub:type="noteref" href="ch1.xhtml#x">1</a>.</p>"#,
    );
    let bytes = book(&[("ch1", chapter, true), ("notes", notes, false)]);
    assert!(!same_both_ways("back-linked", &bytes));
}

/// The producer decided from a later page: an AO3 download's preface among the
/// first pages, or a FanFicFare title page (by its body's class) anywhere.
#[test]
fn a_producer_seen_on_a_later_page_falls_back() {
    let story = xhtml("One", "<h1>One</h1><p>First words.</p>");
    let fff = String::from_utf8(xhtml(
        "Title",
        "<h1>Late by Ann</h1><b>Status:</b> Completed<br/><b>Words:</b> 3",
    ))
    .expect("utf-8")
    .replace("<body>", r#"<body class="fff_titlepage">"#)
    .into_bytes();
    let bytes = book(&[("ch1", story.clone(), true), ("title", fff, true)]);
    assert!(!same_both_ways("fff title page", &bytes));
    let div = xhtml(
        "Title",
        r#"<div class="fff_titlepage"><h1>Late by Ann</h1></div>"#,
    );
    let bytes = book(&[("ch1", story.clone(), true), ("title", div, true)]);
    assert!(same_both_ways("fff class on a div", &bytes));
    let ao3 = xhtml(
        "Preface",
        r#"<div id="preface"><h2 class="toc-heading">Late</h2>
        <p class="message">Posted originally on the <a href="http://archiveofourown.org/">Archive of Our Own</a> at <a href="http://archiveofourown.org/works/1">http://archiveofourown.org/works/1</a>.</p></div>"#,
    );
    let bytes = book(&[("ch1", story, true), ("preface", ao3, true)]);
    assert!(!same_both_ways("ao3 preface", &bytes));
}
