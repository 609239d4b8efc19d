//! What changed between two versions of a policy: sections aligned by
//! title (then by the clauses they share), clauses aligned by exact text,
//! moves, then similarity, with word-level operations for changed clauses.
//!
//! Invariant: every section and clause of both versions gets exactly one
//! status. Whitespace and re-wrapping alone are not changes.

mod bag;
mod clauses;
mod sections;
mod types;

pub use clauses::word_ops;
pub use types::{ClauseChange, Diff, SectionChange, Status, Summary, WordOp};

use crate::corpus::Policy;
use clauses::{align_clauses, norm};
use sections::{align_sections, norm_title};
use std::collections::HashMap;

/// For each clause of `new`, whether its text is new: not in `old` even
/// elsewhere. These are the clauses [`diff`] reports as added, changed,
/// split or merged (not moved), found in linear time for indexing.
pub fn changed_clauses(old: &Policy, new: &Policy) -> Vec<bool> {
    let before: std::collections::HashSet<String> =
        old.clauses.iter().map(|c| norm(&c.text)).collect();
    new.clauses
        .iter()
        .map(|c| !before.contains(&norm(&c.text)))
        .collect()
}

/// Computes what changed from `old` to `new`.
pub fn diff(old: &Policy, new: &Policy) -> Diff {
    let clauses = align_clauses(old, new);
    let pairs = align_sections(old, new, &clauses);
    let mut summary = Summary::default();
    let mut index_of: HashMap<(Option<usize>, Option<usize>), usize> = HashMap::new();
    let mut by_old_section: HashMap<usize, usize> = HashMap::new();
    let mut sections: Vec<SectionChange> = Vec::new();
    for (k, &(from, to)) in pairs.iter().enumerate() {
        index_of.insert((from, to), k);
        if let Some(f) = from {
            by_old_section.insert(f, k);
        }
        sections.push(SectionChange {
            status: Status::Same,
            from,
            to,
            clauses: Vec::new(),
        });
    }
    let mut by_new_section: HashMap<usize, usize> = HashMap::new();
    for (k, s) in sections.iter().enumerate() {
        if let Some(t) = s.to {
            by_new_section.insert(t, k);
        }
    }
    for change in clauses {
        let home = match (change.to, change.from) {
            (Some(t), _) => new.clauses[t]
                .section
                .and_then(|s| by_new_section.get(&s).copied())
                .unwrap_or(0),
            (None, Some(f)) => old.clauses[f]
                .section
                .and_then(|s| by_old_section.get(&s).copied())
                .unwrap_or(0),
            (None, None) => 0,
        };
        match change.status {
            Status::Added => summary.clauses_added += 1,
            Status::Removed => summary.clauses_removed += 1,
            Status::Changed | Status::Split | Status::Merged => summary.clauses_changed += 1,
            Status::Moved => summary.clauses_moved += 1,
            _ => {}
        }
        sections[home].clauses.push(change);
    }
    for s in &mut sections {
        s.clauses
            .sort_by_key(|c| (c.to.unwrap_or(usize::MAX), c.from.unwrap_or(usize::MAX)));
        s.status = match (s.from, s.to) {
            (None, None) if s.clauses.iter().all(|c| c.status == Status::Same) => Status::Same,
            (None, None) => Status::Changed,
            (None, Some(_)) => Status::Added,
            (Some(_), None) => Status::Removed,
            (Some(f), Some(t))
                if norm_title(&old.sections[f].title) != norm_title(&new.sections[t].title) =>
            {
                Status::Renamed
            }
            _ if s.clauses.iter().all(|c| c.status == Status::Same) => Status::Same,
            _ => Status::Changed,
        };
        match s.status {
            Status::Added => summary.sections_added += 1,
            Status::Removed => summary.sections_removed += 1,
            Status::Changed => summary.sections_changed += 1,
            Status::Renamed => summary.sections_renamed += 1,
            _ => {}
        }
    }
    Diff { summary, sections }
}

#[cfg(test)]
mod tests;
