//! Draws the library view: a header, the "continue" line, the story table with the
//! selection, the facet sidebar, the filter bar, and the details, help and shelf
//! popups. All text is cleaned before it reaches the buffer.

mod facet_panel;
mod overlay;

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::theme::Styles;
use crate::app::library::{COLUMNS, Library, Overlay};
use crate::display::{thousands, truncate, width};
use crate::library::table::{self, one_line};

use facet_panel::draw_facets;
use overlay::{draw_details, draw_help, draw_shelf_picker};

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
        Overlay::Details { scroll, facts } => {
            if let Some(entry) = library.selected() {
                draw_details(buf, table_area, entry, facts.as_ref(), *scroll, styles);
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
