//! The terminal layer: the only module (with its children) that touches ratatui and
//! crossterm. It draws the model and turns terminal events into model calls.
//!
//! The terminal is restored on every exit path: a normal return, an error (the
//! session guard's `Drop`), a panic (ratatui's hook, chained after ours, which also
//! turns mouse capture off) and SIGTERM/SIGHUP/SIGINT (a flag checked by the loop,
//! which then leaves through the normal path so state is saved too).

pub mod library_view;
pub mod popup;
pub mod reader_view;
pub mod theme;

use std::io;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard, Once};
use std::time::{Duration, Instant};

use anyhow::Result;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::{DefaultTerminal, Frame};

use crate::app::{self, App, Effects, Job, Msg, View};
use crate::keymap::{Key, KeyCode};
use theme::Styles;

/// Draws whichever view has the screen.
pub fn render(frame: &mut Frame, app: &App, styles: &Styles) {
    match (app.view(), app.reader()) {
        (View::Reader, Some(reader)) => {
            reader_view::draw(frame, reader, app.save_error(), styles);
        }
        _ => match app.opening_alone() {
            // `ficread FILE`: no library behind the story, so nothing but a line
            // saying what is being read.
            Some(path) => {
                let name = path
                    .file_name()
                    .unwrap_or(path.as_os_str())
                    .to_string_lossy();
                let line = format!(" Reading {}…", crate::format::one_line(&name));
                let area = frame.area();
                let bottom = ratatui::layout::Rect {
                    y: area.bottom().saturating_sub(1),
                    height: area.height.min(1),
                    ..area
                };
                frame.render_widget(
                    ratatui::widgets::Paragraph::new(line).style(styles.status_bar),
                    bottom,
                );
            }
            None => library_view::draw(frame, app.library(), app.save_error(), styles),
        },
    }
}

/// Turns a terminal event into the app's message; `None` for what the app ignores
/// (key releases, clicks).
pub fn msg_of(event: &Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_of(key).map(Msg::Key),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Msg::Wheel { down: true }),
            MouseEventKind::ScrollUp => Some(Msg::Wheel { down: false }),
            _ => None,
        },
        Event::Resize(width, height) => Some(Msg::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

/// How often the loop wakes up to check for termination signals when idle. This is
/// not a frame rate: nothing is drawn unless something changed.
const SIGNAL_CHECK: Duration = Duration::from_millis(200);

/// How long a termination signal may go unanswered by the loop before the watchdog
/// saves and exits on its own (the loop can be stuck in the terminal library, see
/// [`watchdog`]).
const GRACE: Duration = Duration::from_millis(800);

/// A poll that has not returned after this long (its own timeout is
/// [`SIGNAL_CHECK`]) is stuck on a hung-up terminal.
const STUCK_POLL: Duration = Duration::from_secs(2);

/// Milliseconds since [`Watch::start`] when the loop entered `event::poll`, or 0
/// when it is not polling.
struct Watch {
    start: Instant,
    polling_since: AtomicU64,
}

impl Watch {
    fn enter_poll(&self) {
        let ms = u64::try_from(self.start.elapsed().as_millis())
            .unwrap_or(u64::MAX)
            .max(1);
        self.polling_since.store(ms, Ordering::Relaxed);
    }

    fn leave_poll(&self) {
        self.polling_since.store(0, Ordering::Relaxed);
    }

    fn stuck(&self) -> bool {
        let since = self.polling_since.load(Ordering::Relaxed);
        let now = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        since != 0
            && now.saturating_sub(since) > u64::try_from(STUCK_POLL.as_millis()).unwrap_or(u64::MAX)
    }
}

/// Runs the app in the alternate screen until it quits or a termination signal
/// arrives, then saves (the last save runs on this thread, before returning).
/// `first` starts the session ([`Msg::Start`]); `mouse` enables mouse capture (wheel
/// scrolling).
pub fn run(app: &mut App, first: Msg, styles: &Styles, mouse: bool) -> Result<()> {
    install_mouse_panic_hook();
    let terminated = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
        // Left to its default, SIGQUIT would leave the terminal raw and lose the place.
        signal_hook::consts::SIGQUIT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&terminated))?;
    }
    let app = Mutex::new(app);
    let watch = Watch {
        start: Instant::now(),
        polling_since: AtomicU64::new(0),
    };
    let (done, finished) = mpsc::channel::<()>();
    let result = std::thread::scope(|scope| {
        let (flag, shared, watched) = (&terminated, &app, &watch);
        // The receiver moves into the thread; the rest is borrowed.
        scope.spawn(move || watchdog(flag, watched, &finished, shared, mouse));
        let result = ratatui::run(|terminal| {
            let _mouse = MouseCapture::enable(mouse)?;
            let mut looped = Loop::new(terminal, &app, styles, mouse);
            looped.run(first, &terminated, &watch)
        });
        let _ = done.send(());
        result
    });
    // Runs on errors too: whatever was read is saved.
    let _ = app::run_inline(&mut lock(&app), Msg::Shutdown);
    result
}

