//! The diff overlay: what changed from the previous version of the policy
//! in view, as a unified list of changed sections and clauses with deleted
//! and inserted words marked; `]` / `[` jump between changes.

use super::app::{App, Overlay};
use crate::corpus::Policy;
use crate::versions::{self, Status};

/// One line of the diff view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffLine {
    /// Header: from → to and the summary.
    Title(String),
    /// A section path with its status.
    Section(String),
    /// A clause change: status, id, and (text, op) pieces.
    Clause {
        status: String,
        id: String,
        pieces: Vec<(String, &'static str)>,
    },
    Blank,
}

/// State of the diff overlay.
#[derive(Debug, Clone, Default)]
pub struct DiffView {
    pub lines: Vec<DiffLine>,
    pub scroll: usize,
}

impl DiffView {
    /// Builds the view of `old` → `new`.
    pub fn new(old: &Policy, new: &Policy) -> DiffView {
        let diff = versions::diff(old, new);
        let s = &diff.summary;
        let mut lines = vec![
            DiffLine::Title(format!(
                "{} → {}",
                old.meta.reference(),
                new.meta.reference()
            )),
            DiffLine::Title(s.to_string()),
        ];
        for section in diff.sections.iter().filter(|x| {
            x.clauses.iter().any(|c| c.status != Status::Same) || x.status != Status::Same
        }) {
            let path = match (section.from, section.to) {
                (_, Some(t)) => new.section_titles(Some(t)).join(" › "),
                (Some(f), None) => old.section_titles(Some(f)).join(" › "),
                (None, None) => "(preamble)".into(),
            };
            let status = serde_json::to_value(section.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            lines.push(DiffLine::Blank);
            lines.push(DiffLine::Section(format!("{path}  [{status}]")));
            for c in section.clauses.iter().filter(|c| c.status != Status::Same) {
                let id =
                    c.to.map(|i| new.clause_id(&new.clauses[i]))
                        .or_else(|| c.from.map(|i| old.clause_id(&old.clauses[i])))
                        .unwrap_or_default();
                let pieces = match c.status {
                    Status::Changed | Status::Split | Status::Merged => {
                        c.ops.iter().map(|o| (o.text.clone(), o.op)).collect()
                    }
                    Status::Added => vec![(
                        c.to.map(|i| new.clauses[i].text.clone())
                            .unwrap_or_default(),
                        "insert",
                    )],
                    Status::Removed => vec![(
                        c.from
                            .map(|i| old.clauses[i].text.clone())
                            .unwrap_or_default(),
                        "delete",
                    )],
                    _ => vec![(
                        format!(
                            "(moved from {})",
                            c.from
                                .map(|i| old.clause_id(&old.clauses[i]))
                                .unwrap_or_default()
                        ),
                        "equal",
                    )],
                };
                let status = serde_json::to_value(c.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                lines.push(DiffLine::Clause { status, id, pieces });
            }
        }
        DiffView { lines, scroll: 0 }
    }

    /// Scrolls to the next (or previous) section with changes.
    pub fn jump(&mut self, forward: bool) {
        let is_section = |l: &DiffLine| matches!(l, DiffLine::Section(_));
        let next = if forward {
            (self.scroll + 1..self.lines.len()).find(|&i| is_section(&self.lines[i]))
        } else {
            (0..self.scroll).rev().find(|&i| is_section(&self.lines[i]))
        };
        if let Some(i) = next {
            self.scroll = i;
        }
    }
}

impl App {
    /// Opens the diff of the policy in view against its previous version.
    pub(super) fn open_diff(&mut self) {
        let (Some(corpus), Some(tree), Some(p)) = (&self.corpus, &self.tree, self.doc_policy)
        else {
            return;
        };
        let versions = &tree.companies[tree.company_of[p]].1;
        let at = versions.iter().position(|&v| v == p).unwrap_or(0);
        if at == 0 {
            self.message = Some(if versions.len() > 1 {
                "this is the first version: pick a later one to see what changed".into()
            } else {
                "this company has a single version".into()
            });
            return;
        }
        let view = DiffView::new(&corpus.policies[versions[at - 1]], &corpus.policies[p]);
        self.overlay = Overlay::Diff(Box::new(view));
    }

    pub(super) fn diff_input(&mut self, action: super::action::Action) {
        use super::action::Action;
        let Overlay::Diff(view) = &mut self.overlay else {
            return;
        };
        let last = view.lines.len().saturating_sub(1);
        match action {
            Action::Down => view.scroll = (view.scroll + 1).min(last),
            Action::Up => view.scroll = view.scroll.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => view.scroll = (view.scroll + 10).min(last),
            Action::PageUp | Action::HalfPageUp => view.scroll = view.scroll.saturating_sub(10),
            Action::Top => view.scroll = 0,
            Action::Bottom => view.scroll = last,
            Action::NextChange => view.jump(true),
            Action::PrevChange => view.jump(false),
            Action::Escape | Action::OpenDiff => self.overlay = Overlay::None,
            _ => {}
        }
    }
}
