//! `clause index`: build or update the index and report what changed.

use super::progress::StderrProgress;
use super::{corpus_source, load_options};
use crate::cli::{GlobalArgs, IndexArgs};
use crate::index::{build, SearchIndex};
use std::io::Write;

pub fn run(global: &GlobalArgs, args: &IndexArgs) -> anyhow::Result<()> {
    let source = corpus_source(global);
    if args.rebuild {
        if let Some(dir) = build::index_dir(&source, global.index_dir.as_deref())? {
            build::remove(&dir)?;
        }
    }
    let progress = StderrProgress::new(global.quiet);
    let (index, report) = SearchIndex::open(
        &source,
        global.index_dir.as_deref(),
        load_options(global),
        &progress,
    )?;
    super::report_warnings(global, &report.warnings);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} files, {} clauses indexed; {} added, {} updated, {} removed, {} unchanged in {:.2} s",
        index.files,
        index.clauses(),
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
        None => writeln!(out, "index: in memory (embedded corpus)")?,
    }
    Ok(())
}
