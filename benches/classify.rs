//! Category classification throughput on one thread, over the clauses of
//! the embedded corpus: `classify` (labels with cues) and `categories`
//! (labels only). Throughput is in clauses per second.

use clause::categories::Classifier;
use clause::corpus::{Corpus, CorpusSource};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn bench_classify(c: &mut Criterion) {
    let corpus = Corpus::load(&CorpusSource::Embedded, Default::default())
        .expect("the embedded corpus loads");
    let clauses: Vec<&str> = corpus
        .policies
        .iter()
        .flat_map(|p| p.clauses.iter().map(|c| c.text.as_str()))
        .collect();
    let classifier = Classifier::embedded();
    let mut group = c.benchmark_group("classify embedded clauses");
    group.sample_size(10);
    group.throughput(Throughput::Elements(clauses.len() as u64));
    group.bench_function("classify", |b| {
        b.iter(|| {
            clauses
                .iter()
                .map(|t| classifier.classify(t).len())
                .sum::<usize>()
        })
    });
    group.bench_function("categories", |b| {
        b.iter(|| {
            clauses
                .iter()
                .map(|t| classifier.categories(t).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_classify);
criterion_main!(benches);
