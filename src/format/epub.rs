//! EPUB 2 and 3 stories: bytes → [`Document`]. `META-INF/container.xml` → OPF →
//! spine (skipping `linear="no"` items and front matter: cover, title page,
//! copyright, table of contents, navigation, promo pages); chapter titles from the
//! EPUB 3 nav or the EPUB 2 NCX; OPF metadata as [`Origin::Container`] fields.
//!
//! [`Origin::Container`]: crate::document::raw::Origin::Container
//!
//! Producers get their own readers on top: AO3 books are the AO3 HTML download
//! split by calibre, so their spine goes through [`crate::format::html::ao3`] and the preface page
//! inside the book (not the flat `dc:subject` list) supplies typed tags; FanFicFare
//! books have a `title_page.xhtml` of labelled fields and a `chapterurl` meta per
//! chapter (kept as [`Chapter::id`](crate::document::Chapter::id)).
//!
//! Limits: see [`archive`] (zip entries, inflated bytes) and the HTML reader's
//! nesting guard; every failure is a [`ParseError`] with a one-line message.

pub mod archive;
pub mod metadata;
pub mod package;
pub mod paths;
pub mod toc;

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html};

use self::archive::Archive;
pub use self::archive::Limits;
use self::package::{Package, SpineItem};
use self::toc::TocEntry;
use crate::document::{Block, Chapter, Document, RawMeta};
use crate::format::ParseError;
use crate::format::html::breaks::build_chapters;
use crate::format::html::fields::{self, find_in, has_class, id, is};
use crate::format::html::flow::{self, ChapterMark, Item, Role, Rules, generic_role};
use crate::format::html::{ao3, dom, fff};

/// Most spine documents read from one book.
const MAX_SPINE_ITEMS: usize = 5_000;

/// Parses an EPUB file with decompression limits scaled to its size
/// ([`Limits::for_book`]).
pub fn parse(bytes: &[u8]) -> Result<Document, ParseError> {
    parse_with_limits(bytes, Limits::for_book(bytes.len()))
}

/// Parses an EPUB file, inflating no more than `limits` allow.
pub fn parse_with_limits(bytes: &[u8], limits: Limits) -> Result<Document, ParseError> {
    let mut archive = Archive::open(bytes, limits)?;
    let container = archive
        .read_text("META-INF/container.xml")
        .map_err(|e| ParseError::NoContainer(Box::new(e)))?;
    let opf_path = package::rootfile(&container)?;
    let opf = archive.read_text(&opf_path)?;
    let package = package::parse_opf(&opf, &opf_path)?;
    if package.spine.is_empty() {
        return Err(ParseError::EmptySpine);
    }
    if package.spine.len() > MAX_SPINE_ITEMS {
        return Err(ParseError::TooManySpineItems {
            count: package.spine.len(),
            limit: MAX_SPINE_ITEMS,
        });
    }
    let toc = read_toc(&mut archive, &package);
    let book = Book { package, toc };
    book.read(&mut archive)
}

fn read_toc(archive: &mut Archive<'_>, package: &Package) -> Vec<TocEntry> {
    if let Some(nav) = &package.nav
        && let Ok(text) = archive.read_text(nav)
    {
        let entries = toc::parse_nav(&text, nav);
        if !entries.is_empty() {
            return entries;
        }
    }
    package
        .ncx
        .as_ref()
        .and_then(|ncx| {
            archive
                .read_text(ncx)
                .ok()
                .map(|text| toc::parse_ncx(&text, ncx))
        })
        .unwrap_or_default()
}

/// A spine document, parsed.
struct Page {
    spine: SpineItem,
    doc: Html,
}

struct Book {
    package: Package,
    toc: Vec<TocEntry>,
}

/// Which program made the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Producer {
    Ao3,
    FanFicFare,
    Generic,
}

impl Book {
    fn producer(&self, pages: &[Page]) -> Producer {
        let publisher = self.package.first("publisher").unwrap_or_default();
        let fff_mark = self
            .package
            .all("contributor")
            .any(|c| c.value.contains("FanFicFare"))
            || self
                .package
                .all("identifier")
                .any(|i| i.value.starts_with("fanficfare-uid"));
        if publisher == "Archive of Our Own"
            || pages.iter().take(3).any(|p| ao3::is_download(&p.doc))
        {
            Producer::Ao3
        } else if fff_mark
            || pages
                .iter()
                .any(|p| body_has_class(&p.doc, "fff_titlepage"))
        {
            Producer::FanFicFare
        } else {
            Producer::Generic
        }
    }

