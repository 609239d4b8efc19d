//! The full-text index: one tantivy document per clause, persisted and
//! updated incrementally, searched with the query language of
//! [`query`], plus the catalog of companies and versions next to it.
//! Callers see [`SearchIndex`], [`Hit`] and [`catalog::Catalog`], never
//! tantivy types.

mod aggregate;
pub(crate) mod build;
pub mod catalog;
mod collect;
mod counts;
mod documents;
pub mod freshness;
mod history;
pub(crate) mod manifest;
mod plurals;
pub mod query;
pub(crate) mod report;
mod rows;
mod runs;
pub(crate) mod schema;
pub mod scope;
pub(crate) mod search;
mod stemmer;
mod store;
mod stream;
mod translate;

pub use aggregate::{ByCompany, CompanyHits};
pub use build::{Check, Progress, Silent};
pub use counts::CompanyCounts;
pub use report::BuildReport;
pub use scope::{Day, Scope};
pub use search::{Hit, HitClause, SearchOptions, SearchResults};

use crate::corpus::{Corpus, CorpusSource, Listing, LoadOptions, Opener, PolicyMeta};
use crate::error::{Error, Result};
use catalog::Catalog;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tantivy::IndexReader;

/// An open, up-to-date index of a corpus.
pub struct SearchIndex {
    reader: IndexReader,
    fields: schema::Fields,
    /// Number of files the index reflects.
    pub files: usize,
    /// When every corpus file was last compared with the index (ns since the epoch).
    checked_at: u128,
    dir: Option<PathBuf>,
    catalog_name: String,
    catalog: OnceLock<Catalog>,
}

impl SearchIndex {
    /// Ends a one-shot command's use of the index, leaving its files
    /// mapped for the process's exit to release at once: unmapping every
    /// segment file one by one, while the search threads still run, costs
    /// a search over 2 GB several milliseconds. Only for a process that
    /// exits next: nothing is written or locked by an open index.
    pub fn release_at_exit(self) {
        std::mem::forget(self);
    }

    /// Opens the index of `source`, checking the corpus directories for
    /// added or removed files and updating the index when there are any.
    pub fn open(
        source: &CorpusSource,
        dir: Option<&Path>,
        options: LoadOptions,
        progress: &dyn Progress,
    ) -> Result<(SearchIndex, BuildReport)> {
        Self::open_checked(source, dir, options, Check::Directories, progress)
    }

    /// Opens the index of `source` after the given check of the corpus.
    pub fn open_checked(
        source: &CorpusSource,
        dir: Option<&Path>,
        options: LoadOptions,
        check: Check,
        progress: &dyn Progress,
    ) -> Result<(SearchIndex, BuildReport)> {
        let (opened, report) = build::open(source, dir, options, check, progress)?;
        Ok((SearchIndex::from_opened(opened)?, report))
    }

    /// The index of `source` as last committed, without checking the
    /// corpus for changes: what a browser shows at once while it brings
    /// the index up to date. `None` when there is no usable index yet.
    pub fn open_committed(source: &CorpusSource, dir: Option<&Path>) -> Option<SearchIndex> {
        SearchIndex::from_opened(build::open_committed(source, dir)?).ok()
    }

    fn from_opened(opened: store::OpenIndex) -> Result<SearchIndex> {
        let reader = match opened.reader {
            Some(reader) => reader,
            None => build::manual_reader(&opened.index).map_err(build::index_error)?,
        };
        let catalog = OnceLock::new();
        if let Some(built) = opened.catalog {
            let _ = catalog.set(built);
        }
        Ok(SearchIndex {
            reader,
            fields: opened.fields,
            files: opened.manifest.files,
            checked_at: opened.manifest.checked_at,
            dir: opened.dir,
            catalog_name: opened.manifest.catalog,
            catalog,
        })
    }

