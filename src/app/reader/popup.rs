//! The reader's popups and prompts: the table of contents, the key help, and the
//! one-line prompts (search, go to percent, bookmark labels), with their keys.

use super::{Reader, Request, hit_message};
use crate::app::Outcome;
use crate::document::Document;
use crate::keymap::{Action, Key, KeyCode};
use crate::position::Anchor;
use crate::search::Search;

/// A popup or prompt that takes the keys while it is open.
#[derive(Debug, Clone, PartialEq)]
pub enum ReaderPopup {
    None,
    /// The key help, scrolled by `scroll` rows.
    Help {
        scroll: usize,
    },
    Toc(Toc),
    Prompt(Prompt),
    /// After `m`: a letter sets a mark, Enter starts a bookmark.
    MarkPending,
    Bookmarks(super::bookmarks::BookmarkList),
    /// A footnote's text, near its marker.
    Footnote(super::notes::Footnote),
}

/// The table of contents popup: chapters and, under each, its scenes.
#[derive(Debug, Clone, PartialEq)]
pub struct Toc {
    pub items: Vec<TocItem>,
    pub selected: usize,
}

/// One row of the table of contents.
#[derive(Debug, Clone, PartialEq)]
pub struct TocItem {
    pub label: String,
    pub anchor: Anchor,
    /// 0 for a chapter, 1 for a scene inside it.
    pub depth: u8,
    /// Body words (chapters only; 0 for scenes).
    pub words: usize,
    /// Where the chapter stands for the reader (chapters only).
    pub progress: ChapterProgress,
}

/// A chapter's place in the reader's progress, shown in the table of contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChapterProgress {
    /// Before the chapter being read.
    Read,
    /// The chapter being read.
    Current,
    /// Added since the story was last read.
    New,
    /// Not reached yet (and scenes, which have no mark).
    #[default]
    Unread,
}

/// A one-line input at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
}

/// What a prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    SearchForward,
    SearchBackward,
    Percent,
    /// The label of a new bookmark.
    BookmarkLabel,
    /// A new label for bookmark `id`.
    RenameBookmark(u64),
}

impl PromptKind {
    /// The prompt's leading character(s), as in less.
    pub fn prefix(self) -> &'static str {
        match self {
            PromptKind::SearchForward => "/",
            PromptKind::SearchBackward => "?",
            PromptKind::Percent => "Go to %: ",
            PromptKind::BookmarkLabel => "Bookmark: ",
            PromptKind::RenameBookmark(_) => "Rename to: ",
        }
    }
}

impl Reader {
    pub(super) fn prompt_key(&mut self, key: Key) -> Outcome {
        let ReaderPopup::Prompt(prompt) = &mut self.popup else {
            return Outcome::Unchanged;
        };
        match key.code {
            KeyCode::Esc => self.popup = ReaderPopup::None,
            KeyCode::Char('c' | 'g') if key.ctrl => self.popup = ReaderPopup::None,
            KeyCode::Backspace => {
                // As in less: backspace on an empty prompt cancels it.
                if prompt.input.pop().is_none() {
                    self.popup = ReaderPopup::None;
                }
            }
            KeyCode::Char('u') if key.ctrl => prompt.input.clear(),
            KeyCode::Enter => {
                let prompt = prompt.clone();
                self.popup = ReaderPopup::None;
                return self.submit(&prompt);
            }
            KeyCode::Char(c) if !key.ctrl && !key.alt && !c.is_control() => {
                if prompt.kind != PromptKind::Percent || c.is_ascii_digit() || c == '.' {
                    prompt.input.push(c);
                }
            }
            _ => return Outcome::Unchanged,
        }
        Outcome::Redraw
    }

    fn submit(&mut self, prompt: &Prompt) -> Outcome {
        match prompt.kind {
            PromptKind::BookmarkLabel => {
                let label = prompt.input.trim();
                let label = if label.is_empty() {
                    self.default_bookmark_label()
                } else {
                    label.to_owned()
                };
                self.message = Some(format!("Bookmarked: {label}"));
                return Outcome::Request(Request::AddBookmark {
                    label,
                    anchor: self.pager.anchor(),
                });
            }
            PromptKind::RenameBookmark(id) => {
                let label = prompt.input.trim().to_owned();
                if label.is_empty() {
                    return Outcome::Redraw;
                }
                return Outcome::Request(Request::RenameBookmark { id, label });
            }
            PromptKind::Percent => match prompt.input.parse::<f64>() {
                Ok(percent) if percent.is_finite() => {
                    let here = self.pager.anchor();
                    if self.pager.go_to_percent(percent.clamp(0.0, 100.0)) {
                        self.previous = Some(here);
                    }
                }
                _ => self.message = Some(format!("Not a percentage: {}", prompt.input)),
            },
            PromptKind::SearchForward | PromptKind::SearchBackward => {
                let backward = prompt.kind == PromptKind::SearchBackward;
                // An empty pattern repeats the last search, as in less.
                let query = if prompt.input.trim().is_empty() {
                    match &self.search {
                        Some(search) => search.query().to_owned(),
                        None => return Outcome::Redraw,
                    }
                } else {
                    prompt.input.clone()
                };
                let search = Search::new(self.pager.document(), &query);
                self.search_backward = backward;
                if search.hits().is_empty() {
                    self.message = Some(format!("Pattern not found: {query}"));
                    self.search = None;
                    return Outcome::Redraw;
                }
                let here = self.pager.anchor();
                let found = if backward {
                    search.prev_before(here)
                } else {
                    search.first_from(here)
                };
                if let Some(found) = found {
                    let hit = found.hit.clone();
                    self.message =
                        Some(hit_message(found.index, search.hits().len(), found.wrapped));
                    self.jump_to(hit.anchor());
                }
                self.search = Some(search);
            }
        }
        Outcome::Redraw
    }

