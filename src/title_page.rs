//! The title page: a chapter ficread puts before a story's own chapters, stating what
//! the story says about itself (title, authors, fandoms, relationships, rating,
//! warnings, tags, series, counts, dates), then its summary, disclaimer and notes.
//!
//! It is ordinary text in the flow, so anchors, search, marks and progress work on
//! it, but it is never the story's: it has [`TITLE_PAGE_ID`], no body words, and
//! stored places count only the story's own chapters (see
//! [`Document::front_chapters`]). A field the story does not state is left out.

use std::fmt::Write as _;

use crate::display::thousands;
use crate::document::sanitize::clean;
use crate::document::{
    Block, Chapter, Document, Emphasis, FieldKey, RawMeta, RichText, Span, TITLE_PAGE_ID,
};
use crate::meta::{RelationshipKind, Status, StoryMeta};

/// What a title page built from a story's head says for what only the whole story
/// knows.
pub const COUNTING: &str = "counting…";

/// What the status line and the contents call the title page.
pub const LABEL: &str = "Title page";

/// Another part of the story's series that the library has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The part's number in the series, when stated.
    pub index: Option<u32>,
    pub title: String,
}

/// The parts before and after the story in its series, as far as the library has them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Neighbours {
    pub previous: Option<Part>,
    pub next: Option<Part>,
}

/// Builds the title page of a story from its metadata and the raw fields its file
/// states (for the disclaimer and notes, which the metadata does not keep).
pub fn build(meta: &StoryMeta, raw: &RawMeta, neighbours: &Neighbours) -> Chapter {
    build_with(meta, raw, neighbours, false)
}

/// The title page of a story known only from its head (a preview while the rest is
/// read): the words and chapters, which only the whole story knows, say they are
/// still being counted, on the lines the whole story's page fills in.
pub fn build_pending(meta: &StoryMeta, raw: &RawMeta, neighbours: &Neighbours) -> Chapter {
    build_with(meta, raw, neighbours, true)
}

