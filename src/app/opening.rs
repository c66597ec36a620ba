//! Opening a story in the reader and closing it again: the load job, restoring the
//! saved place, and capturing the place when the story is left.

use std::path::Path;

use crate::document::Document;
use crate::format::ReadError;
use crate::format::head::Landing;
use crate::keymap::Action;
use crate::meta::StoryMeta;
use crate::position::Anchor;
use crate::store::{Position, now_ms};
use crate::title_page;

use super::{
    App, Effects, Job, LoadJob, LoadedStory, Loading, OpenStory, counting, reader, session,
};

impl App {
    /// With `--resume`, once the scan is in: opens the story read last, or says why
    /// not.
    pub(super) fn resume_if_asked(&mut self) -> Effects {
        if std::mem::take(&mut self.resume_after_scan) {
            if let Some(entry) = self.library.continue_line().map(|line| line.entry) {
                return self.open_entry(entry);
            }
            let message = match self.store.last_read() {
                // Read before, but not in the folders scanned now: say so rather than
                // quietly showing the library.
                Some((_, state)) => format!(
                    "“{}” ({}) is not in the scanned folders: pick a story",
                    state.title,
                    state.path.display()
                ),
                None => "Nothing to resume yet: pick a story".to_owned(),
            };
            self.library.set_message(message);
        }
        Effects::redraw()
    }

    /// Opens a library entry in the reader at its saved place. A file that cannot be
    /// read any more is a message in the library, not an error.
    pub(super) fn open_entry(&mut self, entry: usize) -> Effects {
        let Some(path) = self
            .library
            .entries()
            .get(entry)
            .map(|e| e.story.path.clone())
        else {
            return Effects::none();
        };
        self.load(&path, Some(entry))
    }

    pub(super) fn load(&mut self, path: &Path, entry: Option<usize>) -> Effects {
        self.next_job += 1;
        // The row's part when it holds it all, or the index no longer holds the rest.
        let meta = entry.and_then(|i| {
            self.left_out_meta(i)
                .or_else(|| Some(self.library.entries().get(i)?.story.meta.to_meta()))
        });
        self.loading = Some(Loading {
            id: self.next_job,
            path: path.to_owned(),
            entry,
            meta,
            preview: None,
        });
        // The index already has the metadata and key of a library story; extracting
        // them again would cost as much as parsing a long story.
        let extract = entry.is_none().then(|| self.aliases.clone());
        Effects::job(Job::Load(LoadJob {
            id: self.next_job,
            path: path.to_owned(),
            extract,
            landing: self.landing(path, entry),
        }))
    }

    /// The saved place of the story at `path` (library entry `entry`), for a preview
    /// around it; `None` for a story never read or left on its title page.
    fn landing(&self, path: &Path, entry: Option<usize>) -> Option<Landing> {
        let key = entry
            .and_then(|i| self.library.entries().get(i))
            .map(|e| e.story.key.as_str());
        let position = self.saved_place(key, path)?;
        if position.title_page.is_some() {
            return None;
        }
        Some(Landing {
            chapter: position.anchor.chapter,
            title: position.chapter_title.clone()?,
            fraction: position.fraction,
        })
    }

    /// The saved place of the story with `key`, else (a story opened alone, whose
    /// key may not be known yet) the one last saved for the file at `path`.
    pub(super) fn saved_place(&self, key: Option<&str>, path: &Path) -> Option<&Position> {
        if let Some(state) = key.and_then(|key| self.store.get(key)) {
            return state.position.as_ref();
        }
        self.store
            .iter()
            .filter(|(_, s)| s.path == path)
            .max_by_key(|(_, s)| s.updated)
            .and_then(|(_, s)| s.position.as_ref())
    }

    /// A reader on `doc` with its title page (from `meta`, and the series parts
    /// around library entry `entry`; with `pending`, words and chapters not counted
    /// yet) and the hyphenation of the story's language.
    pub(super) fn reader_on(
        &self,
        mut doc: Document,
        meta: &StoryMeta,
        entry: Option<usize>,
        pending: bool,
    ) -> reader::Reader {
        // From the metadata, not another pass over the story: the first frame stays
        // as cheap as without a title page.
        let neighbours = entry
            .map(|e| self.library.series_neighbours(e))
            .unwrap_or_default();
        let page = if pending {
            title_page::build_pending(meta, &doc.raw, &neighbours)
        } else {
            title_page::build(meta, &doc.raw, &neighbours)
        };
        title_page::insert(&mut doc, page);
        let mut reader = reader::Reader::new(doc, &meta.title, &self.config, self.size);
        reader.set_language(meta.language.as_deref());
        reader
    }

