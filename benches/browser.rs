//! The browser's start and search on a large corpus, in process: from an
//! index already built to the companies of the tree (the catalog read, the
//! corpus listed, the tree model built, no policy parsed), a search as the
//! results pane runs it, and opening one policy (parsed and laid out).
//!
//! `CLAUSE_BENCH_CORPUS=DIR` and `CLAUSE_BENCH_INDEX=DIR` name a corpus and
//! its built index (`clause --corpus DIR --index-dir IDX index` first);
//! without them the embedded corpus and its cached index are used.

use clause::corpus::{CorpusSource, LoadOptions};
use clause::index::{Scope, SearchIndex, Silent};
use clause::tui::document::Document;
use clause::tui::run_search;
use clause::tui::tree::TreeModel;
use criterion::Criterion;
use std::path::PathBuf;
use std::time::Duration;

fn source() -> (CorpusSource, Option<PathBuf>) {
    match std::env::var_os("CLAUSE_BENCH_CORPUS") {
        Some(dir) => (
            CorpusSource::Path(PathBuf::from(dir)),
            std::env::var_os("CLAUSE_BENCH_INDEX").map(PathBuf::from),
        ),
        None => (CorpusSource::Embedded, None),
    }
}

fn bench_browser(c: &mut Criterion) {
    let (source, dir) = source();
    // Build (or bring up to date) once, outside the measurements.
    SearchIndex::open(&source, dir.as_deref(), LoadOptions::default(), &Silent)
        .expect("the index opens");
    let mut group = c.benchmark_group("browser");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("tree ready", |b| {
        b.iter(|| {
            let index = SearchIndex::open_committed(&source, dir.as_deref()).expect("built index");
            let corpus = index
                .corpus(source.clone(), LoadOptions::default())
                .expect("catalog");
            TreeModel::new(&corpus).companies.len()
        })
    });
    let index = SearchIndex::open_committed(&source, dir.as_deref()).expect("built index");
    let corpus = index
        .corpus(source.clone(), LoadOptions::default())
        .expect("catalog");
    for query in ["opt-out", "\"sell your personal information\""] {
        group.bench_function(format!("results {query}"), |b| {
            b.iter(|| {
                run_search(&index, query, Scope::Newest).map(|found| found.results.hits.len())
            })
        });
    }
    let tree = TreeModel::new(&corpus);
    let newest: Vec<usize> = tree
        .companies
        .iter()
        .filter_map(|(_, versions)| versions.last().copied())
        .collect();
    let mut next = 0;
    group.bench_function("open a policy", |b| {
        b.iter(|| {
            // A policy not opened before: parsing is part of the cost.
            next = (next + 7919) % newest.len();
            let policy = corpus.policy(newest[next]);
            Document::layout(policy, 100, None).lines.len()
        })
    });
    group.finish();
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    bench_browser(&mut criterion);
    criterion.final_summary();
}
