//! Document → [`StoryMeta`]: reads the raw fields the format layer found and the
//! body, and fills every field with its provenance.
//!
//! Precedence (FORMATS §6.2): labelled fields and container metadata, then loose
//! header lines (title line, byline, series banner, crossover subtitle), then
//! evidence (fandoms named in disclaimers and author's notes, a pairing at the end
//! of the summary, character names in the body). Evidence never overrides a stated
//! value: a story with a `Fandom:` field gets exactly the fandoms it states.
//!
//! Identity: the story URL fields (an AO3 preface link, a FanFicFare `Story URL`,
//! `dc:source`, a `fanficfare-uid`) give `url`, `site` and `work` (see
//! [`work`]); page chrome gives the site when no URL does.
//!
//! Title: [`extract`] leaves `title` empty when the file names none;
//! [`extract_with_fallback`] fills in the caller's fallback (the library passes the
//! file stem) and records `file name` as its provenance.

use std::fmt::Write as _;

use self::cast::{find_characters, find_fandoms, find_relationships};
use super::aliases::Aliases;
use super::authors;
use super::fields::{self, describe, origin_rank};
use super::infer;
use super::language;
use super::normalize::{collapse_spaces, title_from_capitals};
use super::series::parse_series;
use super::status;
use super::work;
use super::{Rating, RatingLevel, StoryMeta, date};
use crate::document::Document;
use crate::document::raw::{FieldKey, Origin, RawField, RawMeta};

/// Extracts normalised metadata from a parsed document. `title` stays empty when
/// the file names no title; see [`extract_with_fallback`].
pub fn extract(doc: &Document, aliases: &Aliases) -> StoryMeta {
    extract_with_fallback(doc, aliases, "")
}

/// Like [`extract`], but a story whose file names no title gets `fallback_title`
/// (normally the file stem), with provenance `file name`.
pub fn extract_with_fallback(doc: &Document, aliases: &Aliases, fallback_title: &str) -> StoryMeta {
    let typed = subjects::typed(&doc.raw, aliases);
    let raw: &RawMeta = &typed;
    let mut meta = StoryMeta::default();
    let mut provenance = super::Provenance::default();
    let mut note = |field: &str, source: String| {
        provenance.insert(field.to_owned(), source);
    };

    if let Some(field) = best(raw, FieldKey::Title) {
        meta.title = clean_title(&field.joined());
        // An unlabelled title line in capitals is typography (`PRIDE AND
        // PREJUDICE`); a labelled title is spelled as the author chose.
        if field.origin == Origin::Loose
            && let Some(title) = title_from_capitals(&meta.title)
        {
            meta.title = title;
        }
        note("title", describe(field));
    }
    if meta.title.is_empty() && !fallback_title.trim().is_empty() {
        meta.title = collapse_spaces(fallback_title);
        note("title", "file name".to_owned());
    }
    if let Some(field) = raw.first(FieldKey::Subtitle) {
        meta.subtitle = Some(collapse_spaces(&field.joined()));
        note("subtitle", describe(field));
    }
    let identity = work::identify(raw);
    let one_author = identity
        .site
        .as_ref()
        .map(|(site, _)| site.as_str())
        .or(raw.site.as_deref())
        .filter(|site| authors::is_single_author_site(site));
    let author_fields = best_tier(raw, FieldKey::Author);
    let mut readings: Vec<&str> = Vec::new();
    for field in &author_fields {
        let (names, reading) = authors::from_field(field, one_author.is_some());
        for author in names {
            if !meta.authors.iter().any(|a| a.eq_ignore_ascii_case(&author)) {
                meta.authors.push(author);
            }
        }
        if let Some(how) = reading.describe()
            && !readings.contains(&how)
        {
            readings.push(how);
        }
    }
    if !meta.authors.is_empty() {
        let mut source = describe_all(&author_fields);
        for how in &readings {
            source.push_str(", ");
            source.push_str(how);
        }
        if let Some(site) = one_author
            && meta.authors.len() == 1
        {
            let _ = write!(source, ", one author per story on {site}");
        }
        note("authors", source);
    }
    let summary_field = raw.first(FieldKey::Summary);
    if let Some(field) = summary_field {
        let text = field
            .values
            .iter()
            .map(|v| v.trim())
            .collect::<Vec<_>>()
            .join("\n\n");
        if !text.is_empty() {
            meta.summary = Some(text);
            note("summary", describe(field));
        }
    }

    // Fandoms, then everything resolved inside them.
    let body = infer::scan(doc, aliases);
    let (fandom_refs, fandom_source) = find_fandoms(raw, aliases, &body);
    let mut fandom_names: Vec<String> = fandom_refs.iter().map(|f| f.name.clone()).collect();
    fandom_names.sort_by_key(|n| n.to_lowercase());
    fandom_names.dedup();
    meta.fandoms = fandom_names;
    if let Some(source) = fandom_source {
        note("fandoms", source);
    }
    meta.crossover = aliases.is_crossover(&meta.fandoms);
    if meta.fandoms.len() >= 2 {
        note("crossover", "from the fandoms' universes".to_owned());
    }
    let scope: Vec<usize> = fandom_refs.iter().filter_map(|f| f.index).collect();

    let (relationships, relationship_source) =
        find_relationships(raw, aliases, &scope, summary_field);
    meta.relationships = relationships;
    if let Some(source) = relationship_source {
        note("relationships", source);
    }
    let (characters, character_source) =
        find_characters(raw, aliases, &scope, &meta.relationships, &body);
    meta.characters = characters;
    if let Some(source) = character_source {
        note("characters", source);
    }

    if let Some(field) = best(raw, FieldKey::Rating) {
        let raw_rating = collapse_spaces(&field.joined());
        if !raw_rating.is_empty() {
            meta.rating = Some(Rating {
                level: RatingLevel::parse(&raw_rating),
                raw: raw_rating,
            });
            note("rating", describe(field));
        }
    }
    let warning_fields: Vec<&RawField> = raw.get(FieldKey::Warning).collect();
    for field in &warning_fields {
        for warning in fields::warnings(&field.values) {
            if !meta.warnings.contains(&warning) {
                meta.warnings.push(warning);
            }
        }
    }
    if !meta.warnings.is_empty() {
        note("warnings", describe_all(&warning_fields));
    }
    let tag_fields: Vec<&RawField> = raw
        .fields
        .iter()
        .filter(|f| matches!(f.key, FieldKey::Tag | FieldKey::Category))
        .collect();
    for field in &tag_fields {
        for tag in fields::list_items(field) {
            if !meta.tags.contains(&tag) {
                meta.tags.push(tag);
            }
        }
    }
    if !meta.tags.is_empty() {
        note("tags", describe_all(&tag_fields));
    }
    for field in raw.get(FieldKey::Series) {
        if let Some(series) = field.values.iter().find_map(|v| parse_series(v)) {
            meta.series = Some(series);
            note("series", describe(field));
            break;
        }
    }

    let (status, status_source, footer_date) = status::from_fields(raw);
    meta.status = status;
    if let Some(source) = status_source {
        note("status", source);
    }

    meta.words = doc.words();
    let words_source = match raw.first(FieldKey::Words) {
        Some(field) => format!(
            "counted in the body ({} states {})",
            describe(field),
            field.joined()
        ),
        None => "counted in the body".to_owned(),
    };
    note("words", words_source);
    meta.chapters = doc.chapters.len();
    note("chapters", "counted in the body".to_owned());
    meta.scenes = doc.scenes();
    note("scenes", "counted in the body".to_owned());

    if let Some(field) = best(raw, FieldKey::Language) {
        meta.language = Some(language::normalise(&field.joined()));
        note("language", describe(field));
    }
    if let Some(field) = best(raw, FieldKey::Published) {
        meta.published = Some(date_or_raw(&field.joined()));
        note("published", describe(field));
    }
    if let Some(field) = best(raw, FieldKey::Updated) {
        meta.updated = Some(date_or_raw(&field.joined()));
        note("updated", describe(field));
    } else if let Some((date, field)) = footer_date {
        meta.updated = Some(date);
        note("updated", describe(field));
    }
    for (name, slot, found) in [
        ("url", &mut meta.url, identity.url),
        ("site", &mut meta.site, identity.site),
        ("work", &mut meta.work, identity.work),
    ] {
        if let Some((value, source)) = found {
            *slot = Some(value);
            note(name, source);
        }
    }
    if !raw.notes.is_empty() {
        note("reading", raw.notes.join("; "));
    }
    meta.provenance = provenance;
    meta
}

