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
mod mlp;

use clause::categories::{
    text, Category, CategoryModel, CategorySet, Classifier, ContextLayer, HiddenLayer, ModelFile,
    FORMAT,
};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

const OUTER_FOLDS: usize = 5;
const INNER_FOLDS: usize = 4;
const C: usize = 10;

struct Options {
    data: PathBuf,
    out: PathBuf,
    eval: bool,
    max_n: usize,
    top_k: usize,
    min_df: usize,
    lambdas: Vec<f64>,
    /// The outer folds `--eval` tests (all by default; a subset for quick checks).
    folds: Vec<usize>,
    soft: bool,
    norm_power: f32,
    speed_only: bool,
    /// Write the cross-validation predictions here (JSON lines).
    dump: Option<PathBuf>,
    /// Unlabelled texts with a teacher's category probabilities (JSON lines).
    teacher: Option<PathBuf>,
    /// Weight of one teacher text against one OPP-115 segment.
    teacher_weight: f64,
    /// Hidden units (0: the linear model).
    hidden: usize,
    /// With a hidden layer: the epoch counts the inner CV chooses from.
    epochs: Vec<usize>,
    /// With a hidden layer: at most this many features (the most frequent).
    max_features: usize,
    dropout: f32,
    learning_rate: f32,
    /// With a hidden layer: fit the context stage (see `context.rs`).
    context: bool,
}

/// One OPP-115 segment with its majority labels (bit i = Category::ALL[i]).
struct Segment {
    policy: usize,
    text: String,
    labels: u16,
    /// Share of the policy's annotators who gave each category.
    soft: [f32; C],
}

/// Segments turned into feature ids (into a corpus-wide key table).
struct Data {
    segments: Vec<Segment>,
    keys: Vec<String>,
    /// Features of the segments, then of the teacher's texts.
    docs: Vec<(Vec<u32>, f32)>,
    policies: Vec<String>,
    /// Per teacher text (doc `segments.len() + i`): the probabilities of
    /// the teacher trained without outer fold k (`[k]`), of the final
    /// model's teacher (`[OUTER_FOLDS]`) and of the pair teachers (see
    /// [`pair_slot`]).
    teacher: Vec<TeacherProbs>,
}

/// Teacher slots: one per outer fold, the final teacher, one per pair of
/// outer folds.
const SLOTS: usize = OUTER_FOLDS + 1 + OUTER_FOLDS * (OUTER_FOLDS - 1) / 2;

/// A teacher text's probabilities by teacher slot (see [`Data::teacher`]);
/// `None` for a teacher the file does not have for that text. The fold
/// teachers and the final one label every text or none; a pair teacher
/// may label only the first texts.
type TeacherProbs = [Option<[f32; C]>; SLOTS];

/// One line of the `--teacher` file.
#[derive(serde::Deserialize)]
struct TeacherLine {
    text: String,
    /// Category probabilities (in `Category::ALL` order) by teacher:
    /// `"0"`..`"4"` trained without that outer fold, `"all"` for the final
    /// model.
    probs: HashMap<String, [f32; C]>,
}

