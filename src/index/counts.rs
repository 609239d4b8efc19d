//! Matching clauses counted per company from the `company_key` column,
//! within the search's scope (read from the `validity` column), without
//! scoring and without reading a stored document: what the browser's tree
//! shows next to each company, at any corpus size.

use super::collect::{names_of, ScopeColumns};
use super::query::Query;
use super::schema::Fields;
use super::scope::Scope;
use super::search::SearchOptions;
use super::store::index_error;
use super::translate::to_tantivy;
use crate::error::Result;
use crate::text::MixHasher;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, IndexReader, Score, SegmentOrdinal, SegmentReader};

/// Counts per company (its lower-cased key), in a table with a cheap hash.
pub type CompanyCounts = HashMap<String, usize, BuildHasherDefault<MixHasher>>;

/// Matching clauses per company (its lower-cased key).
pub(crate) fn per_company(
    reader: &IndexReader,
    fields: &Fields,
    query: &Query,
    options: &SearchOptions,
) -> Result<CompanyCounts> {
    let tantivy_query = to_tantivy(fields, query, options)?;
    reader
        .searcher()
        .search(&*tantivy_query, &PerCompanyCount(options.scope))
        .map_err(index_error)
}

struct PerCompanyCount(Scope);

/// Counts by term ordinal of one segment's company column.
struct SegmentCount {
    columns: ScopeColumns,
    counts: Vec<usize>,
}

impl Collector for PerCompanyCount {
    type Fruit = CompanyCounts;
    type Child = SegmentCount;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCount> {
        let columns = ScopeColumns::open(self.0, reader)?;
        let terms = columns.company.as_ref().map_or(0, |c| c.num_terms());
        Ok(SegmentCount {
            columns,
            counts: vec![0; terms],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<CompanyCounts>) -> tantivy::Result<Self::Fruit> {
        let mut out = CompanyCounts::default();
        for fruit in fruits {
            for (key, count) in fruit {
                *out.entry(key).or_insert(0) += count;
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentCount {
    type Fruit = CompanyCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        if self.columns.admitted(doc).is_none() {
            return;
        }
        let ord = self
            .columns
            .company
            .as_ref()
            .and_then(|c| c.ords().first(doc));
        if let Some(count) = ord.and_then(|ord| self.counts.get_mut(ord as usize)) {
            *count += 1;
        }
    }

    fn harvest(self) -> CompanyCounts {
        let Some(companies) = self.columns.company else {
            return CompanyCounts::default();
        };
        let ords: Vec<u64> = (0..self.counts.len() as u64)
            .filter(|&ord| self.counts[ord as usize] > 0)
            .collect();
        let names = names_of(&companies, &ords);
        names
            .iter()
            .zip(&ords)
            .filter(|(name, _)| !name.is_empty())
            .map(|(name, &ord)| (name.to_string(), self.counts[ord as usize]))
            .collect()
    }
}
