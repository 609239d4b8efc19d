//! Version diffs on the real corpus (../shared/corpus when present, else
//! the embedded corpus): the diff of the consecutive pair of versions
//! nearest 150 KB, and the `clause versions` timeline (load the company's
//! files, diff each version with the one before) of the company with the
//! most versions.

use clause::corpus::{load, Corpus, CorpusSource, LoadOptions, Policy};
use clause::versions;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::path::Path;

const TARGET_BYTES: usize = 150_000;

fn source() -> CorpusSource {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    match load::policy_paths(&shared) {
        Ok(paths) if !paths.is_empty() => CorpusSource::Path(shared),
        _ => CorpusSource::Embedded,
    }
}

/// Consecutive versions of one company, both nearest `TARGET_BYTES`.
fn pair_near_target(corpus: &Corpus) -> Option<(&Policy, &Policy)> {
    corpus
        .companies()
        .into_iter()
        .flat_map(|c| {
            c.versions
                .windows(2)
                .map(|w| (w[0], w[1]))
                .collect::<Vec<_>>()
        })
        .min_by_key(|(a, b)| {
            a.text_len
                .abs_diff(TARGET_BYTES)
                .max(b.text_len.abs_diff(TARGET_BYTES))
        })
}

fn bench_diff(c: &mut Criterion) {
    let source = source();
    let corpus = Corpus::load(&source, LoadOptions::default()).expect("corpus");
    let Some((old, new)) = pair_near_target(&corpus) else {
        return;
    };
    let name = format!(
        "{} → {} ({} KB → {} KB)",
        old.meta.reference(),
        new.meta.date.as_deref().unwrap_or("undated"),
        old.text_len / 1000,
        new.text_len / 1000
    );
    let mut group = c.benchmark_group("diff");
    group.bench_with_input(BenchmarkId::new("pair", name), &(old, new), |b, (o, n)| {
        b.iter(|| versions::diff(o, n).summary.clause_changes())
    });
    group.finish();

    let Some(busiest) = corpus
        .companies()
        .into_iter()
        .max_by_key(|c| c.versions.len())
    else {
        return;
    };
    let company = busiest.name.to_string();
    let label = format!("{company} ({} versions)", busiest.versions.len());
    let mut group = c.benchmark_group("versions");
    group.sample_size(20);
    group.bench_with_input(
        BenchmarkId::new("timeline", label),
        &company,
        |b, company| {
            b.iter(|| {
                let mine = Corpus::load_companies(&source, &[company], LoadOptions::default())
                    .expect("company");
                (1..mine.len())
                    .map(|p| {
                        versions::diff(mine.policy(p - 1), mine.policy(p))
                            .summary
                            .clause_changes()
                    })
                    .sum::<usize>()
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench_diff);
criterion_main!(benches);
