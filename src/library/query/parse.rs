//! Parsing a query: the tokenizer (quotes, a leading `-`, `key:`) and, per key, its
//! values into matchers. Values are normalised here, once per query (lower-cased,
//! put through the aliases, members and fandoms sorted), so that matching each
//! story is plain comparison; every error message is written for the user.

use super::{
    Comparison, FandomPattern, Matcher, Needle, QueryError, QueryKey, RelationshipPattern, Term,
    lower_sorted,
};
use crate::meta::{Aliases, RatingLevel, Status};
use crate::store::Shelf;

/// One token: an optional `-`, an optional `key:`, and a value with quotes removed.
#[derive(Debug, PartialEq)]
pub(super) struct Token {
    pub(super) negated: bool,
    pub(super) key: Option<String>,
    pub(super) value: String,
}

/// The raw text of each token, as [`tokenize`] splits it (whitespace outside
/// quotes), so a term can be taken out of what the user typed without retyping the
/// rest. An unclosed quote runs to the end.
pub(super) fn raw_tokens(input: &str) -> Vec<&str> {
    let mut spans = Vec::new();
    let mut start = None;
    let mut in_quotes = false;
    for (i, c) in input.char_indices() {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        match (start, c.is_whitespace() && !in_quotes) {
            (None, false) => start = Some(i),
            (Some(from), true) => {
                spans.push(&input[from..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        spans.push(&input[from..]);
    }
    spans
}

pub(super) fn tokenize(input: &str) -> Result<Vec<Token>, QueryError> {
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

pub(super) fn parse_term(token: &Token, aliases: &Aliases) -> Result<Option<Term>, QueryError> {
    let Some(raw_key) = &token.key else {
        return Ok(Some(Term {
            negated: token.negated,
            any_of: vec![Matcher::Text(Needle::new(token.value.to_lowercase()))],
        }));
    };
    let key = QueryKey::parse(raw_key).ok_or_else(|| {
        QueryError(format!(
            "unknown filter `{raw_key}:` (known: {})",
            QueryKey::names()
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

fn parse_value(key: QueryKey, value: &str, aliases: &Aliases) -> Result<Matcher, QueryError> {
    let lower = value.to_lowercase();
    let name = key.name();
    Ok(match key {
        QueryKey::Title => Matcher::Title(Needle::new(lower)),
        QueryKey::Author => Matcher::Author(Needle::new(lower)),
        QueryKey::Summary => Matcher::Summary(Needle::new(lower)),
        QueryKey::Series => Matcher::Series(Needle::new(lower)),
        QueryKey::Warning => Matcher::Warning(Needle::new(lower)),
        QueryKey::Tag => Matcher::Tag(Needle::new(lower)),
        QueryKey::Fandom => Matcher::Fandom(fandom_pattern(value, aliases)),
        QueryKey::Character => {
            Matcher::Character(aliases.canonical_character(value).to_lowercase())
        }
        QueryKey::Pairing => Matcher::Relationship(relationship_pattern(value, aliases)?),
        QueryKey::Rating => parse_rating(value)?,
        QueryKey::Status => Matcher::Status(parse_status(&lower)?),
        QueryKey::Words => Matcher::Words(parse_number_comparison(name, value)?),
        QueryKey::Chapters => Matcher::Chapters(parse_number_comparison(name, value)?),
        QueryKey::Crossover => parse_crossover(&lower, value, aliases)?,
        QueryKey::Shelf => Matcher::Shelf(value.parse::<Shelf>().map_err(|_| {
            QueryError(format!(
                "`shelf:{value}`: expected one of {}",
                Shelf::names()
            ))
        })?),
        QueryKey::Favourite => Matcher::Favourite(parse_yes_no(name, &lower)?),
        QueryKey::New => Matcher::NewChapters(parse_yes_no(name, &lower)?),
        QueryKey::Progress => {
            Matcher::Progress(parse_number_comparison(name, value.trim_end_matches('%'))?)
        }
    })
}

fn fandom_pattern(value: &str, aliases: &Aliases) -> FandomPattern {
    if aliases.is_known_fandom(value) {
        FandomPattern::Canonical(aliases.canonical_fandom(value).to_lowercase())
    } else {
        FandomPattern::Contains(Needle::new(value.to_lowercase()))
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

pub(super) fn parse_number_comparison(
    key: &str,
    value: &str,
) -> Result<Comparison<usize>, QueryError> {
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
