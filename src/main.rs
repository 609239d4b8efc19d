//! The `clause` binary: parses arguments, runs the command, maps errors to
//! exit codes.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A write past a file-size limit (`ulimit -f`) then fails with an error
    // the user is shown instead of killing the process.
    #[cfg(unix)]
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let cli = clause::cli::Cli::parse();
    match clause::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if clause::output::is_broken_pipe(&error) {
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
