//! The user's configuration: `config.toml` overlaid on the built-in defaults.
//!
//! The defaults are exactly `config.example.toml` (a test proves it). Every section
//! denies unknown keys, so a typo is an error naming the file, the line and the key,
//! never a silently ignored setting. ficread never writes the config file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use std::collections::BTreeMap;

use crate::keymap::{Action, Key};
use crate::layout::{LayoutOptions, ParagraphSpacing};
use crate::meta::aliases::UserAliases;
use crate::pager::PagerOptions;
use crate::theme::Theme;

/// The example config shipped with ficread, equal to the defaults.
pub const EXAMPLE: &str = include_str!("../config.example.toml");

/// Everything configurable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// What `ficread` with no command opens.
    pub startup: Startup,
    pub library: LibraryConfig,
    /// How calibre libraries' custom columns are read.
    pub calibre: CalibreConfig,
    pub reader: ReaderConfig,
    pub keys: KeysConfig,
    /// A preset name, or a `[theme]` table: a `preset` and per-field overrides.
    #[serde(deserialize_with = "crate::theme::preset::deserialize")]
    pub theme: Theme,
    /// Extra fandom, character and ship-name aliases, on top of the built-in ones.
    pub aliases: UserAliases,
    /// Saved filters: shelf name → query, in the order written.
    pub shelves: Shelves,
    /// Sharing the reading state with other machines through a synced folder.
    pub sync: SyncConfig,
}

/// `[sync]`: one reading state across machines (see [`crate::store::sync`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SyncConfig {
    /// The folder a sync tool keeps the same on every machine; off when unset. `~/`
    /// is the home directory; other relative paths are relative to the config file.
    pub dir: Option<PathBuf>,
    /// This machine's name as the others show it; the host name when unset.
    pub name: Option<String>,
}

impl SyncConfig {
    /// What the store needs to sync, when syncing is on.
    pub fn settings(&self) -> Option<crate::store::SyncSettings> {
        self.dir.clone().map(|dir| crate::store::SyncSettings {
            dir,
            name: self.name.clone(),
        })
    }
}

/// What `ficread` with no command opens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Startup {
    /// The library, with the last-read story selected.
    #[default]
    Library,
    /// The last-read story, at the saved place.
    Resume,
}

/// `[shelves]`: named queries, kept in the order the file lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Shelves(pub Vec<(String, String)>);

impl<'de> Deserialize<'de> for Shelves {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Shelves;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table of shelf name = \"query\"")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Shelves, A::Error> {
                let mut shelves = Vec::new();
                while let Some((name, query)) = map.next_entry::<String, String>()? {
                    shelves.push((name, query));
                }
                Ok(Shelves(shelves))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// `[library]`: where the stories are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LibraryConfig {
    /// Folders scanned for stories. `~/` is the home directory; other relative paths
    /// are relative to the config file's folder. Empty: `./library` when it exists.
    pub paths: Vec<PathBuf>,
}

/// `[calibre]`: reading calibre libraries (folders holding `metadata.db`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CalibreConfig {
    /// Which custom column holds which story field, where the library's names
    /// are not the usual FanFicFare ones.
    pub columns: crate::library::calibre::ColumnMap,
}

/// `[reader]`: how stories are laid out and read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReaderConfig {
    /// Widest text column, in terminal columns; the column is centred.
    pub max_width: u16,
    /// Columns kept free on each side when the terminal is narrower than the column.
    pub margin: u16,
    /// What separates paragraphs.
    pub paragraph_spacing: ParagraphSpacing,
    /// First-line indent, in columns, when `paragraph_spacing = "indent"`.
    pub indent: u16,
    /// The ornament drawn, centred, for a scene break.
    pub scene_break: String,
    /// Reading speed for the time-left estimates.
    pub words_per_minute: u32,
    /// Lines of the previous page kept on screen when paging.
    pub context_lines: u16,
    /// Scroll with the mouse wheel (turn off to let the terminal select text).
    pub mouse: bool,
    /// Lines per wheel step.
    pub mouse_scroll_lines: u16,
    /// Open a story read for the first time on its title page (off: on chapter 1).
    pub title_page: bool,
    /// Justify paragraphs (every line but the last ends at the right edge).
    pub justify: bool,
    /// Hyphenate words at line ends, by the story's language.
    pub hyphenate: bool,
}

