//! The decision rule: per-category thresholds chosen on out-of-fold
//! probabilities, and whether the fallback label (the category closest to
//! its threshold when none reaches it) helps.

use crate::C;

/// Thresholds for out-of-fold `probs`: each category's maximizing its own
/// F1, then refined together (coordinate ascent) for micro-F1; and the
/// micro-F1 they give without and with the fallback label.
pub(crate) fn decide(probs: &[[f64; C]], gold: &[u16]) -> ([f64; C], f64, f64) {
    let mut thresholds: [f64; C] = std::array::from_fn(|c| {
        let p: Vec<f64> = probs.iter().map(|p| p[c]).collect();
        let g: Vec<bool> = gold.iter().map(|g| g & 1 << c != 0).collect();
        best_threshold(&p, &g).0
    });
    let fallback =
        micro_f1(probs, gold, &thresholds, true) > micro_f1(probs, gold, &thresholds, false);
    let mut best = micro_f1(probs, gold, &thresholds, fallback);
    for _ in 0..3 {
        for c in 0..C {
            let mut candidates: Vec<f64> = probs.iter().map(|p| p[c]).collect();
            candidates.sort_by(f64::total_cmp);
            let step = (candidates.len() / 200).max(1);
            for k in (step..candidates.len()).step_by(step) {
                let mut t = thresholds;
                t[c] = (candidates[k - 1] + candidates[k]) / 2.0;
                if t[c] <= 1e-4 {
                    continue;
                }
                let f = micro_f1(probs, gold, &t, fallback);
                if f > best + 1e-9 {
                    best = f;
                    thresholds = t;
                }
            }
        }
    }
    let plain = micro_f1(probs, gold, &thresholds, false);
    let fallback = micro_f1(probs, gold, &thresholds, true);
    (thresholds, plain, fallback)
}

/// The categories `probs` give at `thresholds` (with the fallback label).
fn predict(probs: &[f64; C], thresholds: &[f64; C], fallback: bool) -> u16 {
    let predicted = (0..C)
        .filter(|&c| probs[c] >= thresholds[c])
        .fold(0u16, |m, c| m | 1 << c);
    if predicted != 0 || !fallback {
        return predicted;
    }
    let ratio = |c: usize| probs[c] / thresholds[c];
    (0..C)
        .max_by(|&a, &b| ratio(a).total_cmp(&ratio(b)))
        .map_or(0, |c| 1 << c)
}

/// Micro-F1 of the categories `probs` give at `thresholds`.
fn micro_f1(probs: &[[f64; C]], gold: &[u16], thresholds: &[f64; C], fallback: bool) -> f64 {
    let (mut tp, mut n) = (0, 0);
    for (p, &g) in probs.iter().zip(gold) {
        let predicted = predict(p, thresholds, fallback);
        tp += (predicted & g).count_ones();
        n += predicted.count_ones() + g.count_ones();
    }
    2.0 * f64::from(tp) / f64::from(n.max(1))
}

/// A weight or threshold rounded to 4 decimals for the model file.
pub(crate) fn round(v: f64) -> f32 {
    ((v * 1e4).round() / 1e4) as f32
}

/// The threshold maximizing F1 of `probs` against `gold`, and that F1.
pub(crate) fn best_threshold(probs: &[f64], gold: &[bool]) -> (f64, f64) {
    let mut order: Vec<usize> = (0..probs.len()).collect();
    order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]));
    let positives = gold.iter().filter(|g| **g).count();
    let (mut best, mut best_f1, mut tp) = (0.5, 0.0, 0);
    for (k, &i) in order.iter().enumerate() {
        tp += usize::from(gold[i]);
        let f1 = 2.0 * tp as f64 / (k + 1 + positives) as f64;
        let next = order.get(k + 1).map_or(0.0, |&j| probs[j]);
        if f1 > best_f1 && probs[i] > next {
            best_f1 = f1;
            best = (probs[i] + next) / 2.0;
        }
    }
    (best.clamp(1e-4, 1.0), best_f1)
}
