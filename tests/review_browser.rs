//! The browser's review keys as a reviewer uses them: what a flag or a
//! note changes (and keeps), what the screen shows of it, a note draft
//! that survives the editor being left any way at all, a second browser
//! on the same session, and saves that fail.

mod review_ws;
mod support;
mod tmux;

use clause::corpus::{Corpus, CorpusSource, LoadOptions};
use clause::review::{ReviewStore, Session};
use clause::tui::action::Action;
use clause::tui::app::{App, Overlay};
use clause::tui::review::ReviewState;
use clause::tui::theme::Theme;
use review_ws::Workspace;
use serde_json::Value;
use std::path::{Path, PathBuf};
use support::{clause_id, hits, message, press, screen};
use tmux::Tmux;

/// A new temp dir and the path of a session file in it (made when first
/// saved); the file lives as long as the dir.
fn new_session() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.json");
    (dir, path)
}

/// A browser on `corpus` with the session at `path` (read-only if another
/// process writes it).
fn browser(path: &Path, corpus: Corpus, index: bool) -> App {
    let (store, session): (ReviewStore, Session) = ReviewStore::open_or_read(path, "test").unwrap();
    let mut app = App::new(Theme::new(true), (support::WIDTH, support::HEIGHT))
        .with_review(ReviewState::new(store, session));
    app.update(Action::CorpusLoaded(Box::new(corpus)));
    if index {
        support::apply(&mut app, Action::IndexReady(support::index()));
    }
    app
}

/// A browser on the embedded corpus, as its index lists it, with the
/// session at `path`.
fn embedded(path: &Path) -> App {
    let corpus = support::index()
        .corpus(CorpusSource::Embedded, LoadOptions::default())
        .unwrap();
    browser(path, corpus, true)
}

/// A browser on the embedded corpus parsed in full, with the session at
/// `path`.
fn parsed(path: &Path) -> App {
    let corpus = Corpus::load(&CorpusSource::Embedded, LoadOptions::default()).unwrap();
    browser(path, corpus, true)
}

fn small(ws: &Workspace) -> App {
    browser(&ws.session, ws.load_corpus(), false)
}

