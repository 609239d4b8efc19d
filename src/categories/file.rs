//! The model file format (`assets/categories.json`): what the trainer
//! writes and [`Classifier::from_model`](super::Classifier::from_model)
//! checks, and the errors of a model that cannot be used.

use super::context::{ContextError, ContextLayer};
use super::text::MAX_N;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Format tag of the model files this version reads.
pub const FORMAT: &str = "clause-categories/2";

/// The model compiled into the binary (`assets/categories.json`); hash it
/// to tell whether stored classifications are stale.
pub const EMBEDDED_MODEL: &str = include_str!("../../assets/categories.json");

/// A model file is unusable.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Not JSON, or not the shape of a [`ModelFile`].
    #[error("invalid category model JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A `format` other than [`FORMAT`].
    #[error("unsupported category model format '{0}' (expected '{FORMAT}')")]
    Format(String),
    /// A `max_n` outside 1..=3.
    #[error("category model: n-gram length {0} out of range 1..={MAX_N}")]
    NgramLength(usize),
    /// A short name that is no category.
    #[error("category model: unknown category '{0}'")]
    UnknownCategory(String),
    /// A category with two entries.
    #[error("category model: category '{0}' given twice")]
    DuplicateCategory(String),
    /// A category without an entry.
    #[error("category model: category '{0}' missing")]
    MissingCategory(&'static str),
    /// Which number (`bias`, `threshold`, `weight`, ...) of which category,
    /// feature or layer is not finite or out of its range.
    #[error("category model: {0} of '{1}' is not a finite number in range")]
    BadNumber(&'static str, String),
    /// Two feature keys with the same hash.
    #[error("category model: feature '{0}' collides with another feature")]
    HashCollision(String),
    /// A hidden-layer row that does not decode to one finite weight per
    /// unit.
    #[error("category model: feature '{0}' has no valid hidden-unit weights")]
    BadRow(String),
    /// A category whose unit weights do not match the hidden layer (or
    /// that has feature weights too).
    #[error("category model: '{0}' does not match the hidden layer's size")]
    HiddenSize(String),
    /// The context stage does not fit the model.
    #[error("category model: {0}")]
    Context(#[from] ContextError),
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
    /// The hidden layer, if the model has one (then the categories weigh
    /// its units, not the features).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<HiddenLayer>,
    /// The context stage, if the model has one: how a clause's categories
    /// are rescored in its policy (see [`Classifier::classify_in_context`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<ContextLayer>,
}

/// A layer of rectified units between the features and the categories:
/// unit `j` is `max(0, bias[j] + x · Σ row_f[j])` over the text's features.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HiddenLayer {
    /// Bias of each unit (their number is the layer's size).
    pub bias: Vec<f32>,
    /// Feature key (stems joined by spaces) to its weight on every unit,
    /// encoded by [`HiddenLayer::encode_row`].
    pub features: BTreeMap<String, String>,
}

impl HiddenLayer {
    /// A row of unit weights as text: the scale, a space, and the weights
    /// divided by the scale as signed bytes in base64.
    pub fn encode_row(row: &[f32]) -> String {
        let max = row.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        let bytes: Vec<u8> = row
            .iter()
            .map(|w| (w / scale).round().clamp(-127.0, 127.0) as i8 as u8)
            .collect();
        format!(
            "{scale:e} {}",
            base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes)
        )
    }

    /// The weights [`encode_row`](HiddenLayer::encode_row) wrote, if the
    /// text is one of its rows of `size` weights.
    pub fn decode_row(text: &str, size: usize) -> Option<Vec<f32>> {
        let (scale, data) = text.split_once(' ')?;
        let scale: f32 = scale.parse().ok().filter(|s: &f32| s.is_finite())?;
        let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(data)
            .ok()?;
        (bytes.len() == size).then(|| bytes.iter().map(|&b| f32::from(b as i8) * scale).collect())
    }
}

/// One category's output: a sigmoid over the features (linear models) or
/// over the hidden units.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryModel {
    /// Short name (see [`Category::short_name`]).
    pub category: String,
    /// Intercept of the category's sigmoid, in log-odds.
    pub bias: f32,
    /// Probability from which the category is assigned.
    pub threshold: f32,
    /// Feature key (stems joined by spaces) to weight (linear models).
    #[serde(default)]
    pub weights: BTreeMap<String, f32>,
    /// Weight of each hidden unit (models with a hidden layer).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<f32>,
}
