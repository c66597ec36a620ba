//! A reader drawn into ratatui's `TestBackend`, shared by the screen tests: one
//! story opened from a file as `ficread FILE` opens it (its reading state in a
//! temporary folder, the one-time key hint dismissed), keys fed through the app's
//! one update, the screen read back as rows of text.

#![allow(dead_code)] // Each test file uses its own subset.

use std::path::Path;

use ficread::app::{App, Effects, Msg, Start, View, run_inline};
use ficread::config::Config;
use ficread::keymap::{Key, KeyCode};
use ficread::meta::Aliases;
use ficread::store::Store;
use ficread::tui::{self, theme::Styles};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// The app reading one file at a terminal size.
pub struct Session {
    pub app: App,
    pub size: (u16, u16),
    _data: tempfile::TempDir,
}

impl Session {
    /// Opens `path` with `config`; the key hint is dismissed with a key bound to
    /// nothing, so screens show the status line.
    pub fn open(path: &Path, config: Config, size: (u16, u16)) -> Self {
        let data = tempfile::tempdir().expect("tempdir");
        let (store, _) = Store::open(data.path());
        let mut app = App::new(config, Aliases::builtin(), store, size);
        let _ = run_inline(
            &mut app,
            Msg::Start {
                open: Start::File(path.to_owned()),
                notice: None,
            },
        );
        assert_eq!(app.view(), View::Reader, "the story opened");
        let _ = run_inline(&mut app, Msg::Key(Key::char('§')));
        Self {
            app,
            size,
            _data: data,
        }
    }

    /// One key; the jobs it starts are returned, not run (a test may look at them).
    pub fn key(&mut self, key: Key) -> Effects {
        self.app.update(Msg::Key(key))
    }

    /// Typed characters, `\n` as Enter, each with the jobs it starts run.
    pub fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            let key = match c {
                '\n' => Key::plain(KeyCode::Enter),
                c => Key::char(c),
            };
            let _ = run_inline(&mut self.app, Msg::Key(key));
        }
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        let _ = run_inline(&mut self.app, Msg::Resize { width, height });
    }

    /// The reader's status-line message, if any.
    pub fn message(&self) -> Option<String> {
        self.app
            .open_story()
            .and_then(|o| o.reader.message())
            .map(str::to_owned)
    }

    /// The screen drawn with `styles`.
    pub fn render_with(&self, styles: &Styles) -> Buffer {
        let (width, height) = self.size;
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        terminal
            .draw(|frame| tui::render(frame, &self.app, styles))
            .expect("draw");
        terminal.backend().buffer().clone()
    }

    /// The screen drawn with the default styles.
    pub fn render(&self) -> Buffer {
        self.render_with(&Styles::default())
    }

    /// The screen's rows, trimmed at the right, one per line.
    pub fn screen(&self) -> String {
        lines(&self.render()).join("\n")
    }
}

/// A buffer's rows as text, trimmed at the right.
pub fn lines(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_owned()
        })
        .collect()
}
