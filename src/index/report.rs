//! What an index build did, and its load warnings summarised by kind
//! (`104,811 files decoded as Windows-1252, 873 skipped as binary`), with
//! the full list written to a log file next to the index.

use super::catalog::WarningKind;
use crate::corpus::load::LoadWarning;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// File name of the warning log in the index directory.
pub(crate) const WARNINGS_LOG: &str = "warnings.log";

/// What an open or update did.
#[derive(Debug, Default, Clone)]
pub struct BuildReport {
    /// Corpus files the index reflects once it is written to disk (for
    /// an index in memory, the policies parsed).
    pub policies: u64,
    /// Documents indexed by this run (clauses and section titles).
    pub clauses: u64,
    /// Files indexed for the first time.
    pub added: usize,
    /// Files whose content changed and were indexed again.
    pub updated: usize,
    /// Files gone from the corpus (or now unreadable) and dropped.
    pub removed: usize,
    /// Files the index already reflected.
    pub unchanged: usize,
    /// Wall time of the open or update.
    pub elapsed: Duration,
    /// Size of the index directory in bytes (0 in memory).
    pub index_bytes: u64,
    /// Why the index was rebuilt from scratch, if it was.
    pub rebuilt: Option<String>,
    /// What went wrong reading files, one per file and problem.
    pub warnings: Vec<LoadWarning>,
    /// Where the full list of warnings was written, if anywhere.
    pub warnings_log: Option<PathBuf>,
    /// Where the index lives (`None`: in memory).
    pub location: Option<PathBuf>,
    /// True when the corpus was walked and every file compared with the
    /// index; false when only its directories were checked.
    pub checked_files: bool,
}

impl BuildReport {
    /// How many warnings of each kind.
    pub fn warning_counts(&self) -> BTreeMap<WarningKind, usize> {
        count_kinds(self.warnings.iter().map(WarningKind::of))
    }
}

/// Counts kinds.
pub(crate) fn count_kinds(
    kinds: impl Iterator<Item = WarningKind>,
) -> BTreeMap<WarningKind, usize> {
    let mut counts = BTreeMap::new();
    for kind in kinds {
        *counts.entry(kind).or_insert(0) += 1;
    }
    counts
}

/// `104,811 files decoded as Windows-1252, 873 skipped as binary`.
pub(crate) fn summary(counts: &BTreeMap<WarningKind, usize>) -> String {
    counts
        .iter()
        .map(|(kind, n)| {
            let files = if *n == 1 { "file" } else { "files" };
            format!("{} {files} {}", thousands(*n), kind.describe())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `104811` → `104,811`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Writes every warning, one per line, to the log in `dir`.
pub(crate) fn write_log(dir: &Path, warnings: &[LoadWarning]) -> std::io::Result<PathBuf> {
    let path = dir.join(WARNINGS_LOG);
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
    for warning in warnings {
        writeln!(out, "{warning}")?;
    }
    out.flush()?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_each_kind_with_thousands_separators() {
        let mut counts = BTreeMap::new();
        counts.insert(WarningKind::Windows1252, 104_811);
        counts.insert(WarningKind::Binary, 1);
        assert_eq!(
            summary(&counts),
            "104,811 files decoded as Windows-1252, 1 file skipped as binary"
        );
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
    }
}
