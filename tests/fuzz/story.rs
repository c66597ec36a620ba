//! Story text from realistic pieces: header fields, chapter headings, scene breaks,
//! journal and archive chrome, prose with emphasis, and hostile characters. Shared by
//! the text, HTML and EPUB generators.

use std::fmt::Write as _;

use super::rng::Rng;

const LABELS: &[&str] = &[
    "Title",
    "Author",
    "Authors",
    "By",
    "Pairing",
    "Pairings",
    "Relationship",
    "Relationships",
    "Ship",
    "Rating",
    "Rated",
    "Fandom",
    "Fandoms",
    "Category",
    "Categories",
    "Characters",
    "Character",
    "Warnings",
    "Warning",
    "Summary",
    "Disclaimer",
    "Status",
    "Words",
    "Word count",
    "Chapters",
    "Series",
    "Part",
    "Feedback",
    "Archive",
    "Archiving",
    "Spoilers",
    "Notes",
    "Author's Note",
    "A/N",
    "Published",
    "Updated",
    "Posted",
    "Language",
    "Genre",
    "Beta",
    "Betas",
    "Dedication",
    "Crossover",
    "Story URL",
    "Author URL",
    "Packaged",
    "Tags",
    "Additional Tags",
    "Content Warning",
    "Timeline",
    "Setting",
    "Email",
    "Website",
    "Date",
    "Length",
    "Type",
    "Complete",
    "Sequel to",
    "Prequel",
    "TITLE",
    "AUTHOR",
    "RATING",
];

const NAMES: &[&str] = &[
    "Clark Kent",
    "Lex Luthor",
    "Lex",
    "Clark",
    "Chloe Sullivan",
    "Lana Lang",
    "Buffy Summers",
    "Spike",
    "Xander Harris",
    "Willow",
    "Giles",
    "Harry Potter",
    "Draco Malfoy",
    "Hermione Granger",
    "Sam Winchester",
    "Dean Winchester",
    "Castiel",
    "Jack O'Neill",
    "Daniel Jackson",
    "Kiba",
    "Naruto",
    "Sasuke",
    "Steve Rogers",
    "Tony Stark",
    "Bucky Barnes",
    "Harry P.",
    "Draco M.",
    "Anne Author",
    "laura1b",
    "hils",
    "lexi",
    "Original Character(s)",
    "Reader",
    "Tenth Doctor",
    "Rose Tyler",
    "Jim Kirk",
    "Spock",
    "Aziraphale",
    "Crowley",
    "X",
    "A",
    "B",
    "日本 太郎",
    "Zoë",
    "D'Artagnan",
    "Mr. Darcy",
];

const FANDOMS: &[&str] = &[
    "Smallville",
    "Buffy the Vampire Slayer",
    "BtVS",
    "Harry Potter",
    "Supernatural",
    "Stargate SG-1",
    "SG-1",
    "Naruto",
    "Marvel Cinematic Universe",
    "MCU",
    "Star Trek",
    "Good Omens",
    "Doctor Who",
    "Angel: the Series",
    "Buffy: The Vampire Slayer (TV)",
    "Smallville/Buffy crossover",
    "Sherlock (TV)",
    "Pride and Prejudice - Jane Austen",
];

const RATINGS: &[&str] = &[
    "G",
    "PG",
    "PG-13",
    "R",
    "NC-17",
    "NC17",
    "K",
    "K+",
    "T",
    "M",
    "MA",
    "FR13",
    "FR15",
    "FR18",
    "FRAO",
    "General Audiences",
    "Teen And Up Audiences",
    "Mature",
    "Explicit",
    "Not Rated",
    "Fiction T",
    "Fiction M",
    "Adult",
    "18+",
    "13+",
    "Tweenie",
    "PG13",
    "R/NC-17",
];

const HEADINGS: &[&str] = &[
    "Chapter {n}",
    "Chapter {n}: {w}",
    "CHAPTER {N}",
    "Chapter {R}.",
    "Part {n}",
    "PART {R}",
    "{n}. {w}",
    "{n}",
    "{R}",
    "~{n}~",
    "Prologue",
    "Epilogue",
    "Interlude",
    "Book {R}",
    "VOLUME {R}",
    "Chapter {n} - {w}",
    "### {w}",
    "# {w}",
    "Chapter {w}",
    "第{n}章",
    "Chapter {n}, {w}",
    "* Chapter {n} *",
    "-{n}-",
    "[{n}/{n}]",
    "Part {n} of {n}",
];

