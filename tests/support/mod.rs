//! Helpers shared by the browser tests: the embedded corpus and index
//! (built once), an `App` fed with them, key sequences and rendering.
#![allow(dead_code)]

use clause::corpus::{CorpusSource, LoadOptions};
use clause::index::{Hit, SearchIndex, Silent};
use clause::tui::action::{Action, Effect};
use clause::tui::app::App;
use clause::tui::theme::Theme;
use clause::tui::tree::Node;
use clause::tui::trend::Counter;
use clause::tui::{run_search, translate, views};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::sync::{Arc, OnceLock};

pub const WIDTH: u16 = 100;
pub const HEIGHT: u16 = 30;

pub fn index() -> Arc<SearchIndex> {
    static INDEX: OnceLock<Arc<SearchIndex>> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let (index, _) = SearchIndex::open(
                &CorpusSource::Embedded,
                None,
                LoadOptions::default(),
                &Silent,
            )
            .expect("embedded index");
            Arc::new(index)
        })
        .clone()
}

/// An app fed as the browser feeds it: the corpus as the index's catalog
/// lists it (each policy parsed when opened), then the index.
pub fn app_with(no_color: bool, size: (u16, u16)) -> App {
    app_themed(Theme::new(no_color), size)
}

/// An app fed as [`app_with`] feeds it, drawn with `theme`.
pub fn app_themed(theme: Theme, size: (u16, u16)) -> App {
    let corpus = index()
        .corpus(CorpusSource::Embedded, LoadOptions::default())
        .expect("embedded catalog");
    let mut app = App::new(theme, size);
    app.update(Action::CorpusLoaded(Box::new(corpus)));
    app.update(Action::IndexReady(index()));
    app
}

pub fn app() -> App {
    app_with(false, (WIDTH, HEIGHT))
}

/// Applies an action, running any search or count it asks for
/// synchronously on the app's index.
pub fn apply(app: &mut App, action: Action) {
    let answer = match app.update(action) {
        Some(Effect::Search {
            generation,
            query,
            scope,
        }) => Action::SearchDone {
            generation,
            results: run_search(&app_index(app), &query, scope),
        },
        Some(Effect::Trend { generation, work }) => Action::TrendFound {
            generation,
            found: Counter::new(app_index(app)).count(&work),
        },
        _ => return,
    };
    app.update(answer);
}

fn app_index(app: &App) -> Arc<SearchIndex> {
    app.data.index.clone().expect("an open index")
}

pub fn key(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    if let Some(action) = translate(Event::Key(KeyEvent::new(code, modifiers)), app) {
        apply(app, action);
    }
}

/// Types `keys`: characters, or `<Enter>`, `<Esc>`, `<Tab>`, `<Down>`,
/// `<Up>`, `<Left>`, `<Right>`, `<C-d>`, `<C-u>`, `<C-c>`.
pub fn press(app: &mut App, keys: &str) {
    let mut rest = keys;
    while !rest.is_empty() {
        if let Some(end) = rest.strip_prefix('<').and_then(|r| r.find('>')) {
            let name = &rest[1..end + 1];
            let (code, modifiers) = match name {
                "Enter" => (KeyCode::Enter, KeyModifiers::NONE),
                "Esc" => (KeyCode::Esc, KeyModifiers::NONE),
                "Tab" => (KeyCode::Tab, KeyModifiers::NONE),
                "Down" => (KeyCode::Down, KeyModifiers::NONE),
                "Up" => (KeyCode::Up, KeyModifiers::NONE),
                "Left" => (KeyCode::Left, KeyModifiers::NONE),
                "Right" => (KeyCode::Right, KeyModifiers::NONE),
                "C-d" => (KeyCode::Char('d'), KeyModifiers::CONTROL),
                "C-u" => (KeyCode::Char('u'), KeyModifiers::CONTROL),
                "C-c" => (KeyCode::Char('c'), KeyModifiers::CONTROL),
                other => panic!("unknown key {other}"),
            };
            key(app, code, modifiers);
            rest = &rest[end + 2..];
        } else {
            let c = rest.chars().next().unwrap();
            let modifiers = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            key(app, KeyCode::Char(c), modifiers);
            rest = &rest[c.len_utf8()..];
        }
    }
}

pub fn render(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    terminal.draw(|frame| views::draw(app, frame)).unwrap();
    terminal
}

pub fn screen(app: &App) -> String {
    render(app).backend().to_string()
}

/// The hits of the last search, which must have answered.
pub fn hits(app: &App) -> &[Hit] {
    &app.search.results.as_ref().expect("search results").hits
}

/// The status bar's message (empty when there is none).
pub fn message(app: &App) -> String {
    app.message.clone().unwrap_or_default()
}

/// The id of clause `c` of policy `p` of the loaded corpus.
pub fn clause_id(app: &App, (p, c): (usize, usize)) -> String {
    let policy = app.data.corpus.as_ref().expect("a corpus").policy(p);
    policy.clause_id(&policy.clauses[c])
}

pub fn selected_node(app: &App) -> Node {
    app.rows()[app.browse.tree_selected].node
}

/// The width of the tree pane as drawn: its top border up to the corner.
pub fn tree_width(app: &App) -> usize {
    let text = screen(app);
    let line = text
        .lines()
        .find(|l| l.contains("Policies"))
        .expect("tree pane drawn")
        .trim_start_matches('"');
    line.chars().position(|c| c == '┐').expect("tree corner") + 1
}
