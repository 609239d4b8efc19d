//! HTML-to-policy-text conversion throughput on one core: the pages of
//! `CLAUSE_BENCH_HTML` (a directory of saved pages, e.g. Open Terms
//! Archive snapshots) when set, else ../shared/opp115's sanitized
//! policies, else the test fixtures.

use clause::inputs::html;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::path::{Path, PathBuf};

fn pages() -> (String, Vec<Vec<u8>>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates: Vec<(String, PathBuf)> = [
        std::env::var_os("CLAUSE_BENCH_HTML").map(|d| ("pages".to_string(), PathBuf::from(d))),
        Some((
            "opp115".into(),
            root.join("../shared/opp115/sanitized_policies"),
        )),
        Some(("fixtures".into(), root.join("tests/fixtures/html"))),
    ]
    .into_iter()
    .flatten()
    .collect();
    for (name, dir) in candidates {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| Some(e.ok()?.path()))
            .filter(|p| html::is_html_name(&p.to_string_lossy()))
            .collect();
        paths.sort();
        let pages: Vec<Vec<u8>> = paths.iter().filter_map(|p| std::fs::read(p).ok()).collect();
        if !pages.is_empty() {
            return (name, pages);
        }
    }
    (String::new(), Vec::new())
}

fn bench_convert(c: &mut Criterion) {
    let (name, pages) = pages();
    let bytes: usize = pages.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("html");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_with_input(BenchmarkId::new("convert", &name), &pages, |b, pages| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| html::convert(p, None).map_or(0, |page| page.markdown.len()))
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_convert);
criterion_main!(benches);
