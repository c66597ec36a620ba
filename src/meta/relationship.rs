//! Parsing relationship strings (`Clark/Lex`, `A & B`, `A/B/C`, `Naruto x Sasuke`,
//! `Clex`) into [`Relationship`]s with canonical, sorted members.
//!
//! Rules (FORMATS §4.1, §6.5): `/`, ` x `, `×`, `♥`, `♠` are romantic; `&` and `♦`
//! platonic; mixing `/` and `&` in one string is not a relationship. Qualifiers
//! (`past`, `implied`, `background`…) are dropped. Members are resolved through the
//! alias tables, preferring one fandom that knows all of them, then the story's
//! fandoms. Many slashes are not pairings (`Hurt/Comfort`, `F/M`, `and/or`, `A/N`,
//! dates, URLs, `The Boy/Girl Universe`, `Buffy the Vampire Slayer/Smallville`,
//! `Clark Kent/Superman`); those give `None`. Members may carry digits as names do
//! (`CT-7567 | Rex`, `B-4`, `Wall-E`); AO3's generic groups keep both sides
//! (`Everyone & Everyone`, `Original Character(s)/Original Character(s)`).
//!
//! Nothing here panics on any input; every loop is bounded by the input length.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

mod filters;

pub(crate) use self::filters::is_group_member;
use self::filters::{
    NOT_PAIRINGS, is_initial_name, is_name_like, is_stop_member, looks_like_url, strip_qualifiers,
};
use super::aliases::Aliases;
use super::normalize::{collapse_spaces, name_lookup_key, slug, title_case};
use super::{Relationship, RelationshipKind};

/// Most list items (or slashed words of a summary) parsed from one text.
const MAX_PIECES: usize = 100;

/// How sure the text is that it names relationships.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A pairing field or a user's query: unknown but name-like members are kept
    /// as written, title-cased.
    Stated,
    /// Loose prose such as the tail of a summary: every member must be a known
    /// character, and ship initials or names only count inside the story's fandoms.
    Loose,
}

impl Relationship {
    /// A relationship from member names: sorted alphabetically (ignoring case),
    /// duplicates removed, joined by `/` (romantic) or ` & ` (platonic).
    ///
    /// ```
    /// use ficread::meta::{Relationship, RelationshipKind};
    /// let r = Relationship::new(RelationshipKind::Romantic, ["Lex Luthor", "Clark Kent"]);
    /// assert_eq!(r.name, "Clark Kent/Lex Luthor");
    /// assert_eq!(r.key(), "r:clark-kent/lex-luthor");
    /// let p = Relationship::new(RelationshipKind::Platonic, ["Willow Rosenberg", "Chloe Sullivan"]);
    /// assert_eq!(p.name, "Chloe Sullivan & Willow Rosenberg");
    /// assert_eq!(p.key(), "p:chloe-sullivan&willow-rosenberg");
    /// ```
    pub fn new<I, S>(kind: RelationshipKind, members: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut characters: Vec<String> = members.into_iter().map(Into::into).collect();
        characters.sort_by(|a, b| {
            a.to_lowercase()
                .cmp(&b.to_lowercase())
                .then_with(|| a.cmp(b))
        });
        characters.dedup();
        let separator = match kind {
            RelationshipKind::Romantic => "/",
            RelationshipKind::Platonic => " & ",
        };
        Self {
            name: characters.join(separator),
            kind,
            characters,
        }
    }

    /// A relationship among AO3's generic groups, which may repeat
    /// (`Everyone & Everyone`, `Original Character(s)/Original Character(s)`): sorted
    /// like [`Relationship::new`] but not merged. `None` for fewer than two members.
    fn of_groups(kind: RelationshipKind, mut members: Vec<String>) -> Option<Self> {
        if members.len() < 2 {
            return None;
        }
        members.sort_by(|a, b| {
            a.to_lowercase()
                .cmp(&b.to_lowercase())
                .then_with(|| a.cmp(b))
        });
        let separator = match kind {
            RelationshipKind::Romantic => "/",
            RelationshipKind::Platonic => " & ",
        };
        Some(Self {
            name: members.join(separator),
            kind,
            characters: members,
        })
    }

    /// The stable index key: `r:` or `p:` plus the members' slugs, sorted, joined
    /// by `/` or `&`. Equal keys mean the same relationship.
    pub fn key(&self) -> String {
        let mut slugs: Vec<String> = self.characters.iter().map(|c| slug(c)).collect();
        slugs.sort();
        slugs.dedup();
        match self.kind {
            RelationshipKind::Romantic => format!("r:{}", slugs.join("/")),
            RelationshipKind::Platonic => format!("p:{}", slugs.join("&")),
        }
    }
}

