//! Draws the reading view: the centred text column from the pager's rows (emphasis,
//! search hits, headings, notes, scene-break ornaments), the status line, and the
//! popups (table of contents, help) or the prompt.
//!
//! Story text is untrusted: every string is cleaned of control characters and
//! escape sequences before it reaches the buffer (the format layer already does so;
//! this is the last line of defence).

mod footnote;

use std::ops::Range;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::popup::{self, Hint};
use super::theme::Styles;
use crate::app::reader::{
    BookmarkKind, BookmarkList, ChapterProgress, Prompt, Reader, ReaderPopup, Toc,
};
use crate::document::Emphasis;
use crate::document::sanitize;
use crate::keymap::Action;
use crate::layout::{Row, TextKind, justify, row};
use crate::pager::Pager;
use crate::search::Search;

/// Draws the whole reading view into the frame; `alert` (a failed save) stays on the
/// status line until it is resolved.
pub fn draw(frame: &mut Frame, reader: &Reader, alert: Option<&str>, styles: &Styles) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    styles.fill_page(frame.buffer_mut(), area);
    if reader.too_small() {
        let text = if area.width >= 16 {
            "Window too small"
        } else {
            "Too small"
        };
        Line::styled(text, styles.secondary).render(area, frame.buffer_mut());
        return;
    }
    let [text_area, status_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    frame.render_widget(TextColumn { reader, styles }, text_area);
    match reader.popup() {
        ReaderPopup::Toc(toc) => frame.render_widget(TocPopup { toc, styles }, text_area),
        ReaderPopup::Help { scroll } => frame.render_widget(
            HelpPopup {
                reader,
                scroll: *scroll,
                styles,
            },
            text_area,
        ),
        ReaderPopup::Bookmarks(list) => {
            frame.render_widget(BookmarkPopup { list, styles }, text_area);
        }
        ReaderPopup::Footnote(note) => frame.render_widget(
            footnote::FootnotePopup {
                note,
                reader,
                styles,
            },
            text_area,
        ),
        ReaderPopup::Prompt(_) | ReaderPopup::MarkPending | ReaderPopup::None => {}
    }
    if let ReaderPopup::Prompt(prompt) = reader.popup() {
        let cursor_x = draw_prompt(frame.buffer_mut(), status_area, prompt, styles);
        frame.set_cursor_position(Position::new(cursor_x, status_area.y));
    } else if *reader.popup() == ReaderPopup::MarkPending {
        let key = reader.keymap().hint(Action::AddBookmark);
        let hint = format!("{key}: a letter sets a mark · Enter adds a bookmark · Esc cancels");
        let buf = frame.buffer_mut();
        buf.set_style(status_area, styles.status_bar);
        buf.set_string(
            status_area.x + 1,
            status_area.y,
            truncate(&hint, usize::from(status_area.width.saturating_sub(2))),
            styles.status_bar,
        );
    } else {
        frame.render_widget(
            StatusBar {
                reader,
                alert,
                styles,
            },
            status_area,
        );
    }
}

/// The story text: the pager's rows, centred in the measure.
struct TextColumn<'a> {
    reader: &'a Reader,
    styles: &'a Styles,
}

impl Widget for TextColumn<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let pager = self.reader.pager();
        let measure = self.reader.measure();
        let left = area
            .x
            .saturating_add(u16::try_from(measure.left).unwrap_or(u16::MAX));
        let width = u16::try_from(measure.width)
            .unwrap_or(u16::MAX)
            .min(area.width);
        for (row, y) in pager.rows().iter().zip(area.y..area.bottom()) {
            let indent = u16::try_from(row.indent()).unwrap_or(0);
            let x = left.saturating_add(indent);
            let room = width.saturating_sub(indent);
            if room == 0 || x >= area.right() {
                continue;
            }
            let line = match row {
                Row::Blank => continue,
                Row::SceneBreak { .. } => Line::styled(
                    sanitize::clean(self.reader.scene_break()).into_owned(),
                    self.styles.scene_break,
                ),
                Row::ChapterTitle { .. } => Line::styled(
                    sanitize::clean(pager.row_text(row)).into_owned(),
                    self.styles.chapter_title,
                ),
                Row::TableRule { width: rule, .. } => {
                    Line::styled("─".repeat(*rule), self.styles.scene_break)
                }
                Row::TableLine {
                    chapter,
                    block,
                    cells,
                } => {
                    for piece in cells.iter() {
                        let offset = u16::try_from(piece.x).unwrap_or(u16::MAX);
                        let x = left.saturating_add(offset);
                        let room = width.saturating_sub(offset);
                        if room == 0 || x >= area.right() {
                            continue;
                        }
                        let text = pager
                            .document()
                            .chapters
                            .get(*chapter)
                            .and_then(|c| c.blocks.get(*block))
                            .and_then(|b| b.text().get(piece.range.clone()))
                            .unwrap_or_default();
                        let line = styled_text(
                            text,
                            &row::emphasis_in(pager.document(), *chapter, *block, &piece.range),
                            &self
                                .reader
                                .search()
                                .map(|s| s.highlights_in(*chapter, *block, &piece.range))
                                .unwrap_or_default(),
                            &[],
                            false,
                            (self.styles.text, self.styles.search_hit),
                        );
                        buf.set_line(x, y, &line, room.min(area.right() - x));
                    }
                    continue;
                }
                Row::Text { kind, .. } => {
                    let base = match kind {
                        TextKind::Paragraph | TextKind::Field => self.styles.text,
                        TextKind::Heading => self.styles.heading,
                        TextKind::Note | TextKind::Image => self.styles.note,
                    };
                    styled_line(
                        pager,
                        row,
                        self.reader.search(),
                        (base, self.styles.search_hit),
                        usize::from(width),
                    )
                }
            };
            buf.set_line(x, y, &line, room.min(area.right() - x));
        }
    }
}

