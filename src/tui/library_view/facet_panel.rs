//! The facet sidebar beside the table. Facets are grouped under headings that take
//! rows of their own, so the list scrolls by drawn lines to keep the selected
//! facet in view.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Widget};

use crate::app::library::FacetPanel;
use crate::display::{truncate, width};
use crate::library::facets::FacetKind;
use crate::library::table::one_line;
use crate::tui::theme::Styles;

pub(super) fn draw_facets(buf: &mut Buffer, area: Rect, panel: &FacetPanel, styles: &Styles) {
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
