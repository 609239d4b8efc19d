//! Which versions a search covers (the newest by default, `--all-versions`,
//! `--as-of`), results per company, hits on section titles, and section
//! ids in the policy's own numbering, on the embedded corpus.

mod cli_support;

use cli_support::{embedded, json_lines as lines, stdout};
use predicates::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn search(query: &str, extra: &[&str]) -> Vec<Value> {
    lines(
        embedded()
            .args(["search", query, "--all", "--json"])
            .args(extra),
    )
}

/// Each company's version dates, oldest first, as `clause list` gives them.
fn versions() -> BTreeMap<String, Vec<Option<String>>> {
    lines(embedded().args(["list", "--json"]))
        .into_iter()
        .map(|c| {
            let dates = c["versions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["date"].as_str().map(str::to_string))
                .collect();
            (c["company"].as_str().unwrap().to_string(), dates)
        })
        .collect()
}

fn text(hit: &Value, field: &str) -> String {
    hit[field].as_str().unwrap_or_default().to_string()
}

#[test]
fn default_scope_is_the_newest_versions_subset_of_all_versions() {
    let versions = versions();
    let newest = |company: &str| versions[company].last().cloned().flatten();
    for query in ["opt-out", "children", "retention"] {
        let default = search(query, &[]);
        let all = search(query, &["--all-versions"]);
        assert!(
            all.len() > default.len(),
            "{query}: older versions add hits"
        );
        assert!(default
            .iter()
            .all(|h| h["date"].as_str().map(str::to_string) == newest(&text(h, "company"))));
        let key = |h: &Value| (text(h, "company"), text(h, "kind"), text(h, "text"));
        let from_default: BTreeSet<_> = default.iter().map(key).collect();
        let from_all: BTreeSet<_> = all
            .iter()
            .filter(|h| {
                let latest = newest(&text(h, "company")).map(Value::from);
                h["versions"]
                    .as_array()
                    .unwrap()
                    .contains(&latest.unwrap_or(Value::Null))
            })
            .map(key)
            .collect();
        assert_eq!(from_default, from_all, "{query}");
    }
}

#[test]
fn a_text_repeated_across_versions_is_one_hit_naming_them() {
    let all = search("opt-out", &["--all-versions", "--company", "LinkedIn"]);
    let repeated = all
        .iter()
        .find(|h| h["versions"].as_array().unwrap().len() > 1)
        .expect("LinkedIn repeats some opt-out clauses");
    let texts: Vec<String> = all.iter().map(|h| text(h, "text")).collect();
    let once: BTreeSet<&String> = texts.iter().collect();
    assert_eq!(once.len(), texts.len(), "each text once");
    assert!(repeated["versions"]
        .as_array()
        .unwrap()
        .contains(&repeated["date"]));
    let plain = stdout(embedded().args([
        "search",
        "opt-out",
        "--all-versions",
        "--company",
        "LinkedIn",
    ]));
    assert!(plain.contains(" versions: "), "{plain}");
}

#[test]
fn as_of_takes_the_version_in_force_on_the_day() {
    let versions = versions();
    let (company, dates) = versions
        .iter()
        .find(|(_, v)| v.len() >= 3 && v.iter().all(Option::is_some))
        .expect("a company with three dated versions");
    let dates: Vec<&str> = dates.iter().flatten().map(String::as_str).collect();
    let company_query = format!("company:{company}");
    let dates_at = |day: &str| -> BTreeSet<String> {
        search(&company_query, &["--as-of", day])
            .iter()
            .map(|h| text(h, "date"))
            .collect()
    };
    // On a version's own date, that version; the day before, the one before.
    assert_eq!(dates_at(dates[1]), BTreeSet::from([dates[1].to_string()]));
    let before = format!("{}-01-01", &dates[0][..4]);
    if before.as_str() < dates[0] {
        assert!(dates_at(&before).is_empty(), "nothing before the first");
    }
    assert_eq!(
        dates_at("2999-01-01"),
        BTreeSet::from([dates[dates.len() - 1].to_string()])
    );
    embedded()
        .args(["search", "cookies", "--as-of", "last year"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("YYYY-MM-DD"));
}

#[test]
fn by_company_counts_the_newest_versions_hits() {
    let rows = lines(embedded().args(["search", "opt-out", "--by-company", "--all", "--json"]));
    let hits = search("opt-out", &[]);
    let versions = versions();
    assert!(rows.len() > 10);
    for row in &rows {
        let company = text(row, "company");
        let own: Vec<&Value> = hits
            .iter()
            .filter(|h| h["company"] == company.as_str())
            .collect();
        assert_eq!(
            row["hits"].as_u64().unwrap() as usize,
            own.len(),
            "{company}"
        );
        let newest = versions[&company].last().cloned().flatten();
        assert_eq!(
            row["version"].as_str().map(str::to_string),
            newest,
            "{company}"
        );
        let best = &row["best"];
        assert!(best["id"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{company}@")));
        assert!(!text(best, "snippet").is_empty(), "{company}");
    }
    // LinkedIn says it in each of its versions: counted once, in the newest.
    let linkedin = rows.iter().find(|r| r["company"] == "LinkedIn").unwrap();
    let all_versions = search("opt-out", &["--all-versions", "--company", "LinkedIn"]);
    assert!(linkedin["hits"].as_u64().unwrap() <= all_versions.len() as u64);
}

#[test]
fn a_heading_hit_is_one_row_with_its_first_matching_clause() {
    for scope in [&[][..], &["--all-versions"][..]] {
        for query in ["opt-out", "children", "retention", "cookies"] {
            let found = search(query, scope);
            let mut ids = BTreeSet::new();
            for hit in &found {
                assert!(ids.insert(text(hit, "id")), "{query}: {} twice", hit["id"]);
                if let Some(clause) = hit["clause"].as_object() {
                    let id = clause["id"].as_str().unwrap();
                    assert!(id.starts_with(&format!("{}#", text(hit, "id"))), "{id}");
                    assert!(ids.insert(id.to_string()), "{query}: {id} twice");
                }
                if hit["kind"] == "heading" {
                    let title = hit["section"].as_array().unwrap().last().unwrap();
                    assert_eq!(&hit["text"], title);
                    assert_ne!(&hit["clause"]["text"], title, "{query}: the title twice");
                }
            }
        }
    }
    let plain = stdout(embedded().args(["search", "children", "--company", "Reddit"]));
    let first: Vec<&str> = plain.lines().take(2).collect();
    assert!(
        !first[1].trim().eq_ignore_ascii_case("children"),
        "the title is not printed again as the snippet:\n{plain}"
    );
}

#[test]
fn sections_are_cited_by_their_own_numbers() {
    let clauses = lines(embedded().args(["show", "The-Guardian", "10", "--json"]));
    assert!(!clauses.is_empty());
    for clause in &clauses {
        assert!(clause["section"][0].as_str().unwrap().starts_with("10. "));
        let id = text(clause, "id");
        assert!(id.contains("/10#") || id.contains("/10."), "{id}");
    }
    let atera = lines(embedded().args(["show", "atera.com", "4.2", "--json"]));
    assert!(atera[0]["section"][1].as_str().unwrap().starts_with("4.2 "));
    assert!(text(&atera[0], "id").ends_with("/4.2#1"));
    let outline = stdout(embedded().args(["outline", "The-Guardian"]));
    let line = outline
        .lines()
        .find(|l| l.contains("10. Your Australian privacy rights"))
        .unwrap();
    assert!(line.starts_with("10 "), "{line}");
}

#[test]
fn section_ids_are_unique_and_unnumbered_ones_never_look_numbered() {
    for company in versions().keys() {
        let outline: Value =
            serde_json::from_str(&stdout(embedded().args(["outline", company, "--json"]))).unwrap();
        let mut ids = BTreeSet::new();
        let mut stack: Vec<&Value> = outline["sections"].as_array().unwrap().iter().collect();
        while let Some(section) = stack.pop() {
            let id = text(section, "path");
            assert!(ids.insert(id.clone()), "{company}: {id} twice");
            let last = id.rsplit('.').next().unwrap().split('~').next().unwrap();
            let title = text(section, "title");
            let numbered = title.split_once(['.', ')']).is_some_and(|(n, rest)| {
                !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with(' ')
            });
            if last.starts_with('s') && last[1..].bytes().all(|b| b.is_ascii_digit()) {
                assert!(!numbered, "{company}: numbered {title} has {id}");
            }
            stack.extend(section["children"].as_array().unwrap());
        }
    }
}

#[test]
fn a_clause_repeated_across_versions_is_cited_in_the_version_each_scope_sees() {
    let all = search("privacy", &["--all-versions"]);
    let repeated = all
        .iter()
        .find(|h| {
            let versions = h["versions"].as_array().unwrap();
            versions.len() >= 3
                && versions.iter().all(Value::is_string)
                && text(h, "kind") == "clause"
        })
        .expect("a clause that three dated versions repeat");
    let company = text(repeated, "company");
    let days: Vec<String> = repeated["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap().to_string())
        .collect();
    let same_text = |hits: Vec<Value>| -> Value {
        hits.into_iter()
            .find(|h| text(h, "text") == text(repeated, "text"))
            .expect("the clause is found in that scope")
    };
    let query = format!("company:{company} privacy");
    for day in &days[..days.len() - 1] {
        let hit = same_text(search(&query, &["--as-of", day]));
        assert_eq!(text(&hit, "date"), *day);
        assert!(
            text(&hit, "id").starts_with(&format!("{company}@{day}/")),
            "{}",
            hit["id"]
        );
        assert_eq!(hit["versions"].as_array().unwrap().len(), 1);
    }
}
