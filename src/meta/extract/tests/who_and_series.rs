//! Extraction of authors (marked names are never split), AO3's generic group tags and
//! series wording, end to end from raw fields.

use super::*;

fn authors_of(fields: Vec<RawField>, site: Option<&str>) -> (Vec<String>, String) {
    let doc = document(fields, site, chapter(&["Text."]));
    let meta = extract(&doc, &Aliases::builtin());
    let source = prov(&meta, "authors").to_owned();
    (meta.authors, source)
}

#[test]
fn author_links_are_one_name_each() {
    // AO3: one `rel="author"` link per creator, whatever the pseud reads.
    let (authors, source) = authors_of(
        vec![items(
            K::Author,
            "byline",
            &["Salt and Iron", "Ink & Quill (quillfeather)"],
        )],
        Some("archiveofourown.org"),
    );
    assert_eq!(authors, ["Salt and Iron", "Ink & Quill (quillfeather)"]);
    assert_eq!(source, "field \"byline:\"");
}

#[test]
fn a_single_author_archive_gives_one_author() {
    // A fanfiction.net page (or a FanFicFare copy whose story URL is on it): the
    // one author link is one name even when it reads like two people.
    let byline = field(K::Author, O::Field, "author", "Jane Doe and John Smith", 3);
    let (authors, source) = authors_of(vec![byline.clone()], Some("fanfiction.net"));
    assert_eq!(authors, ["Jane Doe and John Smith"]);
    assert_eq!(
        source,
        "field \"author:\" (line 3), one author per story on fanfiction.net"
    );
    let url = field(
        K::Url,
        O::Field,
        "Story URL",
        "https://www.fanfiction.net/s/12964123/1/",
        20,
    );
    let (authors, _) = authors_of(vec![byline.clone(), url], None);
    assert_eq!(authors, ["Jane Doe and John Smith"]);
    // The same line in a journal header is two people.
    let (authors, source) = authors_of(vec![byline], Some("dreamwidth.org"));
    assert_eq!(authors, ["Jane Doe", "John Smith"]);
    assert_eq!(source, "field \"author:\" (line 3), split at \"and\"/\"&\"");
}

#[test]
fn unmarked_names_joined_by_and_are_co_authors() {
    // Nothing marks the names one by one: two people, as a reader would take it.
    let (authors, source) = authors_of(
        vec![field(K::Author, O::Loose, "byline", "Salt and Iron", 2)],
        None,
    );
    assert_eq!(authors, ["Salt", "Iron"]);
    assert_eq!(source, "byline (line 2), split at \"and\"/\"&\"");
    let (authors, source) = authors_of(
        vec![field(
            K::Author,
            O::Field,
            "Authors",
            "[info]hils_b and [info]marginalia",
            3,
        )],
        None,
    );
    assert_eq!(authors, ["hils_b", "marginalia"]);
    assert_eq!(
        source,
        "field \"Authors:\" (line 3), one name per user link"
    );
}

#[test]
fn generic_group_tags_are_relationships_but_not_characters() {
    let doc = document(
        vec![items(
            K::Relationship,
            "Relationships",
            &[
                "Everyone & Everyone",
                "Original Character(s)/Original Character(s)",
                "Data & B-4",
            ],
        )],
        Some("archiveofourown.org"),
        chapter(&["Text."]),
    );
    let meta = extract(&doc, &Aliases::builtin());
    assert_eq!(
        names(&meta.relationships),
        [
            ("Everyone & Everyone", RelationshipKind::Platonic),
            (
                "Original Character(s)/Original Character(s)",
                RelationshipKind::Romantic
            ),
            ("B-4 & Data", RelationshipKind::Platonic),
        ]
    );
    // No character field: the members stand in, but groups are no characters.
    assert_eq!(meta.characters, ["B-4", "Data"]);
}

#[test]
fn series_in_the_old_ao3_wording() {
    let cases = [
        (
            vec!["Part 4 of the Long Road Home series"],
            ("Long Road Home", Some(4)),
        ),
        (
            vec![
                "Part 2 of the Winter Roads series \u{bb}",
                "Part 5 of the Salt Lines series",
            ],
            ("Winter Roads", Some(2)),
        ),
        (
            vec!["Part 2 of The Series of Unfortunate Events series"],
            ("The Series of Unfortunate Events", Some(2)),
        ),
    ];
    for (values, want) in cases {
        let doc = document(
            vec![items(K::Series, "Series", &values)],
            Some("archiveofourown.org"),
            chapter(&["Text."]),
        );
        let meta = extract(&doc, &Aliases::builtin());
        let got = meta.series.as_ref().map(|s| (s.name.as_str(), s.index));
        assert_eq!(got, Some(want), "{values:?}");
        assert_eq!(prov(&meta, "series"), "field \"Series:\"");
    }
}
