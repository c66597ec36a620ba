//! Keys and the actions they trigger. [`Action`] is the one vocabulary for keys,
//! config and tests; each variant's doc comment is its help text, so the help
//! overlay is generated from the keymap and can never disagree with it.
//!
//! Keys are ficread's own [`Key`] type (no terminal types here): the TUI converts
//! terminal events into it. Key names in the config: `j`, `G`, `ctrl-d`, `alt-x`,
//! `space`, `enter`, `esc`, `tab`, `backspace`, `up`, `down`, `left`, `right`,
//! `pgup`, `pgdn`, `home`, `end`, `f1`…`f12`, and any single character.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use strum::{EnumIter, EnumMessage, IntoEnumIterator, IntoStaticStr};
use thiserror::Error;

/// Everything a key can do in the reader.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    EnumIter,
    EnumMessage,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    /// Scroll down one line
    LineDown,
    /// Scroll up one line
    LineUp,
    /// Scroll down half a page
    HalfPageDown,
    /// Scroll up half a page
    HalfPageUp,
    /// Next page
    PageDown,
    /// Previous page
    PageUp,
    /// Go to the beginning
    Top,
    /// Go to the end
    Bottom,
    /// Next chapter
    NextChapter,
    /// Previous chapter (or the start of this one)
    PrevChapter,
    /// Next scene
    NextScene,
    /// Previous scene (or the start of this one)
    PrevScene,
    /// Table of contents
    Toc,
    /// Search forward
    SearchForward,
    /// Search backward
    SearchBackward,
    /// Next search hit
    NextHit,
    /// Previous search hit
    PrevHit,
    /// Go to a percentage of the story
    GotoPercent,
    /// Add a bookmark here (m then a-z sets a mark)
    AddBookmark,
    /// Bookmarks and marks (' then a-z jumps to a mark)
    Bookmarks,
    /// Open the selected story
    Open,
    /// Continue the story you read last
    ContinueReading,
    /// Filter the list with a query
    Filter,
    /// Clear the filter and the shelf
    ClearFilter,
    /// Show or hide the filter sidebar (facets)
    Facets,
    /// Details of the selected story
    Details,
    /// Change the sort order
    Sort,
    /// Next saved shelf
    NextShelf,
    /// Previous saved shelf
    PrevShelf,
    /// Put the story on a reading shelf
    SetShelf,
    /// Mark or unmark as a favourite
    Favourite,
    /// Reading statistics
    Stats,
    /// Show or hide this help
    Help,
    /// Quit (in the reader: back to the library)
    Quit,
    /// Suspend to the shell, as less does (`fg` comes back)
    Suspend,
    /// Do nothing (unbinds a default key)
    None,
    /// Go to the title page ('' goes back)
    TitlePage,
    /// Show the footnote of a marker on screen (again: the next one)
    Footnote,
    /// Open the image on screen with the system viewer
    OpenImage,
}

impl Action {
    /// The action's name as written in the config (`half_page_down`).
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// One-line help text (the variant's doc comment).
    pub fn help(self) -> &'static str {
        self.get_documentation().unwrap_or("")
    }

    /// How a scrollable popup (help, details) moves for this action: one line down or
    /// up; `None` for every other action, which closes the popup.
    pub fn popup_scroll(self) -> Option<isize> {
        match self {
            Action::LineDown | Action::PageDown | Action::HalfPageDown => Some(1),
            Action::LineUp | Action::PageUp | Action::HalfPageUp => Some(-1),
            _ => None,
        }
    }
}

/// A key a terminal can report, with modifiers. `G` is the char `G` without a shift
/// flag: terminals report shifted letters as the letter itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

/// The key itself, without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Insert,
    Delete,
    F(u8),
}

impl Key {
    /// A key without modifiers.
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            ctrl: false,
            alt: false,
        }
    }

    /// A character key without modifiers.
    pub const fn char(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }

    /// Ctrl + a character.
    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }
}

