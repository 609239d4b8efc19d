//! The corpus: policies loaded from a directory or the embedded default
//! set, grouped by company and ordered by date, with lookup by reference.

pub mod blocks;
pub mod furniture;
pub mod glued;
pub mod headings;
pub mod ids;
pub mod load;
pub mod meta;
pub mod model;
pub mod outline;
pub mod plain;
pub mod sanitize;
pub mod titles;

use crate::error::{closest, Error, Result};
use crate::text::noun;
pub use load::{LoadOptions, LoadWarning};
pub use model::{Clause, Policy, Section};
use std::path::{Path, PathBuf};

/// Version of the parser's output (section trees, clauses, clause ids):
/// raise it with any change to what the parser produces, so that indexes
/// built by an older clause are rebuilt.
pub const PARSER_VERSION: u32 = 4;

/// Where a corpus comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CorpusSource {
    /// The policies compiled into the binary.
    Embedded,
    /// A directory (walked recursively) or a single file.
    Path(PathBuf),
}

/// A loaded corpus.
pub struct Corpus {
    pub source: CorpusSource,
    /// Policies ordered by company (case-insensitive) then date.
    pub policies: Vec<Policy>,
    pub warnings: Vec<LoadWarning>,
}

/// One company and its versions, oldest first.
pub struct Company<'a> {
    pub name: &'a str,
    pub versions: Vec<&'a Policy>,
}

impl Corpus {
    /// Loads and parses every policy of `source`.
    pub fn load(source: &CorpusSource, options: LoadOptions) -> Result<Corpus> {
        let (policies, warnings) = match source {
            CorpusSource::Embedded => load::load_embedded(),
            CorpusSource::Path(path) => {
                let paths = load::policy_paths(path).map_err(|source| Error::BadCorpus {
                    path: path.clone(),
                    reason: source,
                })?;
                load::load_paths(&paths, options)
            }
        };
        Ok(Corpus::from_policies(source.clone(), policies, warnings))
    }

    /// Loads only the policies of some companies (names compared without
    /// case): much faster than [`Corpus::load`] on a large corpus. Files
    /// that cannot be read are left out without a warning.
    pub fn load_companies(
        source: &CorpusSource,
        companies: &[&str],
        options: LoadOptions,
    ) -> Result<Corpus> {
        let keys: Vec<String> = companies.iter().map(|c| c.to_lowercase()).collect();
        let (policies, warnings) = match source {
            CorpusSource::Embedded => {
                let (all, warnings) = load::load_embedded();
                let mine = all
                    .into_iter()
                    .filter(|p| keys.contains(&p.meta.company.to_lowercase()))
                    .collect();
                (mine, warnings)
            }
            CorpusSource::Path(path) => {
                let paths = load::policy_paths(path).map_err(|source| Error::BadCorpus {
                    path: path.clone(),
                    reason: source,
                })?;
                load::load_companies(&paths, &keys, options)
            }
        };
        Ok(Corpus::from_policies(source.clone(), policies, warnings))
    }

    /// Builds a corpus from parsed policies, sorting them.
    pub fn from_policies(
        source: CorpusSource,
        mut policies: Vec<Policy>,
        warnings: Vec<LoadWarning>,
    ) -> Corpus {
        policies.sort_by_key(sort_key);
        Corpus {
            source,
            policies,
            warnings,
        }
    }

    /// Companies with their versions, in name order.
    pub fn companies(&self) -> Vec<Company<'_>> {
        let mut out: Vec<Company<'_>> = Vec::new();
        for policy in &self.policies {
            match out.last_mut() {
                Some(c) if c.name.eq_ignore_ascii_case(&policy.meta.company) => {
                    c.versions.push(policy)
                }
                _ => out.push(Company {
                    name: &policy.meta.company,
                    versions: vec![policy],
                }),
            }
        }
        out
    }

    /// Finds a policy by `company` (its latest version) or `company@date`.
    pub fn resolve(&self, reference: &str) -> Result<&Policy> {
        let (company, date) = match reference.rsplit_once('@') {
            Some((c, d)) => (c, Some(d)),
            None => (reference, None),
        };
        let versions: Vec<&Policy> = self
            .policies
            .iter()
            .filter(|p| p.meta.company.eq_ignore_ascii_case(company))
            .collect();
        let found = match date {
            Some(d) => versions
                .iter()
                .find(|p| p.meta.date.as_deref() == Some(d))
                .copied(),
            None => versions.last().copied(),
        };
        found.ok_or_else(|| {
            let candidates: Vec<String> = if versions.is_empty() {
                self.companies()
                    .iter()
                    .map(|c| c.name.to_string())
                    .collect()
            } else {
                versions.iter().map(|p| p.meta.reference()).collect()
            };
            Error::UnknownPolicy {
                query: reference.to_string(),
                suggestions: closest(reference, candidates.iter().map(String::as_str), 5),
            }
        })
    }

    /// One-line summary of what was loaded.
    pub fn summary(&self) -> String {
        let skipped = self
            .warnings
            .iter()
            .filter(|w| matches!(w, LoadWarning::Skipped { .. }))
            .count();
        let lossy = self.warnings.len() - skipped;
        let (policies, companies) = (self.policies.len(), self.companies().len());
        format!(
            "loaded {policies} {} of {companies} {} ({skipped} skipped, {lossy} decoded as Windows-1252)",
            noun(policies, "policy", "policies"),
            noun(companies, "company", "companies"),
        )
    }
}

fn sort_key(policy: &Policy) -> (String, String, String) {
    (
        policy.meta.company.to_lowercase(),
        policy.meta.date.clone().unwrap_or_default(),
        policy.meta.source.clone(),
    )
}

/// Loads a single policy file given on the command line.
pub fn load_single_file(path: &Path, options: LoadOptions) -> Result<(Policy, Vec<LoadWarning>)> {
    let display = path.display().to_string();
    let file = load::read_file(path, options).map_err(|reason| Error::Unloadable {
        path: display.clone(),
        reason: reason.to_string(),
    })?;
    match load::parse_file(&file) {
        (Some(policy), warnings) => Ok((policy, warnings)),
        (None, warnings) => Err(Error::Unloadable {
            path: display,
            reason: warnings
                .iter()
                .find_map(|w| match w {
                    LoadWarning::Skipped { reason, .. } => Some(reason.to_string()),
                    _ => None,
                })
                .unwrap_or_else(|| "cannot be parsed".to_string()),
        }),
    }
}

/// Finds a section of `policy` by position path (`4.2`) or title.
pub fn find_section(policy: &Policy, query: &str) -> Result<usize> {
    if let Some(i) = policy.section_by_path(query) {
        return Ok(i);
    }
    let lower = query.to_lowercase();
    let exact = policy
        .sections
        .iter()
        .position(|s| s.title.to_lowercase() == lower);
    let number = policy.sections.iter().position(|s| {
        s.title
            .split_whitespace()
            .next()
            .map(|w| w.trim_end_matches('.'))
            == Some(query)
    });
    let partial = policy
        .sections
        .iter()
        .position(|s| s.title.to_lowercase().contains(&lower));
    exact
        .or(number)
        .or(partial)
        .ok_or_else(|| Error::UnknownSection {
            policy: policy.meta.reference(),
            query: query.to_string(),
            suggestions: closest(query, policy.sections.iter().map(|s| s.title.as_str()), 5),
        })
}
