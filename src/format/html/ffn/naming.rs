//! How a fanfiction.net page names its story outside the story block: the
//! `<title>` (`Lost Things Chapter 1: Arrival, a Harry Potter fanfic | FanFiction`)
//! and the breadcrumb's category links (`/book/Harry-Potter/`,
//! `list.php?categoryid=224`, `/crossovers/A_and_B/123/`), with or without a Wayback
//! Machine prefix. Both are container evidence: the breadcrumb first, since newer
//! `<title>`s lower-case the fandom.

use std::sync::LazyLock;

use regex::Regex;
use scraper::Html;

use super::super::fields::{clean_value, find_all, is, push, push_items};
use super::super::flow::inline_text;
use crate::document::raw::Origin;
use crate::document::{FieldKey, RawMeta};

/// Whether a `<title>` names the site (`… | FanFiction`, `… - FanFiction.Net`,
/// `FanFiction.Net - …`).
pub(super) fn names_site(title: &str) -> bool {
    let lower = title.to_ascii_lowercase();
    let lower = lower.trim_end();
    lower.contains("fanfiction.net")
        || lower.contains("fictionpress.com")
        || [
            "| fanfiction",
            "- fanfiction",
            "| fictionpress",
            "- fictionpress",
        ]
        .iter()
        .any(|suffix| lower.ends_with(suffix))
}

/// A link's path on the site: without a Wayback Machine prefix, scheme or host.
pub(super) fn site_path(href: &str) -> &str {
    static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        #[allow(clippy::expect_used)] // a literal pattern; tested below
        Regex::new(
            r"(?i)^(?:https?://web\.archive\.org)?(?:/web/\d+[a-z_]*/)?(?:(?:https?:)?//(?:www\.|m\.)?(?:fanfiction\.net|fictionpress\.com))?",
        )
        .expect("valid regex")
    });
    PREFIX
        .find(href)
        .map_or(href, |m| href.get(m.end()..).unwrap_or(href))
}

/// What a category link names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Category {
    /// `/book/Harry-Potter/`, `list.php?categoryid=224`: one fandom.
    Fandom,
    /// `/crossovers/A_and_B/123/`, `/A-and-B-Crossovers/1/2/`: two.
    Crossover,
}

/// The kind of category page a breadcrumb link points at, if any. Section pages
/// (`/book/`, `/crossovers/`) name no fandom.
fn category(href: &str) -> Option<Category> {
    static FANDOM: LazyLock<Regex> = LazyLock::new(|| {
        #[allow(clippy::expect_used)] // a literal pattern; tested below
        Regex::new(
            r"(?i)^/(?:anime|book|cartoon|comic|game|misc|movie|play|tv)/[^/?#]+/?$|^/?list\.php\?categoryid=\d+",
        )
        .expect("valid regex")
    });
    static CROSSOVER: LazyLock<Regex> = LazyLock::new(|| {
        #[allow(clippy::expect_used)] // a literal pattern; tested below
        Regex::new(r"(?i)^/crossovers/[^/?#]+/\d+|^/[^/?#]+[-_]and[-_][^/?#]+[-_]crossovers?/")
            .expect("valid regex")
    });
    let path = site_path(href.trim());
    if CROSSOVER.is_match(path) {
        Some(Category::Crossover)
    } else if FANDOM.is_match(path) {
        Some(Category::Fandom)
    } else {
        None
    }
}

/// The fandom(s) of the first category link on the page.
pub fn read_breadcrumbs(doc: &Html, raw: &mut RawMeta) {
    let link = find_all(doc.root_element(), |el| {
        is(el, "a") && el.value().attr("href").and_then(category).is_some()
    })
    .next();
    if let Some(link) = link {
        push_category(&inline_text(link), "breadcrumb", raw);
    }
}

