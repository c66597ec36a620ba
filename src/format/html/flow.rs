//! DOM → a flat list of [`Item`]s (text lines, rules, chapter marks), walking the
//! tree with ego-tree's `traverse` (an explicit open/close iterator, never recursion,
//! so nesting depth cannot overflow the stack).
//!
//! What each element means is decided by a [`Rules`] implementation: the generic
//! HTML rules ([`generic_role`]) or a producer's (AO3, FanFicFare …) which add chapter
//! marks, notes and chrome to skip. Lines are split the way a browser breaks them:
//! at block boundaries and `<br>`; each text line remembers how many empty lines
//! preceded it (runs of `<br>`, `<p>&nbsp;</p>`), which [`super::breaks`] turns into
//! scene breaks when such gaps are rarer than paragraph gaps.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Node};

use super::notes::PageNotes;
use super::rich::RichBuilder;
use super::table::{TableReader, TableUndo, is_data_table};
use crate::document::table::MAX_TEXT;
use crate::document::{Emphasis, Image, RichText, Table};

/// What an element is, for the walker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Drop the element and everything inside it.
    Skip,
    /// Inline or unknown: only its text counts.
    Transparent,
    /// `<em>`, `<i>`, `<strong>`, `<b>` …
    Emphasis(Emphasis),
    /// Starts and ends a line (`<p>`, `<div>`, `<li>` …).
    Block,
    /// `<h1>`…`<h6>`: one heading line.
    Heading(u8),
    /// `<hr>`: a scene break.
    Rule,
    /// `<br>`.
    LineBreak,
    /// `<pre>`: newlines are line breaks.
    Pre,
    /// A block whose lines are author's notes, not story.
    Note,
    /// A short label before notes (`Chapter Notes`): a bold note line.
    NoteLabel,
    /// Starts a chapter here; the element itself (a heading) is not text.
    Chapter(ChapterMark),
}

/// Where a chapter starts, with what the source says about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChapterMark {
    /// The chapter's title as the source gives it.
    pub title: Option<String>,
    /// A stable identity (a chapter URL), when the source has one.
    pub id: Option<String>,
}

/// What a line of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// Story text.
    Paragraph,
    /// A heading of this level (1–6).
    Heading(u8),
    /// An author's note.
    Note,
}

/// One unit of the flattened body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// One line of text (a paragraph, or a `<br>`-separated line).
    Text {
        /// The collapsed, cleaned text with its emphasis.
        text: RichText,
        /// What the line is.
        kind: TextKind,
        /// Empty lines between this line and the previous text line.
        blank_before: u32,
    },
    /// An `<hr>`.
    Rule,
    /// A chapter starts here.
    Chapter(ChapterMark),
    /// An image (`<img>`, `<svg><image>`), in a story walk ([`walk_story`]).
    Image(Image),
    /// A data table (see [`super::table`]); page-layout tables are read as text.
    Table(Table),
}

/// What a walk of story text adds to the plain walk: footnote markers in place of
/// their links (with the notes left out), and images as [`Item::Image`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Story<'a> {
    /// The page's markers and notes.
    pub notes: Option<&'a PageNotes>,
    /// The path image sources resolve against (the page's zip path in an EPUB, `""`
    /// for an HTML file); `None` leaves images out.
    pub images: Option<&'a str>,
}

/// Decides what elements mean. The default is plain HTML.
pub trait Rules {
    /// The role of an element; called once when the walker enters it.
    fn role(&mut self, el: ElementRef<'_>) -> Role {
        generic_role(el)
    }

    /// A chapter that starts just before this element (EPUB table-of-contents
    /// anchors); called before [`Rules::role`].
    fn mark_before(&mut self, _el: ElementRef<'_>) -> Option<ChapterMark> {
        None
    }
}

/// Plain HTML rules.
pub struct Generic;

impl Rules for Generic {}

