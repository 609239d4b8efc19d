//! A git repository of `<Service>/<Document>.md` files as a corpus: each
//! version found by [`crate::inputs::git`] becomes a source file whose
//! company and date come from the history, not from a file name.
//!
//! Invariant: a version whose blob cannot be read is skipped with a
//! warning; the other versions load as usual.

use super::load::{self, LoadOptions, LoadWarning, SkipReason, SourceFile};
use super::meta::Identity;
use super::model::Policy;
use crate::error::Result;
use crate::inputs::git::{self, Documents, History, Version};
use rayon::prelude::*;
use std::path::Path;

/// An open repository and the versions of its history.
pub struct Versions {
    repo: gix::Repository,
    /// The repository path as shown to the user.
    root: String,
    pub history: History,
}

impl Versions {
    /// Opens `path` and reads its history of the selected documents.
    pub fn read(path: &Path, documents: &Documents) -> Result<Versions> {
        let repo = git::open(path)?;
        let history = git::history(&repo, documents)?;
        Ok(Versions {
            repo,
            root: path.display().to_string(),
            history,
        })
    }

    /// How a version is shown to the user and keyed in an index manifest.
    pub fn display(&self, version: &Version) -> String {
        format!("{}:{}", self.root, version.key())
    }

    /// The notes about the history as warnings.
    pub fn warnings(&self) -> Vec<LoadWarning> {
        self.history
            .notes
            .iter()
            .map(|note| LoadWarning::Repository {
                path: self.root.clone(),
                note: note.to_string(),
            })
            .collect()
    }

    /// Reads the texts of `versions` (object reads are cheap next to
    /// parsing, which callers do in parallel); unreadable or oversized ones
    /// become warnings.
    pub fn files(
        &self,
        versions: &[&Version],
        options: LoadOptions,
    ) -> (Vec<SourceFile>, Vec<LoadWarning>) {
        let results: Vec<std::result::Result<SourceFile, LoadWarning>> = versions
            .iter()
            .map(|version| self.file(&self.repo, version, options))
            .collect();
        let mut files = Vec::with_capacity(results.len());
        let mut warnings = Vec::new();
        for result in results {
            match result {
                Ok(file) => files.push(file),
                Err(warning) => warnings.push(warning),
            }
        }
        (files, warnings)
    }

    fn file(
        &self,
        repo: &gix::Repository,
        version: &Version,
        options: LoadOptions,
    ) -> std::result::Result<SourceFile, LoadWarning> {
        let display = self.display(version);
        let skipped = |reason| LoadWarning::Skipped {
            path: display.clone(),
            reason,
        };
        let bytes = git::read_blob(repo, version.blob)
            .map_err(|e| skipped(SkipReason::Unreadable(e.to_string())))?;
        if bytes.len() as u64 > options.max_file_bytes {
            return Err(skipped(SkipReason::TooLarge {
                bytes: bytes.len() as u64,
                cap: options.max_file_bytes,
            }));
        }
        Ok(SourceFile {
            display: display.clone(),
            bytes,
            identity: Some(Identity {
                company: git::company_name(&version.service, &version.document),
                date: Some(version.date.clone()),
            }),
        })
    }
}

/// Loads the versions of a repository, or only those of `companies`
/// (lower-cased names) when given.
pub fn load(
    path: &Path,
    documents: &Documents,
    companies: Option<&[String]>,
    options: LoadOptions,
) -> Result<(Vec<Policy>, Vec<LoadWarning>)> {
    let versions = Versions::read(path, documents)?;
    let wanted: Vec<&Version> = versions
        .history
        .versions
        .iter()
        .filter(|v| {
            companies.is_none_or(|c| {
                c.contains(&git::company_name(&v.service, &v.document).to_lowercase())
            })
        })
        .collect();
    let (files, mut warnings) = versions.files(&wanted, options);
    warnings.splice(0..0, versions.warnings());
    let results: Vec<_> = files.par_iter().map(load::parse_file).collect();
    let mut policies = Vec::with_capacity(results.len());
    for (policy, w) in results {
        policies.extend(policy);
        warnings.extend(w);
    }
    Ok((policies, warnings))
}
