//! The reading view's state: a [`Pager`] plus what sits on top of it (help, table
//! of contents, a prompt), the active search and a one-line message. Keys arrive as
//! model [`Key`]s from [`crate::app::App::update`], the only way in; an [`Action`]
//! changes the view and the reader answers with an outcome the app turns into
//! effects. No terminal types, no I/O.

use std::sync::Arc;

use crate::config::Config;
use crate::document::Document;
use crate::keymap::{Action, Key, KeyCode, Keymap};
use crate::layout::{LayoutOptions, Measure};
use crate::pager::{Pager, minutes_left};
use crate::position::Anchor;
use crate::search::Search;

use super::Outcome;

/// The reading view.
#[derive(Debug)]
pub struct Reader {
    pager: Pager,
    title: String,
    keymap: Keymap,
    layout: LayoutOptions,
    words_per_minute: u32,
    wheel_lines: usize,
    popup: ReaderPopup,
    search: Option<Search>,
    /// Direction of the last search, which `n` repeats (as in less).
    search_backward: bool,
    message: Option<String>,
    /// Where the last jump (search, contents, percent, mark) came from, for `''`.
    previous: Option<Anchor>,
    /// Terminal size.
    size: (u16, u16),
    /// The first chapter added since the story was last read, if any.
    first_new_chapter: Option<usize>,
    /// The document is the story's head only (a preview while the rest is read):
    /// the status line cannot know the progress or the number of chapters.
    partial: bool,
}

/// What the status line says for the progress while only the story's head is read.
pub const PENDING: &str = "reading…";

/// The smallest terminal the reader draws text in; below it, it says so.
pub const MIN_SIZE: (u16, u16) = (20, 4);

impl Reader {
    /// A reader for `doc` at its start, sized for a terminal of `size`.
    pub fn new(
        doc: impl Into<Arc<Document>>,
        title: &str,
        config: &Config,
        size: (u16, u16),
    ) -> Self {
        let options = config.reader.pager_options();
        let layout = options.layout.clone();
        let (width, height) = text_area(&layout, size);
        Self {
            pager: Pager::new(doc, options, width, height),
            title: title.to_owned(),
            keymap: Keymap::reader(&config.keys.reader),
            layout,
            words_per_minute: config.reader.words_per_minute.max(1),
            wheel_lines: usize::from(config.reader.mouse_scroll_lines.max(1)),
            popup: ReaderPopup::None,
            search: None,
            search_backward: false,
            message: None,
            previous: None,
            size,
            first_new_chapter: None,
            partial: false,
        }
    }

    /// Marks the document as the story's head only (see [`Reader::is_partial`]).
    pub(crate) fn set_partial(&mut self, partial: bool) {
        self.partial = partial;
    }

    /// Whether the document is only the story's head, shown while the rest is read.
    pub fn is_partial(&self) -> bool {
        self.partial
    }

    /// Tells the layout the story's language (from its metadata), which picks the
    /// hyphenation dictionary. Nothing is re-laid out when hyphenation is off.
    pub(crate) fn set_language(&mut self, language: Option<&str>) {
        if !self.layout.hyphenate {
            return;
        }
        let mut options = self.pager.options();
        options.layout.language = language.map(str::to_owned);
        self.pager.set_options(options);
    }

    /// Marks the last `count` chapters as new since the story was last read (the
    /// table of contents flags them).
    pub(crate) fn set_new_chapters(&mut self, count: usize) {
        let chapters = self.pager.toc().len();
        self.first_new_chapter = (count > 0).then(|| chapters.saturating_sub(count));
    }

    // ---- what the view reads --------------------------------------------------------

    /// The pager (rows, status, document).
    pub fn pager(&self) -> &Pager {
        &self.pager
    }

    /// The story title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The open popup or prompt.
    pub fn popup(&self) -> &ReaderPopup {
        &self.popup
    }

    /// The active search, whose hits are highlighted.
    pub fn search(&self) -> Option<&Search> {
        self.search.as_ref()
    }

    /// A transient message for the status line.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Shows a message in the status line until the next key.
    pub(crate) fn set_message(&mut self, message: impl Into<String>) {
        self.message = Some(message.into());
    }

    /// Goes to a saved position (on opening a story); not a jump for `''`.
    pub(crate) fn go_to(&mut self, anchor: Anchor) {
        self.pager.go_to(anchor);
    }

    /// Goes to a saved place, the top row as far from it as when it was saved.
    pub(crate) fn go_to_shifted(&mut self, anchor: Anchor, shift: i32) {
        self.pager.go_to_shifted(anchor, shift);
    }

