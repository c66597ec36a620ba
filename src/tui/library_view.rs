//! Draws the library view: a header, the "continue" line, the story table with the
//! selection, the facet sidebar, the filter bar, and the details, help and shelf
//! popups. All text is cleaned before it reaches the buffer.

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::theme::Styles;
use crate::app::library::{COLUMNS, Entry, FacetPanel, Library, Overlay, READING_SHELVES};
use crate::display::{thousands, truncate, width};
use crate::library::facets::FacetKind;
use crate::library::table::{self, one_line};

/// Width of the facet sidebar.
const FACET_WIDTH: u16 = 34;

/// Draws the whole library view.
pub fn draw(frame: &mut Frame, library: &Library, styles: &Styles) {
    let area = frame.area();
    if area.width < 20 || area.height < 5 {
        let text = if area.width >= 16 {
            "Window too small"
        } else {
            "Too small"
        };
        Line::styled(text, styles.secondary).render(area, frame.buffer_mut());
        return;
    }
    let buf = frame.buffer_mut();
    let mut y = area.y;
    draw_header(buf, Rect { height: 1, ..area }, library, styles);
    y += 1;
    if let Some(line) = library.continue_line()
        && let Some(entry) = library.entries().get(line.entry)
    {
        let text = format!(
            "▶ Continue (c): {} · {} · “{}”",
            one_line(&entry.story.meta.title),
            one_line(&line.place),
            one_line(&line.quote)
        );
        buf.set_string(
            area.x + 1,
            y,
            truncate(&text, usize::from(area.width - 2)),
            styles.heading,
        );
        y += 1;
    }
    let bar_y = area.bottom() - 1;
    let mut body = Rect {
        x: area.x,
        y,
        width: area.width,
        height: bar_y.saturating_sub(y),
    };
    if let Some(panel) = library.facets()
        && area.width >= FACET_WIDTH + 30
    {
        let side = Rect {
            width: FACET_WIDTH,
            ..body
        };
        draw_facets(buf, side, panel, styles);
        body.x += FACET_WIDTH + 1;
        body.width -= FACET_WIDTH + 1;
    }
    draw_table(buf, body, library, styles);
    let bar = Rect {
        y: bar_y,
        height: 1,
        ..area
    };
    let cursor = draw_filter_bar(buf, bar, library, styles);
    let table_area = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(2),
        ..area
    };
    match library.overlay() {
        Overlay::Details { scroll } => {
            if let Some(entry) = library.selected() {
                draw_details(buf, table_area, entry, *scroll, styles);
            }
        }
        Overlay::Help { scroll } => draw_help(buf, table_area, library, *scroll, styles),
        Overlay::ShelfPicker { selected } => draw_shelf_picker(buf, table_area, *selected, styles),
        Overlay::None => {}
    }
    if let Some(x) = cursor {
        frame.set_cursor_position(Position::new(x, bar_y));
    }
}

/// Table rows that fit in a terminal of `height` rows (the app tells the model).
pub fn table_rows(library: &Library, height: u16) -> usize {
    let chrome = 3 + u16::from(library.continue_line().is_some());
    usize::from(height.saturating_sub(chrome))
}

fn draw_header(buf: &mut Buffer, area: Rect, library: &Library, styles: &Styles) {
    buf.set_style(area, styles.status_bar);
    let total = library.entries().len();
    let shown = library.visible_count();
    let mut left = if shown == total {
        format!(
            " ficread · {} {}",
            thousands(total),
            if total == 1 { "story" } else { "stories" }
        )
    } else {
        format!(" ficread · {} of {}", thousands(shown), thousands(total))
    };
    if let Some(shelf) = library.shelf_name() {
        let _ = write!(left, " · shelf: {}", one_line(shelf));
    }
    let _ = write!(left, " · sort: {}", library.sort().label());
    let problems = library.problems().len();
    if problems > 0 {
        let _ = write!(left, " · {problems} unreadable");
    }
    let right = "h help ";
    let room = usize::from(area.width).saturating_sub(width(right) + 1);
    buf.set_string(area.x, area.y, truncate(&left, room), styles.status_bar);
    if usize::from(area.width) > width(&left) + width(right) {
        let x = area
            .right()
            .saturating_sub(u16::try_from(width(right)).unwrap_or(0));
        buf.set_string(x, area.y, right, styles.status_bar);
    }
}

