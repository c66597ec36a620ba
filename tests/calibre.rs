//! calibre libraries, on the fixture library calibre itself made
//! (tests/fixtures/calibre/make.sh): listed with calibre's metadata, kept in the
//! index cache until calibre changes a book, and never hanging or failing the scan
//! when the database is locked, corrupt or a book's file is gone.

use std::path::{Path, PathBuf};

use ficread::library::calibre::ColumnMap;
use ficread::library::{self, Cache, ProblemCause, Scan, Work};
use ficread::meta::{Aliases, RelationshipKind, Status};

const FIXTURE: &str = "tests/fixtures/calibre/library";

/// A private copy of the fixture library, so a test may change it.
fn copy_fixture(to: &Path) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read_dir") {
            let entry = entry.expect("entry");
            let target = to.join(entry.file_name());
            if entry.file_type().expect("type").is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).expect("copy");
            }
        }
    }
    let root = to.join("Calibre Library");
    copy(Path::new(FIXTURE), &root);
    root
}

fn scan(root: &Path, columns: &ColumnMap, index: Option<&Path>) -> Scan {
    let aliases = Aliases::builtin();
    match index {
        Some(index) => {
            let mut cache = Cache::open(index, "");
            let scanned = library::scan_with_progress(
                &[root.to_owned()],
                &aliases,
                columns,
                Some(&mut cache),
                &|_, _| {},
            );
            cache.save(&scanned).expect("index saved");
            scanned
        }
        None => {
            library::scan_with_progress(&[root.to_owned()], &aliases, columns, None, &|_, _| {})
        }
    }
}

fn work<'a>(works: &'a [Work], title: &str) -> &'a Work {
    works
        .iter()
        .find(|w| w.story.meta.title == title)
        .unwrap_or_else(|| panic!("no work titled {title:?}"))
}