/// The app behind its lock. A panic while it was held leaves the data as it was,
/// which is still worth saving.
fn lock<'a, 's>(app: &'a Mutex<&'s mut App>) -> MutexGuard<'a, &'s mut App> {
    app.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Waits for the loop to finish. The loop can get stuck: crossterm retries a read
/// on a hung-up terminal forever inside `event::poll`, so it never returns to see a
/// signal. When a termination signal goes unanswered for [`GRACE`], or a poll has not
/// returned for [`STUCK_POLL`] (a hang-up without a signal), this thread saves (the
/// loop does not hold the screen while it polls), restores what it can of the
/// terminal and exits the process.
fn watchdog(
    terminated: &AtomicBool,
    watch: &Watch,
    finished: &mpsc::Receiver<()>,
    app: &Mutex<&mut App>,
    mouse: bool,
) {
    let mut signalled: Option<Instant> = None;
    loop {
        match finished.recv_timeout(SIGNAL_CHECK) {
            Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => return,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        let signal_unanswered = terminated.load(Ordering::Relaxed)
            && signalled.get_or_insert_with(Instant::now).elapsed() >= GRACE;
        if !signal_unanswered && !watch.stuck() {
            continue;
        }
        let _ = app::run_inline(&mut lock(app), Msg::Shutdown);
        if mouse {
            let _ = execute!(io::stdout(), DisableMouseCapture);
        }
        ratatui::restore();
        std::process::exit(0);
    }
}

/// The event loop: terminal events and background jobs' results in, through
/// [`App::update`]; draws when an update says something changed.
struct Loop<'t, 'a, 's> {
    terminal: &'t mut DefaultTerminal,
    app: &'a Mutex<&'s mut App>,
    styles: &'a Styles,
    /// Background jobs report here.
    results: mpsc::Receiver<Msg>,
    sender: mpsc::Sender<Msg>,
    /// Jobs still running; while there are any the loop wakes often to take their
    /// results.
    running: Arc<AtomicUsize>,
    /// Mouse capture is on (and must be undone on suspend).
    mouse: bool,
}

/// How often the loop looks for job results while jobs run: a story's first page
/// comes as a job result, and the poll cannot be woken by one, so it is short (a
/// 10 ms poll made the first frame wait 5 ms on average, up to 10).
const JOB_CHECK: Duration = Duration::from_millis(1);

/// How often the app is ticked (reading time, saving the place) while jobs run; a
/// tick at every short poll would only repeat the work.
const TICK_EVERY: Duration = Duration::from_millis(10);

impl<'t, 'a, 's> Loop<'t, 'a, 's> {
    fn new(
        terminal: &'t mut DefaultTerminal,
        app: &'a Mutex<&'s mut App>,
        styles: &'a Styles,
        mouse: bool,
    ) -> Self {
        let (sender, results) = mpsc::channel();
        Self {
            terminal,
            app,
            styles,
            results,
            sender,
            running: Arc::new(AtomicUsize::new(0)),
            mouse,
        }
    }

    fn run(&mut self, first: Msg, terminated: &AtomicBool, watch: &Watch) -> Result<()> {
        let size = self.terminal.size()?;
        let mut effects = self.update(Msg::Resize {
            width: size.width,
            height: size.height,
        });
        effects.merge(self.update(first));
        effects.redraw = true;
        if self.execute(effects)? {
            return Ok(());
        }
        let mut last_tick: Option<Instant> = None;
        while !terminated.load(Ordering::Relaxed) {
            while let Ok(msg) = self.results.try_recv() {
                let effects = self.update(msg);
                if self.execute(effects)? {
                    return Ok(());
                }
            }
            let wait = if self.running.load(Ordering::Relaxed) > 0 {
                JOB_CHECK
            } else {
                SIGNAL_CHECK
            };
            // Never hold the app while waiting for the terminal (see `watchdog`).
            watch.enter_poll();
            let ready = event::poll(wait);
            watch.leave_poll();
            let ready = ready?;
            let mut effects = if ready {
                watch.enter_poll();
                let event = event::read();
                watch.leave_poll();
                match msg_of(&event?) {
                    Some(msg) => self.update(msg),
                    None => continue,
                }
            } else {
                Effects::none()
            };
            let now = Instant::now();
            if ready || last_tick.is_none_or(|t| now.saturating_duration_since(t) >= TICK_EVERY) {
                last_tick = Some(now);
                effects.merge(self.update(Msg::Tick(now)));
            }
            if self.execute(effects)? {
                return Ok(());
            }
        }
        Ok(())
    }

    fn update(&self, msg: Msg) -> Effects {
        lock(self.app).update(msg)
    }

    /// Does what an update asked: starts its jobs, draws; returns true when the app
    /// quits (its last jobs, the final save, run here before that).
    fn execute(&mut self, effects: Effects) -> Result<bool> {
        if effects.quit {
            let _ = app::run_jobs_inline(&mut lock(self.app), effects.jobs);
            return Ok(true);
        }
        for job in effects.jobs {
            self.spawn(job);
        }
        if effects.suspend {
            self.suspend()?;
        }
        if effects.redraw || effects.suspend {
            let app = lock(self.app);
            let styles = self.styles;
            self.terminal.draw(|frame| render(frame, &app, styles))?;
        }
        Ok(false)
    }

    /// Gives the terminal back and stops the process (SIGTSTP, as Ctrl-Z in a shell);
    /// takes the terminal again when the shell continues it.
    fn suspend(&mut self) -> Result<()> {
        if self.mouse {
            let _ = execute!(io::stdout(), DisableMouseCapture);
        }
        ratatui::restore();
        signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
        // Continued (`fg`).
        ratatui::crossterm::terminal::enable_raw_mode()?;
        execute!(
            io::stdout(),
            ratatui::crossterm::terminal::EnterAlternateScreen
        )?;
        if self.mouse {
            execute!(io::stdout(), EnableMouseCapture)?;
        }
        self.terminal.clear()?;
        Ok(())
    }

    fn spawn(&self, job: Job) {
        let sender = self.sender.clone();
        let running = Arc::clone(&self.running);
        running.fetch_add(1, Ordering::Relaxed);
        std::thread::spawn(move || {
            job.run(&|msg| {
                // The loop may be gone (quitting); the result is then not needed.
                let _ = sender.send(msg);
            });
            running.fetch_sub(1, Ordering::Relaxed);
        });
    }
}

/// Turns mouse capture on for its lifetime; off again on drop (ratatui's restore
/// does not do it).
struct MouseCapture(bool);

impl MouseCapture {
    fn enable(on: bool) -> io::Result<Self> {
        if on {
            execute!(io::stdout(), EnableMouseCapture)?;
        }
        Ok(Self(on))
    }
}

impl Drop for MouseCapture {
    fn drop(&mut self) {
        if self.0 {
            let _ = execute!(io::stdout(), DisableMouseCapture);
        }
    }
}

/// Makes a panic turn mouse capture off. Installed before ratatui's own hook, which
/// wraps it, so the terminal is restored first and then the mouse released.
fn install_mouse_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = execute!(io::stdout(), DisableMouseCapture);
            previous(info);
        }));
    });
}

