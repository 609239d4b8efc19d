//! The browser's versions of a company headless: change counts in the
//! tree, the diff between two versions (narrow and side by side), opening a
//! changed clause in context, and companies with hundreds of versions.

mod support;

use clause::corpus::{CorpusSource, LoadOptions};
use clause::index::SearchIndex;
use clause::tui::action::Action;
use clause::tui::app::{App, Overlay, Pane};
use clause::tui::theme::Theme;
use clause::tui::tree::Node;
use ratatui::style::Modifier;
use std::sync::Arc;
use support::*;

#[test]
fn diff_view_shows_what_changed_since_the_previous_version() {
    let mut app = app();
    press(&mut app, "c");
    press(&mut app, "Reddit<Enter>");
    press(&mut app, "d");
    let Overlay::Diff(view) = &app.overlay else {
        panic!("diff open")
    };
    assert!(view.lines.len() > 10);
    let text = screen(&app);
    assert!(
        text.contains("Reddit@2024-08-16 → Reddit@2026-01-15"),
        "{text}"
    );
    insta::assert_snapshot!(text);
    press(&mut app, "]");
    let Overlay::Diff(view) = &app.overlay else {
        panic!("diff open")
    };
    assert!(view.scroll > 0, "] jumps to the first changed section");
    press(&mut app, "<Esc>");
    assert!(app.overlay.is_none());
}

/// The corpus indexes of a company's versions, oldest first.
fn versions_of(app: &App, company: &str) -> Vec<usize> {
    let tree = app.data.tree.as_ref().unwrap();
    tree.companies
        .iter()
        .find(|(name, _)| name == company)
        .unwrap()
        .1
        .clone()
}

/// Picks a company and expands its node; its versions, oldest first.
fn open_company_versions(app: &mut App, company: &str) -> Vec<usize> {
    press(app, "c");
    press(app, &format!("{company}<Enter>"));
    let versions = versions_of(app, company);
    let node = Node::Company(app.data.tree.as_ref().unwrap().company_of[versions[0]]);
    app.browse.expanded.insert(node);
    versions
}

/// Puts the tree cursor on a node's row.
fn select(app: &mut App, node: Node) {
    app.browse.tree_selected = app.rows().iter().position(|r| r.node == node).unwrap();
    app.browse.focus = Pane::Tree;
}

#[test]
fn versions_show_their_change_counts() {
    let mut app = app();
    let reddit = open_company_versions(&mut app, "Reddit");
    let labels: Vec<String> = app
        .rows()
        .iter()
        .filter(|r| matches!(r.node, Node::Version(p) if reddit.contains(&p)))
        .map(|r| r.label.clone())
        .collect();
    assert_eq!(
        labels[0], "2020-07-29",
        "the first version has nothing to compare"
    );
    let corpus = app.data.corpus.as_ref().unwrap();
    let summary =
        clause::versions::diff(corpus.policy(reddit[0]), corpus.policy(reddit[1])).summary;
    let expected = format!(
        "2022-11-15  +{} -{} ~{}",
        summary.clauses_added,
        summary.clauses_removed,
        summary.clauses_changed + summary.clauses_moved
    );
    assert_eq!(labels[1], expected);
    select(&mut app, Node::Version(reddit[2]));
    press(&mut app, "k");
    assert!(screen(&app).contains(&expected));
}

#[test]
fn marked_version_is_diffed_with_the_one_at_the_cursor() {
    let mut app = app();
    let reddit = open_company_versions(&mut app, "Reddit");
    select(&mut app, Node::Version(reddit[3]));
    press(&mut app, "m");
    assert_eq!(app.browse.marked_version, Some(reddit[3]));
    let marked = app
        .rows()
        .iter()
        .find(|r| r.node == Node::Version(reddit[3]));
    assert!(marked.unwrap().label.ends_with("(marked)"));
    select(&mut app, Node::Version(reddit[0]));
    press(&mut app, "d");
    let text = screen(&app);
    assert!(
        text.contains("Reddit@2020-07-29 → Reddit@2026-01-15"),
        "older on the left whatever the order of marking: {text}"
    );
    assert_eq!(app.browse.marked_version, None, "the mark is used up");
    press(&mut app, "<Esc>");
    let linkedin = versions_of(&app, "LinkedIn");
    app.browse.marked_version = Some(linkedin[0]);
    press(&mut app, "d");
    assert!(app.overlay.is_none());
    assert!(screen(&app).contains("d compares versions of one company"));
}

#[test]
fn enter_in_the_diff_opens_the_changed_clause_in_context() {
    let mut app = app();
    press(&mut app, "c");
    press(&mut app, "Reddit<Enter>");
    press(&mut app, "d]j");
    let Overlay::Diff(view) = &app.overlay else {
        panic!("diff open")
    };
    let (policy, clause) = view.current().unwrap().target.unwrap();
    let id = view.current().unwrap().id.clone();
    press(&mut app, "<Enter>");
    assert!(app.overlay.is_none());
    assert_eq!(app.browse.doc_policy, Some(policy));
    assert_eq!(app.browse.doc_cursor, Some(clause));
    let corpus = app.data.corpus.as_ref().unwrap();
    let p = corpus.policy(policy);
    assert_eq!(p.clause_id(&p.clauses[clause]), id);
}

