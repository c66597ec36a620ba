//! Work identity: which archive a story comes from ([`StoryMeta::site`]) and which
//! work on that archive it is ([`StoryMeta::work`]), from the story's URL or a
//! FanFicFare identifier.
//!
//! Forms (`site:id`):
//! - AO3 `archiveofourown.org/works/N` (also `/chapters/M` after it, collections,
//!   `ao3.org`) → `ao3:N`;
//! - fanfiction.net `/s/N/…` → `ffn:N`; FictionPress `/s/N/…` → `fp:N`;
//! - Twisting the Hellmouth `Story-N` (also `Story-N-C` for chapter C) or
//!   `viewstory.php?sid=N` → `tth:N`;
//! - any other site with a `sid=N` query (eFiction archives, FanFicFare's test site)
//!   → `<host>:N`;
//! - FanFicFare's `fanficfare-uid:<site>-u<author>-s<story>` → the same form as that
//!   site's URL would give (`ao3:N`, `ffn:N`, `<host>:N`), so a FanFicFare EPUB and
//!   the TXT or HTML of the same download agree;
//! - anything else → `<host>:<path>` (`beccaelizabeth.dreamwidth.org:/12345.html`),
//!   with the query kept only when the path alone names nothing (`/`, a script).
//!
//! Hosts are compared without case, port, `www.` or a mobile `m.` prefix. Sites
//! that give every user a subdomain (Dreamwidth, LiveJournal, Tumblr…) are one
//! site (`dreamwidth.org`) but the work keeps the full host.
//!
//! Only `http(s)` URLs are read; they are split with one regular expression rather
//! than a URL crate, since identity needs nothing but the host, path and query as
//! written (no percent-decoding, no IDNA). Nothing here panics on any input.
//!
//! [`StoryMeta::site`]: super::StoryMeta::site
//! [`StoryMeta::work`]: super::StoryMeta::work

use std::sync::LazyLock;

use regex::Regex;

use super::fields::{describe, origin_rank};
use crate::document::raw::{FieldKey, RawField, RawMeta};

/// A story's archive and its identity there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkRef {
    /// The site's canonical domain (`archiveofourown.org`, `dreamwidth.org`).
    pub site: String,
    /// `site:id` (`ao3:334557`), or `None` when the address names a site but no
    /// work (`https://archiveofourown.org/`).
    pub work: Option<String>,
}

/// Archives with a short work prefix: host (after [`canonical_host`]) → (site, prefix).
const KNOWN: &[(&str, &str, &str)] = &[
    ("archiveofourown.org", "archiveofourown.org", "ao3"),
    ("ao3.org", "archiveofourown.org", "ao3"),
    (
        "archive.transformativeworks.org",
        "archiveofourown.org",
        "ao3",
    ),
    ("fanfiction.net", "fanfiction.net", "ffn"),
    ("fictionpress.com", "fictionpress.com", "fp"),
    ("tthfanfic.org", "tthfanfic.org", "tth"),
];

/// Sites that host each user on a subdomain: the site is the parent domain.
const USER_SUBDOMAIN_SITES: &[&str] = &[
    "dreamwidth.org",
    "livejournal.com",
    "insanejournal.com",
    "tumblr.com",
    "wordpress.com",
    "blogspot.com",
    "pressbooks.com",
    "deviantart.com",
];

/// What a story's raw fields say about where it lives, with provenance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Identity {
    /// The story's address: the most trusted `http(s)` URL field, as written.
    pub url: Option<(String, String)>,
    /// The canonical site and where it came from.
    pub site: Option<(String, String)>,
    /// `site:id` and where it came from.
    pub work: Option<(String, String)>,
}

