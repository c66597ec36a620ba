//! `META-INF/container.xml` and the OPF package document: metadata, manifest, spine
//! (with `linear`), guide and the table-of-contents pointers. EPUB 2 and 3.
//! Parsed with roxmltree (no recursion, entity expansion bounded); an XML error
//! becomes a [`ParseError`] that keeps roxmltree's error (and so its position).

use std::collections::HashMap;

use roxmltree::{Document as Xml, Node, ParsingOptions};

use super::lenient::{self, Fixes};
use super::paths::resolve;
use crate::format::ParseError;

/// Most XML nodes one container, OPF or NCX file may have.
const MAX_XML_NODES: u32 = 1_000_000;

/// Parses XML with DTDs allowed (NCX and old OPFs declare one) and bounded size.
pub fn parse_xml(text: &str) -> Result<Xml<'_>, roxmltree::Error> {
    let options = ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_XML_NODES,
        ..ParsingOptions::default()
    };
    Xml::parse_with_options(text, options)
}

/// The OPF path `container.xml` names, reading a container that is not well-formed
/// XML leniently (see [`lenient`]); the fixes say what that took.
pub fn rootfile_lenient(container: &str) -> Result<(String, Option<Fixes>), ParseError> {
    let strict = match rootfile(container) {
        Ok(path) => return Ok((path, None)),
        Err(e @ ParseError::BadContainer(_)) => e,
        Err(e) => return Err(e),
    };
    let retry = |text: &str| rootfile(text).ok();
    lenient_retry(container, "container", &["rootfile"], retry).ok_or(strict)
}

/// Parses an OPF, reading one that is not well-formed XML leniently (see
/// [`lenient`]); the fixes say what that took. A strict error is kept when even the
/// lenient reading finds no package.
pub fn parse_opf_lenient(
    text: &str,
    opf_path: &str,
) -> Result<(Package, Option<Fixes>), ParseError> {
    let strict = match parse_opf(text, opf_path) {
        Ok(package) => return Ok((package, None)),
        Err(e @ ParseError::BadPackage { .. }) => e,
        Err(e) => return Err(e),
    };
    // A lenient reading that finds nothing to read is no reading: the strict error
    // says better what is wrong.
    let retry = |text: &str| {
        parse_opf(text, opf_path)
            .ok()
            .filter(|p| !p.spine.is_empty())
    };
    lenient_retry(text, "package", OPF_EMPTY_ELEMENTS, retry).ok_or(strict)
}

/// OPF elements that never hold anything (kept siblings when salvaging).
const OPF_EMPTY_ELEMENTS: &[&str] = &["item", "itemref", "reference", "meta"];

/// Tries `read` on the repaired text, then on the salvaged text.
pub fn lenient_retry<T>(
    text: &str,
    root: &str,
    empty: &[&str],
    read: impl Fn(&str) -> Option<T>,
) -> Option<(T, Option<Fixes>)> {
    let mut fixes = Fixes::default();
    let mut current = text.to_owned();
    if let Some((repaired, found)) = lenient::repair(text) {
        fixes = found;
        if let Some(value) = read(&repaired) {
            return Some((value, Some(fixes)));
        }
        current = repaired;
    }
    let salvaged = lenient::salvage(&current, root, empty)?;
    fixes.salvaged = true;
    read(&salvaged).map(|value| (value, Some(fixes)))
}

/// The OPF path `container.xml` names.
pub fn rootfile(container: &str) -> Result<String, ParseError> {
    let xml = parse_xml(container).map_err(ParseError::BadContainer)?;
    xml.descendants()
        .filter(|n| n.has_tag_name("rootfile"))
        .filter(|n| {
            n.attribute("media-type")
                .is_none_or(|t| t == "application/oebps-package+xml")
        })
        .find_map(|n| n.attribute("full-path"))
        .map(|p| p.trim_start_matches('/').to_owned())
        .filter(|p| !p.is_empty())
        .ok_or(ParseError::NoPackagePath)
}

/// One manifest entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestItem {
    /// Path inside the zip.
    pub path: String,
    /// `application/xhtml+xml`, `text/css` …
    pub media_type: String,
    /// EPUB 3 properties (`nav`, `cover-image` …).
    pub properties: String,
}

