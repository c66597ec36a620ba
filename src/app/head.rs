//! Keeping the library's head ([`crate::library::head`]) for the next start: the
//! first rows the library shows, written beside the index after the whole index
//! is first drawn (or a scan changed it) and again when the app quits, so the next
//! start draws the screen the reader left.

use std::path::PathBuf;

use super::{App, Job, ScanRequest};
use crate::library::cache;
use crate::library::head::Head;

/// The head file of a scan's index, and the stamp its head must carry.
pub(super) fn file_of(request: &ScanRequest) -> (PathBuf, String) {
    (
        Head::path_for(&request.index),
        cache::stamp(&request.settings),
    )
}

impl App {
    /// A job writing the library's head, when the library was started from an index
    /// and shows more than a head itself.
    pub(super) fn save_head_job(&self) -> Option<Job> {
        let (path, stamp) = self.head_file.as_ref()?;
        let (view, rows) = self.library.head()?;
        Some(Job::SaveHead {
            path: path.clone(),
            head: Box::new(Head::new(stamp.clone(), view, rows)),
            index: self.index_file.clone(),
        })
    }
}
