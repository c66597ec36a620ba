//! HTML from a tag-soup grammar: archive-shaped skeletons (AO3's `dl.tags` preface and
//! `div.userstuff`, fanfiction.net's `#storytext`, journal entries, FanFicFare's
//! header), random trees of real and invented tags with classes taken from the real
//! downloads, unclosed and stray tags, entities, `<br>` runs, `<hr>`, comments, and
//! the shapes that make HTML tree building expensive (deep nesting, many distinct
//! formatting elements reopened by every block, tables that foster-parent).

use std::fmt::Write as _;
use std::sync::OnceLock;

use super::rng::Rng;
use super::story;

const TAGS: &[&str] = &[
    "div",
    "p",
    "p",
    "p",
    "span",
    "a",
    "i",
    "em",
    "b",
    "strong",
    "u",
    "s",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dl",
    "dt",
    "dd",
    "ul",
    "ol",
    "li",
    "blockquote",
    "center",
    "font",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "pre",
    "code",
    "sup",
    "sub",
    "img",
    "script",
    "style",
    "noscript",
    "svg",
    "math",
    "template",
    "iframe",
    "textarea",
    "title",
    "head",
    "body",
    "html",
    "select",
    "option",
    "form",
    "input",
    "nav",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "small",
    "big",
    "strike",
    "del",
    "ins",
    "abbr",
    "details",
    "summary",
    "figure",
    "xmp",
    "plaintext",
    "frameset",
    "object",
    "ruby",
    "rt",
    "wbr",
    "mark",
    "cite",
    "q",
    "tt",
    "nobr",
    "foreignObject",
    "desc",
    "annotation-xml",
    "x-custom",
    "o:p",
    "epub:switch",
];

const CLASSES: &[&str] = &[
    "userstuff",
    "tags",
    "meta",
    "work meta group",
    "rating tags",
    "warning tags",
    "category tags",
    "fandom tags",
    "relationship tags",
    "character tags",
    "freeform tags",
    "language",
    "stats",
    "series",
    "published",
    "words",
    "chapters",
    "tag",
    "heading",
    "title heading",
    "byline heading",
    "preface group",
    "summary module",
    "notes module",
    "chapter",
    "end notes module",
    "landmark heading",
    "toc-heading",
    "message",
    "meta group",
    "entry-content",
    "entry-title",
    "entry",
    "poster",
    "datetime",
    "comments",
    "xcontrast_txt",
    "storytext",
    "fff_chapter_notes",
    "fff_chapter_title",
    "ptag",
    "tag-list",
    "divider",
    "commas",
    "kudos",
    "hidden",
    "position",
    "u",
    "module group",
    "afterword",
    "preface",
];

const IDS: &[&str] = &[
    "workskin",
    "chapters",
    "preface",
    "afterword",
    "storytext",
    "profile_top",
    "chap_select",
    "content",
    "main",
    "summary",
    "notes",
    "endnotes",
    "work",
    "header",
    "footer",
    "comments",
    "entry",
    "chapter-1",
    "chapter-2",
    "toc",
    "storycontent",
    "output",
];

const ENTITIES: &[&str] = &[
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&apos;",
    "&nbsp;",
    "&mdash;",
    "&hellip;",
    "&#8212;",
    "&#x2014;",
    "&#0;",
    "&#x1b;",
    "&#27;",
    "&#128;",
    "&#x9b;",
    "&#1114112;",
    "&#xD800;",
    "&#99999999999;",
    "&bogus;",
    "&amp",
    "&",
    "&#",
    "&#x",
    "&lt;p&gt;",
    "&AMP;",
    "&notit;",
    "&NotNestedGreaterGreater;",
    "&#x202e;",
    "&#65279;",
];

/// Opening tags from the real HTML files (with their classes and ids), so generated
/// trees look like the archives' markup.
fn real_tags() -> &'static [String] {
    static TAGS: OnceLock<Vec<String>> = OnceLock::new();
    TAGS.get_or_init(|| {
        let mut tags = Vec::new();
        for bytes in super::corpus::files(&["html", "htm", "xhtml"]) {
            let text = String::from_utf8_lossy(&bytes);
            for (at, _) in text.match_indices('<') {
                let rest = &text[at..];
                let Some(end) = rest.find('>') else { break };
                let tag = &rest[..=end];
                if tag.len() < 300
                    && tag.as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic)
                    && (tag.contains("class=") || tag.contains("id="))
                {
                    tags.push(tag.to_owned());
                }
            }
        }
        tags.sort();
        tags.dedup();
        tags
    })
}

