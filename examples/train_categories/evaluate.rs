//! Measuring a model: the outer cross-validation by policy (`--eval`) and
//! the classification speed (`--speed-only`, and after `--eval`).

use crate::data::{segments_of, Data};
use crate::{fit, Options, C, OUTER_FOLDS};
use anyhow::{Context as _, Result};
use clause::categories::{Category, CategorySet, Classifier};
use std::time::Instant;

/// Outer cross-validation by policy over `--folds`: prints P, R and F1 per
/// category, micro and macro, then the speed of the last fold's model.
pub(crate) fn evaluate(data: &Data, opts: &Options) -> Result<()> {
    let mut counts = [[0usize; 3]; C]; // tp, predicted, gold
    let mut unlabelled = 0;
    let mut last = None;
    let mut dump = String::new();
    for &fold in &opts.folds {
        let (train, test): (Vec<usize>, Vec<usize>) =
            (0..data.policies.len()).partition(|p| p % OUTER_FOLDS != fold);
        eprintln!(
            "fold {fold} (test: policies i with i mod {OUTER_FOLDS} = {fold}): {} training / {} \
             test policies",
            train.len(),
            test.len()
        );
        let json = serde_json::to_string(&fit(data, &train, fold, opts))?;
        let classifier = Classifier::from_json(&json)?;
        let (mut tp, mut np, mut ng) = (0, 0, 0);
        let mut tested = Vec::new();
        for &p in &test {
            // Each test policy is classified as a whole, in context.
            let segments = segments_of(data, &[p]);
            let texts: Vec<&str> = segments
                .iter()
                .map(|&s| data.segments[s].text.as_str())
                .collect();
            let labels = classifier.classify_in_context(&texts);
            let scores = classifier.scores_in_context(&texts);
            tested.extend(segments.into_iter().zip(labels).zip(scores));
        }
        for ((s, labels), scores) in tested {
            let seg = &data.segments[s];
            let predicted = labels.iter().fold(0u16, |m, l| m | 1 << l.category.index());
            unlabelled += usize::from(predicted == 0);
            if opts.dump.is_some() {
                let json = serde_json::json!({
                    "policy": seg.policy, "seg": s, "gold": seg.labels, "predicted": predicted,
                    "scores": scores,
                    "text": seg.text,
                });
                dump.push_str(&format!("{json}\n"));
            }

            for (c, k) in counts.iter_mut().enumerate() {
                let (p, g) = (predicted & 1 << c != 0, seg.labels & 1 << c != 0);
                k[0] += usize::from(p && g);
                k[1] += usize::from(p);
                k[2] += usize::from(g);
            }
            tp += (predicted & seg.labels).count_ones();
            np += predicted.count_ones();
            ng += seg.labels.count_ones();
        }
        eprintln!(
            "  test micro-F1 {:.3}",
            2.0 * f64::from(tp) / f64::from((np + ng).max(1))
        );
        last = Some(classifier);
    }
    let f1 = |tp: usize, p: usize, g: usize| 2.0 * tp as f64 / (p + g).max(1) as f64;
    let ratio = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    let tested: usize = opts
        .folds
        .iter()
        .map(|&f| {
            (0..data.policies.len())
                .filter(|p| p % OUTER_FOLDS == f)
                .count()
        })
        .sum();
    println!(
        "{OUTER_FOLDS}-fold cross-validation by policy, folds {:?} tested ({} of {} policies, \
         {} segments in all)",
        opts.folds,
        tested,
        data.policies.len(),
        data.segments.len()
    );
    println!(
        "{:<14} {:>9} {:>6} {:>6} {:>6}",
        "category", "support", "P", "R", "F1"
    );
    for (c, k) in Category::ALL.iter().zip(&counts) {
        let [tp, p, g] = *k;
        println!(
            "{:<14} {:>9} {:>6.3} {:>6.3} {:>6.3}",
            c.short_name(),
            g,
            ratio(tp, p),
            ratio(tp, g),
            f1(tp, p, g)
        );
    }
    let sum = |i: usize| counts.iter().map(|k| k[i]).sum::<usize>();
    let macro_f1 = counts.iter().map(|k| f1(k[0], k[1], k[2])).sum::<f64>() / C as f64;
    println!(
        "micro P {:.3} R {:.3} F1 {:.3}; macro-F1 {:.3}",
        ratio(sum(0), sum(1)),
        ratio(sum(0), sum(2)),
        f1(sum(0), sum(1), sum(2)),
        macro_f1
    );
    println!("{unlabelled} segments got no label");
    if let Some(path) = &opts.dump {
        std::fs::write(path, dump).with_context(|| path.display().to_string())?;
    }
    if let Some(classifier) = last {
        speed(data, &classifier);
    }
    Ok(())
}

