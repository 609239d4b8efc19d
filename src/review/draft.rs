//! The note being edited, kept on disk at every keystroke so that it
//! survives a closed terminal, a signal or a crash; restored into the
//! session the next time the session is opened for writing.

use super::model::{now, Finding, Session};
use super::snapshot::PolicyText;
use serde::{Deserialize, Serialize};

/// A note being edited: the finding it belongs to, with the note as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The finding with the draft as its note (a new one if the clause had none).
    pub finding: Finding,
    /// The policy text of a new finding, for re-anchoring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<PolicyText>,
}

impl Draft {
    /// A draft of `note` for finding `index` of the session.
    pub fn of(session: &Session, index: usize, note: &str) -> Option<Draft> {
        let mut finding = session.findings.get(index)?.clone();
        finding.note = note.to_string();
        finding.updated = now();
        let text = finding
            .snapshot
            .as_ref()
            .and_then(|h| session.texts.get(h))
            .cloned();
        Some(Draft { finding, text })
    }

    /// Puts the draft note on its finding (same clause id, text and
    /// version), keeping the finding's label; or adds the finding.
    pub fn apply(&self, session: &mut Session) {
        let same = |f: &Finding| {
            f.id == self.finding.id
                && f.text_hash == self.finding.text_hash
                && f.policy == self.finding.policy
        };
        if let Some(existing) = session.findings.iter_mut().find(|f| same(f)) {
            existing.note = self.finding.note.clone();
            existing.updated = self.finding.updated;
            return;
        }
        if let (Some(hash), Some(text)) = (&self.finding.snapshot, &self.text) {
            session
                .texts
                .entry(hash.clone())
                .or_insert_with(|| text.clone());
        }
        if !self.finding.is_empty() {
            session.findings.push(self.finding.clone());
        }
    }
}

/// A draft of `note` for a clause that has no finding yet.
pub(crate) fn on_clause(
    policy: &crate::corpus::Policy,
    clause: usize,
    note: &str,
) -> Option<Draft> {
    let mut scratch = Session::new("");
    let index = scratch.add(policy, clause);
    Draft::of(&scratch, index, note)
}