/// A category name as a fandom field: `A + B Crossover` is two fandoms (FFN never
/// puts ` + ` in a fandom's name); anything else is one item, which the alias table
/// may still split (`A & B Crossover` when both are known fandoms).
pub fn push_category(text: &str, label: &str, raw: &mut RawMeta) {
    let text = clean_value(text);
    let bare = strip_crossover(&text);
    let fandoms: Vec<String> = if bare.contains(" + ") {
        bare.split(" + ").map(str::to_owned).collect()
    } else {
        vec![text.clone()]
    };
    let label = if bare.len() < text.len() {
        "Crossover"
    } else {
        label
    };
    push_items(raw, FieldKey::Fandom, label, &fandoms, Origin::Container);
}

/// `A + B Crossover` → `A + B`.
fn strip_crossover(text: &str) -> &str {
    let lower = text.to_ascii_lowercase();
    for suffix in [" crossovers", " crossover"] {
        if lower.ends_with(suffix) {
            return text.get(..text.len() - suffix.len()).unwrap_or(text);
        }
    }
    text
}

/// What a page `<title>` says: the story title and the fandom.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageTitle {
    /// The title with any `Chapter N: …` cut off.
    pub title: Option<String>,
    /// The title without the chapter's bare name at its end (`Scribble Pad Strange
    /// and Dangerous: Chapter 1` → `Scribble Pad`), when it ends so. Older pages
    /// never append the chapter, so this is only believed when the page's bold
    /// title line agrees.
    pub short: Option<String>,
    pub fandom: Option<String>,
}

impl PageTitle {
    /// Reads `Lost Things Chapter 1: Arrival, a Harry Potter fanfic | FanFiction`,
    /// `Shattered Glass, a Buffy: The Vampire Slayer fanfic - FanFiction.Net`,
    /// `FanFiction.Net - Paper Moons`. A chapter page's title carries the chapter
    /// (`Chapter 1: Arrival`, or only its name): `chapter` (the picker's selected
    /// title, given only when the story has several chapters) is cut off.
    pub fn parse(title: &str, chapter: Option<&str>) -> Self {
        static FANFIC: LazyLock<Regex> = LazyLock::new(|| {
            #[allow(clippy::expect_used)] // a literal pattern; tested below
            Regex::new(
                r"(?i)^(.+?),\s+an?\s+(.+?)\s+(?:fanfic|fan fiction|fanfiction|fiction)\s*(?:[|\-–:]\s*(?:fanfiction(?:\.net)?|fictionpress(?:\.com)?))?\s*$",
            )
            .expect("valid regex")
        });
        static SITE: LazyLock<Regex> = LazyLock::new(|| {
            #[allow(clippy::expect_used)] // a literal pattern; tested below
            Regex::new(
                r"(?i)^\s*(?:fanfiction(?:\.net)?|fictionpress(?:\.com)?|fanfic)\s*[|\-–:]\s*|\s*[|\-–:]\s*(?:fanfiction(?:\.net)?|fictionpress(?:\.com)?)\s*$",
            )
            .expect("valid regex")
        });
        static CHAPTER: LazyLock<Regex> = LazyLock::new(|| {
            #[allow(clippy::expect_used)] // a literal pattern; tested below
            Regex::new(r"(?i)\s+chapter\s+\d+\s*:?(?:\s.*)?$").expect("valid regex")
        });
        let title = clean_value(title);
        let (rest, fandom) = match FANFIC.captures(&title) {
            Some(caps) => (
                caps.get(1).map_or("", |m| m.as_str()).to_owned(),
                caps.get(2).map(|m| m.as_str().to_owned()),
            ),
            None if names_site(&title) || title.to_ascii_lowercase().starts_with("fanfic:") => {
                (SITE.replace_all(&title, "").into_owned(), None)
            }
            None => (title.clone(), None),
        };
        let cut_chapter = |text: &str| {
            CHAPTER
                .replace(text.trim(), "")
                .trim()
                .trim_end_matches(':')
                .trim()
                .to_owned()
        };
        let rest = rest.trim();
        let full = cut_chapter(rest);
        let short = chapter
            .map(clean_value)
            .filter(|c| !c.is_empty())
            .and_then(|chapter| {
                let cut = rest.len().checked_sub(chapter.len() + 1)?;
                let tail = rest.get(cut + 1..)?;
                let head = rest.get(..=cut)?;
                (tail.eq_ignore_ascii_case(&chapter) && head.ends_with(' '))
                    .then(|| cut_chapter(head))
            })
            .filter(|t| !t.is_empty() && *t != full);
        Self {
            title: Some(full).filter(|t| !t.is_empty()),
            short,
            fandom: fandom.filter(|f| !f.trim().is_empty()),
        }
    }
}

