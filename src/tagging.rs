//! The data-practice categories of every clause of a corpus, computed in
//! memory with the classifier (in parallel), and where a label's cues sit
//! in a clause's text.
//!
//! Invariant: `CorpusTags::policy(p)[c]` is the set of categories the
//! classifier gives clause `c` of policy `p` of the corpus it was built from.

use crate::categories::{text, Category, CategorySet, Classifier, Label};
use crate::corpus::{Corpus, Policy};
use crate::text::ByteRange;
use rayon::prelude::*;

/// The categories of one policy's clauses, in clause order, each read in
/// the context of its neighbours.
pub fn policy_tags(policy: &Policy) -> Vec<CategorySet> {
    Classifier::embedded().categories_in_context(&clause_texts(policy))
}

/// The labels (with cues) of one policy's clauses, in clause order, each
/// read in the context of its neighbours: what [`policy_tags`] decides.
pub fn policy_labels(policy: &Policy) -> Vec<Vec<Label>> {
    Classifier::embedded().classify_in_context(&clause_texts(policy))
}

fn clause_texts(policy: &Policy) -> Vec<&str> {
    policy.clauses.iter().map(|c| c.text.as_str()).collect()
}

/// Policies classified between two progress reports.
const CHUNK: usize = 64;

/// The categories of every clause of a corpus.
#[derive(Debug, Default)]
pub struct CorpusTags {
    policies: Vec<Vec<CategorySet>>,
}

impl CorpusTags {
    /// Classifies every clause of `corpus` on all cores, calling
    /// `progress(done, total)` (in policies) as it goes.
    pub fn compute(corpus: &Corpus, progress: &dyn Fn(usize, usize)) -> CorpusTags {
        let total = corpus.policies.len();
        let mut policies = Vec::with_capacity(total);
        for chunk in corpus.policies.chunks(CHUNK) {
            policies.par_extend(chunk.par_iter().map(policy_tags));
            progress(policies.len(), total);
        }
        CorpusTags { policies }
    }

    /// The categories of policy `p`'s clauses (empty for an unknown policy).
    pub fn policy(&self, p: usize) -> &[CategorySet] {
        self.policies.get(p).map_or(&[], Vec::as_slice)
    }

    /// The categories of clause `c` of policy `p` (empty when unknown).
    pub fn clause(&self, p: usize, c: usize) -> CategorySet {
        self.policy(p).get(c).copied().unwrap_or_default()
    }

    /// How many clauses of policy `p` have `category`.
    pub fn count(&self, p: usize, category: Category) -> usize {
        self.policy(p)
            .iter()
            .filter(|s| s.contains(category))
            .count()
    }
}

/// Byte ranges of `text` where any of `cues` occurs, matched word by word
/// on stems (so `retain your` finds `Retain  your`), in text order.
pub fn cue_ranges(text: &str, cues: &[String]) -> Vec<ByteRange> {
    let tokens = text::tokenize(text);
    let mut ranges = Vec::new();
    for cue in cues {
        let words: Vec<String> = text::tokenize(cue).into_iter().map(|t| t.stem).collect();
        if words.is_empty() {
            continue;
        }
        for window in tokens.windows(words.len()) {
            if window.iter().zip(&words).all(|(t, w)| &t.stem == w) {
                ranges.push(ByteRange::new(
                    window[0].span.start,
                    window[words.len() - 1].span.end,
                ));
            }
        }
    }
    ranges.sort_unstable();
    ranges.dedup();
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_are_found_by_stem_across_case_and_spacing() {
        let text = "We Retain  your data as long as needed. We retain your data.";
        let ranges = cue_ranges(text, &["retain your".into(), "as long as".into()]);
        let found: Vec<&str> = ranges.iter().map(|r| &text[r.range()]).collect();
        assert_eq!(found, vec!["Retain  your", "as long as", "retain your"]);
    }

    #[test]
    fn every_clause_of_the_corpus_is_tagged_as_the_classifier_says() {
        let corpus = Corpus::load(
            &crate::corpus::CorpusSource::Embedded,
            crate::corpus::LoadOptions::default(),
        )
        .expect("embedded corpus");
        let reports = std::sync::Mutex::new(Vec::new());
        let tags = CorpusTags::compute(&corpus, &|done, total| {
            reports.lock().expect("lock").push((done, total))
        });
        let reports = reports.into_inner().expect("lock");
        assert_eq!(
            reports.last(),
            Some(&(corpus.policies.len(), corpus.policies.len()))
        );
        let p = corpus.policies.len() - 1;
        assert_eq!(tags.policy(p), policy_tags(&corpus.policies[p]).as_slice());
        assert_eq!(tags.policy(p).len(), corpus.policies[p].clauses.len());
        assert!(tags.policy(corpus.policies.len()).is_empty());
    }
}
