//! How many companies say something, step by step through time: for each
//! date step, the companies with a version in force that day (from the
//! catalog's dates) and how many of them match each query (from the
//! index's columns, one count per query and step, scoped to the versions
//! in force that day). No stored document is read.
//!
//! A company counts from its first dated version on; undated policies are
//! never in force on a date and are only counted, for a footer.

use crate::error::{Error, Result};
use crate::index::catalog::Catalog;
use crate::index::query::Query;
use crate::index::{Day, Scope, SearchIndex, SearchOptions};
use std::fmt;
use std::str::FromStr;

/// How far apart the steps of a trend are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Every {
    /// One step per year, on December 31.
    #[default]
    Year,
    /// One step per quarter, on its last day.
    Quarter,
    /// One step per month, on its last day.
    Month,
}

/// Why a step size was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a step: use year, quarter or month")]
pub struct BadEvery(String);

impl FromStr for Every {
    type Err = BadEvery;

    fn from_str(text: &str) -> std::result::Result<Every, BadEvery> {
        match text.trim().to_ascii_lowercase().as_str() {
            "year" => Ok(Every::Year),
            "quarter" => Ok(Every::Quarter),
            "month" => Ok(Every::Month),
            _ => Err(BadEvery(text.to_string())),
        }
    }
}

impl fmt::Display for Every {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Every::Year => "year",
            Every::Quarter => "quarter",
            Every::Month => "month",
        })
    }
}

/// One date of a trend: its label (`2019`, `2019-Q2`, `2019-04`) and the
/// day it is measured on (the period's last day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub label: String,
    pub day: Day,
}

/// The steps from the start of year `from` to the end of year `to`.
pub fn steps(from: u32, to: u32, every: Every) -> Result<Vec<Step>> {
    if from > to {
        return Err(Error::Usage(format!(
            "--from {from} is after --to {to}: the first year must not be after the last"
        )));
    }
    if !(1..=9999).contains(&from) || !(1..=9999).contains(&to) {
        return Err(Error::Usage(format!(
            "years must lie between 1 and 9999 (got {from} to {to})"
        )));
    }
    let mut out = Vec::new();
    for year in from..=to {
        let ends: Vec<(String, u32)> = match every {
            Every::Year => vec![(year.to_string(), 12)],
            Every::Quarter => (1..=4).map(|q| (format!("{year}-Q{q}"), q * 3)).collect(),
            Every::Month => (1..=12).map(|m| (format!("{year}-{m:02}"), m)).collect(),
        };
        for (label, month) in ends {
            if let Some(day) = Day::month_end(year, month) {
                out.push(Step { label, day });
            }
        }
    }
    Ok(out)
}

/// When each company of the corpus starts to be in force, from the
/// catalog's version dates.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// Each company with a dated version (as written, lower-cased key,
    /// first dated day), in name order.
    companies: Vec<(String, String, Day)>,
    /// Policies without a date.
    undated: usize,
    /// Days of the oldest and the newest dated version.
    span: Option<(Day, Day)>,
}

impl Timeline {
    /// The timeline of the catalog's companies.
    pub fn of(catalog: &Catalog) -> Timeline {
        let mut timeline = Timeline::default();
        for company in catalog.companies() {
            let days: Vec<Day> = company
                .versions
                .iter()
                .map(|v| Day::of_date(v.policy.date.as_deref()))
                .collect();
            timeline.undated += days.iter().filter(|d| d.date().is_none()).count();
            let Some(first) = days.iter().copied().filter(|d| d.date().is_some()).min() else {
                continue;
            };
            let last = days.iter().copied().max().unwrap_or(first);
            timeline.span = Some(match timeline.span {
                Some((a, b)) => (a.min(first), b.max(last)),
                None => (first, last),
            });
            timeline
                .companies
                .push((company.name.to_string(), company.name.to_lowercase(), first));
        }
        timeline
    }

    /// Number of undated policies, left out of every step.
    pub fn undated(&self) -> usize {
        self.undated
    }

    /// Years of the oldest and the newest dated version, if any.
    pub fn years(&self) -> Option<(u32, u32)> {
        self.span.map(|(a, b)| (a.year(), b.year()))
    }

    /// Companies (as written, lower-cased key) with a version in force on `day`.
    pub fn in_force(&self, day: Day) -> impl Iterator<Item = (&str, &str)> {
        self.companies
            .iter()
            .filter(move |(_, _, first)| *first <= day)
            .map(|(name, key, _)| (name.as_str(), key.as_str()))
    }
}

/// The numbers of one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    pub step: Step,
    /// Companies with a version in force on the step's day.
    pub companies: usize,
    /// Of those, how many match each query (in the queries' order).
    pub matching: Vec<usize>,
}

impl Point {
    /// The share of the companies in force that match query `q`, `None`
    /// when no company is in force.
    pub fn share(&self, q: usize) -> Option<f64> {
        let matching = *self.matching.get(q)?;
        (self.companies > 0).then(|| matching as f64 / self.companies as f64)
    }
}

/// The trend of each query over `steps`: one column count per query and
/// step, in the versions in force on the step's day.
pub fn trend(
    index: &SearchIndex,
    timeline: &Timeline,
    queries: &[Query],
    steps: Vec<Step>,
) -> Result<Vec<Point>> {
    steps
        .into_iter()
        .map(|step| {
            let matching = queries
                .iter()
                .map(|q| Ok(matching_at(index, q, step.day)?.len()))
                .collect::<Result<Vec<usize>>>()?;
            Ok(Point {
                companies: timeline.in_force(step.day).count(),
                matching,
                step,
            })
        })
        .collect()
}

/// The companies in force on a day, split by whether they match a query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Split {
    /// Companies whose version in force matches, in name order.
    pub matching: Vec<String>,
    /// Companies whose version in force does not match, in name order.
    pub not_matching: Vec<String>,
}

/// Which companies in force on `day` match `query` and which do not.
pub fn split(index: &SearchIndex, timeline: &Timeline, query: &Query, day: Day) -> Result<Split> {
    let found = matching_at(index, query, day)?;
    let mut out = Split::default();
    for (name, key) in timeline.in_force(day) {
        if found.contains_key(key) {
            out.matching.push(name.to_string());
        } else {
            out.not_matching.push(name.to_string());
        }
    }
    Ok(out)
}

/// Matching clauses per company (lower-cased) in the versions in force on `day`.
fn matching_at(
    index: &SearchIndex,
    query: &Query,
    day: Day,
) -> Result<crate::index::CompanyCounts> {
    let options = SearchOptions {
        scope: Scope::AsOf(day),
        ..SearchOptions::default()
    };
    let mut counts = index.company_counts(query, &options)?;
    counts.retain(|_, n| *n > 0);
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_end_each_period_and_refuse_a_reversed_range() {
        let labels = |every| -> Vec<String> {
            steps(2019, 2020, every)
                .unwrap()
                .iter()
                .map(|s| format!("{} {}", s.label, s.day))
                .collect()
        };
        assert_eq!(labels(Every::Year), ["2019 2019-12-31", "2020 2020-12-31"]);
        assert_eq!(labels(Every::Quarter)[0], "2019-Q1 2019-03-31");
        assert_eq!(labels(Every::Quarter).len(), 8);
        assert_eq!(labels(Every::Month)[13], "2020-02 2020-02-29");
        assert!(matches!(
            steps(2020, 2010, Every::Year),
            Err(Error::Usage(_))
        ));
        assert_eq!("Quarter".parse::<Every>(), Ok(Every::Quarter));
        assert!("week".parse::<Every>().is_err());
    }
}
