//! HTML pages as policy text: decode the bytes (see [`charset`]), parse
//! them into a DOM, keep the main content (see [`content`]) and write it as
//! the markdown the corpus parser reads, with `htmd` (a port of turndown,
//! which Open Terms Archive uses for its own versions).
//!
//! OPP-115's sanitized policies (fragments whose segments are separated by
//! `|||`) become one block per segment, so that every segment boundary is
//! a clause boundary.
//!
//! Invariant: conversion never panics and never recurses deeper than
//! [`MAX_DEPTH`] elements; a page it cannot use gets an [`HtmlError`].

pub mod charset;
mod content;
mod date;
mod pages;

use crate::text::dates::updated_date;
use htmd::HtmlToMarkdown;

/// Deepest element nesting converted (real pages stay far below).
pub const MAX_DEPTH: usize = 512;

/// Lines of the converted text searched for a "last updated" line.
const LINES_SEARCHED: usize = 40;

/// The OPP-115 segment separator.
const SEGMENT_SEPARATOR: &str = "|||";

/// File name extensions of HTML pages.
pub const EXTENSIONS: &[&str] = &["html", "htm", "xhtml"];

/// True when `name` ends with an HTML extension.
pub fn is_html_name(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(ext)))
}

/// Why a page gives no policy text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HtmlError {
    /// Elements nest deeper than the converter follows.
    #[error("HTML nested deeper than {MAX_DEPTH} elements")]
    TooDeep,
    /// Nothing but page chrome, scripts and styles.
    #[error("no text left once scripts, styles, navigation and page chrome are removed")]
    NoText,
}

/// A page converted to policy text.
#[derive(Debug, Clone)]
pub struct Page {
    /// Markdown of the main content.
    pub markdown: String,
    /// The page's own date (a "last updated" line or a date `<meta>`).
    pub date: Option<String>,
    /// How the bytes were decoded.
    pub decoding: charset::Decoding,
    /// A declared charset that is not known (the page was read without it).
    pub unknown_charset: Option<String>,
}

/// Converts a page's bytes; `declared_charset` comes from outside the page
/// (an HTTP `Content-Type`), if known.
pub fn convert(bytes: &[u8], declared_charset: Option<&str>) -> Result<Page, HtmlError> {
    let decoded = charset::decode(bytes, declared_charset);
    let html = segmented(&decoded.text);
    let converter = converter();
    // html5ever's tree builder cannot fail on a string.
    let Ok(document) = converter.html_to_tree(&html) else {
        return Err(HtmlError::NoText);
    };
    if content::depth(&document) > MAX_DEPTH {
        return Err(HtmlError::TooDeep);
    }
    let meta_date = date::from_meta(&document);
    let main = content::main_content(&document);
    let markdown = tidy(&converter.tree_to_markdown(&main));
    if markdown.trim().is_empty() {
        return Err(HtmlError::NoText);
    }
    let date = markdown
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(LINES_SEARCHED)
        .find_map(updated_date)
        .or(meta_date);
    Ok(Page {
        markdown,
        date,
        decoding: decoded.decoding,
        unknown_charset: decoded.unknown_label,
    })
}

fn converter() -> HtmlToMarkdown {
    HtmlToMarkdown::builder()
        .options(htmd::options::Options {
            bullet_list_marker: htmd::options::BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            ..Default::default()
        })
        .build()
}

/// An OPP-115 fragment (`|||`-separated segments, no `<body>`) with each
/// segment wrapped in its own block; any other page unchanged.
fn segmented(html: &str) -> std::borrow::Cow<'_, str> {
    let head = html.as_bytes()[..html.len().min(2048)].to_ascii_lowercase();
    let has = |tag: &[u8]| head.windows(tag.len()).any(|w| w == tag);
    if !html.contains(SEGMENT_SEPARATOR) || has(b"<body") || has(b"<html") {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 64);
    for segment in html.split(SEGMENT_SEPARATOR) {
        out.push_str("<div>");
        out.push_str(segment);
        out.push_str("</div>\n");
    }
    std::borrow::Cow::Owned(out)
}

/// Drops trailing spaces of hard line breaks and runs of blank lines, so
/// that `<br><br>` ends a paragraph as a blank line does.
fn tidy(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut blank = 0;
    for line in markdown.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests;
