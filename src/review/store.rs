//! The session file: found or created, locked by the one process that
//! writes it, and saved atomically (private temp file, fsync, rename) after
//! every change. Readers need no lock: they read the last complete file.
//!
//! Invariants: a file that is not a clause review session is refused and
//! never overwritten; only one writer at a time (a second waits briefly,
//! then gets a clear message, or opens read-only); a kill or a failed write
//! at any moment leaves either the old or the new file, never a torn one;
//! the folder is created 0700 and every file written 0600.

use super::draft::Draft;
use super::model::{Session, FORMAT, VERSION};
use crate::error::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// An open session file: writable (holding the lock) or read-only.
#[derive(Debug)]
pub struct ReviewStore {
    path: PathBuf,
    lock: Option<File>,
    /// Format version of the file as read (0 when it did not exist).
    loaded_version: u32,
    notices: Vec<String>,
}

/// The default session file of a corpus: one per corpus in the user data dir.
pub(crate) fn default_path(corpus_key: &str) -> PathBuf {
    let hash = blake3::hash(corpus_key.as_bytes()).to_hex();
    let base = directories::ProjectDirs::from("", "", "clause")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("clause-data"));
    base.join("reviews").join(format!("{}.json", &hash[..16]))
}

impl ReviewStore {
    /// Opens the session at `path` for writing (waiting briefly for another
    /// writer to let go), or starts a new one there. A note draft left by a
    /// process that stopped while editing is restored into the session.
    pub fn open(path: &Path, corpus_key: &str) -> Result<(ReviewStore, Session)> {
        make_folder(path)?;
        let lock = lock(path, LOCK_PATIENCE)?.ok_or_else(|| busy(path))?;
        Self::opened(path, corpus_key, Some(lock))
    }

    /// Opens the session for writing if no other process writes it, else
    /// read-only (see [`ReviewStore::is_read_only`]).
    pub fn open_or_read(path: &Path, corpus_key: &str) -> Result<(ReviewStore, Session)> {
        make_folder(path)?;
        let lock = lock(path, LOCK_PATIENCE)?;
        Self::opened(path, corpus_key, lock)
    }

    /// Reads the session without locking it: the last complete file.
    pub fn read(path: &Path, corpus_key: &str) -> Result<(ReviewStore, Session)> {
        Self::opened(path, corpus_key, None)
    }

    fn opened(path: &Path, key: &str, lock: Option<File>) -> Result<(ReviewStore, Session)> {
        let mut notices = Vec::new();
        let (mut session, loaded_version) = match std::fs::read(path) {
            Ok(bytes) => {
                notices.extend(exposure(path));
                parse(path, &bytes)?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Session::new(key), 0),
            Err(e) => return Err(review_error(path, &format!("cannot be read: {e}"))),
        };
        let mut store = ReviewStore {
            path: path.to_path_buf(),
            lock,
            loaded_version,
            notices,
        };
        store.restore_draft(&mut session);
        Ok((store, session))
    }

    /// Where the session lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether another process writes the session: changes cannot be saved.
    pub fn is_read_only(&self) -> bool {
        self.lock.is_none()
    }

    /// Messages for the user from opening or saving (a file others can
    /// read, a restored draft, a format upgrade); each is returned once.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// Writes the session atomically. On failure the file on disk is the
    /// previous one and the error says why; the caller keeps its state and
    /// may simply save again.
    pub fn save(&mut self, session: &Session) -> Result<()> {
        if self.is_read_only() {
            return Err(Error::ReviewWrite(format!(
                "review session {} is open read-only (another clause process writes it); the change was not saved",
                self.path.display()
            )));
        }
        let mut session = session.clone();
        session.compact();
        session.version = VERSION;
        let mut json = serde_json::to_vec_pretty(&session)
            .map_err(|e| review_error(&self.path, &e.to_string()))?;
        json.push(b'\n');
        if (1..VERSION).contains(&self.loaded_version) {
            self.keep_old_version()?;
        }
        write_private(&self.path, &json).map_err(|e| {
            Error::ReviewWrite(format!(
                "review session {} cannot be saved: {e}; nothing was lost: the change is kept in memory and saved with the next one",
                self.path.display()
            ))
        })?;
        self.loaded_version = VERSION;
        Ok(())
    }

    /// Keeps a copy of a file of an older format before its first upgrade.
    fn keep_old_version(&mut self) -> Result<()> {
        let copy = sibling(&self.path, &format!("v{}", self.loaded_version));
        let bytes = std::fs::read(&self.path).unwrap_or_default();
        write_private(&copy, &bytes).map_err(|e| {
            Error::ReviewWrite(format!(
                "review session {} cannot be upgraded: keeping its version-{} copy failed: {e}",
                self.path.display(),
                self.loaded_version
            ))
        })?;
        self.notices.push(format!(
            "review session {} upgraded from format version {} to {VERSION}; the old file is kept as {}",
            self.path.display(),
            self.loaded_version,
            copy.display()
        ));
        Ok(())
    }

    /// Where the note draft of this session is kept.
    pub fn draft_path(&self) -> PathBuf {
        sibling(&self.path, "draft")
    }

    /// Keeps the note being edited, so that it survives a crash or a
    /// closed terminal.
    pub fn save_draft(&self, draft: &Draft) -> Result<()> {
        let json =
            serde_json::to_vec(draft).map_err(|e| review_error(&self.path, &e.to_string()))?;
        write_private(&self.draft_path(), &json)
            .map_err(|e| Error::ReviewWrite(format!("note draft cannot be kept: {e}")))
    }

