//! The application as a [`Screen`]: draws whichever view has the screen and turns
//! terminal events into [`App`] calls.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, MouseEventKind};

use super::theme::Styles;
use super::{Flow, Screen, key_of, library_view, reader_view};
use crate::app::{App, Outcome, View};

/// The app with its resolved styles.
pub struct AppScreen {
    pub app: App,
    pub styles: Styles,
    /// What the app had to report when it shut down.
    pub warnings: Vec<String>,
}

impl Screen for AppScreen {
    fn draw(&self, frame: &mut Frame) {
        match (self.app.view(), self.app.open_story()) {
            (View::Reader, Some(open)) => reader_view::draw(frame, &open.reader, &self.styles),
            _ => library_view::draw(frame, self.app.library(), &self.styles),
        }
    }

    fn handle(&mut self, event: &Event) -> Flow {
        let outcome = match event {
            Event::Key(key) => key_of(key).map_or(Outcome::Unchanged, |k| self.app.on_key(k)),
            Event::Mouse(mouse) => match mouse.kind {
                MouseEventKind::ScrollDown => self.app.wheel(true),
                MouseEventKind::ScrollUp => self.app.wheel(false),
                _ => Outcome::Unchanged,
            },
            _ => Outcome::Unchanged,
        };
        match outcome {
            Outcome::Quit => Flow::Quit,
            Outcome::Redraw => Flow::Continue { redraw: true },
            Outcome::Unchanged => Flow::Continue { redraw: false },
        }
    }

    fn tick(&mut self) -> bool {
        let before = self.app.library().message().map(str::to_owned);
        self.app.tick(std::time::Instant::now());
        // A failed save shows a message; anything else is invisible.
        self.app.library().message().map(str::to_owned) != before
    }

    fn shutdown(&mut self) {
        self.warnings = self.app.shutdown();
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.app.resize(width, height);
        let rows = library_view::table_rows(self.app.library(), height);
        self.app.library_mut().set_rows(rows);
    }
}
