//! Theme presets and the config's `theme` value: a preset name
//! (`theme = "sepia"`) or a `[theme]` table naming a `preset` and overriding any
//! element's fields one by one (`text = { fg = "#222222" }` keeps the preset's
//! background and attributes of `text`).
//!
//! Every preset but `terminal` gives the text a background; the TUI fills the whole
//! page with the text's colours, so the page is one colour, not just the cells behind
//! letters. `NO_COLOR` drops the colours of any preset (see `tui::theme`).

use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::{Color, Style, Theme};

/// A built-in theme.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Preset {
    /// The terminal's own colours, with bold, dim and reverse for the rest.
    #[default]
    Terminal,
    /// Light text on a dark grey page.
    Dark,
    /// Dark text on an off-white page.
    Light,
    /// Brown text on a warm paper page.
    Sepia,
    /// White on black with bright accents, nothing dimmed.
    HighContrast,
}

const fn rgb(hex: u32) -> Color {
    Color::Rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

/// A style with the given colours and no attributes.
const fn colours(fg: Color, bg: Color) -> Style {
    Style {
        fg,
        bg,
        ..Style::plain()
    }
}

const fn bold(style: Style) -> Style {
    Style {
        bold: true,
        ..style
    }
}

/// Drawn as `fg` on `bg`, by reversing `bg` on `fg`: without colours (NO_COLOR) it
/// is still reversed, so the status bar, hits and selection still stand out.
const fn inverse(fg: Color, bg: Color) -> Style {
    Style {
        fg: bg,
        bg: fg,
        reversed: true,
        ..Style::plain()
    }
}

const fn italic(style: Style) -> Style {
    Style {
        italic: true,
        ..style
    }
}

/// The colours of a page preset: text and page, an accent for titles, a muted tone
/// for notes and hints, and the bars and highlights as (text, background) on screen.
struct Palette {
    text: Color,
    page: Color,
    accent: Color,
    muted: Color,
    bar: (Color, Color),
    hit: (Color, Color),
    selection: (Color, Color),
}

impl Palette {
    const fn theme(&self) -> Theme {
        let default = Color::Default;
        Theme {
            text: colours(self.text, self.page),
            chapter_title: bold(colours(self.accent, default)),
            heading: bold(colours(self.accent, default)),
            note: italic(colours(self.muted, default)),
            scene_break: colours(self.muted, default),
            status_bar: inverse(self.bar.0, self.bar.1),
            search_hit: inverse(self.hit.0, self.hit.1),
            selection: inverse(self.selection.0, self.selection.1),
            secondary: colours(self.muted, default),
        }
    }
}

impl Preset {
    /// The preset's full theme.
    pub fn theme(self) -> Theme {
        match self {
            Preset::Terminal => Theme::default(),
            Preset::Dark => Palette {
                text: rgb(0xd4_d4_d4),
                page: rgb(0x1e_1e_1e),
                accent: rgb(0xe5_c0_7b),
                muted: rgb(0x8a_8a_8a),
                bar: (rgb(0xd4_d4_d4), rgb(0x3a_3a_3a)),
                hit: (rgb(0x1e_1e_1e), rgb(0xe5_c0_7b)),
                selection: (rgb(0xff_ff_ff), rgb(0x26_4f_78)),
            }
            .theme(),
            Preset::Light => Palette {
                text: rgb(0x24_29_2e),
                page: rgb(0xfa_fa_fa),
                accent: rgb(0x03_47_a6),
                muted: rgb(0x6a_73_7d),
                bar: (rgb(0x24_29_2e), rgb(0xe1_e4_e8)),
                hit: (rgb(0x24_29_2e), rgb(0xff_e5_8f)),
                selection: (rgb(0x24_29_2e), rgb(0xc8_e1_ff)),
            }
            .theme(),
            Preset::Sepia => Palette {
                text: rgb(0x5b_46_36),
                page: rgb(0xf4_ec_d8),
                accent: rgb(0x7a_3e_1d),
                muted: rgb(0x9a_83_6b),
                bar: (rgb(0x5b_46_36), rgb(0xe4_d5_b7)),
                hit: (rgb(0x3b_2a_1a), rgb(0xe0_b8_5c)),
                selection: (rgb(0xf4_ec_d8), rgb(0x7a_5c_43)),
            }
            .theme(),
            // ANSI colours, so it stays high-contrast on a 16-colour terminal.
            Preset::HighContrast => {
                let (black, white, yellow, cyan) = (
                    Color::Ansi(0),
                    Color::Ansi(15),
                    Color::Ansi(11),
                    Color::Ansi(14),
                );
                Palette {
                    text: white,
                    page: black,
                    accent: yellow,
                    muted: white,
                    bar: (black, white),
                    hit: (black, yellow),
                    selection: (black, cyan),
                }
                .theme()
            }
        }
    }
}

/// Some fields of one element's style; the unset ones keep the preset's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StyleOverride {
    pub fg: Option<Color>,
    pub bg: Option<Color>,
    pub bold: Option<bool>,
    pub italic: Option<bool>,
    pub dim: Option<bool>,
    pub underline: Option<bool>,
    pub reversed: Option<bool>,
}

