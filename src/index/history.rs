//! Keeping the index of a git repository's history up to date through the
//! same streaming build and catalog as a directory: each version is a
//! source named `REPO:Service/Document.md@day` whose state is its blob id,
//! so after a `git pull` only new or changed versions are read and parsed
//! (with the newest versions of their companies, whose `changed` marks
//! depend on them). When HEAD has not moved, nothing is read.

use super::build::{self, Progress};
use super::catalog::Entry;
use super::freshness;
use super::manifest::{self, Changes, Seen};
use super::report::BuildReport;
use super::store::{self, index_error, OpenIndex};
use super::stream::{self, Job};
use crate::corpus::load::{LoadOptions, SkipReason};
use crate::corpus::repository::Versions;
use crate::error::Result;
use crate::inputs::git::{self, Documents, Version};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The default index directory of a repository read with `documents`.
pub(crate) fn default_dir(repo: &Path, documents: &Documents) -> Result<PathBuf> {
    let dir = store::default_dir(repo)?;
    let key = manifest::hash(documents.key().as_bytes());
    Ok(PathBuf::from(format!(
        "{}-git-{}",
        dir.display(),
        &key[..8]
    )))
}

/// The corpus key of a repository read with `documents`.
pub(crate) fn corpus_key(repo: &Path, documents: &Documents) -> String {
    let path = repo
        .canonicalize()
        .map_or_else(|_| repo.display().to_string(), |p| p.display().to_string());
    format!("{path}#git:{}", documents.key())
}

/// Brings the index in `dir` up to date with the history of `repo`.
pub(crate) fn update(
    repo: &Path,
    documents: &Documents,
    dir: &Path,
    options: LoadOptions,
    progress: &dyn Progress,
) -> Result<(OpenIndex, BuildReport)> {
    let corpus_key = corpus_key(repo, documents);
    let mut report = BuildReport {
        location: Some(dir.to_path_buf()),
        ..Default::default()
    };
    let mut opened = store::open_existing(dir, &corpus_key, progress, &mut report)?;
    let head = git::head(&git::open(repo)?)?.to_string();
    let current = opened.reader.is_some() && !opened.manifest.catalog.is_empty();
    if current && opened.manifest.head.as_deref() == Some(head.as_str()) {
        report.unchanged = opened.manifest.files;
        build::finish_report(&opened, &mut report, dir);
        return Ok((opened, report));
    }
    report.checked_files = true;
    let versions = Versions::read(repo, documents)?;
    report.warnings.extend(versions.warnings());
    let mut writer = store::acquire_writer(&opened.index, dir, progress)?;
    opened.catch_up();
    let by_source: HashMap<String, &Version> = versions
        .history
        .versions
        .iter()
        .map(|v| (versions.display(v), v))
        .collect();
    let read = |source: &str| match by_source.get(source) {
        Some(version) => versions.file(version, options),
        None => Err(SkipReason::Unreadable("not in the history".to_string())),
    };
    let fields = opened.fields;
    let mut job = Job {
        writer: &mut writer,
        fields: &fields,
        read: &read,
        progress,
        checkpoint: None,
    };
    let catalog = opened.catalog()?;
    let changes = changes(&catalog.files, &by_source);
    stream::apply(&mut job, catalog, changes, &mut report)?;
    report.unchanged = by_source
        .len()
        .saturating_sub(report.added + report.updated);
    let manifest = manifest::Manifest {
        head: Some(head),
        checked_at: freshness::now(),
        ..opened.manifest.clone()
    };
    build::finish_commit(&mut opened, &mut writer, manifest, &mut report)?;
    writer.wait_merging_threads().map_err(index_error)?;
    build::finish_report(&opened, &mut report, dir);
    Ok((opened, report))
}

/// Compares the catalog with the history by blob id: versions that are new
/// or whose blob differs are candidates, catalogued ones no longer in the
/// history are removed.
fn changes(indexed: &BTreeMap<String, Entry>, current: &HashMap<String, &Version>) -> Changes {
    let mut candidates: Vec<Seen> = current
        .iter()
        .filter(|(source, version)| {
            let blob = version.blob.to_string();
            indexed.get(*source).is_none_or(|e| e.state.hash != blob)
        })
        .map(|(source, _)| Seen {
            path: PathBuf::from(source),
            size: 0,
            mtime: 0,
        })
        .collect();
    candidates.sort_by(|a, b| a.path.cmp(&b.path));
    let removed = indexed
        .keys()
        .filter(|k| !current.contains_key(*k))
        .cloned()
        .collect();
    Changes {
        candidates,
        removed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::manifest::FileState;
    use gix::ObjectId;

    fn version(service: &str, date: &str, blob: u8) -> Version {
        Version {
            service: service.into(),
            document: git::PRIVACY_POLICY.into(),
            date: date.into(),
            blob: ObjectId::from_bytes_or_panic(&[blob; 20]),
        }
    }

    fn entry(blob: u8) -> Entry {
        Entry::new(FileState {
            size: 1,
            mtime: 0,
            hash: ObjectId::from_bytes_or_panic(&[blob; 20]).to_string(),
            company: "a".into(),
        })
    }

    #[test]
    fn only_new_changed_and_removed_versions_are_changes() {
        let kept = version("A", "2020-01-01", 1);
        let changed = version("A", "2021-01-01", 3);
        let new = version("A", "2022-01-01", 4);
        let indexed: BTreeMap<String, Entry> = [
            (kept.key(), entry(1)),
            (changed.key(), entry(2)),
            ("A/Privacy Policy.md@2019-01-01".to_string(), entry(9)),
        ]
        .into_iter()
        .collect();
        let current: HashMap<String, &Version> = [&kept, &changed, &new]
            .map(|v| (v.key(), v))
            .into_iter()
            .collect();
        let changes = changes(&indexed, &current);
        let paths: Vec<String> = changes
            .candidates
            .iter()
            .map(|s| s.path.display().to_string())
            .collect();
        assert_eq!(paths, vec![changed.key(), new.key()]);
        assert_eq!(changes.removed, vec!["A/Privacy Policy.md@2019-01-01"]);
    }
}
