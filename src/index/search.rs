//! Runs parsed queries against the index and turns results into [`Hit`]s
//! with highlight ranges and snippets. tantivy types stay in this module
//! and its siblings.

use super::build::index_error;
use super::collect::{InScope, Matches};
use super::counts::CompanyCounts;
use super::documents::HEADING;
use super::query::{Matcher, Query};
use super::rows::{self, Row};
use super::runs;
use super::schema::{self, Fields, Place};
use super::scope::{Day, Scope};
use super::translate::to_tantivy;
use crate::categories::Category;
use crate::error::Result;
use crate::text::ByteRange;
use serde::Serialize;

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query as TantivyQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, IndexReader, Searcher, TantivyDocument, Term};

/// Bytes of context shown in a snippet.
const SNIPPET_BYTES: usize = 220;

/// One matching clause.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The clause's id (`company@date/4.2#1`), or for a section title the
    /// section's (`company@date/4.2`).
    pub id: String,
    /// `clause`, or `heading` when the match is a section title.
    pub kind: String,
    /// Company as written.
    pub company: String,
    /// `YYYY-MM-DD` of the version; `None` for an undated policy.
    pub date: Option<String>,
    /// Section titles from the root.
    pub section: Vec<String>,
    /// The clause's text, or the section's title.
    pub text: String,
    /// About 220 bytes of `text` around the first match, `…` where cut.
    pub snippet: String,
    /// Relevance (BM25, section-title matches boosted); higher is better.
    pub score: f32,
    /// Byte ranges of matched words in `text`.
    pub highlights: Vec<ByteRange>,
    /// Data-practice categories of the clause (short names).
    pub categories: Vec<String>,
    /// Dates of the company's versions in scope that have this text
    /// (`None`: undated), oldest first: one in a one-version scope,
    /// every version repeating it with [`Scope::AllVersions`] (for a
    /// section title, the versions with the title or with its clause).
    pub versions: Vec<Option<String>>,
    /// For a section title: the first clause of its section that matches
    /// (else its first clause; `None` for a section without clauses).
    /// That clause has no hit of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<HitClause>,
    /// Byte ranges of matched words in `snippet`.
    #[serde(skip)]
    pub snippet_highlights: Vec<ByteRange>,
    /// The file the clause comes from (a path or `embedded:NAME`).
    #[serde(skip)]
    pub source: String,
}

/// The clause shown under a matching section title.
#[derive(Debug, Clone, Serialize)]
pub struct HitClause {
    /// The clause's id.
    pub id: String,
    /// Whether the clause matches the query itself (else it is its
    /// section's first clause, shown for the title that matched).
    pub matches: bool,
    /// The clause's text.
    pub text: String,
    /// About 220 bytes of `text` around the first match, `…` where cut.
    pub snippet: String,
    /// Byte ranges of matched words in `text`.
    pub highlights: Vec<ByteRange>,
    /// Byte ranges of matched words in `snippet`.
    #[serde(skip)]
    pub snippet_highlights: Vec<ByteRange>,
}

/// Options of a search.
#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    /// Which versions of each company are searched (default: the newest).
    pub scope: Scope,
    /// Most hits to return; `None` returns every hit.
    pub limit: Option<usize>,
    /// Only these companies (case-insensitive); empty means all.
    pub companies: Vec<String>,
    /// Only clauses tagged with all these data-practice categories.
    pub categories: Vec<Category>,
}

/// Hits of a search and how many clauses matched in all.
#[derive(Debug, Clone, Default)]
pub struct SearchResults {
    /// The hits shown (at most the limit), best first.
    pub hits: Vec<Hit>,
    /// Hits found in all, before the limit.
    pub total: usize,
}

/// Runs `query` with `options`.
pub(crate) fn run(
    reader: &IndexReader,
    fields: &Fields,
    query: &Query,
    options: &SearchOptions,
) -> Result<SearchResults> {
    let searcher = reader.searcher();
    let (found, rows) = matching_rows(&searcher, fields, query, options)?;
    results(&searcher, fields, query, options, found, rows)
}

/// Runs `query` with `options`, and counts its matching clauses (and
/// titles) per company from the same matches: what
/// [`super::counts::per_company`] counts, without running the query twice.
pub(crate) fn run_counting(
    reader: &IndexReader,
    fields: &Fields,
    query: &Query,
    options: &SearchOptions,
) -> Result<(SearchResults, CompanyCounts)> {
    let searcher = reader.searcher();
    let (found, rows) = matching_rows(&searcher, fields, query, options)?;
    let counts = counts_of(&found);
    let results = results(&searcher, fields, query, options, found, rows)?;
    Ok((results, counts))
}

