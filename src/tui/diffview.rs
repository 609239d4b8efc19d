//! The diff overlay: what changed between two versions of a policy (the
//! one in view and the one before, or two marked with `m`), as changed
//! sections and clauses with deleted and inserted words marked. The cursor
//! walks the changed clauses; `]` / `[` jump between sections and Enter
//! opens the clause in context.

use super::app::{App, Overlay};
use super::tree::Node;
use crate::corpus::Policy;
use crate::versions::{self, ClauseChange, Status, Summary};

/// One line of the diff view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffLine {
    /// Header: from → to and the summary.
    Title(String),
    /// A section path with its status.
    Section(String),
    /// A changed clause.
    Clause(ClauseLine),
    /// An empty spacer line.
    Blank,
}

/// A changed clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseLine {
    /// The change's status name (changed, added, removed, ...).
    pub status: String,
    /// The clause id on the side(s) it exists (`old → new` for a split or
    /// merge).
    pub id: String,
    /// (text, op) pieces: the old text is the non-`insert` pieces, the new
    /// text the non-`delete` ones.
    pub pieces: Vec<(String, &'static str)>,
    /// The clause Enter opens: (policy, clause), the newer side if any.
    pub target: Option<(usize, usize)>,
}

/// State of the diff overlay.
#[derive(Debug, Clone, Default)]
pub struct DiffView {
    /// Every line of the view, top to bottom.
    pub lines: Vec<DiffLine>,
    /// First line shown.
    pub scroll: usize,
    /// The line of the clause at the cursor (a [`DiffLine::Clause`]), if any.
    pub cursor: Option<usize>,
}

/// Which versions a diff compares: policy indexes of the corpus.
#[derive(Debug, Clone, Copy)]
pub struct Versions {
    /// The older version's policy index.
    pub old: usize,
    /// The newer version's policy index.
    pub new: usize,
}

impl DiffView {
    /// Builds the view of `old` → `new` (`at` gives their corpus indexes).
    pub fn new(old: &Policy, new: &Policy, at: Versions) -> DiffView {
        let diff = versions::diff(old, new);
        let mut lines = vec![
            DiffLine::Title(format!(
                "{} → {}",
                old.meta.reference(),
                new.meta.reference()
            )),
            DiffLine::Title(diff.summary.to_string()),
        ];
        for section in diff.sections.iter().filter(|x| {
            x.clauses.iter().any(|c| c.status != Status::Same) || x.status != Status::Same
        }) {
            let path = match (section.from, section.to) {
                (_, Some(t)) => new.section_titles(Some(t)).join(" › "),
                (Some(f), None) => old.section_titles(Some(f)).join(" › "),
                (None, None) => "(preamble)".into(),
            };
            lines.push(DiffLine::Blank);
            lines.push(DiffLine::Section(format!(
                "{path}  [{}]",
                section.status.name()
            )));
            for c in section.clauses.iter().filter(|c| c.status != Status::Same) {
                lines.push(DiffLine::Clause(clause_line(old, new, c, at)));
            }
        }
        if lines.len() == 2 {
            lines.push(DiffLine::Blank);
            lines.push(DiffLine::Section(
                "no changes: the two versions say the same".into(),
            ));
        }
        let cursor = lines.iter().position(is_clause);
        DiffView {
            lines,
            scroll: 0,
            cursor,
        }
    }

    /// Moves the cursor `steps` changed clauses down (or up when negative).
    pub fn step(&mut self, steps: isize) {
        for _ in 0..steps.unsigned_abs() {
            let Some(next) = self.next_clause(steps > 0) else {
                break;
            };
            self.cursor = Some(next);
        }
        self.follow_cursor();
    }

    /// Moves the cursor to the first changed clause of the next (or
    /// previous) section.
    pub fn jump(&mut self, forward: bool) {
        let from = self.cursor.unwrap_or(0);
        let section_start = |i: usize| {
            (0..=i)
                .rev()
                .find(|&k| matches!(self.lines[k], DiffLine::Section(_)))
        };
        let here = section_start(from);
        let target = if forward {
            (from + 1..self.lines.len())
                .find(|&i| is_clause(&self.lines[i]) && section_start(i) != here)
        } else {
            let previous = here.and_then(|h| (0..h).rev().find(|&i| is_clause(&self.lines[i])));
            previous.and_then(|p| {
                let start = section_start(p)?;
                (start..self.lines.len()).find(|&i| is_clause(&self.lines[i]))
            })
        };
        if let Some(t) = target {
            self.cursor = Some(t);
            self.follow_cursor();
        }
    }

    /// The clause at the cursor.
    pub fn current(&self) -> Option<&ClauseLine> {
        match self.lines.get(self.cursor?)? {
            DiffLine::Clause(c) => Some(c),
            _ => None,
        }
    }