fn attrs(rng: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..rng.count(3) {
        let _ = match rng.below(8) {
            0 | 1 => write!(out, r#" class="{}""#, rng.pick(CLASSES)),
            2 => write!(out, r#" id="{}""#, rng.pick(IDS)),
            3 => write!(
                out,
                r#" href="{}""#,
                rng.pick(&[
                    "#",
                    "https://archiveofourown.org/works/1/chapters/2",
                    "/works/1",
                    "ch1.xhtml#x",
                    "javascript:void(0)",
                    "mailto:a@b"
                ])
            ),
            4 => write!(
                out,
                r#" style="{}""#,
                rng.pick(&[
                    "display:none",
                    "text-align:center",
                    "font-weight:bold",
                    "font-style:italic",
                    "x"
                ])
            ),
            5 => write!(out, r#" rel="author""#),
            6 => write!(
                out,
                r#" {}="{}""#,
                rng.junk_upto(8).replace(['"', '>', ' ', '=', '/'], ""),
                rng.junk_upto(8).replace('"', "")
            ),
            _ => write!(
                out,
                " class={}",
                rng.pick(CLASSES).split(' ').next().unwrap_or("x")
            ),
        };
    }
    out
}

fn text(rng: &mut Rng, out: &mut String) {
    match rng.below(8) {
        0 => out.push_str(rng.pick(ENTITIES)),
        1 => {
            for _ in 0..=rng.count(20) {
                out.push_str(rng.pick(&["<br>", "<br/>", "<br />", "<BR>", "</br>"]));
            }
        }
        2 => out.push_str(story::scene_break(rng)),
        _ => out.push_str(&story::prose(rng).replace('<', "&lt;")),
    }
}

/// A random tree, `depth` levels at most.
fn soup(rng: &mut Rng, depth: usize, out: &mut String) {
    for _ in 0..rng.count(8) {
        if depth == 0 || rng.chance(2, 5) {
            text(rng, out);
            continue;
        }
        let real = real_tags();
        if !real.is_empty() && rng.chance(1, 4) {
            let open = rng.pick_ref(real).clone();
            out.push_str(&open);
            let name: String = open[1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == ':' || *c == '-')
                .collect();
            soup(rng, depth - 1, out);
            let _ = write!(out, "</{name}>");
            continue;
        }
        let tag = rng.pick(TAGS);
        let _ = write!(out, "<{tag}{}>", attrs(rng));
        soup(rng, depth - 1, out);
        match rng.below(10) {
            0 => {} // unclosed
            1 => {
                let _ = write!(out, "</{}>", rng.pick(TAGS));
            } // the wrong close
            _ => {
                let _ = write!(out, "</{tag}>");
            }
        }
    }
}

fn dl_tags(rng: &mut Rng, out: &mut String) {
    out.push_str(r#"<dl class="tags">"#);
    for _ in 0..rng.count(12) {
        let (label, value) = story::field(rng);
        let _ = write!(out, "<dt>{label}:</dt><dd>{}</dd>", escape(&value));
    }
    out.push_str("</dl>");
}

fn ao3_meta(rng: &mut Rng, out: &mut String) {
    out.push_str(r#"<dl class="work meta group">"#);
    for class in [
        "rating",
        "warning",
        "category",
        "fandom",
        "relationship",
        "character",
        "freeform",
    ] {
        if rng.chance(1, 5) {
            continue;
        }
        let _ = write!(
            out,
            r#"<dt class="{class} tags">{class}:</dt><dd class="{class} tags"><ul class="commas">"#
        );
        for _ in 0..=rng.count(6) {
            let value = match class {
                "rating" => story::rating(rng).to_owned(),
                "fandom" => story::fandom(rng).to_owned(),
                "relationship" | "character" => story::people(rng),
                _ => story::words(rng),
            };
            let _ = write!(
                out,
                r#"<li><a class="tag" href="/tags/x/works">{}</a></li>"#,
                escape(&value)
            );
        }
        out.push_str("</ul></dd>");
    }
    let _ = write!(
        out,
        r#"<dt class="stats">Stats:</dt><dd class="stats"><dl class="stats"><dt class="published">Published:</dt><dd class="published">{}</dd><dt class="words">Words:</dt><dd class="words">{}</dd><dt class="chapters">Chapters:</dt><dd class="chapters">{}/{}</dd></dl></dd></dl>"#,
        story::date(rng),
        rng.count(100_000),
        rng.count(50),
        rng.pick(&["?", "1", "10", "0", ""]),
    );
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

fn body(rng: &mut Rng, out: &mut String) {
    match rng.below(6) {
        // AO3's download.
        0 => {
            out.push_str(r#"<div id="preface"><p class="message"><b>"#);
            out.push_str(&escape(&story::words(rng)));
            let _ = write!(
                out,
                r#"</b><br/>Posted originally on the <a href="https://archiveofourown.org/">Archive of Our Own</a> at <a href="https://archiveofourown.org/works/{}">x</a>.</p><div class="meta">"#,
                rng.count(99_999_999)
            );
            dl_tags(rng, out);
            let _ = write!(
                out,
                r#"<h1>{}</h1><div class="byline">by <a rel="author" href="/users/x">{}</a></div>"#,
                escape(&story::words(rng)),
                escape(story::name(rng))
            );
            out.push_str(r#"<p>Summary</p><blockquote class="userstuff">"#);
            soup(rng, 3, out);
            out.push_str(r#"</blockquote></div></div><div id="chapters" class="userstuff">"#);
            for _ in 0..rng.count(8) {
                let _ = write!(
                    out,
                    r#"<h2 class="toc-heading">{}</h2><div class="userstuff">"#,
                    escape(&story::heading(rng))
                );
                soup(rng, 4, out);
                out.push_str("</div>");
            }
            out.push_str(r#"</div><div id="afterword"><div class="endnotes">"#);
            soup(rng, 2, out);
            out.push_str("</div></div>");
        }
        // AO3's web page.
        1 => {
            out.push_str(r#"<div id="workskin"><div class="wrapper">"#);
            ao3_meta(rng, out);
            let _ = write!(
                out,
                r#"</div><div class="preface group"><h2 class="title heading">{}</h2><h3 class="byline heading"><a rel="author" href="/users/a/pseuds/a">{}</a></h3><div class="summary module"><h3 class="heading">Summary:</h3><blockquote class="userstuff">"#,
                escape(&story::words(rng)),
                escape(story::name(rng))
            );
            soup(rng, 2, out);
            out.push_str(r#"</blockquote></div></div><div id="chapters" role="article">"#);
            for n in 1..=1 + rng.count(6) {
                let _ = write!(
                    out,
                    r#"<div class="chapter" id="chapter-{n}"><div class="chapter preface group"><h3 class="title"><a href="/works/1/chapters/{n}">Chapter {n}</a>: {}</h3></div><div class="userstuff module" role="article"><h3 class="landmark heading" id="work">Chapter Text</h3>"#,
                    escape(&story::words(rng))
                );
                soup(rng, 4, out);
                out.push_str("</div></div>");
            }
            out.push_str("</div></div>");
        }
        // fanfiction.net.
        2 => {
            let _ = write!(
                out,
                r#"<div id="profile_top"><b class="xcontrast_txt">{}</b><span class="xcontrast_txt">By:</span> <a class="xcontrast_txt" href="/u/1/x">{}</a><div class="xcontrast_txt">{}</div><span class="xgray xcontrast_txt">{}</span></div>"#,
                escape(&story::words(rng)),
                escape(story::name(rng)),
                escape(&story::prose(rng)),
                escape(&story::line(rng))
            );
            out.push_str(r#"<select id="chap_select">"#);
            for n in 1..=rng.count(10) {
                let _ = write!(
                    out,
                    r#"<option value="{n}">{n}. {}"#,
                    escape(&story::words(rng))
                );
            }
            out.push_str(r#"</select><div role="main" id="storytext" class="storytext xcontrast_txt nocopy">"#);
            soup(rng, 4, out);
            out.push_str("</div>");
        }
        // A journal entry.
        3 => {
            let _ = write!(
                out,
                r#"<div class="entry"><h3 class="entry-title"><a href="https://x.dreamwidth.org/1.html">{}</a></h3><span class="poster"><span lj:user="x" class="ljuser">x</span></span><span class="datetime">{}</span><div class="entry-content">"#,
                escape(&story::words(rng)),
                story::date(rng)
            );
            for _ in 0..rng.count(10) {
                let (label, value) = story::field(rng);
                let _ = write!(out, "<b>{}:</b> {}<br />", escape(&label), escape(&value));
            }
            soup(rng, 4, out);
            out.push_str(
                r#"</div><div class="tag"><ul><li><a rel="tag">x</a></li></ul></div></div>"#,
            );
        }
        // FanFicFare's HTML.
        4 => {
            let _ = write!(
                out,
                r#"<h1><a href="http://test1.com?sid=1">{}</a> by <a href="http://author/url">{}</a></h1><div>"#,
                escape(&story::words(rng)),
                escape(story::name(rng))
            );
            for _ in 0..rng.count(14) {
                let (label, value) = story::field(rng);
                let _ = writeln!(out, "<b>{}:</b> {}<br />", escape(&label), escape(&value));
            }
            out.push_str("</div><p>Table of Contents</p>");
            for n in 1..=rng.count(8) {
                let _ = write!(
                    out,
                    r#"<h2><a name="section{n}">{}</a></h2>"#,
                    escape(&story::heading(rng))
                );
                soup(rng, 3, out);
            }
        }
        _ => soup(rng, 6, out),
    }
}

/// Shapes whose tree building cost per element is the danger.
fn expensive(rng: &mut Rng, out: &mut String) {
    let n = 1 + rng.count(200_000);
    match rng.below(8) {
        0 => {
            let tag = rng.pick(&[
                "div",
                "i",
                "blockquote",
                "span",
                "font",
                "ul",
                "table",
                "a",
                "p",
                "svg",
                "li",
                "dl",
            ]);
            for _ in 0..n {
                let _ = write!(out, "<{tag}>");
            }
            out.push_str("deep");
        }
        1 => {
            // Distinct formatting elements (attributes defeat the Noah's Ark clause)
            // reconstructed by every following paragraph.
            let k = 1 + rng.count(2_000);
            for i in 0..k {
                let _ = write!(
                    out,
                    r#"<{} class="c{i}">"#,
                    rng.pick(&[
                        "b", "i", "em", "font", "u", "s", "strong", "nobr", "big", "small", "tt",
                        "a"
                    ])
                );
            }
            for _ in 0..=n / 10 {
                out.push_str("<p>x");
            }
        }
        2 => {
            for _ in 0..n {
                out.push_str(rng.pick(&["<table><tr><td>", "<table>x", "<td>", "<tr>x<b>"]));
            }
        }
        3 => {
            for _ in 0..n {
                out.push_str(rng.pick(&[
                    "<br>",
                    "<hr>",
                    "<p>&nbsp;</p>",
                    "<p></p>",
                    "<p>* * *</p>",
                    "<br/>\n",
                ]));
            }
        }
        4 => {
            for _ in 0..n {
                out.push_str(rng.pick(&[
                    "<a>",
                    "<a href=x>",
                    "</a>",
                    "<b><p>",
                    "</b>",
                    "<i>x</p>",
                ]));
            }
        }
        5 => {
            let _ = write!(out, "<p>{}</p>", "word ".repeat(n));
        }
        6 => {
            for _ in 0..n {
                out.push_str(rng.pick(ENTITIES));
            }
        }
        _ => {
            for _ in 0..=n / 4 {
                let (label, value) = story::field(rng);
                let _ = write!(out, "<dt>{label}:</dt><dd>{}</dd>", escape(&value));
            }
        }
    }
}

/// The head and prologue, with the encodings and declarations parsers sniff.
fn head(rng: &mut Rng, out: &mut String) {
    match rng.below(6) {
        0 => out.push_str(r#"<?xml version="1.0" encoding="utf-8"?>"#),
        1 => out.push_str(r#"<?xml version="1.0" encoding="windows-1252"?>"#),
        2 => out.push('\u{feff}'),
        _ => {}
    }
    if rng.chance(2, 3) {
        out.push_str(rng.pick(&[
            "<!DOCTYPE html>",
            r#"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">"#,
            "<!doctype html system>",
            "<!DOCTYPE html [<!ENTITY x \"&#x26;x;&#x26;x;\">]>",
        ]));
    }
    out.push_str(r#"<html xmlns="http://www.w3.org/1999/xhtml"><head>"#);
    if rng.chance(1, 2) {
        let _ = write!(
            out,
            r#"<meta charset="{}">"#,
            rng.pick(&[
                "utf-8",
                "windows-1252",
                "iso-8859-1",
                "utf-16",
                "x-user-defined",
                "shift_jis",
                "iso-2022-jp",
                "bogus",
                ""
            ])
        );
    }
    if rng.chance(1, 3) {
        let _ = write!(
            out,
            r#"<meta http-equiv="Content-Type" content="text/html; charset={}">"#,
            rng.pick(&["utf-8", "windows-1252", "gb18030", "koi8-r"])
        );
    }
    let _ = write!(out, "<title>{}</title>", escape(&story::words(rng)));
    if rng.chance(1, 4) {
        let _ = write!(
            out,
            r#"<meta name="{}" content="{}">"#,
            rng.pick(&["author", "description", "dc.title", "generator", "keywords"]),
            escape(&story::prose(rng)).replace('"', "&quot;")
        );
    }
    if rng.chance(1, 5) {
        out.push_str(
            "<style>p{margin:0} .userstuff{}</style><script>var a = '<p>not text</p>';</script>",
        );
    }
    out.push_str("</head><body>");
}

/// A whole HTML file.
pub fn document(rng: &mut Rng) -> String {
    let mut out = String::new();
    if rng.chance(5, 6) {
        head(rng, &mut out);
    }
    body(rng, &mut out);
    if rng.chance(1, 12) {
        expensive(rng, &mut out);
    }
    if rng.chance(1, 20) {
        out.push_str(
            "<!-- a comment -- with -- dashes --><![CDATA[ <p>cdata</p> ]]><?php echo 1 ?>",
        );
    }
    if rng.chance(4, 5) {
        out.push_str("</body></html>");
    }
    out
}

/// A chapter body: what goes inside an XHTML file's `<body>`.
pub fn fragment(rng: &mut Rng) -> String {
    let mut out = String::new();
    if rng.chance(1, 2) {
        let _ = write!(
            out,
            "<h{n}>{}</h{n}>",
            escape(&story::heading(rng)),
            n = rng.range(1, 3)
        );
    }
    if rng.chance(1, 3) {
        body(rng, &mut out);
    } else {
        soup(rng, 5, &mut out);
    }
    if rng.chance(1, 25) {
        expensive(rng, &mut out);
    }
    out
}

pub const DICTIONARY: &[&str] = &[
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<br>",
    "<br/>",
    "<hr>",
    "<i>",
    "</i>",
    "<b>",
    "</b>",
    r#"<dl class="tags">"#,
    "<dt>",
    "</dt>",
    "<dd>",
    "</dd>",
    r#"<div class="userstuff">"#,
    r#"<div id="chapters">"#,
    r#"<div id="storytext">"#,
    "<table>",
    "<td>",
    "<a href=\"#\">",
    "&amp;",
    "&nbsp;",
    "&#0;",
    "&#x1b;",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<script>",
    "</script>",
    "<style>",
    "<svg>",
    "<math>",
    "<template>",
    "<title>",
    "</title>",
    "<h2>",
    "</h2>",
    "* * *",
    "<meta charset=\"windows-1252\">",
    "<?xml version=\"1.0\" encoding=\"utf-16\"?>",
    "<",
    ">",
    "\"",
    "'",
    "=",
    "</",
    "/>",
    "Rating:",
    "Pairing:",
    "Chapter 1",
];
