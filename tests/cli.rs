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
fn a_bad_alias_names_the_config_and_the_entry() {
    let sandbox = Sandbox::new();
    let config = sandbox.path().join("config.toml");
    std::fs::write(&config, "[aliases.ships]\nOops = \"Hurt/Comfort\"\n").expect("write config");
    let out = sandbox.run(&["--config", config.to_str().expect("utf-8"), "list"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let expected = format!(
        "ficread: {}: [aliases]: aliases.ships: \"Oops\" = \"Hurt/Comfort\" is not a relationship",
        config.display()
    );
    assert!(err.starts_with(&expected), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
}

#[test]
fn an_unreadable_story_is_one_line_without_repeats() {
    let sandbox = Sandbox::new();
    let broken = sandbox.path().join("broken.epub");
    std::fs::write(&broken, "not a zip").expect("write");
    let broken = broken.to_str().expect("utf-8").to_owned();
    for (file, reason) in [
        ("library/missing.txt", "cannot read: "),
        (broken.as_str(), "not an EPUB (not a zip file)"),
    ] {
        let out = sandbox.run(&["cat", file]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.starts_with(&format!("ficread: {file}: {reason}")),
            "{err}"
        );
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        let cause = err.trim_end().rsplit(": ").next().unwrap_or_default();
        assert_eq!(err.matches(cause).count(), 1, "said once: {err}");
    }
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
    let indexes: Vec<_> = std::fs::read_dir(sandbox.path().join("cache"))
        .expect("the cache dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|path| {
            path.extension().is_some_and(|x| x == "bin")
                && path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("index-"))
        })
        .collect();
    assert_eq!(indexes.len(), 1, "one index for the library: {indexes:?}");
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
    // Every key, the reading-state ones too, comes from the query's own key list.
    for key in ["shelf:reading", "favourite:yes", "progress:>50", "new:yes"] {
        assert!(stdout(&out).contains(key), "{key}");
    }
    let out = sandbox.run(&["no-such-command"]);
    assert_eq!(out.status.code(), Some(2));
}

/// `ficread list --json` on the sample library, keyed by file-name prefix.
fn sample_json(sandbox: &Sandbox, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["list", "--json"];
    all.extend_from_slice(args);
    let out = sandbox.run(&all);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        stderr(&out)
    );
    serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .expect("valid JSON")
        .as_array()
        .expect("array")
        .clone()
}

fn file_prefixes(stories: &[serde_json::Value]) -> Vec<String> {
    let mut names: Vec<String> = stories
        .iter()
        .map(|s| {
            let path = s["path"].as_str().expect("path");
            Path::new(path)
                .file_name()
                .expect("file name")
                .to_string_lossy()[..3]
                .to_owned()
        })
        .collect();
    names.sort();
    names
}

fn strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .expect("array")
        .iter()
        .map(|v| v.as_str().expect("string").to_owned())
        .collect()
}