const NAMED: &[(&str, KeyCode)] = &[
    ("space", KeyCode::Char(' ')),
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pgup", KeyCode::PageUp),
    ("pageup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pagedown", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("insert", KeyCode::Insert),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
];

/// Why a config key name is not a key.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyError {
    /// Not a character, a named key or `f1`–`f12`, with optional `ctrl-`/`alt-`.
    #[error("`{0}` is not a key (examples: j, G, ctrl-d, space, enter, pgdn, f1)")]
    NotAKey(String),
}

impl FromStr for Key {
    type Err = KeyError;

    /// Parses `ctrl-d`, `alt-x`, `G`, `space`, `pgdn`, `f1`, `-` (a minus key).
    fn from_str(text: &str) -> Result<Self, KeyError> {
        let mut key = Key::plain(KeyCode::Esc);
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && (lower.starts_with("ctrl-") || lower.starts_with("c-")) {
                key.ctrl = true;
                rest = &rest[rest.find('-').map_or(0, |i| i + 1)..];
            } else if rest.chars().count() > 1
                && (lower.starts_with("alt-") || lower.starts_with("m-"))
            {
                key.alt = true;
                rest = &rest[rest.find('-').map_or(0, |i| i + 1)..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        key.code = if let (Some(c), None) = (chars.next(), chars.next()) {
            KeyCode::Char(if key.ctrl { c.to_ascii_lowercase() } else { c })
        } else {
            let lower = rest.to_ascii_lowercase();
            if let Some((_, code)) = NAMED.iter().find(|(name, _)| *name == lower) {
                *code
            } else if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok())
                && (1..=12).contains(&n)
            {
                KeyCode::F(n)
            } else {
                return Err(KeyError::NotAKey(text.to_owned()));
            }
        };
        Ok(key)
    }
}

impl Key {
    /// The key as a hint on screen names it: like [`Key`]'s `Display` (the config's
    /// spelling), with named keys capitalised (`Enter`, `Tab`, `Esc`, `PgDn`).
    pub fn label(self) -> String {
        let name = self.to_string();
        let (prefix, rest) = match name.rfind('-') {
            Some(i) if i + 1 < name.len() => name.split_at(i + 1),
            _ => ("", name.as_str()),
        };
        if rest.chars().count() == 1 {
            return name;
        }
        let mut chars = rest.chars();
        let first = chars.next().map(|c| c.to_ascii_uppercase());
        format!(
            "{prefix}{}{}",
            first.map(String::from).unwrap_or_default(),
            chars.as_str()
        )
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            code => {
                let name = NAMED
                    .iter()
                    .find(|(_, c)| *c == code)
                    .map_or("?", |(n, _)| *n);
                f.write_str(name)
            }
        }
    }
}

