//! Document → [`StoryMeta`]: reads the raw fields the format layer found and the
//! body, and fills every field with its provenance.
//!
//! Precedence (FORMATS §6.2): labelled fields and container metadata, then loose
//! header lines (title line, byline, series banner, crossover subtitle), then
//! evidence (fandoms named in disclaimers and author's notes, a pairing at the end
//! of the summary, character names in the body). Evidence never overrides a stated
//! value: a story with a `Fandom:` field gets exactly the fandoms it states.
//!
//! Title: [`extract`] leaves `title` empty when the file names none;
//! [`extract_with_fallback`] fills in the caller's fallback (the library passes the
//! file stem) and records `file name` as its provenance.

use std::collections::BTreeMap;

use super::aliases::Aliases;
use super::aliases::tables::{Level, Source};
use super::fandom::{self, FandomRef};
use super::fields::{self, describe, describe_as_source};
use super::infer::{self, BodyScan};
use super::normalize::collapse_spaces;
use super::relationship::{self, Mode};
use super::series::parse_series;
use super::status;
use super::{Rating, RatingLevel, Relationship, StoryMeta, date};
use crate::document::Document;
use crate::document::raw::{FieldKey, Origin, RawField, RawMeta};

/// How many different characters of a fandom the body must name (twice each) to
/// confirm a fandom that a disclaimer names only by an ambiguous word (`Buffy`,
/// `Angel`) and nothing else in the header backs up (FORMATS §6.3).
const CONFIRMING_CHARACTERS: usize = 3;

/// Extracts normalised metadata from a parsed document. `title` stays empty when
/// the file names no title; see [`extract_with_fallback`].
pub fn extract(doc: &Document, aliases: &Aliases) -> StoryMeta {
    extract_with_fallback(doc, aliases, "")
}

