//! The plain path against html5ever: every tree it builds must equal the general
//! parser's node for node, in the same arena order.

use std::path::{Path, PathBuf};

use scraper::Html;

use super::document;

/// Asserts that `text` is taken by the plain path (when `taken`) and that its tree
/// is html5ever's; returns whether it was taken.
fn same_as_html5ever(text: &str) -> bool {
    let Some(fast) = document(text) else {
        return false;
    };
    let slow = Html::parse_document(text);
    assert!(
        fast.tree == slow.tree && fast.quirks_mode == slow.quirks_mode,
        "trees differ for {text:?}:\nplain:     {:?}\nhtml5ever: {:?}",
        fast.tree,
        slow.tree
    );
    true
}

fn taken(text: &str) {
    assert!(same_as_html5ever(text), "not taken: {text:?}");
}

fn refused(text: &str) {
    assert!(document(text).is_none(), "taken: {text:?}");
}

const PROLOG: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

fn page(body: &str) -> String {
    format!(
        "{PROLOG}<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>Chapter 1</title></head><body>{body}</body></html>"
    )
}

#[test]
fn plain_pages_build_the_same_tree() {
    taken(&page(
        "<h1>Chapter 1</h1>\n<p>One.</p>\n<p>Two &amp; three.</p>\n",
    ));
    taken(&page(
        "<p>&#x27;Quoted&#x27; &quot;twice&quot; &lt;3 &gt; &apos;a&apos; &#8217;s&nbsp;x</p>",
    ));
    taken(&page("<p>A & B, &. and &</p>"));
    taken(&page(
        "<p><i>It</i> was <b>very <em>very</em></b> <strong>late</strong>.<br/>Next<br>line</p><hr/><p>After.</p>",
    ));
    taken(&page(
        "<div class=\"chapter\" id='c1'>\n  <p class=\"x\">A <span lang=\"fr\">b</span> <a href=\"#n1\" id=\"r1\"><sup>1</sup></a></p>\n</div>",
    ));
    taken(&page(
        "<blockquote><p>Quoted.</p></blockquote><p><img src=\"a.png\" alt=\"A &amp; B\"/></p>",
    ));
    // Whitespace in every mode: dropped before <html> and <head>, kept in the head,
    // after it, and after the body (which stays open).
    taken(
        "\n  <?xml version='1.0'?>\n<?other?>  <html>\n <head>\n  <meta charset=\"utf-8\"/>\n  <title>T &amp; U</title>\n  <link rel=\"stylesheet\" href=\"s.css\" type=\"text/css\"/>\n </head>\n <body class=\"b\">\n<p>x</p>\n </body>\n</html>\n\n",
    );
    taken("<html><head></head><body></body></html>");
    taken("<html><head><title></title></head>\n\n<body>\n</body>  </html>  ");
    taken(&page(
        "<h2>Part</h2><div><div><p>Deep <i><b><u>runs</u></b></i></p></div></div>",
    ));
    taken(&page(
        "<p>Tab\tand\u{c}feed, \u{201c}curly\u{201d} and caf\u{e9}</p>",
    ));
}

#[test]
fn anything_else_is_left_to_html5ever() {
    refused("<!DOCTYPE html><html><head></head><body></body></html>");
    refused(&page("<p>A\r\nB</p>"));
    refused(&page("<p>A\0B</p>"));
    refused(&page("<p>One<p>Two</p></p>"));
    refused(&page("<p>Open <div>block</div></p>"));
    refused(&page("<h1>A <h2>B</h2></h1>"));
    refused(&page("<p><i>mis<b>nested</i></b></p>"));
    refused(&page("<p>unclosed"));
    refused(&page("<p/>"));
    refused(&page("<P>upper</P>"));
    refused(&page("<p CLASS=\"x\">upper</p>"));
    refused(&page("<p class=x>unquoted</p>"));
    refused(&page("<p class=\"a\" class=\"b\">twice</p>"));
    refused(&page("<p title=\"<title/>\">lt</p>"));
    refused(&page("<!-- comment --><p>x</p>"));
    refused(&page("<table><tr><td>x</td></tr></table>"));
    refused(&page("<p>&copy; &#0; &#x80; &#xD800; &#xFFFE; &amp</p>"));
    refused(&page("<p>1 < 2</p>"));
    refused(&page("<p>&#; is text</p>"));
    refused(&page("<a href=\"#\"><a href=\"#\">x</a></a>"));
    refused(&page("<i><i>x</i></i>"));
    refused(&page("<br></br>"));
    refused(&page("<p>x</p></body></html>trailing"));
    refused("<html><head><title/></head><body></body></html>");
    refused("<html><head><style>p{}</style></head><body></body></html>");
    refused("<html><head><title>a<b</title></head><body></body></html>");
    refused("<html><body></body></html>");
    refused("\u{feff}<html><head></head><body></body></html>");
    let deep = format!("{}x{}", "<span>".repeat(40), "</span>".repeat(40));
    refused(&page(&deep));
}

/// Escapes as Python's `html.escape`, which the benchmark library's generator uses.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

/// The chapters `make_library.py` writes, from the seed stories in `library/`.
#[test]
fn generated_chapters_build_the_same_tree() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("library");
    let mut seen = 0;
    for path in files_under(&dir) {
        if path.extension().is_none_or(|x| x != "txt") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let text = text.replace('\r', "");
        let paras: Vec<&str> = text
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        for (i, chunk) in paras.chunks(paras.len().div_ceil(3).max(1)).enumerate() {
            let body: Vec<String> = chunk
                .iter()
                .map(|p| format!("<p>{}</p>", escape(p)))
                .collect();
            let title = format!("Chapter {}", i + 1);
            let xhtml = format!(
                "{PROLOG}<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>{title}</title></head><body><h1>{title}</h1>\n{}\n</body></html>",
                body.join("\n")
            );
            // A seed may hold a control character the plain path leaves alone.
            if same_as_html5ever(&xhtml) {
                seen += 1;
            }
        }
    }
    assert!(seen >= 10, "only {seen} generated chapters taken");
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every HTML page of every EPUB and HTML file in `library/` and the shared corpus
/// (skipped where the corpus is absent): whatever the plain path takes, it builds
/// as html5ever does.
#[test]
fn corpus_pages_build_the_same_tree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = Vec::new();
    for dir in [root.join("library"), root.join("../shared/corpus")] {
        for path in files_under(&dir) {
            let ext = path
                .extension()
                .and_then(|x| x.to_str())
                .unwrap_or_default()
                .to_ascii_lowercase();
            match ext.as_str() {
                "html" | "htm" | "xhtml" => {
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        pages.push(text);
                    }
                }
                "epub" => pages.extend(epub_pages(&path)),
                _ => {}
            }
        }
    }
    let taken = pages.iter().filter(|p| same_as_html5ever(p)).count();
    eprintln!(
        "{taken} of {} corpus pages taken by the plain path",
        pages.len()
    );
}

fn epub_pages(path: &Path) -> Vec<String> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Vec::new();
    };
    let mut pages = Vec::new();
    for i in 0..zip.len() {
        let Ok(mut file) = zip.by_index(i) else {
            continue;
        };
        let Ok(name) = file.name().map(|n| n.to_ascii_lowercase()) else {
            continue;
        };
        let ext = Path::new(&name).extension().and_then(|x| x.to_str());
        if !matches!(ext, Some("xhtml" | "html" | "htm")) {
            continue;
        }
        let mut text = String::new();
        if std::io::Read::read_to_string(&mut file, &mut text).is_ok() {
            pages.push(text);
        }
    }
    pages
}
