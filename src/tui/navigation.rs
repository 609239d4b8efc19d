//! Movement: tree selection and folding, clause-view scrolling, the
//! results list, hits opened in context, and the mouse.

use super::action::Action;
use super::app::{App, Pane};
use super::tree::Node;

impl App {
    /// Movement keys for the focused pane.
    pub(super) fn navigate(&mut self, action: Action) {
        match self.browse.focus {
            Pane::Tree => self.tree_key(action),
            Pane::Clauses => self.doc_key(action),
            Pane::Results => self.results_key(action),
            Pane::Search => {}
        }
    }

    fn page(&self, pane: Pane) -> usize {
        let areas = super::layout::areas(self);
        let rect = match pane {
            Pane::Tree => areas.tree,
            Pane::Results => areas.results.unwrap_or_default(),
            _ => areas.clauses,
        };
        rect.height.saturating_sub(2).max(1) as usize
    }

    fn tree_key(&mut self, action: Action) {
        let rows = self.tree_rows();
        if rows.is_empty() {
            return;
        }
        if let Some(next) = super::list::moved(
            self.browse.tree_selected,
            rows.len(),
            &action,
            self.page(Pane::Tree),
        ) {
            self.select_tree_row(next);
            return;
        }
        let row = &rows[self.browse.tree_selected.min(rows.len() - 1)];
        match action {
            Action::Expand | Action::Activate if row.expandable && !row.expanded => {
                self.browse.expanded.insert(row.node);
            }
            Action::Activate if row.expandable => {
                self.browse.expanded.remove(&row.node);
            }
            Action::Expand => {}
            Action::Activate => self.browse.focus = Pane::Clauses,
            Action::Collapse if row.expanded => {
                self.browse.expanded.remove(&row.node);
            }
            Action::Collapse => {
                let parent = match (&self.data.corpus, &self.data.tree) {
                    (Some(c), Some(t)) => t.parent(c, row.node),
                    _ => None,
                };
                if let Some(at) = parent.and_then(|p| rows.iter().position(|r| r.node == p)) {
                    self.select_tree_row(at);
                }
            }
            _ => {}
        }
        self.clamp_tree();
    }

    /// Selects a tree row and shows its node in the clause view.
    pub(super) fn select_tree_row(&mut self, index: usize) {
        let rows = self.tree_rows();
        let Some(row) = rows.get(index) else {
            return;
        };
        self.browse.tree_selected = index;
        self.show_node(row.node);
        self.clamp_tree();
    }

    fn show_node(&mut self, node: Node) {
        let (policy, section) = match node {
            Node::Company(c) => match self.data.tree.as_ref().and_then(|t| t.companies.get(c)) {
                Some((_, versions)) => (versions.last().copied(), None),
                None => (None, None),
            },
            Node::Version(p) => (Some(p), None),
            Node::Section(p, s) => (Some(p), Some(s)),
        };
        if policy.is_none() {
            return;
        }
        self.browse.doc_policy = policy;
        self.browse.doc_scroll = match (section, self.current_document()) {
            (Some(s), Some(doc)) => doc.section_line[s].saturating_sub(1),
            _ => 0,
        };
        self.clamp_scrolls();
        self.cursor_to_view();
    }

    /// Puts the cursor on the first clause at or below the top of the view.
    pub(super) fn cursor_to_view(&mut self) {
        let Some(doc) = self.current_document() else {
            return;
        };
        let first = doc
            .clause_line
            .iter()
            .position(|&l| l >= self.browse.doc_scroll);
        self.browse.doc_cursor = first.or(doc.clause_line.len().checked_sub(1));
    }

    /// Expands the ancestors of `node` and selects its row.
    pub(super) fn reveal(&mut self, node: Node) {
        if let (Some(corpus), Some(tree)) = (&self.data.corpus, &self.data.tree) {
            let path = tree.path_to(corpus, node);
            for n in &path[..path.len() - 1] {
                self.browse.expanded.insert(*n);
            }
        }
        if let Some(at) = self.tree_rows().iter().position(|r| r.node == node) {
            self.browse.tree_selected = at;
        }
        self.clamp_tree();
    }

