//! The end of a story: the shelf updated once it is reached, and the next part of
//! its series offered.

use crate::meta::Status;
use crate::store::{self, Shelf, now_ms};

use super::{App, counting, reader};

impl App {
    /// The next part of the open story's series, when the reader is at the end of
    /// this one and the library has it.
    pub(super) fn next_part_offered(&self) -> Option<usize> {
        let open = self.open.as_ref()?;
        if !open.reader.pager().is_at_end() {
            return None;
        }
        self.library.next_part(open.entry?)
    }

    /// At the end of a part, says which part comes next and how to open it.
    pub(super) fn offer_next_part(&mut self) {
        let Some(next) = self.next_part_offered() else {
            return;
        };
        let Some(entry) = self.library.entries().get(next) else {
            return;
        };
        let meta = &entry.story.meta;
        let part = meta
            .series
            .as_ref()
            .and_then(|s| s.index)
            .map_or_else(String::new, |i| format!("Part {i}, "));
        let message = format!(
            "Next in series: {part}“{}” — Enter to open",
            crate::display::one_line(&meta.title)
        );
        if let Some(open) = &mut self.open
            && open.reader.message().is_none()
            && matches!(open.reader.popup(), reader::ReaderPopup::None)
        {
            open.reader.set_message(message);
        }
    }

    /// Reaching the end of a complete story finishes it; of a work in progress, it is
    /// caught up.
    pub(super) fn record_end(&mut self) {
        let Some(open) = &mut self.open else { return };
        if open.end_recorded || !open.reader.pager().is_at_end() {
            return;
        }
        open.end_recorded = true;
        let status = open.status;
        let key = open.key.clone();
        let state = self.store.entry(&key);
        let newly_finished = state.shelf != Shelf::Finished && status == Status::Complete;
        state.on_reached_end(status, now_ms());
        open.moved = true;
        if newly_finished {
            let finished = store::Tally {
                finished: 1,
                ..store::Tally::default()
            };
            self.store
                .record_reading(&key, &counting::today(), finished);
        }
    }
}
