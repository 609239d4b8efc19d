//! The `clause` binary: parses arguments, runs a subcommand or opens the
//! browser, maps errors to exit codes. It is the one place that wires the
//! two edges (the CLI's commands and the browser) to the command line.

use clap::Parser;
use clause::cli::{Cli, Command, GlobalArgs};
use clause::commands::{self, output, review};
use std::process::ExitCode;

/// Indexing and searching allocate many small, short-lived buffers (tokens,
/// documents, postings); mimalloc serves them with less time and less
/// fragmentation than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Transparent huge pages make a long index build faster (mimalloc asks for
/// them), but make a short command hold 2 MB pages it barely uses: they are
/// turned off for every command but `index`.
fn keep_huge_pages_for(command: Option<&Command>) {
    #[cfg(target_os = "linux")]
    if !matches!(command, Some(Command::Index(_))) {
        // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and
        // changes nothing but this process's use of huge pages.
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = command;
}

fn main() -> ExitCode {
    // A write past a file-size limit (`ulimit -f`) then fails with an error
    // the user is shown instead of killing the process.
    #[cfg(unix)]
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let cli = Cli::parse();
    keep_huge_pages_for(cli.command.as_ref());
    let result = match cli.command {
        _ if cli.print_config => {
            print!("{}", clause::tui::config::defaults());
            Ok(())
        }
        Some(command) => commands::run(&cli.global, command),
        None => browse(&cli.global, cli.config.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if output::is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("clause: {error:#}");
            let code = error
                .downcast_ref::<clause::error::Error>()
                .map_or(1, clause::error::Error::exit_code);
            ExitCode::from(code as u8)
        }
    }
}

/// Opens the interactive browser (needs a terminal) with the config at
/// `config`, or the user's.
fn browse(global: &GlobalArgs, config: Option<&std::path::Path>) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    let config = clause::tui::config::Config::load(config)
        .map_err(|e| clause::error::Error::Usage(e.to_string()))?;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(clause::error::Error::Usage(
            "the browser needs a terminal; for scripts use a subcommand such as `clause list` or `clause search` (see --help)".into(),
        )
        .into());
    }
    let source = commands::corpus_source(global);
    // A session another clause process writes opens read-only, with a banner.
    let (store, session) = clause::review::ReviewStore::open_or_read(
        &review::session_path(global),
        &review::corpus_key(&source),
    )?;
    clause::tui::run(clause::tui::Options {
        source,
        index_dir: global.index_dir.clone(),
        load: commands::load_options(global),
        theme: config.theme(std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())),
        keymap: config.keymap,
        review: Some(clause::tui::review::ReviewState::new(store, session)),
    })
}
