//! Front matter and chapter headings of an EPUB's spine pages: which pages are not
//! story (cover, title page, copyright, table of contents, navigation, promo pages —
//! by the guide, the file name, the table-of-contents label or `epub:type`), and the
//! heading that opens a chapter by repeating its title.

use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html};

use super::package::Package;
use crate::document::{Block, Chapter};
use crate::format::html::fields::{find_in, is};

/// Whether a spine page (its zip path, manifest id, parsed document and
/// table-of-contents label) is front matter.
pub fn is_front_matter(
    package: &Package,
    path: &str,
    id: &str,
    doc: &Html,
    toc_label: Option<&str>,
) -> bool {
    if package.nav.as_deref() == Some(path) {
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
    if package
        .guide
        .iter()
        .any(|(kind, guide_path)| guide_path == path && front_guide.contains(&kind.as_str()))
    {
        return true;
    }
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    if is_front_matter_name(stem) || is_front_matter_name(id) {
        return true;
    }
    if toc_label.is_some_and(|l| {
        matches!(
            l.to_lowercase().as_str(),
            "cover" | "title page" | "copyright" | "table of contents" | "contents" | "update log"
        )
    }) {
        return true;
    }
    let body_type = find_in(doc, |el| is(el, "body") || is(el, "section"))
        .and_then(|el| epub_type(el))
        .unwrap_or_default();
    body_type.split_whitespace().any(|t| {
        matches!(
            t,
            "cover" | "titlepage" | "copyright-page" | "toc" | "landmarks"
        )
    })
}

static FRONT: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // a literal pattern; tested below
    Regex::new(
        r"(?i)^(?:[a-z]+[-_])?(cover|title[-_ ]?page|titlepage|copyright(?:[-_]page)?|colophon|imprint|toc|table[-_ ]of[-_ ]contents|contents|nav|promo|log[-_]page)$",
    )
    .expect("valid regex")
});

/// Every alternative of the pattern ends in one of these words, and an ASCII name
/// folds only ASCII letters, so a name ending in none of them (a chapter's file,
/// almost every call) cannot match, and the pattern need not be compiled for it.
const ENDINGS: &[&[u8]] = &[
    b"cover",
    b"page",
    b"copyright",
    b"colophon",
    b"imprint",
    b"toc",
    b"contents",
    b"nav",
    b"promo",
];

/// Whether a file name or id names front matter. Whole-name matches only (digits
/// and one leading word allowed: `00_cover`, `front-cover`, `pressbooks-promo`), so a
/// chapter file called `contents-of-the-heart` stays a chapter.
pub fn is_front_matter_name(name: &str) -> bool {
    let name = name.trim_matches(|c: char| c.is_ascii_digit() || c == '_' || c == '-');
    let ends_well = |name: &str| {
        ENDINGS.iter().any(|end| {
            name.len()
                .checked_sub(end.len())
                .and_then(|at| name.as_bytes().get(at..))
                .is_some_and(|tail| tail.eq_ignore_ascii_case(end))
        })
    };
    if name.is_ascii() && !ends_well(name) {
        return false;
    }
    FRONT.is_match(name)
}

fn epub_type(el: ElementRef<'_>) -> Option<&str> {
    el.value()
        .attrs()
        .find(|(name, _)| *name == "epub:type" || name.ends_with(":type"))
        .map(|(_, v)| v)
}

/// Removes a leading heading that repeats the chapter title; an untitled chapter
/// takes its leading heading as its title, and so does a chapter whose
/// table-of-contents title is the start of the heading (`Chapter 2` above `Chapter 2:
/// The Pie`).
pub fn drop_title_heading(chapter: &mut Chapter) {
    let Some(Block::Heading(heading)) = chapter.blocks.first() else {
        return;
    };
    let heading_key = title_key(&heading.text);
    let repeats = match &chapter.title {
        None => {
            chapter.title = Some(heading.text.to_string());
            true
        }
        Some(title) => {
            let title_key = title_key(title);
            if !title_key.is_empty()
                && heading_key.len() > title_key.len()
                && heading_key.starts_with(&title_key)
            {
                chapter.title = Some(heading.text.to_string());
                true
            } else {
                !title_key.is_empty()
                    && (heading_key == title_key
                        || heading_key.ends_with(&title_key)
                        || title_key.ends_with(&heading_key))
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ending_check_agrees_with_the_pattern() {
        let words = [
            "cover",
            "title",
            "page",
            "titlepage",
            "copyright",
            "colophon",
            "imprint",
            "toc",
            "table",
            "of",
            "contents",
            "nav",
            "promo",
            "log",
            "front",
            "ch",
            "001",
            "_",
            "-",
            "COVER",
            "Contents",
            "Nav",
            "PAGE",
            "TOC",
            "ſ",
            "\u{212A}",
        ];
        let names = [
            "conten\u{17F}",
            "\u{17F}omething-cover",
            "coveR",
            "x-toc",
            "tocs",
        ];
        crate::format::exact::check::agree(&words, &names, is_front_matter_name, |name| {
            FRONT.is_match(name.trim_matches(|c: char| c.is_ascii_digit() || c == '_' || c == '-'))
        });
    }

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
        let mut longer = Chapter {
            title: Some("Chapter 2".into()),
            blocks: vec![heading("Chapter 2: The Pie"), para.clone()],
            id: None,
        };
        drop_title_heading(&mut longer);
        assert_eq!(longer.title.as_deref(), Some("Chapter 2: The Pie"));
        assert_eq!(longer.blocks, vec![para.clone()]);
        let mut different = Chapter {
            title: Some("One".into()),
            blocks: vec![heading("A Letter"), para],
            id: None,
        };
        drop_title_heading(&mut different);
        assert_eq!(different.blocks.len(), 2);
    }
}