fn main() {
    if let Err(e) = run() {
        eprintln!("train_categories: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let opts = parse_args()?;
    let t0 = Instant::now();
    let data = load(
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
        let json = std::fs::read_to_string(&opts.out)
            .map_err(|e| format!("{}: {e}", opts.out.display()))?;
        speed(
            &data,
            &Classifier::from_json(&json).map_err(|e| e.to_string())?,
        );
        return Ok(());
    }
    if let Some(&k) = opts
        .folds
        .iter()
        .find(|&&k| opts.eval && !has_teacher(&data, k))
    {
        return Err(format!(
            "the teacher file has no teacher \"{}\" for fold {k}",
            teacher_key(k)
        ));
    }
    if opts.eval {
        evaluate(&data, &opts)?;
    }
    if !has_teacher(&data, OUTER_FOLDS) {
        eprintln!("the teacher file has no final teacher (\"all\"): no model written");
        return Ok(());
    }
    let all: Vec<usize> = (0..data.policies.len()).collect();
    let model = fit(&data, &all, OUTER_FOLDS, &opts);
    let json = serde_json::to_string_pretty(&model).map_err(|e| e.to_string())? + "\n";
    std::fs::write(&opts.out, &json).map_err(|e| format!("{}: {e}", opts.out.display()))?;
    let classifier = Classifier::from_json(&json).map_err(|e| e.to_string())?;
    eprintln!(
        "wrote {} ({} bytes, {} features) in {:.1}s",
        opts.out.display(),
        json.len(),
        classifier.feature_count(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

fn parse_args() -> Result<Options, String> {
    let mut opts = Options {
        data: PathBuf::from("../shared/opp115"),
        out: PathBuf::from("assets/categories.json"),
        eval: false,
        max_n: 3,
        top_k: 1500,
        min_df: 3,
        lambdas: vec![3e-6, 1e-5, 3e-5, 1e-4, 3e-4],
        folds: (0..OUTER_FOLDS).collect(),
        soft: true,
        norm_power: 0.45,
        speed_only: false,
        dump: None,
        teacher: None,
        teacher_weight: 0.5,
        hidden: 0,
        epochs: vec![3, 4, 5, 6, 8],
        max_features: 10_000,
        dropout: 0.3,
        learning_rate: 3e-3,
        context: true,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--data" => opts.data = PathBuf::from(value()?),
            "--out" => opts.out = PathBuf::from(value()?),
            "--eval" => opts.eval = true,
            "--hard" => opts.soft = false,
            "--speed-only" => opts.speed_only = true,
            "--dump" => opts.dump = Some(PathBuf::from(value()?)),
            "--teacher" => opts.teacher = Some(PathBuf::from(value()?)),
            "--teacher-weight" => opts.teacher_weight = number(&value()?)?,
            "--hidden" => opts.hidden = number(&value()?)?,
            "--no-context" => opts.context = false,
            "--epochs" => {
                opts.epochs = value()?.split(',').map(number).collect::<Result<_, _>>()?;
                opts.epochs.sort_unstable();
            }
            "--max-features" => opts.max_features = number(&value()?)?,
            "--dropout" => opts.dropout = number(&value()?)?,
            "--learning-rate" => opts.learning_rate = number(&value()?)?,
            "--norm-power" => opts.norm_power = number(&value()?)?,
            "--max-n" => opts.max_n = number(&value()?)?,
            "--top-k" => opts.top_k = number(&value()?)?,
            "--min-df" => opts.min_df = number(&value()?)?,
            "--folds" => opts.folds = value()?.split(',').map(number).collect::<Result<_, _>>()?,
            "--lambdas" => {
                opts.lambdas = value()?.split(',').map(number).collect::<Result<_, _>>()?
            }
            _ => return Err(format!("unknown argument {arg}")),
        }
    }
    if !(1..=text::MAX_N).contains(&opts.max_n)
        || opts.lambdas.is_empty()
        || opts.folds.is_empty()
        || opts.folds.iter().any(|&f| f >= OUTER_FOLDS)
        || opts.epochs.is_empty()
        || opts.epochs.contains(&0)
        || !(0.0..1.0).contains(&opts.dropout)
    {
        return Err("bad --max-n, --lambdas, --folds, --epochs or --dropout".into());
    }
    Ok(opts)
}

fn number<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.parse().map_err(|_| format!("not a number: {s}"))
}

// ---------------------------------------------------------------- data

fn load(
    dir: &Path,
    teacher_file: Option<&Path>,
    max_n: usize,
    norm_power: f32,
) -> Result<Data, String> {
    let read =
        |p: PathBuf| std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()));
    let ann_dir = dir.join("annotations");
    let mut names: Vec<String> = std::fs::read_dir(&ann_dir)
        .map_err(|e| format!("{}: {e}", ann_dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".csv").map(str::to_string))
        .collect();
    names.sort();
    let mut segments = Vec::new();
    for (policy, name) in names.iter().enumerate() {
        let html = read(dir.join("sanitized_policies").join(format!("{name}.html")))?;
        let texts: Vec<String> = html.split("|||").map(clean_html).collect();
        let csv = read(ann_dir.join(format!("{name}.csv")))?;
        let mut votes: HashMap<(usize, usize), HashSet<String>> = HashMap::new();
        let mut annotators: HashSet<String> = HashSet::new();
        for (line, row) in parse_csv(&csv).into_iter().enumerate() {
            let bad = || format!("{name}.csv row {}: malformed", line + 1);
            if row.len() < 6 {
                return Err(bad());
            }
            let seg: usize = row[4].trim().parse().map_err(|_| bad())?;
            let cat = Category::from_name(row[5].trim())
                .ok_or_else(|| format!("{name}.csv: unknown category {}", row[5]))?;
            if seg >= texts.len() {
                return Err(format!("{name}.csv: segment {seg} out of range"));
            }
            votes
                .entry((seg, cat.index()))
                .or_default()
                .insert(row[2].clone());
            annotators.insert(row[2].clone());
        }
        for (i, text) in texts.into_iter().enumerate() {
            let labels = (0..C)
                .filter(|&c| votes.get(&(i, c)).is_some_and(|v| v.len() >= 2))
                .fold(0u16, |m, c| m | 1 << c);
            if text.is_empty() && labels == 0 {
                continue;
            }
            let mut soft = [0.0; C];
            for (c, v) in soft.iter_mut().enumerate() {
                let n = votes.get(&(i, c)).map_or(0, HashSet::len);
                *v = n as f32 / annotators.len().max(3) as f32;
            }
            segments.push(Segment {
                policy,
                text,
                labels,
                soft,
            });
        }
    }
    let mut texts: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
    let lines = match teacher_file {
        Some(path) => read_teacher(&read(path.to_path_buf())?)?,
        None => Vec::new(),
    };
    texts.extend(lines.iter().map(|l| l.0.as_str()));
    let teacher = lines.iter().map(|l| l.1).collect();
    let featurized: Vec<(Vec<String>, usize)> =
        texts.par_iter().map(|t| text::features(t, max_n)).collect();
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut keys = Vec::new();
    let docs = featurized
        .into_iter()
        .map(|(ks, words)| {
            let x = text::feature_value(words, max_n, norm_power);
            let mut f: Vec<u32> = ks
                .into_iter()
                .map(|k| {
                    *ids.entry(k.clone()).or_insert_with(|| {
                        keys.push(k);
                        (keys.len() - 1) as u32
                    })
                })
                .collect();
            f.sort_unstable();
            (f, x)
        })
        .collect();
    Ok(Data {
        segments,
        keys,
        docs,
        policies: names,
        teacher,
    })
}

/// The texts of a `--teacher` file with their probabilities by teacher.
fn read_teacher(s: &str) -> Result<Vec<(String, TeacherProbs)>, String> {
    s.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let bad = |e: String| format!("teacher file line {}: {e}", i + 1);
            let line: TeacherLine = serde_json::from_str(l).map_err(|e| bad(e.to_string()))?;
            let probs: TeacherProbs =
                std::array::from_fn(|k| line.probs.get(&teacher_key(k)).copied());
            Ok((line.text, probs))
        })
        .collect::<Result<Vec<_>, String>>()
        .and_then(|lines| {
            let whole = |p: &TeacherProbs| -> [bool; OUTER_FOLDS + 1] {
                std::array::from_fn(|k| p[k].is_some())
            };
            let first = lines.first().map(|l| whole(&l.1));
            match lines.iter().position(|l| Some(whole(&l.1)) != first) {
                Some(i) => Err(format!(
                    "teacher file: text {} does not have the same teachers as the first",
                    i + 1
                )),
                None => Ok(lines),
            }
        })
}