/// Converts a terminal key event to ficread's key type.
pub fn key_of(event: &event::KeyEvent) -> Option<Key> {
    use event::KeyCode as K;
    use event::KeyModifiers as M;
    let code = match event.code {
        K::Char(c) => KeyCode::Char(if event.modifiers.contains(M::CONTROL) {
            c.to_ascii_lowercase()
        } else {
            c
        }),
        K::Enter => KeyCode::Enter,
        K::Esc => KeyCode::Esc,
        K::Tab => KeyCode::Tab,
        K::BackTab => KeyCode::BackTab,
        K::Backspace => KeyCode::Backspace,
        K::Up => KeyCode::Up,
        K::Down => KeyCode::Down,
        K::Left => KeyCode::Left,
        K::Right => KeyCode::Right,
        K::PageUp => KeyCode::PageUp,
        K::PageDown => KeyCode::PageDown,
        K::Home => KeyCode::Home,
        K::End => KeyCode::End,
        K::Insert => KeyCode::Insert,
        K::Delete => KeyCode::Delete,
        K::F(n) => KeyCode::F(n),
        _ => return None,
    };
    Some(Key {
        code,
        ctrl: event.modifiers.contains(M::CONTROL),
        alt: event.modifiers.contains(M::ALT),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

    #[test]
    fn terminal_keys_map_to_model_keys() {
        let cases = [
            (
                KeyEvent::new(event::KeyCode::Char('j'), KeyModifiers::NONE),
                Key::char('j'),
            ),
            (
                KeyEvent::new(event::KeyCode::Char('G'), KeyModifiers::SHIFT),
                Key::char('G'),
            ),
            (
                KeyEvent::new(event::KeyCode::Char('D'), KeyModifiers::CONTROL),
                Key::ctrl('d'),
            ),
            (
                KeyEvent::new(event::KeyCode::PageDown, KeyModifiers::NONE),
                Key::plain(KeyCode::PageDown),
            ),
        ];
        for (event, want) in cases {
            assert_eq!(key_of(&event), Some(want), "{event:?}");
        }
    }
}
