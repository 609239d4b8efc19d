//! The application state and the only function that changes it,
//! [`App::update`]. Views read the state; workers report back as actions.

use super::action::{Action, Effect};
use super::compare::{CompareSetup, CompareView};
use super::document::Document;
use super::matrix::MatrixView;
use super::picker::Picker;
use super::review::{NoteEditor, ReviewPane, ReviewState};
use super::state::{Browse, Data, Filters, Search};
use super::theme::Theme;
use super::tree::{Node, Row, TreeModel};
use crate::categories::Category;
use crate::corpus::Corpus;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Rows on each side of the tree's cursor whose versions get a summary of
/// what changed (more than any terminal shows).
const SUMMARISED_ROWS: usize = 150;

/// The panes that take keyboard focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The tree of companies, versions and sections.
    Tree,
    /// The clauses of the open policy.
    Clauses,
    /// The search results.
    Results,
    /// The search bar, typing a query.
    Search,
}

/// What the index is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexStatus {
    /// The corpus is being read; there is no index yet.
    LoadingCorpus,
    /// The index is being opened or built.
    Building {
        /// Work done so far, out of `total`.
        done: u64,
        /// Work to do; 0 while not known yet.
        total: u64,
    },
    /// The index is complete.
    Ready,
    /// Opening or building the index, or reading its catalog, failed; the
    /// error's message.
    Failed(String),
}

/// An overlay drawn over the panes.
#[derive(Debug, Clone)]
pub enum Overlay {
    /// No overlay: the panes have the keys.
    None,
    /// The key help.
    Help(super::help::Help),
    /// The company picker.
    Picker(Picker),
    /// Label picker for a clause (policy, clause).
    Labels {
        /// The highlighted label, an index into the session's labels.
        selected: usize,
        /// The clause to label: (policy index, clause index).
        target: (usize, usize),
    },
    /// The note editor.
    Note(Box<NoteEditor>),
    /// The review session's findings.
    ReviewPane(ReviewPane),
    /// What changed between two versions.
    Diff(Box<super::diffview::DiffView>),
    /// Category picker for the filter, with each category's clause count.
    Categories {
        /// The highlighted category, an index into `Category::ALL`.
        selected: usize,
        /// Clauses per category, in the order of `Category::ALL`.
        counts: [usize; Category::ALL.len()],
    },
    /// Clause counts per company and category.
    Matrix(Box<MatrixView>),
    /// Choosing the companies and topic of a comparison.
    CompareSetup(Box<CompareSetup>),
    /// Companies' clauses on one topic, side by side.
    Compare(Box<CompareView>),
    /// How many companies match queries through time.
    Trend(Box<super::trend::TrendView>),
}

impl Overlay {
    /// True when no overlay is open.
    pub fn is_none(&self) -> bool {
        matches!(self, Overlay::None)
    }
}

/// What drawing needs that is computed from the rest of the state: kept
/// here by [`App::update`] so that views only read.
#[derive(Default)]
struct Derived {
    /// The tree rows as shown.
    rows: Vec<Row>,
    /// The clause view's layout and what it was laid out for
    /// (policy, width, badge lines shown).
    document: Option<(Arc<Document>, (usize, usize, bool))>,
    /// What changed in each version since the one before, as computed.
    version_changes: HashMap<usize, String>,
    /// Versions near the cursor whose changes are still to be computed.
    summaries_left: bool,
}

