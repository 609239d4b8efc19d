//! The CLI's commands: each loads what it needs through the library and
//! prints the result. Errors go back to `main` as `anyhow::Error`.

mod classify;
mod compare;
mod diff;
mod fetch;
mod index;
mod list;
mod outline;
mod progress;
pub mod review;
mod search;
mod show;

use crate::cli::{Cli, Command, GlobalArgs};
use crate::corpus::{self, Corpus, CorpusSource, LoadOptions, Policy};
use std::path::Path;

/// Runs the command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let global = cli.global;
    match cli.command {
        Some(Command::List(args)) => list::run(&global, &args),
        Some(Command::Outline(args)) => outline::run(&global, &args),
        Some(Command::Show(args)) => show::run(&global, &args),
        Some(Command::Index(args)) => index::run(&global, &args),
        Some(Command::Search(args)) => search::run(&global, &args),
        Some(Command::Review(command)) => review::run(&global, &command),
        Some(Command::Diff(args)) => diff::run(&global, &args),
        Some(Command::Compare(args)) => compare::run(&global, &args),
        Some(Command::Classify(args)) => classify::run(&args),
        Some(Command::Categories(args)) => classify::categories(&global, &args),
        Some(Command::Versions(args)) => diff::versions(&global, &args),
        Some(Command::Fetch(args)) => fetch::run(&global, &args),
        None => browse(&global),
    }
}

/// Opens the interactive browser (needs a terminal).
fn browse(global: &GlobalArgs) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(crate::error::Error::Unloadable {
            path: "the browser".into(),
            reason: "needs a terminal; for scripts use a subcommand such as `clause list` or `clause search` (see --help)".into(),
        }
        .into());
    }
    let source = corpus_source(global);
    let (store, session) = crate::review::ReviewStore::open(
        &review::session_path(global),
        &review::corpus_key(&source),
    )?;
    crate::tui::run(crate::tui::Options {
        source,
        index_dir: global.index_dir.clone(),
        load: load_options(global),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        review: Some(crate::tui::review::ReviewState::new(store, session)),
    })
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

/// Loads the corpus, printing warnings and (for directories) a summary on stderr.
pub fn load_corpus(global: &GlobalArgs) -> anyhow::Result<Corpus> {
    let corpus = Corpus::load(&corpus_source(global), load_options(global))?;
    report_warnings(global, &corpus.warnings);
    if !global.quiet && corpus.source != CorpusSource::Embedded {
        eprintln!("{}", corpus.summary());
    }
    Ok(corpus)
}

/// Loads the policies of some companies only; when one of them has none,
/// the whole corpus, so that the error can suggest close names.
pub fn load_companies(global: &GlobalArgs, companies: &[&str]) -> anyhow::Result<Corpus> {
    let corpus = Corpus::load_companies(&corpus_source(global), companies, load_options(global))?;
    let found = |name: &&str| {
        corpus
            .policies
            .iter()
            .any(|p| p.meta.company.eq_ignore_ascii_case(name))
    };
    if !companies.iter().all(found) {
        return load_corpus(global);
    }
    report_warnings(global, &corpus.warnings);
    Ok(corpus)
}

pub(crate) fn report_warnings(global: &GlobalArgs, warnings: &[corpus::LoadWarning]) {
    if global.quiet {
        return;
    }
    for warning in warnings {
        eprintln!("warning: {}", crate::output::safe(&warning.to_string()));
    }
}

/// A policy named on the command line: a file path, or a reference into the corpus.
pub enum Target {
    File(Box<Policy>),
    InCorpus(Corpus, usize),
}

impl Target {
    /// The policy itself.
    pub fn policy(&self) -> &Policy {
        match self {
            Target::File(policy) => policy,
            Target::InCorpus(corpus, i) => &corpus.policies[*i],
        }
    }
}

/// Resolves POLICY: an existing file is read on its own; otherwise a
/// `company` or `company@date` in the corpus.
pub fn resolve_policy(global: &GlobalArgs, reference: &str) -> anyhow::Result<Target> {
    let path = Path::new(reference);
    if path.is_file() {
        let (policy, warnings) = corpus::load_single_file(path, load_options(global))?;
        report_warnings(global, &warnings);
        return Ok(Target::File(Box::new(policy)));
    }
    let corpus = load_corpus(global)?;
    let policy = corpus.resolve(reference)?;
    let index = corpus
        .policies
        .iter()
        .position(|p| std::ptr::eq(p, policy))
        .unwrap_or_default();
    Ok(Target::InCorpus(corpus, index))
}
