//! A work's own preface at the start of the first page of a book that did not come
//! from AO3's or FanFicFare's own exporters: third-party downloaders copy the AO3 work
//! page (tag list, title, byline, `Summary:`, `Notes:`, `Chapter Text`) or a
//! FanFicFare-style title page into the first document, or the author opens the text
//! with a `Title:/Author:/Rating:` block, while the package metadata says `Untitled`.
//!
//! The preface is read for fields and cut from the story text (front matter: no
//! story words, not in `ficread cat`). It is found by what it holds, scored by the
//! number of field lines, never by one producer's classes:
//! - typed tag lists: any `<dl>` whose terms are AO3 labels (`Rating:`, `Fandom:` …),
//!   with or without AO3's classes;
//! - a `<b>Label:</b> value` block with FanFicFare's labels, and its `Title by
//!   Author` heading;
//! - AO3's classed preface (`.title.heading`, `.byline`, the summary and notes
//!   modules);
//! - line by line, from the top: a title heading, a `by Author` line, `Label: value`
//!   lines and labels whose value follows (`Summary:` then its paragraphs), up to
//!   AO3's `Chapter Text` / `Work Text:` landmark when there is one.
//!
//! A page is a preface only with at least [`MIN_FIELDS`] field lines (or one and the
//! landmark), so a chapter that opens with `Title: that was the word…` stays story.

mod lines;

use scraper::{ElementRef, Html};

use crate::document::raw::Origin;
use crate::document::{FieldKey, RawField, RawMeta};
use crate::format::html::fields::{clean_value, find_all, find_in, has_class, is, label_text};
use crate::format::html::flow::{Item, inline_text, paragraphs};
use crate::format::html::{ao3, fff};

/// Field lines a preface must hold (without a `Chapter Text` landmark).
pub const MIN_FIELDS: usize = 2;

/// AO3's landmark lines that separate a chapter's preface from its text.
const LANDMARKS: &[&str] = &["chapter text", "work text", "work text:"];

/// Labels whose values are paragraphs after them.
const PARAGRAPH_LABELS: &[(&str, FieldKey)] = &[
    ("summary", FieldKey::Summary),
    ("notes", FieldKey::Note),
    ("author's note", FieldKey::Note),
    ("author's notes", FieldKey::Note),
    ("chapter notes", FieldKey::Note),
    ("chapter summary", FieldKey::Note),
    ("end notes", FieldKey::Note),
    ("chapter end notes", FieldKey::Note),
];

/// ASCII letters in the longest of [`LANDMARKS`] (`chapter text`).
const LONGEST_LANDMARK_LETTERS: usize = 11;

/// ASCII letters in the longest of [`PARAGRAPH_LABELS`] (`chapter end notes`).
const LONGEST_LABEL_LETTERS: usize = 15;

/// Whether `text` surely holds more than `max` ASCII letters once cleaned and
/// lower-cased, so it cannot be a label of at most `max` letters. Cleaning only
/// deletes characters, and lower-casing maps an ASCII letter to one ASCII letter;
/// only an escape sequence can swallow letters, so text holding one is never ruled
/// out here.
fn more_letters_than(text: &str, max: usize) -> bool {
    // A 0x9B byte is U+009B's second byte (or part of another character: then the
    // text is only not ruled out).
    text.bytes()
        .filter(u8::is_ascii_alphabetic)
        .nth(max)
        .is_some()
        && memchr::memchr2(0x1b, 0x9b, text.as_bytes()).is_none()
}

/// A preface found at the top of a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preface {
    /// What it states.
    pub fields: Vec<RawField>,
    /// How many of the page's items it covers.
    pub cut: usize,
}

/// Whether a line is AO3's `Chapter Text` / `Work Text:` landmark.
pub fn is_landmark(text: &str) -> bool {
    // Every paragraph of a book is asked: most are rejected without cleaning them.
    if more_letters_than(text, LONGEST_LANDMARK_LETTERS) {
        return false;
    }
    LANDMARKS.contains(&clean_value(text).to_lowercase().as_str())
}

