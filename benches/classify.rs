//! Category classification throughput on one thread, over the clauses of
//! the embedded corpus: `classify` (labels with cues) and `categories`
//! (labels only), each clause alone and each policy's clauses in context
//! (as the index and the browser classify them). Throughput is in clauses
//! per second.

use clause::categories::Classifier;
use clause::corpus::{Corpus, CorpusSource};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn bench_classify(c: &mut Criterion) {
    let corpus = Corpus::load(&CorpusSource::Embedded, Default::default())
        .expect("the embedded corpus loads");
    let policies: Vec<Vec<&str>> = corpus
        .policies()
        .map(|p| p.clauses.iter().map(|c| c.text.as_str()).collect())
        .collect();
    let clauses: Vec<&str> = policies.iter().flatten().copied().collect();
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
    group.bench_function("classify in context", |b| {
        b.iter(|| {
            policies
                .iter()
                .map(|p| classifier.classify_in_context(p).len())
                .sum::<usize>()
        })
    });
    group.bench_function("categories in context", |b| {
        b.iter(|| {
            policies
                .iter()
                .map(|p| classifier.categories_in_context(p).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_classify);
criterion_main!(benches);