/// One spine entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpineItem {
    /// The manifest id.
    pub id: String,
    /// Path inside the zip.
    pub path: String,
    /// False for `linear="no"` (covers, pop-ups): not part of the reading order.
    pub linear: bool,
}

/// A metadata statement from the OPF, before mapping to fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaEntry {
    /// `title`, `creator`, `description`, `subject`, `language`, `date`, `source`,
    /// `identifier`, `publisher`, `contributor`, `series`.
    pub name: String,
    /// The text, trimmed.
    pub value: String,
    /// Role (`aut`), date event (`publication`), identifier scheme, series index.
    pub qualifier: Option<String>,
}

/// What the OPF says.
#[derive(Debug, Clone, Default)]
pub struct Package {
    /// `2.0` or `3.0`.
    pub version: String,
    /// Metadata statements in file order.
    pub metadata: Vec<MetaEntry>,
    /// Manifest items by id, hashed with foldhash: a thousand-chapter book hashes
    /// thousands of ids before its first page, and the ids are few and bounded by
    /// the archive's entry limit, so SipHash's flood resistance buys nothing here.
    pub manifest: HashMap<String, ManifestItem, foldhash::fast::RandomState>,
    /// The reading order.
    pub spine: Vec<SpineItem>,
    /// The NCX path (EPUB 2, also kept by many EPUB 3 books).
    pub ncx: Option<String>,
    /// The navigation document path (EPUB 3).
    pub nav: Option<String>,
    /// Guide references: (type, path).
    pub guide: Vec<(String, String)>,
}

impl Package {
    /// The first value of a metadata entry.
    pub fn first(&self, name: &str) -> Option<&str> {
        self.metadata
            .iter()
            .find(|m| m.name == name)
            .map(|m| m.value.as_str())
    }

    /// All entries with this name.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a MetaEntry> {
        self.metadata.iter().filter(move |m| m.name == name)
    }
}

/// Parses an OPF whose zip path is `opf_path`.
pub fn parse_opf(text: &str, opf_path: &str) -> Result<Package, ParseError> {
    let xml = parse_xml(text).map_err(|source| ParseError::BadPackage {
        path: opf_path.to_owned(),
        source,
    })?;
    let root = xml.root_element();
    if !root.has_tag_name("package") {
        return Err(ParseError::NoPackageElement {
            path: opf_path.to_owned(),
        });
    }
    let mut package = Package {
        version: root.attribute("version").unwrap_or("2.0").to_owned(),
        ..Package::default()
    };
    let refinements = refinements(&xml);
    for child in root.children().filter(Node::is_element) {
        match child.tag_name().name() {
            "metadata" => read_metadata(child, &refinements, &mut package),
            "manifest" => read_manifest(child, opf_path, &mut package),
            "spine" => read_spine(child, &mut package),
            "guide" => {
                for reference in child.children().filter(|n| n.has_tag_name("reference")) {
                    if let (Some(kind), Some(href)) =
                        (reference.attribute("type"), reference.attribute("href"))
                    {
                        package
                            .guide
                            .push((kind.to_lowercase(), resolve(opf_path, href)));
                    }
                }
            }
            _ => {}
        }
    }
    let spine_ids: Vec<String> = package.spine.iter().map(|s| s.id.clone()).collect();
    for (index, id) in spine_ids.iter().enumerate() {
        if let (Some(item), Some(spine)) = (package.manifest.get(id), package.spine.get_mut(index))
        {
            spine.path.clone_from(&item.path);
        }
    }
    package.spine.retain(|s| !s.path.is_empty());
    package.nav = package
        .manifest
        .values()
        .find(|m| m.properties.split_whitespace().any(|p| p == "nav"))
        .map(|m| m.path.clone());
    Ok(package)
}

/// EPUB 3 `<meta refines="#id" property="role">aut</meta>`: id → [(property, value)].
fn refinements(xml: &Xml<'_>) -> HashMap<String, Vec<(String, String)>> {
    let mut map: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for meta in xml.descendants().filter(|n| n.has_tag_name("meta")) {
        let (Some(target), Some(property)) =
            (meta.attribute("refines"), meta.attribute("property"))
        else {
            continue;
        };
        let value = meta.text().unwrap_or_default().trim().to_owned();
        map.entry(target.trim_start_matches('#').to_owned())
            .or_default()
            .push((property.to_owned(), value));
    }
    map
}

