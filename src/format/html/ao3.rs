//! AO3 downloads: the HTML download and the EPUB built from it by calibre (FORMATS
//! §3.1, §3.2). Both are `#preface` (metadata: `dl.tags`, title, byline, summary,
//! notes, the work URL in `p.message`), `#chapters` (`h2.heading` per chapter, notes in
//! `blockquote.userstuff`, the text in a `div.userstuff`) and `#afterword` (end notes,
//! then the "Please drop by the Archive and comment" chrome, dropped). calibre splits
//! the HTML into several files and renames most classes (`meta group` → `calibre1`,
//! `userstuff` → `userstuff2`) but keeps ids, `dl.tags`, `h2.heading`,
//! `blockquote.userstuff` and `p.message`, which is all this reader relies on; it
//! takes the documents in reading order, so one code path serves both formats.
//!
//! Saved AO3 *web pages* are a different layout: see [`page`].

pub mod page;

use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html};

use super::fields::{
    self, find_all, has_class, id, is, label_text, next_element, previous_element, push,
    push_items, push_paragraphs,
};
use super::flow::{self, ChapterMark, Role, Rules, generic_role, inline_text, paragraphs};
use super::notes;
use crate::document::raw::Origin;
use crate::document::{Document, FieldKey, RawMeta};

/// The site AO3 files come from.
pub const SITE: &str = "archiveofourown.org";

/// Whether a document is (part of) an AO3 download: a `#preface` whose `p.message`
/// names the Archive, or a `dl.tags` inside it.
pub fn is_download(doc: &Html) -> bool {
    find_all(doc.root_element(), |el| id(el) == Some("preface")).any(|preface| {
        find_all(preface, |el| {
            (is(el, "p")
                && has_class(el, "message")
                && inline_text(el).contains("Archive of Our Own"))
                || (is(el, "dl") && has_class(el, "tags"))
        })
        .next()
        .is_some()
    })
}

/// Reads an AO3 download from its documents in reading order (one for the HTML
/// download, the spine for an EPUB).
pub fn parse_download(docs: &[Html]) -> Document {
    let pages: Vec<notes::Page<'_>> = docs
        .iter()
        .map(|doc| notes::Page { path: "", doc })
        .collect();
    parse_download_pages(&pages, &notes::index(&pages))
}