impl StyleOverride {
    /// `base` with the fields this override sets replaced.
    pub fn apply(&self, base: Style) -> Style {
        Style {
            fg: self.fg.unwrap_or(base.fg),
            bg: self.bg.unwrap_or(base.bg),
            bold: self.bold.unwrap_or(base.bold),
            italic: self.italic.unwrap_or(base.italic),
            dim: self.dim.unwrap_or(base.dim),
            underline: self.underline.unwrap_or(base.underline),
            reversed: self.reversed.unwrap_or(base.reversed),
        }
    }
}

/// The `[theme]` table's element entries, each optional (how `serde(default)` fills
/// the elements a table leaves out).
impl Default for Theme<Option<StyleOverride>> {
    fn default() -> Self {
        Theme::<Style>::default().map(|_| None)
    }
}

/// `preset` with `overrides` applied element by element and field by field.
pub fn resolve(preset: Preset, overrides: &Theme<Option<StyleOverride>>) -> Theme {
    // `map` walks the elements in one fixed order, so two walks pair them up.
    let mut base = Vec::with_capacity(16);
    preset.theme().map(|style| base.push(*style));
    let mut base = base.into_iter();
    overrides.map(|over| {
        let style = base.next().unwrap_or_default();
        over.map_or(style, |over| over.apply(style))
    })
}

/// Deserialises the config's `theme`: a preset name, or a table with an optional
/// `preset` and element overrides.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Theme, D::Error> {
    deserializer.deserialize_any(ThemeVisitor)
}

struct ThemeVisitor;

impl<'de> Visitor<'de> for ThemeVisitor {
    type Value = Theme;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a preset name (terminal, dark, light, sepia, high-contrast) or a table")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Theme, E> {
        Preset::deserialize(name.into_deserializer()).map(Preset::theme)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Theme, A::Error> {
        let mut preset = None;
        let overrides = Theme::<Option<StyleOverride>>::deserialize(
            de::value::MapAccessDeserializer::new(TakePreset {
                map,
                preset: &mut preset,
            }),
        )?;
        Ok(resolve(preset.unwrap_or_default(), &overrides))
    }
}

/// The `[theme]` table minus its `preset` key, which it hands aside: the rest is the
/// element list that [`Theme`]'s own deserialiser reads (and checks for typos).
struct TakePreset<'p, A> {
    map: A,
    preset: &'p mut Option<Preset>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for TakePreset<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        while let Some(key) = self.map.next_key::<String>()? {
            if key == "preset" {
                *self.preset = Some(self.map.next_value()?);
                continue;
            }
            return seed.deserialize(key.into_deserializer()).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    #[derive(Debug, Deserialize)]
    struct Holder {
        #[serde(deserialize_with = "deserialize")]
        theme: Theme,
    }

    fn parse(text: &str) -> Result<Theme, toml::de::Error> {
        toml::from_str::<Holder>(text).map(|h| h.theme)
    }

    #[test]
    fn a_name_or_a_table_picks_the_preset() {
        let sepia = Preset::Sepia.theme();
        assert_eq!(parse("theme = \"sepia\"").ok(), Some(sepia));
        assert_eq!(parse("[theme]\npreset = \"sepia\"\n").ok(), Some(sepia));
        assert_eq!(parse("[theme]\n").ok(), Some(Theme::default()));
        assert_eq!(
            parse("theme = \"high-contrast\"").ok(),
            Some(Preset::HighContrast.theme())
        );
        let err = parse("theme = \"solarized\"").expect_err("unknown preset");
        assert!(err.to_string().contains("unknown variant"), "{err}");
    }

    #[test]
    fn overrides_replace_only_the_fields_they_set() {
        let theme = parse(
            "[theme]\npreset = \"sepia\"\ntext = { fg = \"#000000\" }\nheading = { bold = false, underline = true }\n",
        )
        .expect("parses");
        let sepia = Preset::Sepia.theme();
        assert_eq!(theme.text.fg, Color::Rgb(0, 0, 0));
        assert_eq!(theme.text.bg, sepia.text.bg);
        assert!(!theme.heading.bold && theme.heading.underline);
        assert_eq!(theme.heading.fg, sepia.heading.fg);
        assert_eq!(theme.status_bar, sepia.status_bar);
        // The preset may come after the overrides: order in the table does not matter.
        let later =
            parse("[theme]\ntext = { fg = \"#000000\" }\npreset = \"sepia\"\n").expect("parses");
        assert_eq!(later.text.bg, sepia.text.bg);
    }

    #[test]
    fn typos_are_errors() {
        assert!(parse("[theme]\ntxt = { fg = \"red\" }\n").is_err());
        assert!(parse("[theme]\ntext = { colour = \"red\" }\n").is_err());
        assert!(parse("[theme]\ntext = { fg = \"mauve\" }\n").is_err());
    }

    #[test]
    fn page_presets_colour_the_page_and_terminal_does_not() {
        for preset in Preset::iter() {
            let theme = preset.theme();
            let name: &str = preset.into();
            assert_eq!(
                theme.text.bg == Color::Default,
                preset == Preset::Terminal,
                "{name}"
            );
            // Text never sits on its own colour, and hits stand out.
            if preset != Preset::Terminal {
                assert_ne!(theme.text.fg, theme.text.bg, "{name}");
            }
            assert_ne!(theme.search_hit, theme.text, "{name}");
            assert_eq!(parse(&format!("theme = \"{name}\"")).ok(), Some(theme));
        }
    }
}
