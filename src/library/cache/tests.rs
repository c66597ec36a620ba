//! The index cache: warm scans, spellings of the library, damage.

use super::*;
use crate::library::{Rest, scan};
use crate::meta::Aliases;

fn scan_with(root: &Path, index: &Path) -> (super::super::Scan, bool) {
    let mut cache = Cache::open(index, "");
    let scanned = scan(&[root.to_owned()], &Aliases::builtin(), Some(&mut cache));
    let wrote = cache.dirty;
    cache.save(&scanned).expect("saves");
    (scanned, wrote)
}

#[test]
fn a_warm_scan_parses_nothing_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("lib");
    std::fs::create_dir_all(&root).expect("mkdir");
    std::fs::write(root.join("a.txt"), "Alpha\n\nBody of a.\n").expect("write");
    std::fs::write(root.join("b.txt"), "Beta\n\nBody of b.\n").expect("write");
    std::fs::write(root.join("broken.epub"), "not a zip").expect("write");
    let index = dir.path().join("index.bin");

    let (cold, wrote) = scan_with(&root, &index);
    assert!(wrote);
    assert_eq!(
        (cold.stories.len(), cold.problems.len(), cold.parsed),
        (2, 1, 3)
    );

    let (warm, wrote) = scan_with(&root, &index);
    assert!(!wrote, "nothing changed, nothing to write");
    assert_eq!(
        warm.parsed, 0,
        "stories and the problem come from the cache"
    );
    assert_eq!(warm.stories, cold.stories);
    assert_eq!(warm.problems, cold.problems);
    assert_eq!(
        warm.problems.first().map(|p| &p.cause),
        Some(&crate::library::ProblemCause::Malformed {
            reason: "not an EPUB (not a zip file)".to_owned()
        })
    );

    std::fs::remove_file(root.join("b.txt")).expect("rm");
    let (gone, wrote) = scan_with(&root, &index);
    assert!(wrote, "a vanished file changes the index");
    assert_eq!((gone.stories.len(), gone.parsed), (1, 0));
    let (again, _) = scan_with(&root, &index);
    assert_eq!(again.parsed, 0);
    assert_eq!(again.stories, gone.stories);
    assert_eq!(again.problems.len(), 1, "the problem is still cached");
}

#[test]
fn one_index_serves_every_spelling_of_the_library() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("lib");
    std::fs::create_dir_all(root.join("deeper")).expect("mkdir");
    std::fs::write(root.join("a.txt"), "Alpha\n\nBody of a.\n").expect("write");
    std::fs::write(root.join("deeper/b.txt"), "Beta\n\nBody of b.\n").expect("write");
    std::fs::write(root.join("broken.epub"), "not a zip").expect("write");
    let index = dir.path().join("index.bin");
    let (cold, _) = scan_with(&root, &index);
    assert_eq!(cold.parsed, 3);

    let mut spellings = vec![dir.path().join("./lib"), dir.path().join("deeper/../lib")];
    std::fs::create_dir_all(dir.path().join("deeper")).expect("mkdir");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&root, dir.path().join("link")).expect("symlink");
        spellings.push(dir.path().join("link"));
    }
    for spelled in spellings {
        let (warm, wrote) = scan_with(&spelled, &index);
        assert_eq!(
            warm.parsed,
            0,
            "{}: served from the index",
            spelled.display()
        );
        assert!(!wrote, "{}: nothing to write", spelled.display());
        let paths: Vec<&Path> = warm.stories.iter().map(|s| s.path.as_path()).collect();
        assert_eq!(
            paths,
            [spelled.join("a.txt"), spelled.join("deeper/b.txt")],
            "paths are spelled as asked"
        );
        assert_eq!(
            warm.problems.first().map(|p| p.path.clone()),
            Some(spelled.join("broken.epub"))
        );
    }
    let (again, _) = scan_with(&root, &index);
    assert_eq!(again.parsed, 0);
    assert_eq!(again.stories, cold.stories);
}

