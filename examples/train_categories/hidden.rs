//! The hidden-layer model (`--hidden H`): the inner cross-validation picks
//! the number of epochs and the thresholds, the network (see `mlp.rs`) is
//! trained on every training policy, and the context stage (see
//! `context.rs`) is fitted on the inner folds' out-of-fold probabilities.

use crate::data::{distilled, pair_slot, segments_of, Data, TrainingSet};
use crate::decide::{decide, round};
use crate::{context, mlp, Options, C, INNER_FOLDS, OUTER_FOLDS};
use clause::categories::{
    text, Category, CategoryModel, ContextLayer, HiddenLayer, ModelFile, FORMAT,
};
use rayon::prelude::*;
use std::collections::HashMap;

/// Features of a training set for the hidden-layer model: those in at
/// least `min_df` of its texts (teacher texts included), at most
/// `max_features` of them, the most frequent first; as sorted global ids.
struct Vocab {
    local: HashMap<u32, u32>,
    features: Vec<u32>,
}

impl Vocab {
    fn new(data: &Data, docs: &[usize], opts: &Options) -> Vocab {
        let mut df: HashMap<u32, usize> = HashMap::new();
        for &d in docs {
            for &f in &data.docs[d].0 {
                *df.entry(f).or_default() += 1;
            }
        }
        let mut kept: Vec<(u32, usize)> =
            df.into_iter().filter(|&(_, n)| n >= opts.min_df).collect();
        kept.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        kept.truncate(opts.max_features);
        let mut features: Vec<u32> = kept.into_iter().map(|(f, _)| f).collect();
        features.sort_unstable();
        let local = features
            .iter()
            .enumerate()
            .map(|(i, &f)| (f, i as u32))
            .collect();
        Vocab { local, features }
    }

    /// A document's features in this vocabulary, and its value.
    fn doc(&self, data: &Data, d: usize) -> (Vec<u32>, f32) {
        let (ids, x) = &data.docs[d];
        (
            ids.iter()
                .filter_map(|f| self.local.get(f).copied())
                .collect(),
            *x,
        )
    }
}

/// Trains the hidden-layer network on segments `train` plus the teacher's
/// texts, stopping at each of `epochs`.
fn train_hidden(
    data: &Data,
    train: &[usize],
    teacher: usize,
    opts: &Options,
    epochs: &[usize],
    mut checkpoint: impl FnMut(usize, &Vocab, &mlp::Net),
) {
    let first = data.segments.len();
    let taught: Vec<usize> = (first..data.docs.len())
        .filter(|&d| data.teacher[d - first][teacher].is_some())
        .collect();
    let all: Vec<usize> = train
        .iter()
        .copied()
        .chain(taught.iter().copied())
        .collect();
    let vocab = Vocab::new(data, &all, opts);
    let docs: Vec<(Vec<u32>, f32)> = all.iter().map(|&d| vocab.doc(data, d)).collect();
    let targets: Vec<([f32; C], f32)> = train
        .iter()
        .map(|&s| {
            let seg = &data.segments[s];
            let hard = std::array::from_fn(|c| f32::from(u8::from(seg.labels & 1 << c != 0)));
            (if opts.soft { seg.soft } else { hard }, 1.0)
        })
        .chain(taught.iter().map(|&d| {
            (
                data.teacher[d - first][teacher].unwrap_or([0.0; C]),
                opts.teacher_weight as f32,
            )
        }))
        .collect();
    let settings = mlp::Settings {
        hidden: opts.hidden,
        learning_rate: opts.learning_rate,
        dropout: opts.dropout,
        batch: 64,
        seed: 7,
    };
    mlp::train(
        &docs,
        &targets,
        vocab.features.len(),
        settings,
        epochs,
        |e, net| checkpoint(e, &vocab, net),
    );
}

/// Probabilities of segments (by index) from one checkpoint.
type Scored = Vec<(usize, [f64; C])>;

