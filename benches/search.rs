//! In-process search latency on the real corpus (../shared/corpus when
//! present, else the embedded corpus written to a temp dir), limit 20.
//! `CLAUSE_BENCH_CORPUS=DIR` benchmarks another corpus.
//!
//! Before criterion runs, each query is timed `CLAUSE_BENCH_RUNS` times
//! (default 1,000) with `Instant` and p50/p99 are printed per query and per
//! query class, since criterion reports no tail latency. The pass is skipped
//! when criterion runs in test or list mode.

use clause::corpus::{load, CorpusSource, LoadOptions};
use clause::index::{SearchIndex, SearchOptions, Silent};
use criterion::{BenchmarkId, Criterion};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tempfile::TempDir;

const CLASSES: &[(&str, &[&str])] = &[
    ("word", &["cookies", "retention", "children"]),
    ("phrase", &["\"personal data\"", "\"do not track\""]),
    (
        "three-words",
        &["sell personal information", "opt out advertising"],
    ),
];

/// The corpus under test: its name and directory, and the temp dir that
/// keeps a materialised corpus alive.
fn corpus() -> (&'static str, PathBuf, Option<TempDir>) {
    let shared = std::env::var_os("CLAUSE_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if load::policy_paths(&shared).is_ok_and(|p| !p.is_empty()) {
        return ("shared-corpus", shared, None);
    }
    let temp = tempfile::tempdir().expect("temp dir");
    for file in load::embedded_files() {
        let name = file
            .display
            .strip_prefix("embedded:")
            .unwrap_or(&file.display);
        let path = temp.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create dir");
        }
        std::fs::write(&path, &file.bytes).expect("write file");
    }
    ("embedded", temp.path().to_path_buf(), Some(temp))
}

fn options() -> SearchOptions {
    SearchOptions {
        limit: Some(20),
        ..Default::default()
    }
}

/// Times `runs` searches of each query after a short warm-up; prints p50
/// and p99 per query and over each class.
fn latency_report(index: &SearchIndex, runs: usize) {
    let options = options();
    eprintln!("search latency, limit 20, {runs} runs per query (Instant):");
    eprintln!(
        "  {:<12} {:<30} {:>8} {:>10} {:>10}",
        "class", "query", "total", "p50", "p99"
    );
    for (class, queries) in CLASSES {
        let mut pooled = Vec::with_capacity(runs * queries.len());
        for query in *queries {
            let mut total = 0;
            for _ in 0..10 {
                total = index.search(query, &options).expect("search").total;
            }
            let mut times = Vec::with_capacity(runs);
            for _ in 0..runs {
                let started = Instant::now();
                let results = index.search(query, &options).expect("search");
                times.push(started.elapsed());
                std::hint::black_box(results);
            }
            pooled.extend_from_slice(&times);
            let (p50, p99) = percentiles(&mut times);
            eprintln!(
                "  {class:<12} {query:<30} {total:>8} {:>10} {:>10}",
                micros(p50),
                micros(p99)
            );
        }
        let (p50, p99) = percentiles(&mut pooled);
        eprintln!(
            "  {class:<12} {:<30} {:>8} {:>10} {:>10}",
            "(all of the class)",
            "",
            micros(p50),
            micros(p99)
        );
    }
}

/// Nearest-rank p50 and p99.
fn percentiles(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort_unstable();
    let rank = |p: usize| times[(times.len() * p).div_ceil(100).max(1) - 1];
    (rank(50), rank(99))
}

fn micros(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

fn bench_search(c: &mut Criterion, index: &SearchIndex, corpus: &str) {
    let options = options();
    for (class, queries) in CLASSES {
        let mut group = c.benchmark_group(format!("search {class} ({corpus})"));
        for query in *queries {
            group.bench_with_input(BenchmarkId::from_parameter(query), query, |b, q| {
                b.iter(|| index.search(q, &options).expect("search"))
            });
        }
        group.finish();
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--test" || a == "--list");

    let (name, dir, _corpus_temp) = corpus();
    let index_dir = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    let (index, report) = SearchIndex::open(
        &CorpusSource::Path(dir),
        Some(index_dir.path()),
        LoadOptions::default(),
        &Silent,
    )
    .expect("build index");
    eprintln!(
        "built the index of {name}: {} policies, {} clauses, {:.1} MB, in {:.1} s",
        report.policies,
        report.clauses,
        report.index_bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    for (_, queries) in CLASSES {
        for query in *queries {
            let total = index.search(query, &options()).expect("search").total;
            assert!(total > 0, "{query} matches nothing");
        }
    }

    if !quick {
        let runs = std::env::var("CLAUSE_BENCH_RUNS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1000);
        latency_report(&index, runs);
    }

    let mut criterion = Criterion::default().configure_from_args();
    bench_search(&mut criterion, &index, name);
    criterion.final_summary();
}
