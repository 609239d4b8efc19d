//! Trains the clause category classifier on OPP-115 and writes
//! `assets/categories.json`; with `--eval`, first measures it by 5-fold
//! cross-validation by policy.
//!
//! ```text
//! cargo run --release --example train_categories -- \
//!     [--data ../shared/opp115] [--out assets/categories.json] [--eval] \
//!     [--teacher target/category-teacher.jsonl] [--hidden 64]
//! ```
//!
//! `--help` lists every option. The modules: `data` (reading OPP-115 and
//! the teacher file), `linear` and `hidden` (the two kinds of model, with
//! `mlp` the network and `context` the context stage), `decide`
//! (thresholds), `evaluate` (cross-validation and speed).
//!
//! Linear method (the default): one-vs-rest logistic regression (L2,
//! fitted by L-BFGS) over the features of `clause::categories::text`; each
//! category keeps its `--top-k` strongest features and is refitted on
//! them; the L2 strength of each category and the thresholds are chosen by
//! an inner 4-fold cross-validation by policy on the training policies
//! only (thresholds: each category's best F1 first, then all refined
//! together for micro-F1). `--dump FILE` writes the cross-validation
//! predictions.
//!
//! Hidden layer (`--hidden H`, see `mlp.rs`): the same features (the
//! `--max-features` most frequent) into H rectified units, then a sigmoid
//! per category; the inner cross-validation picks the number of epochs
//! (from `--epochs`) and the thresholds. Then the context stage (see
//! `context.rs`; `--no-context` leaves it out) is fitted on the inner
//! cross-validation's out-of-fold probabilities, with thresholds of its
//! own, and `--eval` classifies each test policy as a whole, in context.
//!
//! Distillation: `--teacher FILE` (written by `examples/category_teacher.py`)
//! adds unlabelled corpus paragraphs to every training set, each with a
//! fine-tuned sentence encoder's probabilities as its targets and weight
//! `--teacher-weight` (default 0.5) against one OPP-115 segment. The teacher
//! used in outer fold k never saw that fold's policies. A teacher file
//! written with only some teachers (`category_teacher.py --folds`) serves
//! `--eval --folds` over those folds; the model itself is written only when
//! the file has the final teacher (`"all"`). When the file has a teacher
//! that never saw each inner validation fold (the fold teachers for the
//! final model, the pair teachers `"a-b"` of `category_teacher.py --pairs`
//! for outer fold a), the inner folds are the outer folds and each inner
//! student learns from such a teacher, so that the inner scores are honest.
//!
//! Everything is deterministic: same data, teacher file and options, same
//! model file.

mod context;
mod data;
mod decide;
mod evaluate;
mod hidden;
mod linear;
mod mlp;

use anyhow::{bail, Context as _, Result};
use clap::{ArgAction, Parser};
use clause::categories::{text, Classifier, ModelFile};
use data::{has_teacher, teacher_key, Data, TrainingSet};
use std::path::PathBuf;
use std::time::Instant;

const OUTER_FOLDS: usize = 5;
const INNER_FOLDS: usize = 4;
const C: usize = 10;