#[test]
fn sample_library_matches_the_expected_metadata() {
    let sandbox = Sandbox::new();
    let stories = sample_json(&sandbox, &[]);
    assert_eq!(stories.len(), 5);
    let both = ["Buffy the Vampire Slayer", "Smallville"];
    // file, title, authors, fandoms, relationships, rating, status, scenes, words
    #[allow(clippy::type_complexity)]
    let expected: [(
        &str,
        &str,
        &[&str],
        &[&str],
        &[&str],
        Option<&str>,
        &str,
        &[u64],
        u64,
    ); 5] = [
        (
            "000",
            "Smallville Glory",
            &[],
            &both,
            &[],
            None,
            "unknown",
            &[7],
            2_020,
        ),
        (
            "001",
            "Help Wanted",
            &[],
            &both,
            &[],
            None,
            "complete",
            &[2],
            7_930,
        ),
        (
            "002",
            "His Hero",
            &["hils", "lexalicious70"],
            &["Smallville"],
            &["Clark Kent/Lex Luthor"],
            Some("G"),
            "complete",
            &[5],
            4_230,
        ),
        (
            "003",
            "Second Chances And New Beginnings",
            &[],
            &both,
            &["Buffy Summers/Lex Luthor"],
            None,
            "in-progress",
            &[6, 7],
            5_060,
        ),
        (
            "004",
            "Change of Space",
            &["Annie"],
            &both,
            &[],
            Some("R"),
            "unknown",
            &[8],
            11_670,
        ),
    ];
    for (prefix, title, authors, fandoms, relationships, rating, status, scenes, words) in expected
    {
        let story = stories
            .iter()
            .find(|s| {
                s["path"]
                    .as_str()
                    .is_some_and(|p| p.contains(&format!("/{prefix}_")))
            })
            .unwrap_or_else(|| panic!("{prefix} listed"));
        assert_eq!(story["title"], title, "{prefix}");
        assert_eq!(strings(&story["authors"]), authors, "{prefix}");
        assert_eq!(strings(&story["fandoms"]), fandoms, "{prefix}");
        assert_eq!(story["crossover"], fandoms.len() > 1, "{prefix}");
        let rels: Vec<&str> = story["relationships"]
            .as_array()
            .expect("array")
            .iter()
            .map(|r| r["name"].as_str().expect("name"))
            .collect();
        assert_eq!(rels, relationships, "{prefix}");
        assert_eq!(story["rating"].as_str(), rating, "{prefix}");
        assert_eq!(story["status"], status, "{prefix}");
        let got_scenes = story["scenes"].as_u64().expect("scenes");
        assert!(
            scenes.contains(&got_scenes),
            "{prefix}: {got_scenes} scenes"
        );
        let got_words = story["words"].as_u64().expect("words");
        assert!(
            got_words.abs_diff(words) * 100 <= words,
            "{prefix}: {got_words} words, expected about {words}"
        );
        assert_eq!(story["chapters"], 1, "{prefix}");
    }
    let help_wanted = stories
        .iter()
        .find(|s| s["title"] == "Help Wanted")
        .expect("001");
    assert_eq!(help_wanted["series"]["name"], "The Boy/Girl Universe");
    assert_eq!(help_wanted["series"]["index"], 2);
    assert!(help_wanted["relationships"][0].is_null());
    let his_hero = stories
        .iter()
        .find(|s| s["title"] == "His Hero")
        .expect("002");
    assert_eq!(his_hero["relationships"][0]["kind"], "romantic");
    let change = stories
        .iter()
        .find(|s| s["title"] == "Change of Space")
        .expect("004");
    let characters = strings(&change["characters"]);
    assert!(
        characters.contains(&"Lex Luthor".to_owned()),
        "{characters:?}"
    );
    assert!(characters.contains(&"Spike".to_owned()), "{characters:?}");
}

#[test]
fn queries_filter_the_sample_library() {
    let sandbox = Sandbox::new();
    let cases: &[(&[&str], &[&str])] = &[
        (&["pairing:clark/lex"], &["002"]),
        (&["pairing:clex"], &["002"]),
        (&["pairing:Lex Luthor/Clark Kent"], &["002"]),
        (&["pairing:clark & lex"], &[]),
        (&["pairing:lex"], &["002", "003"]),
        (&["fandom:btvs"], &["000", "001", "003", "004"]),
        (
            &["fandom:Buffy the Vampire Slayer (TV)", "-fandom:angel"],
            &["000", "001", "003", "004"],
        ),
        (&["fandom:smallville", "-fandom:buffy"], &["002"]),
        (&["crossover:yes"], &["000", "001", "003", "004"]),
        (&["crossover:no"], &["002"]),
        (&["crossover:btvs+sv"], &["000", "001", "003", "004"]),
        (&["status:complete"], &["001", "002"]),
        (&["status:wip"], &["003"]),
        (&["words:>5000"], &["001", "003", "004"]),
        (&["words:2000-5000"], &["000", "002"]),
        (&["rating:g"], &["002"]),
        (&["rating:<=t"], &["002"]),
        (&["rating:none"], &["000", "001", "003"]),
        (&["rating:r|g"], &["002", "004"]),
        (&["glory"], &["000", "001"]),
        (&["author:annie"], &["004"]),
        (&["series:boy/girl"], &["001"]),
        (&["character:spike", "status:unknown"], &["000", "004"]),
        (&["--fandom", "SV", "--pairing", "Clex"], &["002"]),
    ];
    for (args, want) in cases {
        let got = file_prefixes(&sample_json(&sandbox, args));
        assert_eq!(got, *want, "{args:?}");
    }
}