/// [`fit`](crate::fit) for the hidden-layer model: the inner CV picks the number of
/// epochs (the one whose out-of-fold scores reach the best micro-F1) and
/// the thresholds; then the network is trained on all the policies.
pub(crate) fn fit_hidden(data: &Data, set: &TrainingSet, opts: &Options) -> ModelFile {
    let (policies, teacher, train) = (set.policies, set.teacher, &set.segments);
    let folds = inner_folds(data, policies, teacher);
    let inner_count = folds.len();
    let inner_kind = if folds.iter().all(|f| f.2 == teacher) {
        "policy j of the list in fold j mod 4"
    } else {
        "the outer folds, each with a teacher that never saw it"
    };
    let inner: Vec<Vec<Scored>> = folds
        .into_par_iter()
        .map(|(tr_p, va_p, inner_teacher)| {
            let tr = segments_of(data, &tr_p);
            let va = segments_of(data, &va_p);
            let mut scores = Vec::new();
            train_hidden(
                data,
                &tr,
                inner_teacher,
                opts,
                &opts.epochs,
                |_, vocab, net| {
                    scores.push(
                        va.iter()
                            .map(|&s| {
                                let (ids, x) = vocab.doc(data, s);
                                (s, net.probs(&ids, x))
                            })
                            .collect(),
                    );
                },
            );
            scores
        })
        .collect();
    // The inner CV's out-of-fold probabilities after the `k`th number of epochs.
    let out_of_fold = |k: usize| {
        let mut probs = vec![[0.0; C]; train.len()];
        for (s, p) in inner.iter().flat_map(|fold| &fold[k]) {
            probs[set.position[s]] = *p;
        }
        probs
    };
    let gold = set.gold(data);
    let mut best: Option<(f64, usize, [f64; C], bool)> = None;
    for (k, &epochs) in opts.epochs.iter().enumerate() {
        let probs = out_of_fold(k);
        let (thresholds, plain, with_fallback) = decide(&probs, &gold);
        let f1 = plain.max(with_fallback);
        eprintln!(
            "  inner CV, {epochs} epochs: micro-F1 {plain:.3}, with fallback {with_fallback:.3}"
        );
        if best.is_none_or(|b| f1 > b.0 + 1e-9) {
            best = Some((f1, epochs, thresholds, with_fallback > plain));
        }
    }
    let (_, epochs, thresholds, fallback) = best.unwrap_or((0.0, opts.epochs[0], [0.5; C], true));
    let context = opts.context.then(|| {
        let k = opts.epochs.iter().position(|&e| e == epochs).unwrap_or(0);
        context_layer(data, train, &out_of_fold(k))
    });
    let mut model = None;
    train_hidden(data, train, teacher, opts, &[epochs], |_, vocab, net| {
        model = Some(hidden_model(data, vocab, net, &thresholds));
    });
    let (categories, hidden) = model.unwrap_or_default();
    ModelFile {
        format: FORMAT.to_string(),
        about: format!(
            "OPP-115 ({} policies, majority labels); stemmed 1..{}-grams (min df {}, at most {} \
             features, value n-grams^-{}) into {} rectified hidden units, a sigmoid per \
             category; Adam (learning rate {}, dropout {}, batches of 64), {epochs} epochs \
             chosen by inner {inner_count}-fold CV by policy ({inner_kind}) with the thresholds \
             (joint, for micro-F1) and fallback; {} targets{}{}",
            policies.len(),
            opts.max_n,
            opts.min_df,
            opts.max_features,
            opts.norm_power,
            opts.hidden,
            opts.learning_rate,
            opts.dropout,
            if opts.soft { "vote-share" } else { "majority" },
            distilled(data, opts),
            if context.is_some() {
                "; context stage: per category, a logistic regression over the own log-odds, \
                 the probabilities of the two clauses before and after, the policy mean and the \
                 position, fitted on the inner CV's out-of-fold probabilities, with its own \
                 thresholds and fallback"
            } else {
                ""
            },
        ),
        max_n: opts.max_n,
        norm_power: opts.norm_power,
        fallback,
        categories,
        hidden,
        context,
    }
}

