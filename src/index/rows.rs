//! Turns the matches of a query into result rows, the unit that searches
//! list and per-company counts count:
//!
//! - in all-versions mode, one text of a company (clause or title) is one
//!   row however many versions repeat it, naming its other matches;
//! - a section title that matches is one row with the first clause of its
//!   section that matches too, which then has no row of its own.
//!
//! Only the rows shown are put in order (best first, ties in a fixed
//! order): a search over 100,000 companies sorts twenty.

use super::collect::{Match, Matches};
use super::scope::Day;
use crate::text::MixHasher;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use tantivy::Score;

/// A map keyed by values that already are hashes or small numbers.
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<MixHasher>>;

/// One result: a clause, or a section title with its first matching
/// clause. It names its matches by position in [`Matches::matches`], so
/// that a search over 100,000 companies moves small rows.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Row {
    /// The clause, or the section title, that matched (when versions are
    /// merged: its match in the newest of them).
    pub best: u32,
    /// For a section title: the first clause of its section that matches.
    pub lead: Option<u32>,
    /// The row's score: the best of `best` and `lead`.
    pub score: Score,
    /// Other matches of the text in other versions (for a title with its
    /// clause: of the title or the clause), whose versions the row lists
    /// too; none in one-version scopes (and then not allocated: a search
    /// makes a row per match). Boxed so that a row takes 24 bytes, not 40.
    #[allow(clippy::box_collection)]
    pub others: Option<Box<Vec<u32>>>,
}

impl Row {
    fn of(i: usize, m: &Match) -> Row {
        Row {
            best: i as u32,
            lead: None,
            score: m.score,
            others: None,
        }
    }

    /// The row's other matches (see [`Row::others`]).
    pub(crate) fn others(&self) -> &[u32] {
        self.others.as_deref().map_or(&[], Vec::as_slice)
    }

    fn push_other(&mut self, other: u32) {
        self.others.get_or_insert_default().push(other);
    }

    /// The match the row shows.
    pub(crate) fn best<'m>(&self, matches: &'m Matches) -> &'m Match {
        matches.get(self.best)
    }

    /// The first clause of a title row's section that matches.
    pub(crate) fn lead<'m>(&self, matches: &'m Matches) -> Option<&'m Match> {
        self.lead.map(|i| matches.get(i))
    }
}

/// The rows of `matches`, in no particular order.
pub(super) fn rows(matches: &Matches, merge_versions: bool) -> Vec<Row> {
    let mut rows = if merge_versions {
        merged(matches)
    } else {
        let mut rows = Vec::with_capacity(matches.len());
        rows.extend(matches.iter().enumerate().map(|(i, m)| Row::of(i, m)));
        rows
    };
    attach_leads(matches, &mut rows);
    rows
}

/// Which of two rows comes first: the better score, then a fixed order.
fn order<'a>(matches: &'a Matches) -> impl Fn(&Row, &Row) -> Ordering + 'a {
    let company = |m: &Match| matches.companies.bytes(m.company as usize);
    move |a, b| {
        let (x, y) = (a.best(matches), b.best(matches));
        b.score
            .total_cmp(&a.score)
            .then_with(|| company(x).cmp(company(y)))
            .then_with(|| y.day.cmp(&x.day))
            .then_with(|| x.heading.cmp(&y.heading).reverse())
            .then_with(|| x.ordinal.cmp(&y.ordinal))
            .then_with(|| x.section_key.cmp(&y.section_key))
    }
}

/// The `n` best rows, best first (the others are left after them, unordered).
pub(super) fn best_first<'r>(matches: &Matches, rows: &'r mut [Row], n: usize) -> &'r [Row] {
    let n = n.min(rows.len());
    let order = order(matches);
    if n > 0 && n < rows.len() {
        // Scores alone decide all but the ties with the n-th best score:
        // the rows from that score up are gathered first, and only they
        // are compared in full (which reads their matches and companies).
        let mut scores: Vec<Score> = rows.iter().map(|row| row.score).collect();
        let (_, &mut cut, _) = scores.select_nth_unstable_by(n - 1, |a, b| b.total_cmp(a));
        let mut gathered = 0;
        for i in 0..rows.len() {
            if rows[i].score.total_cmp(&cut).is_ge() {
                rows.swap(i, gathered);
                gathered += 1;
            }
        }
        if n < gathered {
            rows[..gathered].select_nth_unstable_by(n - 1, &order);
        }
    }
    rows[..n].sort_unstable_by(&order);
    &rows[..n]
}

/// One row per company and text, on its match in the newest version that
/// has it (so that a title and its clauses are paired within one version,
/// as in the newest-version scope), scored by its best match.
fn merged(matches: &Matches) -> Vec<Row> {
    // The n-th occurrence of a text in one version pairs with the n-th in
    // the others: a text a version repeats stays two rows.
    let mut seen: HashMap<(u32, u64, Day), u32> = HashMap::with_capacity(matches.len());
    let mut at: HashMap<(u32, u64, u32), usize> = HashMap::with_capacity(matches.len());
    let mut rows: Vec<Row> = Vec::new();
    for (index, m) in matches.iter().enumerate() {
        let occurrence = seen.entry((m.company, m.text_key, m.day)).or_insert(0);
        *occurrence += 1;
        let key = (m.company, m.text_key, *occurrence);
        match at.get(&key) {
            Some(&i) => {
                let row = &mut rows[i];
                let best = matches.get(row.best);
                row.score = row.score.max(m.score);
                if (m.day, m.score) > (best.day, best.score) {
                    row.push_other(row.best);
                    row.best = index as u32;
                } else {
                    row.push_other(index as u32);
                }
            }
            None => {
                at.insert(key, rows.len());
                rows.push(Row::of(index, m));
            }
        }
    }
    rows
}

