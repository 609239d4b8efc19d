//! Categories in the browser: the categories of the clauses of each policy
//! opened (computed when it is opened, never for the whole corpus), the
//! category filter of the tree and results (`C`), and the focused badge
//! of the clause at the cursor (`b`).
//!
//! The filter keeps tree nodes holding clauses of the category: companies
//! as the index counts them, versions and sections of the policies read so
//! far from their categories. Hits are kept to the category's clauses by
//! the categories the index stores with each hit; `all_results` keeps the
//! unfiltered hits, so changing the filter never runs the search again.

use super::action::Action;
use super::app::{App, Overlay};
use super::tree::Node;
use crate::categories::Category;
use crate::categories::CategorySet;
use crate::index::query::Query;
use crate::index::{SearchOptions, SearchResults};
use crate::tagging::{policy_labels, policy_tags};
use std::collections::HashMap;
use std::sync::Arc;

/// Shown when a category feature is used before the index is open.
pub(super) const NOT_READY: &str = "the index is still being built";

/// The focused badge: its clause, its category, and the cues that fired.
#[derive(Debug, Clone, PartialEq)]
pub struct BadgeFocus {
    /// Index of the policy in the corpus.
    pub policy: usize,
    /// Index of the clause in its policy.
    pub clause: usize,
    /// The badge's category.
    pub category: Category,
    /// The model's probability that the category applies, in 0..=1 (0 when
    /// the clause has no label for it).
    pub score: f32,
    /// Log-odds the clause's place in its policy added (see
    /// [`Label::context`](crate::categories::Label::context)).
    pub context: f32,
    /// The cues that fired for this category.
    pub cues: Vec<String>,
}

impl App {
    /// The categories of policy `p`'s clauses: the ones computed when it was
    /// opened, else computed now (one policy is quick).
    pub fn policy_tags(&self, p: usize) -> Arc<[CategorySet]> {
        if let Some(tags) = self.data.tags.get(&p) {
            return Arc::clone(tags);
        }
        self.data
            .corpus
            .as_ref()
            .and_then(|corpus| corpus.get(p))
            .map_or_else(
                || Arc::from(Vec::new()),
                |policy| policy_tags(policy).into(),
            )
    }

    /// The categories of one clause of a policy whose categories are known.
    pub fn clause_tags(&self, p: usize, c: usize) -> CategorySet {
        self.data
            .tags
            .get(&p)
            .and_then(|tags| tags.get(c).copied())
            .unwrap_or_default()
    }

