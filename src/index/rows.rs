//! Turns the matches of a query into result rows, the unit that searches
//! list and per-company counts count:
//!
//! - in all-versions mode, one text of a company (clause or title) is one
//!   row however many versions repeat it, with the days of those versions;
//! - a section title that matches is one row with the first clause of its
//!   section that matches too, which then has no row of its own.
//!
//! Rows are ordered best first, ties in a fixed order.

use super::collect::{Match, Matches};
use super::scope::Day;
use std::collections::HashMap;
use tantivy::Score;

/// One result: a clause, or a section title with its first matching clause.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Row {
    /// The clause, or the section title, that matched (when versions are
    /// merged: its match in the newest of them).
    pub best: Match,
    /// For a section title: the first clause of its section that matches.
    pub lead: Option<Match>,
    /// The row's score: the best of `best` and `lead`.
    pub score: Score,
    /// The first days of the versions the text appears in (for a title
    /// with its clause: the title or the clause), oldest first.
    pub days: Vec<Day>,
}

/// The rows of `matches`, best first.
pub(super) fn rows(matches: &Matches, merge_versions: bool) -> Vec<Row> {
    let mut rows = if merge_versions {
        merged(&matches.matches)
    } else {
        matches
            .matches
            .iter()
            .map(|m| Row {
                best: *m,
                lead: None,
                score: m.score,
                days: vec![m.day],
            })
            .collect()
    };
    attach_leads(&mut rows);
    let company = |r: &Row| matches.companies[r.best.company as usize].as_str();
    rows.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| company(a).cmp(company(b)))
            .then_with(|| b.best.day.cmp(&a.best.day))
            .then_with(|| a.best.heading.cmp(&b.best.heading).reverse())
            .then_with(|| a.best.ordinal.cmp(&b.best.ordinal))
            .then_with(|| a.best.section_key.cmp(&b.best.section_key))
    });
    rows
}

/// One row per company and text, on its match in the newest version that
/// has it (so that a title and its clauses are paired within one version,
/// as in the newest-version scope), scored by its best match.
fn merged(matches: &[Match]) -> Vec<Row> {
    // The n-th occurrence of a text in one version pairs with the n-th in
    // the others: a text a version repeats stays two rows.
    let mut seen: HashMap<(u32, u64, Day), u32> = HashMap::with_capacity(matches.len());
    let mut at: HashMap<(u32, u64, u32), usize> = HashMap::with_capacity(matches.len());
    let mut rows: Vec<Row> = Vec::new();
    for m in matches {
        let occurrence = seen.entry((m.company, m.text_key, m.day)).or_insert(0);
        *occurrence += 1;
        let key = (m.company, m.text_key, *occurrence);
        match at.get(&key) {
            Some(&i) => {
                let row = &mut rows[i];
                row.days.push(m.day);
                row.score = row.score.max(m.score);
                if (m.day, m.score) > (row.best.day, row.best.score) {
                    row.best = *m;
                }
            }
            None => {
                at.insert(key, rows.len());
                rows.push(Row {
                    best: *m,
                    lead: None,
                    score: m.score,
                    days: vec![m.day],
                });
            }
        }
    }
    for row in &mut rows {
        row.days.sort_unstable();
        row.days.dedup();
    }
    rows
}

/// Gives each title row the first clause row of its section (which is
/// then dropped as a row of its own).
fn attach_leads(rows: &mut Vec<Row>) {
    let mut first: HashMap<u64, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        if row.best.heading {
            continue;
        }
        first
            .entry(row.best.section_key)
            .and_modify(|j| {
                if row.best.ordinal < rows[*j].best.ordinal {
                    *j = i;
                }
            })
            .or_insert(i);
    }
    let mut taken = vec![false; rows.len()];
    for i in 0..rows.len() {
        if !rows[i].best.heading {
            continue;
        }
        if let Some(&j) = first.get(&rows[i].best.section_key) {
            let (lead, score, days) = (rows[j].best, rows[j].score, rows[j].days.clone());
            let row = &mut rows[i];
            row.lead = Some(lead);
            row.score = row.score.max(score);
            // The clause's versions stay listed, now on the title's row.
            row.days.extend(days);
            row.days.sort_unstable();
            row.days.dedup();
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

/// Rows per company, most rows first (then by company key).
pub(super) fn per_company<'a>(matches: &Matches, rows: &'a [Row]) -> Vec<CompanyRows<'a>> {
    let mut at: HashMap<u32, usize> = HashMap::new();
    let mut out: Vec<CompanyRows<'a>> = Vec::new();
    // Rows come best first, so a company's first row is its best.
    for row in rows {
        match at.get(&row.best.company) {
            Some(&i) => out[i].rows += 1,
            None => {
                at.insert(row.best.company, out.len());
                out.push(CompanyRows {
                    company: row.best.company,
                    rows: 1,
                    best: row,
                });
            }
        }
    }
    let name = |c: &CompanyRows<'_>| matches.companies[c.company as usize].as_str();
    out.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| name(a).cmp(name(b))));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::DocAddress;

    fn m(doc: u32, score: f32, text: u64, section: u64, ordinal: u64, heading: bool) -> Match {
        Match {
            score,
            address: DocAddress::new(0, doc),
            company: 0,
            text_key: text,
            section_key: section,
            ordinal,
            heading,
            day: "2020-01-01".parse().unwrap(),
        }
    }

    fn matches(list: Vec<Match>) -> Matches {
        Matches {
            companies: vec!["acme".into()],
            matches: list,
        }
    }

    #[test]
    fn a_title_row_takes_the_first_matching_clause_of_its_section() {
        let found = matches(vec![
            m(1, 1.0, 10, 7, 4, false),
            m(2, 3.0, 11, 7, 0, true),
            m(3, 2.0, 12, 7, 2, false),
            m(4, 0.5, 13, 8, 9, false),
        ]);
        let rows = rows(&found, false);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].best.address.doc_id, 2);
        assert_eq!(rows[0].lead.map(|l| l.address.doc_id), Some(3));
        let docs: Vec<u32> = rows.iter().map(|r| r.best.address.doc_id).collect();
        assert_eq!(docs, [2, 1, 4]);
    }

    #[test]
    fn repeated_texts_are_one_row_with_every_version() {
        let mut later = m(2, 1.0, 10, 9, 0, false);
        later.day = "2022-05-01".parse().unwrap();
        let found = matches(vec![m(1, 1.0, 10, 7, 0, false), later]);
        let merged = rows(&found, true);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].days.len(), 2);
        assert_eq!(merged[0].best.address.doc_id, 2, "the newest version's");
        assert_eq!(rows(&found, false).len(), 2);
        let companies = per_company(&found, &merged);
        assert_eq!(companies[0].rows, 1);
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
        assert_eq!(merged[0].lead.map(|l| l.address.doc_id), Some(2));
        assert_eq!(merged[0].days.len(), 2);
        assert_eq!(merged[0].days[0], old);
    }
}