#[test]
fn wide_diff_shows_old_and_new_side_by_side() {
    let mut app = app_with(true, (170, 40));
    press(&mut app, "c");
    press(&mut app, "Reddit<Enter>");
    press(&mut app, "d");
    let terminal = render(&app);
    let buffer = terminal.backend().buffer();
    let text = terminal.backend().to_string();
    assert!(text.contains(" │ "), "two columns");
    // On every row, deleted words are left of inserted ones.
    let cells = |y: u16, m: Modifier| -> Vec<u16> {
        (0..170)
            .filter(|&x| buffer[(x, y)].modifier.contains(m) && buffer[(x, y)].symbol() != " ")
            .collect()
    };
    let mut rows_with_both = 0;
    for y in 0..40 {
        let (deleted, inserted) = (cells(y, Modifier::REVERSED), cells(y, Modifier::UNDERLINED));
        if let (Some(d), Some(i)) = (deleted.iter().max(), inserted.iter().min()) {
            assert!(d < i, "row {y}: a deletion right of an insertion");
            rows_with_both += 1;
        }
    }
    assert!(rows_with_both > 3);
    insta::assert_snapshot!(text);
}

#[test]
fn diff_of_versions_with_the_same_text_says_so() {
    let mut app = app();
    let whatsapp = open_company_versions(&mut app, "WhatsApp");
    let last = whatsapp.len() - 1;
    select(&mut app, Node::Version(whatsapp[last]));
    press(&mut app, "d");
    let text = screen(&app);
    assert!(
        text.contains("no changes: the two versions say the same"),
        "{text}"
    );
    press(&mut app, "j]<Enter>");
    assert!(
        app.overlay.is_none(),
        "Enter with no change closes the view"
    );
}

#[test]
fn expanding_a_company_with_hundreds_of_versions_parses_only_those_near_the_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let corpus_dir = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus_dir).unwrap();
    let day = |i: u32| {
        format!(
            "20{:02}-{:02}-{:02}",
            10 + i / 336,
            1 + i / 28 % 12,
            1 + i % 28
        )
    };
    for i in 0..400 {
        let text = format!("# Privacy\n\n## Cookies\n\nWe keep cookies for {i} days.\n");
        std::fs::write(corpus_dir.join(format!("Longco__{}.md", day(i))), text).unwrap();
    }
    let source = CorpusSource::Path(corpus_dir);
    let (index, _) = SearchIndex::open(
        &source,
        Some(&dir.path().join("index")),
        LoadOptions::default(),
        &clause::index::Silent,
    )
    .expect("index");
    let corpus = index
        .corpus(source, LoadOptions::default())
        .expect("catalog");
    assert_eq!(corpus.len(), 400);
    let mut app = App::new(Theme::new(false), (WIDTH, HEIGHT));
    app.update(Action::CorpusLoaded(Box::new(corpus)));
    app.update(Action::IndexReady(Arc::new(index)));
    press(&mut app, "l");
    let corpus = app.data.corpus.clone().expect("corpus");
    assert!(app.rows().len() > 400, "every version is listed");
    assert!(
        corpus.parsed_count() < 200,
        "only the versions near the cursor are compared: {} parsed",
        corpus.parsed_count()
    );
    assert!(
        screen(&app).contains("+0 -0 ~1"),
        "the versions shown say what changed:\n{}",
        screen(&app)
    );
    // Walking down the list summarises the versions that come into view.
    press(&mut app, "G");
    assert!(screen(&app).contains("+0 -0 ~1"), "{}", screen(&app));
}

#[test]
fn with_a_time_budget_the_change_counts_arrive_over_several_refreshes() {
    let mut unlimited = app();
    let reddit = open_company_versions(&mut unlimited, "Reddit");
    unlimited.refresh_derived();
    let labels = |app: &App| -> Vec<String> {
        app.rows()
            .iter()
            .filter(|r| matches!(r.node, Node::Version(p) if reddit.contains(&p)))
            .map(|r| r.label.clone())
            .collect()
    };
    let expected = labels(&unlimited);
    assert!(expected.iter().filter(|l| l.contains('~')).count() >= 2);

    let mut budgeted = app();
    budgeted.summary_budget = Some(std::time::Duration::ZERO);
    open_company_versions(&mut budgeted, "Reddit");
    budgeted.refresh_derived();
    assert!(
        budgeted.work_left(),
        "a spent budget leaves versions for later"
    );
    assert_ne!(labels(&budgeted), expected);
    let mut refreshes = 0;
    while budgeted.work_left() && refreshes < 100 {
        budgeted.refresh_derived();
        refreshes += 1;
    }
    assert!(!budgeted.work_left());
    assert_eq!(labels(&budgeted), expected);
}
