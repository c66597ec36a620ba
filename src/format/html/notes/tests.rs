use super::*;
use crate::document::{Block, Document, NoteRef};
use crate::format::html::{dom, generic};

fn read(html: &str) -> Document {
    let doc = generic::parse(&dom::parse_document(html));
    doc.check().expect("invariants");
    doc
}

/// Blocks of a page walked as story text, keeping everything before a heading.
fn walked(html: &str, path: &str) -> Vec<Block> {
    let dom = dom::parse_document(html);
    let index = lone(&dom);
    let body =
        crate::format::html::fields::find_in(&dom, |el| el.value().name() == "body").expect("body");
    let items = flow::walk_story(body, &mut flow::Generic, index.story(0, path));
    crate::format::html::breaks::build_chapters(items, true)
        .into_iter()
        .flat_map(|c| c.blocks)
        .collect()
}

fn blocks(doc: &Document) -> Vec<&Block> {
    doc.chapters.iter().flat_map(|c| &c.blocks).collect()
}

fn notes_of(block: &Block) -> Vec<(&str, Vec<&str>)> {
    block
        .notes()
        .iter()
        .map(|n: &NoteRef| {
            (
                &block.text()[n.range.clone()],
                n.paragraphs.iter().map(String::as_str).collect(),
            )
        })
        .collect()
}

/// Pandoc's shape (also calibre's and most EPUB 3 tools'): a `doc-noteref` link in
/// a `<sup>`, the notes in a closing section with a rule and back-links.
#[test]
fn pandoc_footnotes_become_markers() {
    let doc = read(
        r##"<html><body>
        <p>They had been wrong about the bridge, both of them.<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a> Then the rain came.</p>
        <p>Marta kept the ledger<a href="#fn2" class="footnote-ref" id="fnref2" role="doc-noteref"><sup>2</sup></a> dry.</p>
        <section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">
        <hr />
        <ol>
        <li id="fn1"><p>The old one, that is; the new bridge was never finished.<a href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a></p></li>
        <li id="fn2"><p>In a biscuit tin.<a href="#fnref2" class="footnote-back" role="doc-backlink">↩︎</a></p><p>Her mother's.</p></li>
        </ol>
        </section>
        </body></html>"##,
    );
    let all = blocks(&doc);
    let texts: Vec<&str> = all.iter().map(|b| b.text()).collect();
    assert_eq!(
        texts,
        [
            "They had been wrong about the bridge, both of them.¹ Then the rain came.",
            "Marta kept the ledger² dry.",
        ]
    );
    assert_eq!(
        notes_of(all[0]),
        [(
            "¹",
            vec!["The old one, that is; the new bridge was never finished."]
        )]
    );
    assert_eq!(
        notes_of(all[1]),
        [("²", vec!["In a biscuit tin.", "Her mother's."])]
    );
}

/// What AO3 authors type by hand: a numbered link in a `<sup>`, and at the chapter's
/// end a paragraph holding the target anchor, the number and a way back.
#[test]
fn hand_made_anchor_notes() {
    let doc = read(
        r##"<body><div class="userstuff">
        <p>The Ministry had rules about this sort of thing.<sup><a href="#note1" name="ref1">[1]</a></sup></p>
        <p>Nobody followed them.</p>
        <p><a name="note1"></a>[1] Seventeen of them, in fact. <a href="#ref1">(return to text)</a></p>
        </div></body>"##,
    );
    let all = blocks(&doc);
    let texts: Vec<&str> = all.iter().map(|b| b.text()).collect();
    assert_eq!(
        texts,
        [
            "The Ministry had rules about this sort of thing.¹",
            "Nobody followed them.",
        ]
    );
    assert_eq!(
        notes_of(all[0]),
        [("¹", vec!["Seventeen of them, in fact."])]
    );
}

/// A note whose number is itself the back-link: the link inside the note is no
/// marker, and the note does not swallow the paragraph it links back to.
#[test]
fn numbered_back_links_stay_out() {
    let doc = read(
        r##"<body>
        <p>She said yes<a id="r1" href="#n1">*</a> at once.</p>
        <p id="n1"><a href="#r1">*</a> Or something like yes.</p>
        </body>"##,
    );
    let all = blocks(&doc);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].text(), "She said yes* at once.");
    assert_eq!(notes_of(all[0]), [("*", vec!["Or something like yes."])]);
}

/// Links that are not notes keep their text: a contents list of chapter numbers
/// (targets hold headings), a link back up the page, another site, AO3's link to a
/// chapter's end notes (a word, not a marker).
#[test]
fn other_links_are_text() {
    let all = walked(
        r##"<body>
        <p id="top">Chapters: <a href="#c1">1</a> <a href="#c2">2</a></p>
        <div id="c1"><h2>One</h2><p>First words. See <a href="#c2">the second chapter</a>.</p></div>
        <div id="c2"><h2>Two</h2><p>Last words <a href="#top">2</a>, and <a href="https://example.org/#x">3</a>.</p>
        <p>(See the end of the chapter for <a href="#endnotes2">notes</a>.)</p>
        <div id="endnotes2"><p>Thank you for reading.</p></div></div>
        </body>"##,
        "",
    );
    assert!(all.iter().all(|b| b.notes().is_empty()));
    let text: Vec<&str> = all.iter().map(Block::text).collect();
    assert!(text.contains(&"Chapters: 1 2"), "{text:?}");
    assert!(text.contains(&"Last words 2, and 3."), "{text:?}");
    assert!(text.contains(&"Thank you for reading."), "{text:?}");
}