/// Reads the URL fields (most trusted origin first; the AO3 preface link, a
/// FanFicFare `Story URL`, `dc:source`, `dc:identifier`) and the site the format
/// reader recognised from page chrome. A site named by the story's own address wins
/// over chrome; the first field that names a work gives the work.
pub(crate) fn identify(raw: &RawMeta) -> Identity {
    let mut sources: Vec<&RawField> = raw.get(FieldKey::Url).collect();
    // Stable: fields of one origin keep their source order.
    sources.sort_by_key(|f| origin_rank(f.origin));
    let mut identity = Identity::default();
    for field in sources {
        for value in &field.values {
            let value = value.trim();
            let is_http = value
                .get(..7)
                .is_some_and(|p| p.eq_ignore_ascii_case("http://"))
                || value
                    .get(..8)
                    .is_some_and(|p| p.eq_ignore_ascii_case("https://"));
            if is_http && identity.url.is_none() {
                identity.url = Some((value.to_owned(), describe(field)));
            }
            let Some(found) = from_source(value) else {
                continue;
            };
            if identity.site.is_none() {
                identity.site = Some((found.site, format!("the story URL ({})", describe(field))));
            }
            if identity.work.is_none()
                && let Some(work) = found.work
            {
                identity.work = Some((work, format!("the story URL ({})", describe(field))));
            }
        }
    }
    if identity.site.is_none()
        && let Some(site) = &raw.site
    {
        let site = canonical_site(site);
        if !site.is_empty() {
            identity.site = Some((site, "the site's page chrome".to_owned()));
        }
    }
    identity
}

/// The site and work an `http(s)` URL or a `fanficfare-uid:` identifier names.
///
/// ```
/// use ficread::meta::work::from_source;
/// let w = from_source("https://archiveofourown.org/works/334557/chapters/541234").unwrap();
/// assert_eq!((w.site.as_str(), w.work.as_deref()), ("archiveofourown.org", Some("ao3:334557")));
/// let w = from_source("https://www.fanfiction.net/s/3144867/1/Fire_and_Feather").unwrap();
/// assert_eq!(w.work.as_deref(), Some("ffn:3144867"));
/// let w = from_source("fanficfare-uid:test1.com-u98765-s1").unwrap();
/// assert_eq!((w.site.as_str(), w.work.as_deref()), ("test1.com", Some("test1.com:1")));
/// assert_eq!(from_source("urn:uuid:73e87876"), None);
/// ```
pub fn from_source(source: &str) -> Option<WorkRef> {
    let source = source.trim();
    if source
        .get(..15)
        .is_some_and(|p| p.eq_ignore_ascii_case("fanficfare-uid:"))
    {
        return from_fanficfare_uid(source);
    }
    from_url(source)
}

/// The site and work an `http(s)` URL names; `None` for anything else.
pub fn from_url(url: &str) -> Option<WorkRef> {
    static URL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^https?://(?:[^/?#@\s]*@)?([^/?#:\s]+)(?::\d+)?([^?#\s]*)(?:\?([^#\s]*))?")
            .expect("static regex")
    });
    let captures = URL.captures(url.trim())?;
    let host = canonical_host(captures.get(1)?.as_str())?;
    let path = captures.get(2).map_or("", |m| m.as_str());
    let query = captures.get(3).map_or("", |m| m.as_str());
    let (site, prefix) = site_of(&host);
    let id = match prefix {
        Some("ao3") => ao3_work(path),
        Some("ffn" | "fp") => ffn_story(path),
        Some("tth") => tth_story(path).or_else(|| query_sid(query)),
        _ => None,
    };
    let work = match (prefix, id) {
        (Some(prefix), Some(id)) => Some(format!("{prefix}:{id}")),
        // A known archive's page that is no work (a tag, a user, the front page).
        (Some(_), None) => None,
        (None, _) => Some(match query_sid(query) {
            Some(sid) => format!("{host}:{sid}"),
            None => generic_work(&host, path, query),
        }),
    };
    Some(WorkRef { site, work })
}

/// FanFicFare's `fanficfare-uid:<site>-u<author>-s<story>`.
fn from_fanficfare_uid(uid: &str) -> Option<WorkRef> {
    static UID: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^fanficfare-uid:([a-z0-9.-]+?\.[a-z]{2,})-u.*-s([A-Za-z0-9_.]+)$")
            .expect("static regex")
    });
    let captures = UID.captures(uid.trim())?;
    let host = canonical_host(captures.get(1)?.as_str())?;
    let story = captures.get(2)?.as_str();
    let (site, prefix) = site_of(&host);
    let work = match prefix {
        Some(prefix) => format!("{prefix}:{story}"),
        None => format!("{host}:{story}"),
    };
    Some(WorkRef {
        site,
        work: Some(work),
    })
}

