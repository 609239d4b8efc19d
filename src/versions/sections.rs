//! Section alignment: equal titles in order (numbering ignored), then
//! sections that share most of their clauses (renamed or renumbered), then
//! empty sections with similar titles.

use super::ClauseChange;
use crate::corpus::Policy;
use similar::{capture_diff_slices, Algorithm, DiffOp};
use std::collections::HashMap;

/// A title for comparing sections: lower case, punctuation dropped and a
/// leading number (`4.2`, `iv`) left out, so renumbering is not a rename.
pub(super) fn norm_title(title: &str) -> String {
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

/// Aligns sections: equal titles in order, then by the clauses they share.
pub(super) fn align_sections(
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
