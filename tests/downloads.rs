//! Recognition of real downloads, family by family: every file under
//! `tests/fixtures/downloads/` with an `<file>.expect.toml` beside it (and every
//! `corpus-*.expect.toml` there naming a file in `../shared/corpus`, skipped when the
//! corpus is absent) is read as the library reads it, and each field the
//! expectation states is checked: title, authors, fandoms, romantic and platonic
//! relationships, rating, status, chapters, words (±10%), series (name and part),
//! chrome stripped (strings that must not be in the text) and body kept (strings that
//! must be).
//!
//! The test fails on any wrong field and prints the per-field accuracy table;
//! `FICREAD_ACCURACY=report` prints the table without failing (to measure a build
//! that is known to fall short).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ficread::format::read_file;
use ficread::meta::{Aliases, RelationshipKind, StoryMeta, extract_with_fallback};
use serde::Deserialize;

/// What one download states, as a reader would read it off the page.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// A file in `../shared/corpus` instead of the fixture beside this file.
    corpus: Option<String>,
    title: Option<String>,
    authors: Option<Vec<String>>,
    fandoms: Option<Vec<String>>,
    romantic: Option<Vec<String>>,
    platonic: Option<Vec<String>>,
    /// The rating as stated (`PG-13`, `Fiction T`, `Teen And Up Audiences`); `""`
    /// for a story that states none.
    rating: Option<String>,
    /// `complete`, `in-progress` or `unknown`.
    status: Option<String>,
    chapters: Option<usize>,
    /// Body words; right within 10%.
    words: Option<usize>,
    /// The first series the story names (`""` for none), and its part number.
    series: Option<String>,
    series_index: Option<u32>,
    /// Chrome: none of these may be in the story's text.
    #[serde(default)]
    absent: Vec<String>,
    /// Body: all of these must be in the story's text.
    #[serde(default)]
    present: Vec<String>,
}

const FIELDS: &[&str] = &[
    "title", "authors", "fandoms", "romantic", "platonic", "rating", "status", "chapters", "words",
    "series", "chrome", "body",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/downloads")
}

/// Every expectation file with the story it describes.
fn cases() -> Vec<(PathBuf, PathBuf)> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut cases = Vec::new();
    for entry in walkdir::WalkDir::new(root()).sort_by_file_name() {
        let entry = entry.expect("walk");
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(story_name) = name.strip_suffix(".expect.toml") else {
            continue;
        };
        let text = std::fs::read_to_string(path).expect("read expectation");
        let expect: Expect =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let story = match &expect.corpus {
            Some(relative) => {
                let story = corpus.join(relative);
                if !story.is_file() {
                    eprintln!("skipping {}: corpus file absent", story.display());
                    continue;
                }
                story
            }
            None => path.with_file_name(story_name),
        };
        cases.push((path.to_owned(), story));
    }
    cases
}

fn set(items: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut items: Vec<String> = items.into_iter().collect();
    items.sort();
    items.dedup();
    items
}

fn relationships(meta: &StoryMeta, kind: RelationshipKind) -> Vec<String> {
    set(meta
        .relationships
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| r.name.clone()))
}