/// The label of a notes section (`Notes:`, `Chapter End Notes`), if `text` is one.
pub fn paragraph_label(text: &str) -> Option<(FieldKey, String)> {
    if more_letters_than(text, LONGEST_LABEL_LETTERS) {
        return None;
    }
    let label = label_text(text);
    let lower = label.to_lowercase().replace('’', "'");
    PARAGRAPH_LABELS
        .iter()
        .find(|(l, _)| *l == lower)
        .map(|(_, key)| (*key, label))
}

/// The preface at the top of `items` (one page, flattened), reading typed values from
/// the page's DOM; `None` when the page does not open with one.
pub fn find(doc: &Html, items: &[Item]) -> Option<Preface> {
    let mut dom = RawMeta::default();
    read_tag_lists(doc, &mut dom);
    read_label_block(doc, &mut dom);
    read_classed_preface(doc, &mut dom);
    let lines = lines::read(items);
    let landmark = lines.landmark.is_some();
    let dom_count = dom.fields.len();
    let total = dom_count + lines.labelled;
    if total < MIN_FIELDS && !(landmark && total >= 1) {
        return None;
    }
    let mut fields = dom.fields;
    let known: Vec<FieldKey> = fields.iter().map(|f| f.key).collect();
    fields.extend(lines.fields.into_iter().filter(|f| !known.contains(&f.key)));
    Some(Preface {
        fields,
        cut: lines.cut,
    })
}

