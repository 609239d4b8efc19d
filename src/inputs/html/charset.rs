//! Decoding an HTML page's bytes: byte-order mark, then the charset the page
//! declares (`<meta charset>` or `http-equiv="Content-Type"` in its first
//! kilobytes, or a charset given by the HTTP response), else UTF-8, else
//! Windows-1252.
//!
//! Invariant: decoding never fails; a charset label that is not known is
//! reported and the page is read as if it declared none.

use encoding_rs::Encoding;
use std::borrow::Cow;

/// How far into the page a charset declaration is looked for (the HTML
/// standard's prescan reads 1024 bytes; real pages put long `<head>`s first).
const PRESCAN_BYTES: usize = 4096;

/// How a page's bytes were decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoding {
    /// By its byte-order mark or declared charset (the encoding's name).
    Declared(&'static str),
    /// No declaration, valid UTF-8.
    Utf8,
    /// No usable declaration and not valid UTF-8: read as Windows-1252.
    Windows1252,
}

/// The decoded text, how it was decoded, and a declared label that no
/// encoding answers to, if any.
pub struct Decoded<'a> {
    /// The page as text (borrowed when the bytes were already UTF-8).
    pub text: Cow<'a, str>,
    /// Which encoding was used, and why.
    pub decoding: Decoding,
    /// A declared charset label no encoding answers to (`None`: none, or
    /// a known one).
    pub unknown_label: Option<String>,
}

/// Decodes `bytes`, preferring `declared` (a charset label from outside the
/// page, such as an HTTP header) over what the page itself declares.
pub fn decode<'a>(bytes: &'a [u8], declared: Option<&str>) -> Decoded<'a> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return Decoded {
            text,
            decoding: Decoding::Declared(encoding.name()),
            unknown_label: None,
        };
    }
    let label = declared
        .map(str::to_string)
        .or_else(|| declared_in_page(bytes));
    let mut unknown_label = None;
    if let Some(label) = label {
        match Encoding::for_label(label.trim().as_bytes()) {
            // A page in UTF-16 cannot hold an ASCII `<meta>`: the label lies.
            Some(encoding)
                if encoding != encoding_rs::UTF_16LE && encoding != encoding_rs::UTF_16BE =>
            {
                let (text, _) = encoding.decode_without_bom_handling(bytes);
                return Decoded {
                    text,
                    decoding: Decoding::Declared(encoding.name()),
                    unknown_label: None,
                };
            }
            Some(_) => {}
            None => unknown_label = Some(label),
        }
    }
    let (text, decoding) = match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), Decoding::Utf8),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text, Decoding::Windows1252)
        }
    };
    Decoded {
        text,
        decoding,
        unknown_label,
    }
}

/// The charset label a page declares in its first bytes, if any.
fn declared_in_page(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let start = from + at;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |p| start + p);
        if let Some(label) = charset_in_tag(&lower[start..end]) {
            return Some(label);
        }
        from = end;
    }
    None
}

/// The value after `charset=` in one `<meta ...>` tag (lower-cased bytes).
fn charset_in_tag(tag: &[u8]) -> Option<String> {
    let at = find(tag, b"charset")? + b"charset".len();
    let rest = &tag[at..];
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    let label = String::from_utf8_lossy(&rest[..end]).into_owned();
    (!label.is_empty()).then_some(label)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_and_http_equiv_are_read() {
        let page = b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xe9</body>";
        let decoded = decode(page, None);
        assert!(decoded.text.contains("café"));
        assert_eq!(decoded.decoding, Decoding::Declared("windows-1252"));
        let page =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">\x93\xfa";
        assert_eq!(decode(page, None).decoding, Decoding::Declared("Shift_JIS"));
    }

    #[test]
    fn bom_wins_over_declaration() {
        let page = b"\xEF\xBB\xBF<meta charset=\"windows-1252\">caf\xc3\xa9";
        let decoded = decode(page, None);
        assert!(decoded.text.ends_with("café"));
        assert_eq!(decoded.decoding, Decoding::Declared("UTF-8"));
    }

    #[test]
    fn unknown_label_falls_back_and_is_reported() {
        let decoded = decode(b"<meta charset=\"x-klingon\">caf\xe9", None);
        assert_eq!(decoded.unknown_label.as_deref(), Some("x-klingon"));
        assert_eq!(decoded.decoding, Decoding::Windows1252);
        assert!(decoded.text.ends_with("café"));
    }

    #[test]
    fn header_charset_beats_the_page() {
        let decoded = decode(b"<meta charset=\"utf-8\">caf\xe9", Some("latin1"));
        assert!(decoded.text.ends_with("café"));
    }
}
