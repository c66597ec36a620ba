//! EPUBs built with the hand-written zip writer from generated parts: a container
//! (right, wrong, missing, several rootfiles), an OPF (EPUB 2 or 3, metadata with raw
//! `&` and markup, manifests with repeated ids and bad paths, spines with repeats and
//! missing items), an NCX or a nav document, XHTML chapters from the HTML grammar,
//! entries stored or deflated with sizes that lie, and books that amplify: small files
//! that inflate to the most the limits allow. Real EPUBs are taken apart, their entries
//! mutated, and put back together.

use std::fmt::Write as _;
use std::io::{Cursor, Read, Write as _};
use std::sync::OnceLock;

use flate2::Compression;
use flate2::write::DeflateEncoder;

use super::epub::{Entry, zip};
use super::mutate::{MAX_INPUT, mutate};
use super::rng::Rng;
use super::{markup, story};

fn deflated(name: &str, data: &[u8], level: u32) -> Entry {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::new(level));
    encoder.write_all(data).expect("deflate to memory");
    let packed = encoder.finish().expect("deflate to memory");
    let stored = Entry::stored(name, data);
    Entry {
        method: 8,
        data: packed,
        ..stored
    }
}

/// Stored or deflated, sometimes with a size or checksum that lies.
fn entry(rng: &mut Rng, name: &str, data: &[u8]) -> Entry {
    let mut entry = if rng.chance(1, 2) {
        deflated(name, data, rng.range(0, 9) as u32)
    } else {
        Entry::stored(name, data)
    };
    match rng.below(30) {
        0 => entry.size = u32::MAX,
        1 => entry.size = 0,
        2 => entry.crc ^= 1,
        3 => entry.method = rng.pick(&[1, 9, 12, 14, 99, 0xffff]),
        _ => {}
    }
    entry
}

const DIRS: &[&str] = &[
    "OEBPS/", "EPUB/", "", "OPS/", "a/b/c/", "../", "/", "OEBPS\\", "%2e%2e/", "Text/",
];

