//! The JSON the CLI prints, one typed shape per command (documented with
//! examples in docs/json.md). Field names are a contract scripts rely on:
//! fields may be added, never renamed or removed.

use crate::categories::{Category, Label};
use crate::corpus::model::{ClauseKind, FurnitureKind};
use crate::corpus::{Clause, Policy};
use crate::text::ByteRange;
use crate::versions::{Diff, Status, Summary, WordOp};
use serde::Serialize;

/// `clause list --json`: one line per company.
#[derive(Serialize)]
pub struct CompanyLine<'a> {
    pub company: &'a str,
    pub versions: Vec<VersionLine<'a>>,
}

/// One version of a company in `list --json`.
#[derive(Serialize)]
pub struct VersionLine<'a> {
    pub date: Option<&'a str>,
    pub title: &'a str,
    pub sections: u64,
    pub clauses: u64,
    pub bytes: u64,
    pub source: &'a str,
}

impl<'a> VersionLine<'a> {
    /// The line for one version as the index's catalog records it.
    pub fn from_catalog(v: &crate::index::catalog::Version<'a>) -> Self {
        VersionLine {
            date: v.policy.date.as_deref(),
            title: &v.policy.title,
            sections: u64::from(v.policy.sections),
            clauses: u64::from(v.policy.clauses),
            bytes: v.policy.bytes,
            source: v.source,
        }
    }
}

/// `clause outline --json`.
#[derive(Serialize)]
pub struct Outline<'a> {
    pub company: &'a str,
    pub date: Option<&'a str>,
    pub title: &'a str,
    pub preamble_clauses: usize,
    pub sections: Vec<OutlineSection<'a>>,
    /// Page furniture, with `--furniture` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub furniture: Option<Vec<FurnitureLine<'a>>>,
}

/// A section of an outline, with its children.
#[derive(Serialize)]
pub struct OutlineSection<'a> {
    pub title: &'a str,
    pub depth: usize,
    pub path: &'a str,
    pub clauses: usize,
    pub children: Vec<OutlineSection<'a>>,
}

/// A block kept out of the clauses as page furniture.
#[derive(Serialize)]
pub struct FurnitureLine<'a> {
    pub kind: FurnitureKind,
    pub text: &'a str,
}

impl<'a> Outline<'a> {
    /// The outline of `policy`, with its furniture when asked.
    pub fn new(policy: &'a Policy, furniture: bool) -> Self {
        Outline {
            company: &policy.meta.company,
            date: policy.meta.date.as_deref(),
            title: &policy.meta.title,
            preamble_clauses: policy.clauses_in(None).count(),
            sections: sections(policy, None),
            furniture: furniture.then(|| {
                policy
                    .furniture
                    .iter()
                    .map(|f| FurnitureLine {
                        kind: f.kind,
                        text: &f.text,
                    })
                    .collect()
            }),
        }
    }
}

fn sections(policy: &Policy, parent: Option<usize>) -> Vec<OutlineSection<'_>> {
    policy
        .children(parent)
        .map(|i| {
            let s = &policy.sections[i];
            OutlineSection {
                title: &s.title,
                depth: s.depth,
                path: &s.path,
                clauses: policy.clauses_in(Some(i)).count(),
                children: sections(policy, Some(i)),
            }
        })
        .collect()
}

/// `clause show --json`: one line per clause.
#[derive(Serialize)]
pub struct ClauseLine<'a> {
    pub id: String,
    pub company: &'a str,
    pub date: Option<&'a str>,
    pub section: Vec<String>,
    pub kind: ClauseKind,
    pub text: &'a str,
}

impl<'a> ClauseLine<'a> {
    /// The line for one clause of `policy`.
    pub fn new(policy: &'a Policy, clause: &'a Clause) -> Self {
        ClauseLine {
            id: policy.clause_id(clause),
            company: &policy.meta.company,
            date: policy.meta.date.as_deref(),
            section: policy.section_titles(clause.section),
            kind: clause.kind,
            text: &clause.text,
        }
    }
}

/// `clause search --by-company --json`: one line per company.
#[derive(Serialize)]
pub struct CompanyHits<'a> {
    pub company: &'a str,
    /// Date of the version the best hit is in (`null`: undated).
    pub version: Option<&'a str>,
    pub hits: usize,
    pub best: BestHit<'a>,
}

/// The best-scoring hit of a company: a clause (for a matching section
/// title, the first matching clause of its section).
#[derive(Serialize)]
pub struct BestHit<'a> {
    pub id: &'a str,
    pub date: Option<&'a str>,
    pub section: &'a [String],
    pub text: &'a str,
    pub snippet: &'a str,
    /// Byte ranges of matched words in `text`.
    pub highlights: &'a [ByteRange],
}

/// `clause compare --json`: one line per company.
#[derive(Serialize)]
pub struct CompareColumn<'a> {
    pub company: &'a str,
    pub date: Option<&'a str>,
    pub policy: String,
    pub clauses: Vec<CompareClause<'a>>,
}

/// A clause of a compare column.
#[derive(Serialize)]
pub struct CompareClause<'a> {
    pub id: String,
    pub section: Vec<String>,
    pub text: &'a str,
    pub highlights: &'a [ByteRange],
}

