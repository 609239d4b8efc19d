//! Keeping the index of a git repository's history up to date: versions
//! are keyed by `repo:Service/Document.md@day` and known by their blob id,
//! so after a `git pull` only new or changed versions are read and parsed
//! (with the version each company had as its newest, whose clauses are no
//! longer the newest ones). When HEAD has not moved, nothing is read.

use super::build::{self, BuildReport, OpenIndex, Progress};
use super::manifest::{self, FileState};
use crate::corpus::load::{LoadOptions, LoadWarning};
use crate::corpus::repository::Versions;
use crate::error::Result;
use crate::inputs::git::{self, Documents, Version};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use tantivy::Term;

/// The default index directory of a repository read with `documents`.
pub fn default_dir(repo: &Path, documents: &Documents) -> Result<PathBuf> {
    let dir = build::default_dir(repo)?;
    let key = manifest::hash(documents.key().as_bytes());
    Ok(PathBuf::from(format!(
        "{}-git-{}",
        dir.display(),
        &key[..8]
    )))
}

fn corpus_key(repo: &Path, documents: &Documents) -> String {
    let path = repo
        .canonicalize()
        .map_or_else(|_| repo.display().to_string(), |p| p.display().to_string());
    format!("{path}#git:{}", documents.key())
}

/// Brings the index in `dir` up to date with the history of `repo`.
pub fn update(
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
    let mut opened = build::open_existing(dir, &corpus_key, progress, &mut report)?;
    let head = git::head(&git::open(repo)?)?.to_string();
    if opened.manifest.head.as_deref() == Some(head.as_str()) {
        report.unchanged = opened.manifest.files.len();
        build::finish_report(&opened, &mut report, dir);
        return Ok((opened, report));
    }
    let versions = Versions::read(repo, documents)?;
    report.warnings.extend(versions.warnings());
    let mut writer = build::acquire_writer(&opened.index, dir, progress)?;
    opened.manifest =
        build::read_manifest(&opened.index).unwrap_or_else(|| build::new_manifest(&corpus_key));
    let current: HashMap<String, &Version> = versions
        .history
        .versions
        .iter()
        .map(|v| (versions.display(v), v))
        .collect();
    let source_term = |key: &str| Term::from_field_text(opened.fields.source, key);
    let plan = plan(&opened.manifest.files, &current);
    for key in plan.removed.iter().chain(&plan.reindexed) {
        writer.delete_term(source_term(key));
    }
    for key in &plan.removed {
        opened.manifest.files.remove(key);
    }
    let wanted: Vec<&Version> = plan
        .read
        .iter()
        .filter_map(|k| current.get(k).copied())
        .collect();
    let (files, warnings) = versions.files(&wanted, options);
    for warning in &warnings {
        if let LoadWarning::Skipped { path, .. } = warning {
            opened.manifest.files.remove(path);
        }
    }
    report.warnings.extend(warnings);
    for file in &files {
        let blob = current.get(&file.display).map(|v| v.blob.to_string());
        opened.manifest.files.insert(
            file.display.clone(),
            FileState {
                size: file.bytes.len() as u64,
                mtime: 0,
                hash: blob.unwrap_or_default(),
                company: crate::corpus::load::company_key(file),
            },
        );
    }
    build::index_files(
        &writer,
        &opened.fields,
        &files,
        &mut opened.manifest,
        &mut report,
        progress,
    )?;
    report.added = plan.added;
    report.updated = plan.updated;
    report.removed = plan.removed.len();
    report.unchanged = current.len().saturating_sub(plan.added + plan.updated);
    opened.manifest.head = Some(head);
    build::commit(&mut writer, &opened.manifest)?;
    opened.reader = None;
    drop(writer);
    build::finish_report(&opened, &mut report, dir);
    Ok((opened, report))
}

/// What an update does, by manifest key.
#[derive(Debug, Default, PartialEq, Eq)]
struct Plan {
    /// Keys to read and index (new, changed, and re-indexed ones).
    read: Vec<String>,
    /// Indexed keys whose documents are replaced (changed and re-indexed).
    reindexed: Vec<String>,
    /// Indexed keys no longer in the history.
    removed: Vec<String>,
    added: usize,
    updated: usize,
}

