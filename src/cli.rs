//! Command-line definitions (clap derive). Parsing only: the work is done
//! in `commands`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Examples:
  clause                                  open the browser on the embedded corpus
  clause list                             companies and versions of the corpus
  clause outline atera.com                section tree of atera.com's latest policy
  clause show atera.com 4.2               clauses of section 4.2
  clause search 'opt-out' --by-company    who talks about opting out?
  clause --corpus ~/policies list         use a directory of .md/.txt policies";

/// A terminal browser for website privacy policies.
#[derive(Debug, Parser)]
#[command(name = "clause", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Directory (searched recursively for .md, .markdown, .txt) or single
    /// policy file to use instead of the embedded corpus.
    #[arg(long, global = true, env = "CLAUSE_CORPUS", value_name = "PATH")]
    pub corpus: Option<PathBuf>,
    /// Skip policy files larger than this many bytes.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = crate::corpus::load::DEFAULT_MAX_FILE_BYTES)]
    pub max_file_size: u64,
    /// Where to keep the search index (default: the user cache directory).
    #[arg(long, global = true, env = "CLAUSE_INDEX_DIR", value_name = "DIR")]
    pub index_dir: Option<PathBuf>,
    /// Print no loading summary or notices on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List companies and their dated versions with section and clause counts.
    #[command(
        after_help = "Examples:\n  clause list\n  clause list --json\n  clause --corpus ../corpus list --stats"
    )]
    List(ListArgs),
    /// Print the section tree of one policy.
    #[command(
        after_help = "POLICY is a file path, a company (its latest version) or company@date.\n\nExamples:\n  clause outline atera.com\n  clause outline Reddit@2022-11-15 --json\n  clause outline ./policy.md --furniture"
    )]
    Outline(OutlineArgs),
    /// Print the clauses of a policy, or of one of its sections.
    #[command(
        after_help = "SECTION is a position path like 4.2 (as in clause ids) or a title.\n\nExamples:\n  clause show atera.com\n  clause show atera.com 4.2\n  clause show clickatell.com 'Disclosure of Your Information' --json"
    )]
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// One JSON object per company and line.
    #[arg(long)]
    pub json: bool,
    /// Also measure load+parse speed and outline quality figures.
    #[arg(long)]
    pub stats: bool,
}

#[derive(Debug, Args)]
pub struct OutlineArgs {
    /// File path, company, or company@date.
    pub policy: String,
    /// Output JSON.
    #[arg(long)]
    pub json: bool,
    /// Also list the page furniture kept out of the clauses.
    #[arg(long)]
    pub furniture: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// File path, company, or company@date.
    pub policy: String,
    /// Section path (4.2) or title; all clauses when omitted.
    pub section: Option<String>,
    /// One JSON object per clause and line.
    #[arg(long)]
    pub json: bool,
}
