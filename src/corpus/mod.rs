//! The corpus: policies loaded from a directory or the embedded default
//! set, grouped by company and ordered by date, with lookup by reference.

pub mod blocks;
pub mod edges;
pub mod furniture;
pub mod glued;
pub mod headings;
pub mod ids;
mod lazy;
pub mod load;
pub mod meta;
pub mod model;
pub mod outline;
pub mod plain;
pub mod repository;
pub mod sanitize;
pub mod titles;

use crate::error::{closest, Error, Result};
use crate::text::noun;
use lazy::Slot;
pub use lazy::{Listing, Opener};
pub use load::{LoadOptions, LoadWarning};
pub use model::{Clause, Policy, PolicyMeta, Section};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Version of the parser's output (section trees, clauses, clause ids):
/// raise it with any change to what the parser produces, so that indexes
/// built by an older clause are rebuilt.
pub const PARSER_VERSION: u32 = 19;

/// Where a corpus comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CorpusSource {
    /// The policies compiled into the binary.
    Embedded,
    /// A directory (walked recursively) or a single file.
    Path(PathBuf),
    /// A git repository of `<Service>/<Document>.md` files, read as the
    /// history of the selected documents.
    Git {
        /// The repository's path.
        repo: PathBuf,
        /// Which documents of each service are read.
        documents: crate::inputs::git::Documents,
    },
}

impl CorpusSource {
    /// The source for `path`: a git repository holding
    /// `<Service>/<Document>.md` files (or any bare one) is read as a
    /// history; anything else as files. `documents` (when given) forces
    /// the history reading.
    pub fn for_path(path: &Path, documents: Option<crate::inputs::git::Documents>) -> CorpusSource {
        use crate::inputs::git;
        let history = documents.is_some()
            || (git::is_repository(path)
                && (!path.join(".git").exists()
                    || git::open(path).is_ok_and(|repo| git::has_documents(&repo))));
        if history {
            CorpusSource::Git {
                repo: path.to_path_buf(),
                documents: documents.unwrap_or_default(),
            }
        } else {
            CorpusSource::Path(path.to_path_buf())
        }
    }
}

/// A loaded corpus: every policy's listing, each policy parsed when first
/// read (or already parsed, when loaded from files).
pub struct Corpus {
    /// Where the policies were read from.
    pub source: CorpusSource,
    /// Policies ordered by company (case-insensitive) then date.
    slots: Vec<Slot>,
    /// Reads a listed policy that is not parsed yet.
    open: Option<Opener>,
    /// How many policies have been parsed.
    parsed: AtomicUsize,
    /// Problems met while loading (files skipped, odd encodings).
    pub warnings: Vec<LoadWarning>,
}

