//! Opening an index and bringing it up to date with its corpus.
//!
//! A command checks the corpus directories only (one stat each) and walks
//! the corpus when one of them changed; `clause index` compares every file.
//! The embedded corpus gets a cached index like any directory, keyed by the
//! hash of its files. Invariant: the manifest travels in the commit payload
//! and names its catalog, so a killed build leaves the previous commit,
//! manifest and catalog in force.

use super::catalog::Catalog;
use super::freshness;
use super::manifest::{self, Manifest, Seen};
use super::report::{self, BuildReport};
use super::store::{self, OpenIndex};
use super::stream::{self, Checkpoint, Job};
use crate::corpus::load::{self, LoadOptions, SkipReason, SourceFile};
use crate::corpus::CorpusSource;
use crate::error::{Error, Result};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Time between partial commits of a long build, unless
/// `CLAUSE_CHECKPOINT_SECS` says otherwise.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(20);

fn checkpoint_every() -> Duration {
    std::env::var("CLAUSE_CHECKPOINT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(CHECKPOINT_EVERY, Duration::from_secs)
}

pub(crate) use super::store::{default_dir, index_error, manual_reader, remove};

/// Receives progress of a build.
pub trait Progress: Sync {
    /// A stage of the build begins (`reading`, `indexing`).
    fn stage(&self, _name: &str) {}
    /// Work begins: `files` to process, `bytes` in all.
    fn start(&self, files: u64, bytes: u64);
    /// One more file done.
    fn advance(&self, bytes: u64);
    /// The work begun by the last `start` is done.
    fn finish(&self);
    /// A one-line notice (rebuilds, waits).
    fn notice(&self, message: &str);
    /// Part of a long build was committed: a reader opening the index now
    /// finds the policies indexed so far.
    fn committed(&self) {}
}

/// Progress that reports nothing.
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: u64, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
    fn notice(&self, _: &str) {}
}

/// How much of the corpus to compare with the index before using it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Walk the corpus and compare every file (`clause index`).
    Files,
    /// Stat the corpus directories; walk only when one of them changed.
    Directories,
}

/// Where the index of a corpus directory or repository lives: `dir` when
/// given, else its default directory (`None` for the embedded corpus,
/// whose cached index is keyed by its content).
pub(crate) fn index_dir(source: &CorpusSource, dir: Option<&Path>) -> Result<Option<PathBuf>> {
    Ok(match (source, dir) {
        (CorpusSource::Embedded, _) => None,
        (_, Some(dir)) => Some(dir.to_path_buf()),
        (CorpusSource::Path(root), None) => Some(default_dir(root)?),
        (CorpusSource::Git { repo, documents }, None) => {
            Some(super::history::default_dir(repo, documents)?)
        }
    })
}

/// Opens the index of `source`, bringing it up to date first.
pub(crate) fn open(
    source: &CorpusSource,
    dir: Option<&Path>,
    options: LoadOptions,
    check: Check,
    progress: &dyn Progress,
) -> Result<(OpenIndex, BuildReport)> {
    let started = Instant::now();
    let (open, mut report) = match source {
        CorpusSource::Embedded => open_embedded(dir, progress)?,
        CorpusSource::Path(root) => {
            let dir = index_dir(source, dir)?.unwrap_or_default();
            update_dir(root, &dir, options, check, progress)?
        }
        CorpusSource::Git { repo, documents } => {
            let dir = index_dir(source, dir)?.unwrap_or_default();
            super::history::update(repo, documents, &dir, options, progress)?
        }
    };
    report.elapsed = started.elapsed();
    Ok((open, report))
}

/// The index of `source` as last committed, opened without looking at
/// the corpus: `None` when there is no usable one yet.
pub(crate) fn open_committed(source: &CorpusSource, dir: Option<&Path>) -> Option<OpenIndex> {
    let (dir, key) = match source {
        CorpusSource::Embedded => {
            let hash = embedded_hash(&load::embedded_files());
            let key = format!("embedded:{}", &hash[..16]);
            (
                dir.map_or_else(|| store::embedded_dir(&hash), Path::to_path_buf),
                key,
            )
        }
        CorpusSource::Path(root) => (index_dir(source, dir).ok()??, corpus_key(root)),
        CorpusSource::Git { repo, documents } => (
            index_dir(source, dir).ok()??,
            super::history::corpus_key(repo, documents),
        ),
    };
    store::open_committed(&dir, &key)
}