impl Default for ReaderConfig {
    /// The layout and paging defaults are [`PagerOptions::default`]'s (the model owns
    /// them); only the settings the pager does not have are written here.
    fn default() -> Self {
        let PagerOptions {
            layout,
            page_overlap,
        } = PagerOptions::default();
        let LayoutOptions {
            max_width,
            margin,
            paragraph_spacing,
            indent,
            scene_break,
            chapter_gap: _,
            justify,
            hyphenate,
            language: _,
        } = layout;
        Self {
            max_width: columns(max_width),
            margin: columns(margin),
            paragraph_spacing,
            indent: columns(indent),
            scene_break,
            words_per_minute: 250,
            context_lines: columns(page_overlap),
            mouse: true,
            mouse_scroll_lines: 3,
            title_page: true,
            justify,
            hyphenate,
        }
    }
}

/// A layout count as the config holds it (the pager's defaults are a few columns,
/// far below `u16::MAX`).
fn columns(count: usize) -> u16 {
    u16::try_from(count).unwrap_or(u16::MAX)
}

impl ReaderConfig {
    /// The pager settings these options describe.
    pub fn pager_options(&self) -> PagerOptions {
        PagerOptions {
            layout: LayoutOptions {
                max_width: usize::from(self.max_width),
                margin: usize::from(self.margin),
                paragraph_spacing: self.paragraph_spacing,
                indent: usize::from(self.indent),
                scene_break: self.scene_break.clone(),
                justify: self.justify,
                hyphenate: self.hyphenate,
                ..LayoutOptions::default()
            },
            page_overlap: usize::from(self.context_lines),
        }
    }
}

/// `[keys.*]`: key → action overrides per view (`"ctrl-d" = "half_page_down"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KeysConfig {
    pub reader: BTreeMap<Key, Action>,
    pub library: BTreeMap<Key, Action>,
}

/// A config file that cannot be used. The message is one line naming the file.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("{}: cannot read config: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {key}{message}", path.display(), key = key.as_deref().map(|k| format!("{k}: ")).unwrap_or_default())]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        /// The dotted key the error is about, when it can be told (`library.paths`).
        key: Option<String>,
        message: String,
    },
    /// The file is not UTF-8 text.
    #[error("{}:{line}: not UTF-8 text (bad byte at offset {offset})", path.display())]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        offset: usize,
    },
    /// A value outside what it can mean (`max_width = 0`).
    #[error("{}: {key} = {value}: {why}", path.display())]
    OutOfRange {
        path: PathBuf,
        key: &'static str,
        value: String,
        why: &'static str,
    },
}

