//! The application state and the only function that changes it,
//! [`App::update`]. Views read the state; workers report back as actions.

use super::action::{Action, Effect};
use super::categories::BadgeFocus;
use super::compare::{CompareSetup, CompareView};
use super::document::Document;
use super::matrix::MatrixView;
use super::picker::Picker;
use super::review::{NoteEditor, ReviewPane, ReviewState};
use super::theme::Theme;
use super::tree::{Node, Row, TreeModel};
use super::views;
use crate::categories::Category;
use crate::corpus::Corpus;
use crate::index::{SearchIndex, SearchResults};
use crate::tagging::CorpusTags;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The panes that take keyboard focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Clauses,
    Results,
    Search,
}

/// What the index is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexStatus {
    LoadingCorpus,
    Building { done: u64, total: u64 },
    Ready,
    Failed(String),
}

/// An overlay drawn over the panes.
#[derive(Debug, Clone)]
pub enum Overlay {
    None,
    Help,
    Picker(Picker),
    /// Label picker for a clause (policy, clause).
    Labels {
        selected: usize,
        target: (usize, usize),
    },
    Note(Box<NoteEditor>),
    ReviewPane(ReviewPane),
    Diff(Box<super::diffview::DiffView>),
    /// Category picker for the filter, with each category's clause count.
    Categories {
        selected: usize,
        counts: [usize; Category::ALL.len()],
    },
    Matrix(Box<MatrixView>),
    CompareSetup(Box<CompareSetup>),
    Compare(Box<CompareView>),
}

impl Overlay {
    /// True when no overlay is open.
    pub fn is_none(&self) -> bool {
        matches!(self, Overlay::None)
    }
}

/// The whole state of the TUI.
pub struct App {
    pub corpus: Option<Arc<Corpus>>,
    pub tree: Option<TreeModel>,
    pub index: Option<Arc<SearchIndex>>,
    pub status: IndexStatus,
    pub theme: Theme,
    pub size: (u16, u16),
    pub focus: Pane,
    /// Pane to return to when leaving the search bar.
    pub last_pane: Pane,
    pub overlay: Overlay,
    pub expanded: HashSet<Node>,
    pub tree_selected: usize,
    pub tree_offset: usize,
    /// Policy shown in the clause view.
    pub doc_policy: Option<usize>,
    pub doc_scroll: usize,
    pub query: String,
    /// Incremented per query edit; stale results are dropped.
    pub generation: u64,
    /// The results as shown: the search's, kept to the category filter.
    pub results: Option<SearchResults>,
    /// The search's results before the category filter.
    pub all_results: Option<SearchResults>,
    pub search_error: Option<String>,
    pub hit_counts: HashMap<Node, usize>,
    pub only_hits: bool,
    pub result_selected: usize,
    pub result_offset: usize,
    pub current_hit: Option<usize>,
    /// Clause at the cursor in the clause view (index into the policy's clauses).
    pub doc_cursor: Option<usize>,
    pub review: Option<ReviewState>,
    /// Categories of every clause, once computed off the UI thread.
    pub tags: Option<Arc<CorpusTags>>,
    /// Policies categorised so far, of all, while the worker runs.
    pub tags_progress: Option<(usize, usize)>,
    /// The category filter of the tree and results.
    pub category: Option<Category>,
    /// Clauses of the filter's category per tree node.
    pub category_counts: HashMap<Node, usize>,
    /// The focused category badge, if any.
    pub badge: Option<BadgeFocus>,
    /// The version marked with `m` as one side of the next diff.
    pub marked_version: Option<usize>,
    /// Clause changes of each version since the one before, as computed.
    version_changes: std::cell::RefCell<HashMap<usize, String>>,
    /// A one-line message for the status bar.
    pub message: Option<String>,
    pub quit: bool,
}