    fn doc_key(&mut self, action: Action) {
        let Some(doc) = self.current_document() else {
            return;
        };
        let clauses = doc.clause_line.len();
        match action {
            Action::Down | Action::Up if clauses > 0 => {
                let current = self.browse.doc_cursor.unwrap_or(0).min(clauses - 1);
                let next = if matches!(action, Action::Down) {
                    (current + 1).min(clauses - 1)
                } else {
                    current.saturating_sub(1)
                };
                self.browse.doc_cursor = Some(next);
                self.keep_cursor_visible(doc.clause_line[next]);
            }
            Action::Top => {
                self.browse.doc_scroll = 0;
                self.cursor_to_view();
            }
            Action::Bottom => {
                self.browse.doc_scroll = doc.lines.len();
                self.clamp_scrolls();
                self.browse.doc_cursor = clauses.checked_sub(1);
            }
            Action::Collapse => self.browse.focus = Pane::Tree,
            other => {
                if let Some(next) = super::list::moved(
                    self.browse.doc_scroll,
                    doc.lines.len(),
                    &other,
                    self.page(Pane::Clauses),
                ) {
                    self.browse.doc_scroll = next;
                    self.clamp_scrolls();
                    self.cursor_to_view();
                }
            }
        }
    }

    fn keep_cursor_visible(&mut self, line: usize) {
        let page = self.page(Pane::Clauses);
        if line < self.browse.doc_scroll {
            self.browse.doc_scroll = line.saturating_sub(1);
        } else if line + 2 > self.browse.doc_scroll + page {
            self.browse.doc_scroll = (line + 3).saturating_sub(page);
        }
        self.clamp_scrolls();
    }

    fn results_key(&mut self, action: Action) {
        let len = self.search.results.as_ref().map_or(0, |r| r.hits.len());
        if len == 0 {
            return;
        }
        if let Some(next) = super::list::moved(
            self.search.result_selected,
            len,
            &action,
            self.page(Pane::Results),
        ) {
            self.open_hit(next);
        } else if matches!(action, Action::Activate) {
            self.open_hit(self.search.result_selected);
            self.browse.focus = Pane::Clauses;
        }
    }

    /// Moves to the next or previous hit across the whole result set.
    /// With no search but a category filter, walks its clauses instead.
    pub(super) fn step_hit(&mut self, forward: bool) {
        let len = self.search.results.as_ref().map_or(0, |r| r.hits.len());
        if len == 0 {
            if self.search.results.is_none() && self.filters.category.is_some() {
                self.step_category(forward);
            }
            return;
        }
        let next = match self.search.current_hit {
            None => 0,
            Some(i) if forward => (i + 1) % len,
            Some(i) => (i + len - 1) % len,
        };
        self.open_hit(next);
    }

    /// Opens hit `index` in context: tree, clause view and results follow.
    pub(super) fn open_hit(&mut self, index: usize) {
        let located = match (&self.data.corpus, &self.data.tree, &self.search.results) {
            (Some(c), Some(t), Some(r)) => r.hits.get(index).and_then(|h| t.locate(c, h)),
            _ => None,
        };
        self.search.result_selected = index;
        self.search.current_hit = Some(index);
        self.clamp_results();
        let Some((policy, section, clause)) = located else {
            return;
        };
        let leaf = section.map_or(Node::Version(policy), |s| Node::Section(policy, s));
        if let (Some(corpus), Some(tree)) = (&self.data.corpus, &self.data.tree) {
            let path = tree.path_to(corpus, leaf);
            for node in &path[..path.len() - 1] {
                self.browse.expanded.insert(*node);
            }
        }
        let rows = self.tree_rows();
        if let Some(at) = rows.iter().position(|r| r.node == leaf) {
            self.browse.tree_selected = at;
        }
        self.browse.doc_policy = Some(policy);
        self.browse.doc_cursor = clause;
        if let Some(doc) = self.current_document() {
            if clause.is_none() {
                let heading = section.map_or(0, |s| doc.section_line[s]);
                self.browse.doc_cursor = doc.clause_line.iter().position(|&l| l > heading);
            }
            let line = match (clause, section) {
                (Some(c), _) => doc.clause_line[c],
                (None, Some(s)) => doc.section_line[s],
                _ => 0,
            };
            self.browse.doc_scroll = line.saturating_sub(3);
        }
        self.clamp_scrolls();
        self.clamp_tree();
    }