impl Serialize for Key {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The reader's default bindings: less(1) keys plus chapter and scene motions.
pub const DEFAULT_READER_KEYS: &[(&str, Action)] = &[
    ("j", Action::LineDown),
    ("e", Action::LineDown),
    ("down", Action::LineDown),
    ("enter", Action::LineDown),
    ("ctrl-n", Action::LineDown),
    ("k", Action::LineUp),
    ("y", Action::LineUp),
    ("up", Action::LineUp),
    ("ctrl-p", Action::LineUp),
    ("d", Action::HalfPageDown),
    ("ctrl-d", Action::HalfPageDown),
    ("u", Action::HalfPageUp),
    ("ctrl-u", Action::HalfPageUp),
    ("space", Action::PageDown),
    ("f", Action::PageDown),
    ("ctrl-f", Action::PageDown),
    ("pgdn", Action::PageDown),
    ("b", Action::PageUp),
    ("ctrl-b", Action::PageUp),
    ("pgup", Action::PageUp),
    ("g", Action::Top),
    ("<", Action::Top),
    ("home", Action::Top),
    ("G", Action::Bottom),
    (">", Action::Bottom),
    ("end", Action::Bottom),
    ("}", Action::NextChapter),
    ("{", Action::PrevChapter),
    ("]", Action::NextScene),
    ("[", Action::PrevScene),
    ("t", Action::Toc),
    ("/", Action::SearchForward),
    ("?", Action::SearchBackward),
    ("n", Action::NextHit),
    ("N", Action::PrevHit),
    ("%", Action::GotoPercent),
    (":", Action::GotoPercent),
    ("m", Action::AddBookmark),
    ("'", Action::Bookmarks),
    ("T", Action::TitlePage),
    ("h", Action::Help),
    ("f1", Action::Help),
    ("q", Action::Quit),
    ("ctrl-c", Action::Quit),
    ("ctrl-z", Action::Suspend),
    ("x", Action::Footnote),
    ("o", Action::OpenImage),
];

/// The library's default bindings.
pub const DEFAULT_LIBRARY_KEYS: &[(&str, Action)] = &[
    ("j", Action::LineDown),
    ("down", Action::LineDown),
    ("ctrl-n", Action::LineDown),
    ("k", Action::LineUp),
    ("up", Action::LineUp),
    ("ctrl-p", Action::LineUp),
    ("space", Action::PageDown),
    ("pgdn", Action::PageDown),
    ("ctrl-f", Action::PageDown),
    ("b", Action::PageUp),
    ("pgup", Action::PageUp),
    ("ctrl-b", Action::PageUp),
    ("ctrl-d", Action::HalfPageDown),
    ("ctrl-u", Action::HalfPageUp),
    ("g", Action::Top),
    ("home", Action::Top),
    ("G", Action::Bottom),
    ("end", Action::Bottom),
    ("enter", Action::Open),
    ("c", Action::ContinueReading),
    ("/", Action::Filter),
    ("esc", Action::ClearFilter),
    ("F", Action::Facets),
    ("i", Action::Details),
    ("s", Action::Sort),
    ("tab", Action::NextShelf),
    ("backtab", Action::PrevShelf),
    ("S", Action::SetShelf),
    ("*", Action::Favourite),
    ("T", Action::Stats),
    ("h", Action::Help),
    ("?", Action::Help),
    ("f1", Action::Help),
    ("q", Action::Quit),
    ("ctrl-c", Action::Quit),
    ("ctrl-z", Action::Suspend),
];

/// Key → action, built from defaults overlaid with the user's `[keys.reader]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: BTreeMap<Key, Action>,
    /// Keys in the order they were declared (defaults first), for the help text.
    order: Vec<Key>,
}

impl Keymap {
    /// Defaults with the user's bindings replacing them key by key; binding a key to
    /// `none` removes it.
    pub fn new(defaults: &[(&str, Action)], user: &BTreeMap<Key, Action>) -> Self {
        let mut order: Vec<Key> = defaults
            .iter()
            .filter_map(|(name, _)| name.parse().ok())
            .collect();
        let mut bindings: BTreeMap<Key, Action> = defaults
            .iter()
            .filter_map(|(name, action)| name.parse().ok().map(|key| (key, *action)))
            .collect();
        for (key, action) in user {
            if *action == Action::None {
                bindings.remove(key);
            } else {
                bindings.insert(*key, *action);
                if !order.contains(key) {
                    order.push(*key);
                }
            }
        }
        order.retain(|key| bindings.contains_key(key));
        Self { bindings, order }
    }

    /// The reader keymap with the user's overrides.
    pub fn reader(user: &BTreeMap<Key, Action>) -> Self {
        Self::new(DEFAULT_READER_KEYS, user)
    }

    /// The library keymap with the user's overrides.
    pub fn library(user: &BTreeMap<Key, Action>) -> Self {
        Self::new(DEFAULT_LIBRARY_KEYS, user)
    }

    /// The action bound to a key.
    pub fn action(&self, key: Key) -> Option<Action> {
        self.bindings.get(&key).copied()
    }

    /// The first key bound to `action`, as the help and the hints show it.
    pub fn key_for(&self, action: Action) -> Option<Key> {
        self.order
            .iter()
            .find(|key| self.bindings.get(key) == Some(&action))
            .copied()
    }