impl App {
    /// A new app waiting for its corpus.
    pub fn new(theme: Theme, size: (u16, u16)) -> App {
        App {
            corpus: None,
            tree: None,
            index: None,
            status: IndexStatus::LoadingCorpus,
            theme,
            size,
            focus: Pane::Tree,
            last_pane: Pane::Tree,
            overlay: Overlay::None,
            expanded: HashSet::new(),
            tree_selected: 0,
            tree_offset: 0,
            doc_policy: None,
            doc_scroll: 0,
            query: String::new(),
            generation: 0,
            results: None,
            all_results: None,
            search_error: None,
            hit_counts: HashMap::new(),
            only_hits: false,
            result_selected: 0,
            result_offset: 0,
            current_hit: None,
            doc_cursor: None,
            review: None,
            tags: None,
            tags_progress: None,
            category: None,
            category_counts: HashMap::new(),
            badge: None,
            marked_version: None,
            version_changes: Default::default(),
            message: None,
            quit: false,
        }
    }

    /// Attaches a review session (before or after the corpus arrives).
    pub fn with_review(mut self, mut review: ReviewState) -> App {
        let notices = review.store.take_notices();
        if !notices.is_empty() {
            self.message = Some(notices.join(" · "));
        }
        self.review = Some(review);
        self.refresh_review();
        self
    }

