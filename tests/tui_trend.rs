//! The browser's trend view (`T`) on a corpus with hand-placed versions:
//! the chart in colour and without, counts that agree with what `clause
//! trend` computes, the companies behind a step, and the version in force
//! opened from them; the counting runs as an effect, never in `update`.

mod support;
mod trend_corpus;

use clause::corpus::{CorpusSource, LoadOptions};
use clause::index::query;
use clause::index::{Day, SearchIndex, Silent};
use clause::trend::{self, Every, Point, Split, Timeline};
use clause::tui::action::{Action, Effect};
use clause::tui::app::{App, Overlay, Pane};
use clause::tui::theme::Theme;
use clause::tui::trend::{Level, TrendView};
use ratatui::style::Color;
use std::sync::Arc;
use support::{apply, press, render, screen};
use trend_corpus::{write_corpus, CORPUS, DNT};

/// The complement of [`DNT`] in this corpus: the other wording.
const IGNORE: &str = "\"ignore browser signals\"";

struct Fixture {
    index: Arc<SearchIndex>,
    corpus_dir: tempfile::TempDir,
    _index_dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let corpus_dir = tempfile::tempdir().unwrap();
        write_corpus(corpus_dir.path());
        let index_dir = tempfile::tempdir().unwrap();
        let source = CorpusSource::Path(corpus_dir.path().to_path_buf());
        let (index, _) = SearchIndex::open(
            &source,
            Some(index_dir.path()),
            LoadOptions::default(),
            &Silent,
        )
        .expect("index of the trend corpus");
        Fixture {
            index: Arc::new(index),
            corpus_dir,
            _index_dir: index_dir,
        }
    }

    /// The browser on the corpus, fed as the event loop feeds it.
    fn app(&self, no_color: bool, size: (u16, u16)) -> App {
        let source = CorpusSource::Path(self.corpus_dir.path().to_path_buf());
        let corpus = self
            .index
            .corpus(source, LoadOptions::default())
            .expect("catalog");
        let mut app = App::new(Theme::new(no_color), size);
        app.update(Action::CorpusLoaded(Box::new(corpus)));
        apply(&mut app, Action::IndexReady(Arc::clone(&self.index)));
        app
    }

    fn timeline(&self) -> Timeline {
        Timeline::of(self.index.catalog().unwrap())
    }

    /// What `clause trend QUERIES --json --every EVERY` counts: every step
    /// of the corpus's dated years.
    fn points(&self, queries: &[&str], every: Every) -> Vec<Point> {
        let timeline = self.timeline();
        let (from, to) = timeline.years().unwrap();
        let parsed: Vec<_> = queries.iter().map(|q| query::parse(q).unwrap()).collect();
        trend::trend(
            &self.index,
            &timeline,
            &parsed,
            trend::steps(from, to, every).unwrap(),
        )
        .unwrap()
    }

    /// What `clause trend QUERY --companies --at DAY --json` lists.
    fn split(&self, text: &str, day: Day) -> Split {
        trend::split(
            &self.index,
            &self.timeline(),
            &query::parse(text).unwrap(),
            day,
        )
        .unwrap()
    }
}

fn view(app: &App) -> &TrendView {
    match &app.overlay {
        Overlay::Trend(view) => view,
        _ => panic!("the trend view is not open"),
    }
}

/// Searches `query` and opens the trend view of it.
fn open_trend(app: &mut App, query: &str) {
    press(app, &format!("/{query}<Esc>T"));
    assert!(view(app).points.is_some(), "the points are counted");
}

/// The newest version of `company` dated on or before `day`, from the
/// hand-placed dates.
fn in_force(company: &str, day: Day) -> String {
    let (_, versions) = CORPUS.iter().find(|(c, _)| *c == company).unwrap();
    versions
        .iter()
        .map(|(date, _)| *date)
        .filter(|date| date.parse::<Day>().unwrap() <= day)
        .max()
        .unwrap()
        .to_string()
}

/// The row `clause trend` prints for a step, as the view shows it.
fn counts_line(point: &Point, q: usize) -> String {
    let matching = point.matching[q];
    let share = 100.0 * matching as f64 / point.companies as f64;
    format!("[{}]{matching:>6} {:>6}", q + 1, format!("{share:.1}%"))
}

