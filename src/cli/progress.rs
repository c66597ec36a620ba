//! A one-line progress report on stderr while a scan parses files, so the first run
//! on a large library (seconds, not milliseconds) does not look hung. Only on a
//! terminal, only for scans big enough to notice, and erased when done, so scripts
//! and quick scans see nothing.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Scans that parse fewer files than this finish before a report would be read.
const WORTH_REPORTING: usize = 200;
/// How often the line is redrawn.
const INTERVAL: Duration = Duration::from_millis(100);

/// The progress line of one scan.
pub struct ScanProgress {
    enabled: bool,
    /// When the line was last drawn, `None` before the first time.
    last: Mutex<Option<Instant>>,
}

impl ScanProgress {
    /// A progress line on stderr, if stderr is a terminal.
    pub fn new() -> Self {
        Self {
            enabled: std::io::stderr().is_terminal(),
            last: Mutex::new(None),
        }
    }

    /// Reports `done` of `total` files parsed; redraws at most every [`INTERVAL`].
    pub fn update(&self, done: usize, total: usize) {
        if !self.enabled || total < WORTH_REPORTING {
            return;
        }
        let Ok(mut last) = self.last.try_lock() else {
            // Another thread is drawing; this count is stale by the next one anyway.
            return;
        };
        if last.is_some_and(|at| at.elapsed() < INTERVAL) {
            return;
        }
        *last = Some(Instant::now());
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2Kficread: indexing {} of {} new or changed files…",
            crate::display::thousands(done),
            crate::display::thousands(total)
        );
        let _ = err.flush();
    }

    /// Erases the line, if one was drawn.
    pub fn finish(&self) {
        let drawn = self.last.lock().map_or(true, |last| last.is_some());
        if self.enabled && drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}