/// Reads AO3's download split into pages (an AO3 EPUB's spine), with the notes of
/// those pages (indexed with their paths, so a marker can point into another page).
pub fn parse_download_pages(pages: &[notes::Page<'_>], notes: &notes::NoteIndex) -> Document {
    let docs = pages.iter().map(|p| p.doc);
    let mut raw = RawMeta {
        site: Some(SITE.to_owned()),
        ..RawMeta::default()
    };
    for doc in docs {
        for preface in find_all(doc.root_element(), |el| id(el) == Some("preface")) {
            read_preface(preface, &mut raw);
        }
    }
    let mut items = Vec::new();
    let mut rules = DownloadRules::default();
    for (i, page) in pages.iter().enumerate() {
        for part in find_all(page.doc.root_element(), |el| {
            matches!(id(el), Some("chapters" | "afterword"))
        }) {
            items.extend(flow::walk_story(
                part,
                &mut rules,
                notes.story(i, page.path),
            ));
        }
    }
    Document {
        chapters: super::breaks::build_chapters(items, false),
        raw,
    }
}

fn read_preface(preface: ElementRef<'_>, raw: &mut RawMeta) {
    for message in find_all(preface, |el| is(el, "p") && has_class(el, "message")) {
        if let Some(url) = work_url(message) {
            push(raw, FieldKey::Url, "work URL", &url, Origin::Field);
        }
    }
    for tags in find_all(preface, |el| is(el, "dl") && has_class(el, "tags")) {
        read_tags(tags, raw);
    }
    for h1 in find_all(preface, |el| is(el, "h1")) {
        push(
            raw,
            FieldKey::Title,
            "title",
            &inline_text(h1),
            Origin::Field,
        );
    }
    for byline in find_all(preface, |el| has_class(el, "byline")) {
        read_byline(byline, raw);
    }
    let mut unlabelled = 0;
    for quote in find_all(preface, |el| {
        is(el, "blockquote") && has_class(el, "userstuff")
    }) {
        let label = previous_element(quote)
            .filter(|p| is(*p, "p"))
            .map(|p| label_text(&inline_text(p)));
        // The HTML download leaves the summary unlabelled; calibre's copy labels it.
        let is_summary = match label.as_deref() {
            Some(label) => label == "Summary",
            None => unlabelled == 0,
        };
        let key = if is_summary {
            FieldKey::Summary
        } else {
            FieldKey::Note
        };
        unlabelled += usize::from(label.is_none());
        let label = label.unwrap_or_else(|| match key {
            FieldKey::Summary => "Summary".to_owned(),
            _ => "Notes".to_owned(),
        });
        push_paragraphs(raw, key, &label, &paragraphs(quote), Origin::Field);
    }
}

/// The `…/works/123` link in a `p.message`.
fn work_url(message: ElementRef<'_>) -> Option<String> {
    static WORK: LazyLock<Regex> = LazyLock::new(|| {
        #[allow(clippy::expect_used)] // a literal pattern
        Regex::new(r"^https?://[^/]*archiveofourown\.org/works/\d+").expect("valid regex")
    });
    find_all(message, |el| is(el, "a"))
        .filter_map(|a| a.value().attr("href"))
        .find_map(|href| WORK.find(href).map(|m| m.as_str().to_owned()))
}

fn read_byline(byline: ElementRef<'_>, raw: &mut RawMeta) {
    let authors: Vec<String> = find_all(byline, |el| {
        is(el, "a") && el.value().attr("rel") == Some("author")
    })
    .map(inline_text)
    .collect();
    if authors.is_empty() {
        // Anonymous and orphaned works have no author link.
        let text = inline_text(byline);
        let name = text.strip_prefix("by ").unwrap_or(&text);
        push(raw, FieldKey::Author, "byline", name, Origin::Field);
    } else {
        push_items(raw, FieldKey::Author, "byline", &authors, Origin::Field);
    }
}

/// Maps an AO3 tag label (singular or plural, any case) to a field.
pub fn tag_key(label: &str) -> Option<FieldKey> {
    let label = label.to_lowercase();
    let key = match label.trim_end_matches('s') {
        "rating" => FieldKey::Rating,
        "archive warning" | "warning" => FieldKey::Warning,
        "category" | "categorie" => FieldKey::Category,
        "fandom" => FieldKey::Fandom,
        "relationship" => FieldKey::Relationship,
        "character" => FieldKey::Character,
        "additional tag" | "freeform" => FieldKey::Tag,
        _ => return None,
    };
    Some(key)
}

fn read_tags(dl: ElementRef<'_>, raw: &mut RawMeta) {
    for dt in dl.child_elements().filter(|el| is(*el, "dt")) {
        let Some(dd) = next_element(dt).filter(|el| is(*el, "dd")) else {
            continue;
        };
        let label = label_text(&inline_text(dt));
        read_tag_field(&label, dd, raw);
    }
}

/// One `dt`/`dd` pair of a download's `dl.tags` or a web page's `dl.work.meta`.
pub fn read_tag_field(label: &str, dd: ElementRef<'_>, raw: &mut RawMeta) {
    if let Some(key) = tag_key(label) {
        let items: Vec<String> = find_all(dd, |el| is(el, "a")).map(inline_text).collect();
        if items.is_empty() {
            push(raw, key, label, &inline_text(dd), Origin::Field);
        } else {
            push_items(raw, key, label, &items, Origin::Field);
        }
        return;
    }
    match label.to_lowercase().as_str() {
        "language" => push(
            raw,
            FieldKey::Language,
            label,
            &inline_text(dd),
            Origin::Field,
        ),
        "series" => {
            let parts = series_parts(&inline_text(dd));
            push_items(raw, FieldKey::Series, label, &parts, Origin::Field);
        }
        "stats" => read_stats(&inline_text(dd), raw),
        _ => {}
    }
}

/// `Part 1 of A, Part 3 of B` → the two statements.
pub fn series_parts(text: &str) -> Vec<String> {
    static PART: LazyLock<Regex> = LazyLock::new(|| {
        #[allow(clippy::expect_used)] // a literal pattern
        Regex::new(r"Part \d+ of ").expect("valid regex")
    });
    let starts: Vec<usize> = PART.find_iter(text).map(|m| m.start()).collect();
    if starts.is_empty() {
        return vec![text.to_owned()];
    }
    let mut parts = Vec::new();
    for (i, start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        let part = text.get(*start..end).unwrap_or_default();
        parts.push(part.trim().trim_end_matches(',').trim().to_owned());
    }
    parts
}

/// The Stats line: `Published: … Updated:|Completed: … Words: … Chapters: 3/?`.
pub fn read_stats(text: &str, raw: &mut RawMeta) {
    static STAT: LazyLock<Regex> = LazyLock::new(|| {
        #[allow(clippy::expect_used)] // a literal pattern
        Regex::new(r"(Published|Updated|Completed|Words|Chapters):\s*([0-9][0-9,/?\-]*)")
            .expect("valid regex")
    });
    for caps in STAT.captures_iter(text) {
        let (Some(label), Some(value)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        let (label, value) = (label.as_str(), value.as_str());
        match label {
            "Published" => push(raw, FieldKey::Published, label, value, Origin::Field),
            "Updated" => push(raw, FieldKey::Updated, label, value, Origin::Field),
            "Completed" => {
                let status = format!("Completed: {value}");
                push(raw, FieldKey::Status, label, &status, Origin::Field);
                push(raw, FieldKey::Updated, label, value, Origin::Field);
            }
            "Words" => push(raw, FieldKey::Words, label, value, Origin::Field),
            _ => push(raw, FieldKey::Chapters, label, value, Origin::Field),
        }
    }
}

/// Labels AO3 puts before a `blockquote.userstuff` of notes.
fn is_note_label(text: &str) -> bool {
    matches!(
        label_text(text).as_str(),
        "Summary"
            | "Notes"
            | "Chapter Summary"
            | "Chapter Notes"
            | "Chapter End Notes"
            | "End Notes"
    )
}

/// Whether `el` is inside (or is) the author's own text, where AO3's structure
/// rules must not apply (an author may well write `<h2 class="heading">`).
fn in_body(el: ElementRef<'_>) -> bool {
    std::iter::once(el).chain(fields::ancestors(el)).any(|e| {
        is(e, "div")
            && id(e) != Some("chapters")
            && e.value().classes().any(|c| c.starts_with("userstuff"))
    })
}

fn in_afterword(el: ElementRef<'_>) -> bool {
    fields::ancestors(el).any(|e| id(e) == Some("afterword"))
}

/// AO3's title for chapter `number` of a multi-chapter work: `Chapter 3: Part 2`,
/// or `Chapter 2` when untitled. The HTML download writes it so; calibre's EPUB of
/// some exports keeps only the part after the colon (`Part 2`, `Chapter 2`), so
/// both copies of a work get the same chapter titles.
///
/// ```
/// use ficread::format::html::ao3::chapter_title;
/// assert_eq!(chapter_title(3, "Part 2"), "Chapter 3: Part 2");
/// assert_eq!(chapter_title(3, "Chapter 3: Part 2"), "Chapter 3: Part 2");
/// assert_eq!(chapter_title(2, "Chapter 2"), "Chapter 2");
/// ```
pub fn chapter_title(number: usize, heading: &str) -> String {
    let prefix = format!("Chapter {number}");
    match heading.strip_prefix(&prefix) {
        Some("") => heading.to_owned(),
        Some(rest) if rest.starts_with(':') => heading.to_owned(),
        _ if heading.is_empty() => prefix,
        _ => format!("{prefix}: {heading}"),
    }
}

/// Chapters, notes and chrome of a download's `#chapters` and `#afterword`.
#[derive(Default)]
struct DownloadRules {
    /// Multi-chapter headings (`h2.heading`) seen so far.
    chapters: usize,
}

impl Rules for DownloadRules {
    fn role(&mut self, el: ElementRef<'_>) -> Role {
        if in_body(el) {
            return generic_role(el);
        }
        let name = el.value().name();
        if name == "h2" && (has_class(el, "heading") || has_class(el, "toc-heading")) {
            if in_afterword(el) || id(el) == Some("afterword") {
                return Role::Skip;
            }
            let mut title = inline_text(el);
            // `h2.toc-heading` titles a single-chapter work with the work's title.
            if has_class(el, "heading") {
                self.chapters += 1;
                title = chapter_title(self.chapters, &title);
            }
            return Role::Chapter(ChapterMark {
                title: Some(title).filter(|t| !t.is_empty()),
                id: None,
            });
        }
        if has_class(el, "message") || has_class(el, "endnote-link") || has_class(el, "byline") {
            return Role::Skip;
        }
        match name {
            "blockquote" if has_class(el, "userstuff") => Role::Note,
            "p" if is_note_label(&inline_text(el)) => {
                let notes_follow = next_element(el)
                    .is_some_and(|next| is(next, "blockquote") && has_class(next, "userstuff"));
                if notes_follow {
                    Role::NoteLabel
                } else {
                    Role::Skip
                }
            }
            // "Works inspired by this one", related works.
            "dl" | "ul" if in_afterword(el) => Role::Skip,
            _ => generic_role(el),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_labels_singular_and_plural() {
        let cases = [
            ("Rating", Some(FieldKey::Rating)),
            ("Archive Warnings", Some(FieldKey::Warning)),
            ("Categories", Some(FieldKey::Category)),
            ("Category", Some(FieldKey::Category)),
            ("Fandoms", Some(FieldKey::Fandom)),
            ("Relationship", Some(FieldKey::Relationship)),
            ("Characters", Some(FieldKey::Character)),
            ("Additional Tags", Some(FieldKey::Tag)),
            ("Language", None),
        ];
        for (label, want) in cases {
            assert_eq!(tag_key(label), want, "{label}");
        }
    }

    #[test]
    fn series_and_stats() {
        assert_eq!(
            series_parts("Part 1 of Watches 'Verse, Part 3 of A, B and C"),
            ["Part 1 of Watches 'Verse", "Part 3 of A, B and C"]
        );
        let mut raw = RawMeta::default();
        read_stats(
            "Published: 2012-02-07 Completed: 2013-01-01 Words: 31,623 Chapters: 8/8",
            &mut raw,
        );
        let pairs: Vec<(FieldKey, String)> =
            raw.fields.iter().map(|f| (f.key, f.joined())).collect();
        assert_eq!(
            pairs,
            [
                (FieldKey::Published, "2012-02-07".to_owned()),
                (FieldKey::Status, "Completed: 2013-01-01".to_owned()),
                (FieldKey::Updated, "2013-01-01".to_owned()),
                (FieldKey::Words, "31,623".to_owned()),
                (FieldKey::Chapters, "8/8".to_owned()),
            ]
        );
    }
}
