//! The six targets: what each builds, and what it asserts beyond "no panic".

use std::path::Path;
use std::sync::OnceLock;

use ficread::config::Config;
use ficread::document::Document;
use ficread::format::epub::Limits;
use ficread::format::{FormatKind, parse_bytes};
use ficread::keymap::Keymap;
use ficread::library::{Query, Reading};
use ficread::meta::{Aliases, StoryMeta, extract_with_fallback};
use ficread::store::{STATE_FILE, Shelf, Store};

use super::harness::{Scratch, Target};
use super::mutate::{MAX_INPUT, mutate};
use super::rng::Rng;
use super::{book, config, corpus, markup, query, state, story};

pub const TEXT: Target = Target {
    name: "text",
    generate: text_input,
    run: |input, _| check_document(FormatKind::Text, input),
};

pub const HTML: Target = Target {
    name: "html",
    generate: html_input,
    run: |input, _| check_document(FormatKind::Html, input),
};

pub const EPUB: Target = Target {
    name: "epub",
    generate: book::book,
    run: |input, _| check_document(FormatKind::Epub, input),
};

pub const QUERY: Target = Target {
    name: "query",
    generate: query_input,
    run: |input, _| check_query(input),
};

pub const CONFIG: Target = Target {
    name: "config",
    generate: config_input,
    run: check_config,
};

pub const STATE: Target = Target {
    name: "state",
    generate: state_input,
    run: check_state,
};

fn seeds(
    extensions: &'static [&'static str],
    cell: &'static OnceLock<Vec<Vec<u8>>>,
) -> &'static [Vec<u8>] {
    cell.get_or_init(|| corpus::files(extensions))
}

fn text_seeds() -> &'static [Vec<u8>] {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    seeds(&["txt"], &SEEDS)
}

fn html_seeds() -> &'static [Vec<u8>] {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    seeds(&["html", "htm", "xhtml"], &SEEDS)
}

/// A real file (or a generated one) mutated at the byte level.
fn mutated(
    rng: &mut Rng,
    seeds: &[Vec<u8>],
    generated: impl FnOnce(&mut Rng) -> Vec<u8>,
    dictionary: &[&str],
) -> Vec<u8> {
    let mut bytes = if seeds.is_empty() || rng.chance(1, 3) {
        generated(rng)
    } else {
        rng.pick_ref(seeds).clone()
    };
    let other = if seeds.is_empty() {
        Vec::new()
    } else {
        rng.pick_ref(seeds).clone()
    };
    mutate(rng, &mut bytes, dictionary, &other);
    bytes
}

/// Repeats the input until it is near the size bound.
fn amplify(rng: &mut Rng, mut bytes: Vec<u8>) -> Vec<u8> {
    if !bytes.is_empty() && rng.chance(1, 30) {
        let unit = bytes.clone();
        while bytes.len() + unit.len() <= MAX_INPUT {
            bytes.extend_from_slice(&unit);
        }
    }
    bytes.truncate(MAX_INPUT);
    bytes
}

fn text_input(rng: &mut Rng) -> Vec<u8> {
    let bytes = match rng.below(10) {
        0..=2 => mutated(
            rng,
            text_seeds(),
            |rng| story::text(rng).into_bytes(),
            story::DICTIONARY,
        ),
        3 => {
            let text = story::text(rng);
            match rng.below(4) {
                0 => encoding_rs::WINDOWS_1252.encode(&text).0.into_owned(),
                1 => {
                    let mut bytes = vec![0xff, 0xfe];
                    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                    bytes
                }
                2 => {
                    let mut bytes = vec![0xfe, 0xff];
                    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
                    bytes
                }
                _ => text
                    .bytes()
                    .map(|b| {
                        if b == b'e' && rng.chance(1, 10) {
                            0x80 | (rng.next_u64() as u8)
                        } else {
                            b
                        }
                    })
                    .collect(),
            }
        }
        _ => story::text(rng).into_bytes(),
    };
    amplify(rng, bytes)
}

fn html_input(rng: &mut Rng) -> Vec<u8> {
    let bytes = match rng.below(10) {
        0..=2 => mutated(
            rng,
            html_seeds(),
            |rng| markup::document(rng).into_bytes(),
            markup::DICTIONARY,
        ),
        3 if !html_seeds().is_empty() => {
            // Generated markup spliced into a real page.
            let mut bytes = rng.pick_ref(html_seeds()).clone();
            let at = rng.below(bytes.len() + 1);
            bytes.splice(at..at, markup::fragment(rng).into_bytes());
            bytes
        }
        4 => markup::fragment(rng).into_bytes(),
        _ => markup::document(rng).into_bytes(),
    };
    amplify(rng, bytes)
}