/// Matches per company key.
fn counts_of(found: &Matches) -> CompanyCounts {
    let mut per_company = vec![0; found.companies.len()];
    for m in found.iter() {
        per_company[m.company as usize] += 1;
    }
    found
        .companies
        .iter()
        .zip(per_company)
        .filter(|(name, _)| !name.is_empty())
        .map(|(name, n)| (name.to_string(), n))
        .collect()
}

/// The hits shown of `rows`, best first, and how many rows there are.
fn results(
    searcher: &Searcher,
    fields: &Fields,
    query: &Query,
    options: &SearchOptions,
    found: Matches,
    mut rows: Vec<Row>,
) -> Result<SearchResults> {
    let total = rows.len();
    let shown = rows::best_first(&found, &mut rows, options.limit.unwrap_or(total));
    let matchers = highlighters(query);
    let mut hits = shown
        .iter()
        .map(|row| row_hit(searcher, fields, &found, row, &matchers, options.scope))
        .collect::<Result<Vec<_>>>()?;
    // Equal scores in a stable order, whatever the segment layout.
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    Ok(SearchResults { hits, total })
}

/// Every match of `query` in the scope of `options`, and its result rows.
pub(super) fn matching_rows(
    searcher: &Searcher,
    fields: &Fields,
    query: &Query,
    options: &SearchOptions,
) -> Result<(Matches, Vec<Row>)> {
    let tantivy_query = to_tantivy(fields, query, options)?;
    let found = searcher
        .search(&*tantivy_query, &InScope(options.scope))
        .map_err(index_error)?;
    let rows = rows::rows(&found, options.scope.merges_versions());
    Ok((found, rows))
}

/// The hit shown for a row: its clause, or its section title with the
/// section's first matching clause (else its first clause), named after
/// the version `scope` sees.
pub(super) fn row_hit(
    searcher: &Searcher,
    fields: &Fields,
    found: &Matches,
    row: &Row,
    matchers: &[Highlighter],
    scope: Scope,
) -> Result<Hit> {
    let best = row.best(found);
    let (mut hit, version) = hit(searcher, fields, best.address, row.score, matchers, scope)?;
    if scope.merges_versions() {
        let mut days = version.days;
        for &other in row.others() {
            let address = found.get(other).address;
            let doc: TantivyDocument = searcher.doc(address).map_err(index_error)?;
            days.extend(stored_days(&doc, fields));
        }
        days.sort_unstable();
        days.dedup();
        hit.versions = days.iter().map(|d| d.date()).collect();
    }
    if best.heading {
        let lead = match row.lead(found) {
            Some(lead) => Some((lead.address, true)),
            None => first_clause(searcher, fields, &hit.source, best.section.into())?
                .map(|a| (a, false)),
        };
        hit.clause = lead
            .map(|(address, matches)| {
                hit_clause(searcher, fields, address, matches, matchers, scope)
            })
            .transpose()?;
    }
    Ok(hit)
}

/// The first clause of section `section` (a `section` field value) of the
/// file `source`, if it has one.
fn first_clause(
    searcher: &Searcher,
    fields: &Fields,
    source: &str,
    section: u64,
) -> Result<Option<DocAddress>> {
    let term = |term| Box::new(TermQuery::new(term, IndexRecordOption::Basic));
    let query = BooleanQuery::new(vec![
        (
            Occur::Must,
            term(Term::from_field_text(fields.source, source)) as Box<dyn TantivyQuery>,
        ),
        (
            Occur::Must,
            term(Term::from_field_u64(fields.section, section)),
        ),
        (
            Occur::MustNot,
            Box::new(TermQuery::new(
                Term::from_field_text(fields.kind, HEADING),
                IndexRecordOption::Basic,
            )),
        ),
    ]);
    // The section's clauses are few: their ordinals are read from the
    // segments that hold them, not by a sorted search over every segment.
    let mut clauses: Vec<DocAddress> = searcher
        .search(&query, &DocSetCollector)
        .map_err(index_error)?
        .into_iter()
        .collect();
    clauses.sort_unstable();
    let mut first: Option<(u64, DocAddress)> = None;
    for in_segment in clauses.chunk_by(|a, b| a.segment_ord == b.segment_ord) {
        let places = searcher
            .segment_reader(in_segment[0].segment_ord)
            .fast_fields()
            .u64(schema::PLACE)
            .map_err(index_error)?;
        for &address in in_segment {
            let place = Place::of(places.first(address.doc_id).unwrap_or_default());
            let ordinal = place.clause.unwrap_or_default();
            if first.is_none_or(|best| (ordinal, address) < best) {
                first = Some((ordinal, address));
            }
        }
    }
    Ok(first.map(|(_, address)| address))
}