    fn read(self, archive: &mut Archive<'_>) -> Result<Document, ParseError> {
        let mut pages = Vec::new();
        let mut failures = Vec::new();
        // A document listed twice in the spine is read once: real books never repeat
        // one, and a hostile one lists a chapter thousands of times.
        let mut read = std::collections::HashSet::new();
        for spine in self.package.spine.iter().filter(|s| s.linear) {
            if !is_xhtml(&self.package, spine) || !read.insert(spine.path.as_str()) {
                continue;
            }
            match archive.read_markup(&spine.path) {
                Ok(text) => pages.push(Page {
                    spine: spine.clone(),
                    doc: dom::parse_document(&text),
                }),
                // A limit breach is fatal; a missing chapter file is reported only
                // if nothing at all can be read.
                Err(e) if e.is_limit() => return Err(e),
                Err(e) => failures.push(e),
            }
        }
        if pages.is_empty() {
            return Err(failures.into_iter().next().unwrap_or(ParseError::NoText));
        }
        let mut doc = match self.producer(&pages) {
            Producer::Ao3 => {
                let docs: Vec<Html> = pages.into_iter().map(|p| p.doc).collect();
                ao3::parse_download(&docs)
            }
            Producer::FanFicFare => self.read_fff(&pages),
            Producer::Generic => self.read_generic(&pages),
        };
        metadata::add_opf_fields(&self.package, &mut doc.raw);
        Ok(doc)
    }

    /// Spine documents that hold the story, with their chapter marks.
    fn story_items<R: Rules>(&self, pages: &[Page], rules: impl Fn() -> R) -> Vec<Item> {
        let mut by_file: HashMap<&str, Vec<&TocEntry>> = HashMap::new();
        for entry in &self.toc {
            by_file.entry(entry.path.as_str()).or_default().push(entry);
        }
        let mut items = Vec::new();
        for page in pages {
            let entries = by_file.get(page.spine.path.as_str());
            let label = entries.and_then(|e| e.first()).map(|e| e.label.as_str());
            if self.is_front_matter(page, label) {
                continue;
            }
            let file_entry = entries.and_then(|e| e.iter().find(|e| e.fragment.is_none()));
            if let Some(entry) = file_entry {
                items.push(Item::Chapter(ChapterMark {
                    title: Some(entry.label.clone()).filter(|t| !t.is_empty()),
                    id: None,
                }));
            } else if self.toc.is_empty() {
                items.push(Item::Chapter(ChapterMark::default()));
            }
            let anchors: HashMap<String, String> = entries
                .map(|list| {
                    list.iter()
                        .filter_map(|e| Some((e.fragment.clone()?, e.label.clone())))
                        .collect()
                })
                .unwrap_or_default();
            let body =
                find_in(&page.doc, |el| is(el, "body")).unwrap_or_else(|| page.doc.root_element());
            let first_label = entries.and_then(|e| e.first()).map(|e| e.label.clone());
            let anchor_count = anchors.len();
            let mut page_rules = Anchored {
                inner: rules(),
                anchors,
            };
            let page_items = flow::walk(body, &mut page_rules);
            // Anchors that never matched an element still start a chapter here.
            if file_entry.is_none() && anchor_count > 0 && page_rules.anchors.len() == anchor_count
            {
                items.push(Item::Chapter(ChapterMark {
                    title: first_label,
                    id: None,
                }));
            }
            items.extend(page_items);
        }
        items
    }

    fn is_front_matter(&self, page: &Page, toc_label: Option<&str>) -> bool {
        if self.package.nav.as_deref() == Some(page.spine.path.as_str()) {
            return true;
        }
        let front_guide = [
            "cover",
            "title-page",
            "titlepage",
            "copyright-page",
            "toc",
            "loi",
            "lot",
        ];
        if self
            .package
            .guide
            .iter()
            .any(|(kind, path)| *path == page.spine.path && front_guide.contains(&kind.as_str()))
        {
            return true;
        }
        let file = page.spine.path.rsplit('/').next().unwrap_or_default();
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        if is_front_matter_name(stem) || is_front_matter_name(&page.spine.id) {
            return true;
        }
        if toc_label.is_some_and(|l| {
            matches!(
                l.to_lowercase().as_str(),
                "cover"
                    | "title page"
                    | "copyright"
                    | "table of contents"
                    | "contents"
                    | "update log"
            )
        }) {
            return true;
        }
        let body_type = find_in(&page.doc, |el| is(el, "body") || is(el, "section"))
            .and_then(|el| epub_type(el))
            .unwrap_or_default();
        body_type.split_whitespace().any(|t| {
            matches!(
                t,
                "cover" | "titlepage" | "copyright-page" | "toc" | "landmarks"
            )
        })
    }

    fn read_generic(&self, pages: &[Page]) -> Document {
        let items = self.story_items(pages, || EpubRules { fff: false });
        let mut chapters = build_chapters(&items, true);
        chapters.iter_mut().for_each(drop_title_heading);
        chapters.retain(|c| !c.blocks.is_empty());
        Document {
            chapters,
            raw: RawMeta::default(),
        }
    }