fn query_input(rng: &mut Rng) -> Vec<u8> {
    let bytes = if rng.chance(1, 5) {
        let mut bytes = query::query(rng).into_bytes();
        let other = query::query(rng).into_bytes();
        mutate(rng, &mut bytes, query::DICTIONARY, &other);
        bytes
    } else {
        query::query(rng).into_bytes()
    };
    amplify(rng, bytes)
}

fn config_input(rng: &mut Rng) -> Vec<u8> {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    let seeds = SEEDS.get_or_init(|| {
        let mut seeds = corpus::files(&["toml"]);
        seeds.retain(|s| !s.starts_with(b"[package]") && !s.windows(9).any(|w| w == b"[package]"));
        if let Ok(example) = std::fs::read(corpus::manifest_dir().join("config.example.toml")) {
            seeds.push(example);
        }
        seeds
    });
    let bytes = if rng.chance(1, 3) {
        mutated(rng, seeds, config::config, config::DICTIONARY)
    } else {
        config::config(rng)
    };
    amplify(rng, bytes)
}

fn state_input(rng: &mut Rng) -> Vec<u8> {
    let bytes = if rng.chance(1, 4) {
        let mut bytes = state::state(rng);
        let other = state::state(rng);
        mutate(rng, &mut bytes, state::DICTIONARY, &other);
        bytes
    } else {
        state::state(rng)
    };
    amplify(rng, bytes)
}

fn aliases() -> &'static Aliases {
    static ALIASES: OnceLock<Aliases> = OnceLock::new();
    ALIASES.get_or_init(Aliases::builtin)
}

/// No control characters, except the `\n` between a summary's paragraphs.
fn clean(what: &str, text: &str) -> Result<(), String> {
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(format!("control character in {what} {text:?}"));
    }
    Ok(())
}

/// Parses one file and checks what came out: the document invariants, no control
/// characters in titles and fields, output bounded by the input (or, for an EPUB, by
/// its inflation budget), and metadata extraction consistent with the document.
fn check_document(kind: FormatKind, input: &[u8]) -> Result<(), String> {
    let doc = match parse_bytes(kind, input) {
        Ok(doc) => doc,
        Err(error) => {
            let message = error.to_string();
            if message.is_empty() || message.contains('\n') {
                return Err(format!("error is not one line: {message:?}"));
            }
            return Ok(());
        }
    };
    check_parsed(kind, input.len(), &doc)
}

fn check_parsed(kind: FormatKind, len: usize, doc: &Document) -> Result<(), String> {
    doc.check()
        .map_err(|e| format!("document invariant: {e}"))?;
    let mut size = 0usize;
    for chapter in &doc.chapters {
        if let Some(title) = &chapter.title {
            if title.is_empty() {
                return Err("empty chapter title".to_owned());
            }
            clean("chapter title", title)?;
            size += title.len();
        }
        for block in &chapter.blocks {
            size += block.rich_text().map_or(0, |r| r.text.len());
        }
    }
    for field in &doc.raw.fields {
        clean("field label", &field.label)?;
        for value in &field.values {
            if value.is_empty() {
                return Err(format!("empty value in field {:?}", field.label));
            }
            clean("field value", value)?;
        }
    }
    // Sanitising may widen a byte to a three-byte symbol; 8× leaves room for that.
    let budget = match kind {
        FormatKind::Epub => Limits::for_book(len).total_bytes as usize,
        _ => len,
    };
    if size > 8 * budget + 65_536 {
        return Err(format!("{size} bytes of text from {len} bytes of input"));
    }
    let meta = extract_with_fallback(doc, aliases(), "title");
    if meta.title.trim().is_empty() {
        return Err("empty title despite a fallback".to_owned());
    }
    if meta.words != doc.words() || meta.chapters != doc.chapters.len() {
        return Err(format!(
            "metadata counts {} words in {} chapters, the document {} in {}",
            meta.words,
            meta.chapters,
            doc.words(),
            doc.chapters.len()
        ));
    }
    Ok(())
}

/// The metadata of the sample library and the fixture stories, to match queries on.
fn metas() -> &'static [StoryMeta] {
    static METAS: OnceLock<Vec<StoryMeta>> = OnceLock::new();
    METAS.get_or_init(|| {
        let mut metas: Vec<StoryMeta> = text_seeds()
            .iter()
            .take(12)
            .map(|bytes| {
                let doc = parse_bytes(FormatKind::Text, bytes).expect("text always parses");
                extract_with_fallback(&doc, aliases(), "fallback")
            })
            .collect();
        metas.extend(html_seeds().iter().take(12).filter_map(|bytes| {
            let doc = parse_bytes(FormatKind::Html, bytes).ok()?;
            Some(extract_with_fallback(&doc, aliases(), "fallback"))
        }));
        metas.push(StoryMeta::default());
        metas
    })
}

