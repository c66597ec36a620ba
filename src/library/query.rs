//! The query language shared by `ficread list` and the library view, modelled on
//! AO3's filters:
//!
//! ```text
//! fandom:smallville pairing:clark/lex -fandom:angel rating:<=t status:complete
//! words:>5000 crossover:yes crossover:btvs+smallville "exact phrase" glory
//! ```
//!
//! - `key:value` terms filter one field; bare words match the title, authors, series
//!   and summary.
//! - Included terms must all match; any matching excluded term (`-key:value`)
//!   removes a story.
//! - `|` inside a value means OR: `fandom:angel|smallville`.
//! - Fandom, character and pairing values go through the aliases (`fandom:btvs`,
//!   `pairing:clex`); `pairing:clark/lex` matches the romantic pair in any order,
//!   `pairing:"clark & lex"` the platonic one, `pairing:lex` any pairing with Lex.
//! - Numbers take `>`, `>=`, `<`, `<=`, ranges `1000-5000`, commas and `k`.
//! - The reader's own state: `shelf:reading`, `favourite:yes`, `progress:>50`,
//!   `new:yes` (chapters added since it was last read).
//!
//! Parsing is strict: an unknown key or a malformed value is an error with a message
//! meant for the user, so a typo never silently matches everything.

use std::fmt;

use crate::meta::{Aliases, RatingLevel, Relationship, RelationshipKind, Status, StoryMeta};

/// The reader's own state of a story, for `shelf:`, `favourite:`, `progress:` and
/// `new:` terms. The default is a story never opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// Shelf name, one of [`SHELVES`].
    pub shelf: String,
    pub favourite: bool,
    /// How far through, 0–100.
    pub percent: usize,
    /// Chapters added since the story was last read.
    pub new_chapters: usize,
}

impl Default for Reading {
    fn default() -> Self {
        Self {
            shelf: "unread".to_owned(),
            favourite: false,
            percent: 0,
            new_chapters: 0,
        }
    }
}

/// A parsed query; the empty query matches every story.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    terms: Vec<Term>,
}

/// A malformed query, with a message for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError(pub String);

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueryError {}

#[derive(Debug, Clone, PartialEq)]
struct Term {
    negated: bool,
    /// Alternatives: the term matches when any of them does.
    any_of: Vec<Matcher>,
}

#[derive(Debug, Clone, PartialEq)]
enum Matcher {
    /// Lowercase needle in title, authors, series or summary.
    Text(String),
    Title(String),
    Author(String),
    Summary(String),
    Series(String),
    Fandom(FandomPattern),
    Relationship(RelationshipPattern),
    Character(String),
    Rating(Comparison<RatingLevel>),
    Unrated,
    Status(Status),
    Words(Comparison<usize>),
    Chapters(Comparison<usize>),
    Crossover(bool),
    /// Exactly this set of canonical fandoms (lowercase, sorted).
    CrossoverOf(Vec<String>),
    Warning(String),
    Tag(String),
    /// A shelf name (`reading`, `caught-up`…).
    Shelf(String),
    Favourite(bool),
    Progress(Comparison<usize>),
    NewChapters(bool),
}

#[derive(Debug, Clone, PartialEq)]
enum FandomPattern {
    /// A known fandom: compare canonical names.
    Canonical(String),
    /// Unknown to the aliases: substring of a fandom name.
    Contains(String),
}

#[derive(Debug, Clone, PartialEq)]
enum RelationshipPattern {
    /// Same kind and same members (canonical, lowercase, sorted).
    Exact {
        kind: RelationshipKind,
        members: Vec<String>,
    },
    /// Any relationship with this member (canonical, lowercase).
    WithMember(String),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Comparison<T> {
    Eq(T),
    Lt(T),
    Le(T),
    Gt(T),
    Ge(T),
    Between(T, T),
}

impl<T: PartialOrd + Copy> Comparison<T> {
    fn test(self, value: T) -> bool {
        match self {
            Comparison::Eq(x) => value == x,
            Comparison::Lt(x) => value < x,
            Comparison::Le(x) => value <= x,
            Comparison::Gt(x) => value > x,
            Comparison::Ge(x) => value >= x,
            Comparison::Between(lo, hi) => lo <= value && value <= hi,
        }
    }
}

/// The filter keys and their synonyms, for parsing and for help texts.
pub const KEYS: &[(&str, &[&str])] = &[
    ("fandom", &["fandoms", "f"]),
    (
        "pairing",
        &[
            "pairings",
            "ship",
            "ships",
            "relationship",
            "relationships",
            "p",
        ],
    ),
    ("character", &["characters", "char", "c"]),
    ("rating", &["rated", "r"]),
    ("status", &["s"]),
    ("words", &["w"]),
    ("chapters", &["ch"]),
    ("crossover", &["x"]),
    ("title", &["t"]),
    ("author", &["authors", "by", "a"]),
    ("summary", &[]),
    ("series", &[]),
    ("warning", &["warnings"]),
    ("tag", &["tags"]),
    ("shelf", &["state"]),
    ("favourite", &["favorite", "fav"]),
    ("progress", &["read"]),
    ("new", &[]),
];

/// Shelf names a `shelf:` term accepts.
pub const SHELVES: &[&str] = &[
    "unread",
    "reading",
    "caught-up",
    "on-hold",
    "finished",
    "dropped",
];

fn canonical_key(key: &str) -> Option<&'static str> {
    let key = key.to_lowercase();
    KEYS.iter()
        .find(|(name, synonyms)| *name == key || synonyms.contains(&key.as_str()))
        .map(|(name, _)| *name)
}

