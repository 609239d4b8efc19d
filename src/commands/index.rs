//! `clause index`: build or update the index and report what changed.

use super::corpus_source;
use crate::cli::{GlobalArgs, IndexArgs};
use crate::index::{build, Check};
use std::io::Write;

pub(crate) fn run(global: &GlobalArgs, args: &IndexArgs) -> anyhow::Result<()> {
    let source = corpus_source(global);
    if args.rebuild {
        if let Some(dir) = build::index_dir(&source, global.index_dir.as_deref())? {
            build::remove(&dir)?;
        }
    }
    let (index, report) = super::open_index(global, Check::Files)?;
    let mut out = std::io::stdout().lock();
    let clauses: u64 = index
        .catalog()?
        .files
        .values()
        .filter_map(|e| e.policy.as_ref())
        .map(|p| u64::from(p.clauses))
        .sum();
    let documents = index.documents();
    let count = |n: u64, one: &'static str, many: &'static str| {
        format!("{n} {}", crate::text::noun(n as usize, one, many))
    };
    writeln!(
        out,
        "{}, {} in {}; {} added, {} updated, {} removed, {} unchanged in {:.2} s",
        count(index.files as u64, "file", "files"),
        count(clauses, "clause", "clauses"),
        count(documents, "index document", "index documents"),
        report.added,
        report.updated,
        report.removed,
        report.unchanged,
        report.elapsed.as_secs_f64()
    )?;
    match &report.location {
        Some(dir) => writeln!(
            out,
            "index: {} ({:.1} MB)",
            dir.display(),
            report.index_bytes as f64 / 1e6
        )?,
        None => writeln!(
            out,
            "index: in memory (the cache directory cannot be written)"
        )?,
    }
    Ok(())
}
