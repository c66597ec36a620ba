//! The popups drawn over the table: a story's details, the key help and the
//! reading-shelf picker. Each clears its own centred box first, so the table shows
//! around it but never through it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::library::{Entry, FactsState, Library, READING_SHELVES};
use crate::display::{thousands, width};
use crate::library::table::one_line;
use crate::tui::popup::{self, Hint};
use crate::tui::theme::Styles;

/// The details popup's label column.
const LABEL_WIDTH: usize = 14;

/// The story the details popup shows, and what was read for it.
pub(super) struct Shown<'a> {
    pub entry: &'a Entry,
    pub facts: &'a FactsState,
    /// The whole metadata read back from the index, when the row holds part of it.
    pub whole: Option<&'a crate::meta::StoryMeta>,
}

impl Shown<'_> {
    /// The summary: from the whole metadata when the row leaves it out, else from
    /// the file once read, when the index no longer held the story.
    fn summary(&self) -> Option<&String> {
        match (self.whole_meta(), self.facts) {
            (Some(whole), _) => whole.summary.as_ref(),
            (None, FactsState::Read(facts)) => facts.summary.as_ref(),
            (None, _) => None,
        }
    }

    /// The whole metadata: read back from the index, or the row's own.
    fn whole_meta(&self) -> Option<&crate::meta::StoryMeta> {
        self.whole.or_else(|| self.entry.story.meta.whole())
    }

    /// The metadata shown: whole, else as far as the row knows it (when the index
    /// no longer holds the story).
    fn meta(&self) -> std::borrow::Cow<'_, crate::meta::StoryMeta> {
        match self.whole_meta() {
            Some(whole) => std::borrow::Cow::Borrowed(whole),
            None => std::borrow::Cow::Owned(*self.entry.story.meta.to_meta()),
        }
    }
}

pub(super) fn draw_details(
    buf: &mut Buffer,
    area: Rect,
    library: &Library,
    shown: &Shown<'_>,
    scroll: usize,
    styles: &Styles,
) {
    let (entry, facts) = (shown.entry, shown.facts);
    let meta = shown.meta();
    let no_provenance = crate::meta::Provenance::default();
    let provenance = match facts {
        FactsState::Read(facts) => &facts.provenance,
        FactsState::Reading | FactsState::Failed(_) => &no_provenance,
    };
    let join = |items: &[String]| {
        if items.is_empty() {
            "—".to_owned()
        } else {
            items.join(", ")
        }
    };
    let mut rows: Vec<(&str, String, Option<&String>)> = vec![
        ("Title", meta.title.clone(), provenance.get("title")),
        ("Authors", join(&meta.authors), provenance.get("authors")),
        (
            "Fandoms",
            if meta.crossover {
                format!("{} (crossover)", join(&meta.fandoms))
            } else {
                join(&meta.fandoms)
            },
            provenance.get("fandoms"),
        ),
        (
            "Relationships",
            join(
                &meta
                    .relationships
                    .iter()
                    .map(|r| r.name.clone())
                    .collect::<Vec<_>>(),
            ),
            provenance.get("relationships"),
        ),
        (
            "Characters",
            join(&meta.characters),
            provenance.get("characters"),
        ),
        (
            "Rating",
            meta.rating
                .as_ref()
                .map_or_else(|| "—".to_owned(), |r| r.raw.clone()),
            provenance.get("rating"),
        ),
        ("Warnings", join(&meta.warnings), provenance.get("warnings")),
        ("Tags", join(&meta.tags), provenance.get("tags")),
        (
            "Series",
            meta.series.as_ref().map_or_else(
                || "—".to_owned(),
                |s| {
                    s.index
                        .map_or_else(|| s.name.clone(), |i| format!("{} (part {i})", s.name))
                },
            ),
            provenance.get("series"),
        ),
        (
            "Status",
            meta.status.as_str().to_owned(),
            provenance.get("status"),
        ),
        (
            "Length",
            format!(
                "{} words · {} chapters · {} scenes",
                thousands(meta.words),
                meta.chapters,
                meta.scenes
            ),
            None,
        ),
    ];
    if entry.files.len() > 1 {
        for (i, file) in entry.files.iter().enumerate() {
            let label = if i == 0 { "Files" } else { "" };
            rows.push((label, file.display().to_string(), None));
        }
    } else {
        rows.push(("File", entry.story.path.display().to_string(), None));
    }
    if let Some(updated) = &meta.updated {
        rows.push(("Updated", updated.clone(), None));
    }
    let room = usize::from(area.width.min(90).saturating_sub(2));
    let mut lines: Vec<Line<'_>> = Vec::new();
    // Long values wrap under themselves, the label column kept clear; the field's
    // source follows the value, dimmed.
    let value_room = room.saturating_sub(LABEL_WIDTH).max(10);
    for (label, value, source) in rows {
        let value = one_line(&value);
        let source = source.map(|s| format!("[{}]", one_line(s)));
        let joined = match &source {
            Some(source) => format!("{value}  {source}"),
            None => value.clone(),
        };
        for (i, piece) in textwrap::wrap(&joined, value_room).iter().enumerate() {
            let label = if i == 0 { label } else { "" };
            let mut spans = vec![Span::styled(
                format!("{label:<LABEL_WIDTH$}"),
                styles.heading,
            )];
            // The part of the line that belongs to the source is dimmed.
            match source
                .as_deref()
                .and_then(|s| piece.find(s).map(|at| (at, s)))
            {
                Some((at, _)) => {
                    spans.push(Span::styled(piece[..at].to_owned(), styles.text));
                    spans.push(Span::styled(piece[at..].to_owned(), styles.secondary));
                }
                None if piece.starts_with('[') && source.is_some() && i > 0 => {
                    spans.push(Span::styled(piece.to_string(), styles.secondary));
                }
                None => spans.push(Span::styled(piece.to_string(), styles.text)),
            }
            lines.push(Line::from(spans));
        }
    }
    let parts = library
        .selected_index()
        .map(|i| (i, library.series_parts(i)))
        .filter(|(_, parts)| parts.len() > 1);
    if let Some((current, parts)) = parts {
        lines.push(Line::default());
        lines.push(Line::styled("Parts of the series", styles.heading));
        for part in parts {
            let Some(e) = library.entries().get(part) else {
                continue;
            };
            let index = e
                .story
                .meta
                .series
                .as_ref()
                .and_then(|s| s.index)
                .map_or_else(|| "  ·".to_owned(), |i| format!("{i:>3}"));
            let marker = if part == current { "▸" } else { " " };
            let state = match e.reading.shelf {
                crate::store::Shelf::Reading => format!("reading, {}%", e.reading.percent),
                shelf => shelf.to_string(),
            };
            let title = crate::display::truncate(
                &one_line(&e.story.meta.title),
                room.saturating_sub(width(&state) + 9).max(8),
            );
            lines.push(Line::from(vec![
                Span::styled(format!("{marker}{index}. {title}"), styles.text),
                Span::styled(format!("  {state}"), styles.secondary),
            ]));
        }
    }
    if let Some(summary) = shown.summary() {
        lines.push(Line::default());
        lines.push(Line::styled("Summary", styles.heading));
        for wrapped in textwrap::wrap(&one_line(summary), room.max(10)) {
            lines.push(Line::styled(wrapped.into_owned(), styles.text));
        }
    }
    match facts {
        FactsState::Read(facts)
            if facts.chapters.len() > 1 || facts.chapters.iter().any(|c| c.title.is_some()) =>
        {
            let chapters = &facts.chapters;
            lines.push(Line::default());
            lines.push(Line::styled("Chapters", styles.heading));
            for (i, chapter) in chapters.iter().enumerate() {
                let title = chapter.title.as_deref().map_or_else(String::new, one_line);
                let scenes = match chapter.scenes {
                    1 => String::new(),
                    n => format!(", {n} scenes"),
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("{:>4}. {title}", i + 1), styles.text),
                    Span::styled(
                        format!("  {} words{scenes}", thousands(chapter.words)),
                        styles.secondary,
                    ),
                ]));
            }
        }
        FactsState::Read(_) => {}
        FactsState::Reading => {
            lines.push(Line::default());
            lines.push(Line::styled("Reading the file…", styles.secondary));
        }
        FactsState::Failed(problem) => {
            lines.push(Line::default());
            lines.push(Line::styled(one_line(problem), styles.secondary));
        }
    }
    popup::draw_text(
        buf,
        area,
        90,
        "Details",
        &lines,
        scroll,
        library.keymap(),
        styles,
    );
}

