//! The interactive browser: terminal setup and teardown, the event loop,
//! and the worker threads that load the corpus, build the index and run
//! searches. The terminal is restored on quit, panic, SIGTERM and SIGHUP.

pub mod action;
pub mod app;
pub mod categories;
mod category_walk;
pub mod compare;
pub mod config;
pub mod diffview;
pub mod document;
mod feedback;
pub mod help;
pub mod keymap;
mod keys;
pub mod layout;
pub mod list;
mod listed;
pub mod matrix;
mod memory;
mod navigation;
pub mod note;
pub mod picker;
mod recheck;
pub mod review;
mod review_pane;
mod search_bar;
pub mod state;
pub mod theme;
pub mod tree;
pub mod trend;
mod viewport;
pub mod views;

use crate::corpus::{CorpusSource, LoadOptions};
use crate::index::{query, Progress, Scope, SearchIndex, SearchOptions};
use action::{Action, Effect, Found};
use app::{App, Overlay, Pane};
use crossterm::event::{self, Event, KeyEventKind, MouseEventKind};
use keymap::Mode;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Most hits fetched per search in the browser.
pub const SEARCH_LIMIT: usize = 200;
/// Quiet time after a keystroke before the query runs: long enough to
/// skip the words of a fast typist, short enough that the results of the
/// last keystroke arrive within 150 ms (the worker runs only the newest
/// query waiting).
const DEBOUNCE: Duration = Duration::from_millis(40);

/// Longest one update spends summarising what changed in the versions
/// near the tree's cursor; the rest is done between frames.
const SUMMARY_BUDGET: Duration = Duration::from_millis(25);

/// What the browser opens.
pub struct Options {
    /// Where the corpus is read from.
    pub source: CorpusSource,
    /// Where the search index is kept; `None` for the user cache directory.
    pub index_dir: Option<PathBuf>,
    /// Options for reading the corpus's files.
    pub load: LoadOptions,
    /// Colours and styles.
    pub theme: theme::Theme,
    /// The keys in force.
    pub keymap: keymap::Keymap,
    /// The review session, already opened and locked.
    pub review: Option<review::ReviewState>,
}

/// Runs the browser until the user quits.
pub fn run(options: Options) -> anyhow::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    watch_signals(Arc::clone(&stop))?;
    let mut terminal = ratatui::try_init()?;
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture);
    let result = event_loop(&mut terminal, options, &stop);
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture);
    ratatui::restore();
    result
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    mut options: Options,
    stop: &AtomicBool,
) -> anyhow::Result<()> {
    let size = terminal.size()?;
    let mut app = App::new(options.theme, (size.width, size.height));
    app.keymap = std::mem::take(&mut options.keymap);
    app.summary_budget = Some(SUMMARY_BUDGET);
    if let Some(review) = options.review.take() {
        app = app.with_review(review);
    }
    let (tx, rx) = mpsc::channel::<Action>();
    spawn_loader(options, tx.clone());
    let mut searcher: Option<Sender<Job>> = None;
    let mut pending: Option<(Instant, u64, (String, Scope))> = None;
    let mut dirty = true;
    loop {
        if stop.load(Ordering::Relaxed) {
            app.update(Action::Quit);
        }
        if app.quit {
            break;
        }
        if dirty {
            terminal.draw(|frame| views::draw(&app, frame))?;
            dirty = false;
        }
        let timeout = match &pending {
            _ if app.work_left() => Duration::ZERO,
            Some((due, _, _)) => due
                .saturating_duration_since(Instant::now())
                .min(Duration::from_millis(50)),
            None => Duration::from_millis(50),
        };
        let mut actions = Vec::new();
        if event::poll(timeout)? {
            actions.extend(translate(event::read()?, &app));
        }
        actions.extend(drain(&rx));
        if actions.is_empty() && app.work_left() {
            app.refresh_derived();
            dirty = true;
        }
        for action in actions {
            if let Action::IndexReady(index) = &action {
                searcher = Some(spawn_searcher(Arc::clone(index), tx.clone()));
            }
            match app.update(action) {
                Some(Effect::Search {
                    generation,
                    query,
                    scope,
                }) => pending = Some((Instant::now() + DEBOUNCE, generation, (query, scope))),
                Some(Effect::Trend { generation, work }) => {
                    if let Some(worker) = &searcher {
                        let _ = worker.send(Job::Trend(generation, work));
                    }
                }
                Some(Effect::Quit) | None => {}
            }
            dirty = true;
        }
        if pending
            .as_ref()
            .is_some_and(|(due, _, _)| *due <= Instant::now())
        {
            if let (Some((_, generation, (query, scope))), Some(worker)) =
                (pending.take(), &searcher)
            {
                let _ = worker.send(Job::Search(generation, query, scope));
            }
        }
    }
    Ok(())
}

