//! What the browser remembers between runs, kept in the review session:
//! where the reader was (policy, section, scroll, query, the `f` filter,
//! the expanded tree nodes, the hit), the layout, and the search history.

use super::app::App;
use super::tree::{Node, NodeKey};
use crate::review::{Position, Session};

/// Queries kept in the search history.
const HISTORY_MAX: usize = 100;

impl App {
    /// Applies `change` to the review session and saves it, if a session
    /// is open, writable, and `change` says it changed something.
    pub(super) fn keep_in_session(&mut self, change: impl FnOnce(&mut Session) -> bool) {
        let Some(review) = &mut self.review else {
            return;
        };
        if review.store.is_read_only() || !change(&mut review.session) {
            return;
        }
        review.unsaved = review.store.save(&review.session).is_err();
    }

    /// Takes what the review session remembers of the last run that needs
    /// no corpus: the layout and the search history.
    pub(super) fn restore_from_session(&mut self) {
        if let Some(review) = &self.review {
            self.browse.layout = review.session.layout;
            self.search.history = review.session.history.clone();
        }
    }

    /// Records where the reviewer is, for the next start.
    pub(super) fn save_position(&mut self) {
        let (Some(corpus), Some(tree), Some(p)) =
            (&self.data.corpus, &self.data.tree, self.browse.doc_policy)
        else {
            return;
        };
        let policy = corpus.policy(p);
        let section = match self.rows().get(self.browse.tree_selected).map(|r| r.node) {
            Some(Node::Section(sp, s)) if sp == p => Some(policy.sections[s].path.clone()),
            _ => None,
        };
        let mut expanded: Vec<String> = self
            .browse
            .expanded
            .iter()
            .filter_map(|&n| tree.key_of(corpus, n))
            .map(|key| key.to_text())
            .collect();
        expanded.sort();
        let position = Position {
            policy: policy.meta.reference(),
            section,
            scroll: self.browse.doc_scroll,
            query: self.search.query.clone(),
            only_hits: self.filters.only_hits,
            expanded,
            hit: self.search.current_hit,
        };
        self.keep_in_session(|session| {
            let changed = session.position.as_ref() != Some(&position);
            session.position = Some(position);
            changed
        });
    }

    /// Goes back to the position saved in the session: the policy and
    /// section, the scroll, the expanded nodes, the `f` filter and the
    /// query, whose hit is taken again once its results arrive.
    pub(super) fn restore_position(&mut self) {
        let Some(position) = self
            .review
            .as_ref()
            .and_then(|r| r.session.position.clone())
        else {
            return;
        };
        let (Some(tree), Some(corpus)) = (&self.data.tree, &self.data.corpus) else {
            return;
        };
        self.browse.expanded = position
            .expanded
            .iter()
            .filter_map(|text| tree.node_of(corpus, &NodeKey::from_text(text)))
            .collect();
        let Some(p) = tree.policy_named(corpus, &position.policy) else {
            return;
        };
        let section = position
            .section
            .as_deref()
            .and_then(|path| corpus.policy(p).section_by_path(path));
        let node = section.map_or(Node::Version(p), |s| Node::Section(p, s));
        self.filters.only_hits = position.only_hits;
        self.reveal(node);
        self.browse.doc_policy = Some(p);
        self.browse.doc_scroll = position.scroll;
        self.search.query = position.query;
        self.search.restore_hit = position.hit;
        self.clamp_scrolls();
        self.cursor_to_view();
    }

    /// Adds the query in the search bar to the history, as the newest,
    /// once.
    pub(super) fn remember_query(&mut self) {
        self.search.history_at = None;
        let query = self.search.query.trim().to_string();
        if query.is_empty() || self.search.history.last() == Some(&query) {
            return;
        }
        self.search.history.retain(|q| *q != query);
        self.search.history.push(query);
        let excess = self.search.history.len().saturating_sub(HISTORY_MAX);
        self.search.history.drain(..excess);
        let history = self.search.history.clone();
        self.keep_in_session(|session| {
            session.history = history;
            true
        });
    }

    /// Puts an older (`back`) or newer query of the history in the search
    /// bar; past the newest, the query being typed comes back. Returns
    /// whether the query changed.
    pub(super) fn recall_query(&mut self, back: bool) -> bool {
        let len = self.search.history.len();
        let at = match (self.search.history_at, back) {
            (None, true) if len > 0 => {
                self.search.draft = self.search.query.clone();
                Some(len - 1)
            }
            (None, _) => return false,
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) if i + 1 < len => Some(i + 1),
            (Some(_), false) => None,
        };
        self.search.history_at = at;
        self.search.query = match at.and_then(|i| self.search.history.get(i)) {
            Some(query) => query.clone(),
            None => std::mem::take(&mut self.search.draft),
        };
        true
    }
}
