//! The linear model: one-vs-rest logistic regression (L2, fitted by
//! L-BFGS) per category; each category keeps its `--top-k` strongest
//! features and is refitted on them. The inner cross-validation picks each
//! category's L2 strength and the thresholds.

use crate::data::{distilled, segments_of, Data, TrainingSet};
use crate::decide::{best_threshold, decide, round};
use crate::{Options, C, INNER_FOLDS};
use clause::categories::{Category, CategoryModel, ModelFile, FORMAT};
use rayon::prelude::*;
use std::collections::HashMap;

/// A fitted category: bias and weights by corpus-wide feature id.
struct Fitted {
    bias: f64,
    weights: Vec<(u32, f64)>,
}

impl Fitted {
    fn prob(&self, doc: &(Vec<u32>, f32), lookup: &HashMap<u32, f64>) -> f64 {
        let (ids, x) = doc;
        let z = self.bias + ids.iter().filter_map(|i| lookup.get(i)).sum::<f64>() * f64::from(*x);
        1.0 / (1.0 + (-z).exp())
    }
}

/// Trains the linear model on the training set's policies (and the texts
/// of its teacher, if any): inner CV picks each category's L2 strength and
/// threshold, then the model is fitted on all of them. The teacher's texts
/// join every inner training fold.
pub(crate) fn fit_linear(data: &Data, set: &TrainingSet, opts: &Options) -> ModelFile {
    let (policies, teacher, train) = (set.policies, set.teacher, &set.segments);
    // oof[lambda][category][position in train]
    let mut oof = vec![vec![vec![0.0; train.len()]; C]; opts.lambdas.len()];
    for fold in 0..INNER_FOLDS {
        let (tr_p, va_p): (Vec<usize>, Vec<usize>) =
            (0..policies.len()).partition(|j| j % INNER_FOLDS != fold);
        let tr = segments_of(data, &tr_p.iter().map(|&j| policies[j]).collect::<Vec<_>>());
        let va = segments_of(data, &va_p.iter().map(|&j| policies[j]).collect::<Vec<_>>());
        for (l, &lambda) in opts.lambdas.iter().enumerate() {
            let fitted = train_all(data, &tr, teacher, &[lambda; C], opts);
            for (c, f) in fitted.iter().enumerate() {
                let lookup: HashMap<u32, f64> = f.weights.iter().copied().collect();
                for &s in &va {
                    oof[l][c][set.position[&s]] = f.prob(&data.docs[s], &lookup);
                }
            }
        }
    }
    // Each category's L2 strength: the one whose out-of-fold scores reach
    // the best F1 (at their best threshold).
    let mut chosen = [0; C];
    for c in 0..C {
        let gold: Vec<bool> = train
            .iter()
            .map(|&s| data.segments[s].labels & 1 << c != 0)
            .collect();
        let best = (0..opts.lambdas.len())
            .map(|l| (l, best_threshold(&oof[l][c], &gold)))
            .max_by(|a, b| a.1 .1.total_cmp(&b.1 .1).then(b.0.cmp(&a.0)))
            .unwrap_or((0, (0.5, 0.0)));
        chosen[c] = best.0;
    }
    let lambdas = chosen.map(|l| opts.lambdas[l]);
    let gold = set.gold(data);
    let probs: Vec<[f64; C]> = (0..train.len())
        .map(|p| std::array::from_fn(|c| oof[chosen[c]][c][p]))
        .collect();
    let (thresholds, plain, with_fallback) = decide(&probs, &gold);
    let fallback = with_fallback > plain;
    eprintln!(
        "  inner CV on {} policies: micro-F1 {plain:.3}, with fallback {with_fallback:.3}; \
         lambda {lambdas:?}",
        policies.len(),
    );
    let fitted = train_all(data, train, teacher, &lambdas, opts);
    let categories = Category::ALL
        .iter()
        .zip(&fitted)
        .zip(thresholds)
        .map(|((c, f), t)| CategoryModel {
            category: c.short_name().to_string(),
            bias: round(f.bias),
            threshold: round(t),
            weights: f
                .weights
                .iter()
                .map(|&(i, w)| (data.keys[i as usize].clone(), round(w)))
                .collect(),
            units: Vec::new(),
        })
        .collect();
    ModelFile {
        format: FORMAT.to_string(),
        about: format!(
            "OPP-115 ({} policies, majority labels); one-vs-rest L2 logistic regression over \
             stemmed 1..{}-grams (min df {}, value n-grams^-{}), {} targets, top {} features \
             per category, refitted; L2 strength, thresholds (joint, for micro-F1) and fallback \
             by inner {INNER_FOLDS}-fold CV by policy{}",
            policies.len(),
            opts.max_n,
            opts.min_df,
            opts.norm_power,
            if opts.soft { "vote-share" } else { "majority" },
            opts.top_k,
            distilled(data, opts),
        ),
        max_n: opts.max_n,
        norm_power: opts.norm_power,
        fallback,
        categories,
        hidden: None,
        context: None,
    }
}

