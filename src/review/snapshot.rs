//! The text of a policy as it was when a finding was made: its sections and
//! clause texts, kept in the session under a content hash so that the
//! version-diff engine can pair the clauses of then with the clauses of now
//! (after an edit in place, a renumbering, or a parser that splits the file
//! differently).
//!
//! Invariant: a snapshot is immutable and named by the hash of its content;
//! findings made on the same text share one snapshot.

use crate::corpus::model::{Clause, ClauseKind, Policy, PolicyMeta, Section};
use serde::{Deserialize, Serialize};

/// One section of a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionText {
    /// The heading's text.
    pub title: String,
    /// Depth in the tree, 1 for top-level sections.
    pub depth: usize,
    /// Index of the parent section in the snapshot, `None` at depth 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<usize>,
    /// Position path (`4.2`) when the snapshot was taken.
    pub path: String,
}

/// One clause of a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClauseText {
    /// Index into the snapshot's sections; `None` for the preamble.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<usize>,
    /// The clause's text.
    pub text: String,
}

/// The sections and clause texts of one policy version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyText {
    /// Sections in document order.
    pub sections: Vec<SectionText>,
    /// Clauses in document order.
    pub clauses: Vec<ClauseText>,
}

impl PolicyText {
    /// The text of `policy` as parsed now.
    pub fn of(policy: &Policy) -> PolicyText {
        PolicyText {
            sections: policy
                .sections
                .iter()
                .map(|s| SectionText {
                    title: s.title.clone(),
                    depth: s.depth,
                    parent: s.parent,
                    path: s.path.clone(),
                })
                .collect(),
            clauses: policy
                .clauses
                .iter()
                .map(|c| ClauseText {
                    section: c.section,
                    text: c.text.clone(),
                })
                .collect(),
        }
    }

    /// The content hash that names it.
    pub fn hash(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        blake3::hash(&json).to_hex()[..16].to_string()
    }

    /// Whether its sections and clauses point only at sections it has, so
    /// that it can stand in for a policy (a damaged file is not trusted).
    pub fn is_consistent(&self) -> bool {
        let n = self.sections.len();
        self.sections
            .iter()
            .enumerate()
            .all(|(i, s)| s.parent.is_none_or(|p| p < i))
            && self.clauses.iter().all(|c| c.section.is_none_or(|s| s < n))
    }

    /// A policy with this text under `meta`, for the diff engine.
    pub fn to_policy(&self, meta: PolicyMeta) -> Policy {
        let sections = self
            .sections
            .iter()
            .map(|s| Section {
                title: s.title.clone(),
                depth: s.depth,
                parent: s.parent,
                path: s.path.clone(),
                span: 0..0,
            })
            .collect();
        let mut ordinals = std::collections::HashMap::new();
        let clauses = self
            .clauses
            .iter()
            .map(|c| {
                let ordinal = ordinals.entry(c.section).or_insert(0);
                *ordinal += 1;
                Clause {
                    section: c.section,
                    ordinal: *ordinal,
                    text: c.text.clone(),
                    kind: ClauseKind::Paragraph,
                    span: 0..0,
                }
            })
            .collect();
        Policy {
            meta,
            sections,
            clauses,
            furniture: Vec::new(),
            text_len: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_stands_in_for_its_policy() {
        let policy = crate::corpus::load::parse_text(
            "example.com__2024-01-01.md",
            "test",
            "# Policy\n\nIntro.\n\n## One\n\nFirst.\n\nSecond.\n\n## Two\n\nThird.\n",
        );
        let text = PolicyText::of(&policy);
        assert!(text.is_consistent());
        let back = text.to_policy(policy.meta.clone());
        let ids = |p: &Policy| p.clause_ids(&(0..p.clauses.len()).collect::<Vec<_>>());
        assert_eq!(ids(&back), ids(&policy));
        assert_eq!(PolicyText::of(&back).hash(), text.hash());
    }
}