#[test]
fn the_index_read_back_is_the_scan_spelled_as_asked_until_a_file_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("lib");
    std::fs::create_dir_all(&root).expect("mkdir");
    std::fs::write(root.join("a.txt"), "Alpha\n\nBody of a.\n").expect("write");
    std::fs::write(root.join("b.txt"), "Beta\n\nBody of b.\n").expect("write");
    std::fs::write(root.join("broken.epub"), "not a zip").expect("write");
    let index = dir.path().join("index.bin");
    assert!(
        Cached::read(&index, "", std::slice::from_ref(&root)).is_none(),
        "no index yet"
    );
    let (cold, _) = scan_with(&root, &index);

    let spelled = dir.path().join("./lib");
    let cached = Cached::read(&index, "", std::slice::from_ref(&spelled)).expect("an index");
    let paths: Vec<&Path> = cached
        .works
        .iter()
        .map(|w| w.story.path.as_path())
        .collect();
    assert_eq!(paths, [spelled.join("a.txt"), spelled.join("b.txt")]);
    assert_eq!(
        cached.problems.first().map(|p| p.path.clone()),
        Some(spelled.join("broken.epub"))
    );
    assert!(cached.is_current(std::slice::from_ref(&spelled)));
    assert!(
        Cached::read(&index, "other settings", std::slice::from_ref(&root)).is_none(),
        "made with other settings"
    );

    let cached = Cached::read(&index, "", std::slice::from_ref(&root)).expect("an index");
    assert_eq!(
        whole(&index, cached.works.clone()),
        crate::library::works(cold.stories.clone())
    );
    std::fs::write(root.join("b.txt"), "Beta\n\nBody of b, longer now.\n").expect("write");
    assert!(!cached.is_current(std::slice::from_ref(&root)), "changed");
    std::fs::remove_file(root.join("b.txt")).expect("rm");
    assert!(!cached.is_current(std::slice::from_ref(&root)), "gone");
}

#[test]
fn a_corrupt_index_is_rebuilt() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("lib");
    std::fs::create_dir_all(&root).expect("mkdir");
    std::fs::write(root.join("a.txt"), "Alpha\n\nBody of a.\n").expect("write");
    let index = dir.path().join("index.bin");
    std::fs::write(&index, b"\xff\xff garbage").expect("write");
    let (scanned, wrote) = scan_with(&root, &index);
    assert_eq!((scanned.stories.len(), scanned.parsed), (1, 1));
    assert!(wrote);
    assert_eq!(scan_with(&root, &index).0.parsed, 0, "rewritten and valid");
}

/// The works and problems of the index at `index`, as the library reads it, with
/// their whole metadata read back.
fn read_back(root: &Path, index: &Path) -> (Vec<crate::library::Work>, Vec<Problem>) {
    let cached = Cached::read(index, "", std::slice::from_ref(&root.to_owned())).expect("an index");
    (whole(index, cached.works), cached.problems)
}

/// `works` as read from the index at `index`, each story's metadata made whole
/// again ([`whole_meta`]).
fn whole(index: &Path, works: Vec<crate::library::Work>) -> Vec<crate::library::Work> {
    works
        .into_iter()
        .map(|mut work| {
            assert_ne!(work.story.rest, crate::library::Rest::Here, "left out");
            work.story.meta = whole_meta(index, "", &work.story).expect("still indexed");
            work.story.rest = crate::library::Rest::Here;
            work
        })
        .collect()
}

