//! The matrix view (`M`): companies × categories, each cell the number of
//! clauses of the category in the company's latest policy. Enter on a cell
//! lists those clauses; Enter on a listed clause opens it in context.

use super::action::Action;
use super::app::{App, Overlay};
use crate::categories::Category;
use crate::index::query::Query;
use crate::index::SearchOptions;

/// One company's row: its latest policy and a count per category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixRow {
    /// The company's name.
    pub company: String,
    /// Index of its latest policy in the corpus.
    pub policy: usize,
    /// Number of the policy's clauses tagged with each category, in the
    /// order of `Category::ALL`.
    pub counts: [usize; Category::ALL.len()],
}

/// The clauses of one cell, listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseList {
    /// Index of the cell's policy in the corpus.
    pub policy: usize,
    /// The cell's category.
    pub category: Category,
    /// Clause indexes in the policy, in document order.
    pub clauses: Vec<usize>,
    /// The highlighted clause, an index into `clauses`.
    pub selected: usize,
}

/// The order of the matrix's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MatrixSort {
    /// By company name, A to Z.
    #[default]
    Name,
    /// By the count of a category column, most clauses first.
    Column(usize),
}

/// State of the matrix overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixView {
    /// One row per company, in the order of `sort`.
    pub rows: Vec<MatrixRow>,
    /// The cursor: row and category column.
    pub row: usize,
    /// The cursor's category column, an index into `Category::ALL`.
    pub col: usize,
    /// The order of the rows.
    pub sort: MatrixSort,
    /// The clauses of the opened cell; `None` while the grid itself is shown.
    pub list: Option<ClauseList>,
}

impl MatrixView {
    /// The category of the cursor's column.
    pub fn category(&self) -> Category {
        Category::ALL[self.col.min(Category::ALL.len() - 1)]
    }

    /// `o`: sorts the rows by the cursor's column, most clauses first, or
    /// when they already are, by company name; the cursor stays on its
    /// company.
    fn sort(&mut self) {
        let at = self.rows.get(self.row).map(|r| r.policy);
        self.sort = match self.sort {
            MatrixSort::Column(col) if col == self.col => MatrixSort::Name,
            _ => MatrixSort::Column(self.col),
        };
        match self.sort {
            MatrixSort::Name => self
                .rows
                .sort_by_cached_key(|r| (r.company.to_lowercase(), r.policy)),
            MatrixSort::Column(col) => self.rows.sort_by(|a, b| {
                b.counts[col]
                    .cmp(&a.counts[col])
                    .then_with(|| a.company.to_lowercase().cmp(&b.company.to_lowercase()))
            }),
        }
        self.row = at
            .and_then(|p| self.rows.iter().position(|r| r.policy == p))
            .unwrap_or(0);
    }
}

/// Rows a page key moves the matrix cursor.
const PAGE: usize = 10;

impl App {
    pub(super) fn open_matrix(&mut self) {
        let (Some(tree), Some(index)) = (&self.data.tree, &self.data.index) else {
            self.message = Some(super::categories::NOT_READY.into());
            return;
        };
        let per_category = Category::ALL.map(|category| {
            let options = SearchOptions {
                categories: vec![category],
                ..Default::default()
            };
            index
                .company_counts(&Query::default(), &options)
                .unwrap_or_default()
        });
        let rows: Vec<MatrixRow> = tree
            .companies
            .iter()
            .filter_map(|(name, versions)| {
                let key = name.to_lowercase();
                Some(MatrixRow {
                    company: name.clone(),
                    policy: *versions.last()?,
                    counts: std::array::from_fn(|i| {
                        per_category[i].get(&key).copied().unwrap_or(0)
                    }),
                })
            })
            .collect();
        let row = self
            .browse
            .doc_policy
            .and_then(|p| rows.iter().position(|r| r.policy == p))
            .unwrap_or(0);
        self.overlay = Overlay::Matrix(Box::new(MatrixView {
            rows,
            row,
            col: self.filters.category.map_or(0, Category::index),
            sort: MatrixSort::Name,
            list: None,
        }));
    }

    /// The selected clause of the cell list, while one is open.
    pub(super) fn matrix_clause(&self) -> Option<(usize, usize)> {
        let Overlay::Matrix(view) = &self.overlay else {
            return None;
        };
        let list = view.list.as_ref()?;
        Some((list.policy, *list.clauses.get(list.selected)?))
    }

    pub(super) fn matrix_input(&mut self, action: Action) {
        if self.matrix_clause().is_some() && super::listed::is_review_key(&action) {
            self.review_listed(action);
            return;
        }
        let Overlay::Matrix(view) = &mut self.overlay else {
            return;
        };
        if let Some(list) = &mut view.list {
            if super::list::step(&mut list.selected, list.clauses.len(), &action, PAGE) {
                return;
            }
            match action {
                Action::Escape | Action::Collapse => view.list = None,
                Action::Activate => {
                    self.open_listed();
                }
                _ => {}
            }
            return;
        }
        let last_row = view.rows.len().saturating_sub(1);
        let last_col = Category::ALL.len() - 1;
        match action {
            Action::Down | Action::ScrollDown { .. } => view.row = (view.row + 1).min(last_row),
            Action::Up | Action::ScrollUp { .. } => view.row = view.row.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => view.row = (view.row + PAGE).min(last_row),
            Action::PageUp | Action::HalfPageUp => view.row = view.row.saturating_sub(PAGE),
            Action::Top => view.row = 0,
            Action::Bottom => view.row = last_row,
            Action::Expand | Action::NextPane => view.col = (view.col + 1).min(last_col),
            Action::Collapse | Action::PrevPane => view.col = view.col.saturating_sub(1),
            Action::Escape | Action::OpenMatrix => self.overlay = Overlay::None,
            Action::SortMatrix => view.sort(),
            Action::Activate => {
                let Some(row) = view.rows.get(view.row) else {
                    return;
                };
                let (policy, category) = (row.policy, view.category());
                let tags = self.policy_tags(policy);
                let clauses = (0..tags.len())
                    .filter(|&c| tags[c].contains(category))
                    .collect();
                if let Overlay::Matrix(view) = &mut self.overlay {
                    view.list = Some(ClauseList {
                        policy,
                        category,
                        clauses,
                        selected: 0,
                    });
                }
            }
            _ => {}
        }
    }
}