/// Fits every category on the segments `train` and the texts of
/// `teacher` (one L2 strength each).
fn train_all(
    data: &Data,
    train: &[usize],
    teacher: usize,
    lambdas: &[f64; C],
    opts: &Options,
) -> Vec<Fitted> {
    let first = data.segments.len();
    let taught: Vec<usize> = (first..data.docs.len()).collect();
    let mut df: HashMap<u32, usize> = HashMap::new();
    for &s in train.iter().chain(&taught) {
        for &f in &data.docs[s].0 {
            *df.entry(f).or_default() += 1;
        }
    }
    let mut vocab: Vec<u32> = df
        .into_iter()
        .filter(|&(_, n)| n >= opts.min_df)
        .map(|(f, _)| f)
        .collect();
    vocab.sort_unstable();
    let local: HashMap<u32, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, &f)| (f, i as u32))
        .collect();
    let docs: Vec<(Vec<u32>, f64)> = train
        .iter()
        .chain(&taught)
        .map(|&s| {
            let (ids, x) = &data.docs[s];
            (
                ids.iter().filter_map(|f| local.get(f).copied()).collect(),
                f64::from(*x),
            )
        })
        .collect();
    (0..C)
        .into_par_iter()
        .map(|c| {
            let y: Vec<(f64, f64)> = train
                .iter()
                .map(|&s| {
                    let seg = &data.segments[s];
                    let y = if opts.soft {
                        f64::from(seg.soft[c])
                    } else {
                        f64::from(u8::from(seg.labels & 1 << c != 0))
                    };
                    (y, 1.0)
                })
                .chain(data.teacher.iter().map(|t| {
                    (
                        f64::from(t[teacher].map_or(0.0, |p| p[c])),
                        opts.teacher_weight,
                    )
                }))
                .collect();
            let full = logistic(&docs, &y, train.len(), vocab.len(), lambdas[c], None, None);
            let mut order: Vec<usize> = (0..vocab.len()).filter(|&j| full[j] != 0.0).collect();
            order.sort_by(|&a, &b| full[b].abs().total_cmp(&full[a].abs()).then(a.cmp(&b)));
            order.truncate(opts.top_k);
            let mut mask = vec![false; vocab.len() + 1];
            order.iter().for_each(|&j| mask[j] = true);
            mask[vocab.len()] = true;
            let start: Vec<f64> = full
                .iter()
                .zip(&mask)
                .map(|(w, m)| if *m { *w } else { 0.0 })
                .collect();
            let w = logistic(
                &docs,
                &y,
                train.len(),
                vocab.len(),
                lambdas[c],
                Some(&mask),
                Some(start),
            );
            order.sort_unstable();
            Fitted {
                bias: w[vocab.len()],
                weights: order
                    .iter()
                    .map(|&j| (vocab[j], w[j]))
                    .filter(|p| p.1.abs() >= 5e-5)
                    .collect(),
            }
        })
        .collect()
}

