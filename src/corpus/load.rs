//! Reads policy files from a directory, a single file or the embedded
//! default corpus, and parses them in parallel.
//!
//! Invariant: loading never panics and never aborts on one bad file; each
//! skipped or lossily decoded file is reported with its reason.

use super::meta;
use super::model::{Policy, PolicyMeta};
use super::outline;
use super::sanitize::{self, Encoding};
use crate::inputs::html::{self, HtmlError};
use include_dir::{include_dir, Dir};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The default corpus compiled into the binary.
static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/assets/policies");

/// Default size cap for one policy file.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// File name extensions read from a directory (besides HTML's).
const EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// Why a file was not loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// The file could not be read; the I/O error's message.
    Unreadable(String),
    /// The file contains NUL bytes.
    Binary,
    /// The file is larger than the size cap.
    TooLarge {
        /// The file's size in bytes.
        bytes: u64,
        /// The cap in bytes (`--max-file-size`).
        cap: u64,
    },
    /// No text is left once the file is decoded and cleaned.
    Empty,
    /// An HTML page without usable policy text.
    Html(HtmlError),
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::Unreadable(e) => write!(f, "unreadable: {e}"),
            SkipReason::Binary => write!(f, "binary file (contains NUL bytes)"),
            SkipReason::TooLarge { bytes, cap } => {
                write!(
                    f,
                    "too large ({bytes} bytes, cap {cap}; see --max-file-size)"
                )
            }
            SkipReason::Empty => write!(f, "empty file"),
            SkipReason::Html(e) => write!(f, "{e}"),
        }
    }
}

/// One problem met while loading, tied to its file.
#[derive(Debug, Clone)]
pub enum LoadWarning {
    /// A file was not loaded.
    Skipped {
        /// The file's display path.
        path: String,
        /// Why it was skipped.
        reason: SkipReason,
    },
    /// A file was not valid UTF-8 and was decoded as Windows-1252.
    DecodedAsWindows1252 {
        /// The file's display path.
        path: String,
    },
    /// Something about a git repository read as a corpus.
    Repository {
        /// The repository's path.
        path: String,
        /// What was noticed, for the user.
        note: String,
    },
    /// An HTML page declares a charset no encoding answers to.
    UnknownCharset {
        /// The page's display path.
        path: String,
        /// The charset label as declared.
        label: String,
    },
}

impl std::fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadWarning::Skipped { path, reason } => write!(f, "skipped {path}: {reason}"),
            LoadWarning::DecodedAsWindows1252 { path } => {
                write!(f, "{path}: not valid UTF-8, decoded as Windows-1252")
            }
            LoadWarning::Repository { path, note } => write!(f, "{path}: {note}"),
            LoadWarning::UnknownCharset { path, label } => {
                write!(
                    f,
                    "{path}: unknown charset '{label}', read as UTF-8 or Windows-1252"
                )
            }
        }
    }
}

/// A source file's bytes with the name used for its metadata.
pub struct SourceFile {
    /// Path shown to the user (or `embedded:NAME`).
    pub display: String,
    /// The file's raw contents, not yet decoded.
    pub bytes: Vec<u8>,
    /// Company and date when the input tells them (a git history), instead
    /// of the file name and first line.
    pub identity: Option<meta::Identity>,
    /// An id of the content given by the input (a git blob id), which
    /// stands for the content's hash when set.
    pub content_id: Option<String>,
}

impl SourceFile {
    /// A file whose company and date come from its name and text.
    pub fn new(display: String, bytes: Vec<u8>) -> SourceFile {
        SourceFile {
            display,
            bytes,
            identity: None,
            content_id: None,
        }
    }

    /// What the index keeps to tell whether the content changed: the
    /// input's content id, else the blake3 of the bytes.
    pub fn content_hash(&self) -> String {
        self.content_id
            .clone()
            .unwrap_or_else(|| blake3::hash(&self.bytes).to_hex().to_string())
    }

    /// The file name, used for the policy's metadata.
    pub fn name(&self) -> &str {
        let path = self
            .display
            .strip_prefix("embedded:")
            .unwrap_or(&self.display);
        path.rsplit(['/', '\\']).next().unwrap_or(path)
    }
}

/// Options for reading files.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// Files larger than this many bytes are skipped.
    pub max_file_bytes: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
        }
    }
}

/// Lists the policy files under `root` (or `root` itself if it is a file).
pub fn policy_paths(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(root)?;
    if meta.is_file() {
        return Ok(vec![root.to_path_buf()]);
    }
    let mut paths: Vec<PathBuf> = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .hidden(true)
        .follow_links(true)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| has_policy_extension(p))
        .collect();
    paths.sort_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    Ok(paths)
}

fn has_policy_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        EXTENSIONS
            .iter()
            .chain(html::EXTENSIONS)
            .any(|x| x.eq_ignore_ascii_case(e))
    })
}

