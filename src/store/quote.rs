//! Positions that survive a changed story: a [`Position`] is an [`Anchor`] plus a short
//! quote of the text around it (W3C TextQuoteSelector style), the chapter's title and
//! id, and the word fraction through the story. [`relocate`] uses them, in that order of
//! trust, to find the place again after chapters were appended, inserted or edited.
//!
//! Both directions see the story as one text: every block's text joined with `\n` in
//! reading order, so a quote can cross block and chapter boundaries. Relocation joins
//! the whole story once ([`StoryText`]) so an exact quote is one substring search
//! (`memchr::memmem`); capture joins only a window around the anchor (`window`), built
//! so its quote is byte for byte the one the whole text would give. Hence capturing and
//! relocating in an unchanged story always gives back the same anchor with
//! [`Confidence::Exact`].
//!
//! Nothing here panics on any document or any saved position: anchors are clamped
//! first, every slice is checked, and quotes loaded from disk may be anything.

mod fuzzy;
mod story_text;
mod window;
mod words;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use story_text::StoryText;

use crate::document::{Chapter, Document};
use crate::position::Anchor;

/// Words in [`Quote::exact`]; with the prefix and suffix the quote is ~24 words.
const EXACT_WORDS: usize = 12;
/// Words in [`Quote::prefix`] and in [`Quote::suffix`].
const CONTEXT_WORDS: usize = 6;
/// Byte caps, so text without spaces (CJK, a 1 MB "word") still gives short quotes.
const EXACT_MAX_BYTES: usize = 160;
const CONTEXT_MAX_BYTES: usize = 96;
/// Occurrences of the exact quote weighed against their context before giving up:
/// a very common quote (`"Yes."`) is decided by context, and this bounds the work.
const MAX_EXACT_HITS: usize = 10_000;
/// An exact-quote match must cover this many bytes of the quote (exact plus matching
/// context), or all of it when the quote is shorter, so `"Yes."` alone never counts.
const MIN_MATCHED_BYTES: usize = 32;

/// A quote of the text at a position: `exact` starts at the anchor, `prefix` is the text
/// just before it and `suffix` the text just after `exact`. Blocks are joined with `\n`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Quote {
    /// Up to 6 words (96 bytes) just before the anchor.
    pub prefix: String,
    /// Up to 12 words (160 bytes) from the anchor on.
    pub exact: String,
    /// Up to 6 words (96 bytes) just after `exact`.
    pub suffix: String,
}

impl Quote {
    /// True when nothing was quoted (the story had no text at all).
    pub fn is_empty(&self) -> bool {
        self.prefix.is_empty() && self.exact.is_empty() && self.suffix.is_empty()
    }

    /// The exact text on one line, whitespace collapsed, for "you stopped at '…'".
    ///
    /// ```
    /// use ficread::store::Quote;
    /// let quote = Quote { exact: "Lex picked\nup the phone".into(), ..Quote::default() };
    /// assert_eq!(quote.snippet(), "Lex picked up the phone");
    /// ```
    pub fn snippet(&self) -> String {
        self.exact.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// A saved place in a story: where it was, what the text there said, and fallbacks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Position {
    /// Where the place was when captured (it may be stale after the story changed).
    pub anchor: Anchor,
    /// The text at the anchor, to find it again.
    pub quote: Quote,
    /// The title of the anchor's chapter when captured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chapter_title: Option<String>,
    /// The anchor's [`Chapter::id`](crate::document::Chapter::id) when captured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chapter_id: Option<String>,
    /// Body words before the anchor over all body words, in `0.0..=1.0`.
    #[serde(serialize_with = "finite", deserialize_with = "finite_or_zero")]
    pub fraction: f64,
    /// Where the screen's top row was from the anchor's own line when the place was
    /// saved, in rows: above it (positive) for a paragraph gap scrolled onto the top,
    /// below it (negative) for the space under a chapter title. The place itself is
    /// text; this only puts the screen back as it was (those rows are the same at
    /// every width), so a reader who stopped with a blank row on top does not resume
    /// one row off.
    #[serde(skip_serializing_if = "is_zero")]
    pub top_shift: i32,
    /// A place on the title page (an anchor in the front chapters), when the reader
    /// was there. [`Position::anchor`] is then the story's start, so the stored
    /// coordinates never count the title page: a state file from before title pages
    /// resumes on the same sentence, and a ficread without them opens at the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_page: Option<Anchor>,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(rows: &i32) -> bool {
    *rows == 0
}

/// How sure [`relocate`] is that it found the saved place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// The anchor still points at the quoted text.
    Exact,
    /// The quoted text was found elsewhere (chapters inserted before it).
    Moved,
    /// Only part of the quote and its context matched (the text near it was edited).
    Fuzzy,
    /// Nothing matched with confidence; the anchor is a fallback (the chapter with the
    /// same id or title, else the same fraction of the story), and the reader should
    /// say so.
    Lost,
}