    /// Applies one action; returns work for the runtime, if any.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::CorpusLoaded(corpus) => {
                self.set_corpus(*corpus);
                return Some(Effect::Categorise);
            }
            Action::CategoriesProgress { done, total } => self.tags_progress = Some((done, total)),
            Action::CategoriesReady(tags) => self.categories_ready(tags),
            Action::IndexProgress { done, total } => {
                self.status = IndexStatus::Building { done, total }
            }
            Action::IndexReady(index) => {
                self.index = Some(index);
                self.status = IndexStatus::Ready;
                return self.search_effect();
            }
            Action::Failed(message) => self.status = IndexStatus::Failed(message),
            Action::SearchDone {
                generation,
                results,
            } => self.search_done(generation, results),
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

    /// Keyboard and mouse input, routed by overlay and focus.
    fn input(&mut self, action: Action) -> Option<Effect> {
        self.message = None;
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
            Overlay::Help | Overlay::None => {}
        }
        if matches!(self.overlay, Overlay::Help) {
            if matches!(
                action,
                Action::Escape | Action::ToggleHelp | Action::Activate
            ) {
                self.overlay = Overlay::None;
            }
            return None;
        }
        if self.focus == Pane::Search {
            return self.search_input(action);
        }
        match action {
            Action::FocusSearch => {
                self.last_pane = self.focus;
                self.focus = Pane::Search;
            }
            Action::ToggleHelp => self.overlay = Overlay::Help,
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

    fn set_corpus(&mut self, corpus: Corpus) {
        let tree = TreeModel::new(&corpus);
        self.version_changes.borrow_mut().clear();
        self.marked_version = None;
        self.doc_policy = tree.companies.first().and_then(|(_, v)| v.last().copied());
        self.doc_cursor = Some(0);
        self.tree = Some(tree);
        self.corpus = Some(Arc::new(corpus));
        self.status = IndexStatus::Building { done: 0, total: 0 };
        self.tree_selected = 0;
        self.refresh_review();
        self.restore_position();
    }

    /// The rows of the tree as currently shown.
    pub fn rows(&self) -> Vec<Row> {
        match (&self.corpus, &self.tree) {
            (Some(corpus), Some(tree)) => {
                let only_hits = self.only_hits && self.results.is_some();
                let keep = |node: &Node| {
                    (!only_hits || self.hit_counts.contains_key(node))
                        && (self.category.is_none() || self.category_counts.contains_key(node))
                };
                let mut rows = tree.rows(corpus, &self.expanded, &self.hit_counts, &keep);
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

    /// Adds to a version's row what changed since the version before
    /// (computed once per version) and whether it is marked.
    fn label_version(&self, row: &mut Row, p: usize) {
        let (Some(corpus), Some(tree)) = (&self.corpus, &self.tree) else {
            return;
        };
        let versions = &tree.companies[tree.company_of[p]].1;
        let at = versions.iter().position(|&v| v == p).unwrap_or(0);
        if at > 0 {
            let mut cache = self.version_changes.borrow_mut();
            let changes = cache.entry(p).or_insert_with(|| {
                let old = &corpus.policies[versions[at - 1]];
                super::diffview::compact(&crate::versions::diff(old, &corpus.policies[p]).summary)
            });
            row.label = format!("{}  {changes}", row.label);
        }
        if self.marked_version == Some(p) {
            row.label.push_str("  (marked)");
        }
    }

    /// The clause view's layout for the current width.
    pub fn document(&self) -> Option<Document> {
        let p = self.doc_policy?;
        let policy = self.corpus.as_ref()?.policies.get(p)?;
        let width = views::areas(self).clauses.width.saturating_sub(2) as usize;
        let tags = self.tags.as_ref().map(|t| t.policy(p));
        Some(Document::layout(policy, width, tags))
    }

    fn cycle_pane(&mut self, forward: bool) {
        let mut panes = vec![Pane::Tree, Pane::Clauses];
        if self.results.as_ref().is_some_and(|r| !r.hits.is_empty()) {
            panes.push(Pane::Results);
        }
        let at = panes.iter().position(|p| *p == self.focus).unwrap_or(0);
        let next = if forward {
            (at + 1) % panes.len()
        } else {
            (at + panes.len() - 1) % panes.len()
        };
        self.focus = panes[next];
    }

    // --- search -------------------------------------------------------

    fn search_input(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::SearchInput(c) => self.query.push(c),
            Action::SearchBackspace => {
                self.query.pop();
            }
            Action::SearchClearWord => {
                let trimmed = self.query.trim_end().len();
                let cut = self.query[..trimmed].rfind(' ').map_or(0, |p| p + 1);
                self.query.truncate(cut);
            }
            Action::Top => self.query.clear(),
            Action::Escape => {
                self.focus = self.last_pane;
                return None;
            }
            Action::Activate | Action::NextPane => {
                if self.results.as_ref().is_some_and(|r| !r.hits.is_empty()) {
                    self.focus = Pane::Results;
                    self.open_hit(self.result_selected);
                } else {
                    self.focus = self.last_pane;
                }
                return None;
            }
            Action::Click { column, row } => {
                self.focus = self.last_pane;
                self.click(column, row);
                return None;
            }
            _ => return None,
        }
        self.generation += 1;
        self.search_effect()
    }

    fn search_effect(&mut self) -> Option<Effect> {
        if self.query.trim().is_empty() {
            self.results = None;
            self.all_results = None;
            self.search_error = None;
            self.hit_counts.clear();
            self.current_hit = None;
            return None;
        }
        self.index.as_ref()?;
        Some(Effect::Search {
            generation: self.generation,
            query: self.query.clone(),
        })
    }

    fn search_done(&mut self, generation: u64, results: Result<SearchResults, String>) {
        if generation != self.generation {
            return;
        }
        match results {
            Ok(results) => {
                self.all_results = Some(results);
                self.search_error = None;
            }
            Err(message) => {
                self.search_error = Some(message);
                self.all_results = None;
            }
        }
        self.filter_results();
    }

    fn clear_search(&mut self) -> Option<Effect> {
        if self.query.is_empty() && self.results.is_none() {
            return None;
        }
        self.query.clear();
        self.generation += 1;
        if self.focus == Pane::Results {
            self.focus = Pane::Clauses;
        }
        self.search_effect()
    }

    fn toggle_hit_filter(&mut self) {
        let node = self.rows().get(self.tree_selected).map(|r| r.node);
        self.only_hits = !self.only_hits;
        let rows = self.rows();
        self.tree_selected = node
            .and_then(|n| rows.iter().position(|r| r.node == n))
            .unwrap_or(0);
        self.clamp_tree();
    }
}
