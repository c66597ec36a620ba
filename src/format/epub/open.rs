//! Opening a book: its archive, container, package and contents (all of them, or
//! for a head only the start of a long navigation document).

use super::Book;
use super::archive::{Archive, Limits};
use super::package::{self, Package};
use super::toc::{self, TocEntry};
use crate::format::ParseError;

/// Most spine documents read from one book.
const MAX_SPINE_ITEMS: usize = 5_000;

/// The archive of a book with its package and contents read (with `nav_budget`, only
/// the start of a long navigation document, see [`super::parse_head_with`]).
pub(super) fn open_book(
    bytes: &[u8],
    limits: Limits,
    nav_budget: Option<usize>,
) -> Result<(Archive<'_>, Book), ParseError> {
    let mut archive = Archive::open(bytes, limits)?;
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
    if let Some(nav) = &package.nav
        && let Ok(text) = archive.read_text(nav)
    {
        let spine_position = |path: &str| package.spine.iter().position(|s| s.path == path);
        if let Some((entries, until)) =
            nav_budget.and_then(|budget| toc::nav_start(&text, nav, budget, spine_position))
        {
            return (entries, Some(until));
        }
        let entries = toc::parse_nav(&text, nav);
        if !entries.is_empty() {
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