/// Reads one file, applying the size cap and the binary check.
pub fn read_file(path: &Path, options: LoadOptions) -> Result<SourceFile, SkipReason> {
    let display = path.display().to_string();
    let size = std::fs::metadata(path)
        .map_err(|e| SkipReason::Unreadable(e.to_string()))?
        .len();
    if size > options.max_file_bytes {
        return Err(SkipReason::TooLarge {
            bytes: size,
            cap: options.max_file_bytes,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    Ok(SourceFile::new(display, bytes))
}

/// The files of the embedded default corpus.
pub fn embedded_files() -> Vec<SourceFile> {
    let mut files: Vec<SourceFile> = EMBEDDED
        .files()
        .filter(|f| has_policy_extension(f.path()))
        .map(|f| {
            SourceFile::new(
                format!("embedded:{}", f.path().display()),
                f.contents().to_vec(),
            )
        })
        .collect();
    files.sort_by(|a, b| a.display.cmp(&b.display));
    files
}

/// Parses one file's bytes into a policy, or says why it cannot.
pub fn parse_file(file: &SourceFile) -> (Option<Policy>, Vec<LoadWarning>) {
    let mut warnings = Vec::new();
    let skip = |reason| LoadWarning::Skipped {
        path: file.display.clone(),
        reason,
    };
    if html::is_html_name(file.name()) {
        return parse_html(file);
    }
    if file.bytes.contains(&0) {
        return (None, vec![skip(SkipReason::Binary)]);
    }
    let (decoded, encoding) = sanitize::decode(&file.bytes);
    if encoding == Encoding::Windows1252 {
        warnings.push(LoadWarning::DecodedAsWindows1252 {
            path: file.display.clone(),
        });
    }
    let text = sanitize::clean(&decoded);
    if text.trim().is_empty() {
        warnings.push(skip(SkipReason::Empty));
        return (None, warnings);
    }
    let policy = match &file.identity {
        Some(identity) => parse_identified(identity.clone(), &file.display, &text),
        None => parse_text(file.name(), &file.display, &text),
    };
    (Some(policy), warnings)
}

/// Converts an HTML page and parses the result; its date comes from the
/// file name, else from the page.
fn parse_html(file: &SourceFile) -> (Option<Policy>, Vec<LoadWarning>) {
    let path = || file.display.clone();
    let page = match html::convert(&file.bytes, None) {
        Ok(page) => page,
        Err(e) => {
            let reason = SkipReason::Html(e);
            return (
                None,
                vec![LoadWarning::Skipped {
                    path: path(),
                    reason,
                }],
            );
        }
    };
    let mut warnings = Vec::new();
    if let Some(label) = page.unknown_charset {
        warnings.push(LoadWarning::UnknownCharset {
            path: path(),
            label,
        });
    }
    if page.decoding == html::charset::Decoding::Windows1252 {
        warnings.push(LoadWarning::DecodedAsWindows1252 { path: path() });
    }
    let text = sanitize::clean(&page.markdown);
    let mut identity = meta::identify(file.name(), "");
    identity.date = identity.date.or(page.date);
    let policy = parse_identified(identity, &file.display, &text);
    (Some(policy), warnings)
}

/// The company a file's policy belongs to, lower-cased, from its name and
/// first line as [`parse_file`] finds it, without parsing the rest.
pub fn company_key(file: &SourceFile) -> String {
    if let Some(identity) = &file.identity {
        return identity.company.to_lowercase();
    }
    if html::is_html_name(file.name()) {
        return meta::identify(file.name(), "").company.to_lowercase();
    }
    let (decoded, _) = sanitize::decode(&file.bytes);
    meta::identify(file.name(), &decoded).company.to_lowercase()
}

/// Parses already clean text; `name` is the file name used for metadata.
pub fn parse_text(name: &str, source: &str, text: &str) -> Policy {
    let identity = meta::identify(name, text);
    let format = meta::format_of(name, text);
    parse_as(identity, format, source, text)
}

/// Parses markdown whose company and date are already known.
pub fn parse_identified(identity: meta::Identity, source: &str, text: &str) -> Policy {
    parse_as(identity, outline::Format::Markdown, source, text)
}

fn parse_as(identity: meta::Identity, format: outline::Format, source: &str, text: &str) -> Policy {
    let outline = outline::parse(text, format);
    let title = outline.title.unwrap_or_else(|| identity.company.clone());
    Policy {
        meta: PolicyMeta {
            company: identity.company,
            date: identity.date,
            title,
            source: source.to_string(),
            updated: outline.updated,
        },
        sections: outline.sections,
        clauses: outline.clauses,
        furniture: outline.furniture,
        text_len: text.len(),
    }
}

/// Reads and parses files in parallel, keeping their order.
pub fn load_paths(paths: &[PathBuf], options: LoadOptions) -> (Vec<Policy>, Vec<LoadWarning>) {
    let results: Vec<(Option<Policy>, Vec<LoadWarning>)> = paths
        .par_iter()
        .map(|path| match read_file(path, options) {
            Ok(file) => parse_file(&file),
            Err(reason) => (
                None,
                vec![LoadWarning::Skipped {
                    path: path.display().to_string(),
                    reason,
                }],
            ),
        })
        .collect();
    collect(results)
}

/// Reads files in parallel and parses those of the given companies
/// (lower-cased names), found by name and first line without parsing
/// the others.
pub fn load_companies(
    paths: &[PathBuf],
    companies: &[String],
    options: LoadOptions,
) -> (Vec<Policy>, Vec<LoadWarning>) {
    let results: Vec<(Option<Policy>, Vec<LoadWarning>)> = paths
        .par_iter()
        .filter_map(|path| {
            let file = read_file(path, options).ok()?;
            companies
                .contains(&company_key(&file))
                .then(|| parse_file(&file))
        })
        .collect();
    collect(results)
}

/// Parses the embedded corpus.
pub fn load_embedded() -> (Vec<Policy>, Vec<LoadWarning>) {
    let results: Vec<_> = embedded_files().par_iter().map(parse_file).collect();
    collect(results)
}

fn collect(results: Vec<(Option<Policy>, Vec<LoadWarning>)>) -> (Vec<Policy>, Vec<LoadWarning>) {
    let mut policies = Vec::with_capacity(results.len());
    let mut warnings = Vec::new();
    for (policy, w) in results {
        policies.extend(policy);
        warnings.extend(w);
    }
    (policies, warnings)
}
