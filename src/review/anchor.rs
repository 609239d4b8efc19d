//! Placing findings in the corpus as it is now. A finding's clause is
//! found by pairing the policy text it was made on with the policy as
//! parsed now, using the version-diff engine's clause pairing (same,
//! moved, changed, split, merged, removed); findings made on an older
//! version of a company follow their clause to the newest version.
//!
//! Invariant: a finding is never attached to a clause the pairing did not
//! pair with its own; a finding whose clause is gone is `orphaned` and
//! keeps its text.

use super::model::{text_hash, Finding, Session};
use super::snapshot::PolicyText;
use crate::corpus::{Corpus, Policy};
use crate::versions::{self, Diff};
use serde::Serialize;
use std::collections::HashMap;

/// How a finding relates to the current corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Same id, same text.
    Attached,
    /// The same text, now under another id in the same policy.
    Moved,
    /// The clause was edited (or split or merged): it points at the clause
    /// now, and the text it was made on is kept.
    Changed,
    /// The clause is no longer in the policy (or the policy is gone).
    Orphaned,
    /// Made on an older version; the newest version has the same text.
    Carried,
    /// Made on an older version; the aligned clause of the newest version
    /// has other text (the text it was made on is kept).
    CarriedChanged,
}

impl Status {
    /// Whether the clause text now differs from the text it was made on.
    pub fn text_changed(self) -> bool {
        matches!(self, Status::Changed | Status::CarriedChanged)
    }
}

/// A finding placed in the current corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchored {
    /// Index of the finding in [`Session::findings`].
    pub finding: usize,
    /// The clause it points at now (policy, clause index), if any.
    pub location: Option<(usize, usize)>,
    /// For a finding carried to a newer version: its clause in the version
    /// it was made on, where it is shown too.
    pub origin: Option<(usize, usize)>,
    /// How it was placed.
    pub status: Status,
}

/// The finding on clause `(policy, clause)` (placed there, or made there
/// and carried to a newer version), if any.
pub fn finding_at(anchors: &[Anchored], policy: usize, clause: usize) -> Option<usize> {
    let here = Some((policy, clause));
    anchors
        .iter()
        .find(|a| a.location == here)
        .or_else(|| anchors.iter().find(|a| a.origin == here))
        .map(|a| a.finding)
}

/// Places every finding of the session in the corpus.
pub fn anchor(session: &Session, corpus: &Corpus) -> Vec<Anchored> {
    let mut placer = Placer::new(session, corpus);
    let mut carrier = Carrier::new(corpus);
    session
        .findings
        .iter()
        .enumerate()
        .map(|(i, finding)| {
            let (placed, status) = placer.place(finding);
            let (location, status) = carrier.carry(placed, status);
            Anchored {
                finding: i,
                location,
                origin: placed.filter(|_| placed != location),
                status,
            }
        })
        .collect()
}

/// Places findings in the version they were made on.
struct Placer<'a> {
    session: &'a Session,
    corpus: &'a Corpus,
    /// Content hash of each policy's text now, computed when needed.
    current: HashMap<usize, String>,
    diffs: HashMap<(String, usize), Option<(Policy, Diff)>>,
}

type Placed = (Option<(usize, usize)>, Status);

impl<'a> Placer<'a> {
    fn new(session: &'a Session, corpus: &'a Corpus) -> Self {
        Placer {
            session,
            corpus,
            current: HashMap::new(),
            diffs: HashMap::new(),
        }
    }

    fn place(&mut self, finding: &Finding) -> Placed {
        let exact = self
            .corpus
            .find_reference(&finding.policy)
            .filter(|&p| self.corpus.meta(p).reference() == finding.policy)
            .last();
        let Some(p) = exact else {
            return (None, Status::Orphaned);
        };
        let Some(hash) = finding.snapshot.clone() else {
            return by_text(self.corpus.policy(p), p, finding);
        };
        let now = self
            .current
            .entry(p)
            .or_insert_with(|| PolicyText::of(self.corpus.policy(p)).hash());
        if *now == hash {
            return by_text(self.corpus.policy(p), p, finding);
        }
        let (session, corpus) = (self.session, self.corpus);
        let entry = self.diffs.entry((hash.clone(), p)).or_insert_with(|| {
            let text = session.texts.get(&hash).filter(|t| t.is_consistent())?;
            let then = text.to_policy(corpus.policy(p).meta.clone());
            let diff = versions::diff(&then, corpus.policy(p));
            Some((then, diff))
        });
        match entry {
            Some((then, diff)) => paired(then, diff, self.corpus.policy(p), p, finding),
            None => by_text(self.corpus.policy(p), p, finding),
        }
    }
}

