//! Tests of what keeps clause fast on large corpora: a search touches no
//! corpus file whatever the corpus size, added, removed and edited files
//! are noticed, the streaming build gives the same hits however it is
//! split, warnings are summarised, and upgrades rebuild.

mod cli_support;

use assert_cmd::Command;
use clause::corpus::{CorpusSource, LoadOptions};
use clause::index::{freshness, SearchIndex, SearchOptions, Silent};
use cli_support::{json_lines, on_corpus as clause, root, set_manifest_field};
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Copies the first `n` embedded policies and the fixtures into `dir`.
fn fill(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let mut sources: Vec<PathBuf> = std::fs::read_dir(root().join("assets/policies"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    sources.sort();
    sources.truncate(n);
    sources.extend(
        std::fs::read_dir(root().join("tests/fixtures/corpus"))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    for path in sources {
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
}

/// Sets the modification time of `path` (a file or directory) an hour back.
fn age(path: &Path) {
    let past = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::open(path)
        .unwrap()
        .set_modified(past)
        .unwrap();
}

/// The ids of the JSON hits a command that must succeed prints, sorted.
fn ids(cmd: &mut Command) -> Vec<String> {
    let mut ids: Vec<String> = json_lines(cmd)
        .iter()
        .map(|hit| hit["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_search_touches_no_corpus_file_whatever_the_corpus_size() {
    let tmp = tempfile::tempdir().unwrap();
    for n in [5, 50] {
        let corpus = tmp.path().join(format!("corpus-{n}"));
        let index = tmp.path().join(format!("index-{n}"));
        fill(&corpus, n);
        let source = CorpusSource::Path(corpus.clone());
        SearchIndex::open(&source, Some(&index), LoadOptions::default(), &Silent).unwrap();
        age(&corpus);
        // The first open after the directory settled records its time.
        SearchIndex::open(&source, Some(&index), LoadOptions::default(), &Silent).unwrap();
        let before = freshness::file_accesses();
        let (opened, _) =
            SearchIndex::open(&source, Some(&index), LoadOptions::default(), &Silent).unwrap();
        let results = opened
            .search(
                "cookies",
                &SearchOptions {
                    limit: Some(20),
                    ..Default::default()
                },
            )
            .unwrap();
        assert!(!results.hits.is_empty());
        let rows = opened
            .by_company("cookies", &SearchOptions::default())
            .unwrap();
        assert!(rows.companies.len() > 1);
        assert_eq!(
            freshness::file_accesses() - before,
            0,
            "a search on {n} policies read or stat'ed corpus files"
        );
    }
}

#[test]
fn added_and_removed_files_are_seen_by_the_next_search() {
    let tmp = tempfile::tempdir().unwrap();
    let (corpus, index) = (tmp.path().join("corpus"), tmp.path().join("index"));
    fill(&corpus, 3);
    clause(&corpus, &index).arg("index").assert().success();
    age(&corpus);
    clause(&corpus, &index).arg("index").assert().success();
    std::fs::write(
        corpus.join("zoo.org__2024-01-01.md"),
        "# Zoo Policy\n\nWe keep narwhal logs for 30 days.\n",
    )
    .unwrap();
    let found = ids(clause(&corpus, &index).args(["search", "narwhal", "--json"]));
    assert_eq!(found.len(), 1, "{found:?}");
    age(&corpus);
    std::fs::remove_file(corpus.join("zoo.org__2024-01-01.md")).unwrap();
    assert!(ids(clause(&corpus, &index).args(["search", "narwhal", "--json"])).is_empty());
}

#[test]
fn a_file_edited_in_place_is_flagged_then_picked_up_by_index() {
    let tmp = tempfile::tempdir().unwrap();
    let (corpus, index) = (tmp.path().join("corpus"), tmp.path().join("index"));
    fill(&corpus, 0);
    let file = corpus.join("acme.io__2019-03-15.md");
    age(&file);
    age(&corpus);
    clause(&corpus, &index).arg("index").assert().success();
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("unsubscribe", "unsubscribe or write to the walrus desk"),
    )
    .unwrap();
    clause(&corpus, &index)
        .args(["search", "unsubscribe"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "1 file behind these results changed since the index was built; run `clause index` to refresh",
        ));
    clause(&corpus, &index)
        .arg("index")
        .assert()
        .success()
        .stdout(predicate::str::contains("0 added, 1 updated"));
    clause(&corpus, &index)
        .args(["search", "walrus"])
        .assert()
        .success()
        .stdout(predicate::str::contains("acme.io"))
        .stderr(predicate::str::contains("changed since").not());
}

#[test]
fn a_build_in_steps_gives_the_same_hits_as_one_build() {
    let tmp = tempfile::tempdir().unwrap();
    let (whole, stepped) = (tmp.path().join("whole"), tmp.path().join("stepped"));
    fill(&whole, 60);
    std::fs::create_dir(&stepped).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&whole)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let (one, steps) = (tmp.path().join("index-one"), tmp.path().join("index-steps"));
    clause(&whole, &one).arg("index").assert().success();
    for chunk in files.chunks(17) {
        for path in chunk {
            std::fs::copy(path, stepped.join(path.file_name().unwrap())).unwrap();
        }
        clause(&stepped, &steps).arg("index").assert().success();
    }
    for query in [
        "opt-out",
        "cookies",
        "retain",
        "\"third parties\"",
        "children",
        "changed:yes",
    ] {
        let a = ids(clause(&whole, &one).args(["search", query, "--all", "--json"]));
        let b = ids(clause(&stepped, &steps).args(["search", query, "--all", "--json"]));
        assert!(!a.is_empty(), "{query}");
        assert_eq!(a, b, "{query}");
    }
}

#[test]
fn many_warnings_are_summarised_by_kind_and_listed_with_verbose() {
    let tmp = tempfile::tempdir().unwrap();
    let (corpus, index) = (tmp.path().join("corpus"), tmp.path().join("index"));
    std::fs::create_dir(&corpus).unwrap();
    for i in 0..7 {
        std::fs::write(
            corpus.join(format!("latin{i}.com__2020-01-0{}.md", i + 1)),
            b"# Caf\xe9 Policy\n\nWe keep logs.\n",
        )
        .unwrap();
    }
    std::fs::write(corpus.join("blob.md"), b"PK\x00\x00").unwrap();
    clause(&corpus, &index)
        .arg("index")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: 7 files decoded as Windows-1252, 1 file skipped as binary (--verbose lists them; all in",
        ))
        .stderr(predicate::str::contains("latin3.com").not());
    let log = std::fs::read_to_string(index.join("warnings.log")).unwrap();
    assert_eq!(log.lines().count(), 8, "{log}");
    let rebuilt = tmp.path().join("index2");
    clause(&corpus, &rebuilt)
        .args(["--verbose", "index"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "latin3.com__2020-01-04.md: not valid UTF-8",
        ));
}

#[test]
fn an_index_built_by_another_parser_is_rebuilt_with_a_notice() {
    let tmp = tempfile::tempdir().unwrap();
    let (corpus, index) = (tmp.path().join("corpus"), tmp.path().join("index"));
    fill(&corpus, 2);
    clause(&corpus, &index).arg("index").assert().success();
    set_manifest_field(&index, "parser", Value::from(0));
    clause(&corpus, &index)
        .args(["search", "cookies"])
        .assert()
        .success()
        .stderr(predicate::str::contains("rebuilding the index in"))
        .stderr(predicate::str::contains("parses policies differently"));
}

#[test]
fn the_embedded_corpus_index_is_built_once_and_reused() {
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("embedded-index");
    let run = || {
        let mut cmd = Command::cargo_bin("clause").unwrap();
        cmd.env_remove("CLAUSE_CORPUS")
            .arg("--index-dir")
            .arg(&index)
            .arg("index");
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    let first = run();
    assert!(
        first.contains("0 unchanged") && !first.contains(" 0 added"),
        "{first}"
    );
    let second = run();
    assert!(
        second.contains(" 0 added, 0 updated, 0 removed"),
        "{second}"
    );
}

/// Writes `n` small policies, one company each.
fn synthetic(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let text = format!(
            "# Privacy Policy of Company {i}\n\n## Cookies\n\nCompany {i} uses cookies to remember you.\n\n## Your choices\n\nYou may opt out of marketing at any time.\n"
        );
        std::fs::write(
            dir.join(format!("company{i:04}__2024-01-0{}.md", 1 + i % 9)),
            text,
        )
        .unwrap();
    }
}

/// Records what a reader finds at each partial commit of a build, and
/// stops the build (as a kill would) at the commit named by `stop_at`.
struct Watcher<'a> {
    corpus: &'a Path,
    index: &'a Path,
    seen: std::sync::Mutex<Vec<(usize, usize)>>,
    stop_at: Option<usize>,
}

impl clause::index::Progress for Watcher<'_> {
    fn start(&self, _: u64, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
    fn notice(&self, _: &str) {}
    fn committed(&self) {
        let source = CorpusSource::Path(self.corpus.to_path_buf());
        let index =
            SearchIndex::open_committed(&source, Some(self.index)).expect("a partial commit opens");
        let corpus = index
            .corpus(source, LoadOptions::default())
            .expect("its catalog");
        let hits = index
            .search("opt-out", &SearchOptions::default())
            .expect("search")
            .total;
        let commits = {
            let mut seen = self.seen.lock().unwrap();
            seen.push((corpus.len(), hits));
            seen.len()
        };
        if self.stop_at == Some(commits) {
            panic!("build stopped");
        }
    }
}

#[test]
fn a_long_build_is_searchable_at_each_partial_commit_and_resumes_after_a_kill() {
    std::env::set_var("CLAUSE_CHECKPOINT_SECS", "0");
    let dir = tempfile::tempdir().unwrap();
    let (corpus, index) = (dir.path().join("corpus"), dir.path().join("index"));
    synthetic(&corpus, 300);
    let source = CorpusSource::Path(corpus.clone());
    let watcher = Watcher {
        corpus: &corpus,
        index: &index,
        seen: Default::default(),
        stop_at: Some(1),
    };
    let killed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        SearchIndex::open(&source, Some(&index), LoadOptions::default(), &watcher)
    }));
    assert!(killed.is_err(), "the build was stopped at its first commit");
    let seen = watcher.seen.lock().unwrap().clone();
    let (policies, hits) = seen[0];
    assert!(
        policies > 0 && policies < 300,
        "a part is committed: {policies}"
    );
    assert_eq!(hits, policies, "each policy indexed so far is searchable");

    // The next run indexes only what the killed build had not committed.
    let resumed = Watcher {
        corpus: &corpus,
        index: &index,
        seen: Default::default(),
        stop_at: None,
    };
    let (index_now, report) =
        SearchIndex::open(&source, Some(&index), LoadOptions::default(), &resumed)
            .expect("the build resumes");
    assert_eq!(report.added, 300 - policies);
    let counts: Vec<usize> = resumed.seen.lock().unwrap().iter().map(|s| s.0).collect();
    assert!(counts.windows(2).all(|w| w[0] < w[1]), "{counts:?}");
    assert_eq!(
        index_now
            .search("opt-out", &SearchOptions::default())
            .unwrap()
            .total,
        300
    );
    // Complete now: a search needs no more indexing.
    clause(&corpus, &index)
        .args(["search", "opt-out", "--limit", "1"])
        .assert()
        .success()
        .stderr(predicate::str::contains("indexing").not());
}

