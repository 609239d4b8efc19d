//! Clause alignment: exact text in order (patience diff), then the same
//! text elsewhere (moved), then pairs similar enough to be one changed
//! clause, then runs of consecutive clauses that together match one
//! clause (split or merged). Whatever is left is added or removed.

use super::bag::WordBag;
use super::{ClauseChange, Status, WordOp};
use crate::corpus::Policy;
use similar::{capture_diff_slices, Algorithm, ChangeTag, DiffOp, TextDiff};
use std::collections::HashMap;

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
pub(super) fn norm(text: &str) -> String {
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
pub(super) fn align_clauses(old: &Policy, new: &Policy) -> Vec<ClauseChange> {
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
