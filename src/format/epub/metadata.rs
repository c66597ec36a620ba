//! OPF metadata → [`RawMeta`] fields with [`Origin::Container`]: title, authors
//! (role `aut` or none), the description (escaped HTML → plain paragraphs), subjects
//! (only as a fallback), language, dates, the story URL (and FanFicFare's
//! `fanficfare-uid:` identifier, which names the site and story) and the series.

use super::package::Package;
use super::toc::unescape;
use crate::document::raw::Origin;
use crate::document::{FieldKey, RawMeta};
use crate::format::html::fields::{self, push, push_items, push_paragraphs};
use crate::format::html::flow::paragraphs;
use crate::format::html::{ao3, dom};

/// OPF metadata as container fields. `dc:subject` is a flat, untyped list in AO3
/// and FanFicFare books, so it is only used when the book's own pages gave no
/// typed tags.
pub fn add_opf_fields(p: &Package, raw: &mut RawMeta) {
    let o = Origin::Container;
    let is_ao3 = raw.site.as_deref() == Some(ao3::SITE);
    if let Some(title) = p.first("title").map(unescape) {
        if is_placeholder_title(&title) {
            raw.notes.push(format!(
                "the package's dc:title \"{title}\" is a downloader's placeholder, not read"
            ));
        } else {
            push(raw, FieldKey::Title, "dc:title", &title, o);
        }
    }
    // One `dc:creator` may still name several people (`A and B`): each is a
    // written statement, split by `extract`.
    for creator in p
        .all("creator")
        .filter(|c| c.qualifier.as_deref().is_none_or(|r| r == "aut"))
    {
        let creator = unescape(&creator.value);
        if is_placeholder_author(&creator) {
            raw.notes.push(format!(
                "the package's dc:creator \"{creator}\" is a downloader's placeholder, not read"
            ));
        } else {
            push(raw, FieldKey::Author, "dc:creator", &creator, o);
        }
    }
    if let Some(description) = p.first("description") {
        let fragment = dom::parse_fragment(description);
        let text: Vec<String> = paragraphs(fragment.root_element())
            .into_iter()
            .filter(|p| !is_download_links(p))
            .collect();
        push_paragraphs(raw, FieldKey::Summary, "dc:description", &text, o);
    }
    let typed = [
        FieldKey::Fandom,
        FieldKey::Relationship,
        FieldKey::Character,
        FieldKey::Tag,
    ];
    if !raw
        .fields
        .iter()
        .any(|f| typed.contains(&f.key) && f.origin != o)
    {
        let subjects: Vec<String> = p
            .all("subject")
            .map(|s| unescape(&s.value))
            .filter(|s| s != "Fanworks")
            .collect();
        push_items(raw, FieldKey::Tag, "dc:subject", &subjects, o);
    }
    if let Some(language) = p.first("language") {
        push(raw, FieldKey::Language, "dc:language", language, o);
    }
    // An AO3 preface states Published/Updated/Completed itself; calibre's one
    // `dc:date` (the revision date, or the publication date of a work never
    // revised) would only contradict it.
    let preface_dates = is_ao3
        && raw
            .fields
            .iter()
            .any(|f| f.key == FieldKey::Published && f.origin != o);
    for date in p.all("date").filter(|_| !preface_dates) {
        let value = date
            .value
            .get(..10)
            .filter(|d| is_iso_date(d))
            .unwrap_or(&date.value);
        // calibre writes AO3's revision date as the book's date.
        let key = match date.qualifier.as_deref() {
            _ if is_ao3 => FieldKey::Updated,
            Some("modification") => FieldKey::Updated,
            Some("creation") => continue,
            _ => FieldKey::Published,
        };
        push(raw, key, "dc:date", value, o);
    }
    let urls = p
        .all("source")
        .chain(p.all("identifier"))
        .filter(|m| m.value.starts_with("http://") || m.value.starts_with("https://"))
        .map(|m| m.value.clone());
    if let Some(url) = urls.into_iter().next() {
        push(raw, FieldKey::Url, "dc:source", &url, o);
    }
    // FanFicFare's own identifier names the site and story even when the URL is gone.
    if let Some(uid) = p
        .all("identifier")
        .find(|m| m.value.trim_start().starts_with("fanficfare-uid:"))
    {
        push(raw, FieldKey::Url, "dc:identifier", &uid.value, o);
    }
    for series in p.all("series") {
        let value = match series.qualifier.as_deref() {
            Some(index) if !index.is_empty() => format!(
                "{} [{}]",
                unescape(&series.value),
                index.trim_end_matches(".0")
            ),
            _ => unescape(&series.value),
        };
        push(raw, FieldKey::Series, "calibre:series", &value, o);
    }
    if raw.site.is_none()
        && let Some(publisher) = p.first("publisher")
        && p.all("contributor").any(|c| c.value.contains("FanFicFare"))
    {
        raw.site = Some(fields::clean_value(publisher));
    }
}

