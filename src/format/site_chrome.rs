//! Site chrome: the page furniture each site family wraps a story in, one
//! vocabulary per family, for every reader that meets a page of that site (a page
//! saved as text, a saved HTML page, a copy-paste).
//!
//! Only recognition lives here: a line (or an element's text) is or is not a piece
//! of a site's furniture, and says which site. Where furniture may sit (above the
//! header, after the story) is each reader's business.
//!
//! Signatures are exact lines, anchored prefixes or anchored patterns, never loose
//! substrings, so story text that mentions "comments" or "Next" is never taken for
//! chrome. Single words that a story could also write alone on a line (`Reply`,
//! `Link`, `Share`) are [`Strength::Weak`]: a reader should only trust them next to
//! other furniture.

pub(crate) mod ffn;
pub(crate) mod journal;

/// How much one furniture line proves on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strength {
    /// No story writes this line (`Leave a comment`, `Powered by Dreamwidth Studios`).
    Strong,
    /// A word a story could write alone (`Reply`, `Link`, `Tags: …`): furniture only
    /// among other furniture.
    Weak,
}
