//! Hostile names, special files and bad configs through the real binary: nothing
//! from a file, a file name or a config reaches the terminal raw, nothing hangs, and
//! one odd file name breaks nothing for the others.

#![cfg(unix)]

#[path = "support/epub.rs"]
mod epub;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        let sandbox = Self {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        std::fs::create_dir_all(sandbox.lib()).expect("mkdir");
        sandbox
    }

    fn lib(&self) -> PathBuf {
        self.dir.path().join("lib")
    }

    fn command(&self, args: &[&OsStr]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ficread"));
        command
            .args(args)
            .current_dir(self.dir.path())
            .env("FICREAD_CONFIG_DIR", self.dir.path().join("config"))
            .env("FICREAD_DATA_DIR", self.dir.path().join("data"))
            .env("FICREAD_CACHE_DIR", self.dir.path().join("cache"))
            .env("FICREAD_STATE_DIR", self.dir.path().join("state"))
            .env_remove("COLUMNS")
            .stdin(Stdio::null());
        command
    }

    /// Runs ficread; fails the test if it takes more than 20 s (a hang).
    fn run(&self, args: &[&OsStr]) -> Output {
        let mut child = self
            .command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let start = Instant::now();
        while child.try_wait().expect("wait").is_none() {
            if start.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                panic!("ficread {args:?} hung");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        child.wait_with_output().expect("output")
    }
}

fn os(text: &str) -> &OsStr {
    OsStr::new(text)
}

/// No control character but the line ends: nothing a terminal would obey.
fn assert_clean(output: &Output) {
    for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let bad: Vec<char> = text
            .chars()
            .filter(|c| c.is_control() && *c != '\n')
            .collect();
        assert!(bad.is_empty(), "{stream} carries {bad:?}: {text:?}");
    }
}

const STORY: &str = "Title: Plain\nAuthor: Someone\n\nIt was a plain story, told plainly, with nothing odd in it at all.\n";

#[test]
fn escapes_in_a_file_name_never_reach_the_terminal() {
    let sandbox = Sandbox::new();
    let name = "evil\u{1b}]0;pwned\u{7}\u{1b}[2J\r\nname.txt";
    let path = sandbox.lib().join(name);
    std::fs::write(&path, STORY).expect("write");
    let info = sandbox.run(&[os("info"), path.as_os_str()]);
    assert!(info.status.success(), "{info:?}");
    assert_clean(&info);
    let list = sandbox.run(&[
        os("list"),
        os("--files"),
        os("-L"),
        sandbox.lib().as_os_str(),
    ]);
    assert_clean(&list);
    // A C1 CSI in a name: JSON escapes it as it escapes C0 controls.
    std::fs::write(sandbox.lib().join("c1\u{9b}2J.txt"), STORY).expect("write");
    let json = sandbox.run(&[
        os("list"),
        os("--files"),
        os("--json"),
        os("-L"),
        sandbox.lib().as_os_str(),
    ]);
    assert!(json.status.success(), "{json:?}");
    assert_clean(&json);
    let text = String::from_utf8_lossy(&json.stdout);
    assert!(text.contains("c1\\u009b2J.txt"), "{text}");
    let parsed: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert!(parsed.as_array().is_some_and(|a| a.len() == 2));
}

#[test]
fn escapes_inside_an_epub_never_reach_the_terminal() {
    let sandbox = Sandbox::new();
    // An entry named with escapes that inflates past the budget: the error names it.
    let opf = r#"<package version="2.0"><manifest><item id="a" href="x.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="a"/></spine></package>"#;
    let name = "\u{1b}]0;pwned\u{7}\u{1b}[2J x.xhtml";
    let opf = opf.replace(
        "x.xhtml",
        &name.replace('\u{1b}', "&#x1b;").replace('\u{7}', ""),
    );
    let book = epub::zip(&[
        epub::container("content.opf"),
        epub::Entry::stored("content.opf", opf.as_bytes()),
        epub::Entry::zero_bomb(name, 64 << 20, 64 << 20, false),
    ]);
    let path = sandbox.lib().join("bomb.epub");
    std::fs::write(&path, book).expect("write");
    // An ESC in the package's XML declaration comes back in the parse error.
    let bad_xml = epub::zip(&[
        epub::container("content.opf"),
        epub::Entry::stored("content.opf", b"<?xml version\x1b[2J=\"1.0\"?><package/>"),
    ]);
    let bad = sandbox.lib().join("bad.epub");
    std::fs::write(&bad, bad_xml).expect("write");
    for file in [&path, &bad] {
        for command in ["info", "cat"] {
            let out = sandbox.run(&[os(command), file.as_os_str()]);
            assert_eq!(out.status.code(), Some(2), "{out:?}");
            assert_clean(&out);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(err.lines().count(), 1, "one line: {err}");
        }
    }
}

