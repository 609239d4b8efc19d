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
    /// Company as written.
    pub company: &'a str,
    /// Its versions, oldest first.
    pub versions: Vec<VersionLine<'a>>,
}

/// One version of a company in `list --json`.
#[derive(Serialize)]
pub struct VersionLine<'a> {
    /// `YYYY-MM-DD`; `null` for an undated policy.
    pub date: Option<&'a str>,
    /// Document title: the first real heading, else the company.
    pub title: &'a str,
    /// Number of sections.
    pub sections: u64,
    /// Number of clauses.
    pub clauses: u64,
    /// Size of the decoded text in bytes.
    pub bytes: u64,
    /// The file: a path, `embedded:NAME` or `REPO:Service/Document.md@day`.
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
    /// Company as written.
    pub company: &'a str,
    /// `YYYY-MM-DD`; `null` for an undated policy.
    pub date: Option<&'a str>,
    /// Document title: the first real heading, else the company.
    pub title: &'a str,
    /// Clauses before the first section.
    pub preamble_clauses: usize,
    /// Top-level sections, in document order.
    pub sections: Vec<OutlineSection<'a>>,
    /// Page furniture, with `--furniture` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub furniture: Option<Vec<FurnitureLine<'a>>>,
}

/// A section of an outline, with its children.
#[derive(Serialize)]
pub struct OutlineSection<'a> {
    /// The heading as written, markup removed.
    pub title: &'a str,
    /// Depth in the tree, 1 for top-level sections.
    pub depth: usize,
    /// The section's id in the policy's own numbering (`4.2`, `s1`).
    pub path: &'a str,
    /// Clauses directly in the section (not in its children).
    pub clauses: usize,
    /// Its subsections, in document order.
    pub children: Vec<OutlineSection<'a>>,
}

/// A block kept out of the clauses as page furniture.
#[derive(Serialize)]
pub struct FurnitureLine<'a> {
    /// What it is (`navigation`, `cookie-banner`, ...).
    pub kind: FurnitureKind,
    /// The block's text.
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
    /// Citation id, `company@date/SECTION#n`.
    pub id: String,
    /// Company as written.
    pub company: &'a str,
    /// `YYYY-MM-DD`; `null` for an undated policy.
    pub date: Option<&'a str>,
    /// Section titles from the root to the clause's section (`[]` for the
    /// preamble).
    pub section: Vec<String>,
    /// `paragraph`, `list-item`, `table-row` or `quote`.
    pub kind: ClauseKind,
    /// The clause's text.
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
    /// Company as written.
    pub company: &'a str,
    /// Date of the version the best hit is in (`null`: undated).
    pub version: Option<&'a str>,
    /// The company's hits, counted as `clause search` lists them in the
    /// same scope.
    pub hits: usize,
    /// Its best clause.
    pub best: BestHit<'a>,
}

/// The best-scoring hit of a company: a clause (for a matching section
/// title, the first matching clause of its section).
#[derive(Serialize)]
pub struct BestHit<'a> {
    /// The clause's citation id.
    pub id: &'a str,
    /// `YYYY-MM-DD`; `null` for an undated policy.
    pub date: Option<&'a str>,
    /// Section titles from the root (`[]` for the preamble).
    pub section: &'a [String],
    /// The clause's text.
    pub text: &'a str,
    /// About 220 bytes of `text` around the first match, `…` where cut.
    pub snippet: &'a str,
    /// Byte ranges of matched words in `text`.
    pub highlights: &'a [ByteRange],
}

/// `clause compare --json`: one line per company.
#[derive(Serialize)]
pub struct CompareColumn<'a> {
    /// Company as written.
    pub company: &'a str,
    /// `YYYY-MM-DD`; `null` for an undated policy.
    pub date: Option<&'a str>,
    /// The version compared, `company@date`.
    pub policy: String,
    /// Its clauses on the topic, in document order.
    pub clauses: Vec<CompareClause<'a>>,
}

/// A clause of a compare column.
#[derive(Serialize)]
pub struct CompareClause<'a> {
    /// Citation id.
    pub id: String,
    /// Section titles from the root (`[]` for the preamble).
    pub section: Vec<String>,
    /// The clause's text.
    pub text: &'a str,
    /// Byte ranges of the query's words in `text` (`[]` for a category
    /// alone).
    pub highlights: &'a [ByteRange],
}

