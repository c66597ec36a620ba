//! Library queries from the query grammar: keys and their aliases (and unknown ones),
//! negation, `|` alternatives, quotes (closed and not), comparisons and ranges, ship
//! spellings, crossover sets, and junk.

use std::fmt::Write as _;
use std::sync::LazyLock;

use ficread::library::query::QueryKey;
use strum::IntoEnumIterator as _;

use super::rng::Rng;
use super::story;

/// Every key name and synonym the parser knows, from its own table (so a new key is
/// fuzzed without editing this file), plus misspelt, mixed-case and empty ones.
fn keys() -> &'static [&'static str] {
    static KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        let mut keys: Vec<&'static str> = QueryKey::iter()
            .flat_map(|key| std::iter::once(key.name()).chain(key.spec().synonyms.iter().copied()))
            .collect();
        keys.extend(["Title", "PAIRING", "colour", "", "title:", "-"]);
        keys
    });
    &KEYS
}

fn number(rng: &mut Rng) -> String {
    if rng.chance(1, 10) {
        return rng
            .pick(&[
                "99999999999999999999999",
                "-1",
                "0",
                "1e9",
                "NaN",
                "inf",
                "1.5k",
                "5K",
                "10m",
                "2b",
                "k",
                "1kk",
                "½",
                "١٢",
                "0x10",
                "+5",
                "--5",
                "1,000",
                "1_000",
            ])
            .to_string();
    }
    let n = rng.count(1_000_000);
    if rng.chance(1, 3) {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}

fn value(rng: &mut Rng, key: &str) -> String {
    match key {
        "words" | "w" | "chapters" | "ch" | "progress" | "read" => {
            let op = rng.pick(&["", "<", "<=", ">", ">=", "=", "==", "!=", "<>", "=<", "≥"]);
            if rng.chance(1, 4) {
                format!("{}-{}", number(rng), number(rng))
            } else {
                format!("{op}{}", number(rng))
            }
        }
        "rating" | "rated" | "r" => {
            let op = rng.pick(&["", "<", "<=", ">", ">=", "="]);
            format!(
                "{op}{}",
                rng.pick(&[
                    "g", "pg", "pg-13", "r", "nc-17", "k", "k+", "t", "m", "ma", "fr13", "frao",
                    "none", "explicit", "mature", "teen", "general", "x", ""
                ])
            )
        }
        "status" | "s" => {
            (rng.pick(&["complete", "wip", "unknown", "in-progress", "done", "x"])).to_owned()
        }
        "shelf" | "state" => (rng.pick(&[
            "reading",
            "unread",
            "caught-up",
            "on-hold",
            "finished",
            "dropped",
            "x",
            "Reading",
        ]))
        .to_owned(),
        "favourite" | "favorite" | "fav" | "new" | "crossover" | "x" if rng.chance(2, 3) => {
            (rng.pick(&["yes", "no", "true", "false", "y", "n", "1", "0", "maybe"])).to_owned()
        }
        "crossover" | "x" => {
            let mut v = story::fandom(rng).to_lowercase();
            for _ in 0..rng.count(4) {
                v.push('+');
                v.push_str(rng.pick(&["btvs", "smallville", "sg1", "hp", "spn", "", "+", "x"]));
            }
            v
        }
        "pairing" | "pairings" | "ship" | "ships" | "relationship" | "relationships" | "p" => {
            match rng.below(4) {
                0 => (rng.pick(&[
                    "clex",
                    "clark/lex",
                    "lex/clark",
                    "spuffy",
                    "drarry",
                    "a/b/c/d/e",
                    "/",
                    "//",
                    "&",
                    "a&",
                    "/a",
                    "clark & lex",
                    "x/x",
                ]))
                .to_owned(),
                _ => story::people(rng),
            }
        }
        _ => match rng.below(4) {
            0 => rng.junk_upto(12),
            1 => story::name(rng).to_owned(),
            _ => story::words(rng),
        },
    }
}

fn quote(rng: &mut Rng, value: &str) -> String {
    if value.contains(char::is_whitespace) || rng.chance(1, 8) {
        match rng.below(12) {
            0 => format!("\"{value}"),
            1 => format!("{value}\""),
            _ => format!("\"{value}\""),
        }
    } else {
        value.to_owned()
    }
}

/// One query.
pub fn query(rng: &mut Rng) -> String {
    let mut out = String::new();
    for i in 0..rng.count(10) {
        if i > 0 {
            out.push_str(rng.pick(&[" ", " ", "  ", "\t", "\u{3000}", "\n"]));
        }
        if rng.chance(1, 5) {
            out.push('-');
        }
        if rng.chance(1, 4) {
            let word = value(rng, "");
            out.push_str(&quote(rng, &word));
            continue;
        }
        let key = rng.pick(keys());
        let mut alternatives = vec![value(rng, key)];
        for _ in 0..rng.count(3) {
            alternatives.push(value(rng, key));
        }
        let sep = rng.pick(&["|", " | ", "||", "|"]);
        let joined = alternatives.join(sep);
        let _ = write!(out, "{key}:{}", quote(rng, &joined));
    }
    if rng.chance(1, 40) {
        let unit = out.clone() + " ";
        out = unit.repeat(1 + rng.count(20_000 / unit.len().max(1)));
    }
    out
}

pub const DICTIONARY: &[&str] = &[
    "title:",
    "pairing:",
    "fandom:",
    "words:>",
    "words:<=",
    "rating:",
    "status:",
    "shelf:",
    "crossover:",
    "-",
    "|",
    "\"",
    ":",
    " ",
    "/",
    "&",
    "+",
    "k",
    "clex",
    "1000-5k",
];
