//! The browser drawn headless: snapshots of whole screens on a
//! `TestBackend`, cell-style checks for highlights, and key sequences fed
//! to `App` with their effect on the state.

mod support;

use clause::corpus::{Corpus, CorpusSource, LoadOptions};
use clause::tui::action::Action;
use clause::tui::app::{App, Overlay, Pane};
use clause::tui::theme::Theme;
use clause::tui::tree::Node;
use clause::tui::views;
use ratatui::style::Modifier;
use support::*;

#[test]
fn start_screen() {
    insta::assert_snapshot!(screen(&app()));
}

#[test]
fn tree_expanded_into_atera_sections() {
    let mut app = app();
    press(&mut app, "c");
    press(&mut app, "atera<Enter>");
    press(&mut app, "jl");
    assert!(matches!(selected_node(&app), Node::Version(_)));
    press(&mut app, "jjjjl");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn search_results_for_opt_out() {
    let mut app = app();
    press(&mut app, "/opt-out");
    assert_eq!(app.browse.focus, Pane::Search);
    let results = app.search.results.as_ref().expect("results");
    assert!(results.total > 100);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn opened_hit_is_highlighted_in_the_clause_view() {
    let mut app = app();
    press(&mut app, "/\"do not track\"<Enter>");
    assert_eq!(app.browse.focus, Pane::Results);
    assert_eq!(app.search.current_hit, Some(0));
    press(&mut app, "n");
    assert_eq!(app.search.current_hit, Some(1));
    let terminal = render(&app);
    let buffer = terminal.backend().buffer();
    let theme = Theme::new(false);
    let area = views::areas(&app).clauses;
    let mut current = String::new();
    let mut matched = String::new();
    for y in area.y..area.bottom() {
        for x in area.x..area.right() {
            let cell = &buffer[(x, y)];
            if cell.bg == theme.current_hit.bg.unwrap() {
                current.push_str(cell.symbol());
            } else if cell.bg == theme.matched.bg.unwrap() {
                matched.push_str(cell.symbol());
            }
        }
    }
    assert!(
        current
            .to_lowercase()
            .replace(' ', "")
            .contains("donottrack"),
        "current hit cells: {current:?}"
    );
    assert!(
        matched.to_lowercase().contains("track"),
        "other hits highlighted too: {matched:?}"
    );
    insta::assert_snapshot!(terminal.backend().to_string());
}

#[test]
fn monochrome_highlights_use_reverse_and_underline() {
    let mut app = app_with(true, (WIDTH, HEIGHT));
    press(&mut app, "/cookies<Enter>");
    let terminal = render(&app);
    let buffer = terminal.backend().buffer();
    let area = views::areas(&app).clauses;
    let styled = |m: Modifier| {
        (area.y..area.bottom())
            .flat_map(|y| (area.x..area.right()).map(move |x| (x, y)))
            .filter(|&p| buffer[p].modifier.contains(m))
            .count()
    };
    assert!(styled(Modifier::REVERSED) > 0, "current hit in reverse");
    assert!(buffer
        .content()
        .iter()
        .all(|c| c.fg == ratatui::style::Color::Reset));
}

#[test]
fn help_overlay_lists_every_binding() {
    let mut app = app();
    press(&mut app, "?");
    assert!(matches!(app.overlay, Overlay::Help(_)));
    insta::assert_snapshot!(screen(&app));
    press(&mut app, "<Esc>");
    assert!(app.overlay.is_none());
}

#[test]
fn help_scrolls_to_every_binding_at_every_size() {
    for size in [(60, 15), (80, 24), (160, 45)] {
        let mut app = app_with(false, size);
        press(&mut app, "?");
        let mut seen = String::new();
        for _ in 0..clause::tui::help::lines(&app.keymap).len() {
            seen.push_str(&screen(&app));
            press(&mut app, "j");
        }
        for binding in clause::tui::keymap::BINDINGS {
            assert!(
                seen.contains(binding.what),
                "{size:?}: help lacks {}",
                binding.what
            );
        }
        for (_, _, what) in clause::tui::keymap::NOTES {
            assert!(seen.contains(what), "{size:?}: help lacks {what}");
        }
    }
}

#[test]
fn too_small_terminal_says_so() {
    let app = app_with(false, (40, 10));
    insta::assert_snapshot!(screen(&app));
    assert!(screen(&app).contains("terminal too small (need 60x15)"));
}

#[test]
fn resizing_relays_out_at_once() {
    let mut app = app();
    app.update(Action::Resize {
        width: 70,
        height: 20,
    });
    let text = screen(&app);
    assert_eq!(text.lines().count(), 20);
    assert!(text.contains("Policies"));
}

#[test]
fn keys_move_fold_and_scroll() {
    let mut app = app();
    press(&mut app, "jj");
    assert_eq!(app.browse.tree_selected, 2);
    press(&mut app, "G");
    assert_eq!(app.browse.tree_selected, app.rows().len() - 1);
    press(&mut app, "g");
    assert_eq!(app.browse.tree_selected, 0);
    press(&mut app, "l");
    assert!(app.rows()[0].expanded);
    press(&mut app, "jh");
    assert_eq!(
        app.browse.tree_selected, 0,
        "h on a child goes to its parent"
    );
    press(&mut app, "h");
    assert!(!app.rows()[0].expanded);
    press(&mut app, "<Tab>");
    assert_eq!(app.browse.focus, Pane::Clauses);
    press(&mut app, "<C-d>");
    assert!(app.browse.doc_scroll > 0);
    press(&mut app, "g");
    assert_eq!(app.browse.doc_scroll, 0);
}

#[test]
fn next_hit_moves_tree_and_view_together() {
    let mut app = app();
    press(&mut app, "/retention<Esc>");
    assert_eq!(app.browse.focus, Pane::Tree);
    let total = hits(&app).len();
    press(&mut app, "n");
    let first = selected_node(&app);
    press(&mut app, "n");
    assert_eq!(app.search.current_hit, Some(1));
    press(&mut app, "NN");
    assert_eq!(app.search.current_hit, Some(total - 1), "N wraps around");
    press(&mut app, "n");
    assert_eq!(selected_node(&app), first);
    let (Node::Section(policy, _) | Node::Version(policy)) = first else {
        panic!("hit opens a version or section")
    };
    assert_eq!(app.browse.doc_policy, Some(policy));
}

#[test]
fn hit_filter_shows_only_nodes_with_hits() {
    let mut app = app();
    let all = app.rows().len();
    press(&mut app, "/\"do not track\"<Esc>f");
    let rows = app.rows();
    assert!(rows.len() < all);
    assert!(rows.iter().all(|r| r.hits > 0));
    press(&mut app, "f");
    assert_eq!(app.rows().len(), all);
}

#[test]
fn escape_clears_the_search_and_quit_keys_quit() {
    let mut app = app();
    press(&mut app, "/cookies<Esc>");
    assert!(app.search.results.is_some());
    press(&mut app, "<Esc>");
    assert!(app.search.results.is_none() && app.search.query.is_empty());
    press(&mut app, "q");
    assert!(app.quit);
    let mut app = self::app();
    press(&mut app, "/abc<C-c>");
    assert!(app.quit, "Ctrl-C quits even while typing");
}

#[test]
fn malformed_query_while_typing_is_lenient() {
    let mut app = app();
    press(&mut app, "/\"personal data");
    assert!(app.search.search_error.is_none());
    assert!(app.search.results.as_ref().is_some_and(|r| r.total > 0));
}

#[test]
fn picker_jumps_to_a_company_by_fuzzy_name() {
    let mut app = app();
    press(&mut app, "cstkovr");
    let Overlay::Picker(picker) = &app.overlay else {
        panic!("picker open")
    };
    assert!(!picker.matches.is_empty());
    press(&mut app, "<Enter>");
    let Node::Company(c) = selected_node(&app) else {
        panic!("company selected")
    };
    assert_eq!(
        app.data.tree.as_ref().unwrap().companies[c].0,
        "Stack-Overflow"
    );
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    let mut app = app();
    let tree = views::areas(&app).tree;
    apply(
        &mut app,
        Action::Click {
            column: tree.x + 3,
            row: tree.y + 4,
        },
    );
    assert_eq!(app.browse.tree_selected, 3);
    let clauses = views::areas(&app).clauses;
    apply(
        &mut app,
        Action::ScrollDown {
            column: clauses.x + 5,
            row: clauses.y + 5,
        },
    );
    assert_eq!(app.browse.doc_scroll, 3);
}

#[test]
fn policy_text_cannot_inject_escape_sequences() {
    let mut app = App::new(Theme::new(false), (WIDTH, HEIGHT));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("evil.com__2020-01-01.md"),
        "# Evil\n\nText \u{1b}[2J\u{1b}]0;x\u{7} end.\n",
    )
    .unwrap();
    let corpus = Corpus::load(
        &CorpusSource::Path(dir.path().to_path_buf()),
        LoadOptions::default(),
    )
    .unwrap();
    app.update(Action::CorpusLoaded(Box::new(corpus)));
    let text = screen(&app);
    assert!(text.contains("Text  end."));
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
}

#[test]
fn every_overlay_draws_at_any_size() {
    let mut app = app();
    press(&mut app, "c");
    press(&mut app, "Reddit<Enter>");
    for keys in ["d", "<Esc>M", "<Esc>?"] {
        press(&mut app, keys);
        for width in [1, 2, 5, 12, 30, 45, 64, 90, 126, 160] {
            for height in [1, 3, 6, 12, 30] {
                app.update(Action::Resize { width, height });
                let text = screen(&app);
                assert_eq!(text.lines().count(), height as usize);
            }
        }
        // Keys still work after the squeeze.
        app.update(Action::Resize {
            width: WIDTH,
            height: HEIGHT,
        });
        press(&mut app, "jk");
    }
    assert!(!app.overlay.is_none());
}

#[test]
fn the_tree_and_search_work_before_any_policy_text_is_parsed() {
    let corpus = index()
        .corpus(CorpusSource::Embedded, LoadOptions::default())
        .expect("catalog");
    assert_eq!(corpus.parsed_count(), 0, "listing parses nothing");
    let mut app = App::new(Theme::new(false), (WIDTH, HEIGHT));
    app.update(Action::CorpusLoaded(Box::new(corpus)));
    app.update(Action::IndexReady(index()));
    let corpus = app.data.corpus.clone().expect("corpus");
    let companies = app.data.tree.as_ref().expect("tree").companies.len();
    assert_eq!(app.rows().len(), companies, "every company is in the tree");
    assert!(
        corpus.parsed_count() <= 1,
        "only the policy shown is parsed"
    );

    press(&mut app, "/opt-out");
    let results = app.search.results.as_ref().expect("results");
    assert!(results.total > 100);
    let with_hits = app
        .rows()
        .iter()
        .filter(|r| matches!(r.node, Node::Company(_)) && r.hits > 0)
        .count();
    assert!(with_hits > 10, "companies show their hit counts");
    assert!(
        corpus.parsed_count() <= 1,
        "a search parses no policy: {}",
        corpus.parsed_count()
    );

    // Opening the best hit parses that one policy.
    press(&mut app, "<Enter>");
    assert!(corpus.parsed_count() <= 2);
    let hit = &hits(&app)[0];
    assert!(screen(&app).contains(&format!("{}@", hit.company)));
}

#[test]
fn a_newer_listing_of_the_corpus_keeps_the_tree_and_the_policy_shown() {
    let mut app = app();
    press(&mut app, "cReddit<Enter>");
    press(&mut app, "l");
    let shown = app.browse.doc_policy.expect("a policy shown");
    let reference = app.data.corpus.as_ref().unwrap().meta(shown).reference();
    let expanded = app.browse.expanded.len();
    let selected = app.rows()[app.browse.tree_selected].label.clone();
    let newer = index()
        .corpus(CorpusSource::Embedded, LoadOptions::default())
        .expect("catalog");
    app.update(Action::CorpusLoaded(Box::new(newer)));
    let corpus = app.data.corpus.clone().unwrap();
    let now = app.browse.doc_policy.expect("a policy shown");
    assert_eq!(corpus.meta(now).reference(), reference);
    assert_eq!(app.browse.expanded.len(), expanded);
    assert_eq!(app.rows()[app.browse.tree_selected].label, selected);
}

#[test]
fn a_toggles_the_search_between_newest_versions_and_all_versions() {
    let mut app = app();
    press(&mut app, "/opt-out<Esc>");
    let newest = app.search.results.as_ref().expect("results").total;
    let text = screen(&app);
    assert!(!text.contains("all versions"), "newest versions by default");

    press(&mut app, "A");
    let all = app.search.results.as_ref().expect("results").total;
    assert!(all > newest, "older versions add hits: {newest} → {all}");
    let text = screen(&app);
    assert!(text.contains("all versions"), "the status bar says so");
    let versions: std::collections::HashSet<_> = hits(&app)
        .iter()
        .filter(|h| h.company == "LinkedIn")
        .flat_map(|h| h.versions.clone())
        .collect();
    assert!(versions.len() > 1, "LinkedIn's older versions are searched");

    press(&mut app, "A");
    assert_eq!(app.search.results.as_ref().unwrap().total, newest);
    assert!(!screen(&app).contains("all versions"));
}

#[test]
fn results_are_grouped_by_company_best_company_first() {
    let mut app = app();
    press(&mut app, "/opt-out<Esc>");
    let hits = hits(&app);
    // Each company's hits stand together, in the order of their best hit.
    let mut seen: Vec<&str> = Vec::new();
    for hit in hits {
        if seen.last() != Some(&hit.company.as_str()) {
            assert!(
                !seen.contains(&hit.company.as_str()),
                "{} split",
                hit.company
            );
            seen.push(&hit.company);
        }
    }
    let best: Vec<f32> = seen
        .iter()
        .map(|c| hits.iter().find(|h| h.company == *c).unwrap().score)
        .collect();
    assert!(best.windows(2).all(|w| w[0] >= w[1]), "{best:?}");
    // A header names the company once, with its number of matches.
    let text = screen(&app);
    let first = &hits[0];
    assert!(
        text.contains(&format!("{}@", first.company)) && text.contains(" matches"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn monochrome_grouped_results_keep_headers_and_matches_readable() {
    let mut app = app_with(true, (WIDTH, HEIGHT));
    press(&mut app, "/do not track<Esc>");
    let text = screen(&app);
    assert!(text.contains(" matches"), "{text}");
    // Without colour, matched words in the results stand out by style.
    let terminal = render(&app);
    let buffer = terminal.backend().buffer();
    let area = views::areas(&app).results.expect("a results pane");
    let styled = (area.y..area.bottom())
        .flat_map(|y| (area.x..area.right()).map(move |x| (x, y)))
        .filter(|&p| buffer[p].modifier != Modifier::empty())
        .count();
    assert!(styled > 0, "matches and headers carry a style");
    assert!(buffer
        .content()
        .iter()
        .all(|c| c.fg == ratatui::style::Color::Reset));
    insta::assert_snapshot!(text);
}