#[test]
fn list_table_fits_the_terminal_and_marks_crossovers() {
    let sandbox = Sandbox::new();
    let out = Command::new(env!("CARGO_BIN_EXE_ficread"))
        .arg("list")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("FICREAD_CONFIG_DIR", sandbox.path().join("config"))
        .env("FICREAD_CACHE_DIR", sandbox.path().join("cache"))
        .env("FICREAD_DATA_DIR", sandbox.path().join("data"))
        .env("COLUMNS", "80")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    for line in &lines {
        assert!(ficread::display::width(line) <= 80, "too wide: {line:?}");
    }
    assert!(lines[0].starts_with("Title"), "{text}");
    let his_hero = lines
        .iter()
        .find(|l| l.starts_with("His Hero"))
        .expect("row");
    assert!(!his_hero.contains('×'), "not a crossover: {his_hero}");
    assert!(his_hero.contains("4,224"), "{his_hero}");
    let glory = lines
        .iter()
        .find(|l| l.starts_with("Smallville Glory"))
        .expect("row");
    assert!(glory.contains('×'), "crossover mark: {glory}");
}

#[test]
fn info_shows_fields_provenance_and_chapters() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["info", "library/002_54f2dad0d817735c.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Title          His Hero"), "{text}");
    assert!(
        text.contains("Relationships  Clark Kent/Lex Luthor (romantic)"),
        "{text}"
    );
    assert!(text.contains("line 7"), "pairing provenance: {text}");
    assert!(text.contains("(4,224 words, 5 scenes)"), "{text}");

    let out = sandbox.run(&["info", "--json", "library/004_ca5d7cb0a57c4d69.txt"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["title"], "Change of Space");
    assert_eq!(json["chapter_list"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["chapter_list"][0]["scenes"], 8);
    let fandom_source = json["provenance"]["fandoms"].as_str().expect("provenance");
    assert!(
        fandom_source.contains("text") || fandom_source.contains("body"),
        "{fandom_source}"
    );
    assert!(
        json["provenance"]["rating"]
            .as_str()
            .expect("rating")
            .contains("Rated"),
        "{json}"
    );

    let out = sandbox.run(&["info", "library/missing.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.txt"), "{}", stderr(&out));
}

#[test]
fn info_says_when_a_book_was_read_leniently() {
    let sandbox = Sandbox::new();
    let book = "tests/fixtures/downloads/fimfiction-epub/tea-and-thunder.epub";
    let out = sandbox.run(&["info", book]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Title          Tea & Thunder"), "{text}");
    assert!(
        text.contains("book.opf is not well-formed XML, read leniently (2 stray '&' escaped)"),
        "{text}"
    );
    // The preface of a downloader's book is front matter: not in `cat`.
    let book = "tests/fixtures/downloads/downloader-epub/no-title-stripped.epub";
    let out = sandbox.run(&["cat", book]);
    let text = stdout(&out);
    assert!(
        text.starts_with("The conduit ran under the east pier"),
        "{text}"
    );
    assert!(!text.contains("Summary:"), "{text}");
}

#[test]
fn cat_prints_clean_text_with_one_ornament_per_break() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["cat", "library/002_54f2dad0d817735c.txt"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert_eq!(text.lines().filter(|l| *l == "⁂").count(), 4, "four breaks");
    for chrome in [
        "Title:",
        "[personal profile]",
        "Powered by Dreamwidth",
        "The End",
        "* * *",
        "anonymous posting",
    ] {
        assert!(!text.contains(chrome), "{chrome} leaked into cat");
    }
    assert!(
        text.starts_with("Lex let himself into the empty silence"),
        "{}",
        &text[..80]
    );
    assert!(
        text.trim_end()
            .ends_with("\"All he needed was a hero of his own.\""),
        "end"
    );

    let out = sandbox.run(&["cat", "tests/fixtures/stories/chapters.txt"]);
    let text = stdout(&out);
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("Chapter ")).collect();
    assert_eq!(
        headings,
        [
            "Chapter 1: The Barn",
            "Chapter 2: The Mansion",
            "Chapter 3: The Road"
        ]
    );
    // `cat | head` closes the pipe early: still a success, and no panic message.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{} cat library/004_ca5d7cb0a57c4d69.txt | head -c 10 >/dev/null; exit ${{PIPESTATUS[0]:-0}}",
            env!("CARGO_BIN_EXE_ficread")
        ))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run");
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

