//! Progress reporting for index builds: an indicatif bar on stderr when it
//! is a terminal, notices as plain lines otherwise.

use crate::index::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Progress on stderr.
pub struct StderrProgress {
    bar: Option<ProgressBar>,
    quiet: bool,
}

impl StderrProgress {
    /// A bar when stderr is a terminal and `quiet` is off.
    pub fn new(quiet: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "indexing {bar:30} {msg} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} ETA {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        StderrProgress { bar, quiet }
    }
}

impl Progress for StderrProgress {
    fn start(&self, files: u64, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(bytes);
            bar.set_position(0);
            bar.set_message(format!("0/{files} files"));
            bar.reset_eta();
        }
    }

    fn advance(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
            let done = bar.message();
            if let Some((n, total)) = done.split_once('/') {
                let n: u64 = n.parse().unwrap_or(0) + 1;
                bar.set_message(format!("{n}/{total}"));
            }
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
