//! Runs of versions: a text that a company's consecutive versions repeat
//! unchanged (same words, place, section titles and categories) is one
//! index document for the whole run, valid from the run's first version
//! to the day its last one is replaced. Open Terms Archive's histories
//! repeat most clauses from one version to the next, so most of their
//! text is indexed once instead of once per version.
//!
//! The document stores the first day and the file of every version of
//! its run; a hit is named after the version its search's scope sees
//! (see [`in_scope`]).

use super::scope::{self, Day, Scope};
use crate::categories::CategorySet;
use crate::text::fnv;
use std::collections::HashMap;

/// One searchable text of one version: a clause or a section title.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Text {
    /// `clause` or `heading`.
    pub kind: &'static str,
    /// The clause text or the section title.
    pub body: String,
    /// The section's position plus one (0: the preamble).
    pub section: u64,
    /// Section titles from the root.
    pub titles: Vec<String>,
    /// The text's id in its version (`company@date/4.2#3`).
    pub id: String,
    /// Where the id's part after the policy reference starts.
    pub suffix_at: usize,
    /// Position of a clause in its policy (0 for a title).
    pub ordinal: u64,
    /// Hash of the company, kind and words (see `documents::text_key`).
    pub text_key: u64,
    pub categories: CategorySet,
    /// New in the company's newest version.
    pub changed: bool,
}

impl Text {
    /// Whether `self` in one version and `other` in the next are the same
    /// text in the same place.
    fn continues(&self, other: &Text) -> bool {
        self.kind == other.kind
            && self.text_key == other.text_key
            && self.section == other.section
            && self.categories == other.categories
            && self.changed == other.changed
            && self.id[self.suffix_at..] == other.id[other.suffix_at..]
            && self.titles == other.titles
            && self.body == other.body
    }

    /// A hash of what [`continues`](Text::continues) compares.
    fn run_hash(&self) -> u64 {
        let mut hash = fnv(self.text_key, &self.id.as_bytes()[self.suffix_at..]);
        hash = fnv(hash, &self.section.to_le_bytes());
        for title in &self.titles {
            hash = fnv(hash, title.as_bytes());
        }
        hash
    }
}

/// One version of a company, as runs are made from it.
pub(super) struct Version {
    /// Its position in the caller's list of files.
    pub file: usize,
    /// Its first day (undated: the default day).
    pub day: Day,
    /// When it is in force (see [`scope::validities`]).
    pub validity: u64,
    pub texts: Vec<Text>,
}

/// A text and the consecutive versions that have it.
#[derive(Debug)]
pub(super) struct Run {
    /// The text as its last version has it.
    pub text: Text,
    /// The files of the run's versions, oldest first (positions in the
    /// caller's list).
    pub files: Vec<usize>,
    /// Their first days, in the same order.
    pub days: Vec<Day>,
    /// From the first version's start to the day the last is replaced.
    pub validity: u64,
}

/// The runs of one company's versions, given oldest first. Only dated
/// versions join a run: an undated one stands alone, so that `--as-of`
/// still never reaches it.
pub(super) fn runs(versions: Vec<Version>) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    // The runs the previous version's texts are in, by hash and occurrence.
    let mut open: HashMap<(u64, u32), usize> = HashMap::new();
    let mut previous_dated = false;
    for version in versions {
        let dated = version.day != Day::default();
        let mut now: HashMap<(u64, u32), usize> = HashMap::with_capacity(version.texts.len());
        let mut occurrences: HashMap<u64, u32> = HashMap::new();
        for text in version.texts {
            let hash = text.run_hash();
            let occurrence = occurrences.entry(hash).or_insert(0);
            *occurrence += 1;
            let key = (hash, *occurrence);
            let continued = (dated && previous_dated)
                .then(|| open.get(&key).copied())
                .flatten()
                .filter(|&r| runs[r].text.continues(&text));
            let at = match continued {
                Some(r) => {
                    let run = &mut runs[r];
                    run.text = text;
                    run.files.push(version.file);
                    run.days.push(version.day);
                    run.validity = scope::joined(run.validity, version.validity);
                    r
                }
                None => {
                    runs.push(Run {
                        text,
                        files: vec![version.file],
                        days: vec![version.day],
                        validity: version.validity,
                    });
                    runs.len() - 1
                }
            };
            now.insert(key, at);
        }
        open = now;
        previous_dated = dated;
    }
    runs
}