/// The role an element has in any HTML page.
pub fn generic_role(el: ElementRef<'_>) -> Role {
    if is_hidden(el) {
        return Role::Skip;
    }
    match el.value().name() {
        "script" | "style" | "noscript" | "template" | "head" | "title" | "nav" | "form"
        | "button" | "select" | "option" | "textarea" | "input" | "iframe" | "object" | "embed"
        | "svg" | "math" | "canvas" | "audio" | "video" | "map" | "img" | "picture" | "dialog"
        | "menu" => Role::Skip,
        "em" | "i" | "cite" | "dfn" | "var" => Role::Emphasis(Emphasis::Italic),
        "strong" | "b" => Role::Emphasis(Emphasis::Bold),
        "s" | "strike" | "del" => Role::Emphasis(Emphasis::Strike),
        "u" | "ins" => Role::Emphasis(Emphasis::Underline),
        "h1" => Role::Heading(1),
        "h2" => Role::Heading(2),
        "h3" => Role::Heading(3),
        "h4" => Role::Heading(4),
        "h5" => Role::Heading(5),
        "h6" => Role::Heading(6),
        "hr" => Role::Rule,
        "br" => Role::LineBreak,
        "pre" | "listing" | "xmp" | "plaintext" => Role::Pre,
        "p" | "div" | "section" | "article" | "main" | "blockquote" | "li" | "ul" | "ol" | "dl"
        | "dd" | "dt" | "table" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" | "caption"
        | "address" | "figure" | "figcaption" | "center" | "body" | "html" | "header"
        | "footer" | "aside" | "details" | "summary" | "fieldset" | "legend" | "hgroup" => {
            Role::Block
        }
        _ => Role::Transparent,
    }
}

/// `hidden`, `aria-hidden="true"` or an inline `display: none`.
pub fn is_hidden(el: ElementRef<'_>) -> bool {
    let v = el.value();
    if v.attr("hidden").is_some() || v.attr("aria-hidden") == Some("true") {
        return true;
    }
    v.attr("style").is_some_and(|style| {
        let compact: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        compact.contains("display:none")
    })
}

/// What the walker must undo when an element closes.
#[derive(Debug, Clone, Copy)]
enum Undo {
    Nothing,
    Emphasis(Emphasis),
    Block,
    Heading,
    Pre,
    Note,
    NoteLabel,
    /// A data table: its end emits the table.
    Table,
    /// An element inside a data table.
    InTable(TableUndo),
}

struct Walker<'r, R: Rules> {
    rules: &'r mut R,
    items: Vec<Item>,
    line: RichBuilder,
    /// Line ends since the last text line (1 = the line just ended; each further one
    /// is an empty line).
    ends: u32,
    headings: Vec<u8>,
    notes: u32,
    pre: u32,
    story: Story<'r>,
    /// The data table being read; tables nested in it flatten into its cells.
    table: Option<TableReader>,
}

