//! The classifier: loads the JSON model, scores a text for every category
//! and explains each assigned label by its strongest matching features.

use super::text::{
    distinct_grams, feature_value, key_hash, tokenize, Gram, MixHasher, Token, MAX_N,
};
use super::{Category, Label};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

/// Format tag of the model files this version reads.
pub const FORMAT: &str = "clause-categories/1";

/// The model compiled into the binary (`assets/categories.json`); hash it
/// to tell whether stored classifications are stale.
pub const EMBEDDED_MODEL: &str = include_str!("../../assets/categories.json");

/// At most this many cues per label.
const MAX_CUES: usize = 4;
/// Cues are merged from this many strongest features.
const CUE_FEATURES: usize = 6;

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
    /// Feature values are `distinct^-norm_power` (see
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
    rows: HashMap<u64, u32, BuildHasherDefault<MixHasher>>,
    weights: Vec<[f32; 10]>,
    bias: [f32; 10],
    threshold: [f32; 10],
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
        let mut rows: HashMap<u64, u32, BuildHasherDefault<MixHasher>> = HashMap::default();
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
        Ok(Classifier {
            max_n: file.max_n,
            norm_power: file.norm_power,
            fallback: file.fallback,
            rows,
            weights,
            bias,
            threshold,
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
        let tokens = tokenize(text);
        let grams = distinct_grams(&tokens, self.max_n);
        if grams.is_empty() {
            return [0.0; 10];
        }
        self.score_grams(&grams).0.map(sigmoid)
    }

    /// The categories of `text`, most probable first, each with its cues:
    /// those reaching their thresholds, or else (when the model has
    /// `fallback`, as the embedded one does) the one closest to its
    /// threshold. Empty for text without words.
    pub fn classify(&self, text: &str) -> Vec<Label> {
        let tokens = tokenize(text);
        let grams = distinct_grams(&tokens, self.max_n);
        let (z, hits, x) = self.score_grams(&grams);
        if grams.is_empty() {
            return Vec::new();
        }
        let scores = z.map(sigmoid);
        let mut chosen: Vec<Category> = Category::ALL
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
        let mut labels: Vec<Label> = chosen
            .into_iter()
            .map(|c| Label {
                category: c,
                score: scores[c.index()],
                cues: self.cues(c, x, &hits, text, &tokens),
            })
            .collect();
        labels.sort_by(|a, b| b.score.total_cmp(&a.score));
        labels
    }

    /// Raw scores (log-odds), the matched features and the feature value.
    fn score_grams(&self, grams: &[Gram]) -> ([f32; 10], Vec<(u32, Gram)>, f32) {
        if grams.is_empty() {
            return ([f32::NEG_INFINITY; 10], Vec::new(), 0.0);
        }
        let x = feature_value(grams.len(), self.norm_power);
        let mut z = self.bias;
        let mut hits = Vec::new();
        for g in grams {
            if let Some(&row) = self.rows.get(&g.hash) {
                for (zc, w) in z.iter_mut().zip(&self.weights[row as usize]) {
                    *zc += w * x;
                }
                hits.push((row, *g));
            }
        }
        (z, hits, x)
    }

    /// The strongest positive features of `c` in the text, overlapping
    /// ones merged into phrases.
    fn cues(
        &self,
        c: Category,
        x: f32,
        hits: &[(u32, Gram)],
        text: &str,
        tokens: &[Token],
    ) -> Vec<String> {
        let mut top: Vec<(f32, usize, usize)> = hits
            .iter()
            .filter_map(|(row, g)| {
                let w = self.weights[*row as usize][c.index()] * x;
                let (first, end) = (g.first as usize, g.first as usize + g.n as usize);
                let telling = tokens[first..end]
                    .iter()
                    .any(|t| !is_function_word(&t.stem));
                (w > 0.0 && telling).then_some((w, first, end))
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
            let span = tokens[a].span.start..tokens[b - 1].span.end;
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
fn is_function_word(stem: &str) -> bool {
    const WORDS: &[&str] = &[
        "a", "all", "an", "and", "ani", "are", "as", "at", "be", "by", "can", "do", "for", "from",
        "has", "have", "if", "in", "is", "it", "may", "not", "of", "on", "or", "our", "such",
        "that", "the", "their", "these", "they", "this", "to", "us", "we", "which", "will", "with",
        "you", "your",
    ];
    WORDS.contains(&stem)
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}
