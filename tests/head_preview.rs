//! The preview of a long text file (its head parsed alone, see `format::head`) is the
//! start of the whole story: same header fields, same chapters and blocks as far as
//! it goes. Checked on every text file the project and `../shared` hold, cut at
//! several points, so the first frame drawn from the head is the frame the whole
//! story gives.

#[path = "support/epub.rs"]
mod epub_builder;
#[path = "support/files.rs"]
mod files;

use std::path::{Path, PathBuf};

use ficread::document::{Document, FieldKey};
use ficread::format::{FormatKind, encoding, epub, head, parse_bytes, txt};
use files::files_ending;

/// The smallest head checked: more than any header.
const MIN_CUT: usize = 6 * 1024;

fn text_files() -> Vec<PathBuf> {
    files_ending("txt")
}

/// Where `head` departs from the start of `whole`, if it does.
fn departure(head: &Document, whole: &Document) -> Option<String> {
    for key in [FieldKey::Title, FieldKey::Author, FieldKey::Summary] {
        let (h, w) = (head.raw.first(key), whole.raw.first(key));
        if h.map(|f| &f.values) != w.map(|f| &f.values) {
            return Some(format!("{key:?}: {h:?} vs {w:?}"));
        }
    }
    let (last, complete) = head.chapters.split_last()?;
    for (i, chapter) in complete.iter().enumerate() {
        if whole.chapters.get(i) != Some(chapter) {
            return Some(format!(
                "chapter {i} ({:?}) differs from the whole's ({:?})",
                chapter.title,
                whole.chapters.get(i).map(|c| &c.title)
            ));
        }
    }
    let i = complete.len();
    let Some(same) = whole.chapters.get(i) else {
        return Some(format!("the whole has no chapter {i}"));
    };
    if same.title != last.title || same.id != last.id {
        return Some(format!("chapter {i}: {:?} vs {:?}", last.title, same.title));
    }
    for (b, block) in last.blocks.iter().enumerate() {
        if same.blocks.get(b) != Some(block) {
            return Some(format!(
                "chapter {i} block {b}: {:?} vs {:?}",
                block.text(),
                same.blocks.get(b).map(ficread::document::Block::text)
            ));
        }
    }
    None
}

#[test]
fn a_head_is_the_start_of_the_whole_story() {
    let files = text_files();
    assert!(files.len() >= 30, "the project's own text files are found");
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let whole = ficread::format::finish(txt::parse(&encoding::decode(&bytes)));
        // A head is taken only from a long file, so it always holds the whole
        // header: cuts inside the first few KiB (inside a header) are not asked of it.
        let mut cuts: Vec<usize> = [bytes.len() / 2, bytes.len() * 3 / 4]
            .into_iter()
            .filter(|&cut| cut >= MIN_CUT)
            .collect();
        if bytes.len() > head::HEAD_BYTES {
            cuts.push(head::HEAD_BYTES);
        }
        for cut in cuts {
            let Some(preview) = head::parse_head(&bytes[..cut]) else {
                continue;
            };
            checked += 1;
            if let Some(why) = departure(&preview, &whole) {
                failures.push(format!("{} cut at {cut}: {why}", path.display()));
            }
        }
    }
    assert!(checked >= 20, "only {checked} heads were checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_long_novel_previews_its_first_chapters() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/janeaustenr/emma.txt");
    let Ok(bytes) = std::fs::read(&path) else {
        return;
    };
    let preview = head::parse_head(&bytes[..head::HEAD_BYTES]).expect("a preview");
    let whole = txt::parse(&encoding::decode(&bytes));
    assert!(
        preview.chapters.len() >= 3,
        "96 KiB of Emma hold several chapters: {}",
        preview.chapters.len()
    );
    assert!(whole.chapters.len() > 20 * preview.chapters.len() / 3);
    assert_eq!(departure(&preview, &whole), None);
}

