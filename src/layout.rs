//! Layout: what the reading view draws for a story at a given text width, as a stream of
//! visual [`Row`]s, built lazily.
//!
//! A text row is a byte range of one block's text (or of a chapter title), never a copy,
//! so the view can look up emphasis spans and search hits by offset. This module owns
//! the layout options, the wrapping of one text ([`wrap()`], [`wrap_hyphenated()`]) and the
//! lazy row stream over a whole document (`flow`, used by the pager). It holds no terminal
//! types. Justification and hyphens are marks on a row ([`Typeset`]), drawn by the view
//! (`justify::row_gaps`); the row's byte range is always exactly the source's.
//!
//! Invariants: every block yields at least one row (an empty paragraph is one empty
//! line); the rows of a story depend only on the document, the options and the width;
//! no text row is wider than the width (see [`wrap()`] for the one exception).

pub(crate) mod flow;
pub mod hyphenate;
pub mod justify;
pub mod row;
pub mod table;
pub mod wrap;

use serde::{Deserialize, Serialize};

pub use row::{Row, TextKind, Typeset};
pub use wrap::{Line, display_width, wrap, wrap_hyphenated};

/// How paragraphs are separated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphSpacing {
    /// A blank row between paragraphs (how most fan fiction is posted).
    #[default]
    Blank,
    /// No blank row; a paragraph that follows a paragraph starts with an indent of
    /// [`LayoutOptions::indent`] columns (book style).
    Indent,
}

/// Layout settings (the `[reader]` part of the config that shapes text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LayoutOptions {
    /// Widest text measure, in columns; wider terminals centre the text.
    pub max_width: usize,
    /// Columns kept free on each side of the text when the terminal is narrower than
    /// the measure plus margins.
    pub margin: usize,
    /// Blank rows or first-line indents between paragraphs.
    pub paragraph_spacing: ParagraphSpacing,
    /// First-line indent, in columns, when `paragraph_spacing` is `indent`.
    pub indent: usize,
    /// The ornament drawn, centred, for every scene break.
    pub scene_break: String,
    /// Blank rows before a chapter's title (none before the first chapter).
    pub chapter_gap: usize,
    /// Justify paragraphs: every line but a paragraph's last ends at the right edge.
    pub justify: bool,
    /// Break long words at line ends with a hyphen, by the story's language.
    pub hyphenate: bool,
    /// The story's language as its metadata names it (`English`), which picks the
    /// hyphenation dictionary; unset is English. Set per story, not by the config.
    #[serde(skip)]
    pub language: Option<String>,
}

impl Default for LayoutOptions {
    /// The one place these defaults are written: the config's `[reader]` defaults
    /// ([`crate::config::ReaderConfig`]) are taken from here.
    fn default() -> Self {
        Self {
            max_width: 72,
            margin: 2,
            paragraph_spacing: ParagraphSpacing::Blank,
            indent: 2,
            scene_break: "⁂".to_owned(),
            chapter_gap: 2,
            justify: false,
            hyphenate: false,
            language: None,
        }
    }
}

/// Where the text column sits in a terminal of a given width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    /// Text width in columns: what the pager lays out for.
    pub width: usize,
    /// Columns left of the text, which centre it.
    pub left: usize,
}

impl LayoutOptions {
    /// The text measure for a terminal `terminal_width` columns wide:
    /// `min(terminal_width − 2 × margin, max_width)`, centred. A terminal too narrow for
    /// the margins uses its full width.
    ///
    /// ```
    /// use ficread::layout::{LayoutOptions, Measure};
    /// let options = LayoutOptions::default();
    /// assert_eq!(options.measure(200), Measure { width: 72, left: 64 });
    /// assert_eq!(options.measure(60), Measure { width: 56, left: 2 });
    /// assert_eq!(options.measure(3), Measure { width: 3, left: 0 });
    /// ```
    pub fn measure(&self, terminal_width: usize) -> Measure {
        let inside = match terminal_width.checked_sub(self.margin.saturating_mul(2)) {
            Some(inside) if inside > 0 => inside,
            _ => terminal_width,
        };
        let width = inside.min(self.max_width.max(1));
        Measure {
            width,
            left: (terminal_width - width) / 2,
        }
    }
}