/// On SIGTERM or SIGHUP, asks the event loop to quit (which saves a note
/// being edited); if it cannot (a hung up terminal can keep the input
/// reader busy), restores the terminal and exits. Findings are saved as
/// they are made and a note being typed is kept as a draft at every key,
/// so nothing is lost.
fn watch_signals(stop: Arc<AtomicBool>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            stop.store(true, Ordering::Relaxed);
            std::thread::sleep(Duration::from_millis(300));
            ratatui::restore();
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

fn drain(rx: &Receiver<Action>) -> Vec<Action> {
    let mut out = Vec::new();
    while let Ok(action) = rx.try_recv() {
        out.push(action);
    }
    out
}

/// Turns a terminal event into an action for the current context.
pub fn translate(event: Event, app: &App) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            app.keymap.action_for(key, mode(app))
        }
        Event::Mouse(mouse) => {
            let (column, row) = (mouse.column, mouse.row);
            match mouse.kind {
                MouseEventKind::Down(_) => Some(Action::Click { column, row }),
                MouseEventKind::ScrollDown => Some(Action::ScrollDown { column, row }),
                MouseEventKind::ScrollUp => Some(Action::ScrollUp { column, row }),
                _ => None,
            }
        }
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        _ => None,
    }
}

/// The keymap mode for the app's state.
pub fn mode(app: &App) -> Mode {
    match (&app.overlay, app.browse.focus) {
        (Overlay::Note(_), _) => Mode::Editor,
        (Overlay::Picker(_) | Overlay::CompareSetup(_), _) => Mode::Input,
        (Overlay::ReviewPane(pane), _) if pane.typing => Mode::Input,
        (Overlay::Labels { .. }, _) => Mode::List,
        (Overlay::Trend(view), _) if view.is_typing() => Mode::Input,
        (Overlay::Trend(_), _) => Mode::Trend,
        (Overlay::None, Pane::Search) => Mode::Search,
        _ => Mode::Browse,
    }
}

/// Shows the index as last committed at once (the tree from its catalog,
/// no policy parsed), then brings it up to date with the corpus, building
/// it with progress when there is none, and shows the result when
/// anything changed.
fn spawn_loader(options: Options, tx: Sender<Action>) {
    std::thread::spawn(move || {
        let dir = options.index_dir.as_deref();
        let committed = SearchIndex::open_committed(&options.source, dir);
        let shown = committed.is_some();
        if let Some(index) = committed {
            if !show_index(index, &options.source, options.load, &tx) {
                return;
            }
        }
        let progress = ChannelProgress {
            tx: std::sync::Mutex::new(tx.clone()),
            done: Default::default(),
            total: Default::default(),
            source: options.source.clone(),
            dir: options.index_dir.clone(),
            load: options.load,
        };
        match SearchIndex::open(&options.source, dir, options.load, &progress) {
            Ok((index, report)) => {
                if !committed_shown_is_current(shown, &report) {
                    show_index(index, &options.source, options.load, &tx);
                }
            }
            Err(e) => {
                let _ = tx.send(Action::Failed(e.to_string()));
                return;
            }
        }
        recheck::keep_checking(options.source, dir, options.load, &tx);
    });
}