/// The clause at `address`, as shown under its section's title.
fn hit_clause(
    searcher: &Searcher,
    fields: &Fields,
    address: DocAddress,
    matches: bool,
    matchers: &[Highlighter],
    scope: Scope,
) -> Result<HitClause> {
    let doc: TantivyDocument = searcher.doc(address).map_err(index_error)?;
    let version = SeenVersion::of(&doc, fields, scope);
    Ok(clause_of(&doc, fields, &version, matches, matchers))
}

/// The version of a stored document that a scope sees (a document stands
/// for a run of versions that repeat its text: see [`super::runs`]).
struct SeenVersion {
    /// `company@date` (the company alone when undated).
    reference: String,
    /// `YYYY-MM-DD`, `None` when undated.
    date: Option<String>,
    /// Its file.
    source: String,
    /// The first day of every version of the run, oldest first.
    days: Vec<Day>,
    /// The reference the document's stored id starts with.
    stored_reference: String,
}

impl SeenVersion {
    fn of(doc: &TantivyDocument, fields: &Fields, scope: Scope) -> SeenVersion {
        let days = stored_days(doc, fields);
        let sources: Vec<&str> = doc
            .get_all(fields.source)
            .filter_map(|v| v.as_str())
            .collect();
        let stored_reference = stored_text(doc, fields.policy);
        let stored_date = stored_text(doc, fields.date);
        let at = runs::in_scope(&days, scope);
        match (days.get(at), sources.get(at)) {
            (Some(day), Some(source)) if at + 1 < days.len() => SeenVersion {
                reference: match day.date() {
                    Some(date) => format!("{}@{date}", stored_text(doc, fields.company)),
                    None => stored_text(doc, fields.company),
                },
                date: day.date(),
                source: (*source).to_string(),
                days,
                stored_reference,
            },
            // The last version: named as stored.
            _ => SeenVersion {
                reference: stored_reference.clone(),
                date: (stored_date != "nodate").then_some(stored_date),
                source: sources
                    .last()
                    .map_or_else(String::new, |s| (*s).to_string()),
                days,
                stored_reference,
            },
        }
    }

    /// A stored id, renamed after this version.
    fn id(&self, stored: &str) -> String {
        match stored.strip_prefix(self.stored_reference.as_str()) {
            Some(rest) if self.reference != self.stored_reference => {
                format!("{}{rest}", self.reference)
            }
            _ => stored.to_string(),
        }
    }
}

/// The first days of the versions a stored document stands for.
fn stored_days(doc: &TantivyDocument, fields: &Fields) -> Vec<Day> {
    doc.get_all(fields.days)
        .filter_map(|v| v.as_u64())
        .map(Day::from_number)
        .collect()
}

/// The id and text of a stored document, with the words `matchers` mark.
fn clause_of(
    doc: &TantivyDocument,
    fields: &Fields,
    version: &SeenVersion,
    matches: bool,
    matchers: &[Highlighter],
) -> HitClause {
    let text = stored_text(doc, fields.body);
    let highlights = highlight(&text, matchers);
    let (snippet, snippet_highlights) = snippet(&text, &highlights);
    HitClause {
        id: version.id(&stored_text(doc, fields.id)),
        matches,
        text,
        snippet,
        highlights,
        snippet_highlights,
    }
}

/// The first value of a stored text field ("" when it has none).
fn stored_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

/// The hit of the document at `address`, named after the version
/// `scope` sees, and that version.
fn hit(
    searcher: &Searcher,
    fields: &Fields,
    address: DocAddress,
    score: f32,
    matchers: &[Highlighter],
    scope: Scope,
) -> Result<(Hit, SeenVersion)> {
    let doc: TantivyDocument = searcher.doc(address).map_err(index_error)?;
    let text_of = |field| stored_text(&doc, field);
    let version = SeenVersion::of(&doc, fields, scope);
    let clause = clause_of(&doc, fields, &version, true, matchers);
    let hit = Hit {
        id: clause.id,
        kind: text_of(fields.kind),
        company: text_of(fields.company),
        date: version.date.clone(),
        section: doc
            .get_all(fields.section_title)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        text: clause.text,
        snippet: clause.snippet,
        score,
        highlights: clause.highlights,
        categories: doc
            .get_all(fields.category)
            .filter_map(|v| {
                let facet = tantivy::schema::Facet::from_encoded(v.as_facet()?.into()).ok()?;
                facet.to_path().last().map(|name| name.to_string())
            })
            .collect(),
        versions: vec![version.date.clone()],
        clause: None,
        snippet_highlights: clause.snippet_highlights,
        source: version.source.clone(),
    };
    Ok((hit, version))
}