/// The field with `key` from the most trusted origin: labelled fields, then
/// container metadata, then loose lines, then footers; the first of equals.
fn best(raw: &RawMeta, key: FieldKey) -> Option<&RawField> {
    raw.get(key).min_by_key(|f| origin_rank(f.origin))
}

/// All fields with `key` from the most trusted origin present.
fn best_tier(raw: &RawMeta, key: FieldKey) -> Vec<&RawField> {
    let Some(rank) = raw.get(key).map(|f| origin_rank(f.origin)).min() else {
        return Vec::new();
    };
    raw.get(key)
        .filter(|f| origin_rank(f.origin) == rank)
        .collect()
}

pub(super) fn describe_all(fields: &[&RawField]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for field in fields {
        let d = describe(field);
        if !parts.contains(&d) {
            parts.push(d);
        }
    }
    parts.join("; ")
}

pub(super) fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn date_or_raw(value: &str) -> String {
    date::parse_date(value)
        .or_else(|| date::parse_year(value))
        .unwrap_or_else(|| collapse_spaces(value))
}

/// Trims a title and the site suffixes a saved page leaves on it.
fn clean_title(value: &str) -> String {
    const SUFFIXES: &[&str] = &[
        " [Archive of Our Own]",
        " | Twisting The Hellmouth",
        " | Archive of Our Own",
    ];
    let mut title = collapse_spaces(value);
    for suffix in SUFFIXES {
        let cut = title.len().saturating_sub(suffix.len());
        if title
            .get(cut..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix))
        {
            title.truncate(cut);
        }
    }
    let trimmed = title
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\u{201C}' | '\u{201D}'));
    trimmed.to_owned()
}

mod cast;
mod subjects;
#[cfg(test)]
mod tests;