/// The `<title>`'s story title (container evidence: without the chapter's bare name
/// when the bold title line says so) and, when no breadcrumb named one, its fandom.
pub fn read_page_title(page: &PageTitle, bold: Option<&str>, raw: &mut RawMeta) {
    let short = page
        .short
        .as_deref()
        .filter(|s| bold.is_some_and(|b| same_title(s, b)));
    if let Some(title) = short.or(page.title.as_deref()) {
        push(raw, FieldKey::Title, "<title>", title, Origin::Container);
    }
    if raw.first(FieldKey::Fandom).is_none()
        && let Some(fandom) = &page.fandom
    {
        push_category(fandom, "<title>", raw);
    }
}

/// Whether a page title is `title` followed by a separator and more (`Paper Moons,
/// Harry Potter` in a `Fanfic:` title the other patterns do not cut, `… Chapter 3`):
/// the page names the story and then something else.
pub(super) fn extends_title(page: &str, title: &str) -> bool {
    let (page, title) = (clean_value(page), clean_value(title));
    let Some(head) = page.get(..title.len()) else {
        return false;
    };
    let rest = page.get(title.len()..).unwrap_or_default().trim_start();
    !title.is_empty()
        && head.eq_ignore_ascii_case(&title)
        && (rest.starts_with([',', '-', '–', ':', '|', '('])
            || rest.to_lowercase().starts_with("chapter"))
}