/// How a corpus directory is named in its index's manifest.
fn corpus_key(root: &Path) -> String {
    root.canonicalize()
        .map_or_else(|_| root.display().to_string(), |p| p.display().to_string())
}

/// The embedded corpus's index: cached on disk by the corpus hash, built
/// in memory when the cache cannot be written.
fn open_embedded(dir: Option<&Path>, progress: &dyn Progress) -> Result<(OpenIndex, BuildReport)> {
    let files = load::embedded_files();
    let hash = embedded_hash(&files);
    let key = format!("embedded:{}", &hash[..16]);
    let dir = dir.map_or_else(|| store::embedded_dir(&hash), Path::to_path_buf);
    let mut report = BuildReport {
        location: Some(dir.clone()),
        ..Default::default()
    };
    let cached = store::open_existing(&dir, &key, progress, &mut report).and_then(|mut opened| {
        if opened.reader.is_some() {
            report.unchanged = opened.manifest.files;
            return Ok(opened);
        }
        let mut writer = store::acquire_writer(&opened.index, &dir, progress)?;
        opened.catch_up();
        index_embedded(&mut opened, &mut writer, &files, &mut report, progress)?;
        Ok(opened)
    });
    match cached {
        Ok(opened) => {
            report.index_bytes = dir_size(&dir);
            Ok((opened, report))
        }
        Err(_) => {
            let mut opened = store::create_in_ram(&key);
            let mut writer = opened
                .index
                .writer_with_num_threads(1, 50_000_000)
                .map_err(index_error)?;
            let mut report = BuildReport::default();
            index_embedded(&mut opened, &mut writer, &files, &mut report, progress)?;
            Ok((opened, report))
        }
    }
}

/// blake3 over the embedded files' names and contents.
fn embedded_hash(files: &[SourceFile]) -> String {
    let mut hasher = blake3::Hasher::new();
    for file in files {
        hasher.update(file.display.as_bytes());
        hasher.update(&(file.bytes.len() as u64).to_le_bytes());
        hasher.update(&file.bytes);
    }
    hasher.finalize().to_hex().to_string()
}

/// Indexes every embedded file into a new index and commits.
fn index_embedded(
    opened: &mut OpenIndex,
    writer: &mut tantivy::IndexWriter<tantivy::TantivyDocument>,
    files: &[SourceFile],
    report: &mut BuildReport,
    progress: &dyn Progress,
) -> Result<()> {
    let files: HashMap<String, &SourceFile> =
        files.iter().map(|f| (f.display.clone(), f)).collect();
    let read = |name: &str| {
        files
            .get(name)
            .map(|f| SourceFile::new(f.display.clone(), f.bytes.clone()))
            .ok_or_else(|| SkipReason::Unreadable("not embedded".to_string()))
    };
    let mut seen: Vec<Seen> = files
        .values()
        .map(|f| Seen {
            path: PathBuf::from(&f.display),
            size: f.bytes.len() as u64,
            mtime: 0,
        })
        .collect();
    seen.sort_by(|a, b| a.path.cmp(&b.path));
    let fields = opened.fields;
    let mut job = Job {
        writer,
        fields: &fields,
        read: &read,
        progress,
        checkpoint: None,
    };
    let catalog = opened.catalog()?;
    let changes = manifest::changes(&catalog.files, &seen);
    stream::apply(&mut job, catalog, changes, report)?;
    let manifest = Manifest {
        checked_at: freshness::now(),
        ..opened.manifest.clone()
    };
    finish_commit(opened, writer, manifest, report)
}

