//! The facet sidebar beside the table. Facets are grouped under headings that take
//! rows of their own, so the list scrolls by drawn lines to keep the selected
//! facet in view.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::{Block, Widget};

use crate::app::library::FacetPanel;
use crate::display::{truncate, width};
use crate::library::facets::FacetKind;
use crate::library::query::Held;
use crate::library::table::one_line;
use crate::tui::theme::Styles;

pub(super) fn draw_facets(buf: &mut Buffer, area: Rect, panel: &FacetPanel, styles: &Styles) {
    let block = Block::bordered()
        .title(" Filter ")
        .title_bottom(" Enter ✓ include · - ✗ exclude ")
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
                let facet = panel.facets.get(*i);
                let mark = facet.and_then(|f| f.mark);
                // An excluded value is in no story shown: no count, only the mark.
                let count = match (facet, mark) {
                    (Some(f), None | Some(Held::Included)) => f.count.to_string(),
                    _ => String::new(),
                };
                // The mark is a glyph, not only a colour, so it survives NO_COLOR.
                let glyph = match mark {
                    Some(Held::Included) => "✓",
                    Some(Held::Excluded) => "✗",
                    None => " ",
                };
                let label_room = room.saturating_sub(width(&count) + 3);
                let text = truncate(&one_line(label), label_room);
                let pad = room.saturating_sub(width(&text) + width(&count) + 2);
                let line = format!("{glyph} {text}{}{count}", " ".repeat(pad));
                let style = match mark {
                    _ if *i == panel.selected => styles.selection,
                    Some(Held::Included) => styles.heading,
                    Some(Held::Excluded) => styles.secondary.add_modifier(Modifier::CROSSED_OUT),
                    None => styles.text,
                };
                buf.set_string(inner.x, y, truncate(&line, room), style);
            }
        }
    }
}
