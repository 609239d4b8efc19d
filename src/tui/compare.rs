//! The compare view (`V`): pick 2–4 companies and a category or a query
//! (or both), then read their matching clauses side by side in columns
//! that scroll together. The matching is [`crate::compare`]'s.

use super::action::Action;
use super::app::{App, Overlay};
use super::picker::Picker;
use crate::categories::Category;
use crate::compare::{compare, Column, Topic, MIN_COMPANIES};

/// Most columns the view shows side by side.
pub const MAX_COLUMNS: usize = 4;

/// Which part of the setup has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupStep {
    /// Typing filters companies; Enter picks or drops one.
    Companies,
    /// ↑ ↓ choose a category; typing writes the query.
    Topic,
}

/// State of the compare setup overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareSetup {
    /// Which part of the setup has the keys.
    pub step: SetupStep,
    /// The company picker of the first step.
    pub picker: Picker,
    /// Chosen company indexes, in the order picked.
    pub chosen: Vec<usize>,
    /// 0 for no category, else 1 + the index in [`Category::ALL`].
    pub category: usize,
    /// The query typed in the topic step (empty for none).
    pub query: String,
    /// Why the last step was refused, shown until the next key.
    pub error: Option<String>,
}

impl CompareSetup {
    /// The chosen category, if any.
    pub fn category(&self) -> Option<Category> {
        self.category
            .checked_sub(1)
            .and_then(|i| Category::ALL.get(i).copied())
    }
}

/// State of the compare overlay: the columns and their shared scroll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareView {
    /// The category and query the columns were filtered by.
    pub topic: Topic,
    /// One column per chosen company.
    pub columns: Vec<Column>,
    /// First line shown in every column.
    pub scroll: usize,
    /// The focused column, whose first clause shown review keys and Enter
    /// act on.
    pub column: usize,
    /// The setup that made it, to go back to with `V`.
    pub setup: CompareSetup,
}

impl App {
    /// `V`: the setup, with the company in view chosen and the active
    /// category filter and query filled in.
    pub(super) fn open_compare(&mut self) {
        let Some(tree) = &self.data.tree else {
            return;
        };
        let mut picker = Picker::default();
        picker.refilter(&self.company_names());
        let chosen = self
            .browse
            .doc_policy
            .and_then(|p| tree.company_of.get(p).copied())
            .into_iter()
            .collect();
        self.overlay = Overlay::CompareSetup(Box::new(CompareSetup {
            step: SetupStep::Companies,
            picker,
            chosen,
            category: self.filters.category.map_or(0, |c| c.index() + 1),
            query: self.search.query.trim().to_string(),
            error: None,
        }));
    }

    pub(super) fn compare_setup_input(&mut self, action: Action) {
        let names: Vec<String> = self
            .company_names()
            .into_iter()
            .map(str::to_string)
            .collect();
        let Overlay::CompareSetup(setup) = &mut self.overlay else {
            return;
        };
        setup.error = None;
        match (setup.step, action) {
            (_, Action::Escape) => self.overlay = Overlay::None,
            (SetupStep::Companies, Action::NextPane) if setup.chosen.len() >= MIN_COMPANIES => {
                setup.step = SetupStep::Topic
            }
            (SetupStep::Companies, Action::NextPane) => {
                setup.error = Some(format!(
                    "pick {MIN_COMPANIES} to {MAX_COLUMNS} companies (Enter picks)"
                ))
            }
            (SetupStep::Companies, Action::Activate) => toggle_company(setup),
            (SetupStep::Companies, action) => {
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                setup.picker.input_key(&action, &names);
            }
            (SetupStep::Topic, Action::NextPane) => setup.step = SetupStep::Companies,
            (SetupStep::Topic, Action::Down) => {
                setup.category = (setup.category + 1).min(Category::ALL.len())
            }
            (SetupStep::Topic, Action::Up) => setup.category = setup.category.saturating_sub(1),
            (SetupStep::Topic, Action::SearchInput(c)) => setup.query.push(c),
            (SetupStep::Topic, Action::SearchBackspace) => {
                setup.query.pop();
            }
            (SetupStep::Topic, Action::SearchClearWord | Action::Top) => setup.query.clear(),
            (SetupStep::Topic, Action::Activate) => self.run_compare(),
            _ => {}
        }
    }

