//! The first frames of a long story, drawn from its head while the rest is read.
//!
//! A [`Job::Load`](super::Job::Load) of a long text file sends [`Msg::Previewed`]
//! (the head parsed alone, see [`crate::format::head`]) before [`Msg::Loaded`] (the
//! whole story). The preview is a real reader on the head: it is drawn, resized and
//! answers keys, but it owns no reading state: nothing is saved, counted or
//! bookmarked from it. Every key and wheel turn it gets is kept, and when the whole
//! story arrives the story is opened as it would have been without a preview and the
//! inputs are replayed on it in order. So the place, the search, a bookmark or a `G`
//! to the end land on the whole story exactly as if it had been there from the
//! start; the head only decides what the first frames showed.
//!
//! A saved place past the head is previewed from a stretch of the text starting at
//! its chapter (see [`crate::format::head::Landing`]). A saved place the preview does
//! not hold exactly gets none: the reader waits for the whole story rather than show
//! the wrong page.
//!
//! [`Msg::Previewed`]: super::Msg::Previewed
//! [`Msg::Loaded`]: super::Msg::Loaded

use crate::keymap::Key;
use crate::position::Anchor;
use crate::store::{self, Confidence};

use super::{App, Effects, LoadedStory, Outcome, View, reader, session};

/// A reader on a story's head, and what was done to it.
#[derive(Debug)]
pub(super) struct Preview {
    pub(super) reader: reader::Reader,
    inputs: Vec<Input>,
}

/// One input given to the preview, to be given again to the whole story.
#[derive(Debug, Clone, Copy)]
enum Input {
    Key(Key),
    Wheel { down: bool },
}

impl App {
    /// The head of the story being loaded (job `id`) was read: shows it, unless
    /// another story is on screen or the saved place lies past it.
    pub(super) fn previewed(&mut self, id: u64, story: Box<LoadedStory>) -> Effects {
        if self.open.is_some() {
            return Effects::none();
        }
        let Some(loading) = self.loading.as_ref().filter(|l| l.id == id) else {
            return Effects::none();
        };
        let known = loading
            .entry
            .and_then(|i| self.library.entries().get(i))
            .zip(loading.meta.as_deref())
            .map(|(e, meta)| (meta.clone(), e.story.key.clone(), loading.entry));
        let (meta, key, entry, totals_known) = if let Some((meta, key, entry)) = known {
            (meta, key, entry, true)
        } else {
            let Some((meta, key)) = story.extracted else {
                return Effects::none();
            };
            (meta, key, None, false)
        };
        let mut reader = self.reader_on(story.doc, &meta, entry, !totals_known);
        reader.set_partial(true);
        let doc = std::sync::Arc::clone(reader.pager().document_arc());
        // A preview from the middle of a story opened alone may not yield the key
        // (it can be a fingerprint of the first words): the place saved for the file
        // then says where the reader was.
        let path = loading.path.clone();
        let saved = self.saved_place(Some(&key), &path);
        match saved {
            Some(saved) => {
                if store::relocate(&doc, saved).confidence != Confidence::Exact {
                    return Effects::none();
                }
                session::restore(&mut reader, &doc, Some(saved), 0);
            }
            None if !self.config.reader.title_page => {
                reader.go_to(Anchor::chapter_start(doc.front_chapters()));
            }
            None => {}
        }
        self.show_key_hint(&mut reader);
        if let Some(loading) = &mut self.loading {
            loading.preview = Some(Preview {
                reader,
                inputs: Vec::new(),
            });
        }
        Effects::redraw()
    }

    /// The reader on a story's head, while the rest is read.
    pub(super) fn preview_reader(&self) -> Option<&reader::Reader> {
        self.loading.as_ref()?.preview.as_ref().map(|p| &p.reader)
    }

    /// A key on the preview: answered at once and kept for the whole story; `q`
    /// stops the loading and leaves as `q` in the reader would.
    pub(super) fn preview_key(&mut self, key: Key) -> Effects {
        let Some(preview) = self.loading.as_mut().and_then(|l| l.preview.as_mut()) else {
            return Effects::none();
        };
        match preview.reader.on_key(key) {
            Outcome::Quit => {
                self.loading = None;
                if self.reader_only {
                    self.shutdown()
                } else {
                    Effects::redraw()
                }
            }
            suspend @ Outcome::Suspend => self.apply(suspend),
            // Requests (a bookmark, the list of marks) are made by the replay, on
            // the whole story, so they are made once and with its places.
            _ => {
                preview.inputs.push(Input::Key(key));
                Effects::redraw()
            }
        }
    }

    /// The mouse wheel on the preview.
    pub(super) fn preview_wheel(&mut self, down: bool) -> Effects {
        let Some(preview) = self.loading.as_mut().and_then(|l| l.preview.as_mut()) else {
            return Effects::none();
        };
        let _ = preview.reader.wheel(down);
        preview.inputs.push(Input::Wheel { down });
        Effects::redraw()
    }

    /// Gives the whole story, just opened, what the preview was given, and the
    /// message the preview still shows.
    pub(super) fn replay(&mut self, preview: Preview) -> Effects {
        let mut effects = Effects::none();
        if let (Some(message), Some(open)) = (preview.reader.message(), &mut self.open)
            && open.reader.message().is_none()
        {
            open.reader.set_message(message);
        }
        for input in preview.inputs {
            if self.view() != View::Reader {
                break;
            }
            effects.merge(match input {
                Input::Key(key) => self.reader_key(key),
                Input::Wheel { down } => self.wheel(down),
            });
        }
        effects.redraw = true;
        effects
    }
}