const READINGS: &[Reading] = &[
    Reading {
        shelf: Shelf::Unread,
        favourite: false,
        percent: 0,
        new_chapters: 0,
    },
    Reading {
        shelf: Shelf::Reading,
        favourite: true,
        percent: 55,
        new_chapters: 3,
    },
    Reading {
        shelf: Shelf::Finished,
        favourite: false,
        percent: 100,
        new_chapters: usize::MAX,
    },
];

/// Parses a query and matches it against real metadata; a single term's negation
/// must match exactly the stories the term does not.
fn check_query(input: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(input);
    let Ok(query) = Query::parse(&text, aliases()) else {
        return Ok(());
    };
    let single = !text.is_empty()
        && !text.starts_with('-')
        && !text.contains('"')
        && !text.contains(char::is_whitespace)
        && !query.is_empty();
    let negated = if single {
        Some(
            Query::parse(&format!("-{text}"), aliases())
                .map_err(|e| format!("`{text}` parses, `-{text}` does not: {e:?}"))?,
        )
    } else {
        None
    };
    for meta in metas() {
        let plain = query.matches(meta);
        for reading in READINGS {
            let with = query.matches_with(meta, reading);
            if let Some(negated) = &negated
                && negated.matches_with(meta, reading) == with
            {
                return Err(format!(
                    "`{text}` and `-{text}` agree ({with}) on {:?}",
                    meta.title
                ));
            }
        }
        let _ = plain;
    }
    if query.is_empty() && !metas().iter().all(|m| query.matches(m)) {
        return Err("the empty query does not match everything".to_owned());
    }
    Ok(())
}

/// Loads a config file and builds what the app builds from it: aliases, keymaps and
/// the shelves' queries.
fn check_config(input: &[u8], scratch: &Scratch) -> Result<(), String> {
    let path = scratch.dir.join("config.toml");
    std::fs::write(&path, input).map_err(|e| format!("write: {e}"))?;
    let config = match Config::load(&path, true) {
        Ok(config) => config,
        Err(error) => {
            return if error.to_string().trim().is_empty() {
                Err("empty config error".to_owned())
            } else {
                Ok(())
            };
        }
    };
    let aliases = Aliases::new(&config.aliases).unwrap_or_else(|_| Aliases::builtin());
    let _ = Keymap::reader(&config.keys.reader);
    let _ = Keymap::library(&config.keys.library);
    let _ = config.reader.pager_options();
    for (_, query) in &config.shelves.0 {
        if let Ok(query) = Query::parse(query, &aliases) {
            for meta in metas() {
                let _ = query.matches(meta);
            }
        }
    }
    Ok(())
}

fn clear(dir: &Path) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Opens a state file and checks the store's promises: a file it cannot read is kept
/// aside byte for byte; a read-only store never writes; what a writable store saves
/// reads back the same.
fn check_state(input: &[u8], scratch: &Scratch) -> Result<(), String> {
    let dir = &scratch.dir;
    clear(dir)?;
    let path = dir.join(STATE_FILE);
    std::fs::write(&path, input).map_err(|e| format!("write: {e}"))?;
    let (mut store, warning) = Store::open(dir);
    if store.read_only().is_some() {
        "x".clone_into(&mut store.entry("fuzz|key").title);
        let _ = store.save();
        let now = std::fs::read(&path).map_err(|e| format!("state file gone: {e}"))?;
        if now != input {
            return Err("a read-only store wrote its state file".to_owned());
        }
        return Ok(());
    }
    if warning.is_some() {
        let kept = std::fs::read_dir(dir)
            .map_err(|e| e.to_string())?
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("state.json.corrupt-")
            })
            .any(|e| std::fs::read(e.path()).is_ok_and(|b| b == input));
        if !kept {
            return Err(format!("unreadable state file not kept aside: {warning:?}"));
        }
    }
    "x".clone_into(&mut store.entry("fuzz|key").title);
    store.save().map_err(|e| format!("save: {e}"))?;
    let (again, warning) = Store::open(dir);
    if let Some(warning) = warning {
        return Err(format!("a saved state file does not read back: {warning}"));
    }
    let before: Vec<_> = store.iter().collect();
    let after: Vec<_> = again.iter().collect();
    if before != after {
        return Err(format!(
            "saved {} stories, read back {} differently",
            before.len(),
            after.len()
        ));
    }
    Ok(())
}