fn names(paths: &[PathBuf]) -> Vec<String> {
    let mut names: Vec<String> = paths
        .iter()
        .filter_map(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_fixture_is_listed_with_calibres_metadata() {
    let scanned = scan(Path::new(FIXTURE), &ColumnMap::default(), None);
    assert!(scanned.problems.is_empty(), "{:?}", scanned.problems);
    let works = library::works(scanned.stories);
    assert_eq!(
        works.len(),
        4,
        "the EPUB and the TXT of First Light are one work"
    );

    let first = work(&works, "First Light");
    assert_eq!(
        names(&first.files),
        [
            "First Light - Wren Avery.epub",
            "First Light - Wren Avery.txt"
        ]
    );
    let meta = &first.story.meta;
    assert_eq!(meta.authors, ["Wren Avery"]);
    assert_eq!(meta.fandoms, ["Smallville"]);
    assert_eq!(meta.relationships.len(), 1);
    assert_eq!(meta.relationships[0].name, "Clark Kent/Lex Luthor");
    assert_eq!(meta.characters, ["Clark Kent", "Lex Luthor"]);
    assert_eq!(meta.status, Status::Complete);
    assert_eq!(
        meta.rating.as_ref().map(|r| r.raw.as_str()),
        Some("Teen And Up Audiences"),
        "the #rating column, not calibre's stars"
    );
    assert_eq!(meta.work.as_deref(), Some("ao3:900001"));
    assert_eq!(meta.site.as_deref(), Some("archiveofourown.org"));
    assert_eq!(meta.published.as_deref(), Some("2020-01-02"));
    assert_eq!(meta.language.as_deref(), Some("English"));
    assert_eq!(
        meta.summary.as_deref(),
        Some(
            "The morning after the meteor shower, two boys watch the fields burn gold.\n\nDawn & after."
        ),
        "calibre's HTML comments as text"
    );
    assert_eq!(
        meta.tags,
        ["Angst", "FanFiction"],
        "the fandom, the status and FanFicFare's `Last Update` are no tags"
    );

    let salt = &work(&works, "Salt Lines").story.meta;
    assert!(salt.crossover);
    assert_eq!(salt.fandoms, ["Buffy the Vampire Slayer", "Supernatural"]);
    let ships: Vec<(&str, RelationshipKind)> = salt
        .relationships
        .iter()
        .map(|r| (r.name.as_str(), r.kind))
        .collect();
    assert_eq!(
        ships,
        [
            ("Dean Winchester/Faith Lehane", RelationshipKind::Romantic),
            (
                "Sam Winchester & Willow Rosenberg",
                RelationshipKind::Platonic
            )
        ]
    );
    assert_eq!(salt.status, Status::InProgress);
    assert_eq!(salt.work.as_deref(), Some("ffn:7000001"));

    for (title, index) in [("The Harbour Wall", 1), ("The Lighthouse Keeper", 2)] {
        let meta = &work(&works, title).story.meta;
        let series = meta.series.as_ref().expect("series");
        assert_eq!(
            (series.name.as_str(), series.index),
            ("Harbour Lights", Some(index))
        );
        assert!(
            meta.fandoms.is_empty(),
            "`Where it's set` is no FanFicFare name: {:?}",
            meta.fandoms
        );
    }
}

#[test]
fn a_configured_column_is_read() {
    let columns: ColumnMap = toml::from_str("fandoms = \"#universe\"").expect("config");
    let scanned = scan(Path::new(FIXTURE), &columns, None);
    let works = library::works(scanned.stories);
    assert_eq!(
        work(&works, "The Harbour Wall").story.meta.fandoms,
        ["Star Trek: Voyager"]
    );
    assert_eq!(
        work(&works, "First Light").story.meta.fandoms,
        ["Smallville"],
        "without a #fandoms column, the fandom tag still says it"
    );
}

#[test]
fn a_change_in_calibre_is_picked_up_and_nothing_else_reparsed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = copy_fixture(dir.path());
    let index = dir.path().join("index.bin");
    let cold = scan(&root, &ColumnMap::default(), Some(&index));
    assert_eq!(cold.parsed, 5);
    let warm = scan(&root, &ColumnMap::default(), Some(&index));
    assert_eq!(
        warm.parsed, 0,
        "an unchanged database is not even read again"
    );
    assert_eq!(warm.stories, cold.stories);

    // What calibre does when a title is edited: the row and its last_modified.
    // (The trigger keeping `sort` calls calibre's own `title_sort` function.)
    let db = rusqlite::Connection::open(root.join("metadata.db")).expect("open");
    db.execute_batch("DROP TRIGGER books_update_trg")
        .expect("drop trigger");
    db.execute(
        "UPDATE books SET title = 'The Sea Wall', last_modified = '2030-01-01 00:00:00+00:00' \
         WHERE id = 3",
        [],
    )
    .expect("update");
    drop(db);
    let edited = scan(&root, &ColumnMap::default(), Some(&index));
    assert_eq!(edited.parsed, 1, "only the edited book's file");
    let works = library::works(edited.stories);
    assert_eq!(
        work(&works, "The Sea Wall")
            .story
            .meta
            .series
            .as_ref()
            .map(|s| s.index),
        Some(Some(1))
    );
}

#[test]
fn calibre_holding_locks_never_blocks_the_scan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = copy_fixture(dir.path());
    let calibre = rusqlite::Connection::open(root.join("metadata.db")).expect("open");

    // A read transaction (calibre browsing) does not stop us reading.
    calibre
        .execute_batch("BEGIN; SELECT count(*) FROM books;")
        .expect("read");
    let reading = scan(&root, &ColumnMap::default(), None);
    assert!(reading.problems.is_empty(), "{:?}", reading.problems);
    assert_eq!(library::works(reading.stories).len(), 4);
    calibre.execute_batch("COMMIT").expect("end");

    // calibre in the middle of writing: we give up after the busy timeout and
    // scan the files, with a problem naming the database.
    calibre
        .execute_batch("BEGIN EXCLUSIVE")
        .expect("write lock");
    let locked = scan(&root, &ColumnMap::default(), None);
    assert_eq!(locked.problems.len(), 1, "{:?}", locked.problems);
    let message = locked.problems[0].message();
    assert!(message.contains("metadata.db"), "{message}");
    assert!(
        message.contains("its files are scanned instead"),
        "{message}"
    );
    assert_eq!(locked.stories.len(), 5, "every file, read as loose files");
    calibre.execute_batch("ROLLBACK").expect("unlock");
}

