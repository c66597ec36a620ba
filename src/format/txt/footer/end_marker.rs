//! [`END_MARKER`](super::END_MARKER) as plain code: a short story ends on `The End`,
//! and compiling the pattern would cost more than reading the story. The tests hold
//! [`is_plain_end_marker`] to the pattern (see [`crate::format::exact::check`]).

use crate::format::exact::{phrase_at, spaces};

/// The pattern's leading decorations `[~\-*=\[(<#_\s]`, besides whitespace.
const LEAD: &str = "~-*=[(<#_";
/// Its trailing punctuation `[.!?…]`.
const PUNCT: &str = ".!?…";
/// Its trailing decorations `[~\-*=\])>#_\s]`, besides whitespace.
const TRAIL: &str = "~-*=])>#_";

/// The alternatives other than `the\s+end…`, as words joined by `\s+`.
const MARKERS: &[&[&str]] = &[
    &["fin"],
    &["finis"],
    &["end"],
    &["tbc"],
    &["t.b.c"],
    &["to", "be", "continued"],
    &["to", "be", "concluded"],
    &["continued", "next", "time"],
    &["continued", "next", "chapter"],
    &["continued", "next", "part"],
    &["more", "to", "come"],
    &["end", "file"],
];

/// Whether the whole of `text` is a plain end marker, as `END_MARKER` says.
pub(super) fn is_plain_end_marker(text: &str) -> bool {
    let rest = text.trim_start_matches(|c: char| LEAD.contains(c) || c.is_whitespace());
    let start = text.len() - rest.len();
    MARKERS
        .iter()
        .filter_map(|words| phrase_at(text, start, words))
        .any(|end| tail_at(text, end))
        || phrase_at(text, start, &["the", "end"]).is_some_and(|end| the_end_then(text, end))
}

/// After `the\s+end`: the tail, or first `\s*[.!?…]*\s*\(?(?:for\s+now|\?)\)?`.
fn the_end_then(text: &str, at: usize) -> bool {
    if tail_at(text, at) {
        return true;
    }
    let from = at + spaces(text, at);
    let dots = text
        .get(from..)
        .unwrap_or_default()
        .char_indices()
        .take_while(|&(_, c)| PUNCT.contains(c))
        .map(|(i, c)| from + i + c.len_utf8());
    // `[.!?…]*` may stop anywhere in the run: a `?` it leaves is `\?`.
    std::iter::once(from).chain(dots).any(|after_dots| {
        let open = after_dots + spaces(text, after_dots);
        let opens = [Some(open), starts(text, open, '(').then_some(open + 1)];
        opens.into_iter().flatten().any(|word| {
            let said = phrase_at(text, word, &["for", "now"])
                .or_else(|| starts(text, word, '?').then_some(word + 1));
            said.is_some_and(|end| {
                tail_at(text, end) || (starts(text, end, ')') && tail_at(text, end + 1))
            })
        })
    })
}

/// `\s*[.!?…]*[~\-*=\])>#_\s]*$` from byte `at`: each part takes all it can, since
/// what one leaves the next could not take.
fn tail_at(text: &str, at: usize) -> bool {
    text.get(at..)
        .unwrap_or_default()
        .trim_start_matches(char::is_whitespace)
        .trim_start_matches(|c: char| PUNCT.contains(c))
        .chars()
        .all(|c| TRAIL.contains(c) || c.is_whitespace())
}

fn starts(text: &str, at: usize, c: char) -> bool {
    text.get(at..).is_some_and(|rest| rest.starts_with(c))
}
