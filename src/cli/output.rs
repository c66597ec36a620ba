//! Shared output helpers: the JSON shape of a story, column fitting by display
//! width, problem summaries, broken pipes.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use std::fmt::Write as _;

use anyhow::{Context as _, Result};
use serde::Serialize;

use super::Context;
use crate::library::{Problem, Story};
use crate::meta::{Relationship, Series, StoryMeta};

/// The JSON object for one story (`ficread list --json`, `ficread info --json`).
#[derive(Serialize)]
pub struct StoryJson<'a> {
    #[serde(serialize_with = "lossy_path")]
    pub path: &'a Path,
    pub format: crate::format::FormatKind,
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub authors: &'a [String],
    pub summary: Option<&'a str>,
    pub fandoms: &'a [String],
    pub crossover: bool,
    pub relationships: &'a [Relationship],
    pub characters: &'a [String],
    /// The rating as the story states it (`G`, `R`, `Teen And Up Audiences`).
    pub rating: Option<&'a str>,
    /// The normalised rating (`general`, `teen`, `mature`, `explicit`, `not-rated`).
    pub rating_level: Option<&'static str>,
    pub warnings: &'a [String],
    pub tags: &'a [String],
    pub series: Option<&'a Series>,
    pub status: &'static str,
    pub words: usize,
    pub chapters: usize,
    pub scenes: usize,
    pub language: Option<&'a str>,
    pub published: Option<&'a str>,
    pub updated: Option<&'a str>,
    pub site: Option<&'a str>,
    pub url: Option<&'a str>,
    /// The work's archive identity (`ao3:334557`), shared by copies of one work.
    pub work: Option<&'a str>,
    /// Every file of the work (`list` without `--files`); the first is `path`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files: Option<LossyPaths<'a>>,
    /// Your reading state of it (`list`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reading: Option<ReadingJson>,
}

/// A story's reading state in JSON.
#[derive(Serialize)]
pub struct ReadingJson {
    pub shelf: &'static str,
    pub favourite: bool,
    /// How far through, 0–100.
    pub percent: usize,
    pub new_chapters: usize,
}

/// Paths in JSON output, each as [`lossy_path`] writes one.
#[derive(Clone, Copy)]
pub struct LossyPaths<'a>(pub &'a [std::path::PathBuf]);

impl Serialize for LossyPaths<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|p| p.to_string_lossy()))
    }
}

/// A path in JSON output: text, with bytes that are not UTF-8 shown as U+FFFD (the
/// files ficread writes for itself keep them exactly; see `paths::lossless`).
pub fn lossy_path<S: serde::Serializer>(path: &&Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path.to_string_lossy())
}

impl<'a> StoryJson<'a> {
    /// The JSON view of a story.
    pub fn new(path: &'a Path, format: crate::format::FormatKind, meta: &'a StoryMeta) -> Self {
        Self {
            path,
            format,
            title: &meta.title,
            subtitle: meta.subtitle.as_deref(),
            authors: &meta.authors,
            summary: meta.summary.as_deref(),
            fandoms: &meta.fandoms,
            crossover: meta.crossover,
            relationships: &meta.relationships,
            characters: &meta.characters,
            rating: meta.rating.as_ref().map(|r| r.raw.as_str()),
            rating_level: meta
                .rating
                .as_ref()
                .and_then(|r| r.level)
                .map(crate::meta::RatingLevel::as_str),
            warnings: &meta.warnings,
            tags: &meta.tags,
            series: meta.series.as_ref(),
            status: meta.status.as_str(),
            words: meta.words,
            chapters: meta.chapters,
            scenes: meta.scenes,
            language: meta.language.as_deref(),
            published: meta.published.as_deref(),
            updated: meta.updated.as_deref(),
            site: meta.site.as_deref(),
            url: meta.url.as_deref(),
            work: meta.work.as_deref(),
            files: None,
            reading: None,
        }
    }

    /// With the reader's state of the story.
    #[must_use]
    pub fn with_reading(self, reading: &crate::library::Reading) -> Self {
        Self {
            reading: Some(ReadingJson {
                shelf: reading.shelf.as_str(),
                favourite: reading.favourite,
                percent: reading.percent,
                new_chapters: reading.new_chapters,
            }),
            ..self
        }
    }

    /// The JSON view of an indexed story.
    pub fn of(story: &'a Story) -> Self {
        Self::new(&story.path, story.format, &story.meta)
    }