#[test]
fn an_epub_head_is_the_start_of_the_whole_book() {
    let files = files_ending("epub");
    assert!(files.len() >= 10, "the project's own EPUBs are found");
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let Ok(whole) = parse_bytes(FormatKind::Epub, &bytes) else {
            continue;
        };
        // A few pages, and the preview's budget; the start of the contents (cut
        // small, so books of a few chapters are cut too) and the preview's share.
        for budget in [4 * 1024, 8 * 1024, head::HEAD_BYTES] {
            for nav in [256, 2048, epub::NAV_HEAD_BYTES] {
                let Ok(preview) =
                    epub::parse_head_with(&bytes, budget, nav).map(ficread::format::finish)
                else {
                    failures.push(format!("{}: no head at {budget}/{nav}", path.display()));
                    continue;
                };
                checked += 1;
                if let Some(why) = departure(&preview, &whole) {
                    failures.push(format!("{} head of {budget}/{nav}: {why}", path.display()));
                }
            }
        }
    }
    assert!(checked >= 30, "only {checked} heads were checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A head read from the file, where only the entries it needs are read, is the head
/// read from the whole file in memory; so is the window around a saved place.
#[test]
fn an_epub_head_read_from_its_file_is_the_head_read_from_its_bytes() {
    let mut files = files_ending("epub");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let long = dir.path().join("long.epub");
    std::fs::write(&long, long_book()).expect("written");
    files.push(long);
    let mut checked = 0;
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let file = std::fs::File::open(path).expect("opens");
        let stored = epub::Stored::File {
            file: &file,
            len: bytes.len() as u64,
        };
        let from_bytes = epub::parse_head(&bytes, head::HEAD_BYTES);
        let from_file = epub::parse_head(stored, head::HEAD_BYTES);
        match (&from_bytes, &from_file) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", path.display()),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{}", path.display()),
            _ => panic!("{}: {from_bytes:?} / {from_file:?}", path.display()),
        }
        let Ok(head) = from_bytes else { continue };
        checked += 1;
        if let Some((chapter, title)) = head
            .chapters
            .iter()
            .enumerate()
            .skip(1)
            .find_map(|(k, c)| Some((k, c.title.clone()?)))
        {
            let window = |stored| {
                epub::parse_window(stored, chapter, &title, 0.5, head::HEAD_BYTES)
                    .map(epub::Preview::into_document)
            };
            assert_eq!(
                window(epub::Stored::Bytes(&bytes)),
                window(stored),
                "{}",
                path.display()
            );
        }
    }
    assert!(checked >= 10, "only {checked} heads were checked");
}

/// A book of many chapters: the head reads the start of its long contents page and
/// stops before the page of the last entry it read, and is still the start of the
/// whole book.
#[test]
fn a_long_contents_page_is_read_only_as_far_as_the_head_goes() {
    let bytes = long_book();
    let whole = parse_bytes(FormatKind::Epub, &bytes).expect("the book reads");
    let all = epub::parse_head_with(&bytes, head::HEAD_BYTES, usize::MAX)
        .map(ficread::format::finish)
        .expect("a head with all its contents");
    assert_eq!(all.chapters.len(), whole.chapters.len());
    for nav in [512, 1024, 2048].into_iter().chain(1000..1016) {
        let preview = epub::parse_head_with(&bytes, head::HEAD_BYTES, nav)
            .map(ficread::format::finish)
            .expect("a head from the start of the contents");
        assert!(
            !preview.chapters.is_empty() && preview.chapters.len() < whole.chapters.len() / 2,
            "{nav}: {} of {} chapters",
            preview.chapters.len(),
            whole.chapters.len()
        );
        assert_eq!(departure(&preview, &whole), None, "{nav}");
    }
}

/// A 60-chapter EPUB 3 with a long contents page.
fn long_book() -> Vec<u8> {
    let bodies: Vec<(String, String)> = (1..=60)
        .map(|n| {
            (
                // Curly quotes and accents: the contents page is inflated only
                // as far as the head looks, and a cut may split a character.
                format!("Chapter {n}: Clark’s Long Road, Café Étoile"),
                format!("<p>Clark walked on, mile {n}.</p><p>Lex waited.</p>"),
            )
        })
        .collect();
    let chapters: Vec<(&str, &str)> = bodies
        .iter()
        .map(|(t, b)| (t.as_str(), b.as_str()))
        .collect();
    epub_builder::epub3("The Long Road", &chapters)
}