impl<R: Rules> Walker<'_, R> {
    fn kind(&self) -> TextKind {
        if let Some(level) = self.headings.last() {
            TextKind::Heading(*level)
        } else if self.notes > 0 {
            TextKind::Note
        } else {
            TextKind::Paragraph
        }
    }

    /// Ends the current line at a block boundary.
    fn end_line(&mut self) {
        if self.line.has_visible() {
            let text = self.line.take();
            self.items.push(Item::Text {
                text,
                kind: self.kind(),
                blank_before: self.ends.saturating_sub(1),
            });
            self.ends = 1;
        } else if !self.line.is_empty() {
            // `<p>&nbsp;</p>`: a visible empty line.
            self.line.take();
            self.ends = self.ends.saturating_add(1);
        }
    }

    fn line_break(&mut self) {
        if !self.headings.is_empty() {
            self.line.push_space();
        } else if self.line.has_visible() {
            self.end_line();
        } else {
            self.line.take();
            self.ends = self.ends.saturating_add(1);
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(table) = &mut self.table {
            table.text(text);
            return;
        }
        if self.pre == 0 {
            self.line.push(text);
            return;
        }
        let mut first = true;
        for segment in text.split('\n') {
            if !first {
                self.line_break();
            }
            first = false;
            self.line.push(segment);
        }
    }

    fn push_marker(&mut self, item: Item) {
        self.end_line();
        self.items.push(item);
        self.ends = 1;
    }

    fn open(&mut self, el: ElementRef<'_>) -> Option<Undo> {
        if let Some(mark) = self.rules.mark_before(el) {
            self.push_marker(Item::Chapter(mark));
        }
        if let Some(notes) = self.story.notes
            && notes.is_hidden(el.id())
        {
            return None;
        }
        // Inside a data table, cells take markers and images as their text.
        if self.table.is_none() {
            if let Some(marker) = self.story.notes.and_then(|notes| notes.marker(el.id())) {
                self.line
                    .push_note(&marker.label, marker.paragraphs.clone());
                return None;
            }
            if let Some(base) = self.story.images
                && let Some(item) = super::images::image_item(el, base)
            {
                self.push_marker(item);
                return None;
            }
        }
        let role = self.rules.role(el);
        if let Role::Chapter(mark) = role {
            self.push_marker(Item::Chapter(mark));
            return None;
        }
        if let Some(table) = &mut self.table {
            return table.open(el, &role).map(Undo::InTable);
        }
        let undo = match role {
            Role::Skip | Role::Chapter(_) => return None,
            Role::Block if el.value().name() == "table" && is_data_table(el) => {
                self.end_line();
                self.table = Some(TableReader::default());
                Undo::Table
            }
            Role::Transparent => Undo::Nothing,
            Role::Emphasis(e) => {
                self.line.emphasis(e, true);
                Undo::Emphasis(e)
            }
            Role::Block => {
                self.end_line();
                Undo::Block
            }
            Role::Heading(level) => {
                self.end_line();
                self.headings.push(level);
                Undo::Heading
            }
            Role::Rule => {
                self.push_marker(Item::Rule);
                Undo::Nothing
            }
            Role::LineBreak => {
                self.line_break();
                Undo::Nothing
            }
            Role::Pre => {
                self.end_line();
                self.pre += 1;
                Undo::Pre
            }
            Role::Note => {
                self.end_line();
                self.notes += 1;
                Undo::Note
            }
            Role::NoteLabel => {
                self.end_line();
                self.notes += 1;
                self.line.emphasis(Emphasis::Bold, true);
                Undo::NoteLabel
            }
        };
        Some(undo)
    }

    fn close(&mut self, undo: Undo) {
        match undo {
            Undo::Nothing => {}
            Undo::InTable(undo) => {
                if let Some(table) = &mut self.table {
                    table.close(undo);
                }
            }
            Undo::Table => {
                let (caption, table) = self.table.take().unwrap_or_default().finish();
                if let Some(text) = caption {
                    self.items.push(Item::Text {
                        text,
                        kind: TextKind::Paragraph,
                        blank_before: self.ends.saturating_sub(1),
                    });
                    self.ends = 1;
                }
                match table {
                    Some(table) if table.text.text.len() <= MAX_TEXT => {
                        self.push_marker(Item::Table(table));
                    }
                    // Too much to lay out whole (a table nested in a cell can hold
                    // any amount): a paragraph per cell, as before tables existed.
                    Some(table) => {
                        for cell in table.rows.iter().flat_map(|r| &r.cells) {
                            if !cell.range.is_empty() {
                                self.items.push(Item::Text {
                                    text: table.cell_rich_text(cell),
                                    kind: TextKind::Paragraph,
                                    blank_before: 0,
                                });
                            }
                        }
                        self.ends = 1;
                    }
                    None => {}
                }
            }
            Undo::Emphasis(e) => self.line.emphasis(e, false),
            Undo::Block => self.end_line(),
            Undo::Heading => {
                self.end_line();
                self.headings.pop();
            }
            Undo::Pre => {
                self.end_line();
                self.pre = self.pre.saturating_sub(1);
            }
            Undo::Note => {
                self.end_line();
                self.notes = self.notes.saturating_sub(1);
            }
            Undo::NoteLabel => {
                self.end_line();
                self.notes = self.notes.saturating_sub(1);
                self.line.emphasis(Emphasis::Bold, false);
            }
        }
    }
}

/// Flattens the subtree under `root` (the root element itself included) into items.
pub fn walk<R: Rules>(root: ElementRef<'_>, rules: &mut R) -> Vec<Item> {
    walk_story(root, rules, Story::default())
}

/// [`walk`] for story text: footnote markers and images as `story` says.
pub fn walk_story<R: Rules>(root: ElementRef<'_>, rules: &mut R, story: Story<'_>) -> Vec<Item> {
    let mut walker = Walker {
        story,
        rules,
        items: Vec::new(),
        line: RichBuilder::default(),
        ends: 1,
        headings: Vec::new(),
        notes: 0,
        pre: 0,
        table: None,
    };
    // Open elements and what closing each must undo; `skipping` holds the element
    // whose subtree is being dropped.
    let mut open: Vec<Undo> = Vec::new();
    let mut skipping: Option<ego_tree::NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(text) => walker.text(text),
                    Node::Element(_) => {
                        let Some(el) = ElementRef::wrap(node) else {
                            continue;
                        };
                        match walker.open(el) {
                            Some(undo) => open.push(undo),
                            None => skipping = Some(node.id()),
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skipping {
                    if id == node.id() {
                        skipping = None;
                    }
                    continue;
                }
                if node.value().is_element()
                    && let Some(undo) = open.pop()
                {
                    walker.close(undo);
                }
            }
        }
    }
    walker.end_line();
    walker.items
}

