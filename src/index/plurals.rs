//! A token filter that maps irregular plurals the English stemmer leaves
//! alone onto their singular (`children` → `child`), so that either form
//! finds both.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Irregular plural → singular, for words common in privacy policies.
const IRREGULAR: &[(&str, &str)] = &[
    ("children", "child"),
    ("minors", "minor"),
    ("analyses", "analysis"),
    ("criteria", "criterion"),
    ("lives", "life"),
];

/// The filter; apply after lower-casing and before stemming.
#[derive(Clone, Copy)]
pub(crate) struct IrregularPlurals;

impl TokenFilter for IrregularPlurals {
    type Tokenizer<T: Tokenizer> = IrregularPluralsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        IrregularPluralsFilter { tokenizer }
    }
}

/// [`IrregularPlurals`] wrapped around a tokenizer.
#[derive(Clone)]
pub(crate) struct IrregularPluralsFilter<T> {
    tokenizer: T,
}

impl<T: Tokenizer> Tokenizer for IrregularPluralsFilter<T> {
    type TokenStream<'a> = IrregularPluralsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        IrregularPluralsStream {
            tail: self.tokenizer.token_stream(text),
        }
    }
}

/// The token stream of [`IrregularPluralsFilter`].
pub(crate) struct IrregularPluralsStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for IrregularPluralsStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some((_, singular)) = IRREGULAR.iter().find(|(plural, _)| *plural == token.text) {
            token.text.clear();
            token.text.push_str(singular);
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
