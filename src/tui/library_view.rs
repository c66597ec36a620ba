//! Draws the library view: a header, the "continue" line, the story table with the
//! selection, the facet sidebar, the filter bar, and the details, help and shelf
//! popups. All text is cleaned before it reaches the buffer.

mod facet_panel;
mod popups;

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::theme::Styles;
use crate::app::library::{COLUMNS, Library, LibraryPopup};
use crate::display::{thousands, truncate, width};
use crate::keymap::Action;
use crate::library::table::{self, one_line};

use facet_panel::draw_facets;
use popups::{draw_details, draw_help, draw_shelf_picker, draw_stats};

/// Width of the facet sidebar, when the table beside it keeps its own minimum.
const FACET_WIDTH: u16 = 34;

/// The narrowest the facet sidebar gets; below that the table is cut instead.
const FACET_MIN_WIDTH: u16 = 26;

/// What the table needs beside the sidebar: the columns that never go at their
/// minimum widths (title 20, ×, fandoms 9, pairings 8, three gaps of 2) plus the
/// table's margins. The sidebar gives way to it, so the table is never cut.
const TABLE_BESIDE_FACETS: u16 = 47;

/// What the footer offers when nothing else is said: each action with the first key
/// the keymap binds to it.
/// In the order shown; a narrow screen drops them from the end of the list but for
/// the last two, help and quit, which always stay.
const FOOTER_HINTS: &[(Action, &str)] = &[
    (Action::Filter, "filter"),
    (Action::Open, "read"),
    (Action::Facets, "facets"),
    (Action::Details, "details"),
    (Action::Sort, "sort"),
    (Action::NextShelf, "shelves"),
    (Action::SetShelf, "shelf"),
    (Action::Stats, "stats"),
    (Action::Help, "help"),
    (Action::Quit, "quit"),
];

/// The footer's key hints that fit in `room` columns: as many of the optional ones as
/// fit, then help and quit, which are never cut.
fn footer_hints(keymap: &crate::keymap::Keymap, room: usize) -> String {
    let (optional, always) = FOOTER_HINTS.split_at(FOOTER_HINTS.len() - 2);
    for keep in (0..=optional.len()).rev() {
        let hints: Vec<(Action, &str)> = optional[..keep].iter().chain(always).copied().collect();
        let text = keymap.hints(&hints);
        if width(&text) <= room || keep == 0 {
            return text;
        }
    }
    String::new()
}

