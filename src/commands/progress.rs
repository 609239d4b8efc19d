//! Progress reporting for index builds: an indicatif bar on stderr when it
//! is a terminal, notices as plain lines otherwise.

use crate::index::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};

/// Progress on stderr.
pub(crate) struct StderrProgress {
    bar: Option<ProgressBar>,
    quiet: bool,
    /// Files done and to do in the current stage.
    done: AtomicU64,
    total: AtomicU64,
}

impl StderrProgress {
    /// A bar when stderr is a terminal and `quiet` is off.
    pub(crate) fn new(quiet: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{prefix} {bar:30} {msg} files  {binary_bytes}/{binary_total_bytes}  {binary_bytes_per_sec}  ETA {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        StderrProgress {
            bar,
            quiet,
            done: AtomicU64::new(0),
            total: AtomicU64::new(0),
        }
    }
}

impl Progress for StderrProgress {
    fn stage(&self, name: &str) {
        if let Some(bar) = &self.bar {
            bar.set_prefix(name.to_string());
        }
    }

    fn start(&self, files: u64, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.reset();
            bar.set_length(bytes);
            self.done.store(0, Ordering::Relaxed);
            self.total.store(files, Ordering::Relaxed);
            bar.set_message(format!("0/{files}"));
        }
    }

    fn advance(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
            let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
            bar.set_message(format!("{done}/{}", self.total.load(Ordering::Relaxed)));
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    fn notice(&self, message: &str) {
        if !self.quiet {
            match &self.bar {
                Some(bar) => bar.suspend(|| eprintln!("clause: {message}")),
                None => eprintln!("clause: {message}"),
            }
        }
    }
}
