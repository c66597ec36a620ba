//! Builds small EPUB (zip) files in memory for tests, including hostile ones: a
//! hand-written zip writer so a test can declare sizes that lie and stream a
//! deflate bomb without ever holding the inflated bytes.

#![allow(dead_code, clippy::format_push_string)]

use flate2::{Compress, Compression, FlushCompress};

/// One zip entry's bytes as stored, and what the headers claim.
pub struct Entry {
    pub name: String,
    /// Stored (0) or deflated (8).
    pub method: u16,
    pub data: Vec<u8>,
    pub crc: u32,
    pub size: u32,
}

impl Entry {
    /// An uncompressed entry.
    pub fn stored(name: &str, data: &[u8]) -> Self {
        let mut crc = flate2::Crc::new();
        crc.update(data);
        Self {
            name: name.to_owned(),
            method: 0,
            data: data.to_vec(),
            crc: crc.sum(),
            size: u32::try_from(data.len()).expect("small entry"),
        }
    }

    /// A deflated entry that inflates to `total` zero bytes (written in ~1 MB
    /// compressed per GB) while its headers claim `claimed` bytes; `with_crc` gives
    /// it a valid checksum (costly for big totals in a debug build).
    pub fn zero_bomb(name: &str, total: u64, claimed: u32, with_crc: bool) -> Self {
        const CHUNK: usize = 1 << 20;
        let zeros = vec![0u8; CHUNK];
        let mut compress = Compress::new(Compression::best(), false);
        let mut first = Vec::with_capacity(CHUNK);
        compress
            .compress_vec(&zeros, &mut first, FlushCompress::Sync)
            .expect("deflate");
        // A second sync-flushed megabyte only refers back to zeros, so it can be
        // repeated as often as wanted.
        let mut repeat = Vec::with_capacity(CHUNK);
        compress
            .compress_vec(&zeros, &mut repeat, FlushCompress::Sync)
            .expect("deflate");
        let mut finish = Vec::with_capacity(64);
        compress
            .compress_vec(&[], &mut finish, FlushCompress::Finish)
            .expect("deflate");
        let chunks = total / CHUNK as u64;
        let mut data = first;
        for _ in 1..chunks {
            data.extend_from_slice(&repeat);
        }
        data.extend_from_slice(&finish);
        let mut crc = flate2::Crc::new();
        if with_crc {
            for _ in 0..chunks {
                crc.update(&zeros);
            }
        }
        Self {
            name: name.to_owned(),
            method: 8,
            data,
            crc: crc.sum(),
            size: claimed,
        }
    }
}

/// Writes a zip archive of the entries.
pub fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for entry in entries {
        let offset = u32::try_from(out.len()).expect("small zip");
        let name = entry.name.as_bytes();
        let compressed = u32::try_from(entry.data.len()).expect("small entry");
        let name_len = u16::try_from(name.len()).expect("short name");
        // Local file header.
        out.extend(0x0403_4b50u32.to_le_bytes());
        out.extend(20u16.to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(entry.method.to_le_bytes());
        out.extend([0u8; 4]);
        out.extend(entry.crc.to_le_bytes());
        out.extend(compressed.to_le_bytes());
        out.extend(entry.size.to_le_bytes());
        out.extend(name_len.to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(name);
        out.extend(&entry.data);
        // Central directory header.
        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend(20u16.to_le_bytes());
        central.extend(20u16.to_le_bytes());
        central.extend(0u16.to_le_bytes());
        central.extend(entry.method.to_le_bytes());
        central.extend([0u8; 4]);
        central.extend(entry.crc.to_le_bytes());
        central.extend(compressed.to_le_bytes());
        central.extend(entry.size.to_le_bytes());
        central.extend(name_len.to_le_bytes());
        central.extend([0u8; 12]);
        central.extend(offset.to_le_bytes());
        central.extend(name);
    }
    let central_at = u32::try_from(out.len()).expect("small zip");
    let central_len = u32::try_from(central.len()).expect("small zip");
    let count = u16::try_from(entries.len()).expect("few entries");
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(central_len.to_le_bytes());
    out.extend(central_at.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// The standard container pointing at `opf`.
pub fn container(opf: &str) -> Entry {
    Entry::stored(
        "META-INF/container.xml",
        format!(
            r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="{opf}" media-type="application/oebps-package+xml"/></rootfiles></container>"#
        )
        .as_bytes(),
    )
}

/// An XHTML page with this body.
pub fn xhtml(title: &str, body: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>{title}</title></head><body>{body}</body></html>"#
    )
    .into_bytes()
}

/// A minimal EPUB 3: package `EPUB/package.opf`, a nav document, and the given
/// chapter bodies (`EPUB/ch1.xhtml` …), all linear, plus a non-linear cover.
pub fn epub3(title: &str, chapters: &[(&str, &str)]) -> Vec<u8> {
    let mut manifest = String::from(
        r#"<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/><item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>"#,
    );
    let mut spine = String::from(r#"<itemref idref="cover" linear="no"/>"#);
    let mut nav = String::new();
    let mut entries = vec![
        Entry::stored("mimetype", b"application/epub+zip"),
        container("EPUB/package.opf"),
    ];
    for (i, (chapter_title, body)) in chapters.iter().enumerate() {
        let n = i + 1;
        manifest.push_str(&format!(
            r#"<item id="c{n}" href="text/ch{n}.xhtml" media-type="application/xhtml+xml"/>"#
        ));
        spine.push_str(&format!(r#"<itemref idref="c{n}"/>"#));
        nav.push_str(&format!(
            r#"<li><a href="text/ch{n}.xhtml">{chapter_title}</a></li>"#
        ));
        entries.push(Entry::stored(
            &format!("EPUB/text/ch{n}.xhtml"),
            &xhtml(chapter_title, body),
        ));
    }
    let opf = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="uid">urn:uuid:0</dc:identifier>
<dc:title>{title}</dc:title>
<dc:creator id="a1">Ann Author</dc:creator><meta refines="\#a1" property="role">aut</meta>
<dc:language>en</dc:language>
<dc:subject>Smallville</dc:subject><dc:subject>Clark Kent/Lex Luthor</dc:subject>
<dc:source>https://example.org/story/1</dc:source>
<dc:description>&lt;p&gt;First &lt;i&gt;para&lt;/i&gt;.&lt;/p&gt;&lt;p&gt;Second.&lt;/p&gt;</dc:description>
</metadata>
<manifest>{manifest}</manifest>
<spine>{spine}</spine>
</package>"#
    );
    entries.push(Entry::stored("EPUB/package.opf", opf.as_bytes()));
    entries.push(Entry::stored(
        "EPUB/nav.xhtml",
        &xhtml(
            "Contents",
            &format!(r#"<nav epub:type="toc"><h1>Contents</h1><ol>{nav}</ol></nav>"#),
        ),
    ));
    entries.push(Entry::stored(
        "EPUB/cover.xhtml",
        &xhtml("Cover", "<p>COVER TEXT</p>"),
    ));
    zip(&entries)
}
