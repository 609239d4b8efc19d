//! Works out a policy's company, date and format from its file name and
//! first line.
//!
//! Order of precedence for company and date: the archive header line, the
//! file name `<name>__<YYYY-MM-DD>.md` (`__nodate`: no date), a first-line
//! bare URL, the file stem.

use super::outline::Format;
use std::path::Path;

const HEADER_START: &str = "The following text is extracted and transformed from the ";
const HEADER_MIDDLE: &str = " privacy policy that was archived on ";

/// Company and date of a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub company: String,
    pub date: Option<String>,
}

/// Identifies a policy from its file name and text.
pub fn identify(file_name: &str, text: &str) -> Identity {
    if let Some(identity) = from_header(text) {
        return identity;
    }
    let stem = file_stem(file_name);
    if let Some((name, date)) = stem.rsplit_once("__") {
        if !name.is_empty() && (date == "nodate" || is_date(date)) {
            return Identity {
                company: name.to_string(),
                date: is_date(date).then(|| date.to_string()),
            };
        }
    }
    let company = url_host(first_line(text)).unwrap_or_else(|| stem.to_string());
    Identity {
        company,
        date: None,
    }
}

/// Markdown unless the file is `.txt` or opens with a bare URL line.
pub fn format_of(file_name: &str, text: &str) -> Format {
    if file_name.to_ascii_lowercase().ends_with(".txt") || url_host(first_line(text)).is_some() {
        Format::PlainText
    } else {
        Format::Markdown
    }
}

fn file_stem(file_name: &str) -> &str {
    let name = Path::new(file_name)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(file_name);
    for ext in [".markdown", ".md", ".txt", ".html", ".htm", ".xhtml"] {
        if name.len() > ext.len() && name.to_ascii_lowercase().ends_with(ext) {
            return without_serial(&name[..name.len() - ext.len()]);
        }
    }
    name
}

/// `site.com` for a stem like `1017_site.com` (OPP-115's `<id>_<site>`).
fn without_serial(stem: &str) -> &str {
    match stem.split_once('_') {
        Some((id, site))
            if !id.is_empty()
                && id.bytes().all(|b| b.is_ascii_digit())
                && !site.starts_with('_')
                && url_host(&format!("http://{site}")).is_some_and(|h| h.contains('.')) =>
        {
            site
        }
        _ => stem,
    }
}

fn first_line(text: &str) -> &str {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
}

fn from_header(text: &str) -> Option<Identity> {
    let line = first_line(text);
    let start = line.find(HEADER_START)? + HEADER_START.len();
    let rest = &line[start..];
    let middle = rest.find(HEADER_MIDDLE)?;
    let company = rest[..middle].trim();
    let date = rest[middle + HEADER_MIDDLE.len()..].get(..10)?;
    (!company.is_empty() && is_date(date)).then(|| Identity {
        company: company.to_string(),
        date: Some(date.to_string()),
    })
}

/// True for `YYYY-MM-DD`.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The host of a bare `http(s)://` URL line, lower-cased, without `www.`.
pub fn url_host(line: &str) -> Option<String> {
    let rest = line
        .strip_prefix("http://")
        .or_else(|| line.strip_prefix("https://"))?;
    if rest.contains(char::is_whitespace) {
        return None;
    }
    let host = rest.split(['/', '?', '#', ':']).next()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// Phrases that introduce the date a policy was last changed.
const UPDATED_PHRASES: &[&str] = &[
    "last updated",
    "last modified",
    "last revised",
    "last amended",
    "last changed",
    "updated on",
    "updated:",
    "effective date",
    "effective as of",
    "effective on",
    "effective from",
    "effective:",
    "revised on",
    "revised:",
];
const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The date a `Last updated: December 10, 2025` sentence gives, as
/// `YYYY-MM-DD` (or `YYYY-MM` when it names no day).
pub fn updated_date(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let at = UPDATED_PHRASES
        .iter()
        .filter_map(|p| lower.find(p).map(|i| i + p.len()))
        .min()?;
    let window: String = lower.get(at..)?.chars().take(40).collect();
    parse_date(&window)
}

/// Reads the first date in `text`: `2025-12-10`, `December 10, 2025`,
/// `10 Dec. 2025`, `12/10/2025` (month first unless the day shows it is
/// not), `December 2025`.
fn parse_date(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ':')
        .map(|w| w.trim_matches(|c: char| c == '.' || c == '(' || c == ')'))
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        if let Some(date) = numeric_date(word) {
            return Some(date);
        }
        let Some(month) = month_of(word) else {
            continue;
        };
        let number = |w: Option<&&str>| {
            w.and_then(|w| {
                w.trim_end_matches(['s', 't', 'h', 'n', 'd', 'r'])
                    .parse::<u32>()
                    .ok()
            })
        };
        let (before, after, after2) = (
            i.checked_sub(1).and_then(|j| words.get(j)),
            words.get(i + 1),
            words.get(i + 2),
        );
        let year = |n: Option<u32>| n.filter(|y| (1990..=2100).contains(y));
        if let (Some(day), Some(y)) = (
            number(after).filter(|d| (1..=31).contains(d)),
            year(number(after2)),
        ) {
            return Some(format!("{y:04}-{month:02}-{day:02}"));
        }
        if let Some(y) = year(number(after)) {
            if let Some(day) = number(before).filter(|d| (1..=31).contains(d)) {
                return Some(format!("{y:04}-{month:02}-{day:02}"));
            }
            return Some(format!("{y:04}-{month:02}"));
        }
    }
    None
}

