//! The classifier: loads the JSON model, scores a text for every category
//! and explains each assigned label by its strongest matching features.
//!
//! A model is either linear (each n-gram feature has a weight per
//! category) or has one hidden layer of rectified units between the
//! features and the categories. Either way a text's score is an exact sum
//! of per-feature contributions: with the hidden layer, a feature's
//! contribution to a category runs through the units the text switches on,
//! so the cues are still the features that pushed the score up most.

use super::context::{self, Context};
use super::table::{FeatureTable, Rows};
use super::text::{extend_hash, feature_value, stem_hash, StemHashes, MAX_N};
use super::{
    Category, CategorySet, HiddenLayer, Label, ModelError, ModelFile, EMBEDDED_MODEL, FORMAT,
};
use crate::text::MixHasher;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// At most this many cues per label.
const MAX_CUES: usize = 4;
/// Cues are merged from this many strongest features.
const CUE_FEATURES: usize = 6;
/// Scratch word lists longer than this are freed after use, so one huge
/// text does not keep its memory.
const SCRATCH_KEEP: usize = 1 << 16;
/// Texts whose probabilities a thread remembers, at most; then it starts
/// afresh. Policies repeat whole clauses (templates, a company's versions),
/// and a lookup costs far less than scoring.
const MEMO_SIZE: usize = 1 << 17;

/// Source of [`Classifier::id`].
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Assigns OPP-115 categories to clause texts (see the module docs).
#[derive(Debug, Clone)]
pub struct Classifier {
    max_n: usize,
    norm_power: f32,
    fallback: bool,
    table: FeatureTable,
    /// Weights of each feature, `width` per row: one per category, or one
    /// per hidden unit.
    rows: Vec<f32>,
    width: usize,
    hidden: Option<Hidden>,
    bias: [f32; 10],
    threshold: [f32; 10],
    context: Option<Context>,
    /// Hashes of the stems of [`FUNCTION_WORDS`], sorted.
    function_words: Vec<u64>,
    /// Tells this model's remembered probabilities from another's (clones
    /// share it: they score alike).
    id: u64,
}

/// The hidden layer as the classifier uses it.
#[derive(Debug, Clone)]
struct Hidden {
    bias: Vec<f32>,
    /// Per unit, its weight on each category.
    units: Vec<[f32; 10]>,
}

/// A matched feature: its weight row and token range (first occurrence).
type Hit = (u32, Range<usize>);

/// Per-thread working memory of the classifier, reused from call to call.
#[derive(Default)]
struct Scratch {
    stems: StemHashes,
    /// Byte span and stem hash of every word of the text.
    tokens: Vec<(Range<usize>, u64)>,
    /// Per weight row, the call that last matched it: a feature counts
    /// once per text.
    seen: Vec<u32>,
    stamp: u32,
    /// Sum of the matched rows; then, with a hidden layer, the units'
    /// values for the text.
    sum: Vec<f32>,
    /// Probabilities of texts scored before, by [`memo_key`].
    memo: HashMap<u64, Option<[f32; 10]>, BuildHasherDefault<MixHasher>>,
}

impl Scratch {
    /// Frees the memory a huge text took.
    fn trim(&mut self) {
        if self.tokens.capacity() > SCRATCH_KEEP {
            self.tokens = Vec::new();
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Classifier {
    /// The model compiled into the binary, parsed on first use.
    pub fn embedded() -> &'static Classifier {
        static EMBEDDED: OnceLock<Classifier> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            Classifier::from_json(EMBEDDED_MODEL)
                .expect("the embedded category model is valid (checked by tests)")
        })
    }

    /// Parses and checks a model in the format of `assets/categories.json`.
    pub fn from_json(json: &str) -> Result<Classifier, ModelError> {
        Classifier::from_model(&serde_json::from_str(json)?)
    }

