//! Turns raw file bytes into safe text: decoding, newline normalisation and
//! removal of everything that could drive a terminal.
//!
//! Invariant: the returned text contains no C0/C1 control characters other
//! than `\n` and `\t`, no escape sequences and no bidirectional overrides.

use std::borrow::Cow;

/// How the bytes of a file were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// Valid UTF-8.
    Utf8,
    /// Not valid UTF-8: decoded as Windows-1252.
    Windows1252,
}

/// Decodes bytes as UTF-8, falling back to Windows-1252 when they are not valid UTF-8.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Encoding) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), Encoding::Utf8),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text, Encoding::Windows1252)
        }
    }
}

/// Normalises line endings to `\n` and neutralises control characters and
/// terminal escape sequences. Text that needs no change is not copied.
pub fn clean(text: &str) -> Cow<'_, str> {
    let Some(first) = first_suspect(text, 0) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut start = first;
    // Copy runs of plain bytes wholesale; look closely only at suspects.
    while let Some(at) = first_suspect(text, start) {
        out.push_str(&text[start..at]);
        let end = clean_from(&text[at..], &mut out);
        start = at + end;
    }
    out.push_str(&text[start..]);
    Cow::Owned(out)
}

/// Byte offset of the next character at or after `from` that needs
/// cleaning (see [`starts_unsafe_char`]).
fn first_suspect(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(p) = first_lead_byte(&bytes[at..]) {
        if starts_unsafe_char(&bytes[at + p..]) {
            return Some(at + p);
        }
        at += p + 1;
    }
    None
}

/// Bytes scanned at once for a possible lead byte of an unsafe character.
const CHUNK: usize = 32;

/// Offset of the first byte that may start an unsafe character: controls
/// other than `\n` and `\t`, and the lead bytes of C1 controls (`0xc2`)
/// and bidirectional overrides (`0xe2`). Whole chunks without one are
/// skipped in a single test.
fn first_lead_byte(bytes: &[u8]) -> Option<usize> {
    let is_lead =
        |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f || b == 0xc2 || b == 0xe2;
    let mut chunks = bytes.chunks_exact(CHUNK);
    let mut offset = 0;
    for chunk in chunks.by_ref() {
        if chunk.iter().fold(false, |any, &b| any | is_lead(b)) {
            break;
        }
        offset += CHUNK;
    }
    bytes[offset..]
        .iter()
        .position(|&b| is_lead(b))
        .map(|p| offset + p)
}

/// True when `bytes` starts with the UTF-8 encoding of a character that
/// [`needs_cleaning`]: a C0 control other than `\n` and `\t`, DEL, a C1
/// control (U+0080..U+009F) or a bidirectional override (U+202A..U+202E,
/// U+2066..U+2069).
fn starts_unsafe_char(bytes: &[u8]) -> bool {
    match bytes {
        [b, ..] if *b < 0x20 => *b != b'\n' && *b != b'\t',
        [0x7f, ..] | [0xc2, 0x80..=0x9f, ..] => true,
        [0xe2, 0x80, 0xaa..=0xae, ..] | [0xe2, 0x81, 0xa6..=0xa9, ..] => true,
        _ => false,
    }
}

/// Cleans the suspect character at the start of `text` (and any escape
/// sequence it opens) into `out`; returns the bytes consumed.
fn clean_from(text: &str, out: &mut String) -> usize {
    let mut chars = text.chars();
    let Some(c) = chars.next() else {
        return 0;
    };
    if !needs_cleaning(c) {
        out.push(c);
        return c.len_utf8();
    }
    clean_chars(c, &mut chars, out);
    text.len() - chars.as_str().len()
}

/// Handles one control character `c` already taken from `chars`.
fn clean_chars(c: char, chars: &mut std::str::Chars<'_>, out: &mut String) {
    match c {
        '\r' if !chars.as_str().starts_with('\n') => out.push('\n'),
        '\u{1b}' => skip_escape_sequence(chars),
        '\u{9b}' => skip_csi_body(chars),
        '\u{9d}' => skip_string_body(chars),
        '\u{0b}' | '\u{0c}' => out.push('\n'),
        _ => {}
    }
}

fn needs_cleaning(c: char) -> bool {
    crate::text::is_unsafe_char(c)
}

/// Skips the rest of an escape sequence whose ESC was just read.
fn skip_escape_sequence(chars: &mut std::str::Chars<'_>) {
    match chars.clone().next() {
        Some('[') => {
            chars.next();
            skip_csi_body(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string_body(chars);
        }
        Some(c) if ('\u{20}'..='\u{7e}').contains(&c) => {
            chars.next();
        }
        _ => {}
    }
}

/// Skips CSI parameters up to and including the final byte.
fn skip_csi_body(chars: &mut std::str::Chars<'_>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
        if !('\u{20}'..='\u{3f}').contains(&c) {
            break;
        }
    }
}

/// Skips an OSC/DCS string up to BEL or ST (ESC \).
fn skip_string_body(chars: &mut std::str::Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.as_str().starts_with('\\') {
                    chars.next();
                }
                break;
            }
            '\n' => break,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_borrowed_and_cp1252_is_decoded() {
        assert_eq!(decode(b"caf\xc3\xa9").0, "café");
        let (text, enc) = decode(b"it\x92s \x93quoted\x94");
        assert_eq!(text, "it’s “quoted”");
        assert_eq!(enc, Encoding::Windows1252);
    }

    #[test]
    fn crlf_and_lone_cr_become_newlines() {
        assert_eq!(clean("a\r\nb\rc"), "a\nb\nc");
    }

    #[test]
    fn escape_sequences_are_removed() {
        assert_eq!(clean("red \u{1b}[31mtext\u{1b}[0m!"), "red text!");
        assert_eq!(clean("t\u{1b}]0;owned\u{7}itle"), "title");
        assert_eq!(clean("a\u{1b}]8;;http://x\u{1b}\\link"), "alink");
        assert_eq!(clean("bell\u{7} nul\u{0} del\u{7f}"), "bell nul del");
        assert_eq!(clean("c1\u{9b}2Jx"), "c1x");
        assert_eq!(clean("rtl\u{202e}txet"), "rtltxet");
    }

    #[test]
    fn unsafe_lead_bytes_match_unsafe_chars() {
        for c in ('\0'..='\u{3000}').chain(['\u{fffd}', '\u{1f600}']) {
            let mut buf = [0; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(starts_unsafe_char(bytes), needs_cleaning(c), "{c:?}");
        }
    }

    #[test]
    fn suspects_are_found_past_whole_chunks() {
        let text = format!("{}’{}\u{202e}x", "a".repeat(40), "b".repeat(70));
        assert_eq!(first_suspect(&text, 0), Some(40 + 3 + 70));
        assert_eq!(clean(&text), text.replace('\u{202e}', ""));
    }

    #[test]
    fn clean_text_is_not_copied() {
        assert!(matches!(clean("plain text\n\tindented"), Cow::Borrowed(_)));
    }
}
