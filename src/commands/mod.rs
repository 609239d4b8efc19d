//! The CLI's commands: each loads what it needs through the library and
//! prints the result. Errors go back to `main` as `anyhow::Error`.

mod classify;
mod compare;
mod diff;
mod fetch;
mod index;
pub mod json;
mod list;
mod outline;
pub mod output;
mod progress;
pub mod review;
mod search;
mod show;
mod trend;

use crate::cli::{Command, GlobalArgs};
use crate::corpus::{self, Corpus, CorpusSource, LoadOptions, Policy};
use crate::index::catalog::{self, WarningKind};
use crate::index::{BuildReport, Check, SearchIndex};
use progress::StderrProgress;
use std::path::Path;

/// Runs a subcommand.
pub fn run(global: &GlobalArgs, command: Command) -> anyhow::Result<()> {
    match command {
        Command::List(args) => list::run(global, &args),
        Command::Outline(args) => outline::run(global, &args),
        Command::Show(args) => show::run(global, &args),
        Command::Index(args) => index::run(global, &args),
        Command::Search(args) => search::run(global, &args),
        Command::Review(command) => review::run(global, &command),
        Command::Diff(args) => diff::run(global, &args),
        Command::Compare(args) => compare::run(global, &args),
        Command::Classify(args) => classify::run(&args),
        Command::Categories(args) => classify::categories(global, &args),
        Command::Versions(args) => diff::versions(global, &args),
        Command::Fetch(args) => fetch::run(global, &args),
        Command::Trend(args) => trend::run(global, &args),
    }
}

/// The corpus source chosen by `--corpus` / `CLAUSE_CORPUS`.
pub fn corpus_source(global: &GlobalArgs) -> CorpusSource {
    let documents = global
        .documents
        .as_deref()
        .map(crate::inputs::git::Documents::parse);
    match &global.corpus {
        Some(path) => CorpusSource::for_path(path, documents),
        None => CorpusSource::Embedded,
    }
}

/// Load options from the command line.
pub fn load_options(global: &GlobalArgs) -> LoadOptions {
    LoadOptions {
        max_file_bytes: global.max_file_size,
    }
}

/// Loads and parses the whole corpus, printing warnings and (for
/// directories) a summary on stderr. Only for work that needs every
/// policy's text; everything else reads the index and its catalog.
pub fn load_corpus(global: &GlobalArgs) -> anyhow::Result<Corpus> {
    let corpus = Corpus::load(&corpus_source(global), load_options(global))?;
    report_warnings(global, &corpus.warnings);
    if !global.quiet && corpus.source != CorpusSource::Embedded {
        eprintln!("{}", corpus.summary());
    }
    Ok(corpus)
}

/// Opens the index of the corpus (updating it first as `check` says),
/// reporting what the update met on stderr.
pub fn open_index(global: &GlobalArgs, check: Check) -> anyhow::Result<(SearchIndex, BuildReport)> {
    let progress = StderrProgress::new(global.quiet);
    let (index, report) = SearchIndex::open_checked(
        &corpus_source(global),
        global.index_dir.as_deref(),
        load_options(global),
        check,
        &progress,
    )?;
    report_build(global, &report);
    Ok((index, report))
}

/// Warnings listed one by one up to this many; a summary by kind above.
const LISTED_WARNINGS: usize = 5;

/// Reports a build's warnings: each one with `--verbose` or when there are
/// few, else a summary by kind and where the full list is.
pub(crate) fn report_build(global: &GlobalArgs, report: &BuildReport) {
    if global.quiet || report.warnings.is_empty() {
        return;
    }
    if global.verbose || report.warnings.len() <= LISTED_WARNINGS {
        report_warnings(global, &report.warnings);
        return;
    }
    let log = report
        .warnings_log
        .as_ref()
        .map(|p| format!("; all in {}", p.display()))
        .unwrap_or_default();
    eprintln!(
        "warning: {} (--verbose lists them{log})",
        crate::index::report::summary(&report.warning_counts())
    );
}

/// The one-line summary of what the index holds, on stderr (directories only).
pub fn print_summary(
    global: &GlobalArgs,
    index: &SearchIndex,
    report: &BuildReport,
) -> anyhow::Result<()> {
    if global.quiet || corpus_source(global) == CorpusSource::Embedded {
        return Ok(());
    }
    let catalog = index.catalog()?;
    let counts = catalog.warning_counts();
    let unread = report
        .warning_counts()
        .into_iter()
        .filter(|(k, _)| matches!(k, WarningKind::TooLarge | WarningKind::Unreadable))
        .map(|(_, n)| n)
        .sum::<usize>();
    let skipped = unread
        + counts
            .iter()
            .filter(|(k, _)| k.skips())
            .map(|(_, n)| n)
            .sum::<usize>();
    let lossy = counts.get(&WarningKind::Windows1252).copied().unwrap_or(0);
    let (policies, companies) = (catalog.versions().len(), catalog.companies().len());
    eprintln!(
        "loaded {policies} {} of {companies} {} ({skipped} skipped, {lossy} decoded as Windows-1252)",
        output::noun(policies, "policy", "policies"),
        output::noun(companies, "company", "companies"),
    );
    Ok(())
}

/// Parses the policies of some companies only, found in the catalog; an
/// unknown company is an error that suggests close names.
pub fn load_companies(global: &GlobalArgs, companies: &[&str]) -> anyhow::Result<Corpus> {
    let (index, _) = open_index(global, Check::Directories)?;
    let catalog = index.catalog()?;
    let mut versions = Vec::new();
    for name in companies {
        let found = catalog.company(name);
        if found.is_empty() {
            return Err(crate::error::Error::UnknownPolicy {
                query: name.to_string(),
                suggestions: catalog.close_companies(name),
            }
            .into());
        }
        versions.extend(found);
    }
    let policies =
        catalog::parse_versions(&corpus_source(global), &versions, load_options(global))?;
    Ok(Corpus::from_policies(
        corpus_source(global),
        policies,
        Vec::new(),
    ))
}

pub(crate) fn report_warnings(global: &GlobalArgs, warnings: &[corpus::LoadWarning]) {
    if global.quiet {
        return;
    }
    for warning in warnings {
        eprintln!("warning: {}", output::safe(&warning.to_string()));
    }
}

/// A policy named on the command line, parsed.
pub struct Target(Box<Policy>);

impl Target {
    /// The policy itself.
    pub fn policy(&self) -> &Policy {
        &self.0
    }
}

/// Resolves POLICY: an existing file is read on its own; otherwise a
/// `company` or `company@date` found in the index's catalog, whose one
/// file is parsed.
pub fn resolve_policy(global: &GlobalArgs, reference: &str) -> anyhow::Result<Target> {
    let path = Path::new(reference);
    if path.is_file() {
        let (policy, warnings) = corpus::load_single_file(path, load_options(global))?;
        report_warnings(global, &warnings);
        return Ok(Target(Box::new(policy)));
    }
    let (index, report) = open_index(global, Check::Directories)?;
    print_summary(global, &index, &report)?;
    let version = index.catalog()?.resolve(reference)?;
    let policy = catalog::parse_versions(&corpus_source(global), &[version], load_options(global))?
        .pop()
        .ok_or_else(|| crate::error::Error::UnknownPolicy {
            query: reference.to_string(),
            suggestions: Vec::new(),
        })?;
    Ok(Target(Box::new(policy)))
}
