//! A git repository of `<Service>/<Document>.md` files as a corpus: each
//! version found by [`crate::inputs::git`] becomes a source file whose
//! company and date come from the history, not from a file name, and whose
//! content id is its blob id.
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
    repo: Blobs,
    /// The versions found in the history, with the walk's notes.
    pub history: History,
}

impl Versions {
    /// Opens `path` and reads its history of the selected documents.
    pub fn read(path: &Path, documents: &Documents) -> Result<Versions> {
        let repo = Blobs::open(path)?;
        let history = git::history(&repo.repo.to_thread_local(), documents)?;
        Ok(Versions { repo, history })
    }

    /// How a version is shown to the user and named in the index:
    /// `REPO:Service/Document.md@day`.
    pub fn display(&self, version: &Version) -> String {
        self.repo.display(&version.key())
    }

    /// The notes about the history as warnings.
    pub fn warnings(&self) -> Vec<LoadWarning> {
        self.history
            .notes
            .iter()
            .map(|note| LoadWarning::Repository {
                path: self.repo.root.clone(),
                note: note.to_string(),
            })
            .collect()
    }

    /// Reads the text of one version.
    pub fn file(
        &self,
        version: &Version,
        options: LoadOptions,
    ) -> std::result::Result<SourceFile, SkipReason> {
        let identity = Identity {
            company: git::company_name(&version.service, &version.document),
            date: Some(version.date.clone()),
        };
        let display = self.display(version);
        self.repo
            .file(&version.blob.to_string(), identity, display, options)
    }
}

/// Reads blobs of a repository from any thread.
pub struct Blobs {
    repo: gix::ThreadSafeRepository,
    /// The canonical repository path, as shown to the user.
    root: String,
}

impl Blobs {
    /// Opens the repository at `path`.
    pub fn open(path: &Path) -> Result<Blobs> {
        let repo = git::open(path)?.into_sync();
        let root = path
            .canonicalize()
            .map_or_else(|_| path.display().to_string(), |p| p.display().to_string());
        Ok(Blobs { repo, root })
    }

    /// `REPO:key`.
    fn display(&self, key: &str) -> String {
        format!("{}:{key}", self.root)
    }

    /// The blob `id` as a source file of the version `identity`, shown as
    /// `display`; unreadable and oversized blobs are skip reasons.
    pub fn file(
        &self,
        id: &str,
        identity: Identity,
        display: String,
        options: LoadOptions,
    ) -> std::result::Result<SourceFile, SkipReason> {
        let unreadable = |e: String| SkipReason::Unreadable(e);
        let oid = gix::ObjectId::from_hex(id.as_bytes()).map_err(|e| unreadable(e.to_string()))?;
        let bytes = git::read_blob(&self.repo.to_thread_local(), oid)
            .map_err(|e| unreadable(e.to_string()))?;
        if bytes.len() as u64 > options.max_file_bytes {
            return Err(SkipReason::TooLarge {
                bytes: bytes.len() as u64,
                cap: options.max_file_bytes,
            });
        }
        let mut file = SourceFile::new(display, bytes);
        file.identity = Some(identity);
        file.content_id = Some(id.to_string());
        Ok(file)
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
    let results: Vec<_> = wanted
        .par_iter()
        .map(|version| match versions.file(version, options) {
            Ok(file) => load::parse_file(&file),
            Err(reason) => (
                None,
                vec![LoadWarning::Skipped {
                    path: versions.display(version),
                    reason,
                }],
            ),
        })
        .collect();
    let mut warnings = versions.warnings();
    let mut policies = Vec::with_capacity(results.len());
    for (policy, w) in results {
        policies.extend(policy);
        warnings.extend(w);
    }
    Ok((policies, warnings))
}