impl Query {
    /// Parses a query string.
    pub fn parse(input: &str, aliases: &Aliases) -> Result<Self, QueryError> {
        let mut terms = Vec::new();
        for token in tokenize(input)? {
            if let Some(term) = parse_term(&token, aliases)? {
                terms.push(term);
            }
        }
        Ok(Self { terms })
    }

    /// Adds the terms of another query (command-line flags add to the query words).
    pub fn extend(&mut self, other: Query) {
        self.terms.extend(other.terms);
    }

    /// True when the query has no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Does the story match? Reading-state terms see an unread story.
    pub fn matches(&self, meta: &StoryMeta) -> bool {
        self.matches_with(meta, &Reading::default())
    }

    /// Does the story, read this far, match?
    pub fn matches_with(&self, meta: &StoryMeta, reading: &Reading) -> bool {
        self.terms.iter().all(|term| {
            let hit = term.any_of.iter().any(|m| m.matches(meta, reading));
            hit != term.negated
        })
    }
}

/// One token: an optional `-`, an optional `key:`, and a value with quotes removed.
#[derive(Debug, PartialEq)]
struct Token {
    negated: bool,
    key: Option<String>,
    value: String,
}

fn tokenize(input: &str) -> Result<Vec<Token>, QueryError> {
    let mut tokens = Vec::new();
    let mut chars = input.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return Ok(tokens);
        }
        let negated = chars.next_if_eq(&'-').is_some();
        let mut key = None;
        let mut value = String::new();
        let mut in_quotes = false;
        while let Some(&c) = chars.peek() {
            if c == '"' {
                in_quotes = !in_quotes;
                chars.next();
                continue;
            }
            if c.is_whitespace() && !in_quotes {
                break;
            }
            if c == ':' && !in_quotes && key.is_none() && !value.is_empty() {
                key = Some(std::mem::take(&mut value));
                chars.next();
                continue;
            }
            value.push(c);
            chars.next();
        }
        if in_quotes {
            return Err(QueryError("unclosed quote (\") in the query".to_owned()));
        }
        if key.is_none() && value.is_empty() {
            continue; // a lone `-` or `""`
        }
        tokens.push(Token {
            negated,
            key,
            value,
        });
    }
}

fn parse_term(token: &Token, aliases: &Aliases) -> Result<Option<Term>, QueryError> {
    let Some(raw_key) = &token.key else {
        return Ok(Some(Term {
            negated: token.negated,
            any_of: vec![Matcher::Text(token.value.to_lowercase())],
        }));
    };
    let key = canonical_key(raw_key).ok_or_else(|| {
        let known: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
        QueryError(format!(
            "unknown filter `{raw_key}:` (known: {})",
            known.join(", ")
        ))
    })?;
    let alternatives: Vec<&str> = token
        .value
        .split('|')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    if alternatives.is_empty() {
        return Err(QueryError(format!("`{raw_key}:` needs a value")));
    }
    let any_of = alternatives
        .iter()
        .map(|value| parse_value(key, value, aliases))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(Term {
        negated: token.negated,
        any_of,
    }))
}

fn parse_value(key: &str, value: &str, aliases: &Aliases) -> Result<Matcher, QueryError> {
    let lower = value.to_lowercase();
    Ok(match key {
        "title" => Matcher::Title(lower),
        "author" => Matcher::Author(lower),
        "summary" => Matcher::Summary(lower),
        "series" => Matcher::Series(lower),
        "warning" => Matcher::Warning(lower),
        "tag" => Matcher::Tag(lower),
        "fandom" => Matcher::Fandom(fandom_pattern(value, aliases)),
        "character" => Matcher::Character(aliases.canonical_character(value).to_lowercase()),
        "pairing" => Matcher::Relationship(relationship_pattern(value, aliases)?),
        "rating" => parse_rating(value)?,
        "status" => Matcher::Status(parse_status(&lower)?),
        "words" => Matcher::Words(parse_number_comparison(key, value)?),
        "chapters" => Matcher::Chapters(parse_number_comparison(key, value)?),
        "crossover" => parse_crossover(&lower, value, aliases)?,
        "shelf" => {
            let shelf = lower.replace(['_', ' '], "-");
            if !SHELVES.contains(&shelf.as_str()) {
                return Err(QueryError(format!(
                    "`shelf:{value}`: expected one of {}",
                    SHELVES.join(", ")
                )));
            }
            Matcher::Shelf(shelf)
        }
        "favourite" => Matcher::Favourite(parse_yes_no(key, &lower)?),
        "new" => Matcher::NewChapters(parse_yes_no(key, &lower)?),
        "progress" => Matcher::Progress(parse_number_comparison(key, value.trim_end_matches('%'))?),
        _ => return Err(QueryError(format!("unknown filter `{key}:`"))),
    })
}

