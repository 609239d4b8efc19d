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
/// collision only costs time).
type Stems = HashMap<String, String, BuildHasherDefault<MixHasher>>;

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
        if let Some(stem) = self.stems.get(&token.text) {
            token.text.clear();
            token.text.push_str(stem);
        } else {
            let stem = self.stemmer.stem(&token.text).into_owned();
            let word = std::mem::replace(&mut token.text, stem.clone());
            self.stems.insert(word, stem);
        }
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
    }
}
