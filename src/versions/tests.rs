use super::*;
use crate::corpus::load::parse_text;

fn policy(text: &str) -> Policy {
    parse_text("x.com__2020-01-01.md", "test", text)
}

const BASE: &str = "# Policy\n\n## 1. Collection\n\nWe collect your name and email address.\n\nWe collect usage data from your browser.\n\n## 2. Sharing\n\nWe share data with service providers only.\n\nWe never sell personal information.\n";

/// The diff of `BASE` with one passage replaced.
fn diff_edited(passage: &str, replacement: &str) -> Diff {
    diff(&policy(BASE), &policy(&BASE.replace(passage, replacement)))
}

/// The trimmed texts of a change's operations of one kind.
fn pieces<'a>(change: &'a ClauseChange, op: &str) -> Vec<&'a str> {
    change
        .ops
        .iter()
        .filter(|o| o.op == op)
        .map(|o| o.text.trim())
        .collect()
}

fn statuses(d: &Diff) -> Vec<Status> {
    d.sections
        .iter()
        .flat_map(|s| s.clauses.iter().map(|c| c.status))
        .filter(|s| *s != Status::Same)
        .collect()
}

#[test]
fn identical_versions_are_all_same() {
    let d = diff(&policy(BASE), &policy(BASE));
    assert_eq!(d.summary, Summary::default());
    assert!(d.sections.iter().all(|s| s.status == Status::Same));
}

#[test]
fn rewrapping_is_not_a_change() {
    let wrapped = BASE.replace(
        "your name and email address.",
        "your name\nand email   address.",
    );
    assert_eq!(
        diff(&policy(BASE), &policy(&wrapped)).summary,
        Summary::default()
    );
}

#[test]
fn one_word_changed() {
    let d = diff_edited("service providers only", "service providers and partners");
    assert_eq!(statuses(&d), [Status::Changed]);
    let change = only_change(&d);
    assert_eq!(pieces(change, "delete"), ["only."]);
    assert_eq!(pieces(change, "insert"), ["and partners."]);
    assert_eq!(d.summary.sections_changed, 1);
}

#[test]
fn added_removed_and_moved_clauses() {
    let new = "# Policy\n\n## 1. Collection\n\nWe collect usage data from your browser.\n\nWe collect your name and email address.\n\nWe collect your location when you allow it.\n\n## 2. Sharing\n\nWe share data with service providers only.\n";
    let d = diff(&policy(BASE), &policy(new));
    assert_eq!(d.summary.clauses_added, 1);
    assert_eq!(d.summary.clauses_removed, 1);
    assert_eq!(d.summary.clauses_moved, 1);
    assert_eq!(d.summary.clauses_changed, 0);
}

#[test]
fn renamed_and_renumbered_sections() {
    let renamed = BASE.replace("## 2. Sharing", "## 2. Disclosure to others");
    let d = diff(&policy(BASE), &policy(&renamed));
    assert_eq!(d.summary.sections_renamed, 1);
    assert_eq!(d.summary.clause_changes(), 0);
    let renumbered = BASE.replace("## 1. Collection", "## 3. Collection");
    assert_eq!(
        diff(&policy(BASE), &policy(&renumbered)).summary,
        Summary::default()
    );
}

#[test]
fn added_and_removed_sections() {
    let new = format!("{BASE}\n## 3. Retention\n\nWe keep data for 30 days.\n");
    let d = diff(&policy(BASE), &policy(&new));
    assert_eq!(d.summary.sections_added, 1);
    assert_eq!(d.summary.clauses_added, 1);
    let back = diff(&policy(&new), &policy(BASE));
    assert_eq!(back.summary.sections_removed, 1);
    assert_eq!(back.summary.clauses_removed, 1);
}

fn only_change(d: &Diff) -> &ClauseChange {
    let changes: Vec<&ClauseChange> = d
        .sections
        .iter()
        .flat_map(|s| &s.clauses)
        .filter(|c| c.status != Status::Same)
        .collect();
    assert_eq!(changes.len(), 1, "{changes:?}");
    changes[0]
}

#[test]
fn a_clause_split_in_two_is_one_change() {
    let old = BASE.replace(
        "service providers only.",
        "service providers only when they need it to run the service, and they must keep it confidential.",
    );
    let new = BASE.replace(
        "service providers only.",
        "service providers only when they need it to run the service.\n\nThey must keep it confidential.",
    );
    let d = diff(&policy(&old), &policy(&new));
    let change = only_change(&d);
    assert_eq!(change.status, Status::Split);
    assert_eq!(change.old_clauses(), [2]);
    assert_eq!(change.new_clauses(), [2, 3]);
    assert_eq!(d.summary.clause_changes(), 1);
    assert_eq!(pieces(change, "insert"), ["service.", "They"]);
}

