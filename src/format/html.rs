//! HTML stories: bytes → [`Document`]. Decodes ([`decode`]), parses with html5ever
//! behind a nesting guard ([`dom`]), recognises the producer and reads it with that
//! producer's rules: AO3 downloads and saved pages ([`ao3`]), FanFicFare ([`fff`]),
//! fanfiction.net ([`ffn`]), LiveJournal/Dreamwidth ([`journal`]), anything else
//! ([`generic`]). Every producer ends in the shared walker ([`flow`]) and break
//! detection ([`breaks`]), so emphasis, whitespace, scene breaks and sanitising
//! behave the same everywhere.
//!
//! Invariants: no site chrome, navigation, comments or header fields in any block;
//! every string cleaned of control characters; every chapter tidy (no edge or
//! doubled breaks); no recursion over the DOM.

pub mod ao3;
pub mod breaks;
pub mod decode;
pub mod dom;
pub mod fff;
pub mod ffn;
pub mod fields;
pub mod flow;
pub mod generic;
pub mod header;
pub mod images;
pub mod journal;
pub mod notes;
pub mod rich;
pub mod table;

use scraper::Html;

use crate::document::Document;
use crate::format::ParseError;

/// Parses an HTML story file.
pub fn parse(bytes: &[u8]) -> Result<Document, ParseError> {
    let text = decode::decode(bytes);
    if !text.contains('<') && text.trim().is_empty() {
        return Err(ParseError::EmptyHtml);
    }
    let doc = dom::parse_document(&text);
    Ok(parse_dom(&doc))
}

/// Which program or site wrote an HTML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Producer {
    Ao3Download,
    Ao3Page,
    FanFicFare,
    FanfictionNet,
    Journal,
    Generic,
}

/// Recognises the producer from the document's structure.
pub fn producer(doc: &Html) -> Producer {
    if ao3::is_download(doc) {
        Producer::Ao3Download
    } else if ao3::page::is_page(doc) {
        Producer::Ao3Page
    } else if fff::is_fff_html(doc) {
        Producer::FanFicFare
    } else if ffn::is_ffn(doc) {
        Producer::FanfictionNet
    } else if journal::site(doc).is_some() {
        Producer::Journal
    } else {
        Producer::Generic
    }
}

/// Reads a parsed document with its producer's rules.
pub fn parse_dom(doc: &Html) -> Document {
    match producer(doc) {
        Producer::Ao3Download => ao3::parse_download(std::slice::from_ref(doc)),
        Producer::Ao3Page => ao3::page::parse(doc),
        Producer::FanFicFare => fff::parse_html(doc),
        Producer::FanfictionNet => ffn::parse(doc),
        Producer::Journal => journal::parse(doc),
        Producer::Generic => generic::parse(doc),
    }
}
