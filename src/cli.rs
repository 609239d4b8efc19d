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
    /// Options every command takes (`--corpus`, `--quiet`, ...).
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The browser's config file: theme, colours, keys (default:
    /// $XDG_CONFIG_HOME/clause/config.toml, else ~/.config/clause/config.toml).
    #[arg(long, env = "CLAUSE_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Print the browser's default config (every colour and key, commented) and exit.
    #[arg(long)]
    pub print_config: bool,
    /// The command to run; `None` opens the browser.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Directory (searched recursively for .md, .markdown, .txt, .html, .htm,
    /// .xhtml), single policy file, or git repository of
    /// <Service>/<Document>.md files (read as their history) to use instead
    /// of the embedded corpus.
    #[arg(long, global = true, env = "CLAUSE_CORPUS", value_name = "PATH")]
    pub corpus: Option<PathBuf>,
    /// For a git repository: which documents to read, as a comma-separated
    /// list of names (default: "Privacy Policy") or `all`.
    #[arg(long, global = true, value_name = "LIST")]
    pub documents: Option<String>,
    /// Skip policy files larger than this many bytes.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = crate::corpus::load::DEFAULT_MAX_FILE_BYTES)]
    pub max_file_size: u64,
    /// Where to keep the search index (default: the user cache directory).
    #[arg(long, global = true, env = "CLAUSE_INDEX_DIR", value_name = "DIR")]
    pub index_dir: Option<PathBuf>,
    /// Review session file (default: one per corpus in the user data directory).
    #[arg(long, global = true, env = "CLAUSE_REVIEW", value_name = "FILE")]
    pub review: Option<PathBuf>,
    /// Print no loading summary or notices on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// List every load warning instead of a summary by kind.
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

/// The commands of `clause`.
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
        after_help = "SECTION is a section id like 10 or 4.2 (as in clause ids and `clause outline`) or a title.\n\nExamples:\n  clause show atera.com\n  clause show atera.com 4.2\n  clause show clickatell.com 'Disclosure of Your Information' --json"
    )]
    Show(ShowArgs),
    /// Build or update the search index of the corpus.
    #[command(
        after_help = "The index of a --corpus DIR lives in the user cache directory (or --index-dir) and is\nupdated incrementally: only added, changed or removed files are parsed again. Other\ncommands update it implicitly; this one reports what it did.\n\nExamples:\n  clause --corpus ~/policies index\n  clause --corpus ~/policies --index-dir /tmp/idx index"
    )]
    Index(IndexArgs),
    /// Search every clause of the corpus, ranked by relevance.
    #[command(after_help = SEARCH_HELP)]
    Search(SearchArgs),
    /// What changed between two dated versions of a policy, aligned by section.
    #[command(
        after_help = "POLICIES: a company (its two latest versions), a company and two dates,\nor two policy references or file paths.\n\nExamples:\n  clause diff Reddit\n  clause diff Reddit 2020-07-29 2026-01-15\n  clause diff LinkedIn@2021-10-07 LinkedIn@2024-03-07 --stat\n  clause diff old.md new.md --json"
    )]
    Diff(DiffArgs),
    /// The dated versions of a company with how much changed each time.
    #[command(
        after_help = "Examples:\n  clause versions Reddit\n  clause versions Allstate --since 2015-01-01 --json"
    )]
    Versions(VersionsArgs),
    /// Tag text with OPP-115 data-practice categories, showing the cues that fired.
    #[command(
        after_help = "Reads one segment per line from standard input (or --file).\nCategories: first-party, third-party, choice, access, retention, security,\npolicy-change, dnt, audiences, other.\n\nExamples:\n  echo 'We retain your data for as long as necessary.' | clause classify\n  clause classify --file clauses.txt --json\n  clause classify --file policy-paragraphs.txt --context"
    )]
    Classify(ClassifyArgs),
    /// Summarise one policy by data-practice category: its clauses and sections.
    #[command(
        after_help = "Examples:\n  clause categories atera.com\n  clause categories Reddit@2026-01-15 --json"
    )]
    Categories(CategoriesArgs),
    /// The clauses of several companies on one topic (a category, a query or both), grouped per company.
    #[command(after_help = COMPARE_HELP)]
    Compare(CompareArgs),
    /// How many companies match each query, step by step through time.
    #[command(after_help = TREND_HELP)]
    Trend(TrendArgs),
    /// Review sessions: flag clauses, write notes, list and export findings.
    #[command(subcommand)]
    Review(ReviewCommand),
    /// Download a policy page and save it in the corpus as today's version.
    #[command(
        after_help = "The page's main content is converted as for .html files and saved as\nNAME__<today>.md in the --corpus directory, unless its text did not change since the\nnewest saved version of NAME.\n\nExamples:\n  clause --corpus ~/policies fetch https://example.com/privacy --company example.com\n  clause --corpus ~/policies diff example.com"
    )]
    Fetch(FetchArgs),
}