    /// How a hint on screen names the key for `action` (`Tab`, `q`, `ctrl-d`), or
    /// `(unbound)` when the user unbound every key for it.
    pub fn hint(&self, action: Action) -> String {
        self.key_for(action)
            .map_or_else(|| "(unbound)".to_owned(), Key::label)
    }

    /// A hint line from `(action, what it does)` pairs, skipping unbound actions:
    /// `/ filter · F facets · q quit`.
    pub fn hints(&self, pairs: &[(Action, &str)]) -> String {
        pairs
            .iter()
            .filter_map(|(action, what)| {
                self.key_for(*action)
                    .map(|key| format!("{} {what}", key.label()))
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// Help rows: each action (in declaration order) with all its keys.
    pub fn help(&self) -> Vec<(Vec<Key>, Action)> {
        Action::iter()
            .filter_map(|action| {
                let keys: Vec<Key> = self
                    .order
                    .iter()
                    .filter(|key| self.bindings.get(key) == Some(&action))
                    .copied()
                    .collect();
                (!keys.is_empty()).then_some((keys, action))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_keys() {
        let cases = [
            ("j", Key::char('j'), "j"),
            ("G", Key::char('G'), "G"),
            ("ctrl-d", Key::ctrl('d'), "ctrl-d"),
            ("Ctrl-D", Key::ctrl('d'), "ctrl-d"),
            ("space", Key::char(' '), "space"),
            ("pgdn", Key::plain(KeyCode::PageDown), "pgdn"),
            ("PageDown", Key::plain(KeyCode::PageDown), "pgdn"),
            ("f1", Key::plain(KeyCode::F(1)), "f1"),
            ("-", Key::char('-'), "-"),
            (
                "alt-x",
                Key {
                    code: KeyCode::Char('x'),
                    ctrl: false,
                    alt: true,
                },
                "alt-x",
            ),
        ];
        for (text, key, shown) in cases {
            assert_eq!(text.parse::<Key>(), Ok(key), "{text}");
            assert_eq!(key.to_string(), shown);
        }
        for bad in ["", "ctrl-", "f13", "banana", "ctrl-pgdn-x"] {
            assert_eq!(
                bad.parse::<Key>(),
                Err(KeyError::NotAKey(bad.to_owned())),
                "{bad:?}"
            );
        }
        assert_eq!(
            KeyError::NotAKey("f13".to_owned()).to_string(),
            "`f13` is not a key (examples: j, G, ctrl-d, space, enter, pgdn, f1)"
        );
    }

    #[test]
    fn every_default_key_parses_and_every_action_has_help() {
        for (name, _) in DEFAULT_READER_KEYS.iter().chain(DEFAULT_LIBRARY_KEYS) {
            assert!(name.parse::<Key>().is_ok(), "{name}");
        }
        for action in Action::iter() {
            assert!(!action.help().is_empty(), "{action:?} has no doc comment");
        }
        assert_eq!(Action::HalfPageDown.name(), "half_page_down");
    }

    #[test]
    fn user_bindings_replace_and_unbind() {
        let mut user = BTreeMap::new();
        user.insert(Key::char('j'), Action::PageDown);
        user.insert(Key::char('q'), Action::None);
        let keymap = Keymap::reader(&user);
        assert_eq!(keymap.action(Key::char('j')), Some(Action::PageDown));
        assert_eq!(keymap.action(Key::char('q')), None);
        assert_eq!(keymap.action(Key::ctrl('c')), Some(Action::Quit));
        let help = keymap.help();
        let quit = help
            .iter()
            .find(|(_, a)| *a == Action::Quit)
            .expect("quit listed");
        assert_eq!(quit.0, vec![Key::ctrl('c')]);
        let down = help
            .iter()
            .find(|(_, a)| *a == Action::LineDown)
            .expect("line_down listed");
        let names: Vec<String> = down.0.iter().map(ToString::to_string).collect();
        assert_eq!(
            names,
            ["e", "down", "enter", "ctrl-n"],
            "declaration order, j rebound"
        );
    }
}
