//! The company picker: fuzzy matching (nucleo) over company names; Enter
//! jumps to the company in the tree.

use super::action::Action;
use super::app::{App, Overlay};
use super::tree::Node;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

/// State of the picker overlay.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Picker {
    pub input: String,
    /// Matching company indexes, best first.
    pub matches: Vec<usize>,
    pub selected: usize,
}

impl Picker {
    /// Recomputes matches of `input` against `names`.
    pub fn refilter(&mut self, names: &[&str]) {
        if self.input.is_empty() {
            self.matches = (0..names.len()).collect();
        } else {
            let pattern = Pattern::parse(&self.input, CaseMatching::Ignore, Normalization::Smart);
            let mut matcher = Matcher::new(Config::DEFAULT);
            let mut scored: Vec<(usize, u32)> = names
                .iter()
                .enumerate()
                .filter_map(|(i, name)| {
                    let mut buf = Vec::new();
                    pattern
                        .score(nucleo_matcher::Utf32Str::new(name, &mut buf), &mut matcher)
                        .map(|s| (i, s))
                })
                .collect();
            scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            self.matches = scored.into_iter().map(|(i, _)| i).collect();
        }
        self.selected = 0;
    }
}

impl App {
    pub(super) fn open_picker(&mut self) {
        let mut picker = Picker::default();
        picker.refilter(&self.company_names());
        self.overlay = Overlay::Picker(picker);
    }

    fn company_names(&self) -> Vec<&str> {
        self.tree
            .as_ref()
            .map(|t| t.companies.iter().map(|(n, _)| n.as_str()).collect())
            .unwrap_or_default()
    }

    pub(super) fn picker_input(&mut self, action: Action) {
        let names: Vec<String> = self
            .company_names()
            .into_iter()
            .map(str::to_string)
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let Overlay::Picker(picker) = &mut self.overlay else {
            return;
        };
        match action {
            Action::SearchInput(c) => {
                picker.input.push(c);
                picker.refilter(&names);
            }
            Action::SearchBackspace => {
                picker.input.pop();
                picker.refilter(&names);
            }
            Action::SearchClearWord | Action::Top => {
                picker.input.clear();
                picker.refilter(&names);
            }
            Action::Down => {
                picker.selected = (picker.selected + 1).min(picker.matches.len().saturating_sub(1))
            }
            Action::Up => picker.selected = picker.selected.saturating_sub(1),
            Action::Escape => self.overlay = Overlay::None,
            Action::Activate => {
                let chosen = picker.matches.get(picker.selected).copied();
                self.overlay = Overlay::None;
                if let Some(company) = chosen {
                    self.jump_to_company(company);
                }
            }
            _ => {}
        }
    }

    fn jump_to_company(&mut self, company: usize) {
        let node = Node::Company(company);
        self.expanded.insert(node);
        self.only_hits = false;
        let rows = self.rows();
        if let Some(at) = rows.iter().position(|r| r.node == node) {
            self.focus = super::app::Pane::Tree;
            self.select_tree_row(at);
        }
    }
}
