//! Feedback on every mode change: an overlay opened or closed, a filter,
//! a sort. The modes are compared before
//! and after each key; when the key changed one and said nothing itself,
//! the status bar names the change (with the key that undoes it), so no
//! mode changes silently.

use super::action::Action;
use super::app::{App, Overlay};
use super::keymap::Mode;
use super::matrix::MatrixSort;
use crate::categories::Category;

/// The modes a key can change.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Modes {
    overlay: Option<&'static str>,
    only_hits: bool,
    category: Option<Category>,
    matrix_sort: Option<MatrixSort>,
    matrix_list: bool,
    review_label: Option<Option<usize>>,
    review_typing: bool,
}

impl Modes {
    /// The modes of the app as it stands.
    pub(super) fn of(app: &App) -> Modes {
        Modes {
            overlay: overlay_name(&app.overlay),
            only_hits: app.filters.only_hits,
            category: app.filters.category,
            matrix_sort: match &app.overlay {
                Overlay::Matrix(view) => Some(view.sort),
                _ => None,
            },
            matrix_list: matches!(&app.overlay, Overlay::Matrix(v) if v.list.is_some()),
            review_label: match &app.overlay {
                Overlay::ReviewPane(pane) => Some(pane.label),
                _ => None,
            },
            review_typing: matches!(&app.overlay, Overlay::ReviewPane(p) if p.typing),
        }
    }

    /// What changed from `self` to `now`, in the words of the status bar.
    pub(super) fn change(&self, now: &Modes, app: &App) -> Option<String> {
        let key = |action: fn() -> Action| app.keymap.key(Mode::Browse, action);
        if self.category != now.category {
            return Some(match now.category {
                Some(c) => format!("tree and results filtered by {c}"),
                None => "category filter cleared".into(),
            });
        }
        if self.only_hits != now.only_hits {
            let f = key(|| Action::ToggleHitFilter);
            return Some(if now.only_hits {
                format!("tree: only nodes with hits ({f} shows all)")
            } else {
                format!("tree: every node ({f}: only those with hits)")
            });
        }
        if self.matrix_sort != now.matrix_sort && self.overlay == now.overlay {
            let o = key(|| Action::SortMatrix);
            return Some(match now.matrix_sort {
                Some(MatrixSort::Column(col)) => {
                    let category = Category::ALL.get(col).map_or("", |c| c.short_name());
                    format!("sorted by {category}, most clauses first ({o} again: by name)")
                }
                _ => "sorted by company name".into(),
            });
        }
        if self.matrix_list != now.matrix_list && self.overlay == now.overlay {
            return Some(if now.matrix_list {
                "listed the cell's clauses".into()
            } else {
                "back to the matrix".into()
            });
        }
        if self.review_label != now.review_label && self.overlay == now.overlay {
            let label = match (now.review_label.flatten(), &app.review) {
                (Some(l), Some(review)) => review.session.labels.get(l).cloned(),
                _ => None,
            };
            return Some(match label {
                Some(label) => format!("findings flagged {label} only"),
                None => "findings: every label".into(),
            });
        }
        if self.review_typing != now.review_typing && self.overlay == now.overlay {
            return Some(if now.review_typing {
                "findings: type a company (Enter: done)".into()
            } else {
                "findings: company filter set".into()
            });
        }
        if self.overlay != now.overlay {
            return Some(match (self.overlay, now.overlay) {
                (_, Some(opened)) => format!("opened the {opened}"),
                (Some(closed), None) => format!("closed the {closed}"),
                (None, None) => return None,
            });
        }
        None
    }
}

/// The name of an overlay in the status bar.
fn overlay_name(overlay: &Overlay) -> Option<&'static str> {
    Some(match overlay {
        Overlay::None => return None,
        Overlay::Help(_) => "help",
        Overlay::Picker(_) => "company picker",
        Overlay::Labels { .. } => "label picker",
        Overlay::Note(_) => "note editor",
        Overlay::ReviewPane(_) => "review pane",
        Overlay::Diff(_) => "diff",
        Overlay::Categories { .. } => "category picker",
        Overlay::Matrix(_) => "matrix",
        Overlay::CompareSetup(_) => "compare setup",
        Overlay::Compare(_) => "compare view",
        Overlay::Trend(_) => "trend view",
    })
}
