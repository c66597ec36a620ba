//! A fanfiction.net story page copied from a browser and saved as text (FORMATS
//! §3.5): the site navigation, the breadcrumb, `Follow/Fav`, the title, the `By:`
//! line, the summary, the grey info line (`Rated: Fiction T - English - … - id:
//! …`), the chapter picker with `< Prev` / `Next >`, then the chapter's text.
//!
//! The info line anchors the page: it is FFN's alone, and everything else of the
//! profile sits at fixed places above it (the summary right above, the `By:` line
//! above the summary, the title above that, the breadcrumb further up). The
//! breadcrumb may be the only place the fandom is named. Everything above the info
//! line is header; the chapter picker below it is navigation; the review box and the
//! site footer after the text are cut by the footer with the same vocabulary
//! ([`crate::format::site_chrome::ffn`]).

use super::super::layout::Lines;
use super::fields::clean_value;
use crate::document::{FieldKey, RawField, RawMeta, raw::Origin};
use crate::format::ffn_info;
use crate::format::site_chrome::ffn as chrome;

/// How far down the info line may sit, in non-blank lines (the navigation above it
/// is a dozen lines or so).
const INFO_WITHIN: usize = 60;
/// How many lines the summary may take.
const MAX_SUMMARY_LINES: usize = 8;
/// How far above the title the breadcrumb may sit.
const CRUMB_WITHIN: usize = 6;

/// What a copied FFN page's header says and where its text starts.
#[derive(Debug)]
pub(super) struct FfnPage {
    pub fields: Vec<RawField>,
    pub body_start: usize,
    /// The chapter's title, when the picker shows only the chapter on the page.
    pub chapter_title: Option<(String, usize)>,
}

/// Reads the header of a copied FFN page, or `None` when the file is not one (no
/// info line near the top, or no `By:` line above it).
pub(super) fn read(lines: &Lines<'_>) -> Option<FfnPage> {
    let non_blank: Vec<usize> = (0..lines.len())
        .filter(|&i| lines.get(i).is_some_and(|l| !l.is_blank()))
        .take(INFO_WITHIN)
        .collect();
    let at = |p: usize| non_blank.get(p).and_then(|&i| lines.get(i)).map(|l| l.text);
    let info_pos = (0..non_blank.len()).find(|&p| at(p).is_some_and(is_info_line))?;
    let by_pos = (info_pos.saturating_sub(MAX_SUMMARY_LINES + 1)..info_pos)
        .rev()
        .find(|&p| at(p).is_some_and(|t| author_of(t).is_some()))?;
    let line_of = |p: usize| non_blank.get(p).map_or(0, |&i| i + 1);
    let mut raw = RawMeta::default();

    // The title: right above `By:`, after the Follow/Fav button's text (the button
    // and the title share a line when the button's text runs into it).
    let mut title_pos = by_pos.checked_sub(1);
    let mut title = title_pos.and_then(at).map(strip_follow).unwrap_or_default();
    if title.is_empty() {
        title_pos = title_pos.and_then(|p| p.checked_sub(1));
        title = title_pos.and_then(at).map(strip_follow).unwrap_or_default();
    }
    if let Some(crumb) = title_pos.and_then(|t| {
        (t.saturating_sub(CRUMB_WITHIN)..t)
            .rev()
            .find_map(|p| at(p).and_then(chrome::breadcrumb))
    }) {
        let before = raw.fields.len();
        ffn_info::read_breadcrumb(crumb, &mut raw, Origin::Loose);
        let line = (0..non_blank.len())
            .find(|&p| at(p).and_then(chrome::breadcrumb) == Some(crumb))
            .map_or(0, line_of);
        for field in raw.fields.iter_mut().skip(before) {
            field.line = Some(line);
            "breadcrumb".clone_into(&mut field.label);
        }
    }
    if let Some(pos) = title_pos.filter(|_| !title.is_empty()) {
        raw.push(
            RawField::new(
                FieldKey::Title,
                "title line",
                clean_value(title),
                Origin::Loose,
            )
            .at_line(line_of(pos)),
        );
    }
    if let Some(name) = at(by_pos).and_then(author_of) {
        // One pen name: FFN stories have one author, and `Bread and Roses` is one.
        let mut field = RawField::new(FieldKey::Author, "By", String::new(), Origin::Field)
            .at_line(line_of(by_pos));
        field.values = vec![clean_value(name)];
        field.itemised = true;
        raw.push(field);
    }
    let summary: Vec<&str> = (by_pos + 1..info_pos).filter_map(at).collect();
    if !summary.is_empty() {
        raw.push(
            RawField::new(
                FieldKey::Summary,
                "summary",
                clean_value(&summary.join(" ")),
                Origin::Loose,
            )
            .at_line(line_of(by_pos + 1)),
        );
    }
    let before = raw.fields.len();
    if let Some(info) = at(info_pos) {
        ffn_info::read_info_line(info, &mut raw);
        ffn_info::status_from_page_line(info, &mut raw);
    }
    for field in raw.fields.iter_mut().skip(before) {
        field.line = Some(line_of(info_pos));
    }

    // Below the info line: the chapter picker and its buttons, then the text.
    let info_index = non_blank.get(info_pos).copied().unwrap_or(0);
    let mut body_start = info_index + 1;
    let mut options: Vec<(usize, &str)> = Vec::new();
    while let Some(line) = lines.get(body_start) {
        if line.is_blank() {
            body_start += 1;
            continue;
        }
        if !chrome::is_chapter_nav(line.text) {
            break;
        }
        if line.text.starts_with(|c: char| c.is_ascii_digit()) {
            options.push((body_start + 1, line.text));
        }
        body_start += 1;
    }
    let chapter_title = match options.as_slice() {
        [(line, option)] => Some((strip_number(option).to_owned(), *line)),
        _ => None,
    };
    Some(FfnPage {
        fields: raw.fields,
        body_start,
        chapter_title,
    })
}

