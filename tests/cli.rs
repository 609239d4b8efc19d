//! End-to-end tests of the `clause` command line on the fixture corpus,
//! the embedded corpus and deliberately bad input.

mod cli_support;

use assert_cmd::Command;
use cli_support::{embedded as clause, root};
use predicates::prelude::*;
use serde_json::Value;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/corpus")
}

/// `clause` on the fixture corpus.
fn on_fixtures() -> Command {
    let mut cmd = clause();
    cmd.arg("--corpus").arg(fixtures());
    cmd
}

fn json_lines(output: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(output)
        .lines()
        .map(|l| serde_json::from_str(l).expect("valid JSON line"))
        .collect()
}

/// The string `field` of each object in the JSON array `objects`.
fn strings<'a>(objects: &'a Value, field: &str) -> Vec<&'a str> {
    objects
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o[field].as_str().unwrap())
        .collect()
}

/// `clause categories POLICY --json`, one value per category.
fn categories_json(policy: &str) -> Vec<Value> {
    let out = clause()
        .args(["categories", policy, "--json"])
        .output()
        .expect("clause runs");
    json_lines(&out.stdout)
}

#[test]
fn list_embedded_corpus_shows_seeds_and_versions() {
    let out = clause()
        .arg("list")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&out);
    for company in [
        "atera.com",
        "clickatell.com",
        "ipromote.com",
        "adsterra.com",
        "azalead.com",
    ] {
        assert!(text.contains(company), "{company} missing from list");
    }
    let companies = json_lines(&clause().args(["list", "--json"]).output().unwrap().stdout);
    let multi = companies
        .iter()
        .filter(|c| c["versions"].as_array().is_some_and(|v| v.len() >= 3))
        .count();
    assert!(
        multi >= 4,
        "need 4+ companies with 3+ versions, got {multi}"
    );
}

