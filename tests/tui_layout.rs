//! The layout a reader adjusts, driven by keys: badge lines hidden and
//! shown, the tree pane made wider and narrower, and the clause at the
//! cursor kept on screen when the terminal is resized.

mod support;

use clause::tui::action::Action;
use clause::tui::app::{App, Pane};
use support::*;

/// Opens `company`'s latest policy with the cursor in the clause view.
fn open_company(app: &mut App, company: &str) {
    press(app, &format!("c{company}<Enter><Tab>"));
    assert_eq!(app.browse.focus, Pane::Clauses);
}

/// The first words of the clause at the cursor.
fn cursor_words(app: &App) -> String {
    let (p, c) = app.cursor_clause().expect("cursor");
    let corpus = app.data.corpus.as_ref().expect("corpus");
    corpus.policy(p).clauses[c].text.chars().take(20).collect()
}

#[test]
fn capital_b_hides_and_shows_the_badge_lines() {
    let mut app = app();
    open_company(&mut app, "reddit");
    let shown = screen(&app);
    assert!(shown.contains("[first-party]"));
    press(&mut app, "B");
    let hidden = screen(&app);
    assert!(!hidden.contains("[first-party]"), "{hidden}");
    assert!(hidden.contains("badges hidden"));
    assert!(
        hidden.contains(&cursor_words(&app)),
        "the cursor's clause stays in view"
    );
    press(&mut app, "B");
    assert!(screen(&app).contains("[first-party]"));
}

#[test]
fn angle_brackets_widen_and_narrow_the_tree_within_bounds() {
    let mut app = app();
    let start = tree_width(&app);
    press(&mut app, ">>");
    assert_eq!(tree_width(&app), start + 8);
    let text = screen(&app);
    assert!(
        text.contains(&format!("tree width {}", start + 8)),
        "{text}"
    );
    press(&mut app, &"<".repeat(20));
    assert_eq!(tree_width(&app), 16, "never narrower than 16 columns");
    press(&mut app, &">".repeat(40));
    assert_eq!(
        tree_width(&app),
        WIDTH as usize - 30,
        "the clause view keeps 30 columns"
    );
}

#[test]
fn the_cursor_clause_stays_on_screen_across_a_resize() {
    let mut app = app_with(false, (160, 45));
    open_company(&mut app, "reddit");
    press(&mut app, &"j".repeat(30));
    let words = cursor_words(&app);
    assert!(screen(&app).contains(&words));
    let cursor = app.browse.doc_cursor;
    app.update(Action::Resize {
        width: 100,
        height: 30,
    });
    assert_eq!(app.browse.doc_cursor, cursor);
    assert!(screen(&app).contains(&words), "{}", screen(&app));
    press(&mut app, "j");
    assert_eq!(app.browse.doc_cursor, cursor.map(|c| c + 1));
    assert!(screen(&app).contains(&cursor_words(&app)));
}