/// Gives each title row the first clause row of its section (which is
/// then dropped as a row of its own).
fn attach_leads(matches: &Matches, rows: &mut Vec<Row>) {
    let best = |row: &Row| matches.get(row.best);
    // Titles match far less often than clauses: only the sections of the
    // titles that matched are tracked.
    let mut first: FastMap<u64, Option<usize>> = rows
        .iter()
        .map(best)
        .filter(|m| m.heading)
        .map(|m| (m.section_key, None))
        .collect();
    if first.is_empty() {
        return;
    }
    for (i, row) in rows.iter().enumerate() {
        let m = best(row);
        if m.heading {
            continue;
        }
        if let Some(lead) = first.get_mut(&m.section_key) {
            if lead.is_none_or(|j| m.ordinal < best(&rows[j]).ordinal) {
                *lead = Some(i);
            }
        }
    }
    let mut taken = vec![false; rows.len()];
    for i in 0..rows.len() {
        let m = best(&rows[i]);
        if !m.heading {
            continue;
        }
        if let Some(&Some(j)) = first.get(&m.section_key) {
            let (lead, score) = (rows[j].best, rows[j].score);
            let lead_others = match rows[j].others() {
                [] => Vec::new(),
                others => [others, &[rows[j].best][..]].concat(),
            };
            let row = &mut rows[i];
            row.lead = Some(lead);
            row.score = row.score.max(score);
            // The clause's versions stay listed, now on the title's row.
            for other in lead_others {
                row.push_other(other);
            }
            taken[j] = true;
        }
    }
    let mut keep = taken.iter().map(|t| !t);
    rows.retain(|_| keep.next().unwrap_or(true));
}

/// A company's rows: how many, and the best.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct CompanyRows<'a> {
    /// Index into [`Matches::companies`].
    pub company: u32,
    pub rows: usize,
    pub best: &'a Row,
}

/// Rows per company: the `n` companies with the most rows (ties: the
/// better best row first), and how many companies have rows.
pub(super) fn per_company<'a>(
    matches: &Matches,
    rows: &'a [Row],
    n: usize,
) -> (Vec<CompanyRows<'a>>, usize) {
    let order = order(matches);
    let mut at: FastMap<u32, usize> = FastMap::default();
    let mut out: Vec<CompanyRows<'a>> = Vec::new();
    for row in rows {
        let company = row.best(matches).company;
        match at.get(&company) {
            Some(&i) => {
                let group = &mut out[i];
                group.rows += 1;
                if order(row, group.best) == Ordering::Less {
                    group.best = row;
                }
            }
            None => {
                at.insert(company, out.len());
                out.push(CompanyRows {
                    company,
                    rows: 1,
                    best: row,
                });
            }
        }
    }
    let total = out.len();
    let most = |a: &CompanyRows<'_>, b: &CompanyRows<'_>| {
        b.rows.cmp(&a.rows).then_with(|| order(a.best, b.best))
    };
    let n = n.min(total);
    if n > 0 && n < total {
        out.select_nth_unstable_by(n - 1, most);
    }
    out.truncate(n);
    out.sort_unstable_by(most);
    (out, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::DocAddress;

    fn m(doc: u32, score: f32, text: u64, section: u32, ordinal: u32, heading: bool) -> Match {
        Match {
            score,
            address: DocAddress::new(0, doc),
            company: 0,
            text_key: text,
            section,
            section_key: section.into(),
            ordinal,
            heading,
            day: "2020-01-01".parse().unwrap(),
        }
    }

    fn matches(list: Vec<Match>) -> Matches {
        Matches::new(["acme"].into_iter().collect(), list)
    }

    #[test]
    fn a_title_row_takes_the_first_matching_clause_of_its_section() {
        let found = matches(vec![
            m(1, 1.0, 10, 7, 4, false),
            m(2, 3.0, 11, 7, 0, true),
            m(3, 2.0, 12, 7, 2, false),
            m(4, 0.5, 13, 8, 9, false),
        ]);
        let mut rows = rows(&found, false);
        let rows = best_first(&found, &mut rows, 10);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].best(&found).address.doc_id, 2);
        assert_eq!(rows[0].lead(&found).map(|l| l.address.doc_id), Some(3));
        let docs: Vec<u32> = rows.iter().map(|r| r.best(&found).address.doc_id).collect();
        assert_eq!(docs, [2, 1, 4]);
    }

    #[test]
    fn repeated_texts_are_one_row_with_every_version() {
        let mut later = m(2, 1.0, 10, 9, 0, false);
        later.day = "2022-05-01".parse().unwrap();
        let found = matches(vec![m(1, 1.0, 10, 7, 0, false), later]);
        let merged = rows(&found, true);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].others(), [0]);
        assert_eq!(
            merged[0].best(&found).address.doc_id,
            2,
            "the newest version's"
        );
        assert_eq!(rows(&found, false).len(), 2);
        let (companies, total) = per_company(&found, &merged, 20);
        assert_eq!((companies[0].rows, total), (1, 1));
    }

    #[test]
    fn a_title_row_keeps_the_versions_of_its_clause() {
        let old = "2019-01-01".parse().unwrap();
        let mut clause_then = m(1, 1.0, 10, 5, 3, false);
        clause_then.day = old;
        let found = matches(vec![
            clause_then,
            m(2, 1.0, 10, 7, 0, false),
            m(3, 2.0, 11, 7, 0, true),
        ]);
        let merged = rows(&found, true);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].lead(&found).map(|l| l.address.doc_id), Some(2));
        let others: Vec<u32> = merged[0]
            .others()
            .iter()
            .map(|&i| found.get(i).address.doc_id)
            .collect();
        assert_eq!(others, [1, 2], "the clause's older and newer versions");
    }
}
