//! Collects every hit of a query within a [`Scope`] as a compact match
//! read from the index's columns (company, validity, text and section
//! keys, position, kind), without reading a stored document. Searches and
//! per-company counts are both made from these matches (see [`super::rows`]).

use super::documents::HEADING;
use super::scope::{self, Day, Scope};
use std::collections::HashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// One matching document, as its columns describe it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Match {
    pub score: Score,
    pub address: DocAddress,
    /// Index into [`Matches::companies`].
    pub company: u32,
    pub text_key: u64,
    pub section_key: u64,
    /// Position of a clause in its policy (0 for a heading).
    pub ordinal: u64,
    /// A section title's document rather than a clause's.
    pub heading: bool,
    /// The first day of the document's version.
    pub day: Day,
}

/// Every match of a query in scope, with the companies they name.
#[derive(Debug, Default)]
pub(super) struct Matches {
    /// Company keys (lower-cased names), each once.
    pub companies: Vec<String>,
    pub matches: Vec<Match>,
}

/// The collector of every match in a scope.
pub(super) struct InScope(pub Scope);

/// The columns of one segment that a match is read from.
pub(super) struct SegmentInScope {
    scope: Scope,
    segment: SegmentOrdinal,
    validity: Column<u64>,
    text_key: Column<u64>,
    section_key: Column<u64>,
    ordinal: Column<u64>,
    kind: Option<StrColumn>,
    heading_ord: Option<u64>,
    company: Option<StrColumn>,
    /// Company column ordinal → index into `companies`.
    company_index: HashMap<u64, u32>,
    companies: Vec<String>,
    matches: Vec<Match>,
}

impl Collector for InScope {
    type Fruit = Matches;
    type Child = SegmentInScope;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentInScope> {
        let fast = reader.fast_fields();
        let kind = fast.str("kind")?;
        let heading_ord = match &kind {
            Some(k) => k.dictionary().term_ord(HEADING)?,
            None => None,
        };
        Ok(SegmentInScope {
            scope: self.0,
            segment,
            validity: fast.u64("validity")?,
            text_key: fast.u64("text_key")?,
            section_key: fast.u64("section_key")?,
            ordinal: fast.u64("ordinal")?,
            kind,
            heading_ord,
            company: fast.str("company_key")?,
            company_index: HashMap::new(),
            companies: Vec::new(),
            matches: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Matches>) -> tantivy::Result<Matches> {
        let mut out = Matches::default();
        let mut index: HashMap<String, u32> = HashMap::new();
        for fruit in fruits {
            let global: Vec<u32> = fruit
                .companies
                .into_iter()
                .map(|name| {
                    *index.entry(name).or_insert_with_key(|name| {
                        out.companies.push(name.clone());
                        (out.companies.len() - 1) as u32
                    })
                })
                .collect();
            out.matches.extend(fruit.matches.into_iter().map(|m| Match {
                company: global[m.company as usize],
                ..m
            }));
        }
        Ok(out)
    }
}

impl SegmentInScope {
    /// The index of the company of `doc` in this segment's list.
    fn company_of(&mut self, doc: DocId) -> Option<u32> {
        let column = self.company.as_ref()?;
        let ord = column.ords().first(doc)?;
        if let Some(&i) = self.company_index.get(&ord) {
            return Some(i);
        }
        let mut name = String::new();
        if !column.ord_to_str(ord, &mut name).unwrap_or(false) {
            return None;
        }
        self.companies.push(name);
        let i = (self.companies.len() - 1) as u32;
        self.company_index.insert(ord, i);
        Some(i)
    }
}

impl SegmentCollector for SegmentInScope {
    type Fruit = Matches;

    fn collect(&mut self, doc: DocId, score: Score) {
        let validity = self.validity.first(doc).unwrap_or_default();
        if !self.scope.admits(validity) {
            return;
        }
        let Some(company) = self.company_of(doc) else {
            return;
        };
        let heading = self
            .kind
            .as_ref()
            .and_then(|k| k.ords().first(doc))
            .is_some_and(|ord| Some(ord) == self.heading_ord);
        self.matches.push(Match {
            score,
            address: DocAddress::new(self.segment, doc),
            company,
            text_key: self.text_key.first(doc).unwrap_or_default(),
            section_key: self.section_key.first(doc).unwrap_or_default(),
            ordinal: self.ordinal.first(doc).unwrap_or_default(),
            heading,
            day: scope::start(validity),
        });
    }

    fn harvest(self) -> Matches {
        Matches {
            companies: self.companies,
            matches: self.matches,
        }
    }
}