/// Draws the whole library view; `alert` (a failed save) stays on the bottom line
/// until it is resolved.
pub fn draw(frame: &mut Frame, library: &Library, alert: Option<&str>, styles: &Styles) {
    let area = frame.area();
    styles.fill_page(frame.buffer_mut(), area);
    if area.width < 20 || area.height < 5 {
        let text = if area.width >= 16 {
            "Window too small"
        } else {
            "Too small"
        };
        Line::styled(text, styles.secondary).render(area, frame.buffer_mut());
        return;
    }
    // The rows the model counts on (see `Library::table_rows`).
    let continue_rows = u16::from(library.continue_line().is_some());
    let [header, continue_area, mut body, bar] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(continue_rows),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let buf = frame.buffer_mut();
    draw_header(buf, header, library, styles);
    if let Some(line) = library.continue_line()
        && let Some(entry) = library.entries().get(line.entry)
    {
        let key = library.keymap().hint(Action::ContinueReading);
        let text = format!(
            "▶ Continue ({key}): {} · {} · “{}”",
            one_line(&entry.story.meta.title),
            one_line(&line.place),
            one_line(&line.quote)
        );
        let [_, inner, _] = Layout::horizontal([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(continue_area);
        buf.set_string(
            inner.x,
            inner.y,
            truncate(&text, usize::from(inner.width)),
            styles.heading,
        );
    }
    let facet_width = FACET_WIDTH
        .min(area.width.saturating_sub(TABLE_BESIDE_FACETS + 1))
        .max(FACET_MIN_WIDTH);
    if let Some(panel) = library.facets()
        && area.width >= facet_width + 30
    {
        let [side, _, rest] = Layout::horizontal([
            Constraint::Length(facet_width),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(body);
        draw_facets(buf, side, panel, styles);
        body = rest;
    }
    draw_table(buf, body, library, styles);
    let cursor = draw_filter_bar(buf, bar, library, alert, styles);
    // Popups cover everything between the header and the filter bar.
    let popup_area = Rect {
        y: header.bottom(),
        height: bar.y.saturating_sub(header.bottom()),
        ..area
    };
    match library.popup() {
        LibraryPopup::Details {
            scroll,
            facts,
            whole,
        } => {
            if let Some(entry) = library.selected() {
                let shown = popups::Shown {
                    entry,
                    facts,
                    whole: whole.as_deref(),
                };
                draw_details(buf, popup_area, library, &shown, *scroll, styles);
            }
        }
        LibraryPopup::Help { scroll } => draw_help(buf, popup_area, library, *scroll, styles),
        LibraryPopup::ShelfPicker { selected } => {
            draw_shelf_picker(buf, popup_area, *selected, styles);
        }
        LibraryPopup::Stats { scroll, report } => {
            draw_stats(buf, popup_area, library, report, *scroll, styles);
        }
        LibraryPopup::None => {}
    }
    if let Some(x) = cursor {
        frame.set_cursor_position(Position::new(x, bar.y));
    }
}

fn draw_header(buf: &mut Buffer, area: Rect, library: &Library, styles: &Styles) {
    buf.set_style(area, styles.status_bar);
    let (shown, total) = library.counts();
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
    let _ = write!(left, " · sort: {}", library.effective_sort().label());
    if let Some((done, total)) = library.indexing() {
        if total == 0 && !library.entries().is_empty() {
            // Drawn from the index while the files are checked.
            left.push_str(" · checking…");
        } else if total == 0 {
            left.push_str(" · indexing…");
        } else {
            let _ = write!(left, " · indexing {}/{}", thousands(done), thousands(total));
        }
    }
    let problems = library.problems().len();
    if problems > 0 {
        let _ = write!(left, " · {problems} unreadable");
    }
    let right = format!("{} help ", library.keymap().hint(Action::Help));
    let room = usize::from(area.width).saturating_sub(width(&right) + 1);
    buf.set_string(area.x, area.y, truncate(&left, room), styles.status_bar);
    if usize::from(area.width) > width(&left) + width(&right) {
        let x = area
            .right()
            .saturating_sub(u16::try_from(width(&right)).unwrap_or(0));
        buf.set_string(x, area.y, &right, styles.status_bar);
    }
}

fn draw_table(buf: &mut Buffer, area: Rect, library: &Library, styles: &Styles) {
    if area.height == 0 || area.width < 4 {
        return;
    }
    let inner_width = usize::from(area.width).saturating_sub(2);
    let widths = library.column_widths(inner_width);
    let header = table::join_row(
        COLUMNS.iter().zip(&widths).map(|(c, w)| c.header_for(*w)),
        COLUMNS,
        &widths,
    );
    buf.set_string(
        area.x + 1,
        area.y,
        truncate(&header, inner_width),
        styles.heading,
    );
    if library.visible_count() == 0 {
        let text = if library.indexing().is_some() {
            "Indexing the library…".to_owned()
        } else if library.entries().is_empty() {
            "No stories found. Add folders under [library] paths in the config, or run ficread --library DIR.".to_owned()
        } else {
            format!(
                "No story matches. {} clears the filter.",
                library.keymap().hint(Action::ClearFilter)
            )
        };
        buf.set_string(
            area.x + 1,
            area.y + 2,
            truncate(&text, inner_width),
            styles.secondary,
        );
        return;
    }
    let first = library.top_row();
    for (index, y) in (first..library.visible_count()).zip(area.y + 1..area.bottom()) {
        let selected = index == library.selected_row();
        let style = if selected {
            styles.selection
        } else {
            styles.text
        };
        if selected {
            buf.set_style(Rect::new(area.x, y, area.width, 1), styles.selection);
        }
        let cells = library.row_cells(index, &widths);
        let line = table::join_row(cells.iter().map(String::as_str), COLUMNS, &widths);
        buf.set_string(area.x + 1, y, truncate(&line, inner_width), style);
    }
}

/// The bottom line: the filter being typed (returns the cursor column), or the
/// filter in force with its error, or a message, or key hints.
fn draw_filter_bar(
    buf: &mut Buffer,
    area: Rect,
    library: &Library,
    alert: Option<&str>,
    styles: &Styles,
) -> Option<u16> {
    let room = usize::from(area.width).saturating_sub(1);
    if library.editing() {
        let text = format!("/{}", one_line(library.filter()));
        let shown = crate::display::keep_end(&text, room);
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
    let keymap = library.keymap();
    let text = if let Some(message) = library.message().or(alert) {
        one_line(message)
    } else if let Some(error) = library.error() {
        format!(
            "Filter: {} — {}",
            one_line(library.filter()),
            one_line(error)
        )
    } else if !library.filter().is_empty() {
        format!(
            "Filter: {}   ({})",
            one_line(library.filter()),
            keymap.hints(&[(Action::Filter, "edit"), (Action::ClearFilter, "clear")])
        )
    } else {
        footer_hints(keymap, room)
    };
    buf.set_string(area.x + 1, area.y, truncate(&text, room), styles.secondary);
    None
}

#[cfg(test)]
mod layout_tests;