#[test]
fn copies_of_a_work_are_one_row_unless_files_is_asked() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipping: {} is absent", corpus.display());
        return;
    }
    let sandbox = Sandbox::new();
    let lib = corpus.to_str().expect("utf-8");
    let out = sandbox.run(&["--library", lib, "list", "--json", "title:wrist"]);
    let works: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let works = works.as_array().expect("array");
    assert_eq!(works.len(), 1, "the AO3 HTML and EPUB are one work");
    assert_eq!(works[0]["work"], "ao3:334557");
    let files = strings(&works[0]["files"]);
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files.iter().any(|f| f.ends_with("workInSeries.epub")));
    assert!(files.iter().any(|f| f.ends_with("workInSeries.html")));
    assert_eq!(works[0]["path"].as_str(), Some(files[0].as_str()));

    let out = sandbox.run(&["--library", lib, "list", "--json", "--files", "title:wrist"]);
    let each: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(each.as_array().map(Vec::len), Some(2));
    assert!(each[0].get("files").is_none());

    let out = sandbox.run(&["--library", lib, "list"]);
    let fff = stdout(&out)
        .lines()
        .filter(|l| l.starts_with("Test Story Title 1"))
        .count();
    assert_eq!(fff, 1, "the FanFicFare txt/html/epub trio is one row");
}

#[test]
fn bookmarks_lists_what_the_store_holds() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["bookmarks"]);
    assert_eq!(out.status.code(), Some(1), "none yet");
    assert!(
        stderr(&out).contains("no bookmarks yet"),
        "{}",
        stderr(&out)
    );

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("library/002_54f2dad0d817735c.txt");
    let doc = ficread::format::read_file(&path).expect("parses");
    let meta = ficread::meta::extract(&doc, &ficread::meta::Aliases::builtin());
    let key = ficread::store::story_key(&doc, &meta);
    let (mut store, _) = ficread::store::Store::open(&sandbox.path().join("data"));
    let state = store.entry(&key);
    state.title = meta.title.clone();
    state.path.clone_from(&path);
    let anchor = ficread::position::Anchor::new(0, 30, 0);
    state.add_bookmark("The barn", ficread::store::capture(&doc, anchor), 1_000);
    state.set_mark(
        'a',
        ficread::store::capture(&doc, ficread::position::Anchor::new(0, 5, 0)),
        2_000,
    );
    store.save().expect("saved");

    let out = sandbox.run(&["bookmarks", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rows = rows.as_array().expect("array");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["kind"], "mark");
    assert_eq!(rows[0]["id"], "a");
    assert_eq!(rows[1]["kind"], "bookmark");
    assert_eq!(rows[1]["label"], "The barn");
    assert_eq!(rows[1]["story"], "His Hero");
    assert!(rows[1]["quote"].as_str().is_some_and(|q| !q.is_empty()));
    let out = sandbox.run(&["bookmarks"]);
    let text = stdout(&out);
    assert!(text.starts_with("His Hero"), "{text}");
    assert!(text.contains("The barn"), "{text}");
}

