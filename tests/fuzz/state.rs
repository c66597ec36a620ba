//! State files from the state JSON shape (`version`, `stories` of reading state with
//! positions, quotes, bookmarks, marks, shelves, tombstones, `moved`), with values of
//! the wrong types, numbers out of range, paths as text or bytes, escapes and lone
//! surrogates, deep nesting, and JSON junk.

use std::fmt::Write as _;

use super::rng::Rng;
use super::story;

fn json_string(rng: &mut Rng, text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    if rng.chance(1, 30) {
        out.push_str(rng.pick(&[
            "\\ud800",
            "\\udc00x",
            "\\u0000",
            "\\u001b[2J",
            "\\uZZZZ",
            "\\",
            "\\x41",
        ]));
    }
    out.push('"');
    out
}

fn text(rng: &mut Rng) -> String {
    let text = match rng.below(4) {
        0 => rng.junk_upto(30),
        1 => story::name(rng).to_owned(),
        _ => story::prose(rng),
    };
    json_string(rng, &text)
}

fn number(rng: &mut Rng) -> String {
    match rng.below(12) {
        0 => (rng.pick(&[
            "-1",
            "1.5",
            "1e400",
            "18446744073709551616",
            "18446744073709551615",
            "-0",
            "0.0",
            "1e-400",
            "\"5\"",
            "null",
            "true",
            "[]",
            "{}",
            "NaN",
        ]))
        .to_owned(),
        _ => rng.count(usize::MAX / 2).to_string(),
    }
}

fn position(rng: &mut Rng) -> String {
    if rng.chance(1, 15) {
        return (rng.pick(&["null", "{}", "[]", "1", "\"x\""])).to_owned();
    }
    format!(
        r#"{{"anchor":{{"chapter":{},"block":{},"offset":{}}},"quote":{{"prefix":{},"exact":{},"suffix":{}}},"chapter_title":{},"chapter_id":{},"fraction":{}}}"#,
        number(rng),
        number(rng),
        number(rng),
        text(rng),
        text(rng),
        text(rng),
        text(rng),
        text(rng),
        rng.pick(&[
            "0.5", "0", "1", "-1", "2", "1e308", "-1e308", "1e999", "null", "\"NaN\""
        ]),
    )
}