/// Which version of a run a scope sees: its position in the run's days
/// (oldest first). The newest for the newest and all-versions scopes,
/// the one in force on the day for `--as-of`, the one of that day for a
/// one-version scope.
pub(super) fn in_scope(days: &[Day], scope: Scope) -> usize {
    let last = days.len().saturating_sub(1);
    let not_after = |day: Day| days.iter().rposition(|&d| d <= day).unwrap_or(last);
    match scope {
        Scope::Newest | Scope::AllVersions => last,
        Scope::AsOf(day) | Scope::Version(day) => not_after(day),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::FNV_OFFSET;

    fn day(text: &str) -> Day {
        text.parse().unwrap()
    }

    fn text(body: &str, reference: &str, path: &str) -> Text {
        let id = format!("{reference}/{path}");
        Text {
            kind: "clause",
            body: body.to_string(),
            section: 1,
            titles: vec!["Choices".to_string()],
            suffix_at: reference.len(),
            id,
            ordinal: 0,
            text_key: fnv(FNV_OFFSET, body.as_bytes()),
            categories: CategorySet::EMPTY,
            changed: false,
        }
    }

    fn versions(days: &[Day], bodies: &[&[&str]]) -> Vec<Version> {
        let validity = scope::validities(days);
        days.iter()
            .zip(bodies)
            .enumerate()
            .map(|(file, (&day, bodies))| Version {
                file,
                day,
                validity: validity[file],
                texts: bodies
                    .iter()
                    .enumerate()
                    .map(|(n, b)| text(b, &format!("acme@{day}"), &format!("1#{}", n + 1)))
                    .collect(),
            })
            .collect()
    }

    #[test]
    fn an_unchanged_text_is_one_run_and_a_changed_one_starts_another() {
        let days = [day("2019-01-01"), day("2020-01-01"), day("2021-01-01")];
        let runs = runs(versions(
            &days,
            &[&["We sell."], &["We sell."], &["We never sell."]],
        ));
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].files, [0, 1]);
        assert_eq!(runs[0].text.id, "acme@2020-01-01/1#1");
        assert!(Scope::AsOf(day("2020-06-01")).admits(runs[0].validity));
        assert!(Scope::AsOf(day("2019-06-01")).admits(runs[0].validity));
        assert!(!Scope::Newest.admits(runs[0].validity));
        assert_eq!(runs[1].files, [2]);
        assert!(Scope::Newest.admits(runs[1].validity));
    }

    #[test]
    fn a_text_that_moves_or_returns_later_is_a_new_run() {
        let days = [day("2019-01-01"), day("2020-01-01"), day("2021-01-01")];
        let runs = runs(versions(
            &days,
            &[&["A.", "B."], &["B.", "A."], &["B.", "A."]],
        ));
        // Both texts moved in the second version, then stayed.
        assert_eq!(runs.len(), 4);
        assert_eq!(runs[2].files, [1, 2]);
        assert_eq!(runs[3].files, [1, 2]);
        assert_eq!(runs[2].text.body, "B.");
    }

    #[test]
    fn undated_versions_never_join_a_run() {
        let days = [Day::default(), day("2020-01-01")];
        let runs = runs(versions(&days, &[&["Same."], &["Same."]]));
        assert_eq!(runs.len(), 2);
        assert!(!Scope::AsOf(day("2019-01-01")).admits(runs[0].validity));
    }

    #[test]
    fn the_version_a_scope_sees_is_the_one_in_force() {
        let days = [day("2019-01-01"), day("2020-01-01"), day("2021-01-01")];
        assert_eq!(in_scope(&days, Scope::Newest), 2);
        assert_eq!(in_scope(&days, Scope::AllVersions), 2);
        assert_eq!(in_scope(&days, Scope::AsOf(day("2020-12-31"))), 1);
        assert_eq!(in_scope(&days, Scope::Version(day("2019-01-01"))), 0);
    }
}
