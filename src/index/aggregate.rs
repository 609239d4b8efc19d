//! Results per company, counted from the index's columns: how many rows
//! (see [`super::rows`]) each company has in scope, and its best one. Only
//! the best rows of the companies returned are read from the stored
//! documents.

use super::query::Query;
use super::rows;
use super::schema::Fields;
use super::search::{highlighters, matching_rows, row_hit, Hit, SearchOptions};
use crate::error::Result;
use tantivy::IndexReader;

/// One company's results for a query.
#[derive(Debug, Clone)]
pub struct CompanyHits {
    /// Company as written.
    pub company: String,
    /// Matching clauses and section titles, as a search lists them.
    pub hits: usize,
    /// The best one (for a section title, its first matching clause is
    /// in [`Hit::clause`]).
    pub best: Hit,
}

/// Results per company and how many there are in all.
#[derive(Debug, Clone, Default)]
pub struct ByCompany {
    /// Most hits first (then the better best hit), at most the options' limit.
    pub companies: Vec<CompanyHits>,
    /// Companies with a hit.
    pub total_companies: usize,
    /// Hits in all companies.
    pub total_hits: usize,
}

/// Hits per company, most first (then the better best hit).
pub(crate) fn by_company(
    reader: &IndexReader,
    fields: &Fields,
    query: &Query,
    options: &SearchOptions,
) -> Result<ByCompany> {
    let searcher = reader.searcher();
    let scoped = SearchOptions {
        limit: None,
        ..options.clone()
    };
    let (found, rows) = matching_rows(&searcher, fields, query, &scoped)?;
    let (groups, total_companies) =
        rows::per_company(&found, &rows, options.limit.unwrap_or(usize::MAX));
    let matchers = highlighters(query);
    let companies = groups
        .iter()
        .map(|group| {
            let best = row_hit(
                &searcher,
                fields,
                &found,
                group.best,
                &matchers,
                options.scope,
            )?;
            Ok(CompanyHits {
                company: best.company.clone(),
                hits: group.rows,
                best,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ByCompany {
        companies,
        total_companies,
        total_hits: rows.len(),
    })
}
