//! Images in story text: `<img>` and `<svg><image>` become [`Item::Image`] (the line
//! `[image: alt text]` and the source resolved against the page), a divider picture
//! becomes a scene break, and a hidden or tiny image (an emoji, a spacer) nothing.

use scraper::ElementRef;

use super::flow::{Item, is_hidden};
use crate::document::Image;

/// The item an `<img>` or `<svg>` with an `<image>` stands for: an image, a scene
/// break for a divider picture, or `None` for anything else, a hidden image or a
/// tiny one (an emoji, a spacer).
pub fn image_item(el: ElementRef<'_>, base: &str) -> Option<Item> {
    let (src, alt) = match el.value().name() {
        "img" => (el.value().attr("src"), el.value().attr("alt")),
        "svg" => {
            let image = el
                .descendants()
                .filter_map(ElementRef::wrap)
                .find(|e| e.value().name() == "image")?;
            // `xlink:href` has the xlink namespace, which `attr` does not look in.
            let href = image
                .value()
                .attrs()
                .find(|(name, _)| *name == "href")
                .map(|(_, value)| value);
            (href, None)
        }
        _ => return None,
    };
    if is_hidden(el) {
        return None;
    }
    let tiny = ["width", "height"].iter().any(|a| {
        el.value()
            .attr(a)
            .and_then(|v| v.trim().trim_end_matches("px").parse::<u32>().ok())
            .is_some_and(|n| n < 16)
    });
    if tiny {
        return None;
    }
    let alt = super::rich::clean_text(alt.unwrap_or_default()).into_owned();
    let src = src.unwrap_or_default().trim();
    let src = if src.is_empty() || src.starts_with("data:") || src.contains("://") {
        String::new()
    } else {
        crate::format::epub::paths::resolve(base, src)
    };
    let stem = src.rsplit('/').next().unwrap_or_default().to_lowercase();
    let divider = ["divider", "separator", "scenebreak", "scene-break", "break"]
        .iter()
        .any(|w| stem.contains(w));
    if (!alt.trim().is_empty() && super::breaks::is_glyph_break(&alt))
        || (alt.trim().is_empty() && divider)
    {
        return Some(Item::Rule);
    }
    Some(Item::Image(Image::new(&alt, src)))
}