#[test]
fn two_clauses_merged_into_one_are_one_change() {
    let d = diff_edited(
        "We collect your name and email address.\n\nWe collect usage data from your browser.",
        "We collect your name and email address, and usage data from your browser.",
    );
    let change = only_change(&d);
    assert_eq!(change.status, Status::Merged);
    assert_eq!(change.old_clauses(), [0, 1]);
    assert_eq!(change.new_clauses(), [0]);
    assert_eq!(d.summary.clauses_changed, 1);
    assert_eq!(d.summary.clauses_added + d.summary.clauses_removed, 0);
}

#[test]
fn a_clause_split_in_three_is_one_change() {
    let long = "We collect your name, your postal address and your phone number when you register, and we keep them while your account is open, and we delete them within thirty days after you close it.";
    let old = format!("# Policy\n\n## Data\n\n{long}\n\nWe never sell data.\n");
    let new = "# Policy\n\n## Data\n\nWe collect your name, your postal address and your phone number when you register.\n\nWe keep them while your account is open.\n\nWe delete them within thirty days after you close it.\n\nWe never sell data.\n";
    let d = diff(&policy(&old), &policy(new));
    let change = only_change(&d);
    assert_eq!(change.status, Status::Split);
    assert_eq!(change.new_clauses(), [0, 1, 2]);
}

#[test]
fn a_new_clause_after_a_changed_one_is_not_a_split() {
    let d = diff_edited(
        "We share data with service providers only.",
        "We share data with service providers and partners.\n\nCookies are small files stored by your browser on your device.",
    );
    assert_eq!(statuses(&d), [Status::Changed, Status::Added]);
}

proptest::proptest! {
    #[test]
    fn ops_rebuild_both_texts(a in "[a-z]{1,6}( [a-z]{1,6}){0,15}", b in "[a-z]{1,6}( [a-z]{1,6}){0,15}") {
        let ops = word_ops(&a, &b);
        let old: String = ops.iter().filter(|o| o.op != "insert").map(|o| o.text.as_str()).collect();
        let new: String = ops.iter().filter(|o| o.op != "delete").map(|o| o.text.as_str()).collect();
        proptest::prop_assert_eq!(old, a);
        proptest::prop_assert_eq!(new, b);
    }

    #[test]
    fn every_change_rebuilds_its_old_and_new_clauses(
        old in proptest::collection::vec("[a-e]{1,3}( [a-e]{1,3}){1,8}\\.", 1..10),
        new in proptest::collection::vec("[a-e]{1,3}( [a-e]{1,3}){1,8}\\.", 1..10),
    ) {
        let (old, new) = (policy(&old.join("\n\n")), policy(&new.join("\n\n")));
        let d = diff(&old, &new);
        let joined = |p: &Policy, ids: Vec<usize>| {
            ids.iter().map(|&i| p.clauses[i].text.as_str()).collect::<Vec<_>>().join(" ")
        };
        let mut seen_old = vec![0; old.clauses.len()];
        let mut seen_new = vec![0; new.clauses.len()];
        for c in d.sections.iter().flat_map(|s| &s.clauses) {
            for i in c.old_clauses() { seen_old[i] += 1; }
            for j in c.new_clauses() { seen_new[j] += 1; }
            if !c.ops.is_empty() {
                let a: String = c.ops.iter().filter(|o| o.op != "insert").map(|o| o.text.as_str()).collect();
                let b: String = c.ops.iter().filter(|o| o.op != "delete").map(|o| o.text.as_str()).collect();
                proptest::prop_assert_eq!(a, joined(&old, c.old_clauses()));
                proptest::prop_assert_eq!(b, joined(&new, c.new_clauses()));
            }
        }
        // Every clause of both versions has exactly one status.
        proptest::prop_assert!(seen_old.iter().all(|&n| n == 1));
        proptest::prop_assert!(seen_new.iter().all(|&n| n == 1));
    }

    #[test]
    fn a_policy_diffed_with_itself_is_all_same(paras in proptest::collection::vec("[A-Z][a-z]{2,8}( [a-z]{2,8}){2,10}\\.", 1..12)) {
        let text = paras.iter().enumerate().map(|(i, p)| if i % 3 == 0 { format!("## Part {i}\n\n{p}") } else { p.clone() }).collect::<Vec<_>>().join("\n\n");
        let p = policy(&text);
        let d = diff(&p, &p);
        proptest::prop_assert_eq!(d.summary, Summary::default());
        let clauses: usize = d.sections.iter().map(|s| s.clauses.len()).sum();
        proptest::prop_assert_eq!(clauses, p.clauses.len());
    }
}
