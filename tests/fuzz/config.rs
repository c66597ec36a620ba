//! Config files from the config schema (`[library]`, `[reader]`, `[keys.*]`, `[theme]`,
//! `[shelves]`, `[aliases.*]`) with values of the right and wrong types, out-of-range
//! numbers, key specs and actions real and invented, shelf queries from the query
//! grammar, and TOML junk (duplicate and dotted keys, deep nesting, odd strings).

use std::fmt::Write as _;

use super::rng::Rng;
use super::{query, story};

const READER: &[(&str, &[&str])] = &[
    (
        "max_width",
        &[
            "72",
            "0",
            "1",
            "-1",
            "65535",
            "65536",
            "99999999999999999999",
            "1.5",
            "\"72\"",
            "inf",
            "nan",
        ],
    ),
    ("margin", &["2", "0", "-3", "1000", "4294967296"]),
    (
        "paragraph_spacing",
        &["\"blank\"", "\"indent\"", "\"none\"", "\"x\"", "1"],
    ),
    ("indent", &["2", "0", "200", "-1"]),
    (
        "scene_break",
        &[
            "\"⁂\"",
            "\"* * *\"",
            "\"\"",
            "\"\\u001b[2J\"",
            "\"\\u202e\"",
            "\"a very long scene break marker that goes on and on and on\"",
            "3",
        ],
    ),
    (
        "words_per_minute",
        &["250", "0", "1", "-250", "1e9", "18446744073709551616"],
    ),
    ("context_lines", &["2", "0", "99999", "-1"]),
    ("mouse", &["true", "false", "\"yes\"", "1"]),
    ("mouse_scroll_lines", &["3", "0", "-3", "100000"]),
];

const KEYS: &[&str] = &[
    "ctrl-d",
    "ctrl-u",
    "j",
    "k",
    "space",
    "enter",
    "esc",
    "tab",
    "backtab",
    "f1",
    "f12",
    "f99",
    "alt-x",
    "ctrl-alt-shift-x",
    "shift-g",
    "G",
    "ctrl-",
    "-",
    "",
    "ctrl-ctrl-x",
    "é",
    "🎉",
    "pageup",
    "page_down",
    "home",
    "end",
    "left",
    "right",
    "up",
    "down",
    "backspace",
    "delete",
    "insert",
    "ctrl-space",
    "\\u0000",
    "\\u001b",
    "super-x",
    "x y",
    "ctrl-f99999999999",
];

const ACTIONS: &[&str] = &[
    "half_page_down",
    "half_page_up",
    "line_down",
    "line_up",
    "page_down",
    "page_up",
    "quit",
    "top",
    "bottom",
    "next_chapter",
    "previous_chapter",
    "search",
    "bookmark",
    "help",
    "toc",
    "open",
    "filter",
    "no_such_action",
    "",
    "Quit",
    "line-down",
];

const COLORS: &[&str] = &[
    "default",
    "red",
    "green",
    "reset",
    "#ff0000",
    "#fff",
    "#zzzzzz",
    "#",
    "rgb(1,2,3)",
    "255",
    "256",
    "-1",
    "light_blue",
    "LightBlue",
    "dark gray",
    "",
    "\\u001b",
];