    pub(super) fn toc_key(&mut self, key: Key) -> Outcome {
        let ReaderPopup::Toc(toc) = &mut self.popup else {
            return Outcome::Unchanged;
        };
        let last = toc.items.len().saturating_sub(1);
        let action = self.keymap.action(key);
        match (key.code, action) {
            (KeyCode::Esc, _) | (_, Some(Action::Toc | Action::Quit)) => {
                self.popup = ReaderPopup::None;
            }
            (KeyCode::Enter, _) => {
                let target = toc.items.get(toc.selected).map(|item| item.anchor);
                self.popup = ReaderPopup::None;
                if let Some(anchor) = target {
                    self.jump_to(anchor);
                }
            }
            (KeyCode::Down, _) | (_, Some(Action::LineDown)) => {
                toc.selected = (toc.selected + 1).min(last);
            }
            (KeyCode::Up, _) | (_, Some(Action::LineUp)) => {
                toc.selected = toc.selected.saturating_sub(1);
            }
            (_, Some(Action::PageDown | Action::HalfPageDown)) => {
                toc.selected = (toc.selected + 10).min(last);
            }
            (_, Some(Action::PageUp | Action::HalfPageUp)) => {
                toc.selected = toc.selected.saturating_sub(10);
            }
            (_, Some(Action::Top)) => toc.selected = 0,
            (_, Some(Action::Bottom)) => toc.selected = last,
            (_, Some(Action::NextChapter)) => {
                toc.selected = toc
                    .items
                    .iter()
                    .enumerate()
                    .skip(toc.selected + 1)
                    .find(|(_, item)| item.depth == 0)
                    .map_or(toc.selected, |(i, _)| i);
            }
            (_, Some(Action::PrevChapter)) => {
                toc.selected = toc.items[..toc.selected]
                    .iter()
                    .rposition(|item| item.depth == 0)
                    .unwrap_or(0);
            }
            _ => return Outcome::Unchanged,
        }
        Outcome::Redraw
    }

    pub(super) fn help_key(&mut self, key: Key) -> Outcome {
        let ReaderPopup::Help { scroll } = &mut self.popup else {
            return Outcome::Unchanged;
        };
        match self.keymap.action(key).and_then(Action::popup_scroll) {
            Some(step) => *scroll = scroll.saturating_add_signed(step),
            None => self.popup = ReaderPopup::None,
        }
        Outcome::Redraw
    }

    /// Chapters with their scenes; the selection starts on the scene being read.
    pub(super) fn build_toc(&self) -> Toc {
        let here = self.pager.anchor();
        let first_new = self.first_new_chapter.unwrap_or(usize::MAX);
        let mut items = Vec::new();
        let mut selected = 0;
        let front = self.pager.document().front_chapters();
        for entry in self.pager.toc() {
            let label = match entry.chapter.checked_sub(front) {
                None => crate::title_page::LABEL.to_owned(),
                Some(number) => entry
                    .title
                    .clone()
                    .unwrap_or_else(|| format!("Chapter {}", number + 1)),
            };
            if entry.start() <= here {
                selected = items.len();
            }
            let progress = match entry.chapter.cmp(&here.chapter) {
                std::cmp::Ordering::Less => ChapterProgress::Read,
                std::cmp::Ordering::Equal => ChapterProgress::Current,
                std::cmp::Ordering::Greater if entry.chapter >= first_new => ChapterProgress::New,
                std::cmp::Ordering::Greater => ChapterProgress::Unread,
            };
            items.push(TocItem {
                label,
                anchor: entry.start(),
                depth: 0,
                words: entry.words,
                progress,
            });
            if entry.scenes.len() > 1 {
                let doc = self.pager.document();
                for (n, anchor) in entry.scenes.iter().enumerate() {
                    if *anchor <= here {
                        selected = items.len();
                    }
                    items.push(TocItem {
                        label: format!("{}. {}", n + 1, scene_opening(doc, *anchor)),
                        anchor: *anchor,
                        depth: 1,
                        words: 0,
                        progress: ChapterProgress::Unread,
                    });
                }
            }
        }
        Toc { items, selected }
    }
}

/// The first words of the scene starting at `anchor` (at a chapter start or a
/// scene break), for the table of contents.
fn scene_opening(doc: &Document, anchor: Anchor) -> String {
    const WORDS: usize = 8;
    let text = doc
        .chapters
        .get(anchor.chapter)
        .into_iter()
        .flat_map(|c| c.blocks.iter().skip(anchor.block))
        .map(crate::document::Block::text)
        .find(|t| !t.trim().is_empty())
        .unwrap_or("");
    let words: Vec<&str> = text.split_whitespace().take(WORDS + 1).collect();
    if words.len() > WORDS {
        format!("{}…", words[..WORDS].join(" "))
    } else {
        words.join(" ")
    }
}