#[test]
fn with_an_index_a_locked_database_lists_the_books_as_last_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = copy_fixture(dir.path());
    let index = dir.path().join("index.bin");
    scan(&root, &ColumnMap::default(), Some(&index));
    let calibre = rusqlite::Connection::open(root.join("metadata.db")).expect("open");
    calibre
        .execute_batch("BEGIN EXCLUSIVE")
        .expect("write lock");
    // A write calibre finished since the index was made (a newer mtime), and
    // calibre writing again now.
    let db = std::fs::File::options()
        .append(true)
        .open(root.join("metadata.db"))
        .expect("open");
    db.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
        .expect("touch");
    let scanned = scan(&root, &ColumnMap::default(), Some(&index));
    assert_eq!(scanned.problems.len(), 1, "{:?}", scanned.problems);
    assert!(
        scanned.problems[0]
            .message()
            .contains("the books as last read are listed")
    );
    let works = library::works(scanned.stories);
    assert_eq!(works.len(), 4);
    assert_eq!(work(&works, "Salt Lines").story.meta.fandoms.len(), 2);
    calibre.execute_batch("ROLLBACK").expect("unlock");
}

#[test]
fn a_corrupt_database_falls_back_to_the_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = copy_fixture(dir.path());
    std::fs::write(
        root.join("metadata.db"),
        b"SQLite format 2\0 this is no database",
    )
    .expect("write");
    let scanned = scan(&root, &ColumnMap::default(), None);
    assert_eq!(scanned.problems.len(), 1, "{:?}", scanned.problems);
    let problem = &scanned.problems[0];
    assert_eq!(problem.path, root.join("metadata.db"));
    assert!(matches!(problem.cause, ProblemCause::Calibre { .. }));
    let message = problem.message();
    assert!(!message.contains('\n'), "one line: {message}");
    assert!(message.contains("not a valid database"), "{message}");
    assert_eq!(scanned.stories.len(), 5);
}

#[test]
fn a_missing_format_file_is_a_problem_and_the_book_stays() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = copy_fixture(dir.path());
    let epub = root.join("Wren Avery/First Light (1)/First Light - Wren Avery.epub");
    std::fs::remove_file(&epub).expect("rm");
    let scanned = scan(&root, &ColumnMap::default(), None);
    assert_eq!(scanned.problems.len(), 1, "{:?}", scanned.problems);
    assert_eq!(scanned.problems[0].path, epub);
    assert!(matches!(
        scanned.problems[0].cause,
        ProblemCause::Unreadable {
            kind: std::io::ErrorKind::NotFound,
            ..
        }
    ));
    let works = library::works(scanned.stories);
    let first = work(&works, "First Light");
    assert_eq!(names(&first.files), ["First Light - Wren Avery.txt"]);
    assert_eq!(first.story.meta.fandoms, ["Smallville"]);
}

#[test]
fn a_book_held_only_in_formats_ficread_does_not_read_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = copy_fixture(dir.path());
    // Book 3's formats become a MOBI and a PDF (as if only those were kept).
    let db = rusqlite::Connection::open(root.join("metadata.db")).expect("open");
    let changed = db
        .execute("UPDATE data SET format = 'MOBI' WHERE book = 3", [])
        .expect("update");
    assert!(changed >= 1);
    drop(db);
    let scanned = scan(&root, &ColumnMap::default(), None);
    let reported: Vec<&library::Problem> = scanned
        .problems
        .iter()
        .filter(|p| matches!(&p.cause, ProblemCause::Calibre { reason } if reason.contains("only as MOBI")))
        .collect();
    assert_eq!(reported.len(), 1, "{:?}", scanned.problems);
    assert!(reported[0].path.starts_with(&root));
    let works = library::works(scanned.stories);
    assert!(
        works
            .iter()
            .all(|w| w.story.meta.title != "The Harbour Wall")
    );
}