    /// Computes and keeps the categories of policy `p`, once.
    pub(super) fn remember_tags(&mut self, p: usize) {
        if !self.data.tags.contains_key(&p) {
            let tags = self.policy_tags(p);
            self.data.tags.insert(p, tags);
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
        let (Some((p, c)), Some(corpus)) = (self.cursor_clause(), &self.data.corpus) else {
            self.message = Some("no clause at the cursor".into());
            return;
        };
        let categories: Vec<Category> = self
            .policy_tags(p)
            .get(c)
            .map(|set| set.iter().collect())
            .unwrap_or_default();
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
            let label = policy_labels(corpus.policy(p))
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
        let Some(index) = &self.data.index else {
            self.message = Some(NOT_READY.into());
            return;
        };
        let counts = Category::ALL.map(|category| {
            index
                .count(&Query::default(), &in_category(category))
                .unwrap_or(0)
        });
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
        self.browse.badge = None;
        self.filters.company_counts = match (category, &self.data.index) {
            (Some(category), Some(index)) => index
                .company_counts(&Query::default(), &in_category(category))
                .unwrap_or_default(),
            _ => Default::default(),
        };
        self.count_category();
        self.filter_results();
        let rows = self.tree_rows();
        self.browse.tree_selected = node
            .and_then(|n| rows.iter().position(|r| r.node == n))
            .unwrap_or(0);
        self.clamp_tree();
    }

    /// Clauses of the filter's category per tree node: companies as the
    /// index counts them; versions and sections of the policies read so
    /// far (every enclosing node counts).
    pub(super) fn count_category(&mut self) {
        let mut counts = HashMap::new();
        let (Some(category), Some(corpus), Some(tree)) = (
            self.filters.category,
            self.data.corpus.clone(),
            self.data.tree.as_ref(),
        ) else {
            self.filters.category_counts = counts;
            return;
        };
        for (c, (name, _)) in tree.companies.iter().enumerate() {
            if let Some(&n) = self.filters.company_counts.get(&name.to_lowercase()) {
                counts.insert(Node::Company(c), n);
            }
        }
        let parsed: Vec<usize> = (0..corpus.len()).filter(|&p| corpus.is_parsed(p)).collect();
        for p in parsed {
            let tags = self.policy_tags(p);
            let policy = corpus.policy(p);
            for (clause, set) in policy.clauses.iter().zip(tags.iter()) {
                if !set.contains(category) {
                    continue;
                }
                let leaf = clause
                    .section
                    .map_or(Node::Version(p), |s| Node::Section(p, s));
                for node in tree.path_to(&corpus, leaf) {
                    if !matches!(node, Node::Company(_)) {
                        *counts.entry(node).or_insert(0) += 1;
                    }
                }
            }
        }
        self.filters.category_counts = counts;
        self.filters.counted_parsed = corpus.parsed_count();
    }

    /// Shows the search's hits that the category filter keeps (clause hits
    /// of the category), with their tree counts; resets the position.
    pub(super) fn filter_results(&mut self) {
        self.search.results =
            self.search
                .all_results
                .as_ref()
                .map(|all| match self.filters.category {
                    Some(category) => {
                        let hits: Vec<_> = all
                            .hits
                            .iter()
                            .filter(|hit| {
                                hit.kind == "clause"
                                    && hit.categories.iter().any(|c| c == category.short_name())
                            })
                            .cloned()
                            .collect();
                        SearchResults {
                            total: hits.len(),
                            hits,
                        }
                    }
                    None => all.clone(),
                });
        if let Some(results) = &mut self.search.results {
            group_by_company(&mut results.hits);
        }
        self.count_hits();
        self.search.result_selected = 0;
        self.search.result_offset = 0;
        self.search.current_hit = None;
        self.clamp_tree();
    }

    /// Hits per tree node: companies as the index counts them (when the
    /// results are not kept to a category), versions and the sections of
    /// the policies read so far from the hits listed.
    pub(super) fn count_hits(&mut self) {
        let (Some(corpus), Some(tree)) = (&self.data.corpus, &self.data.tree) else {
            return;
        };
        let mut counts = self
            .search
            .results
            .as_ref()
            .map(|r| tree.hit_counts(corpus, &r.hits))
            .unwrap_or_default();
        if self.filters.category.is_none() && self.search.results.is_some() {
            for (c, (name, _)) in tree.companies.iter().enumerate() {
                if let Some(&n) = self.search.company_counts.get(&name.to_lowercase()) {
                    counts.insert(Node::Company(c), n);
                }
            }
        }
        self.search.hit_counts = counts;
        self.search.counted_parsed = corpus.parsed_count();
    }
}

/// Orders hits by company, companies by their best hit, each company's
/// hits best first (hits arrive best first).
fn group_by_company(hits: &mut [crate::index::Hit]) {
    let mut rank: HashMap<String, usize> = HashMap::new();
    for hit in hits.iter() {
        let next = rank.len();
        rank.entry(hit.company.to_lowercase()).or_insert(next);
    }
    hits.sort_by_key(|hit| rank.get(&hit.company.to_lowercase()).copied());
}

/// Search options keeping to one category.
fn in_category(category: Category) -> SearchOptions {
    SearchOptions {
        categories: vec![category],
        ..Default::default()
    }
}
