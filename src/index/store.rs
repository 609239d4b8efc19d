//! The index directory: opening, creating and wiping an index, the writer
//! lock shared between processes, and commits that carry the manifest.
//!
//! Invariants: an index of another format, parser or category model, or
//! one that cannot be opened, is rebuilt from scratch with a notice; a
//! directory holding anything but an index is never wiped; only one
//! process writes at a time (tantivy's writer lock), others wait.

use super::build::Progress;
use super::catalog::{self, Catalog};
use super::manifest::{self, Manifest};
use super::report::{BuildReport, WARNINGS_LOG};
use super::schema::{self, Fields, FORMAT_VERSION};
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument};

/// Memory budget of the index writer (all threads).
const WRITER_MEMORY: usize = 200_000_000;
/// How long to wait for another process's writer lock.
const LOCK_WAIT: Duration = Duration::from_secs(120);

/// An open index and what it reflects.
pub(crate) struct OpenIndex {
    pub index: Index,
    pub fields: Fields,
    pub manifest: Manifest,
    /// A reader opened while checking the index, if it is still current.
    pub reader: Option<IndexReader>,
    /// The index directory (`None`: in memory).
    pub dir: Option<PathBuf>,
    /// The catalog, when it has been read or built.
    pub catalog: Option<Catalog>,
}

impl OpenIndex {
    /// Takes in what another process committed while this one waited for
    /// the writer lock, so that changes are worked out against it (and
    /// nothing it indexed is indexed twice).
    pub(crate) fn catch_up(&mut self) {
        if let Some(latest) = read_manifest(&self.index) {
            if latest.catalog != self.manifest.catalog {
                self.manifest = latest;
                self.catalog = None;
            }
        }
    }

    /// The catalog, read from the index directory on first use.
    pub(crate) fn catalog(&mut self) -> Result<&mut Catalog> {
        if self.catalog.is_none() {
            let loaded = match (&self.dir, self.manifest.catalog.as_str()) {
                (Some(dir), name) if !name.is_empty() => Catalog::load(dir, name)?,
                _ => Catalog::default(),
            };
            self.catalog = Some(loaded);
        }
        Ok(self.catalog.get_or_insert_with(Catalog::default))
    }
}

/// A new manifest for `corpus`, with the versions of this build.
pub(crate) fn new_manifest(corpus: &str) -> Manifest {
    Manifest {
        format_version: FORMAT_VERSION,
        model: manifest::model_key(),
        parser: crate::corpus::PARSER_VERSION,
        corpus: corpus.to_string(),
        ..Default::default()
    }
}

/// The user cache directory of clause.
fn cache_base() -> PathBuf {
    directories::ProjectDirs::from("", "", "clause")
        .map(|d| d.cache_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("clause-cache"))
}

/// The default index directory for a corpus directory: the user cache
/// dir, keyed by a hash of the canonical corpus path.
pub(crate) fn default_dir(corpus: &Path) -> Result<PathBuf> {
    let canonical = corpus.canonicalize().map_err(|source| Error::BadCorpus {
        path: corpus.to_path_buf(),
        reason: source,
    })?;
    let key = manifest::hash(canonical.display().to_string().as_bytes());
    Ok(cache_base().join(format!("{}{}", &key[..16], version_suffix())))
}

/// The default index directory of the embedded corpus, keyed by its hash.
pub(crate) fn embedded_dir(corpus_hash: &str) -> PathBuf {
    cache_base().join(format!(
        "embedded-{}{}",
        &corpus_hash[..16.min(corpus_hash.len())],
        version_suffix()
    ))
}

/// `-v8.4`: the index format and parser versions, so that two releases of
/// clause that index differently keep their own cached index.
fn version_suffix() -> String {
    format!("-v{FORMAT_VERSION}.{}", crate::corpus::PARSER_VERSION)
}

/// What [`try_open`] says of an index whose first commit is not written yet.
const NO_MANIFEST: &str = "no manifest in the last commit";