#[test]
fn one_pass_gives_the_hits_and_the_same_counts_per_company_as_counting_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let (corpus, index) = (tmp.path().join("corpus"), tmp.path().join("index"));
    fill(&corpus, 30);
    let source = CorpusSource::Path(corpus);
    let (opened, _) =
        SearchIndex::open(&source, Some(&index), LoadOptions::default(), &Silent).unwrap();
    for (text, scope) in [
        ("opt-out", clause::index::Scope::Newest),
        ("cookies", clause::index::Scope::AllVersions),
        (
            "\"personal information\" -children",
            clause::index::Scope::Newest,
        ),
    ] {
        let query = clause::index::query::parse(text).unwrap();
        let options = SearchOptions {
            limit: Some(5),
            scope,
            ..Default::default()
        };
        let (results, counts) = opened.run_counting(&query, &options).unwrap();
        let alone = opened.run(&query, &options).unwrap();
        assert_eq!(results.total, alone.total, "{text}");
        let ids = |r: &clause::index::SearchResults| -> Vec<String> {
            r.hits.iter().map(|h| h.id.clone()).collect()
        };
        assert_eq!(ids(&results), ids(&alone), "{text}");
        let counted = opened.company_counts(&query, &options).unwrap();
        assert!(counted.len() > 1, "{text}: several companies match");
        assert_eq!(counts, counted, "{text}");
    }
}