/// One company and its versions, oldest first.
pub struct Company<'a> {
    /// The company key shared by its versions.
    pub name: &'a str,
    /// The company's policy versions, oldest first.
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
            CorpusSource::Git { repo, documents } => {
                repository::load(repo, documents, None, options)?
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
            CorpusSource::Git { repo, documents } => {
                repository::load(repo, documents, Some(keys.as_slice()), options)?
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
        policies.sort_by(|a, b| listing_order(&a.meta, &b.meta));
        Corpus {
            source,
            parsed: AtomicUsize::new(policies.len()),
            slots: policies.into_iter().map(Slot::parsed).collect(),
            open: None,
            warnings,
        }
    }

    /// A corpus of listed policies, each parsed by `open` when first read.
    pub fn listed(source: CorpusSource, mut listings: Vec<Listing>, open: Opener) -> Corpus {
        // Listings usually arrive in order: the sort then only checks it.
        listings.sort_by(|a, b| listing_order(&a.meta, &b.meta));
        Corpus {
            source,
            slots: listings.into_iter().map(Slot::listed).collect(),
            open: Some(open),
            parsed: AtomicUsize::new(0),
            warnings: Vec::new(),
        }
    }

    /// Number of policies.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// True when the corpus holds no policy.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Company, date, title and source of policy `p`, without parsing it.
    pub fn meta(&self, p: usize) -> &PolicyMeta {
        &self.slots[p].listing.meta
    }

    /// The policies whose reference (`company@date`, or the company of an
    /// undated policy) is `reference`, compared case-insensitively: found
    /// by binary search in the corpus order, without parsing anything.
    pub fn find_reference(&self, reference: &str) -> Range<usize> {
        let dated = reference
            .rsplit_once('@')
            .map(|(company, date)| self.find_listed(company, date))
            .filter(|found| !found.is_empty());
        dated.unwrap_or_else(|| self.find_listed(reference, ""))
    }

    /// The policies of `company` (case-insensitive) dated `date` (`""`: undated).
    fn find_listed(&self, company: &str, date: &str) -> Range<usize> {
        let order = |slot: &Slot| {
            let meta = &slot.listing.meta;
            company_order(&meta.company, company)
                .then_with(|| meta.date.as_deref().unwrap_or("").cmp(date))
        };
        let start = self.slots.partition_point(|s| order(s).is_lt());
        let len = self.slots[start..].partition_point(|s| order(s).is_eq());
        start..start + len
    }

    /// What is known of policy `p` without parsing it.
    pub fn listing(&self, p: usize) -> &Listing {
        &self.slots[p].listing
    }

    /// Policy `p`, parsed on first read. Panics when `p` is out of range,
    /// like indexing a slice.
    pub fn policy(&self, p: usize) -> &Policy {
        self.slots[p].policy(self.open.as_ref(), &self.parsed)
    }

    /// Policy `p`, or `None` when out of range.
    pub fn get(&self, p: usize) -> Option<&Policy> {
        self.slots
            .get(p)
            .map(|slot| slot.policy(self.open.as_ref(), &self.parsed))
    }

    /// How many policies have been parsed so far: it grows as they are read.
    pub fn parsed_count(&self) -> usize {
        self.parsed.load(Ordering::Relaxed)
    }

    /// True once policy `p` has been parsed.
    pub fn is_parsed(&self, p: usize) -> bool {
        self.slots.get(p).is_some_and(Slot::is_parsed)
    }

    /// Why policy `p` could not be read when it was opened, if it could not.
    pub fn open_error(&self, p: usize) -> Option<&str> {
        self.slots.get(p).and_then(Slot::error)
    }

    /// Every policy in order, each parsed as it is reached.
    pub fn policies(&self) -> impl DoubleEndedIterator<Item = &Policy> + ExactSizeIterator + '_ {
        self.slots
            .iter()
            .map(|slot| slot.policy(self.open.as_ref(), &self.parsed))
    }

    /// Indexes of the policies of `company` (case-insensitive), oldest first.
    pub fn versions_of(&self, company: &str) -> Vec<usize> {
        (0..self.len())
            .filter(|&p| self.meta(p).company.eq_ignore_ascii_case(company))
            .collect()
    }

    /// Companies with their versions, in name order (parses every policy).
    pub fn companies(&self) -> Vec<Company<'_>> {
        let mut out: Vec<Company<'_>> = Vec::new();
        for policy in self.policies() {
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

    /// Company names in order, without parsing.
    pub fn company_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for p in 0..self.len() {
            let name = self.meta(p).company.as_str();
            if !names.last().is_some_and(|n| n.eq_ignore_ascii_case(name)) {
                names.push(name);
            }
        }
        names
    }

    /// Finds a policy by `company` (its latest version) or `company@date`.
    pub fn resolve(&self, reference: &str) -> Result<&Policy> {
        self.resolve_index(reference).map(|p| self.policy(p))
    }

    /// Index of the policy `company` (its latest version) or `company@date`.
    pub fn resolve_index(&self, reference: &str) -> Result<usize> {
        let (company, date) = match reference.rsplit_once('@') {
            Some((c, d)) => (c, Some(d)),
            None => (reference, None),
        };
        let versions = self.versions_of(company);
        let found = match date {
            Some(d) => versions
                .iter()
                .find(|&&p| self.meta(p).date.as_deref() == Some(d))
                .copied(),
            None => versions.last().copied(),
        };
        found.ok_or_else(|| {
            let candidates: Vec<String> = if versions.is_empty() {
                self.company_names().iter().map(|c| c.to_string()).collect()
            } else {
                versions.iter().map(|&p| self.meta(p).reference()).collect()
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
        let lossy = self
            .warnings
            .iter()
            .filter(|w| matches!(w, LoadWarning::DecodedAsWindows1252 { .. }))
            .count();
        let (policies, companies) = (self.len(), self.company_names().len());
        format!(
            "loaded {policies} {} of {companies} {} ({skipped} skipped, {lossy} decoded as Windows-1252)",
            noun(policies, "policy", "policies"),
            noun(companies, "company", "companies"),
        )
    }
}

/// Corpus order: company (case-insensitive), then date (undated first),
/// then source; compared without allocating.
fn listing_order(a: &PolicyMeta, b: &PolicyMeta) -> std::cmp::Ordering {
    company_order(&a.company, &b.company)
        .then_with(|| {
            a.date
                .as_deref()
                .unwrap_or("")
                .cmp(b.date.as_deref().unwrap_or(""))
        })
        .then_with(|| a.source.cmp(&b.source))
}

/// The order of company names in a corpus: case-insensitive, without
/// allocating.
pub fn company_order(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        let (x, y) = (a.bytes(), b.bytes());
        x.map(|c| c.to_ascii_lowercase())
            .cmp(y.map(|c| c.to_ascii_lowercase()))
    } else {
        let lower = |s: &str| s.chars().flat_map(char::to_lowercase).collect::<Vec<_>>();
        lower(a).cmp(&lower(b))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(names: &[(&str, Option<&str>)]) -> Corpus {
        let listings = names
            .iter()
            .map(|(company, date)| Listing {
                meta: PolicyMeta {
                    company: company.to_string(),
                    date: date.map(str::to_string),
                    title: company.to_string(),
                    source: format!("{company}__{}.md", date.unwrap_or("nodate")),
                    updated: None,
                },
                sections: 0,
                clauses: 0,
            })
            .collect();
        Corpus::listed(
            CorpusSource::Embedded,
            listings,
            Box::new(|_| Err("".into())),
        )
    }

    #[test]
    fn references_are_found_case_insensitively_without_parsing() {
        let corpus = listed(&[
            ("Zillow", Some("2021-01-01")),
            ("acme", None),
            ("Acme", Some("2020-05-01")),
            ("ACME", Some("2022-05-01")),
            ("a@b.com", None),
            ("Émile", Some("2020-01-01")),
        ]);
        let found = |reference: &str| -> Vec<String> {
            corpus
                .find_reference(reference)
                .map(|p| corpus.meta(p).reference())
                .collect()
        };
        assert_eq!(found("acme@2022-05-01"), ["ACME@2022-05-01"]);
        assert_eq!(found("Acme"), ["acme"]);
        assert_eq!(found("a@b.com"), ["a@b.com"], "an @ in an undated name");
        assert_eq!(found("émile@2020-01-01"), ["Émile@2020-01-01"]);
        assert!(found("acme@2021-01-01").is_empty());
        assert!(found("nobody").is_empty());
        assert_eq!(corpus.parsed_count(), 0);
    }
}
