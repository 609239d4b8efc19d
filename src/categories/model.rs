//! The classifier: loads the JSON model, scores a text for every category
//! and explains each assigned label by its strongest matching features.

use super::text::{extend_hash, feature_value, key_hash, stem_hash, StemHashes, MAX_N};
use super::{Category, CategorySet, Label};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::OnceLock;

/// Format tag of the model files this version reads.
pub const FORMAT: &str = "clause-categories/2";

/// The model compiled into the binary (`assets/categories.json`); hash it
/// to tell whether stored classifications are stale.
pub const EMBEDDED_MODEL: &str = include_str!("../../assets/categories.json");

/// At most this many cues per label.
const MAX_CUES: usize = 4;
/// Cues are merged from this many strongest features.
const CUE_FEATURES: usize = 6;
/// Scratch word lists longer than this are freed after use, so one huge
/// text does not keep its memory.
const SCRATCH_KEEP: usize = 1 << 16;

/// A model file is unusable.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("invalid category model JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("unsupported category model format '{0}' (expected '{FORMAT}')")]
    Format(String),
    #[error("category model: n-gram length {0} out of range 1..={MAX_N}")]
    NgramLength(usize),
    #[error("category model: unknown category '{0}'")]
    UnknownCategory(String),
    #[error("category model: category '{0}' given twice")]
    DuplicateCategory(String),
    #[error("category model: category '{0}' missing")]
    MissingCategory(&'static str),
    #[error("category model: {0} of '{1}' is not a finite number in range")]
    BadNumber(&'static str, String),
    #[error("category model: feature '{0}' collides with another feature")]
    HashCollision(String),
}

/// The serialized model, as stored in `assets/categories.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// Free text: provenance and training settings.
    pub about: String,
    /// Longest n-gram among the features (1..=3).
    pub max_n: usize,
    /// Feature values are `grams^-norm_power` (see
    /// [`feature_value`](super::text::feature_value)); in 0..=1.
    pub norm_power: f32,
    /// When no category reaches its threshold, assign the one closest to
    /// its threshold (highest probability / threshold) anyway.
    pub fallback: bool,
    /// One entry per category.
    pub categories: Vec<CategoryModel>,
}

/// Weights of one category's logistic regression.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryModel {
    /// Short name (see [`Category::short_name`]).
    pub category: String,
    pub bias: f32,
    /// Probability from which the category is assigned.
    pub threshold: f32,
    /// Feature key (stems joined by spaces) to weight.
    pub weights: BTreeMap<String, f32>,
}

/// Assigns OPP-115 categories to clause texts (see the module docs).
#[derive(Debug, Clone)]
pub struct Classifier {
    max_n: usize,
    norm_power: f32,
    fallback: bool,
    table: FeatureTable,
    weights: Vec<[f32; 10]>,
    bias: [f32; 10],
    threshold: [f32; 10],
    /// Hashes of the stems of [`FUNCTION_WORDS`], sorted.
    function_words: Vec<u64>,
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

/// Open-addressing table from feature hash to weight row.
#[derive(Debug, Clone)]
struct FeatureTable {
    slots: Vec<(u64, u32)>,
    bits: u32,
}

impl FeatureTable {
    const EMPTY: u32 = u32::MAX;

    /// A table of `entries` (distinct hashes), at most a quarter full.
    fn new(entries: &[(u64, u32)]) -> FeatureTable {
        let bits = (entries.len() * 4)
            .max(16)
            .next_power_of_two()
            .trailing_zeros();
        let mut slots = vec![(0, Self::EMPTY); 1 << bits];
        let mask = slots.len() - 1;
        for &(hash, row) in entries {
            let mut i = slot(hash, bits);
            while slots[i].1 != Self::EMPTY {
                i = (i + 1) & mask;
            }
            slots[i] = (hash, row);
        }
        FeatureTable { slots, bits }
    }

    fn get(&self, hash: u64) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut i = slot(hash, self.bits);
        loop {
            let (key, row) = self.slots[i];
            if row == Self::EMPTY {
                return None;
            }
            if key == hash {
                return Some(row);
            }
            i = (i + 1) & mask;
        }
    }
}

