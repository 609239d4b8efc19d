//! A git repository of `<Service>/<Document>.md` files as a corpus: built
//! here with gix (three commits of one service's privacy policy on two
//! days, plus its terms of service), then read, indexed and broken.

mod cli_support;

use cli_support::embedded as clause;
use gix::objs::tree::{Entry, EntryKind};
use gix::objs::Tree;
use gix::ObjectId;
use std::path::{Path, PathBuf};

const DAY1_MORNING: i64 = 1_700_000_000; // 2023-11-14 22:13 UTC
const DAY1_LATER: i64 = 1_700_001_000; // same UTC day
const DAY2: i64 = 1_700_100_000; // 2023-11-16
const DAY3: i64 = 1_700_300_000; // 2023-11-18

fn policy(version: &str) -> String {
    format!(
        "# Privacy Policy\n\n## Data we collect\n\nWe collect your e-mail address.\n\n## Sharing\n\n{version}\n"
    )
}

/// A repository with a history, written with gix.
struct Repo {
    repo: gix::Repository,
    head: Option<ObjectId>,
    path: PathBuf,
}

impl Repo {
    fn new(path: &Path, bare: bool) -> Repo {
        let repo = if bare {
            gix::init_bare(path)
        } else {
            gix::init(path)
        }
        .expect("init");
        Repo {
            repo,
            head: None,
            path: path.to_path_buf(),
        }
    }

    fn blob(&self, text: &str) -> ObjectId {
        self.repo
            .write_blob(text.as_bytes())
            .expect("blob")
            .detach()
    }

    fn tree(&self, mut entries: Vec<Entry>) -> ObjectId {
        entries.sort();
        self.repo
            .write_object(Tree { entries })
            .expect("tree")
            .detach()
    }

    /// Commits `files` (`Service/Document.md` → text) as the whole tree.
    fn commit(&mut self, seconds: i64, files: &[(&str, &str)]) -> ObjectId {
        let mut services: std::collections::BTreeMap<&str, Vec<Entry>> = Default::default();
        let mut top = Vec::new();
        for (path, text) in files {
            let entry = |name: &str| Entry {
                mode: EntryKind::Blob.into(),
                filename: name.into(),
                oid: self.blob(text),
            };
            match path.split_once('/') {
                Some((service, name)) => services.entry(service).or_default().push(entry(name)),
                None => top.push(entry(path)),
            }
        }
        for (service, entries) in services {
            top.push(Entry {
                mode: EntryKind::Tree.into(),
                filename: service.into(),
                oid: self.tree(entries),
            });
        }
        let tree = self.tree(top);
        let time = format!("{seconds} +0000");
        let sig = gix::actor::SignatureRef {
            name: "Recorder".into(),
            email: "recorder@example.org".into(),
            time: &time,
        };
        let id = self
            .repo
            .commit_as(sig, sig, "HEAD", "Record new changes", tree, self.head)
            .expect("commit")
            .detach();
        self.head = Some(id);
        id
    }
}

/// The history of the brief: v1 and v2 on day 1, v3 on day 2, plus terms.
fn github_history(path: &Path, bare: bool) -> Repo {
    let mut repo = Repo::new(path, bare);
    let terms = "# Terms\n\nBe nice.\n";
    repo.commit(
        DAY1_MORNING,
        &[
            ("GitHub/Privacy Policy.md", &policy("We share nothing.")),
            ("GitHub/Terms of Service.md", terms),
        ],
    );
    repo.commit(
        DAY1_LATER,
        &[
            (
                "GitHub/Privacy Policy.md",
                &policy("We share data with processors."),
            ),
            ("GitHub/Terms of Service.md", terms),
        ],
    );
    repo.commit(
        DAY2,
        &[
            (
                "GitHub/Privacy Policy.md",
                &policy("We share data with processors and advertisers."),
            ),
            ("GitHub/Terms of Service.md", terms),
        ],
    );
    repo
}

fn run(args: &[&str], corpus: &Path) -> (bool, String, String) {
    let out = clause()
        .arg("--corpus")
        .arg(corpus)
        .args(args)
        .output()
        .expect("clause runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn each_day_with_a_change_is_a_version_and_the_last_commit_of_a_day_wins() {
    let dir = tempfile::tempdir().unwrap();
    let repo = github_history(dir.path(), false);
    let (ok, out, err) = run(&["versions", "GitHub"], &repo.path);
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("2023-11-14"), "{out}");
    assert!(lines[1].starts_with("2023-11-16"), "{out}");
    let (ok, out, err) = run(&["show", "GitHub@2023-11-14", "Sharing"], &repo.path);
    assert!(ok, "{err}");
    assert!(out.contains("We share data with processors."), "{out}");
    let (ok, out, err) = run(&["diff", "GitHub"], &repo.path);
    assert!(ok, "{err}");
    assert!(out.contains("advertisers"), "{out}");
}