fn month_of(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    if w.len() < 3 || !w.chars().all(|c| c.is_alphabetic()) {
        return None;
    }
    let at = MONTHS.iter().position(|m| w.starts_with(m))?;
    let full = [
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
    ][at];
    (full.starts_with(&w) || w == "sept").then_some(at as u32 + 1)
}

/// `2025-12-10`, `12/10/2025`, `10.12.2025`.
fn numeric_date(word: &str) -> Option<String> {
    if is_date(word) {
        return Some(word.to_string());
    }
    let parts: Vec<u32> = word
        .split(['/', '.', '-'])
        .map(|p| p.parse().ok())
        .collect::<Option<Vec<u32>>>()?;
    let [a, b, y] = parts[..] else {
        return None;
    };
    let y = if y < 100 { 2000 + y } else { y };
    if !(1990..=2100).contains(&y) {
        return None;
    }
    let (month, day) = if a > 12 { (b, a) } else { (a, b) };
    ((1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| format!("{y:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_line_wins() {
        let text = "> *The following text is extracted and transformed from the atera.com privacy policy that was archived on 2017-06-06. Please check*\n\n# Atera";
        assert_eq!(
            identify("whatever.md", text),
            Identity {
                company: "atera.com".into(),
                date: Some("2017-06-06".into())
            }
        );
    }

    #[test]
    fn file_name_then_url_then_stem() {
        assert_eq!(
            identify("Zillow__2018-05-02.md", "# Hi").date.as_deref(),
            Some("2018-05-02")
        );
        assert_eq!(
            identify("dir/1099pro.com__nodate.md", "x"),
            Identity {
                company: "1099pro.com".into(),
                date: None
            }
        );
        assert_eq!(
            identify("policy.txt", "https://www.Example.com/privacy\nText").company,
            "example.com"
        );
        assert_eq!(identify("my policy.md", "Text").company, "my policy");
        assert_eq!(identify("571_abita.com.html", "").company, "abita.com");
        assert_eq!(identify("2019_report.md", "x").company, "2019_report");
    }

    #[test]
    fn updated_dates_in_their_common_shapes() {
        let cases = [
            ("Last updated: December 10, 2025", Some("2025-12-10")),
            ("Last Modified: 01/11/2021", Some("2021-01-11")),
            (
                "This policy was last revised on 3 Sept. 2019.",
                Some("2019-09-03"),
            ),
            ("Effective date: 2018-05-25", Some("2018-05-25")),
            ("Last updated June 2016", Some("2016-06")),
            ("Effective on May 14, 2018", Some("2018-05-14")),
            ("We may update this policy from time to time.", None),
            ("Last updated: recently", None),
        ];
        for (text, want) in cases {
            assert_eq!(updated_date(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn plain_text_is_detected() {
        assert_eq!(format_of("a.md", "http://x.com/p\nText"), Format::PlainText);
        assert_eq!(format_of("a.txt", "Text"), Format::PlainText);
        assert_eq!(format_of("a.md", "# Text"), Format::Markdown);
    }
}