/// One row of text split into spans by emphasis and search hits, `styles` being the
/// row's base style and the search-hit style; a justified row gets its widened
/// spaces (to fill `width`, the measure) and a hyphenated one its hyphen.
fn styled_line<'a>(
    pager: &'a Pager,
    row: &Row,
    search: Option<&Search>,
    (base, hit): (Style, Style),
    width: usize,
) -> Line<'a> {
    let text = pager.row_text(row);
    let hyphen = matches!(row, Row::Text { typeset, .. } if typeset.hyphen);
    let hits: Vec<Range<usize>> = search.map(|s| s.highlights(row)).unwrap_or_default();
    styled_text(
        text,
        &pager.row_emphasis(row),
        &hits,
        &justify::row_gaps(row, text, width),
        hyphen,
        (base, hit),
    )
}

/// Text split into spans by emphasis and search hits (byte ranges of `text`), with
/// justified gaps widened and a hyphen drawn after a hyphenated row.
fn styled_text<'a>(
    text: &'a str,
    emphasis: &[(Range<usize>, Emphasis)],
    hits: &[Range<usize>],
    gaps: &[justify::Gap],
    hyphen: bool,
    (base, hit): (Style, Style),
) -> Line<'a> {
    if let std::borrow::Cow::Owned(mut clean) = sanitize::clean(text) {
        // Offsets no longer match the spans; plain text is the safe rendering.
        if hyphen {
            clean.push('-');
        }
        return Line::styled(clean, base);
    }
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for range in emphasis.iter().map(|(r, _)| r).chain(hits.iter()) {
        cuts.push(range.start.min(text.len()));
        cuts.push(range.end.min(text.len()));
    }
    cuts.extend(gaps.iter().map(|gap| gap.at));
    cuts.sort_unstable();
    cuts.dedup();
    let mut spans: Vec<Span<'a>> = Vec::with_capacity(cuts.len() + gaps.len());
    for w in cuts.windows(2) {
        let (start, end) = (w[0], w[1]);
        let Some(piece) = text.get(start..end) else {
            continue;
        };
        let mut style = base;
        for (range, kind) in emphasis {
            if range.start <= start && end <= range.end {
                style = style.add_modifier(match kind {
                    Emphasis::Italic => Modifier::ITALIC,
                    Emphasis::Bold => Modifier::BOLD,
                    Emphasis::Strike => Modifier::CROSSED_OUT,
                    Emphasis::Underline => Modifier::UNDERLINED,
                });
            }
        }
        if hits.iter().any(|r| r.start <= start && end <= r.end) {
            style = style.patch(hit);
        }
        // The widened space takes the style of the space it widens (an underline
        // or a search hit runs on across it).
        if let Some(gap) = gaps.iter().find(|gap| gap.at == start) {
            spans.push(Span::styled(" ".repeat(gap.extra), style));
        }
        spans.push(Span::styled(piece, style));
    }
    if hyphen {
        let style = spans.last().map_or(base, |span| span.style);
        spans.push(Span::styled("-", style));
    }
    Line::from(spans)
}

/// The status line: title, chapter and scene on the left; progress and time on the
/// right; a message replaces the left part.
struct StatusBar<'a> {
    reader: &'a Reader,
    /// A failed save: shown when there is no newer message.
    alert: Option<&'a str>,
    styles: &'a Styles,
}

impl Widget for StatusBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        buf.set_style(area, self.styles.status_bar);
        let status = self.reader.status_text();
        // A message is news: it gets the whole line until the next key.
        let message = self
            .reader
            .message()
            .or(self.alert)
            .map(|m| sanitize::clean(m).into_owned());
        let width = usize::from(area.width);
        let right = if message.is_some() {
            String::new()
        } else if crate::display::width(&status.progress) + 2 + PLACE_ROOM <= width {
            status.progress.clone()
        } else {
            status.progress_short.clone()
        };
        let right_width = crate::display::width(right.as_str());
        // The right part goes first when space is short: progress beats the title.
        let show_right = !right.is_empty() && right_width + 2 <= width;
        let left_room = if show_right {
            width - right_width - 2
        } else {
            width.saturating_sub(1)
        };
        let room = left_room.saturating_sub(1);
        // Story text is untrusted: cleaned after composing, then fitted again, since
        // cleaning can make an escape visible (and wider).
        let left = match message {
            Some(message) => truncate(&message, room),
            None => truncate(&sanitize::clean(&status.left(room)), room),
        };
        buf.set_string(area.x + 1, area.y, &left, self.styles.status_bar);
        if show_right {
            let x = area
                .right()
                .saturating_sub(u16::try_from(right_width + 1).unwrap_or(u16::MAX));
            buf.set_string(x, area.y, &right, self.styles.status_bar);
        }
    }
}

