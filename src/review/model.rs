//! The review session: flags, notes and reviewed marks keyed by clause id
//! plus a hash of the clause text, the last position, and saved queries.
//!
//! Invariant: a finding is never dropped. When the policy text changes, a
//! finding re-attaches to the clause with the same text (moved), stays on
//! its id with a "changed since review" status, or is kept as orphaned with
//! the text it was made on.

use crate::corpus::{Corpus, Policy};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The `format` value that marks a file as a clause review session.
pub const FORMAT: &str = "clause-review";
/// Version of the session file layout.
pub const VERSION: u32 = 1;
/// Flag labels of a new session.
pub const DEFAULT_LABELS: &[&str] = &["concern", "good", "unclear", "follow-up"];

/// A flag and/or note on one clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Flag label; `None` for a note without a flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
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
    /// Seconds since the epoch of the last change.
    pub updated: u64,
}

/// Where the reviewer was.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// `company@date`.
    pub policy: String,
    /// Section position path, if a section was selected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(default)]
    pub scroll: usize,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub query: String,
}

/// A review session as stored on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub format: String,
    pub version: u32,
    /// The corpus it reviews (`embedded` or a path), for the user's information.
    pub corpus: String,
    pub labels: Vec<String>,
    /// Findings by clause id.
    pub findings: BTreeMap<String, Finding>,
    /// Ids of sections marked reviewed (`company@date/4.2`; `company@date/` is the preamble).
    pub reviewed: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// Saved queries: the review checklist.
    #[serde(default)]
    pub queries: Vec<String>,
}

impl Session {
    /// An empty session for `corpus`.
    pub fn new(corpus: &str) -> Session {
        Session {
            format: FORMAT.to_string(),
            version: VERSION,
            corpus: corpus.to_string(),
            labels: DEFAULT_LABELS.iter().map(|s| s.to_string()).collect(),
            findings: BTreeMap::new(),
            reviewed: BTreeSet::new(),
            position: None,
            queries: Vec::new(),
        }
    }

    /// Sets (or with `None` and an empty note, removes) the finding on a clause.
    pub fn set_finding(
        &mut self,
        id: &str,
        policy: &Policy,
        clause: usize,
        label: Option<String>,
        note: String,
    ) {
        if label.is_none() && note.trim().is_empty() {
            self.findings.remove(id);
            return;
        }
        let c = &policy.clauses[clause];
        self.findings.insert(
            id.to_string(),
            Finding {
                label,
                note,
                text_hash: text_hash(&c.text),
                text: c.text.clone(),
                policy: policy.meta.reference(),
                section: policy.section_titles(c.section),
                updated: now(),
            },
        );
    }

    /// Toggles the reviewed mark of a section id; returns the new state.
    pub fn toggle_reviewed(&mut self, section_id: &str) -> bool {
        if self.reviewed.remove(section_id) {
            false
        } else {
            self.reviewed.insert(section_id.to_string());
            true
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

/// How a finding relates to the current corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Same id, same text.
    Attached,
    /// Same text found under another id in the same policy.
    Moved,
    /// Same id, but the text is different now.
    Changed,
    /// Neither id nor text is in the corpus any more, or the clause was
    /// removed in the newest version of the company.
    Orphaned,
    /// Made on an older version; the newest version has the same text.
    Carried,
    /// Made on an older version; the aligned clause of the newest version
    /// has other text (the text it was made on is kept).
    CarriedChanged,
}

/// A finding placed in the current corpus.
#[derive(Debug, Clone)]
pub struct Anchored {
    /// The id it is stored under.
    pub stored_id: String,
    /// The clause it points at now (policy, clause index), if any.
    pub location: Option<(usize, usize)>,
    pub status: Status,
}

/// Clause ids of a corpus: id → (policy, clause index).
pub fn clause_ids(corpus: &Corpus) -> HashMap<String, (usize, usize)> {
    let mut ids = HashMap::new();
    for (p, policy) in corpus.policies.iter().enumerate() {
        for (c, clause) in policy.clauses.iter().enumerate() {
            ids.insert(policy.clause_id(clause), (p, c));
        }
    }
    ids
}

/// Places every finding of the session in the corpus; findings made on an
/// older version of a company follow their clause to the newest version.
pub fn anchor(
    session: &Session,
    corpus: &Corpus,
    ids: &HashMap<String, (usize, usize)>,
) -> Vec<Anchored> {
    let mut carrier = Carrier::new(corpus);
    session
        .findings
        .iter()
        .map(|(id, finding)| carrier.carry(place(corpus, ids, id, finding)))
        .collect()
}

/// Places one finding in the version it was made on.
fn place(
    corpus: &Corpus,
    ids: &HashMap<String, (usize, usize)>,
    id: &str,
    finding: &Finding,
) -> Anchored {
    let at = ids.get(id).copied();
    let same_text = |(p, c): (usize, usize)| {
        text_hash(&corpus.policies[p].clauses[c].text) == finding.text_hash
    };
    let (location, status) = match at {
        Some(loc) if same_text(loc) => (Some(loc), Status::Attached),
        _ => match moved_to(corpus, finding) {
            Some(loc) => (Some(loc), Status::Moved),
            None => match at {
                Some(loc) => (Some(loc), Status::Changed),
                None => (None, Status::Orphaned),
            },
        },
    };
    Anchored {
        stored_id: id.to_string(),
        location,
        status,
    }
}

/// Carries findings from older versions to the newest one of each company.
struct Carrier<'a> {
    corpus: &'a Corpus,
    /// Index of the newest version of each policy's company.
    newest: Vec<usize>,
    diffs: HashMap<usize, crate::versions::Diff>,
}

impl<'a> Carrier<'a> {
    fn new(corpus: &'a Corpus) -> Self {
        // Policies are sorted by company then date: the newest is the last of each run.
        let mut newest: Vec<usize> = (0..corpus.policies.len()).collect();
        for i in (0..corpus.policies.len().saturating_sub(1)).rev() {
            if corpus.policies[i]
                .meta
                .company
                .eq_ignore_ascii_case(&corpus.policies[i + 1].meta.company)
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

    fn carry(&mut self, placed: Anchored) -> Anchored {
        let Some((p, c)) = placed.location else {
            return placed;
        };
        let latest = self.newest[p];
        if latest == p || placed.status == Status::Changed {
            return placed;
        }
        let corpus = self.corpus;
        let diff = self.diffs.entry(p).or_insert_with(|| {
            crate::versions::diff(&corpus.policies[p], &corpus.policies[latest])
        });
        let change = diff
            .sections
            .iter()
            .flat_map(|s| &s.clauses)
            .find(|ch| ch.old_clauses().contains(&c));
        use crate::versions::Status as V;
        let (location, status) = match change.map(|ch| (ch.status, ch.to)) {
            Some((V::Same | V::Moved, Some(t))) => (Some((latest, t)), Status::Carried),
            Some((V::Changed | V::Split | V::Merged, Some(t))) => {
                (Some((latest, t)), Status::CarriedChanged)
            }
            _ => (None, Status::Orphaned),
        };
        Anchored {
            stored_id: placed.stored_id,
            location,
            status,
        }
    }
}

/// The clause of the finding's policy that now has the finding's text.
fn moved_to(corpus: &Corpus, finding: &Finding) -> Option<(usize, usize)> {
    let p = corpus
        .policies
        .iter()
        .position(|p| p.meta.reference() == finding.policy)?;
    let c = corpus.policies[p]
        .clauses
        .iter()
        .position(|c| text_hash(&c.text) == finding.text_hash)?;
    Some((p, c))
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
