//! The index cache: metadata of every scanned file, keyed by path, valid while the
//! file's size and modification time are unchanged. It lives in the cache dir and
//! can be deleted at any time; an unreadable or outdated cache is simply rebuilt.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Problem, Story};
use crate::atomic_file;

/// Bump when `StoryMeta` or the extraction rules change, so old caches are rebuilt.
const INDEX_VERSION: u32 = 4;

#[derive(Debug, Clone, Serialize, Deserialize)]
enum Entry {
    Story(Box<Story>),
    Problem {
        problem: Problem,
        size: u64,
        modified: u128,
    },
}

impl Entry {
    fn key(&self) -> (&Path, u64, u128) {
        match self {
            Entry::Story(s) => (&s.path, s.size, s.modified),
            Entry::Problem {
                problem,
                size,
                modified,
            } => (&problem.path, *size, *modified),
        }
    }
}

/// Identifies the running executable (size and mtime), so a rebuilt or upgraded
/// ficread re-indexes once instead of trusting metadata an older parser produced.
/// Relying on a hand-bumped version alone would let stale results survive every
/// change someone forgot to bump for.
fn build_identity() -> String {
    std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}-{modified}", m.len())
        })
        .unwrap_or_default()
}

#[derive(Serialize, Deserialize)]
struct CacheFile {
    stamp: String,
    entries: Vec<Entry>,
}

/// [`CacheFile`] by reference, so saving does not clone every entry.
#[derive(Serialize)]
struct CacheFileOut<'a> {
    stamp: &'a str,
    entries: Vec<&'a Entry>,
}

/// The loaded cache, updated by [`super::scan`] and written back with [`Cache::save`].
#[derive(Debug, Default)]
pub struct Cache {
    path: PathBuf,
    stamp: String,
    entries: HashMap<PathBuf, Entry>,
    dirty: bool,
}

impl Cache {
    /// Loads the cache at `path`. `settings` identifies everything besides the file
    /// that affects metadata (the user's aliases): a different value discards the cache.
    pub fn open(path: &Path, settings: &str) -> Self {
        let stamp = format!(
            "{INDEX_VERSION}:{}:{}:{settings}",
            env!("CARGO_PKG_VERSION"),
            build_identity()
        );
        let entries = std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<CacheFile>(&bytes).ok())
            .filter(|file| file.stamp == stamp)
            .map(|file| {
                file.entries
                    .into_iter()
                    .map(|e| (e.key().0.to_owned(), e))
                    .collect()
            })
            .unwrap_or_default();
        Self {
            path: path.to_owned(),
            stamp,
            entries,
            dirty: false,
        }
    }

    /// The stamp that identifies this build and these settings.
    pub fn stamp(&self) -> &str {
        &self.stamp
    }

    /// The cached result for a file, if its size and mtime still match.
    pub fn lookup(
        &self,
        path: &Path,
        size: u64,
        modified: u128,
    ) -> Option<Result<&Story, &Problem>> {
        let entry = self.entries.get(path)?;
        let (_, cached_size, cached_modified) = entry.key();
        if cached_size != size || cached_modified != modified {
            return None;
        }
        Some(match entry {
            Entry::Story(story) => Ok(story),
            Entry::Problem { problem, .. } => Err(problem),
        })
    }

    /// Records a fresh result for a file of the given size and mtime.
    pub fn insert(&mut self, size: u64, modified: u128, result: &Result<Story, Problem>) {
        let entry = match result {
            Ok(story) => Entry::Story(Box::new(story.clone())),
            Err(problem) => Entry::Problem {
                problem: problem.clone(),
                size,
                modified,
            },
        };
        self.entries.insert(entry.key().0.to_owned(), entry);
        self.dirty = true;
    }

    /// Drops entries for files that are gone.
    pub fn retain(&mut self, mut keep: impl FnMut(&Path) -> bool) {
        let before = self.entries.len();
        self.entries.retain(|path, _| keep(path));
        self.dirty |= self.entries.len() != before;
    }

    /// Number of cached files.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Writes the cache back (atomically) if it changed.
    pub fn save(&mut self) -> std::io::Result<()> {
        if !self.dirty {
            return Ok(());
        }
        let mut entries: Vec<&Entry> = self.entries.values().collect();
        entries.sort_by(|a, b| a.key().0.cmp(b.key().0));
        let bytes = serde_json::to_vec(&CacheFileOut {
            stamp: &self.stamp,
            entries,
        })
        .map_err(std::io::Error::other)?;
        atomic_file::write(&self.path, &bytes)?;
        self.dirty = false;
        Ok(())
    }
}
