//! The `clause` binary: parses arguments, runs the command, maps errors to
//! exit codes.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
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
