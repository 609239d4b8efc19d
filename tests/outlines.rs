//! Whole outlines of policies written in the shapes real pages use,
//! checked as a reader sees them: section titles by depth, how many
//! clauses each holds, and what was kept out as page furniture.

use clause::corpus::{load_single_file, LoadOptions, Policy};
use std::fmt::Write;
use std::path::Path;

fn parse(name: &str) -> Policy {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/outlines")
        .join(name);
    load_single_file(&path, LoadOptions::default())
        .expect("fixture parses")
        .0
}

/// The outline as indented titles with their clause counts, then the
/// furniture.
fn render(policy: &Policy) -> String {
    let mut out = format!("title: {}\n", policy.meta.title);
    let preamble = policy.clauses_in(None).count();
    let _ = writeln!(out, "(preamble: {preamble} clauses)");
    for (i, s) in policy.sections.iter().enumerate() {
        let clauses = policy.clauses_in(Some(i)).count();
        let indent = "  ".repeat(s.depth - 1);
        let _ = writeln!(out, "{indent}{} [{clauses}]", s.title);
    }
    for f in &policy.furniture {
        let text: String = f.text.chars().take(60).collect();
        let _ = writeln!(out, "furniture {:?}: {text}", f.kind);
    }
    out
}

fn titles(policy: &Policy) -> Vec<(usize, &str)> {
    policy
        .sections
        .iter()
        .map(|s| (s.depth, s.title.as_str()))
        .collect()
}

#[test]
fn headings_linking_to_themselves_keep_their_titles_and_the_toc_stays_furniture() {
    let policy = parse("self-links.md");
    assert_eq!(
        titles(&policy),
        [
            (1, "What we collect"),
            (2, "From You"),
            (2, "Automatically"),
            (
                1,
                "How we use information and share it with our partners around the world"
            ),
            (1, "Cookies"),
            (2, "What are cookies?"),
            (1, "Your rights"),
        ]
    );
    let toc = policy
        .furniture
        .iter()
        .filter(|f| f.text == "Cookies" || f.text.starts_with("How we use"))
        .count();
    assert_eq!(toc, 2, "{}", render(&policy));
    assert!(policy
        .clauses
        .iter()
        .all(|c| !c.text.contains("Back to top")));
}

#[test]
fn repeated_accordion_labels_are_dropped_from_titles() {
    let policy = parse("accordion.md");
    assert_eq!(
        titles(&policy),
        [
            (1, "SCOPE OF THIS POLICY"),
            (1, "WHO WE ARE"),
            (1, "TYPES OF INFORMATION WE COLLECT"),
            (1, "Definitions"),
        ]
    );
    let widgets: Vec<&str> = policy
        .furniture
        .iter()
        .map(|f| f.text.as_str())
        .filter(|t| t.ends_with(" All"))
        .collect();
    assert_eq!(widgets, ["Collapse All", "+ Expand All"]);
}

#[test]
fn national_geographic_outline() {
    let policy = parse("National-Geographic__2021-01-13.md");
    insta::assert_snapshot!(render(&policy));
}

#[test]
fn plain_text_shop_page_with_glued_headings() {
    let policy = parse("cr8agift.co.uk__nodate.md");
    insta::assert_snapshot!(render(&policy));
}

#[test]
fn plain_text_headings_closed_by_a_period() {
    let policy = parse("westernsecuritybank.com__nodate.md");
    assert!(policy.sections.iter().any(|s| s.title == "Copyright."));
    insta::assert_snapshot!(render(&policy));
}

#[test]
fn plain_text_page_with_menu_breadcrumb_and_sub_headings() {
    let policy = parse("galilmc.com__nodate.md");
    insta::assert_snapshot!(render(&policy));
}

#[test]
fn last_updated_line_stays_text_and_gives_the_date() {
    let policy = parse("accordion.md");
    assert_eq!(policy.meta.updated.as_deref(), Some("2021-01-11"));
    assert!(policy
        .clauses
        .iter()
        .any(|c| c.text == "Last Modified: 01/11/2021"));
}

#[test]
fn plain_text_shop_menu_above_question_headings() {
    let policy = parse("abbeyspring.com__nodate.md");
    assert_eq!(policy.meta.title, "Privacy Policy");
    assert!(policy
        .clauses
        .iter()
        .all(|c| c.text != "Bottleless Water Coolers"));
    insta::assert_snapshot!(render(&policy));
}

#[test]
fn plain_text_menu_of_caps_groups_and_no_headings() {
    let policy = parse("bizminer.com__nodate.md");
    assert!(policy.sections.is_empty());
    insta::assert_snapshot!(render(&policy));
}