fn fandom_pattern(value: &str, aliases: &Aliases) -> FandomPattern {
    if aliases.is_known_fandom(value) {
        FandomPattern::Canonical(aliases.canonical_fandom(value).to_lowercase())
    } else {
        FandomPattern::Contains(value.to_lowercase())
    }
}

fn relationship_pattern(value: &str, aliases: &Aliases) -> Result<RelationshipPattern, QueryError> {
    if let Some(rel) = aliases.parse_relationship(value) {
        return Ok(RelationshipPattern::Exact {
            kind: rel.kind,
            members: lower_sorted(&rel.characters),
        });
    }
    if value.contains('/') || value.contains('&') {
        return Err(QueryError(format!(
            "`pairing:{value}` is not a pairing; write it like clark/lex or \"clark & lex\""
        )));
    }
    Ok(RelationshipPattern::WithMember(
        aliases.canonical_character(value).to_lowercase(),
    ))
}

fn lower_sorted(names: &[String]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    names.sort();
    names
}

fn parse_rating(value: &str) -> Result<Matcher, QueryError> {
    let lower = value.to_lowercase();
    if matches!(lower.as_str(), "none" | "unknown" | "unrated" | "-") {
        return Ok(Matcher::Unrated);
    }
    let (op, rest) = split_operator(value);
    let level = RatingLevel::parse(rest).ok_or_else(|| {
        QueryError(format!(
            "`rating:{value}`: expected g, t, m, e (or general, teen, mature, explicit, not-rated, none), optionally with <, <=, >, >="
        ))
    })?;
    Ok(Matcher::Rating(op.apply(level)))
}

fn parse_status(lower: &str) -> Result<Status, QueryError> {
    match lower {
        "complete" | "completed" | "done" | "finished" => Ok(Status::Complete),
        "wip" | "in-progress" | "inprogress" | "incomplete" | "ongoing" => Ok(Status::InProgress),
        "unknown" => Ok(Status::Unknown),
        _ => Err(QueryError(format!(
            "`status:{lower}`: expected complete, wip (in-progress) or unknown"
        ))),
    }
}

fn parse_yes_no(key: &str, lower: &str) -> Result<bool, QueryError> {
    match lower {
        "yes" | "y" | "true" | "1" => Ok(true),
        "no" | "n" | "false" | "0" => Ok(false),
        _ => Err(QueryError(format!("`{key}:{lower}`: expected yes or no"))),
    }
}

fn parse_crossover(lower: &str, value: &str, aliases: &Aliases) -> Result<Matcher, QueryError> {
    match lower {
        "yes" | "y" | "true" | "1" => return Ok(Matcher::Crossover(true)),
        "no" | "n" | "false" | "0" => return Ok(Matcher::Crossover(false)),
        _ => {}
    }
    let mut fandoms: Vec<String> = value
        .split('+')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(|f| aliases.canonical_fandom(f).to_lowercase())
        .collect();
    if fandoms.len() < 2 {
        return Err(QueryError(format!(
            "`crossover:{value}`: expected yes, no, or fandoms joined by + (crossover:btvs+smallville)"
        )));
    }
    fandoms.sort();
    fandoms.dedup();
    Ok(Matcher::CrossoverOf(fandoms))
}

