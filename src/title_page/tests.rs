use super::*;
use crate::document::RawField;
use crate::document::raw::Origin;
use crate::meta::{Rating, Relationship, Series};

fn meta() -> StoryMeta {
    StoryMeta {
        title: "Salt Lines".into(),
        authors: vec!["Annie".into(), "Bea".into()],
        summary: Some("Dean takes the long way round.\nSam notices.".into()),
        fandoms: vec!["Buffy the Vampire Slayer".into(), "Supernatural".into()],
        crossover: true,
        relationships: vec![
            Relationship {
                name: "Dean Winchester/Faith Lehane".into(),
                kind: RelationshipKind::Romantic,
                characters: vec!["Dean Winchester".into(), "Faith Lehane".into()],
            },
            Relationship {
                name: "Sam Winchester & Willow Rosenberg".into(),
                kind: RelationshipKind::Platonic,
                characters: vec!["Sam Winchester".into(), "Willow Rosenberg".into()],
            },
        ],
        characters: vec!["Dean Winchester".into(), "Faith Lehane".into()],
        rating: Some(Rating {
            raw: "Teen And Up Audiences".into(),
            level: None,
        }),
        series: Some(Series {
            name: "The Boy/Girl Universe".into(),
            index: Some(2),
        }),
        status: crate::meta::Status::Complete,
        words: 12_345,
        chapters: 3,
        ..StoryMeta::default()
    }
}

fn texts(page: &Chapter) -> Vec<&str> {
    page.blocks.iter().map(Block::text).collect()
}

#[test]
fn states_every_field_the_story_states_in_order() {
    let mut raw = RawMeta::default();
    raw.push(RawField::new(
        FieldKey::Disclaimer,
        "Disclaimer",
        "Not mine.",
        Origin::Field,
    ));
    let neighbours = Neighbours {
        previous: Some(Part {
            index: Some(1),
            title: "Rock Salt".into(),
        }),
        next: None,
    };
    let page = build(&meta(), &raw, &neighbours);
    assert!(page.is_title_page());
    assert_eq!(page.title.as_deref(), Some("Salt Lines"));
    assert_eq!(
        texts(&page),
        [
            "by Annie and Bea",
            "Fandoms: Buffy the Vampire Slayer, Supernatural (crossover)",
            "Relationships: Dean Winchester/Faith Lehane",
            "Friendships: Sam Winchester & Willow Rosenberg",
            "Characters: Dean Winchester, Faith Lehane",
            "Rating: Teen And Up Audiences",
            "Series: Part 2 of The Boy/Girl Universe",
            "Previous: Part 1, “Rock Salt”",
            "Words: 12,345",
            "Chapters: 3",
            "Status: Complete",
            "Summary",
            "Dean takes the long way round.",
            "Sam notices.",
            "Disclaimer",
            "Not mine.",
        ]
    );
    assert_eq!(page.words(), 0, "the title page adds no body words");
    let Some(Block::Field { text, label }) = page.blocks.get(1) else {
        panic!("a field: {:?}", page.blocks.get(1));
    };
    assert_eq!(&text.text[..*label], "Fandoms: ");
    assert_eq!(text.spans[0].range, 0..8, "the label and colon are bold");
}

#[test]
fn leaves_out_what_the_story_does_not_state() {
    let meta = StoryMeta {
        title: "Untold".into(),
        characters: vec!["Clark Kent".into()],
        provenance: [(
            "characters".to_owned(),
            "inferred from names in the text".to_owned(),
        )]
        .into(),
        ..StoryMeta::default()
    };
    let page = build(&meta, &RawMeta::default(), &Neighbours::default());
    assert_eq!(page.title.as_deref(), Some("Untold"));
    assert!(page.blocks.is_empty(), "{:?}", texts(&page));
}

#[test]
fn untrusted_values_stay_on_one_clean_line() {
    let meta = StoryMeta {
        title: "A\u{1b}[2J title".into(),
        tags: vec!["angst\nand\u{7} fluff".into()],
        ..StoryMeta::default()
    };
    let page = build(&meta, &RawMeta::default(), &Neighbours::default());
    assert_eq!(page.title.as_deref(), Some("A title"));
    assert_eq!(texts(&page), ["Tags: angst and fluff"]);
    let doc = Document {
        chapters: vec![page],
        ..Document::default()
    };
    assert_eq!(doc.check(), Ok(()));
}

#[test]
fn insert_puts_one_page_first() {
    let story = Chapter {
        title: Some("One".into()),
        blocks: vec![Block::Paragraph(RichText::plain("It rained."))],
        id: None,
    };
    let mut doc = Document {
        chapters: vec![story],
        ..Document::default()
    };
    assert_eq!(doc.front_chapters(), 0);
    let page = build(&meta(), &RawMeta::default(), &Neighbours::default());
    insert(&mut doc, page.clone());
    insert(&mut doc, page);
    assert_eq!(doc.chapters.len(), 2, "a second insert replaces the first");
    assert_eq!(doc.front_chapters(), 1);
    assert_eq!(doc.story_chapters().len(), 1);
    assert_eq!(doc.words(), 2, "the summary is not counted as story");
}

#[test]
fn a_file_cannot_claim_the_title_page_id() {
    let mut doc = Document {
        chapters: vec![Chapter {
            title: None,
            blocks: vec![Block::Paragraph(RichText::plain("Mine now."))],
            id: Some(TITLE_PAGE_ID.to_owned()),
        }],
        ..Document::default()
    };
    doc.release_reserved_ids();
    assert_eq!(doc.front_chapters(), 0);
    assert_eq!(doc.words(), 2);
}

#[test]
fn plain_text_lists_fields_then_sections() {
    let page = build(
        &StoryMeta {
            title: "Salt Lines".into(),
            rating: Some(Rating {
                raw: "PG-13".into(),
                level: None,
            }),
            status: crate::meta::Status::InProgress,
            summary: Some("Dean drives.".into()),
            ..StoryMeta::default()
        },
        &RawMeta::default(),
        &Neighbours::default(),
    );
    assert_eq!(
        plain_text(&page),
        "Salt Lines\n\nRating: PG-13\nStatus: In progress\n\nSummary\n\nDean drives.\n"
    );
}

#[test]
fn fields_hang_under_their_value_and_sit_together() {
    use crate::layout::Row;
    use crate::pager::{Pager, PagerOptions};

    let meta = StoryMeta {
        title: "Salt Lines".into(),
        tags: vec![
            "road trip".into(),
            "hurt/comfort".into(),
            "found family".into(),
        ],
        rating: Some(Rating {
            raw: "PG-13".into(),
            level: None,
        }),
        ..StoryMeta::default()
    };
    let mut doc = Document::default();
    insert(
        &mut doc,
        build(&meta, &RawMeta::default(), &Neighbours::default()),
    );
    let pager = Pager::new(doc, PagerOptions::default(), 30, 10);
    let shown: Vec<String> = pager
        .rows()
        .iter()
        .map(|row| format!("{}{}", " ".repeat(row.indent()), pager.row_text(row)))
        .collect();
    assert_eq!(
        shown,
        [
            "          Salt Lines",
            "",
            "Rating: PG-13",
            "Tags: road trip, hurt/comfort,",
            "      found family",
        ]
    );
    assert!(matches!(
        pager.rows().get(4),
        Some(Row::Text { indent: 6, .. })
    ));
}
