//! Lookup keys, slugs, word tokens and the media-suffix scanner.

use super::*;
use crate::format::exact::check;

#[test]
fn the_media_suffix_scanner_answers_as_its_pattern() {
    let media = [
        "TV",
        "US TV",
        "ustv",
        "UK  TV",
        "Comic",
        "Comics",
        "Movie",
        "Movies",
        "Film",
        "Films",
        "Cartoon",
        "Cartoons",
        "Anime",
        "Anime & Manga",
        "anime&manga",
        "Manga",
        "Video Game",
        "Video  Games",
        "Game",
        "Games",
        "Book",
        "Books",
        "Novel",
        "Novels",
        "Radio",
        "Webcomic",
        "Web Series",
        "Animated Series",
        "Series",
        "Movieverse",
        "Moviverse",
        "Web",
        "Animated",
        "Video",
    ];
    let built: Vec<String> = media
        .iter()
        .flat_map(|m| {
            [
                format!("X ({m})"),
                format!("X ({m} 2019)"),
                format!("X ( {m}1999 )"),
            ]
        })
        .collect();
    let mut lines: Vec<&str> = built.iter().map(String::as_str).collect();
    lines.extend([
        "Buffy the Vampire Slayer (TV)",
        "Star Trek (2009)",
        "X (TV) (2009)",
        "X (Bookx)",
        "X ()",
        "X(TV)",
        "(TV)",
        "X (TV 19999)",
        "X (TV2009)",
        "X (2009 TV)",
        "X (T\u{A0}V)",
        "X (\u{17F}eries)",
        "X (١٩٩٩)",
        "Batman - All Media Types",
        "X & Related Fandoms",
        "X - fandom",
        "X - Fandoms",
    ]);
    check::agree(
        &[
            "Smallville",
            " (TV)",
            "(",
            ")",
            " ",
            "tv",
            "us tv",
            "comics",
            "Movies",
            "anime & manga",
            "video games",
            "webcomic",
            "web series",
            "animated series",
            "movieverse",
            "2019",
            "199",
            "20190",
            " - ",
            "All Media Types",
            "fandom",
            " & Related Fandoms",
            "x",
        ],
        &lines,
        |name| media_suffix_start(name.trim()),
        |name| MEDIA_SUFFIX.find(name.trim()).map(|m| m.start()),
    );
}

#[test]
fn fandom_keys() {
    let cases = [
        ("Buffy the Vampire Slayer", "buffy the vampire slayer"),
        ("Buffy: The Vampire Slayer", "buffy the vampire slayer"),
        ("BUFFY THE VAMPIRE SLAYER (TV)", "buffy the vampire slayer"),
        (
            "Buffy the Vampire Slayer - All Media Types",
            "buffy the vampire slayer",
        ),
        (
            "Buffy the Vampire Slayer (Comics 2019)",
            "buffy the vampire slayer",
        ),
        ("Smallville (TV)", "smallville"),
        ("Stargate SG-1", "stargate sg-1"),
        ("Superman/Batman", "superman/batman"),
        ("Angel: the Series", "angel the series"),
        ("A:tS", "a ts"),
        ("Dr. Who", "dr who"),
        ("The Lord of the Rings", "lord of the rings"),
        ("Harry Potter - J. K. Rowling", "harry potter - j k rowling"),
        ("Sherlock Holmes & Related Fandoms", "sherlock holmes"),
        ("Star Trek (2009)", "star trek"),
        ("  Smallville\u{a0} ", "smallville"),
        ("The", "the"),
        ("", ""),
        ("(TV)", "tv"),
    ];
    for (input, want) in cases {
        assert_eq!(
            fandom_lookup_key(input),
            want,
            "fandom_lookup_key({input:?})"
        );
    }
}

#[test]
fn name_keys_and_slugs() {
    assert_eq!(name_lookup_key("Clark K."), "clark k");
    assert_eq!(name_lookup_key("B/A"), "b/a");
    assert_eq!(name_lookup_key("Teal\u{2019}c"), "tealc");
    assert_eq!(slug("Buffy Summers"), "buffy-summers");
    assert_eq!(slug("  --Lex--Luthor!! "), "lex-luthor");
    assert_eq!(slug("Éowyn"), "éowyn");
    assert_eq!(slug("!!!"), "");
    assert_eq!(title_case("the immortal McKay"), "The Immortal McKay");
    assert_eq!(
        title_case("emmanellain de Fortemps"),
        "Emmanellain de Fortemps"
    );
    assert_eq!(title_case("de la Cruz"), "De la Cruz");
    assert_eq!(title_case("seven of nine"), "Seven of Nine");
    assert_eq!(title_case("the doctor"), "The Doctor");
    assert_eq!(title_case(""), "");
}

#[test]
fn capital_titles() {
    let cases = [
        ("PRIDE AND PREJUDICE", Some("Pride and Prejudice")),
        ("EMMA", Some("Emma")),
        (
            "THE END OF THE WORLD AS WE KNOW IT",
            Some("The End of the World as We Know It"),
        ),
        ("X-MEN: THE LAST STAND", Some("X-Men: The Last Stand")),
        ("PART II", Some("Part II")),
        ("2046 AND BEYOND", Some("2046 and Beyond")),
        ("ÉTÉ", None),
        ("ÉTÉS", Some("Étés")),
        ("SGA", None),
        ("Persuasion", None),
        ("HIS Hero", None),
        ("日本語のタイトル", None),
        ("", None),
    ];
    for (title, want) in cases {
        assert_eq!(title_from_capitals(title).as_deref(), want, "{title:?}");
    }
}

#[test]
fn words_cut_possessives_and_keep_inner_marks() {
    let got: Vec<&str> =
        words("Buffy\u{2018}s stake, Kal-El's cape; O'Neill--Teal'c & Jones' 'quote'")
            .map(|w| w.text)
            .collect();
    assert_eq!(
        got,
        [
            "Buffy",
            "stake",
            "Kal-El",
            "cape",
            "O'Neill--Teal'c",
            "&",
            "Jones",
            "quote"
        ]
    );
    let caps: Vec<bool> = words("Lex met clark").map(|w| w.capitalised).collect();
    assert_eq!(caps, [true, false, false]);
}

#[test]
fn words_survive_odd_input() {
    for text in [
        "",
        "   ",
        "'''",
        "---",
        "&&",
        "ß",
        "日本語のテキスト",
        "e\u{301}cole",
        "🙂🙂",
    ] {
        let _ = words(text).count();
    }
    assert_eq!(words("--'s--").count(), 1);
}
