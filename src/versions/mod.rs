//! What changed between two versions of a policy: sections aligned by
//! title (then by the clauses they share), clauses aligned by exact text,
//! moves, then similarity, with word-level operations for changed clauses.
//!
//! Invariant: every section and clause of both versions gets exactly one
//! status. Whitespace and re-wrapping alone are not changes.

use crate::corpus::Policy;
use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, ChangeTag, DiffOp, TextDiff};
use std::collections::HashMap;

mod bag;
use bag::WordBag;

/// The status of an aligned section or clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "&'static str")]
pub enum Status {
    Same,
    Changed,
    Moved,
    Added,
    Removed,
    /// A section whose title changed.
    Renamed,
    /// A clause now written as several consecutive clauses.
    Split,
    /// Several consecutive clauses now written as one.
    Merged,
}

impl Status {
    /// Its name in output and JSON (`same`, `changed`, `split`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Status::Same => "same",
            Status::Changed => "changed",
            Status::Moved => "moved",
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Renamed => "renamed",
            Status::Split => "split",
            Status::Merged => "merged",
        }
    }
}

impl From<Status> for &'static str {
    fn from(status: Status) -> &'static str {
        status.name()
    }
}

/// One word-level operation of a changed clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordOp {
    /// `equal`, `delete` or `insert`.
    pub op: &'static str,
    pub text: String,
}

/// A clause of either version and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseChange {
    pub status: Status,
    /// Clause index in the old version.
    pub from: Option<usize>,
    /// Clause index in the new version.
    pub to: Option<usize>,
    /// The clauses that follow `to` in a split, or `from` in a merge.
    pub joined: Vec<usize>,
    /// Word operations from the old text to the new (of all joined clauses).
    pub ops: Vec<WordOp>,
}

impl ClauseChange {
    fn new(status: Status, from: Option<usize>, to: Option<usize>) -> ClauseChange {
        ClauseChange {
            status,
            from,
            to,
            joined: Vec::new(),
            ops: Vec::new(),
        }
    }

    /// The ids it covers: `old → new1 + new2` for a split or merge, else
    /// the newer clause's id (the old one's for a removal).
    pub fn label(&self, old: &Policy, new: &Policy) -> String {
        let olds = old.clause_ids(&self.old_clauses()).join(" + ");
        let news = new.clause_ids(&self.new_clauses()).join(" + ");
        match self.status {
            Status::Split | Status::Merged => format!("{olds} → {news}"),
            _ if self.to.is_some() => news,
            _ => olds,
        }
    }

    /// Indices of the old clauses this change covers, in order.
    pub fn old_clauses(&self) -> Vec<usize> {
        let more = (self.status == Status::Merged).then_some(&self.joined);
        self.from
            .into_iter()
            .chain(more.into_iter().flatten().copied())
            .collect()
    }

    /// Indices of the new clauses this change covers, in order.
    pub fn new_clauses(&self) -> Vec<usize> {
        let more = (self.status == Status::Split).then_some(&self.joined);
        self.to
            .into_iter()
            .chain(more.into_iter().flatten().copied())
            .collect()
    }
}

/// A section of either version, with its clauses.
#[derive(Debug, Clone, Serialize)]
pub struct SectionChange {
    pub status: Status,
    /// Section index in the old version (`None` for added, or the preamble).
    pub from: Option<usize>,
    pub to: Option<usize>,
    pub clauses: Vec<ClauseChange>,
}

/// Counts per status.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub sections_added: usize,
    pub sections_removed: usize,
    pub sections_changed: usize,
    pub sections_renamed: usize,
    pub clauses_added: usize,
    pub clauses_removed: usize,
    pub clauses_changed: usize,
    pub clauses_moved: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "sections +{} -{} ~{} renamed {}; clauses +{} -{} ~{} moved {}",
            self.sections_added,
            self.sections_removed,
            self.sections_changed,
            self.sections_renamed,
            self.clauses_added,
            self.clauses_removed,
            self.clauses_changed,
            self.clauses_moved
        )
    }
}

impl Summary {
    /// Clauses added, removed, changed or moved.
    pub fn clause_changes(&self) -> usize {
        self.clauses_added + self.clauses_removed + self.clauses_changed + self.clauses_moved
    }
}

