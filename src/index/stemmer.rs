//! English stemming (the same Snowball stemmer as tantivy's `Stemmer`)
//! that remembers the words it has stemmed: a corpus repeats the same few
//! thousand words, and a lookup costs far less than the stemmer.

use crate::text::MixHasher;
use frostem::{Algorithm, Stemmer};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words whose stems one analyser keeps, at most; then it starts afresh.
const CACHE_SIZE: usize = 1 << 17;

/// Word → stem, with a cheap hash (the keys come from policies, but a
/// collision only costs time). Only words of up to [`Word::MAX`] bytes are
/// remembered; longer ones are stemmed each time.
type Stems = HashMap<Word, Word, BuildHasherDefault<MixHasher>>;

/// A short word kept inline, zero-padded: compared and hashed as three
/// machine words, never allocated. Tokens hold no NUL bytes, so the
/// padding tells where the word ends.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Word([u64; 3]);

impl Word {
    /// The longest word kept, in bytes.
    const MAX: usize = 24;

    fn new(text: &str) -> Option<Word> {
        let bytes = text.as_bytes();
        if bytes.len() > Self::MAX || bytes.contains(&0) {
            return None;
        }
        let mut padded = [0u8; Self::MAX];
        padded[..bytes.len()].copy_from_slice(bytes);
        let chunk = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&padded[i * 8..i * 8 + 8]);
            u64::from_le_bytes(b)
        };
        Some(Word([chunk(0), chunk(1), chunk(2)]))
    }

    /// Appends the word to `out`.
    fn push_to(&self, out: &mut String) {
        let mut bytes = [0u8; Self::MAX];
        for (i, chunk) in self.0.iter().enumerate() {
            bytes[i * 8..i * 8 + 8].copy_from_slice(&chunk.to_le_bytes());
        }
        let len = bytes.iter().position(|&b| b == 0).unwrap_or(Self::MAX);
        out.push_str(std::str::from_utf8(&bytes[..len]).unwrap_or_default());
    }
}

impl std::hash::Hash for Word {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.0[0] ^ self.0[1].rotate_left(21) ^ self.0[2].rotate_left(42));
    }
}

/// The token filter: English stems, cached per analyser.
#[derive(Clone, Copy)]
pub(crate) struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            stems: Stems::default(),
        }
    }
}

#[derive(Clone)]
pub(crate) struct CachedStemmerFilter<T> {
    inner: T,
    stems: Stems,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.stems.len() >= CACHE_SIZE {
            self.stems.clear();
        }
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stems: &mut self.stems,
            stemmer: Stemmer::new(Algorithm::English),
        }
    }
}

pub(crate) struct CachedStemmerStream<'a, T> {
    tail: T,
    stems: &'a mut Stems,
    stemmer: Stemmer,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let word = Word::new(&token.text);
        if let Some(stem) = word.and_then(|w| self.stems.get(&w)) {
            token.text.clear();
            stem.push_to(&mut token.text);
            return true;
        }
        let stem = self.stemmer.stem(&token.text).into_owned();
        if let (Some(word), Some(short)) = (word, Word::new(&stem)) {
            self.stems.insert(word, short);
        }
        token.text = stem;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::CachedStemmer;
    use tantivy::tokenizer::{Language, SimpleTokenizer, Stemmer, TextAnalyzer};

    fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    #[test]
    fn stems_like_tantivys_stemmer_on_repeated_words() {
        let text = "cookies tracking tracked retention retained cookies opting choices tracking";
        let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(CachedStemmer)
            .build();
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build();
        for _ in 0..2 {
            assert_eq!(terms(&mut cached, text), terms(&mut plain, text));
        }
        assert_eq!(terms(&mut cached, "cookies")[0], "cooki");
        let long = "internationalisationsprocesses informationprocessingsxy administrationsxxxxxxxxxxxxxxxx";
        for _ in 0..2 {
            assert_eq!(terms(&mut cached, long), terms(&mut plain, long));
        }
    }
}
