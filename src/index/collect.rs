//! Collects every hit of a query within a [`Scope`] as a compact match
//! read from the index's columns (company, validity, text and section
//! keys, position, kind), without reading a stored document. Searches and
//! per-company counts are both made from these matches (see [`super::rows`]).
//! [`ScopeColumns`] places a document in a scope and a company for every
//! collector over a scope.

use super::schema::{Place, PLACE};
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
    /// The section's position in its policy plus one (0: the preamble).
    pub section: u32,
    /// Position of a clause in its policy (0 for a heading).
    pub ordinal: u32,
    /// The first day of the document's version.
    pub day: Day,
    /// A section title's document rather than a clause's.
    pub heading: bool,
    /// Read in all-versions mode only (0 otherwise).
    pub text_key: u64,
    /// Names the section within the index: company, version and section.
    pub section_key: u64,
}

/// Every match of a query in scope, with the companies they name,
/// numbered in segment order. Each segment's matches stay where its
/// collector put them: a search with 100,000 matches does not copy them.
#[derive(Debug, Default)]
pub(super) struct Matches {
    /// Company keys (lower-cased names), each once.
    pub companies: Names,
    /// The matches of each segment that has some.
    segments: Vec<Vec<Match>>,
    /// The number of the first match of each of `segments`.
    starts: Vec<u32>,
}

impl Matches {
    /// `matches`, naming `companies`, as if one segment had found them.
    #[cfg(test)]
    pub(super) fn new(companies: Names, matches: Vec<Match>) -> Matches {
        let mut out = Matches {
            companies,
            ..Matches::default()
        };
        out.push_segment(matches);
        out
    }

    fn push_segment(&mut self, matches: Vec<Match>) {
        if !matches.is_empty() {
            self.starts.push(self.len() as u32);
            self.segments.push(matches);
        }
    }

    /// How many matches there are.
    pub(super) fn len(&self) -> usize {
        self.segments.iter().map(Vec::len).sum()
    }

    /// The `i`-th match.
    ///
    /// # Panics
    /// When `i` is not below [`Matches::len`].
    pub(super) fn get(&self, i: u32) -> &Match {
        let segment = self.starts.partition_point(|&start| start <= i) - 1;
        &self.segments[segment][(i - self.starts[segment]) as usize]
    }

    /// The matches in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &Match> {
        self.segments.iter().flatten()
    }
}

/// What one segment found: its matches, and the companies they name with
/// the hash of each name (which the segments are merged by).
pub(super) struct SegmentMatches {
    /// The hash of each name.
    keys: Vec<u64>,
    companies: Names,
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
    place: Column<u64>,
    /// The documents in scope, in document order: their other columns
    /// are read in batches when the segment is harvested.
    admitted: Vec<Admitted>,
}

/// A document the scope admits, before its other columns are read.
struct Admitted {
    doc: DocId,
    score: Score,
    validity: u64,
}

/// Documents whose columns are read in one batch.
const BATCH: usize = 1024;

