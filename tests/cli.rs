//! The command-line interface, run as a user would: the real binary, with config,
//! data and cache directories pointed at temporary folders.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A sandbox: its own config/data/cache/state dirs and a working directory.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `ficread ARGS` run from the project root (so `./library` is the sample library).
    fn run(&self, args: &[&str]) -> Output {
        self.run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
    }

    fn run_in(&self, cwd: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_ficread"))
            .args(args)
            .current_dir(cwd)
            .env("FICREAD_CONFIG_DIR", self.path().join("config"))
            .env("FICREAD_DATA_DIR", self.path().join("data"))
            .env("FICREAD_CACHE_DIR", self.path().join("cache"))
            .env("FICREAD_STATE_DIR", self.path().join("state"))
            .env_remove("COLUMNS")
            .output()
            .expect("run ficread")
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn invalid_configs_exit_2_naming_file_line_and_key() {
    let sandbox = Sandbox::new();
    let cases = [
        (
            "configs/invalid_unknown_key.toml",
            ":3:",
            "library.max_width",
        ),
        ("configs/invalid_wrong_type.toml", ":2:", "library.paths"),
        ("configs/invalid_syntax.toml", ":1:", ""),
    ];
    for (name, line, key) in cases {
        let path = fixture(name);
        let out = sandbox.run(&["--config", path.to_str().expect("utf-8 path"), "list"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(&format!("{}{line}", path.display())),
            "{name}: {err}"
        );
        assert!(err.contains(key), "{name}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    }
}

#[test]
fn missing_explicit_config_is_an_error() {
    let sandbox = Sandbox::new();
    let missing = sandbox.path().join("nope.toml");
    let out = sandbox.run(&["--config", missing.to_str().expect("utf-8"), "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.toml"), "{}", stderr(&out));
}

#[test]
fn missing_library_folder_is_an_error() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["--library", "/definitely/not/here", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/definitely/not/here"),
        "{}",
        stderr(&out)
    );

    let config = sandbox.path().join("config.toml");
    std::fs::write(&config, "[library]\npaths = [\"gone\"]\n").expect("write config");
    let out = sandbox.run(&["--config", config.to_str().expect("utf-8"), "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("gone: library folder does not exist"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn no_library_anywhere_says_how_to_configure_one() {
    let sandbox = Sandbox::new();
    let out = sandbox.run_in(sandbox.path(), &["list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("library.paths"), "{}", stderr(&out));
}

#[test]
fn broken_files_are_reported_and_do_not_stop_the_scan() {
    let sandbox = Sandbox::new();
    let lib = sandbox.path().join("lib");
    std::fs::create_dir_all(&lib).expect("mkdir");
    std::fs::write(
        lib.join("good.txt"),
        "A Good Story\n\nSummary: Nothing happens.\n\nIt was a quiet day in Smallville.\n\nThen it rained.\n",
    )
    .expect("write");
    std::fs::write(lib.join("broken.epub"), b"this is not a zip file").expect("write");
    let out = sandbox.run(&["--library", lib.to_str().expect("utf-8"), "list", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("stdout is valid JSON");
    let stories = json.as_array().expect("array");
    assert_eq!(stories.len(), 1);
    assert!(
        stories[0]["path"]
            .as_str()
            .expect("path")
            .ends_with("good.txt")
    );
    let err = stderr(&out);
    assert!(err.contains("1 file could not be read"), "{err}");
    assert!(err.contains("broken.epub"), "{err}");
}

#[test]
fn nothing_matched_exits_1() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["list", "title:no-such-story-anywhere"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    let out = sandbox.run(&["list", "--json", "title:no-such-story-anywhere"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out).trim(), "[]");
}

#[test]
fn malformed_query_exits_2_with_a_reason() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["list", "words:lots"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("words:lots"), "{}", stderr(&out));
}

#[test]
fn the_cache_is_reused_and_refreshed() {
    let sandbox = Sandbox::new();
    let lib = sandbox.path().join("lib");
    std::fs::create_dir_all(&lib).expect("mkdir");
    let story = lib.join("story.txt");
    std::fs::write(&story, "First Title\n\nSummary: One.\n\nBody text here.\n").expect("write");
    let args = ["--library", lib.to_str().expect("utf-8"), "list", "--json"];
    let first = sandbox.run(&args);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(sandbox.path().join("cache/index.json").is_file());
    // Same size, new mtime and content: the cache must notice.
    std::fs::write(&story, "Other Title\n\nSummary: Two.\n\nBody text here.\n").expect("rewrite");
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(&story)
        .and_then(|f| f.set_modified(later))
        .expect("touch");
    let second = sandbox.run(&args);
    assert!(
        stdout(&second).contains("Other Title"),
        "{}",
        stdout(&second)
    );
}

#[test]
fn completions_and_help_work() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("ficread"));
    let out = sandbox.run(&["list", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("crossover"));
    let out = sandbox.run(&["no-such-command"]);
    assert_eq!(out.status.code(), Some(2));
}
