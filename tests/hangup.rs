//! The reader in a real pseudo-terminal whose other end goes away, as when a
//! terminal window is closed: ficread must save the place and exit, not spin.

#![cfg(target_os = "linux")]

use std::fs::OpenOptions;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rustix::fs::{OFlags, fcntl_getfl, fcntl_setfl};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{Winsize, tcsetwinsize};

/// Reads what is available from the master without blocking.
fn drain(master: &mut std::fs::File, screen: &mut Vec<u8>) {
    let mut buf = vec![0u8; 65536];
    // Ends at WouldBlock (nothing more now), at end of file, or on an error.
    while let Ok(n @ 1..) = master.read(&mut buf) {
        screen.extend_from_slice(&buf[..n]);
    }
}

fn wait_for(master: &mut std::fs::File, screen: &mut Vec<u8>, needle: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        drain(master, screen);
        if String::from_utf8_lossy(screen).contains(needle) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[test]
fn a_hung_up_terminal_saves_the_place_and_exits() {
    let sandbox = tempfile::tempdir().expect("tempdir");
    let master =
        openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).expect("openpt");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let name = ptsname(&master, Vec::new()).expect("ptsname");
    tcsetwinsize(
        &master,
        Winsize {
            ws_row: 30,
            ws_col: 100,
            ws_xpixel: 0,
            ws_ypixel: 0,
        },
    )
    .expect("window size");
    let flags = fcntl_getfl(&master).expect("flags");
    fcntl_setfl(&master, flags | OFlags::NONBLOCK).expect("non-blocking");
    let slave = OpenOptions::new()
        .read(true)
        .write(true)
        .open(name.to_str().expect("utf-8"))
        .expect("open slave");

    let mut child = Command::new(env!("CARGO_BIN_EXE_ficread"))
        .args(["read", "library/002_54f2dad0d817735c.txt"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("FICREAD_CONFIG_DIR", sandbox.path().join("config"))
        .env("FICREAD_DATA_DIR", sandbox.path().join("data"))
        .env("FICREAD_CACHE_DIR", sandbox.path().join("cache"))
        .env("FICREAD_STATE_DIR", sandbox.path().join("state"))
        .env("TERM", "xterm-256color")
        .stdin(Stdio::from(slave.try_clone().expect("clone")))
        .stdout(Stdio::from(slave.try_clone().expect("clone")))
        .stderr(Stdio::from(slave))
        .spawn()
        .expect("spawn ficread");

    let mut master = std::fs::File::from(master);
    let mut screen = Vec::new();
    assert!(
        // The first frame's status line: the one-time key hint.
        wait_for(&mut master, &mut screen, "h help"),
        "no first frame"
    );
    // Three pages down, then the terminal goes away within the save debounce. The
    // screen is redrawn by differences, so there is no whole line to wait for: keep
    // draining for a moment (the saved place below shows the keys were read).
    master.write_all(b"   ").expect("keys");
    let until = Instant::now() + Duration::from_millis(500);
    while Instant::now() < until {
        drain(&mut master, &mut screen);
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(master);

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if Instant::now() > deadline {
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    if status.is_none() {
        let _ = child.kill();
        panic!("ficread kept running after its terminal hung up");
    }
    let state = std::fs::read_to_string(Path::new(&sandbox.path().join("data/state.json")))
        .expect("state saved");
    let json: serde_json::Value = serde_json::from_str(&state).expect("valid state");
    let story = json["stories"]
        .as_object()
        .and_then(|s| s.values().next())
        .expect("one story");
    let fraction = story["position"]["fraction"].as_f64().expect("a position");
    assert!(
        fraction > 0.1,
        "the place after three pages was saved: {fraction}"
    );
}
