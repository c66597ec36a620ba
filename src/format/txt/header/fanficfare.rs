//! FanFicFare's TXT output: recognising it (the walk then also applies its other
//! FanFicFare rules, such as summaries over several paragraphs), its `Publisher:`
//! value as the site, and skipping its table of contents.

use super::super::layout::Line;
use super::Walk;

/// Labels only FanFicFare's title page uses.
const FANFICFARE_LABELS: &[&str] = &[
    "Packaged:",
    "Story URL:",
    "Author URL:",
    "Publisher:",
    "Series URL:",
];

/// FanFicFare TXT: its TOC title or two of its own labels near the top.
pub(super) fn is_fanficfare(lines: &[Line<'_>]) -> bool {
    let top = lines.iter().take(200);
    let mut labels = 0;
    for line in top {
        if line.text == "TABLE OF CONTENTS" {
            return true;
        }
        if FANFICFARE_LABELS.iter().any(|l| line.text.starts_with(l)) {
            labels += 1;
        }
    }
    labels >= 2
}

impl Walk<'_, '_> {
    /// Skips FanFicFare's table of contents: the body starts at the first chapter
    /// title (an indented line after a blank run), or right after the TOC title
    /// when none is found.
    pub(super) fn skip_contents(&self, from: usize) -> usize {
        let mut blanks = 0;
        for (j, line) in self.lines.iter().enumerate().skip(from) {
            if line.is_blank() {
                blanks += 1;
                continue;
            }
            if line.indented && blanks >= 2 {
                return j;
            }
            blanks = 0;
        }
        from.min(self.lines.len())
    }
}

/// FanFicFare's `Publisher:` value (the site's domain) as a site name.
pub(super) fn site_name(value: &str) -> Option<String> {
    let domain = value.trim_start_matches("www.");
    let looks_like_domain = domain.len() <= 60
        && domain.contains('.')
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    looks_like_domain.then(|| domain.to_ascii_lowercase())
}
