//! Collects every hit of a query within a [`Scope`] as a compact match
//! read from the index's columns (company, validity, text and section
//! keys, position, kind), without reading a stored document. Searches and
//! per-company counts are both made from these matches (see [`super::rows`]).
//! [`ScopeColumns`] places a document in a scope and a company for every
//! collector over a scope.

use super::documents::HEADING;
use super::scope::{self, Day, Scope};
use crate::text::{fnv, MixHasher, FNV_OFFSET};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
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
    /// Read in all-versions mode only (0 otherwise).
    pub text_key: u64,
    /// The section's position in its policy plus one (0: the preamble).
    pub section: u64,
    /// Names the section within the index: company, version and section.
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

/// What one segment found: its matches, and the companies they name with
/// the hash of each name (which the segments are merged by).
pub(super) struct SegmentMatches {
    companies: Vec<(u64, String)>,
    matches: Vec<Match>,
}

/// The collector of every match in a scope.
pub(super) struct InScope(pub Scope);

/// The columns of one segment that place a document in a scope and name
/// its company: what every collector over a scope reads first.
pub(super) struct ScopeColumns {
    scope: Scope,
    validity: Column<u64>,
    /// The company keys (`None` in a segment without documents).
    pub company: Option<StrColumn>,
}

impl ScopeColumns {
    /// The columns of `reader`'s segment, for `scope`.
    pub(super) fn open(scope: Scope, reader: &SegmentReader) -> tantivy::Result<ScopeColumns> {
        let fast = reader.fast_fields();
        Ok(ScopeColumns {
            scope,
            validity: fast.u64("validity")?,
            company: fast.str("company_key")?,
        })
    }

    /// The validity of `doc`, when the scope admits it.
    pub(super) fn admitted(&self, doc: DocId) -> Option<u64> {
        let validity = self.validity.first(doc).unwrap_or_default();
        self.scope.admits(validity).then_some(validity)
    }
}

/// The columns of one segment that a match is read from.
pub(super) struct SegmentInScope {
    columns: ScopeColumns,
    segment: SegmentOrdinal,
    /// Only when versions are merged.
    text_key: Option<Column<u64>>,
    section: Column<u64>,
    ordinal: Column<u64>,
    kind: Option<StrColumn>,
    heading_ord: Option<u64>,
    /// Company column ordinal → index into `ords` plus one (0: not met yet).
    company_index: Vec<u32>,
    /// The company column ordinals met, in the order first met; their
    /// names are read in one pass over the dictionary at the end.
    ords: Vec<u64>,
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
            columns: ScopeColumns::open(self.0, reader)?,
            segment,
            text_key: match self.0.merges_versions() {
                true => Some(fast.u64("text_key")?),
                false => None,
            },
            section: fast.u64("section")?,
            ordinal: fast.u64("ordinal")?,
            kind,
            heading_ord,
            company_index: Vec::new(),
            ords: Vec::new(),
            matches: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<SegmentMatches>) -> tantivy::Result<Matches> {
        let mut out = Matches {
            companies: Vec::new(),
            matches: Vec::with_capacity(fruits.iter().map(|f| f.matches.len()).sum()),
        };
        let mut index: HashMap<u64, u32, BuildHasherDefault<MixHasher>> = HashMap::default();
        for fruit in fruits {
            let global: Vec<u32> = fruit
                .companies
                .into_iter()
                .map(|(key, name)| {
                    *index.entry(key).or_insert_with(|| {
                        out.companies.push(name);
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
    /// The index of the company of `doc` among those met in this segment.
    fn company_of(&mut self, doc: DocId) -> Option<u32> {
        let column = self.columns.company.as_ref()?;
        let ord = column.ords().first(doc)?;
        if self.company_index.is_empty() {
            self.company_index = vec![0; column.num_terms()];
        }
        let slot = self.company_index.get_mut(ord as usize)?;
        if *slot == 0 {
            self.ords.push(ord);
            *slot = self.ords.len() as u32;
        }
        Some(*slot - 1)
    }

    /// The names of the companies met, in the order of `ords`.
    fn company_names(&self) -> Vec<String> {
        match &self.columns.company {
            Some(column) => names_of(column, &self.ords),
            None => Vec::new(),
        }
    }
}

/// The terms of a string column's ordinals `ords` (in any order), in that
/// order, read in one pass over the column's dictionary: reading them one
/// by one would decompress a dictionary block per term. Empty names when
/// the dictionary cannot be read.
pub(super) fn names_of(column: &StrColumn, ords: &[u64]) -> Vec<String> {
    let mut sorted: Vec<(u64, usize)> = ords.iter().copied().zip(0..).collect();
    sorted.sort_unstable();
    let in_order: Vec<u64> = sorted.iter().map(|(ord, _)| *ord).collect();
    let mut names = vec![String::new(); ords.len()];
    let mut at = sorted.iter().map(|(_, i)| *i);
    let read = column
        .dictionary()
        .sorted_ords_to_term_cb(&in_order, |bytes| {
            if let Some(i) = at.next() {
                names[i] = String::from_utf8_lossy(bytes).into_owned();
            }
        });
    if read.is_err() {
        names.iter_mut().for_each(String::clear);
    }
    names
}

impl SegmentCollector for SegmentInScope {
    type Fruit = SegmentMatches;

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some(validity) = self.columns.admitted(doc) else {
            return;
        };
        let Some(company) = self.company_of(doc) else {
            return;
        };
        let section = self.section.first(doc).unwrap_or_default();
        let heading = self
            .kind
            .as_ref()
            .and_then(|k| k.ords().first(doc))
            .is_some_and(|ord| Some(ord) == self.heading_ord);
        self.matches.push(Match {
            score,
            address: DocAddress::new(self.segment, doc),
            company,
            text_key: self
                .text_key
                .as_ref()
                .and_then(|c| c.first(doc))
                .unwrap_or_default(),
            section,
            // Completed with the company's name when harvesting.
            section_key: fnv(
                fnv(FNV_OFFSET, &validity.to_le_bytes()),
                &section.to_le_bytes(),
            ),
            ordinal: self.ordinal.first(doc).unwrap_or_default(),
            heading,
            day: scope::start(validity),
        });
    }

    fn harvest(mut self) -> SegmentMatches {
        let companies: Vec<(u64, String)> = self
            .company_names()
            .into_iter()
            .map(|name| (fnv(FNV_OFFSET, name.as_bytes()), name))
            .collect();
        for m in &mut self.matches {
            m.section_key = fnv(
                companies[m.company as usize].0,
                &m.section_key.to_le_bytes(),
            );
        }
        SegmentMatches {
            companies,
            matches: self.matches,
        }
    }
}
