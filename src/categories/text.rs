//! Turns clause text into the classifier's features: stemmed, lower-cased
//! word n-grams, each remembered with the byte span it came from.
//!
//! Training (the `train_categories` example) and classification share this
//! code, so a feature means the same thing on both sides. A feature's key is
//! its stems joined by single spaces (`"long as necessari"`); classifying
//! compares keys by a 64-bit hash built from the stems' hashes (see
//! [`key_hash`]), so it allocates no strings, and a per-thread cache maps
//! each word to its stem's hash, so most words skip the stemmer.

use crate::text::{fnv, MixHasher, FNV_OFFSET};
use frostem::{Algorithm, Stemmer};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;

/// Longest n-gram the features use.
pub const MAX_N: usize = 3;

/// Words longer than this (in bytes) become one placeholder token: no
/// real word is that long, and it bounds the stemmer's work.
const MAX_WORD: usize = 32;

/// Words whose stem hash the cache keeps, at most; then it starts afresh.
const STEM_CACHE_SIZE: usize = 1 << 16;

/// One word of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower-cased, stemmed form (numbers and overlong words normalized).
    pub stem: String,
    /// Byte range of the word in the original text.
    pub span: Range<usize>,
}

/// Splits `text` into words and stems them (Snowball English).
///
/// A word is a run of letters and digits, with inner apostrophes kept
/// (`don't`); a trailing possessive `'s` is dropped. Numbers of up to two
/// digits are kept as they are (`13`, `30`), longer ones become `#num`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let stemmer = Stemmer::new(Algorithm::English);
    let mut tokens = Vec::new();
    let mut word = String::new();
    for_each_word(text, &mut word, |span, word, plain| {
        let stem = if plain {
            word.to_string()
        } else {
            stemmer.stem(word).into_owned()
        };
        tokens.push(Token { stem, span });
    });
    tokens
}

/// Calls `f(span, word, plain)` for every word of `text` in order: `word`
/// is lower-cased and normalized as [`tokenize`] describes, and `plain`
/// tells that it is not to be stemmed (a number or placeholder).
fn for_each_word(text: &str, word: &mut String, mut f: impl FnMut(Range<usize>, &str, bool)) {
    let bytes = text.as_bytes();
    let char_at = |i: usize| match bytes.get(i) {
        Some(&b) if b < 0x80 => Some(char::from(b)),
        Some(_) => text.get(i..).and_then(|s| s.chars().next()),
        None => None,
    };
    let mut emit = |word: &mut String, span: Range<usize>| {
        if word.ends_with("'s") {
            word.truncate(word.len() - 2);
        }
        if word.len() > MAX_WORD {
            f(span, "#long", true);
        } else if word.bytes().all(|b| b.is_ascii_digit()) {
            let word = if word.len() <= 2 {
                word.as_str()
            } else {
                "#num"
            };
            f(span, word, true);
        } else {
            f(span, word.as_str(), false);
        }
    };
    let (mut i, mut start, mut end) = (0, None, 0);
    while let Some(c) = char_at(i) {
        let len = c.len_utf8();
        let inner_apostrophe = (c == '\'' || c == '\u{2019}')
            && start.is_some()
            && char_at(i + len).is_some_and(char::is_alphanumeric);
        if c.is_alphanumeric() || inner_apostrophe {
            if start.is_none() {
                start = Some(i);
                word.clear();
            }
            if word.len() <= MAX_WORD {
                if inner_apostrophe {
                    word.push('\'');
                } else if c.is_ascii() {
                    word.push(c.to_ascii_lowercase());
                } else {
                    word.extend(c.to_lowercase());
                }
            }
            end = i + len;
        } else if let Some(s) = start.take() {
            emit(word, s..end);
        }
        i += len;
    }
    if let Some(s) = start {
        emit(word, s..end);
    }
}

/// Stems words to their hashes (see [`stem_hash`]), remembering the words
/// seen lately: most of a policy's words recur, and a lookup is cheaper
/// than the stemmer.
#[derive(Default)]
pub(crate) struct StemHashes {
    word: String,
    cache: HashMap<u64, u64, BuildHasherDefault<MixHasher>>,
}