fn attribute_any<'a>(node: Node<'a, '_>, local: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == local)
        .map(|a| a.value())
}

fn read_metadata(
    metadata: Node<'_, '_>,
    refinements: &HashMap<String, Vec<(String, String)>>,
    package: &mut Package,
) {
    let refined = |node: Node<'_, '_>, property: &str| -> Option<String> {
        let id = node.attribute("id")?;
        refinements
            .get(id)?
            .iter()
            .find(|(p, _)| p == property)
            .map(|(_, v)| v.clone())
    };
    let mut series: Option<String> = None;
    let mut series_index: Option<String> = None;
    for node in metadata.descendants().filter(Node::is_element) {
        let name = node.tag_name().name();
        let text = node.text().unwrap_or_default().trim().to_owned();
        let entry = match name {
            "title" | "description" | "subject" | "language" | "source" | "publisher"
            | "relation" => Some((name, None)),
            "creator" | "contributor" => {
                let role = attribute_any(node, "role")
                    .map(str::to_owned)
                    .or_else(|| refined(node, "role"));
                Some((name, role))
            }
            "date" => Some((name, attribute_any(node, "event").map(str::to_owned))),
            "identifier" => Some((
                name,
                attribute_any(node, "scheme")
                    .map(str::to_owned)
                    .or_else(|| refined(node, "identifier-type")),
            )),
            "meta" => {
                match (node.attribute("name"), node.attribute("content")) {
                    (Some("calibre:series"), Some(v)) => series = Some(v.trim().to_owned()),
                    (Some("calibre:series_index"), Some(v)) => {
                        series_index = Some(v.trim().to_owned());
                    }
                    _ => {}
                }
                if node.attribute("property") == Some("belongs-to-collection")
                    && refined(node, "collection-type").is_none_or(|t| t == "series")
                {
                    package.metadata.push(MetaEntry {
                        name: "series".to_owned(),
                        value: text.clone(),
                        qualifier: refined(node, "group-position"),
                    });
                }
                None
            }
            _ => None,
        };
        if let Some((name, qualifier)) = entry
            && !text.is_empty()
        {
            package.metadata.push(MetaEntry {
                name: name.to_owned(),
                value: text,
                qualifier,
            });
        }
    }
    if let Some(name) = series.filter(|s| !s.is_empty()) {
        package.metadata.push(MetaEntry {
            name: "series".to_owned(),
            value: name,
            qualifier: series_index,
        });
    }
}

fn read_manifest(manifest: Node<'_, '_>, opf_path: &str, package: &mut Package) {
    for item in manifest.children().filter(|n| n.has_tag_name("item")) {
        let (Some(id), Some(href)) = (item.attribute("id"), item.attribute("href")) else {
            continue;
        };
        package.manifest.insert(
            id.to_owned(),
            ManifestItem {
                path: resolve(opf_path, href),
                media_type: item.attribute("media-type").unwrap_or_default().to_owned(),
                properties: item.attribute("properties").unwrap_or_default().to_owned(),
            },
        );
    }
}

