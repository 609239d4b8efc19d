//! Opening, building and incrementally updating the index of a corpus.
//!
//! Invariants: the manifest travels in the commit payload, so a killed
//! build leaves the previous commit (and its manifest) in force; an index
//! of another format version, or one that cannot be opened, is rebuilt
//! from scratch with a notice; only one process writes at a time (tantivy's
//! writer lock), others wait.

use super::documents;
use super::manifest::{self, FileState, Manifest, Seen};
use super::schema::{self, Fields, FORMAT_VERSION};
use crate::corpus::load::{self, LoadOptions, LoadWarning, SourceFile};
use crate::corpus::CorpusSource;
use crate::error::{Error, Result};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Memory budget of the index writer (all threads).
const WRITER_MEMORY: usize = 200_000_000;
/// How long to wait for another process's writer lock.
const LOCK_WAIT: Duration = Duration::from_secs(120);
/// Files parsed per batch between hand-offs to the writer.
const BATCH: usize = 64;

/// Receives progress of a build.
pub trait Progress: Sync {
    /// Work begins: `files` to parse, `bytes` in all.
    fn start(&self, files: u64, bytes: u64);
    /// One more file done.
    fn advance(&self, bytes: u64);
    fn finish(&self);
    /// A one-line notice (rebuilds, waits).
    fn notice(&self, message: &str);
}

/// Progress that reports nothing.
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: u64, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
    fn notice(&self, _: &str) {}
}

/// What an open or update did.
#[derive(Debug, Default, Clone)]
pub struct BuildReport {
    pub policies: u64,
    pub clauses: u64,
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub unchanged: usize,
    pub elapsed: Duration,
    pub index_bytes: u64,
    /// Why the index was rebuilt from scratch, if it was.
    pub rebuilt: Option<String>,
    pub warnings: Vec<LoadWarning>,
    /// Where the index lives (`None`: in memory).
    pub location: Option<PathBuf>,
}

/// An open index and what it reflects.
pub struct OpenIndex {
    pub index: Index,
    pub fields: Fields,
    pub manifest: Manifest,
    /// A reader opened while checking the index, if it is still current.
    pub reader: Option<IndexReader>,
}

/// The default index directory for a corpus directory: the user cache
/// dir, keyed by a hash of the canonical corpus path.
pub fn default_dir(corpus: &Path) -> Result<PathBuf> {
    let canonical = corpus.canonicalize().map_err(|source| Error::BadCorpus {
        path: corpus.to_path_buf(),
        reason: source,
    })?;
    let key = manifest::hash(canonical.display().to_string().as_bytes());
    let base = directories::ProjectDirs::from("", "", "clause")
        .map(|d| d.cache_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("clause-cache"));
    Ok(base.join(&key[..16]))
}

