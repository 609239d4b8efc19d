//! The streaming build: changed files are read and hashed in parallel
//! (pass one keeps only their states), then read again, parsed and
//! categorised in parallel in bounded batches of whole companies, whose
//! documents go to the one index writer (pass two).
//!
//! Invariant: memory holds one batch of files and the catalog, never the
//! corpus; a company's versions are parsed together, so that the clauses
//! new in its newest version are known. A long build commits what it has
//! indexed at checkpoints, with a catalog of only those files and a
//! manifest marked partial, so readers search them at once and a killed
//! build resumes where it stopped.

use super::build::Progress;
use super::catalog::{Catalog, Entry, WarningKind};
use super::documents::{self, Parsed};
use super::manifest::{Changes, FileState, Manifest, Seen};
use super::report::BuildReport;
use super::schema::Fields;
use super::store::{self, index_error};
use crate::corpus::load::{self, LoadWarning, SkipReason, SourceFile};
use crate::error::Result;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};
use tantivy::{IndexWriter, TantivyDocument, Term};

/// Files parsed per batch between hand-offs to the writer (whole companies
/// are kept together, so a batch may hold more).
const BATCH: usize = 128;

/// Reads a corpus file by source name.
pub(crate) type Reader<'a> =
    dyn Fn(&str) -> std::result::Result<SourceFile, SkipReason> + Sync + 'a;

/// What a build works with.
pub(crate) struct Job<'a> {
    pub writer: &'a mut IndexWriter<TantivyDocument>,
    pub fields: &'a Fields,
    pub read: &'a Reader<'a>,
    pub progress: &'a dyn Progress,
    /// Where and how often to commit partial work, if at all.
    pub checkpoint: Option<Checkpoint<'a>>,
}

/// Partial commits of a long build.
pub(crate) struct Checkpoint<'a> {
    /// The index directory, where each partial catalog is saved.
    pub dir: &'a Path,
    /// The manifest to commit with (its catalog and counts are filled in;
    /// it must not claim the corpus was checked).
    pub manifest: Manifest,
    /// Time between partial commits.
    pub every: Duration,
}

/// Where partial commits stand.
struct Checkpoints {
    last: Instant,
    /// The catalog of the last partial commit.
    catalog: Option<String>,
}

/// Applies `changes` to the index and the catalog.
pub(crate) fn apply(
    job: &mut Job<'_>,
    catalog: &mut Catalog,
    changes: Changes,
    report: &mut BuildReport,
) -> Result<()> {
    let mut affected: HashSet<String> = HashSet::new();
    for path in &changes.removed {
        job.writer.delete_term(source_term(job.fields, path));
        if let Some(entry) = catalog.files.remove(path) {
            affected.insert(entry.state.company);
        }
        report.removed += 1;
    }
    let mut pending = Vec::new();
    for (seen, state) in file_states(job, &changes.candidates) {
        let key = seen.path.display().to_string();
        match state {
            Ok(state) => {
                if let Some(previous) = catalog.files.get_mut(&key) {
                    if previous.state.hash == state.hash {
                        // Touched, not changed: only the new mtime is kept.
                        previous.state = state;
                        continue;
                    }
                    job.writer.delete_term(source_term(job.fields, &key));
                    affected.insert(previous.state.company.clone());
                    report.updated += 1;
                } else {
                    report.added += 1;
                }
                affected.insert(state.company.clone());
                catalog.files.insert(key.clone(), Entry::new(state));
                pending.push(key);
            }
            Err(reason) => {
                if catalog.files.remove(&key).is_some() {
                    job.writer.delete_term(source_term(job.fields, &key));
                    report.removed += 1;
                }
                report
                    .warnings
                    .push(LoadWarning::Skipped { path: key, reason });
            }
        }
    }
    let siblings = company_siblings(catalog, &affected, &pending);
    for path in &siblings {
        job.writer.delete_term(source_term(job.fields, path));
    }
    pending.extend(siblings);
    index_sources(job, catalog, &pending, report)
}

