//! The review session: findings (a flag label and/or a note on a clause),
//! reviewed marks on sections, the last position, saved queries, and the
//! policy texts the findings were made on.
//!
//! Invariants: a finding is only removed by an explicit removal, or when
//! both its label and its note are cleared; changing one part of a finding
//! (label, note) keeps the others, including the clause text it was made
//! on, so a finding never silently moves to other text.

use super::snapshot::PolicyText;
use crate::corpus::{Corpus, Policy};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The `format` value that marks a file as a clause review session.
pub const FORMAT: &str = "clause-review";
/// Version of the session file layout written now. Version 1 (findings
/// keyed by clause id, no policy texts) is read and migrated.
pub const VERSION: u32 = 2;
/// Flag labels of a new session.
pub const DEFAULT_LABELS: &[&str] = &["concern", "good", "unclear", "follow-up"];

/// A flag and/or note on one clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The clause id when the finding was made (`company@date/4.2#1`).
    pub id: String,
    /// Flag label; `None` for a note without a flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Free-text note; empty for a flag without a note.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Hash of the clause text the finding was made on.
    pub text_hash: String,
    /// The clause text it was made on (quoted in exports, kept if the clause goes).
    pub text: String,
    /// `company@date` of the version it was made on.
    pub policy: String,
    /// Section titles from the root, when it was made.
    #[serde(default)]
    pub section: Vec<String>,
    /// Content hash of the policy text it was made on (a key of
    /// [`Session::texts`]); `None` for findings migrated from version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<String>,
    /// Seconds since the epoch of the last change.
    pub updated: u64,
}

impl Finding {
    /// Whether it still holds anything (a label or a note).
    pub fn is_empty(&self) -> bool {
        self.label.is_none() && self.note.trim().is_empty()
    }
}

/// Where the reviewer was.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// `company@date`.
    pub policy: String,
    /// Section position path, if a section was selected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// First document line shown, in wrapped lines.
    #[serde(default)]
    pub scroll: usize,
    /// The search box's query; empty when there was none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub query: String,
    /// Only tree nodes with hits were shown (`f`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub only_hits: bool,
    /// Expanded tree nodes: `company`, `company@date`, `company@date#section`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expanded: Vec<String>,
    /// The search hit `n` / `N` stood on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hit: Option<usize>,
}

/// How the reviewer laid out the browser.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewLayout {
    /// The category badge lines under clauses are hidden.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hide_badges: bool,
    /// The tree pane's width in columns, if the reviewer set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tree_width: Option<u16>,
}

impl ViewLayout {
    /// True for the layout a new session starts with.
    pub fn is_default(&self) -> bool {
        *self == ViewLayout::default()
    }
}

/// A review session as stored on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Always [`FORMAT`].
    pub format: String,
    /// Version of the file layout ([`VERSION`] when saved).
    pub version: u32,
    /// The corpus it reviews (`embedded` or a path), for the user's information.
    pub corpus: String,
    /// The flag labels offered, in the order the picker shows them.
    pub labels: Vec<String>,
    /// Findings in the order they were made.
    pub findings: Vec<Finding>,
    /// Ids of sections marked reviewed (`company@date/4.2`; `company@date/` is the preamble).
    pub reviewed: BTreeSet<String>,
    /// Where the reviewer was when the browser last closed; `None` before
    /// the first close.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// How the browser was laid out: badge lines, tree width.
    #[serde(default, skip_serializing_if = "ViewLayout::is_default")]
    pub layout: ViewLayout,
    /// Queries searched, oldest first, each once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<String>,
    /// Saved queries: the review checklist.
    #[serde(default)]
    pub queries: Vec<String>,
    /// Policy texts the findings were made on, by content hash.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub texts: BTreeMap<String, PolicyText>,
}

impl Session {
    /// An empty session for `corpus`.
    pub fn new(corpus: &str) -> Session {
        Session {
            format: FORMAT.to_string(),
            version: VERSION,
            corpus: corpus.to_string(),
            labels: DEFAULT_LABELS.iter().map(|s| s.to_string()).collect(),
            findings: Vec::new(),
            reviewed: BTreeSet::new(),
            position: None,
            layout: ViewLayout::default(),
            history: Vec::new(),
            queries: Vec::new(),
            texts: BTreeMap::new(),
        }
    }