    fn next_clause(&self, forward: bool) -> Option<usize> {
        let from = self.cursor?;
        if forward {
            (from + 1..self.lines.len()).find(|&i| is_clause(&self.lines[i]))
        } else {
            (0..from).rev().find(|&i| is_clause(&self.lines[i]))
        }
    }

    /// Scrolls so the cursor's clause shows under its section title.
    fn follow_cursor(&mut self) {
        if let Some(c) = self.cursor {
            let header = (0..c)
                .rev()
                .find(|&k| matches!(self.lines[k], DiffLine::Section(_)))
                .filter(|&h| c - h <= 2);
            self.scroll = header.unwrap_or(c.saturating_sub(1));
        }
    }
}

fn is_clause(line: &DiffLine) -> bool {
    matches!(line, DiffLine::Clause(_))
}

fn clause_line(old: &Policy, new: &Policy, c: &ClauseChange, at: Versions) -> ClauseLine {
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
                old.clause_ids(&c.old_clauses()).join(" + ")
            ),
            "equal",
        )],
    };
    let target =
        c.to.map(|t| (at.new, t))
            .or_else(|| c.from.map(|f| (at.old, f)));
    ClauseLine {
        status: c.status.name().to_string(),
        id: c.label(old, new),
        pieces,
        target,
    }
}

/// A short count of what changed: `+23 -10 ~51`.
pub fn compact(summary: &Summary) -> String {
    format!(
        "+{} -{} ~{}",
        summary.clauses_added,
        summary.clauses_removed,
        summary.clauses_changed + summary.clauses_moved
    )
}

impl App {
    /// The policy the user points at: the tree's version or section row
    /// when the tree has focus, else the policy in view.
    fn pointed_policy(&self) -> Option<usize> {
        if self.browse.focus == super::app::Pane::Tree {
            if let Some(row) = self.tree_rows().get(self.browse.tree_selected) {
                if let Node::Version(p) | Node::Section(p, _) = row.node {
                    return Some(p);
                }
            }
        }
        self.browse.doc_policy
    }

    /// `m`: marks the pointed version for `d` (again: unmarks it).
    pub(super) fn mark_version(&mut self) {
        let (Some(p), Some(corpus)) = (self.pointed_policy(), &self.data.corpus) else {
            return;
        };
        let reference = corpus.policy(p).meta.reference();
        if self.browse.marked_version == Some(p) {
            self.browse.marked_version = None;
            self.message = Some(format!("unmarked {reference}"));
        } else {
            self.browse.marked_version = Some(p);
            self.message = Some(format!(
                "marked {reference}: d on another version of it shows what changed between them"
            ));
        }
    }

    /// `d`: the diff of the pointed version against the marked one, or
    /// else against the version before it.
    pub(super) fn open_diff(&mut self) {
        let (Some(corpus), Some(tree), Some(p)) =
            (&self.data.corpus, &self.data.tree, self.pointed_policy())
        else {
            return;
        };
        let versions = &tree.companies[tree.company_of[p]].1;
        let other = match self.browse.marked_version {
            Some(m) if m != p && tree.company_of[m] == tree.company_of[p] => m,
            Some(m) if m != p => {
                self.message = Some(format!(
                    "the marked version is of {}: d compares versions of one company",
                    corpus.policy(m).meta.company
                ));
                return;
            }
            _ => {
                let at = versions.iter().position(|&v| v == p).unwrap_or(0);
                if at == 0 {
                    self.message = Some(if versions.len() > 1 {
                        "this is the first version: pick a later one, or mark one with m".into()
                    } else {
                        "this company has a single version".into()
                    });
                    return;
                }
                versions[at - 1]
            }
        };
        // Policies of a company are sorted by date: the lower index is older.
        let at = Versions {
            old: other.min(p),
            new: other.max(p),
        };
        let view = DiffView::new(corpus.policy(at.old), corpus.policy(at.new), at);
        self.browse.marked_version = None;
        self.overlay = Overlay::Diff(Box::new(view));
    }

    pub(super) fn diff_input(&mut self, action: super::action::Action) {
        use super::action::Action;
        let Overlay::Diff(view) = &mut self.overlay else {
            return;
        };
        match action {
            Action::Down => view.step(1),
            Action::Up => view.step(-1),
            Action::PageDown | Action::HalfPageDown => view.step(10),
            Action::PageUp | Action::HalfPageUp => view.step(-10),
            Action::Top => {
                view.cursor = view.lines.iter().position(is_clause);
                view.scroll = 0;
            }
            Action::Bottom => view.step(view.lines.len() as isize),
            Action::NextChange => view.jump(true),
            Action::PrevChange => view.jump(false),
            Action::Activate => {
                self.open_listed();
                self.overlay = Overlay::None;
            }
            Action::Escape | Action::OpenDiff => self.overlay = Overlay::None,
            action if super::listed::is_review_key(&action) => self.review_listed(action),
            _ => {}
        }
    }
}