fn on_disk(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The issue's reproduction on the embedded corpus: flag a search hit,
/// then write a note on it.
#[test]
fn a_note_on_a_flagged_search_hit_keeps_the_flag() {
    let (_dir, path) = new_session();
    let mut app = parsed(&path);
    press(&mut app, "/children<Enter>");
    let clause_hit = hits(&app)
        .iter()
        .position(|h| h.kind == "clause")
        .expect("a clause hit");
    press(&mut app, &"j".repeat(clause_hit));
    assert_eq!(app.search.result_selected, clause_hit);
    press(&mut app, " ");
    let message = message(&app);
    assert!(message.contains("flagged concern"), "{message}");
    assert!(screen(&app).contains("⚑ "), "results row marked");
    press(&mut app, "aCheck COPPA<Esc>q");
    let session = on_disk(&path);
    let findings = session["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["label"], "concern");
    assert_eq!(findings[0]["note"], "Check COPPA");
}

#[test]
fn space_on_a_heading_hit_flags_nothing_and_says_why() {
    let (_dir, path) = new_session();
    let mut app = parsed(&path);
    press(&mut app, "/cookies<Enter>");
    let heading = hits(&app)
        .iter()
        .position(|h| h.kind == "heading")
        .expect("a heading hit");
    app.search.result_selected = heading;
    press(&mut app, " ");
    assert!(message(&app).contains("section heading"));
    assert!(!path.exists() || on_disk(&path)["findings"] == serde_json::json!([]));
}

#[test]
fn the_label_picker_moves_with_j_and_k() {
    let ws = Workspace::example();
    let mut app = small(&ws);
    press(&mut app, "<Tab>jFjjkj<Enter>");
    assert_eq!(on_disk(&ws.session)["findings"][0]["label"], "unclear");
    assert!(message(&app).contains("flagged unclear"));
}

#[test]
fn reviewed_sections_show_a_check_and_flags_and_notes_are_counted_apart() {
    let ws = Workspace::example();
    let mut app = small(&ws);
    press(&mut app, "<Tab>j aCheck this<Esc>jaOnly a note<Esc>r");
    let shown = screen(&app);
    assert!(shown.contains("⚑1 ✎2"), "{shown}");
    assert!(
        shown.contains("Collection ✓"),
        "heading and tree row: {shown}"
    );
    let session = on_disk(&ws.session);
    assert_eq!(session["findings"][0]["label"], "concern");
    assert_eq!(session["findings"][1].get("label"), None);
}

#[test]
fn ctrl_g_cancels_a_note_and_keeps_the_previous_one() {
    let ws = Workspace::example();
    let mut app = small(&ws);
    press(&mut app, "<Tab>j aFirst<Esc>aXYZ");
    support::key(
        &mut app,
        crossterm::event::KeyCode::Char('g'),
        crossterm::event::KeyModifiers::CONTROL,
    );
    assert!(matches!(app.overlay, Overlay::None));
    let finding = &on_disk(&ws.session)["findings"][0];
    assert_eq!(finding["note"], "First");
    assert_eq!(finding["label"], "concern");
    assert!(!ws.session.with_extension("json.draft").exists());
}

/// A note left in the editor however the process ends (panic, signal,
/// closed terminal: the process just stops) is restored on the next start.
#[test]
fn a_note_being_typed_is_restored_after_the_process_stops() {
    let ws = Workspace::example();
    let mut app = small(&ws);
    press(&mut app, "<Tab>j aUnsaved words");
    drop(app);
    let (mut store, session) = ReviewStore::open(&ws.session, "test").unwrap();
    assert_eq!(session.findings[0].note, "Unsaved words");
    assert_eq!(session.findings[0].label.as_deref(), Some("concern"));
    assert!(store.take_notices()[0].contains("restored the unsaved note"));
    assert_eq!(on_disk(&ws.session)["findings"][0]["note"], "Unsaved words");
}

#[test]
fn a_second_browser_is_read_only_with_a_banner() {
    let ws = Workspace::example();
    let mut first = small(&ws);
    press(&mut first, "<Tab>j ");
    let before = std::fs::read(&ws.session).unwrap();
    let mut second = small(&ws);
    assert!(screen(&second).contains("READ-ONLY"));
    press(&mut second, "<Tab>jj ");
    assert!(message(&second).contains("read-only"));
    press(&mut second, "q");
    assert_eq!(std::fs::read(&ws.session).unwrap(), before);
}

#[test]
fn a_failed_save_is_shown_kept_in_memory_and_retried() {
    let ws = Workspace::example();
    let folder = ws.dir.path().join("reviews");
    let path = folder.join("session.json");
    std::fs::create_dir(&folder).unwrap();
    let mut app = browser(&path, ws.load_corpus(), false);
    let parked = ws.dir.path().join("parked");
    std::fs::rename(&folder, &parked).unwrap();
    press(&mut app, "<Tab>j ");
    let message = message(&app);
    assert!(message.contains("cannot be saved"), "{message}");
    let shown = screen(&app);
    assert!(shown.contains("not saved"), "{shown}");
    assert!(shown.contains("⚑1"), "kept in memory: {shown}");
    std::fs::rename(&parked, &folder).unwrap();
    press(&mut app, "j ");
    let findings = on_disk(&path)["findings"].as_array().unwrap().len();
    assert_eq!(findings, 2, "the next change saved both");
}

#[test]
fn tmux_a_note_being_typed_survives_a_closed_terminal() {
    if !tmux::installed() {
        eprintln!("tmux is not installed: skipping the terminal test");
        return;
    }
    let ws = Workspace::example();
    let terminal = Tmux::new(format!("clause-hup-{}", std::process::id()));
    terminal.start(&ws.browser_command());
    terminal.wait_for("Policies (1)");
    terminal.key("Tab");
    terminal.key("a");
    terminal.wait_for("Esc saves");
    let words = "one two three four five six seven eight nine ten";
    terminal.type_text(words);
    terminal.wait_for("nine ten");
    // Closing the terminal: the program gets SIGHUP.
    terminal.kill();
    for _ in 0..50 {
        if ws.findings().first().is_some_and(|f| f["note"] == words) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(ws.findings()[0]["note"], words, "shown by readers at once");
    ws.ok(&["review", "reviewed", "example.com@2024-01-01/s1"]);
    assert_eq!(
        on_disk(&ws.session)["findings"][0]["note"],
        words,
        "written by the next writer"
    );
}

/// Hidden badges and the tree's width are kept in the session: the next
/// browser on it opens laid out the same way.
#[test]
fn the_layout_is_kept_in_the_session() {
    let ws = Workspace::example();
    let mut app = small(&ws);
    press(&mut app, "B>>");
    let layout = on_disk(&ws.session)["layout"].clone();
    assert_eq!(layout["hide_badges"], true);
    let width = layout["tree_width"].as_u64().expect("tree width saved");
    let again = small(&ws);
    assert!(again.browse.layout.hide_badges);
    assert_eq!(again.browse.layout.tree_width, Some(width as u16));
    assert_eq!(support::tree_width(&again), width as usize);
}

/// ↑ / ↓ in the search bar walk the queries searched before, each once,
/// then back to the query being typed; the next browser on the session
/// has them too.
#[test]
fn the_search_history_is_walked_with_up_and_down_and_kept() {
    let (_dir, path) = new_session();
    let mut app = embedded(&path);
    press(
        &mut app,
        "/cookies<Enter>/<C-u>children<Enter>/<C-u>cookies<Esc>",
    );
    assert_eq!(
        on_disk(&path)["history"],
        serde_json::json!(["children", "cookies"])
    );
    press(&mut app, "/<C-u>draft<Up>");
    assert_eq!(app.search.query, "cookies");
    press(&mut app, "<Up>");
    assert_eq!(app.search.query, "children");
    assert!(screen(&app).contains("children"), "the bar shows it");
    assert!(
        app.search.results.as_ref().is_some_and(|r| r.total > 0),
        "and its results"
    );
    press(&mut app, "<Up>");
    assert_eq!(app.search.query, "children", "the oldest stays");
    press(&mut app, "<Down><Down>");
    assert_eq!(app.search.query, "draft", "back to what was typed");
    press(&mut app, "<Esc>q");
    let mut again = embedded(&path);
    press(&mut again, "/<C-u><Up>");
    assert_eq!(again.search.query, "draft");
    press(&mut again, "<Up>");
    assert_eq!(again.search.query, "cookies");
}

/// After a restart the `f` filter, the expanded tree nodes and the hit
/// `n` stood on are back.
#[test]
fn a_restart_restores_the_hit_filter_the_expanded_nodes_and_the_hit() {
    let (_dir, path) = new_session();
    let mut app = embedded(&path);
    press(&mut app, "/children<Enter>nnn<Tab>f");
    assert!(app.filters.only_hits);
    let hit = app.search.current_hit.expect("a hit");
    let rows = app.rows().to_vec();
    let selected = support::selected_node(&app);
    press(&mut app, "q");
    let again = embedded(&path);
    assert!(again.filters.only_hits);
    assert_eq!(again.search.current_hit, Some(hit));
    assert_eq!(again.rows(), &rows[..]);
    assert_eq!(support::selected_node(&again), selected);
    assert!(screen(&again).contains(&format!("hit {}/", hit + 1)));
}

/// In the matrix's list of a cell's clauses, `space` flags the selected
/// clause and `a` writes a note on it; the list stays open.
#[test]
fn space_and_a_act_on_the_clause_listed_in_the_matrix() {
    let (_dir, path) = new_session();
    let mut app = embedded(&path);
    press(&mut app, "Mllll");
    let count = |app: &App| match &app.overlay {
        Overlay::Matrix(view) => view.rows[view.row].counts[4],
        _ => panic!("no matrix"),
    };
    while count(&app) == 0 {
        press(&mut app, "j");
    }
    press(&mut app, "<Enter>");
    let listed = |app: &App| match &app.overlay {
        Overlay::Matrix(view) => {
            let list = view.list.as_ref().expect("the cell's clauses");
            (list.policy, list.clauses[list.selected])
        }
        _ => panic!("the matrix closed"),
    };
    let (p, c) = listed(&app);
    press(&mut app, " ");
    let message = message(&app);
    assert!(message.contains("flagged concern"), "{message}");
    assert_eq!(listed(&app), (p, c), "the list stays open");
    assert!(screen(&app).contains("⚑ "), "the listed clause is marked");
    press(&mut app, "aTo check<Esc>");
    assert_eq!(listed(&app), (p, c), "back to the list after the note");
    let finding = &on_disk(&path)["findings"][0];
    assert_eq!(finding["id"], clause_id(&app, (p, c)));
    assert_eq!(finding["label"], "concern");
    assert_eq!(finding["note"], "To check");
}

/// A label filter that hides every finding says so, instead of saying
/// there are none.
#[test]
fn the_review_pane_says_when_its_label_filter_hides_the_findings() {
    let ws = Workspace::example();
    let mut app = small(&ws);
    press(&mut app, "<Tab>j R");
    assert!(matches!(app.overlay, Overlay::ReviewPane(_)));
    press(&mut app, "<Tab>");
    assert!(screen(&app).contains("Findings (1)"), "concern: the flag");
    press(&mut app, "<Tab>");
    let text = screen(&app);
    assert!(text.contains("no findings match this filter"), "{text}");
    assert!(!text.contains("no findings yet"), "{text}");
}

/// In compare, `l` focuses the next column; `space` flags its first
/// clause shown, `a` writes a note on it (the view stays), and Enter opens
/// it in context.
#[test]
fn compare_columns_flag_annotate_and_open_their_clauses() {
    let (_dir, path) = new_session();
    let mut app = embedded(&path);
    press(
        &mut app,
        "creddit<Enter>V<Tab>linkedin<Enter><Tab><Down><Down><Down><Down><Down><Enter>",
    );
    let target = |app: &App| match &app.overlay {
        Overlay::Compare(view) => {
            let column = &view.columns[view.column];
            let first = column.matches.first().expect("a matching clause");
            (column.policy, first.clause)
        }
        _ => panic!("the compare view closed"),
    };
    press(&mut app, "l");
    let (p, c) = target(&app);
    press(&mut app, " ");
    let message = message(&app);
    assert!(message.contains("flagged concern"), "{message}");
    assert!(screen(&app).contains("⚑"), "the flagged clause is marked");
    press(&mut app, "aCompare retention<Esc>");
    assert_eq!(target(&app), (p, c), "back to compare after the note");
    let finding = &on_disk(&path)["findings"][0];
    assert_eq!(finding["id"], clause_id(&app, (p, c)));
    assert_eq!(finding["note"], "Compare retention");
    press(&mut app, "<Enter>");
    assert!(app.overlay.is_none());
    assert_eq!(app.cursor_clause(), Some((p, c)), "opened in context");
}

/// A query edited before the restored one's results arrive does not get
/// the restored hit.
#[test]
fn a_query_changed_at_once_after_a_restart_starts_at_no_hit() {
    let (_dir, path) = new_session();
    let mut app = embedded(&path);
    press(&mut app, "/children<Enter>nnnq");
    let corpus = support::index()
        .corpus(CorpusSource::Embedded, LoadOptions::default())
        .unwrap();
    let mut again = browser(&path, corpus, false);
    press(&mut again, "/<C-u>cookies");
    support::apply(&mut again, Action::IndexReady(support::index()));
    assert_eq!(again.search.query, "cookies");
    assert!(again.search.results.is_some());
    assert_eq!(again.search.current_hit, None);
}