impl Config {
    /// Loads the config file; a missing file is the defaults unless `must_exist`.
    pub fn load(path: &Path, must_exist: bool) -> Result<Self, ConfigError> {
        match std::fs::read(path) {
            Ok(bytes) => match std::str::from_utf8(&bytes) {
                Ok(text) => Self::parse(text, path),
                Err(e) => {
                    let offset = e.valid_up_to();
                    let line = memchr::memchr_iter(b'\n', &bytes[..offset]).count() + 1;
                    Err(ConfigError::NotUtf8 {
                        path: path.to_owned(),
                        line,
                        offset,
                    })
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => {
                Ok(Self::default())
            }
            Err(source) => Err(ConfigError::Io {
                path: path.to_owned(),
                source,
            }),
        }
    }

    /// Parses config text; `path` is only used in error messages and to resolve
    /// relative library folders.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let mut config: Config = toml::from_str(text).map_err(|e| invalid(text, path, &e))?;
        let base = path.parent().unwrap_or(Path::new("."));
        config.library.paths = config
            .library
            .paths
            .iter()
            .map(|p| resolve_path(p, base))
            .collect();
        config.sync.dir = config
            .sync
            .dir
            .take()
            .filter(|d| !d.as_os_str().is_empty())
            .map(|d| resolve_path(&d, base));
        config.reader.check(path)?;
        Ok(config)
    }
}

impl ReaderConfig {
    /// Rejects values that parse but cannot mean anything: a column too narrow to hold
    /// a word, a reading speed of zero (time left would divide by it).
    fn check(&self, path: &Path) -> Result<(), ConfigError> {
        let out_of_range = |key, value: String, why| ConfigError::OutOfRange {
            path: path.to_owned(),
            key,
            value,
            why,
        };
        if self.max_width < MIN_MAX_WIDTH {
            return Err(out_of_range(
                "reader.max_width",
                self.max_width.to_string(),
                "must be at least 20 columns",
            ));
        }
        if !(1..=5000).contains(&self.words_per_minute) {
            return Err(out_of_range(
                "reader.words_per_minute",
                self.words_per_minute.to_string(),
                "must be between 1 and 5000",
            ));
        }
        if self.mouse_scroll_lines == 0 {
            return Err(out_of_range(
                "reader.mouse_scroll_lines",
                "0".to_owned(),
                "must be at least 1",
            ));
        }
        Ok(())
    }
}

/// The narrowest text column the config may ask for.
const MIN_MAX_WIDTH: u16 = 20;

/// Expands `~/` and makes a relative path relative to `base`.
fn resolve_path(path: &Path, base: &Path) -> PathBuf {
    if let Ok(rest) = path.strip_prefix("~")
        && let Some(dirs) = directories::BaseDirs::new()
    {
        return dirs.home_dir().join(rest);
    }
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    }
}

