//! `clause trend`: counts per step agree with `clause search --as-of
//! --by-company`, the JSON, CSV and table agree, undated policies are left
//! out and counted, `--companies` agrees with the counts, and bad input is
//! refused with exit code 2. On a small corpus written by the test, whose
//! companies enter, change wording and are undated at known dates.

mod cli_support;
mod trend_corpus;

use assert_cmd::Command;
use cli_support::{json_lines, stdout};
use predicates::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;
use trend_corpus::{write_corpus, CORPUS, DNT};

struct Fixture {
    corpus: tempfile::TempDir,
    index: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let corpus = tempfile::tempdir().unwrap();
        write_corpus(corpus.path());
        Fixture {
            corpus,
            index: tempfile::tempdir().unwrap(),
        }
    }

    fn clause(&self, args: &[&str]) -> Command {
        let mut cmd = cli_support::embedded();
        cmd.arg("--corpus")
            .arg(self.corpus.path())
            .arg("--index-dir")
            .arg(self.index.path())
            .arg("--quiet")
            .args(args);
        cmd
    }

    /// Companies `clause search QUERY --as-of DAY --by-company --all` lists.
    fn searched(&self, query: &str, day: &str) -> BTreeSet<String> {
        json_lines(&mut self.clause(&[
            "search",
            query,
            "--as-of",
            day,
            "--by-company",
            "--all",
            "--json",
        ]))
        .iter()
        .map(|c| c["company"].as_str().unwrap().to_lowercase())
        .collect()
    }

    /// Companies `clause list` gives a version dated on or before `day`.
    fn in_force(&self, day: &str) -> usize {
        json_lines(&mut self.clause(&["list", "--json"]))
            .iter()
            .filter(|c| {
                c["versions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|v| v["date"].as_str().is_some_and(|d| d <= day))
            })
            .count()
    }
}

fn as_str(v: &Value) -> &str {
    v.as_str().unwrap()
}

#[test]
fn counts_per_step_agree_with_search_as_of() {
    let f = Fixture::new();
    let lines = json_lines(&mut f.clause(&["trend", DNT, "category:retention", "--json"]));
    assert!(!lines.is_empty());
    let mut matched = 0;
    for line in &lines {
        let day = as_str(&line["date"]);
        let companies = line["companies"].as_u64().unwrap() as usize;
        assert_eq!(companies, f.in_force(day), "{day}");
        for (i, query) in [DNT, "category:retention"].iter().enumerate() {
            let count = &line["queries"][i];
            assert_eq!(as_str(&count["query"]), *query);
            let matching = count["matching"].as_u64().unwrap() as usize;
            assert_eq!(matching, f.searched(query, day).len(), "{query} on {day}");
            matched += matching;
            if companies > 0 {
                let share = count["share"].as_f64().unwrap();
                assert!((share - matching as f64 / companies as f64).abs() < 1e-4);
            } else {
                assert!(count["share"].is_null());
            }
        }
    }
    assert!(matched > 0, "the corpus has matches to count");
}

#[test]
fn the_default_range_is_the_first_to_the_last_dated_year() {
    let f = Fixture::new();
    let lines = json_lines(&mut f.clause(&["trend", DNT, "--json"]));
    let dates: Vec<&str> = CORPUS
        .iter()
        .flat_map(|(_, versions)| versions.iter().map(|(date, _)| *date))
        .collect();
    let first: u32 = dates.iter().min().unwrap()[..4].parse().unwrap();
    let last: u32 = dates.iter().max().unwrap()[..4].parse().unwrap();
    let steps: Vec<String> = lines
        .iter()
        .map(|l| as_str(&l["step"]).to_string())
        .collect();
    let expected: Vec<String> = (first..=last).map(|y| y.to_string()).collect();
    assert_eq!(steps, expected);
    // A company changing its wording is counted by the version in force.
    let monthly = json_lines(&mut f.clause(&[
        "trend", DNT, "--from", "2019", "--to", "2021", "--every", "month", "--json",
    ]));
    assert_eq!(monthly.len(), 36);
    for line in &monthly {
        let day = as_str(&line["date"]);
        assert_eq!(
            line["queries"][0]["matching"].as_u64().unwrap() as usize,
            f.searched(DNT, day).len(),
            "{day}"
        );
    }
}

