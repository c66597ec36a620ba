//! The terminal layer: the only module (with its children) that touches ratatui and
//! crossterm. It draws the model and turns terminal events into model calls.
//!
//! The terminal is restored on every exit path: a normal return, an error (the
//! session guard's `Drop`), a panic (ratatui's hook, chained after ours, which also
//! turns mouse capture off) and SIGTERM/SIGHUP/SIGINT (a flag checked by the loop,
//! which then leaves through the normal path so state is saved too).

pub mod app_view;
pub mod library_view;
pub mod popup;
pub mod reader_view;
pub mod theme;

use std::io;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard, Once};
use std::time::{Duration, Instant};

use anyhow::Result;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::{DefaultTerminal, Frame};

use crate::keymap::{Key, KeyCode};

/// What the loop should do after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Keep going; redraw when the flag is true.
    Continue { redraw: bool },
    /// Leave the loop.
    Quit,
}

/// A full-screen view driven by [`run`].
pub trait Screen {
    /// Draws the current state; must not change it.
    fn draw(&self, frame: &mut Frame);
    /// Handles one terminal event.
    fn handle(&mut self, event: &Event) -> Flow;
    /// Tells the screen its size (before the first draw and after every resize).
    fn resize(&mut self, width: u16, height: u16);
    /// Called after every event and when idle (for debounced saving); returns
    /// whether the screen changed.
    fn tick(&mut self) -> bool {
        false
    }
    /// Called once when the loop ends, however it ends (quit, a signal).
    fn shutdown(&mut self) {}
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

/// Runs a screen in the alternate screen until it quits or a termination signal
/// arrives. `mouse` enables mouse capture (wheel scrolling).
pub fn run(screen: &mut (dyn Screen + Send), mouse: bool) -> Result<()> {
    install_mouse_panic_hook();
    let terminated = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&terminated))?;
    }
    let screen = Mutex::new(screen);
    let watch = Watch {
        start: Instant::now(),
        polling_since: AtomicU64::new(0),
    };
    let (done, finished) = mpsc::channel::<()>();
    let result = std::thread::scope(|scope| {
        let (flag, shared, watched) = (&terminated, &screen, &watch);
        // The receiver moves into the thread; the rest is borrowed.
        scope.spawn(move || watchdog(flag, watched, &finished, shared, mouse));
        let result = ratatui::run(|terminal| {
            let _mouse = MouseCapture::enable(mouse)?;
            run_loop(terminal, &screen, &terminated, &watch)
        });
        let _ = done.send(());
        result
    });
    // Runs on errors too: whatever was read is saved.
    lock(&screen).shutdown();
    result
}

/// The screen behind its lock. A panic while it was held leaves the data as it was,
/// which is still worth saving.
fn lock<'a, 's>(
    screen: &'a Mutex<&'s mut (dyn Screen + Send)>,
) -> MutexGuard<'a, &'s mut (dyn Screen + Send)> {
    screen
        .lock()
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
    screen: &Mutex<&mut (dyn Screen + Send)>,
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
        lock(screen).shutdown();
        if mouse {
            let _ = execute!(io::stdout(), DisableMouseCapture);
        }
        ratatui::restore();
        std::process::exit(0);
    }
}

fn run_loop(
    terminal: &mut DefaultTerminal,
    screen: &Mutex<&mut (dyn Screen + Send)>,
    terminated: &AtomicBool,
    watch: &Watch,
) -> Result<()> {
    let size = terminal.size()?;
    {
        let mut screen = lock(screen);
        screen.resize(size.width, size.height);
        terminal.draw(|frame| screen.draw(frame))?;
    }
    while !terminated.load(Ordering::Relaxed) {
        // Never hold the screen while waiting for the terminal (see `watchdog`).
        watch.enter_poll();
        let ready = event::poll(SIGNAL_CHECK);
        watch.leave_poll();
        if !ready? {
            let mut screen = lock(screen);
            if screen.tick() {
                terminal.draw(|frame| screen.draw(frame))?;
            }
            continue;
        }
        watch.enter_poll();
        let event = event::read();
        watch.leave_poll();
        let event = event?;
        if let Event::Key(key) = &event
            && key.kind == KeyEventKind::Release
        {
            continue;
        }
        let mut screen = lock(screen);
        if let Event::Resize(width, height) = event {
            screen.resize(width, height);
            terminal.draw(|frame| screen.draw(frame))?;
            continue;
        }
        let flow = screen.handle(&event);
        if flow == Flow::Quit {
            break;
        }
        let ticked = screen.tick();
        if ticked || flow == (Flow::Continue { redraw: true }) {
            terminal.draw(|frame| screen.draw(frame))?;
        }
    }
    Ok(())
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
