//! Aggregations over every hit of a query, computed from the index's
//! columns without fetching the hits: how many clauses of each company
//! match, and the best-scoring one.

use super::query::Query;
use super::schema::Fields;
use super::search::{to_tantivy, SearchOptions};
use super::store::index_error;
use crate::error::Result;
use std::collections::HashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::schema::Value;
use tantivy::{
    DocAddress, DocId, IndexReader, Score, SegmentOrdinal, SegmentReader, TantivyDocument,
};

/// One company's hits for a query.
#[derive(Debug, Clone, PartialEq)]
pub struct CompanyHits {
    /// Company as written.
    pub company: String,
    /// Matching clauses (and section titles).
    pub hits: usize,
    /// The best-scoring hit: its clause id, date and section titles.
    pub best_id: String,
    pub best_date: Option<String>,
    pub best_section: Vec<String>,
}

/// Hits per company, most first (then by name).
pub fn by_company(
    reader: &IndexReader,
    fields: &Fields,
    query: &Query,
    options: &SearchOptions,
) -> Result<Vec<CompanyHits>> {
    let searcher = reader.searcher();
    let tantivy_query = to_tantivy(fields, query, options)?;
    let groups = searcher
        .search(&*tantivy_query, &PerCompany)
        .map_err(index_error)?;
    let mut rows = Vec::with_capacity(groups.len());
    for group in groups.into_values() {
        let doc: TantivyDocument = searcher.doc(group.best).map_err(index_error)?;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let date = text(fields.date);
        rows.push(CompanyHits {
            company: text(fields.company),
            hits: group.count,
            best_id: text(fields.id),
            best_date: (date != "nodate").then_some(date),
            best_section: doc
                .get_all(fields.section_title)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
        });
    }
    rows.sort_by(|a, b| {
        b.hits
            .cmp(&a.hits)
            .then_with(|| a.company.to_lowercase().cmp(&b.company.to_lowercase()))
    });
    Ok(rows)
}

/// A company's count and best hit so far.
#[derive(Debug, Clone, Copy)]
struct Group {
    count: usize,
    score: Score,
    best: DocAddress,
}

impl Group {
    fn merge(&mut self, other: Group) {
        self.count += other.count;
        if other.score > self.score {
            self.score = other.score;
            self.best = other.best;
        }
    }
}

/// Counts hits per `company_key` with the best hit of each.
struct PerCompany;

struct SegmentPerCompany {
    segment: SegmentOrdinal,
    companies: Option<StrColumn>,
    groups: HashMap<u64, Group>,
}

impl Collector for PerCompany {
    type Fruit = HashMap<String, Group>;
    type Child = SegmentPerCompany;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentPerCompany> {
        Ok(SegmentPerCompany {
            segment,
            companies: reader.fast_fields().str("company_key")?,
            groups: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<String, Group>>) -> tantivy::Result<Self::Fruit> {
        let mut out: HashMap<String, Group> = HashMap::new();
        for fruit in fruits {
            for (key, group) in fruit {
                match out.get_mut(&key) {
                    Some(existing) => existing.merge(group),
                    None => {
                        out.insert(key, group);
                    }
                }
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentPerCompany {
    type Fruit = HashMap<String, Group>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some(ord) = self.companies.as_ref().and_then(|c| c.ords().first(doc)) else {
            return;
        };
        let hit = Group {
            count: 1,
            score,
            best: DocAddress::new(self.segment, doc),
        };
        self.groups
            .entry(ord)
            .and_modify(|g| g.merge(hit))
            .or_insert(hit);
    }

    fn harvest(self) -> HashMap<String, Group> {
        let Some(companies) = self.companies else {
            return HashMap::new();
        };
        let mut out = HashMap::with_capacity(self.groups.len());
        for (ord, group) in self.groups {
            let mut key = String::new();
            if companies.ord_to_str(ord, &mut key).unwrap_or(false) {
                out.insert(key, group);
            }
        }
        out
    }
}
