//! The search bar: editing the query (with its history), running it,
//! taking its results, clearing it, and the tree's `f` filter of nodes
//! with hits.

use super::action::{Action, Effect, Found};
use super::app::{App, Pane};

impl App {
    pub(super) fn search_input(&mut self, action: Action) -> Option<Effect> {
        if matches!(
            action,
            Action::SearchInput(_)
                | Action::SearchBackspace
                | Action::SearchClearWord
                | Action::Top
        ) {
            self.search.history_at = None;
        }
        match action {
            Action::Up | Action::Down => {
                if !self.recall_query(matches!(action, Action::Up)) {
                    return None;
                }
            }
            Action::SearchInput(c) => self.search.query.push(c),
            Action::SearchBackspace => {
                self.search.query.pop();
            }
            Action::SearchClearWord => {
                let trimmed = self.search.query.trim_end().len();
                let cut = self.search.query[..trimmed].rfind(' ').map_or(0, |p| p + 1);
                self.search.query.truncate(cut);
            }
            Action::Top => self.search.query.clear(),
            Action::Escape => {
                self.remember_query();
                self.browse.focus = self.browse.last_pane;
                return None;
            }
            Action::Activate | Action::NextPane => {
                self.remember_query();
                if self
                    .search
                    .results
                    .as_ref()
                    .is_some_and(|r| !r.hits.is_empty())
                {
                    self.browse.focus = Pane::Results;
                    self.open_hit(self.search.result_selected);
                } else {
                    self.browse.focus = self.browse.last_pane;
                }
                return None;
            }
            Action::Click { column, row } => {
                self.remember_query();
                self.browse.focus = self.browse.last_pane;
                self.click(column, row);
                return None;
            }
            _ => return None,
        }
        // A changed query has hits of its own: the restored one is dropped.
        self.search.restore_hit = None;
        self.search.generation += 1;
        self.search_effect()
    }

    pub(super) fn search_effect(&mut self) -> Option<Effect> {
        if self.search.query.trim().is_empty() {
            self.search.results = None;
            self.search.all_results = None;
            self.search.search_error = None;
            self.search.hit_counts.clear();
            self.search.current_hit = None;
            return None;
        }
        self.data.index.as_ref()?;
        Some(Effect::Search {
            generation: self.search.generation,
            query: self.search.query.clone(),
            scope: self.search.scope(),
        })
    }

    pub(super) fn search_done(&mut self, generation: u64, found: Result<Found, String>) {
        if generation != self.search.generation {
            return;
        }
        match found {
            Ok(found) => {
                self.search.all_results = Some(found.results);
                self.search.company_counts = found.companies;
                self.search.search_error = None;
            }
            Err(message) => {
                self.search.search_error = Some(message);
                self.search.all_results = None;
                self.search.company_counts.clear();
            }
        }
        let selected = self.rows().get(self.browse.tree_selected).map(|r| r.node);
        self.filter_results();
        if let Some(node) = selected {
            if let Some(at) = self.tree_rows().iter().position(|r| r.node == node) {
                self.browse.tree_selected = at;
                self.clamp_tree();
            }
        }
        if let Some(hit) = self.search.restore_hit.take() {
            let len = self.search.results.as_ref().map_or(0, |r| r.hits.len());
            if hit < len {
                self.search.current_hit = Some(hit);
                self.search.result_selected = hit;
                self.clamp_scrolls();
            }
        }
    }

    pub(super) fn clear_search(&mut self) -> Option<Effect> {
        if self.search.query.is_empty() && self.search.results.is_none() {
            return None;
        }
        self.search.query.clear();
        self.search.generation += 1;
        self.message = Some("search cleared".into());
        if self.browse.focus == Pane::Results {
            self.browse.focus = Pane::Clauses;
        }
        self.search_effect()
    }

    /// `A`: searches every version, or each company's newest one again.
    pub(super) fn toggle_all_versions(&mut self) -> Option<Effect> {
        self.search.all_versions = !self.search.all_versions;
        let key = self
            .keymap
            .key(super::keymap::Mode::Browse, || Action::ToggleAllVersions);
        self.message = Some(match self.search.all_versions {
            true => format!("searching all versions ({key}: newest only)"),
            false => format!("searching each company's newest version ({key}: older ones too)"),
        });
        self.search.generation += 1;
        self.search_effect()
    }

    pub(super) fn toggle_hit_filter(&mut self) {
        let node = self
            .tree_rows()
            .get(self.browse.tree_selected)
            .map(|r| r.node);
        self.filters.only_hits = !self.filters.only_hits;
        let rows = self.tree_rows();
        self.browse.tree_selected = node
            .and_then(|n| rows.iter().position(|r| r.node == n))
            .unwrap_or(0);
        self.clamp_tree();
    }
}