const BREAKS: &[&str] = &[
    "* * *",
    "***",
    "~~~",
    "oOo",
    "xXx",
    "-x-x-",
    "~*~*~",
    "###",
    "---",
    "⁂",
    "* * * * *",
    "<hr>",
    "<hr/>",
    "_____",
    "=====",
    "o0o",
    "OoOoO",
    "~o~o~",
    "+++",
    "§",
    "…",
    "#",
    "*",
    "----------",
    "-o-o-o-",
    "::::",
    "· · ·",
    "❦",
    "(break)",
    "[scene break]",
];

const CHROME: &[&str] = &[
    "Posted by {name} on {date}",
    "[personal profile] {name}",
    "[livejournal.com profile] {name}",
    "{name}: ({w} by {name})",
    "Tags: {w}, {w}",
    "Current Mood: {w}",
    "Current Music: {w}",
    "( Read comments )",
    "12 comments",
    "Link | Leave a comment | Share",
    "Reply",
    "Thread",
    "Powered by Dreamwidth Studios",
    "Page 1 of 3",
    "Previous Entry | Next Entry",
    "This account has disabled anonymous posting.",
    "Flat | Top-Level Comments Only",
    "Back to top",
    "Kudos",
    "Comments",
    "Bookmark",
    "Share",
    "Chapter Index",
    "Next Chapter →",
    "← Previous Chapter",
    "Rated: Fiction {rating} - English - Romance/Drama - {name}, {name} - Chapters: {n} - Words: {n},{n}{n}{n} - Reviews: {n} - Favs: {n} - Follows: {n} - Updated: {n}/{n}/20{n}{n} - Published: {n}/{n}/20{n}{n} - Status: Complete - id: {n}{n}{n}{n}{n}",
    "{w} » {w} » {w}",
    "Author has written {n} stories for {w}.",
    "Story Text",
    "TABLE OF CONTENTS",
    "Table of Contents",
    "This story is No. {n} in the series \"{w}\".",
    "Packaged: 2026-01-01 04:51:07",
    "If you enjoyed this story, please send feedback to {name}",
    "The End",
    "TBC",
    "End file.",
    "You have reached the end of \"{w}\" – so far.",
    "~fin~",
    "Please review!",
    "Disclaimer: I own nothing.",
];

const WORDS: &[&str] = &[
    "the",
    "vampire",
    "farm",
    "Metropolis",
    "Sunnydale",
    "kiss",
    "fight",
    "alone",
    "Zurich",
    "morning",
    "after",
    "And",
    "Then",
    "Summer",
    "of",
    "Bronze",
    "storm",
    "home",
    "AU",
    "slash",
    "het",
    "gen",
    "angst",
    "fluff",
    "hurt/comfort",
    "smut",
    "PWP",
    "WIP",
    "complete",
    "sequel",
    "Kryptonite",
    "Stake",
    "Wand",
    "Hunt",
    "Gate",
    "Road",
    "Trip",
    "Part",
    "Chapter",
];

const SENTENCES: &[&str] = &[
    "She ran. He followed, *fast*, and _then_ stopped.",
    "\"What are you doing here?\" Lex asked.",
    "It was over.",
    "The Bronze was loud that night, louder than usual.",
    "a*b 5 * 3 snake_case_names * _ ** __ ***",
    "**bold** and __strong__ _unclosed",
    "*Later, in Zurich*",
    "He said -- no, he *shouted* -- that it was fine.",
    "Lex: \"Let's talk.\"",
    "A/N: thanks for reading",
    "(A/N: late)",
    "twenty-",
    "one wrapped--",
    "“Smart quotes,” she said, ‘and more’…",
    "emoji 🎉 *🎉* _é_ e\u{301}",
    "\u{202e}bidi\u{200b}zero",
    "\u{1b}[31mred\u{1b}[0m \u{7}bell \u{1b}]0;title\u{7} \u{9b}2J",
    "日本語の文章です。",
    "Ooo!",
    "\"...\"",
];

