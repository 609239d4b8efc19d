//! Works out a policy's company, date and format from its file name and
//! first line.
//!
//! Order of precedence for company and date: the archive header line, the
//! file name `<name>__<YYYY-MM-DD>.md` (`__nodate`: no date), a first-line
//! bare URL, the file stem.

use super::outline::Format;
pub use crate::text::dates::{is_date, updated_date};
use std::path::Path;

const HEADER_START: &str = "The following text is extracted and transformed from the ";
const HEADER_MIDDLE: &str = " privacy policy that was archived on ";

/// Company and date of a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// Company key: a domain or service name.
    pub company: String,
    /// Archive date `YYYY-MM-DD`; `None` when the name or header gives none.
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
    fn plain_text_is_detected() {
        assert_eq!(format_of("a.md", "http://x.com/p\nText"), Format::PlainText);
        assert_eq!(format_of("a.txt", "Text"), Format::PlainText);
        assert_eq!(format_of("a.md", "# Text"), Format::Markdown);
    }
}
