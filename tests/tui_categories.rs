//! The browser's category features drawn headless: badges and their cue
//! words, the category filter of tree and results, the matrix view and the
//! compare view, driven by keys as a user would.

mod support;

use clause::categories::Category;
use clause::tui::action::Action;
use clause::tui::app::{App, Overlay, Pane};
use clause::tui::tree::Node;
use clause::tui::views;
use ratatui::style::Modifier;
use support::*;

fn app() -> App {
    app_with(false, (WIDTH, HEIGHT))
}

/// The text of the cells in `area` that carry `modifier`, row by row.
fn cells_with(app: &App, area: ratatui::layout::Rect, modifier: Modifier) -> String {
    let terminal = render(app);
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &buffer[(x, y)];
            if cell.modifier.contains(modifier) {
                out.push_str(cell.symbol());
            }
        }
    }
    out
}

/// Opens `company`'s latest policy with the cursor in the clause view.
fn open_company(app: &mut App, company: &str) {
    press(app, &format!("c{company}<Enter><Tab>"));
    assert_eq!(app.browse.focus, Pane::Clauses);
}

#[test]
fn categories_are_computed_per_policy_opened_never_for_the_whole_corpus() {
    let mut app = app();
    let corpus = app.data.corpus.clone().expect("corpus");
    assert!(
        app.data.tags.len() <= 1,
        "only the policy shown is categorised at start"
    );
    open_company(&mut app, "reddit");
    let (p, _) = app.cursor_clause().expect("cursor");
    assert!(app.data.tags.contains_key(&p));
    assert!(app.data.tags.len() < corpus.len());
    assert!(
        screen(&app).contains("[first-party]"),
        "badges drawn at once"
    );
}