#[test]
fn editing_or_removing_one_version_keeps_every_version_of_a_repeated_clause_right() {
    let tmp = tempfile::tempdir().unwrap();
    let (corpus, index) = (tmp.path().join("corpus"), tmp.path().join("index"));
    std::fs::create_dir_all(&corpus).unwrap();
    let write = |date: &str, extra: &str| {
        let text = format!(
            "# Privacy\n\n## Choices\n\nYou may opt out of marketing at any time.\n\n{extra}\n"
        );
        std::fs::write(corpus.join(format!("Acme__{date}.md")), text).unwrap();
    };
    write("2019-01-01", "We keep logs for a year.");
    write("2020-01-01", "We keep logs for two years.");
    write("2021-01-01", "We keep logs for three years.");
    let found = |extra: &[&str]| {
        ids(clause(&corpus, &index)
            .args(["search", "marketing", "--json"])
            .args(extra))
    };
    assert_eq!(found(&[]), ["Acme@2021-01-01/s1#1"]);
    assert_eq!(found(&["--as-of", "2020-06-01"]), ["Acme@2020-01-01/s1#1"]);
    // The middle version drops the clause: the run is split around it.
    std::fs::write(
        corpus.join("Acme__2020-01-01.md"),
        "# Privacy\n\n## Choices\n\nWe sell nothing.\n",
    )
    .unwrap();
    clause(&corpus, &index).arg("index").assert().success();
    assert!(found(&["--as-of", "2020-06-01"]).is_empty());
    assert_eq!(found(&["--as-of", "2019-06-01"]), ["Acme@2019-01-01/s1#1"]);
    assert_eq!(found(&[]), ["Acme@2021-01-01/s1#1"]);
    // The newest version goes: the one before it is the newest.
    std::fs::remove_file(corpus.join("Acme__2021-01-01.md")).unwrap();
    clause(&corpus, &index).arg("index").assert().success();
    assert!(found(&[]).is_empty());
    assert_eq!(found(&["--all-versions"]), ["Acme@2019-01-01/s1#1"]);
}
