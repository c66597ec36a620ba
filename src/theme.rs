//! Colours and text attributes, as the config states them. The defaults use only
//! the terminal's own foreground and background plus attributes (bold, dim,
//! reverse), so they work on 16-colour terminals and under `NO_COLOR`; the TUI
//! converts these types to ratatui styles and drops colours when `NO_COLOR` is set.
//!
//! [`Theme`] is the one list of the screen's elements. It is generic over the style
//! type: the config holds a `Theme<Style>`, and the TUI turns it into its own
//! `Theme<ratatui::style::Style>` with [`Theme::map`], so the elements are never
//! listed again and this module knows nothing of the terminal.

pub mod preset;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

/// A colour: the terminal's default, one of the 16 ANSI colours, a 256-colour index
/// or RGB.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Color {
    /// The terminal's own foreground or background.
    #[default]
    Default,
    /// ANSI colours 0–15 by name.
    Ansi(u8),
    /// 256-colour palette index.
    Indexed(u8),
    Rgb(u8, u8, u8),
}

const ANSI_NAMES: [&str; 16] = [
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "dark-gray",
    "light-red",
    "light-green",
    "light-yellow",
    "light-blue",
    "light-magenta",
    "light-cyan",
    "white",
];

/// Why a config value is not a colour.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ColorError {
    /// Not `default`, an ANSI colour name, a palette index or `#rrggbb`.
    #[error("`{0}` is not a colour (default, a name like light-blue, 0-255, or #rrggbb)")]
    NotAColor(String),
}

impl FromStr for Color {
    type Err = ColorError;

    fn from_str(text: &str) -> Result<Self, ColorError> {
        let lower = text.trim().to_ascii_lowercase().replace('_', "-");
        if lower == "default" || lower == "reset" {
            return Ok(Color::Default);
        }
        if let Some(i) = ANSI_NAMES.iter().position(|n| *n == lower) {
            return Ok(Color::Ansi(i as u8));
        }
        if let Some(hex) = lower.strip_prefix('#')
            && hex.len() == 6
            && let Ok(rgb) = u32::from_str_radix(hex, 16)
        {
            return Ok(Color::Rgb((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8));
        }
        if let Ok(index) = lower.parse::<u8>() {
            return Ok(Color::Indexed(index));
        }
        Err(ColorError::NotAColor(text.to_owned()))
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Color::Default => f.write_str("default"),
            Color::Ansi(i) => f.write_str(
                ANSI_NAMES
                    .get(usize::from(*i))
                    .copied()
                    .unwrap_or("default"),
            ),
            Color::Indexed(i) => write!(f, "{i}"),
            Color::Rgb(r, g, b) => write!(f, "#{r:02x}{g:02x}{b:02x}"),
        }
    }
}

impl Serialize for Color {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// Colours plus attributes for one element.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Style {
    pub fg: Color,
    pub bg: Color,
    pub bold: bool,
    pub italic: bool,
    pub dim: bool,
    pub underline: bool,
    pub reversed: bool,
}

impl Style {
    const fn plain() -> Self {
        Self {
            fg: Color::Default,
            bg: Color::Default,
            bold: false,
            italic: false,
            dim: false,
            underline: false,
            reversed: false,
        }
    }

    const fn bold() -> Self {
        Self {
            bold: true,
            ..Self::plain()
        }
    }

    const fn dim() -> Self {
        Self {
            dim: true,
            ..Self::plain()
        }
    }

    const fn reversed() -> Self {
        Self {
            reversed: true,
            ..Self::plain()
        }
    }
}

/// `[theme]`: the style of each element of the screen, as `S` (the config's
/// [`Style`] by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Theme<S = Style> {
    /// Story text.
    pub text: S,
    /// Chapter titles.
    pub chapter_title: S,
    /// Headings inside a chapter.
    pub heading: S,
    /// Author's notes.
    pub note: S,
    /// The scene-break ornament.
    pub scene_break: S,
    /// The status line.
    pub status_bar: S,
    /// Search hits.
    pub search_hit: S,
    /// The selected row in lists (table of contents).
    pub selection: S,
    /// Secondary text: hints, help descriptions, borders.
    pub secondary: S,
}

impl<S> Theme<S> {
    /// The same elements, each style converted by `convert` (how the TUI resolves the
    /// config's theme into terminal styles).
    ///
    /// ```
    /// use ficread::theme::Theme;
    /// let theme: Theme = Theme::default();
    /// let bold = theme.map(|style| style.bold);
    /// assert!(bold.heading && !bold.text);
    /// ```
    pub fn map<T>(&self, mut convert: impl FnMut(&S) -> T) -> Theme<T> {
        Theme {
            text: convert(&self.text),
            chapter_title: convert(&self.chapter_title),
            heading: convert(&self.heading),
            note: convert(&self.note),
            scene_break: convert(&self.scene_break),
            status_bar: convert(&self.status_bar),
            search_hit: convert(&self.search_hit),
            selection: convert(&self.selection),
            secondary: convert(&self.secondary),
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            text: Style::plain(),
            chapter_title: Style::bold(),
            heading: Style::bold(),
            note: Style::dim(),
            scene_break: Style::plain(),
            status_bar: Style::reversed(),
            search_hit: Style::reversed(),
            selection: Style::reversed(),
            secondary: Style::dim(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `map` keeps every element in its own place.
    #[test]
    fn map_converts_each_element_in_place() {
        let fg = |i| Style {
            fg: Color::Indexed(i),
            ..Style::plain()
        };
        let theme = Theme {
            text: fg(0),
            chapter_title: fg(1),
            heading: fg(2),
            note: fg(3),
            scene_break: fg(4),
            status_bar: fg(5),
            search_hit: fg(6),
            selection: fg(7),
            secondary: fg(8),
        };
        let index = |style: &Style| match style.fg {
            Color::Indexed(i) => i,
            _ => u8::MAX,
        };
        assert_eq!(
            theme.map(index),
            Theme {
                text: 0,
                chapter_title: 1,
                heading: 2,
                note: 3,
                scene_break: 4,
                status_bar: 5,
                search_hit: 6,
                selection: 7,
                secondary: 8,
            }
        );
    }

    #[test]
    fn colours_round_trip() {
        for text in ["default", "red", "light-blue", "white", "#1e90ff", "208"] {
            let color: Color = text.parse().expect(text);
            assert_eq!(color.to_string(), text);
        }
        assert_eq!("Light_Blue".parse::<Color>(), Ok(Color::Ansi(12)));
        assert!("#12345".parse::<Color>().is_err());
        assert_eq!(
            "chartreuse".parse::<Color>(),
            Err(ColorError::NotAColor("chartreuse".to_owned()))
        );
        assert_eq!(
            ColorError::NotAColor("chartreuse".to_owned()).to_string(),
            "`chartreuse` is not a colour (default, a name like light-blue, 0-255, or #rrggbb)"
        );
    }
}
