//! The result of comparing two versions: the status of each section and
//! clause, word-level operations and the summary counts. These types are
//! what `clause diff --json` prints and the browser's diff view draws.

use crate::corpus::Policy;
use serde::Serialize;

/// The status of an aligned section or clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "&'static str")]
pub enum Status {
    Same,
    Changed,
    Moved,
    Added,
    Removed,
    /// A section whose title changed.
    Renamed,
    /// A clause now written as several consecutive clauses.
    Split,
    /// Several consecutive clauses now written as one.
    Merged,
}

impl Status {
    /// Its name in output and JSON (`same`, `changed`, `split`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Status::Same => "same",
            Status::Changed => "changed",
            Status::Moved => "moved",
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Renamed => "renamed",
            Status::Split => "split",
            Status::Merged => "merged",
        }
    }
}

impl From<Status> for &'static str {
    fn from(status: Status) -> &'static str {
        status.name()
    }
}

/// One word-level operation of a changed clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordOp {
    /// `equal`, `delete` or `insert`.
    pub op: &'static str,
    pub text: String,
}

/// A clause of either version and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseChange {
    pub status: Status,
    /// Clause index in the old version.
    pub from: Option<usize>,
    /// Clause index in the new version.
    pub to: Option<usize>,
    /// The clauses that follow `to` in a split, or `from` in a merge.
    pub joined: Vec<usize>,
    /// Word operations from the old text to the new (of all joined clauses).
    pub ops: Vec<WordOp>,
}

impl ClauseChange {
    pub(super) fn new(status: Status, from: Option<usize>, to: Option<usize>) -> ClauseChange {
        ClauseChange {
            status,
            from,
            to,
            joined: Vec::new(),
            ops: Vec::new(),
        }
    }

    /// The ids it covers: `old → new1 + new2` for a split or merge, else
    /// the newer clause's id (the old one's for a removal).
    pub fn label(&self, old: &Policy, new: &Policy) -> String {
        let olds = old.clause_ids(&self.old_clauses()).join(" + ");
        let news = new.clause_ids(&self.new_clauses()).join(" + ");
        match self.status {
            Status::Split | Status::Merged => format!("{olds} → {news}"),
            _ if self.to.is_some() => news,
            _ => olds,
        }
    }

    /// Indices of the old clauses this change covers, in order.
    pub fn old_clauses(&self) -> Vec<usize> {
        let more = (self.status == Status::Merged).then_some(&self.joined);
        self.from
            .into_iter()
            .chain(more.into_iter().flatten().copied())
            .collect()
    }

    /// Indices of the new clauses this change covers, in order.
    pub fn new_clauses(&self) -> Vec<usize> {
        let more = (self.status == Status::Split).then_some(&self.joined);
        self.to
            .into_iter()
            .chain(more.into_iter().flatten().copied())
            .collect()
    }
}

/// A section of either version, with its clauses.
#[derive(Debug, Clone, Serialize)]
pub struct SectionChange {
    pub status: Status,
    /// Section index in the old version (`None` for added, or the preamble).
    pub from: Option<usize>,
    pub to: Option<usize>,
    pub clauses: Vec<ClauseChange>,
}

/// Counts per status.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub sections_added: usize,
    pub sections_removed: usize,
    pub sections_changed: usize,
    pub sections_renamed: usize,
    pub clauses_added: usize,
    pub clauses_removed: usize,
    pub clauses_changed: usize,
    pub clauses_moved: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "sections +{} -{} ~{} renamed {}; clauses +{} -{} ~{} moved {}",
            self.sections_added,
            self.sections_removed,
            self.sections_changed,
            self.sections_renamed,
            self.clauses_added,
            self.clauses_removed,
            self.clauses_changed,
            self.clauses_moved
        )
    }
}

impl Summary {
    /// Clauses added, removed, changed or moved.
    pub fn clause_changes(&self) -> usize {
        self.clauses_added + self.clauses_removed + self.clauses_changed + self.clauses_moved
    }
}

/// The difference between two versions.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub summary: Summary,
    /// The preamble first, then sections in the order of the new version
    /// (removed ones where they stood).
    pub sections: Vec<SectionChange>,
}