/// Places a finding by text alone: its id if the text is still there,
/// else wherever the policy has that text, else orphaned. Used when the
/// policy text is unchanged, and for findings kept without one.
fn by_text(policy: &Policy, p: usize, finding: &Finding) -> Placed {
    let same = |c: &&crate::corpus::Clause| text_hash(&c.text) == finding.text_hash;
    if let Some(c) = policy
        .clauses
        .iter()
        .position(|c| same(&c) && policy.clause_id(c) == finding.id)
    {
        return (Some((p, c)), Status::Attached);
    }
    match policy.clauses.iter().position(|c| same(&c)) {
        Some(c) => (Some((p, c)), Status::Moved),
        None => (None, Status::Orphaned),
    }
}

/// Places a finding through the pairing of the text it was made on with
/// the text now.
fn paired(then: &Policy, diff: &Diff, now: &Policy, p: usize, finding: &Finding) -> Placed {
    let own = then
        .clauses
        .iter()
        .position(|c| then.clause_id(c) == finding.id && text_hash(&c.text) == finding.text_hash)
        .or_else(|| {
            then.clauses
                .iter()
                .position(|c| text_hash(&c.text) == finding.text_hash)
        });
    let Some(own) = own else {
        return by_text(now, p, finding);
    };
    let change = diff
        .sections
        .iter()
        .flat_map(|s| &s.clauses)
        .find(|ch| ch.old_clauses().contains(&own));
    use versions::Status as V;
    match change.map(|ch| (ch.status, ch.to)) {
        Some((V::Same | V::Moved, Some(t))) => {
            let status = if now.clause_id(&now.clauses[t]) == finding.id {
                Status::Attached
            } else {
                Status::Moved
            };
            (Some((p, t)), status)
        }
        Some((V::Changed | V::Split | V::Merged, Some(t))) => (Some((p, t)), Status::Changed),
        _ => (None, Status::Orphaned),
    }
}

/// Carries findings from older versions to the newest one of each company.
struct Carrier<'a> {
    corpus: &'a Corpus,
    /// Index of the newest version of each policy's company.
    newest: Vec<usize>,
    diffs: HashMap<usize, Diff>,
}

impl<'a> Carrier<'a> {
    fn new(corpus: &'a Corpus) -> Self {
        // Policies are sorted by company then date: the newest is the last of each run.
        let mut newest: Vec<usize> = (0..corpus.len()).collect();
        for i in (0..corpus.len().saturating_sub(1)).rev() {
            if corpus
                .meta(i)
                .company
                .eq_ignore_ascii_case(&corpus.meta(i + 1).company)
            {
                newest[i] = newest[i + 1];
            }
        }
        Carrier {
            corpus,
            newest,
            diffs: HashMap::new(),
        }
    }

    fn carry(&mut self, location: Option<(usize, usize)>, status: Status) -> Placed {
        let Some((p, c)) = location else {
            return (location, status);
        };
        let latest = self.newest[p];
        if latest == p || status == Status::Changed {
            return (location, status);
        }
        let corpus = self.corpus;
        let diff = self
            .diffs
            .entry(p)
            .or_insert_with(|| versions::diff(corpus.policy(p), corpus.policy(latest)));
        let change = diff
            .sections
            .iter()
            .flat_map(|s| &s.clauses)
            .find(|ch| ch.old_clauses().contains(&c));
        use versions::Status as V;
        match change.map(|ch| (ch.status, ch.to)) {
            Some((V::Same | V::Moved, Some(t))) => (Some((latest, t)), Status::Carried),
            Some((V::Changed | V::Split | V::Merged, Some(t))) => {
                (Some((latest, t)), Status::CarriedChanged)
            }
            _ => (None, Status::Orphaned),
        }
    }
}
