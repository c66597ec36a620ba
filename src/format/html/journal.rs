//! Saved LiveJournal and Dreamwidth entry pages (FORMATS §3.7): only the entry's
//! text is read (`.entry-content`, LiveJournal's `.b-singlepost-body`,
//! `.asset-body` or `.entry_text`); the journal header, navigation, tags line,
//! comment threads and footer are never walked. The entry title comes from the
//! page, and the `Title:/Author:/Pairing:` header block that opens most fic posts
//! becomes fields.

use scraper::{ElementRef, Html};

use super::breaks::build_chapters;
use super::fields::{
    canonical_url, document_title, find, find_in, has_class, is, meta_content, push,
};
use super::flow::{self, Role, Rules, generic_role, inline_text};
use super::generic::is_chrome;
use super::header::take_header;
use crate::document::raw::Origin;
use crate::document::{Document, FieldKey, RawMeta};

/// `dreamwidth.org` or `livejournal.com` when the page comes from one of them.
pub fn site(doc: &Html) -> Option<&'static str> {
    let mut hints = Vec::new();
    hints.extend(canonical_url(doc));
    hints.extend(meta_content(doc, "og:url"));
    hints.extend(meta_content(doc, "og:site_name"));
    hints.extend(meta_content(doc, "twitter:site"));
    let generator = meta_content(doc, "generator");
    hints.extend(generator);
    let mentions = |needle: &str| hints.iter().any(|h| h.to_lowercase().contains(needle));
    let has_entry = entry_content(doc).is_some();
    if mentions("dreamwidth") {
        Some("dreamwidth.org")
    } else if mentions("livejournal") {
        Some("livejournal.com")
    } else if has_entry && find_in(doc, |el| has_class(el, "ljuser")).is_some() {
        // Journal markup without a URL: LiveJournal code (Dreamwidth is a fork).
        Some("livejournal.com")
    } else {
        None
    }
}

/// The element holding the entry's own text.
fn entry_content(doc: &Html) -> Option<ElementRef<'_>> {
    const CLASSES: [&str; 5] = [
        "entry-content",
        "b-singlepost-body",
        "asset-body",
        "entry_text",
        "entry-body",
    ];
    CLASSES
        .iter()
        .find_map(|class| find_in(doc, |el| has_class(el, class)))
}

/// The entry's title as the page shows it.
fn entry_title(doc: &Html) -> Option<String> {
    let heading = find_in(doc, |el| {
        has_class(el, "entry-title")
            || has_class(el, "b-singlepost-title")
            || has_class(el, "asset-name")
    })?;
    let text = inline_text(heading);
    (!text.is_empty()).then_some(text)
}

/// The poster's name (`span.ljuser` in the entry's header).
fn poster(doc: &Html) -> Option<String> {
    let poster = find_in(doc, |el| {
        has_class(el, "poster")
            || has_class(el, "entry-poster")
            || has_class(el, "b-singlepost-author")
    })?;
    let user = find(poster, |el| has_class(el, "ljuser")).and_then(|u| {
        u.value()
            .attr("lj:user")
            .map(str::to_owned)
            .or_else(|| Some(inline_text(u)))
    })?;
    (!user.is_empty()).then_some(user)
}

/// Reads a saved journal entry page.
pub fn parse(doc: &Html) -> Document {
    let mut raw = RawMeta {
        site: site(doc).map(str::to_owned),
        ..RawMeta::default()
    };
    if let Some(title) = entry_title(doc).or_else(|| document_title(doc)) {
        push(
            &mut raw,
            FieldKey::Title,
            "entry title",
            &title,
            Origin::Container,
        );
    }
    if let Some(name) = poster(doc) {
        push(
            &mut raw,
            FieldKey::Author,
            "poster",
            &name,
            Origin::Container,
        );
    }
    if let Some(url) = canonical_url(doc) {
        push(&mut raw, FieldKey::Url, "canonical", url, Origin::Container);
    }
    let mut items = entry_content(doc)
        .map(|entry| flow::walk(entry, &mut EntryRules))
        .unwrap_or_default();
    let consumed = take_header(&items, &mut raw);
    items.drain(..consumed.min(items.len()));
    Document {
        chapters: build_chapters(items, true),
        raw,
    }
}

/// Inside an entry: generic rules minus embedded chrome (share buttons, cut
/// links, a tags list some layouts put inside the content).
struct EntryRules;

impl Rules for EntryRules {
    fn role(&mut self, el: ElementRef<'_>) -> Role {
        if is_chrome(el)
            || has_class(el, "tag")
            || has_class(el, "ljtags")
            || has_class(el, "entry-management-links")
            || (is(el, "a") && has_class(el, "ljcut-link"))
        {
            Role::Skip
        } else {
            generic_role(el)
        }
    }
}