#[test]
fn json_csv_and_table_give_the_same_numbers() {
    let f = Fixture::new();
    let args = [
        "trend",
        DNT,
        "category:retention",
        "--from",
        "2014",
        "--to",
        "2022",
    ];
    let json = json_lines(&mut f.clause(&[&args[..], &["--json"]].concat()));
    let csv = stdout(&mut f.clause(&[&args[..], &["--csv"]].concat()));
    let table = stdout(&mut f.clause(&args));

    let mut rows = csv.lines();
    assert_eq!(
        rows.next(),
        Some("step,date,companies,query,matching,share")
    );
    let rows: Vec<Vec<String>> = rows
        .map(|r| {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(r.as_bytes());
            let record = reader.records().next().unwrap().unwrap();
            record.iter().map(str::to_string).collect()
        })
        .collect();
    assert_eq!(rows.len(), json.len() * 2);
    for (line, pair) in json.iter().zip(rows.chunks(2)) {
        for (i, row) in pair.iter().enumerate() {
            let count = &line["queries"][i];
            assert_eq!(row[0], as_str(&line["step"]));
            assert_eq!(row[1], as_str(&line["date"]));
            assert_eq!(row[2], line["companies"].to_string());
            assert_eq!(row[3], as_str(&count["query"]));
            assert_eq!(row[4], count["matching"].to_string());
            let share = count["share"]
                .as_f64()
                .map(|s| s.to_string())
                .unwrap_or_default();
            assert_eq!(row[5], share);
        }
        // The table's row for the step: label, date, companies, then per
        // query its count and percentage.
        let row = table
            .lines()
            .find(|l| l.starts_with(as_str(&line["step"])))
            .unwrap();
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cells[1], as_str(&line["date"]));
        assert_eq!(cells[2], line["companies"].to_string());
        let numbers: Vec<&str> = cells[3..]
            .iter()
            .copied()
            .filter(|c| {
                c.chars()
                    .all(|ch| ch.is_ascii_digit() || ch == '.' || ch == '%' || ch == '–')
            })
            .collect();
        for (i, count) in line["queries"].as_array().unwrap().iter().enumerate() {
            assert_eq!(numbers[2 * i], count["matching"].to_string());
            let percent = count["share"]
                .as_f64()
                .map_or("–".to_string(), |s| format!("{:.1}%", s * 100.0));
            assert_eq!(numbers[2 * i + 1], percent);
        }
    }
    assert!(table.contains(&format!("[1] {DNT}")));
    assert!(table.contains("[2] category:retention"));
}

#[test]
fn undated_policies_are_left_out_and_counted_in_a_footer() {
    let f = Fixture::new();
    let table = stdout(&mut f.clause(&["trend", DNT]));
    assert_eq!(table.lines().last(), Some("1 undated policy left out"));
    let json = json_lines(&mut f.clause(&["trend", DNT, "--json"]));
    let dated = CORPUS.len() as u64;
    assert!(json
        .iter()
        .all(|l| l["companies"].as_u64().unwrap() <= dated));
    // With --json, the footer goes to stderr and stdout stays JSON lines.
    let out = Command::cargo_bin("clause")
        .unwrap()
        .env("NO_COLOR", "1")
        .arg("--corpus")
        .arg(f.corpus.path())
        .arg("--index-dir")
        .arg(f.index.path())
        .args(["trend", DNT, "--csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 undated policy left out"));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("undated"));
}

#[test]
fn companies_at_a_day_agree_with_the_counts_and_search() {
    let f = Fixture::new();
    for day in ["2016-06-30", "2019-12-31", "2020-06-30", "2021-06-30"] {
        let line =
            &json_lines(&mut f.clause(&["trend", DNT, "--companies", "--at", day, "--json"]))[0];
        let names = |key: &str| -> BTreeSet<String> {
            line[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| as_str(n).to_lowercase())
                .collect()
        };
        let (matching, not_matching) = (names("matching"), names("not_matching"));
        assert_eq!(matching, f.searched(DNT, day), "{day}");
        assert!(matching.is_disjoint(&not_matching));
        assert_eq!(matching.len() + not_matching.len(), f.in_force(day));
        assert_eq!(
            line["companies"].as_u64().unwrap() as usize,
            f.in_force(day)
        );
        assert!(!not_matching.contains("undated-shop"));
    }
    // A range of one step needs no --at; the plain listing names each company.
    let year =
        &json_lines(&mut f.clause(&["trend", DNT, "--from", "2020", "--to", "2020", "--json"]))[0];
    let plain = stdout(&mut f.clause(&[
        "trend",
        DNT,
        "--from",
        "2020",
        "--to",
        "2020",
        "--companies",
    ]));
    let matching = year["queries"][0]["matching"].as_u64().unwrap();
    assert!(plain.contains(&format!("  match ({matching}):")), "{plain}");
    for company in f.searched(DNT, "2020-12-31") {
        assert!(
            plain.to_lowercase().contains(&format!("    {company}\n")),
            "{plain}"
        );
    }
}

#[test]
fn bad_input_is_refused_with_exit_code_2() {
    let f = Fixture::new();
    let cases: &[(&[&str], &str)] = &[
        (
            &["trend", DNT, "--from", "2020", "--to", "2010"],
            "--from 2020 is after --to 2010",
        ),
        (
            &["trend", DNT, "--from", "2090"],
            "--from 2090 is after 2021",
        ),
        (&["trend", DNT, "--every", "week"], "not a step"),
        (&["trend", "\"unclosed"], "quote"),
        (&["trend", DNT, "--companies"], "--at"),
        (
            &["trend", DNT, "--at", "2019-13-01", "--companies"],
            "not a date",
        ),
        (&["trend"], "required"),
    ];
    for (args, message) in cases {
        f.clause(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(*message));
    }
}

#[test]
fn the_embedded_corpus_has_a_trend() {
    let lines = json_lines(cli_support::embedded().args(["trend", DNT, "--json"]));
    assert!(lines.len() > 1);
    let last = lines.last().unwrap();
    assert!(last["companies"].as_u64().unwrap() > 0);
}
