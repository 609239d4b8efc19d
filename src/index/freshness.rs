//! Whether the corpus may have changed since it was indexed, without a
//! stat per file: adding or removing a file changes the modification time
//! of its directory, so a command stats the corpus directories only and
//! walks the corpus when one of them changed. A file edited in place keeps
//! its directory's time: `clause index` (which compares every file) picks
//! it up, and [`edited_since`] tells whether the files behind some results
//! changed after the last check.

use super::manifest::{mtime_of, DirTimes};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Corpus files stat'ed or read by this process through the index layer.
static FILE_ACCESSES: AtomicU64 = AtomicU64::new(0);

/// How many corpus files this process has stat'ed or read through the
/// index layer (walks, builds, opening a policy): what a command costs in
/// file accesses, whatever the corpus size.
pub fn file_accesses() -> u64 {
    FILE_ACCESSES.load(Ordering::Relaxed)
}

/// Counts `n` more corpus file accesses.
pub fn count_accesses(n: usize) {
    FILE_ACCESSES.fetch_add(n as u64, Ordering::Relaxed);
}

/// Now, in ns since the epoch.
pub fn now() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// A directory modified this close (ns) to a check is recorded as unknown:
/// file times are coarser than nanoseconds, and a file added in the same
/// tick would otherwise go unseen.
const SETTLE_NS: u128 = 2_000_000_000;

/// The modification times of `root` and every directory under it, read at
/// `now` (ns since the epoch) before the files are listed, so that a change
/// during the walk shows next time. Empty for a single file.
pub fn dir_times(root: &Path, now: u128) -> DirTimes {
    let mut out = DirTimes::new();
    if !root.is_dir() {
        return out;
    }
    let walk = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .hidden(true)
        .follow_links(true)
        .build();
    for entry in walk.filter_map(Result::ok) {
        if entry.file_type().is_some_and(|t| t.is_dir()) {
            if let Ok(meta) = std::fs::metadata(entry.path()) {
                let mtime = mtime_of(&meta);
                let settled = now.saturating_sub(mtime) >= SETTLE_NS;
                out.insert(
                    entry.path().display().to_string(),
                    if settled { mtime } else { 0 },
                );
            }
        }
    }
    out
}

/// True when a recorded directory is gone or has another modification time.
pub fn dirs_changed(recorded: &DirTimes) -> bool {
    recorded.iter().any(|(dir, mtime)| {
        std::fs::metadata(dir)
            .map(|meta| mtime_of(&meta) != *mtime)
            .unwrap_or(true)
    })
}

/// The sources among `sources` (paths) modified after `checked_at` (ns
/// since the epoch), or gone.
pub fn edited_since<'a>(
    sources: impl IntoIterator<Item = &'a str>,
    checked_at: u128,
) -> Vec<&'a str> {
    let mut out: Vec<&str> = sources
        .into_iter()
        .filter(|s| !s.starts_with("embedded:"))
        .filter(|s| {
            std::fs::metadata(s)
                .map(|meta| mtime_of(&meta) > checked_at)
                .unwrap_or(true)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}