    /// Whether a jump was made that `''` can return from.
    pub(crate) fn has_previous(&self) -> bool {
        self.previous.is_some()
    }

    /// The keymap (for the help popup).
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// Where the text column sits in the terminal.
    pub fn measure(&self) -> Measure {
        self.layout.measure(usize::from(self.size.0))
    }

    /// The ornament drawn for scene breaks.
    pub fn scene_break(&self) -> &str {
        &self.layout.scene_break
    }

    /// Whether the terminal is too small to read in.
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_SIZE.0 || self.size.1 < MIN_SIZE.1
    }

    /// The reading position.
    pub fn anchor(&self) -> Anchor {
        self.pager.anchor()
    }

    /// The status line's parts: the story title, the place (chapter, scene) and the
    /// progress (percent, time left). The view shortens the title first.
    pub fn status_text(&self) -> StatusText {
        let status = self.pager.place();
        let (mut chapter, mut chapter_title, mut scene) =
            (String::new(), String::new(), String::new());
        // Chapters keep their own numbers: the title page is not chapter 1.
        let front = self.pager.document().front_chapters();
        let chapters = status.chapters.saturating_sub(front);
        if status.chapter < front {
            crate::title_page::LABEL.clone_into(&mut chapter);
        } else if chapters > 1 {
            let number = status.chapter - front + 1;
            chapter = format!("Ch {number}/{chapters}");
            if let Some(title) = status.chapter_title {
                without_chapter_number(title, number).clone_into(&mut chapter_title);
            }
        }
        if status.scenes > 1 && status.chapter >= front {
            scene = format!("Scene {}/{}", status.scene + 1, status.scenes);
        }
        if self.partial {
            // The head alone: how far through and how many chapters are not known yet.
            if status.chapter >= front {
                chapter = format!("Ch {}", status.chapter - front + 1);
            }
            return StatusText {
                title: self.title.clone(),
                chapter,
                chapter_title,
                scene: String::new(),
                progress: PENDING.to_owned(),
                progress_short: PENDING.to_owned(),
            };
        }
        let story_left = minutes_left(status.words_left_in_story, self.words_per_minute);
        let percent = status.percent.floor();
        let progress_short = if status.at_end {
            "100%".to_owned()
        } else {
            format!("{percent:.0}% · {} left", duration(story_left))
        };
        let right = if status.at_end {
            "100% · the end".to_owned()
        } else if chapters > 1 && status.chapter >= front {
            let chapter_left = minutes_left(status.words_left_in_chapter, self.words_per_minute);
            format!(
                "{:.0}% · {} left in chapter · {} in story",
                status.percent.floor(),
                duration(chapter_left),
                duration(story_left)
            )
        } else {
            format!(
                "{:.0}% · {} left",
                status.percent.floor(),
                duration(story_left)
            )
        };
        StatusText {
            title: self.title.clone(),
            chapter,
            chapter_title,
            scene,
            progress: right,
            progress_short,
        }
    }

    // ---- events ---------------------------------------------------------------------

    /// The terminal changed size: the same sentence stays on top.
    pub(crate) fn resize(&mut self, width: u16, height: u16) -> Outcome {
        self.size = (width, height);
        let (w, h) = text_area(&self.layout, self.size);
        self.pager.resize(w, h);
        Outcome::Redraw
    }

    /// The mouse wheel turned (`down` towards the end).
    pub(crate) fn wheel(&mut self, down: bool) -> Outcome {
        if !matches!(self.popup, ReaderPopup::None) {
            return Outcome::Unchanged;
        }
        let lines = isize::try_from(self.wheel_lines).unwrap_or(1);
        self.pager
            .scroll_by(if down { lines } else { -lines })
            .into()
    }

    /// A key press: the open popup gets it first, else the keymap decides.
    pub(crate) fn on_key(&mut self, key: Key) -> Outcome {
        let had_message = self.message.take().is_some();
        let outcome = match self.popup {
            ReaderPopup::Prompt(_) => self.prompt_key(key),
            ReaderPopup::Toc(_) => self.toc_key(key),
            ReaderPopup::Help { .. } => self.help_key(key),
            ReaderPopup::MarkPending => self.mark_key(key),
            ReaderPopup::Bookmarks(_) => self.bookmarks_key(key),
            ReaderPopup::Footnote(_) => self.footnote_key(key),
            ReaderPopup::None => match self.keymap.action(key) {
                Some(action) => self.update(action),
                None if key.code == KeyCode::Esc && self.search.is_some() => {
                    self.search = None;
                    Outcome::Redraw
                }
                None => Outcome::Unchanged,
            },
        };
        if had_message && outcome == Outcome::Unchanged {
            Outcome::Redraw
        } else {
            outcome
        }
    }

    /// Applies one action; the only place the reading state changes.
    pub(crate) fn update(&mut self, action: Action) -> Outcome {
        let pager = &mut self.pager;
        let moved = match action {
            Action::LineDown => pager.scroll_by(1),
            Action::LineUp => pager.scroll_by(-1),
            Action::HalfPageDown => pager.half_page_down(),
            Action::HalfPageUp => pager.half_page_up(),
            Action::PageDown => pager.page_down(),
            Action::PageUp => pager.page_up(),
            Action::Top | Action::Bottom => {
                let here = pager.anchor();
                let moved = if action == Action::Top {
                    pager.to_top()
                } else {
                    pager.to_bottom()
                };
                if moved {
                    self.previous = Some(here);
                }
                moved
            }
            Action::NextChapter => pager.next_chapter(),
            Action::PrevChapter => pager.prev_chapter(),
            Action::NextScene => pager.next_scene(),
            Action::PrevScene => pager.prev_scene(),
            Action::NextHit => return self.step_hit(self.search_backward),
            Action::PrevHit => return self.step_hit(!self.search_backward),
            Action::Toc => {
                self.popup = ReaderPopup::Toc(self.build_toc());
                return Outcome::Redraw;
            }
            Action::SearchForward | Action::SearchBackward | Action::GotoPercent => {
                let kind = match action {
                    Action::SearchForward => PromptKind::SearchForward,
                    Action::SearchBackward => PromptKind::SearchBackward,
                    _ => PromptKind::Percent,
                };
                self.popup = ReaderPopup::Prompt(Prompt {
                    kind,
                    input: String::new(),
                });
                return Outcome::Redraw;
            }
            Action::Help => {
                self.popup = ReaderPopup::Help { scroll: 0 };
                return Outcome::Redraw;
            }
            Action::Quit => return Outcome::Quit,
            Action::Suspend => return Outcome::Suspend,
            Action::AddBookmark => {
                self.popup = ReaderPopup::MarkPending;
                return Outcome::Redraw;
            }
            Action::Bookmarks => return Outcome::Request(Request::ShowBookmarks),
            Action::TitlePage => {
                if self.pager.document().front_chapters() == 0 {
                    self.message = Some("This story has no title page".to_owned());
                    return Outcome::Redraw;
                }
                let here = self.pager.anchor();
                if here.chapter == 0 && here.is_chapter_start() {
                    return Outcome::Unchanged;
                }
                // A jump, so '' comes back; `go_to` alone would not move an anchor
                // already on the page's first screen.
                self.jump_to(Anchor::chapter_start(0));
                true
            }
            Action::Footnote => return self.show_footnote(None),
            Action::OpenImage => return self.open_image(),
            // Library actions do nothing here.
            Action::Open
            | Action::ContinueReading
            | Action::Filter
            | Action::ClearFilter
            | Action::Facets
            | Action::Details
            | Action::Sort
            | Action::NextShelf
            | Action::PrevShelf
            | Action::SetShelf
            | Action::Favourite
            | Action::Stats
            | Action::None => false,
        };
        moved.into()
    }

    fn step_hit(&mut self, backward: bool) -> Outcome {
        let Some(search) = &self.search else {
            self.message = Some("No previous search".to_owned());
            return Outcome::Redraw;
        };
        let here = self.pager.anchor();
        let found = if backward {
            search.prev_before(here)
        } else {
            search.next_after(here)
        };
        if let Some(found) = found {
            let hit = found.hit.clone();
            self.message = Some(hit_message(found.index, search.hits().len(), found.wrapped));
            self.jump_to(hit.anchor());
        }
        Outcome::Redraw
    }
}