/// `clause diff --json`.
#[derive(Serialize)]
pub struct DiffDoc<'a> {
    pub from: Side<'a>,
    pub to: Side<'a>,
    pub summary: &'a Summary,
    pub sections: Vec<DiffSection>,
}

/// One side of a diff.
#[derive(Serialize)]
pub struct Side<'a> {
    pub company: &'a str,
    pub date: Option<&'a str>,
}

impl<'a> Side<'a> {
    /// The side for `policy`.
    pub fn new(policy: &'a Policy) -> Self {
        Side {
            company: &policy.meta.company,
            date: policy.meta.date.as_deref(),
        }
    }
}

/// A section of a diff.
#[derive(Serialize)]
pub struct DiffSection {
    pub status: Status,
    pub from: Option<Vec<String>>,
    pub to: Option<Vec<String>>,
    pub clauses: Vec<DiffClause>,
}

/// A clause change of a diff.
#[derive(Serialize)]
pub struct DiffClause {
    pub status: Status,
    pub from_id: Option<String>,
    pub to_id: Option<String>,
    pub from_ids: Vec<String>,
    pub to_ids: Vec<String>,
    pub from_text: Option<String>,
    pub to_text: Option<String>,
    pub ops: Vec<WordOp>,
}

impl<'a> DiffDoc<'a> {
    /// The diff of `old` to `new`.
    pub fn new(old: &'a Policy, new: &'a Policy, diff: &'a Diff) -> Self {
        let sections = diff
            .sections
            .iter()
            .map(|s| DiffSection {
                status: s.status,
                from: s.from.map(|i| old.section_titles(Some(i))),
                to: s.to.map(|i| new.section_titles(Some(i))),
                clauses: s
                    .clauses
                    .iter()
                    .map(|c| {
                        let (olds, news) = (c.old_clauses(), c.new_clauses());
                        DiffClause {
                            status: c.status,
                            from_id: c.from.map(|i| old.clause_id(&old.clauses[i])),
                            to_id: c.to.map(|i| new.clause_id(&new.clauses[i])),
                            from_ids: old.clause_ids(&olds),
                            to_ids: new.clause_ids(&news),
                            from_text: c.from.map(|_| old.joined_text(&olds)),
                            to_text: c.to.map(|_| new.joined_text(&news)),
                            ops: c.ops.clone(),
                        }
                    })
                    .collect(),
            })
            .collect();
        DiffDoc {
            from: Side::new(old),
            to: Side::new(new),
            summary: &diff.summary,
            sections,
        }
    }
}

/// `clause versions --json`: one line per version.
#[derive(Serialize)]
pub struct VersionChanges<'a> {
    pub company: &'a str,
    pub date: Option<&'a str>,
    pub bytes: usize,
    pub sections: usize,
    pub clauses: usize,
    pub changed_clauses: Option<usize>,
    pub summary: Option<&'a Summary>,
}

/// `clause classify --json`: one line per text.
#[derive(Serialize)]
pub struct Classified {
    pub categories: Vec<LabelLine>,
}

/// A category given to a text.
#[derive(Serialize)]
pub struct LabelLine {
    pub name: &'static str,
    pub score: f32,
    pub cues: Vec<String>,
    pub context: f32,
}

impl Classified {
    /// The labels of one text.
    pub fn new(labels: &[Label]) -> Self {
        Classified {
            categories: labels
                .iter()
                .map(|l| LabelLine {
                    name: l.category.short_name(),
                    score: l.score,
                    cues: l.cues.clone(),
                    context: l.context,
                })
                .collect(),
        }
    }
}

/// `clause categories --json`: one line per category.
#[derive(Serialize)]
pub struct CategoryLine<'a> {
    pub category: &'static str,
    pub name: &'static str,
    pub clauses: Vec<String>,
    pub sections: &'a [String],
}

impl<'a> CategoryLine<'a> {
    /// The line for `category` with its clause ids and section paths.
    pub fn new(category: Category, clauses: Vec<String>, sections: &'a [String]) -> Self {
        CategoryLine {
            category: category.short_name(),
            name: category.name(),
            clauses,
            sections,
        }
    }
}

/// `clause trend --json`: one line per step.
#[derive(Serialize)]
pub struct TrendLine<'a> {
    /// `2019`, `2019-Q2` or `2019-04`.
    pub step: &'a str,
    /// The day the step is measured on (its period's last day).
    pub date: String,
    /// Companies with a version in force that day.
    pub companies: usize,
    /// Per query, in the order given.
    pub queries: Vec<TrendCount<'a>>,
}

/// One query's numbers at one step of `trend --json`.
#[derive(Serialize)]
pub struct TrendCount<'a> {
    pub query: &'a str,
    /// Companies in force whose version in force matches.
    pub matching: usize,
    /// `matching / companies`, `null` when no company is in force.
    pub share: Option<f64>,
}

/// `clause trend --companies --json`: one line per query.
#[derive(Serialize)]
pub struct TrendCompaniesLine<'a> {
    pub query: &'a str,
    pub date: String,
    /// Companies with a version in force that day.
    pub companies: usize,
    pub matching: &'a [String],
    pub not_matching: &'a [String],
}