/// The text of an element as one collapsed, cleaned line (labels, titles, values).
pub fn inline_text(el: ElementRef<'_>) -> String {
    let mut b = RichBuilder::default();
    for text in el.text() {
        b.push(text);
    }
    b.take().text.into_string()
}

/// The paragraphs of an element as plain strings (summaries, notes).
pub fn paragraphs(el: ElementRef<'_>) -> Vec<String> {
    walk(el, &mut Generic)
        .into_iter()
        .filter_map(|item| match item {
            Item::Text { text, .. } => Some(text.text.into_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn items(html: &str) -> Vec<Item> {
        let doc = Html::parse_document(html);
        walk(doc.root_element(), &mut Generic)
    }

    fn lines(html: &str) -> Vec<(String, u32)> {
        items(html)
            .into_iter()
            .filter_map(|i| match i {
                Item::Text {
                    text, blank_before, ..
                } => Some((text.text.into_string(), blank_before)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn paragraphs_and_br_runs() {
        let got = lines("<p>a</p><p>b<br>c<br><br>d<br><br><br><br>e</p><p>&nbsp;</p><p>f</p>");
        let want = [("a", 0), ("b", 0), ("c", 0), ("d", 1), ("e", 3), ("f", 1)];
        let want: Vec<(String, u32)> = want.iter().map(|(s, n)| ((*s).to_owned(), *n)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn empty_elements_are_not_gaps() {
        let got = lines("<p>a</p><p></p><div></div><p> </p><p>b</p>");
        assert_eq!(got, vec![("a".to_owned(), 0), ("b".to_owned(), 0)]);
    }

    #[test]
    fn skips_scripts_styles_nav_and_hidden() {
        let got = lines(
            "<head><title>T</title><style>p{}</style></head><nav>Next</nav>\
             <p>keep<script>drop()</script></p><p hidden>no</p><p style='display : none'>no</p>",
        );
        assert_eq!(got, vec![("keep".to_owned(), 0)]);
    }

    #[test]
    fn headings_rules_and_emphasis() {
        let got = items("<h2>One<br>Two</h2><p>x <em>y</em> <b>z</b></p><hr><p>w</p>");
        assert!(
            matches!(&got[0], Item::Text { text, kind: TextKind::Heading(2), .. } if text.text == "One Two")
        );
        let Item::Text { text, .. } = &got[1] else {
            panic!("expected text")
        };
        assert_eq!(text.text, "x y z");
        assert_eq!(text.spans.len(), 2);
        assert_eq!(text.spans[0].emphasis, Emphasis::Italic);
        assert_eq!(&text.text[text.spans[1].range.clone()], "z");
        assert_eq!(got[2], Item::Rule);
    }

    #[test]
    fn struck_and_underlined_words_are_marked() {
        let got = items("<p>for <strike>you</strike>, <del>me</del> us <u>now</u></p>");
        let Item::Text { text, .. } = &got[0] else {
            panic!("expected text")
        };
        let marked: Vec<(&str, Emphasis)> = text
            .spans
            .iter()
            .map(|s| (&text.text[s.range.clone()], s.emphasis))
            .collect();
        assert_eq!(
            marked,
            [
                ("you", Emphasis::Strike),
                ("me", Emphasis::Strike),
                ("now", Emphasis::Underline)
            ]
        );
    }

    #[test]
    fn pre_keeps_lines() {
        assert_eq!(
            lines("<pre>a\nb\n\nc</pre>"),
            vec![("a".into(), 0), ("b".into(), 0), ("c".into(), 1)]
        );
    }

    #[test]
    fn deep_nesting_is_iterative() {
        // Run on a thread with a small stack: recursion over 100k levels would overflow.
        let html = "<span>".repeat(100_000) + "deep";
        let handle = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let doc = Html::parse_document(&html);
                walk(doc.root_element(), &mut Generic).len()
            })
            .expect("spawn");
        assert_eq!(handle.join().expect("no overflow"), 1);
    }
}
