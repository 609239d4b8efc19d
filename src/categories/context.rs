//! The context stage: a clause's categories read in its policy. Annotators
//! label a paragraph knowing the section around it, so a clause between
//! two clauses about collection is more likely about collection itself.
//! The stage rescores each category of a clause by a logistic regression
//! over the clause's own log-odds and [`INPUTS`]: the probabilities its
//! neighbours got from the clause model, the policy's mean, and where the
//! clause stands in the policy.

use super::{Category, CategorySet};
use serde::{Deserialize, Serialize};

/// What the context stage reads besides a clause's own log-odds, in the
/// order of [`ContextCategory::weights`] (after the own log-odds).
pub const INPUTS: [&str; 6] = [
    "previous clause",
    "next clause",
    "clause before the previous",
    "clause after the next",
    "policy mean",
    "position",
];

/// Number of weights of a context category: the own log-odds, then
/// [`INPUTS`].
pub const WEIGHTS: usize = INPUTS.len() + 1;

/// Own log-odds are clamped to this magnitude before weighting.
const MAX_LOG_ODDS: f32 = 12.0;

/// The serialized context stage (part of a model file).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextLayer {
    /// When no category reaches its threshold, assign the one closest to
    /// its threshold anyway.
    pub fallback: bool,
    /// One entry per category.
    pub categories: Vec<ContextCategory>,
}

/// One category's context regression.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextCategory {
    /// Short name (see [`Category::short_name`]).
    pub category: String,
    /// Intercept of the regression, in log-odds.
    pub bias: f32,
    /// Probability from which the category is assigned in context.
    pub threshold: f32,
    /// Weight of the own log-odds, then of each of [`INPUTS`].
    pub weights: Vec<f32>,
}

/// A context layer that does not fit the model.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ContextError {
    /// A short name that is no category.
    #[error("context stage: unknown category '{0}'")]
    UnknownCategory(String),
    /// A category with two regressions.
    #[error("context stage: category '{0}' given twice")]
    DuplicateCategory(String),
    /// A category without a regression.
    #[error("context stage: category '{0}' missing")]
    MissingCategory(&'static str),
    /// A category with a non-finite weight or bias, a threshold outside
    /// (0, 1], or not [`WEIGHTS`] weights.
    #[error("context stage: weights or threshold of '{0}' invalid")]
    BadCategory(String),
}

/// The context stage as the classifier uses it.
#[derive(Debug, Clone)]
pub struct Context {
    fallback: bool,
    bias: [f32; 10],
    threshold: [f32; 10],
    weights: [[f32; WEIGHTS]; 10],
}

/// A clause's probabilities in context: the final probability of each
/// category, and how much of its log-odds its place in the policy (the
/// neighbours, the policy mean, the position) contributed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InContext {
    /// Final probability of each category, by [`Category::index`].
    pub scores: [f32; 10],
    /// Log-odds each category's score got from the clause's place.
    pub context: [f32; 10],
}

impl Context {
    /// Checks a serialized layer.
    pub fn new(layer: &ContextLayer) -> Result<Context, ContextError> {
        let mut seen = [false; 10];
        let mut context = Context {
            fallback: layer.fallback,
            bias: [0.0; 10],
            threshold: [1.0; 10],
            weights: [[0.0; WEIGHTS]; 10],
        };
        for cc in &layer.categories {
            let c = Category::from_short_name(&cc.category)
                .ok_or_else(|| ContextError::UnknownCategory(cc.category.clone()))?;
            let i = c.index();
            if std::mem::replace(&mut seen[i], true) {
                return Err(ContextError::DuplicateCategory(cc.category.clone()));
            }
            let valid = cc.bias.is_finite()
                && cc.threshold > 0.0
                && cc.threshold <= 1.0
                && cc.weights.len() == WEIGHTS
                && cc.weights.iter().all(|w| w.is_finite());
            if !valid {
                return Err(ContextError::BadCategory(cc.category.clone()));
            }
            context.bias[i] = cc.bias;
            context.threshold[i] = cc.threshold;
            context.weights[i].copy_from_slice(&cc.weights);
        }
        match seen.iter().position(|s| !s) {
            Some(i) => Err(ContextError::MissingCategory(Category::ALL[i].short_name())),
            None => Ok(context),
        }
    }

    /// Rescores the clauses of one policy, in order, from the clause
    /// model's probabilities (`None` for a clause without words, which
    /// reads as all zeros to its neighbours and gets no categories).
    pub fn apply(&self, probs: &[Option<[f32; 10]>]) -> Vec<Option<InContext>> {
        let inputs = inputs(probs);
        probs
            .iter()
            .zip(inputs)
            .map(|(own, input)| {
                let own = (*own)?;
                let mut out = InContext {
                    scores: [0.0; 10],
                    context: [0.0; 10],
                };
                for c in 0..10 {
                    let w = &self.weights[c];
                    let placed: f32 = w[1..].iter().zip(&input[c]).map(|(w, x)| w * x).sum();
                    let z = self.bias[c] + w[0] * log_odds(own[c]) + placed;
                    out.scores[c] = 1.0 / (1.0 + (-z).exp());
                    out.context[c] = placed;
                }
                Some(out)
            })
            .collect()
    }