    fn read_fff(&self, pages: &[Page]) -> Document {
        let mut raw = RawMeta::default();
        for page in pages {
            if body_has_class(&page.doc, "fff_titlepage")
                || page.spine.path.ends_with("title_page.xhtml")
            {
                if let Some(heading) = find_in(&page.doc, |el| {
                    matches!(el.value().name(), "h1" | "h2" | "h3")
                }) {
                    fff::read_title_heading(heading, &mut raw);
                }
                if let Some(body) = find_in(&page.doc, |el| is(el, "body")) {
                    fff::read_label_block(body, &mut raw);
                }
            }
        }
        crate::format::fanficfare::itemise_lists(&mut raw.fields);
        let items = self.story_items(pages, || EpubRules { fff: true });
        let mut chapters = build_chapters(&items, true);
        // Chapter identity: the `chapterurl` meta of the file the chapter starts in.
        let urls: Vec<Option<String>> = pages
            .iter()
            .filter(|p| body_has_class(&p.doc, "fff_chapter"))
            .map(|p| fields::meta_content(&p.doc, "chapterurl").map(str::to_owned))
            .collect();
        if urls.len() == chapters.len() {
            for (chapter, url) in chapters.iter_mut().zip(urls) {
                chapter.id = url.map(|u| fields::clean_value(&u));
            }
        }
        chapters.iter_mut().for_each(drop_title_heading);
        Document { chapters, raw }
    }
}

/// Whether a file name or id names front matter. Whole-name matches only (digits
/// and one leading word allowed: `00_cover`, `front-cover`, `pressbooks-promo`), so a
/// chapter file called `contents-of-the-heart` stays a chapter.
fn is_front_matter_name(name: &str) -> bool {
    static FRONT: LazyLock<Regex> = LazyLock::new(|| {
        #[allow(clippy::expect_used)] // a literal pattern; tested below
        Regex::new(
            r"(?i)^(?:[a-z]+[-_])?(cover|title[-_ ]?page|titlepage|copyright(?:[-_]page)?|colophon|imprint|toc|table[-_ ]of[-_ ]contents|contents|nav|promo|log[-_]page)$",
        )
        .expect("valid regex")
    });
    FRONT.is_match(name.trim_matches(|c: char| c.is_ascii_digit() || c == '_' || c == '-'))
}

fn is_xhtml(package: &Package, spine: &SpineItem) -> bool {
    package
        .manifest
        .get(&spine.id)
        .is_none_or(|m| m.media_type.is_empty() || m.media_type.contains("html"))
}

fn body_has_class(doc: &Html, class: &str) -> bool {
    find_in(doc, |el| is(el, "body")).is_some_and(|b| has_class(b, class))
}

fn epub_type(el: ElementRef<'_>) -> Option<&str> {
    el.value()
        .attrs()
        .find(|(name, _)| *name == "epub:type" || name.ends_with(":type"))
        .map(|(_, v)| v)
}

/// Removes a leading heading that repeats the chapter title; an untitled chapter
/// takes its leading heading as its title.
fn drop_title_heading(chapter: &mut Chapter) {
    let Some(Block::Heading(heading)) = chapter.blocks.first() else {
        return;
    };
    let heading_key = title_key(&heading.text);
    let repeats = match &chapter.title {
        None => {
            chapter.title = Some(heading.text.clone());
            true
        }
        Some(title) => {
            let title_key = title_key(title);
            !title_key.is_empty()
                && (heading_key == title_key
                    || heading_key.ends_with(&title_key)
                    || title_key.ends_with(&heading_key))
        }
    };
    if repeats {
        chapter.blocks.remove(0);
        chapter.tidy_breaks();
    }
}

fn title_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Generic EPUB content rules; FanFicFare's own chapter-title heading is dropped
/// (the title comes from the table of contents).
struct EpubRules {
    fff: bool,
}

impl Rules for EpubRules {
    fn role(&mut self, el: ElementRef<'_>) -> Role {
        if self.fff && has_class(el, "fff_chapter_title") {
            return Role::Skip;
        }
        generic_role(el)
    }
}

/// Adds chapter marks at table-of-contents anchors inside a file.
struct Anchored<R> {
    inner: R,
    anchors: HashMap<String, String>,
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

    #[test]
    fn front_matter_names() {
        for name in [
            "cover",
            "00_cover",
            "front-cover",
            "title-page",
            "title_page",
            "titlepage",
            "copyright",
            "table-of-contents",
            "toc",
            "nav",
            "pressbooks-promo",
            "log_page",
        ] {
            assert!(is_front_matter_name(name), "{name}");
        }
        for name in [
            "contents-of-the-heart",
            "chapter-001",
            "file0001",
            "covered-in-snow",
            "html11",
        ] {
            assert!(!is_front_matter_name(name), "{name}");
        }
    }

    #[test]
    fn title_headings() {
        use crate::document::RichText;
        let heading = |t: &str| Block::Heading(RichText::plain(t));
        let para = Block::Paragraph(RichText::plain("text"));
        let mut repeated = Chapter {
            title: Some("CHAPTER I".into()),
            blocks: vec![heading("Chapter I"), para.clone()],
            id: None,
        };
        drop_title_heading(&mut repeated);
        assert_eq!(repeated.blocks, vec![para.clone()]);
        let mut untitled = Chapter {
            title: None,
            blocks: vec![heading("The Bridge"), para.clone()],
            id: None,
        };
        drop_title_heading(&mut untitled);
        assert_eq!(untitled.title.as_deref(), Some("The Bridge"));
        let mut different = Chapter {
            title: Some("One".into()),
            blocks: vec![heading("A Letter"), para],
            id: None,
        };
        drop_title_heading(&mut different);
        assert_eq!(different.blocks.len(), 2);
    }
}