/// `clause diff --json`.
#[derive(Serialize)]
pub struct DiffDoc<'a> {
    /// The older version.
    pub from: Side<'a>,
    /// The newer version.
    pub to: Side<'a>,
    /// Sections and clauses added, removed, changed, renamed and moved.
    pub summary: &'a Summary,
    /// The preamble first, then sections in the newer version's order
    /// (removed ones where they stood).
    pub sections: Vec<DiffSection>,
}

/// One side of a diff.
#[derive(Serialize)]
pub struct Side<'a> {
    /// Company as written.
    pub company: &'a str,
    /// `YYYY-MM-DD`; `null` for an undated policy.
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
    /// `same`, `added`, `removed`, `changed` or `renamed`.
    pub status: Status,
    /// Section titles from the root in the older version; `null` for an
    /// added section or the preamble.
    pub from: Option<Vec<String>>,
    /// Section titles from the root in the newer version; `null` for a
    /// removed section or the preamble.
    pub to: Option<Vec<String>>,
    /// The clause changes of the section, in document order.
    pub clauses: Vec<DiffClause>,
}

/// A clause change of a diff.
#[derive(Serialize)]
pub struct DiffClause {
    /// `same`, `added`, `removed`, `changed`, `moved`, `split` or `merged`.
    pub status: Status,
    /// The clause's id in the older version; `null` when added.
    pub from_id: Option<String>,
    /// The clause's id in the newer version; `null` when removed.
    pub to_id: Option<String>,
    /// Ids of every older clause covered (several for a merge).
    pub from_ids: Vec<String>,
    /// Ids of every newer clause covered (several for a split).
    pub to_ids: Vec<String>,
    /// The older text (of all `from_ids`, joined); `null` when added.
    pub from_text: Option<String>,
    /// The newer text (of all `to_ids`, joined); `null` when removed.
    pub to_text: Option<String>,
    /// Word-level operations from `from_text` to `to_text` (empty unless
    /// changed, split or merged).
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
    /// Company as written.
    pub company: &'a str,
    /// `YYYY-MM-DD`; `null` for an undated policy.
    pub date: Option<&'a str>,
    /// Size of the decoded text in bytes.
    pub bytes: usize,
    /// Number of sections.
    pub sections: usize,
    /// Number of clauses.
    pub clauses: usize,
    /// Clauses added, removed, changed or moved since the version before;
    /// `null` for the first version.
    pub changed_clauses: Option<usize>,
    /// What changed since the version before; `null` for the first version.
    pub summary: Option<&'a Summary>,
}

/// `clause classify --json`: one line per text.
#[derive(Serialize)]
pub struct Classified {
    /// The categories given, best first (may be empty).
    pub categories: Vec<LabelLine>,
}

/// A category given to a text.
#[derive(Serialize)]
pub struct LabelLine {
    /// The category's short name (`retention`).
    pub name: &'static str,
    /// The model's probability that the category applies, in 0..=1.
    pub score: f32,
    /// Words and phrases that raised the score most, strongest first.
    pub cues: Vec<String>,
    /// Log-odds the clause's place in its policy added (0 for a text read
    /// alone).
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
    /// The category's short name (`first-party`).
    pub category: &'static str,
    /// Its full name (`First Party Collection/Use`).
    pub name: &'static str,
    /// Ids of the policy's clauses with the category, in document order.
    pub clauses: Vec<String>,
    /// The sections of those clauses, titles from the root joined by ` › `
    /// (`(preamble)` for the preamble), in document order.
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
    /// The query as given.
    pub query: &'a str,
    /// Companies in force whose version in force matches.
    pub matching: usize,
    /// `matching / companies`, `null` when no company is in force.
    pub share: Option<f64>,
}

/// `clause trend --companies --json`: one line per query.
#[derive(Serialize)]
pub struct TrendCompaniesLine<'a> {
    /// The query as given.
    pub query: &'a str,
    /// The day the companies are taken on, `YYYY-MM-DD`.
    pub date: String,
    /// Companies with a version in force that day.
    pub companies: usize,
    /// Companies whose version in force matches, in name order.
    pub matching: &'a [String],
    /// Companies whose version in force does not match, in name order.
    pub not_matching: &'a [String],
}