    /// The categories reaching their context thresholds, else (with the
    /// fallback) the one closest to its threshold.
    pub fn decide(&self, scores: &[f32; 10]) -> CategorySet {
        decide(scores, &self.threshold, self.fallback)
    }
}

/// The categories of `scores` reaching `threshold`, else (with `fallback`)
/// the one with the highest score relative to its threshold.
pub fn decide(scores: &[f32; 10], threshold: &[f32; 10], fallback: bool) -> CategorySet {
    let mut chosen: CategorySet = Category::ALL
        .into_iter()
        .filter(|c| scores[c.index()] >= threshold[c.index()])
        .collect();
    if chosen.is_empty() && fallback {
        let ratio = |c: &Category| scores[c.index()] / threshold[c.index()];
        chosen.extend(
            Category::ALL
                .into_iter()
                .max_by(|a, b| ratio(a).total_cmp(&ratio(b))),
        );
    }
    chosen
}

/// The log-odds of a probability, clamped to ±[`MAX_LOG_ODDS`].
pub fn log_odds(p: f32) -> f32 {
    (p / (1.0 - p)).ln().clamp(-MAX_LOG_ODDS, MAX_LOG_ODDS)
}

/// [`INPUTS`] of every clause of a policy and every category
/// (`[clause][category][input]`), from the clause model's probabilities.
pub fn inputs(probs: &[Option<[f32; 10]>]) -> Vec<[[f32; INPUTS.len()]; 10]> {
    let n = probs.len();
    let at = |i: usize, d: isize, c: usize| -> f32 {
        i.checked_add_signed(d)
            .and_then(|j| probs.get(j))
            .and_then(|p| p.map(|p| p[c]))
            .unwrap_or(0.0)
    };
    let mut mean = [0.0; 10];
    for p in probs.iter().flatten() {
        mean.iter_mut().zip(p).for_each(|(m, p)| *m += p);
    }
    mean.iter_mut().for_each(|m| *m /= n.max(1) as f32);
    (0..n)
        .map(|i| {
            let position = if n > 1 {
                i as f32 / (n - 1) as f32
            } else {
                0.0
            };
            std::array::from_fn(|c| {
                [
                    at(i, -1, c),
                    at(i, 1, c),
                    at(i, -2, c),
                    at(i, 2, c),
                    mean[c],
                    position,
                ]
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(neighbour_weight: f32) -> ContextLayer {
        ContextLayer {
            fallback: false,
            categories: Category::ALL
                .iter()
                .map(|c| ContextCategory {
                    category: c.short_name().into(),
                    bias: -1.0,
                    threshold: 0.5,
                    weights: vec![1.0, neighbour_weight, neighbour_weight, 0.0, 0.0, 0.0, 0.0],
                })
                .collect(),
        }
    }

    fn probs(first_party: &[f32]) -> Vec<Option<[f32; 10]>> {
        first_party
            .iter()
            .map(|&p| {
                let mut all = [0.01; 10];
                all[0] = p;
                Some(all)
            })
            .collect()
    }

    #[test]
    fn neighbours_about_a_category_lift_an_uncertain_clause_into_it() {
        let context = Context::new(&layer(3.0)).expect("valid layer");
        let alone = context.apply(&probs(&[0.01, 0.6, 0.01]));
        let among = context.apply(&probs(&[0.95, 0.6, 0.95]));
        let (alone, among) = (alone[1].expect("words"), among[1].expect("words"));
        assert!(!context.decide(&alone.scores).contains(Category::FirstParty));
        assert!(context.decide(&among.scores).contains(Category::FirstParty));
        assert!(among.context[0] > 5.0, "{:?}", among.context);
    }

    #[test]
    fn inputs_read_neighbours_within_the_policy_and_zero_beyond_it() {
        let got = inputs(&probs(&[0.2, 0.4, 0.6]));
        assert_eq!(got.len(), 3);
        assert_eq!(got[0][0][..4], [0.0, 0.4, 0.0, 0.6]);
        assert_eq!(got[2][0][..4], [0.4, 0.0, 0.2, 0.0]);
        assert!((got[1][0][4] - 0.4).abs() < 1e-6);
        assert_eq!([got[0][0][5], got[1][0][5], got[2][0][5]], [0.0, 0.5, 1.0]);
    }

    #[test]
    fn a_clause_without_words_gets_nothing_and_reads_as_zero() {
        let context = Context::new(&layer(3.0)).expect("valid layer");
        let mut p = probs(&[0.9, 0.9]);
        p.insert(1, None);
        let out = context.apply(&p);
        assert!(out[1].is_none());
        assert_eq!(inputs(&p)[0][0][1], 0.0);
    }

    #[test]
    fn layers_with_missing_or_invalid_categories_are_refused() {
        let mut bad = layer(1.0);
        bad.categories.pop();
        assert_eq!(
            Context::new(&bad).err(),
            Some(ContextError::MissingCategory("other"))
        );
        let mut bad = layer(1.0);
        bad.categories[2].weights.pop();
        assert!(matches!(
            Context::new(&bad),
            Err(ContextError::BadCategory(_))
        ));
        let mut bad = layer(f32::NAN);
        bad.categories.truncate(10);
        assert!(Context::new(&bad).is_err());
    }
}
