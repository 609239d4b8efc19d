//! The library's error type. Every variant carries a message fit for the
//! user; `exit_code` tells usage errors (2) from failures (1).

use std::path::PathBuf;

/// Errors of the clause library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A corpus directory that cannot be listed or resolved.
    #[error("cannot read corpus {path}: {reason}")]
    BadCorpus {
        /// The directory as given.
        path: PathBuf,
        /// Why it could not be read.
        reason: std::io::Error,
    },
    /// One policy file (or `embedded:NAME`, or git version) that cannot be
    /// read or parsed.
    #[error("{path}: {reason}")]
    Unloadable {
        /// The file as the user named it.
        path: String,
        /// Why it was refused, in words.
        reason: String,
    },
    /// No policy of the corpus matches what the user typed.
    #[error("no policy matches '{query}'{}", suggestions_text(.suggestions))]
    UnknownPolicy {
        /// What the user typed.
        query: String,
        /// Close policy names, best first (may be empty).
        suggestions: Vec<String>,
    },
    /// The policy has no section matching what the user typed.
    #[error("{policy} has no section '{query}'{}", suggestions_text(.suggestions))]
    UnknownSection {
        /// The policy searched, as `company@date`.
        policy: String,
        /// What the user typed.
        query: String,
        /// Close section titles, best first (may be empty).
        suggestions: Vec<String>,
    },
    /// A query that does not parse (its message already points at the
    /// problem, so it is not repeated as a cause).
    #[error("invalid query: {0}")]
    Query(crate::index::query::QueryError),
    /// The index cannot be used as it is (missing manifest, wrong schema, ...).
    #[error("index error: {0}")]
    Index(String),
    /// The search engine failed; the cause is kept.
    #[error("index error: {context}")]
    Engine {
        /// What was being done.
        context: String,
        /// The engine's error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A review session that cannot be read, or a review request it
    /// cannot meet (no such finding, conflicting options).
    #[error("{0}")]
    Review(String),
    /// A review session (or its draft or export) could not be written.
    #[error("{0}")]
    ReviewWrite(String),
    /// A request that cannot be met as given (wrong number of arguments, ...).
    #[error("{0}")]
    Usage(String),
    /// A git history that cannot be opened or read.
    #[error(transparent)]
    Git(#[from] crate::inputs::git::GitError),
    /// Any other failed read or write.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// Process exit code: 2 for bad input from the user, 1 for failures.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Index(_) | Error::Engine { .. } | Error::Io(_) | Error::ReviewWrite(_) => 1,
            _ => 2,
        }
    }
}

fn suggestions_text(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean: {}?", suggestions.join(", "))
    }
}

/// Best similarity of `query` to any run of as many words in `candidate`.
fn best_window(query: &str, candidate: &str) -> f64 {
    let n = query.split_whitespace().count().max(1);
    let words: Vec<&str> = candidate.split_whitespace().collect();
    words
        .windows(n.min(words.len()).max(1))
        .map(|w| strsim::jaro_winkler(query, &w.join(" ")))
        .fold(0.0, f64::max)
}

/// Result with the library's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Up to `n` candidates closest to `query` (case-insensitive), best first.
pub fn closest<'a>(
    query: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<String> {
    let query = query.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| {
            let lower = c.to_lowercase();
            let mut score = strsim::jaro_winkler(&query, &lower).max(best_window(&query, &lower));
            if lower.contains(&query) || query.contains(&lower) {
                score += 0.5;
            }
            (score, c)
        })
        .filter(|(s, _)| *s >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<String> = Vec::new();
    for (_, c) in scored {
        if !out.iter().any(|o| o == c) {
            out.push(c.to_string());
        }
        if out.len() == n {
            break;
        }
    }
    out
}