/// Slot of `hash` in a table of `2^bits` entries (Fibonacci hashing).
fn slot(hash: u64, bits: u32) -> usize {
    (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
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
        let mut seen = [false; 10];
        let mut bias = [0.0; 10];
        let mut threshold = [1.0; 10];
        let mut keys: HashMap<u64, &str> = HashMap::new();
        let mut rows: HashMap<u64, u32> = HashMap::new();
        let mut weights: Vec<[f32; 10]> = Vec::new();
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
            for (key, &w) in &cm.weights {
                if !w.is_finite() {
                    return Err(ModelError::BadNumber("weight", key.clone()));
                }
                let hash = key_hash(key);
                match keys.insert(hash, key) {
                    Some(old) if old != key => return Err(ModelError::HashCollision(key.clone())),
                    _ => {}
                }
                let row = *rows.entry(hash).or_insert_with(|| {
                    weights.push([0.0; 10]);
                    (weights.len() - 1) as u32
                });
                weights[row as usize][i] = w;
            }
        }
        if let Some(i) = seen.iter().position(|s| !s) {
            return Err(ModelError::MissingCategory(Category::ALL[i].short_name()));
        }
        let mut entries: Vec<(u64, u32)> = rows.into_iter().collect();
        entries.sort_unstable_by_key(|&(_, row)| row);
        let mut function_words: Vec<u64> = FUNCTION_WORDS.iter().map(|w| stem_hash(w)).collect();
        function_words.sort_unstable();
        Ok(Classifier {
            max_n: file.max_n,
            norm_power: file.norm_power,
            fallback: file.fallback,
            table: FeatureTable::new(&entries),
            weights,
            bias,
            threshold,
            function_words,
        })
    }

    /// The probability from which `category` is assigned. A label scoring
    /// below it is the fallback label (see [`ModelFile::fallback`]).
    pub fn threshold(&self, category: Category) -> f32 {
        self.threshold[category.index()]
    }

    /// Number of distinct features the model knows.
    pub fn feature_count(&self) -> usize {
        self.weights.len()
    }

    /// The probability of every category (in [`Category::ALL`] order),
    /// whether or not it reaches its threshold.
    pub fn scores(&self, text: &str) -> [f32; 10] {
        SCRATCH
            .with_borrow_mut(|s| {
                let z = self.score(s, text, None);
                s.trim();
                z
            })
            .map_or([0.0; 10], |z| z.map(sigmoid))
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
                    cues: self.cues(c, &hits, text, &s.tokens),
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
        SCRATCH
            .with_borrow_mut(|s| {
                let z = self.score(s, text, None);
                s.trim();
                z
            })
            .map_or(CategorySet::EMPTY, |z| self.decide(&z.map(sigmoid)))
    }

    /// The categories reaching their thresholds, else the fallback one.
    fn decide(&self, scores: &[f32; 10]) -> CategorySet {
        let mut chosen: CategorySet = Category::ALL
            .into_iter()
            .filter(|c| scores[c.index()] >= self.threshold[c.index()])
            .collect();
        if chosen.is_empty() && self.fallback {
            let ratio = |c: &Category| scores[c.index()] / self.threshold[c.index()];
            chosen.extend(
                Category::ALL
                    .into_iter()
                    .max_by(|a, b| ratio(a).total_cmp(&ratio(b))),
            );
        }
        chosen
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
        if seen.len() < self.weights.len() {
            seen.resize(self.weights.len(), 0);
        }
        let mut sum = [0f32; 10];
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
                for (s, w) in sum.iter_mut().zip(&self.weights[row as usize]) {
                    *s += w;
                }
                if let Some(hits) = hits.as_deref_mut() {
                    hits.push((row, first..first + n + 1));
                }
            }
        }
        let x = feature_value(tokens.len(), self.max_n, self.norm_power);
        Some(std::array::from_fn(|c| self.bias[c] + sum[c] * x))
    }

    /// The strongest positive features of `c` in the text, overlapping
    /// ones merged into phrases.
    fn cues(
        &self,
        c: Category,
        hits: &[Hit],
        text: &str,
        tokens: &[(Range<usize>, u64)],
    ) -> Vec<String> {
        let mut top: Vec<(f32, usize, usize)> = hits
            .iter()
            .filter_map(|(row, range)| {
                let w = self.weights[*row as usize][c.index()];
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

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}