/// True when the index already shown is what the update left.
fn committed_shown_is_current(shown: bool, report: &crate::index::BuildReport) -> bool {
    shown && report.rebuilt.is_none() && report.added + report.updated + report.removed == 0
}

/// Sends the corpus as `index` lists it, then the index; false when the
/// catalog cannot be read or the browser is gone.
fn show_index(
    index: SearchIndex,
    source: &CorpusSource,
    load: LoadOptions,
    tx: &Sender<Action>,
) -> bool {
    match index.corpus(source.clone(), load) {
        Ok(corpus) => {
            tx.send(Action::CorpusLoaded(Box::new(corpus))).is_ok()
                && tx.send(Action::IndexReady(Arc::new(index))).is_ok()
        }
        Err(e) => {
            let _ = tx.send(Action::Failed(e.to_string()));
            false
        }
    }
}

/// Work for the search worker.
enum Job {
    /// A query as typed, its generation and the versions searched.
    Search(u64, String, Scope),
    /// Counting for the trend view, and its generation.
    Trend(u64, trend::Work),
}

/// Runs searches and the trend view's counting off the UI thread; of the
/// jobs waiting, only the newest search and the newest count run, the
/// search first.
fn spawn_searcher(index: Arc<SearchIndex>, tx: Sender<Action>) -> Sender<Job> {
    let (requests, rx) = mpsc::channel::<Job>();
    std::thread::spawn(move || {
        let mut counter = trend::Counter::new(Arc::clone(&index));
        while let Ok(job) = rx.recv() {
            let (mut search, mut count) = (None, None);
            for job in std::iter::once(job).chain(rx.try_iter()) {
                match job {
                    Job::Search(generation, text, scope) => {
                        search = Some((generation, text, scope))
                    }
                    Job::Trend(generation, work) => count = Some((generation, work)),
                }
            }
            if let Some((generation, text, scope)) = search {
                let results = run_search(&index, &text, scope);
                if tx
                    .send(Action::SearchDone {
                        generation,
                        results,
                    })
                    .is_err()
                {
                    break;
                }
            }
            if let Some((generation, work)) = count {
                let found = counter.count(&work);
                if tx.send(Action::TrendFound { generation, found }).is_err() {
                    break;
                }
            }
        }
    });
    requests
}

/// Runs a query as typed (lenient parsing) for the browser: the best
/// hits, and every match counted per company.
pub fn run_search(index: &SearchIndex, text: &str, scope: Scope) -> Result<Found, String> {
    let Some(parsed) = query::parse_lenient(text) else {
        return Ok(Found::default());
    };
    let options = SearchOptions {
        limit: Some(SEARCH_LIMIT),
        scope,
        ..Default::default()
    };
    let (results, companies) = index
        .run_counting(&parsed, &options)
        .map_err(|e| e.to_string())?;
    Ok(Found { results, companies })
}

/// Index build progress sent to the UI as actions; at each partial commit
/// of a long build, the policies indexed so far are shown and searched.
struct ChannelProgress {
    tx: std::sync::Mutex<Sender<Action>>,
    done: std::sync::atomic::AtomicU64,
    total: std::sync::atomic::AtomicU64,
    source: CorpusSource,
    dir: Option<PathBuf>,
    load: LoadOptions,
}

impl ChannelProgress {
    fn send(&self) {
        let action = Action::IndexProgress {
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
        };
        if let Ok(tx) = self.tx.lock() {
            let _ = tx.send(action);
        }
    }
}

impl Progress for ChannelProgress {
    fn start(&self, _files: u64, bytes: u64) {
        self.total.store(bytes, Ordering::Relaxed);
        self.send();
    }

    fn advance(&self, bytes: u64) {
        self.done.fetch_add(bytes, Ordering::Relaxed);
        self.send();
    }

    fn finish(&self) {}

    fn notice(&self, _message: &str) {}

    fn committed(&self) {
        let Some(index) = SearchIndex::open_committed(&self.source, self.dir.as_deref()) else {
            return;
        };
        if let Ok(tx) = self.tx.lock() {
            show_index(index, &self.source, self.load, &tx);
        }
    }
}