/// Compares the manifest with the history. For each company with a new,
/// changed or removed version, the indexed versions from the one just
/// before the earliest such change onwards are indexed again, since which
/// clauses of the newest version are new depends on its predecessor.
fn plan(
    indexed: &std::collections::BTreeMap<String, FileState>,
    current: &HashMap<String, &Version>,
) -> Plan {
    let mut out = Plan::default();
    // company → earliest day touched
    let mut touched: HashMap<String, String> = HashMap::new();
    let mut touch = |company: String, day: &str| {
        let entry = touched.entry(company).or_insert_with(|| day.to_string());
        if day < entry.as_str() {
            *entry = day.to_string();
        }
    };
    for (key, state) in indexed {
        if !current.contains_key(key) {
            out.removed.push(key.clone());
            touch(state.company.clone(), day_of(key));
        }
    }
    let mut fresh: HashSet<&str> = HashSet::new();
    for (key, version) in current {
        let company = git::company_name(&version.service, &version.document).to_lowercase();
        match indexed.get(key) {
            Some(state) if state.hash == version.blob.to_string() => continue,
            Some(_) => {
                out.updated += 1;
                out.reindexed.push(key.clone());
            }
            None => out.added += 1,
        }
        fresh.insert(key.as_str());
        out.read.push(key.clone());
        touch(company, &version.date);
    }
    // The indexed versions from the last one before each company's earliest change.
    let mut by_company: HashMap<&str, Vec<&str>> = HashMap::new();
    for (key, state) in indexed {
        if current.contains_key(key) && !fresh.contains(key.as_str()) {
            by_company
                .entry(state.company.as_str())
                .or_default()
                .push(key.as_str());
        }
    }
    for (company, mut keys) in by_company {
        let Some(earliest) = touched.get(company) else {
            continue;
        };
        keys.sort_by(|a, b| day_of(a).cmp(day_of(b)));
        let before = keys.iter().rposition(|k| day_of(k) < earliest.as_str());
        let from = before.unwrap_or(0);
        for key in &keys[from..] {
            out.reindexed.push(key.to_string());
            out.read.push(key.to_string());
        }
    }
    out.read.sort();
    out.reindexed.sort();
    out
}

fn day_of(key: &str) -> &str {
    key.rsplit_once('@').map_or("", |(_, day)| day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gix::ObjectId;

    fn version(service: &str, date: &str, blob: u8) -> Version {
        Version {
            service: service.into(),
            document: git::PRIVACY_POLICY.into(),
            date: date.into(),
            blob: ObjectId::from_bytes_or_panic(&[blob; 20]),
        }
    }

    fn state(company: &str, blob: u8) -> FileState {
        FileState {
            size: 1,
            mtime: 0,
            hash: ObjectId::from_bytes_or_panic(&[blob; 20]).to_string(),
            company: company.into(),
        }
    }

    #[test]
    fn a_new_version_reads_it_and_its_predecessor_only() {
        let old = [
            version("A", "2020-01-01", 1),
            version("A", "2021-01-01", 2),
            version("B", "2020-01-01", 3),
        ];
        let new = version("A", "2022-01-01", 4);
        let indexed = old
            .iter()
            .map(|v| {
                (
                    v.key(),
                    state(&v.service.to_lowercase(), v.blob.as_bytes()[0]),
                )
            })
            .collect();
        let current: HashMap<String, &Version> =
            old.iter().chain([&new]).map(|v| (v.key(), v)).collect();
        let plan = plan(&indexed, &current);
        assert_eq!(plan.added, 1);
        assert_eq!(plan.read, vec![old[1].key(), new.key()]);
        assert_eq!(plan.reindexed, vec![old[1].key()]);
        assert!(plan.removed.is_empty());
    }

    #[test]
    fn nothing_new_reads_nothing() {
        let old = [version("A", "2020-01-01", 1)];
        let indexed = old.iter().map(|v| (v.key(), state("a", 1))).collect();
        let current: HashMap<String, &Version> = old.iter().map(|v| (v.key(), v)).collect();
        assert_eq!(plan(&indexed, &current), Plan::default());
    }
}