const DATES: &[&str] = &[
    "2012-05-03",
    "5/3/2012",
    "3 May 2012",
    "May 3, 2012",
    "2012/05/03",
    "03.05.12",
    "1975-03-15",
    "Jan 1st, 2009",
    "0000-00-00",
    "9999-99-99",
    "2012-13-45",
    "yesterday",
    "12 Jun 2023 10:00",
];

fn roman(n: usize) -> String {
    const ROMAN: &[(usize, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n.max(1);
    let mut out = String::new();
    for &(value, digits) in ROMAN {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// A name, a pairing or a list of them as fan fiction writes them.
pub fn people(rng: &mut Rng) -> String {
    let count = 1 + rng.count(4);
    let mut out = String::new();
    for i in 0..count {
        if i > 0 {
            out.push_str(rng.pick(&["/", ", ", " & ", " x ", "/", " and ", "; ", " + ", "|"]));
        }
        out.push_str(rng.pick(NAMES));
    }
    out
}

/// Fills a template's `{n}`, `{N}`, `{R}`, `{w}`, `{name}`, `{date}`, `{rating}`.
fn fill(rng: &mut Rng, template: &str) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        let key = &rest[start + 1..start + end];
        match key {
            "n" => {
                let n = if rng.chance(1, 20) {
                    rng.next_u64() as usize
                } else {
                    rng.count(60)
                };
                let _ = write!(out, "{n}");
            }
            "N" => out.push_str(rng.pick(&["ONE", "TWO", "THREE", "TEN", "TWENTY-ONE", "1", "IV"])),
            "R" => out.push_str(&roman(rng.count(40))),
            "w" => {
                for i in 0..=rng.count(5) {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(rng.pick(WORDS));
                }
            }
            "name" => out.push_str(rng.pick(NAMES)),
            "date" => out.push_str(rng.pick(DATES)),
            "rating" => out.push_str(rng.pick(RATINGS)),
            _ => out.push_str(key),
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

fn fill_pick(rng: &mut Rng, templates: &[&str]) -> String {
    let template = rng.pick(templates);
    fill(rng, template)
}

/// A header field's value for `label`.
fn value(rng: &mut Rng, label: &str) -> String {
    let lower = label.to_ascii_lowercase();
    match rng.below(8) {
        0 => rng.junk_upto(40),
        1 => String::new(),
        _ if lower.contains("pair")
            || lower.contains("ship")
            || lower.contains("relation")
            || lower.contains("charact") =>
        {
            people(rng)
        }
        _ if lower.contains("rat") => (rng.pick(RATINGS)).to_owned(),
        _ if lower.contains("fandom")
            || lower.contains("categor")
            || lower.contains("crossover") =>
        {
            let mut v = (rng.pick(FANDOMS)).to_owned();
            for _ in 0..rng.count(3) {
                v.push_str(rng.pick(&[", ", "/", " & ", " x "]));
                v.push_str(rng.pick(FANDOMS));
            }
            v
        }
        _ if lower.contains("date")
            || lower.contains("publish")
            || lower.contains("updated")
            || lower.contains("posted") =>
        {
            (rng.pick(DATES)).to_owned()
        }
        _ if lower.contains("word") || lower.contains("chapters") => fill_pick(
            rng,
            &[
                "{n}",
                "{n},{n}{n}{n}",
                "{n}/{n}",
                "{n}/?",
                "{n}k",
                "approx. {n}",
            ],
        ),
        _ if lower.contains("url") || lower.contains("archive") || lower.contains("site") => {
            fill_pick(
                rng,
                &[
                    "https://archiveofourown.org/works/{n}{n}{n}",
                    "https://www.fanfiction.net/s/{n}{n}{n}/1/",
                    "http://www.tthfanfic.org/Story-{n}{n}",
                    "https://{name}.livejournal.com/{n}.html",
                    "http://test1.com?sid={n}",
                    "javascript:alert(1)",
                    "file:///etc/passwd",
                ],
            )
        }
        _ if lower.contains("author") || lower == "by" => people(rng),
        _ => fill(rng, "{w}"),
    }
}

/// One line of a story file.
pub fn line(rng: &mut Rng) -> String {
    let mut line = match rng.below(16) {
        0..=2 => {
            let label = rng.pick(LABELS);
            let sep = rng.pick(&[": ", ":", " : ", ":\t", " - ", "：", ": ", ": "]);
            format!("{label}{sep}{}", value(rng, label))
        }
        3 => fill_pick(rng, HEADINGS),
        4 => (rng.pick(BREAKS)).to_owned(),
        5 => fill_pick(rng, CHROME),
        6 => String::new(),
        7 => rng.junk_upto(60),
        8 => format!("by {}", people(rng)),
        9 => fill(rng, "{w}"),
        _ => {
            let mut para = String::new();
            for i in 0..=rng.count(8) {
                if i > 0 {
                    para.push(' ');
                }
                para.push_str(rng.pick(SENTENCES));
            }
            para
        }
    };
    if rng.chance(1, 12) {
        let indent = rng.pick(&["  ", "\t", "        ", "\u{a0}\u{a0}", "\u{3000}", " "]);
        line.insert_str(0, indent);
    }
    if rng.chance(1, 30) {
        line.push_str("  ");
    }
    if rng.chance(1, 40) {
        // A very long line.
        let word = line.clone();
        let times = 1 + rng.count(20_000 / word.len().max(1));
        line = word.repeat(times);
    }
    line
}

/// A whole story file: an optional header block, chapters of prose with breaks, and
/// optional footer chrome, with mixed line endings.
pub fn text(rng: &mut Rng) -> String {
    let mut lines: Vec<String> = Vec::new();
    if rng.chance(2, 3) {
        if rng.chance(1, 2) {
            lines.push(fill(rng, "{w}"));
            lines.push(String::new());
            lines.push(format!("by {}", people(rng)));
            lines.push(String::new());
        }
        for _ in 0..rng.count(16) {
            let label = rng.pick(LABELS);
            lines.push(format!("{label}: {}", value(rng, label)));
        }
        lines.push(String::new());
    }
    let chapters = rng.count(12);
    for _ in 0..chapters.max(1) {
        if chapters > 0 {
            lines.push(fill_pick(rng, HEADINGS));
            lines.push(String::new());
        }
        for _ in 0..rng.count(40) {
            lines.push(line(rng));
            if rng.chance(2, 3) {
                lines.push(String::new());
            }
        }
    }
    for _ in 0..rng.count(4) {
        lines.push(fill_pick(rng, CHROME));
    }
    let mut out = String::new();
    let ending = rng.pick(&["\n", "\n", "\r\n", "\r", "\n\n"]);
    for line in lines {
        out.push_str(&line);
        out.push_str(if rng.chance(1, 50) {
            rng.pick(&["\n", "\r\n", "\r", "\u{2028}", "\u{85}"])
        } else {
            ending
        });
    }
    out
}

/// A paragraph's worth of inline text.
pub fn prose(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => line(rng),
        1 => rng.junk_upto(30),
        _ => (rng.pick(SENTENCES)).to_owned(),
    }
}

/// A header field line, for HTML preface blocks.
pub fn field(rng: &mut Rng) -> (String, String) {
    let label = rng.pick(LABELS);
    (label.to_owned(), value(rng, label))
}

pub fn fandom(rng: &mut Rng) -> &'static str {
    rng.pick(FANDOMS)
}

pub fn rating(rng: &mut Rng) -> &'static str {
    rng.pick(RATINGS)
}

pub fn heading(rng: &mut Rng) -> String {
    fill_pick(rng, HEADINGS)
}

pub fn scene_break(rng: &mut Rng) -> &'static str {
    rng.pick(BREAKS)
}

pub fn words(rng: &mut Rng) -> String {
    fill(rng, "{w}")
}

pub fn date(rng: &mut Rng) -> &'static str {
    rng.pick(DATES)
}

pub fn name(rng: &mut Rng) -> &'static str {
    rng.pick(NAMES)
}

/// Tokens for the byte mutator.
pub const DICTIONARY: &[&str] = &[
    "Title: ",
    "Author: ",
    "Pairing: ",
    "Rating: ",
    "Fandom: ",
    "Summary: ",
    "Chapter 1",
    "Chapter ",
    "* * *",
    "***",
    "~~~",
    "oOo",
    "\n\n",
    "\r\n",
    "\n",
    "by ",
    "Words: ",
    "Status: Complete",
    "A/N:",
    "The End",
    "TBC",
    "Rated: Fiction T - English",
    "[personal profile] ",
    "\u{feff}",
    "\u{1b}[",
    "\u{202e}",
    "\u{301}",
    "*",
    "_",
    " - ",
    "/",
    " & ",
];
