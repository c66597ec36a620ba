//! How the walker reads a spine page: generic HTML, minus FanFicFare's own chapter
//! heading, with AO3's notes sections (as downloaders copy them) kept as notes, and
//! chapter marks at the table of contents' anchors inside a file.

use std::collections::HashMap;

use scraper::ElementRef;

use super::preface;
use crate::format::html::fields::{has_class, id, is, next_element, previous_element};
use crate::format::html::flow::{ChapterMark, Role, Rules, generic_role, inline_text};

/// Generic EPUB content rules; FanFicFare's own chapter-title heading is dropped
/// (the title comes from the table of contents). Elsewhere, AO3's notes sections as
/// downloaders copy them (a `Notes:` / `End Notes:` label, then a blockquote) are
/// notes, not story.
pub struct EpubRules {
    /// The book is FanFicFare's.
    pub fff: bool,
}

impl Rules for EpubRules {
    fn role(&mut self, el: ElementRef<'_>) -> Role {
        if self.fff && has_class(el, "fff_chapter_title") {
            return Role::Skip;
        }
        if !self.fff
            && let Some(role) = notes_role(el)
        {
            return role;
        }
        generic_role(el)
    }
}

/// A notes label followed by a blockquote, and that blockquote.
fn notes_role(el: ElementRef<'_>) -> Option<Role> {
    let is_label = |e: ElementRef<'_>| {
        matches!(
            e.value().name(),
            "p" | "div" | "dt" | "h2" | "h3" | "h4" | "h5" | "h6"
        ) && preface::paragraph_label(&inline_text(e)).is_some()
    };
    match el.value().name() {
        "blockquote" => previous_element(el)
            .filter(|p| is_label(*p))
            .map(|_| Role::Note),
        _ if next_element(el).is_some_and(|n| is(n, "blockquote")) && is_label(el) => {
            Some(Role::NoteLabel)
        }
        _ => None,
    }
}

/// Adds chapter marks at table-of-contents anchors inside a file.
pub struct Anchored<R> {
    pub inner: R,
    /// Fragment id → chapter title; matched entries are removed.
    pub anchors: HashMap<String, String>,
}

impl<R: Rules> Rules for Anchored<R> {
    fn role(&mut self, el: ElementRef<'_>) -> Role {
        self.inner.role(el)
    }

    fn mark_before(&mut self, el: ElementRef<'_>) -> Option<ChapterMark> {
        let anchor = id(el).or_else(|| el.value().attr("name"))?;
        let title = self.anchors.remove(anchor)?;
        Some(ChapterMark {
            title: Some(title).filter(|t| !t.is_empty()),
            id: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::html::fields::find_in;
    use crate::format::html::flow::{self, Item, TextKind};

    #[test]
    fn notes_sections_are_notes() {
        let doc = crate::format::html::dom::parse_document(
            "<body><p><b>End Notes:</b></p><blockquote><p>Thanks for reading!</p></blockquote>\
             <p>Notes: he wrote them down.</p><blockquote><p>A quotation, not a note.</p></blockquote></body>",
        );
        let body = find_in(&doc, |el| is(el, "body")).expect("body");
        let items = flow::walk(body, &mut EpubRules { fff: false });
        let kinds: Vec<(String, TextKind)> = items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, kind, .. } => Some((text.text.to_string(), *kind)),
                _ => None,
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("End Notes:".to_owned(), TextKind::Note),
                ("Thanks for reading!".to_owned(), TextKind::Note),
                ("Notes: he wrote them down.".to_owned(), TextKind::Paragraph),
                ("A quotation, not a note.".to_owned(), TextKind::Paragraph),
            ]
        );
    }
}
