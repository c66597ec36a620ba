//! The text of a [`super::RichText`]: its own `String`, or a stretch of one buffer
//! that all of a story's blocks share.
//!
//! A long plain-text story is cleaned into the buffer it was read into (see
//! `format::txt`), so the story is held once: its blocks point into that buffer
//! instead of each holding a copy of its paragraph. Everything downstream reads a
//! [`Text`] as a `&str` ([`Text::as_str`], `Deref`), whichever way it is stored.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One block's text. Compares, prints and serialises as the `str` it holds.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Owned(String),
    /// Bytes `start..end` of a buffer shared by many texts. The buffer is set once,
    /// when the whole story has been cleaned into it; a text read before then is
    /// empty (only the parser that fills it could do that).
    Shared {
        buffer: Arc<OnceLock<String>>,
        start: u32,
        end: u32,
    },
}

impl Text {
    /// An empty text.
    pub const fn new() -> Self {
        Self(Repr::Owned(String::new()))
    }

    /// Bytes `range` of `buffer`, once it is set; `None` when the range does not fit
    /// the compact form (a story past 4 GiB, which no reader accepts).
    pub fn shared(buffer: &Arc<OnceLock<String>>, range: Range<usize>) -> Option<Self> {
        Some(Self(Repr::Shared {
            buffer: Arc::clone(buffer),
            start: u32::try_from(range.start).ok()?,
            end: u32::try_from(range.end).ok()?,
        }))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Owned(text) => text,
            Repr::Shared { buffer, start, end } => buffer
                .get()
                .and_then(|b| b.get(*start as usize..*end as usize))
                .unwrap_or_default(),
        }
    }

    /// The text as a `String` of its own, to edit (a shared text is copied out).
    pub fn to_mut(&mut self) -> &mut String {
        if let Repr::Shared { .. } = self.0 {
            self.0 = Repr::Owned(self.as_str().to_owned());
        }
        match &mut self.0 {
            Repr::Owned(text) => text,
            Repr::Shared { .. } => unreachable!("made owned above"),
        }
    }

    /// Appends `s` (see [`Text::to_mut`]).
    pub fn push_str(&mut self, s: &str) {
        self.to_mut().push_str(s);
    }

    /// Appends `c` (see [`Text::to_mut`]).
    pub fn push(&mut self, c: char) {
        self.to_mut().push(c);
    }

    /// The text as a `String`, without a copy when it is its own.
    pub fn into_string(self) -> String {
        match self.0 {
            Repr::Owned(text) => text,
            Repr::Shared { .. } => self.as_str().to_owned(),
        }
    }

    /// Whether the text points into a shared buffer (tests of the storage).
    pub fn is_shared(&self) -> bool {
        matches!(self.0, Repr::Shared { .. })
    }
}

impl Default for Text {
    fn default() -> Self {
        Self::new()
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Self(Repr::Owned(text))
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Self(Repr::Owned(text.to_owned()))
    }
}

impl From<&String> for Text {
    fn from(text: &String) -> Self {
        Self(Repr::Owned(text.clone()))
    }
}

impl From<std::borrow::Cow<'_, str>> for Text {
    fn from(text: std::borrow::Cow<'_, str>) -> Self {
        Self(Repr::Owned(text.into_owned()))
    }
}

impl From<Text> for String {
    fn from(text: Text) -> Self {
        text.into_string()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_text_reads_its_stretch_once_the_buffer_is_set() {
        let buffer = Arc::new(OnceLock::new());
        let mut text = Text::shared(&buffer, 4..9).expect("small range");
        assert_eq!(text, "");
        buffer.set("the quick fox".to_owned()).expect("set once");
        assert_eq!(text, "quick");
        assert!(text.is_shared());
        assert_eq!(text, Text::from("quick"));
        assert_eq!(format!("{text:?}"), "\"quick\"");
        text.push_str(" brown");
        assert!(!text.is_shared());
        assert_eq!(text.as_str(), "quick brown");
        assert_eq!(buffer.get().map(String::as_str), Some("the quick fox"));
    }

    #[test]
    fn a_text_is_no_bigger_than_a_string() {
        assert_eq!(size_of::<Text>(), size_of::<String>());
    }
}