/// `<dl>`s whose terms are AO3 labels (two or more), with or without AO3's classes.
fn read_tag_lists(doc: &Html, raw: &mut RawMeta) {
    let is_label = |label: &str| {
        ao3::tag_key(label).is_some()
            || matches!(
                label.to_lowercase().as_str(),
                "language" | "stats" | "series"
            )
    };
    for dl in find_all(doc.root_element(), |el| is(el, "dl")) {
        let pairs: Vec<(String, ElementRef<'_>)> = dl
            .child_elements()
            .filter(|el| is(*el, "dt"))
            .filter_map(|dt| {
                let dd =
                    crate::format::html::fields::next_element(dt).filter(|el| is(*el, "dd"))?;
                Some((label_text(&inline_text(dt)), dd))
            })
            .filter(|(label, _)| is_label(label))
            .collect();
        if pairs.len() < MIN_FIELDS {
            continue;
        }
        for (label, dd) in pairs {
            ao3::read_tag_field(&label, dd, raw);
        }
    }
}

/// A FanFicFare-style title page: `<b>Label:</b> value` lines (three or more known
/// labels) and the `Title by Author` heading above them.
fn read_label_block(doc: &Html, raw: &mut RawMeta) {
    let Some(body) = find_in(doc, |el| is(el, "body")) else {
        return;
    };
    let mut block = RawMeta::default();
    fff::read_label_block(body, &mut block);
    if block.fields.len() < 3 {
        return;
    }
    if let Some(heading) = find_in(doc, |el| {
        matches!(el.value().name(), "h1" | "h2" | "h3")
            && find_all(el, |a| is(a, "a")).nth(1).is_some()
            && inline_text(el).contains(" by ")
    }) {
        fff::read_title_heading(heading, raw);
    }
    crate::format::fanficfare::itemise_lists(&mut block.fields);
    raw.fields.extend(block.fields);
}

/// AO3's work preface with its classes: `.title.heading`, `.byline`, and the
/// summary and notes modules.
fn read_classed_preface(doc: &Html, raw: &mut RawMeta) {
    let Some(preface) = find_in(doc, |el| {
        has_class(el, "preface") && !has_class(el, "chapter") && !has_class(el, "afterword")
    }) else {
        return;
    };
    if let Some(title) = find_all(preface, |el| {
        has_class(el, "title") && has_class(el, "heading")
    })
    .next()
    {
        let title = inline_text(title);
        if !title.is_empty() {
            raw.push(RawField::new(
                FieldKey::Title,
                "title",
                title,
                Origin::Field,
            ));
        }
    }
    if let Some(byline) = find_all(preface, |el| has_class(el, "byline")).next() {
        let mut authors: Vec<String> = find_all(byline, |el| {
            is(el, "a") && el.value().attr("rel") == Some("author")
        })
        .map(inline_text)
        .collect();
        if authors.is_empty() {
            let text = inline_text(byline);
            authors.push(text.strip_prefix("by ").unwrap_or(&text).to_owned());
        }
        crate::format::html::fields::push_items(
            raw,
            FieldKey::Author,
            "byline",
            &authors,
            Origin::Field,
        );
    }
    for module in find_all(preface, |el| has_class(el, "module")) {
        let Some(quote) = find_all(module, |el| is(el, "blockquote")).next() else {
            continue;
        };
        let (key, label) = if has_class(module, "summary") {
            (FieldKey::Summary, "Summary")
        } else {
            (FieldKey::Note, "Notes")
        };
        crate::format::html::fields::push_paragraphs(
            raw,
            key,
            label,
            &paragraphs(quote),
            Origin::Field,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::RichText;
    use crate::format::html::flow::TextKind;

    fn line(text: &str) -> Item {
        Item::Text {
            text: RichText::plain(text),
            kind: TextKind::Paragraph,
            blank_before: 0,
        }
    }

    fn heading(text: &str) -> Item {
        Item::Text {
            text: RichText::plain(text),
            kind: TextKind::Heading(2),
            blank_before: 0,
        }
    }

    fn fields(preface: &Preface) -> Vec<(FieldKey, String)> {
        preface.fields.iter().map(|f| (f.key, f.joined())).collect()
    }

    #[test]
    fn plain_block() {
        let items = vec![
            line("Title: The Quiet Hour"),
            line("Author: Marisol Vega"),
            line("Pairing: Amy/Rory"),
            line("Summary: Two minutes after."),
            Item::Rule,
            line("The TARDIS was quiet."),
        ];
        let doc = Html::parse_document("<p>x</p>");
        let preface = find(&doc, &items).expect("preface");
        assert_eq!(preface.cut, 5);
        assert_eq!(
            fields(&preface),
            [
                (FieldKey::Title, "The Quiet Hour".to_owned()),
                (FieldKey::Author, "Marisol Vega".to_owned()),
                (FieldKey::Relationship, "Amy/Rory".to_owned()),
                (FieldKey::Summary, "Two minutes after.".to_owned()),
            ]
        );
    }

    #[test]
    fn stripped_ao3_preface_up_to_the_landmark() {
        let items = vec![
            heading("Wires & Whispers"),
            line("by jumper_seven"),
            line("Summary:"),
            line("Something is whispering."),
            line("Notes:"),
            line("For a challenge."),
            heading("Chapter Text"),
            line("The conduit ran under the pier."),
        ];
        let doc = Html::parse_document("<p>x</p>");
        let preface = find(&doc, &items).expect("preface");
        assert_eq!(preface.cut, 7);
        assert_eq!(
            fields(&preface),
            [
                (FieldKey::Title, "Wires & Whispers".to_owned()),
                (FieldKey::Author, "jumper_seven".to_owned()),
                (FieldKey::Summary, "Something is whispering.".to_owned()),
                (FieldKey::Note, "For a challenge.".to_owned()),
            ]
        );
    }

    fn note(text: &str) -> Item {
        Item::Text {
            text: RichText::plain(text),
            kind: TextKind::Note,
            blank_before: 0,
        }
    }

    #[test]
    fn work_page_without_landmark() {
        // Site navigation, the tag list, then title and byline between the tags and
        // the summary; the story follows the summary's blockquote.
        let items = vec![
            line("Entire Work"),
            line("Chapter Index"),
            line("Rating:"),
            line("Mature"),
            line("Fandom:"),
            line("Stargate Atlantis"),
            heading("Wires & Whispers"),
            line("by jumper_seven"),
            line("Summary:"),
            note("Something is whispering."),
            note("Rodney hears it."),
            line(
                "The conduit ran under the east pier for half a mile, and at three in the morning it was whispering.",
            ),
        ];
        let doc = Html::parse_document("<p>x</p>");
        let preface = find(&doc, &items).expect("preface");
        assert_eq!(preface.cut, 11);
        assert_eq!(
            fields(&preface),
            [
                (FieldKey::Rating, "Mature".to_owned()),
                (FieldKey::Fandom, "Stargate Atlantis".to_owned()),
                (FieldKey::Title, "Wires & Whispers".to_owned()),
                (FieldKey::Author, "jumper_seven".to_owned()),
                (
                    FieldKey::Summary,
                    "Something is whispering.\n\nRodney hears it.".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn a_long_preface_ends_at_its_landmark() {
        let mut items = vec![line("Rating: Teen"), line("Notes:")];
        items.extend((0..150).map(|i| note(&format!("Note line {i}."))));
        items.push(heading("Chapter Text"));
        items.push(line("Story."));
        let doc = Html::parse_document("<p>x</p>");
        let preface = find(&doc, &items).expect("preface");
        assert_eq!(preface.cut, items.len() - 1);
    }

    #[test]
    fn prose_that_looks_like_a_field_is_story() {
        let doc = Html::parse_document("<p>x</p>");
        let items = vec![
            heading("One"),
            line("Title: that was the word the estate agent kept using."),
            line("Mara signed for it anyway."),
        ];
        assert_eq!(find(&doc, &items), None);
        let items = vec![line("He said it plainly."), line("Rating: none.")];
        assert_eq!(find(&doc, &items), None);
        // Fields after a paragraph of prose are not a preface.
        let items = vec![
            line(
                "The rain had not stopped for three days, and nobody in the village expected it to.",
            ),
            line("Title: The Quiet Hour"),
            line("Author: Marisol Vega"),
        ];
        assert_eq!(find(&doc, &items), None);
    }

    #[test]
    fn tag_lists_with_and_without_classes() {
        let doc = Html::parse_document(
            "<dl><dt>Rating:</dt><dd><a>Mature</a></dd><dt>Fandom:</dt><dd><a>Stargate Atlantis</a></dd>\
             <dt>Relationship:</dt><dd><a>John Sheppard/Rodney McKay</a></dd></dl>\
             <dl><dt>Term:</dt><dd>a glossary</dd><dt>Other:</dt><dd>b</dd></dl>",
        );
        let mut raw = RawMeta::default();
        read_tag_lists(&doc, &mut raw);
        let got: Vec<(FieldKey, String)> = raw.fields.iter().map(|f| (f.key, f.joined())).collect();
        assert_eq!(
            got,
            [
                (FieldKey::Rating, "Mature".to_owned()),
                (FieldKey::Fandom, "Stargate Atlantis".to_owned()),
                (
                    FieldKey::Relationship,
                    "John Sheppard/Rodney McKay".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn landmarks_and_labels() {
        assert!(is_landmark("Chapter Text"));
        assert!(is_landmark("Work Text:"));
        assert!(!is_landmark("Chapter Text and Other Stories"));
        assert_eq!(
            paragraph_label("End Notes:").map(|(k, _)| k),
            Some(FieldKey::Note)
        );
        assert_eq!(
            paragraph_label("Summary:").map(|(k, _)| k),
            Some(FieldKey::Summary)
        );
        assert_eq!(paragraph_label("Summary of events"), None);
    }

    #[test]
    fn the_letter_bounds_are_the_longest_labels() {
        let letters = |s: &str| s.bytes().filter(u8::is_ascii_alphabetic).count();
        let landmark = LANDMARKS.iter().map(|l| letters(l)).max();
        let label = PARAGRAPH_LABELS.iter().map(|(l, _)| letters(l)).max();
        assert_eq!(landmark, Some(LONGEST_LANDMARK_LETTERS));
        assert_eq!(label, Some(LONGEST_LABEL_LETTERS));
        // Spread out by whitespace and control characters, still a landmark.
        assert!(is_landmark("\tCHAPTER \u{7}\n  text\u{202e} "));
        assert!(paragraph_label("  Chapter\u{85}  End\tNotes :").is_some());
        // An escape sequence swallows the letters before the landmark.
        assert!(is_landmark(
            "\u{1b}]long title of the terminal\u{7}Chapter Text"
        ));
        assert!(!is_landmark("Chapter Texts"));
    }
}