    pub(super) fn click(&mut self, column: u16, row: u16) {
        let areas = super::layout::areas(self);
        let inside = |r: ratatui::layout::Rect| {
            column >= r.x && column < r.right() && row >= r.y && row < r.bottom()
        };
        if inside(areas.search) {
            self.browse.last_pane = self.browse.focus;
            self.browse.focus = Pane::Search;
        } else if inside(areas.tree) {
            self.browse.focus = Pane::Tree;
            let index = self.browse.tree_offset + row.saturating_sub(areas.tree.y + 1) as usize;
            if index < self.tree_rows().len() {
                self.select_tree_row(index);
            }
        } else if areas.results.is_some_and(inside) {
            self.browse.focus = Pane::Results;
            let top = areas.results.map_or(0, |r| r.y + 1);
            let index = self.search.result_offset + row.saturating_sub(top) as usize / 2;
            if index < self.search.results.as_ref().map_or(0, |r| r.hits.len()) {
                self.open_hit(index);
            }
        } else if inside(areas.clauses) {
            self.browse.focus = Pane::Clauses;
            let line = self.browse.doc_scroll + row.saturating_sub(areas.clauses.y + 1) as usize;
            if let Some(doc) = self.current_document() {
                if let Some(c) = doc.clause_line.iter().rposition(|&l| l <= line) {
                    self.browse.doc_cursor = Some(c);
                }
            }
        }
    }

    pub(super) fn scroll_at(&mut self, column: u16, row: u16, delta: isize) {
        let areas = super::layout::areas(self);
        let inside = |r: ratatui::layout::Rect| {
            column >= r.x && column < r.right() && row >= r.y && row < r.bottom()
        };
        let shift = |v: usize| v.saturating_add_signed(delta);
        if inside(areas.tree) {
            self.browse.tree_offset =
                shift(self.browse.tree_offset).min(self.tree_rows().len().saturating_sub(1));
        } else if areas.results.is_some_and(inside) {
            self.search.result_offset = shift(self.search.result_offset);
            self.clamp_results_offset();
        } else {
            self.browse.doc_scroll = shift(self.browse.doc_scroll);
            self.clamp_scrolls();
        }
    }

    /// Keeps the clause view's scroll within its document.
    pub(super) fn clamp_scrolls(&mut self) {
        let lines = self.current_document().map_or(0, |d| d.lines.len());
        let page = self.page(Pane::Clauses);
        self.browse.doc_scroll = self
            .browse
            .doc_scroll
            .min(lines.saturating_sub(page.min(lines)));
        self.clamp_tree();
        self.clamp_results();
    }

    /// Keeps the selected tree row inside the tree's viewport.
    pub(super) fn clamp_tree(&mut self) {
        let len = self.tree_rows().len();
        self.browse.tree_selected = self.browse.tree_selected.min(len.saturating_sub(1));
        let page = self.page(Pane::Tree);
        // No blank rows below the last while rows above are hidden.
        self.browse.tree_offset = self.browse.tree_offset.min(len.saturating_sub(page));
        if self.browse.tree_selected < self.browse.tree_offset {
            self.browse.tree_offset = self.browse.tree_selected;
        } else if self.browse.tree_selected >= self.browse.tree_offset + page {
            self.browse.tree_offset = self.browse.tree_selected + 1 - page;
        }
    }

    fn clamp_results(&mut self) {
        // A hit takes two lines, and a company's header a third.
        let page = (self.page(Pane::Results) / 3).max(1);
        if self.search.result_selected < self.search.result_offset {
            self.search.result_offset = self.search.result_selected;
        } else if self.search.result_selected >= self.search.result_offset + page {
            self.search.result_offset = self.search.result_selected + 1 - page;
        }
        self.clamp_results_offset();
    }

    fn clamp_results_offset(&mut self) {
        let len = self.search.results.as_ref().map_or(0, |r| r.hits.len());
        self.search.result_offset = self.search.result_offset.min(len.saturating_sub(1));
    }
}