    /// Starts an empty finding on clause `clause` of `policy`, keeping the
    /// policy's text for re-anchoring; returns its index. Give it a label
    /// or a note, then call [`Session::drop_if_empty`].
    pub fn add(&mut self, policy: &Policy, clause: usize) -> usize {
        let c = &policy.clauses[clause];
        let text = PolicyText::of(policy);
        let hash = text.hash();
        self.texts.entry(hash.clone()).or_insert(text);
        self.findings.push(Finding {
            id: policy.clause_id(c),
            label: None,
            note: String::new(),
            text_hash: text_hash(&c.text),
            text: c.text.clone(),
            policy: policy.meta.reference(),
            section: policy.section_titles(c.section),
            snapshot: Some(hash),
            updated: now(),
        });
        self.findings.len() - 1
    }

    /// Sets the label of finding `index`, keeping its note.
    pub fn set_label(&mut self, index: usize, label: Option<String>) {
        if let Some(f) = self.findings.get_mut(index) {
            f.label = label;
            f.updated = now();
        }
    }

    /// Sets the note of finding `index`, keeping its label.
    pub fn set_note(&mut self, index: usize, note: String) {
        if let Some(f) = self.findings.get_mut(index) {
            f.note = note;
            f.updated = now();
        }
    }

    /// Removes finding `index` if it holds neither label nor note; whether it did.
    pub fn drop_if_empty(&mut self, index: usize) -> bool {
        if self.findings.get(index).is_some_and(Finding::is_empty) {
            self.findings.remove(index);
            true
        } else {
            false
        }
    }

    /// Sets or clears the reviewed mark of a section id; whether it changed.
    pub fn set_reviewed(&mut self, section_id: &str, on: bool) -> bool {
        if on {
            self.reviewed.insert(section_id.to_string())
        } else {
            self.reviewed.remove(section_id)
        }
    }

    /// Drops policy texts no finding refers to any more.
    pub fn compact(&mut self) {
        let used: BTreeSet<&String> = self
            .findings
            .iter()
            .filter_map(|f| f.snapshot.as_ref())
            .collect();
        self.texts.retain(|hash, _| used.contains(hash));
    }

    /// Keeps the policy text of findings made before texts were kept (format
    /// version 1) whose clause is still unchanged under its id: from then
    /// on they follow their text through later edits.
    pub fn adopt(&mut self, corpus: &Corpus) {
        for i in 0..self.findings.len() {
            let finding = &self.findings[i];
            if finding.snapshot.is_some() {
                continue;
            }
            let Some(policy) = corpus
                .find_reference(&finding.policy)
                .find(|&p| corpus.meta(p).reference() == finding.policy)
                .map(|p| corpus.policy(p))
            else {
                continue;
            };
            let unchanged = policy.clauses.iter().any(|c| {
                policy.clause_id(c) == finding.id && text_hash(&c.text) == finding.text_hash
            });
            if unchanged {
                let text = PolicyText::of(policy);
                let hash = text.hash();
                self.texts.entry(hash.clone()).or_insert(text);
                self.findings[i].snapshot = Some(hash);
            }
        }
    }
}

/// Seconds since the epoch.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The hash that ties a finding to its clause text (whitespace-insensitive).
pub fn text_hash(text: &str) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    blake3::hash(folded.as_bytes()).to_hex()[..16].to_string()
}

/// Id of a section for reviewed marks: `company@date/4.2`.
pub fn section_id(policy: &Policy, section: Option<usize>) -> String {
    let path = section.map_or("", |s| policy.sections[s].path.as_str());
    format!("{}/{}", policy.meta.reference(), path)
}

/// Reviewed sections of a policy and how many it has.
pub fn progress(session: &Session, policy: &Policy) -> (usize, usize) {
    let mut units: Vec<Option<usize>> = (0..policy.sections.len()).map(Some).collect();
    if policy.clauses_in(None).next().is_some() || units.is_empty() {
        units.push(None);
    }
    let done = units
        .iter()
        .filter(|s| session.reviewed.contains(&section_id(policy, **s)))
        .count();
    (done, units.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_written_before_layout_history_and_filters_still_reads() {
        let old = r#"{"format":"clause-review","version":2,"corpus":"embedded",
            "labels":["concern"],"findings":[],"reviewed":[],
            "position":{"policy":"Reddit@2020-07-29","scroll":12,"query":"cookies"},
            "queries":[]}"#;
        let session: Session = serde_json::from_str(old).expect("old session reads");
        let position = session.position.expect("position kept");
        assert_eq!((position.scroll, position.query.as_str()), (12, "cookies"));
        assert!(!position.only_hits && position.expanded.is_empty() && position.hit.is_none());
        assert!(session.layout.is_default() && session.history.is_empty());
    }
}
