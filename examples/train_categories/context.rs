//! Fits the context stage: per category, a logistic regression over a
//! clause's own log-odds and its place in the policy (see
//! `clause::categories::context`), on out-of-fold scores of the training
//! policies, by Newton's method with a small L2 penalty on the weights.

use clause::categories::context::{inputs, log_odds, WEIGHTS};
use clause::categories::{Category, ContextCategory, ContextLayer};

use super::C;

/// L2 penalty on the weights (not the bias), on the summed loss.
const L2: f64 = 1.0;
const NEWTON_STEPS: usize = 30;

/// Out-of-fold probabilities of one policy's segments, in order, with
/// their gold labels (`None`: a text without words).
pub struct PolicyScores {
    pub probs: Vec<Option<[f32; C]>>,
    pub gold: Vec<u16>,
}

/// The regression inputs of every segment (own log-odds first) and its
/// gold labels, policy by policy.
fn rows(policies: &[PolicyScores]) -> Vec<([[f64; WEIGHTS]; C], u16)> {
    let mut out = Vec::new();
    for policy in policies {
        let placed = inputs(&policy.probs);
        for ((own, input), &gold) in policy.probs.iter().zip(placed).zip(&policy.gold) {
            let Some(own) = own else { continue };
            let x = std::array::from_fn(|c| {
                let mut row = [0.0; WEIGHTS];
                row[0] = f64::from(log_odds(own[c]));
                row[1..]
                    .iter_mut()
                    .zip(&input[c])
                    .for_each(|(r, v)| *r = f64::from(*v));
                row
            });
            out.push((x, gold));
        }
    }
    out
}

/// Fits each category's regression; the thresholds and fallback are
/// decided afterwards (see [`layer`]).
pub fn fit(policies: &[PolicyScores]) -> [([f64; WEIGHTS], f64); C] {
    let rows = rows(policies);
    std::array::from_fn(|c| {
        let data: Vec<([f64; WEIGHTS], f64)> = rows
            .iter()
            .map(|(x, g)| (x[c], f64::from(u8::from(g & 1 << c != 0))))
            .collect();
        newton(&data)
    })
}

/// Probabilities of the context stage for the segments of `policies`
/// (in the order of [`rows`]), with their gold labels.
pub fn apply(
    fitted: &[([f64; WEIGHTS], f64); C],
    policies: &[PolicyScores],
) -> (Vec<[f64; C]>, Vec<u16>) {
    rows(policies)
        .into_iter()
        .map(|(x, g)| {
            let p = std::array::from_fn(|c| {
                let (w, b) = &fitted[c];
                let z = b + w.iter().zip(&x[c]).map(|(w, x)| w * x).sum::<f64>();
                1.0 / (1.0 + (-z).exp())
            });
            (p, g)
        })
        .unzip()
}

/// The serialized layer of fitted regressions and decided thresholds.
pub fn layer(
    fitted: &[([f64; WEIGHTS], f64); C],
    thresholds: &[f64; C],
    fallback: bool,
) -> ContextLayer {
    ContextLayer {
        fallback,
        categories: Category::ALL
            .iter()
            .enumerate()
            .map(|(c, cat)| ContextCategory {
                category: cat.short_name().to_string(),
                bias: crate::decide::round(fitted[c].1),
                threshold: crate::decide::round(thresholds[c]),
                weights: fitted[c]
                    .0
                    .iter()
                    .map(|&w| crate::decide::round(w))
                    .collect(),
            })
            .collect(),
    }
}

/// L2-penalized logistic regression (weights then bias) by Newton's method.
fn newton(data: &[([f64; WEIGHTS], f64)]) -> ([f64; WEIGHTS], f64) {
    const D: usize = WEIGHTS + 1;
    let mut beta = [0.0; D];
    for _ in 0..NEWTON_STEPS {
        let mut grad = [0.0; D];
        let mut hess = [[0.0; D]; D];
        for (x, y) in data {
            let mut v = [1.0; D];
            v[..WEIGHTS].copy_from_slice(x);
            let z: f64 = v.iter().zip(&beta).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let w = (p * (1.0 - p)).max(1e-9);
            for i in 0..D {
                grad[i] += (p - y) * v[i];
                for j in 0..D {
                    hess[i][j] += w * v[i] * v[j];
                }
            }
        }
        for i in 0..WEIGHTS {
            grad[i] += L2 * beta[i];
            hess[i][i] += L2;
        }
        hess[WEIGHTS][WEIGHTS] += 1e-9;
        let Some(step) = solve(hess, grad) else { break };
        beta.iter_mut().zip(&step).for_each(|(b, s)| *b -= s);
        if step.iter().all(|s| s.abs() < 1e-8) {
            break;
        }
    }
    let mut w = [0.0; WEIGHTS];
    w.copy_from_slice(&beta[..WEIGHTS]);
    (w, beta[WEIGHTS])
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve<const D: usize>(mut a: [[f64; D]; D], mut b: [f64; D]) -> Option<[f64; D]> {
    for col in 0..D {
        let pivot = (col..D).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let pivot_row = a[col];
        for row in col + 1..D {
            let f = a[row][col] / pivot_row[col];
            a[row][col..]
                .iter_mut()
                .zip(&pivot_row[col..])
                .for_each(|(x, p)| *x -= f * p);
            b[row] -= f * b[col];
        }
    }
    let mut x = [0.0; D];
    for row in (0..D).rev() {
        let s: f64 = (row + 1..D).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}
