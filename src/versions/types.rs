//! The result of comparing two versions: the status of each section and
//! clause, word-level operations and the summary counts. These types are
//! what `clause diff --json` prints and the browser's diff view draws.

use crate::corpus::Policy;
use serde::Serialize;

/// The status of an aligned section or clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "&'static str")]
pub enum Status {
    /// The same text (for a section: same title, every clause the same).
    Same,
    /// A clause with edited text; a section with any clause not the same.
    Changed,
    /// A clause whose text, unchanged, now stands elsewhere in the policy.
    Moved,
    /// Only in the new version.
    Added,
    /// Only in the old version.
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
    /// The run of text, words and the whitespace between them.
    pub text: String,
}

/// A clause of either version and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseChange {
    /// What became of the clause.
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
    /// What became of the section.
    pub status: Status,
    /// Section index in the old version (`None` for added, or the preamble).
    pub from: Option<usize>,
    /// Section index in the new version (`None` for removed, or the preamble).
    pub to: Option<usize>,
    /// The clauses that now stand in the section (or stood, if removed),
    /// in document order.
    pub clauses: Vec<ClauseChange>,
}

/// Counts per status.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    /// Sections only in the new version.
    pub sections_added: usize,
    /// Sections only in the old version.
    pub sections_removed: usize,
    /// Sections with the same title and some clause not the same.
    pub sections_changed: usize,
    /// Sections whose title changed.
    pub sections_renamed: usize,
    /// Clauses only in the new version.
    pub clauses_added: usize,
    /// Clauses only in the old version.
    pub clauses_removed: usize,
    /// Clauses edited, split or merged (a split or merge counts once).
    pub clauses_changed: usize,
    /// Clauses whose text, unchanged, moved elsewhere.
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
    /// Counts per status.
    pub summary: Summary,
    /// The preamble first, then sections in the order of the new version
    /// (removed ones where they stood).
    pub sections: Vec<SectionChange>,
}