    /// Parses `query` strictly and runs it.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        let parsed = query::parse(query).map_err(Error::Query)?;
        self.run(&parsed, options)
    }

    /// Runs an already parsed query.
    pub fn run(&self, query: &query::Query, options: &SearchOptions) -> Result<SearchResults> {
        search::run(&self.reader, &self.fields, query, options)
    }

    /// [`SearchIndex::run`] that also counts the matching clauses (and
    /// titles) per company, as [`SearchIndex::company_counts`] does, from
    /// the same pass over the index.
    pub fn run_counting(
        &self,
        query: &query::Query,
        options: &SearchOptions,
    ) -> Result<(SearchResults, CompanyCounts)> {
        search::run_counting(&self.reader, &self.fields, query, options)
    }

    /// Hits per company for `query` in the options' scope, most hits
    /// first, at most `options.limit` companies: counted from the index's
    /// columns, reading only each returned company's best hit.
    pub fn by_company(&self, query: &str, options: &SearchOptions) -> Result<ByCompany> {
        let parsed = query::parse(query).map_err(Error::Query)?;
        self.run_by_company(&parsed, options)
    }

    /// [`SearchIndex::by_company`] for an already parsed query.
    pub fn run_by_company(
        &self,
        query: &query::Query,
        options: &SearchOptions,
    ) -> Result<ByCompany> {
        aggregate::by_company(&self.reader, &self.fields, query, options)
    }

    /// Matching clauses per company (lower-cased name), counted in the
    /// index's columns without fetching a hit.
    pub fn company_counts(
        &self,
        query: &query::Query,
        options: &SearchOptions,
    ) -> Result<CompanyCounts> {
        counts::per_company(&self.reader, &self.fields, query, options)
    }

    /// Number of clauses (and titles) matching `query` within `options`.
    pub fn count(&self, query: &query::Query, options: &SearchOptions) -> Result<usize> {
        Ok(self.company_counts(query, options)?.values().sum())
    }

    /// The corpus as the catalog lists it: companies and versions known at
    /// once, each policy read and parsed from its file when first opened.
    pub fn corpus(&self, source: CorpusSource, options: LoadOptions) -> Result<Corpus> {
        let versions = self.catalog()?.versions();
        // A git history's versions are read by blob id.
        let blobs: HashMap<String, String> = match source {
            CorpusSource::Git { .. } => versions
                .iter()
                .map(|v| (v.source.to_string(), v.hash.to_string()))
                .collect(),
            _ => HashMap::new(),
        };
        let listings = versions
            .into_iter()
            .map(|version| Listing {
                meta: PolicyMeta {
                    company: version.policy.company.clone(),
                    date: version.policy.date.clone(),
                    title: version.policy.title.clone(),
                    source: version.source.to_string(),
                    updated: None,
                },
                sections: version.policy.sections as usize,
                clauses: version.policy.clauses as usize,
            })
            .collect();
        let corpus = source.clone();
        let open: Opener = Box::new(move |meta: &PolicyMeta| {
            let entry = catalog::PolicyEntry {
                company: meta.company.clone(),
                date: meta.date.clone(),
                title: meta.title.clone(),
                sections: 0,
                clauses: 0,
                bytes: 0,
            };
            let version = catalog::Version {
                source: &meta.source,
                hash: blobs.get(&meta.source).map_or("", String::as_str),
                policy: &entry,
            };
            catalog::parse_versions(&corpus, &[version], options)
                .map_err(|e| e.to_string())?
                .pop()
                .ok_or_else(|| format!("{} cannot be read", meta.source))
        });
        Ok(Corpus::listed(source, listings, open))
    }

    /// Number of documents in the index: one per clause or section title,
    /// or per run of versions that repeat it.
    pub fn documents(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The catalog of companies and versions (read on first use).
    pub fn catalog(&self) -> Result<&Catalog> {
        if let Some(catalog) = self.catalog.get() {
            return Ok(catalog);
        }
        let loaded = match &self.dir {
            Some(dir) if !self.catalog_name.is_empty() => Catalog::load(dir, &self.catalog_name)?,
            _ => Catalog::default(),
        };
        Ok(self.catalog.get_or_init(|| loaded))
    }

    /// The source files among `sources` edited (or removed) since the index
    /// last compared every file: results from them may be stale.
    pub fn edited<'a>(&self, sources: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
        freshness::edited_since(sources, self.checked_at)
    }
}