/// The text area for a terminal of `size`: the measure's width, the height minus
/// the status line.
fn text_area(layout: &LayoutOptions, size: (u16, u16)) -> (usize, usize) {
    let measure = layout.measure(usize::from(size.0));
    (measure.width, usize::from(size.1.saturating_sub(1)))
}

pub(super) fn hit_message(index: usize, total: usize, wrapped: bool) -> String {
    let wrap = if wrapped { " (wrapped)" } else { "" };
    format!("Match {}/{total}{wrap}", index + 1)
}

/// `7 min`, `2 h 05 min`, `< 1 min`.
pub fn duration(minutes: usize) -> String {
    match minutes {
        0 => "< 1 min".to_owned(),
        m if m < 60 => format!("{m} min"),
        m => format!("{} h {:02} min", m / 60, m % 60),
    }
}

pub mod bookmarks;
pub mod notes;
mod popup;

pub use bookmarks::{BookmarkItem, BookmarkKind, BookmarkList, Request};
pub use notes::Footnote;
pub use popup::{ChapterProgress, Prompt, PromptKind, ReaderPopup, Toc, TocItem};

/// The reader's status line, in parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusText {
    pub title: String,
    /// `Ch 2/8`; empty for a story without chapters.
    pub chapter: String,
    /// The chapter's own title, without the `Chapter N` that [`StatusText::chapter`]
    /// already says; may be empty.
    pub chapter_title: String,
    /// `Scene 1/3`; empty for a one-scene chapter.
    pub scene: String,
    /// `12% · 6 min left in chapter · 2 h 07 min in story`.
    pub progress: String,
    /// `12% · 2 h 07 min left`, for narrow terminals.
    pub progress_short: String,
}

