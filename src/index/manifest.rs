//! The manifest of an index commit: the versions that built it, the
//! corpus it reflects, the name of its catalog file and the modification
//! times of the corpus directories. It is the payload of each tantivy
//! commit, so index, manifest and catalog always change together; it stays
//! small whatever the corpus size (the per-file states live in the catalog).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// What was indexed of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileState {
    /// Length of the file as read, in bytes.
    pub size: u64,
    /// Modification time in nanoseconds since the epoch.
    pub mtime: u128,
    /// blake3 of the content, hex; for a version in a git history, its
    /// blob id.
    pub hash: String,
    /// The company of the file's policy, lower-cased: when a file changes,
    /// the other versions of its company are indexed again.
    pub company: String,
}

/// The state of one directory of the corpus: its modification time changes
/// when a file is added to it or removed from it.
pub(crate) type DirTimes = BTreeMap<String, u128>;

/// The state of the corpus that an index commit reflects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    /// The index layout it was written with (another one means a rebuild).
    pub format_version: u32,
    /// Which category model classified the clauses (see [`model_key`]);
    /// another model means the stored categories are stale.
    #[serde(default)]
    pub model: String,
    /// Which parser built the section trees and clause ids (see
    /// [`crate::corpus::PARSER_VERSION`]); another parser means a rebuild.
    #[serde(default)]
    pub parser: u32,
    /// Canonical corpus path (or `embedded:HASH`).
    pub corpus: String,
    /// File name of the catalog of this commit, in the index directory.
    #[serde(default)]
    pub catalog: String,
    /// Modification times of the corpus directories when it was indexed.
    #[serde(default)]
    pub dirs: DirTimes,
    /// When every file was last compared with the index (ns since the epoch).
    #[serde(default)]
    pub checked_at: u128,
    /// Number of corpus files the index reflects.
    #[serde(default)]
    pub files: usize,
    /// For a git repository: the commit whose history the index reflects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<String>,
}

impl Manifest {
    /// Parses a commit payload; `None` when missing or unreadable.
    pub(crate) fn from_payload(payload: Option<&str>) -> Option<Manifest> {
        serde_json::from_str(payload?).ok()
    }

    /// Serialises for a commit payload.
    pub(crate) fn to_payload(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The key of the embedded category model: the start of its blake3.
pub(crate) fn model_key() -> String {
    let mut key = hash(crate::categories::EMBEDDED_MODEL.as_bytes());
    key.truncate(16);
    key
}

/// A file on disk as seen now.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    /// The file's path (a git version's source).
    pub path: PathBuf,
    /// Length in bytes (0 for a git version).
    pub size: u64,
    /// Modification time in nanoseconds since the epoch (0 when unknown,
    /// or for a git version).
    pub mtime: u128,
}

/// Stats a file for the manifest.
pub(crate) fn stat(path: &Path) -> Option<Seen> {
    let meta = std::fs::metadata(path).ok()?;
    Some(Seen {
        path: path.to_path_buf(),
        size: meta.len(),
        mtime: mtime_of(&meta),
    })
}

/// Modification time in nanoseconds since the epoch (0 when unknown).
pub(crate) fn mtime_of(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// Hex blake3 of bytes.
pub(crate) fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// The difference between the manifest and the files on disk.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    /// New files and files whose size or mtime changed (content may still match).
    pub candidates: Vec<Seen>,
    /// Paths in the manifest that are gone.
    pub removed: Vec<String>,
}

impl Changes {
    /// True when no file was added, touched or removed.
    pub(crate) fn is_empty(&self) -> bool {
        self.candidates.is_empty() && self.removed.is_empty()
    }
}

/// Compares files on disk with the indexed ones by size and mtime.
pub(crate) fn changes(files: &BTreeMap<String, super::catalog::Entry>, seen: &[Seen]) -> Changes {
    let mut out = Changes::default();
    let mut present = std::collections::HashSet::new();
    for file in seen {
        let key = file.path.display().to_string();
        match files.get(&key) {
            Some(e) if e.state.size == file.size && e.state.mtime == file.mtime => {}
            _ => out.candidates.push(file.clone()),
        }
        present.insert(key);
    }
    out.removed = files
        .keys()
        .filter(|k| !present.contains(*k))
        .cloned()
        .collect();
    out
}