impl Collector for InScope {
    type Fruit = Matches;
    type Child = SegmentInScope;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentInScope> {
        let fast = reader.fast_fields();
        Ok(SegmentInScope {
            columns: ScopeColumns::open(self.0, reader)?,
            segment,
            text_key: match self.0.merges_versions() {
                true => Some(fast.u64("text_key")?),
                false => None,
            },
            place: fast.u64(PLACE)?,
            admitted: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<SegmentMatches>) -> tantivy::Result<Matches> {
        // Every segment's matches are renumbered in place and kept, in
        // segment order.
        let mut out = Matches::default();
        let names: usize = fruits.iter().map(|f| f.companies.len()).sum();
        let bytes: usize = fruits.iter().map(|f| f.companies.bytes.len()).sum();
        out.companies.reserve(names, bytes);
        let mut index: HashMap<u64, u32, BuildHasherDefault<MixHasher>> =
            HashMap::with_capacity_and_hasher(names, Default::default());
        for mut fruit in fruits {
            let global: Vec<u32> = fruit
                .keys
                .iter()
                .enumerate()
                .map(|(i, &key)| {
                    *index.entry(key).or_insert_with(|| {
                        out.companies.push(fruit.companies.bytes(i));
                        (out.companies.len() - 1) as u32
                    })
                })
                .collect();
            for m in &mut fruit.matches {
                m.company = global[m.company as usize];
            }
            out.push_segment(fruit.matches);
        }
        Ok(out)
    }
}

/// The company column ordinals a segment's matches name, each once,
/// numbered in ordinal order.
struct CompanyOrds {
    /// One bit per ordinal of the column: whether a match names it.
    seen: Vec<u64>,
}

impl CompanyOrds {
    fn new(terms: usize) -> CompanyOrds {
        CompanyOrds {
            seen: vec![0; terms.div_ceil(64)],
        }
    }

    fn insert(&mut self, ord: u64) {
        if let Some(word) = self.seen.get_mut((ord / 64) as usize) {
            *word |= 1 << (ord % 64);
        }
    }

    /// The ordinals seen, ascending, and a function from an ordinal seen
    /// to its position among them.
    fn ranked(&self) -> (Vec<u64>, impl Fn(u64) -> u32 + '_) {
        let mut before = Vec::with_capacity(self.seen.len());
        let mut ords = Vec::new();
        for (i, &word) in self.seen.iter().enumerate() {
            before.push(ords.len() as u32);
            let mut bits = word;
            while bits != 0 {
                ords.push(i as u64 * 64 + u64::from(bits.trailing_zeros()));
                bits &= bits - 1;
            }
        }
        let rank = move |ord: u64| {
            let (word, bit) = ((ord / 64) as usize, ord % 64);
            let below = self.seen.get(word).map_or(0, |w| w & ((1 << bit) - 1));
            before.get(word).copied().unwrap_or_default() + below.count_ones()
        };
        (ords, rank)
    }
}

/// Strings kept end to end in one buffer and found by position: a
/// segment's company names without an allocation (or a UTF-8 check) per
/// name.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Names {
    bytes: Vec<u8>,
    /// Where each string ends in `bytes`.
    ends: Vec<usize>,
}

impl Names {
    /// Makes room for `names` more strings of `bytes` bytes in all.
    fn reserve(&mut self, names: usize, bytes: usize) {
        self.ends.reserve(names);
        self.bytes.reserve(bytes);
    }

    /// Appends a string given as its UTF-8 bytes.
    pub(super) fn push(&mut self, name: &[u8]) {
        self.bytes.extend_from_slice(name);
        self.ends.push(self.bytes.len());
    }

    /// The `i`-th string's bytes (empty past the end).
    pub(super) fn bytes(&self, i: usize) -> &[u8] {
        let start = match i {
            0 => 0,
            _ => self.ends.get(i - 1).copied().unwrap_or(self.bytes.len()),
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.bytes.get(start..end).unwrap_or_default()
    }

    /// The `i`-th string ("" past the end, or when it is not UTF-8).
    pub(super) fn get(&self, i: usize) -> &str {
        std::str::from_utf8(self.bytes(i)).unwrap_or_default()
    }

    /// How many strings there are.
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The strings in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }
}

impl<'a> FromIterator<&'a str> for Names {
    fn from_iter<I: IntoIterator<Item = &'a str>>(names: I) -> Names {
        let mut out = Names::default();
        names.into_iter().for_each(|name| out.push(name.as_bytes()));
        out
    }
}

/// The terms of a string column's ordinals `ords` (ascending), in that
/// order, read in one pass over the column's dictionary: reading them one
/// by one would decompress a dictionary block per term. Empty names when
/// the dictionary cannot be read.
pub(super) fn names_of(column: &StrColumn, ords: &[u64]) -> Names {
    let mut names = Names::default();
    let read = column
        .dictionary()
        .sorted_ords_to_term_cb(ords, |bytes| names.push(bytes));
    if read.is_err() || names.len() != ords.len() {
        return ords.iter().map(|_| "").collect();
    }
    names
}

