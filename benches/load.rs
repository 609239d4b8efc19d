//! Load+parse throughput on the real corpus (../shared/corpus when present,
//! else the embedded corpus).

use clause::corpus::load::{self, parse_file, LoadOptions, SourceFile};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rayon::prelude::*;
use std::path::Path;

fn corpus_files() -> (String, Vec<SourceFile>) {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    match load::policy_paths(&shared) {
        Ok(paths) if !paths.is_empty() => {
            let files = paths
                .iter()
                .filter_map(|p| load::read_file(p, LoadOptions::default()).ok())
                .collect();
            ("shared-corpus".into(), files)
        }
        _ => ("embedded".into(), load::embedded_files()),
    }
}

fn bench_parse(c: &mut Criterion) {
    let (name, files) = corpus_files();
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    let mut group = c.benchmark_group("load+parse");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_with_input(BenchmarkId::new("parallel", &name), &files, |b, files| {
        b.iter(|| {
            files
                .par_iter()
                .map(|f| parse_file(f).0.map_or(0, |p| p.clauses.len()))
                .sum::<usize>()
        })
    });
    group.bench_with_input(BenchmarkId::new("one-thread", &name), &files, |b, files| {
        b.iter(|| {
            files
                .iter()
                .map(|f| parse_file(f).0.map_or(0, |p| p.clauses.len()))
                .sum::<usize>()
        })
    });
    group.finish();
}

fn bench_load_from_disk(c: &mut Criterion) {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let Ok(paths) = load::policy_paths(&shared) else {
        return;
    };
    let bytes: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let mut group = c.benchmark_group("load+parse from disk");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("shared-corpus", |b| {
        b.iter(|| load::load_paths(&paths, LoadOptions::default()).0.len())
    });
    group.finish();
}

criterion_group!(benches, bench_parse, bench_load_from_disk);
criterion_main!(benches);
