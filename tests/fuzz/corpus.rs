//! The real files the mutators start from: the fixtures, the sample library, and the
//! shared corpus of real downloads when it is present (`../shared/corpus`).

use std::path::{Path, PathBuf};

use super::mutate::MAX_INPUT;

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under the fixtures, the sample library and the shared corpus whose name
/// ends in one of `extensions`, at most [`MAX_INPUT`] bytes each, in a stable order.
pub fn files(extensions: &[&str]) -> Vec<Vec<u8>> {
    let root = manifest_dir();
    let mut paths = Vec::new();
    for dir in [
        root.join("tests/fixtures"),
        root.join("library"),
        root.join("../shared/corpus"),
    ] {
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            let path = entry.path();
            if entry.file_type().is_file()
                && !path
                    .components()
                    .any(|c| c.as_os_str() == "fuzz-regressions")
                && has_extension(path, extensions)
            {
                paths.push(path.to_owned());
            }
        }
    }
    paths
        .iter()
        .filter_map(|path| std::fs::read(path).ok())
        .filter(|bytes| bytes.len() <= MAX_INPUT)
        .collect()
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}
