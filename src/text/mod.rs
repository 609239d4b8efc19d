//! Text helpers every layer may use: terminal-safe text, plurals and
//! highlight spans. A leaf: it imports nothing from the rest of the crate.

pub mod dates;
mod hash;

pub use hash::{fnv, MixHasher, FNV_OFFSET};
use std::borrow::Cow;

/// A half-open range of byte offsets into a text (`start..end`), such as a
/// highlighted match. Serialised as `[start, end]`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(from = "(usize, usize)", into = "(usize, usize)")]
pub struct ByteRange {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl ByteRange {
    /// The range `start..end`.
    pub const fn new(start: usize, end: usize) -> Self {
        ByteRange { start, end }
    }

    /// As a standard range.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

impl From<(usize, usize)> for ByteRange {
    fn from((start, end): (usize, usize)) -> Self {
        ByteRange { start, end }
    }
}

impl From<ByteRange> for (usize, usize) {
    fn from(range: ByteRange) -> Self {
        (range.start, range.end)
    }
}

/// True for characters that could drive a terminal or reorder text:
/// control characters other than `\n` and `\t`, and bidirectional overrides.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text made safe for a terminal: every unsafe character (see
/// [`is_unsafe_char`]) replaced by `�`. Text that needs no change is not copied.
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_unsafe_char(c) { '\u{fffd}' } else { c })
            .collect(),
    )
}

/// The noun for `n` things: `one` for 1, else `many` ("clause", "clauses").
pub fn noun<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// Splits `text` into pieces, each marked true when it lies in one of the
/// sorted, non-overlapping byte `ranges` (ranges off char boundaries or out
/// of bounds are skipped).
pub fn spans<'a>(text: &'a str, ranges: &[ByteRange]) -> Vec<(&'a str, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    for range in ranges {
        let (start, end) = (range.start.max(at), range.end.min(text.len()));
        if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        if start > at {
            out.push((&text[at..start], false));
        }
        out.push((&text[start..end], true));
        at = end;
    }
    if at < text.len() {
        out.push((&text[at..], false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_split_text_at_the_ranges() {
        assert_eq!(
            spans("a bc d", &[ByteRange::new(2, 4)]),
            vec![("a ", false), ("bc", true), (" d", false)]
        );
        assert_eq!(spans("é", &[ByteRange::new(0, 1)]), vec![("é", false)]);
    }

    #[test]
    fn unsafe_characters_are_replaced() {
        assert_eq!(safe("a\u{1b}[31mb\u{202e}"), "a\u{fffd}[31mb\u{fffd}");
        assert!(matches!(safe("plain\ttext\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn nouns_agree_with_their_count() {
        assert_eq!(noun(1, "clause", "clauses"), "clause");
        assert_eq!(noun(0, "clause", "clauses"), "clauses");
    }

    #[test]
    fn byte_ranges_serialise_as_pairs() {
        let json = serde_json::to_string(&ByteRange::new(3, 7)).unwrap_or_default();
        assert_eq!(json, "[3,7]");
    }
}