/// The key of teacher slot `k` in a teacher file: the outer fold it never
/// saw, `"all"` for the final model's, or `"a-b"` for the pair of outer
/// folds a pair teacher never saw.
fn teacher_key(k: usize) -> String {
    match k {
        k if k < OUTER_FOLDS => k.to_string(),
        OUTER_FOLDS => "all".to_string(),
        _ => {
            let (a, b) = pair_of(k);
            format!("{a}-{b}")
        }
    }
}

/// The slot of the teacher trained without outer folds `a` and `b`.
fn pair_slot(a: usize, b: usize) -> usize {
    let (a, b) = (a.min(b), a.max(b));
    let before: usize = (0..a).map(|i| OUTER_FOLDS - 1 - i).sum();
    OUTER_FOLDS + 1 + before + (b - a - 1)
}

/// The pair of outer folds of a pair slot.
fn pair_of(slot: usize) -> (usize, usize) {
    (0..OUTER_FOLDS)
        .flat_map(|a| (a + 1..OUTER_FOLDS).map(move |b| (a, b)))
        .find(|&(a, b)| pair_slot(a, b) == slot)
        .unwrap_or((0, 1))
}

/// Whether the teacher texts (if any) have teacher `k`.
fn has_teacher(data: &Data, k: usize) -> bool {
    data.teacher.first().is_none_or(|t| t[k].is_some())
}

/// Plain text of a segment: tags dropped, entities decoded, spaces collapsed.
fn clean_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            match rest.find('>') {
                Some(j) => {
                    out.push(' ');
                    rest = &rest[j + 1..];
                }
                None => {
                    out.push_str(rest);
                    rest = "";
                }
            }
        } else {
            let end = rest[1..].find(';').map(|j| j + 1).filter(|&j| j <= 10);
            let decoded = end.and_then(|j| decode_entity(&rest[1..j]));
            match (end, decoded) {
                (Some(j), Some(c)) => {
                    out.push(c);
                    rest = &rest[j + 1..];
                }
                _ => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn decode_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    })
}