/// The whole state of the TUI: named sub-states, the open overlay, and
/// what is derived from them for drawing.
pub struct App {
    /// What has been loaded.
    pub data: Data,
    /// Where the reader is.
    pub browse: Browse,
    /// The query and its results.
    pub search: Search,
    /// What narrows the tree and results.
    pub filters: Filters,
    /// The review session, if one is open.
    pub review: Option<ReviewState>,
    /// The open overlay, if any.
    pub overlay: Overlay,
    /// The overlay a label picker or note editor was opened from, shown
    /// again when it closes.
    behind: Option<Box<Overlay>>,
    /// Colours and styles.
    pub theme: Theme,
    /// The keys in force: the keymap's, or a config's.
    pub keymap: super::keymap::Keymap,
    /// The terminal's size (columns, rows).
    pub size: (u16, u16),
    /// State derived from the rest; refreshed at the end of every update.
    derived: Derived,
    /// A one-line message for the status bar.
    pub message: Option<String>,
    /// Set when the user quits.
    pub quit: bool,
    /// Numbers the requests of the trend view; an answer to an older one
    /// is dropped.
    pub(super) requests: u64,
    /// Longest one update spends summarising versions (`None`: no limit,
    /// as in tests); the browser sets it so that a frame is never held up.
    pub summary_budget: Option<std::time::Duration>,
}

impl App {
    /// A new app waiting for its corpus.
    pub fn new(theme: Theme, size: (u16, u16)) -> App {
        App {
            data: Data::default(),
            browse: Browse::default(),
            search: Search::default(),
            filters: Filters::default(),
            review: None,
            overlay: Overlay::None,
            behind: None,
            theme,
            keymap: Default::default(),
            size,
            derived: Derived::default(),
            message: None,
            quit: false,
            requests: 0,
            summary_budget: None,
        }
    }

    /// Attaches a review session (before or after the corpus arrives).
    pub fn with_review(mut self, mut review: ReviewState) -> App {
        let notices = review.store.take_notices();
        if !notices.is_empty() {
            self.message = Some(notices.join(" · "));
        }
        self.review = Some(review);
        self.restore_from_session();
        self.refresh_review();
        self
    }

