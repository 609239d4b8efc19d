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
    /// The text typed so far, matched fuzzily against company names.
    pub input: String,
    /// Matching company indexes, best first.
    pub matches: Vec<usize>,
    /// The highlighted entry, an index into `matches`.
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

    /// Applies a typing or movement key; false for any other action.
    pub fn input_key(&mut self, action: &Action, names: &[&str]) -> bool {
        match action {
            Action::SearchInput(c) => self.input.push(*c),
            Action::SearchBackspace => {
                self.input.pop();
            }
            Action::SearchClearWord | Action::Top => self.input.clear(),
            Action::Down | Action::Up | Action::PageDown | Action::PageUp => {
                return super::list::step(&mut self.selected, self.matches.len(), action, 10);
            }
            _ => return false,
        }
        self.refilter(names);
        true
    }
}

impl App {
    pub(super) fn open_picker(&mut self) {
        let mut picker = Picker::default();
        picker.refilter(&self.company_names());
        self.overlay = Overlay::Picker(picker);
    }

    pub(super) fn company_names(&self) -> Vec<&str> {
        self.data
            .tree
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
        if picker.input_key(&action, &names) {
            return;
        }
        match action {
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
        self.browse.expanded.insert(node);
        self.filters.only_hits = false;
        let rows = self.tree_rows();
        if let Some(at) = rows.iter().position(|r| r.node == node) {
            self.browse.focus = super::app::Pane::Tree;
            self.select_tree_row(at);
        }
    }
}