/// The other versions of the `affected` companies, indexed again beside
/// the `fresh` files: a company's documents stand for runs of its
/// versions (see [`super::runs`]), so its versions are indexed together,
/// and its `changed` marks follow whichever version is now the newest.
fn company_siblings(
    catalog: &Catalog,
    affected: &HashSet<String>,
    fresh: &[String],
) -> Vec<String> {
    let fresh: HashSet<&String> = fresh.iter().collect();
    let mut out: Vec<String> = catalog
        .files
        .iter()
        .filter(|(path, entry)| {
            entry.policy.is_some()
                && affected.contains(&entry.state.company)
                && !fresh.contains(path)
        })
        .map(|(path, _)| path.clone())
        .collect();
    out.sort_unstable();
    out
}

/// Pass one: the state (size, mtime, hash, company) of each candidate.
fn file_states(
    job: &Job<'_>,
    candidates: &[Seen],
) -> Vec<(Seen, std::result::Result<FileState, SkipReason>)> {
    job.progress.stage("reading");
    job.progress.start(
        candidates.len() as u64,
        candidates.iter().map(|s| s.size).sum(),
    );
    let states = candidates
        .par_iter()
        .map(|seen| {
            let state = (job.read)(&seen.path.display().to_string()).map(|file| FileState {
                size: file.bytes.len() as u64,
                mtime: seen.mtime,
                hash: file.content_hash(),
                company: load::company_key(&file),
            });
            job.progress.advance(seen.size);
            (seen.clone(), state)
        })
        .collect();
    job.progress.finish();
    states
}

/// Pass two: parses `sources` a batch of whole companies at a time and
/// adds their documents; fills in their catalog entries. One thread parses
/// the next batch (on all cores) while this one hands the last batch to the
/// writer, so parsing and indexing overlap; at most two batches wait.
fn index_sources(
    job: &mut Job<'_>,
    catalog: &mut Catalog,
    sources: &[String],
    report: &mut BuildReport,
) -> Result<()> {
    let mut pending: HashSet<String> = sources.iter().cloned().collect();
    let mut checkpoints = Checkpoints {
        last: Instant::now(),
        catalog: None,
    };
    let groups = company_groups(catalog, sources);
    let batches = batches(&groups);
    let bytes = |s: &String| catalog.files.get(s).map_or(0, |e| e.state.size);
    job.progress.stage("indexing");
    job.progress
        .start(sources.len() as u64, sources.iter().map(bytes).sum());
    let (fields, read) = (job.fields, job.read);
    std::thread::scope(|scope| -> Result<()> {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Parsed>>(1);
        let count = batches.len();
        let groups = &groups;
        scope.spawn(move || {
            for batch in batches {
                let parsed = groups[batch]
                    .par_iter()
                    .flat_map_iter(|group| parse_group(fields, read, group))
                    .collect();
                if sender.send(parsed).is_err() {
                    // The writer stopped on an error.
                    break;
                }
            }
        });
        for (done, parsed) in receiver.into_iter().enumerate() {
            for file in parsed {
                pending.remove(&file.source);
                add(job, catalog, file, report)?;
            }
            if done + 1 < count {
                checkpoint(job, catalog, &pending, &mut checkpoints)?;
            }
        }
        Ok(())
    })?;
    if let (Some(checkpoint), Some(partial)) = (&job.checkpoint, &checkpoints.catalog) {
        // The final commit saves the whole catalog; the partial one goes.
        let _ = std::fs::remove_file(checkpoint.dir.join(partial));
    }
    job.progress.finish();
    Ok(())
}

/// The company groups of each batch: whole groups, [`BATCH`] files or a
/// little more each.
fn batches(groups: &[Vec<&String>]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < groups.len() {
        let mut end = start;
        let mut files = 0;
        while end < groups.len() && files < BATCH {
            files += groups[end].len();
            end += 1;
        }
        out.push(start..end);
        start = end;
    }
    out
}