    /// Builds a classifier from a deserialized model, checking it.
    pub fn from_model(file: &ModelFile) -> Result<Classifier, ModelError> {
        if file.format != FORMAT {
            return Err(ModelError::Format(file.format.clone()));
        }
        if !(1..=MAX_N).contains(&file.max_n) {
            return Err(ModelError::NgramLength(file.max_n));
        }
        if !(0.0..=1.0).contains(&file.norm_power) {
            return Err(ModelError::BadNumber("norm_power", "the model".into()));
        }
        if let Some(layer) = &file.hidden {
            if layer.bias.is_empty() || layer.bias.iter().any(|b| !b.is_finite()) {
                return Err(ModelError::BadNumber("bias", "the hidden layer".into()));
            }
        }
        let width = file.hidden.as_ref().map_or(10, |h| h.bias.len());
        let mut seen = [false; 10];
        let mut bias = [0.0; 10];
        let mut threshold = [1.0; 10];
        let mut units = vec![[0.0; 10]; if file.hidden.is_some() { width } else { 0 }];
        let mut rows = Rows::new(width);
        for cm in &file.categories {
            let c = Category::from_short_name(&cm.category)
                .ok_or_else(|| ModelError::UnknownCategory(cm.category.clone()))?;
            let i = c.index();
            if std::mem::replace(&mut seen[i], true) {
                return Err(ModelError::DuplicateCategory(cm.category.clone()));
            }
            if !cm.bias.is_finite() {
                return Err(ModelError::BadNumber("bias", cm.category.clone()));
            }
            if !(cm.threshold > 0.0 && cm.threshold <= 1.0) {
                return Err(ModelError::BadNumber("threshold", cm.category.clone()));
            }
            bias[i] = cm.bias;
            threshold[i] = cm.threshold;
            if cm.units.len() != units.len() || (!units.is_empty() && !cm.weights.is_empty()) {
                return Err(ModelError::HiddenSize(cm.category.clone()));
            }
            for (j, &w) in cm.units.iter().enumerate() {
                if !w.is_finite() {
                    return Err(ModelError::BadNumber("unit weight", cm.category.clone()));
                }
                units[j][i] = w;
            }
            for (key, &w) in &cm.weights {
                if !w.is_finite() {
                    return Err(ModelError::BadNumber("weight", key.clone()));
                }
                let at = rows.of(key)?;
                rows.weights[at + i] = w;
            }
        }
        if let Some(i) = seen.iter().position(|s| !s) {
            return Err(ModelError::MissingCategory(Category::ALL[i].short_name()));
        }
        let hidden = match &file.hidden {
            None => None,
            Some(layer) => {
                for (key, text) in &layer.features {
                    let row = HiddenLayer::decode_row(text, width)
                        .ok_or_else(|| ModelError::BadRow(key.clone()))?;
                    let at = rows.of(key)?;
                    rows.weights[at..at + width].copy_from_slice(&row);
                }
                Some(Hidden {
                    bias: layer.bias.clone(),
                    units,
                })
            }
        };
        let mut entries: Vec<(u64, u32)> = rows.table.into_iter().collect();
        entries.sort_unstable_by_key(|&(_, row)| row);
        let mut function_words: Vec<u64> = FUNCTION_WORDS.iter().map(|w| stem_hash(w)).collect();
        function_words.sort_unstable();
        Ok(Classifier {
            max_n: file.max_n,
            norm_power: file.norm_power,
            fallback: file.fallback,
            table: FeatureTable::new(&entries),
            rows: rows.weights,
            width,
            hidden,
            bias,
            threshold,
            context: file.context.as_ref().map(Context::new).transpose()?,
            function_words,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// The probability from which `category` is assigned. A label scoring
    /// below it is the fallback label (see [`ModelFile::fallback`]).
    pub fn threshold(&self, category: Category) -> f32 {
        self.threshold[category.index()]
    }

    /// Number of distinct features the model knows.
    pub fn feature_count(&self) -> usize {
        self.rows.len() / self.width
    }

    /// The probability of every category (in [`Category::ALL`] order),
    /// whether or not it reaches its threshold.
    pub fn scores(&self, text: &str) -> [f32; 10] {
        self.probabilities(text).unwrap_or([0.0; 10])
    }

    /// The probability of every category for `text` (`None` without
    /// words), remembered per thread for texts seen again.
    fn probabilities(&self, text: &str) -> Option<[f32; 10]> {
        SCRATCH.with_borrow_mut(|s| {
            let key = memo_key(self.id, text);
            if let Some(&known) = s.memo.get(&key) {
                return known;
            }
            let p = self.score(s, text, None).map(|z| z.map(sigmoid));
            s.trim();
            if s.memo.len() >= MEMO_SIZE {
                s.memo.clear();
            }
            s.memo.insert(key, p);
            p
        })
    }

    /// The categories of `text`, most probable first, each with its cues:
    /// those reaching their thresholds, or else (when the model has
    /// `fallback`, as the embedded one does) the one closest to its
    /// threshold. Empty for text without words.
    pub fn classify(&self, text: &str) -> Vec<Label> {
        SCRATCH.with_borrow_mut(|s| {
            let mut hits = Vec::new();
            let Some(z) = self.score(s, text, Some(&mut hits)) else {
                return Vec::new();
            };
            let scores = z.map(sigmoid);
            let mut labels: Vec<Label> = self
                .decide(&scores)
                .iter()
                .map(|c| Label {
                    category: c,
                    score: scores[c.index()],
                    cues: self.cues(c, &hits, text, s),
                    context: 0.0,
                })
                .collect();
            labels.sort_by(|a, b| b.score.total_cmp(&a.score));
            s.trim();
            labels
        })
    }

    /// The categories [`classify`](Classifier::classify) gives `text`,
    /// as a set, without working out cues: the fast path for labelling
    /// many clauses.
    pub fn categories(&self, text: &str) -> CategorySet {
        self.probabilities(text)
            .map_or(CategorySet::EMPTY, |p| self.decide(&p))
    }

    /// Whether the model has a context stage, so that a clause's
    /// categories in its policy may differ from those of its text alone.
    pub fn has_context(&self) -> bool {
        self.context.is_some()
    }

    /// The clauses of one policy (their texts, in order) with their
    /// probabilities in context: each clause's own, rescored by the context
    /// stage from its neighbours' (`None` for a text without words). The
    /// same as [`scores`](Classifier::scores) per text when the model has
    /// no context stage.
    fn in_context(&self, texts: &[&str]) -> Vec<Option<context::InContext>> {
        let own: Vec<Option<[f32; 10]>> =
            texts.iter().map(|text| self.probabilities(text)).collect();
        match &self.context {
            Some(context) => context.apply(&own),
            None => own
                .into_iter()
                .map(|p| {
                    p.map(|scores| context::InContext {
                        scores,
                        context: [0.0; 10],
                    })
                })
                .collect(),
        }
    }

    /// The decision for probabilities in context.
    fn decide_in_context(&self, scores: &[f32; 10]) -> CategorySet {
        match &self.context {
            Some(context) => context.decide(scores),
            None => self.decide(scores),
        }
    }

    /// The probability of every category for each clause of one policy
    /// (texts in policy order), read in context (all zeros for a text
    /// without words).
    pub fn scores_in_context(&self, texts: &[&str]) -> Vec<[f32; 10]> {
        self.in_context(texts)
            .into_iter()
            .map(|c| c.map_or([0.0; 10], |c| c.scores))
            .collect()
    }

    /// The categories of each clause of one policy (texts in policy
    /// order), read in context: what
    /// [`classify_in_context`](Classifier::classify_in_context) gives, as
    /// sets, without cues.
    pub fn categories_in_context(&self, texts: &[&str]) -> Vec<CategorySet> {
        self.in_context(texts)
            .into_iter()
            .map(|c| c.map_or(CategorySet::EMPTY, |c| self.decide_in_context(&c.scores)))
            .collect()
    }

    /// The labels of each clause of one policy (texts in policy order),
    /// read in context: a clause's scores are rescored by its neighbours'
    /// and its position (each label's [`Label::context`] says by how much),
    /// and its cues are the words of its own text that raised the score.
    /// Most probable first; empty for a text without words.
    pub fn classify_in_context(&self, texts: &[&str]) -> Vec<Vec<Label>> {
        self.in_context(texts)
            .into_iter()
            .zip(texts)
            .map(|(placed, text)| {
                let Some(placed) = placed else {
                    return Vec::new();
                };
                SCRATCH.with_borrow_mut(|s| {
                    let mut hits = Vec::new();
                    if self.score(s, text, Some(&mut hits)).is_none() {
                        return Vec::new();
                    }
                    let mut labels: Vec<Label> = self
                        .decide_in_context(&placed.scores)
                        .iter()
                        .map(|c| Label {
                            category: c,
                            score: placed.scores[c.index()],
                            cues: self.cues(c, &hits, text, s),
                            context: placed.context[c.index()],
                        })
                        .collect();
                    labels.sort_by(|a, b| b.score.total_cmp(&a.score));
                    s.trim();
                    labels
                })
            })
            .collect()
    }

    /// The categories reaching their thresholds, else the fallback one.
    fn decide(&self, scores: &[f32; 10]) -> CategorySet {
        context::decide(scores, &self.threshold, self.fallback)
    }

    /// Raw scores (log-odds) of `text`, or `None` if it has no words;
    /// `hits` receives the matched features, each at its first occurrence,
    /// in text order.
    fn score(
        &self,
        s: &mut Scratch,
        text: &str,
        mut hits: Option<&mut Vec<Hit>>,
    ) -> Option<[f32; 10]> {
        let Scratch {
            stems,
            tokens,
            seen,
            stamp,
            sum,
            ..
        } = s;
        tokens.clear();
        stems.scan(text, |span, hash| tokens.push((span, hash)));
        if tokens.is_empty() {
            return None;
        }
        *stamp = stamp.wrapping_add(1);
        if *stamp == 0 {
            seen.fill(0);
            *stamp = 1;
        }
        let features = self.feature_count();
        if seen.len() < features {
            seen.resize(features, 0);
        }
        sum.clear();
        sum.resize(self.width, 0.0);
        for first in 0..tokens.len() {
            let mut hash = 0;
            for (n, (_, stem)) in tokens[first..].iter().take(self.max_n).enumerate() {
                hash = if n == 0 {
                    *stem
                } else {
                    extend_hash(hash, *stem)
                };
                let Some(row) = self.table.get(hash) else {
                    continue;
                };
                if std::mem::replace(&mut seen[row as usize], *stamp) == *stamp {
                    continue;
                }
                let weights = &self.rows[row as usize * self.width..][..self.width];
                sum.iter_mut().zip(weights).for_each(|(s, w)| *s += w);
                if let Some(hits) = hits.as_deref_mut() {
                    hits.push((row, first..first + n + 1));
                }
            }
        }
        let x = feature_value(tokens.len(), self.max_n, self.norm_power);
        let Some(hidden) = &self.hidden else {
            return Some(std::array::from_fn(|c| self.bias[c] + sum[c] * x));
        };
        let mut z = self.bias;
        for ((unit, b), weights) in sum.iter_mut().zip(&hidden.bias).zip(&hidden.units) {
            *unit = (b + *unit * x).max(0.0);
            z.iter_mut().zip(weights).for_each(|(z, w)| *z += *unit * w);
        }
        Some(z)
    }

    /// How much the feature of `row` adds to the score of `c` in the text
    /// last scored (up to the text's feature value, the same for all its
    /// features): its weight, or through the hidden units the text
    /// switched on (`units`, from the scratch).
    fn contribution(&self, row: u32, c: usize, units: &[f32]) -> f32 {
        let weights = &self.rows[row as usize * self.width..][..self.width];
        match &self.hidden {
            None => weights[c],
            Some(hidden) => weights
                .iter()
                .zip(units)
                .zip(&hidden.units)
                .filter(|((_, &u), _)| u > 0.0)
                .map(|((w, _), out)| w * out[c])
                .sum(),
        }
    }

    /// The strongest positive features of `c` in the text, overlapping
    /// ones merged into phrases.
    fn cues(&self, c: Category, hits: &[Hit], text: &str, s: &Scratch) -> Vec<String> {
        let tokens = &s.tokens;
        let mut top: Vec<(f32, usize, usize)> = hits
            .iter()
            .filter_map(|(row, range)| {
                let w = self.contribution(*row, c.index(), &s.sum);
                let telling = tokens[range.clone()]
                    .iter()
                    .any(|(_, stem)| self.function_words.binary_search(stem).is_err());
                (w > 0.0 && telling).then_some((w, range.start, range.end))
            })
            .collect();
        top.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        top.truncate(CUE_FEATURES);
        // Merge token ranges that share a token, summing their weights.
        top.sort_by_key(|&(_, a, b)| (a, b));
        let mut merged: Vec<(f32, usize, usize)> = Vec::new();
        for (w, a, b) in top {
            match merged.last_mut() {
                Some(last) if a < last.2 => {
                    last.0 += w;
                    last.2 = last.2.max(b);
                }
                _ => merged.push((w, a, b)),
            }
        }
        merged.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut cues: Vec<String> = Vec::new();
        for (_, a, b) in merged {
            let span = tokens[a].0.start..tokens[b - 1].0.end;
            let cue = text
                .get(span)
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            if !cue.is_empty() && !cues.contains(&cue) {
                cues.push(cue);
            }
            if cues.len() == MAX_CUES {
                break;
            }
        }
        cues
    }
}

/// Words that count for scoring but make poor cues on their own (stems).
const FUNCTION_WORDS: &[&str] = &[
    "a", "all", "an", "and", "ani", "are", "as", "at", "be", "by", "can", "do", "for", "from",
    "has", "have", "if", "in", "is", "it", "may", "not", "of", "on", "or", "our", "such", "that",
    "the", "their", "these", "they", "this", "to", "us", "we", "which", "will", "with", "you",
    "your",
];

/// The key under which a thread remembers `text`'s probabilities from the
/// model `id`: a 64-bit hash of both and of the text's length.
fn memo_key(id: u64, text: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write_u64(id);
    hasher.write_usize(text.len());
    hasher.write(text.as_bytes());
    hasher.finish()
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}