impl StemHashes {
    /// Calls `f(span, stem hash)` for every word of `text`, in order.
    pub(crate) fn scan(&mut self, text: &str, mut f: impl FnMut(Range<usize>, u64)) {
        let StemHashes { word, cache } = self;
        let stemmer = Stemmer::new(Algorithm::English);
        for_each_word(text, word, |span, word, plain| {
            let hash = if plain {
                stem_hash(word)
            } else {
                let key = fnv(FNV_OFFSET, word.as_bytes());
                match cache.get(&key) {
                    Some(&h) => h,
                    None => {
                        let h = stem_hash(&stemmer.stem(word));
                        if cache.len() >= STEM_CACHE_SIZE {
                            cache.clear();
                        }
                        cache.insert(key, h);
                        h
                    }
                }
            };
            f(span, hash);
        });
    }
}

/// The value every present feature takes in a text of `tokens` words:
/// binary presence scaled by `grams^-norm_power`, where `grams` counts the
/// text's n-grams (n = 1..=max_n) with repeats (0: plain presence, 0.5:
/// about unit length).
pub fn feature_value(tokens: usize, max_n: usize, norm_power: f32) -> f32 {
    let grams: usize = (1..=max_n).map(|n| tokens.saturating_sub(n - 1)).sum();
    if grams == 0 {
        0.0
    } else {
        (grams as f32).powf(-norm_power)
    }
}

/// The training view of `text`: its distinct feature keys, sorted, and
/// its number of words (for [`feature_value`]).
pub fn features(text: &str, max_n: usize) -> (Vec<String>, usize) {
    let tokens = tokenize(text);
    let mut keys = Vec::with_capacity(tokens.len() * max_n);
    for i in 0..tokens.len() {
        let mut key = String::new();
        for n in 1..=max_n.min(tokens.len() - i) {
            if n > 1 {
                key.push(' ');
            }
            key.push_str(&tokens[i + n - 1].stem);
            keys.push(key.clone());
        }
    }
    keys.sort_unstable();
    keys.dedup();
    (keys, tokens.len())
}

/// Hash of a feature key (stems joined by spaces): the stems' hashes
/// combined by [`extend_hash`], as classification computes it.
pub(crate) fn key_hash(key: &str) -> u64 {
    let mut stems = key.split(' ').map(stem_hash);
    let first = stems.next().unwrap_or(FNV_OFFSET);
    stems.fold(first, extend_hash)
}

/// Hash of one stem.
pub(crate) fn stem_hash(stem: &str) -> u64 {
    fnv(FNV_OFFSET, stem.as_bytes())
}

/// Hash of an n-gram extended by one more stem (order matters).
pub(crate) fn extend_hash(gram: u64, stem: u64) -> u64 {
    let h = (gram.rotate_left(26) ^ stem).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^ (h >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_stemmed_lowercased_and_spanned() {
        let text = "We RETAIN the user's data, don't we? 2015 13";
        let tokens = tokenize(text);
        let stems: Vec<&str> = tokens.iter().map(|t| t.stem.as_str()).collect();
        assert_eq!(
            stems,
            ["we", "retain", "the", "user", "data", "don't", "we", "#num", "13"]
        );
        assert_eq!(&text[tokens[3].span.clone()], "user's");
    }

    #[test]
    fn stem_hashes_match_key_hashes() {
        let text = "As long as NECESSARY, we retain it";
        let mut hashes = Vec::new();
        StemHashes::default().scan(text, |span, h| hashes.push((span, h)));
        let tokens = tokenize(text);
        assert_eq!(hashes.len(), tokens.len());
        for ((span, h), t) in hashes.iter().zip(&tokens) {
            assert_eq!((span, *h), (&t.span, key_hash(&t.stem)));
        }
        let gram = extend_hash(extend_hash(hashes[1].1, hashes[2].1), hashes[3].1);
        assert_eq!(gram, key_hash("long as necessari"));
        assert_ne!(gram, key_hash("as long necessari"));
        let (keys, words) = features(text, 3);
        assert!(keys.contains(&"long as necessari".to_string()));
        assert_eq!(words, 7);
        // 7 + 6 + 5 n-grams
        assert!((feature_value(7, 3, 0.5) - 18f32.powf(-0.5)).abs() < 1e-6);
        assert_eq!(feature_value(1, 3, 0.5), 1.0);
        assert_eq!(feature_value(0, 3, 0.5), 0.0);
    }

    #[test]
    fn overlong_words_are_bounded() {
        let text = "x".repeat(10_000);
        let tokens = tokenize(&text);
        assert_eq!(tokens.len(), 1);
        assert_eq!(tokens[0].stem, "#long");
        assert_eq!(tokens[0].span, 0..10_000);
    }
}