#[test]
fn list_groups_versions_of_a_company_by_date() {
    // A new index, so that the files are read (and warned about) now.
    let index = tempfile::tempdir().unwrap();
    let out = on_fixtures()
        .arg("--index-dir")
        .arg(index.path())
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let companies = json_lines(&out.stdout);
    let example = companies
        .iter()
        .find(|c| c["company"] == "example.com")
        .expect("example.com");
    let dates = strings(&example["versions"], "date");
    assert_eq!(dates, ["2020-01-01", "2021-06-01"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("plain-example.org__nodate.md: not valid UTF-8, decoded as Windows-1252")
    );
    assert!(
        stderr.contains("loaded 4 policies of 3 companies (0 skipped, 1 decoded as Windows-1252)")
    );
}

#[test]
fn outline_of_atera_has_bold_numbered_sections_and_sub_clauses() {
    let out = clause()
        .args(["outline", "atera.com", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let outline: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(outline["company"], "atera.com");
    assert_eq!(outline["date"], "2017-06-06");
    let sections = outline["sections"].as_array().unwrap();
    let titles: Vec<&str> = sections
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles.iter().filter(|t| t.starts_with("14.")).count(),
        2,
        "two sections numbered 14"
    );
    let four = sections
        .iter()
        .find(|s| s["title"].as_str().unwrap().starts_with("4."))
        .unwrap();
    let children = strings(&four["children"], "title");
    assert_eq!(children.len(), 6);
    assert!(children[0].starts_with("4.1 Account"));
    assert!(children.iter().all(|c| c.starts_with("4.")));
}

#[test]
fn outline_text_indents_by_depth_with_clause_counts_and_ids() {
    on_fixtures()
        .args(["outline", "example.com"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\n1    1. Information We Collect. (1)\n1.1    1.1 Account data (1)\n",
        ));
}

#[test]
fn outline_furniture_lists_menus_banners_and_footers() {
    let out = on_fixtures()
        .args(["outline", "example.com@2020-01-01", "--furniture", "--json"])
        .output()
        .unwrap();
    let outline: Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds = strings(&outline["furniture"], "kind");
    assert_eq!(
        kinds,
        [
            "navigation",
            "navigation",
            "navigation",
            "cookie-banner",
            "button",
            "copyright"
        ]
    );
}

#[test]
fn ipromote_menus_are_furniture_and_headings_are_depth_one() {
    let out = clause()
        .args(["outline", "ipromote.com", "--json", "--furniture"])
        .output()
        .unwrap();
    let outline: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sections = outline["sections"].as_array().unwrap();
    assert!(sections.len() >= 5);
    assert!(sections.iter().all(|s| s["depth"] == 1));
    let kinds = strings(&outline["furniture"], "kind");
    assert!(
        kinds.contains(&"navigation") && kinds.contains(&"cookie-banner"),
        "{kinds:?}"
    );
}

#[test]
fn clickatell_plain_line_headings() {
    let out = clause()
        .args(["outline", "clickatell.com"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for title in [
        "How We Use Information collected",
        "Protection of Database Information",
        "Disclosure of Your Information",
        "Advertising Technology",
        "Display Advertising",
    ] {
        assert!(
            text.lines().any(|l| l.ends_with(')')
                && l.split_once("  ")
                    .is_some_and(|(_, t)| t.trim_start().starts_with(title))),
            "missing {title}:\n{text}"
        );
    }
    assert!(text.contains("    I am getting spammed on my cell phone. What's happening? ("));
}

#[test]
fn show_section_by_path_and_title_as_json() {
    let out = on_fixtures()
        .args(["show", "example.com", "1.2", "--json"])
        .output()
        .unwrap();
    let clauses = json_lines(&out.stdout);
    assert_eq!(clauses.len(), 1);
    assert_eq!(clauses[0]["id"], "example.com@2021-06-01/1.2#1");
    assert_eq!(
        clauses[0]["section"],
        serde_json::json!(["1. Information We Collect.", "1.2 Usage data"])
    );
    assert_eq!(
        clauses[0]["text"],
        "We record the pages you visit to improve the service."
    );
    let by_title = on_fixtures()
        .args(["show", "example.com", "Data Retention", "--json"])
        .output()
        .unwrap();
    let rows = json_lines(&by_title.stdout);
    assert!(
        rows.iter().any(|c| c["text"] == "Logs — 90 days"),
        "table rows are clauses"
    );
}

#[test]
fn show_plain_text_decodes_windows_1252() {
    let out = on_fixtures()
        .args(["show", "plain-example.org", "--json"])
        .output()
        .unwrap();
    let clauses = json_lines(&out.stdout);
    assert!(clauses
        .iter()
        .any(|c| c["text"].as_str().unwrap().contains("the café you visit")));
    assert!(
        clauses
            .iter()
            .all(|c| !c["text"].as_str().unwrap().contains("http")),
        "URL line is not a clause"
    );
}

/// Asserts that `clause ARGS` exits with code 2 and says each of `messages`.
fn assert_refused(args: &[&str], messages: &[&str]) {
    let mut assert = clause().args(args).assert().code(2);
    for message in messages {
        assert = assert.stderr(predicate::str::contains(*message));
    }
}

#[test]
fn unknown_policy_and_section_suggest_close_matches() {
    assert_refused(
        &["outline", "atera"],
        &["no policy matches 'atera'", "atera.com"],
    );
    assert_refused(
        &["show", "atera.com", "Cokies"],
        &["has no section 'Cokies'", "Cookies"],
    );
    assert_refused(
        &["--corpus", "/no/such/dir", "list"],
        &["cannot read corpus /no/such/dir"],
    );
}

#[test]
fn bad_files_are_skipped_with_a_reason_and_escapes_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("binary.md"), b"PK\x03\x04\x00\x00binary").unwrap();
    std::fs::write(dir.path().join("empty.md"), b"").unwrap();
    std::fs::write(dir.path().join("huge.md"), vec![b'a'; 4096]).unwrap();
    std::fs::write(
        dir.path().join("evil.com__2020-01-01.md"),
        "# Evil Policy\n\nWe \x1b[31mcollect\x1b[0m data\x07 and set titles \x1b]0;pwned\x07here.\n",
    )
    .unwrap();
    let out = clause()
        .arg("--corpus")
        .arg(dir.path())
        .args(["--max-file-size", "1000", "show", "evil.com"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("binary.md: binary file"), "{stderr}");
    assert!(stderr.contains("empty.md: empty file"));
    assert!(stderr.contains("huge.md: too large (4096 bytes, cap 1000"));
    assert!(stderr.contains("loaded 1 policy of 1 company (3 skipped"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("We collect data and set titles here."));
    assert!(!stdout.contains('\x1b') && !stdout.contains('\x07'));
}

#[test]
fn corpus_from_environment_and_single_file() {
    clause()
        .env("CLAUSE_CORPUS", fixtures())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("acme.io"));
    clause()
        .arg("outline")
        .arg(fixtures().join("acme.io__2019-03-15.md"))
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "Acme Privacy Notice  [acme.io@2019-03-15]",
        ));
}

#[test]
fn help_shows_examples() {
    for sub in ["list", "outline", "show"] {
        clause()
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Examples:"));
    }
}

#[test]
fn classify_tags_lines_with_categories_and_cues() {
    let out = clause()
        .args(["classify", "--json"])
        .write_stdin("We retain your personal information for as long as necessary.\n\n\u{0}\u{1b}[31m\nOur site does not respond to Do Not Track signals.\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 4, "one answer per input line");
    assert_eq!(lines[0]["categories"][0]["name"], "retention");
    assert!(lines[0]["categories"][0]["cues"]
        .to_string()
        .contains("retain"));
    assert!(lines[1]["categories"].as_array().unwrap().is_empty());
    assert_eq!(lines[3]["categories"][0]["name"], "dnt");
    clause()
        .arg("classify")
        .write_stdin("We use SSL encryption to protect your data.\n")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("security"));
    // Words the model has no cues for: the label says so.
    clause()
        .arg("classify")
        .write_stdin("zzqx wvvk\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("no cues: no word of the text"));
    // A 2 MB line of one word gets its one answer too.
    let huge = format!("{}\n", "retain ".repeat(300_000));
    let out = clause()
        .args(["classify", "--json"])
        .write_stdin(huge)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(json_lines(&out.stdout).len(), 1);
}

#[test]
fn classify_in_context_reads_lines_as_one_policy() {
    let policy =
        "We collect your name, email address and postal address when you create an account.\n\
                  We collect information about your device.\n\
                  This helps us understand how the service is used.\n\
                  \n\
                  We collect your location.\n";
    let names = |line: &Value| -> Vec<String> {
        line["categories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };
    let alone = json_lines(
        &clause()
            .args(["classify", "--json"])
            .write_stdin(policy)
            .output()
            .unwrap()
            .stdout,
    );
    let out = clause()
        .args(["classify", "--json", "--context"])
        .write_stdin(policy)
        .output()
        .unwrap();
    assert!(out.status.success());
    let placed = json_lines(&out.stdout);
    assert_eq!(placed.len(), 5, "one answer per input line");
    assert!(placed[3]["categories"].as_array().unwrap().is_empty());
    // Alone, the third line is about nothing in particular; among clauses
    // about collection, it is read as one of them, and says by how much.
    assert!(!names(&alone[2]).contains(&"first-party".to_string()));
    assert!(names(&placed[2]).contains(&"first-party".to_string()));
    let first_party = placed[2]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "first-party")
        .unwrap();
    assert!(first_party["context"].as_f64().unwrap() > 0.3);
    assert!(alone[0]["categories"][0]["context"].as_f64().unwrap() == 0.0);
    clause()
        .args(["classify", "--context"])
        .write_stdin(policy)
        .assert()
        .success()
        .stdout(predicate::str::contains("; context +"));
}

#[test]
fn categories_summarise_a_policy() {
    let rows = categories_json("atera.com");
    assert_eq!(rows.len(), 10);
    let dnt = rows.iter().find(|r| r["category"] == "dnt").unwrap();
    assert!(dnt["sections"].to_string().contains("Do Not Track"));
    assert_refused(&["classify", "--file", "/no/such/file"], &["/no/such/file"]);
}

#[test]
fn categories_text_counts_agree_with_json_in_number_and_sections() {
    let json = categories_json("Reddit");
    let out = clause().args(["categories", "Reddit"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), json.len());
    for (line, row) in lines.iter().zip(&json) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(fields[0], row["category"]);
        let clauses = row["clauses"].as_array().unwrap().len();
        assert_eq!(fields[1], clauses.to_string(), "{line}");
        let noun = if clauses == 1 { "clause" } else { "clauses" };
        assert_eq!(fields[2], noun, "{line}");
        assert_eq!(*line, line.trim_end(), "trailing blanks: {line:?}");
        let sections = row["sections"].as_array().unwrap().len();
        let listed = line.split("; ").count().min(4) * usize::from(sections > 0);
        match line.rsplit_once("; … ") {
            Some((_, more)) => assert_eq!(more, format!("{} more", sections - 4)),
            None => assert_eq!(listed, sections, "{line}"),
        }
    }
}

#[test]
fn compare_groups_a_category_per_company_with_sections_and_ids() {
    let out = clause()
        .args(["compare", "--category", "retention", "Reddit", "LinkedIn"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "clauses on retention in 2 companies",
        ))
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&out);
    let reddit = text.find("Reddit@2026-01-15  ").expect("Reddit group");
    let linkedin = text.find("LinkedIn@2026-02-20  ").expect("LinkedIn group");
    assert!(reddit < linkedin, "groups out of order:\n{text}");
    // The same clauses as `clause categories` lists for the category, each
    // under its section path and followed by its text.
    let categories = categories_json("Reddit");
    let retention = categories
        .iter()
        .find(|c| c["category"] == "retention")
        .expect("retention row");
    let ids = retention["clauses"].as_array().expect("ids");
    assert!(!ids.is_empty());
    let group: Vec<&str> = text[reddit..linkedin].lines().collect();
    let count = match ids.len() {
        1 => "1 clause".to_string(),
        n => format!("{n} clauses"),
    };
    assert_eq!(group[0], format!("Reddit@2026-01-15  {count}"));
    for id in ids {
        let id = id.as_str().expect("id");
        let at = group
            .iter()
            .position(|l| l.ends_with(&format!("  ({id})")))
            .unwrap_or_else(|| panic!("{id} missing"));
        assert!(group[at].starts_with("  ") && !group[at].starts_with("   "));
        assert!(group[at + 1].starts_with("    ") && group[at + 1].len() > 4);
    }
}

#[test]
fn compare_json_parses_back_with_highlights_into_the_text() {
    let out = clause()
        .args([
            "compare",
            "--query",
            "cookies",
            "--category",
            "third-party",
            "Reddit",
            "LinkedIn@2024-03-07",
            "--json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let columns = json_lines(&out);
    assert_eq!(columns.len(), 2);
    assert_eq!(columns[0]["company"], "Reddit");
    assert_eq!(columns[1]["policy"], "LinkedIn@2024-03-07");
    for column in &columns {
        let policy = column["policy"].as_str().expect("policy");
        let clauses = column["clauses"].as_array().expect("clauses");
        assert!(!clauses.is_empty(), "{policy} has no clause on cookies");
        for clause in clauses {
            let id = clause["id"].as_str().expect("id");
            assert!(id.starts_with(&format!("{policy}/")), "{id}");
            assert!(clause["section"].is_array());
            let text = clause["text"].as_str().expect("text");
            let highlights = clause["highlights"].as_array().expect("highlights");
            assert!(!highlights.is_empty(), "{id} has no highlight");
            for range in highlights {
                let (s, e) = (range[0].as_u64().unwrap(), range[1].as_u64().unwrap());
                let word = text[s as usize..e as usize].to_lowercase();
                assert!(word.starts_with("cookie"), "{id}: {word}");
            }
        }
    }
}

#[test]
fn compare_refuses_bad_requests_with_exit_2() {
    let cases: [(&[&str], &str); 6] = [
        (
            &["--category", "retention", "Reddit"],
            "compare takes 2 to 8 companies, got 1",
        ),
        (
            &[
                "--category",
                "retention",
                "a",
                "b",
                "c",
                "d",
                "e",
                "f",
                "g",
                "h",
                "i",
            ],
            "compare takes 2 to 8 companies, got 9",
        ),
        (
            &["--category", "retention", "Redit", "LinkedIn"],
            "no policy matches 'Redit'; did you mean: Reddit?",
        ),
        (
            &["--category", "nope", "Reddit", "LinkedIn"],
            "unknown category",
        ),
        (
            &["--query", "cookies \"opt out", "Reddit", "LinkedIn"],
            "invalid query: unclosed quote",
        ),
        (&["Reddit", "LinkedIn"], "--category <NAME>|--query <QUERY>"),
    ];
    for (args, message) in cases {
        clause()
            .arg("compare")
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(message));
    }
}
