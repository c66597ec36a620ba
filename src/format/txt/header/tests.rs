use super::super::layout;
use super::*;

fn header_of(text: &str) -> Header {
    let lines = layout::split(text);
    read(&lines, layout::detect(&lines))
}

fn summary(header: &Header) -> Vec<(FieldKey, &str, String, Origin, usize)> {
    header
        .fields
        .iter()
        .map(|f| {
            (
                f.key,
                f.label.as_str(),
                f.joined(),
                f.origin,
                f.line.unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn title_summary_body() {
    let h = header_of(
        "Smallville Glory\n\nSummary: *COA* Glory.\n\nDisclaimer: Not mine.\n\nStaring in horror, none of them moved.\n",
    );
    assert_eq!(h.body_start, 6);
    assert_eq!(
        summary(&h),
        [
            (
                FieldKey::Title,
                "title line",
                "Smallville Glory".into(),
                Origin::Loose,
                1
            ),
            (
                FieldKey::Summary,
                "Summary",
                "*COA* Glory.".into(),
                Origin::Field,
                3
            ),
            (
                FieldKey::Disclaimer,
                "Disclaimer",
                "Not mine.".into(),
                Origin::Field,
                5
            ),
        ]
    );
}

#[test]
fn no_header_at_all() {
    let h = header_of("Buffy ran. She ran fast.\n\nThen she stopped.\n");
    assert_eq!(h.body_start, 0);
    assert!(h.fields.is_empty());
    // A first line that reads like prose stays in the body even when short.
    let h = header_of("I underestimated. Everything.\n\nSure, I got what I wanted.\n");
    assert_eq!(h.body_start, 0);
}

#[test]
fn first_chapter_heading_is_not_a_title() {
    let h = header_of("Chapter 1\n\nIt began.\n");
    assert_eq!(h.body_start, 0);
    assert!(h.fields.is_empty());
}

#[test]
fn title_then_prose() {
    let h = header_of("My Story\n\nBuffy walked into the Bronze and looked around.\n");
    assert_eq!(h.body_start, 2);
    assert_eq!(h.fields.len(), 1);
}

#[test]
fn gutenberg_title_pages() {
    let h = header_of(
        "Persuasion\n\n\nby\n\nJane Austen\n\n(1818)\n\n\n\n\nChapter 1\n\n\nSir Walter Elliot, of Kellynch Hall.\n",
    );
    assert_eq!(
        summary(&h),
        [
            (
                FieldKey::Title,
                "title line",
                "Persuasion".into(),
                Origin::Loose,
                1
            ),
            (
                FieldKey::Author,
                "byline",
                "Jane Austen".into(),
                Origin::Loose,
                6
            ),
            (
                FieldKey::Published,
                "date line",
                "(1818)".into(),
                Origin::Loose,
                8
            ),
        ]
    );
    assert_eq!(h.body_start, 12);
}

#[test]
fn script_lines_are_not_fields() {
    let h = header_of("Title: X\n\nLex: \"Let's talk.\"\n\nClark: \"No.\"\n");
    assert_eq!(h.fields.len(), 1);
    assert_eq!(h.body_start, 2);
}

#[test]
fn header_note_between_header_lines() {
    let h = header_of(
        "Title: X\nAuthor: Y\nSome unlabelled remark about the fic\nRating: G\n\nBody text starts here and goes on.\n",
    );
    let got = summary(&h);
    assert_eq!(
        got[2],
        (
            FieldKey::Note,
            "header note",
            "Some unlabelled remark about the fic".into(),
            Origin::Loose,
            3
        )
    );
    assert_eq!(h.body_start, 5);
}

#[test]
fn header_is_capped() {
    let mut text = String::new();
    for i in 0..60 {
        text.push_str("Note: line ");
        text.push_str(&i.to_string());
        text.push('\n');
    }
    let h = header_of(&text);
    assert_eq!(h.body_start, MAX_HEADER_LINES);
}

#[test]
fn journal_page_header_below_furniture() {
    let h = header_of(
        "inkwell\nInk & Ashes\n[entries|friends|calendar|user info]\nPrevious Entry | Next Entry\nJun. 3rd, 2007 at 11:42 PM\nFic: Salt Lines (SPN/BtVS, Dean/Faith, PG-13)\nCurrent Mood: accomplished\n\nTitle: Salt Lines\nAuthor: inkwell\nRating: PG-13\n<lj-cut text=\"Read more\">\n\nThe motel in Sioux Falls had a neon sign that buzzed like a wasp caught in a jar.\n",
    );
    assert_eq!(h.site.as_deref(), Some(chrome::LIVEJOURNAL));
    assert_eq!(h.body_start, 13);
    let got: Vec<(FieldKey, &str)> = h.fields.iter().map(|f| (f.key, f.label.as_str())).collect();
    assert_eq!(
        got,
        [
            (FieldKey::Title, "subject line"),
            (FieldKey::Rating, "subject line"),
            (FieldKey::Subject, "subject line"),
            (FieldKey::Title, "Title"),
            (FieldKey::Author, "Author"),
            (FieldKey::Rating, "Rating"),
        ]
    );
}

#[test]
fn journal_poster_is_the_author_only_without_one() {
    let h = header_of(
        "sandcastle_writer (sandcastle_writer) wrote,\n@ 2005-11-14 21:07:00\nNew fic: Tidewater [SGA; McKay/Sheppard; R]\n\nSummary: Atlantis floods.\nNotes: For the ficathon.\n\nThe first alarm went off at 0300 Atlantis time, which nobody liked at all.\n",
    );
    let authors: Vec<(String, &str)> = h
        .fields
        .iter()
        .filter(|f| f.key == FieldKey::Author)
        .map(|f| (f.joined(), f.label.as_str()))
        .collect();
    assert_eq!(authors, [("sandcastle_writer".to_owned(), "poster")]);
}

#[test]
fn subject_line_opens_a_mailing_list_post() {
    let h = header_of(
        "[FIC] Homecoming (1/3) [SV/BtVS; Clark/Buffy; PG-13]\n\nSummary: Clark comes home.\n\nThe farm looked the same.\n",
    );
    assert_eq!(
        summary(&h)[0],
        (
            FieldKey::Title,
            "subject line",
            "Homecoming".into(),
            Origin::Loose,
            1
        )
    );
    assert_eq!(h.body_start, 4);
}

#[test]
fn fanficfare_byline_wraps_and_splits_on_commas_only() {
    let h = header_of(
        "\n\n\nJam & Jumpers\n\nby Salt and Pepper, Bread & Butter, hedgewitch_ink, Marginalia,\nthe_quiet_library, small_hours\n\n\n\nCategory: Harry Potter\nPublisher: archiveofourown.org\nStory URL: https://archiveofourown.org/works/1\n\n\n\n        Chapter 1\n\n\nText.\n",
    );
    let authors: Vec<&RawField> = h
        .fields
        .iter()
        .filter(|f| f.key == FieldKey::Author)
        .collect();
    assert_eq!(authors.len(), 1);
    assert!(authors[0].itemised);
    assert_eq!(
        authors[0].values,
        [
            "Salt and Pepper",
            "Bread & Butter",
            "hedgewitch_ink",
            "Marginalia",
            "the_quiet_library",
            "small_hours"
        ]
    );
    // Outside FanFicFare a long `by` sentence is prose, not a byline.
    let h = header_of(
        "Homecoming\n\nby the time they came back from the lake the house was dark and cold,\nand nobody had fed the dog.\n",
    );
    assert!(h.fields.iter().all(|f| f.key != FieldKey::Author));
}

#[test]
fn fimfiction_opening_banner() {
    let h = header_of(
        "//------------------------------//\n// A Talent for Tea\n// Story: A Talent for Tea\n// by Dusk and Dawn\n//------------------------------//\n\nPrereader: Cloud Chaser\nEditor: Lemon Drizzle\n\nTwilight Sparkle had catalogued four hundred and twelve cutie marks.\n",
    );
    assert_eq!(h.site.as_deref(), Some("fimfiction.net"));
    assert_eq!(h.chapter_title, Some(("A Talent for Tea".to_owned(), 2)));
    assert_eq!(h.body_start, 9);
    let got: Vec<(FieldKey, String)> = h.fields.iter().map(|f| (f.key, f.joined())).collect();
    assert_eq!(
        got,
        [
            (FieldKey::Title, "A Talent for Tea".to_owned()),
            (FieldKey::Author, "Dusk and Dawn".to_owned()),
            (FieldKey::Note, "Cloud Chaser".to_owned()),
            (FieldKey::Note, "Lemon Drizzle".to_owned()),
        ]
    );
}

#[test]
fn prose_after_a_blank_is_body_even_before_a_field_like_line() {
    let h = header_of(
        "Title: Salt Lines\nRating: PG-13\n\nThe motel in Sioux Falls had a neon sign that buzzed like a wasp in a jar.\n\nRating: the bar in town had four stars and a sticky floor.\n",
    );
    assert_eq!(h.body_start, 3);
    assert_eq!(h.fields.len(), 2);
}
