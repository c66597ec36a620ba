//! The EPUB fixtures of the download families are built from source trees kept
//! beside them: `tests/fixtures/downloads/<family>/src/<name>/` (the unzipped book:
//! `mimetype`, `META-INF/container.xml`, the package file, the pages) zips to
//! `tests/fixtures/downloads/<family>/<name>.epub`, which `tests/downloads.rs` reads
//! like any other download. The sources are the fixture; the `.epub` is committed so
//! the harness reads real files from disk.
//!
//! This test checks that every committed `.epub` is exactly what its source zips to
//! (stored entries, `mimetype` first, then every other file in path order, no
//! timestamps). `FICREAD_WRITE_FIXTURES=1 cargo test --test download_epubs` rewrites
//! them after a source changes.

#[path = "support/epub.rs"]
mod epub;

use std::path::{Path, PathBuf};

use epub::{Entry, zip};

/// Families whose fixtures are built here.
const FAMILIES: &[&str] = &["fimfiction-epub", "downloader-epub"];

fn downloads() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/downloads")
}

/// Every file under `root`, as (zip path, bytes), `mimetype` first.
fn entries(root: &Path) -> Vec<Entry> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let name = e
                .path()
                .strip_prefix(root)
                .expect("under root")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (name, std::fs::read(e.path()).expect("read source"))
        })
        .collect();
    files.sort_by_key(|(name, _)| (name != "mimetype", name.clone()));
    files
        .iter()
        .map(|(name, data)| Entry::stored(name, data))
        .collect()
}

#[test]
fn epub_fixtures_match_their_sources() {
    let write = std::env::var("FICREAD_WRITE_FIXTURES").as_deref() == Ok("1");
    let mut built = 0;
    let mut stale = Vec::new();
    for family in FAMILIES {
        let src = downloads().join(family).join("src");
        let Ok(books) = std::fs::read_dir(&src) else {
            continue;
        };
        let mut books: Vec<PathBuf> = books
            .map(|e| e.expect("entry").path())
            .filter(|p| p.is_dir())
            .collect();
        books.sort();
        for book in books {
            let name = book
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let bytes = zip(&entries(&book));
            let target = downloads().join(family).join(format!("{name}.epub"));
            built += 1;
            if write {
                std::fs::write(&target, &bytes).expect("write fixture");
            } else if std::fs::read(&target).ok().as_deref() != Some(bytes.as_slice()) {
                stale.push(target.display().to_string());
            }
        }
    }
    assert!(built > 0, "no EPUB fixture sources found");
    assert!(
        stale.is_empty(),
        "EPUB fixtures differ from their sources (rebuild with FICREAD_WRITE_FIXTURES=1): {stale:?}"
    );
}