/// Builds a one-line error with line, column and dotted key from a TOML error.
fn invalid(text: &str, path: &Path, err: &toml::de::Error) -> ConfigError {
    let offset = err.span().map_or(0, |s| s.start).min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    ConfigError::Invalid {
        path: path.to_owned(),
        line,
        column,
        key: key_at(text, line),
        message: err
            .message()
            .lines()
            .next()
            .unwrap_or("invalid config")
            .to_owned(),
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The dotted key (`section.key`) defined on 1-based `line`, if that line is a
/// `key = value` line; the section is the nearest `[header]` above it.
fn key_at(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let here = lines.get(line.checked_sub(1)?)?.trim();
    let section = lines[..line - 1]
        .iter()
        .rev()
        .map(|l| l.trim())
        .find(|l| l.starts_with('[') && !l.starts_with("[["))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_owned());
    if here.starts_with('[') {
        return Some(
            here.trim_matches(|c| c == '[' || c == ']')
                .trim()
                .to_owned(),
        );
    }
    let (key, _) = here.split_once('=')?;
    let key = key.trim().trim_matches('"');
    if key.is_empty() {
        return None;
    }
    Some(match section {
        Some(s) if !s.is_empty() => format!("{s}.{key}"),
        _ => key.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The config's reader defaults are taken from the pager's; `pager_options` must
    /// hand each one back to the field it came from, unchanged.
    #[test]
    fn default_config_maps_back_to_the_default_pager() {
        assert_eq!(
            ReaderConfig::default().pager_options(),
            crate::pager::PagerOptions::default()
        );
    }

    #[test]
    fn example_is_the_defaults() {
        let parsed =
            Config::parse(EXAMPLE, Path::new("config.example.toml")).expect("example parses");
        assert_eq!(parsed, Config::default());
    }

    #[test]
    fn errors_name_line_and_key() {
        let cases = [
            ("[library]\npath = []\n", 2, "library.path", "unknown field"),
            ("[library]\npaths = 3\n", 2, "library.paths", "invalid type"),
            ("[libary]\n", 1, "libary", "unknown field"),
            (
                "[reader]\nmax_width = \"wide\"\n",
                2,
                "reader.max_width",
                "invalid type",
            ),
            (
                "[keys.reader]\n\"ctrl-banana\" = \"quit\"\n",
                2,
                "keys.reader.ctrl-banana",
                "not a key",
            ),
            (
                "[keys.reader]\nj = \"fly\"\n",
                2,
                "keys.reader.j",
                "unknown variant",
            ),
            (
                "[theme]\ntext = { fg = \"mauve\" }\n",
                2,
                "theme.text",
                "not a colour",
            ),
            ("[library]\npaths = [\n", 2, "library.paths", "expected"),
        ];
        for (text, want_line, want_key, want_msg) in cases {
            let err = Config::parse(text, Path::new("/cfg/config.toml")).expect_err(text);
            let shown = err.to_string();
            let ConfigError::Invalid { line, key, .. } = &err else {
                panic!("wrong variant for {text:?}: {shown}");
            };
            assert_eq!(*line, want_line, "{text:?}: {shown}");
            if !want_key.is_empty() {
                assert_eq!(key.as_deref(), Some(want_key), "{text:?}: {shown}");
            }
            assert!(shown.starts_with("/cfg/config.toml:"), "{shown}");
            assert!(shown.contains(want_msg), "{shown}");
            assert!(!shown.contains('\n'), "one line: {shown:?}");
        }
    }

    #[test]
    fn calibre_columns_are_mapped_and_checked() {
        let text = "[calibre.columns]\nfandoms = \"#myfandoms\"\n";
        let config = Config::parse(text, Path::new("c.toml")).expect("parses");
        assert_eq!(
            config.calibre.columns.fandoms.as_deref(),
            Some("#myfandoms")
        );
        let err = Config::parse("[calibre.columns]\nfandom = \"#x\"\n", Path::new("c.toml"))
            .expect_err("a typo is an error");
        assert!(err.to_string().contains("fandom"), "{err}");
    }

    #[test]
    fn shelves_keep_their_order() {
        let text = "[shelves]\nzeta = \"fandom:sv\"\nalpha = \"crossover:yes\"\n\"with space\" = \"new:yes\"\n";
        let config = Config::parse(text, Path::new("c.toml")).expect("parses");
        let names: Vec<&str> = config.shelves.0.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["zeta", "alpha", "with space"]);
        assert!(Config::parse("[shelves]\nbad = 3\n", Path::new("c.toml")).is_err());
        let resume = Config::parse("startup = \"resume\"\n", Path::new("c.toml")).expect("parses");
        assert_eq!(resume.startup, Startup::Resume);
    }

    #[test]
    fn sync_dir_expands_and_an_empty_one_is_off() {
        let config = Config::parse(
            "[sync]\ndir = \"~/Sync/ficread\"\nname = \"laptop\"\n",
            Path::new("/cfg/config.toml"),
        )
        .expect("parses");
        let settings = config.sync.settings().expect("on");
        if let Some(dirs) = directories::BaseDirs::new() {
            assert_eq!(settings.dir, dirs.home_dir().join("Sync/ficread"));
        }
        assert_eq!(settings.name.as_deref(), Some("laptop"));
        let dotted = Config::parse("sync.dir = \"shared\"\n", Path::new("/cfg/config.toml"))
            .expect("parses");
        assert_eq!(dotted.sync.dir, Some(PathBuf::from("/cfg/shared")));
        let off =
            Config::parse("[sync]\ndir = \"\"\n", Path::new("/cfg/config.toml")).expect("parses");
        assert_eq!(off.sync.settings(), None);
        assert!(Config::parse("[sync]\nfolder = \"x\"\n", Path::new("c.toml")).is_err());
    }

    #[test]
    fn relative_library_paths_follow_the_config_file() {
        let config = Config::parse(
            "[library]\npaths = [\"fics\", \"/abs\"]\n",
            Path::new("/home/u/.config/ficread/config.toml"),
        )
        .expect("parses");
        assert_eq!(
            config.library.paths,
            vec![
                PathBuf::from("/home/u/.config/ficread/fics"),
                PathBuf::from("/abs")
            ]
        );
    }

    #[test]
    fn missing_file_is_default_unless_explicit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("none.toml");
        assert_eq!(
            Config::load(&path, false).expect("defaults"),
            Config::default()
        );
        assert!(Config::load(&path, true).is_err());
    }
}
