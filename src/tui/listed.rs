//! Clauses listed in overlays: a matrix cell's list, the compare columns,
//! the diff view and the review pane. Flag, label, note and Enter act on
//! the one at the cursor the same way from each: the review keys leave the
//! overlay open (a label picker or note editor goes back to it), Enter
//! opens the clause in context.

use super::action::Action;
use super::app::{App, Overlay, Pane};

impl App {
    /// The clause at the cursor of the open overlay's list, if it has one.
    pub(super) fn listed_clause(&self) -> Option<(usize, usize)> {
        match &self.overlay {
            Overlay::Matrix(_) => self.matrix_clause(),
            Overlay::Compare(_) => self.compare_clause(),
            Overlay::Diff(view) => view.current()?.target,
            Overlay::ReviewPane(pane) => self.review_pane_clause(pane),
            _ => None,
        }
    }

    /// Runs a flag, label or note key (see [`is_review_key`]) on the
    /// listed clause.
    pub(super) fn review_listed(&mut self, action: Action) {
        if self.listed_clause().is_some() {
            self.review_from_overlay(action);
        } else {
            self.message = Some("no clause here to act on".into());
        }
    }

    /// Enter: closes the overlay and opens the listed clause in context;
    /// false when nothing is listed.
    pub(super) fn open_listed(&mut self) -> bool {
        let Some((p, c)) = self.listed_clause() else {
            return false;
        };
        self.overlay = Overlay::None;
        self.browse.focus = Pane::Clauses;
        self.open_clause(p, c);
        true
    }
}

/// Whether an action is one of the review keys a listed clause takes.
pub(super) fn is_review_key(action: &Action) -> bool {
    matches!(
        action,
        Action::ToggleFlag | Action::PickLabel | Action::EditNote
    )
}