fn path(rng: &mut Rng, stem: &str, ext: &str) -> String {
    match rng.below(12) {
        0 => format!("{}{stem}.{ext}", rng.pick(DIRS)),
        1 => format!("{stem} with space.{ext}"),
        2 => format!("{stem}%20x.{ext}"),
        3 => format!("{stem}.{ext}#frag"),
        4 => format!("./{stem}.{ext}"),
        5 => format!("{stem}é.{ext}"),
        _ => format!("{stem}.{ext}"),
    }
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

/// Text for the OPF: escaped, or raw (a bare `&` makes the XML invalid).
fn opf_text(rng: &mut Rng, text: &str) -> String {
    match rng.below(10) {
        0 => text.to_owned(),
        1 => format!("<![CDATA[{text}]]>"),
        2 => format!("{} &amp;amp; &#38; &#x26; &nbsp; &bogus;", esc(text)),
        _ => esc(text),
    }
}

struct Chapter {
    id: String,
    href: String,
    body: Vec<u8>,
}

fn chapter_body(rng: &mut Rng, title: &str) -> Vec<u8> {
    let fragment = markup::fragment(rng);
    match rng.below(40) {
        0..=4 => markup::document(rng).into_bytes(),
        5..=9 => fragment.into_bytes(),
        10 => {
            // Amplified: one fragment repeated into megabytes, deflated later.
            let times = 1 + rng.count((24 << 20) / fragment.len().max(1));
            let mut body = String::from(
                r#"<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body>"#,
            );
            for _ in 0..times {
                body.push_str(&fragment);
            }
            body.push_str("</body></html>");
            body.into_bytes()
        }
        _ => super::epub::xhtml(&esc(title), &fragment),
    }
}

fn opf(rng: &mut Rng, chapters: &[Chapter], toc: &str, version3: bool) -> String {
    let mut metadata = String::new();
    for _ in 0..=rng.count(2) {
        let title = story::words(rng);
        let _ = write!(metadata, "<dc:title>{}</dc:title>", opf_text(rng, &title));
    }
    for i in 0..rng.count(4) {
        let name = story::people(rng);
        if version3 {
            let _ = write!(
                metadata,
                r##"<dc:creator id="a{i}">{}</dc:creator><meta refines="#a{i}" property="role" scheme="marc:relators">{}</meta>"##,
                opf_text(rng, &name),
                rng.pick(&["aut", "edt", "bkp", "x"])
            );
        } else {
            let _ = write!(
                metadata,
                r#"<dc:creator opf:role="{}" opf:file-as="{}">{}</dc:creator>"#,
                rng.pick(&["aut", "edt", "bkp"]),
                esc(&name),
                opf_text(rng, &name)
            );
        }
    }
    for _ in 0..rng.count(12) {
        let subject = match rng.below(4) {
            0 => story::people(rng),
            1 => story::fandom(rng).to_owned(),
            2 => story::rating(rng).to_owned(),
            _ => story::words(rng),
        };
        let _ = write!(
            metadata,
            "<dc:subject>{}</dc:subject>",
            opf_text(rng, &subject)
        );
    }
    if rng.chance(2, 3) {
        let summary = format!("<p>{}</p><p>{}</p>", story::prose(rng), story::prose(rng));
        let _ = write!(
            metadata,
            "<dc:description>{}</dc:description>",
            opf_text(rng, &summary)
        );
    }
    for (element, value) in [
        (
            "dc:language",
            rng.pick(&["en", "en-US", "fr", "ja", "", "xx-invalid-language-tag"]),
        ),
        ("dc:date", story::date(rng)),
        (
            "dc:source",
            rng.pick(&[
                "https://archiveofourown.org/works/123",
                "https://www.fanfiction.net/s/1/1/",
                "http://test1.com?sid=1",
                "x",
            ]),
        ),
        ("dc:identifier", rng.pick(&["urn:uuid:0", "ao3:1", "", "&"])),
        (
            "dc:publisher",
            rng.pick(&["Archive of Our Own", "FanFiction.net", "test1.com"]),
        ),
    ] {
        if rng.chance(3, 4) {
            let _ = write!(metadata, "<{element}>{}</{element}>", opf_text(rng, value));
        }
    }
    if rng.chance(1, 3) {
        let _ = write!(
            metadata,
            r#"<meta name="calibre:series" content="{}"/><meta name="calibre:series_index" content="{}"/>"#,
            esc(&story::words(rng)),
            rng.pick(&["1", "2.5", "-1", "NaN", "1e308", "x"])
        );
    }
    for _ in 0..rng.count(3) {
        let (label, value) = story::field(rng);
        let _ = write!(
            metadata,
            r#"<meta property="{}">{}</meta>"#,
            esc(&label),
            opf_text(rng, &value)
        );
    }

    let mut manifest = String::new();
    let mut spine = String::new();
    if version3 {
        let _ = write!(
            manifest,
            r#"<item id="nav" href="{toc}" media-type="application/xhtml+xml" properties="nav"/>"#
        );
    } else {
        let _ = write!(
            manifest,
            r#"<item id="ncx" href="{toc}" media-type="application/x-dtbncx+xml"/>"#
        );
    }
    for chapter in chapters {
        let media = if rng.chance(1, 20) {
            rng.pick(&[
                "text/html",
                "image/jpeg",
                "text/css",
                "application/x-dtbncx+xml",
                "",
                "application/xhtml+xml; charset=utf-8",
            ])
        } else {
            "application/xhtml+xml"
        };
        let _ = write!(
            manifest,
            r#"<item id="{}" href="{}" media-type="{media}"/>"#,
            chapter.id,
            esc(&chapter.href)
        );
    }
    for _ in 0..rng.count(3) {
        let _ = write!(
            manifest,
            r#"<item id="{}" href="{}" media-type="application/xhtml+xml"/>"#,
            rng.pick(&["c1", "c2", "missing", "nav", "ncx", "opf"]),
            rng.pick(&[
                "missing.xhtml",
                "",
                "../../etc/passwd",
                "/abs.xhtml",
                "content.opf",
                "style.css",
                "http://example.org/x.xhtml",
                "data:text/html,<p>x</p>"
            ])
        );
    }
    let order: Vec<usize> = (0..chapters.len()).collect();
    for (n, i) in order.iter().enumerate() {
        let repeats = if rng.chance(1, 15) {
            1 + rng.count(5_000)
        } else {
            1
        };
        for _ in 0..repeats {
            let linear = match rng.below(12) {
                0 => r#" linear="no""#,
                1 => r#" linear="maybe""#,
                _ => "",
            };
            let _ = write!(spine, r#"<itemref idref="{}"{linear}/>"#, chapters[*i].id);
        }
        if rng.chance(1, 10) {
            let _ = write!(
                spine,
                r#"<itemref idref="{}"/>"#,
                rng.pick(&["missing", "nav", "ncx", "opf", "", "c0"])
            );
        }
        if n > 10_000 {
            break;
        }
    }
    let toc_attr = if version3 && rng.chance(2, 3) {
        ""
    } else {
        r#" toc="ncx""#
    };
    format!(
        r#"<?xml version="1.0" encoding="{enc}"?>
<package xmlns="http://www.idpf.org/2007/opf" xmlns:opf="http://www.idpf.org/2007/opf" version="{version}" unique-identifier="uid">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">{metadata}</metadata>
<manifest>{manifest}</manifest>
<spine{toc_attr}>{spine}</spine>
</package>"#,
        enc = rng.pick(&["utf-8", "utf-8", "UTF-8", "windows-1252", "utf-16"]),
        version = if version3 { "3.0" } else { "2.0" },
    )
}

fn ncx(rng: &mut Rng, chapters: &[Chapter]) -> String {
    let mut points = String::new();
    let mut open = 0;
    for (n, chapter) in chapters.iter().enumerate() {
        let _ = write!(
            points,
            r#"<navPoint id="p{n}" playOrder="{}"><navLabel><text>{}</text></navLabel><content src="{}"/>"#,
            rng.pick(&["1", "0", "-1", "x", "99999999999999999999"]),
            esc(&story::heading(rng)),
            esc(&chapter.href)
        );
        if rng.chance(1, 3) {
            open += 1;
        } else {
            points.push_str("</navPoint>");
        }
    }
    for _ in 0..open {
        points.push_str("</navPoint>");
    }
    if rng.chance(1, 30) {
        let depth = rng.count(50_000);
        points.push_str(
            &r#"<navPoint><navLabel><text>deep</text></navLabel><content src="c1.xhtml"/>"#
                .repeat(depth),
        );
        points.push_str(&"</navPoint>".repeat(depth));
    }
    format!(
        r#"<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head></head><docTitle><text>{}</text></docTitle><navMap>{points}</navMap></ncx>"#,
        esc(&story::words(rng))
    )
}

fn nav(rng: &mut Rng, chapters: &[Chapter]) -> Vec<u8> {
    let mut items = String::new();
    for chapter in chapters {
        let _ = write!(
            items,
            r#"<li><a href="{}">{}</a>"#,
            esc(&chapter.href),
            esc(&story::heading(rng))
        );
        if rng.chance(1, 6) {
            let _ = write!(
                items,
                r#"<ol><li><a href="{}#x">{}</a></li></ol>"#,
                esc(&chapter.href),
                esc(&story::words(rng))
            );
        }
        items.push_str("</li>");
    }
    super::epub::xhtml(
        "Contents",
        &format!(
            r#"<nav epub:type="toc"><h1>Contents</h1><ol>{items}</ol></nav><nav epub:type="landmarks"><ol><li><a epub:type="bodymatter" href="x.xhtml">Start</a></li></ol></nav>"#
        ),
    )
}

fn container(rng: &mut Rng, opf: &str) -> Vec<u8> {
    match rng.below(14) {
        0 => b"<container><rootfiles>".to_vec(),
        1 => br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles/></container>"#.to_vec(),
        2 => format!(r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="missing.opf" media-type="application/oebps-package+xml"/><rootfile full-path="{opf}" media-type="application/oebps-package+xml"/></rootfiles></container>"#).into_bytes(),
        3 => format!(r#"<?xml version="1.0"?><container><rootfiles><rootfile full-path="/{opf}"/></rootfiles></container>"#).into_bytes(),
        _ => format!(r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="{opf}" media-type="application/oebps-package+xml"/></rootfiles></container>"#).into_bytes(),
    }
}

/// A book at the edge of its budgets: stored filler makes it nearly [`MAX_INPUT`]
/// bytes, which buys the most inflation and markup a book may have, and its
/// chapters spend all of it (text, or as many elements as the tag budget allows).
fn budget_book(rng: &mut Rng) -> Vec<u8> {
    let filler_len = MAX_INPUT - 64 * 1024;
    let limits = ficread::format::epub::Limits::for_book(MAX_INPUT);
    let chapters = 1 + rng.count(20);
    // Room for the wrappers, the package and the container.
    let bytes = limits.total_bytes as usize - 4096 * chapters - rng.count(1 << 20);
    let tags = limits.total_tags as usize - 64 * chapters - 1024 - rng.count(1 << 10);
    let unit: String = match rng.below(5) {
        0 => "<br>".to_owned(),
        1 => "<p>a</p>".to_owned(),
        2 => "<i>a b</i> ".to_owned(),
        3 => format!("<p>{}</p>", story::prose(rng).replace('<', "")),
        _ => markup::fragment(rng),
    };
    let per_unit_tags = unit.matches('<').count().max(1);
    let per_unit_bytes = unit.len().max(1);
    let units = (tags / per_unit_tags).min(bytes / per_unit_bytes) / chapters;
    let body = unit.repeat(units.max(1));
    let mut manifest = String::new();
    let mut spine = String::new();
    let mut entries = vec![
        Entry::stored("mimetype", b"application/epub+zip"),
        super::epub::container("OEBPS/content.opf"),
    ];
    for n in 0..chapters {
        let _ = write!(
            manifest,
            r#"<item id="c{n}" href="c{n}.xhtml" media-type="application/xhtml+xml"/>"#
        );
        let _ = write!(spine, r#"<itemref idref="c{n}"/>"#);
        entries.push(deflated(
            &format!("OEBPS/c{n}.xhtml"),
            &super::epub::xhtml("c", &body),
            9,
        ));
    }
    let package = format!(
        r#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Budget</dc:title></metadata><manifest>{manifest}</manifest><spine>{spine}</spine></package>"#
    );
    entries.push(Entry::stored("OEBPS/content.opf", package.as_bytes()));
    let used: usize = entries
        .iter()
        .map(|e| e.data.len() + 2 * e.name.len() + 100)
        .sum();
    let filler: Vec<u8> = (0..filler_len.saturating_sub(used))
        .map(|_| rng.next_u64() as u8)
        .collect();
    entries.push(Entry::stored("OEBPS/images/cover.jpg", &filler));
    zip(&entries)
}

/// A generated book.
fn generated(rng: &mut Rng) -> Vec<u8> {
    let version3 = rng.chance(1, 2);
    let dir = rng.pick(&["OEBPS/", "EPUB/", "", "OPS/", "a/b/"]);
    let opf_name = format!(
        "{dir}{}",
        rng.pick(&["content.opf", "package.opf", "book.opf"])
    );
    let toc = if version3 { "nav.xhtml" } else { "toc.ncx" };
    let mut chapters = Vec::new();
    for n in 0..rng.count(20) {
        let title = story::heading(rng);
        chapters.push(Chapter {
            id: if rng.chance(1, 20) {
                "c0".to_owned()
            } else {
                format!("c{n}")
            },
            href: {
                let ext = rng.pick(&["xhtml", "xhtml", "html", "htm", "xml"]);
                path(rng, &format!("text/ch{n}"), ext)
            },
            body: chapter_body(rng, &title),
        });
    }
    let mut entries = Vec::new();
    if rng.chance(9, 10) {
        entries.push(Entry::stored(
            "mimetype",
            rng.pick(&[&b"application/epub+zip"[..], b"application/zip", b""]),
        ));
    }
    if rng.chance(19, 20) {
        let data = container(rng, &opf_name);
        entries.push(entry(rng, "META-INF/container.xml", &data));
    }
    let package = opf(rng, &chapters, toc, version3);
    entries.push(entry(rng, &opf_name, package.as_bytes()));
    let toc_data = if version3 {
        nav(rng, &chapters)
    } else {
        ncx(rng, &chapters).into_bytes()
    };
    entries.push(entry(rng, &format!("{dir}{toc}"), &toc_data));
    for chapter in &chapters {
        if rng.chance(1, 25) {
            continue; // listed, not in the zip
        }
        let href = chapter.href.split('#').next().unwrap_or_default();
        let name = href
            .strip_prefix('/')
            .map_or_else(|| format!("{dir}{href}"), str::to_owned);
        let big = chapter.body.len() > MAX_INPUT;
        let e = if big {
            deflated(&name, &chapter.body, 9)
        } else {
            entry(rng, &name, &chapter.body)
        };
        entries.push(e);
        if rng.chance(1, 30) {
            entries.push(entry(rng, &name, b"<p>a second entry of the same name</p>")); // duplicate name
        }
    }
    if rng.chance(1, 20) {
        let total = (1 + rng.count(4_000) as u64) << 20;
        entries.push(Entry::zero_bomb(
            &format!("{dir}bomb.xhtml"),
            total,
            rng.next_u64() as u32,
            false,
        ));
    }
    if rng.chance(1, 8) {
        // Stored filler raises the book's size, and with it its inflation budget.
        let used: usize = entries
            .iter()
            .map(|e| e.data.len() + 2 * e.name.len() + 100)
            .sum();
        let room = MAX_INPUT.saturating_sub(used + 1024);
        let len = if rng.chance(1, 2) {
            room
        } else {
            rng.count(room)
        };
        let filler: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
        entries.push(Entry::stored(&format!("{dir}images/cover.jpg"), &filler));
    }
    if rng.chance(1, 10) {
        let a = rng.below(entries.len());
        let b = rng.below(entries.len());
        entries.swap(a, b);
    }
    zip(&entries)
}

/// A book's entries: (name, bytes).
type Parts = Vec<(String, Vec<u8>)>;

/// The real EPUBs, taken apart.
fn real_books() -> &'static [Parts] {
    static BOOKS: OnceLock<Vec<Parts>> = OnceLock::new();
    BOOKS.get_or_init(|| {
        super::corpus::files(&["epub"])
            .into_iter()
            .filter_map(|bytes| {
                let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
                let mut entries = Vec::new();
                for i in 0..archive.len() {
                    let mut file = archive.by_index(i).ok()?;
                    let mut data = Vec::new();
                    file.read_to_end(&mut data).ok()?;
                    entries.push((String::from_utf8_lossy(file.name_raw()).into_owned(), data));
                }
                Some(entries)
            })
            .collect()
    })
}

/// Real books and their parts, for splicing and as mutation starts.
pub fn seeds() -> &'static [Vec<u8>] {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| super::corpus::files(&["epub"]))
}

fn mutated_real(rng: &mut Rng, book: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut entries = Vec::new();
    for (name, data) in book {
        let mut data = data.clone();
        let mut name = name.clone();
        if rng.chance(1, 4) {
            let other = book[rng.below(book.len())].1.clone();
            mutate(rng, &mut data, markup::DICTIONARY, &other);
        }
        if rng.chance(1, 40) {
            name = path(rng, &name, "");
        }
        if rng.chance(1, 40) {
            continue;
        }
        if rng.chance(1, 30) {
            let fragment = markup::fragment(rng);
            data = super::epub::xhtml("x", &fragment);
        }
        entries.push(entry(rng, &name, &data));
    }
    zip(&entries)
}

/// One EPUB input.
pub fn book(rng: &mut Rng) -> Vec<u8> {
    let books = real_books();
    let mut bytes = match rng.below(10) {
        0..=3 if !books.is_empty() => {
            let book = rng.pick_ref(books);
            mutated_real(rng, book)
        }
        4 if !seeds().is_empty() => {
            // Bytes of a real book, mutated: mostly rejected early, which is the point.
            let mut bytes = rng.pick_ref(seeds()).clone();
            let other = rng.pick_ref(seeds()).clone();
            mutate(rng, &mut bytes, markup::DICTIONARY, &other);
            bytes
        }
        5 if rng.chance(1, 4) => budget_book(rng),
        _ => generated(rng),
    };
    bytes.truncate(MAX_INPUT);
    bytes
}
