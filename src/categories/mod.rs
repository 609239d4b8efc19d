//! Data-practice categories of clauses (the OPP-115 taxonomy) and a
//! transparent classifier that assigns them, with the words that decided.
//!
//! The classifier reads stemmed word n-grams: the shipped model feeds them
//! into one layer of rectified units and a sigmoid per category (a linear
//! model, a weight per n-gram and category, also loads). It is trained on
//! the OPP-115 corpus, with a sentence encoder's labels on corpus
//! paragraphs, by the `train_categories` example and ships as
//! `assets/categories.json`. A score is an exact sum of per-n-gram
//! contributions, so the n-grams that contributed most are the cues.
//!
//! ```
//! use clause::categories::{Category, Classifier};
//! let labels = Classifier::embedded()
//!     .classify("We retain your personal information for as long as necessary.");
//! assert_eq!(labels[0].category, Category::Retention);
//! ```

pub mod context;
mod file;
mod model;
mod table;
pub mod text;

pub use context::{ContextCategory, ContextLayer};
pub use file::{CategoryModel, HiddenLayer, ModelError, ModelFile, EMBEDDED_MODEL, FORMAT};
pub use model::Classifier;

use serde::Serialize;

/// A data-practice category of the OPP-115 taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "&'static str")]
pub enum Category {
    /// First Party Collection/Use: what the site collects and why.
    FirstParty,
    /// Third Party Sharing/Collection: who else gets or collects data.
    ThirdParty,
    /// User Choice/Control: opt-in, opt-out and other choices.
    Choice,
    /// User Access, Edit and Deletion.
    Access,
    /// Data Retention: how long data is kept.
    Retention,
    /// Data Security: how data is protected.
    Security,
    /// Policy Change: how users learn of changes to the policy.
    PolicyChange,
    /// Do Not Track: how browser Do Not Track signals are handled.
    DoNotTrack,
    /// International and Specific Audiences: children, regions, etc.
    Audiences,
    /// Other: introductions, contact details, practices not covered.
    Other,
}

impl Category {
    /// Every category, in taxonomy order.
    pub const ALL: [Category; 10] = [
        Category::FirstParty,
        Category::ThirdParty,
        Category::Choice,
        Category::Access,
        Category::Retention,
        Category::Security,
        Category::PolicyChange,
        Category::DoNotTrack,
        Category::Audiences,
        Category::Other,
    ];

    /// Short name for the command line and JSON (`first-party`, `dnt`, ...).
    pub fn short_name(self) -> &'static str {
        match self {
            Category::FirstParty => "first-party",
            Category::ThirdParty => "third-party",
            Category::Choice => "choice",
            Category::Access => "access",
            Category::Retention => "retention",
            Category::Security => "security",
            Category::PolicyChange => "policy-change",
            Category::DoNotTrack => "dnt",
            Category::Audiences => "audiences",
            Category::Other => "other",
        }
    }

    /// Name as written in OPP-115 (`First Party Collection/Use`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Category::FirstParty => "First Party Collection/Use",
            Category::ThirdParty => "Third Party Sharing/Collection",
            Category::Choice => "User Choice/Control",
            Category::Access => "User Access, Edit and Deletion",
            Category::Retention => "Data Retention",
            Category::Security => "Data Security",
            Category::PolicyChange => "Policy Change",
            Category::DoNotTrack => "Do Not Track",
            Category::Audiences => "International and Specific Audiences",
            Category::Other => "Other",
        }
    }

    /// The category with this short name (exact, lower-case), if any.
    pub fn from_short_name(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.short_name() == s)
    }

    /// The category with this OPP-115 name (see [`Category::name`]), if any.
    pub fn from_name(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == s)
    }

    /// Position in [`Category::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl From<Category> for &'static str {
    fn from(c: Category) -> &'static str {
        c.short_name()
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.short_name())
    }
}

/// A set of categories: what [`Classifier::categories`] returns. It is
/// `Copy` (one `u16`, bit `i` for `Category::ALL[i]`) and iterates in
/// taxonomy order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CategorySet(u16);

impl CategorySet {
    /// No category.
    pub const EMPTY: CategorySet = CategorySet(0);

    /// Whether `category` is in the set.
    pub fn contains(self, category: Category) -> bool {
        self.0 & 1 << category.index() != 0
    }

    /// Adds `category` to the set.
    pub fn insert(&mut self, category: Category) {
        self.0 |= 1 << category.index();
    }

    /// Whether the set has no category.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Number of categories in the set.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The categories, in taxonomy order.
    pub fn iter(self) -> impl Iterator<Item = Category> {
        Category::ALL.into_iter().filter(move |&c| self.contains(c))
    }

    /// The set as bits (bit `i` for `Category::ALL[i]`), for storage.
    pub fn bits(self) -> u16 {
        self.0
    }

    /// The set stored as [`bits`](CategorySet::bits); unknown bits are
    /// ignored.
    pub fn from_bits(bits: u16) -> CategorySet {
        CategorySet(bits & ((1 << Category::ALL.len()) - 1))
    }
}

impl FromIterator<Category> for CategorySet {
    fn from_iter<I: IntoIterator<Item = Category>>(iter: I) -> CategorySet {
        let mut set = CategorySet::EMPTY;
        set.extend(iter);
        set
    }
}

impl Extend<Category> for CategorySet {
    fn extend<I: IntoIterator<Item = Category>>(&mut self, iter: I) {
        iter.into_iter().for_each(|c| self.insert(c));
    }
}

/// A category assigned to a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Label {
    /// The category assigned.
    pub category: Category,
    /// The model's probability that the category applies, in 0..=1.
    pub score: f32,
    /// Words and phrases of the text that raised the score most, strongest
    /// first, lower-cased (`"retain"`, `"as long as necessary"`).
    pub cues: Vec<String>,
    /// Log-odds that the clause's place in its policy (its neighbours'
    /// categories, its position) added to the score; 0 for a text read
    /// alone.
    pub context: f32,
}

/// How much the clause's place in its policy moved a label's log-odds, when
/// it shows at two decimals (`; context +1.25`).
pub fn context_note(context: f32) -> String {
    if (context * 100.0).round() == 0.0 {
        String::new()
    } else {
        format!("; context {context:+.2}")
    }
}

#[cfg(test)]
mod tests;
