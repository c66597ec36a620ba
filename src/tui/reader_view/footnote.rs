//! The footnote popup: the note of a marker on screen, in a box just below the
//! marker's row (above it when there is no room below), as wide as the text column.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Widget};

use crate::app::reader::{Footnote, Reader};
use crate::document::sanitize;
use crate::keymap::Action;
use crate::tui::theme::Styles;

/// Draws `note` over the text `area` near its marker.
pub(super) struct FootnotePopup<'a> {
    pub note: &'a Footnote,
    pub reader: &'a Reader,
    pub styles: &'a Styles,
}

impl Widget for FootnotePopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let measure = self.reader.measure();
        // The column's width with room for the border, but never wider than the screen.
        let width = u16::try_from(measure.width.saturating_add(4))
            .unwrap_or(u16::MAX)
            .min(area.width);
        if width < 8 || area.height < 3 {
            return;
        }
        let left = u16::try_from(measure.left.saturating_sub(2))
            .unwrap_or(0)
            .min(area.width - width);
        let text_width = usize::from(width - 4);
        let mut lines: Vec<String> = Vec::new();
        for (i, paragraph) in self.note.paragraphs.iter().enumerate() {
            if i > 0 {
                lines.push(String::new());
            }
            let clean = sanitize::clean(paragraph);
            let text = if i == 0 {
                format!("{} {clean}", sanitize::clean(&self.note.marker))
            } else {
                clean.into_owned()
            };
            lines.extend(
                textwrap::wrap(&text, text_width)
                    .into_iter()
                    .map(std::borrow::Cow::into_owned),
            );
        }
        let row = u16::try_from(self.note.row).unwrap_or(u16::MAX);
        let wanted = u16::try_from(lines.len())
            .unwrap_or(u16::MAX)
            .saturating_add(2);
        let below = area.height.saturating_sub(row.saturating_add(1));
        let above = row.min(area.height);
        let (y, height) = if wanted <= below || below >= above {
            (
                area.y + row.saturating_add(1).min(area.height),
                wanted.min(below),
            )
        } else {
            let height = wanted.min(above);
            (area.y + row - height, height)
        };
        if height < 3 {
            return;
        }
        let popup = Rect {
            x: area.x + left,
            y,
            width,
            height,
        };
        Clear.render(popup, buf);
        let keymap = self.reader.keymap();
        let title = if self.note.count > 1 {
            format!(" Note {}/{} ", self.note.index + 1, self.note.count)
        } else {
            " Note ".to_owned()
        };
        let inner_rows = usize::from(height - 2);
        let mut hints = Vec::new();
        if self.note.count > 1 {
            hints.push(format!("{} next", keymap.hint(Action::Footnote)));
        }
        if lines.len() > inner_rows {
            hints.push(format!(
                "{}/{} scroll",
                keymap.hint(Action::LineDown),
                keymap.hint(Action::LineUp)
            ));
        }
        hints.push("other keys close".to_owned());
        let block = Block::bordered()
            .title(title)
            .title_bottom(format!(" {} ", hints.join(" · ")))
            .border_style(self.styles.secondary);
        let inner = block.inner(popup);
        block.render(popup, buf);
        let first = self.note.scroll.min(lines.len().saturating_sub(inner_rows));
        for (line, y) in lines.iter().skip(first).zip(inner.y..inner.bottom()) {
            buf.set_line(
                inner.x + 1,
                y,
                &Line::styled(line.as_str(), self.styles.text),
                inner.width.saturating_sub(2),
            );
        }
    }
}
