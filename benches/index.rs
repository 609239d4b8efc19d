//! Index build and update costs on the real corpus (../shared/corpus when
//! present, else the embedded corpus written to a temp dir): a full build
//! into a fresh index dir, a reopen with nothing changed, and a reopen after
//! one file changed. `CLAUSE_BENCH_CORPUS=DIR` benchmarks another corpus.

use clause::corpus::{load, CorpusSource, LoadOptions};
use clause::index::{BuildReport, SearchIndex, Silent};
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tempfile::TempDir;

/// The corpus under test.
struct Corpus {
    name: &'static str,
    dir: PathBuf,
    bytes: u64,
    files: usize,
    /// Keeps a materialised corpus alive.
    _temp: Option<TempDir>,
}

fn corpus() -> Corpus {
    let shared = std::env::var_os("CLAUSE_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if let Ok(paths) = load::policy_paths(&shared) {
        if !paths.is_empty() {
            return Corpus {
                name: "shared-corpus",
                bytes: total_bytes(&paths),
                files: paths.len(),
                dir: shared,
                _temp: None,
            };
        }
    }
    let temp = tempfile::tempdir().expect("temp dir");
    let files = load::embedded_files();
    for file in &files {
        let name = file
            .display
            .strip_prefix("embedded:")
            .unwrap_or(&file.display);
        write(&temp.path().join(name), &file.bytes);
    }
    Corpus {
        name: "embedded",
        dir: temp.path().to_path_buf(),
        bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
        files: files.len(),
        _temp: Some(temp),
    }
}

fn total_bytes(paths: &[PathBuf]) -> u64 {
    paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create dir");
    }
    std::fs::write(path, bytes).expect("write file");
}

/// Copies the policy files of `root` into a new temp dir.
fn copy_corpus(root: &Path) -> TempDir {
    let temp = tempfile::tempdir().expect("temp dir");
    for path in load::policy_paths(root).expect("list corpus") {
        let relative = path.strip_prefix(root).expect("path under root");
        write(
            &temp.path().join(relative),
            &std::fs::read(&path).expect("read file"),
        );
    }
    temp
}

fn open(corpus: &Path, index: &Path) -> (SearchIndex, BuildReport) {
    SearchIndex::open(
        &CorpusSource::Path(corpus.to_path_buf()),
        Some(index),
        LoadOptions::default(),
        &Silent,
    )
    .expect("open index")
}

fn bench_full_build(c: &mut Criterion) {
    let corpus = corpus();
    let mut group = c.benchmark_group("index build");
    group.sample_size(10);
    // A build takes seconds: give the 10 samples room without a warning.
    group.measurement_time(Duration::from_secs(30));
    group.throughput(Throughput::Bytes(corpus.bytes));
    group.bench_function(BenchmarkId::new("full", corpus.name), |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("temp dir"),
            |index_dir| {
                let (index, report) = open(&corpus.dir, index_dir.path());
                assert_eq!(report.added, corpus.files);
                // Returned so that deleting the index is not timed.
                (index, index_dir)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn bench_reopen(c: &mut Criterion) {
    let corpus = corpus();
    let mut group = c.benchmark_group("index reopen");
    group.sample_size(10);

    let index_dir = tempfile::tempdir().expect("temp dir");
    open(&corpus.dir, index_dir.path());
    group.bench_function(BenchmarkId::new("no-change", corpus.name), |b| {
        b.iter(|| {
            let (index, report) = open(&corpus.dir, index_dir.path());
            assert_eq!((report.added, report.updated), (0, 0));
            index
        })
    });

    // A copy of the corpus, so one file can be rewritten between iterations.
    let copy = copy_corpus(&corpus.dir);
    let copy_index = tempfile::tempdir().expect("temp dir");
    open(copy.path(), copy_index.path());
    let paths = load::policy_paths(copy.path()).expect("list copy");
    let victim = paths[paths.len() / 2].clone();
    let original = std::fs::read(&victim).expect("read file");
    let mut edits = 0u64;
    group.bench_function(BenchmarkId::new("one-file-changed", corpus.name), |b| {
        b.iter_batched(
            || {
                edits += 1;
                let mut bytes = original.clone();
                bytes.extend_from_slice(format!("\n\nBenchmark edit number {edits}.\n").as_bytes());
                std::fs::write(&victim, bytes).expect("rewrite file");
            },
            |()| {
                let (index, report) = open(copy.path(), copy_index.path());
                assert_eq!((report.added, report.updated), (0, 1));
                index
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench_full_build, bench_reopen);
criterion_main!(benches);