/// Commits what is indexed so far when a checkpoint is due: the catalog
/// without the files still pending, and a partial manifest naming it.
fn checkpoint(
    job: &mut Job<'_>,
    catalog: &Catalog,
    pending: &HashSet<String>,
    checkpoints: &mut Checkpoints,
) -> Result<()> {
    let Some(checkpoint) = &job.checkpoint else {
        return Ok(());
    };
    if checkpoints.last.elapsed() < checkpoint.every {
        return Ok(());
    }
    let done = Catalog {
        files: catalog
            .files
            .iter()
            .filter(|(path, _)| !pending.contains(*path))
            .map(|(path, entry)| (path.clone(), entry.clone()))
            .collect(),
    };
    let name = done.save(checkpoint.dir)?;
    let manifest = Manifest {
        catalog: name.clone(),
        files: done.files.len(),
        dirs: Default::default(),
        checked_at: 0,
        ..checkpoint.manifest.clone()
    };
    store::commit(job.writer, &manifest)?;
    if let Some(previous) = checkpoints.catalog.replace(name) {
        let _ = std::fs::remove_file(checkpoint.dir.join(previous));
    }
    checkpoints.last = Instant::now();
    job.progress.committed();
    Ok(())
}

/// Hands one parsed file to the writer and records it in the catalog.
fn add(job: &Job<'_>, catalog: &mut Catalog, file: Parsed, report: &mut BuildReport) -> Result<()> {
    report.policies += u64::from(file.policy.is_some());
    report.clauses += file.docs.len() as u64;
    for doc in file.docs {
        job.writer.add_document(doc).map_err(index_error)?;
    }
    let unread = file.warnings.iter().any(|w| {
        matches!(
            w,
            LoadWarning::Skipped {
                reason: SkipReason::TooLarge { .. } | SkipReason::Unreadable(_),
                ..
            }
        )
    });
    if unread {
        // Gone or unreadable since pass one: tried again next time.
        catalog.files.remove(&file.source);
    } else if let Some(entry) = catalog.files.get_mut(&file.source) {
        entry.state.company = file.company;
        entry.policy = file.policy;
        entry.warnings = file.warnings.iter().map(WarningKind::of).collect();
    }
    report.warnings.extend(file.warnings);
    job.progress.advance(file.bytes);
    Ok(())
}

/// Reads and parses one company's files.
fn parse_group(fields: &Fields, read: &Reader<'_>, group: &[&String]) -> Vec<Parsed> {
    let mut files = Vec::with_capacity(group.len());
    let mut failed = Vec::new();
    for source in group {
        match read(source) {
            Ok(file) => files.push(file),
            Err(reason) => failed.push(Parsed {
                source: source.to_string(),
                bytes: 0,
                company: String::new(),
                policy: None,
                docs: Vec::new(),
                warnings: vec![LoadWarning::Skipped {
                    path: source.to_string(),
                    reason,
                }],
            }),
        }
    }
    let mut parsed = documents::group_documents(fields, &files);
    parsed.extend(failed);
    parsed
}

/// `sources` grouped by their company in the catalog, groups in order of
/// first appearance.
fn company_groups<'a>(catalog: &Catalog, sources: &'a [String]) -> Vec<Vec<&'a String>> {
    let mut groups: Vec<Vec<&String>> = Vec::new();
    let mut slot: HashMap<&str, usize> = HashMap::new();
    for source in sources {
        let company = catalog
            .files
            .get(source)
            .map_or(source.as_str(), |e| e.state.company.as_str());
        let at = *slot.entry(company).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[at].push(source);
    }
    groups
}

fn source_term(fields: &Fields, path: &str) -> Term {
    Term::from_field_text(fields.source, path)
}
