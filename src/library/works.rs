//! Works: the files of one story grouped under one entry. An AO3 EPUB, its HTML
//! twin and a text copy share a reading-state key ([`Story::key`]: the archive
//! identity when a file states one, else title and authors, else the opening
//! text), so they are listed and read as one work with one reading state.

use std::collections::HashMap;
use std::path::PathBuf;

use super::Story;
use crate::meta::StoryMeta;

/// What grouping reads of a story's metadata: its chapter count (the fullest copy
/// of a work stands for it).
pub trait Chapters {
    fn chapters(&self) -> usize;
}

impl Chapters for Box<StoryMeta> {
    fn chapters(&self) -> usize {
        self.chapters
    }
}

/// One work and every file that holds it (an AO3 HTML and EPUB download and a
/// FanFicFare copy of the same story share [`crate::meta::StoryMeta::work`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Work<M = Box<StoryMeta>> {
    /// The file that stands for the work: the one with the most chapters (the most
    /// recent download of a work in progress), then the most recently modified.
    pub story: Story<M>,
    /// Every file of the work, the representative first.
    pub files: Vec<PathBuf>,
}

/// Groups stories into works by their reading-state key, keeping the order of each
/// work's first file.
pub fn works(stories: Vec<Story>) -> Vec<Work> {
    let mut grouper = Grouper::default();
    for story in stories {
        grouper.push(story);
    }
    grouper.finish()
}

/// What orders the files of a work, best first: most chapters, then most recently
/// modified, then path.
#[derive(Debug)]
struct FileRank {
    chapters: usize,
    modified: u128,
    path: PathBuf,
}

impl FileRank {
    fn of<M: Chapters>(story: &Story<M>) -> (usize, u128, std::cmp::Reverse<&PathBuf>) {
        (
            story.meta.chapters(),
            story.modified,
            std::cmp::Reverse(&story.path),
        )
    }

    fn key(&self) -> (usize, u128, std::cmp::Reverse<&PathBuf>) {
        (self.chapters, self.modified, std::cmp::Reverse(&self.path))
    }
}

/// Groups stories into works as they come ([`works`] for a list of them): only each
/// work's best file is kept whole, the others only as paths, so an index with
/// every work in two formats loads half the metadata.
#[derive(Debug)]
pub struct Grouper<M = Box<StoryMeta>> {
    /// Each work by a hash of its key: no copy of the keys is kept (at 30,000
    /// works they were megabytes beside the stories while the index loads).
    by_hash: HashMap<u64, usize>,
    /// The works whose key's hash another work's key has.
    collided: HashMap<String, usize>,
    works: Vec<(Story<M>, Vec<FileRank>)>,
}

impl<M> Default for Grouper<M> {
    fn default() -> Self {
        Self {
            by_hash: HashMap::new(),
            collided: HashMap::new(),
            works: Vec::new(),
        }
    }
}

impl<M: Chapters> Grouper<M> {
    /// The work of the stories keyed `key`, if there is one yet.
    fn find(&self, hash: u64, key: &str) -> Option<usize> {
        let &i = self.by_hash.get(&hash)?;
        if self.works.get(i).is_some_and(|(story, _)| story.key == key) {
            return Some(i);
        }
        self.collided.get(key).copied()
    }

    /// Adds a story to its work (a new one for a new key).
    pub fn push(&mut self, story: Story<M>) {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(story.key.as_str());
        self.push_hashed(story, hash);
    }

    /// [`Grouper::push`], the story's key hashing to `hash`.
    fn push_hashed(&mut self, story: Story<M>, hash: u64) {
        let Some(i) = self.find(hash, &story.key) else {
            let i = self.works.len();
            match self.by_hash.entry(hash) {
                std::collections::hash_map::Entry::Occupied(_) => {
                    self.collided.insert(story.key.clone(), i);
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(i);
                }
            }
            self.works.push((story, Vec::new()));
            return;
        };
        let Some((best, others)) = self.works.get_mut(i) else {
            return;
        };
        let worse = if FileRank::of(&story) > FileRank::of(best) {
            std::mem::replace(best, story)
        } else {
            story
        };
        others.push(FileRank {
            chapters: worse.meta.chapters(),
            modified: worse.modified,
            path: worse.path,
        });
    }

    /// The works, in the order of their first story.
    pub fn finish(self) -> Vec<Work<M>> {
        self.works
            .into_iter()
            .map(|(story, mut others)| {
                others.sort_by(|a, b| b.key().cmp(&a.key()));
                let files = std::iter::once(story.path.clone())
                    .chain(others.into_iter().map(|f| f.path))
                    .collect();
                Work { story, files }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::FormatKind;
    use crate::meta::StoryMeta;

    #[test]
    fn copies_of_one_work_group_under_the_fullest_file() {
        // Keys as `story_key` makes them: the work id when stated, else title+authors.
        let story = |path: &str, work: Option<&str>, chapters: usize, modified: u128| Story {
            key: work.map_or_else(
                || {
                    format!(
                        "m:{}",
                        path.trim_end_matches(".txt").trim_end_matches("-copy")
                    )
                },
                |w| format!("w:{w}"),
            ),
            source: None,
            rest: crate::library::Rest::Here,
            path: PathBuf::from(path),
            format: FormatKind::Text,
            size: 1,
            modified,
            meta: Box::new(StoryMeta {
                title: path.to_owned(),
                work: work.map(str::to_owned),
                chapters,
                ..StoryMeta::default()
            }),
        };
        let stories = [
            story("a.html", Some("ao3:1"), 3, 10),
            story("b.txt", None, 1, 10),
            story("a.epub", Some("ao3:1"), 4, 5),
            story("c.txt", None, 1, 10),
            story("a-old.epub", Some("ao3:1"), 4, 1),
            story("b-copy.txt", None, 1, 20),
        ];
        let grouped = works(stories.to_vec());
        let files: Vec<Vec<&str>> = grouped
            .iter()
            .map(|w| w.files.iter().map(|p| p.to_str().expect("utf-8")).collect())
            .collect();
        assert_eq!(
            files,
            [
                vec!["a.epub", "a-old.epub", "a.html"],
                vec!["b-copy.txt", "b.txt"],
                vec!["c.txt"]
            ]
        );
        assert_eq!(grouped[0].story.path, PathBuf::from("a.epub"));

        // Keys whose hashes collide still name their own works.
        let mut grouper = Grouper::default();
        for (i, s) in stories.iter().enumerate() {
            grouper.push_hashed(s.clone(), if i % 2 == 0 { 7 } else { 9 });
        }
        let mut collided: Vec<Vec<PathBuf>> =
            grouper.finish().into_iter().map(|w| w.files).collect();
        collided.sort();
        let mut expected: Vec<Vec<PathBuf>> = grouped.into_iter().map(|w| w.files).collect();
        expected.sort();
        assert_eq!(collided, expected);
    }
}
