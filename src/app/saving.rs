//! When the reading state is captured and saved, and what a finished save means for
//! the screen.

use std::time::Instant;

use crate::store::{self, SaveResult, now_ms};

use super::{App, Effects, Job, SAVE_INTERVAL, SETTLE};

impl App {
    /// Captures a moved position and starts a save, at most once per
    /// [`SAVE_INTERVAL`].
    pub(super) fn tick(&mut self, now: Instant) -> Effects {
        self.last_tick = Some(now);
        self.count_page(now);
        // Captured once the reader pauses (so a `kill -9` soon after loses nothing), or
        // once a second while the keys keep coming (capturing costs a pass over the
        // story's words).
        let paused = self
            .last_key
            .is_none_or(|key| now.saturating_duration_since(key) >= SETTLE);
        if paused || now.saturating_duration_since(self.last_capture) >= SAVE_INTERVAL {
            self.capture_position();
            self.last_capture = now;
        }
        // Saved on the same terms: at once when the reader pauses, else once a second.
        let interval = if paused { SETTLE } else { SAVE_INTERVAL };
        if !self.saving && self.store.save_due(now, interval) {
            return self.start_save();
        }
        Effects::none()
    }

    /// Captures the place and saves; the loop runs the save before it exits.
    pub(super) fn shutdown(&mut self) -> Effects {
        let mut effects = self.close_reader_state();
        // A story opened alone (`ficread FILE`) never showed the library: nothing to
        // remember, and the last library view stays as it was.
        if self.session_restored {
            self.store.set_session(self.library.session(now_ms()));
            effects.jobs.extend(self.save_head_job());
        }
        // Whatever a save under way carries, this one carries too (and merges with it
        // on disk), so it need not wait for it.
        self.saving = false;
        effects.merge(self.start_save());
        // The viewer has had the image since it opened; the copy is not needed after.
        if !self.temporary_images.is_empty() {
            effects
                .jobs
                .push(Job::RemoveFiles(std::mem::take(&mut self.temporary_images)));
        }
        effects.quit = true;
        effects
    }

    pub(super) fn save_now(&mut self) -> Effects {
        self.capture_position();
        self.start_save()
    }

    pub(super) fn start_save(&mut self) -> Effects {
        if self.saving {
            self.save_queued = true;
            return Effects::none();
        }
        match self.store.begin_save() {
            Some(job) => {
                self.saving = true;
                Effects::job(Job::Save(job))
            }
            None => Effects::none(),
        }
    }

    pub(super) fn saved(&mut self, result: SaveResult) -> Effects {
        self.saving = false;
        let mut effects = Effects::none();
        let merged_others = result.merged_others();
        match self.store.finish_save(result) {
            Ok(()) => effects.redraw |= self.save_error.take().is_some(),
            Err(error) => {
                let message = format!("reading state not saved: {error}");
                if !self.warnings.contains(&message) {
                    self.warnings.push(message.clone());
                }
                self.save_error = Some(message);
                effects.redraw = true;
            }
        }
        for warning in self.store.take_warnings() {
            self.show(&warning);
            self.warnings.push(warning);
            effects.redraw = true;
        }
        // Another process's changes were merged in: show them.
        if merged_others {
            effects.redraw |= self.refresh_all_entries();
        }
        if std::mem::take(&mut self.save_queued) {
            effects.merge(self.start_save());
        }
        effects
    }

    /// A message on whichever view has the screen.
    pub(super) fn show(&mut self, message: &str) {
        match &mut self.open {
            Some(open) => open.reader.set_message(message),
            None => self.library.set_message(message),
        }
    }

    pub(super) fn capture_position(&mut self) {
        let Some(open) = &mut self.open else { return };
        if !open.moved {
            return;
        }
        open.moved = false;
        let pager = open.reader.pager();
        let mut position =
            store::capture_with_fraction(pager.document(), pager.anchor(), pager.fraction());
        position.top_shift = open.reader.pager().top_shift();
        self.store.entry(&open.key).set_position(position, now_ms());
    }
}