fn build_with(meta: &StoryMeta, raw: &RawMeta, neighbours: &Neighbours, pending: bool) -> Chapter {
    let mut page = Page::default();
    if let Some(subtitle) = meta.subtitle.as_deref() {
        page.heading(subtitle);
    }
    if !meta.authors.is_empty() {
        page.heading(&format!("by {}", and_list(&meta.authors)));
    }
    let fandom_label = if meta.fandoms.len() > 1 {
        "Fandoms"
    } else {
        "Fandom"
    };
    if stated(meta, "fandoms") {
        let mut fandoms = meta.fandoms.join(", ");
        if meta.crossover && !fandoms.is_empty() {
            fandoms.push_str(" (crossover)");
        }
        page.field(fandom_label, &fandoms);
    }
    let names = |kind: RelationshipKind| {
        meta.relationships
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    page.field("Relationships", &names(RelationshipKind::Romantic));
    page.field("Friendships", &names(RelationshipKind::Platonic));
    if stated(meta, "characters") {
        page.field("Characters", &meta.characters.join(", "));
    }
    page.field(
        "Rating",
        meta.rating.as_ref().map_or("", |r| r.raw.as_str()),
    );
    page.field("Warnings", &meta.warnings.join(", "));
    page.field("Tags", &meta.tags.join(", "));
    if let Some(series) = &meta.series {
        let value = match series.index {
            Some(i) => format!("Part {i} of {}", series.name),
            None => series.name.clone(),
        };
        page.field("Series", &value);
        page.field("Previous", &part_name(neighbours.previous.as_ref()));
        page.field("Next", &part_name(neighbours.next.as_ref()));
    }
    page.field("Language", meta.language.as_deref().unwrap_or(""));
    if pending {
        page.field("Words", COUNTING);
        page.field("Chapters", COUNTING);
    } else {
        if meta.words > 0 {
            page.field("Words", &thousands(meta.words));
        }
        if meta.chapters > 1 {
            page.field("Chapters", &meta.chapters.to_string());
        }
    }
    let status = match meta.status {
        Status::Complete => "Complete",
        Status::InProgress => "In progress",
        Status::Unknown => "",
    };
    page.field("Status", status);
    page.field("Published", meta.published.as_deref().unwrap_or(""));
    page.field("Updated", meta.updated.as_deref().unwrap_or(""));

    let summary = meta
        .summary
        .clone()
        .or_else(|| raw.first(FieldKey::Summary).map(|f| f.values.join("\n")));
    page.section("Summary", summary.iter().map(String::as_str));
    let disclaimers: Vec<String> = raw
        .get(FieldKey::Disclaimer)
        .flat_map(|f| f.values.iter().cloned())
        .collect();
    page.section("Disclaimer", disclaimers.iter().map(String::as_str));
    let notes: Vec<String> = raw
        .get(FieldKey::Note)
        .flat_map(|f| f.values.iter().cloned())
        .collect();
    page.section("Notes", notes.iter().map(String::as_str));

    let title = clean(&meta.title).trim().to_owned();
    Chapter {
        title: Some(if title.is_empty() {
            "Untitled".to_owned()
        } else {
            title
        }),
        blocks: page.blocks,
        id: Some(TITLE_PAGE_ID.to_owned()),
    }
}

/// Puts `page` before the story's chapters, replacing a title page already there.
pub fn insert(doc: &mut Document, page: Chapter) {
    let front = doc.front_chapters();
    doc.chapters.splice(..front, [page]);
}

/// The title page as plain text, for `ficread cat --front-matter`: the title, then
/// one line per field and block, blank lines between sections.
pub fn plain_text(page: &Chapter) -> String {
    let mut out = String::new();
    if let Some(title) = &page.title {
        let _ = writeln!(out, "{title}");
    }
    let mut previous: Option<&Block> = None;
    for block in &page.blocks {
        let in_list = matches!(
            (previous, block),
            (Some(Block::Field { .. }), Block::Field { .. })
        );
        if !in_list {
            out.push('\n');
        }
        let _ = writeln!(out, "{}", block.text());
        previous = Some(block);
    }
    out
}

/// Whether a field says what the story states (in a field, a header line, its
/// disclaimer or summary), not only what names in its text suggest: a guess from
/// the prose is fine for a filter, but a title page would present it as the author's.
/// Characters taken from the relationships are no guess, but would only repeat them.
fn stated(meta: &StoryMeta, field: &str) -> bool {
    meta.provenance.get(field).is_none_or(|p| !not_stated(p))
}

/// Whether a field's provenance says the title page leaves it out: guessed from
/// names in the text, or characters that only repeat the relationships (the library
/// index keeps these marks for it).
pub fn not_stated(provenance: &str) -> bool {
    provenance.contains("names in the text") || provenance == "the relationships"
}

/// `Part 1, “Title”`, or empty when the library has no such part.
fn part_name(part: Option<&Part>) -> String {
    let Some(part) = part else {
        return String::new();
    };
    match part.index {
        Some(i) => format!("Part {i}, “{}”", part.title),
        None => format!("“{}”", part.title),
    }
}

/// `A`, `A and B`, `A, B and C`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The blocks of a title page as they are built.
#[derive(Default)]
struct Page {
    blocks: Vec<Block>,
}

impl Page {
    fn heading(&mut self, text: &str) {
        let text = one_line(text);
        if !text.is_empty() {
            self.blocks.push(Block::Heading(RichText::plain(text)));
        }
    }

    /// `Label: value`, the label bold; nothing when the value is empty.
    fn field(&mut self, label: &str, value: &str) {
        let value = one_line(value);
        if value.is_empty() {
            return;
        }
        let text = format!("{label}: {value}");
        let bold = label.len() + 1;
        self.blocks.push(Block::Field {
            text: RichText {
                text: text.into(),
                spans: vec![Span {
                    range: 0..bold,
                    emphasis: Emphasis::Bold,
                }],
                notes: Vec::new(),
            },
            label: bold + 1,
        });
    }

    /// A heading and the texts' paragraphs (split at line breaks); nothing when all
    /// the texts are empty.
    fn section<'t>(&mut self, heading: &str, texts: impl Iterator<Item = &'t str>) {
        let paragraphs: Vec<String> = texts
            .flat_map(str::lines)
            .map(one_line)
            .filter(|p| !p.is_empty())
            .collect();
        if paragraphs.is_empty() {
            return;
        }
        self.blocks.push(Block::Heading(RichText::plain(heading)));
        self.blocks.extend(
            paragraphs
                .into_iter()
                .map(|p| Block::Paragraph(RichText::plain(p))),
        );
    }
}

/// Untrusted metadata on one line, whitespace collapsed, without control characters.
fn one_line(text: &str) -> String {
    clean(&text.replace(['\n', '\r'], " "))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
