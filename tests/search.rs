//! Tests of `clause index` and `clause search`: incremental updates,
//! recovery from a corrupt index, query errors, completeness against the
//! raw files, and the JSON output.

mod cli_support;

use cli_support::{
    embedded, json_lines as hits, on_corpus as clause, root, set_manifest_field, stdout,
};
use predicates::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A temporary copy of the fixture corpus and an index directory.
fn workspace() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(root().join("tests/fixtures/corpus")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
    }
    let index = tmp.path().join("index");
    (tmp, corpus, index)
}

#[test]
fn index_updates_only_what_changed() {
    let (_tmp, corpus, index) = workspace();
    let first = stdout(clause(&corpus, &index).arg("index"));
    assert!(
        first.contains("4 added, 0 updated, 0 removed, 0 unchanged"),
        "{first}"
    );
    let again = stdout(clause(&corpus, &index).arg("index"));
    assert!(
        again.contains("0 added, 0 updated, 0 removed, 4 unchanged"),
        "{again}"
    );

    let file = corpus.join("acme.io__2019-03-15.md");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\nWe never share zebra telemetry.\n");
    std::fs::write(&file, text).unwrap();
    std::fs::remove_file(corpus.join("plain-example.org__nodate.md")).unwrap();
    std::fs::write(
        corpus.join("new.org__2024-01-01.md"),
        "# New Policy\n\nWe keep unicorn logs for 30 days.\n",
    )
    .unwrap();
    let update = stdout(clause(&corpus, &index).arg("index"));
    assert!(
        update.contains("1 added, 1 updated, 1 removed, 2 unchanged"),
        "{update}"
    );

    let zebra = hits(clause(&corpus, &index).args(["search", "zebra", "--json"]));
    assert_eq!(zebra.len(), 1);
    assert_eq!(zebra[0]["company"], "acme.io");
    assert_eq!(
        hits(clause(&corpus, &index).args(["search", "unicorn", "--json"])).len(),
        1
    );
    assert!(
        hits(clause(&corpus, &index).args(["search", "café", "--json"])).is_empty(),
        "removed file still found"
    );
    // The old text of the changed file is not found twice.
    assert_eq!(
        hits(clause(&corpus, &index).args(["search", "unsubscribe", "--json"])).len(),
        1
    );
}

#[test]
fn touching_a_file_without_changing_it_reindexes_nothing() {
    let (_tmp, corpus, index) = workspace();
    stdout(clause(&corpus, &index).arg("index"));
    let file = corpus.join("acme.io__2019-03-15.md");
    let text = std::fs::read(&file).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&file, text).unwrap();
    let out = stdout(clause(&corpus, &index).arg("index"));
    assert!(
        out.contains("0 added, 0 updated, 0 removed, 4 unchanged"),
        "{out}"
    );
}

#[test]
fn corrupt_index_is_rebuilt_with_a_notice() {
    let (_tmp, corpus, index) = workspace();
    stdout(clause(&corpus, &index).arg("index"));
    for entry in std::fs::read_dir(&index).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "idx" || e == "store") {
            std::fs::write(&path, b"garbage").unwrap();
        }
    }
    std::fs::write(index.join("meta.json"), b"{ not json").unwrap();
    clause(&corpus, &index)
        .args(["search", "opt-out"])
        .assert()
        .success()
        .stderr(predicate::str::contains("rebuilding the index"))
        .stdout(predicate::str::contains("example.com@"));
}

#[test]
fn index_of_another_format_version_is_rebuilt() {
    let (_tmp, corpus, index) = workspace();
    stdout(clause(&corpus, &index).arg("index"));
    set_manifest_field(&index, "format_version", Value::from(0));
    clause(&corpus, &index)
        .arg("index")
        .assert()
        .success()
        .stderr(predicate::str::contains("index format 0 is not"))
        .stdout(predicate::str::contains("4 added"));
}

#[test]
fn index_classified_by_another_category_model_is_rebuilt() {
    let (_tmp, corpus, index) = workspace();
    stdout(clause(&corpus, &index).arg("index"));
    set_manifest_field(&index, "model", Value::from("0000000000000000"));
    clause(&corpus, &index)
        .arg("index")
        .assert()
        .success()
        .stderr(predicate::str::contains("the category model changed"))
        .stdout(predicate::str::contains("4 added"));
    let out = stdout(clause(&corpus, &index).arg("index"));
    assert!(out.contains("4 unchanged"), "{out}");
}

