//! Paths inside an EPUB: hrefs are relative to the file that holds them,
//! percent-encoded, and may carry a `#fragment`.

/// Resolves `href` (relative to the file at `base`, a zip path) to a zip path,
/// percent-decoded, without its fragment.
///
/// ```
/// use ficread::format::epub::paths::resolve;
/// assert_eq!(resolve("OEBPS/content.opf", "text/ch%201.xhtml#p3"), "OEBPS/text/ch 1.xhtml");
/// assert_eq!(resolve("OEBPS/text/nav.xhtml", "../images/x.png"), "OEBPS/images/x.png");
/// assert_eq!(resolve("book.opf", "/OEBPS/a.html"), "OEBPS/a.html");
/// ```
pub fn resolve(base: &str, href: &str) -> String {
    let (path, _) = split_fragment(href);
    // Nearly every href of a package is a plain relative path (`text/ch001.xhtml`):
    // it only joins the base's folder. A book of a thousand chapters resolves
    // thousands of them before its first page.
    if is_plain(path) {
        return match base.rsplit_once('/') {
            Some((dir, _)) => {
                let mut joined = String::with_capacity(dir.len() + 1 + path.len());
                joined.push_str(dir);
                joined.push('/');
                joined.push_str(path);
                joined
            }
            None => path.to_owned(),
        };
    }
    resolve_segments(base, path)
}

/// A relative path with nothing to decode or normalise: no `%`, no leading `/`, no
/// empty, `.` or `..` segment.
fn is_plain(path: &str) -> bool {
    !path.contains('%')
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
}

/// [`resolve`] of a fragment-free `path`, segment by segment.
fn resolve_segments(base: &str, path: &str) -> String {
    let path = percent_decode(path);
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        base.rsplit_once('/')
            .map(|(dir, _)| dir.split('/').collect())
            .unwrap_or_default()
    };
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// `file.xhtml#frag` → (`file.xhtml`, `Some("frag")`).
pub fn split_fragment(href: &str) -> (&str, Option<&str>) {
    match href.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment).filter(|f| !f.is_empty())),
        None => (href, None),
    }
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        if let (b'%', Some(value)) = (b, hex) {
            out.push(value);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_plain_path_joins_as_the_segments_would(
            base in "([a-z.]{0,3}/){0,3}[a-z]{0,3}",
            href in "([a-z.%/]{0,4}){0,4}(#[a-z]{0,2})?",
        ) {
            let (path, _) = split_fragment(&href);
            prop_assert_eq!(resolve(&base, &href), resolve_segments(&base, path));
        }
    }

    #[test]
    fn odd_hrefs() {
        assert_eq!(resolve("a.opf", "x%2"), "x%2");
        assert_eq!(resolve("a/b.opf", "../../../x"), "x");
        assert_eq!(resolve("a.opf", "%E2%80%99.html"), "’.html");
        assert_eq!(split_fragment("a#"), ("a", None));
    }
}