#[test]
fn a_clause_every_version_repeats_is_cited_in_the_version_searched_without_a_stale_warning() {
    let dir = tempfile::tempdir().unwrap();
    let repo = github_history(dir.path(), true);
    let search = |extra: &[&str]| {
        let mut args = vec!["search", "e-mail", "--json"];
        args.extend(extra);
        let (ok, out, err) = run(&args, &repo.path);
        assert!(ok, "{err}");
        assert!(!err.contains("changed since"), "{err}");
        let hit: serde_json::Value =
            serde_json::from_str(out.lines().next().expect("a hit")).unwrap();
        (
            hit["id"].as_str().unwrap().to_string(),
            hit["versions"].clone(),
        )
    };
    let (id, _) = search(&["--as-of", "2023-11-15"]);
    assert!(id.starts_with("GitHub@2023-11-14/"), "{id}");
    let (id, _) = search(&[]);
    assert!(id.starts_with("GitHub@2023-11-16/"), "{id}");
    let (_, versions) = search(&["--all-versions"]);
    assert_eq!(versions, serde_json::json!(["2023-11-14", "2023-11-16"]));
}

#[test]
fn other_documents_only_when_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let repo = github_history(dir.path(), true);
    let (ok, out, err) = run(&["list"], &repo.path);
    assert!(ok, "{err}");
    assert!(
        out.contains("GitHub") && !out.contains("Terms of Service"),
        "{out}"
    );
    let (ok, out, err) = run(&["--documents", "all", "list"], &repo.path);
    assert!(ok, "{err}");
    assert!(out.contains("GitHub (Terms of Service)"), "{out}");
}

#[test]
fn index_reads_only_the_new_versions_after_a_pull() {
    let dir = tempfile::tempdir().unwrap();
    let index = tempfile::tempdir().unwrap();
    let mut repo = github_history(&dir.path().join("repo"), false);
    let idx = index.path().join("idx");
    let index_run = |repo: &Path| {
        let (ok, out, err) = run(&["--index-dir", idx.to_str().unwrap(), "index"], repo);
        assert!(ok, "{err}");
        out
    };
    let first = index_run(&repo.path);
    assert!(
        first.starts_with("2 files") && first.contains("2 added"),
        "{first}"
    );
    repo.commit(
        DAY3,
        &[
            (
                "GitHub/Privacy Policy.md",
                &policy("We share data with nobody at all."),
            ),
            ("GitHub/Terms of Service.md", "# Terms\n"),
        ],
    );
    let second = index_run(&repo.path);
    assert!(
        second.starts_with("3 files")
            && second.contains("1 added, 0 updated, 0 removed, 2 unchanged"),
        "{second}"
    );
    let third = index_run(&repo.path);
    assert!(
        third.contains("0 added, 0 updated, 0 removed, 3 unchanged"),
        "{third}"
    );
    let out = clause()
        .arg("--corpus")
        .arg(&repo.path)
        .args(["--index-dir", idx.to_str().unwrap(), "search", "nobody"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("GitHub@2023-11-18"));
    // Only the newest version marks what changed since the one before.
    let out = clause()
        .arg("--corpus")
        .arg(&repo.path)
        .args([
            "--index-dir",
            idx.to_str().unwrap(),
            "search",
            "changed:yes",
        ])
        .output()
        .unwrap();
    let found = String::from_utf8_lossy(&out.stdout);
    assert!(
        found.contains("GitHub@2023-11-18") && !found.contains("GitHub@2023-11-16"),
        "{found}"
    );
}

#[test]
fn a_repository_without_policy_files_says_what_it_has() {
    let dir = tempfile::tempdir().unwrap();
    let mut repo = Repo::new(dir.path(), true);
    repo.commit(DAY1_MORNING, &[("README.md", "# Hello\n")]);
    let (ok, _, err) = run(&["list"], &repo.path);
    assert!(!ok);
    assert!(
        err.contains("has no <Service>/<Document>.md files"),
        "{err}"
    );

    let other = tempfile::tempdir().unwrap();
    let mut repo = Repo::new(other.path(), false);
    repo.commit(DAY1_MORNING, &[("GitHub/Terms of Service.md", "# Terms\n")]);
    let (ok, _, err) = run(&["list"], &repo.path);
    assert!(!ok);
    assert!(
        err.contains("'Terms of Service' (1)") && err.contains("--documents"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

#[test]
fn a_shallow_clone_is_read_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let repo = github_history(dir.path(), true);
    // Make the latest commit the shallow boundary, as `git clone --depth 1` does.
    let head = repo.head.unwrap();
    std::fs::write(dir.path().join("shallow"), format!("{head}\n")).unwrap();
    let (ok, out, err) = run(&["versions", "GitHub"], &repo.path);
    assert!(ok, "{err}");
    assert!(err.contains("shallow clone"), "{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
}

#[test]
fn a_corrupt_object_skips_one_version_only() {
    let dir = tempfile::tempdir().unwrap();
    let repo = github_history(dir.path(), true);
    let blob = repo.blob(&policy("We share data with processors and advertisers."));
    let hex = blob.to_string();
    let object = dir.path().join("objects").join(&hex[..2]).join(&hex[2..]);
    let mut permissions = std::fs::metadata(&object).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&object, permissions).unwrap();
    std::fs::write(&object, b"not a zlib stream").unwrap();
    let (ok, out, err) = run(&["list"], &repo.path);
    assert!(ok, "{err}");
    assert!(
        err.contains("Privacy Policy.md@2023-11-16") && err.contains(&hex),
        "{err}"
    );
    assert!(out.contains("2023-11-14"), "{out}");
}
