//! Title cells that tell works apart when the column is too narrow for them.
//!
//! Cutting every title at its end fails exactly where a library is fullest: the
//! parts of a series and a generator's numbered works share their beginning, so 120
//! rows read `Change of Spac…`. The rule, over the whole result set (so a row reads
//! the same wherever it is scrolled to):
//!
//! 1. A title that fits is shown whole.
//! 2. Find the longest beginning it shares with any other title in the result
//!    ([`rank_titles`]). When the first character after it still fits before the
//!    `…`, the title is cut at its end as usual: that already tells it apart.
//! 3. Otherwise the shared middle is cut, not the distinguishing end: the start of
//!    the title (at least a third of the column, so the work stays recognisable),
//!    `…`, then the end of the title from the word where it differs, with the word
//!    before it when that fits (`Change of… Part Three`, `A Quiet… Kansas #0017`).
//!    An end too long even for that keeps its beginning and is cut with `…`.
//! 4. Two works with the same title are told apart by a suffix the caller chooses
//!    (the series part `#3`, else the author), added as if it ended the title.

use crate::display::width;

/// A title's place among the others of a result: how many characters it shares with
/// the most similar other title, and whether some other title is identical.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TitleRank {
    /// Characters at the start shared with the most similar other title.
    pub shared: usize,
    /// Another title in the result is the same.
    pub twin: bool,
}

/// The [`TitleRank`] of each of `titles`, in their order. Sorting brings the most
/// similar titles next to each other, so each title is compared with its sorted
/// neighbours only: O(n log n).
pub fn rank_titles(titles: &[&str]) -> Vec<TitleRank> {
    let mut order: Vec<usize> = (0..titles.len()).collect();
    order.sort_by(|&a, &b| titles.get(a).cmp(&titles.get(b)));
    let sorted: Vec<&str> = order
        .iter()
        .filter_map(|&i| titles.get(i).copied())
        .collect();
    let mut ranks = vec![TitleRank::default(); titles.len()];
    for (&i, rank) in order.iter().zip(rank_sorted_titles(&sorted)) {
        if let Some(slot) = ranks.get_mut(i) {
            *slot = rank;
        }
    }
    ranks
}

/// The [`TitleRank`] of each of `sorted` (titles already in sorted order, as a
/// caller that keeps its titles sorted has them), in that order: O(n).
pub fn rank_sorted_titles(sorted: &[&str]) -> Vec<TitleRank> {
    let mut ranks = vec![TitleRank::default(); sorted.len()];
    for (a, pair) in sorted.windows(2).enumerate() {
        let &[ta, tb] = pair else {
            continue;
        };
        let shared = ta
            .chars()
            .zip(tb.chars())
            .take_while(|(x, y)| x == y)
            .count();
        let twin = ta == tb;
        for i in [a, a + 1] {
            if let Some(rank) = ranks.get_mut(i) {
                rank.shared = rank.shared.max(shared);
                rank.twin |= twin;
            }
        }
    }
    ranks
}

/// `title` in at most `columns` columns, cut where it does not tell it apart from
/// the others (see the module documentation); `suffix` tells twins apart.
pub fn fit_title(title: &str, rank: TitleRank, suffix: Option<&str>, columns: usize) -> String {
    let joined;
    let (text, differs_at) = match suffix {
        Some(suffix) if rank.twin && !suffix.is_empty() => {
            joined = format!("{title} {suffix}");
            (joined.as_str(), title.chars().count() + 1)
        }
        _ => (title, rank.shared),
    };
    if width(text) <= columns {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let head_room = columns.saturating_sub(1);
    if differs_at >= chars.len() || width_of(&chars[..=differs_at]) <= head_room {
        return crate::display::truncate(text, columns);
    }
    // At least a third of the column for the start, and room for `… `.
    let min_head = (columns / 3).max(1);
    let tail_room = columns.saturating_sub(min_head + 2);
    if tail_room == 0 {
        return crate::display::truncate(text, columns);
    }
    let word_start = |mut at: usize| {
        while at > 0 && !chars[at - 1].is_whitespace() {
            at -= 1;
        }
        at
    };
    let differing = if chars[differs_at].is_whitespace() {
        next_word(&chars, differs_at)
    } else {
        word_start(differs_at)
    };
    // The differing word and the one before it when it fits: that word often names
    // what the difference counts (`Part Three`, `Chapter 2`, `Kansas #17`), and
    // siblings then end alike. A differing word too long for the room starts at
    // the difference itself.
    let mut start = differs_at;
    if width_of(&chars[differing..]) <= tail_room {
        start = differing;
        let mut end_of_previous = start;
        while end_of_previous > 0 && chars[end_of_previous - 1].is_whitespace() {
            end_of_previous -= 1;
        }
        if end_of_previous > 0 {
            let earlier = word_start(end_of_previous);
            if width_of(&chars[earlier..]) <= tail_room {
                start = earlier;
            }
        }
    }
    let at_word = start == 0 || chars[start - 1].is_whitespace();
    let tail_text: String = chars[start..].iter().collect();
    let tail = crate::display::truncate(&tail_text, tail_room);
    let gap = if at_word { "… " } else { "…" };
    let head_width = columns.saturating_sub(width(&tail) + width(gap));
    let mut head = String::new();
    let mut used = 0;
    for c in &chars[..start] {
        let w = unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
        if used + w > head_width {
            break;
        }
        head.push(*c);
        used += w;
    }
    let head = head.trim_end_matches(|c: char| c.is_whitespace() || c == ':' || c == ',');
    format!("{head}{gap}{tail}")
}

fn width_of(chars: &[char]) -> usize {
    chars
        .iter()
        .map(|c| unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0))
        .sum()
}