/// Arguments of `clause fetch`.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// The page's address (http or https).
    pub url: String,
    /// The company the policy belongs to (the saved file's name).
    #[arg(long)]
    pub company: String,
    /// Give up when the server has not answered in full after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub timeout: u64,
}

/// The subcommands of `clause review`.
#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Flag a clause (and/or attach a note to it).
    #[command(
        after_help = "A label or note given replaces only that part: the rest of the finding is kept.\n\nExamples:\n  clause review flag atera.com@2017-06-06/4.5#1 --label concern --note 'Tracks e-mail opens'\n  clause review flag Reddit@2026-01-15/3#2 --note 'Compare with 2020'\n  clause review flag Reddit@2026-01-15/3#2 --note 'Also 2022' --append-note"
    )]
    Flag(FlagArgs),
    /// Remove the flag and note of a clause.
    Unflag {
        /// Clause id, as printed by `show` and `search`.
        id: String,
    },
    /// Mark a section reviewed (`company@date/4.2`; `company@date/` for the preamble); `--undo` clears the mark.
    Reviewed {
        /// Section id.
        id: String,
        /// Clear the mark instead of setting it.
        #[arg(long)]
        undo: bool,
    },
    /// Summarise the session: findings by label and company, progress per policy.
    List {
        /// One JSON object per finding and line.
        #[arg(long)]
        json: bool,
    },
    /// Export findings with their citations.
    #[command(
        after_help = "Examples:\n  clause review export --format md -o findings.md\n  clause review export --format csv > findings.csv"
    )]
    Export(ExportArgs),
}

/// Arguments of `clause review flag`.
#[derive(Debug, Args)]
pub struct FlagArgs {
    /// Clause id, as printed by `show` and `search`.
    pub id: String,
    /// Flag label (default for a clause without a finding: the session's
    /// first label, `concern`; a finding keeps its label).
    #[arg(long)]
    pub label: Option<String>,
    /// Note text. A clause that already has another note keeps it unless
    /// `--replace-note` or `--append-note` says what to do.
    #[arg(long)]
    pub note: Option<String>,
    /// Replace the clause's existing note with `--note`.
    #[arg(long, requires = "note", conflicts_with = "append_note")]
    pub replace_note: bool,
    /// Add `--note` as a new paragraph after the clause's existing note.
    #[arg(long, requires = "note")]
    pub append_note: bool,
    /// Attach only the note, without adding a flag (an existing flag is kept).
    #[arg(long, conflicts_with = "label")]
    pub note_only: bool,
}

/// Arguments of `clause review export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The report's format.
    #[arg(long, value_enum, default_value = "md")]
    pub format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// The export formats as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// A markdown report grouped by company.
    Md,
    /// One CSV row per finding.
    Csv,
    /// One JSON object per finding.
    Json,
}