    /// Applies one action; returns work for the runtime, if any. Derived
    /// state (tree rows, the laid-out document) is brought up to date after.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        let effect = self.apply(action);
        self.refresh_derived();
        effect
    }

    fn apply(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::CorpusLoaded(corpus) => self.set_corpus(*corpus),
            Action::IndexProgress { done, total } => {
                self.data.status = IndexStatus::Building { done, total }
            }
            Action::IndexReady(index) => {
                self.data.index = Some(index);
                self.data.status = IndexStatus::Ready;
                if let Some(category) = self.filters.category {
                    self.set_category(Some(category));
                }
                return self.search_effect();
            }
            Action::Failed(message) => self.data.status = IndexStatus::Failed(message),
            Action::SearchDone {
                generation,
                results,
            } => self.search_done(generation, results),
            Action::TrendFound { generation, found } => self.trend_found(generation, found),
            Action::Resize { width, height } => {
                self.size = (width, height);
                self.clamp_scrolls();
            }
            Action::Quit => {
                self.close_note_editor();
                self.save_position();
                self.quit = true;
                return Some(Effect::Quit);
            }
            action => return self.input(action),
        }
        None
    }

    /// Keyboard and mouse input; a mode it changes without saying so is
    /// named in the status bar.
    fn input(&mut self, action: Action) -> Option<Effect> {
        self.message = None;
        let before = super::feedback::Modes::of(self);
        let effect = self.route(action);
        if self.message.is_none() {
            self.message = before.change(&super::feedback::Modes::of(self), self);
        }
        effect
    }

    /// Routes input by overlay and focus.
    fn route(&mut self, action: Action) -> Option<Effect> {
        match self.overlay {
            Overlay::Picker(_) => {
                self.picker_input(action);
                return None;
            }
            Overlay::Labels { .. } => {
                self.labels_input(action);
                return None;
            }
            Overlay::Note(_) => {
                self.note_input(action);
                return None;
            }
            Overlay::ReviewPane(_) => {
                self.review_pane_input(action);
                return None;
            }
            Overlay::Diff(_) => {
                self.diff_input(action);
                return None;
            }
            Overlay::Categories { .. } => {
                self.categories_input(action);
                return None;
            }
            Overlay::Matrix(_) => {
                self.matrix_input(action);
                return None;
            }
            Overlay::CompareSetup(_) => {
                self.compare_setup_input(action);
                return None;
            }
            Overlay::Compare(_) => {
                self.compare_input(action);
                return None;
            }
            Overlay::Trend(_) => return self.trend_input(action),
            Overlay::Help(ref mut help) => {
                let page = super::help::page(self.size);
                let total = super::help::lines(&self.keymap).len();
                if help.handle(&action, page, total) == super::help::Outcome::Close {
                    self.overlay = Overlay::None;
                }
                return None;
            }
            Overlay::None => {}
        }
        if self.browse.focus == Pane::Search {
            return self.search_input(action);
        }
        match action {
            Action::FocusSearch => {
                self.browse.last_pane = self.browse.focus;
                self.browse.focus = Pane::Search;
            }
            Action::ToggleHelp => self.overlay = Overlay::Help(Default::default()),
            Action::OpenDiff => self.open_diff(),
            Action::MarkVersion => self.mark_version(),
            Action::OpenPicker => self.open_picker(),
            Action::NextPane => self.cycle_pane(true),
            Action::PrevPane => self.cycle_pane(false),
            Action::NextHit => self.step_hit(true),
            Action::PrevHit => self.step_hit(false),
            Action::ToggleHitFilter => self.toggle_hit_filter(),
            Action::CycleBadge => self.cycle_badge(),
            Action::CategoryFilter => self.category_filter_key(),
            Action::OpenMatrix => self.open_matrix(),
            Action::OpenCompare => self.open_compare(),
            Action::OpenTrend => return self.open_trend(),
            Action::ToggleAllVersions => return self.toggle_all_versions(),
            Action::ToggleBadges => self.toggle_badges(),
            Action::WiderTree => self.resize_tree(true),
            Action::NarrowerTree => self.resize_tree(false),
            Action::Escape => return self.clear_search(),
            Action::ToggleFlag
            | Action::PickLabel
            | Action::EditNote
            | Action::ToggleReviewed
            | Action::NextFlag
            | Action::PrevFlag
            | Action::OpenReviewPane
            | Action::Export
            | Action::SaveQuery => self.review_action(action),
            Action::Click { column, row } => self.click(column, row),
            Action::ScrollDown { column, row } => self.scroll_at(column, row, 3),
            Action::ScrollUp { column, row } => self.scroll_at(column, row, -3),
            other => self.navigate(other),
        }
        None
    }

    /// Shows a corpus: the first one loaded, or a newer listing of the
    /// same corpus after the index was brought up to date (the policy
    /// shown and the tree's selection are kept where they still exist).
    fn set_corpus(&mut self, corpus: Corpus) {
        let tree = TreeModel::new(&corpus);
        let previous = self.data.corpus.take();
        let (mut expanded, mut selected, mut shown) = (HashSet::new(), None, None);
        if let (Some(old), Some(old_tree)) = (&previous, &self.data.tree) {
            let carry = |node: Node| tree.node_of(&corpus, &old_tree.key_of(old, node)?);
            expanded = self
                .browse
                .expanded
                .iter()
                .filter_map(|&n| carry(n))
                .collect();
            selected = self
                .derived
                .rows
                .get(self.browse.tree_selected)
                .and_then(|row| carry(row.node));
            shown = self
                .browse
                .doc_policy
                .and_then(|p| carry(Node::Version(p)))
                .and_then(|n| match n {
                    Node::Version(p) => Some(p),
                    _ => None,
                });
        }
        let same_policy = previous.is_some() && shown.is_some();
        self.derived = Derived::default();
        self.data.tags.clear();
        self.browse.marked_version = None;
        self.browse.expanded = expanded;
        self.browse.badge = None;
        self.search.all_results = None;
        self.search.results = None;
        self.search.hit_counts.clear();
        self.browse.doc_policy =
            shown.or_else(|| tree.companies.first().and_then(|(_, v)| v.last().copied()));
        if !same_policy {
            self.browse.doc_cursor = Some(0);
            self.browse.doc_scroll = 0;
        }
        self.data.tree = Some(tree);
        self.data.corpus = Some(Arc::new(corpus));
        if self.data.index.is_none() {
            self.data.status = IndexStatus::Building { done: 0, total: 0 };
        }
        self.browse.tree_selected = 0;
        self.refresh_review();
        if previous.is_none() {
            self.restore_position();
        } else if let Some(node) = selected {
            let rows = self.tree_rows();
            self.browse.tree_selected = rows.iter().position(|r| r.node == node).unwrap_or(0);
            self.clamp_tree();
        }
    }

    /// Closes the overlay, going back to the one it was opened from.
    pub(super) fn close_overlay(&mut self) {
        self.overlay = self.behind.take().map_or(Overlay::None, |o| *o);
    }

    /// Runs a review key from an overlay; a label picker or note editor it
    /// opens goes back to that overlay when it closes.
    pub(super) fn review_from_overlay(&mut self, action: Action) {
        let from = self.overlay.clone();
        self.review_action(action);
        if std::mem::discriminant(&self.overlay) != std::mem::discriminant(&from) {
            self.behind = Some(Box::new(from));
        }
    }

    /// The rows of the tree as shown (cached; see [`App::refresh_derived`]).
    pub fn rows(&self) -> &[Row] {
        &self.derived.rows
    }

    /// The clause view's layout for the current width (cached).
    pub fn document(&self) -> Option<&Document> {
        self.derived.document.as_ref().map(|(doc, _)| &**doc)
    }

    /// Brings derived state up to date with the rest: the tree rows (with
    /// what changed in each shown version) and the clause view's layout.
    /// `update` calls it; tests that set fields directly call it too.
    pub fn refresh_derived(&mut self) {
        let parsed = self.data.corpus.as_ref().map_or(0, |c| c.parsed_count());
        if self.search.results.is_some() && self.search.counted_parsed != parsed {
            self.count_hits();
        }
        if self.filters.category.is_some() && self.filters.counted_parsed != parsed {
            self.count_category();
        }
        self.derived.rows = self.tree_rows();
        if self.summarise_versions() {
            self.derived.rows = self.tree_rows();
        }
        let _ = self.current_document();
    }

    /// Computes what changed in each version shown near the cursor since
    /// the one before, once per version, nearest the cursor first; true
    /// when it computed any. Only the rows around the cursor: a company
    /// with hundreds of versions is not parsed and compared whole when it
    /// is expanded. With a budget, it stops once the budget is spent and
    /// leaves the rest for [`App::work_left`].
    fn summarise_versions(&mut self) -> bool {
        self.derived.summaries_left = false;
        let (Some(corpus), Some(tree)) = (&self.data.corpus, &self.data.tree) else {
            return false;
        };
        let started = std::time::Instant::now();
        let selected = self.browse.tree_selected;
        let first = selected.saturating_sub(SUMMARISED_ROWS);
        let near: HashMap<usize, usize> = self
            .derived
            .rows
            .iter()
            .enumerate()
            .take(selected + SUMMARISED_ROWS)
            .skip(first)
            .filter_map(|(i, row)| match row.node {
                Node::Version(p) if !self.derived.version_changes.contains_key(&p) => {
                    Some((p, i.abs_diff(selected)))
                }
                _ => None,
            })
            .collect();
        if near.is_empty() {
            return false;
        }
        let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
        for &node in &self.browse.expanded {
            let Node::Company(company) = node else {
                continue;
            };
            let Some((_, versions)) = tree.companies.get(company) else {
                continue;
            };
            pairs.extend(
                versions
                    .windows(2)
                    .filter_map(|pair| Some((*near.get(&pair[1])?, pair[0], pair[1]))),
            );
        }
        pairs.sort_unstable();
        let mut computed = false;
        for (_, old, new) in pairs {
            if computed && self.summary_budget.is_some_and(|b| started.elapsed() > b) {
                self.derived.summaries_left = true;
                break;
            }
            let (old, new_policy) = (corpus.policy(old), corpus.policy(new));
            let changes = super::diffview::compact(&crate::versions::diff(old, new_policy).summary);
            self.derived.version_changes.insert(new, changes);
            computed = true;
        }
        computed
    }

    /// True when derived state is still being computed in budgeted steps:
    /// the event loop calls [`App::refresh_derived`] again when idle.
    pub fn work_left(&self) -> bool {
        self.derived.summaries_left
    }

    /// The rows of the tree as the state stands now.
    pub(super) fn tree_rows(&self) -> Vec<Row> {
        match (&self.data.corpus, &self.data.tree) {
            (Some(corpus), Some(tree)) => {
                let only_hits = self.filters.only_hits && self.search.results.is_some();
                let keep = |node: &Node| {
                    (!only_hits || self.search.hit_counts.contains_key(node))
                        && (self.filters.category.is_none()
                            || self.filters.category_counts.contains_key(node))
                };
                let mut rows = tree.rows(
                    corpus,
                    &self.browse.expanded,
                    &self.search.hit_counts,
                    &keep,
                );
                for row in &mut rows {
                    if let Node::Version(p) = row.node {
                        self.label_version(row, p);
                    }
                }
                rows
            }
            _ => Vec::new(),
        }
    }

    /// Adds to a version's row what changed since the version before and
    /// whether it is marked.
    fn label_version(&self, row: &mut Row, p: usize) {
        if let Some(changes) = self.derived.version_changes.get(&p) {
            row.label = format!("{}  {changes}", row.label);
        }
        if self.browse.marked_version == Some(p) {
            row.label.push_str("  (marked)");
        }
    }

    /// The clause view's layout for the current width, laid out again only
    /// when the policy, the width, the badge lines or the categories
    /// changed. Laid out again for the same policy, the view scrolls so
    /// that the clause at the cursor stays where the reader saw it.
    pub(super) fn current_document(&mut self) -> Option<Arc<Document>> {
        let p = self.browse.doc_policy?;
        let areas = super::layout::areas(self);
        let width = areas.clauses.width.saturating_sub(2) as usize;
        let badges = !self.browse.layout.hide_badges;
        let key = (p, width, badges);
        let mut before = None;
        if let Some((doc, cached)) = &self.derived.document {
            if *cached == key {
                return Some(Arc::clone(doc));
            }
            before = (cached.0 == p).then(|| Arc::clone(doc));
        }
        self.remember_tags(p);
        let corpus = Arc::clone(self.data.corpus.as_ref()?);
        let policy = corpus.get(p)?;
        let tags = self.data.tags.get(&p).filter(|_| badges).map(|t| &t[..]);
        let doc = Arc::new(Document::layout(policy, width, tags));
        if let (Some(old), Some(cursor)) = (before, self.browse.doc_cursor) {
            let page = areas.clauses.height.saturating_sub(2) as usize;
            self.browse.doc_scroll =
                super::viewport::anchored_scroll(&old, &doc, cursor, self.browse.doc_scroll, page);
        }
        self.derived.document = Some((Arc::clone(&doc), key));
        Some(doc)
    }

    fn cycle_pane(&mut self, forward: bool) {
        let mut panes = vec![Pane::Tree, Pane::Clauses];
        if self
            .search
            .results
            .as_ref()
            .is_some_and(|r| !r.hits.is_empty())
        {
            panes.push(Pane::Results);
        }
        let at = panes
            .iter()
            .position(|p| *p == self.browse.focus)
            .unwrap_or(0);
        let next = if forward {
            (at + 1) % panes.len()
        } else {
            (at + panes.len() - 1) % panes.len()
        };
        self.browse.focus = panes[next];
    }
}