/// A host as compared: lower case, no trailing dot, no `www.`/`m.`/`mobile.` prefix.
/// `None` when what is left is no plausible domain name.
fn canonical_host(host: &str) -> Option<String> {
    let lower = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let mut host = lower.as_str();
    for prefix in ["www.", "m.", "mobile."] {
        if let Some(rest) = host.strip_prefix(prefix)
            && rest.contains('.')
        {
            host = rest;
        }
    }
    let host = host.to_owned();
    let plausible = host.len() <= 253
        && host.contains('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    plausible.then_some(host)
}

/// The canonical site of a story's source as a file or page names it: a domain
/// (`www.fanfiction.net`, `beccaelizabeth.dreamwidth.org`) or a URL. Anything that
/// is no domain is returned tidied but otherwise as written.
///
/// ```
/// use ficread::meta::work::canonical_site;
/// assert_eq!(canonical_site("www.FanFiction.net"), "fanfiction.net");
/// assert_eq!(canonical_site("beccaelizabeth.dreamwidth.org"), "dreamwidth.org");
/// assert_eq!(canonical_site("https://archiveofourown.org/works/1"), "archiveofourown.org");
/// ```
pub fn canonical_site(site: &str) -> String {
    if let Some(work) = from_url(site) {
        return work.site;
    }
    match canonical_host(site) {
        Some(host) => site_of(&host).0,
        None => site.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// The site a canonical host belongs to, and its short work prefix if it has one.
fn site_of(host: &str) -> (String, Option<&'static str>) {
    for (known, site, prefix) in KNOWN {
        if host == *known || host.ends_with(&format!(".{known}")) {
            return ((*site).to_owned(), Some(prefix));
        }
    }
    for parent in USER_SUBDOMAIN_SITES {
        if host == *parent || host.ends_with(&format!(".{parent}")) {
            return ((*parent).to_owned(), None);
        }
    }
    (host.to_owned(), None)
}

fn ao3_work(path: &str) -> Option<String> {
    static WORKS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:^|/)works/(\d{1,19})(?:/|$)").expect("static regex"));
    Some(WORKS.captures(path)?.get(1)?.as_str().to_owned())
}

fn ffn_story(path: &str) -> Option<String> {
    static STORY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^/s/(\d{1,19})(?:/|$)").expect("static regex"));
    Some(STORY.captures(path)?.get(1)?.as_str().to_owned())
}

fn tth_story(path: &str) -> Option<String> {
    static STORY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:^|/)Story-(\d{1,19})(?:[-/.]|$)").expect("static regex")
    });
    Some(STORY.captures(path)?.get(1)?.as_str().to_owned())
}

/// The `sid` of an eFiction-style query (`viewstory.php?sid=123&chapter=2`).
fn query_sid(query: &str) -> Option<String> {
    query.split(['&', ';']).find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        let plausible = name.eq_ignore_ascii_case("sid")
            && !value.is_empty()
            && value.len() <= 40
            && value.chars().all(|c| c.is_ascii_alphanumeric());
        plausible.then(|| value.to_owned())
    })
}

