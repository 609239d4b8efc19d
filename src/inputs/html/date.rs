//! A page's date when its file name gives none: a "last updated" or
//! "effective" line near the top of its text, else a date `<meta>` tag.
//!
//! Dates are returned as `YYYY-MM-DD`; anything not plainly a calendar date
//! is ignored rather than guessed.

use markup5ever_rcdom::{Handle, NodeData};

/// Lines of text searched for a "last updated" line.
const LINES_SEARCHED: usize = 40;

/// Words that introduce a policy's own date.
const DATE_CUES: &[&str] = &[
    "last updated",
    "last modified",
    "last revised",
    "last amended",
    "effective",
    "updated on",
    "updated:",
    "revised on",
    "revised:",
    "date of last revision",
];

/// `<meta>` names and properties that carry a page's date.
const DATE_METAS: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "dcterms.modified",
    "last-modified",
    "date",
    "dc.date",
    "article:published_time",
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The date of a "last updated"/"effective" line among the first lines of
/// `text`.
pub fn from_text(text: &str) -> Option<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .take(LINES_SEARCHED)
        .find_map(|line| {
            let lower = line.to_lowercase();
            let cue = DATE_CUES.iter().filter_map(|c| lower.find(c)).min()?;
            parse_date(&lower[cue..])
        })
}

/// The date of the first date `<meta>` tag under `root`.
pub fn from_meta(root: &Handle) -> Option<String> {
    let mut stack = vec![root.clone()];
    while let Some(node) = stack.pop() {
        if let NodeData::Element { name, attrs, .. } = &node.data {
            if &*name.local == "meta" {
                let attrs = attrs.borrow();
                let get = |key: &str| {
                    attrs
                        .iter()
                        .find(|a| &*a.name.local == key)
                        .map(|a| a.value.to_lowercase())
                };
                let key = get("name")
                    .or_else(|| get("property"))
                    .or_else(|| get("http-equiv"));
                if key.is_some_and(|k| DATE_METAS.contains(&k.as_str())) {
                    if let Some(date) = get("content").and_then(|c| parse_date(&c)) {
                        return Some(date);
                    }
                }
            }
            if &*name.local == "body" {
                continue;
            }
        }
        stack.extend(node.children.borrow().iter().rev().cloned());
    }
    None
}

/// The first date in `text` (lower-cased): `2021-03-04`, `March 4, 2021`,
/// `4 March 2021` or `03/04/2021` (month first).
pub fn parse_date(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ':')
        .filter(|w| !w.is_empty())
        .take(12)
        .collect();
    for (i, word) in words.iter().enumerate() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '/');
        if let Some(date) = iso(word).or_else(|| slashed(word)) {
            return Some(date);
        }
        if let Some(month) = month(word) {
            // March 4 2021
            if let (Some(d), Some(y)) = (words.get(i + 1), words.get(i + 2)) {
                if let Some(date) = ymd(year(y), Some(month), day(d)) {
                    return Some(date);
                }
            }
            // 4 March 2021
            if let (Some(d), Some(y)) = (
                i.checked_sub(1).and_then(|j| words.get(j)),
                words.get(i + 1),
            ) {
                if let Some(date) = ymd(year(y), Some(month), day(d)) {
                    return Some(date);
                }
            }
        }
    }
    None
}

fn iso(word: &str) -> Option<String> {
    let head = word.get(..10)?;
    let mut parts = head.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    (y.len() == 4 && m.len() == 2 && d.len() == 2)
        .then(|| ymd(y.parse().ok(), m.parse().ok(), d.parse().ok()))
        .flatten()
}

fn slashed(word: &str) -> Option<String> {
    let mut parts = word.split('/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    (y.len() == 4 && parts.next().is_none())
        .then(|| ymd(y.parse().ok(), m.parse().ok(), d.parse().ok()))
        .flatten()
}

fn month(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(word) || word == *m)
        .map(|p| p as u32 + 1)
}

fn day(word: &str) -> Option<u32> {
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    let rest = &word[digits.len()..];
    (matches!(rest, "" | "st" | "nd" | "rd" | "th" | ".")).then(|| digits.parse().ok())?
}

fn year(word: &str) -> Option<u32> {
    let word = word.trim_end_matches(|c: char| !c.is_ascii_digit());
    (word.len() == 4).then(|| word.parse().ok())?
}

fn ymd(y: Option<u32>, m: Option<u32>, d: Option<u32>) -> Option<String> {
    let (y, m, d) = (y?, m?, d?);
    ((1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_common_forms() {
        assert_eq!(
            parse_date("effective date: march 4, 2021.").as_deref(),
            Some("2021-03-04")
        );
        assert_eq!(
            parse_date("last updated 4th sept. 2019").as_deref(),
            Some("2019-09-04")
        );
        assert_eq!(
            parse_date("updated: 2020-01-31t10:00").as_deref(),
            Some("2020-01-31")
        );
        assert_eq!(
            parse_date("revised 12/01/2018").as_deref(),
            Some("2018-12-01")
        );
        assert_eq!(parse_date("may we use your data"), None);
    }

    #[test]
    fn the_last_updated_line_is_found() {
        let text = "# Privacy\n\nWelcome.\n\n_Last updated: January 2, 2022_\n\nWe may 5 2020 ...";
        assert_eq!(from_text(text).as_deref(), Some("2022-01-02"));
        assert_eq!(from_text("# Privacy\n\nNo date here."), None);
    }
}