#[test]
fn a_directory_that_is_not_an_index_is_never_wiped() {
    let (tmp, corpus, _) = workspace();
    let precious = tmp.path().join("precious");
    std::fs::create_dir(&precious).unwrap();
    std::fs::write(precious.join("meta.json"), b"mine").unwrap();
    std::fs::write(precious.join("thesis.txt"), b"do not delete").unwrap();
    clause(&corpus, &precious)
        .arg("index")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not a clause index"));
    assert!(precious.join("thesis.txt").exists());
}

#[test]
fn two_processes_can_index_at_once() {
    let (_tmp, corpus, index) = workspace();
    let spawn = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("clause"))
            .arg("--corpus")
            .arg(&corpus)
            .arg("--index-dir")
            .arg(&index)
            .arg("index")
            .output()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
    });
    assert!(a.status.success() && b.status.success());
    assert_eq!(
        hits(clause(&corpus, &index).args(["search", "unsubscribe", "--json"])).len(),
        1
    );
}

#[test]
fn processes_started_together_on_a_cold_cache_index_the_embedded_corpus_once() {
    let cache = tempfile::tempdir().unwrap();
    let outputs: Vec<String> = (0..3)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("clause"))
                .env_remove("CLAUSE_CORPUS")
                .env_remove("CLAUSE_INDEX_DIR")
                .env("XDG_CACHE_HOME", cache.path())
                .args(["search", "opt-out", "--all", "--json"])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|run| {
            let out = run.wait_with_output().unwrap();
            assert!(out.status.success());
            String::from_utf8(out.stdout).unwrap()
        })
        .collect();
    for output in &outputs {
        let ids: Vec<String> = output
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].to_string())
            .collect();
        let distinct: BTreeSet<&String> = ids.iter().collect();
        assert!(ids.len() > 10);
        assert_eq!(distinct.len(), ids.len(), "a hit listed twice");
        assert_eq!(output, &outputs[0]);
    }
}