fn draw_table(buf: &mut Buffer, area: Rect, library: &Library, styles: &Styles) {
    if area.height == 0 || area.width < 4 {
        return;
    }
    let inner_width = usize::from(area.width).saturating_sub(2);
    let widths = library.column_widths(inner_width);
    let header = table::join_row(COLUMNS.iter().map(|c| c.header()), COLUMNS, &widths);
    buf.set_string(
        area.x + 1,
        area.y,
        truncate(&header, inner_width),
        styles.heading,
    );
    if library.visible_count() == 0 {
        let text = if library.entries().is_empty() {
            "No stories found. Add folders under [library] paths in the config, or run ficread --library DIR."
        } else {
            "No story matches. Esc clears the filter."
        };
        buf.set_string(
            area.x + 1,
            area.y + 2,
            truncate(text, inner_width),
            styles.secondary,
        );
        return;
    }
    let first = library.top_row();
    for (row, y) in library
        .visible()
        .enumerate()
        .skip(first)
        .zip(area.y + 1..area.bottom())
    {
        let (index, entry) = row;
        let selected = index == library.selected_row();
        let style = if selected {
            styles.selection
        } else {
            styles.text
        };
        if selected {
            buf.set_style(Rect::new(area.x, y, area.width, 1), styles.selection);
        }
        let line = table::join_row((0..COLUMNS.len()).map(|i| entry.cell(i)), COLUMNS, &widths);
        buf.set_string(area.x + 1, y, truncate(&line, inner_width), style);
    }
}

fn draw_facets(buf: &mut Buffer, area: Rect, panel: &FacetPanel, styles: &Styles) {
    let block = Block::bordered()
        .title(" Filter ")
        .title_bottom(" Enter + · - exclude ")
        .border_style(styles.secondary);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 {
        return;
    }
    // Group headings take rows too; keep the selection visible.
    let mut lines: Vec<(Option<usize>, String)> = Vec::new();
    let mut last_kind: Option<FacetKind> = None;
    for (i, facet) in panel.facets.iter().enumerate() {
        if last_kind != Some(facet.kind) {
            lines.push((None, facet.kind.label().to_owned()));
            last_kind = Some(facet.kind);
        }
        lines.push((Some(i), facet.label.clone()));
    }
    let selected_line = lines
        .iter()
        .position(|(i, _)| *i == Some(panel.selected))
        .unwrap_or(0);
    let visible = usize::from(inner.height);
    let offset = selected_line
        .saturating_sub(visible / 2)
        .min(lines.len().saturating_sub(visible));
    let room = usize::from(inner.width);
    for ((index, label), y) in lines.iter().skip(offset).zip(inner.y..inner.bottom()) {
        match index {
            None => {
                buf.set_string(inner.x, y, truncate(label, room), styles.heading);
            }
            Some(i) => {
                let count = panel.facets.get(*i).map_or(0, |f| f.count).to_string();
                let label_room = room.saturating_sub(width(&count) + 3);
                let text = truncate(&one_line(label), label_room);
                let pad = room.saturating_sub(width(&text) + width(&count) + 2);
                let line = format!("  {text}{}{count}", " ".repeat(pad));
                let style = if *i == panel.selected {
                    styles.selection
                } else {
                    styles.text
                };
                buf.set_string(inner.x, y, truncate(&line, room), style);
            }
        }
    }
}

/// The bottom line: the filter being typed (returns the cursor column), or the
/// filter in force with its error, or a message, or key hints.
fn draw_filter_bar(
    buf: &mut Buffer,
    area: Rect,
    library: &Library,
    styles: &Styles,
) -> Option<u16> {
    let room = usize::from(area.width).saturating_sub(1);
    if library.editing() {
        let text = format!("/{}", one_line(library.filter()));
        let shown = keep_end(&text, room);
        buf.set_string(area.x, area.y, &shown, styles.text);
        if let Some(error) = library.error() {
            let x = area.x + u16::try_from(width(&shown) + 3).unwrap_or(u16::MAX);
            if x < area.right() {
                let left = usize::from(area.right() - x);
                buf.set_string(
                    x,
                    area.y,
                    truncate(&one_line(error), left),
                    styles.secondary,
                );
            }
        }
        return Some(
            (area.x + u16::try_from(width(&shown)).unwrap_or(0))
                .min(area.right().saturating_sub(1)),
        );
    }
    let text = if let Some(message) = library.message() {
        one_line(message)
    } else if let Some(error) = library.error() {
        format!(
            "Filter: {} — {}",
            one_line(library.filter()),
            one_line(error)
        )
    } else if !library.filter().is_empty() {
        format!(
            "Filter: {}   (/ edit · Esc clear)",
            one_line(library.filter())
        )
    } else {
        "/ filter · F facets · i details · s sort · Tab shelves · S shelf · Enter read · q quit"
            .to_owned()
    };
    buf.set_string(area.x + 1, area.y, truncate(&text, room), styles.secondary);
    None
}

fn keep_end(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    let mut out: Vec<char> = Vec::new();
    let mut used = 1;
    for c in text.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out.into_iter().rev().collect()
}

fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn draw_details(buf: &mut Buffer, area: Rect, entry: &Entry, scroll: usize, styles: &Styles) {
    let meta = &entry.story.meta;
    let join = |items: &[String]| {
        if items.is_empty() {
            "—".to_owned()
        } else {
            items.join(", ")
        }
    };
    let mut rows: Vec<(&str, String, Option<&String>)> = vec![
        ("Title", meta.title.clone(), meta.provenance.get("title")),
        (
            "Authors",
            join(&meta.authors),
            meta.provenance.get("authors"),
        ),
        (
            "Fandoms",
            if meta.crossover {
                format!("{} (crossover)", join(&meta.fandoms))
            } else {
                join(&meta.fandoms)
            },
            meta.provenance.get("fandoms"),
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
            meta.provenance.get("relationships"),
        ),
        (
            "Characters",
            join(&meta.characters),
            meta.provenance.get("characters"),
        ),
        (
            "Rating",
            meta.rating
                .as_ref()
                .map_or_else(|| "—".to_owned(), |r| r.raw.clone()),
            meta.provenance.get("rating"),
        ),
        (
            "Warnings",
            join(&meta.warnings),
            meta.provenance.get("warnings"),
        ),
        ("Tags", join(&meta.tags), meta.provenance.get("tags")),
        (
            "Series",
            meta.series.as_ref().map_or_else(
                || "—".to_owned(),
                |s| {
                    s.index
                        .map_or_else(|| s.name.clone(), |i| format!("{} (part {i})", s.name))
                },
            ),
            meta.provenance.get("series"),
        ),
        (
            "Status",
            meta.status.as_str().to_owned(),
            meta.provenance.get("status"),
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
        ("File", entry.story.path.display().to_string(), None),
    ];
    if let Some(updated) = &meta.updated {
        rows.push(("Updated", updated.clone(), None));
    }
    let popup_area = popup(area, 90, area.height);
    Clear.render(popup_area, buf);
    let block = Block::bordered()
        .title(" Details ")
        .title_bottom(" any key closes ")
        .border_style(styles.secondary);
    let inner = block.inner(popup_area);
    block.render(popup_area, buf);
    let room = usize::from(inner.width);
    let mut lines: Vec<Line<'_>> = Vec::new();
    for (label, value, source) in rows {
        let mut spans = vec![
            Span::styled(format!("{label:<14}"), styles.heading),
            Span::styled(one_line(&value), styles.text),
        ];
        if let Some(source) = source {
            spans.push(Span::styled(
                format!("  [{}]", one_line(source)),
                styles.secondary,
            ));
        }
        lines.push(Line::from(spans));
    }
    if let Some(summary) = &meta.summary {
        lines.push(Line::default());
        lines.push(Line::styled("Summary", styles.heading));
        for wrapped in textwrap::wrap(&one_line(summary), room.max(10)) {
            lines.push(Line::styled(wrapped.into_owned(), styles.text));
        }
    }
    let max_scroll = lines.len().saturating_sub(usize::from(inner.height));
    for (line, y) in lines
        .iter()
        .skip(scroll.min(max_scroll))
        .zip(inner.y..inner.bottom())
    {
        buf.set_line(inner.x, y, line, inner.width);
    }
}

fn draw_help(buf: &mut Buffer, area: Rect, library: &Library, scroll: usize, styles: &Styles) {
    let mut rows: Vec<(String, String)> = library
        .keymap()
        .help()
        .into_iter()
        .map(|(keys, action)| {
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            (keys.join(" "), action.help().to_owned())
        })
        .collect();
    rows.push((String::new(), String::new()));
    rows.push((
        "filter".to_owned(),
        "fandom:btvs pairing:clark/lex -fandom:angel".to_owned(),
    ));
    rows.push((
        String::new(),
        "crossover:btvs+sv status:complete words:>5000 rating:<=t".to_owned(),
    ));
    rows.push((
        String::new(),
        "shelf:reading favourite:yes new:yes, bare words".to_owned(),
    ));
    let key_width = rows
        .iter()
        .map(|(k, _)| width(k))
        .max()
        .unwrap_or(0)
        .min(24);
    let help_width = rows.iter().map(|(_, h)| width(h)).max().unwrap_or(0);
    let height = u16::try_from(rows.len() + 2).unwrap_or(u16::MAX);
    let popup_area = popup(
        area,
        u16::try_from(key_width + help_width + 5).unwrap_or(u16::MAX),
        height,
    );
    Clear.render(popup_area, buf);
    let block = Block::bordered()
        .title(" Keys ")
        .title_bottom(" any key closes ")
        .border_style(styles.secondary);
    let inner = block.inner(popup_area);
    block.render(popup_area, buf);
    let max_scroll = rows.len().saturating_sub(usize::from(inner.height));
    for ((keys, help), y) in rows
        .iter()
        .skip(scroll.min(max_scroll))
        .zip(inner.y..inner.bottom())
    {
        let keys = truncate(keys, key_width);
        let pad = " ".repeat(key_width.saturating_sub(width(&keys)));
        let line = Line::from(vec![
            Span::styled(format!(" {keys}{pad}  "), styles.heading),
            Span::styled(help.as_str(), styles.text),
        ]);
        buf.set_line(inner.x, y, &line, inner.width);
    }
}

fn draw_shelf_picker(buf: &mut Buffer, area: Rect, selected: usize, styles: &Styles) {
    let height = u16::try_from(READING_SHELVES.len() + 2).unwrap_or(u16::MAX);
    let popup_area = popup(area, 24, height);
    Clear.render(popup_area, buf);
    let block = Block::bordered()
        .title(" Shelf ")
        .border_style(styles.secondary);
    let inner = block.inner(popup_area);
    block.render(popup_area, buf);
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