/// The first non-space at or after `at` (the end when there is none).
fn next_word(chars: &[char], mut at: usize) -> usize {
    while at < chars.len() && chars[at].is_whitespace() {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fitted(titles: &[&str], columns: usize) -> Vec<String> {
        let ranks = rank_titles(titles);
        titles
            .iter()
            .zip(ranks)
            .map(|(t, r)| fit_title(t, r, None, columns))
            .collect()
    }

    #[test]
    fn ranks_count_the_beginning_shared_with_the_nearest_title() {
        let ranks = rank_titles(&[
            "Change of Space #2",
            "Help Wanted",
            "Change of Space #10",
            "Help Wanted",
        ]);
        assert_eq!(
            ranks[0],
            TitleRank {
                shared: 17,
                twin: false
            }
        );
        assert_eq!(ranks[2].shared, 17);
        assert_eq!(
            ranks[1],
            TitleRank {
                shared: 11,
                twin: true
            }
        );
        assert_eq!(rank_titles(&["Alone"]), vec![TitleRank::default()]);
    }

    #[test]
    fn series_parts_show_the_part_not_the_shared_start() {
        let titles = [
            "Change of Space: Part One",
            "Change of Space: Part Two",
            "Change of Space: Part Three",
        ];
        assert_eq!(
            fitted(&titles, 22),
            [
                "Change of Sp… Part One",
                "Change of Sp… Part Two",
                "Change of… Part Three"
            ]
        );
        // Wide enough: whole titles.
        assert_eq!(fitted(&titles, 27), titles);
    }

    #[test]
    fn numbered_titles_keep_their_number() {
        let titles = [
            "A Quiet Place in Kansas #0017",
            "A Quiet Place in Kansas #0018",
        ];
        assert_eq!(
            fitted(&titles, 22),
            ["A Quiet… Kansas #0017", "A Quiet… Kansas #0018"]
        );
    }

    #[test]
    fn titles_that_differ_early_are_cut_at_the_end() {
        let titles = [
            "Change of Space and Time",
            "Change of Heart, Change of Mind",
        ];
        assert_eq!(
            fitted(&titles, 16),
            ["Change of Space…", "Change of Heart…"]
        );
    }

    #[test]
    fn twins_are_told_apart_by_their_suffix() {
        let ranks = rank_titles(&["Untitled", "Untitled"]);
        assert_eq!(
            fit_title("Untitled", ranks[0], Some("#3"), 30),
            "Untitled #3"
        );
        assert_eq!(
            fit_title("Untitled", ranks[1], Some("— Annie"), 30),
            "Untitled — Annie"
        );
        let long = "A Very Long Untitled Work In Progress";
        let ranks = rank_titles(&[long, long]);
        assert_eq!(
            fit_title(long, ranks[0], Some("#3"), 22),
            "A Very Lo… Progress #3"
        );
        // A title alone needs no suffix.
        assert_eq!(
            fit_title("Untitled", TitleRank::default(), Some("#3"), 30),
            "Untitled"
        );
    }

    #[test]
    fn a_title_that_begins_another_is_cut_at_its_end() {
        let titles = ["Change of Space", "Change of Space: the Sequel"];
        let shown = fitted(&titles, 12);
        assert_eq!(shown[0], "Change of S…");
        assert_ne!(shown[0], shown[1], "{shown:?}");
    }

    #[test]
    fn a_long_distinguishing_end_keeps_its_beginning() {
        let titles = [
            "Shared Beginning: the one where everybody goes to the beach",
            "Shared Beginning: the one where nobody goes anywhere at all",
        ];
        let shown = fitted(&titles, 24);
        assert_ne!(shown[0], shown[1], "{shown:?}");
        assert!(shown.iter().all(|t| width(t) <= 24), "{shown:?}");
        assert!(shown[0].contains("everybody"), "{shown:?}");
    }

    #[test]
    fn wide_characters_fit_by_display_width() {
        let titles = ["東京の物語 第一部", "東京の物語 第二部"];
        let shown = fitted(&titles, 12);
        assert_ne!(shown[0], shown[1], "{shown:?}");
        assert!(shown.iter().all(|t| width(t) <= 12), "{shown:?}");
    }
}
