//! What the browser tells the reader: a query waiting for the index, key
//! hints for whatever has the keys, and no stale rows or messages after
//! a filter changes.

mod support;

use clause::corpus::{CorpusSource, LoadOptions};
use clause::tui::action::Action;
use clause::tui::app::App;
use clause::tui::theme::Theme;
use support::*;

#[test]
fn a_query_typed_before_the_index_opens_waits_then_runs() {
    let corpus = index()
        .corpus(CorpusSource::Embedded, LoadOptions::default())
        .expect("embedded catalog");
    let mut app = App::new(Theme::new(false), (WIDTH, HEIGHT));
    app.update(Action::CorpusLoaded(Box::new(corpus)));
    app.update(Action::IndexProgress {
        done: 37,
        total: 100,
    });
    press(&mut app, "/cookies");
    assert!(app.search.results.is_none());
    let text = screen(&app);
    assert!(text.contains("waiting for the index (37%)"), "{text}");
    apply(&mut app, Action::IndexReady(index()));
    let text = screen(&app);
    assert!(!text.contains("waiting for the index"), "{text}");
    assert!(app.search.results.as_ref().is_some_and(|r| r.total > 0));
    assert!(text.contains("Results ("), "{text}");
}

#[test]
fn the_status_bar_hints_at_the_keys_of_what_has_them() {
    let mut app = app();
    assert!(screen(&app).contains("l/h fold"));
    press(&mut app, "/");
    assert!(screen(&app).contains("↑/↓ history"));
    press(&mut app, "<Esc>M");
    assert!(screen(&app).contains("o sort · Enter list"));
    press(&mut app, "<Esc>?");
    assert!(screen(&app).contains("j/k scroll · Esc close"));
}

#[test]
fn no_blank_rows_stay_below_the_tree_after_f() {
    let mut app = app();
    press(&mut app, "G/cookies<Enter>f");
    assert!(app.filters.only_hits);
    let areas = clause::tui::layout::areas(&app);
    let page = areas.tree.height as usize - 2;
    let rows = app.rows().len();
    let shown = rows.saturating_sub(app.browse.tree_offset).min(page);
    assert_eq!(shown, rows.min(page), "rows hidden above, blank rows below");
    // On screen: the tree's last inner row holds a node.
    let text = screen(&app);
    let last = text
        .lines()
        .nth(areas.tree.bottom() as usize - 2)
        .expect("tree drawn")
        .trim_start_matches('"');
    let cell: String = last
        .chars()
        .skip(1)
        .take(areas.tree.width as usize - 2)
        .collect();
    if rows >= page {
        assert!(!cell.trim().is_empty(), "blank last row:\n{text}");
    }
}

#[test]
fn a_category_filter_drops_the_focused_badge_and_its_cues() {
    let mut app = app();
    press(&mut app, "creddit<Enter><Tab>b");
    assert!(screen(&app).contains("cues:"));
    press(&mut app, "C<Enter>");
    assert!(app.filters.category.is_some());
    let text = screen(&app);
    assert!(!text.contains("cues:"), "{text}");
}

/// Every overlay opened or closed, every toggle and every filter says so
/// in the status bar.
#[test]
fn every_mode_change_says_so_in_the_status_bar() {
    let mut app = app();
    let said = |app: &mut App, keys: &str, words: &str| {
        press(app, keys);
        let text = screen(app);
        let status = text.lines().last().unwrap_or_default().to_string();
        assert!(status.contains(words), "{keys}: {status}");
    };
    said(&mut app, "?", "opened the help");
    said(&mut app, "<Esc>", "closed the help");
    said(&mut app, "c", "opened the company picker");
    said(&mut app, "<Esc>", "closed the company picker");
    said(&mut app, "B", "badges hidden (B shows them)");
    said(&mut app, "B", "badges shown");
    said(&mut app, "A", "searching all versions");
    said(&mut app, "A", "newest version");
    said(&mut app, "f", "tree: only nodes with hits (f shows all)");
    said(&mut app, "f", "tree: every node");
    said(&mut app, "C", "opened the category picker");
    said(
        &mut app,
        "<Enter>",
        "tree and results filtered by first-party",
    );
    said(&mut app, "C", "category filter cleared");
    said(&mut app, "M", "opened the matrix");
    said(
        &mut app,
        "lo",
        "sorted by third-party, most clauses first (o again: by name)",
    );
    said(&mut app, "o", "sorted by company name");
    said(&mut app, "<Enter>", "listed the cell's clauses");
    said(&mut app, "<Esc>", "back to the matrix");
    said(&mut app, "<Esc>", "closed the matrix");
    said(&mut app, "V", "opened the compare setup");
    said(&mut app, "<Esc>", "closed the compare setup");
    said(&mut app, "cReddit<Enter>d", "opened the diff");
    said(&mut app, "<Esc>", "closed the diff");
    said(&mut app, ">", "tree width");
    said(&mut app, "/cookies<Enter><Esc>", "search cleared");
}