#[test]
fn malformed_queries_are_explained() {
    embedded()
        .args(["search", "cookies \"opt out"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("unclosed quote")
                .and(predicate::str::contains("\n          ^"))
                .and(predicate::function(|err: &str| {
                    err.matches("unclosed quote").count() == 1
                })),
        );
    embedded()
        .args(["search", ""])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty query"));
    embedded()
        .args(["search", "--", "-cookies"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("only excludes"));
    embedded()
        .args(["search", "sell OR"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("OR needs a term"));
    embedded()
        .args(["search", "colour:red"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field"));
}

#[test]
fn json_hits_have_the_documented_shape_and_highlights() {
    let rows = hits(embedded().args(["search", "opt-out", "--json", "-n", "5"]));
    assert_eq!(rows.len(), 5);
    for row in &rows {
        for key in [
            "id",
            "company",
            "date",
            "section",
            "text",
            "snippet",
            "score",
            "highlights",
        ] {
            assert!(row.get(key).is_some(), "missing {key} in {row}");
        }
        let text = row["text"].as_str().unwrap();
        let ranges = row["highlights"].as_array().unwrap();
        assert!(!ranges.is_empty());
        for range in ranges {
            let (s, e) = (
                range[0].as_u64().unwrap() as usize,
                range[1].as_u64().unwrap() as usize,
            );
            let word = text[s..e].to_lowercase();
            assert!(
                word.starts_with("opt") || word == "out",
                "highlight {word:?}"
            );
        }
    }
    let scores: Vec<f64> = rows.iter().map(|r| r["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "ranked by score");
}

#[test]
fn hyphens_stems_and_filters() {
    let count = |args: &[&str]| hits(embedded().args(args).args(["--all", "--json"])).len();
    assert_eq!(
        count(&["search", "opt-out"]),
        count(&["search", "\"opt out\""])
    );
    let cookie = hits(embedded().args(["search", "cookie", "--all", "--json"]));
    assert!(cookie
        .iter()
        .any(|h| h["text"].as_str().unwrap().contains("cookies")));
    let reddit = hits(embedded().args([
        "search",
        "deletion",
        "--company",
        "reddit",
        "--all",
        "--json",
    ]));
    assert!(!reddit.is_empty() && reddit.iter().all(|h| h["company"] == "Reddit"));
    let in_query = hits(embedded().args(["search", "deletion company:Reddit", "--all", "--json"]));
    assert_eq!(in_query.len(), reddit.len());
    let excluded = hits(embedded().args(["search", "deletion -account", "--all", "--json"]));
    assert!(excluded.iter().all(|h| !h["text"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("account")));
    let prefix = hits(embedded().args(["search", "track*", "-n", "50", "--json"]));
    assert!(prefix.iter().any(|h| h["text"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("tracking")));
    let section = hits(embedded().args(["search", "section:cookies", "-n", "50", "--json"]));
    assert!(section
        .iter()
        .all(|h| h["section"].to_string().to_lowercase().contains("cookie")));
}

#[test]
fn by_company_counts_hits_per_company() {
    let out = stdout(embedded().args(["search", "opt-out", "--by-company", "--all"]));
    let counts: Vec<usize> = out
        .lines()
        .filter(|l| !l.starts_with("      "))
        .map(|l| l.split_whitespace().next().unwrap().parse().unwrap())
        .collect();
    assert!(counts.len() > 10);
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "sorted by count");
    let total = hits(embedded().args(["search", "opt-out", "--all", "--json"])).len();
    assert_eq!(counts.iter().sum::<usize>(), total);
    let first = stdout(embedded().args(["search", "opt-out", "--by-company", "-n", "3"]));
    assert_eq!(
        first.lines().filter(|l| !l.starts_with("      ")).count(),
        3
    );
}

#[test]
fn a_category_alone_counts_its_clauses_per_company() {
    let rows = hits(embedded().args([
        "search",
        "--category",
        "retention",
        "--by-company",
        "--all",
        "--json",
    ]));
    let counts: BTreeMap<String, u64> = rows
        .iter()
        .map(|r| {
            (
                r["company"].as_str().unwrap().to_string(),
                r["hits"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        counts.len() > 10,
        "most companies say how long they keep data"
    );
    let all = hits(embedded().args(["search", "category:retention", "--all", "--json"]));
    assert_eq!(counts.values().sum::<u64>(), all.len() as u64);
    let reddit = all.iter().filter(|h| h["company"] == "Reddit").count() as u64;
    assert!(reddit > 0);
    assert_eq!(counts.get("Reddit").copied(), Some(reddit));
    assert!(all.iter().all(|h| h["categories"]
        .as_array()
        .unwrap()
        .contains(&Value::from("retention"))));
    embedded()
        .args(["search", "--by-company"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<QUERY>"));
}

/// Policies whose raw file mentions `pattern` must all be found, unless the
/// only mention is page furniture.
fn assert_complete(corpus_args: &[&str], files: &Path, query: &str, pattern: &str) {
    let needle = pattern.to_lowercase();
    let mut wanted = BTreeSet::new();
    for entry in std::fs::read_dir(files).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes)
            .to_lowercase()
            .replace(['\n', '\r'], " ");
        let text = text.replace(['*', '_', '\\'], "");
        if text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains(&needle)
        {
            wanted.insert(path);
        }
    }
    assert!(
        !wanted.is_empty(),
        "the test needs files containing {pattern}"
    );
    let mut cmd = embedded();
    cmd.args(corpus_args)
        .args(["search", query, "--all-versions", "--all", "--json"]);
    // A text repeated across versions is one hit naming every version.
    let found: BTreeSet<(String, String)> = hits(&mut cmd)
        .iter()
        .flat_map(|h| {
            let company = h["company"].as_str().unwrap().to_lowercase();
            h["versions"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |v| (company.clone(), v.as_str().unwrap_or("").to_string()))
                .collect::<Vec<_>>()
        })
        .collect();
    for path in wanted {
        let mut outline = embedded();
        outline
            .args(corpus_args)
            .arg("outline")
            .arg(&path)
            .args(["--json", "--furniture"]);
        let outline: Value = serde_json::from_str(&stdout(&mut outline)).unwrap();
        let key = (
            outline["company"].as_str().unwrap().to_lowercase(),
            outline["date"].as_str().unwrap_or("").to_string(),
        );
        if !found.contains(&key) {
            let furniture = outline["furniture"].to_string().to_lowercase();
            assert!(
                furniture.contains(&needle),
                "{query}: {} not found and not furniture",
                path.display()
            );
        }
    }
}

#[test]
fn search_finds_every_policy_that_mentions_a_term() {
    let assets = root().join("assets/policies");
    assert_complete(&[], &assets, "\"do not track\"", "do not track");
    assert_complete(&[], &assets, "retention", "retention");
    assert_complete(&[], &assets, "\"google analytics\"", "google analytics");
    let fixtures = root().join("tests/fixtures/corpus");
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("i");
    let args = [
        "--corpus",
        fixtures.to_str().unwrap(),
        "--index-dir",
        index.to_str().unwrap(),
    ];
    assert_complete(&args, &fixtures, "opt-out", "opt");
    assert_complete(&args, &fixtures, "cookies", "cookies");
}

#[test]
fn category_filters_keep_clauses_of_that_practice() {
    let dnt = hits(embedded().args(["search", "browser", "--category", "dnt", "--all", "--json"]));
    assert!(!dnt.is_empty());
    assert!(
        dnt.iter()
            .all(|h| h["text"].as_str().unwrap().to_lowercase().contains("track")),
        "dnt clauses talk about tracking"
    );
    assert!(dnt.iter().all(|h| h["categories"]
        .as_array()
        .unwrap()
        .contains(&Value::from("dnt"))));
    let in_query = hits(embedded().args(["search", "browser category:dnt", "--all", "--json"]));
    assert_eq!(in_query.len(), dnt.len());
    let without = hits(embedded().args(["search", "browser -category:dnt", "--all", "--json"]));
    let all = hits(embedded().args(["search", "browser", "--all", "--json"]));
    // A matching title's hit carries its section's first matching clause.
    let matched = |rows: &[Value]| -> BTreeSet<String> {
        rows.iter()
            .flat_map(|h| {
                let clause = h["clause"]
                    .as_object()
                    .filter(|c| c["matches"] == true)
                    .map(|c| c["id"].as_str().unwrap().to_string());
                std::iter::once(h["id"].as_str().unwrap().to_string()).chain(clause)
            })
            .collect()
    };
    let split: BTreeSet<String> = matched(&without).union(&matched(&dnt)).cloned().collect();
    assert_eq!(split, matched(&all));
    embedded()
        .args(["search", "cookies category:bogus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown category 'bogus'"));
    embedded()
        .args(["search", "cookies", "--category", "nope"])
        .assert()
        .code(2);
}

/// Clause ids that `clause diff COMPANY --json` reports as new in the
/// newest version (added, changed, split or merged).
fn new_in_latest_by_diff(company: &str) -> BTreeSet<String> {
    let out = stdout(embedded().args(["diff", company, "--json"]));
    let diff: Value = serde_json::from_str(&out).unwrap();
    diff["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["clauses"].as_array().unwrap())
        .filter(|c| {
            ["added", "changed", "split", "merged"].contains(&c["status"].as_str().unwrap())
        })
        .flat_map(|c| c["to_ids"].as_array().unwrap().clone())
        .map(|id| id.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn changed_keeps_clauses_new_in_the_latest_version() {
    for company in ["Reddit", "LinkedIn", "SurveyMonkey"] {
        let found: BTreeSet<String> = hits(embedded().args([
            "search",
            &format!("changed:yes company:{company}"),
            "--all",
            "--json",
        ]))
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
        assert!(!found.is_empty(), "{company}");
        // The index marks clauses whose text the previous version lacks; the
        // diff may pair a repeated sentence with another place instead.
        let by_diff = new_in_latest_by_diff(company);
        let extra: Vec<_> = found.difference(&by_diff).collect();
        let missed: Vec<_> = by_diff.difference(&found).collect();
        assert!(extra.is_empty(), "{company}: {extra:?}");
        assert!(missed.len() <= 2, "{company}: {missed:?}");
    }
    let with_word = hits(embedded().args(["search", "changed:yes cookies", "--all", "--json"]));
    assert!(!with_word.is_empty());
    let cookies = hits(embedded().args(["search", "cookies", "--all", "--json"]));
    assert!(with_word.len() < cookies.len());
    embedded()
        .args(["search", "changed:maybe cookies"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("changed: takes 'yes'"));
}

#[test]
fn changed_follows_new_and_removed_versions() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let index = tmp.path().join("index");
    std::fs::create_dir(&corpus).unwrap();
    let version = |date: &str, extra: &str| {
        std::fs::write(
            corpus.join(format!("example.com__{date}.md")),
            format!(
                "# Privacy\n\n## Cookies\n\nWe use cookies to keep you signed in.\n\n{extra}\n"
            ),
        )
        .unwrap();
    };
    version("2020-01-01", "We keep logs for a year.");
    version("2021-01-01", "We keep cookie logs for thirty days.");
    let changed = || -> Vec<String> {
        hits(clause(&corpus, &index).args(["search", "changed:yes", "--all", "--json"]))
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(changed(), ["example.com@2021-01-01/s1#2"]);
    version(
        "2022-01-01",
        "We keep cookie logs for thirty days.\n\nWe sell nothing.",
    );
    assert_eq!(changed(), ["example.com@2022-01-01/s1#3"]);
    std::fs::remove_file(corpus.join("example.com__2022-01-01.md")).unwrap();
    assert_eq!(changed(), ["example.com@2021-01-01/s1#2"]);
}
