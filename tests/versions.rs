//! `clause diff` and `clause versions` on the embedded corpus and on files.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn clause() -> Command {
    let mut cmd = Command::cargo_bin("clause").unwrap();
    cmd.env("NO_COLOR", "1").env_remove("CLAUSE_CORPUS");
    cmd
}

#[test]
fn versions_lists_each_date_with_its_changes() {
    let out = clause().args(["versions", "Reddit"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("2020-07-29") && lines[0].ends_with("first version"));
    assert!(lines[1].contains("clauses changed"));
    let json: Vec<Value> = String::from_utf8(
        clause()
            .args(["versions", "Reddit", "--json", "--since", "2024-01-01"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap()
    .lines()
    .map(|l| serde_json::from_str(l).unwrap())
    .collect();
    assert_eq!(json.len(), 2);
    assert!(json[0]["changed_clauses"].as_u64().unwrap() > 0);
}

#[test]
fn every_company_with_several_versions_can_be_diffed() {
    let out = clause().args(["list", "--json"]).output().unwrap();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let company: Value = serde_json::from_str(line).unwrap();
        if company["versions"].as_array().unwrap().len() > 1 {
            let name = company["company"].as_str().unwrap();
            clause()
                .args(["diff", name, "--stat"])
                .assert()
                .success()
                .stdout(predicate::str::contains(" → "));
        }
    }
}

#[test]
fn diff_json_has_the_documented_shape() {
    let out = clause()
        .args([
            "diff",
            "LinkedIn@2021-10-07",
            "LinkedIn@2022-11-04",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let diff: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(diff["from"]["date"], "2021-10-07");
    assert_eq!(diff["to"]["date"], "2022-11-04");
    for key in [
        "clauses_added",
        "clauses_removed",
        "clauses_changed",
        "clauses_moved",
    ] {
        assert!(diff["summary"][key].is_u64());
    }
    let changed = diff["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["clauses"].as_array().unwrap().iter())
        .find(|c| c["status"] == "changed")
        .expect("a changed clause");
    let ops = changed["ops"].as_array().unwrap();
    let rebuilt: String = ops
        .iter()
        .filter(|o| o["op"] != "delete")
        .map(|o| o["text"].as_str().unwrap())
        .collect();
    assert_eq!(rebuilt, changed["to_text"].as_str().unwrap());
}

/// Two policy files, `old.md` and `new.md`, with one section each.
fn two_versions(old_text: &str, new_text: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.md");
    let new = dir.path().join("new.md");
    std::fs::write(&old, format!("# P\n\n## Sharing\n\n{old_text}\n")).unwrap();
    std::fs::write(&new, format!("# P\n\n## Sharing\n\n{new_text}\n")).unwrap();
    (dir, old, new)
}

/// `clause diff OLD NEW`.
fn diff(old: &Path, new: &Path) -> Command {
    let mut cmd = clause();
    cmd.arg("diff").arg(old).arg(new);
    cmd
}

#[test]
fn diff_of_files_marks_words_when_piped() {
    let (_dir, old, new) = two_versions(
        "We share data with service providers only.",
        "We share data with service providers and partners.",
    );
    diff(&old, &new).assert().success().stdout(
        predicate::str::contains("[-only.-]{+and partners.+}")
            .and(predicate::str::contains("Sharing [changed]")),
    );
    diff(&old, &old)
        .assert()
        .success()
        .stdout(predicate::str::contains("clauses +0 -0 ~0 moved 0"));
}

#[test]
fn a_split_clause_is_reported_once_with_all_its_parts() {
    let (_dir, old, new) = two_versions(
        "We share data with service providers when they need it to run the service, and they must keep it confidential.",
        "We share data with service providers when they need it to run the service.\n\nThey must keep it confidential.",
    );
    let out = diff(&old, &new).arg("--json").output().unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["clauses_changed"], 1);
    assert_eq!(json["summary"]["clauses_added"], 0);
    let changes: Vec<&Value> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["clauses"].as_array().unwrap())
        .filter(|c| c["status"] != "same")
        .collect();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["status"], "split");
    assert_eq!(changes[0]["to_ids"].as_array().unwrap().len(), 2);
    assert!(changes[0]["to_text"]
        .as_str()
        .unwrap()
        .ends_with("They must keep it confidential."));
    diff(&old, &new)
        .assert()
        .success()
        .stdout(predicate::str::contains("  split ").and(predicate::str::contains(" + ")));
}

#[test]
fn diff_errors_are_clear() {
    clause()
        .args(["diff", "atera.com"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("single version"));
    clause()
        .args(["diff", "Reddit@2020-07-29", "LinkedIn@2022-11-04"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("different companies"));
    clause()
        .args(["diff", "Reddit", "2020-07-29", "1999-01-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no policy matches 'Reddit@1999-01-01'",
        ));
    clause()
        .args(["versions", "Redit"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Reddit"));
}