/// Draws the prompt in the status line; returns the cursor column.
fn draw_prompt(buf: &mut Buffer, area: Rect, prompt: &Prompt, styles: &Styles) -> u16 {
    buf.set_style(area, styles.text);
    let input = sanitize::clean(&prompt.input);
    let text = format!("{}{input}", prompt.kind.prefix());
    let shown = crate::display::keep_end(&text, usize::from(area.width.saturating_sub(1)));
    buf.set_string(area.x, area.y, &shown, styles.text);
    let width = u16::try_from(crate::display::width(shown.as_str())).unwrap_or(0);
    (area.x + width).min(area.right().saturating_sub(1))
}

struct TocPopup<'a> {
    toc: &'a Toc,
    styles: &'a Styles,
}

impl Widget for TocPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let inner = popup::frame(
            buf,
            area,
            64,
            self.toc.items.len(),
            "Contents",
            Hint::Keys(" Enter: go · Esc: close "),
            self.styles,
        );
        let visible = usize::from(inner.height);
        if visible == 0 || inner.width == 0 {
            return;
        }
        let offset = popup::list_offset(self.toc.selected, self.toc.items.len(), visible);
        for (i, (item, y)) in self
            .toc
            .items
            .iter()
            .skip(offset)
            .zip(inner.y..inner.bottom())
            .enumerate()
        {
            let selected = offset + i == self.toc.selected;
            let style = if selected {
                self.styles.selection
            } else {
                self.styles.text
            };
            // Read chapters are ticked, the current one pointed at, new ones badged.
            let indent = match (item.depth, item.progress) {
                (0, ChapterProgress::Read) => "✓ ",
                (0, ChapterProgress::Current) => "▸ ",
                (0, _) => "  ",
                _ => "      ",
            };
            let words = match (item.depth, item.progress) {
                (0, ChapterProgress::New) => {
                    format!("new · {} words", crate::display::thousands(item.words))
                }
                (0, _) => format!("{} words", crate::display::thousands(item.words)),
                _ => String::new(),
            };
            let width = usize::from(inner.width);
            let words_width = crate::display::width(words.as_str());
            let label_room = width.saturating_sub(words_width + 2);
            let label = truncate(
                &format!("{indent}{}", sanitize::clean(&item.label)),
                label_room,
            );
            let pad = width.saturating_sub(crate::display::width(label.as_str()) + words_width);
            let line = format!("{label}{}{words}", " ".repeat(pad));
            buf.set_string(inner.x, y, truncate(&line, width), style);
        }
    }
}

struct BookmarkPopup<'a> {
    list: &'a BookmarkList,
    styles: &'a Styles,
}

impl Widget for BookmarkPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let inner = popup::frame(
            buf,
            area,
            76,
            self.list.items.len(),
            "Bookmarks",
            Hint::Keys(" Enter go · a-z mark · R rename · D delete · ' back "),
            self.styles,
        );
        let visible = usize::from(inner.height);
        if visible == 0 || inner.width == 0 {
            return;
        }
        let offset = popup::list_offset(self.list.selected, self.list.items.len(), visible);
        let width = usize::from(inner.width);
        for (i, (item, y)) in self
            .list
            .items
            .iter()
            .skip(offset)
            .zip(inner.y..inner.bottom())
            .enumerate()
        {
            let selected = offset + i == self.list.selected;
            let tag = match item.kind {
                BookmarkKind::Mark(letter) => format!(" {letter} "),
                BookmarkKind::Bookmark(_) => " ★ ".to_owned(),
            };
            let label = truncate(&sanitize::clean(&item.label), width / 2);
            let snippet = format!("  “{}”", sanitize::clean(&item.snippet));
            let line = Line::from(vec![
                Span::styled(tag, self.styles.heading),
                Span::styled(label, self.styles.text),
                Span::styled(snippet, self.styles.secondary),
            ]);
            if selected {
                buf.set_style(Rect::new(inner.x, y, inner.width, 1), self.styles.selection);
            }
            buf.set_line(inner.x, y, &line, inner.width);
            if selected {
                buf.set_style(Rect::new(inner.x, y, inner.width, 1), self.styles.selection);
            }
        }
    }
}

struct HelpPopup<'a> {
    reader: &'a Reader,
    scroll: usize,
    styles: &'a Styles,
}

impl Widget for HelpPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let rows = popup::key_help_rows(self.reader.keymap());
        popup::draw_key_help(
            buf,
            area,
            self.reader.keymap(),
            &rows,
            self.scroll,
            self.styles,
        );
    }
}

/// Where the reader is needs about this much of the status line before the long
/// progress (time left in chapter *and* story) is worth its room.
const PLACE_ROOM: usize = 30;

fn truncate(text: &str, max: usize) -> String {
    crate::display::truncate(text, max)
}