/// Splits a field value or free text into relationships (`Clark/Lex, Chloe/Lana`,
/// `Clark/Lex and Buffy/Spike`, FFN `[Clark K., Lex L.]`) and parses each.
/// Duplicates (same key) are dropped; source order is kept, so the first is the
/// primary pairing.
pub(crate) fn parse_list(
    aliases: &Aliases,
    text: &str,
    scope: &[usize],
    mode: Mode,
) -> Vec<Relationship> {
    static BRACKETS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\[([^\[\]]*)\]").expect("static regex"));
    let mut found: Vec<Relationship> = Vec::new();
    let push = |r: Relationship, found: &mut Vec<Relationship>| {
        let key = r.key();
        if !found.iter().any(|f| f.key() == key) {
            found.push(r);
        }
    };
    // FFN lists a pairing as a bracket group of characters.
    // Both patterns need a `[`; most lists have none, and so compile neither.
    let bracketed = text.contains('[');
    for group in bracketed
        .then(|| BRACKETS.captures_iter(text))
        .into_iter()
        .flatten()
        .take(MAX_PIECES)
    {
        let inner = group.get(1).map_or("", |m| m.as_str());
        let members: Vec<&str> = inner
            .split(',')
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .collect();
        if members.len() >= 2
            && let Some(r) = parse_one(aliases, &members.join("/"), scope, mode)
        {
            push(r, &mut found);
        }
    }
    let rest = if bracketed {
        BRACKETS.replace_all(text, ",")
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    // A real list names a handful of relationships; the cap keeps a hostile
    // megabyte of commas from costing seconds.
    for piece in rest
        .split([',', ';', '\n', '(', ')', '{', '}'])
        .take(MAX_PIECES)
    {
        for part in split_and(piece) {
            if let Some(r) = parse_one(aliases, part, scope, mode) {
                push(r, &mut found);
            }
        }
    }
    found
}

/// Pairings an FFN character list states as bracket groups
/// (`[Clark K., Lex L.] Chloe S.` → Clark Kent/Lex Luthor); nothing else in the
/// list is read as a relationship.
pub(crate) fn in_character_list(
    aliases: &Aliases,
    text: &str,
    scope: &[usize],
) -> Vec<Relationship> {
    static GROUP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\[[^\[\]]*\]").expect("static regex"));
    let mut found: Vec<Relationship> = Vec::new();
    if !text.contains('[') {
        return found;
    }
    for group in GROUP.find_iter(text).take(MAX_PIECES) {
        for r in parse_list(aliases, group.as_str(), scope, Mode::Stated) {
            if !found.iter().any(|f| f.key() == r.key()) {
                found.push(r);
            }
        }
    }
    found
}

/// Parses one relationship (with ship-name lookup).
pub(crate) fn parse_one(
    aliases: &Aliases,
    text: &str,
    scope: &[usize],
    mode: Mode,
) -> Option<Relationship> {
    parse_piece(aliases, text, scope, mode, true)
}

/// Parses a relationship whose members must all be known characters, without
/// ship lookup (used to check the built-in ship table).
pub(crate) fn parse_known(aliases: &Aliases, text: &str, scope: &[usize]) -> Option<Relationship> {
    parse_piece(aliases, text, scope, Mode::Loose, false)
}

/// Pairings stated in a summary: the text after its last sentence (`… blonde
/// Slayer? Lex/Buffy`), and any `A/B` word inside it (`a Clark/Lex story`). Loose
/// mode: members must be known characters.
pub(crate) fn in_summary(aliases: &Aliases, summary: &str, scope: &[usize]) -> Vec<Relationship> {
    let trimmed =
        summary.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!' | '?' | '…'));
    let tail = trimmed
        .rsplit(['.', '!', '?', '…'])
        .next()
        .unwrap_or(trimmed);
    let mut found = parse_list(aliases, tail, scope, Mode::Loose);
    for word in summary
        .split_whitespace()
        .filter(|w| w.contains('/'))
        .take(MAX_PIECES)
    {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if let Some(r) = parse_one(aliases, word, scope, Mode::Loose)
            && !found.iter().any(|f| f.key() == r.key())
        {
            found.push(r);
        }
    }
    found
}

fn parse_piece(
    aliases: &Aliases,
    text: &str,
    scope: &[usize],
    mode: Mode,
    ships: bool,
) -> Option<Relationship> {
    let tables = &aliases.tables;
    let text = clean_piece(text);
    if text.is_empty() || text.len() > 300 || looks_like_url(text) {
        return None;
    }
    if NOT_PAIRINGS.contains(&name_lookup_key(text).as_str()) {
        return None;
    }
    let text = strip_qualifiers(text);
    if ships && let Some(ship) = tables.lookup_ship(text, scope) {
        let in_story = ship.fandom.is_none_or(|f| scope.contains(&f));
        return (mode == Mode::Stated || in_story).then(|| ship.relationship.clone());
    }
    // In loose text `Superman/Batman` is the comic's title, not a pairing.
    if mode == Mode::Loose && tables.lookup_fandom(text).is_some() {
        return None;
    }
    let (kind, raw_members) = split_members(text)?;
    let members: Vec<&str> = raw_members.iter().map(|m| clean_member(m)).collect();
    if members.len() < 2 || members.len() > 12 || members.iter().any(|m| m.is_empty()) {
        return None;
    }
    let joint = joint_scope(aliases, &members, scope);
    let mut names: Vec<String> = Vec::with_capacity(members.len());
    for member in &members {
        if let Some(name) = tables.resolve_character(member, &joint) {
            names.push(name);
            continue;
        }
        if mode == Mode::Stated && is_group_member(member) {
            // As written: `Original Character(s)` is AO3's spelling.
            names.push(collapse_spaces(member));
            continue;
        }
        if mode == Mode::Stated && is_initial_name(member, &members) {
            names.push((*member).to_owned());
            continue;
        }
        if mode == Mode::Loose
            || is_stop_member(member)
            || tables.lookup_fandom(member).is_some()
            || !is_name_like(member)
        {
            return None;
        }
        names.push(title_case(&collapse_spaces(member)));
    }
    if names.iter().all(|n| is_group_member(n)) {
        // `Everyone & Everyone`: a group may stand on both sides.
        return Relationship::of_groups(kind, names);
    }
    let relationship = Relationship::new(kind, names);
    // `Clark Kent/Superman` names one character twice.
    (relationship.characters.len() >= 2).then_some(relationship)
}

/// Trims whitespace, wrapping quotes and brackets, and trailing sentence marks.
fn clean_piece(text: &str) -> &str {
    text.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\u{201C}' | '\u{201D}' | '[' | ']' | '*' | '~' | '_'
            )
    })
    .trim_end_matches(['.', '!', '?', ':', ';', '…'])
    .trim()
}