fn update_dir(
    root: &Path,
    dir: &Path,
    options: LoadOptions,
    check: Check,
    progress: &dyn Progress,
) -> Result<(OpenIndex, BuildReport)> {
    let corpus_key = corpus_key(root);
    let mut report = BuildReport {
        location: Some(dir.to_path_buf()),
        ..Default::default()
    };
    let mut opened = store::open_existing(dir, &corpus_key, progress, &mut report)?;
    // A partial commit of an interrupted build records no directories.
    let current = opened.reader.is_some()
        && !opened.manifest.catalog.is_empty()
        && !opened.manifest.dirs.is_empty();
    if check == Check::Directories && current && !freshness::dirs_changed(&opened.manifest.dirs) {
        report.unchanged = opened.manifest.files;
        finish_report(&opened, &mut report, dir);
        return Ok((opened, report));
    }
    report.checked_files = true;
    let checked_at = freshness::now();
    let dirs = freshness::dir_times(root, checked_at);
    let seen = walk(root)?;
    let changes = manifest::changes(&opened.catalog()?.files, &seen);
    if changes.is_empty() && dirs == opened.manifest.dirs && current {
        report.unchanged = seen.len();
        finish_report(&opened, &mut report, dir);
        return Ok((opened, report));
    }
    let mut writer = store::acquire_writer(&opened.index, dir, progress)?;
    opened.catch_up();
    let read = |path: &str| {
        freshness::count_accesses(1);
        load::read_file(Path::new(path), options)
    };
    let fields = opened.fields;
    let template = opened.manifest.clone();
    let mut job = Job {
        writer: &mut writer,
        fields: &fields,
        read: &read,
        progress,
        checkpoint: Some(Checkpoint {
            dir,
            manifest: template,
            every: checkpoint_every(),
        }),
    };
    let catalog = opened.catalog()?;
    let changes = manifest::changes(&catalog.files, &seen);
    stream::apply(&mut job, catalog, changes, &mut report)?;
    report.unchanged = seen.len().saturating_sub(report.added + report.updated);
    let manifest = Manifest {
        dirs,
        checked_at,
        ..opened.manifest.clone()
    };
    finish_commit(&mut opened, &mut writer, manifest, &mut report)?;
    // Fewer, larger segments make every later search faster.
    writer.wait_merging_threads().map_err(index_error)?;
    finish_report(&opened, &mut report, dir);
    Ok((opened, report))
}

/// Lists and stats the corpus files (the stats in parallel: on a large
/// corpus they are most of a no-change update).
fn walk(root: &Path) -> Result<Vec<Seen>> {
    let paths = load::policy_paths(root).map_err(|source| Error::BadCorpus {
        path: root.to_path_buf(),
        reason: source,
    })?;
    freshness::count_accesses(paths.len());
    Ok(paths.par_iter().filter_map(|p| manifest::stat(p)).collect())
}

/// Saves the catalog, commits with `manifest` naming it, and writes the
/// warning log.
pub(super) fn finish_commit(
    opened: &mut OpenIndex,
    writer: &mut tantivy::IndexWriter<tantivy::TantivyDocument>,
    mut manifest: Manifest,
    report: &mut BuildReport,
) -> Result<()> {
    let dir = opened.dir.clone();
    let catalog: &Catalog = opened.catalog()?;
    manifest.files = catalog.files.len();
    let previous = std::mem::take(&mut manifest.catalog);
    if let Some(dir) = &dir {
        manifest.catalog = catalog.save(dir)?;
    }
    store::commit(writer, &manifest)?;
    if let Some(dir) = &dir {
        store::remove_old_catalogs(dir, &[&manifest.catalog, &previous]);
        if !report.warnings.is_empty() {
            report.warnings_log = report::write_log(dir, &report.warnings).ok();
        }
    }
    opened.manifest = manifest;
    opened.reader = None;
    Ok(())
}

pub(super) fn finish_report(opened: &OpenIndex, report: &mut BuildReport, dir: &Path) {
    report.index_bytes = dir_size(dir);
    report.policies = opened.manifest.files as u64;
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