/// Whether two titles are the same, ignoring case, spacing and punctuation.
pub(super) fn same_title(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    key(a) == key(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths() {
        assert_eq!(site_path("/u/123/Name"), "/u/123/Name");
        assert_eq!(
            site_path("/web/20100612093512/http://www.fanfiction.net/u/1122334/Rowan_Ashe"),
            "/u/1122334/Rowan_Ashe"
        );
        assert_eq!(
            site_path("http://www.fanfiction.net/profile.php?userid=98765"),
            "/profile.php?userid=98765"
        );
        assert_eq!(
            site_path("https://example.org/u/1"),
            "https://example.org/u/1"
        );
    }

    #[test]
    fn categories() {
        let cases = [
            ("/book/Harry-Potter/", Some(Category::Fandom)),
            ("/tv/Buffy_The_Vampire_Slayer/", Some(Category::Fandom)),
            ("/list.php?categoryid=224", Some(Category::Fandom)),
            (
                "/web/20100612093512/http://www.fanfiction.net/crossovers/Supernatural_and_Buffy_The_Vampire_Slayer/1620/",
                Some(Category::Crossover),
            ),
            (
                "/Buffy-The-Vampire-Slayer-and-Smallville-crossovers/",
                Some(Category::Crossover),
            ),
            // Sections and other pages name no fandom.
            ("/book/", None),
            ("/crossovers/", None),
            ("/cat/224/", None),
            ("/u/123/", None),
            ("/s/123/1/", None),
        ];
        for (href, want) in cases {
            assert_eq!(category(href), want, "{href}");
        }
    }

    #[test]
    fn page_titles() {
        type Case<'a> = (
            &'a str,
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
        );
        // (title, chapter, title, short title, fandom)
        let cases: &[Case<'_>] = &[
            (
                "Lost Things Chapter 1: Arrival, a Harry Potter fanfic | FanFiction",
                Some("Arrival"),
                Some("Lost Things"),
                None,
                Some("Harry Potter"),
            ),
            (
                "Shattered Glass, a Buffy: The Vampire Slayer fanfic - FanFiction.Net",
                Some("Glass"),
                Some("Shattered Glass"),
                Some("Shattered"),
                Some("Buffy: The Vampire Slayer"),
            ),
            (
                "Salt & Iron Chapter 1: Cold Iron, a Supernatural + Buffy: The Vampire Slayer Crossover fanfic - FanFiction.Net",
                Some("Cold Iron"),
                Some("Salt & Iron"),
                None,
                Some("Supernatural + Buffy: The Vampire Slayer Crossover"),
            ),
            // The chapter's name alone, without `Chapter N:`.
            (
                "Scribble Pad Strange and Dangerous: Chapter 1, a harry potter fanfic | FanFiction",
                Some("Strange and Dangerous: Chapter 1"),
                Some("Scribble Pad Strange and Dangerous"),
                Some("Scribble Pad"),
                Some("harry potter"),
            ),
            (
                "FanFiction.Net - Paper Moons",
                None,
                Some("Paper Moons"),
                None,
                None,
            ),
            (
                "Starr and Temple, a Sci-Fi fiction | FictionPress",
                None,
                Some("Starr and Temple"),
                None,
                Some("Sci-Fi"),
            ),
            // Not the site's: kept whole.
            ("My Blog - Posts", None, Some("My Blog - Posts"), None, None),
        ];
        for (title, chapter, want_title, want_short, want_fandom) in cases {
            let page = PageTitle::parse(title, *chapter);
            assert_eq!(page.title.as_deref(), *want_title, "{title}");
            assert_eq!(page.short.as_deref(), *want_short, "{title}");
            assert_eq!(page.fandom.as_deref(), *want_fandom, "{title}");
        }
        // The short form is believed only when the bold title line agrees.
        let page = PageTitle::parse(
            "Shattered Glass, a Buffy fanfic - FanFiction.Net",
            Some("Glass"),
        );
        let mut raw = RawMeta::default();
        read_page_title(&page, Some("Shattered Glass"), &mut raw);
        read_page_title(&page, None, &mut raw);
        let scribble = PageTitle::parse(
            "Scribble Pad Strange and Dangerous: Chapter 1, a harry potter fanfic | FanFiction",
            Some("Strange and Dangerous: Chapter 1"),
        );
        read_page_title(&scribble, Some("Scribble Pad"), &mut raw);
        let titles: Vec<String> = raw
            .get(FieldKey::Title)
            .map(crate::document::RawField::joined)
            .collect();
        assert_eq!(
            titles,
            ["Shattered Glass", "Shattered Glass", "Scribble Pad"]
        );
    }

    #[test]
    fn titles_with_more_after_them() {
        assert!(extends_title("Paper Moons, Harry Potter", "Paper Moons"));
        assert!(extends_title("Lost Things Chapter 3", "Lost Things"));
        assert!(!extends_title("The Long Night", "The"));
        assert!(!extends_title("Paper Moons", "Paper Moons"));
        assert!(!extends_title("Paper", "Paper Moons"));
    }

    #[test]
    fn crossover_categories() {
        let mut raw = RawMeta::default();
        push_category("Naruto + Bleach Crossover", "breadcrumb", &mut raw);
        push_category("Law & Order: SVU", "breadcrumb", &mut raw);
        let got: Vec<(String, Vec<String>)> = raw
            .fields
            .iter()
            .map(|f| (f.label.clone(), f.values.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Crossover".to_owned(),
                    vec!["Naruto".to_owned(), "Bleach".to_owned()]
                ),
                ("breadcrumb".to_owned(), vec!["Law & Order: SVU".to_owned()]),
            ]
        );
    }
}