impl Confidence {
    /// The name used in JSON and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Exact => "exact",
            Confidence::Moved => "moved",
            Confidence::Fuzzy => "fuzzy",
            Confidence::Lost => "lost",
        }
    }
}

/// Where a saved position is in the current story, and how sure that is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relocated {
    /// A clamped anchor: always valid for the document it was relocated in.
    pub anchor: Anchor,
    /// How sure that is; below `Exact`, the reader should say where it landed.
    pub confidence: Confidence,
}

/// Captures a position at `anchor` (clamped first). See [`StoryText::capture`].
///
/// ```
/// use ficread::document::{Block, Chapter, Document, RichText};
/// use ficread::position::Anchor;
/// use ficread::store::{Confidence, capture, relocate};
///
/// let chapter = |text: &str| Chapter {
///     title: None,
///     id: None,
///     blocks: vec![Block::Paragraph(RichText::plain(text))],
/// };
/// let old = Document { chapters: vec![chapter("Lex picked up the phone.")], ..Document::default() };
/// let position = capture(&old, Anchor::new(0, 0, 4));
/// assert_eq!(position.quote.exact, "picked up the phone.");
///
/// // A prologue was inserted before it: the same sentence, one chapter later.
/// let new = Document {
///     chapters: vec![chapter("Prologue."), chapter("Lex picked up the phone.")],
///     ..Document::default()
/// };
/// let found = relocate(&new, &position);
/// assert_eq!((found.anchor, found.confidence), (Anchor::new(1, 0, 4), Confidence::Moved));
/// ```
///
/// It reads only the text near the anchor (plus one pass of word counting for the
/// fraction), so capturing costs about the same in any size of story.
///
/// `anchor` is the document's; the position counts only the story's own chapters, and
/// a place on the title page is the story's start plus [`Position::title_page`].
pub fn capture(doc: &Document, anchor: Anchor) -> Position {
    capture_known(doc, anchor, None)
}

/// [`capture`] with the place's share of the story already known (the pager keeps
/// it): the reader saves its place every second, and counting a long story's words
/// again each time would cost it tens of milliseconds.
pub fn capture_with_fraction(doc: &Document, anchor: Anchor, fraction: f64) -> Position {
    capture_known(doc, anchor, Some(fraction.clamp(0.0, 1.0)))
}

fn capture_known(doc: &Document, anchor: Anchor, fraction: Option<f64>) -> Position {
    let front = doc.front_chapters();
    let story = doc.story_chapters();
    let Some(chapter) = anchor.chapter.checked_sub(front) else {
        let mut position = capture_in(story, Anchor::default(), fraction);
        position.title_page = Some(anchor.clamp(doc));
        return position;
    };
    capture_in(story, Anchor { chapter, ..anchor }, fraction)
}

fn capture_in(story: &[Chapter], anchor: Anchor, fraction: Option<f64>) -> Position {
    let anchor = anchor.clamp_in(story);
    let (text, at) = window::around(story, anchor);
    let mut position = position_with(story, anchor, quote_at(&text, at), fraction.is_none());
    if let Some(fraction) = fraction {
        position.fraction = fraction;
    }
    position
}

/// Re-finds a saved position in a possibly changed story. See [`StoryText::relocate`].
///
/// A story is usually unchanged since its place was saved, so the quote is first
/// checked at the saved anchor in a window of text around it. Only a place that may
/// have moved joins the whole story, a second copy of its text (20 MB for a 20 MB
/// story, held beside the story while it is being opened).
pub fn relocate(doc: &Document, position: &Position) -> Relocated {
    unmoved(doc, position).unwrap_or_else(|| StoryText::new(doc).relocate(position))
}

