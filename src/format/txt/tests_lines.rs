//! The parse with packed lines gives the document the parse gave when every line
//! was held whole: over the sample stories, the Austen corpus and generated texts,
//! for whole texts (owned and borrowed), heads, windows and tails.

use super::{Input, Part, layout, parse_split};
use crate::document::Document;

fn parse_both(text: &str, part: Part) -> (Document, Document) {
    (
        parse_split(Input::Borrowed(text), part, layout::split),
        parse_split(Input::Borrowed(text), part, layout::split_unpacked),
    )
}

fn assert_same_documents(text: &str) {
    for part in [Part::Whole, Part::Head, Part::Window, Part::Tail] {
        let (packed, unpacked) = parse_both(text, part);
        assert_eq!(packed, unpacked, "{part:?}");
    }
    let owned = parse_split(Input::Owned(text.to_owned()), Part::Whole, layout::split);
    let unpacked = parse_split(
        Input::Owned(text.to_owned()),
        Part::Whole,
        layout::split_unpacked,
    );
    assert_eq!(owned, unpacked);
}

fn texts_in(dir: &std::path::Path) -> Vec<(std::path::PathBuf, String)> {
    let mut texts: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            Some((p, crate::format::encoding::decode(&bytes)))
        })
        .collect();
    texts.sort();
    texts
}

#[test]
fn sample_stories_parse_the_same_with_packed_lines() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = texts_in(&root.join("library"));
    assert!(!texts.is_empty(), "no sample stories");
    // The shared corpus is there on the development machine; CI may lack it.
    texts.extend(texts_in(&root.join("../shared/corpus/janeaustenr")));
    texts.extend(texts_in(
        &root.join("../shared/corpus/fanficfare-generated"),
    ));
    for (path, text) in &texts {
        let (packed, unpacked) = parse_both(text, Part::Whole);
        assert_eq!(packed, unpacked, "{}", path.display());
    }
    for (_, text) in texts.iter().take(20) {
        assert_same_documents(text);
    }
}

proptest::proptest! {
    #[test]
    fn any_text_parses_the_same_with_packed_lines(
        picks in proptest::collection::vec(0usize..16, 0..60)
    ) {
        const LINES: [&str; 16] = [
            "",
            "  ",
            "\t\u{a0}",
            "Chapter 1",
            "    Indented Title",
            "It was a dark and stormy night; the rain fell in",
            "torrents, except at occasional intervals.  ",
            "She *ran*.",
            "* * *",
            "### Interlude",
            "Title: A Story",
            "Author: Someone",
            "A/N: thanks!",
            "The End",
            "Leave a comment",
            "  café\u{3000}",
        ];
        let text: Vec<&str> = picks.iter().map(|&p| LINES[p]).collect();
        assert_same_documents(&text.join("\n"));
    }
}
