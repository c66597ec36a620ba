//! The story text of an EPUB's spine, one page at a time: which pages are front
//! matter, where chapters start (the contents entries of each page), and the first
//! story page's own preface. Both readers go through [`StoryItems::page`]: the one
//! that parses the whole spine first and the one that parses a page, walks it and
//! drops it ([`super::stream`]), so they build the same items.

use std::collections::HashMap;

use scraper::Html;

use super::Book;
use super::front;
use super::package::SpineItem;
use super::preface;
use super::rules::Anchored;
use super::toc::TocEntry;
use crate::document::RawMeta;
use crate::format::html::fields::{find_in, is};
use crate::format::html::flow::{self, ChapterMark, Item, Rules, TextKind};

/// How [`StoryItems`] reads the spine.
pub(super) struct Reading<'a> {
    /// Read and cut the first story page's own preface.
    pub preface: bool,
    /// Pages a producer knows are front matter.
    pub skip: Vec<&'a str>,
}

/// The items of the story pages read so far.
pub(super) struct StoryItems<'b> {
    book: &'b Book,
    by_file: HashMap<&'b str, Vec<&'b TocEntry>>,
    /// Read and cut the first story page's own preface.
    preface: bool,
    first_story_page: bool,
    /// The items, with a chapter mark where each chapter starts.
    pub items: Vec<Item>,
}

impl<'b> StoryItems<'b> {
    /// With `preface`, the first story page's own preface is read and cut, and AO3's
    /// `Chapter Text` landmarks are dropped.
    pub fn new(book: &'b Book, preface: bool) -> Self {
        let mut by_file: HashMap<&str, Vec<&TocEntry>> = HashMap::new();
        for entry in &book.toc {
            by_file.entry(entry.path.as_str()).or_default().push(entry);
        }
        Self {
            book,
            by_file,
            preface,
            first_story_page: true,
            items: Vec::new(),
        }
    }

    /// Adds one spine page, unless it is front matter or `skipped` (front matter a
    /// producer recognised); a preface is read into `raw`.
    pub fn page<R: Rules>(
        &mut self,
        spine: &SpineItem,
        doc: &Html,
        rules: R,
        skipped: bool,
        story: flow::Story<'_>,
        raw: &mut RawMeta,
    ) {
        let book = self.book;
        let entries = self.by_file.get(spine.path.as_str());
        let label = entries.and_then(|e| e.first()).map(|e| e.label.as_str());
        let front = front::is_front_matter(&book.package, &spine.path, &spine.id, doc, label);
        if front || skipped {
            return;
        }
        let file_entry = entries.and_then(|e| e.iter().find(|e| e.fragment.is_none()));
        let mark = if let Some(entry) = file_entry {
            Some(ChapterMark {
                title: Some(entry.label.clone()).filter(|t| !book.is_placeholder_label(t)),
                id: None,
            })
        } else if book.toc.is_empty() {
            Some(ChapterMark::default())
        } else {
            None
        };
        let anchors: HashMap<String, String> = entries
            .map(|list| {
                list.iter()
                    .filter_map(|e| Some((e.fragment.clone()?, e.label.clone())))
                    .collect()
            })
            .unwrap_or_default();
        let body = find_in(doc, |el| is(el, "body")).unwrap_or_else(|| doc.root_element());
        let first_label = entries.and_then(|e| e.first()).map(|e| e.label.clone());
        let anchor_count = anchors.len();
        let mut page_rules = Anchored {
            inner: rules,
            anchors,
        };
        let mut page_items = flow::walk_story(body, &mut page_rules, story);
        let mut had_preface = false;
        if self.preface {
            if std::mem::take(&mut self.first_story_page)
                && let Some(found) = preface::find(doc, &page_items)
            {
                raw.fields.extend(found.fields);
                let cut = keep_chapter_heading(&page_items, found.cut);
                page_items.drain(..cut);
                had_preface = true;
            }
            page_items.retain(
                |item| !matches!(item, Item::Text { text, .. } if preface::is_landmark(&text.text)),
            );
        }
        // A page that was all preface (a title page) starts no chapter.
        if had_preface && !page_items.iter().any(|i| matches!(i, Item::Text { .. })) {
            return;
        }
        self.items.extend(mark.map(Item::Chapter));
        // Anchors that never matched an element still start a chapter here.
        if file_entry.is_none() && anchor_count > 0 && page_rules.anchors.len() == anchor_count {
            self.items.push(Item::Chapter(ChapterMark {
                title: first_label,
                id: None,
            }));
        }
        self.items.extend(page_items);
    }
}

/// The preface ends at AO3's `Chapter Text` landmark; a chapter heading just above
/// it (`Chapter 1: The Diner`) is the chapter's, not the preface's.
fn keep_chapter_heading(items: &[Item], cut: usize) -> usize {
    let landmark = cut.checked_sub(1);
    let above = landmark.and_then(|l| l.checked_sub(1));
    let is_landmark = landmark
        .and_then(|l| items.get(l))
        .is_some_and(|i| matches!(i, Item::Text { text, .. } if preface::is_landmark(&text.text)));
    match above.and_then(|a| items.get(a)) {
        Some(Item::Text {
            text,
            kind: TextKind::Heading(_),
            ..
        }) if is_landmark && text.text.to_lowercase().starts_with("chapter ") => {
            above.unwrap_or(cut)
        }
        _ => cut,
    }
}