/// The difference between two versions.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub summary: Summary,
    /// The preamble first, then sections in the order of the new version
    /// (removed ones where they stood).
    pub sections: Vec<SectionChange>,
}

/// Least word similarity for two clauses to count as one changed clause.
const CHANGED_SIMILARITY: f32 = 0.4;
/// How far apart (in unmatched clauses) a changed pair may be.
const PAIR_WINDOW: usize = 40;
/// Least word similarity of a clause to the clauses it was split into (or
/// merged from), taken together.
const JOINED_SIMILARITY: f32 = 0.7;
/// Clauses of at most this many words are compared by shape too.
const SHORT_CLAUSE_WORDS: usize = 16;
/// Most clauses one clause is split into or merged from.
const MAX_JOINED: usize = 6;

/// Text for comparing clauses: whitespace folded and typographic quotes
/// made straight (a change of quote style alone is not a change).
fn norm(text: &str) -> String {
    let straight: String = text
        .chars()
        .map(|c| match c {
            '‘' | '’' | '′' => '\'',
            '“' | '”' | '″' => '"',
            c => c,
        })
        .collect();
    straight.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn norm_title(title: &str) -> String {
    let t: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    t.split_whitespace()
        .skip_while(|w| {
            w.chars().all(|c| c.is_ascii_digit())
                || (w.len() <= 2 && w.chars().all(|c| "ivxlc".contains(c)))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Word-level operations turning `a` into `b`.
pub fn word_ops(a: &str, b: &str) -> Vec<WordOp> {
    let diff = TextDiff::from_words(a, b);
    let mut ops: Vec<WordOp> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => "equal",
            ChangeTag::Delete => "delete",
            ChangeTag::Insert => "insert",
        };
        match ops.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => ops.push(WordOp {
                op,
                text: change.value().to_string(),
            }),
        }
    }
    ops
}

/// Aligns the clauses of two versions.
fn align_clauses(old: &Policy, new: &Policy) -> Vec<ClauseChange> {
    let a: Vec<String> = old.clauses.iter().map(|c| norm(&c.text)).collect();
    let b: Vec<String> = new.clauses.iter().map(|c| norm(&c.text)).collect();
    let mut changes = Vec::new();
    let mut deleted = Vec::new();
    let mut inserted = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &a, &b) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    let (i, j) = (old_index + k, new_index + k);
                    changes.push(ClauseChange::new(Status::Same, Some(i), Some(j)));
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => deleted.extend(old_index..old_index + old_len),
            DiffOp::Insert {
                new_index, new_len, ..
            } => inserted.extend(new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                deleted.extend(old_index..old_index + old_len);
                inserted.extend(new_index..new_index + new_len);
            }
        }
    }
    // Moves: the same text elsewhere.
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for &j in &inserted {
        by_text.entry(b[j].as_str()).or_default().push(j);
    }
    let mut used_new = vec![false; b.len()];
    let mut remaining = Vec::new();
    for &i in &deleted {
        match by_text.get_mut(a[i].as_str()).and_then(|v| v.pop()) {
            Some(j) => {
                used_new[j] = true;
                changes.push(ClauseChange::new(Status::Moved, Some(i), Some(j)));
            }
            None => remaining.push(i),
        }
    }
    let free: Vec<usize> = inserted.iter().copied().filter(|&j| !used_new[j]).collect();
    let bags_a: Vec<WordBag> = a.iter().map(|t| WordBag::new(t)).collect();
    let bags_b: Vec<WordBag> = b.iter().map(|t| WordBag::new(t)).collect();
    // Changes: similar unmatched clauses not far apart, most similar first.
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for (rank, &i) in remaining.iter().enumerate() {
        let lo = rank.saturating_sub(PAIR_WINDOW);
        let hi = (rank + PAIR_WINDOW + 1).min(free.len());
        for k in lo..hi {
            let s = clause_similarity((&a[i], &bags_a[i]), (&b[free[k]], &bags_b[free[k]]));
            if s >= CHANGED_SIMILARITY {
                candidates.push((s, rank, k));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let mut paired_old = vec![false; remaining.len()];
    let mut paired_new = vec![false; free.len()];
    for (_, rank, k) in candidates {
        if !paired_old[rank] && !paired_new[k] {
            paired_old[rank] = true;
            paired_new[k] = true;
            let (i, j) = (remaining[rank], free[k]);
            changes.push(ClauseChange::new(Status::Changed, Some(i), Some(j)));
        }
    }
    for (rank, &i) in remaining.iter().enumerate() {
        if !paired_old[rank] {
            changes.push(ClauseChange::new(Status::Removed, Some(i), None));
        }
    }
    for (k, &j) in free.iter().enumerate() {
        if !paired_new[k] {
            changes.push(ClauseChange::new(Status::Added, None, Some(j)));
        }
    }
    let old_side = Side {
        bags: &bags_a,
        sections: old.clauses.iter().map(|c| c.section).collect(),
    };
    let new_side = Side {
        bags: &bags_b,
        sections: new.clauses.iter().map(|c| c.section).collect(),
    };
    join_splits_and_merges(&old_side, &new_side, &mut changes);
    for change in &mut changes {
        if matches!(
            change.status,
            Status::Changed | Status::Split | Status::Merged
        ) {
            change.ops = word_ops(
                &old.joined_text(&change.old_clauses()),
                &new.joined_text(&change.new_clauses()),
            );
        }
    }
    changes
}

/// How alike two clauses are: shared words, or for two short clauses
/// (`Effective May 1, 2024.`) their edit similarity when higher, as their
/// shape counts as much as their few words.
fn clause_similarity(a: (&str, &WordBag), b: (&str, &WordBag)) -> f32 {
    let bag = a.1.similarity(b.1);
    if a.1.len().max(b.1.len()) <= SHORT_CLAUSE_WORDS {
        bag.max(strsim::normalized_levenshtein(a.0, b.0) as f32)
    } else {
        bag
    }
}

/// Turns a changed pair plus the added (or removed) clauses next to it into
/// one split (or merge) when, taken together, they match the other side
/// better; a removed clause whose text now stands in several consecutive
/// added clauses becomes a split too (and the reverse a merge).
fn join_splits_and_merges(a: &Side, b: &Side, changes: &mut Vec<ClauseChange>) {
    let mut added: HashMap<usize, usize> = HashMap::new();
    let mut removed: HashMap<usize, usize> = HashMap::new();
    for (k, c) in changes.iter().enumerate() {
        match (c.status, c.from, c.to) {
            (Status::Added, _, Some(j)) => {
                added.insert(j, k);
            }
            (Status::Removed, Some(i), _) => {
                removed.insert(i, k);
            }
            _ => {}
        }
    }
    let mut absorbed = vec![false; changes.len()];
    for k in 0..changes.len() {
        let (status, from, to) = (changes[k].status, changes[k].from, changes[k].to);
        let joined = match (status, from, to) {
            (Status::Changed, Some(i), Some(j)) => {
                let split = grow(&a.bags[i], b, j, &added, &absorbed);
                let merge = grow(&b.bags[j], a, i, &removed, &absorbed);
                match (split, merge) {
                    (Some(s), Some(m)) if m.1 > s.1 => Some((Status::Merged, m.0)),
                    (Some(s), _) => Some((Status::Split, s.0)),
                    (None, Some(m)) => Some((Status::Merged, m.0)),
                    (None, None) => None,
                }
            }
            (Status::Removed, Some(i), None) if !absorbed[k] => {
                best_run(&a.bags[i], b, i, &added, &absorbed).map(|r| (Status::Split, r))
            }
            (Status::Added, None, Some(j)) if !absorbed[k] => {
                best_run(&b.bags[j], a, j, &removed, &absorbed).map(|r| (Status::Merged, r))
            }
            _ => None,
        };
        let Some((new_status, run)) = joined else {
            continue;
        };
        let (first, rest) = (run[0], run[1..].to_vec());
        let members = if new_status == Status::Split {
            &added
        } else {
            &removed
        };
        for idx in &run {
            if let Some(&m) = members.get(idx) {
                absorbed[m] = true;
            }
        }
        let change = &mut changes[k];
        match (status, new_status) {
            (Status::Changed, Status::Split) => change.to = Some(first),
            (Status::Changed, _) => change.from = Some(first),
            (Status::Removed, _) => change.to = Some(first),
            _ => change.from = Some(first),
        }
        change.status = new_status;
        change.joined = rest;
    }
    let mut k = 0;
    changes.retain(|_| {
        k += 1;
        !absorbed[k - 1]
    });
}

/// The clauses of one version as word bags, with their sections.
struct Side<'a> {
    bags: &'a [WordBag],
    sections: Vec<Option<usize>>,
}

/// Extends clause `at` of `side` with free neighbours of its section
/// (`free`: clause → change index) while the run grows more similar to
/// `target`; the run and its similarity when it has more than one clause.
fn grow(
    target: &WordBag,
    side: &Side,
    at: usize,
    free: &HashMap<usize, usize>,
    absorbed: &[bool],
) -> Option<(Vec<usize>, f32)> {
    let is_free = |i: usize| {
        free.get(&i).is_some_and(|&k| !absorbed[k]) && side.sections[i] == side.sections[at]
    };
    let (mut lo, mut hi) = (at, at);
    let mut best = target.similarity(&side.bags[at]);
    loop {
        let mut improved = false;
        for (l, h) in [(lo, hi + 1), (lo.wrapping_sub(1), hi)] {
            if h >= side.bags.len() || l > h || h - l >= MAX_JOINED {
                continue;
            }
            let grown = if l < lo { l } else { h };
            if !is_free(grown) {
                continue;
            }
            let s = target.similarity(&WordBag::joined(&side.bags[l..=h]));
            if s > best + 0.02 {
                (lo, hi, best) = (l, h, s);
                improved = true;
                break;
            }
        }
        if !improved {
            break;
        }
    }
    (hi > lo && best >= JOINED_SIMILARITY).then(|| ((lo..=hi).collect(), best))
}

/// The run of at least two consecutive free clauses of `side`, near
/// position `near`, that together match `target` best.
fn best_run(
    target: &WordBag,
    side: &Side,
    near: usize,
    free: &HashMap<usize, usize>,
    absorbed: &[bool],
) -> Option<Vec<usize>> {
    let lo = near.saturating_sub(PAIR_WINDOW);
    let hi = (near + PAIR_WINDOW).min(side.bags.len());
    (lo..hi)
        .filter(|i| free.get(i).is_some_and(|&k| !absorbed[k]))
        .filter_map(|start| grow(target, side, start, free, absorbed))
        .max_by(|x, y| x.1.total_cmp(&y.1))
        .map(|(run, _)| run)
}

/// Aligns sections: equal titles in order, then by the clauses they share.
fn align_sections(
    old: &Policy,
    new: &Policy,
    clauses: &[ClauseChange],
) -> Vec<(Option<usize>, Option<usize>)> {
    let a: Vec<String> = old.sections.iter().map(|s| norm_title(&s.title)).collect();
    let b: Vec<String> = new.sections.iter().map(|s| norm_title(&s.title)).collect();
    let mut pair_of_old: Vec<Option<usize>> = vec![None; a.len()];
    let mut pair_of_new: Vec<Option<usize>> = vec![None; b.len()];
    for op in capture_diff_slices(Algorithm::Patience, &a, &b) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for k in 0..len {
                pair_of_old[old_index + k] = Some(new_index + k);
                pair_of_new[new_index + k] = Some(old_index + k);
            }
        }
    }
    // Renamed or renumbered: most of an old section's clauses now sit in one new section.
    let mut votes: HashMap<(usize, usize), usize> = HashMap::new();
    for c in clauses {
        if let (Some(f), Some(t)) = (c.from, c.to) {
            if let (Some(fs), Some(ts)) = (old.clauses[f].section, new.clauses[t].section) {
                *votes.entry((fs, ts)).or_default() += 1;
            }
        }
    }
    let mut candidates: Vec<((usize, usize), usize)> = votes.into_iter().collect();
    candidates.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    for ((fs, ts), n) in candidates {
        let own = old.clauses_in(Some(fs)).count().max(1);
        if pair_of_old[fs].is_none() && pair_of_new[ts].is_none() && n * 2 >= own {
            pair_of_old[fs] = Some(ts);
            pair_of_new[ts] = Some(fs);
        }
    }
    // Empty sections with similar titles.
    for (i, title) in a.iter().enumerate() {
        if pair_of_old[i].is_some() {
            continue;
        }
        if let Some(j) = (0..b.len())
            .find(|&j| pair_of_new[j].is_none() && strsim::jaro_winkler(title, &b[j]) >= 0.9)
        {
            pair_of_old[i] = Some(j);
            pair_of_new[j] = Some(i);
        }
    }
    let mut out: Vec<(Option<usize>, Option<usize>)> = vec![(None, None)];
    let mut next_old = 0;
    for (j, pair) in pair_of_new.iter().enumerate() {
        if let Some(i) = pair {
            while next_old < *i {
                if pair_of_old[next_old].is_none() {
                    out.push((Some(next_old), None));
                }
                next_old += 1;
            }
            next_old = next_old.max(i + 1);
        }
        out.push((*pair, Some(j)));
    }
    for (i, pair) in pair_of_old.iter().enumerate().skip(next_old) {
        if pair.is_none() {
            out.push((Some(i), None));
        }
    }
    for (i, pair) in pair_of_old.iter().enumerate().take(next_old) {
        if pair.is_none() && !out.contains(&(Some(i), None)) {
            out.push((Some(i), None));
        }
    }
    out
}

