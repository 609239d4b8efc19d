//! `clause fetch URL --company NAME`: download a policy page, convert it as
//! an HTML file is converted, and save it in the corpus directory as
//! `NAME__<today>.md`, unless its text is the same as the newest version
//! already there.

use super::load_options;
use crate::cli::{FetchArgs, GlobalArgs};
use crate::corpus::load::{self, LoadOptions};
use crate::corpus::meta::Identity;
use crate::corpus::{Corpus, CorpusSource, Policy};
use crate::error::Error;
use crate::inputs::html;
use crate::text::safe;
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Redirects followed before giving up.
const MAX_REDIRECTS: u32 = 5;

pub(crate) fn run(global: &GlobalArgs, args: &FetchArgs) -> anyhow::Result<()> {
    let dir = corpus_dir(global)?;
    check_company(&args.company)?;
    let options = load_options(global);
    let page = download(&args.url, Duration::from_secs(args.timeout.max(1)), options)?;
    let converted = html::convert(&page.bytes, page.charset.as_deref())
        .map_err(|e| usage(format!("{}: {e}", args.url)))?;
    let today = crate::inputs::today();
    let text = crate::corpus::sanitize::clean(&converted.markdown).into_owned();
    let identity = Identity {
        company: args.company.clone(),
        date: Some(today.clone()),
    };
    let fetched = load::parse_identified(identity, &args.url, &text);
    let newest = newest_version(&dir, &args.company, options)?;
    if let Some(newest) = &newest {
        if same_text(newest, &fetched) {
            println!(
                "unchanged since {}: nothing saved",
                safe(&newest.meta.reference())
            );
            return Ok(());
        }
    }
    let path = dir.join(format!("{}__{today}.md", args.company));
    write_atomically(&path, &text)?;
    println!(
        "saved {} ({} sections, {} clauses)",
        safe(&path.display().to_string()),
        fetched.sections.len(),
        fetched.clauses.len()
    );
    if let Some(newest) = newest.filter(|n| n.meta.date.as_deref() != Some(today.as_str())) {
        println!(
            "`clause diff {}` shows what changed since {}",
            safe(&args.company),
            safe(newest.meta.date.as_deref().unwrap_or("the undated version"))
        );
    }
    Ok(())
}

fn usage(message: String) -> Error {
    Error::Usage(message)
}

/// The `--corpus` directory new versions are saved in.
fn corpus_dir(global: &GlobalArgs) -> anyhow::Result<PathBuf> {
    let Some(dir) = &global.corpus else {
        return Err(usage("fetch saves into a corpus directory: give --corpus DIR".into()).into());
    };
    if !dir.is_dir() {
        return Err(usage(format!("--corpus {} is not a directory", dir.display())).into());
    }
    if let CorpusSource::Git { .. } = super::corpus_source(global) {
        return Err(usage(format!(
            "--corpus {} is read as a git history; fetch saves into a plain directory",
            dir.display()
        ))
        .into());
    }
    Ok(dir.clone())
}

/// A company name must make a plain file name.
fn check_company(name: &str) -> anyhow::Result<()> {
    let bad = name.trim().is_empty()
        || name.starts_with('.')
        || name
            .chars()
            .any(|c| matches!(c, '/' | '\\' | '@' | ':') || c.is_control());
    if bad {
        return Err(usage(format!(
            "--company '{}' cannot name a file (no '/', '\\', '@', ':' or leading '.')",
            safe(name)
        ))
        .into());
    }
    Ok(())
}

/// A downloaded page.
struct Download {
    bytes: Vec<u8>,
    /// The charset of the response's `Content-Type`, if any.
    charset: Option<String>,
}

fn download(url: &str, timeout: Duration, options: LoadOptions) -> anyhow::Result<Download> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(usage(format!(
            "{}: only http:// and https:// addresses",
            safe(url)
        ))
        .into());
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(MAX_REDIRECTS)
        .http_status_as_error(false)
        .user_agent(concat!("clause/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut response = agent
        .get(url)
        .call()
        .map_err(|e| request_error(url, e, timeout, options))?;
    let status = response.status();
    if !status.is_success() {
        return Err(usage(format!(
            "{}: the server answered {} {}",
            safe(url),
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        ))
        .into());
    }
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mime = content_type.split(';').next().unwrap_or("").trim();
    if !mime.is_empty() && !matches!(mime, "text/html" | "application/xhtml+xml") {
        return Err(usage(format!(
            "{}: the server sent {mime}, not an HTML page",
            safe(url)
        ))
        .into());
    }
    let charset = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches('"').to_string())
        .next();
    let bytes = response
        .body_mut()
        .with_config()
        .limit(options.max_file_bytes)
        .read_to_vec()
        .map_err(|e| request_error(url, e, timeout, options))?;
    Ok(Download { bytes, charset })
}

/// One clear message per way a request fails.
fn request_error(
    url: &str,
    e: ureq::Error,
    timeout: Duration,
    options: LoadOptions,
) -> anyhow::Error {
    let url = safe(url);
    let message = match e {
        ureq::Error::Timeout(_) => format!(
            "{url}: no complete answer within {} s (see --timeout)",
            timeout.as_secs()
        ),
        ureq::Error::BodyExceedsLimit(_) => format!(
            "{url}: the page is larger than {} bytes (see --max-file-size)",
            options.max_file_bytes
        ),
        ureq::Error::TooManyRedirects => {
            format!("{url}: more than {MAX_REDIRECTS} redirects")
        }
        ureq::Error::HostNotFound => format!("{url}: host not found"),
        ureq::Error::ConnectionFailed => format!("{url}: cannot connect"),
        ureq::Error::BadUri(reason) => format!("{url}: not a valid address ({reason})"),
        other => format!("{url}: {other}"),
    };
    usage(message).into()
}

/// The newest version of `company` saved in `dir`, if any.
fn newest_version(
    dir: &Path,
    company: &str,
    options: LoadOptions,
) -> anyhow::Result<Option<Policy>> {
    let source = CorpusSource::Path(dir.to_path_buf());
    let corpus = Corpus::load_companies(&source, &[company], options)
        .with_context(|| format!("reading {}", dir.display()))?;
    Ok(corpus
        .len()
        .checked_sub(1)
        .map(|p| corpus.policy(p).clone()))
}

/// True when two versions have the same section titles and clause texts.
fn same_text(a: &Policy, b: &Policy) -> bool {
    let titles = |p: &Policy| {
        p.sections
            .iter()
            .map(|s| s.title.clone())
            .collect::<Vec<_>>()
    };
    let clauses = |p: &Policy| p.clauses.iter().map(|c| c.text.clone()).collect::<Vec<_>>();
    titles(a) == titles(b) && clauses(a) == clauses(b)
}

/// Writes `text` to a temporary file beside `path`, then renames it.
fn write_atomically(path: &Path, text: &str) -> anyhow::Result<()> {
    let temp = path.with_extension("md.partial");
    std::fs::write(&temp, text).with_context(|| format!("writing {}", temp.display()))?;
    std::fs::rename(&temp, path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