/// What [`StoryText::relocate`] answers when it needs no search (a place on the title
/// page, an empty quote, the quote still at the anchor), decided without joining the
/// story; `None` when the answer takes the whole text (the quote is not at the anchor,
/// or is longer than the window around it).
fn unmoved(doc: &Document, position: &Position) -> Option<Relocated> {
    let front = doc.front_chapters();
    if let Some(place) = position.title_page
        && front > 0
    {
        let front_matter = doc.chapters.get(..front).unwrap_or_default();
        return Some(Relocated {
            anchor: place.clamp_in(front_matter),
            confidence: Confidence::Exact,
        });
    }
    let story = doc.story_chapters();
    let quote = &position.quote;
    let anchor = position.anchor.clamp_in(story);
    let in_document = Anchor {
        chapter: anchor.chapter + front,
        ..anchor
    };
    if quote.is_empty() {
        // Nothing to check: the anchor stands if clamping left it alone.
        let confidence = if anchor == position.anchor {
            Confidence::Exact
        } else {
            Confidence::Lost
        };
        return Some(Relocated {
            anchor: in_document,
            confidence,
        });
    }
    // StoryText trusts the anchor only when the saved chapter id, if any chapter still
    // has it, is the anchor's chapter's.
    if let Some(id) = position.chapter_id.as_deref() {
        let has_id = |c: &Chapter| c.id.as_deref() == Some(id);
        if !story.get(anchor.chapter).is_some_and(has_id) && story.iter().any(has_id) {
            return None;
        }
    }
    let (text, at) = window::around(story, anchor);
    let (before, after) = text.split_at_checked(at)?;
    let here = if quote.exact.is_empty() {
        quote.prefix.len() <= window::BEFORE
            && quote.suffix.len() <= window::AFTER
            && before.ends_with(&quote.prefix)
            && after.starts_with(&quote.suffix)
    } else {
        quote.exact.len() <= window::AFTER && after.starts_with(&quote.exact)
    };
    here.then_some(Relocated {
        anchor: in_document,
        confidence: Confidence::Exact,
    })
}

/// The quote around byte `at` of `text` (a joined story or a window of one).
fn quote_at(text: &str, at: usize) -> Quote {
    let exact_end = words_forward(text, at, EXACT_WORDS, EXACT_MAX_BYTES);
    let prefix_start = words_backward(text, at, CONTEXT_WORDS, CONTEXT_MAX_BYTES);
    let suffix_end = words_forward(text, exact_end, CONTEXT_WORDS, CONTEXT_MAX_BYTES);
    let slice = |from: usize, to: usize| text.get(from..to).unwrap_or("").to_owned();
    Quote {
        prefix: slice(prefix_start, at),
        exact: slice(at, exact_end),
        suffix: slice(exact_end, suffix_end),
    }
}

/// A position at a clamped anchor with its quote, chapter and (when `count`) the
/// fraction counted from the story's words; 0 otherwise.
fn position_with(story: &[Chapter], anchor: Anchor, quote: Quote, count: bool) -> Position {
    let chapter = story.get(anchor.chapter);
    Position {
        anchor,
        quote,
        chapter_title: chapter.and_then(|c| c.title.clone()),
        chapter_id: chapter.and_then(|c| c.id.clone()),
        fraction: if count {
            words::fraction_at(story, anchor)
        } else {
            0.0
        },
        top_shift: 0,
        title_page: None,
    }
}

/// The end of the `words`-th word starting at `from` (a partial word at `from`
/// counts), at most `max_bytes` on, always on a char boundary.
fn words_forward(text: &str, from: usize, words: usize, max_bytes: usize) -> usize {
    let rest = text.get(from..).unwrap_or("");
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in rest.char_indices() {
        if i + c.len_utf8() > max_bytes {
            return from + i;
        }
        if c.is_whitespace() {
            if in_word {
                count += 1;
                in_word = false;
                if count >= words {
                    return from + i;
                }
            }
        } else {
            in_word = true;
        }
    }
    from + rest.len()
}

/// The start of the `words`-th word before `to` (a partial word before `to` counts),
/// at most `max_bytes` back, always on a char boundary.
fn words_backward(text: &str, to: usize, words: usize, max_bytes: usize) -> usize {
    let head = text.get(..to).unwrap_or("");
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in head.char_indices().rev() {
        let after = i + c.len_utf8();
        if head.len() - i > max_bytes {
            return after;
        }
        if c.is_whitespace() {
            if in_word {
                count += 1;
                in_word = false;
                if count >= words {
                    return after;
                }
            }
        } else {
            in_word = true;
        }
    }
    0
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn normalise_title(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// JSON has no NaN or infinity: a fraction that is not finite is saved as 0, so one
/// bad number can never make the whole state file unreadable.
#[allow(clippy::trivially_copy_pass_by_ref)] // serde's serialize_with signature
fn finite<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(if value.is_finite() { *value } else { 0.0 })
}

fn finite_or_zero<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    let value = Option::<f64>::deserialize(deserializer)?;
    Ok(value.filter(|v| v.is_finite()).unwrap_or(0.0))
}

#[cfg(test)]
mod tests;