impl From<ExportFormat> for crate::review::export::Format {
    fn from(format: ExportFormat) -> Self {
        match format {
            ExportFormat::Md => Self::Md,
            ExportFormat::Csv => Self::Csv,
            ExportFormat::Json => Self::Json,
        }
    }
}

const SEARCH_HELP: &str = "\
Query language:
  cookies analytics      clauses with all the words (ranked by BM25; stems match: cookie = cookies)
  \"personal data\"        an exact phrase
  opt-out                hyphenated words match as a phrase: opt-out = \"opt out\"
  sell OR share          either word
  -marketing             exclude clauses with the word
  track*                 words starting with a prefix
  company:Reddit         clauses of one company (exact name, any case)
  section:cookies        clauses under a section whose titles contain the word
  category:retention     clauses of a data-practice category (see clause classify --help)
  changed:yes            clauses new in their company's newest version

Scope: each company's newest version by default; --all-versions searches every
version (a text repeated across versions counts once); --as-of DATE the version
in force on DATE. More: docs/query.md.

Examples:
  clause search opt-out --by-company
  clause search '\"do not track\"' --company Reddit --company LinkedIn
  clause search '\"sell your personal information\"' --as-of 2019-01-01
  clause search 'retain OR retention -cookies' --all-versions --all --json";

/// Arguments of `clause list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// One JSON object per company and line.
    #[arg(long)]
    pub json: bool,
    /// Also measure load+parse speed and outline quality figures.
    #[arg(long)]
    pub stats: bool,
}

/// Arguments of `clause outline`.
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

/// Arguments of `clause show`.
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

fn parse_day(text: &str) -> Result<crate::index::Day, String> {
    text.parse()
        .map_err(|e: crate::index::scope::BadDate| e.to_string())
}

const TREND_HELP: &str = "\
Each step is measured on the last day of its year, quarter or month: the
companies with a version in force that day (the newest version not after
it; a company counts from its first dated version on), how many of them
match each query, and the share. Undated policies are left out.

Examples:
  clause trend '\"do not track\"' '\"sell your personal information\"'
  clause trend category:retention --from 2015 --to 2020 --every quarter --csv
  clause trend '\"do not track\"' --companies --at 2019-01-01 --json";

/// `clause trend`: counts over time.
#[derive(Debug, Args)]
pub struct TrendArgs {
    /// One or more queries, each a separate argument (quote a query with
    /// spaces); categories work as queries, e.g. category:retention.
    #[arg(required = true, num_args = 1..)]
    pub queries: Vec<String>,
    /// First year (default: the year of the oldest dated version).
    #[arg(long, value_name = "YEAR")]
    pub from: Option<u32>,
    /// Last year (default: the year of the newest dated version).
    #[arg(long, value_name = "YEAR")]
    pub to: Option<u32>,
    /// Step size: year, quarter or month.
    #[arg(long, value_name = "STEP", default_value = "year", value_parser = parse_every)]
    pub every: crate::trend::Every,
    /// One JSON object per step (with --companies: per query) and line.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Comma-separated values: one row per step and query, with a header.
    #[arg(long)]
    pub csv: bool,
    /// List the companies that match each query and those that do not, on
    /// one day: --at, or the only step of the range.
    #[arg(long, conflicts_with = "csv")]
    pub companies: bool,
    /// The day for --companies, e.g. 2019-01-01.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day, requires = "companies")]
    pub at: Option<crate::index::Day>,
}

fn parse_every(text: &str) -> Result<crate::trend::Every, String> {
    text.parse()
        .map_err(|e: crate::trend::BadEvery| e.to_string())
}

fn parse_category(name: &str) -> Result<crate::categories::Category, String> {
    crate::categories::Category::from_short_name(&name.to_ascii_lowercase()).ok_or_else(|| {
        let names: Vec<&str> = crate::categories::Category::ALL
            .iter()
            .map(|c| c.short_name())
            .collect();
        format!("unknown category (categories: {})", names.join(", "))
    })
}