/// A story's metadata read back from the index is the whole of what was indexed,
/// also after the index was rewritten with its record elsewhere (or gone: then
/// none, never another story's).
#[test]
fn the_metadata_left_out_is_read_back_from_wherever_the_record_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("lib");
    std::fs::create_dir_all(&root).expect("mkdir");
    let story = |title: &str| {
        format!(
            "{title}\nAuthor: someone\nLanguage: English\nURL: https://archiveofourown.org/works/{}\n\nSummary: The summary of {title}.\n\nThe body of {title}.\n",
            title.bytes().map(u32::from).sum::<u32>()
        )
    };
    for name in ["b", "c", "d"] {
        std::fs::write(root.join(format!("{name}.txt")), story(name)).expect("write");
    }
    let index = dir.path().join("index.bin");
    let (cold, _) = scan_with(&root, &index);
    let cached = Cached::read(&index, "", std::slice::from_ref(&root)).expect("an index");
    let c = cached
        .works
        .iter()
        .find(|w| w.story.path.ends_with("c.txt"))
        .expect("c")
        .story
        .clone();
    assert_eq!(
        c.meta.summary,
        Some("The summary of c.".to_owned()),
        "kept until folded"
    );
    assert_eq!(
        (c.meta.url.as_ref(), c.meta.language.as_ref()),
        (None, None)
    );
    let indexed = cold
        .stories
        .iter()
        .find(|s| s.path.ends_with("c.txt"))
        .expect("c");
    assert!(indexed.meta.url.is_some() && indexed.meta.summary.is_some());
    assert_eq!(whole_meta(&index, "", &c), Some(indexed.meta.clone()));

    // A new file that sorts first: the index is rewritten, every record moved.
    std::fs::write(root.join("a.txt"), story("a much longer title")).expect("write");
    rescan_and_rewrite(&root, &index);
    let Rest::Index { at, len, .. } = c.rest else {
        panic!("left out");
    };
    let moved = file::read_record(&index, file::Span { at, len }).map(|e| e.key().0.to_owned());
    assert_ne!(moved.as_deref(), Some(indexed.path.as_path()), "moved");
    assert_eq!(whole_meta(&index, "", &c), Some(indexed.meta.clone()));
    // Read together (the saved head's rows), every moved record is found in one pass.
    let stories: Vec<_> = cached.works.iter().map(|w| &w.story).collect();
    let metas = |index: &Path| -> Vec<Option<String>> {
        left_out_metas(index, "", &stories)
            .into_iter()
            .map(|m| m.and_then(|m| m.summary))
            .collect()
    };
    let summaries = |titles: &[Option<&str>]| -> Vec<Option<String>> {
        titles
            .iter()
            .map(|t| t.map(|t| format!("The summary of {t}.")))
            .collect()
    };
    assert_eq!(metas(&index), summaries(&[Some("b"), Some("c"), Some("d")]));

    // Changed: its record no longer describes the story shown.
    std::fs::write(root.join("c.txt"), story("c, changed")).expect("write");
    rescan_and_rewrite(&root, &index);
    assert_eq!(whole_meta(&index, "", &c), None);
    assert_eq!(metas(&index), summaries(&[Some("b"), None, Some("d")]));
}

#[test]
fn a_changed_file_is_appended_and_reads_back_as_a_whole_reindex() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("lib");
    std::fs::create_dir_all(&root).expect("mkdir");
    // Enough files that four changes leave most records alive.
    for name in ('a'..='t').map(String::from) {
        std::fs::write(
            root.join(format!("{name}.txt")),
            format!("{name}\n\nThe body of {name}.\n"),
        )
        .expect("write");
    }
    std::fs::write(root.join("broken.epub"), "not a zip").expect("write");
    let index = dir.path().join("index.bin");
    scan_with(&root, &index);
    let before = std::fs::read(&index).expect("read");

    std::fs::write(root.join("b.txt"), "Beta, renamed\n\nA longer body now.\n").expect("write");
    std::fs::remove_file(root.join("c.txt")).expect("rm");
    std::fs::write(root.join("d.txt"), "not a zip").expect("write");
    std::fs::write(root.join("new.txt"), "New\n\nBody.\n").expect("write");
    let (changed, wrote) = scan_with(&root, &index);
    assert!(wrote);
    assert_eq!(
        changed.parsed, 3,
        "b, d and new are read again, nothing else"
    );
    let after = std::fs::read(&index).expect("read");
    assert!(
        after.len() > before.len() && after.starts_with(&before),
        "the records already there are not rewritten"
    );

    let whole = dir.path().join("whole.bin");
    let (reindexed, _) = scan_with(&root, &whole);
    assert_eq!(read_back(&root, &index), read_back(&root, &whole));
    let (warm, wrote) = scan_with(&root, &index);
    assert!(!wrote, "nothing changed since");
    assert_eq!(warm.parsed, 0);
    assert_eq!(warm.stories, reindexed.stories);
    assert_eq!(warm.problems, reindexed.problems);
    let cached = Cached::read(&index, "", std::slice::from_ref(&root)).expect("an index");
    assert!(cached.is_current(std::slice::from_ref(&root)));

    // A record cut short (a crash while appending) is damage: the index is rebuilt.
    std::fs::write(&index, &after[..after.len() - 1]).expect("write");
    assert!(Cached::read(&index, "", std::slice::from_ref(&root)).is_none());
    assert_eq!(scan_with(&root, &index).0.parsed, reindexed.parsed);
}