    /// The JSON view of a work: its representative file plus all its files.
    pub fn of_work(work: &'a crate::library::Work) -> Self {
        Self {
            files: Some(LossyPaths(&work.files)),
            ..Self::of(&work.story)
        }
    }
}

/// Prints problems to stderr: a count and one line per file (at most `limit`).
pub fn report_problems(problems: &[Problem], limit: usize) {
    if problems.is_empty() {
        return;
    }
    let files = if problems.len() == 1 { "file" } else { "files" };
    eprintln!("ficread: {} {files} could not be read:", problems.len());
    for problem in problems.iter().take(limit) {
        eprintln!("  {}", one_line(&problem.message()));
    }
    if problems.len() > limit {
        eprintln!("  … and {} more", problems.len() - limit);
    }
}

pub use crate::display::{one_line, path};

/// The width to fit tables into: the terminal's when stdout is one, else `$COLUMNS`,
/// else unlimited (so piping into `grep` loses nothing).
pub fn output_width() -> Option<usize> {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal()
        && let Ok((columns, _)) = ratatui::crossterm::terminal::size()
    {
        return Some(usize::from(columns).max(20));
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .filter(|c| *c > 0)
}

/// Writes `value` as pretty JSON and a newline. serde_json escapes the C0 controls;
/// DEL and the C1 controls (U+0080–U+009F, which include a one-byte CSI that
/// terminals obey) are escaped here too, so no control character reaches a terminal
/// through JSON either.
pub fn write_json(out: &mut impl Write, value: &impl Serialize) -> Result<()> {
    let text = serde_json::to_string_pretty(value).context("writing JSON")?;
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if ('\u{7f}'..='\u{9f}').contains(&c) {
            // Only string contents can hold these: JSON's own syntax is ASCII.
            let _ = write!(escaped, "\\u{:04x}", u32::from(c));
        } else {
            escaped.push(c);
        }
    }
    writeln!(out, "{escaped}")?;
    Ok(())
}

/// An error and its causes on one line, like `{:#}`, but without repeating a cause
/// the line already ends with: the model's error types keep their one-line message
/// whole (a `to_string()` says everything) and also expose the wrapped error as
/// `source()`, so `{:#}` would print that part twice.
pub fn error_line(err: &anyhow::Error) -> String {
    // Causes are compared in the form the format errors quote them (controls
    // written as escapes): compared raw, a cause with a control character never
    // matched the message quoting it and was said twice.
    let mut said = String::new();
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        let quoted = crate::format::one_line(&text);
        if !said.is_empty() {
            if said.ends_with(&*quoted) {
                continue;
            }
            said.push_str(": ");
            line.push_str(": ");
        }
        said.push_str(&quoted);
        line.push_str(&text);
    }
    one_line(&line)
}

/// True when the error is a closed stdout (`ficread list | head`), which is success.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// `ficread paths`.
pub fn print_paths(ctx: &Context) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let p = &ctx.paths;
    let config_state = if p.config_file.exists() {
        ""
    } else {
        " (not present: defaults)"
    };
    writeln!(out, "config  {}{config_state}", path(&p.config_file))?;
    writeln!(out, "data    {}", path(&p.data_dir))?;
    writeln!(out, "state   {}", path(&p.state_dir))?;
    match ctx.library_roots() {
        Ok(roots) => {
            writeln!(out, "index   {}", path(&p.index_file(&roots)))?;
            for root in roots {
                writeln!(out, "library {}", path(&root))?;
            }
        }
        Err(e) => writeln!(out, "library none ({})", one_line(&e.to_string()))?,
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_line_does_not_repeat_a_cause_in_the_message() {
        let path = std::path::PathBuf::from("gone.txt");
        let read = crate::format::ReadError::Io {
            path,
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        };
        assert_eq!(
            error_line(&anyhow::Error::new(read)),
            "gone.txt: cannot read: no such file"
        );
        let wrapped = anyhow::anyhow!("no such file").context("config.toml");
        assert_eq!(error_line(&wrapped), "config.toml: no such file");
        // A cause with a control character, quoted made safe by the message above it.
        let xml = roxmltree::Document::parse("<?xml version\u{1b}=\"1.0\"?><a/>")
            .expect_err("an ESC in the declaration");
        let read = crate::format::ReadError::Malformed {
            path: "book.epub".into(),
            source: crate::format::ParseError::BadPackage {
                path: "content.opf".into(),
                source: xml,
            },
        };
        let line = error_line(&anyhow::Error::new(read));
        assert_eq!(line.matches("expected").count(), 1, "{line}");
        assert!(!line.contains('\u{1b}'), "{line}");
    }
}
