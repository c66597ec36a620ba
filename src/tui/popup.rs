//! What every popup shares: a bordered box centred over the screen, a hint on its
//! bottom border, a list that keeps its selection in view, and the key-help table
//! generated from a keymap (the library's and the reader's help are one table).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use crate::display::{truncate, width};
use crate::keymap::{Action, Keymap};
use crate::tui::theme::Styles;

/// A box of at most `width` × `height`, centred in `area`.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// What a popup's bottom border says.
#[derive(Debug, Clone, Copy)]
pub enum Hint<'a> {
    /// The popup's own keys.
    Keys(&'a str),
    /// Scrollable text: how to scroll (with the keymap's keys) when it overflows,
    /// else how to close.
    Scroll(&'a Keymap),
    /// Nothing.
    None,
}

/// Clears and draws a bordered popup for `rows` lines of at most `width` columns
/// (border included), centred in `area`; returns the inside to draw the rows in.
pub fn frame(
    buf: &mut Buffer,
    area: Rect,
    width: u16,
    rows: usize,
    title: &str,
    hint: Hint<'_>,
    styles: &Styles,
) -> Rect {
    let height = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2);
    let popup = centred(area, width, height);
    Clear.render(popup, buf);
    styles.fill_page(buf, popup);
    let mut block = Block::bordered()
        .title(format!(" {title} "))
        .border_style(styles.secondary);
    let bottom = match hint {
        Hint::Keys(keys) => Some(keys.to_owned()),
        Hint::Scroll(keymap) if rows > usize::from(popup.height.saturating_sub(2)) => {
            Some(format!(
                " {}/{} scroll · other keys close ",
                keymap.hint(Action::LineDown),
                keymap.hint(Action::LineUp)
            ))
        }
        Hint::Scroll(_) => Some(" any key closes ".to_owned()),
        Hint::None => None,
    };
    if let Some(bottom) = bottom {
        block = block.title_bottom(bottom);
    }
    let inner = block.inner(popup);
    block.render(popup, buf);
    inner
}

/// The first of `len` items to draw in `visible` rows so that `selected` is shown,
/// centred when the list allows.
pub fn list_offset(selected: usize, len: usize, visible: usize) -> usize {
    selected
        .saturating_sub(visible / 2)
        .min(len.saturating_sub(visible))
}

/// The first of `len` rows to draw in `inner` when scrolled by `scroll`: never so
/// far that the last row leaves the bottom of the box.
fn first_shown(len: usize, inner: Rect, scroll: usize) -> usize {
    scroll.min(len.saturating_sub(usize::from(inner.height)))
}

/// A popup of text `lines` titled `title`, at most `width` wide, scrolled by
/// `scroll`, its bottom border saying how to scroll when the text overflows.
#[allow(clippy::too_many_arguments)] // one call per popup kind; a struct would only rename them
pub fn draw_text(
    buf: &mut Buffer,
    area: Rect,
    width: u16,
    title: &str,
    lines: &[Line<'_>],
    scroll: usize,
    keymap: &Keymap,
    styles: &Styles,
) {
    let inner = frame(
        buf,
        area,
        width,
        lines.len(),
        title,
        Hint::Scroll(keymap),
        styles,
    );
    let first = first_shown(lines.len(), inner, scroll);
    for (line, y) in lines.iter().skip(first).zip(inner.y..inner.bottom()) {
        buf.set_line(inner.x, y, line, inner.width);
    }
}

/// Key-help rows from a keymap: each action with all its keys.
pub fn key_help_rows(keymap: &Keymap) -> Vec<(String, String)> {
    keymap
        .help()
        .into_iter()
        .map(|(keys, action)| {
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            (keys.join(" "), action.help().to_owned())
        })
        .collect()
}

/// The key-help popup: keys in a column on the left, what they do on the right,
/// scrolled by `scroll` when taller than the screen.
pub fn draw_key_help(
    buf: &mut Buffer,
    area: Rect,
    keymap: &Keymap,
    rows: &[(String, String)],
    scroll: usize,
    styles: &Styles,
) {
    let key_width = rows
        .iter()
        .map(|(k, _)| width(k))
        .max()
        .unwrap_or(0)
        .min(24);
    let help_width = rows.iter().map(|(_, h)| width(h)).max().unwrap_or(0);
    let popup_width = u16::try_from(key_width + help_width + 5).unwrap_or(u16::MAX);
    let inner = frame(
        buf,
        area,
        popup_width,
        rows.len(),
        "Keys",
        Hint::Scroll(keymap),
        styles,
    );
    let first = first_shown(rows.len(), inner, scroll);
    for ((keys, help), y) in rows.iter().skip(first).zip(inner.y..inner.bottom()) {
        let keys = truncate(keys, key_width);
        let pad = " ".repeat(key_width.saturating_sub(width(&keys)));
        let line = Line::from(vec![
            Span::styled(format!(" {keys}{pad}  "), styles.heading),
            Span::styled(help.as_str(), styles.text),
        ]);
        buf.set_line(inner.x, y, &line, inner.width);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_keep_the_selection_in_view() {
        assert_eq!(list_offset(0, 100, 10), 0);
        assert_eq!(list_offset(50, 100, 10), 45, "centred");
        assert_eq!(list_offset(99, 100, 10), 90, "no blank rows past the end");
        assert_eq!(list_offset(3, 4, 10), 0, "a short list never scrolls");
    }

    #[test]
    fn popups_fit_inside_the_screen() {
        let area = Rect::new(0, 0, 30, 8);
        assert_eq!(centred(area, 10, 4), Rect::new(10, 2, 10, 4));
        assert_eq!(centred(area, 80, 40), area);
    }
}
