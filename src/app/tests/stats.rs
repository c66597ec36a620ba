//! Reading statistics, counted through `App::update` as the terminal loop drives it:
//! keys, then ticks with the clock moved on.

use std::time::Duration;

use super::*;
use crate::store::Tally;

fn tick(app: &mut App, at: Instant) {
    let _ = run_inline(app, Msg::Tick(at));
}

fn read_of(app: &App, title: &str) -> Tally {
    let entry = entry_titled(app, title);
    let key = &app.library().entries()[entry].story.key;
    app.store()
        .get(key)
        .map(|s| s.reading.total())
        .unwrap_or_default()
}

#[test]
fn pages_count_when_shown_long_enough_and_words_once() {
    let fixture = Fixture::with(&["library/002_54f2dad0d817735c.txt"]);
    let mut app = fixture.app();
    let his_hero = entry_titled(&app, "His Hero");
    open_entry(&mut app, his_hero);
    let t0 = Instant::now();
    let secs = Duration::from_secs;
    tick(&mut app, t0);
    let first_page = reader(&app).pager().visible_words();
    press(&mut app, " ");
    tick(&mut app, t0 + secs(40)); // the first page was read for 40 s
    let second_page = reader(&app).pager().visible_words();
    press(&mut app, " ");
    tick(&mut app, t0 + secs(41)); // the second was flicked past
    press(&mut app, "b");
    tick(&mut app, t0 + secs(42)); // so was the third
    tick(&mut app, t0 + secs(1000)); // back on the second, left open
    press(&mut app, "q");
    let read = read_of(&app, "His Hero");
    assert_eq!(read.pages, 2);
    assert_eq!(read.secs, 40 + counting::MAX_PAGE.as_secs());
    assert_eq!(
        read.words,
        (first_page.len() + second_page.len()) as u64
            - first_page.end.saturating_sub(second_page.start) as u64,
        "{first_page:?} then {second_page:?}"
    );
    assert!(read.words > 100, "{read:?}");
    assert_eq!(read.finished, 0);

    // Saved with the reading state, and read again by the next process.
    let _ = shutdown(&mut app);
    let again = fixture.app();
    assert_eq!(read_of(&again, "His Hero"), read);
}

#[test]
fn finishing_a_complete_story_counts_once() {
    let fixture = Fixture::with(&["library/002_54f2dad0d817735c.txt"]);
    let mut app = fixture.app();
    let his_hero = entry_titled(&app, "His Hero");
    for _ in 0..2 {
        open_entry(&mut app, his_hero);
        press(&mut app, "Gq");
    }
    assert_eq!(read_of(&app, "His Hero").finished, 1);
}