/// Where the index of `source` lives: `dir` when given, else its default
/// directory (`None` for the embedded corpus, indexed in memory).
pub fn index_dir(source: &CorpusSource, dir: Option<&Path>) -> Result<Option<PathBuf>> {
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
pub fn open(
    source: &CorpusSource,
    dir: Option<&Path>,
    options: LoadOptions,
    progress: &dyn Progress,
) -> Result<(OpenIndex, BuildReport)> {
    let started = Instant::now();
    let (mut open, mut report) = match source {
        CorpusSource::Embedded => build_embedded(progress)?,
        CorpusSource::Path(root) => {
            let dir = index_dir(source, dir)?.unwrap_or_default();
            update_dir(root, &dir, options, progress)?
        }
        CorpusSource::Git { repo, documents } => {
            let dir = index_dir(source, dir)?.unwrap_or_default();
            super::history::update(repo, documents, &dir, options, progress)?
        }
    };
    report.elapsed = started.elapsed();
    open.manifest.format_version = FORMAT_VERSION;
    open.manifest.model = manifest::model_key();
    Ok((open, report))
}

fn build_embedded(progress: &dyn Progress) -> Result<(OpenIndex, BuildReport)> {
    let (schema, fields) = Fields::build();
    let index = Index::create_in_ram(schema);
    schema::register(&index);
    // One thread: a small corpus, and a deterministic document order.
    let mut writer = index
        .writer_with_num_threads(1, WRITER_MEMORY / 4)
        .map_err(index_error)?;
    let files = load::embedded_files();
    let mut report = BuildReport::default();
    let mut manifest = new_manifest("embedded");
    index_files(
        &writer,
        &fields,
        &files,
        &mut manifest,
        &mut report,
        progress,
    )?;
    report.added = files.len();
    commit(&mut writer, &manifest)?;
    Ok((
        OpenIndex {
            index,
            fields,
            manifest,
            reader: None,
        },
        report,
    ))
}

pub(super) fn new_manifest(corpus: &str) -> Manifest {
    Manifest {
        format_version: FORMAT_VERSION,
        model: manifest::model_key(),
        corpus: corpus.to_string(),
        head: None,
        files: Default::default(),
    }
}

fn update_dir(
    root: &Path,
    dir: &Path,
    options: LoadOptions,
    progress: &dyn Progress,
) -> Result<(OpenIndex, BuildReport)> {
    let paths = load::policy_paths(root).map_err(|source| Error::BadCorpus {
        path: root.to_path_buf(),
        reason: source,
    })?;
    let seen: Vec<Seen> = paths.iter().filter_map(|p| manifest::stat(p)).collect();
    let corpus_key = root
        .canonicalize()
        .map_or_else(|_| root.display().to_string(), |p| p.display().to_string());
    let mut report = BuildReport {
        location: Some(dir.to_path_buf()),
        ..Default::default()
    };
    let mut opened = open_existing(dir, &corpus_key, progress, &mut report)?;
    let changes = manifest::changes(&opened.manifest, &seen);
    if changes.is_empty() {
        report.unchanged = seen.len();
        finish_report(&opened, &mut report, dir);
        return Ok((opened, report));
    }
    let mut writer = acquire_writer(&opened.index, dir, progress)?;
    // Another process may have updated the index while we waited.
    opened.manifest = read_manifest(&opened.index).unwrap_or_else(|| new_manifest(&corpus_key));
    let changes = manifest::changes(&opened.manifest, &seen);
    apply_changes(
        &writer,
        &mut opened,
        changes,
        options,
        &mut report,
        progress,
    )?;
    report.unchanged = seen.len().saturating_sub(report.added + report.updated);
    commit(&mut writer, &opened.manifest)?;
    opened.reader = None;
    drop(writer);
    finish_report(&opened, &mut report, dir);
    Ok((opened, report))
}

pub(super) fn finish_report(opened: &OpenIndex, report: &mut BuildReport, dir: &Path) {
    report.index_bytes = dir_size(dir);
    report.policies = opened.manifest.files.len() as u64;
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

/// What [`try_open`] says of an index whose first commit is not written yet.
const NO_MANIFEST: &str = "no manifest in the last commit";

/// Opens the index in `dir`, or creates it (wiping an unusable one). When
/// another process is creating it at the same moment, waits for that
/// process and opens its index.
pub(super) fn open_existing(
    dir: &Path,
    corpus_key: &str,
    progress: &dyn Progress,
    report: &mut BuildReport,
) -> Result<OpenIndex> {
    match open_or_create(dir, corpus_key, progress, report)? {
        Some(open) => Ok(open),
        None => {
            wait_for_writer(dir, progress)?;
            open_or_create(dir, corpus_key, progress, report)?
                .ok_or_else(|| Error::Index(format!("{}: {NO_MANIFEST}", dir.display())))
        }
    }
}

/// Waits while another process holds the writer lock of the index in `dir`.
fn wait_for_writer(dir: &Path, progress: &dyn Progress) -> Result<()> {
    let index = Index::open_in_dir(dir).map_err(index_error)?;
    drop(acquire_writer(&index, dir, progress)?);
    Ok(())
}

/// [`open_existing`] once: `None` when another process created the index
/// in the meantime.
fn open_or_create(
    dir: &Path,
    corpus_key: &str,
    progress: &dyn Progress,
    report: &mut BuildReport,
) -> Result<Option<OpenIndex>> {
    let problem = if dir.join("meta.json").exists() {
        let mut opened = try_open(dir);
        if matches!(&opened, Err(e) if e == NO_MANIFEST) {
            // Another process may be writing the first commit: wait for it.
            wait_for_writer(dir, progress)?;
            opened = try_open(dir);
        }
        match opened {
            Ok(open)
                if open.manifest.format_version == FORMAT_VERSION
                    && open.manifest.model == manifest::model_key()
                    && open.manifest.corpus == corpus_key =>
            {
                return Ok(Some(open));
            }
            Ok(open) if open.manifest.format_version != FORMAT_VERSION => {
                format!(
                    "index format {} is not {}",
                    open.manifest.format_version, FORMAT_VERSION
                )
            }
            Ok(open) if open.manifest.model != manifest::model_key() => {
                "the category model changed since it was built".to_string()
            }
            Ok(_) => "index belongs to another corpus".to_string(),
            Err(e) => format!("index unreadable ({e})"),
        }
    } else {
        String::new()
    };
    if !problem.is_empty() {
        progress.notice(&format!(
            "rebuilding the index in {}: {problem}",
            dir.display()
        ));
        report.rebuilt = Some(problem);
        wipe(dir)?;
    }
    create(dir, corpus_key)
}

fn try_open(dir: &Path) -> std::result::Result<OpenIndex, String> {
    let index = Index::open_in_dir(dir).map_err(|e| e.to_string())?;
    let fields = Fields::from_schema(&index.schema()).map_err(|e| e.to_string())?;
    schema::register(&index);
    let manifest = read_manifest(&index).ok_or(NO_MANIFEST)?;
    // Opening a reader loads every segment: missing or truncated files fail here.
    let reader = manual_reader(&index).map_err(|e| e.to_string())?;
    Ok(OpenIndex {
        index,
        fields,
        manifest,
        reader: Some(reader),
    })
}

pub(super) fn read_manifest(index: &Index) -> Option<Manifest> {
    let metas = index.load_metas().ok()?;
    Manifest::from_payload(metas.payload.as_deref())
}

/// A new index in `dir`; `None` when another process has just created one.
fn create(dir: &Path, corpus_key: &str) -> Result<Option<OpenIndex>> {
    std::fs::create_dir_all(dir)?;
    let (schema, fields) = Fields::build();
    let index = match Index::create_in_dir(dir, schema) {
        Ok(index) => index,
        Err(tantivy::TantivyError::IndexAlreadyExists) => return Ok(None),
        Err(e) => return Err(index_error(e)),
    };
    schema::register(&index);
    Ok(Some(OpenIndex {
        index,
        fields,
        manifest: new_manifest(corpus_key),
        reader: None,
    }))
}

/// Deletes the index in `dir` (for `--rebuild`); a missing one is fine.
pub fn remove(dir: &Path) -> Result<()> {
    if dir.exists() {
        wipe(dir)?;
    }
    Ok(())
}

/// Removes an unusable index, refusing to touch a directory that holds
/// anything but tantivy files.
fn wipe(dir: &Path) -> Result<()> {
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| Some(e.ok()?.path()))
        .collect();
    let ours = |p: &PathBuf| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        name == "meta.json"
            || name.starts_with(".tantivy")
            || name.starts_with(".managed")
            || name.ends_with(".lock")
            || name.contains('.') && name.split('.').next().is_some_and(|stem| stem.len() == 32)
    };
    if let Some(foreign) = entries.iter().find(|p| !ours(p)) {
        return Err(Error::Index(format!(
            "{} is not a clause index (found {}); choose another --index-dir",
            dir.display(),
            foreign.display()
        )));
    }
    for entry in entries {
        if entry.is_dir() {
            std::fs::remove_dir_all(&entry)?;
        } else {
            std::fs::remove_file(&entry)?;
        }
    }
    Ok(())
}