#[test]
fn clauses_carry_category_badges() {
    let mut app = app();
    open_company(&mut app, "reddit");
    let text = screen(&app);
    // Under each clause, the line of its badges.
    let lines: Vec<&str> = text.lines().collect();
    let date = lines
        .iter()
        .position(|l| l.contains("#1        Effective: Jan 06, 2026."))
        .expect("first clause shown");
    // Each clause's badges are the classifier's categories for it.
    let corpus = app.data.corpus.as_ref().unwrap();
    let policy = corpus
        .policies()
        .rfind(|p| p.meta.company == "Reddit")
        .unwrap();
    let badges = |c: usize| {
        clause::categories::Classifier::embedded()
            .categories(&policy.clauses[c].text)
            .iter()
            .map(|category| format!("[{category}]"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(
        lines[date + 1].contains(&format!("││          {}   ", badges(0))),
        "{}",
        lines[date + 1]
    );
    // The next clauses whose badge lines fit on the screen.
    for c in 1..3 {
        assert!(
            text.contains(&format!("          {} ", badges(c))),
            "no badge line for clause {c}:\n{text}"
        );
    }
    insta::assert_snapshot!(text);
}

#[test]
fn focused_badge_underlines_its_cue_words_and_b_cycles() {
    let mut app = app();
    open_company(&mut app, "reddit");
    let clauses = views::areas(&app).clauses;
    assert_eq!(cells_with(&app, clauses, Modifier::UNDERLINED), "");
    // Walk to a clause with two or more categories.
    let (p, _) = app.cursor_clause().expect("cursor");
    let tags = app.policy_tags(p);
    let many = (0..tags.len())
        .find(|&c| tags[c].iter().count() >= 2)
        .expect("a clause with two categories");
    for _ in 0..many {
        press(&mut app, "j");
    }
    assert_eq!(app.cursor_clause(), Some((p, many)));
    let categories: Vec<Category> = tags[many].iter().collect();

    press(&mut app, "b");
    let badge = app.focused_badge().expect("focused badge").clone();
    assert_eq!(badge.category, categories[0]);
    assert!(!badge.cues.is_empty());
    let underlined = cells_with(&app, clauses, Modifier::UNDERLINED).to_lowercase();
    let first_word = badge.cues[0].split_whitespace().next().unwrap_or("");
    assert!(
        underlined.contains(first_word),
        "cue {first_word:?} not underlined in {underlined:?}"
    );
    let status = screen(&app);
    assert!(status.contains(&format!("{} {:.2} · cues:", badge.category, badge.score)));

    press(&mut app, "b");
    assert_eq!(app.focused_badge().map(|b| b.category), Some(categories[1]));
    for _ in 1..categories.len() {
        press(&mut app, "b");
    }
    assert!(
        app.focused_badge().is_none(),
        "b past the last badge unfocuses"
    );
    press(&mut app, "b");
    press(&mut app, "j");
    assert!(
        app.focused_badge().is_none(),
        "moving the cursor drops the focus"
    );
}

#[test]
fn monochrome_focused_badge_is_reversed_and_cues_underlined() {
    let mut app = app_with(true, (WIDTH, HEIGHT));
    open_company(&mut app, "reddit");
    press(&mut app, "b");
    let badge = app.focused_badge().expect("focused badge").clone();
    let clauses = views::areas(&app).clauses;
    // The cursor's margin is reversed too; the only reversed badge is the focused one.
    let reversed = cells_with(&app, clauses, Modifier::REVERSED);
    assert!(
        reversed.ends_with(&format!("[{}]", badge.category)),
        "{reversed}"
    );
    assert_eq!(reversed.matches('[').count(), 1, "{reversed}");
    assert!(!cells_with(&app, clauses, Modifier::UNDERLINED).is_empty());
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn category_filter_narrows_tree_and_results_and_c_clears_it() {
    let mut app = app();
    let companies = app.rows().len();
    press(&mut app, "C");
    assert!(matches!(app.overlay, Overlay::Categories { .. }));
    press(&mut app, "jjjj<Enter>");
    assert_eq!(app.filters.category, Some(Category::Retention));
    let corpus = app.data.corpus.clone().expect("corpus");
    let kept = app.rows().len();
    assert!(kept < companies, "no company was filtered out");
    let tree = app.data.tree.as_ref().expect("tree");
    for row in app.rows() {
        let Node::Company(c) = row.node else {
            continue;
        };
        let has = tree.companies[c].1.iter().any(|&p| {
            app.policy_tags(p)
                .iter()
                .any(|set| set.contains(Category::Retention))
        });
        assert!(has, "{} has no retention clause", row.label);
    }
    // Sections shown hold retention clauses.
    press(&mut app, "l<Down>l");
    assert!(app.rows().len() > kept);
    assert!(app
        .rows()
        .iter()
        .any(|r| matches!(r.node, Node::Section(..))));
    insta::assert_snapshot!(screen(&app));

    press(&mut app, "/data<Enter>");
    let all = app.search.all_results.as_ref().expect("results").total;
    let shown = app.search.results.as_ref().expect("results");
    assert!(shown.total < all, "results were not narrowed");
    let tree = app.data.tree.as_ref().expect("tree");
    for hit in &shown.hits {
        let (p, _, c) = tree.locate(&corpus, hit).expect("hit in corpus");
        let c = c.expect("a clause hit");
        assert!(
            app.policy_tags(p)[c].contains(Category::Retention),
            "{}",
            hit.id
        );
    }
    assert!(screen(&app).contains("category: retention (C clears)"));

    press(&mut app, "C");
    assert_eq!(app.filters.category, None);
    assert_eq!(app.search.results.as_ref().map(|r| r.total), Some(all));
}

#[test]
fn matrix_counts_clauses_per_company_and_category() {
    let mut app = app();
    press(&mut app, "M");
    let Overlay::Matrix(view) = &app.overlay else {
        panic!("no matrix");
    };
    for row in &view.rows {
        let retention = app
            .policy_tags(row.policy)
            .iter()
            .filter(|set| set.contains(Category::Retention))
            .count();
        assert_eq!(row.counts[4], retention, "{}", row.company);
    }
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn monochrome_matrix_shades_with_glyphs() {
    let mut app = app_with(true, (WIDTH, HEIGHT));
    press(&mut app, "M");
    let text = screen(&app);
    assert!(text.contains('█'), "no glyph for the column maximum");
    assert!(text.contains('·'), "no glyph for empty cells");
    insta::assert_snapshot!(text);
}

#[test]
fn matrix_enter_lists_the_cell_clauses_and_opens_one_in_context() {
    let mut app = app();
    press(&mut app, "Mllll");
    // Down to the first company with two or more retention clauses.
    let cell = |app: &App| match &app.overlay {
        Overlay::Matrix(view) => {
            assert_eq!(view.category(), Category::Retention);
            let row = &view.rows[view.row];
            (row.policy, row.counts[4])
        }
        _ => panic!("no matrix"),
    };
    while cell(&app).1 < 2 {
        press(&mut app, "j");
    }
    let (policy, count) = cell(&app);
    press(&mut app, "<Enter>");
    let clauses = match &app.overlay {
        Overlay::Matrix(view) => view.list.as_ref().expect("list").clauses.clone(),
        _ => panic!("matrix closed"),
    };
    assert_eq!(clauses.len(), count);
    insta::assert_snapshot!(screen(&app));
    press(&mut app, "j<Enter>");
    assert!(app.overlay.is_none());
    assert_eq!(app.browse.focus, Pane::Clauses);
    assert_eq!(app.cursor_clause(), Some((policy, clauses[1])));
}

#[test]
fn compare_shows_two_companies_side_by_side_scrolled_together() {
    let mut app = app();
    press(&mut app, "creddit<Enter>V");
    let Overlay::CompareSetup(setup) = &app.overlay else {
        panic!("no compare setup");
    };
    assert_eq!(setup.chosen.len(), 1, "the company in view is chosen");
    press(&mut app, "<Tab>");
    assert!(screen(&app).contains("pick 2 to 4 companies"));
    press(
        &mut app,
        "linkedin<Enter><Tab><Down><Down><Down><Down><Down><Enter>",
    );
    let Overlay::Compare(view) = &app.overlay else {
        panic!("no compare view: {}", screen(&app));
    };
    assert_eq!(view.columns.len(), 2);
    assert_eq!(view.topic.category, Some(Category::Retention));
    let text = screen(&app);
    assert!(text.contains("Reddit@") && text.contains("LinkedIn@"));
    insta::assert_snapshot!(text);
    let before: Vec<String> = text.lines().map(str::to_string).collect();
    press(&mut app, "jj");
    let after: Vec<String> = screen(&app).lines().map(str::to_string).collect();
    // The third content line moved up to the first, in both columns.
    assert_eq!(after[2], before[4]);
    press(&mut app, "<Esc>");
    assert!(app.overlay.is_none());
}

#[test]
fn compare_on_a_query_highlights_the_matches() {
    let mut app = app();
    press(
        &mut app,
        "creddit<Enter>Vlinkedin<Enter><Tab>cookies<Enter>",
    );
    let Overlay::Compare(view) = &app.overlay else {
        panic!("no compare view: {}", screen(&app));
    };
    assert_eq!(view.topic.query.as_deref(), Some("cookies"));
    assert!(view.columns.iter().all(|c| !c.matches.is_empty()));
    let text = render(&app);
    let buffer = text.backend().buffer();
    let yellow = buffer
        .content()
        .iter()
        .filter(|c| c.bg == ratatui::style::Color::Yellow)
        .map(|c| c.symbol())
        .collect::<String>()
        .to_lowercase();
    assert!(
        yellow.contains("cookie"),
        "matches not highlighted: {yellow}"
    );
}

#[test]
fn compare_refuses_a_fifth_company_and_an_empty_topic() {
    let mut app = app();
    press(&mut app, "V");
    // The company in view is chosen already; three more make four.
    for name in ["reddit", "linkedin", "atera"] {
        press(&mut app, &format!("{name}<Enter>"));
        for _ in 0..name.len() {
            app.update(Action::SearchBackspace);
        }
    }
    press(&mut app, "paypal<Enter>");
    let Overlay::CompareSetup(setup) = &app.overlay else {
        panic!("setup closed");
    };
    assert_eq!(setup.chosen.len(), 4);
    assert_eq!(
        setup.error.as_deref(),
        Some("at most 4 companies side by side")
    );
    press(&mut app, "<Tab><Enter>");
    assert!(screen(&app).contains("choose a category or type a query"));
}

#[test]
fn too_small_terminal_with_the_matrix_open_says_so() {
    let mut app = app();
    press(&mut app, "M");
    app.update(Action::Resize {
        width: 50,
        height: 12,
    });
    assert!(screen(&app).contains("terminal too small (need 60x15)"));
}

#[test]
fn n_and_capital_n_walk_the_clauses_of_the_category_filter() {
    let mut app = app();
    press(&mut app, "Cjjjj<Enter>");
    assert_eq!(app.filters.category, Some(Category::Retention));
    let mut seen = Vec::new();
    for _ in 0..6 {
        press(&mut app, "n");
        let (p, c) = app.cursor_clause().expect("a clause at the cursor");
        assert!(
            app.clause_tags(p, c).contains(Category::Retention),
            "n stopped on a clause of another category"
        );
        let message = message(&app);
        assert!(message.starts_with("retention: clause "), "{message}");
        assert!(screen(&app).contains(&message[..20]), "said on screen");
        // The clause is shown and the tree follows it.
        let corpus = app.data.corpus.clone().expect("corpus");
        let words: String = corpus.policy(p).clauses[c].text.chars().take(20).collect();
        assert!(screen(&app).contains(&words), "clause in view");
        assert!(matches!(
            support::selected_node(&app),
            Node::Section(sp, _) | Node::Version(sp) if sp == p
        ));
        seen.push((p, c));
    }
    let companies: std::collections::HashSet<usize> = seen.iter().map(|&(p, _)| p).collect();
    assert!(seen.windows(2).all(|w| w[0] != w[1]), "n moved every time");
    press(&mut app, "N");
    assert_eq!(app.cursor_clause(), Some(seen[4]), "N goes back");
    assert!(
        app.data.tags.len() <= companies.len() + 2,
        "only the policies stepped through are categorised"
    );
    // Past the policy's last clause of the category, n goes on in the
    // next company's newest policy.
    let first = seen[0].0;
    let moved_on = (0..400).any(|_| {
        press(&mut app, "n");
        app.cursor_clause().is_some_and(|(p, _)| p != first)
    });
    assert!(moved_on, "n never left the first policy");
    let (p, _) = app.cursor_clause().expect("cursor");
    let tree = app.data.tree.as_ref().expect("tree");
    assert_eq!(tree.companies[tree.company_of[p]].1.last(), Some(&p));
}

/// The retention counts of the matrix's rows, in the order shown.
fn retention_column(app: &App) -> Vec<(String, usize)> {
    let Overlay::Matrix(view) = &app.overlay else {
        panic!("no matrix");
    };
    view.rows
        .iter()
        .map(|r| (r.company.to_lowercase(), r.counts[4]))
        .collect()
}

#[test]
fn o_sorts_the_matrix_by_the_column_then_by_name_and_shades_the_rows_shown() {
    let mut app = app();
    press(&mut app, "Mllll");
    let by_name = retention_column(&app);
    assert!(by_name.windows(2).all(|w| w[0].0 <= w[1].0));
    press(&mut app, "o");
    let by_count = retention_column(&app);
    assert!(
        by_count.windows(2).all(|w| w[0].1 >= w[1].1),
        "most retention clauses first"
    );
    press(&mut app, "g");
    let text = screen(&app);
    assert!(text.contains("sorted by retention"), "{text}");
    let top: String = by_count[0].0.chars().take(6).collect();
    let first_row = text
        .lines()
        .find(|l| l.to_lowercase().contains(top.as_str()))
        .expect("the top company is shown");
    assert!(first_row.contains('█'), "{first_row}");
    // At the bottom, the rows shown are shaded among themselves.
    press(&mut app, "G");
    let bottom = screen(&app);
    if by_count.iter().rev().take(5).any(|(_, n)| *n > 0) {
        assert!(bottom.contains('█'), "{bottom}");
    }
    press(&mut app, "o");
    assert_eq!(retention_column(&app), by_name);
    assert!(screen(&app).contains("sorted by name"));
}