/// Trains the category classifier on OPP-115 and writes its model file.
#[derive(Parser)]
#[command(name = "train_categories")]
struct Options {
    /// The OPP-115 directory (`annotations/`, `sanitized_policies/`).
    #[arg(long, default_value = "../shared/opp115")]
    data: PathBuf,
    /// Where the model is written (read with `--speed-only`).
    #[arg(long, default_value = "assets/categories.json")]
    out: PathBuf,
    /// First measure by 5-fold cross-validation by policy.
    #[arg(long)]
    eval: bool,
    /// Longest n-gram.
    #[arg(long, default_value_t = 3)]
    max_n: usize,
    /// Linear model: features kept per category.
    #[arg(long, default_value_t = 1500)]
    top_k: usize,
    /// Least number of training texts a feature is seen in.
    #[arg(long, default_value_t = 3)]
    min_df: usize,
    /// Linear model: the L2 strengths the inner CV chooses from.
    #[arg(long, value_delimiter = ',', default_values_t = [3e-6, 1e-5, 3e-5, 1e-4, 3e-4])]
    lambdas: Vec<f64>,
    /// The outer folds `--eval` tests (all by default; a subset for quick checks).
    #[arg(long, value_delimiter = ',', default_values_t = [0, 1, 2, 3, 4])]
    folds: Vec<usize>,
    /// Majority (0/1) targets instead of the annotators' vote shares.
    #[arg(long = "hard", action = ArgAction::SetFalse)]
    soft: bool,
    /// Feature values are `n^-POWER`, n the text's number of n-grams.
    #[arg(long, default_value_t = 0.45)]
    norm_power: f32,
    /// Only measure the speed of the model at `--out`.
    #[arg(long)]
    speed_only: bool,
    /// Write the cross-validation predictions here (JSON lines).
    #[arg(long)]
    dump: Option<PathBuf>,
    /// Unlabelled texts with a teacher's category probabilities (JSON lines).
    #[arg(long)]
    teacher: Option<PathBuf>,
    /// Weight of one teacher text against one OPP-115 segment.
    #[arg(long, default_value_t = 0.5)]
    teacher_weight: f64,
    /// Hidden units (0: the linear model).
    #[arg(long, default_value_t = 0)]
    hidden: usize,
    /// With a hidden layer: the epoch counts the inner CV chooses from.
    #[arg(long, value_delimiter = ',', default_values_t = [3, 4, 5, 6, 8])]
    epochs: Vec<usize>,
    /// With a hidden layer: at most this many features (the most frequent).
    #[arg(long, default_value_t = 10_000)]
    max_features: usize,
    /// With a hidden layer: dropout on the units.
    #[arg(long, default_value_t = 0.3)]
    dropout: f32,
    /// With a hidden layer: Adam's learning rate.
    #[arg(long, default_value_t = 3e-3)]
    learning_rate: f32,
    /// With a hidden layer: leave out the context stage (see `context.rs`).
    #[arg(long = "no-context", action = ArgAction::SetFalse)]
    context: bool,
}

impl Options {
    /// The parsed command line, checked.
    fn parse_checked() -> Result<Options> {
        let mut opts = Options::parse();
        opts.epochs.sort_unstable();
        if !(1..=text::MAX_N).contains(&opts.max_n)
            || opts.lambdas.is_empty()
            || opts.folds.is_empty()
            || opts.folds.iter().any(|&f| f >= OUTER_FOLDS)
            || opts.epochs.is_empty()
            || opts.epochs.contains(&0)
            || !(0.0..1.0).contains(&opts.dropout)
        {
            bail!("bad --max-n, --lambdas, --folds, --epochs or --dropout");
        }
        Ok(opts)
    }
}

fn main() {
    if let Err(e) = run() {
        eprintln!("train_categories: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let opts = Options::parse_checked()?;
    let t0 = Instant::now();
    let data = data::load(
        &opts.data,
        opts.teacher.as_deref(),
        opts.max_n,
        opts.norm_power,
    )?;
    let labelled = data.segments.iter().filter(|s| s.labels != 0).count();
    eprintln!(
        "{} policies, {} segments ({} with a majority label), {} distinct features, \
         loaded in {:.1}s",
        data.policies.len(),
        data.segments.len(),
        labelled,
        data.keys.len(),
        t0.elapsed().as_secs_f64()
    );
    if opts.speed_only {
        let json =
            std::fs::read_to_string(&opts.out).with_context(|| opts.out.display().to_string())?;
        evaluate::speed(&data, &Classifier::from_json(&json)?);
        return Ok(());
    }
    if let Some(&k) = opts
        .folds
        .iter()
        .find(|&&k| opts.eval && !has_teacher(&data, k))
    {
        bail!(
            "the teacher file has no teacher \"{}\" for fold {k}",
            teacher_key(k)
        );
    }
    if opts.eval {
        evaluate::evaluate(&data, &opts)?;
    }
    if !has_teacher(&data, OUTER_FOLDS) {
        eprintln!("the teacher file has no final teacher (\"all\"): no model written");
        return Ok(());
    }
    let all: Vec<usize> = (0..data.policies.len()).collect();
    let model = fit(&data, &all, OUTER_FOLDS, &opts);
    let json = serde_json::to_string_pretty(&model)? + "\n";
    std::fs::write(&opts.out, &json).with_context(|| opts.out.display().to_string())?;
    let classifier = Classifier::from_json(&json)?;
    eprintln!(
        "wrote {} ({} bytes, {} features) in {:.1}s",
        opts.out.display(),
        json.len(),
        classifier.feature_count(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Trains on the policies (and the texts of `teacher`, a teacher slot of
/// [`Data::teacher`], if any): the linear model, or with `--hidden` the
/// hidden-layer one.
fn fit(data: &Data, policies: &[usize], teacher: usize, opts: &Options) -> ModelFile {
    let set = TrainingSet::new(data, policies, teacher);
    if opts.hidden > 0 {
        hidden::fit_hidden(data, &set, opts)
    } else {
        linear::fit_linear(data, &set, opts)
    }
}