/// L2-regularized logistic regression fitted by L-BFGS on soft targets
/// `y` = (target, weight); the loss is the weighted sum over the docs
/// divided by `n`. The last parameter is the (unregularized) bias. `mask`
/// freezes parameters at 0.
fn logistic(
    docs: &[(Vec<u32>, f64)],
    y: &[(f64, f64)],
    n: usize,
    dim: usize,
    lambda: f64,
    mask: Option<&[bool]>,
    start: Option<Vec<f64>>,
) -> Vec<f64> {
    let n = n.max(1) as f64;
    let objective = |w: &[f64], g: &mut [f64]| -> f64 {
        g.iter_mut().zip(w).for_each(|(g, w)| *g = lambda * w);
        g[dim] = 0.0;
        let mut loss = 0.5 * lambda * w[..dim].iter().map(|w| w * w).sum::<f64>();
        for ((ids, x), &(yi, weight)) in docs.iter().zip(y) {
            let z = w[dim] + x * ids.iter().map(|&j| w[j as usize]).sum::<f64>();
            // log(1 + e^z) - y z, computed stably
            let softplus = if z > 0.0 {
                z + (-z).exp().ln_1p()
            } else {
                z.exp().ln_1p()
            };
            loss += weight * (softplus - yi * z) / n;
            let r = weight * (1.0 / (1.0 + (-z).exp()) - yi) / n;
            ids.iter().for_each(|&j| g[j as usize] += r * x);
            g[dim] += r;
        }
        if let Some(m) = mask {
            g.iter_mut()
                .zip(m)
                .filter(|(_, m)| !**m)
                .for_each(|(g, _)| *g = 0.0);
        }
        loss
    };
    lbfgs(objective, start.unwrap_or_else(|| vec![0.0; dim + 1]), 400)
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(a, b)| a * b).sum()
}

/// Minimizes `f` (which fills the gradient) from `x` by L-BFGS with a
/// backtracking (Armijo) line search.
fn lbfgs(f: impl Fn(&[f64], &mut [f64]) -> f64, mut x: Vec<f64>, max_iter: usize) -> Vec<f64> {
    const M: usize = 10;
    let n = x.len();
    let mut g = vec![0.0; n];
    let mut fx = f(&x, &mut g);
    let mut hist: std::collections::VecDeque<(Vec<f64>, Vec<f64>, f64)> = Default::default();
    let (mut xn, mut gn) = (vec![0.0; n], vec![0.0; n]);
    for _ in 0..max_iter {
        let mut q = g.clone();
        let mut alphas = Vec::with_capacity(hist.len());
        for (s, y, rho) in hist.iter().rev() {
            let a = rho * dot(s, &q);
            q.iter_mut().zip(y).for_each(|(q, y)| *q -= a * y);
            alphas.push(a);
        }
        let gamma = match hist.back() {
            Some((s, y, _)) => dot(s, y) / dot(y, y),
            None => 1.0 / dot(&g, &g).sqrt().max(1e-12),
        };
        q.iter_mut().for_each(|q| *q *= gamma);
        for ((s, y, rho), a) in hist.iter().zip(alphas.iter().rev()) {
            let b = rho * dot(y, &q);
            q.iter_mut().zip(s).for_each(|(q, s)| *q += (a - b) * s);
        }
        let mut d: Vec<f64> = q.iter().map(|q| -q).collect();
        let mut gd = dot(&g, &d);
        if gd >= 0.0 {
            d = g.iter().map(|g| -g).collect();
            gd = dot(&g, &d);
            hist.clear();
        }
        let mut step = 1.0;
        let mut fnew;
        loop {
            xn.iter_mut()
                .zip(&x)
                .zip(&d)
                .for_each(|((xn, x), d)| *xn = x + step * d);
            fnew = f(&xn, &mut gn);
            if fnew <= fx + 1e-4 * step * gd || step < 1e-12 {
                break;
            }
            step *= 0.5;
        }
        let s: Vec<f64> = xn.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = gn.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&s, &y);
        if sy > 1e-12 {
            if hist.len() == M {
                hist.pop_front();
            }
            hist.push_back((s, y, 1.0 / sy));
        }
        let done = (fx - fnew).abs() <= 1e-9 * fx.abs().max(1.0);
        std::mem::swap(&mut x, &mut xn);
        std::mem::swap(&mut g, &mut gn);
        fx = fnew;
        if done || step < 1e-12 {
            break;
        }
    }
    x
}
