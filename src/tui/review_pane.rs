//! The review pane (`R`): the checklist of saved queries with their
//! unflagged hits, and the session's findings filtered by label (Tab) and
//! company (`/`, then type). Its findings take the review keys and Enter
//! like every list of clauses (see `listed.rs`).

use super::action::Action;
use super::app::{App, Overlay};
use crate::review::export;

/// The review pane overlay: findings filtered by label and company.
#[derive(Debug, Clone, Default)]
pub struct ReviewPane {
    /// Index into the session's labels; `None` shows all.
    pub label: Option<usize>,
    /// Company filter typed by the user.
    pub company: String,
    /// True while keys type into the company filter.
    pub typing: bool,
    /// The highlighted finding, an index into the filtered rows.
    pub selected: usize,
    /// Saved queries with their number of unflagged hits.
    pub checklist: Vec<(String, usize)>,
}

impl App {
    pub(super) fn open_review_pane(&mut self) {
        let mut pane = ReviewPane::default();
        if let (Some(review), Some(index)) = (&self.review, &self.data.index) {
            for query in &review.session.queries {
                let scope = self.search.scope();
                let unflagged = super::run_search(index, query, scope).map_or(0, |found| {
                    found
                        .results
                        .hits
                        .iter()
                        .filter(|h| h.kind == "clause" && !review.flagged_ids.contains(&h.id))
                        .count()
                });
                pane.checklist.push((query.clone(), unflagged));
            }
        }
        self.overlay = Overlay::ReviewPane(pane);
    }

    /// Findings shown in the review pane: (anchor index, row).
    pub fn review_rows(&self, pane: &ReviewPane) -> Vec<(usize, export::Row)> {
        let (Some(review), Some(corpus)) = (&self.review, &self.data.corpus) else {
            return Vec::new();
        };
        let label = pane.label.and_then(|l| review.session.labels.get(l));
        let company = pane.company.to_lowercase();
        let rows = export::rows(&review.session, corpus, &review.anchors);
        rows.into_iter()
            .filter(|r| label.is_none_or(|l| r.label.as_ref() == Some(l)))
            .filter(|r| r.company.to_lowercase().contains(&company))
            .map(|r| {
                let index = review.anchors.iter().position(|a| a.finding == r.finding);
                (index.unwrap_or(usize::MAX), r)
            })
            .collect()
    }

    /// The clause of the selected finding, while it is in the corpus.
    pub(super) fn review_pane_clause(&self, pane: &ReviewPane) -> Option<(usize, usize)> {
        let rows = self.review_rows(pane);
        let (anchor, _) = rows.get(pane.selected)?;
        self.review.as_ref()?.anchors.get(*anchor)?.location
    }

    pub(super) fn review_pane_input(&mut self, action: Action) {
        let labels = self.review.as_ref().map_or(0, |r| r.session.labels.len());
        let Overlay::ReviewPane(pane) = &mut self.overlay else {
            return;
        };
        if pane.typing {
            match action {
                Action::SearchInput(c) => pane.company.push(c),
                Action::SearchBackspace => {
                    pane.company.pop();
                }
                Action::SearchClearWord | Action::Top => pane.company.clear(),
                Action::Activate | Action::Escape | Action::NextPane | Action::Down => {
                    pane.typing = false
                }
                _ => {}
            }
            pane.selected = 0;
            return;
        }
        let len = {
            let pane = pane.clone();
            self.review_rows(&pane).len()
        };
        let Overlay::ReviewPane(pane) = &mut self.overlay else {
            return;
        };
        if super::list::step(&mut pane.selected, len, &action, 10) {
            return;
        }
        match action {
            Action::NextPane => {
                pane.label = match pane.label {
                    None if labels > 0 => Some(0),
                    Some(l) if l + 1 < labels => Some(l + 1),
                    _ => None,
                };
                pane.selected = 0;
            }
            Action::FocusSearch => pane.typing = true,
            Action::Escape | Action::OpenReviewPane => self.overlay = Overlay::None,
            Action::Activate => {
                let opened = self.open_listed();
                if !opened {
                    self.message = Some("that clause is no longer in the corpus".into());
                }
            }
            action if super::listed::is_review_key(&action) => self.review_listed(action),
            _ => {}
        }
        let current = match &self.overlay {
            Overlay::ReviewPane(pane) => Some(pane.clone()),
            _ => None,
        };
        if let Some(state) = current {
            let len = self.review_rows(&state).len();
            if let Overlay::ReviewPane(pane) = &mut self.overlay {
                pane.selected = pane.selected.min(len.saturating_sub(1));
            }
        }
    }
}