fn writer(index: &Index) -> Result<IndexWriter<TantivyDocument>> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    index
        .writer_with_num_threads(threads, WRITER_MEMORY)
        .map_err(index_error)
}

/// Takes the writer lock, waiting (with a notice) while another process holds it.
pub(super) fn acquire_writer(
    index: &Index,
    dir: &Path,
    progress: &dyn Progress,
) -> Result<IndexWriter<TantivyDocument>> {
    let started = Instant::now();
    let mut told = false;
    loop {
        match writer(index) {
            Err(Error::Index(message))
                if message.contains("already held") || message.contains("LockBusy") =>
            {
                if started.elapsed() > LOCK_WAIT {
                    return Err(Error::Index(format!(
                        "another clause process has been updating {} for over {} s; try again later",
                        dir.display(),
                        LOCK_WAIT.as_secs()
                    )));
                }
                if !told {
                    progress.notice(&format!(
                        "waiting for another clause process to finish updating the index in {}",
                        dir.display()
                    ));
                    told = true;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            other => return other,
        }
    }
}

fn apply_changes(
    writer: &IndexWriter<TantivyDocument>,
    opened: &mut OpenIndex,
    changes: manifest::Changes,
    options: LoadOptions,
    report: &mut BuildReport,
    progress: &dyn Progress,
) -> Result<()> {
    let source_term = |path: &str| Term::from_field_text(opened.fields.source, path);
    // Companies whose set of versions changed: their other versions are
    // indexed again, since which clauses are new in the newest one may change.
    let mut affected: HashSet<String> = HashSet::new();
    for path in &changes.removed {
        writer.delete_term(source_term(path));
        if let Some(state) = opened.manifest.files.remove(path) {
            affected.insert(state.company);
        }
        report.removed += 1;
    }
    let mut to_index = Vec::new();
    for seen in changes.candidates {
        let key = seen.path.display().to_string();
        match load::read_file(&seen.path, options) {
            Ok(file) => {
                let state = FileState {
                    size: seen.size,
                    mtime: seen.mtime,
                    hash: manifest::hash(&file.bytes),
                    company: load::company_key(&file),
                };
                let company = state.company.clone();
                // A touched file whose content did not change only gets its new mtime.
                match opened.manifest.files.insert(key.clone(), state.clone()) {
                    Some(previous) if previous.hash == state.hash => continue,
                    Some(previous) => {
                        writer.delete_term(source_term(&key));
                        affected.insert(previous.company);
                        report.updated += 1;
                    }
                    None => report.added += 1,
                }
                affected.insert(company);
                to_index.push(file);
            }
            Err(reason) => {
                if let Some(previous) = opened.manifest.files.remove(&key) {
                    writer.delete_term(source_term(&key));
                    affected.insert(previous.company);
                    report.removed += 1;
                }
                report
                    .warnings
                    .push(LoadWarning::Skipped { path: key, reason });
            }
        }
    }
    let pending: HashSet<String> = to_index.iter().map(|f| f.display.clone()).collect();
    let siblings: Vec<String> = opened
        .manifest
        .files
        .iter()
        .filter(|(path, state)| affected.contains(&state.company) && !pending.contains(*path))
        .map(|(path, _)| path.clone())
        .collect();
    for path in siblings {
        writer.delete_term(source_term(&path));
        match load::read_file(Path::new(&path), options) {
            Ok(file) => to_index.push(file),
            Err(reason) => {
                opened.manifest.files.remove(&path);
                report.removed += 1;
                report.warnings.push(LoadWarning::Skipped { path, reason });
            }
        }
    }
    index_files(
        writer,
        &opened.fields,
        &to_index,
        &mut opened.manifest,
        report,
        progress,
    )
}

/// Parses files in parallel, a company's versions together, and adds
/// their documents to the index; records each file's company in `manifest`.
pub(super) fn index_files(
    writer: &IndexWriter<TantivyDocument>,
    fields: &Fields,
    files: &[SourceFile],
    manifest: &mut Manifest,
    report: &mut BuildReport,
    progress: &dyn Progress,
) -> Result<()> {
    progress.start(
        files.len() as u64,
        files.iter().map(|f| f.bytes.len() as u64).sum(),
    );
    let groups = documents::company_groups(files);
    let mut start = 0;
    while start < groups.len() {
        // Whole companies per batch, at least BATCH files.
        let mut end = start;
        let mut batch_files = 0;
        while end < groups.len() && batch_files < BATCH {
            batch_files += groups[end].len();
            end += 1;
        }
        let parsed: Vec<Vec<documents::Parsed>> = groups[start..end]
            .par_iter()
            .map(|group| documents::group_documents(fields, group))
            .collect();
        start = end;
        for file in parsed.into_iter().flatten() {
            report.warnings.extend(file.warnings);
            report.policies += u64::from(file.parsed);
            report.clauses += file.docs.len() as u64;
            for doc in file.docs {
                writer.add_document(doc).map_err(index_error)?;
            }
            let bytes = file.file.bytes.len() as u64;
            manifest
                .files
                .entry(file.file.display.clone())
                .or_insert_with(|| FileState {
                    size: bytes,
                    mtime: 0,
                    hash: String::new(),
                    company: String::new(),
                })
                .company = file.company;
            progress.advance(bytes);
        }
    }
    progress.finish();
    Ok(())
}

pub(super) fn commit(writer: &mut IndexWriter<TantivyDocument>, manifest: &Manifest) -> Result<()> {
    let mut prepared = writer.prepare_commit().map_err(index_error)?;
    prepared.set_payload(&manifest.to_payload());
    prepared.commit().map_err(index_error)?;
    Ok(())
}

/// A reader that never reloads by itself (the CLI and browser reopen
/// after their own commits).
pub fn manual_reader(index: &Index) -> tantivy::Result<IndexReader> {
    index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
}

/// Wraps a tantivy error.
pub fn index_error(e: tantivy::TantivyError) -> Error {
    Error::Index(e.to_string())
}
