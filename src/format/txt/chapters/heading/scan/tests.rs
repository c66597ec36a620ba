//! Each scanner against its pattern.

use super::super::{CHAPTER, CONTAINER, NAMED, NUMBERED_BARE, NUMBERED_TITLE, groups};
use super::*;
use crate::format::exact::check;
use regex::Regex;
use std::sync::LazyLock;

const WORDS: &[&str] = &[
    "Chapter",
    "chapter",
    "CHAPTER",
    "chapitre",
    "Kapitel",
    "capítulo",
    "capitulo",
    "capitolo",
    "hoofdstuk",
    "rozdział",
    "rozdzial",
    "глава",
    "Chap",
    "chap.",
    "Ch",
    "ch.",
    "#",
    "part",
    "parte",
    "book",
    "volume",
    "vol.",
    "act",
    "section",
    "tome",
    "livre",
    "teil",
    "libro",
    "prologue",
    "prolog",
    "Epilogue",
    "epílogo",
    "épilogue",
    "interlude",
    "coda",
    "omake",
    "1",
    "12",
    "1234",
    "12345",
    "iv",
    "XII",
    "mix",
    "dix",
    "dix-sept",
    "twenty",
    "twenty-one",
    "forty two",
    "one",
    "une",
    "un",
    "onze",
    "fünf",
    "sechs",
    "seven",
    "hundred",
    "nueve",
    "_",
    ": ",
    ". ",
    " - ",
    "x",
];

fn holds_to(scanner: fn(&str) -> Scan<'_>, pattern: &LazyLock<Regex>, lines: &[&str]) {
    let owned = |found: Option<(&str, &str)>| found.map(|(n, r)| (n.to_owned(), r.to_owned()));
    check::agree(
        WORDS,
        lines,
        |text| {
            let found = scanner(text);
            // On ASCII the scanner answers alone, and on prose opening with a
            // quotation mark or a dash.
            let punctuation_first = text
                .chars()
                .next()
                .is_some_and(|c| !c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace());
            assert!(
                !(text.is_ascii() || punctuation_first) || found != Scan::Unicode,
                "{text:?}"
            );
            owned(groups(found, pattern, text))
        },
        |text| {
            owned(pattern.captures(text).map(|caps| {
                let group = |i| caps.get(i).map_or("", |m| m.as_str());
                if caps.len() == 2 {
                    ("", group(1))
                } else {
                    (group(1), group(2))
                }
            }))
        },
    );
}

#[test]
fn the_scanners_answer_as_their_patterns() {
    let lines = [
        "Chapter 1",
        "Chapter 12345",
        "Chapter 1234: x",
        "CHAPTER IV.",
        "Chapter  #  3 — The Bridge",
        "Chapter#3",
        "Chapterseven",
        "Chapter seventy-two",
        "Chapter twenty-onex",
        "Chapter twenty one",
        "Chapter Forty Two: Home",
        "Chapter dix-septx",
        "Chapter mmmmmmmmmmmmm",
        "Chapter xii_",
        "Chapter 3\nmore",
        "Chapter\n3",
        "Chap. 4",
        "Chap.4",
        "Ch 5",
        "Ch. 6 - Six",
        "Ch.",
        "Chapters 3",
        "Chapter One’s End",
        "Chapter 3: The Girl’s Name",
        "“Chapter one,” she said.",
        "“I can’t,” she said.",
        "— One more thing.",
        "…and then",
        "Chapter 3’",
        "Chapter\u{A0}3",
        "Chapter ٣",
        "\u{212A}apitel 3",
        "Rozdział 2",
        "Глава 5",
        "Capítulo 4",
        "Part 2",
        "Parte 2",
        "Part Two: Home",
        "Part\t3",
        "Vol. 2",
        "Book of Names",
        "Prologue",
        "Prologue: Before",
        "Prologues",
        "Prolog 1",
        "Prologo",
        "Prólogo",
        "Épilogue",
        "Epilogue\nx",
        "Interlude - Planning",
    ];
    holds_to(chapter, &CHAPTER, &lines);
    holds_to(container, &CONTAINER, &lines);
    holds_to(named, &NAMED, &lines);
    holds_to(numbered_title, &NUMBERED_TITLE, &lines);
    holds_to(numbered_bare, &NUMBERED_BARE, &lines);
}

#[test]
fn the_numbered_scanners_answer_as_their_patterns() {
    let lines = [
        "1. Prologue",
        "12. x",
        "123. x",
        "1234. x",
        "1 - x",
        "1 -x",
        "1- x",
        "1-x",
        "1 — The Bridge",
        "1—x",
        "1 —\u{A0}x",
        "II. The Bridge",
        "ii. the bridge",
        "IIIIIIII: x",
        "IIIIIIIII: x",
        "I could not do less.",
        "I - x",
        "One: Home",
        "One:Home",
        "one of her sisters",
        "un: x",
        "une: x",
        "Twenty-one) x",
        "Twenty one - x",
        "twenty -x",
        "Three:\nHome",
        "Three: \n",
        "Three:  ",
        "1) x",
        "1 ) x",
        "1",
        "~1~",
        "-1-",
        "[1]",
        "(12)",
        "~*~ One ~*~",
        "~*~*~*~1",
        "~*~*~*1",
        "1~*~*~*~",
        "1 ~*~*~",
        "•II•",
        "\u{3000}III\u{3000}",
        "1234",
        "IX",
        "Twenty-Two",
        "Seven.",
        "١",
        "\u{17F}ix",
        "Dix-sept",
    ];
    holds_to(numbered_title, &NUMBERED_TITLE, &lines);
    holds_to(numbered_bare, &NUMBERED_BARE, &lines);
}