/// `<host>:<path>` for a site ficread has no rule for. The query is kept only when
/// the path alone names nothing (the root or a script such as `viewstory.php`).
fn generic_work(host: &str, path: &str, query: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    let path = if trimmed.is_empty() { "/" } else { trimmed };
    let lower = path.to_ascii_lowercase();
    let script = [".php", ".asp", ".aspx", ".cgi", ".pl", ".jsp"]
        .iter()
        .any(|ext| lower.ends_with(ext));
    if !query.is_empty() && (path == "/" || script) {
        format!("{host}:{path}?{query}")
    } else {
        format!("{host}:{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(source: &str) -> Option<String> {
        from_source(source).and_then(|w| w.work)
    }

    fn site(source: &str) -> Option<String> {
        from_source(source).map(|w| w.site)
    }

    #[test]
    fn archive_forms() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "https://archiveofourown.org/works/334557",
                Some("ao3:334557"),
            ),
            (
                "http://archiveofourown.org/works/334557",
                Some("ao3:334557"),
            ),
            (
                "https://archiveofourown.org/works/29046888/chapters/71330913#workskin",
                Some("ao3:29046888"),
            ),
            (
                "https://archiveofourown.org/collections/yuletide/works/123",
                Some("ao3:123"),
            ),
            ("https://www.ao3.org/works/7/", Some("ao3:7")),
            ("HTTPS://ArchiveOfOurOwn.org/works/9", Some("ao3:9")),
            ("https://archiveofourown.org/", None),
            ("https://archiveofourown.org/tags/Smallville/works", None),
            (
                "http://www.fanfiction.net/s/3144867/1/Fire_and_Feather",
                Some("ffn:3144867"),
            ),
            ("https://m.fanfiction.net/s/42/", Some("ffn:42")),
            ("https://www.fanfiction.net/u/123/Someone", None),
            ("https://www.fictionpress.com/s/77/2/", Some("fp:77")),
            (
                "http://www.tthfanfic.org/Story-12411/aforgottenwish+Hellmouth.htm",
                Some("tth:12411"),
            ),
            (
                "http://www.tthfanfic.org/Story-17184-11/x+Title.htm",
                Some("tth:17184"),
            ),
            (
                "http://www.tthfanfic.org/php-files/viewstory.php?sid=5",
                Some("tth:5"),
            ),
            ("http://test1.com?sid=1", Some("test1.com:1")),
            (
                "http://www.spikeluver.com/SpuffyRealm/viewstory.php?sid=123&chapter=2",
                Some("spikeluver.com:123"),
            ),
            (
                "https://beccaelizabeth.dreamwidth.org/12345.html?style=mine",
                Some("beccaelizabeth.dreamwidth.org:/12345.html"),
            ),
            (
                "http://metamorphosiskafka.pressbooks.com",
                Some("metamorphosiskafka.pressbooks.com:/"),
            ),
            (
                "http://example.com:8080/fic/index.php?id=3#top",
                Some("example.com:/fic/index.php?id=3"),
            ),
            ("fanficfare-uid:test1.com-u98765-s1", Some("test1.com:1")),
            (
                "fanficfare-uid:archiveofourown.org-ufoo-bar-s334557",
                Some("ao3:334557"),
            ),
            (
                "fanficfare-uid:www.fanfiction.net-u1-s3144867",
                Some("ffn:3144867"),
            ),
            ("fanficfare-uid:nonsense", None),
            ("urn:uuid:73e87876-92f9-4462-adbf-8b3ce6b5e551", None),
            ("73e87876-92f9-4462-adbf-8b3ce6b5e551", None),
            ("ftp://example.com/x", None),
            ("http://", None),
            ("http://localhost/x", None),
            ("", None),
        ];
        for (source, want) in cases {
            assert_eq!(work(source).as_deref(), *want, "work of {source:?}");
        }
    }

    #[test]
    fn sites() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "https://archiveofourown.org/works/1",
                Some("archiveofourown.org"),
            ),
            ("https://www.fanfiction.net/s/1/1/", Some("fanfiction.net")),
            ("http://www.tthfanfic.org/Story-1", Some("tthfanfic.org")),
            (
                "https://beccaelizabeth.dreamwidth.org/1.html",
                Some("dreamwidth.org"),
            ),
            (
                "https://hils.livejournal.com/2.html",
                Some("livejournal.com"),
            ),
            ("http://test1.com?sid=1", Some("test1.com")),
            ("fanficfare-uid:test1.com-u98765-s1", Some("test1.com")),
        ];
        for (source, want) in cases {
            assert_eq!(site(source).as_deref(), *want, "site of {source:?}");
        }
        assert_eq!(canonical_site("tthfanfic.org"), "tthfanfic.org");
        assert_eq!(canonical_site("Dreamwidth.org"), "dreamwidth.org");
        assert_eq!(canonical_site("PressBooks.com"), "pressbooks.com");
        assert_eq!(canonical_site("  some  site "), "some site");
    }

    #[test]
    fn hostile_input_is_harmless() {
        let long = format!("https://example.com/{}", "a/".repeat(100_000));
        assert!(work(&long).is_some_and(|w| w.starts_with("example.com:/a/a")));
        for text in [
            "http://\u{0}/",
            "https://ex ample.com/",
            "https://例え.jp/x",
            "fanficfare-uid:-u-s",
            "http://a.b/works/99999999999999999999999999",
            "\u{202e}https://archiveofourown.org/works/1",
        ] {
            let _ = from_source(text);
        }
        assert_eq!(
            work("https://archiveofourown.org/works/99999999999999999999999999"),
            None
        );
    }
}
