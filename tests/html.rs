//! HTML pages as policies: a directory of saved pages, single pages, and
//! the bad pages that must not disturb the others.

mod cli_support;

use cli_support::{embedded as clause, root, stdout};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/html")
}

/// `clause outline --json` of a page that must load.
fn outline(path: &Path) -> Value {
    let out = stdout(clause().args(["outline", "--json"]).arg(path));
    serde_json::from_str(&out).expect("JSON outline")
}

fn titles(outline: &Value) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(v: &Value, out: &mut Vec<String>) {
        if let Some(t) = v["title"].as_str() {
            out.push(t.to_string());
        }
        for child in v["children"].as_array().into_iter().flatten() {
            walk(child, out);
        }
    }
    for s in outline["sections"].as_array().into_iter().flatten() {
        walk(s, &mut out);
    }
    out
}

/// `clause show` of a page that must load.
fn show(path: &Path) -> String {
    stdout(clause().arg("show").arg(path))
}

#[test]
fn a_page_with_site_chrome_gives_the_policy_tree_only() {
    let page = fixtures().join("shop.example__2023-04-01.html");
    let tree = outline(&page);
    let titles = titles(&tree);
    for title in [
        "1. Information We Collect",
        "1.1 Information collected automatically",
        "2. How We Use Your Information",
        "3. Sharing",
        "4. Your Rights",
    ] {
        assert!(
            titles.iter().any(|t| t == title),
            "{title} not in {titles:?}"
        );
    }
    let text = show(&page);
    for policy_text in [
        "To prevent fraud",
        "Parcel carriers",
        "privacy@shop.example",
        "Marketing",
    ] {
        assert!(text.contains(policy_text), "{policy_text} missing:\n{text}");
    }
    for chrome in [
        "Sign in",
        "Accept all",
        "All rights reserved",
        "Imprint",
        "dataLayer",
    ] {
        assert!(!text.contains(chrome), "{chrome} kept:\n{text}");
    }
}

#[test]
fn a_directory_of_pages_loads_with_a_message_per_bad_page() {
    let index = tempfile::tempdir().expect("temp dir");
    let out = clause()
        .arg("--corpus")
        .arg(fixtures())
        .arg("--index-dir")
        .arg(index.path().join("idx"))
        .args(["list", "--json"])
        .output()
        .expect("clause runs");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("script-only.example.html: no text left once scripts"),
        "{stderr}"
    );
    assert!(
        stderr.contains("unknown charset 'x-unheard-of'"),
        "{stderr}"
    );
    let companies: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let names: Vec<&str> = companies
        .iter()
        .filter_map(|c| c["company"].as_str())
        .collect();
    for name in [
        "shop.example",
        "cafe.example",
        "segments.example.com",
        "odd-charset.example",
        "truncated.example",
    ] {
        assert!(names.contains(&name), "{name} not in {names:?}");
    }
    assert!(!names.contains(&"script-only.example"));
}

#[test]
fn the_declared_charset_and_the_last_updated_line_are_used() {
    let page = fixtures().join("cafe.example.html");
    let text = show(&page);
    assert!(
        text.contains("Le café collecte votre adresse électronique"),
        "{text}"
    );
    let tree = outline(&page);
    assert_eq!(tree["date"].as_str(), Some("2021-03-03"), "{tree}");
}

#[test]
fn opp115_segments_end_clauses() {
    let page = fixtures().join("42_segments.example.com.html");
    let out = clause()
        .args(["show", "--json"])
        .arg(&page)
        .output()
        .expect("clause runs");
    let clauses: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|c| c["text"].as_str().map(str::to_string))
        .collect();
    assert!(
        clauses.contains(&"We collect your name and e-mail address when you register.".to_string()),
        "{clauses:#?}"
    );
    assert!(
        clauses.contains(
            &"We also collect the address of the page that referred you to our site.".to_string()
        ),
        "{clauses:#?}"
    );
    let tree = outline(&page);
    let titles = titles(&tree);
    assert!(titles.iter().any(|t| t.contains("Sharing")), "{titles:?}");
}

#[test]
fn a_plain_fragment_gives_headings_and_clauses() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        "<h1>Privacy</h1><h2>Cookies</h2><p>We use cookies.</p>",
    )
    .unwrap();
    let tree = outline(&page);
    assert_eq!(tree["title"].as_str(), Some("Privacy"), "{tree}");
    assert_eq!(titles(&tree), vec!["Cookies".to_string()], "{tree}");
    assert!(show(&page).contains("We use cookies."));
}

#[test]
fn an_oversized_page_is_skipped_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!(
        "<html><body>{}</body></html>",
        "<p>We collect data to run the service and improve it.</p>\n".repeat(900_000)
    );
    assert!(big.len() > 50_000_000);
    std::fs::write(dir.path().join("big.example.html"), big).unwrap();
    std::fs::copy(
        fixtures().join("cafe.example.html"),
        dir.path().join("cafe.example.html"),
    )
    .unwrap();
    let out = clause()
        .arg("--corpus")
        .arg(dir.path())
        .arg("list")
        .output()
        .expect("clause runs");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("big.example.html: too large"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("cafe.example"));
}

#[test]
fn a_script_only_page_on_its_own_is_a_clear_error() {
    let out = clause()
        .arg("outline")
        .arg(fixtures().join("script-only.example.html"))
        .output()
        .expect("clause runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no text left once scripts, styles"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}