/// A member as written, with AO3 extras removed: alternative names after `|` and a
/// trailing `(Fandom)` disambiguator (but not the plural mark of
/// `Original Character(s)`).
fn clean_member(member: &str) -> &str {
    let first = member.split(" | ").next().unwrap_or(member).trim();
    let first = match first.rfind('(') {
        Some(open)
            if open > 0 && first.ends_with(')') && !first[open..].eq_ignore_ascii_case("(s)") =>
        {
            first[..open].trim_end()
        }
        _ => first,
    };
    strip_qualifiers(first.trim_matches(|c: char| c.is_whitespace() || c == '\'' || c == '"'))
}

/// `Clark x Lex`: a romantic pairing written with an `x`.
static CROSS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+[xX]\s+").expect("static regex"));

/// Whether [`CROSS`] (`Clark x Lex`) matches in `text`, without compiling it:
/// every name a relationship field holds is asked.
fn has_cross(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    let mut after_space = false;
    while let Some(c) = chars.next() {
        if after_space && matches!(c, 'x' | 'X') && chars.peek().is_some_and(|n| n.is_whitespace())
        {
            return true;
        }
        after_space = c.is_whitespace();
    }
    false
}

fn split_members(text: &str) -> Option<(RelationshipKind, Vec<&str>)> {
    let has_slash = text.contains('/');
    let has_amp = text.contains('&');
    match (has_slash, has_amp) {
        (true, true) => None,
        (true, false) => Some((RelationshipKind::Romantic, text.split('/').collect())),
        (false, true) => Some((RelationshipKind::Platonic, text.split('&').collect())),
        (false, false) => {
            if text.contains(['♥', '♠', '×']) {
                Some((
                    RelationshipKind::Romantic,
                    text.split(['♥', '♠', '×']).collect(),
                ))
            } else if text.contains('♦') {
                Some((RelationshipKind::Platonic, text.split('♦').collect()))
            } else if has_cross(text) {
                Some((RelationshipKind::Romantic, CROSS.split(text).collect()))
            } else {
                None
            }
        }
    }
}

/// Splits `Clark/Lex and Buffy/Spike` into two; leaves `Clark and Lex` whole (it is
/// no relationship notation and will not parse).
fn split_and(piece: &str) -> Vec<&str> {
    static AND: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\s+and\s+").expect("static regex"));
    if piece.contains(['/', '&']) && AND.is_match(piece) {
        AND.split(piece).collect()
    } else {
        vec![piece]
    }
}

/// The scope to resolve members in: a fandom that knows most of the members goes
/// first (so `Sam/Dean` is two Winchesters, not Samantha Carter and Dean), then the
/// story's own fandoms. Ties prefer the story's fandoms, then data order.
fn joint_scope(aliases: &Aliases, members: &[&str], scope: &[usize]) -> Vec<usize> {
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for member in members {
        let mut fandoms = aliases.tables.character_fandoms(member);
        fandoms.sort_unstable();
        fandoms.dedup();
        for fandom in fandoms {
            *counts.entry(fandom).or_default() += 1;
        }
    }
    let best = counts
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .max_by(|&(fa, na), &(fb, nb)| {
            na.cmp(&nb)
                .then_with(|| scope.contains(&fa).cmp(&scope.contains(&fb)))
                .then_with(|| fb.cmp(&fa))
        });
    let mut joint: Vec<usize> = best.map(|(f, _)| f).into_iter().collect();
    for &fandom in scope {
        if !joint.contains(&fandom) {
            joint.push(fandom);
        }
    }
    joint
}

#[cfg(test)]
mod tests;
