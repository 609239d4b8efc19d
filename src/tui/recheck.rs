//! Files edited in place keep their directory's modification time, so the
//! start-up check does not see them: while the browser runs, a background
//! thread compares every corpus file with the index now and then (the
//! same check as `clause index`), indexes what changed and shows the
//! updated index.

use crate::corpus::{CorpusSource, LoadOptions};
use crate::index::{Check, SearchIndex, Silent};
use std::path::Path;
use std::sync::mpsc::Sender;
use std::time::Duration;

use super::action::Action;

/// Time between two checks of every file (`CLAUSE_RECHECK_SECS` changes it).
fn every() -> Duration {
    let secs = std::env::var("CLAUSE_RECHECK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    Duration::from_secs(secs)
}

/// Checks the files of a corpus directory every [`every`] until the
/// browser is gone (the embedded corpus and git histories do not change
/// under it).
pub(super) fn keep_checking(
    source: CorpusSource,
    dir: Option<&Path>,
    load: LoadOptions,
    tx: &Sender<Action>,
) {
    if !matches!(source, CorpusSource::Path(_)) {
        return;
    }
    loop {
        std::thread::sleep(every());
        if check_once(&source, dir, load, tx).is_err() {
            return;
        }
    }
}

/// The browser has quit.
#[derive(Debug)]
pub(super) struct Gone;

/// Compares every file with the index once, and when a file was added,
/// edited or removed, indexes it and sends the updated corpus and index.
/// A check that fails (a locked or unreadable index) is tried again next
/// time; `Err` only when the browser is gone.
pub(super) fn check_once(
    source: &CorpusSource,
    dir: Option<&Path>,
    load: LoadOptions,
    tx: &Sender<Action>,
) -> Result<bool, Gone> {
    let Ok((index, report)) = SearchIndex::open_checked(source, dir, load, Check::Files, &Silent)
    else {
        return Ok(false);
    };
    let changed = report.rebuilt.is_some() || report.added + report.updated + report.removed > 0;
    if changed && !super::show_index(index, source, load, tx) {
        return Err(Gone);
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_file_edited_in_place_reaches_the_browser() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).unwrap();
        let file = corpus.join("Acme__2024-01-01.md");
        std::fs::write(&file, "# Privacy\n\nWe keep cookies.\n").unwrap();
        let source = CorpusSource::Path(corpus);
        let index_dir = dir.path().join("index");
        let load = LoadOptions::default();
        SearchIndex::open(&source, Some(&index_dir), load, &Silent).unwrap();
        let (tx, rx) = mpsc::channel();

        assert!(!check_once(&source, Some(&index_dir), load, &tx).unwrap());
        assert!(rx.try_recv().is_err(), "nothing changed, nothing sent");

        std::fs::write(&file, "# Privacy\n\nWe sell nothing, ever.\n").unwrap();
        let later = std::time::SystemTime::now() + Duration::from_secs(5);
        std::fs::File::open(&file)
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert!(check_once(&source, Some(&index_dir), load, &tx).unwrap());
        let Ok(Action::CorpusLoaded(_)) = rx.try_recv() else {
            panic!("the new listing is sent first");
        };
        let Ok(Action::IndexReady(index)) = rx.try_recv() else {
            panic!("then the updated index");
        };
        let found = index.search("sell", &Default::default()).unwrap();
        assert_eq!(found.total, 1, "the edited text is searchable");
    }

    #[test]
    fn a_browser_that_quit_stops_the_checks() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("Acme__2024-01-01.md");
        std::fs::write(&file, "# Privacy\n\nWe keep cookies.\n").unwrap();
        let source = CorpusSource::Path(dir.path().to_path_buf());
        let index_dir = tempfile::tempdir().unwrap();
        let (tx, rx) = mpsc::channel();
        drop(rx);
        // The first check builds the index: a change the browser cannot take.
        assert!(check_once(&source, Some(index_dir.path()), LoadOptions::default(), &tx).is_err());
    }
}
