//! The manifest of indexed files: (path, size, mtime, content hash) per
//! file, stored as the payload of each tantivy commit so that index and
//! manifest always change together.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// What was indexed of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileState {
    pub size: u64,
    /// Modification time in nanoseconds since the epoch.
    pub mtime: u128,
    /// blake3 of the content, hex.
    pub hash: String,
    /// The company of the file's policy, lower-cased: when a file changes,
    /// the other versions of its company are indexed again.
    pub company: String,
}

/// The state of the corpus that an index commit reflects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format_version: u32,
    /// Which category model classified the clauses (see [`model_key`]);
    /// another model means the stored categories are stale.
    #[serde(default)]
    pub model: String,
    /// Canonical corpus path (or `embedded`).
    pub corpus: String,
    /// For a git repository: the commit whose history the index reflects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<String>,
    pub files: BTreeMap<String, FileState>,
}

impl Manifest {
    /// Parses a commit payload; `None` when missing or unreadable.
    pub fn from_payload(payload: Option<&str>) -> Option<Manifest> {
        serde_json::from_str(payload?).ok()
    }

    /// Serialises for a commit payload.
    pub fn to_payload(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The key of the embedded category model: the start of its blake3.
pub fn model_key() -> String {
    let mut key = hash(crate::categories::EMBEDDED_MODEL.as_bytes());
    key.truncate(16);
    key
}

/// A file on disk as seen now.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: PathBuf,
    pub size: u64,
    pub mtime: u128,
}

/// Stats a file for the manifest.
pub fn stat(path: &Path) -> Option<Seen> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    Some(Seen {
        path: path.to_path_buf(),
        size: meta.len(),
        mtime,
    })
}

/// Hex blake3 of bytes.
pub fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// The difference between the manifest and the files on disk.
#[derive(Debug, Default)]
pub struct Changes {
    /// New files and files whose size or mtime changed (content may still match).
    pub candidates: Vec<Seen>,
    /// Paths in the manifest that are gone.
    pub removed: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.candidates.is_empty() && self.removed.is_empty()
    }
}

/// Compares files on disk with the manifest by size and mtime.
pub fn changes(manifest: &Manifest, seen: &[Seen]) -> Changes {
    let mut out = Changes::default();
    let mut present = std::collections::HashSet::new();
    for file in seen {
        let key = file.path.display().to_string();
        match manifest.files.get(&key) {
            Some(state) if state.size == file.size && state.mtime == file.mtime => {}
            _ => out.candidates.push(file.clone()),
        }
        present.insert(key);
    }
    out.removed = manifest
        .files
        .keys()
        .filter(|k| !present.contains(*k))
        .cloned()
        .collect();
    out
}
