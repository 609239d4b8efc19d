//! One topic across companies: the clauses of each named company's policy
//! that match a data-practice category, a query, or both, in document
//! order. Used by `clause compare` and the browser's compare view.
//!
//! Invariant: a column's matches are clause indexes of its policy, sorted
//! and distinct, each with the byte ranges of its matched words.

use crate::categories::Category;
use crate::categories::CategorySet;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::index::{query, Day, Scope, SearchIndex, SearchOptions};
use crate::text::ByteRange;
use std::collections::HashMap;

/// Fewest companies a comparison takes.
pub const MIN_COMPANIES: usize = 2;
/// Most companies a comparison takes.
pub const MAX_COMPANIES: usize = 8;

/// What the companies are compared on: a category, a query, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Topic {
    /// Clauses must have this category (`None`: any category).
    pub category: Option<Category>,
    /// Clauses must match this query, in the query language (`None`: no
    /// query).
    pub query: Option<String>,
}

impl Topic {
    /// A short description: `retention`, `"cookies"` or `retention + "cookies"`.
    pub fn describe(&self) -> String {
        let query = self.query.as_ref().map(|q| format!("\"{q}\""));
        match (self.category, query) {
            (Some(c), Some(q)) => format!("{c} + {q}"),
            (Some(c), None) => c.to_string(),
            (None, Some(q)) => q,
            (None, None) => String::new(),
        }
    }
}

/// Refuses a comparison of fewer than two or more than eight companies.
pub fn check_count(companies: usize) -> Result<()> {
    if (MIN_COMPANIES..=MAX_COMPANIES).contains(&companies) {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "compare takes {MIN_COMPANIES} to {MAX_COMPANIES} companies, got {companies}"
    )))
}

/// A matching clause: its index in the policy and the matched words'
/// byte ranges in its text (empty when only the category matched).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Index of the clause in its policy's `clauses`.
    pub clause: usize,
    /// Matched words in the clause's text.
    pub highlights: Vec<ByteRange>,
}

/// One company's side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Index of the compared policy in the corpus.
    pub policy: usize,
    /// The clauses matching the topic, in document order.
    pub matches: Vec<Match>,
}

/// Compares `companies` (each a company, meaning its latest version, or
/// `company@date`) on `topic`. A query needs the corpus's `index`; `tags`
/// gives the categories of a policy's clauses by policy index.
pub fn compare(
    corpus: &Corpus,
    companies: &[String],
    topic: &Topic,
    index: Option<&SearchIndex>,
    tags: &dyn Fn(usize) -> Vec<CategorySet>,
) -> Result<Vec<Column>> {
    check_count(companies.len())?;
    if topic.category.is_none() && topic.query.is_none() {
        return Err(Error::Usage(
            "compare needs a category, a query or both".to_string(),
        ));
    }
    let parsed = match &topic.query {
        Some(q) => Some(query::parse(q).map_err(Error::Query)?),
        None => None,
    };
    let policies = companies
        .iter()
        .map(|name| policy_index(corpus, name))
        .collect::<Result<Vec<_>>>()?;
    policies
        .into_iter()
        .map(|p| {
            let mut matches = match &parsed {
                Some(q) => query_matches(corpus, p, q, index)?,
                None => (0..corpus.policy(p).clauses.len())
                    .map(|clause| Match {
                        clause,
                        highlights: Vec::new(),
                    })
                    .collect(),
            };
            if let Some(category) = topic.category {
                let sets = tags(p);
                matches.retain(|m| sets.get(m.clause).is_some_and(|s| s.contains(category)));
            }
            Ok(Column { policy: p, matches })
        })
        .collect()
}

/// The corpus index of the policy a reference names.
fn policy_index(corpus: &Corpus, reference: &str) -> Result<usize> {
    corpus.resolve_index(reference)
}

/// The clauses of policy `p` the query matches, in document order.
fn query_matches(
    corpus: &Corpus,
    p: usize,
    query: &query::Query,
    index: Option<&SearchIndex>,
) -> Result<Vec<Match>> {
    let index = index.ok_or_else(|| Error::Index("the search index is not ready yet".into()))?;
    let policy = corpus.policy(p);
    let options = SearchOptions {
        scope: Scope::Version(Day::of_date(policy.meta.date.as_deref())),
        limit: None,
        companies: vec![policy.meta.company.clone()],
        categories: Vec::new(),
    };
    let by_id: HashMap<String, usize> = policy
        .clauses
        .iter()
        .enumerate()
        .map(|(i, c)| (policy.clause_id(c), i))
        .collect();
    let mut matches: Vec<Match> = index
        .run(query, &options)?
        .hits
        .into_iter()
        .filter(|hit| hit.date == policy.meta.date)
        .filter_map(|hit| {
            // A matching title's row carries its first matching clause.
            let (id, highlights) = match hit.clause {
                Some(c) if c.matches => (c.id, c.highlights),
                Some(_) => return None,
                None if hit.kind == "clause" => (hit.id, hit.highlights),
                None => return None,
            };
            Some(Match {
                clause: *by_id.get(&id)?,
                highlights,
            })
        })
        .collect();
    matches.sort_by_key(|m| m.clause);
    matches.dedup_by_key(|m| m.clause);
    Ok(matches)
}
