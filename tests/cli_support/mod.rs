//! Helpers shared by the command-line tests: the `clause` binary on the
//! embedded corpus, its standard output, and its JSON lines.

use assert_cmd::Command;
use serde_json::Value;

/// `clause` on the embedded corpus, without colour.
pub fn embedded() -> Command {
    let mut cmd = Command::cargo_bin("clause").expect("binary");
    cmd.env_remove("CLAUSE_CORPUS")
        .env_remove("CLAUSE_INDEX_DIR")
        .env("NO_COLOR", "1");
    cmd
}

/// The standard output of a command that must succeed.
pub fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The JSON lines a command prints.
pub fn json_lines(cmd: &mut Command) -> Vec<Value> {
    stdout(cmd)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}
