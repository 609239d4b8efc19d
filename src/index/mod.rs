//! The full-text index: one tantivy document per clause, persisted and
//! updated incrementally, searched with the query language of
//! [`query`]. Callers see [`SearchIndex`] and [`Hit`], never tantivy types.

pub mod build;
mod documents;
mod history;
pub mod manifest;
mod plurals;
pub mod query;
pub mod schema;
pub mod search;
mod stemmer;

pub use build::{BuildReport, Progress, Silent};
pub use search::{Hit, SearchOptions, SearchResults};

use crate::corpus::{CorpusSource, LoadOptions};
use crate::error::{Error, Result};
use std::path::Path;
use tantivy::IndexReader;

/// An open, up-to-date index of a corpus.
pub struct SearchIndex {
    reader: IndexReader,
    fields: schema::Fields,
    /// Number of files the index reflects.
    pub files: usize,
}

impl SearchIndex {
    /// Opens (building or updating as needed) the index of `source`.
    pub fn open(
        source: &CorpusSource,
        dir: Option<&Path>,
        options: LoadOptions,
        progress: &dyn Progress,
    ) -> Result<(SearchIndex, BuildReport)> {
        let (opened, report) = build::open(source, dir, options, progress)?;
        let reader = match opened.reader {
            Some(reader) => reader,
            None => build::manual_reader(&opened.index).map_err(build::index_error)?,
        };
        let files = opened.manifest.files.len();
        Ok((
            SearchIndex {
                reader,
                fields: opened.fields,
                files,
            },
            report,
        ))
    }

    /// Parses `query` strictly and runs it.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        let parsed = query::parse(query).map_err(|e| Error::Query(e.to_string()))?;
        self.run(&parsed, options)
    }

    /// Runs an already parsed query.
    pub fn run(&self, query: &query::Query, options: &SearchOptions) -> Result<SearchResults> {
        search::run(&self.reader, &self.fields, query, options)
    }

    /// Number of clauses in the index.
    pub fn clauses(&self) -> u64 {
        self.reader.searcher().num_docs()
    }
}
