//! Categories in the browser: the clause categories arriving from the
//! worker, the category filter of the tree and results (`C`), and the
//! focused badge of the clause at the cursor (`b`).
//!
//! The filter keeps tree nodes holding clauses of the category and hits on
//! such clauses; `all_results` keeps the unfiltered hits, so changing the
//! filter never runs the search again.

use super::action::Action;
use super::app::{App, Overlay};
use super::tree::Node;
use crate::categories::Category;
use crate::categories::CategorySet;
use crate::index::SearchResults;
use crate::tagging::{policy_labels, policy_tags, CorpusTags};
use std::collections::HashMap;
use std::sync::Arc;

/// Shown when a category feature is used before the worker is done.
const NOT_READY: &str = "categories are still being computed";

/// The focused badge: its clause, its category, and the cues that fired.
#[derive(Debug, Clone, PartialEq)]
pub struct BadgeFocus {
    pub policy: usize,
    pub clause: usize,
    pub category: Category,
    pub score: f32,
    /// Log-odds the clause's place in its policy added (see
    /// [`Label::context`](crate::categories::Label::context)).
    pub context: f32,
    pub cues: Vec<String>,
}

impl App {
    pub(super) fn categories_ready(&mut self, tags: Arc<CorpusTags>) {
        self.data.tags = Some(tags);
        self.data.tags_progress = None;
        self.clamp_scrolls();
    }

    /// The categories of policy `p`'s clauses: the cached ones, else
    /// computed now (one policy is quick).
    pub fn policy_tags(&self, p: usize) -> Vec<CategorySet> {
        match (&self.data.tags, &self.data.corpus) {
            (Some(tags), _) => tags.policy(p).to_vec(),
            (None, Some(corpus)) => corpus.policies.get(p).map(policy_tags).unwrap_or_default(),
            (None, None) => Vec::new(),
        }
    }

    /// The focused badge, when it belongs to the clause at the cursor.
    pub fn focused_badge(&self) -> Option<&BadgeFocus> {
        let (p, c) = self.cursor_clause()?;
        self.browse
            .badge
            .as_ref()
            .filter(|b| b.policy == p && b.clause == c)
    }

    /// Focuses the next badge of the clause at the cursor; after the last,
    /// none.
    pub(super) fn cycle_badge(&mut self) {
        let (Some((p, c)), Some(tags), Some(corpus)) =
            (self.cursor_clause(), &self.data.tags, &self.data.corpus)
        else {
            self.message = Some(match self.data.tags {
                None => NOT_READY.into(),
                Some(_) => "no clause at the cursor".into(),
            });
            return;
        };
        let categories: Vec<Category> = tags.clause(p, c).iter().collect();
        if categories.is_empty() {
            self.message = Some("this clause has no category".into());
            return;
        }
        let next = match self.focused_badge() {
            Some(b) => categories
                .iter()
                .position(|x| *x == b.category)
                .map_or(0, |i| i + 1),
            None => 0,
        };
        self.browse.badge = categories.get(next).map(|&category| {
            let label = policy_labels(&corpus.policies[p])
                .into_iter()
                .nth(c)
                .and_then(|labels| labels.into_iter().find(|l| l.category == category));
            BadgeFocus {
                policy: p,
                clause: c,
                category,
                score: label.as_ref().map_or(0.0, |l| l.score),
                context: label.as_ref().map_or(0.0, |l| l.context),
                cues: label.map(|l| l.cues).unwrap_or_default(),
            }
        });
    }

    /// `C`: opens the category picker, or clears the active filter.
    pub(super) fn category_filter_key(&mut self) {
        if self.filters.category.is_some() {
            self.set_category(None);
            return;
        }
        let Some(tags) = &self.data.tags else {
            self.message = Some(NOT_READY.into());
            return;
        };
        let policies = self.data.corpus.as_ref().map_or(0, |c| c.policies.len());
        let counts =
            Category::ALL.map(|category| (0..policies).map(|p| tags.count(p, category)).sum());
        self.overlay = Overlay::Categories {
            selected: 0,
            counts,
        };
    }

    pub(super) fn categories_input(&mut self, action: Action) {
        let Overlay::Categories { selected, .. } = &mut self.overlay else {
            return;
        };
        let last = Category::ALL.len() - 1;
        if super::list::step(selected, last + 1, &action, last + 1) {
            return;
        }
        match action {
            Action::Activate => {
                let category = Category::ALL[(*selected).min(last)];
                self.overlay = Overlay::None;
                self.set_category(Some(category));
            }
            Action::Escape | Action::CategoryFilter => self.overlay = Overlay::None,
            _ => {}
        }
    }

    /// Sets (or clears) the category filter, keeping the selected tree
    /// node when it stays visible.
    pub(super) fn set_category(&mut self, category: Option<Category>) {
        let node = self
            .tree_rows()
            .get(self.browse.tree_selected)
            .map(|r| r.node);
        self.filters.category = category;
        self.filters.category_counts = category.map_or_else(HashMap::new, |c| self.nodes_with(c));
        self.filter_results();
        let rows = self.tree_rows();
        self.browse.tree_selected = node
            .and_then(|n| rows.iter().position(|r| r.node == n))
            .unwrap_or(0);
        self.clamp_tree();
    }

    /// Clauses of `category` per tree node (every enclosing node counts).
    fn nodes_with(&self, category: Category) -> HashMap<Node, usize> {
        let mut counts = HashMap::new();
        let (Some(corpus), Some(tree), Some(tags)) =
            (&self.data.corpus, &self.data.tree, &self.data.tags)
        else {
            return counts;
        };
        for (p, policy) in corpus.policies.iter().enumerate() {
            for (c, clause) in policy.clauses.iter().enumerate() {
                if !tags.clause(p, c).contains(category) {
                    continue;
                }
                let leaf = clause
                    .section
                    .map_or(Node::Version(p), |s| Node::Section(p, s));
                for node in tree.path_to(corpus, leaf) {
                    *counts.entry(node).or_insert(0) += 1;
                }
            }
        }
        counts
    }

    /// Shows the search's hits that the category filter keeps (clause hits
    /// of the category), with their tree counts; resets the position.
    pub(super) fn filter_results(&mut self) {
        let (Some(corpus), Some(tree)) = (&self.data.corpus, &self.data.tree) else {
            return;
        };
        self.search.results = self.search.all_results.as_ref().map(|all| {
            match (self.filters.category, &self.data.tags) {
                (Some(category), Some(tags)) => {
                    let hits: Vec<_> = all
                        .hits
                        .iter()
                        .filter(|hit| {
                            matches!(tree.locate(corpus, hit),
                            Some((p, _, Some(c))) if tags.clause(p, c).contains(category))
                        })
                        .cloned()
                        .collect();
                    SearchResults {
                        total: hits.len(),
                        hits,
                    }
                }
                _ => all.clone(),
            }
        });
        self.search.hit_counts = self
            .search
            .results
            .as_ref()
            .map(|r| tree.hit_counts(corpus, &r.hits))
            .unwrap_or_default();
        self.search.result_selected = 0;
        self.search.result_offset = 0;
        self.search.current_hit = None;
        self.clamp_tree();
    }
}