fn path(rng: &mut Rng) -> String {
    if rng.chance(1, 5) {
        let bytes: Vec<String> = (0..rng.count(40))
            .map(|_| {
                rng.pick(&["47", "255", "0", "256", "-1", "102", "1.5"])
                    .to_string()
            })
            .collect();
        format!(r#"{{"unix_bytes":[{}]}}"#, bytes.join(","))
    } else {
        let p = format!(
            "/home/reader/fic/{}.{}",
            story::words(rng),
            rng.pick(&["txt", "html", "epub", ""])
        );
        json_string(rng, &p)
    }
}

fn story_state(rng: &mut Rng) -> String {
    let mut fields: Vec<String> = Vec::new();
    fields.push(format!(r#""path":{}"#, path(rng)));
    fields.push(format!(r#""title":{}"#, text(rng)));
    fields.push(format!(r#""position":{}"#, position(rng)));
    let bookmarks: Vec<String> = (0..rng.count(6))
        .map(|_| {
            format!(
                r#"{{"id":{},"label":{},"position":{},"created":{}}}"#,
                number(rng),
                text(rng),
                position(rng),
                number(rng)
            )
        })
        .collect();
    fields.push(format!(r#""bookmarks":[{}]"#, bookmarks.join(",")));
    let marks: Vec<String> = (0..rng.count(5))
        .map(|_| {
            format!(
                "{}:{}",
                {
                    let name = rng.pick(&["a", "z", "ab", "", "é", "\u{1b}"]);
                    json_string(rng, name)
                },
                position(rng)
            )
        })
        .collect();
    fields.push(format!(r#""marks":{{{}}}"#, marks.join(",")));
    fields.push(format!(
        r#""shelf":"{}""#,
        rng.pick(&[
            "unread",
            "reading",
            "caught-up",
            "on-hold",
            "finished",
            "dropped",
            "Reading",
            "x",
            ""
        ])
    ));
    fields.push(format!(
        r#""favourite":{}"#,
        rng.pick(&["true", "false", "1", "null"])
    ));
    fields.push(format!(r#""last_opened":{}"#, number(rng)));
    fields.push(format!(r#""time_read_secs":{}"#, number(rng)));
    fields.push(format!(r#""chapters_seen":{}"#, number(rng)));
    fields.push(format!(r#""updated":{}"#, number(rng)));
    let tombstones: Vec<String> = (0..rng.count(4))
        .map(|_| {
            format!(
                r#""{}":{}"#,
                rng.pick(&["1", "0", "-1", "x", "18446744073709551616"]),
                number(rng)
            )
        })
        .collect();
    fields.push(format!(
        r#""deleted_bookmarks":{{{}}}"#,
        tombstones.join(",")
    ));
    let times: Vec<String> = (0..rng.count(3))
        .map(|_| format!(r#""{}":{}"#, rng.pick(&["a", "b", "", "ab"]), number(rng)))
        .collect();
    fields.push(format!(r#""mark_times":{{{}}}"#, times.join(",")));
    fields.push(format!(r#""deleted_marks":{{{}}}"#, times.join(",")));
    fields.retain(|_| rng.chance(4, 5));
    if rng.chance(1, 10) {
        fields.push(format!(r#""unknown_field":{}"#, text(rng)));
    }
    format!("{{{}}}", fields.join(","))
}

/// One state file.
pub fn state(rng: &mut Rng) -> Vec<u8> {
    let mut out = String::new();
    match rng.below(20) {
        0 => {
            let depth = rng.count(100_000);
            out.push_str(&format!(
                "{{\"stories\":{}{}",
                "[".repeat(depth),
                "]".repeat(depth)
            ));
            out.push('}');
        }
        1 => out.push_str(rng.pick(&[
            "",
            "[]",
            "null",
            "{",
            "{}",
            "{\"version\":2}",
            "{\"version\":99,\"stories\":[]}",
            "{\"version\":-1}",
            "\u{feff}{}",
            "{\"stories\":{}}garbage",
        ])),
        _ => {
            out.push('{');
            if rng.chance(4, 5) {
                let _ = write!(
                    out,
                    r#""version":{},"#,
                    rng.pick(&["1", "1", "0", "2", "4294967296", "\"1\"", "null"])
                );
            }
            out.push_str(r#""stories":{"#);
            let count = rng.count(200);
            for i in 0..count {
                if i > 0 {
                    out.push(',');
                }
                let key = match rng.below(5) {
                    0 => text(rng),
                    _ => format!(
                        "\"{}|{}\"",
                        story::words(rng).to_lowercase(),
                        story::name(rng).to_lowercase()
                    ),
                };
                let _ = write!(out, "{key}:{}", story_state(rng));
            }
            out.push('}');
            if rng.chance(1, 4) {
                out.push_str(r#","moved":{"#);
                for i in 0..rng.count(5) {
                    if i > 0 {
                        out.push(',');
                    }
                    let _ = write!(
                        out,
                        r#"{}:{{"to":{},"at":{}}}"#,
                        text(rng),
                        text(rng),
                        number(rng)
                    );
                }
                out.push('}');
            }
            out.push('}');
        }
    }
    if rng.chance(1, 10) {
        out.push_str(rng.pick(&["\n", " ", "\0", "}", "x"]));
    }
    out.into_bytes()
}

pub const DICTIONARY: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\u0000",
    "\\ud800",
    "null",
    "true",
    "1e400",
    "-1",
    "\"version\":",
    "\"stories\":",
    "\"position\":",
    "\"anchor\":",
    "\"unix_bytes\":[",
    "\"shelf\":\"reading\"",
    "\"bookmarks\":[",
    "\"moved\":",
];
