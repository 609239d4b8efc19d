//! The session file: found or created, locked for the life of the
//! process, and saved atomically (temp file, fsync, rename) after every
//! change.
//!
//! Invariants: a file that is not a clause review session is refused and
//! never overwritten; a second process on the same file is refused with a
//! clear message; a kill at any moment leaves either the old or the new
//! file, never a torn one.

use super::model::{Session, FORMAT, VERSION};
use crate::error::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// An open, locked session file.
#[derive(Debug)]
pub struct ReviewStore {
    path: PathBuf,
    _lock: File,
}

/// The default session file of a corpus: one per corpus in the user data dir.
pub fn default_path(corpus_key: &str) -> PathBuf {
    let hash = blake3::hash(corpus_key.as_bytes()).to_hex();
    let base = directories::ProjectDirs::from("", "", "clause")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("clause-data"));
    base.join("reviews").join(format!("{}.json", &hash[..16]))
}

impl ReviewStore {
    /// Opens (locking) the session at `path`, or starts a new one there.
    pub fn open(path: &Path, corpus_key: &str) -> Result<(ReviewStore, Session)> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| review_error(path, &format!("cannot create its folder: {e}")))?;
        }
        let lock = lock(path)?;
        let session = match std::fs::read(path) {
            Ok(bytes) => parse(path, &bytes)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Session::new(corpus_key),
            Err(e) => return Err(review_error(path, &format!("cannot be read: {e}"))),
        };
        Ok((
            ReviewStore {
                path: path.to_path_buf(),
                _lock: lock,
            },
            session,
        ))
    }

    /// Where the session lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the session atomically: temp file, fsync, rename, fsync dir.
    pub fn save(&self, session: &Session) -> Result<()> {
        let json = serde_json::to_vec_pretty(session)
            .map_err(|e| review_error(&self.path, &e.to_string()))?;
        let dir = self
            .path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = self
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("session");
        let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut file = File::create(&temp)?;
            file.write_all(&json)?;
            file.write_all(b"\n")?;
            file.sync_all()?;
            std::fs::rename(&temp, &self.path)?;
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
            Ok(())
        };
        write().map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            review_error(&self.path, &format!("cannot be saved: {e}"))
        })
    }
}

/// How long opening a session waits for another holder to let go of it.
const LOCK_PATIENCE: Duration = Duration::from_millis(500);

fn lock(path: &Path) -> Result<File> {
    let lock_path = path.with_file_name(format!(
        "{}.lock",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("session")
    ));
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .read(true)
        .open(&lock_path)
        .map_err(|e| review_error(path, &format!("cannot create its lock file: {e}")))?;
    // A process that is just quitting (or a child forked at that moment,
    // before its exec closes the inherited descriptor) may still hold the
    // lock for a few milliseconds: wait briefly before refusing.
    let deadline = Instant::now() + LOCK_PATIENCE;
    let mut outcome = file.try_lock();
    while matches!(outcome, Err(TryLockError::WouldBlock)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(25));
        outcome = file.try_lock();
    }
    match outcome {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(review_error(
            path,
            "is open in another clause process; close it there first (or use --review FILE for another session)",
        )),
        Err(TryLockError::Error(e)) => Err(review_error(path, &format!("cannot be locked: {e}"))),
    }
}

fn parse(path: &Path, bytes: &[u8]) -> Result<Session> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
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
    serde_json::from_value(value)
        .map_err(|e| review_error(path, &format!("is damaged ({e}); it was left untouched")))
}

fn review_error(path: &Path, message: &str) -> Error {
    Error::Review(format!("review session {} {message}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_let_go_of_while_opening_is_opened() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("session.json");
        let (first, _) = ReviewStore::open(&path, "corpus").expect("first open");
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            drop(first);
        });
        let second = ReviewStore::open(&path, "corpus");
        release.join().expect("release thread");
        assert!(second.is_ok(), "{:?}", second.err());
    }

    #[test]
    fn a_session_held_on_to_is_refused_after_the_wait() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("session.json");
        let _first = ReviewStore::open(&path, "corpus").expect("first open");
        let started = Instant::now();
        let err = ReviewStore::open(&path, "corpus").expect_err("second open refused");
        assert!(started.elapsed() >= LOCK_PATIENCE);
        assert!(err
            .to_string()
            .contains("is open in another clause process"));
    }
}