/// The placeholder a tool writes when it has no value: a title or name that says
/// nothing (`Untitled`, `[No title]`, `<unknown>`, `Unknown Author`). Compared whole,
/// ignoring case, brackets and punctuation, so `Untitled Song for Winter` is a title.
fn placeholder_key(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether a package title is a placeholder.
///
/// ```
/// use ficread::format::epub::metadata::is_placeholder_title;
/// assert!(is_placeholder_title("[No title]"));
/// assert!(!is_placeholder_title("Untitled Song for Winter"));
/// ```
pub fn is_placeholder_title(title: &str) -> bool {
    matches!(
        placeholder_key(title).as_str(),
        "" | "untitled"
            | "untitled document"
            | "untitled book"
            | "untitled story"
            | "story"
            | "title"
            | "book"
            | "ebook"
            | "no title"
            | "notitle"
            | "unknown"
            | "unknown title"
            | "unnamed"
            | "none"
            | "na"
            | "default title"
            | "defaulttitle"
            | "new book"
            | "title here"
            | "no data"
    )
}

/// Whether a package creator is a placeholder. `Anonymous` is not: AO3 writes it
/// for anonymous works, and it is what the work page says too.
///
/// ```
/// use ficread::format::epub::metadata::is_placeholder_author;
/// assert!(is_placeholder_author("Unknown Author"));
/// assert!(!is_placeholder_author("Anonymous"));
/// ```
pub fn is_placeholder_author(author: &str) -> bool {
    matches!(
        placeholder_key(author).as_str(),
        "" | "unknown"
            | "unknown author"
            | "unknown creator"
            | "author"
            | "author name"
            | "author name here"
            | "unnamed"
            | "none"
            | "na"
            | "default author"
            | "defaultauthor"
            | "no author"
            | "no data"
    )
}

/// A publisher's download menu inside a description (PressBooks: `Download:` then
/// `PDF | EPUB | MOBI | 3-file Zip`): no part of a summary.
fn is_download_links(paragraph: &str) -> bool {
    const FORMATS: &[&str] = &[
        "pdf",
        "epub",
        "mobi",
        "azw3",
        "azw",
        "kindle",
        "html",
        "txt",
        "rtf",
        "odt",
        "docx",
        "zip",
        "3-file zip",
        "xhtml",
        "fb2",
    ];
    let lower = paragraph.trim().to_lowercase();
    let rest = lower
        .strip_prefix("download")
        .map_or(lower.as_str(), |r| r.trim_start_matches([':', ' ']));
    if rest.is_empty() {
        return lower.starts_with("download");
    }
    rest.split('|')
        .map(str::trim)
        .all(|part| FORMATS.contains(&part))
}

fn is_iso_date(text: &str) -> bool {
    text.len() == 10
        && text.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for title in [
            "Untitled",
            "untitled",
            "[No title]",
            "<unknown>",
            "Story",
            "Unknown",
            "  ",
            "[Title here]",
        ] {
            assert!(is_placeholder_title(title), "{title}");
        }
        for title in [
            "Untitled Song for Winter",
            "A Story",
            "Unknown Pleasures",
            "Tea & Thunder",
        ] {
            assert!(!is_placeholder_title(title), "{title}");
        }
        for author in ["Unknown", "Unknown Author", "", "<unknown>", "Author"] {
            assert!(is_placeholder_author(author), "{author}");
        }
        for author in ["Anonymous", "Unknown Quantity", "Quill and Ink"] {
            assert!(!is_placeholder_author(author), "{author}");
        }
    }

    #[test]
    fn download_menus() {
        for menu in [
            "Download:",
            "download",
            "PDF | EPUB | MOBI | 3-file Zip",
            "Download: EPUB",
        ] {
            assert!(is_download_links(menu), "{menu}");
        }
        for text in [
            "Downloading a mind is hard.",
            "The Metamorphosis is a novella by Franz Kafka.",
            "EPUB",
            "",
        ] {
            assert_eq!(is_download_links(text), text == "EPUB", "{text}");
        }
    }
}