/// Arguments of `clause classify`.
#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// Read segments from this file instead of standard input.
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// One JSON object per line: {"categories":[{"name","score","cues","context"}]}.
    #[arg(long)]
    pub json: bool,
    /// Read the lines as the clauses of one policy, in order: each is
    /// classified in the context of its neighbours, as in the index
    /// (output comes once all input is read).
    #[arg(long)]
    pub context: bool,
}

/// Arguments of `clause categories`.
#[derive(Debug, Args)]
pub struct CategoriesArgs {
    /// File path, company, or company@date.
    pub policy: String,
    /// One JSON object per category and line.
    #[arg(long)]
    pub json: bool,
}

const COMPARE_HELP: &str = "\
COMPANY is a company (its latest version) or company@date; give 2 to 8.
Clauses are listed in document order with their section path and id.

Examples:
  clause compare --category retention Reddit LinkedIn atera.com
  clause compare --query '\"do not track\"' Reddit LinkedIn
  clause compare --category choice --query cookies Reddit LinkedIn --json";

/// Arguments of `clause compare`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("topic").required(true).multiple(true).args(["category", "query"])))]
pub struct CompareArgs {
    /// Companies to compare (2 to 8): a company or company@date.
    #[arg(required = true, value_name = "COMPANY")]
    pub companies: Vec<String>,
    /// Only clauses of this data-practice category, e.g. retention, choice.
    #[arg(long, value_name = "NAME", value_parser = parse_category)]
    pub category: Option<crate::categories::Category>,
    /// Only clauses matching this query (the query language of `search`).
    #[arg(long, value_name = "QUERY")]
    pub query: Option<String>,
    /// One JSON object per company and line.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `clause diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// A company; or company FROM-DATE TO-DATE; or two references or paths.
    #[arg(required = true, num_args = 1..=3, value_name = "POLICIES")]
    pub policies: Vec<String>,
    /// Output JSON.
    #[arg(long)]
    pub json: bool,
    /// Only the summary per section.
    #[arg(long)]
    pub stat: bool,
}

/// Arguments of `clause versions`.
#[derive(Debug, Args)]
pub struct VersionsArgs {
    /// Company name.
    pub company: String,
    /// Only versions from this date (YYYY-MM-DD) on.
    #[arg(long)]
    pub since: Option<String>,
    /// One JSON object per version and line.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `clause index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Throw the index away and build it again from scratch.
    #[arg(long)]
    pub rebuild: bool,
}

/// Arguments of `clause search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (several arguments are joined with spaces; put `--` before a query that starts with `-`).
    /// May be left out with `--category`: then every clause of the category matches.
    #[arg(required_unless_present = "category", num_args = 1..)]
    pub query: Vec<String>,
    /// Most hits (with --by-company: companies) to print.
    #[arg(long, short = 'n', default_value_t = 20, conflicts_with = "all")]
    pub limit: usize,
    /// Print every hit (with --by-company: every company).
    #[arg(long)]
    pub all: bool,
    /// Search every version of each company, not only the newest; a clause
    /// text repeated across versions counts once, with the versions it is in.
    #[arg(long, conflicts_with = "as_of")]
    pub all_versions: bool,
    /// Search each company's version in force on this day (the newest
    /// version not after it), e.g. 2019-01-01.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub as_of: Option<crate::index::Day>,
    /// Only search this company's policies (repeatable).
    #[arg(long, value_name = "NAME")]
    pub company: Vec<String>,
    /// One JSON object per hit and line.
    #[arg(long)]
    pub json: bool,
    /// One line per company: its version, hit count and best clause, most hits first.
    #[arg(long)]
    pub by_company: bool,
    /// Only clauses of this data-practice category (repeatable: all must apply),
    /// e.g. retention, choice, third-party.
    #[arg(long, value_name = "NAME", value_parser = parse_category)]
    pub category: Vec<crate::categories::Category>,
}