    /// Forgets the note draft (after the note was saved or cancelled).
    pub fn clear_draft(&self) {
        let _ = std::fs::remove_file(self.draft_path());
    }

    fn restore_draft(&mut self, session: &mut Session) {
        let Ok(bytes) = std::fs::read(self.draft_path()) else {
            return;
        };
        let path = self.draft_path();
        let Ok(draft) = serde_json::from_slice::<Draft>(&bytes) else {
            self.notices.push(format!(
                "the note draft {} is damaged; it was left untouched",
                path.display()
            ));
            return;
        };
        if self.is_read_only() {
            if writer_alive(&self.path) {
                self.notices.push(format!(
                    "a note on {} is being edited in another clause process; it is not included yet",
                    draft.finding.id
                ));
            } else {
                draft.apply(session);
                self.notices.push(format!(
                    "includes the unsaved note on {} (left when clause stopped while it was edited; written into the session the next time it is opened for changes)",
                    draft.finding.id
                ));
            }
            return;
        }
        draft.apply(session);
        match self.save(session) {
            Ok(()) => {
                self.clear_draft();
                self.notices.push(format!(
                    "restored the unsaved note on {} (it was being edited when clause stopped)",
                    draft.finding.id
                ));
            }
            Err(e) => self.notices.push(e.to_string()),
        }
    }
}

/// How long opening a session waits for another writer to let go of it.
const LOCK_PATIENCE: Duration = Duration::from_secs(2);

fn busy(path: &Path) -> Error {
    review_error(
        path,
        "is open in another clause process that writes it, so the change was not made; close it there first (or use --review FILE for another session); `clause review list` and `export` work meanwhile",
    )
}

/// `name.ext` → `name.ext.suffix` beside it.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("session");
    path.with_file_name(format!("{name}.{suffix}"))
}

fn make_folder(path: &Path) -> Result<()> {
    let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(());
    };
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| review_error(path, &format!("cannot create its folder: {e}")))
}

/// The lock, or `None` when another process kept it past `patience`.
fn lock(path: &Path, patience: Duration) -> Result<Option<File>> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true).read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options
        .open(sibling(path, "lock"))
        .map_err(|e| review_error(path, &format!("cannot create its lock file: {e}")))?;
    // A process that is just quitting (or a child forked at that moment,
    // before its exec closes the inherited descriptor) may still hold the
    // lock for a moment: wait briefly before giving up.
    let deadline = Instant::now() + patience;
    let mut outcome = file.try_lock();
    while matches!(outcome, Err(TryLockError::WouldBlock)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(25));
        outcome = file.try_lock();
    }
    match outcome {
        Ok(()) => Ok(Some(file)),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(e)) => Err(review_error(path, &format!("cannot be locked: {e}"))),
    }
}

/// Whether a process holds the session's lock now (without waiting or
/// creating anything).
fn writer_alive(path: &Path) -> bool {
    let Ok(file) = File::open(sibling(path, "lock")) else {
        return false;
    };
    matches!(file.try_lock_shared(), Err(TryLockError::WouldBlock))
}

/// Writes `bytes` to `path` atomically, readable by the owner only: a
/// private temp file beside it, fsync, rename, fsync of the folder. On
/// failure the temp file is removed and `path` is as it was.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)?;
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    };
    write().inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// A one-line warning when others may read the file.
fn exposure(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o077 != 0).then(|| {
            format!(
                "review session {} can be read by other users (mode {mode:o}); it is made private (600) on the next save, or now with: chmod 600 {}",
                path.display(),
                path.display()
            )
        })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

fn parse(path: &Path, bytes: &[u8]) -> Result<(Session, u32)> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        review_error(
            path,
            &format!("is not valid JSON ({e}); it was left untouched"),
        )
    })?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(review_error(
            path,
            "is not a clause review session (no \"format\": \"clause-review\"); it was left untouched",
        ));
    }
    let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
    if version > u64::from(VERSION) {
        return Err(review_error(
            path,
            &format!(
                "was written by a newer clause (session version {version}); it was left untouched"
            ),
        ));
    }
    if version <= 1 {
        migrate_v1(&mut value);
    }
    let session = serde_json::from_value(value)
        .map_err(|e| review_error(path, &format!("is damaged ({e}); it was left untouched")))?;
    Ok((session, u32::try_from(version).unwrap_or(1)))
}

/// Version 1 kept findings in an object keyed by clause id; version 2 in a
/// list, each with its id.
fn migrate_v1(value: &mut serde_json::Value) {
    if !value
        .get("findings")
        .is_some_and(serde_json::Value::is_object)
    {
        return;
    }
    let Some(serde_json::Value::Object(findings)) = value.get_mut("findings").map(std::mem::take)
    else {
        return;
    };
    let list = findings
        .into_iter()
        .map(|(id, mut finding)| {
            if let Some(object) = finding.as_object_mut() {
                object.insert("id".into(), serde_json::Value::String(id));
            }
            finding
        })
        .collect();
    value["findings"] = serde_json::Value::Array(list);
    value["version"] = serde_json::Value::from(VERSION);
}

fn review_error(path: &Path, message: &str) -> Error {
    Error::Review(format!("review session {} {message}", path.display()))
}

#[cfg(test)]
mod tests;
