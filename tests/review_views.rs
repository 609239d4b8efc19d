//! Acting on a clause from the review pane and the diff view: `space`,
//! `F` and `a` flag, label and annotate the clause at the view's cursor
//! (the view stays open, and comes back after the label picker or note
//! editor), Enter opens it in context; every change says so.

mod review_ws;
mod support;

use clause::review::{ReviewStore, Session};
use clause::tui::action::Action;
use clause::tui::app::{App, Overlay, Pane};
use clause::tui::review::ReviewState;
use clause::tui::theme::Theme;
use review_ws::Workspace;
use serde_json::Value;
use std::path::Path;
use support::{clause_id, message, press, screen};

const OLD: &str = "# Example Privacy Policy\n\n## Collection\n\nWe collect your name and email address.\n\nWe collect usage data from your browser.\n\n## Sharing\n\nWe share data with service providers only.\n";
const NEW: &str = "# Example Privacy Policy\n\n## Collection\n\nWe collect your name, email address and phone number.\n\nWe collect usage data from your browser.\n\n## Sharing\n\nWe share data with service providers only.\n\nWe sell personal information to advertisers.\n";

fn browser(ws: &Workspace) -> App {
    let corpus = ws.load_corpus();
    let (store, session): (ReviewStore, Session) =
        ReviewStore::open_or_read(&ws.session, "test").unwrap();
    let mut app = App::new(Theme::new(true), (support::WIDTH, support::HEIGHT))
        .with_review(ReviewState::new(store, session));
    app.update(Action::CorpusLoaded(Box::new(corpus)));
    app
}

fn findings(path: &Path) -> Vec<Value> {
    let session: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    session["findings"].as_array().cloned().unwrap_or_default()
}

#[test]
fn the_diff_view_flags_labels_and_annotates_its_clauses() {
    let ws = Workspace::with(&[
        ("example.com__2024-01-01.md", OLD),
        ("example.com__2025-01-01.md", NEW),
    ]);
    let mut app = browser(&ws);
    press(&mut app, "<Tab>d");
    let target = |app: &App| match &app.overlay {
        Overlay::Diff(view) => view.current().and_then(|c| c.target).expect("a clause"),
        _ => panic!("the diff closed"),
    };
    let first = target(&app);
    press(&mut app, " ");
    assert!(
        message(&app).contains("flagged concern"),
        "{}",
        message(&app)
    );
    assert_eq!(target(&app), first, "the diff stays open on the clause");
    let text = screen(&app);
    assert!(text.contains("flagged concern"), "said in the status bar");
    assert!(
        text.contains(" ⚑"),
        "the diff marks the flagged clause:\n{text}"
    );
    press(&mut app, "j");
    let second = target(&app);
    assert_ne!(second, first);
    press(&mut app, "aNew: sold to advertisers<Esc>");
    assert_eq!(target(&app), second, "back to the diff after the note");
    assert!(message(&app).contains("note saved"), "{}", message(&app));
    press(&mut app, "F");
    assert!(matches!(app.overlay, Overlay::Labels { .. }));
    press(&mut app, "j<Enter>");
    assert_eq!(target(&app), second, "back to the diff after the label");
    let saved = findings(&ws.session);
    assert_eq!(saved.len(), 2, "{saved:?}");
    let by_id = |wanted: &str| {
        saved
            .iter()
            .find(|f| f["id"] == wanted)
            .cloned()
            .unwrap_or_else(|| panic!("no finding on {wanted}: {saved:?}"))
    };
    assert_eq!(by_id(&clause_id(&app, first))["label"], "concern");
    let noted = by_id(&clause_id(&app, second));
    assert_eq!(noted["note"], "New: sold to advertisers");
    assert_ne!(noted["label"], Value::Null, "F labelled it");
    press(&mut app, "<Enter>");
    assert!(app.overlay.is_none());
    assert_eq!(app.browse.focus, Pane::Clauses);
    assert_eq!(app.cursor_clause(), Some(second), "opened in context");
}

#[test]
fn the_review_pane_flags_annotates_and_opens_its_findings() {
    let ws = Workspace::with(&[("example.com__2024-01-01.md", OLD)]);
    let mut app = browser(&ws);
    press(&mut app, "<Tab>j ");
    let flagged = app.cursor_clause().expect("a clause");
    press(&mut app, "gR");
    assert!(matches!(app.overlay, Overlay::ReviewPane(_)));
    assert!(screen(&app).contains("opened the review pane"));
    press(&mut app, "aTo check with legal<Esc>");
    assert!(
        matches!(app.overlay, Overlay::ReviewPane(_)),
        "back to the pane"
    );
    assert_eq!(findings(&ws.session)[0]["note"], "To check with legal");
    assert_eq!(findings(&ws.session)[0]["label"], "concern");
    press(&mut app, " ");
    assert!(
        message(&app).contains("flag removed, note kept"),
        "{}",
        message(&app)
    );
    assert_eq!(findings(&ws.session)[0]["label"], Value::Null);
    assert!(screen(&app).contains("note: To check with legal"));
    press(&mut app, " ");
    assert_eq!(
        findings(&ws.session)[0]["label"],
        "concern",
        "flagged again"
    );
    // `/` types a company filter; the pane's keys work again after Enter.
    press(&mut app, "/zzz");
    assert!(screen(&app).contains("no findings match this filter"));
    press(&mut app, "<Enter>/<C-u><Enter>");
    assert!(screen(&app).contains("Findings (1)"));
    press(&mut app, "<Enter>");
    assert!(app.overlay.is_none());
    assert_eq!(app.cursor_clause(), Some(flagged), "opened in context");
    assert_eq!(clause_id(&app, flagged), findings(&ws.session)[0]["id"]);
}

#[test]
fn every_change_to_the_session_says_so() {
    let ws = Workspace::with(&[("example.com__2024-01-01.md", OLD)]);
    let mut app = browser(&ws);
    let said = |app: &mut App, keys: &str, words: &str| {
        press(app, keys);
        let text = screen(app);
        assert!(text.contains(words), "{keys}: {:?}\n{text}", app.message);
    };
    said(&mut app, "<Tab>j ", "flagged concern");
    said(&mut app, "F<Enter>", "flagged concern");
    said(&mut app, "aA note<Esc>", "note saved on");
    said(&mut app, "r", "✓ reviewed");
    said(&mut app, "E", "exported 1 findings to");
    said(&mut app, "s", "type a query first");
    said(&mut app, "/email<Enter>s", "saved query: email");
}
