//! Justified, hyphenated text in a theme preset, drawn into ratatui's `TestBackend`:
//! snapshots of a sample story in sepia at 80×24 and 120×40, the page fill, NO_COLOR,
//! and wide and combined characters (emoji sequences, flags, right-to-left text) on
//! screen.

use std::path::Path;

use ficread::app::reader::Reader;
use ficread::config::Config;
use ficread::document::{Block, Chapter, Document, RichText};
use ficread::theme::preset::Preset;
use ficread::tui::{reader_view, theme::Styles};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const SEPIA_PAGE: Color = Color::Rgb(0xf4, 0xec, 0xd8);

#[path = "support/reader_screen.rs"]
mod support;

use support::{Session, lines};

fn config(text: &str) -> Config {
    Config::parse(text, Path::new("config.toml")).expect("config parses")
}

fn sepia_justified() -> Config {
    // Straight into the story's text: the title page is not what is justified.
    config("theme = \"sepia\"\n[reader]\njustify = true\nhyphenate = true\ntitle_page = false\n")
}

/// The app reading `story` (a path in the project) with `config`.
fn open(config: Config, story: &str, size: (u16, u16)) -> Session {
    Session::open(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(story),
        config,
        size,
    )
}

const STORY: &str = "library/002_54f2dad0d817735c.txt";

/// Sepia and justified at one size: the snapshot, every cell on the sepia page, and
/// the text column's right edge reached by the justified lines.
fn sepia_screen(size: (u16, u16), name: &str) {
    let config = sepia_justified();
    let styles = Styles::new(&config.theme, true);
    let session = open(config, STORY, size);
    let buffer = session.render_with(&styles);
    let rows = lines(&buffer);
    insta::assert_snapshot!(name, rows.join("\n"));

    let (width, height) = size;
    let status = height - 1;
    for y in 0..status {
        for x in 0..width {
            assert_eq!(buffer[(x, y)].bg, SEPIA_PAGE, "cell {x},{y}");
        }
    }
    assert_ne!(
        buffer[(0, status)].bg,
        SEPIA_PAGE,
        "the status bar has its own"
    );
    let measure = session.app.open_story().expect("open").reader.measure();
    let right = measure.left + measure.width;
    let flush = rows
        .iter()
        .filter(|row| ficread::display::width(row.as_str()) == right)
        .count();
    assert!(
        flush >= 5,
        "justified lines end at column {right}: {rows:#?}"
    );
}

#[test]
fn sepia_justified_hyphenated_at_80x24() {
    sepia_screen((80, 24), "typeset_sepia_80x24");
}

#[test]
fn sepia_justified_hyphenated_at_120x40() {
    sepia_screen((120, 40), "typeset_sepia_120x40");
}

#[test]
fn no_color_drops_every_preset_colour_and_the_page_fill() {
    for preset in ["dark", "light", "sepia", "high-contrast"] {
        let config = config(&format!("theme = \"{preset}\"\n"));
        // What `Styles::from_env` builds when NO_COLOR is set.
        let styles = Styles::new(&config.theme, false);
        let session = open(config, STORY, (80, 24));
        let buffer = session.render_with(&styles);
        for cell in buffer.content() {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{preset}");
        }
        // Attributes stay: the status bar is still told apart from the text.
        assert!(
            buffer[(0, 23)].modifier.contains(Modifier::REVERSED),
            "{preset}"
        );
        assert!(
            !buffer[(0, 0)].modifier.contains(Modifier::REVERSED),
            "{preset}"
        );
    }
}

#[test]
fn the_terminal_preset_leaves_the_terminal_colours_alone() {
    let config = config("theme = \"terminal\"\n");
    assert_eq!(config.theme, Preset::Terminal.theme());
    let styles = Styles::new(&config.theme, true);
    let buffer = open(config, STORY, (80, 24)).render_with(&styles);
    assert!(buffer.content().iter().all(|cell| cell.bg == Color::Reset));
}

/// A chapter with an emoji ZWJ sequence with a skin tone, flags and a Hebrew phrase,
/// read in a 24-column text measure, justified and hyphenated.
fn wide_story() -> Document {
    let text = "She typed 👩🏽\u{200d}💻 at the café, then 🇫🇷🇯🇵 and a line \
                of Hebrew, שלום עולם, extraordinary and unquestionably strange.";
    Document {
        chapters: vec![Chapter {
            id: None,
            title: None,
            blocks: vec![Block::Paragraph(RichText::plain(text))],
        }],
        ..Document::default()
    }
}

fn draw_reader(reader: &Reader, size: (u16, u16)) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).expect("terminal");
    terminal
        .draw(|frame| reader_view::draw(frame, reader, None, &Styles::default()))
        .expect("draw");
    terminal.backend().buffer().clone()
}

#[test]
fn emoji_sequences_flags_and_rtl_text_survive_wrapping_and_justifying() {
    let config = config("[reader]\njustify = true\nhyphenate = true\nmax_width = 24\n");
    for width in [28, 30, 33, 40] {
        let reader = Reader::new(wide_story(), "Wide", &config, (width, 12));
        let buffer = draw_reader(&reader, (width, 12));
        let rows = lines(&buffer);
        let text: String = rows[..11].join(" ");
        // Each cluster sits whole in one cell, two columns wide (the next cell is the
        // blank ratatui leaves behind a wide character).
        for cluster in ["👩🏽\u{200d}💻", "🇫🇷", "🇯🇵"] {
            let cell = buffer
                .content()
                .iter()
                .position(|cell| cell.symbol() == cluster)
                .unwrap_or_else(|| panic!("{cluster} not drawn whole at {width}: {rows:#?}"));
            let next = &buffer.content()[cell + 1];
            assert_eq!(next.symbol(), " ", "{cluster} at {width}");
        }
        // Right-to-left text keeps its characters in their stored (logical) order,
        // the terminal does the bidi reordering; a wrap between its words keeps them
        // in order too.
        let shalom = text.find("שלום").expect("first Hebrew word whole");
        let olam = text.find("עולם").expect("second Hebrew word whole");
        assert!(shalom < olam, "{width}: {rows:#?}");
        // Nothing is lost or reordered: the words come back in order.
        let words: Vec<&str> = text.split_whitespace().collect();
        let joined = words.join(" ").replace("- ", "");
        assert!(joined.contains("at the café, then"), "{joined}");
        assert!(joined.contains("extraordinary"), "{joined}");
    }
}