/// Checks one download; returns (field, right, what was wrong).
fn check(expect_path: &Path, story: &Path, aliases: &Aliases) -> Vec<(&'static str, bool, String)> {
    let text = std::fs::read_to_string(expect_path).expect("read expectation");
    let expect: Expect = toml::from_str(&text).expect("parses");
    let mut out = Vec::new();
    let mut field = |name: &'static str, ok: bool, detail: String| out.push((name, ok, detail));
    let doc = match read_file(story) {
        Ok(doc) => doc,
        Err(e) => {
            // A story-bearing file rejected: every stated field is wrong.
            for name in FIELDS {
                field(name, false, format!("rejected: {e}"));
            }
            return out;
        }
    };
    let stem = story
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let meta = extract_with_fallback(&doc, aliases, stem);
    if let Some(title) = &expect.title {
        field(
            "title",
            meta.title.trim() == title,
            format!("{:?}", meta.title),
        );
    }
    if let Some(authors) = &expect.authors {
        let got = set(meta.authors.iter().cloned());
        field(
            "authors",
            got == set(authors.iter().cloned()),
            format!("{got:?}"),
        );
    }
    if let Some(fandoms) = &expect.fandoms {
        let got = set(meta.fandoms.iter().cloned());
        let want = set(fandoms.iter().map(|f| aliases.canonical_fandom(f)));
        field("fandoms", got == want, format!("{got:?} (want {want:?})"));
    }
    for (name, kind, expected) in [
        ("romantic", RelationshipKind::Romantic, &expect.romantic),
        ("platonic", RelationshipKind::Platonic, &expect.platonic),
    ] {
        if let Some(expected) = expected {
            let got = relationships(&meta, kind);
            let want = set(expected.iter().map(|r| {
                aliases
                    .parse_relationship(r)
                    .map_or_else(|| format!("unparsed {r}"), |r| r.name)
            }));
            field(name, got == want, format!("{got:?} (want {want:?})"));
        }
    }
    if let Some(rating) = &expect.rating {
        let got = meta.rating.as_ref().map_or("", |r| r.raw.as_str());
        field(
            "rating",
            got.trim().eq_ignore_ascii_case(rating.trim()),
            format!("{got:?}"),
        );
    }
    if let Some(status) = &expect.status {
        field(
            "status",
            meta.status.as_str() == status,
            meta.status.as_str().to_owned(),
        );
    }
    if let Some(chapters) = expect.chapters {
        field(
            "chapters",
            meta.chapters == chapters,
            meta.chapters.to_string(),
        );
    }
    if let Some(words) = expect.words {
        let ok = meta.words.abs_diff(words) * 10 <= words;
        field("words", ok, meta.words.to_string());
    }
    if expect.series.is_some() || expect.series_index.is_some() {
        let got = meta.series.as_ref().map(|s| (s.name.as_str(), s.index));
        let want_name = expect.series.as_deref().unwrap_or_default();
        let ok = match got {
            None => want_name.is_empty() && expect.series_index.is_none(),
            Some((name, index)) => name == want_name && index == expect.series_index,
        };
        field("series", ok, format!("{got:?}"));
    }
    let body: String = doc
        .chapters
        .iter()
        .flat_map(|c| {
            c.title
                .iter()
                .map(String::as_str)
                .chain(c.blocks.iter().map(ficread::document::Block::text))
        })
        .collect::<Vec<_>>()
        .join("\n");
    if !expect.absent.is_empty() {
        let found: Vec<&String> = expect
            .absent
            .iter()
            .filter(|a| body.contains(a.as_str()))
            .collect();
        field(
            "chrome",
            found.is_empty(),
            format!("still in the text: {found:?}"),
        );
    }
    if !expect.present.is_empty() {
        let missing: Vec<&String> = expect
            .present
            .iter()
            .filter(|p| !body.contains(p.as_str()))
            .collect();
        field(
            "body",
            missing.is_empty(),
            format!("missing from the text: {missing:?}"),
        );
    }
    out
}

#[test]
fn downloads_are_recognised_field_by_field() {
    let aliases = Aliases::builtin();
    let cases = cases();
    let mut right: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut failures = String::new();
    for (expect, story) in &cases {
        for (field, ok, detail) in check(expect, story, &aliases) {
            let tally = right.entry(field).or_default();
            tally.1 += 1;
            if ok {
                tally.0 += 1;
            } else {
                let name = expect.strip_prefix(root()).unwrap_or(expect);
                let _ = writeln!(failures, "{}: {field}: {detail}", name.display());
            }
        }
    }
    let (all_right, all) = right.values().fold((0, 0), |(r, t), (a, b)| (r + a, t + b));
    let mut table = format!(
        "{} downloads, {all_right}/{all} fields right\n",
        cases.len()
    );
    for field in FIELDS {
        if let Some((r, t)) = right.get(field) {
            let _ = writeln!(
                table,
                "  {field:<9} {r:>4}/{t:<4} {:5.1}%",
                100.0 * *r as f64 / *t as f64
            );
        }
    }
    eprintln!("{table}");
    if !failures.is_empty() {
        eprintln!("{failures}");
    }
    if std::env::var("FICREAD_ACCURACY").as_deref() != Ok("report") {
        assert!(failures.is_empty(), "wrong fields:\n{failures}");
    }
}