/// What marks a word as matched in clause text.
#[derive(Debug, Clone)]
pub(super) enum Highlighter {
    Term(String),
    /// Consecutive terms, highlighted only where they occur together.
    Phrase(Vec<String>),
    Prefix(String),
}

pub(super) fn highlighters(query: &Query) -> Vec<Highlighter> {
    let mut out = Vec::new();
    for matcher in query.highlight_matchers() {
        match matcher {
            Matcher::Word(t) | Matcher::Phrase(t) => {
                let mut terms: Vec<String> = schema::tokens(t)
                    .into_iter()
                    .map(|(term, _)| term)
                    .collect();
                if terms.len() == 1 {
                    out.push(Highlighter::Term(terms.remove(0)));
                } else if !terms.is_empty() {
                    out.push(Highlighter::Phrase(terms));
                }
            }
            Matcher::Prefix(p) => {
                let lower = p.to_lowercase();
                out.push(Highlighter::Prefix(lower.clone()));
                if let Some((stem, _)) = schema::tokens(&lower).into_iter().next() {
                    out.push(Highlighter::Prefix(stem));
                }
            }
            Matcher::Company(_) | Matcher::Section(_) | Matcher::Category(_) | Matcher::Changed => {
            }
        }
    }
    out
}

/// Byte ranges of the words of `text` that the query matched.
fn highlight(text: &str, matchers: &[Highlighter]) -> Vec<ByteRange> {
    if matchers.is_empty() {
        return Vec::new();
    }
    let tokens = schema::tokens(text);
    let mut marked = vec![false; tokens.len()];
    for (i, (term, range)) in tokens.iter().enumerate() {
        for matcher in matchers {
            match matcher {
                Highlighter::Term(t) => marked[i] |= t == term,
                Highlighter::Prefix(p) => {
                    marked[i] |= term.starts_with(p.as_str())
                        || text[range.clone()].to_lowercase().starts_with(p.as_str());
                }
                Highlighter::Phrase(terms) => {
                    let run = tokens[i..].iter().take(terms.len()).map(|(t, _)| t);
                    if tokens.len() - i >= terms.len() && run.eq(terms.iter()) {
                        marked[i..i + terms.len()]
                            .iter_mut()
                            .for_each(|m| *m = true);
                    }
                }
            }
        }
    }
    tokens
        .iter()
        .zip(marked)
        .filter(|(_, m)| *m)
        .map(|((_, r), _)| ByteRange::new(r.start, r.end))
        .collect()
}

/// A window of `text` around the first highlight, with highlights shifted into it.
fn snippet(text: &str, highlights: &[ByteRange]) -> (String, Vec<ByteRange>) {
    let anchor = highlights.first().map_or(0, |h| h.start);
    let mut start = floor_boundary(text, anchor.saturating_sub(SNIPPET_BYTES / 4));
    if start > 0 {
        start = word_start_before(text, start);
    }
    let mut end = ceil_boundary(text, (start + SNIPPET_BYTES).min(text.len()));
    if end < text.len() {
        end = text[..end]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map(|(p, _)| p)
            .filter(|&p| p > anchor)
            .unwrap_or(end);
    }
    let body = text[start..end].replace('\n', " ");
    let prefix = if start > 0 { "…" } else { "" };
    let suffix = if end < text.len() { "…" } else { "" };
    let shift = prefix.len();
    let ranges = highlights
        .iter()
        .filter(|h| h.start >= start && h.end <= end)
        .map(|h| ByteRange::new(h.start - start + shift, h.end - start + shift))
        .collect();
    (format!("{prefix}{body}{suffix}"), ranges)
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Start of the word that contains or follows byte `at` (a char boundary).
fn word_start_before(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(p, c)| p + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_centres_on_the_first_match() {
        let text = format!("{} opt-out here {}", "word ".repeat(60), "tail ".repeat(60));
        let hl = vec![ByteRange::new(301, 304), ByteRange::new(305, 308)];
        let (snip, ranges) = snippet(&text, &hl);
        assert!(snip.starts_with('…') && snip.ends_with('…'));
        assert_eq!(&snip[ranges[0].range()], "opt");
        assert_eq!(&snip[ranges[1].range()], "out");
    }
}