#[test]
fn t_right_enter_enter_opens_the_version_in_force_at_the_step() {
    let f = Fixture::new();
    let mut app = f.app(false, (100, 30));
    open_trend(&mut app, DNT);
    let points = f.points(&[DNT], Every::Year);
    assert_eq!(view(&app).points.as_ref(), Some(&points));
    assert_eq!(view(&app).step, 0, "the cursor starts at the first step");

    press(&mut app, "<Right>");
    let point = &points[1];
    let text = screen(&app);
    assert!(text.contains(&point.step.label), "{text}");
    assert!(
        text.contains(&format!("{} companies in force", point.companies)),
        "{text}"
    );
    assert!(text.contains(&counts_line(point, 0)), "{text}");

    press(&mut app, "<Enter>");
    let split = f.split(DNT, point.step.day);
    let Level::Companies(companies) = &view(&app).level else {
        panic!("Enter lists the companies");
    };
    assert_eq!(companies.split.as_ref(), Some(&split));
    assert_eq!(split.matching.len(), point.matching[0]);
    assert_eq!(
        split.matching.len() + split.not_matching.len(),
        point.companies
    );
    let text = screen(&app);
    for name in split.matching.iter().chain(&split.not_matching) {
        assert!(text.contains(name.as_str()), "{name} listed:\n{text}");
    }
    insta::assert_snapshot!(text);

    press(&mut app, "<Enter>");
    assert!(app.overlay.is_none());
    assert_eq!(app.browse.focus, Pane::Clauses);
    let company = &split.matching[0];
    let meta = app
        .data
        .corpus
        .as_ref()
        .unwrap()
        .meta(app.browse.doc_policy.unwrap());
    assert!(meta.company.eq_ignore_ascii_case(company));
    assert_eq!(
        meta.date.as_deref(),
        Some(in_force(company, point.step.day).as_str()),
        "an older version than the newest, in force on {}",
        point.step.day
    );
}

#[test]
fn a_version_dated_on_the_step_day_is_the_one_in_force() {
    let f = Fixture::new();
    let mut app = f.app(false, (100, 30));
    open_trend(&mut app, DNT);
    // 2019-12-31 is both a step and the day beta.com changed its wording.
    press(&mut app, "<Right><Right><Right><Right>");
    let point = &view(&app).point().unwrap().clone();
    assert_eq!(point.step.day.to_string(), "2019-12-31");
    press(&mut app, "<Enter>");
    let split = f.split(DNT, point.step.day);
    let at = split
        .not_matching
        .iter()
        .position(|c| c == "beta.com")
        .expect("beta.com stopped saying it that day");
    press(&mut app, &"j".repeat(split.matching.len() + at));
    press(&mut app, "<Enter>");
    let corpus = app.data.corpus.as_ref().unwrap();
    let meta = corpus.meta(app.browse.doc_policy.unwrap());
    assert_eq!(meta.company, "beta.com");
    assert_eq!(meta.date.as_deref(), Some("2019-12-31"));
}

#[test]
fn counting_is_an_effect_with_a_status_and_stale_answers_are_dropped() {
    let f = Fixture::new();
    let mut app = f.app(false, (100, 30));
    press(&mut app, &format!("/{DNT}<Esc>"));
    let effect = app.update(Action::OpenTrend);
    let Some(Effect::Trend { generation, work }) = effect else {
        panic!("T asks the worker to count");
    };
    assert!(view(&app).points.is_none(), "nothing is counted in update");
    assert!(screen(&app).contains("counting…"));

    let mut counter = clause::tui::trend::Counter::new(Arc::clone(&f.index));
    let found = counter.count(&work);
    app.update(Action::TrendFound {
        generation: generation + 1,
        found: found.clone(),
    });
    assert!(view(&app).points.is_none(), "an answer to another request");
    app.update(Action::TrendFound { generation, found });
    assert_eq!(
        view(&app).points.as_ref(),
        Some(&f.points(&[DNT], Every::Year))
    );
    assert!(!screen(&app).contains("counting…"));
}

#[test]
fn e_counts_again_by_quarter_and_keeps_the_cursor_on_its_day() {
    let f = Fixture::new();
    let mut app = f.app(false, (100, 30));
    open_trend(&mut app, DNT);
    press(&mut app, "<Right>e");
    let view = view(&app);
    assert_eq!(view.every, Every::Quarter);
    assert_eq!(
        view.points.as_ref(),
        Some(&f.points(&[DNT], Every::Quarter))
    );
    assert_eq!(view.point().unwrap().step.label, "2016-Q4");
    assert!(screen(&app).contains("Trend by quarter"));
}

