//! Who a story is about: its fandoms, relationships and characters, each from the
//! most trusted statement available (fields, then header text, then the body).

use super::{describe_all, join_and};

fn described(fields: &[&RawField]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for field in fields {
        let d = describe_as_source(field);
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out
}
use crate::document::raw::{FieldKey, RawField, RawMeta};
use crate::meta::Relationship;
use crate::meta::aliases::Aliases;
use crate::meta::aliases::tables::{Level, Source, clean_character_name};
use crate::meta::fandom::{self, FandomRef};
use crate::meta::fields::{self, describe_as_source};
use crate::meta::infer::BodyScan;
use crate::meta::relationship::{self, Mode};

/// How many different characters of a fandom the body must name (twice each) to
/// confirm a fandom that a disclaimer names only by an ambiguous word (`Buffy`,
/// `Angel`) and nothing else in the header backs up (FORMATS §6.3).
const CONFIRMING_CHARACTERS: usize = 3;

/// Most items of one fandom, relationship or character field that are read. Real
/// works list a few dozen tags at most; the cap keeps a hostile page of a hundred
/// thousand tag links linear.
const MAX_ITEMS: usize = 200;

/// The fandoms and where they came from: the explicit fields; else what the header
/// names (a crossover subtitle or a crossover statement in the summary or a note,
/// fandom names in the disclaimer and author's notes, a subject line); else the
/// body. Unless fields state them, a download from a single-fandom archive
/// (fimfiction.net) also has that archive's fandom, when nothing found so far is of
/// its family (an Equestria Girls story stays one).
pub(super) fn find_fandoms(
    raw: &RawMeta,
    aliases: &Aliases,
    body: &BodyScan,
) -> (Vec<FandomRef>, Option<String>) {
    let stated = raw.get(FieldKey::Fandom).next().is_some();
    let (mut refs, source) = named_fandoms(raw, aliases, body);
    let site = raw.site.as_deref().filter(|_| !stated || refs.is_empty());
    let Some((site, index)) = site.and_then(|s| Some((s, aliases.tables.site_fandom(s)?))) else {
        return (refs, source);
    };
    let family = |i: usize| aliases.tables.fandoms.get(i).map(|f| f.family.as_str());
    if refs
        .iter()
        .any(|r| r.index.is_some_and(|i| family(i) == family(index)))
    {
        return (refs, source);
    }
    refs.push(fandom::known(aliases, index));
    let by_site = format!("the site ({site})");
    let source = match source {
        Some(source) => format!("{source}; {by_site}"),
        None => by_site,
    };
    (refs, Some(source))
}

/// The fandoms the story itself names, by the precedence of [`find_fandoms`].
fn named_fandoms(
    raw: &RawMeta,
    aliases: &Aliases,
    body: &BodyScan,
) -> (Vec<FandomRef>, Option<String>) {
    let stated: Vec<&RawField> = raw.get(FieldKey::Fandom).collect();
    let mut refs: Vec<FandomRef> = Vec::new();
    for field in &stated {
        for value in field.values.iter().take(MAX_ITEMS) {
            // An itemised value is one tag; a written list is split.
            let found = if field.itemised {
                fandom::from_item(aliases, value)
            } else {
                fandom::from_field(aliases, value)
            };
            for r in found {
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
                FieldKey::Subject => {
                    if let Some(list) = fandom::from_subject_item(aliases, value) {
                        mentions.extend(list.into_iter().map(|f| (f, false, position)));
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
                refs.push(fandom::known(aliases, fandom));
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
    refs.extend(
        inferred
            .into_iter()
            .map(|fandom| fandom::known(aliases, fandom)),
    );
    (refs, Some("inferred from names in the text".to_owned()))
}

/// Stated relationship fields win (even when they say `None`); else FFN bracket
/// pairings in a character list; else a pairing named at the end of the summary.
pub(super) fn find_relationships(
    raw: &RawMeta,
    aliases: &Aliases,
    scope: &[usize],
    summary: Option<&RawField>,
) -> (Vec<Relationship>, Option<String>) {
    let stated: Vec<&RawField> = raw.get(FieldKey::Relationship).collect();
    let mut found: Vec<Relationship> = Vec::new();
    if !stated.is_empty() {
        for field in &stated {
            for value in field.values.iter().take(MAX_ITEMS) {
                // An itemised value is one relationship tag, read whole: its commas
                // and parentheses (`Original Female Character(s)/…`) are part of it.
                let parsed = if field.itemised {
                    relationship::parse_one(aliases, value, scope, Mode::Stated)
                        .into_iter()
                        .collect()
                } else {
                    relationship::parse_list(aliases, value, scope, Mode::Stated)
                };
                for r in parsed {
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
    // A post's subject line: its items that are not fandoms (`Dean/Faith`, `Sam &
    // Willow`), read as a pairing field would be.
    let subjects: Vec<&RawField> = raw.get(FieldKey::Subject).collect();
    for field in &subjects {
        for value in field.values.iter().take(MAX_ITEMS) {
            if fandom::from_subject_item(aliases, value).is_some() {
                continue;
            }
            if let Some(r) = relationship::parse_one(aliases, value, scope, Mode::Stated)
                && !found.iter().any(|f| f.key() == r.key())
            {
                found.push(r);
            }
        }
    }
    if !found.is_empty() {
        return (
            found,
            Some(format!("inferred from {}", join_and(&described(&subjects)))),
        );
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
pub(super) fn find_characters(
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
            // `Everyone`, `Original Character(s)`: groups, not characters.
            for member in r
                .characters
                .iter()
                .filter(|m| !relationship::is_group_member(m))
            {
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
            for item in fields::list_items(field).into_iter().take(MAX_ITEMS) {
                let name = aliases
                    .tables
                    .resolve_character(&item, scope)
                    .unwrap_or_else(|| clean_character_name(&item));
                add(name, &mut names);
            }
        }
        Some(describe_all(&stated))
    };
    names.sort_by_key(|n| n.to_lowercase());
    (names, source)
}