fn read_spine(spine: Node<'_, '_>, package: &mut Package) {
    if let Some(toc) = spine.attribute("toc")
        && let Some(item) = package.manifest.get(toc)
    {
        package.ncx = Some(item.path.clone());
    }
    if package.ncx.is_none() {
        package.ncx = package
            .manifest
            .values()
            .find(|m| m.media_type == "application/x-dtbncx+xml")
            .map(|m| m.path.clone());
    }
    for itemref in spine.children().filter(|n| n.has_tag_name("itemref")) {
        let Some(id) = itemref.attribute("idref") else {
            continue;
        };
        package.spine.push(SpineItem {
            id: id.to_owned(),
            path: String::new(),
            linear: itemref.attribute("linear") != Some("no"),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPF3: &str = r##"<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">urn:uuid:1</dc:identifier>
    <dc:title>Three</dc:title>
    <dc:creator id="c1">Ann Author</dc:creator>
    <meta refines="#c1" property="role" scheme="marc:relators">aut</meta>
    <dc:creator id="c2">Ed Itor</dc:creator>
    <meta refines="#c2" property="role">edt</meta>
    <meta property="belongs-to-collection" id="s1">Saga</meta>
    <meta refines="#s1" property="collection-type">series</meta>
    <meta refines="#s1" property="group-position">2</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="c1" href="text/ch%201.xhtml" media-type="application/xhtml+xml"/>
    <item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>
  </manifest>
  <spine>
    <itemref idref="cover" linear="no"/>
    <itemref idref="c1"/>
    <itemref idref="missing"/>
  </spine>
</package>"##;

    #[test]
    fn epub3_package() {
        let package = parse_opf(OPF3, "EPUB/package.opf").expect("parses");
        assert_eq!(package.version, "3.0");
        assert_eq!(package.nav.as_deref(), Some("EPUB/nav.xhtml"));
        let spine: Vec<(&str, bool)> = package
            .spine
            .iter()
            .map(|s| (s.path.as_str(), s.linear))
            .collect();
        assert_eq!(
            spine,
            [("EPUB/cover.xhtml", false), ("EPUB/text/ch 1.xhtml", true)]
        );
        let creators: Vec<(&str, Option<&str>)> = package
            .all("creator")
            .map(|m| (m.value.as_str(), m.qualifier.as_deref()))
            .collect();
        assert_eq!(
            creators,
            [("Ann Author", Some("aut")), ("Ed Itor", Some("edt"))]
        );
        let series = package.all("series").next().expect("series");
        assert_eq!(
            (series.value.as_str(), series.qualifier.as_deref()),
            ("Saga", Some("2"))
        );
    }

    #[test]
    fn container_and_errors() {
        let container = r#"<container><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;
        assert_eq!(
            rootfile(container).ok().as_deref(),
            Some("OEBPS/content.opf")
        );
        assert!(matches!(
            rootfile("<container/>"),
            Err(ParseError::NoPackagePath)
        ));
        let err = rootfile("<container").expect_err("unclosed");
        assert!(matches!(err, ParseError::BadContainer(_)), "{err:?}");
        assert!(err.xml_position().is_some());
        assert!(
            err.to_string().starts_with("bad META-INF/container.xml: "),
            "{err}"
        );
        assert!(matches!(
            parse_opf("<notpackage/>", "x.opf"),
            Err(ParseError::NoPackageElement { .. })
        ));
        let err = parse_opf("<package>\n  <metadata></package>", "x.opf").expect_err("bad XML");
        let position = err.xml_position().map(|p| (p.row, p.col));
        assert_eq!(position, Some((2, 13)), "{err}");
        let bomb = r#"<!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><package>&d;</package>"#;
        assert!(
            parse_opf(bomb, "x.opf").is_err(),
            "entity expansion is bounded"
        );
    }

    #[test]
    fn lenient_package_and_container() {
        let opf = r#"<package version="2.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Tea & Thunder</dc:title><dc:creator>B</dc:creator></metadata><manifest><item id="a" href="a.html" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="a"/></spine></package>"#;
        assert!(parse_opf(opf, "x.opf").is_err());
        let (package, fixes) = parse_opf_lenient(opf, "x.opf").expect("lenient");
        assert_eq!(package.first("title"), Some("Tea & Thunder"));
        assert_eq!(fixes.map(|f| (f.ampersands, f.salvaged)), Some((1, false)));
        assert_eq!(package.spine.len(), 1);
        // Well-formed: read strictly, nothing to say.
        let fine = opf.replace(" & ", " &amp; ");
        let (_, fixes) = parse_opf_lenient(&fine, "x.opf").expect("strict");
        assert_eq!(fixes, None);
        // Unbalanced HTML in a value: rebuilt, the rest still read.
        let html = opf.replace("Tea & Thunder", "Tea <i>and thunder");
        let (package, fixes) = parse_opf_lenient(&html, "x.opf").expect("salvaged");
        assert_eq!(package.first("title"), Some("Tea and thunder"));
        assert_eq!(package.first("creator"), Some("B"));
        assert!(fixes.is_some_and(|f| f.salvaged));
        // Nothing readable: the strict error, which names the file.
        let err = parse_opf_lenient("<package><metadata><dc:title>x</metadata>", "c.opf")
            .expect_err("no spine");
        assert!(err.to_string().contains("c.opf"), "{err}");
        let container = r#"<container><rootfiles><rootfile full-path="Tea & Thunder/book.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;
        assert!(rootfile(container).is_err());
        let (path, fixes) = rootfile_lenient(container).expect("lenient");
        assert_eq!(path, "Tea & Thunder/book.opf");
        assert!(fixes.is_some());
    }
}