    /// Runs the comparison of the setup; a problem stays in the setup.
    fn run_compare(&mut self) {
        let Overlay::CompareSetup(setup) = &self.overlay else {
            return;
        };
        let setup = setup.as_ref().clone();
        let topic = Topic {
            category: setup.category(),
            query: Some(setup.query.trim().to_string()).filter(|q| !q.is_empty()),
        };
        let result = match (&self.data.corpus, &self.data.tree) {
            _ if topic == Topic::default() => Err("choose a category or type a query".to_string()),
            (Some(corpus), Some(tree)) => {
                let names: Vec<String> = setup
                    .chosen
                    .iter()
                    .filter_map(|&c| tree.companies.get(c).map(|(n, _)| n.clone()))
                    .collect();
                compare(corpus, &names, &topic, self.data.index.as_deref(), &|p| {
                    self.policy_tags(p).to_vec()
                })
                .map_err(|e| e.to_string())
            }
            _ => Err("the corpus is still loading".to_string()),
        };
        self.overlay = match result {
            Ok(columns) => Overlay::Compare(Box::new(CompareView {
                topic,
                columns,
                scroll: 0,
                column: 0,
                setup,
            })),
            Err(message) => Overlay::CompareSetup(Box::new(CompareSetup {
                error: Some(message),
                ..setup
            })),
        };
    }

    /// The clause review keys and Enter act on in the compare view: the
    /// first one shown in the focused column.
    pub(super) fn compare_clause(&self) -> Option<(usize, usize)> {
        let Overlay::Compare(view) = &self.overlay else {
            return None;
        };
        let column = view.columns.get(view.column)?;
        let at = super::views::compare_target(self)?;
        Some((column.policy, column.matches.get(at)?.clause))
    }

    pub(super) fn compare_input(&mut self, action: Action) {
        match action {
            Action::ToggleFlag | Action::PickLabel | Action::EditNote => {
                self.review_listed(action);
                return;
            }
            Action::Activate => {
                self.open_listed();
                return;
            }
            _ => {}
        }
        let page = super::views::compare_page(self);
        let most = super::views::compare_scroll_max(self);
        let Overlay::Compare(view) = &mut self.overlay else {
            return;
        };
        view.scroll = match action {
            Action::Down => view.scroll + 1,
            Action::Up => view.scroll.saturating_sub(1),
            Action::ScrollDown { .. } => view.scroll + 3,
            Action::ScrollUp { .. } => view.scroll.saturating_sub(3),
            Action::HalfPageDown => view.scroll + page / 2,
            Action::HalfPageUp => view.scroll.saturating_sub(page / 2),
            Action::PageDown => view.scroll + page,
            Action::PageUp => view.scroll.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => most,
            Action::Expand | Action::NextPane => {
                view.column = (view.column + 1).min(view.columns.len().saturating_sub(1));
                return;
            }
            Action::Collapse | Action::PrevPane => {
                view.column = view.column.saturating_sub(1);
                return;
            }
            Action::OpenCompare => {
                let setup = view.setup.clone();
                self.overlay = Overlay::CompareSetup(Box::new(setup));
                return;
            }
            Action::Escape => {
                self.overlay = Overlay::None;
                return;
            }
            _ => return,
        }
        .min(most);
    }
}

/// Picks the highlighted company, or drops it when already picked.
fn toggle_company(setup: &mut CompareSetup) {
    let Some(&company) = setup.picker.matches.get(setup.picker.selected) else {
        return;
    };
    if let Some(at) = setup.chosen.iter().position(|&c| c == company) {
        setup.chosen.remove(at);
    } else if setup.chosen.len() < MAX_COLUMNS {
        setup.chosen.push(company);
    } else {
        setup.error = Some(format!("at most {MAX_COLUMNS} companies side by side"));
    }
}