/// RFC 4180 records: quoted fields may hold commas, quotes ("") and newlines.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

// ---------------------------------------------------------------- fitting

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

/// Segment indices of the given policies.
fn segments_of(data: &Data, policies: &[usize]) -> Vec<usize> {
    let set: HashSet<usize> = policies.iter().copied().collect();
    (0..data.segments.len())
        .filter(|&i| set.contains(&data.segments[i].policy))
        .collect()
}

/// Trains on the policies (and the texts of `teacher`, a teacher index
/// into [`Data::teacher`], if any): inner CV picks each category's L2
/// strength and threshold, then the model is fitted on all of them. The
/// teacher's texts join every inner training fold.
fn fit(data: &Data, policies: &[usize], teacher: usize, opts: &Options) -> ModelFile {
    if opts.hidden > 0 {
        return fit_hidden(data, policies, teacher, opts);
    }
    let train = segments_of(data, policies);
    let pos: HashMap<usize, usize> = train.iter().enumerate().map(|(p, &s)| (s, p)).collect();
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
                    oof[l][c][pos[&s]] = f.prob(&data.docs[s], &lookup);
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
    let gold: Vec<u16> = train.iter().map(|&s| data.segments[s].labels).collect();
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
    let fitted = train_all(data, &train, teacher, &lambdas, opts);
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

/// How the model was distilled, for its `about` (empty without a teacher).
fn distilled(data: &Data, opts: &Options) -> String {
    if data.teacher.is_empty() {
        return String::new();
    }
    format!(
        "; distilled: also {} corpus paragraphs with a teacher's probabilities as targets \
         (weight {})",
        data.teacher.len(),
        opts.teacher_weight
    )
}

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

/// [`fit`] for the hidden-layer model: the inner CV picks the number of
/// epochs (the one whose out-of-fold scores reach the best micro-F1) and
/// the thresholds; then the network is trained on all the policies.
fn fit_hidden(data: &Data, policies: &[usize], teacher: usize, opts: &Options) -> ModelFile {
    let train = segments_of(data, policies);
    let pos: HashMap<usize, usize> = train.iter().enumerate().map(|(p, &s)| (s, p)).collect();
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
    let gold: Vec<u16> = train.iter().map(|&s| data.segments[s].labels).collect();
    let mut best: Option<(f64, usize, [f64; C], bool)> = None;
    for (k, &epochs) in opts.epochs.iter().enumerate() {
        let mut probs = vec![[0.0; C]; train.len()];
        for (s, p) in inner.iter().flat_map(|fold| &fold[k]) {
            probs[pos[s]] = *p;
        }
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
        let mut probs = vec![[0.0; C]; train.len()];
        for (s, p) in inner.iter().flat_map(|fold| &fold[k]) {
            probs[pos[s]] = *p;
        }
        context_layer(data, &train, &probs)
    });
    let mut model = None;
    train_hidden(data, &train, teacher, opts, &[epochs], |_, vocab, net| {
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

/// Thresholds for out-of-fold `probs`: each category's maximizing its own
/// F1, then refined together (coordinate ascent) for micro-F1; and the
/// micro-F1 they give without and with the fallback label.
fn decide(probs: &[[f64; C]], gold: &[u16]) -> ([f64; C], f64, f64) {
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

fn micro_f1(probs: &[[f64; C]], gold: &[u16], thresholds: &[f64; C], fallback: bool) -> f64 {
    let (mut tp, mut n) = (0, 0);
    for (p, &g) in probs.iter().zip(gold) {
        let predicted = predict(p, thresholds, fallback);
        tp += (predicted & g).count_ones();
        n += predicted.count_ones() + g.count_ones();
    }
    2.0 * f64::from(tp) / f64::from(n.max(1))
}

fn round(v: f64) -> f32 {
    ((v * 1e4).round() / 1e4) as f32
}

/// The threshold maximizing F1 of `probs` against `gold`, and that F1.
fn best_threshold(probs: &[f64], gold: &[bool]) -> (f64, f64) {
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

// ---------------------------------------------------------------- evaluation

fn evaluate(data: &Data, opts: &Options) -> Result<(), String> {
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
        let json =
            serde_json::to_string(&fit(data, &train, fold, opts)).map_err(|e| e.to_string())?;
        let classifier = Classifier::from_json(&json).map_err(|e| e.to_string())?;
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
        std::fs::write(path, dump).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if let Some(classifier) = last {
        speed(data, &classifier);
    }
    Ok(())
}

/// Classification speed on this thread, in CPU time (the machine may be
/// shared): OPP-115 segments, and the clauses of the embedded corpus.
fn speed(data: &Data, classifier: &Classifier) {
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