#[test]
fn queries_are_added_typed_and_dropped_up_to_four() {
    let f = Fixture::new();
    let mut app = f.app(false, (100, 30));
    open_trend(&mut app, DNT);
    press(&mut app, &format!("a{IGNORE}<Enter>"));
    assert_eq!(view(&app).queries, [DNT, IGNORE]);
    assert_eq!(
        view(&app).points.as_ref(),
        Some(&f.points(&[DNT, IGNORE], Every::Year))
    );
    press(&mut app, "acookies<Enter>aretain<Enter>a");
    assert_eq!(view(&app).queries.len(), 4);
    assert!(!view(&app).is_typing(), "no fifth query");
    assert!(screen(&app).contains("at most 4 queries"));
    press(&mut app, "kx");
    assert_eq!(view(&app).queries, [DNT, IGNORE, "retain"]);
    // Esc goes back a level: from the list to the chart, then closed.
    press(&mut app, "<Enter>");
    assert!(matches!(view(&app).level, Level::Companies(_)));
    press(&mut app, "<Esc>");
    assert!(matches!(view(&app).level, Level::Chart));
    press(&mut app, "<Esc>");
    assert!(app.overlay.is_none());
}

#[test]
fn without_a_query_t_asks_for_one() {
    let f = Fixture::new();
    let mut app = f.app(false, (100, 30));
    press(&mut app, "T");
    assert!(view(&app).is_typing());
    press(&mut app, &format!("{DNT}<Enter>"));
    assert_eq!(view(&app).queries, [DNT]);
    assert!(view(&app).points.is_some());
}

#[test]
fn the_chart_in_colour() {
    let f = Fixture::new();
    let mut app = f.app(false, (100, 30));
    open_trend(&mut app, DNT);
    press(&mut app, &format!("a{IGNORE}<Enter><Right><Right>"));
    let terminal = render(&app);
    let colours: Vec<Color> = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .filter(|c| c.symbol().chars().any(|ch| ('⠁'..='⣿').contains(&ch)))
        .map(|c| c.fg)
        .collect();
    assert!(colours.contains(&Color::Yellow) && colours.contains(&Color::Cyan));
    insta::assert_snapshot!(terminal.backend().to_string());
}

#[test]
fn the_chart_without_colour_tells_lines_apart_by_marker() {
    let f = Fixture::new();
    let mut app = f.app(true, (100, 30));
    open_trend(&mut app, DNT);
    press(&mut app, &format!("a{IGNORE}<Enter><Right><Right>"));
    let terminal = render(&app);
    let buffer = terminal.backend().buffer();
    assert!(buffer.content().iter().all(|c| c.fg == Color::Reset));
    let text = terminal.backend().to_string();
    assert!(text.contains("⣿ [1]") && text.contains("• [2]"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn the_chart_fits_the_smallest_terminal() {
    let f = Fixture::new();
    let mut app = f.app(true, (60, 15));
    open_trend(&mut app, DNT);
    press(&mut app, &format!("a{IGNORE}<Enter>"));
    let text = screen(&app);
    let points = f.points(&[DNT, IGNORE], Every::Year);
    for label in [&points[0], &points[3], &points[6]].map(|p| &p.step.label) {
        assert!(
            text.contains(label.as_str()),
            "{label} on the axis:\n{text}"
        );
    }
    assert!(text.contains(&counts_line(&points[0], 1)), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn four_queries_are_drawn_and_counted_at_every_size() {
    let f = Fixture::new();
    let queries = [DNT, IGNORE, "cookies", "retain"];
    let points = f.points(&queries, Every::Year);
    for size in [(60, 15), (80, 24), (200, 60)] {
        let mut app = f.app(true, size);
        open_trend(&mut app, DNT);
        press(
            &mut app,
            &format!("a{IGNORE}<Enter>acookies<Enter>aretain<Enter>G"),
        );
        let text = screen(&app);
        let last = points.last().unwrap();
        for label in [&points[0], &points[3], last].map(|p| &p.step.label) {
            assert!(text.contains(label.as_str()), "{size:?}: {label}:\n{text}");
        }
        for q in 0..queries.len() {
            assert!(text.contains(&counts_line(last, q)), "{size:?}:\n{text}");
        }
        for glyph in ["⣿ [1]", "• [2]", "█ [3]", "▄ [4]"] {
            assert!(text.contains(glyph), "{size:?}: {glyph}:\n{text}");
        }
    }
}
