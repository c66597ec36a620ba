//! The story files the file tests read: the sample library, the fixtures, and
//! `../shared`'s seeds and corpus (absent folders are skipped).

use std::path::{Path, PathBuf};

/// Every file ending in `.{extension}` under those folders, sorted.
pub fn files_ending(extension: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("library"), root.join("tests/fixtures")];
    for shared in ["../shared/seeds", "../shared/corpus"] {
        dirs.push(root.join(shared));
    }
    let mut files = Vec::new();
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