    pub(super) fn loaded(
        &mut self,
        id: u64,
        result: Result<Box<LoadedStory>, ReadError>,
    ) -> Effects {
        if self.loading.as_ref().is_none_or(|l| l.id != id) {
            return Effects::none();
        }
        let Some(Loading {
            path,
            entry,
            meta,
            preview,
            ..
        }) = self.loading.take()
        else {
            return Effects::none();
        };
        let story = match result {
            Ok(story) => *story,
            Err(error) => {
                if self.reader_only {
                    // Nothing else to show: say why once the terminal is back.
                    self.warnings.push(error.to_string());
                    self.open_failed = true;
                    return self.shutdown();
                }
                self.library.set_message(error.to_string());
                return Effects::redraw();
            }
        };
        let known = entry
            .and_then(|i| self.library.entries().get(i))
            .zip(meta)
            .map(|(e, meta)| (*meta, e.story.key.clone()));
        let Some((meta, key)) = known.or(story.extracted) else {
            return Effects::none();
        };
        let mut effects = self.close_reader_state();
        // A re-download whose key changed (an author renamed) is found by its path.
        self.store.find(&key, &path);
        let state = self.store.entry(&key);
        let new_chapters = state.on_open(meta.chapters, now_ms());
        path.clone_into(&mut state.path);
        state.title.clone_from(&meta.title);
        let saved = state.position.clone();
        let mut reader = self.reader_on(story.doc, &meta, entry, false);
        let doc = std::sync::Arc::clone(reader.pager().document_arc());
        session::restore(&mut reader, &doc, saved.as_ref(), new_chapters);
        if saved.is_none() && !self.config.reader.title_page {
            reader.go_to(Anchor::chapter_start(doc.front_chapters()));
        }
        self.show_key_hint(&mut reader);
        self.open = Some(OpenStory {
            reader,
            entry,
            path,
            key,
            status: meta.status,
            moved: saved.is_none(),
            end_recorded: false,
            counter: counting::Counter::default(),
        });
        self.last_key = None;
        // Opening is worth saving at once.
        self.capture_position();
        effects.merge(self.start_save());
        if let Some(preview) = preview {
            effects.merge(self.replay(preview));
        }
        effects.redraw = true;
        effects
    }

    /// Says where the keys are, once a session (the reader has no footer), unless the
    /// reader already has something to say.
    pub(super) fn show_key_hint(&mut self, reader: &mut reader::Reader) {
        if self.reader_hint_shown || reader.message().is_some() {
            return;
        }
        let keys = reader.keymap();
        let back = if self.reader_only {
            "quit"
        } else {
            "back to the library"
        };
        reader.set_message(format!(
            "{} help · {} {back}",
            keys.hint(Action::Help),
            keys.hint(Action::Quit)
        ));
        self.reader_hint_shown = true;
    }

    /// Captures the open story's place before it is closed or replaced.
    pub(super) fn close_reader_state(&mut self) -> Effects {
        self.capture_position();
        if let (Some(open), Some(now)) = (&mut self.open, self.last_tick)
            && let Some(tally) = open.counter.finish(now)
        {
            let key = open.key.clone();
            self.store.record_reading(&key, &counting::today(), tally);
        }
        if let Some(entry) = self.open.as_ref().and_then(|o| o.entry) {
            self.refresh_entry(entry);
        }
        self.refresh_continue_line();
        Effects::none()
    }

    pub(super) fn close_reader(&mut self) -> Effects {
        let mut effects = self.close_reader_state();
        if let Some(entry) = self.open.as_ref().and_then(|o| o.entry) {
            self.library.select_entry(entry);
        }
        self.open = None;
        effects.merge(self.save_now());
        effects.redraw = true;
        effects
    }
}