/// Like [`extract`], but a story whose file names no title gets `fallback_title`
/// (normally the file stem), with provenance `file name`.
pub fn extract_with_fallback(doc: &Document, aliases: &Aliases, fallback_title: &str) -> StoryMeta {
    let raw = &doc.raw;
    let mut meta = StoryMeta::default();
    let mut provenance: BTreeMap<String, String> = BTreeMap::new();
    let mut note = |field: &str, source: String| {
        provenance.insert(field.to_owned(), source);
    };

    if let Some(field) = best(raw, FieldKey::Title) {
        meta.title = clean_title(&field.joined());
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
    let author_fields = best_tier(raw, FieldKey::Author);
    for field in &author_fields {
        for value in &field.values {
            for author in fields::split_authors(value) {
                if !meta.authors.iter().any(|a| a.eq_ignore_ascii_case(&author)) {
                    meta.authors.push(author);
                }
            }
        }
    }
    if !meta.authors.is_empty() {
        note("authors", describe_all(&author_fields));
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
        meta.language = Some(collapse_spaces(&field.joined()));
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
    if let Some(site) = &raw.site {
        meta.site = Some(site.clone());
        note("site", "the site's page chrome".to_owned());
    }
    if let Some(field) = best(raw, FieldKey::Url) {
        meta.url = Some(field.joined().trim().to_owned());
        note("url", describe(field));
    }
    meta.provenance = provenance;
    meta
}

/// The fandoms and where they came from: the explicit fields; else what the header
/// names (a crossover subtitle or a crossover statement in the summary or a note,
/// fandom names in the disclaimer and author's notes); else the body.
fn find_fandoms(
    raw: &RawMeta,
    aliases: &Aliases,
    body: &BodyScan,
) -> (Vec<FandomRef>, Option<String>) {
    let stated: Vec<&RawField> = raw.get(FieldKey::Fandom).collect();
    let mut refs: Vec<FandomRef> = Vec::new();
    for field in &stated {
        for value in &field.values {
            for r in fandom::from_field(aliases, value) {
                if !refs.iter().any(|f| f.name == r.name) {
                    refs.push(r);
                }
            }
        }
    }
    if !refs.is_empty() {
        return (refs, Some(describe_all(&stated)));
    }

    // (fandom, needs a second signal, index of the field that named it)
    let mut mentions: Vec<(usize, bool, usize)> = Vec::new();
    for (position, field) in raw.fields.iter().enumerate() {
        for value in &field.values {
            match field.key {
                FieldKey::Subtitle => {
                    if let Some(list) = fandom::from_crossover_subtitle(aliases, value) {
                        mentions.extend(list.into_iter().map(|f| (f, false, position)));
                    } else {
                        let found = fandom::in_text(aliases, value, Source::Note);
                        mentions.extend(found.into_iter().map(|m| (m.fandom, false, position)));
                    }
                }
                FieldKey::Summary => {
                    let found = fandom::in_crossover_statements(aliases, value);
                    mentions.extend(found.into_iter().map(|f| (f, false, position)));
                }
                FieldKey::Disclaimer => {
                    let found = fandom::in_crossover_statements(aliases, value);
                    mentions.extend(found.into_iter().map(|f| (f, false, position)));
                    let found = fandom::in_text(aliases, value, Source::Disclaimer);
                    mentions.extend(
                        found
                            .into_iter()
                            .map(|m| (m.fandom, m.level < Level::Anywhere, position)),
                    );
                }
                FieldKey::Note => {
                    let found = fandom::in_crossover_statements(aliases, value);
                    mentions.extend(found.into_iter().map(|f| (f, false, position)));
                    let found = fandom::in_text(aliases, value, Source::Note);
                    mentions.extend(found.into_iter().map(|m| (m.fandom, false, position)));
                }
                _ => {}
            }
        }
    }
    let distinct = |mentions: &[(usize, bool, usize)]| {
        let mut all: Vec<usize> = mentions.iter().map(|m| m.0).collect();
        all.sort_unstable();
        all.dedup();
        all.len()
    };
    let has_other_fandom = distinct(&mentions) >= 2;
    let accepted: Vec<&(usize, bool, usize)> = mentions
        .iter()
        .filter(|(fandom, needs_second, _)| {
            !needs_second
                || has_other_fandom
                || body.characters_named(aliases, *fandom) >= CONFIRMING_CHARACTERS
        })
        .collect();
    if !accepted.is_empty() {
        let mut sources: Vec<usize> = Vec::new();
        for &&(fandom, _, position) in &accepted {
            if !refs.iter().any(|r| r.index == Some(fandom)) {
                let name = aliases
                    .tables
                    .fandom_name(fandom)
                    .unwrap_or_default()
                    .to_owned();
                refs.push(FandomRef {
                    name,
                    index: Some(fandom),
                });
            }
            if !sources.contains(&position) {
                sources.push(position);
            }
        }
        let described: Vec<String> = sources
            .iter()
            .filter_map(|&p| raw.fields.get(p))
            .map(describe_as_source)
            .collect();
        return (
            refs,
            Some(format!("inferred from {}", join_and(&described))),
        );
    }

    let inferred = body.fandoms(aliases);
    if inferred.is_empty() {
        return (refs, None);
    }
    for fandom in inferred {
        let name = aliases
            .tables
            .fandom_name(fandom)
            .unwrap_or_default()
            .to_owned();
        refs.push(FandomRef {
            name,
            index: Some(fandom),
        });
    }
    (refs, Some("inferred from names in the text".to_owned()))
}

/// Stated relationship fields win (even when they say `None`); else FFN bracket
/// pairings in a character list; else a pairing named at the end of the summary.
fn find_relationships(
    raw: &RawMeta,
    aliases: &Aliases,
    scope: &[usize],
    summary: Option<&RawField>,
) -> (Vec<Relationship>, Option<String>) {
    let stated: Vec<&RawField> = raw.get(FieldKey::Relationship).collect();
    let mut found: Vec<Relationship> = Vec::new();
    if !stated.is_empty() {
        for field in &stated {
            for value in &field.values {
                for r in relationship::parse_list(aliases, value, scope, Mode::Stated) {
                    if !found.iter().any(|f| f.key() == r.key()) {
                        found.push(r);
                    }
                }
            }
        }
        let source = (!found.is_empty()).then(|| describe_all(&stated));
        return (found, source);
    }
    let listed: Vec<&RawField> = raw.get(FieldKey::Character).collect();
    for field in &listed {
        for value in &field.values {
            for r in relationship::in_character_list(aliases, value, scope) {
                if !found.iter().any(|f| f.key() == r.key()) {
                    found.push(r);
                }
            }
        }
    }
    if !found.is_empty() {
        return (found, Some(describe_all(&listed)));
    }
    let Some(summary) = summary else {
        return (found, None);
    };
    for value in &summary.values {
        for r in relationship::in_summary(aliases, value, scope) {
            if !found.iter().any(|f| f.key() == r.key()) {
                found.push(r);
            }
        }
    }
    let source =
        (!found.is_empty()).then(|| format!("inferred from {}", describe_as_source(summary)));
    (found, source)
}

/// Stated character fields win; else relationship members plus characters the
/// body names often enough.
fn find_characters(
    raw: &RawMeta,
    aliases: &Aliases,
    scope: &[usize],
    relationships: &[Relationship],
    body: &BodyScan,
) -> (Vec<String>, Option<String>) {
    let stated: Vec<&RawField> = raw.get(FieldKey::Character).collect();
    let mut names: Vec<String> = Vec::new();
    let add = |name: String, names: &mut Vec<String>| {
        if !name.is_empty() && !names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            names.push(name);
        }
    };
    let source = if stated.is_empty() {
        for r in relationships {
            for member in &r.characters {
                add(member.clone(), &mut names);
            }
        }
        let from_relationships = !names.is_empty();
        let before = names.len();
        for name in body.characters(aliases, scope) {
            add(name, &mut names);
        }
        match (from_relationships, names.len() > before) {
            (true, true) => Some("the relationships and names in the text".to_owned()),
            (true, false) => Some("the relationships".to_owned()),
            (false, true) => Some("inferred from names in the text".to_owned()),
            (false, false) => None,
        }
    } else {
        for field in &stated {
            for item in fields::list_items(field) {
                let name = aliases
                    .tables
                    .resolve_character(&item, scope)
                    .unwrap_or_else(|| item.clone());
                add(name, &mut names);
            }
        }
        Some(describe_all(&stated))
    };
    names.sort_by_key(|n| n.to_lowercase());
    (names, source)
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

fn origin_rank(origin: Origin) -> u8 {
    match origin {
        Origin::Field => 0,
        Origin::Container => 1,
        Origin::Loose => 2,
        Origin::Footer => 3,
    }
}

fn describe_all(fields: &[&RawField]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for field in fields {
        let d = describe(field);
        if !parts.contains(&d) {
            parts.push(d);
        }
    }
    parts.join("; ")
}

fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn date_or_raw(value: &str) -> String {
    date::parse_date(value).unwrap_or_else(|| collapse_spaces(value))
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

#[cfg(test)]
mod tests;
