//! A real terminal for the browser: a detached tmux session of 100 × 30
//! cells, its keys and its screen.
#![allow(dead_code)]

use std::process::{Command, Output};
use std::time::Duration;

/// Whether tmux can be run here.
pub fn installed() -> bool {
    Command::new("tmux").arg("-V").output().is_ok()
}

/// A tmux session by name, killed however the test ends.
pub struct Tmux {
    name: String,
}

impl Tmux {
    /// A session called `name`, not started yet.
    pub fn new(name: String) -> Tmux {
        Tmux { name }
    }

    /// Runs tmux with `args`.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux").args(args).output().unwrap()
    }

    /// Starts the session on the shell command `command`, 100 × 30 cells.
    pub fn start(&self, command: &str) {
        self.run(&[
            "new-session",
            "-d",
            "-s",
            &self.name,
            "-x",
            "100",
            "-y",
            "30",
            command,
        ]);
    }

    /// Sends one key, by tmux's name for it (`Tab`, `Escape`, `j`).
    pub fn key(&self, key: &str) {
        self.run(&["send-keys", "-t", &self.name, key]);
    }

    /// Types `text` as it is.
    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", &self.name, "-l", text]);
    }

    /// The screen once it shows `needle` (within ten seconds).
    pub fn wait_for(&self, needle: &str) -> String {
        for _ in 0..100 {
            let screen = String::from_utf8_lossy(
                &self.run(&["capture-pane", "-t", &self.name, "-p"]).stdout,
            )
            .into_owned();
            if screen.contains(needle) {
                return screen;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("screen never showed {needle:?}");
    }

    /// Ends the session, as closing its terminal would.
    pub fn kill(&self) {
        self.run(&["kill-session", "-t", &self.name]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .output();
    }
}
