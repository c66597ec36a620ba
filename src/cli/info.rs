//! `ficread info`: everything known about one story, with its chapters and the
//! provenance of each field.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::output::{StoryJson, one_line};
use super::{Context, InfoArgs};
use crate::display::thousands;
use crate::format;
use crate::library;
use crate::meta::{ChapterInfo, StoryMeta};

#[derive(Serialize)]
struct InfoJson<'a> {
    #[serde(flatten)]
    story: StoryJson<'a>,
    chapter_list: &'a [ChapterInfo],
    provenance: &'a crate::meta::Provenance,
}

/// Runs `ficread info`.
pub fn run(ctx: &Context, args: &InfoArgs) -> Result<ExitCode> {
    let story =
        library::index_path(&args.path, &ctx.aliases).map_err(|p| anyhow::anyhow!(p.message()))?;
    let doc = format::read_file(&args.path)?;
    let chapters = StoryMeta::chapter_infos(&doc);
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.json {
        let json = InfoJson {
            story: StoryJson::of(&story),
            chapter_list: &chapters,
            provenance: &story.meta.provenance,
        };
        super::output::write_json(&mut out, &json)?;
    } else {
        write_text(&mut out, &story, &chapters)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_text(
    out: &mut impl Write,
    story: &library::Story,
    chapters: &[ChapterInfo],
) -> std::io::Result<()> {
    let meta = &story.meta;
    let join = |items: &[String]| {
        if items.is_empty() {
            "—".to_owned()
        } else {
            items.join(", ")
        }
    };
    let relationships: Vec<String> = meta
        .relationships
        .iter()
        .map(|r| {
            format!(
                "{} ({})",
                r.name,
                if r.kind == crate::meta::RelationshipKind::Romantic {
                    "romantic"
                } else {
                    "platonic"
                }
            )
        })
        .collect();
    let fandoms = if meta.crossover {
        format!("{} (crossover)", join(&meta.fandoms))
    } else {
        join(&meta.fandoms)
    };
    let rating = meta.rating.as_ref().map_or_else(
        || "—".to_owned(),
        |r| match r.level {
            Some(level) => format!("{} ({})", r.raw, level.as_str()),
            None => r.raw.clone(),
        },
    );
    let series = meta.series.as_ref().map_or_else(
        || "—".to_owned(),
        |s| match s.index {
            Some(i) => format!("{} (part {i})", s.name),
            None => s.name.clone(),
        },
    );
    let rows: Vec<(&str, &str, String)> = vec![
        ("Title", "title", meta.title.clone()),
        (
            "Subtitle",
            "subtitle",
            meta.subtitle.clone().unwrap_or_else(|| "—".to_owned()),
        ),
        ("Authors", "authors", join(&meta.authors)),
        ("Fandoms", "fandoms", fandoms),
        (
            "Relationships",
            "relationships",
            if relationships.is_empty() {
                "—".to_owned()
            } else {
                relationships.join(", ")
            },
        ),
        ("Characters", "characters", join(&meta.characters)),
        ("Rating", "rating", rating),
        ("Warnings", "warnings", join(&meta.warnings)),
        ("Tags", "tags", join(&meta.tags)),
        ("Series", "series", series),
        ("Status", "status", meta.status.as_str().to_owned()),
        ("Words", "words", thousands(meta.words)),
        ("Chapters", "chapters", meta.chapters.to_string()),
        ("Scenes", "scenes", meta.scenes.to_string()),
        (
            "Language",
            "language",
            meta.language.clone().unwrap_or_else(|| "—".to_owned()),
        ),
        (
            "Published",
            "published",
            meta.published.clone().unwrap_or_else(|| "—".to_owned()),
        ),
        (
            "Updated",
            "updated",
            meta.updated.clone().unwrap_or_else(|| "—".to_owned()),
        ),
        (
            "Site",
            "site",
            meta.site.clone().unwrap_or_else(|| "—".to_owned()),
        ),
        (
            "URL",
            "url",
            meta.url.clone().unwrap_or_else(|| "—".to_owned()),
        ),
    ];
    writeln!(out, "{:<14} {}", "File", super::output::path(&story.path))?;
    for (label, key, value) in rows {
        match meta.provenance.get(key) {
            Some(source) => writeln!(
                out,
                "{label:<14} {}  [{}]",
                one_line(&value),
                one_line(source)
            )?,
            None => writeln!(out, "{label:<14} {}", one_line(&value))?,
        }
    }
    // How the reader worked around a damaged file (not a field: no value of its own).
    if let Some(reading) = meta.provenance.get("reading") {
        writeln!(out, "{:<14} {}", "Reading", one_line(reading))?;
    }
    if let Some(summary) = &meta.summary {
        writeln!(out, "\nSummary\n  {}", one_line(summary))?;
    }
    writeln!(out, "\nChapters")?;
    for (i, chapter) in chapters.iter().enumerate() {
        let title = chapter
            .title
            .as_deref()
            .map_or_else(|| "(untitled)".to_owned(), one_line);
        let scenes = if chapter.scenes == 1 {
            "scene"
        } else {
            "scenes"
        };
        writeln!(
            out,
            "  {:>3}. {title}  ({} words, {} {scenes})",
            i + 1,
            thousands(chapter.words),
            chapter.scenes
        )?;
    }
    Ok(())
}
