//! Word-bag similarity: the share of words two texts have in common (the
//! Dice coefficient of their word multisets, case and punctuation
//! ignored). Linear in the text length, unlike a word diff, so a clause can
//! be compared with many candidates.

/// The words of a text as sorted hashes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct WordBag(Vec<u64>);

impl WordBag {
    /// The bag of `text`'s words.
    pub(crate) fn new(text: &str) -> WordBag {
        let mut words: Vec<u64> = text.split_whitespace().filter_map(word_hash).collect();
        words.sort_unstable();
        WordBag(words)
    }

    /// The bag of several texts together.
    pub(crate) fn joined<'a>(bags: impl IntoIterator<Item = &'a WordBag>) -> WordBag {
        let mut words: Vec<u64> = bags.into_iter().flat_map(|b| b.0.iter().copied()).collect();
        words.sort_unstable();
        WordBag(words)
    }

    /// Number of words.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// Shared words over all words, 0..=1 (1 for two empty bags).
    pub(crate) fn similarity(&self, other: &WordBag) -> f32 {
        let total = self.0.len() + other.0.len();
        if total == 0 {
            return 1.0;
        }
        let (mut i, mut j, mut shared) = (0, 0, 0);
        while i < self.0.len() && j < other.0.len() {
            match self.0[i].cmp(&other.0[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        2.0 * shared as f32 / total as f32
    }
}

/// FNV-1a of a word's letters and digits, lower-cased; `None` for a word
/// with neither.
fn word_hash(word: &str) -> Option<u64> {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut any = false;
    for c in word.chars().filter(|c| c.is_alphanumeric()) {
        any = true;
        for l in c.to_lowercase() {
            let mut buf = [0; 4];
            for &byte in l.encode_utf8(&mut buf).as_bytes() {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    any.then_some(hash)
}

#[cfg(test)]
mod tests {
    use super::WordBag;

    #[test]
    fn similarity_counts_shared_words_ignoring_case_and_punctuation() {
        let a = WordBag::new("We share data, with partners.");
        let b = WordBag::new("we share DATA with partners");
        assert_eq!(a.similarity(&b), 1.0);
        let c = WordBag::new("Cookies are small files");
        assert_eq!(a.similarity(&c), 0.0);
        let half = WordBag::new("We share nothing at all");
        assert!((a.similarity(&half) - 0.4).abs() < 1e-6);
    }

    #[test]
    fn joined_bags_match_the_joined_text() {
        let parts = [
            WordBag::new("We keep logs."),
            WordBag::new("Then we delete them."),
        ];
        assert_eq!(
            WordBag::joined(&parts),
            WordBag::new("We keep logs. Then we delete them.")
        );
    }
}