#[test]
fn an_index_with_many_dead_records_is_written_anew() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("lib");
    std::fs::create_dir_all(&root).expect("mkdir");
    for name in ["a", "b", "c"] {
        std::fs::write(
            root.join(format!("{name}.txt")),
            format!("{name}\n\nThe body of {name}.\n"),
        )
        .expect("write");
    }
    let index = dir.path().join("index.bin");
    scan_with(&root, &index);
    let mut appended = 0;
    for round in 1..6 {
        let before = std::fs::read(&index).expect("read");
        let body = format!("b\n\nBody{}.\n", ".".repeat(round));
        std::fs::write(root.join("b.txt"), body).expect("write");
        scan_with(&root, &index);
        let after = std::fs::read(&index).expect("read");
        if after.starts_with(&before) {
            appended += 1;
        } else {
            let whole = dir.path().join("whole.bin");
            let _ = std::fs::remove_file(&whole);
            scan_with(&root, &whole);
            assert_eq!(after, std::fs::read(&whole).expect("read"), "compacted");
        }
        assert_eq!(read_back(&root, &index).0.len(), 3);
    }
    assert!(
        (1..5).contains(&appended),
        "some appended, some compacted: {appended}"
    );
}

/// The stamps kept as hashes and the unsorted walk still see every kind of change,
/// in nested folders too.
#[test]
fn revalidation_sees_a_new_file_and_a_new_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("lib");
    std::fs::create_dir_all(root.join("z/y")).expect("mkdir");
    for (name, text) in [
        ("b.txt", "Beta"),
        ("z/a.txt", "Alpha"),
        ("z/y/c.txt", "Gamma"),
    ] {
        std::fs::write(root.join(name), format!("{text}\n\nBody.\n")).expect("write");
    }
    let index = dir.path().join("index.bin");
    scan_with(&root, &index);
    let roots = std::slice::from_ref(&root);
    let cached = Cached::read(&index, "", roots).expect("an index");
    assert!(cached.is_current(roots));

    let file = std::fs::File::options()
        .write(true)
        .open(root.join("z/y/c.txt"))
        .expect("open");
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
    file.set_modified(later).expect("touch");
    assert!(!cached.is_current(roots), "same size, another time");
    let cached = {
        scan_with(&root, &index);
        Cached::read(&index, "", roots).expect("an index")
    };
    assert!(cached.is_current(roots));

    std::fs::write(root.join("z/d.txt"), "Delta\n\nBody.\n").expect("write");
    assert!(!cached.is_current(roots), "new");
}

/// Scans `root` against the index at `index` and writes the index anew, every
/// record in its new place.
fn rescan_and_rewrite(root: &Path, index: &Path) {
    let mut cache = Cache::open(index, "");
    let scanned = scan(
        std::slice::from_ref(&root.to_path_buf()),
        &Aliases::builtin(),
        Some(&mut cache),
    );
    cache.disk = None;
    cache.save(&scanned).expect("saves");
}