#[test]
fn a_file_name_that_is_not_utf8_breaks_nothing() {
    let sandbox = Sandbox::new();
    std::fs::write(
        sandbox
            .lib()
            .join(OsStr::from_bytes(b"caf\xe9 au lait.txt")),
        STORY,
    )
    .expect("write");
    std::fs::write(
        sandbox.lib().join("other.txt"),
        STORY.replace("Plain", "Other"),
    )
    .expect("write");
    let lib = sandbox.lib();
    let first = sandbox.run(&[os("list"), os("--json"), os("-L"), lib.as_os_str()]);
    assert!(first.status.success(), "{first:?}");
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(
        !stderr.contains("index cache"),
        "the index was written: {stderr}"
    );
    let text = String::from_utf8_lossy(&first.stdout);
    assert!(
        text.contains("caf\u{fffd} au lait.txt"),
        "shown with U+FFFD: {text}"
    );
    // The second run reads the index instead of scanning again.
    let index = sandbox.dir.path().join("cache");
    assert!(
        std::fs::read_dir(&index).is_ok_and(|mut d| d.next().is_some()),
        "an index file in {}",
        index.display()
    );
    let second = sandbox.run(&[os("list"), os("-L"), lib.as_os_str()]);
    assert!(second.status.success());
    assert_clean(&second);
}

#[test]
fn special_files_are_refused_at_once() {
    let sandbox = Sandbox::new();
    let fifo = sandbox.lib().join("fifo.txt");
    let status = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(status.success());
    let zero = sandbox.lib().join("zero.txt");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
    let folder = sandbox.lib().join("folder.txt");
    std::fs::create_dir(&folder).expect("mkdir");
    for (file, kind) in [
        (&fifo, "a FIFO"),
        (&zero, "a device"),
        (&folder, "a folder"),
    ] {
        for command in ["info", "cat"] {
            let out = sandbox.run(&[os(command), file.as_os_str()]);
            assert_eq!(out.status.code(), Some(2), "{command} {}", file.display());
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains(&format!("not a regular file ({kind})")),
                "{err}"
            );
            assert_eq!(err.lines().count(), 1, "{err}");
        }
    }
}

#[test]
fn a_link_into_proc_is_not_walked() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.lib().join("story.txt"), STORY).expect("write");
    std::os::unix::fs::symlink("/proc/self", sandbox.lib().join("self")).expect("symlink");
    std::os::unix::fs::symlink("/sys", sandbox.lib().join("sys")).expect("symlink");
    let lib = sandbox.lib();
    let out = sandbox.run(&[os("list"), os("--files"), os("-L"), lib.as_os_str()]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.lines().count(),
        2,
        "a header and the one story: {text}"
    );
}

#[test]
fn out_of_range_and_non_utf8_configs_are_one_clear_line() {
    let sandbox = Sandbox::new();
    let config_dir = sandbox.dir.path().join("config");
    std::fs::create_dir_all(&config_dir).expect("mkdir");
    let config = config_dir.join("config.toml");
    let cases: [(&[u8], &str); 4] = [
        (b"[reader]\nmax_width = 0\n", "reader.max_width = 0"),
        (
            b"[reader]\nwords_per_minute = 0\n",
            "reader.words_per_minute = 0",
        ),
        (
            b"# caf\xe9\n[reader]\n",
            "config.toml:1: not UTF-8 text (bad byte at offset 5)",
        ),
        (
            b"[reader]\n\"\x1b[2Jkey\" = 1\n",
            "reader.key: invalid basic string",
        ),
    ];
    for (text, want) in cases {
        std::fs::write(&config, text).expect("write");
        let out = sandbox.run(&[os("paths")]);
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        assert_clean(&out);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{want}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert_eq!(err.matches(want).count(), 1, "said once: {err}");
    }
}