impl StatusText {
    /// `Title · Ch 2/8: Chapter title · Scene 1/3` in at most `max` columns. Where the
    /// reader is (chapter and scene numbers) is kept whole; the story and chapter
    /// titles share what room is left, and one that would be a stub is left out.
    pub fn left(&self, max: usize) -> String {
        use crate::display::{truncate, width};
        /// Narrower than this, a cut title says nothing.
        const STUB: usize = 6;
        let place: Vec<&str> = [self.chapter.as_str(), self.scene.as_str()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        let place_width =
            place.iter().map(|p| width(p)).sum::<usize>() + 3 * place.len().saturating_sub(1);
        if place.is_empty() {
            return truncate(&self.title, max);
        }
        if place_width >= max {
            return truncate(&place.join(" · "), max);
        }
        let spare = max - place_width;
        let title_width = width(&self.title);
        // The chapter title rides on `Ch n/m`; without a chapter number it has no place.
        let chapter_title_width = if self.chapter.is_empty() {
            0
        } else {
            width(&self.chapter_title)
        };
        let title_need = if title_width == 0 { 0 } else { title_width + 3 };
        let chapter_need = if chapter_title_width == 0 {
            0
        } else {
            chapter_title_width + 2
        };
        let (title_room, chapter_room) = if title_need + chapter_need <= spare {
            (title_width, chapter_title_width)
        } else {
            // Halve what is left, giving either title's unused half to the other.
            let half = spare / 2;
            let title_share = title_need.min(half.max(spare.saturating_sub(chapter_need)));
            let chapter_share = spare - title_share;
            let mut title_room = title_share.saturating_sub(3);
            let mut chapter_room = chapter_share.saturating_sub(2).min(chapter_title_width);
            if chapter_room < STUB.min(chapter_title_width) {
                chapter_room = 0;
                title_room = spare.saturating_sub(3).min(title_width);
            }
            if title_room < STUB.min(title_width) {
                title_room = 0;
                if chapter_title_width > 0 {
                    chapter_room = spare.saturating_sub(2).min(chapter_title_width);
                }
            }
            (title_room, chapter_room)
        };
        let mut out = String::new();
        if title_room > 0 {
            out.push_str(&truncate(&self.title, title_room));
            out.push_str(" · ");
        }
        out.push_str(&self.chapter);
        if chapter_room > 0 {
            if !out.is_empty() && !self.chapter.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&truncate(&self.chapter_title, chapter_room));
        }
        if !self.scene.is_empty() {
            if !self.chapter.is_empty() {
                out.push_str(" · ");
            }
            out.push_str(&self.scene);
        }
        out
    }
}

/// A chapter title without the `Chapter N` that `Ch N/M` already says:
/// `Chapter 1: Prologue` → `Prologue`, `Chapter 2` → ``, `Prologue` unchanged.
fn without_chapter_number(title: &str, number: usize) -> &str {
    let trimmed = title.trim();
    let Some(prefix) = trimmed
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("chapter "))
    else {
        return trimmed;
    };
    let rest = &trimmed[prefix.len()..];
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || rest[..digits].parse() != Ok(number) {
        return trimmed;
    }
    let after = &rest[digits..];
    if after.is_empty() {
        return "";
    }
    let stripped = after.trim_start_matches([':', '.', '-', '–', '—', ' ']);
    if stripped.len() == after.len() {
        // `Chapter 10a`: the number runs on; keep the title whole.
        return trimmed;
    }
    stripped
}

#[cfg(test)]
mod tests;
