//! Converts the config's [`crate::theme`] types into ratatui styles, dropping
//! colours (but keeping bold, italic, reverse…) when `NO_COLOR` is set. The
//! elements themselves are [`Theme`]'s; this module only says how one config style
//! becomes one ratatui style.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use crate::theme::{self, Theme};

/// Ratatui styles for every element of the [`Theme`], resolved once at start-up.
pub type Styles = Theme<Style>;

impl Styles {
    /// Resolves a theme; `colors` false (NO_COLOR) keeps only attributes.
    pub fn new(theme: &Theme, colors: bool) -> Self {
        theme.map(|style| to_ratatui(style, colors))
    }

    /// Resolves a theme honouring the `NO_COLOR` convention: set (to anything) means no
    /// colour.
    pub fn from_env(theme: &Theme) -> Self {
        Self::new(theme, std::env::var_os("NO_COLOR").is_none())
    }

    /// Gives every cell of `area` the text's colours (not its attributes), so a theme
    /// with a background colours the whole page, not only the cells behind letters.
    /// Nothing changes for a theme without colours (the terminal preset, NO_COLOR).
    pub fn fill_page(&self, buf: &mut Buffer, area: Rect) {
        let page = Style {
            fg: self.text.fg,
            bg: self.text.bg,
            ..Style::default()
        };
        buf.set_style(area, page);
    }
}

impl Default for Styles {
    fn default() -> Self {
        Self::new(&Theme::default(), true)
    }
}

fn to_ratatui(style: &theme::Style, colors: bool) -> Style {
    let mut out = Style::default();
    if colors {
        if let Some(fg) = color(style.fg) {
            out = out.fg(fg);
        }
        if let Some(bg) = color(style.bg) {
            out = out.bg(bg);
        }
    }
    let flags = [
        (style.bold, Modifier::BOLD),
        (style.italic, Modifier::ITALIC),
        (style.dim, Modifier::DIM),
        (style.underline, Modifier::UNDERLINED),
        (style.reversed, Modifier::REVERSED),
    ];
    for (on, modifier) in flags {
        if on {
            out = out.add_modifier(modifier);
        }
    }
    out
}

fn color(c: theme::Color) -> Option<Color> {
    match c {
        theme::Color::Default => None,
        theme::Color::Ansi(i) => Some(match i {
            0 => Color::Black,
            1 => Color::Red,
            2 => Color::Green,
            3 => Color::Yellow,
            4 => Color::Blue,
            5 => Color::Magenta,
            6 => Color::Cyan,
            7 => Color::Gray,
            8 => Color::DarkGray,
            9 => Color::LightRed,
            10 => Color::LightGreen,
            11 => Color::LightYellow,
            12 => Color::LightBlue,
            13 => Color::LightMagenta,
            14 => Color::LightCyan,
            _ => Color::White,
        }),
        theme::Color::Indexed(i) => Some(Color::Indexed(i)),
        theme::Color::Rgb(r, g, b) => Some(Color::Rgb(r, g, b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_keeps_attributes_only() {
        let mut theme: Theme = Theme::default();
        theme.heading.fg = theme::Color::Ansi(12);
        let colored = Styles::new(&theme, true);
        assert_eq!(colored.heading.fg, Some(Color::LightBlue));
        let plain = Styles::new(&theme, false);
        assert_eq!(plain.heading.fg, None);
        assert!(plain.heading.add_modifier.contains(Modifier::BOLD));
        assert!(plain.status_bar.add_modifier.contains(Modifier::REVERSED));
    }
}