/// A preview from the middle (a saved place past the head) is that chapter of the
/// whole story, as far as it goes, for chapters all through the long texts.
#[test]
fn a_stretch_from_a_chapter_heading_is_that_chapter_of_the_whole_story() {
    let (mut checked, mut missing) = (0, 0);
    let mut failures = Vec::new();
    for path in text_files() {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        if bytes.len() < 4 * head::HEAD_BYTES {
            continue;
        }
        let whole = txt::parse(&encoding::decode(&bytes));
        let total: usize = whole
            .chapters
            .iter()
            .map(ficread::document::Chapter::words)
            .sum();
        let mut before = 0;
        for (k, chapter) in whole.chapters.iter().enumerate() {
            let words = chapter.words();
            let Some(title) = chapter.title.clone() else {
                before += words;
                continue;
            };
            let landing = head::Landing {
                chapter: k,
                title,
                fraction: before as f64 / total.max(1) as f64,
            };
            before += words;
            // No preview is safe (the reader waits for the whole story), but should
            // be rare: Emma's volume headings stand before their first chapters.
            let Some(preview) = head::preview_at(&bytes, &landing) else {
                missing += 1;
                continue;
            };
            checked += 1;
            let shown = &preview.chapters[k];
            if shown.title != chapter.title
                || shown.blocks.is_empty()
                || chapter.blocks.get(..shown.blocks.len()) != Some(&shown.blocks[..])
            {
                let at = shown
                    .blocks
                    .iter()
                    .zip(&chapter.blocks)
                    .position(|(a, b)| a != b);
                failures.push(format!(
                    "{} chapter {k} ({:?}) differs at block {at:?}: {:?}",
                    path.display(),
                    chapter.title,
                    at.map(|i| (shown.blocks[i].text(), chapter.blocks[i].text()))
                ));
            }
        }
    }
    if checked + missing == 0 {
        return; // ../shared/corpus is absent
    }
    assert!(checked >= 100, "only {checked} chapters were checked");
    assert!(missing * 20 <= checked, "{missing} chapters had no preview");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Where a preview's chapter `k` departs from the whole's: it must have the same
/// title and start with the same blocks (it may stop early, at the preview's end).
fn chapter_departure(preview: &Document, whole: &Document, k: usize) -> Option<String> {
    let (shown, chapter) = (preview.chapters.get(k)?, whole.chapters.get(k)?);
    if shown.title == chapter.title
        && !shown.blocks.is_empty()
        && chapter.blocks.get(..shown.blocks.len()) == Some(&shown.blocks[..])
    {
        return None;
    }
    let at = shown
        .blocks
        .iter()
        .zip(&chapter.blocks)
        .position(|(a, b)| a != b);
    Some(format!(
        "chapter {k} ({:?} / {:?}) differs at block {at:?} of {}",
        shown.title,
        chapter.title,
        shown.blocks.len()
    ))
}

/// Checks the window preview of every titled chapter of `bytes` against the whole
/// book: (chapters checked, chapters without a preview, failures).
fn check_epub_windows(name: &str, bytes: &[u8], budget: usize) -> (usize, usize, Vec<String>) {
    let Ok(whole) = parse_bytes(FormatKind::Epub, bytes) else {
        return (0, 0, Vec::new());
    };
    let total: usize = whole
        .chapters
        .iter()
        .map(ficread::document::Chapter::words)
        .sum();
    let (mut checked, mut missing, mut failures) = (0, 0, Vec::new());
    let mut before = 0;
    for (k, chapter) in whole.chapters.iter().enumerate() {
        let fraction = before as f64 / total.max(1) as f64;
        before += chapter.words();
        let Some(title) = chapter.title.as_deref() else {
            continue;
        };
        if k == 0 {
            continue;
        }
        let Some(epub::Preview::Window(preview)) =
            epub::parse_window(bytes, k, title, fraction, budget)
        else {
            missing += 1;
            continue;
        };
        checked += 1;
        let preview = ficread::format::finish(preview);
        if let Some(why) = chapter_departure(&preview, &whole, k) {
            failures.push(format!("{name} at {budget}: {why}"));
        }
    }
    (checked, missing, failures)
}

/// A preview from a saved place deep in a book (past its head) is that chapter of
/// the whole book, as far as it goes: on a book of 60 chapters, every chapter; on
/// the project's and the corpus's books, every chapter that gets one.
#[test]
fn an_epub_window_is_that_chapter_of_the_whole_book() {
    let bodies: Vec<(String, String)> = (1..=60)
        .map(|n| {
            (
                // Curly quotes and accents: the contents page is inflated only
                // as far as the head looks, and a cut may split a character.
                format!("Chapter {n}: Clark’s Long Road, Café Étoile"),
                format!("<p>Clark walked on, mile {n}.</p><p>Lex waited.</p>").repeat(40),
            )
        })
        .collect();
    let chapters: Vec<(&str, &str)> = bodies
        .iter()
        .map(|(t, b)| (t.as_str(), b.as_str()))
        .collect();
    let long = epub_builder::epub3("The Long Road", &chapters);
    let (checked, missing, failures) = check_epub_windows("generated", &long, head::HEAD_BYTES);
    assert_eq!((checked, missing), (59, 0), "{failures:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // A title no contents entry has: the head, read from the book already open.
    let whole = parse_bytes(FormatKind::Epub, &long).expect("the book reads");
    let Some(epub::Preview::Head(head)) =
        epub::parse_window(&long, 5, "No Such Chapter", 0.1, head::HEAD_BYTES)
    else {
        panic!("no head for an unknown title");
    };
    assert_eq!(departure(&ficread::format::finish(head), &whole), None);

    let (mut checked, mut missing, mut failures) = (0, 0, Vec::new());
    for path in files_ending("epub") {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        for budget in [1024, head::HEAD_BYTES] {
            let (c, m, f) = check_epub_windows(&path.display().to_string(), &bytes, budget);
            checked += c;
            missing += m;
            failures.extend(f);
        }
    }
    assert!(
        checked >= 20,
        "only {checked} chapters were checked ({missing} missing)"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