#[derive(Clone, Copy)]
enum Operator {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Operator {
    fn apply<T>(self, x: T) -> Comparison<T> {
        match self {
            Operator::Eq => Comparison::Eq(x),
            Operator::Lt => Comparison::Lt(x),
            Operator::Le => Comparison::Le(x),
            Operator::Gt => Comparison::Gt(x),
            Operator::Ge => Comparison::Ge(x),
        }
    }
}

fn split_operator(value: &str) -> (Operator, &str) {
    for (prefix, op) in [
        ("<=", Operator::Le),
        (">=", Operator::Ge),
        ("<", Operator::Lt),
        (">", Operator::Gt),
        ("=", Operator::Eq),
    ] {
        if let Some(rest) = value.strip_prefix(prefix) {
            return (op, rest.trim());
        }
    }
    (Operator::Eq, value.trim())
}

fn parse_number_comparison(key: &str, value: &str) -> Result<Comparison<usize>, QueryError> {
    let bad = || {
        QueryError(format!(
            "`{key}:{value}`: expected a number or a range like >5000, <=10k, 1000-5000"
        ))
    };
    let (op, rest) = split_operator(value);
    if let (Operator::Eq, Some((lo, hi))) = (op, rest.split_once('-')) {
        let lo = parse_number(lo).ok_or_else(bad)?;
        let hi = parse_number(hi).ok_or_else(bad)?;
        return Ok(Comparison::Between(lo.min(hi), lo.max(hi)));
    }
    Ok(op.apply(parse_number(rest).ok_or_else(bad)?))
}

/// `5000`, `5,000`, `5k`, `1.5k`, `2m`.
fn parse_number(text: &str) -> Option<usize> {
    let text = text.trim().replace([',', '_'], "").to_lowercase();
    let (digits, factor) = match text.strip_suffix('k') {
        Some(d) => (d.to_owned(), 1_000.0),
        None => match text.strip_suffix('m') {
            Some(d) => (d.to_owned(), 1_000_000.0),
            None => (text, 1.0),
        },
    };
    let number: f64 = digits.parse().ok()?;
    (number.is_finite() && number >= 0.0).then(|| (number * factor).round() as usize)
}

impl Matcher {
    fn matches(&self, meta: &StoryMeta, reading: &Reading) -> bool {
        let contains = |haystack: &str, needle: &str| haystack.to_lowercase().contains(needle);
        match self {
            Matcher::Text(needle) => {
                contains(&meta.title, needle)
                    || meta.authors.iter().any(|a| contains(a, needle))
                    || meta
                        .series
                        .as_ref()
                        .is_some_and(|s| contains(&s.name, needle))
                    || meta.summary.as_deref().is_some_and(|s| contains(s, needle))
            }
            Matcher::Title(needle) => contains(&meta.title, needle),
            Matcher::Author(needle) => meta.authors.iter().any(|a| contains(a, needle)),
            Matcher::Summary(needle) => {
                meta.summary.as_deref().is_some_and(|s| contains(s, needle))
            }
            Matcher::Series(needle) => meta
                .series
                .as_ref()
                .is_some_and(|s| contains(&s.name, needle)),
            Matcher::Fandom(FandomPattern::Canonical(name)) => {
                meta.fandoms.iter().any(|f| f.to_lowercase() == *name)
            }
            Matcher::Fandom(FandomPattern::Contains(needle)) => {
                meta.fandoms.iter().any(|f| contains(f, needle))
            }
            Matcher::Relationship(pattern) => meta.relationships.iter().any(|r| pattern.matches(r)),
            Matcher::Character(name) => {
                meta.characters.iter().any(|c| c.to_lowercase() == *name)
                    || meta
                        .relationships
                        .iter()
                        .any(|r| r.characters.iter().any(|c| c.to_lowercase() == *name))
            }
            Matcher::Rating(cmp) => meta
                .rating
                .as_ref()
                .and_then(|r| r.level)
                .is_some_and(|level| cmp.test(level)),
            Matcher::Unrated => meta.rating.as_ref().and_then(|r| r.level).is_none(),
            Matcher::Status(status) => meta.status == *status,
            Matcher::Words(cmp) => cmp.test(meta.words),
            Matcher::Chapters(cmp) => cmp.test(meta.chapters),
            Matcher::Crossover(want) => meta.crossover == *want,
            Matcher::CrossoverOf(set) => {
                let mut fandoms: Vec<String> =
                    meta.fandoms.iter().map(|f| f.to_lowercase()).collect();
                fandoms.sort();
                fandoms.dedup();
                fandoms == *set
            }
            Matcher::Warning(needle) => meta.warnings.iter().any(|w| contains(w, needle)),
            Matcher::Tag(needle) => meta.tags.iter().any(|t| contains(t, needle)),
            Matcher::Shelf(name) => reading.shelf == *name,
            Matcher::Favourite(want) => reading.favourite == *want,
            Matcher::Progress(cmp) => cmp.test(reading.percent),
            Matcher::NewChapters(want) => (reading.new_chapters > 0) == *want,
        }
    }
}

impl RelationshipPattern {
    fn matches(&self, rel: &Relationship) -> bool {
        match self {
            RelationshipPattern::Exact { kind, members } => {
                rel.kind == *kind && lower_sorted(&rel.characters) == *members
            }
            RelationshipPattern::WithMember(name) => {
                rel.characters.iter().any(|c| c.to_lowercase() == *name)
            }
        }
    }
}

#[cfg(test)]
mod tests;