/// Classification speed on this thread, in CPU time (the machine may be
/// shared): OPP-115 segments, and the clauses of the embedded corpus.
pub(crate) fn speed(data: &Data, classifier: &Classifier) {
    let segments: Vec<Vec<&str>> = (0..data.policies.len())
        .map(|p| {
            segments_of(data, &[p])
                .into_iter()
                .map(|s| data.segments[s].text.as_str())
                .collect()
        })
        .collect();
    measure("OPP-115 segments", &segments, classifier);
    let source = clause::corpus::CorpusSource::Embedded;
    if let Ok(corpus) = clause::corpus::Corpus::load(&source, Default::default()) {
        let clauses: Vec<Vec<&str>> = corpus
            .policies
            .iter()
            .map(|p| p.clauses.iter().map(|c| c.text.as_str()).collect())
            .collect();
        measure("embedded corpus clauses", &clauses, classifier);
    }
}

/// Clauses per second of CPU time for each way of classifying `policies`
/// (each a policy's texts in order), after checking that the label-only
/// calls agree with the ones that give cues.
fn measure(what: &str, policies: &[Vec<&str>], classifier: &Classifier) {
    let texts: Vec<&str> = policies.iter().flatten().copied().collect();
    let chars = texts.iter().map(|t| t.chars().count()).sum::<usize>();
    let alone_agrees = texts.iter().all(|t| {
        let labels: CategorySet = classifier.classify(t).iter().map(|l| l.category).collect();
        labels == classifier.categories(t)
    });
    let in_context_agrees = policies.iter().all(|p| {
        let sets: Vec<CategorySet> = classifier
            .classify_in_context(p)
            .iter()
            .map(|labels| labels.iter().map(|l| l.category).collect())
            .collect();
        sets == classifier.categories_in_context(p)
    });
    let verdict = |same: bool| if same { "agrees" } else { "DISAGREES" };
    println!(
        "speed on {what} ({} texts in {} policies, mean {} chars; categories {} with \
         classify alone, {} in context):",
        texts.len(),
        policies.len(),
        chars / texts.len().max(1),
        verdict(alone_agrees),
        verdict(in_context_agrees),
    );
    let rate = |f: &dyn Fn() -> usize| {
        let cpu = thread_cpu_seconds();
        let (mut done, mut labels) = (0usize, 0usize);
        while done == 0 || thread_cpu_seconds() - cpu < 2.0 {
            labels += f();
            done += texts.len();
        }
        let secs = thread_cpu_seconds() - cpu;
        (done as f64 / secs, labels as f64 / done.max(1) as f64)
    };
    let runs: [(&str, &dyn Fn() -> usize); 4] = [
        ("classify()", &|| {
            texts.iter().map(|t| classifier.classify(t).len()).sum()
        }),
        ("categories()", &|| {
            texts.iter().map(|t| classifier.categories(t).len()).sum()
        }),
        ("classify_in_context()", &|| {
            policies
                .iter()
                .flat_map(|p| classifier.classify_in_context(p))
                .map(|labels| labels.len())
                .sum()
        }),
        ("categories_in_context()", &|| {
            policies
                .iter()
                .flat_map(|p| classifier.categories_in_context(p))
                .map(|set| set.len())
                .sum()
        }),
    ];
    for (name, run) in runs {
        let (per_sec, labels) = rate(run);
        println!("  {name:<24} {per_sec:>8.0}/s per core of CPU time; {labels:.2} labels each");
    }
}

/// CPU time of this thread (Linux), else wall time since first call.
fn thread_cpu_seconds() -> f64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or_else(
            || START.get_or_init(Instant::now).elapsed().as_secs_f64(),
            |ns| ns / 1e9,
        )
}