/// For each clause of `new`, whether its text is new: not in `old` even
/// elsewhere. These are the clauses [`diff`] reports as added, changed,
/// split or merged (not moved), found in linear time for indexing.
pub fn changed_clauses(old: &Policy, new: &Policy) -> Vec<bool> {
    let before: std::collections::HashSet<String> =
        old.clauses.iter().map(|c| norm(&c.text)).collect();
    new.clauses
        .iter()
        .map(|c| !before.contains(&norm(&c.text)))
        .collect()
}

/// Computes what changed from `old` to `new`.
pub fn diff(old: &Policy, new: &Policy) -> Diff {
    let clauses = align_clauses(old, new);
    let pairs = align_sections(old, new, &clauses);
    let mut summary = Summary::default();
    let mut index_of: HashMap<(Option<usize>, Option<usize>), usize> = HashMap::new();
    let mut by_old_section: HashMap<usize, usize> = HashMap::new();
    let mut sections: Vec<SectionChange> = Vec::new();
    for (k, &(from, to)) in pairs.iter().enumerate() {
        index_of.insert((from, to), k);
        if let Some(f) = from {
            by_old_section.insert(f, k);
        }
        sections.push(SectionChange {
            status: Status::Same,
            from,
            to,
            clauses: Vec::new(),
        });
    }
    let mut by_new_section: HashMap<usize, usize> = HashMap::new();
    for (k, s) in sections.iter().enumerate() {
        if let Some(t) = s.to {
            by_new_section.insert(t, k);
        }
    }
    for change in clauses {
        let home = match (change.to, change.from) {
            (Some(t), _) => new.clauses[t]
                .section
                .and_then(|s| by_new_section.get(&s).copied())
                .unwrap_or(0),
            (None, Some(f)) => old.clauses[f]
                .section
                .and_then(|s| by_old_section.get(&s).copied())
                .unwrap_or(0),
            (None, None) => 0,
        };
        match change.status {
            Status::Added => summary.clauses_added += 1,
            Status::Removed => summary.clauses_removed += 1,
            Status::Changed | Status::Split | Status::Merged => summary.clauses_changed += 1,
            Status::Moved => summary.clauses_moved += 1,
            _ => {}
        }
        sections[home].clauses.push(change);
    }
    for s in &mut sections {
        s.clauses
            .sort_by_key(|c| (c.to.unwrap_or(usize::MAX), c.from.unwrap_or(usize::MAX)));
        s.status = match (s.from, s.to) {
            (None, None) if s.clauses.iter().all(|c| c.status == Status::Same) => Status::Same,
            (None, None) => Status::Changed,
            (None, Some(_)) => Status::Added,
            (Some(_), None) => Status::Removed,
            (Some(f), Some(t))
                if norm_title(&old.sections[f].title) != norm_title(&new.sections[t].title) =>
            {
                Status::Renamed
            }
            _ if s.clauses.iter().all(|c| c.status == Status::Same) => Status::Same,
            _ => Status::Changed,
        };
        match s.status {
            Status::Added => summary.sections_added += 1,
            Status::Removed => summary.sections_removed += 1,
            Status::Changed => summary.sections_changed += 1,
            Status::Renamed => summary.sections_renamed += 1,
            _ => {}
        }
    }
    Diff { summary, sections }
}

#[cfg(test)]
mod tests;
