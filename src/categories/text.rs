//! Turns clause text into the classifier's features: stemmed, lower-cased
//! word n-grams, each remembered with the byte span it came from.
//!
//! Training (the `train_categories` example) and classification share this
//! code, so a feature means the same thing on both sides. A feature's key is
//! its stems joined by single spaces (`"long as necessari"`); internally
//! keys are compared by a 64-bit hash so classifying allocates no key
//! strings.

use frostem::{Algorithm, Stemmer};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// Longest n-gram the features use.
pub const MAX_N: usize = 3;

/// Words longer than this (in bytes) become one placeholder token: no
/// real word is that long, and it bounds the stemmer's work.
const MAX_WORD: usize = 32;

/// Stems of words seen lately on this thread: most of a policy's words
/// recur, and a lookup is cheaper than the stemmer.
type StemCache = HashMap<String, String, BuildHasherDefault<MixHasher>>;
const STEM_CACHE_SIZE: usize = 1 << 16;

thread_local! {
    static STEMS: RefCell<StemCache> = RefCell::new(StemCache::default());
}

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
    STEMS.with_borrow_mut(|cache| tokenize_with(text, cache))
}

fn tokenize_with(text: &str, cache: &mut StemCache) -> Vec<Token> {
    let stemmer = Stemmer::new(Algorithm::English);
    let mut tokens = Vec::new();
    let mut word = String::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let inner_apostrophe = (c == '\'' || c == '\u{2019}')
            && start.is_some()
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
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
            last_end = i + c.len_utf8();
        } else if let Some(s) = start.take() {
            tokens.push(make_token(&stemmer, cache, &mut word, s..last_end));
        }
    }
    if let Some(s) = start {
        tokens.push(make_token(&stemmer, cache, &mut word, s..last_end));
    }
    tokens
}

fn make_token(
    stemmer: &Stemmer,
    cache: &mut StemCache,
    word: &mut String,
    span: Range<usize>,
) -> Token {
    if word.ends_with("'s") {
        word.truncate(word.len() - 2);
    }
    let stem = if word.len() > MAX_WORD {
        "#long".to_string()
    } else if word.chars().all(|c| c.is_ascii_digit()) {
        if word.len() <= 2 {
            word.clone()
        } else {
            "#num".to_string()
        }
    } else if let Some(stem) = cache.get(word.as_str()) {
        stem.clone()
    } else {
        let stem = stemmer.stem(word).into_owned();
        if cache.len() >= STEM_CACHE_SIZE {
            cache.clear();
        }
        cache.insert(word.clone(), stem.clone());
        stem
    };
    Token { stem, span }
}

/// One n-gram occurrence: its key hash, first token and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Gram {
    pub hash: u64,
    pub first: u32,
    pub n: u8,
}

/// The distinct n-grams of `tokens` (n = 1..=max_n), each with its first
/// occurrence, sorted by hash.
pub(crate) fn distinct_grams(tokens: &[Token], max_n: usize) -> Vec<Gram> {
    let mut grams = Vec::with_capacity(tokens.len() * max_n);
    for i in 0..tokens.len() {
        let mut hash = FNV_OFFSET;
        for n in 1..=max_n.min(tokens.len() - i) {
            if n > 1 {
                hash = fnv(hash, b" ");
            }
            hash = fnv(hash, tokens[i + n - 1].stem.as_bytes());
            grams.push(Gram {
                hash,
                first: i as u32,
                n: n as u8,
            });
        }
    }
    grams.sort_unstable();
    grams.dedup_by_key(|g| g.hash);
    grams
}

/// The value every present feature takes in a text with `distinct`
/// distinct n-grams: binary presence scaled by `distinct^-norm_power`
/// (0: plain presence, 0.5: unit length).
pub fn feature_value(distinct: usize, norm_power: f32) -> f32 {
    if distinct == 0 {
        0.0
    } else {
        (distinct as f32).powf(-norm_power)
    }
}

/// The training view of `text`: its distinct feature keys, sorted. Their
/// number is the `distinct` of [`feature_value`].
pub fn features(text: &str, max_n: usize) -> Vec<String> {
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
    keys
}

/// Hash of a feature key, as [`distinct_grams`] computes it.
pub(crate) fn key_hash(key: &str) -> u64 {
    fnv(FNV_OFFSET, key.as_bytes())
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Hasher for short keys and for keys that already are hashes: cheap,
/// and mixes well enough for the tables' bucket bits.
#[derive(Default)]
pub(crate) struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        let z = self.0 ^ (self.0 >> 33);
        let z = z.wrapping_mul(0xff51_afd7_ed55_8ccd);
        z ^ (z >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv(self.0 ^ FNV_OFFSET, bytes);
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
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
    fn gram_hashes_match_key_hashes() {
        let tokens = tokenize("as long as necessary");
        let grams = distinct_grams(&tokens, 3);
        assert!(grams
            .iter()
            .any(|g| g.hash == key_hash("long as necessari")));
        let keys = features("as long as necessary", 3);
        assert_eq!(keys.len(), grams.len());
        assert!((feature_value(keys.len(), 0.5) - 1.0 / (keys.len() as f32).sqrt()).abs() < 1e-6);
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
