//! Opening a book: its archive, container, package and contents (all of them, or
//! for a head only the start of a long navigation document).

use super::Book;
use super::archive::{Archive, Limits, Stored};
use super::package::{self, Package};
use super::toc::{self, TocEntry};
use crate::format::ParseError;

/// Most spine documents read from one book.
const MAX_SPINE_ITEMS: usize = 5_000;

/// The archive of a book with its package and contents read (with `nav_budget`, only
/// the start of a long navigation document, see [`super::parse_head_with`]).
pub(super) fn open_book(
    stored: Stored<'_>,
    limits: Limits,
    nav_budget: Option<usize>,
) -> Result<(Archive<'_>, Book), ParseError> {
    let mut archive = Archive::open(stored, limits)?;
    let container = archive
        .read_text("META-INF/container.xml")
        .map_err(|e| ParseError::NoContainer(Box::new(e)))?;
    let mut notes = Vec::new();
    let (opf_path, fixes) = package::rootfile_lenient(&container)?;
    if let Some(fixes) = fixes {
        notes.push(format!(
            "META-INF/container.xml is not well-formed XML, read leniently ({fixes})"
        ));
    }
    let opf = archive.read_text(&opf_path)?;
    let (package, fixes) = package::parse_opf_lenient(&opf, &opf_path)?;
    if let Some(fixes) = fixes {
        notes.push(format!(
            "the package file {opf_path} is not well-formed XML, read leniently ({fixes})"
        ));
    }
    if package.spine.is_empty() {
        return Err(ParseError::EmptySpine);
    }
    if package.spine.len() > MAX_SPINE_ITEMS {
        return Err(ParseError::TooManySpineItems {
            count: package.spine.len(),
            limit: MAX_SPINE_ITEMS,
        });
    }
    let (toc, toc_until) = read_toc(&mut archive, &package, &mut notes, nav_budget);
    let book = Book {
        package,
        toc,
        toc_until,
        notes,
    };
    Ok((archive, book))
}

/// The contents, and with `nav_budget` the spine position a head stops at when only
/// the start of a long navigation document was read ([`toc::nav_start`]).
fn read_toc(
    archive: &mut Archive<'_>,
    package: &Package,
    notes: &mut Vec<String>,
    nav_budget: Option<usize>,
) -> (Vec<TocEntry>, Option<usize>) {
    if let Some(nav) = &package.nav {
        let text = match nav_budget {
            Some(budget) => match nav_head(archive, package, nav, budget) {
                NavHead::Cut(entries, until) => return (entries, Some(until)),
                NavHead::Whole(text) => Some(text),
                NavHead::Uncut => archive.read_text(nav).ok(),
            },
            None => archive.read_text(nav).ok(),
        };
        let entries = text.map(|text| toc::parse_nav(&text, nav));
        if let Some(entries) = entries.filter(|e| !e.is_empty()) {
            return (entries, None);
        }
    }
    let Some(ncx) = &package.ncx else {
        return (Vec::new(), None);
    };
    let Ok(text) = archive.read_text(ncx) else {
        return (Vec::new(), None);
    };
    let (entries, fixes) = toc::parse_ncx_lenient(&text, ncx);
    if let Some(fixes) = fixes {
        notes.push(format!(
            "the table of contents {ncx} is not well-formed XML, read leniently ({fixes})"
        ));
    }
    (entries, None)
}

/// What the start of a navigation document gave a head.
enum NavHead {
    /// The entries of the start and the spine position the head stops at.
    Cut(Vec<TocEntry>, usize),
    /// The document was short: this is all of it, to be read as usual.
    Whole(String),
    /// Its start could not be cut: the whole must be read.
    Uncut,
}

/// [`toc::nav_start`] of a long navigation document read only as far as it looks:
/// a thousand-chapter book's contents page is inflated for its first few entries,
/// not whole.
fn nav_head(archive: &mut Archive<'_>, package: &Package, nav: &str, budget: usize) -> NavHead {
    // A character cut at the end is dropped, so read enough past the budget that what
    // is left is still longer than the budget, as `nav_start` wants of a long page.
    let Ok((bytes, whole)) = archive.read_prefix(nav, budget.saturating_add(4)) else {
        return NavHead::Uncut;
    };
    let spine_position = |path: &str| package.spine.iter().position(|s| s.path == path);
    if whole {
        let text = crate::format::html::decode::decode(&bytes);
        return match toc::nav_start(&text, nav, budget, spine_position) {
            Some((entries, until)) => NavHead::Cut(entries, until),
            None => NavHead::Whole(text),
        };
    }
    crate::format::html::decode::decode_prefix(&bytes)
        .and_then(|text| toc::nav_start(&text, nav, budget, spine_position))
        .map_or(NavHead::Uncut, |(entries, until)| {
            NavHead::Cut(entries, until)
        })
}