/// The context stage fitted on the inner CV's out-of-fold probabilities
/// (`probs[i]` of segment `train[i]`), with thresholds and fallback
/// decided on its own scores of those segments.
fn context_layer(data: &Data, train: &[usize], probs: &[[f64; C]]) -> ContextLayer {
    let mut policies: Vec<context::PolicyScores> = Vec::new();
    let mut last = None;
    for (&s, p) in train.iter().zip(probs) {
        let seg = &data.segments[s];
        if last != Some(seg.policy) {
            policies.push(context::PolicyScores {
                probs: Vec::new(),
                gold: Vec::new(),
            });
            last = Some(seg.policy);
        }
        let Some(policy) = policies.last_mut() else {
            continue;
        };
        let has_words = !text::tokenize(&seg.text).is_empty();
        policy.probs.push(has_words.then(|| p.map(|v| v as f32)));
        policy.gold.push(seg.labels);
    }
    let fitted = context::fit(&policies);
    let (scores, gold) = context::apply(&fitted, &policies);
    let (thresholds, plain, with_fallback) = decide(&scores, &gold);
    eprintln!("  inner CV in context: micro-F1 {plain:.3}, with fallback {with_fallback:.3}");
    context::layer(&fitted, &thresholds, with_fallback > plain)
}

/// The inner cross-validation folds of a training set: (training policies,
/// validation policies, teacher slot). When the teacher file has teachers
/// that never saw each validation fold (the fold teachers for the final
/// model, the pair teachers for outer fold k), the inner folds are the
/// outer folds, so that no inner student learns from a teacher that saw
/// its validation policies and the inner scores are as honest as the
/// outer ones. Otherwise: policy j of the list in inner fold j mod 4, with
/// the training set's own teacher.
fn inner_folds(
    data: &Data,
    policies: &[usize],
    teacher: usize,
) -> Vec<(Vec<usize>, Vec<usize>, usize)> {
    let by_outer = |slot: &dyn Fn(usize) -> usize| -> Vec<(Vec<usize>, Vec<usize>, usize)> {
        let present: Vec<usize> = (0..OUTER_FOLDS)
            .filter(|&j| policies.iter().any(|p| p % OUTER_FOLDS == j))
            .collect();
        present
            .into_iter()
            .map(|j| {
                let (va, tr) = policies.iter().partition(|&&p| p % OUTER_FOLDS == j);
                (tr, va, slot(j))
            })
            .collect()
    };
    let labelled = |slot: usize| data.teacher.first().is_some_and(|t| t[slot].is_some());
    if teacher == OUTER_FOLDS && (0..OUTER_FOLDS).all(labelled) {
        return by_outer(&|j| j);
    }
    if teacher < OUTER_FOLDS
        && (0..OUTER_FOLDS)
            .filter(|&j| j != teacher)
            .all(|j| labelled(pair_slot(teacher, j)))
    {
        return by_outer(&|j| pair_slot(teacher, j));
    }
    (0..INNER_FOLDS)
        .map(|fold| {
            let (tr, va): (Vec<usize>, Vec<usize>) =
                (0..policies.len()).partition(|j| j % INNER_FOLDS != fold);
            (
                tr.iter().map(|&j| policies[j]).collect(),
                va.iter().map(|&j| policies[j]).collect(),
                teacher,
            )
        })
        .collect()
}

/// The categories and hidden layer of a trained network, for the model file.
fn hidden_model(
    data: &Data,
    vocab: &Vocab,
    net: &mlp::Net,
    thresholds: &[f64; C],
) -> (Vec<CategoryModel>, Option<HiddenLayer>) {
    let h = net.hidden;
    let categories = Category::ALL
        .iter()
        .enumerate()
        .map(|(c, cat)| CategoryModel {
            category: cat.short_name().to_string(),
            bias: round(f64::from(net.b2[c])),
            threshold: round(thresholds[c]),
            weights: Default::default(),
            units: net.w2[c * h..][..h]
                .iter()
                .map(|&w| round(f64::from(w)))
                .collect(),
        })
        .collect();
    let features = vocab
        .features
        .iter()
        .enumerate()
        .map(|(i, &f)| {
            let row = &net.emb[i * h..][..h];
            (data.keys[f as usize].clone(), HiddenLayer::encode_row(row))
        })
        .collect();
    let hidden = HiddenLayer {
        bias: net.b1.iter().map(|&b| round(f64::from(b))).collect(),
        features,
    };
    (categories, Some(hidden))
}