impl SegmentCollector for SegmentInScope {
    type Fruit = SegmentMatches;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(validity) = self.columns.admitted(doc) {
            self.admitted.push(Admitted {
                doc,
                score,
                validity,
            });
        }
    }

    fn harvest(self) -> SegmentMatches {
        let Some(company_column) = &self.columns.company else {
            return SegmentMatches {
                keys: Vec::new(),
                companies: Names::default(),
                matches: Vec::new(),
            };
        };
        let mut companies = CompanyOrds::new(company_column.num_terms());
        let mut matches = Vec::with_capacity(self.admitted.len());
        let mut docs = Vec::with_capacity(BATCH);
        let mut values = vec![None; BATCH];
        let mut read = |column: &Column<u64>, docs: &[DocId]| -> Vec<Option<u64>> {
            let out = &mut values[..docs.len()];
            out.fill(None);
            column.first_vals(docs, out);
            out.to_vec()
        };
        for batch in self.admitted.chunks(BATCH) {
            docs.clear();
            docs.extend(batch.iter().map(|a| a.doc));
            let company = read(company_column.ords(), &docs);
            let place = read(&self.place, &docs);
            let text_key = self.text_key.as_ref().map(|c| read(c, &docs));
            for (i, admitted) in batch.iter().enumerate() {
                let Some(ord) = company[i] else {
                    continue;
                };
                companies.insert(ord);
                let place = Place::of(place[i].unwrap_or_default());
                let section = place.section;
                matches.push(Match {
                    score: admitted.score,
                    address: DocAddress::new(self.segment, admitted.doc),
                    // The column ordinal until the companies are numbered.
                    company: ord as u32,
                    section: section as u32,
                    ordinal: place.clause.unwrap_or_default() as u32,
                    day: scope::start(admitted.validity),
                    heading: place.clause.is_none(),
                    text_key: text_key.as_ref().and_then(|t| t[i]).unwrap_or_default(),
                    // Completed with the company's name below.
                    section_key: fnv(
                        fnv(
                            FNV_OFFSET,
                            &self
                                .columns
                                .scope
                                .version_key(admitted.validity)
                                .to_le_bytes(),
                        ),
                        &section.to_le_bytes(),
                    ),
                });
            }
        }
        let (ords, rank) = companies.ranked();
        let companies = names_of(company_column, &ords);
        let keys: Vec<u64> = (0..companies.len())
            .map(|i| fnv(FNV_OFFSET, companies.bytes(i)))
            .collect();
        for m in &mut matches {
            m.company = rank(u64::from(m.company));
            m.section_key = fnv(keys[m.company as usize], &m.section_key.to_le_bytes());
        }
        SegmentMatches {
            keys,
            companies,
            matches,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Match, Matches, Names};
    use tantivy::DocAddress;

    fn found_in(segment: u32, doc: u32) -> Match {
        Match {
            score: 1.0,
            address: DocAddress::new(segment, doc),
            company: 0,
            section: 0,
            ordinal: 0,
            day: "2020-01-01".parse().unwrap(),
            heading: false,
            text_key: 0,
            section_key: 0,
        }
    }

    #[test]
    fn matches_are_numbered_across_segments_in_segment_order() {
        let mut found = Matches::default();
        found.push_segment(vec![found_in(0, 4), found_in(0, 9)]);
        found.push_segment(Vec::new());
        found.push_segment(vec![found_in(2, 1)]);
        assert_eq!(found.len(), 3);
        let docs: Vec<(u32, u32)> = (0..3)
            .map(|i| found.get(i).address)
            .map(|a| (a.segment_ord, a.doc_id))
            .collect();
        assert_eq!(docs, [(0, 4), (0, 9), (2, 1)]);
        assert_eq!(found.iter().count(), 3);
    }

    #[test]
    fn names_are_found_by_position_and_an_unknown_position_is_empty() {
        let names: Names = ["acme", "", "globex"].into_iter().collect();
        assert_eq!(names.len(), 3);
        assert_eq!(names.iter().collect::<Vec<_>>(), ["acme", "", "globex"]);
        assert_eq!(names.get(2), "globex");
        assert_eq!(names.get(3), "");
        assert_eq!(names.bytes(0), b"acme");
    }
}