/// FFN's info line: `Rated: Fiction T - English - …` (a no-break space may sit
/// between `Fiction` and the rating).
fn is_info_line(text: &str) -> bool {
    text.len() < 2000
        && text.contains(" - ")
        && text
            .strip_prefix("Rated:")
            .map(str::trim_start)
            .and_then(|rest| rest.strip_prefix("Fiction"))
            .is_some_and(|rest| rest.starts_with(char::is_whitespace))
}

/// `By: Quillfeather` → `Quillfeather`.
fn author_of(text: &str) -> Option<&str> {
    let name = text
        .strip_prefix("By:")
        .or_else(|| text.strip_prefix("by:"))?
        .trim();
    (!name.is_empty() && name.len() <= 80).then_some(name)
}

/// The title without the `Follow/Fav` button's text before it.
fn strip_follow(text: &str) -> &str {
    ["Follow/Favorite", "Follow/Fav"]
        .iter()
        .find_map(|button| text.strip_prefix(button))
        .unwrap_or(text)
        .trim()
}

/// `3. Crossroads` → `Crossroads`.
fn strip_number(option: &str) -> &str {
    option
        .split_once(". ")
        .map_or(option, |(_, title)| title.trim())
}

#[cfg(test)]
mod tests {
    use super::super::super::layout;
    use super::*;

    fn page(text: &str) -> Option<FfnPage> {
        read(&layout::split(text))
    }

    fn values(page: &FfnPage, key: FieldKey) -> Vec<String> {
        page.fields
            .iter()
            .filter(|f| f.key == key)
            .flat_map(|f| f.values.clone())
            .collect()
    }

    const PAGE: &str = "FanFiction\nJust In\nCommunity\nForum\nMore\nCrossover » Harry Potter + Stargate: SG-1 Crossover\nFollow/Fav\nThe Long Way Round\nBy: Bread and Roses\nHarry takes a job in Colorado Springs. Sam has questions.\nRated: Fiction T - English - Adventure/Romance - [Harry P., Samantha C.] Daniel J. - Chapters: 7 - Words: 21,480 - id: 11793822\n1. The Letter\nNext >\nThe letter came by owl.\nIt was not a form.\nNext >\nReview\n";

    #[test]
    fn copied_page() {
        let p = page(PAGE).unwrap();
        assert_eq!(values(&p, FieldKey::Title), ["The Long Way Round"]);
        // A pen name with "and" is one author.
        assert_eq!(values(&p, FieldKey::Author), ["Bread and Roses"]);
        assert_eq!(
            values(&p, FieldKey::Fandom),
            ["Harry Potter", "Stargate: SG-1"]
        );
        assert_eq!(
            values(&p, FieldKey::Summary),
            ["Harry takes a job in Colorado Springs. Sam has questions."]
        );
        assert_eq!(values(&p, FieldKey::Rating), ["Fiction T"]);
        assert_eq!(values(&p, FieldKey::Status), ["In-Progress"]);
        assert_eq!(p.body_start, 13);
        assert_eq!(p.chapter_title, Some(("The Letter".to_owned(), 12)));
    }

    #[test]
    fn button_text_runs_into_the_title() {
        let text = PAGE.replace("Follow/Fav\nThe Long Way Round", "Follow/FavSalt & Apples");
        let p = page(&text).unwrap();
        assert_eq!(values(&p, FieldKey::Title), ["Salt & Apples"]);
    }

    #[test]
    fn not_a_page() {
        // An info line pasted into a header without the page around it: the ordinary
        // walk reads it.
        assert!(
            page("My Fic\n\nRated: Fiction T - English - Drama - Words: 100\n\nText.\n").is_none()
        );
        assert!(page("Rated: Fiction, she said, was the best kind - of all.\n").is_none());
        assert!(is_info_line(
            "Rated: Fiction\u{a0} T - English - Drama - Words: 100"
        ));
    }
}