#[test]
fn a_file_or_a_folder_as_the_only_argument() {
    let sandbox = Sandbox::new();
    // A file reads it: the reader needs a terminal, and says so (not "unrecognized
    // subcommand").
    let story = Path::new(env!("CARGO_MANIFEST_DIR")).join("library/002_54f2dad0d817735c.txt");
    let out = sandbox.run(&[story.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("needs a terminal"),
        "{}",
        stderr(&out)
    );
    // A folder is the library: piped, that is its list.
    let dir = sandbox.path().join("fics");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::copy(&story, dir.join("his-hero.txt")).expect("copy");
    let out = sandbox.run(&[dir.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = stdout(&out);
    assert!(listed.contains("His Hero"), "{listed}");
    assert_eq!(listed.lines().count(), 2, "only that folder: {listed}");
    // Subcommands still win.
    let out = sandbox.run(&["list", "--json", "-L", dir.to_str().expect("utf-8")]);
    assert!(out.status.success());
}

#[test]
fn list_honours_reading_state_queries_like_the_library() {
    let sandbox = Sandbox::new();
    let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("library");
    let aliases = ficread::meta::Aliases::builtin();
    let story = ficread::library::index_path(&lib.join("002_54f2dad0d817735c.txt"), &aliases)
        .expect("indexes");
    let (mut store, _) = ficread::store::Store::open(&sandbox.path().join("data"));
    let state = store.entry(&story.key);
    state.shelf = ficread::store::Shelf::Reading;
    state.favourite = true;
    store.save().expect("saves");
    let out = sandbox.run(&["list", "shelf:reading"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    assert_eq!(table.lines().count(), 2, "{table}");
    assert!(
        table.contains("His Hero") && table.contains("♥ 0% reading"),
        "{table}"
    );
    let out = sandbox.run(&["list", "favourite:yes", "--json"]);
    assert!(out.status.success(), "{} / {}", stdout(&out), stderr(&out));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {:?}", stdout(&out)));
    assert_eq!(json[0]["reading"]["shelf"], "reading");
    assert_eq!(json[0]["reading"]["favourite"], true);
    let out = sandbox.run(&["list", "shelf:unread"]);
    assert!(!stdout(&out).contains("His Hero"), "{}", stdout(&out));
    assert_eq!(
        stdout(&out).lines().count(),
        5,
        "the other four and a header"
    );
}

#[test]
fn man_prints_a_roff_page_of_commands_keys_queries_config_and_files() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["man"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "roff: {}",
        &page[..80]
    );
    for section in [
        "COMMANDS",
        "LIBRARY KEYS",
        "READER KEYS",
        "QUERIES",
        "CONFIGURATION",
        "FILES",
        "EXIT STATUS",
    ] {
        assert!(
            page.contains(&format!(".SH \"{section}\""))
                || page.contains(&format!(".SH {section}")),
            "{section}"
        );
    }
    // Generated, not written: every query key and a config option are there.
    for needle in [
        "shelf:reading",
        "favourite:yes",
        "max_width",
        "ficread list",
        "Suspend",
        "ficread sync status",
        "device\\-id",
        "dir = \"~/Sync/ficread\"",
    ] {
        assert!(page.contains(needle), "{needle}");
    }
}

#[test]
fn a_series_is_listed_in_reading_order() {
    let sandbox = Sandbox::new();
    let lib = sandbox.path().join("kansas");
    std::fs::create_dir_all(&lib).expect("mkdir");
    for (file, title, part) in [
        ("a.txt", "Wheat", 2),
        ("b.txt", "Storm", 3),
        ("c.txt", "Harvest", 1),
    ] {
        std::fs::write(
            lib.join(file),
            format!(
                "Title: {title}\nAuthor: Someone\nSeries: Kansas, Part {part}\n\nThe fields went on for miles, and the sky went on further still.\n"
            ),
        )
        .expect("write");
    }
    std::fs::write(
        lib.join("d.txt"),
        "Title: Alone\nAuthor: Someone\n\nNot in any series at all, just a story on its own.\n",
    )
    .expect("write");
    let dir = lib.to_str().expect("utf-8");
    let out = sandbox.run(&["list", "-L", dir, "series:kansas", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let titles: Vec<&str> = json
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|s| s["title"].as_str())
        .collect();
    assert_eq!(titles, ["Harvest", "Wheat", "Storm"]);
}

#[test]
fn stats_sums_reading_by_day_fandom_and_relationship() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["stats"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Nothing read yet"),
        "{}",
        stdout(&out)
    );

    // A story of the sample library, read today and on a day long ago, and a
    // story outside it whose fandom is hostile text.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("library/002_54f2dad0d817735c.txt");
    let doc = ficread::format::read_file(&path).expect("parses");
    let meta = ficread::meta::extract(&doc, &ficread::meta::Aliases::builtin());
    let key = ficread::store::story_key(&doc, &meta);
    let lib = sandbox.path().join("lib");
    std::fs::create_dir_all(&lib).expect("mkdir");
    std::fs::copy(&path, lib.join("his-hero.txt")).expect("copy");
    let hostile = lib.join("hostile.txt");
    std::fs::write(
        &hostile,
        "Title: Odd\nAuthor: Someone\nFandom: Evil\u{1b}[2J Fandom\n\nA story of one line, told in a single breath.\n",
    )
    .expect("write");
    let hostile_doc = ficread::format::read_file(&hostile).expect("parses");
    let hostile_meta = ficread::meta::extract(&hostile_doc, &ficread::meta::Aliases::builtin());
    let hostile_key = ficread::store::story_key(&hostile_doc, &hostile_meta);
    let today = ficread::app::today();
    let tally = |secs, words, finished| ficread::store::Tally {
        secs,
        words,
        pages: 3,
        finished,
    };
    let (mut store, _) = ficread::store::Store::open(&sandbox.path().join("data"));
    store.record_reading(&key, &today, tally(600, 2_500, 1));
    store.record_reading(&key, "2001-01-01", tally(60, 100, 0));
    store.record_reading(&hostile_key, &today, tally(30, 50, 0));
    store.save().expect("saved");

    let lib_arg = lib.to_string_lossy().into_owned();
    let out = sandbox.run(&["stats", "--json", "-L", &lib_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["today"], today.as_str());
    assert_eq!(report["today_totals"]["secs"], 630);
    assert_eq!(report["last_7_days"]["words"], 2_550);
    assert_eq!(report["all_time"]["secs"], 690);
    assert_eq!(report["all_time"]["finished"], 1);
    assert_eq!(report["all_time"]["pace"], 2_650 * 60 / 690);
    assert_eq!(report["stories_read"], 2);
    let days: Vec<&str> = report["days"]
        .as_array()
        .expect("days")
        .iter()
        .filter_map(|d| d["day"].as_str())
        .collect();
    assert_eq!(days, [today.as_str(), "2001-01-01"]);
    let fandom = &report["fandoms"][0];
    assert_eq!(fandom["name"], meta.fandoms[0].as_str());
    assert_eq!(
        (fandom["stories"].clone(), fandom["secs"].clone()),
        (1.into(), 660.into())
    );
    assert!(
        report["relationships"]
            .as_array()
            .is_some_and(|r| r.iter().any(|g| g["words"] == 2_600)),
        "{report:#}"
    );

    let out = sandbox.run(&["stats", "-L", &lib_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(text.contains("Top fandoms"), "{text}");
    assert!(text.contains(&meta.fandoms[0]), "{text}");
    assert!(text.contains("All time") && text.contains("11m"), "{text}");
    assert!(text.contains(&format!("  {today}")), "{text}");
}

/// A sandbox as one machine sharing `shared` through `[sync]`, with its own copy of
/// seed 002 at `layout` under its own library folder.
fn machine(shared: &Path, name: &str, layout: &str) -> (Sandbox, PathBuf) {
    let sandbox = Sandbox::new();
    let lib = sandbox.path().join("lib");
    let copy = lib.join(layout);
    std::fs::create_dir_all(copy.parent().expect("parent")).expect("mkdir");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("library/002_54f2dad0d817735c.txt"),
        &copy,
    )
    .expect("copy");
    std::fs::create_dir_all(sandbox.path().join("config")).expect("mkdir");
    std::fs::write(
        sandbox.path().join("config/config.toml"),
        format!(
            "[library]\npaths = [{lib:?}]\n[sync]\ndir = {shared:?}\nname = \"{name}\"\n",
            lib = lib.to_string_lossy(),
            shared = shared.to_string_lossy()
        ),
    )
    .expect("config");
    (sandbox, copy)
}

#[test]
fn sync_shares_the_reading_state_between_two_machines() {
    let folder = tempfile::tempdir().expect("tempdir");
    let shared = folder.path().join("ficread");
    // A's name tries to clear the screen of whoever lists it.
    let (a, path_a) = machine(&shared, "desk\\u001b[2J", "Smallville/Tom/His Hero.txt");
    let (b, path_b) = machine(&shared, "laptop", "his-hero.txt");
    let out = b.run(&["sync", "status", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(status["devices"], serde_json::json!([]), "{status:#}");
    assert_eq!(
        status["device"]["id"],
        serde_json::Value::Null,
        "status makes nothing"
    );
    assert_eq!(status["device"]["name"], "laptop");

    // Machine A reads (through the store, as the reader saves), B too.
    let aliases = ficread::meta::Aliases::builtin();
    let story = ficread::library::index_path(&path_a, &aliases).expect("indexes");
    let doc = ficread::format::read_file(&path_a).expect("parses");
    let settings = |name: &str| ficread::store::SyncSettings {
        dir: shared.clone(),
        name: Some(name.to_owned()),
    };
    let today = ficread::app::today();
    let tally = |secs| ficread::store::Tally {
        secs,
        words: secs * 5,
        pages: 4,
        finished: 0,
    };
    let (mut store_a, _) = ficread::store::Store::open(&a.path().join("data"));
    assert!(store_a.attach_sync(&settings("desk\u{1b}[2J")).is_empty());
    {
        let state = store_a.entry(&story.key);
        state.path.clone_from(&path_a);
        state.title.clone_from(&story.meta.title);
        state.shelf = ficread::store::Shelf::OnHold;
        let place = ficread::store::capture(&doc, ficread::position::Anchor::new(0, 30, 0));
        state.position = Some(place.clone());
        state.add_bookmark("The barn", place, ficread::store::now_ms());
    }
    store_a.record_reading(&story.key, &today, tally(600));
    store_a.save().expect("A saves");
    let (mut store_b, _) = ficread::store::Store::open(&b.path().join("data"));
    assert!(store_b.attach_sync(&settings("laptop")).is_empty());
    store_b.record_reading(&story.key, &today, tally(120));
    store_b.save().expect("B saves");
    // A file cut short by a sync still under way.
    std::fs::write(
        shared.join("0000000000000000000000000000000f.json"),
        "{\"version\":1,\"device\":\"0000",
    )
    .expect("write");

    // B's CLI, over B's own copy at another path, sees A's shelf, bookmark and time.
    let out = b.run(&["list", "shelf:on-hold", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(rows.as_array().map(Vec::len), Some(1), "{rows:#}");
    assert_eq!(
        rows[0]["files"][0].as_str(),
        Some(path_b.to_string_lossy().as_ref()),
        "{rows:#}"
    );
    let err = stderr(&out);
    assert!(
        err.contains("0000000000000000000000000000000f.json: skipped (cut short"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let out = b.run(&["bookmarks", "--json"]);
    let marks: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(marks[0]["label"], "The barn", "{marks:#}");
    let out = b.run(&["stats", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["today_totals"]["secs"], 720, "600 on A + 120 on B");
    let out = a.run(&["stats", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["today_totals"]["secs"], 720, "A sees B's too");

    let out = b.run(&["sync", "status", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let devices = status["devices"].as_array().expect("devices");
    assert_eq!(devices.len(), 2, "{status:#}");
    let names: Vec<(&str, bool, u64)> = devices
        .iter()
        .map(|d| {
            (
                d["name"].as_str().unwrap_or(""),
                d["this_device"] == true,
                d["works"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert!(names.contains(&("laptop", true, 1)), "{names:?}");
    assert!(names.contains(&("desk\u{1b}[2J", false, 1)), "{names:?}");
    assert!(
        devices
            .iter()
            .all(|d| d["written_ms"].as_u64().is_some_and(|t| t > 0))
    );
    assert_eq!(status["skipped"].as_array().map(Vec::len), Some(1));
    let out = b.run(&["sync", "status"]);
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(
        text.contains("This device  laptop (") && text.contains("  desk  "),
        "{text}"
    );
    assert!(
        text.contains("(this device)") && text.contains("1 work"),
        "{text}"
    );
    assert!(
        text.contains("0000000000000000000000000000000f.json: cut short"),
        "{text}"
    );

    let off = Sandbox::new();
    let out = off.run(&["sync", "status"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with("Sync is off: set sync.dir in "),
        "{}",
        stdout(&out)
    );
}

#[test]
fn cat_keeps_the_front_matter_out_unless_asked() {
    let sandbox = Sandbox::new();
    let story = "library/000_bb6d4e728ffb166b.txt";
    let plain = stdout(&sandbox.run(&["cat", story]));
    assert!(plain.starts_with("Staring in horror"), "{}", &plain[..60]);
    assert!(!plain.contains("What, me own anything?"), "no disclaimer");
    assert!(!plain.contains("COA 2010 nominee"), "no summary");

    let out = sandbox.run(&["cat", "--front-matter", story]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let (front, body) = text
        .split_once("\n\nStaring in horror")
        .expect("the story follows the front matter");
    assert_eq!(
        front,
        "Smallville Glory\n\
         \n\
         Fandoms: Buffy the Vampire Slayer, Smallville (crossover)\n\
         Words: 2,021\n\
         \n\
         Summary\n\
         \n\
         *COA 2010 nominee* With Glory hot on their trail, the Scooby gang thinks to ask for help. \
         This leads them to Smallville, Kansas, where they seek the one being able to go toe-to-toe with a hell god.\n\
         \n\
         Disclaimer\n\
         \n\
         What, me own anything? Smallville and Buffy are the property of Joss Whedon, DC comics and other people."
    );
    assert_eq!(
        format!("Staring in horror{body}"),
        plain,
        "the story itself unchanged"
    );
}