fn string(rng: &mut Rng) -> String {
    let text = match rng.below(5) {
        0 => rng.junk_upto(20),
        _ => story::words(rng),
    };
    let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
    let escaped: String = escaped
        .chars()
        .map(|c| {
            if c.is_control() {
                format!("\\u{:04x}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect();
    match rng.below(10) {
        0 => format!("'{}'", text.replace(['\'', '\n', '\r'], "")),
        1 => format!("\"\"\"{escaped}\n\"\"\""),
        2 => text,
        _ => format!("\"{escaped}\""),
    }
}

fn junk(rng: &mut Rng, out: &mut String) {
    match rng.below(10) {
        0 => {
            let depth = rng.count(100_000);
            let _ = writeln!(out, "x = {}1{}", "[".repeat(depth), "]".repeat(depth));
        }
        1 => {
            let depth = rng.count(100_000);
            let _ = writeln!(out, "y = {}1{}", "{a = ".repeat(depth), "}".repeat(depth));
        }
        2 => {
            let depth = rng.count(5_000);
            let _ = writeln!(out, "[{}]", vec!["a"; depth.max(1)].join("."));
        }
        3 => out.push_str("[reader]\n[reader]\nmargin = 1\nmargin = 2\n"),
        4 => {
            let _ = writeln!(out, "{} = {}", rng.junk_upto(10), string(rng));
        }
        5 => out.push_str("[[library]]\n"),
        6 => {
            let _ = writeln!(out, "big = \"{}\"", "x".repeat(rng.count(1 << 20)));
        }
        7 => out.push_str("reader.margin = 3\nlibrary.paths = [\"a\", 1, true]\n"),
        8 => out.push_str("date = 1979-05-27T07:32:00Z\nf = 1e400\ni = 0x7fffffffffffffff1\n"),
        _ => out.push_str(&rng.junk_upto(40)),
    }
}

/// One config file.
pub fn config(rng: &mut Rng) -> Vec<u8> {
    let mut out = String::new();
    if rng.chance(1, 3) {
        let _ = writeln!(
            out,
            "startup = {}",
            rng.pick(&["\"library\"", "\"reader\"", "\"last\"", "\"x\"", "1"])
        );
    }
    let mut sections: Vec<usize> = (0..8).filter(|_| rng.chance(2, 3)).collect();
    if rng.chance(1, 5) {
        sections.push(rng.below(8));
    }
    for section in sections {
        match section {
            0 => {
                out.push_str("[library]\npaths = [");
                for _ in 0..rng.count(5) {
                    let _ = write!(
                        out,
                        "{}, ",
                        rng.pick(&[
                            "\"~/fic\"",
                            "\"relative/dir\"",
                            "\"/\"",
                            "\"\"",
                            "\"../../..\"",
                            "\"/proc/self\"",
                            "\"C:\\\\x\"",
                            "1"
                        ])
                    );
                }
                out.push_str("]\n");
            }
            1 => {
                out.push_str("[reader]\n");
                for _ in 0..rng.count(12) {
                    let (key, values) = rng.pick(READER);
                    let _ = writeln!(out, "{key} = {}", rng.pick(values));
                }
            }
            2 | 3 => {
                let _ = writeln!(
                    out,
                    "[keys.{}]",
                    if section == 2 { "reader" } else { "library" }
                );
                for _ in 0..rng.count(10) {
                    let _ = writeln!(out, "\"{}\" = \"{}\"", rng.pick(KEYS), rng.pick(ACTIONS));
                }
            }
            4 => {
                out.push_str("[theme]\n");
                for _ in 0..rng.count(10) {
                    let _ = writeln!(
                        out,
                        "{} = {{ fg = \"{}\", bg = \"{}\", bold = {}, dim = {} }}",
                        rng.pick(&[
                            "text",
                            "chapter_title",
                            "heading",
                            "note",
                            "scene_break",
                            "status_bar",
                            "search_hit",
                            "selection",
                            "secondary",
                            "bogus"
                        ]),
                        rng.pick(COLORS),
                        rng.pick(COLORS),
                        rng.pick(&["true", "false", "1"]),
                        rng.pick(&["true", "false", "\"no\""]),
                    );
                }
            }
            5 => {
                out.push_str("[shelves]\n");
                for _ in 0..rng.count(6) {
                    let q = query::query(rng).replace('\\', "\\\\").replace('"', "\\\"");
                    let q: String = q
                        .chars()
                        .map(|c| {
                            if c.is_control() {
                                format!("\\u{:04x}", c as u32)
                            } else {
                                c.to_string()
                            }
                        })
                        .collect();
                    let _ = writeln!(out, "{} = \"{q}\"", string(rng));
                }
            }
            6 => {
                for table in ["fandoms", "characters", "ships"] {
                    if rng.chance(1, 3) {
                        continue;
                    }
                    let _ = writeln!(out, "[aliases.{table}]");
                    for _ in 0..rng.count(6) {
                        let target = match table {
                            "fandoms" => story::fandom(rng).to_owned(),
                            "characters" => story::name(rng).to_owned(),
                            _ => story::people(rng),
                        };
                        let target = if rng.chance(1, 6) {
                            String::new()
                        } else {
                            target
                        };
                        let _ = writeln!(out, "{} = \"{}\"", string(rng), target.replace('"', ""));
                    }
                }
            }
            _ => junk(rng, &mut out),
        }
    }
    let mut bytes = out.into_bytes();
    match rng.below(20) {
        0 => {
            bytes.splice(0..0, *b"\xef\xbb\xbf");
        }
        1 => {
            bytes.splice(0..0, [0xff, 0xfe]);
        }
        2 if !bytes.is_empty() => {
            let at = rng.below(bytes.len());
            bytes.insert(at, rng.pick(&[0x80, 0xff, 0xc3, 0xe2]));
        }
        3 => {
            bytes = String::from_utf8_lossy(&bytes)
                .replace('\n', "\r\n")
                .into_bytes();
        }
        _ => {}
    }
    bytes
}

pub const DICTIONARY: &[&str] = &[
    "[reader]\n",
    "[library]\n",
    "[keys.reader]\n",
    "[theme]\n",
    "[shelves]\n",
    "[aliases.ships]\n",
    " = ",
    "\"",
    "'",
    "\"\"\"",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\n",
    "max_width",
    "margin",
    "true",
    "1e400",
    "-",
    ".",
    "#",
];