/// EPUB 3 asides are notes wherever they are, even before their marker.
#[test]
fn epub_asides_are_notes() {
    let html = r##"<html xmlns:epub="http://www.idpf.org/2007/ops"><body>
        <aside epub:type="footnote" id="a1"><p>A lie, as it turned out.</p></aside>
        <p>He swore he had never been there.<a epub:type="noteref" href="#a1">a</a></p>
        </body></html>"##;
    let doc = read(html);
    let all = blocks(&doc);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].text(), "He swore he had never been there.a");
    assert_eq!(notes_of(all[0]), [("a", vec!["A lie, as it turned out."])]);
}

/// A note pointed at from many places is copied into each marker, but never past
/// the budget: later markers stay plain link text.
#[test]
fn copied_note_text_is_bounded() {
    let note = "word ".repeat(3_000);
    let refs = 700;
    let mut html = String::from("<body><p>");
    for _ in 0..refs {
        html.push_str(r##"x<a href="#n">1</a> "##);
    }
    html.push_str(r#"</p><p id="n">"#);
    html.push_str(&note);
    html.push_str("</p></body>");
    let dom = dom::parse_document(&html);
    let index = lone(&dom);
    let page = index.page(0).expect("page");
    let copied: usize = page
        .markers
        .values()
        .map(|m| m.paragraphs.iter().map(String::len).sum::<usize>())
        .sum();
    assert!(copied <= MAX_TOTAL_BYTES, "{copied}");
    assert!(page.len() < refs && page.len() > refs / 2, "{}", page.len());
}

/// A target bigger than any note is not one.
#[test]
fn huge_targets_are_not_notes() {
    let big = "long ".repeat(MAX_NOTE_BYTES);
    let doc = read(&format!(
        r##"<body><p>See<a href="#n">1</a>.</p><p id="n">{big}</p></body>"##
    ));
    assert!(blocks(&doc).iter().all(|b| b.notes().is_empty()));
    assert_eq!(blocks(&doc).len(), 2);
}

#[test]
fn marker_labels() {
    assert_eq!(marker_label("12"), "¹²");
    assert_eq!(marker_label("[3]"), "³");
    assert_eq!(marker_label("(40)"), "⁴⁰");
    assert_eq!(marker_label("*"), "*");
    assert_eq!(marker_label("[a]"), "a");
    assert_eq!(strip_label("1. The note", "1"), "The note");
    assert_eq!(strip_label("[2] Two", "[2]"), "Two");
    assert_eq!(strip_label("12 apples", "1"), "12 apples");
}

/// Images: a centred line with the alt text, the source resolved against the page;
/// an `<svg><image>` cover; a divider picture is a scene break; a spacer is nothing.
#[test]
fn images_become_image_blocks() {
    let html = r#"<body><p>Before the map.</p>
        <p><img src="../images/valley%20map.png" alt="A  map of the valley"/></p>
        <p>Between.<img src="dot.gif" width="1" height="1"/></p>
        <p><img src="../images/divider.png"/></p>
        <p>After the rule.</p>
        <svg xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="../images/cover.jpg"/></svg>
        </body>"#;
    let shown: Vec<String> = walked(html, "OEBPS/text/ch1.xhtml")
        .iter()
        .map(|b| match b {
            Block::Image(i) => format!("{} <{}>", i.text, i.src),
            Block::SceneBreak => "---".to_owned(),
            other => other.text().to_owned(),
        })
        .collect();
    assert_eq!(
        shown,
        [
            "Before the map.",
            "[image: A map of the valley] <OEBPS/images/valley map.png>",
            "Between.",
            "---",
            "After the rule.",
            "[image] <OEBPS/images/cover.jpg>",
        ]
    );
}

/// An AO3 EPUB is AO3's download split into pages by calibre, which rewrites a
/// chapter's `#fn1` into `…_split_001.xhtml#fn1`: the marker finds its note on the
/// next page only because the pages are indexed with their paths.
#[test]
fn ao3_split_pages_find_notes_on_the_next_page() {
    let first = dom::parse_document(
        r#"<html><body><div id="chapters" class="userstuff">
        <div class="meta group"><h2 class="heading">Chapter 1: Festival</h2></div>
        <div class="userstuff"><p>The lanterns went up at dusk, all three hundred of them.<sup><a href="index_split_001.xhtml#fn1" name="ref1">1</a></sup></p>
        <p>She counted twice.</p></div></div></body></html>"#,
    );
    let second = dom::parse_document(
        r#"<html><body><div id="chapters" class="userstuff"><div class="userstuff">
        <p><a name="fn1"></a>1. Two hundred and ninety-eight, strictly. <a href="index_split_000.xhtml#ref1">back</a></p>
        </div></div></body></html>"#,
    );
    let pages = [
        Page {
            path: "OEBPS/index_split_000.xhtml",
            doc: &first,
        },
        Page {
            path: "OEBPS/index_split_001.xhtml",
            doc: &second,
        },
    ];
    let doc = crate::format::html::ao3::parse_download_pages(&pages, &index(&pages));
    doc.check().expect("invariants");
    let all = blocks(&doc);
    let texts: Vec<&str> = all.iter().map(|b| b.text()).collect();
    assert_eq!(
        texts,
        [
            "The lanterns went up at dusk, all three hundred of them.¹",
            "She counted twice."
        ]
    );
    assert_eq!(
        notes_of(all[0]),
        [("¹", vec!["Two hundred and ninety-eight, strictly."])]
    );
    // Without the paths, the link leads nowhere and stays plain text.
    let blind = [
        Page {
            path: "",
            ..pages[0]
        },
        Page {
            path: "",
            ..pages[1]
        },
    ];
    let doc = crate::format::html::ao3::parse_download_pages(&blind, &index(&blind));
    assert!(blocks(&doc).iter().all(|b| b.notes().is_empty()));
}
