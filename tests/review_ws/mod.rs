//! A corpus folder and a session file in a temp dir, and the `clause`
//! commands that work on them.
#![allow(dead_code)]

use assert_cmd::Command;
use clause::corpus::{Corpus, CorpusSource, LoadOptions};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The example policy: a preamble, then two sections of two clauses.
pub const POLICY: &str = "# Example Privacy Policy\n\nIntro text about the policy.\n\n## Collection\n\nWe collect your name and email address.\n\nWe collect usage data from your browser.\n\n## Sharing\n\nWe share data with service providers only.\n\nWe never sell personal information.\n";

/// The file of [`POLICY`] in [`Workspace::example`]: example.com's version
/// of 2024-01-01.
pub const EXAMPLE: &str = "example.com__2024-01-01.md";

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

    /// A workspace whose corpus holds [`POLICY`] as [`EXAMPLE`].
    pub fn example() -> Workspace {
        Workspace::with(&[(EXAMPLE, POLICY)])
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

    /// `review flag ID OPTIONS...`, which must succeed; its output.
    pub fn flag(&self, id: &str, options: &[&str]) -> String {
        let args: Vec<&str> = ["review", "flag", id]
            .iter()
            .chain(options)
            .copied()
            .collect();
        self.ok(&args)
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

    /// The workspace's corpus, parsed.
    pub fn load_corpus(&self) -> Corpus {
        Corpus::load(
            &CorpusSource::Path(self.corpus.clone()),
            LoadOptions::default(),
        )
        .unwrap()
    }

    /// The shell command that opens the browser on the workspace.
    pub fn browser_command(&self) -> String {
        format!(
            "'{}' --corpus '{}' --review '{}'",
            assert_cmd::cargo::cargo_bin("clause").display(),
            self.corpus.display(),
            self.session.display()
        )
    }

    pub fn session_json(&self) -> Value {
        serde_json::from_slice(&std::fs::read(&self.session).unwrap()).unwrap()
    }
}
