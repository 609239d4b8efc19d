//! The parsed form of a policy: metadata, a tree of sections, and clauses.
//!
//! Invariants: sections are stored in document order and a section's
//! parent always precedes it; clauses are in document order and each names
//! the section it belongs to (`None` for text before the first section).

use serde::Serialize;
use std::ops::Range;

/// Identity and provenance of one policy version.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PolicyMeta {
    /// Company key: a domain (`atera.com`) or service name (`Zillow`).
    pub company: String,
    /// Archive date `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    /// Document title: the first real heading, else the company.
    pub title: String,
    /// Where the text came from: a file path or `embedded:NAME`.
    pub source: String,
    /// When the policy says it was last changed (`Last updated: ...`), as
    /// `YYYY-MM-DD` or `YYYY-MM`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
}

impl PolicyMeta {
    /// `company@date`, or just `company` for undated policies.
    pub fn reference(&self) -> String {
        match &self.date {
            Some(date) => format!("{}@{}", self.company, date),
            None => self.company.clone(),
        }
    }
}

/// What kind of source block a clause came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClauseKind {
    /// A paragraph of running text.
    Paragraph,
    /// One item of a bulleted or numbered list.
    ListItem,
    /// One row of a table.
    TableRow,
    /// Text inside a block quote.
    Quote,
    /// A code block.
    Code,
}

/// One node of the section tree.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Title as written, markup removed.
    pub title: String,
    /// Depth in the tree, 1 for top-level sections.
    pub depth: usize,
    /// Index of the parent section, `None` at depth 1.
    pub parent: Option<usize>,
    /// Citation id in the policy's own numbering (`10`, `4.2`, `4.2.a`;
    /// `s1`, `2.s3` for unnumbered sections; see [`super::ids`]). Unique
    /// within the policy; used in clause ids.
    pub path: String,
    /// Byte range of the heading in the source text.
    pub span: Range<usize>,
}

/// The smallest citable unit of policy text.
#[derive(Debug, Clone, Serialize)]
pub struct Clause {
    /// Index of the enclosing section; `None` for the preamble.
    pub section: Option<usize>,
    /// 1-based position among the clauses of its section.
    pub ordinal: usize,
    /// Plain text: markup removed, links keep their text.
    pub text: String,
    /// The kind of source block the clause came from.
    pub kind: ClauseKind,
    /// Byte range in the source text.
    pub span: Range<usize>,
}

/// Why a block was judged page furniture rather than policy text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FurnitureKind {
    /// The archive's note on where and when the text was captured.
    ArchiveHeader,
    /// A menu of links or a skip link.
    Navigation,
    /// A block made only of images (a logo).
    Image,
    /// A cookie consent banner.
    CookieBanner,
    /// A button label such as `Accept All`.
    Button,
    /// A copyright line of a page footer.
    Copyright,
    /// The bare URL opening a plain-text policy.
    SourceUrl,
}

/// A block of page furniture kept out of the clauses.
#[derive(Debug, Clone, Serialize)]
pub struct Furniture {
    /// Why the block was judged furniture.
    pub kind: FurnitureKind,
    /// The block's plain text.
    pub text: String,
    /// Byte range in the source text.
    pub span: Range<usize>,
}

/// One parsed policy version.
#[derive(Debug, Clone, Serialize)]
pub struct Policy {
    /// Company, date, title and source of this version.
    pub meta: PolicyMeta,
    /// The section tree, flattened in document order (parents first).
    pub sections: Vec<Section>,
    /// The clauses in document order, the preamble's first.
    pub clauses: Vec<Clause>,
    /// Page furniture kept out of the clauses, in document order.
    pub furniture: Vec<Furniture>,
    /// Size of the decoded source text in bytes.
    pub text_len: usize,
}

impl Policy {
    /// Stable, human-readable id of a clause: `company@date/4.2#3`.
    pub fn clause_id(&self, clause: &Clause) -> String {
        let path = clause
            .section
            .map(|s| self.sections[s].path.as_str())
            .unwrap_or("");
        format!("{}/{}#{}", self.meta.reference(), path, clause.ordinal)
    }

    /// The ids of some of its clauses (indexes into `clauses`).
    pub fn clause_ids(&self, clauses: &[usize]) -> Vec<String> {
        clauses
            .iter()
            .map(|&i| self.clause_id(&self.clauses[i]))
            .collect()
    }

    /// The text of some of its clauses as one, separated by spaces.
    pub fn joined_text(&self, clauses: &[usize]) -> String {
        clauses
            .iter()
            .map(|&i| self.clauses[i].text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Titles from the root down to `section`.
    pub fn section_titles(&self, section: Option<usize>) -> Vec<String> {
        let mut titles = Vec::new();
        let mut cursor = section;
        while let Some(index) = cursor {
            titles.push(self.sections[index].title.clone());
            cursor = self.sections[index].parent;
        }
        titles.reverse();
        titles
    }

    /// Indexes of the direct children of `section` (`None`: top level).
    pub fn children(&self, section: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        self.sections
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.parent == section)
            .map(|(i, _)| i)
    }

    /// Clauses directly in `section` (`None`: the preamble).
    pub fn clauses_in(&self, section: Option<usize>) -> impl Iterator<Item = &Clause> + '_ {
        self.clauses.iter().filter(move |c| c.section == section)
    }

    /// Indexes of `section` and all sections below it.
    pub fn subtree(&self, section: usize) -> Vec<usize> {
        let mut out = vec![section];
        let depth = self.sections[section].depth;
        for (i, s) in self.sections.iter().enumerate().skip(section + 1) {
            if s.depth <= depth {
                break;
            }
            out.push(i);
        }
        out
    }

    /// Finds a section by its citation id (`4.2`; letters and roman
    /// numerals in any case).
    pub fn section_by_path(&self, path: &str) -> Option<usize> {
        self.sections
            .iter()
            .position(|s| s.path == path)
            .or_else(|| {
                self.sections
                    .iter()
                    .position(|s| s.path.eq_ignore_ascii_case(path))
            })
    }
}