/// Opens the index in `dir`, or creates it (wiping an unusable one). When
/// another process is creating it at the same moment, waits for that
/// process and opens its index.
pub(crate) fn open_existing(
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

/// The index in `dir` as last committed for `corpus_key`, when there is a
/// usable one with a catalog; never creates, waits or rebuilds.
pub(crate) fn open_committed(dir: &Path, corpus_key: &str) -> Option<OpenIndex> {
    if !dir.join("meta.json").exists() {
        return None;
    }
    let opened = try_open(dir).ok()?;
    (mismatch(&opened.manifest, corpus_key).is_none() && !opened.manifest.catalog.is_empty())
        .then_some(opened)
}

/// Waits while another process holds the writer lock of the index in `dir`.
fn wait_for_writer(dir: &Path, progress: &dyn Progress) -> Result<()> {
    let index = Index::open_in_dir(dir).map_err(index_error)?;
    drop(acquire_writer(&index, dir, progress)?);
    Ok(())
}

/// Why an opened index cannot be used for `corpus_key`, if it cannot.
fn mismatch(manifest: &Manifest, corpus_key: &str) -> Option<String> {
    if manifest.format_version != FORMAT_VERSION {
        Some(format!(
            "index format {} is not {}",
            manifest.format_version, FORMAT_VERSION
        ))
    } else if manifest.parser != crate::corpus::PARSER_VERSION {
        Some("this version of clause parses policies differently".to_string())
    } else if manifest.model != manifest::model_key() {
        Some("the category model changed since it was built".to_string())
    } else if manifest.corpus != corpus_key {
        Some("index belongs to another corpus".to_string())
    } else {
        None
    }
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
            Ok(open) => match mismatch(&open.manifest, corpus_key) {
                None => return Ok(Some(open)),
                Some(problem) => problem,
            },
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
    let mut index = Index::open_in_dir(dir).map_err(|e| e.to_string())?;
    search_segments_in_parallel(&mut index);
    let fields = Fields::from_schema(&index.schema()).map_err(|e| e.to_string())?;
    schema::register(&index);
    let manifest = read_manifest(&index).ok_or(NO_MANIFEST)?;
    if !manifest.catalog.is_empty() && !dir.join(&manifest.catalog).is_file() {
        return Err(format!("catalog {} is missing", manifest.catalog));
    }
    // Opening a reader loads every segment: missing or truncated files fail here.
    let reader = manual_reader(&index).map_err(|e| e.to_string())?;
    Ok(OpenIndex {
        index,
        fields,
        manifest,
        reader: Some(reader),
        dir: Some(dir.to_path_buf()),
        catalog: None,
    })
}

/// Lets a search run its segments on every core (one thread per core, at
/// most four): on a large index the segments' matching is most of a
/// query's time. Searches stay on one thread if no pool can be made.
fn search_segments_in_parallel(index: &mut Index) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if threads > 1 {
        let _ = index.set_multithread_executor(threads);
    }
}

/// The manifest of the index's last commit.
pub(crate) fn read_manifest(index: &Index) -> Option<Manifest> {
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
        dir: Some(dir.to_path_buf()),
        catalog: Some(Catalog::default()),
    }))
}

/// A new index in memory.
pub(crate) fn create_in_ram(corpus_key: &str) -> OpenIndex {
    let (schema, fields) = Fields::build();
    let index = Index::create_in_ram(schema);
    schema::register(&index);
    OpenIndex {
        index,
        fields,
        manifest: new_manifest(corpus_key),
        reader: None,
        dir: None,
        catalog: Some(Catalog::default()),
    }
}

/// Deletes the index in `dir` (for `--rebuild`); a missing one is fine.
pub(crate) fn remove(dir: &Path) -> Result<()> {
    if dir.exists() {
        wipe(dir)?;
    }
    Ok(())
}

/// True for the names of files an index directory holds.
fn is_index_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name == "meta.json"
        || name == WARNINGS_LOG
        || name.starts_with(catalog::FILE_PREFIX)
        || name.starts_with(".tantivy")
        || name.starts_with(".managed")
        || name.ends_with(".lock")
        || name.contains('.') && name.split('.').next().is_some_and(|stem| stem.len() == 32)
}

/// Removes an unusable index, refusing to touch a directory that holds
/// anything but index files.
fn wipe(dir: &Path) -> Result<()> {
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| Some(e.ok()?.path()))
        .collect();
    if let Some(foreign) = entries.iter().find(|p| !is_index_file(p)) {
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

/// Removes the catalog files of `dir` other than `keep`.
pub(crate) fn remove_old_catalogs(dir: &Path, keep: &[&str]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(catalog::FILE_PREFIX) && !keep.contains(&name.as_str()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A writer with `threads` indexing threads (at most 4, by default one per core).
pub(crate) fn writer(
    index: &Index,
    threads: Option<usize>,
) -> Result<IndexWriter<TantivyDocument>> {
    let threads = threads.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, 4)
    });
    index
        .writer_with_num_threads(threads, WRITER_MEMORY)
        .map_err(index_error)
}

/// Takes the writer lock, waiting (with a notice) while another process holds it.
pub(crate) fn acquire_writer(
    index: &Index,
    dir: &Path,
    progress: &dyn Progress,
) -> Result<IndexWriter<TantivyDocument>> {
    let started = Instant::now();
    let mut told = false;
    loop {
        match writer(index, None) {
            Err(e) if is_lock_busy(&e) => {
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

/// Commits the writer's work with `manifest` as the payload.
pub(crate) fn commit(writer: &mut IndexWriter<TantivyDocument>, manifest: &Manifest) -> Result<()> {
    let mut prepared = writer.prepare_commit().map_err(index_error)?;
    prepared.set_payload(&manifest.to_payload());
    prepared.commit().map_err(index_error)?;
    Ok(())
}

/// A reader that never reloads by itself (the CLI and browser reopen
/// after their own commits).
pub(crate) fn manual_reader(index: &Index) -> tantivy::Result<IndexReader> {
    index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
}

/// Wraps a tantivy error.
pub(crate) fn index_error(e: tantivy::TantivyError) -> Error {
    Error::Engine {
        context: "the search index failed".into(),
        source: Box::new(e),
    }
}

/// True when the error says another process holds the writer lock.
fn is_lock_busy(error: &Error) -> bool {
    let message = match error {
        Error::Engine { source, .. } => source.to_string(),
        other => other.to_string(),
    };
    message.contains("already held") || message.contains("LockBusy")
}
