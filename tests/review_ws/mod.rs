//! A corpus folder and a session file in a temp dir, and the `clause`
//! commands that work on them.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

pub struct Workspace {
    pub dir: tempfile::TempDir,
    pub corpus: PathBuf,
    pub session: PathBuf,
}

impl Workspace {
    /// A workspace whose corpus holds `files` (name, text).
    pub fn with(files: &[(&str, &str)]) -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        for (name, text) in files {
            std::fs::write(corpus.join(name), text).unwrap();
        }
        let session = dir.path().join("session.json");
        Workspace {
            dir,
            corpus,
            session,
        }
    }

    /// A workspace with a copy of one embedded policy.
    pub fn with_asset(name: &str) -> Workspace {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("assets/policies")
                .join(name),
        )
        .unwrap();
        Workspace::with(&[(name, &text)])
    }

    pub fn clause(&self) -> Command {
        let mut cmd = Command::cargo_bin("clause").unwrap();
        cmd.env("NO_COLOR", "1")
            .env_remove("CLAUSE_CORPUS")
            .arg("--corpus")
            .arg(&self.corpus)
            .arg("--review")
            .arg(&self.session)
            .arg("-q");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> std::process::Output {
        self.clause().args(args).output().unwrap()
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn findings(&self) -> Vec<Value> {
        self.ok(&["review", "list", "--json"])
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    pub fn by_note(&self, note: &str) -> Value {
        self.findings()
            .into_iter()
            .find(|f| f["note"] == note)
            .unwrap_or_else(|| panic!("no finding with note {note:?}"))
    }

    pub fn edit(&self, name: &str, edit: impl FnOnce(String) -> String) {
        let path = self.corpus.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, edit(text)).unwrap();
    }

    pub fn session_json(&self) -> Value {
        serde_json::from_slice(&std::fs::read(&self.session).unwrap()).unwrap()
    }
}
