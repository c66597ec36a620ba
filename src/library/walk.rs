//! Finding story files under the library folders, and the calibre libraries among
//! them (read through their database instead, see [`super::calibre`]).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{Candidate, Problem, ProblemCause, calibre, modified_ns};
use crate::format::FormatKind;

/// What a walk found: story files, problems, and calibre library folders (whose
/// files were not walked).
pub(super) struct Found {
    pub candidates: Vec<Candidate>,
    pub problems: Vec<Problem>,
    pub calibre: Vec<PathBuf>,
}

/// Finds story files under `roots`. Walk errors other than symlink loops are problems.
/// With `find_calibre`, a folder holding a calibre database is listed in
/// [`Found::calibre`] and not walked.
pub(super) fn walk(roots: &[PathBuf], find_calibre: bool) -> Found {
    let mut candidates = Vec::new();
    let (problems, calibre) = walk_each(roots, find_calibre, true, &mut |c| candidates.push(c));
    Found {
        candidates,
        problems,
        calibre,
    }
}

/// [`walk`], handing each story file to `each` as it is found instead of keeping
/// them: checking a library of 60,000 files against its index holds no list of
/// them. Returns the problems and the calibre library folders.
///
/// Unless `sorted`, each folder is read in the order the file system lists it:
/// sorting holds every entry of a folder at once (10 MB for a folder of 60,000
/// stories). Then, of two paths to one file, another may be the one handed over.
pub(super) fn walk_each(
    roots: &[PathBuf],
    find_calibre: bool,
    sorted: bool,
    each: &mut dyn FnMut(Candidate),
) -> (Vec<Problem>, Vec<PathBuf>) {
    let mut problems = Vec::new();
    let mut libraries = Vec::new();
    // The same file reached twice (overlapping roots, a symlink to a folder inside the
    // library) is indexed once.
    let mut seen = HashSet::new();
    for root in roots {
        let mut walker = WalkDir::new(root).follow_links(true);
        if sorted {
            walker = walker.sort_by_file_name();
        }
        let walker = walker.into_iter().filter_entry(|e| {
            let walked = e.depth() == 0 || !(is_hidden(e.file_name()) || leads_into_the_system(e));
            // One stat per folder; calibre keeps a folder per book, so this is
            // at most one more stat per story.
            if walked && find_calibre && e.file_type().is_dir() && calibre::is_library(e.path()) {
                libraries.push(e.path().to_owned());
                return false;
            }
            walked
        });
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                // walkdir detects the loop instead of following it; nothing to report.
                Err(e) if e.loop_ancestor().is_some() => continue,
                Err(e) => {
                    let path = e.path().unwrap_or(root);
                    problems.push(match e.io_error() {
                        Some(io) => Problem::unreadable(path, io),
                        None => Problem {
                            path: path.to_owned(),
                            cause: ProblemCause::Unreadable {
                                kind: std::io::ErrorKind::Other,
                                reason: e.to_string(),
                            },
                        },
                    });
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let Some(format) = FormatKind::from_path(entry.path()) else {
                continue;
            };
            match entry.metadata() {
                Ok(stat) => {
                    if !seen.insert(file_identity(entry.path(), &stat)) {
                        continue;
                    }
                    each(Candidate {
                        path: entry.path().to_owned(),
                        format,
                        size: stat.len(),
                        modified: modified_ns(&stat),
                        book: None,
                    });
                }
                Err(e) => problems.push(Problem {
                    path: entry.path().to_owned(),
                    cause: ProblemCause::Unreadable {
                        kind: e
                            .io_error()
                            .map_or(std::io::ErrorKind::Other, std::io::Error::kind),
                        reason: e.to_string(),
                    },
                }),
            }
        }
    }
    (problems, libraries)
}

/// A symlink into /proc, /sys or /dev: following one walks the whole system (a link
/// to /proc/self reaches every file) or reaches devices; a library never lives there.
fn leads_into_the_system(entry: &walkdir::DirEntry) -> bool {
    if !entry.path_is_symlink() {
        return false;
    }
    std::fs::canonicalize(entry.path()).is_ok_and(|target| {
        ["/proc", "/sys", "/dev"]
            .iter()
            .any(|system| target.starts_with(system))
    })
}

/// What makes two paths the same file: device and inode where the platform has
/// them (free, from the `stat` the walk does anyway), else the canonical path.
/// Only the two numbers where there are inodes: a set of 60,000 identities holding
/// an empty path each took three times the memory.
#[cfg(unix)]
fn file_identity(_path: &Path, stat: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (stat.dev(), stat.ino())
}

#[cfg(not(unix))]
fn file_identity(path: &Path, _stat: &std::fs::Metadata) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}

pub(super) fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn walk_skips_hidden_and_non_story_files_and_symlink_loops() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        fs::create_dir_all(root.join("a/.hidden")).expect("mkdir");
        fs::write(root.join("a/story.txt"), "Title\n\nText.\n").expect("write");
        fs::write(root.join("a/.hidden/secret.txt"), "x").expect("write");
        fs::write(root.join("a/.dotfile.txt"), "x").expect("write");
        fs::write(root.join("a/cover.jpg"), "x").expect("write");
        fs::write(root.join("a/page.HTM"), "<p>x</p>").expect("write");
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("a"), root.join("a/loop")).expect("symlink");
        let Found {
            candidates: found,
            problems,
            calibre,
        } = walk(&[root.to_owned()], true);
        assert!(calibre.is_empty());
        let names: Vec<_> = found
            .iter()
            .map(|c| c.path.strip_prefix(root).expect("under root").to_owned())
            .collect();
        assert_eq!(
            names,
            vec![PathBuf::from("a/page.HTM"), PathBuf::from("a/story.txt")]
        );
        assert!(problems.is_empty(), "{problems:?}");
    }
}