pub(super) fn draw_help(
    buf: &mut Buffer,
    area: Rect,
    library: &Library,
    scroll: usize,
    styles: &Styles,
) {
    let mut rows = popup::key_help_rows(library.keymap());
    rows.push((String::new(), String::new()));
    rows.push((
        String::new(),
        "Filter terms (AND; -term excludes; a|b is OR):".to_owned(),
    ));
    rows.extend(crate::library::query::help_rows());
    popup::draw_key_help(buf, area, library.keymap(), &rows, scroll, styles);
}

pub(super) fn draw_shelf_picker(buf: &mut Buffer, area: Rect, selected: usize, styles: &Styles) {
    let inner = popup::frame(
        buf,
        area,
        24,
        READING_SHELVES.len(),
        "Shelf",
        Hint::None,
        styles,
    );
    for ((i, shelf), y) in READING_SHELVES
        .iter()
        .enumerate()
        .zip(inner.y..inner.bottom())
    {
        let style = if i == selected {
            styles.selection
        } else {
            styles.text
        };
        let line = crate::display::pad(&format!(" {shelf}"), usize::from(inner.width));
        buf.set_string(inner.x, y, line, style);
    }
}

/// Reading statistics: totals, pace, the top fandoms and relationships, the last
/// days read.
pub(super) fn draw_stats(
    buf: &mut Buffer,
    area: Rect,
    library: &Library,
    report: &crate::stats::Report,
    scroll: usize,
    styles: &Styles,
) {
    const WIDTH: u16 = 72;
    let room = usize::from(WIDTH.min(area.width).saturating_sub(2));
    let lines: Vec<Line<'_>> = if report.stories_read == 0 {
        vec![Line::styled(
            "Nothing read yet: a page counts once it has been on screen for 2 seconds.",
            styles.secondary,
        )]
    } else {
        report
            .lines(5, 14, room)
            .into_iter()
            .enumerate()
            .map(|(i, line)| {
                let heading = i == 0 || (!line.starts_with(' ') && !line.contains("  "));
                Line::styled(line, if heading { styles.heading } else { styles.text })
            })
            .collect()
    };
    popup::draw_text(
        buf,
        area,
        WIDTH,
        "Reading statistics",
        &lines,
        scroll,
        library.keymap(),
        styles,
    );
}
