//! Helpers shared by the command-line tests: the `clause` binary on the
//! embedded corpus or on a corpus folder, its standard output and its JSON
//! lines, and the manifest of an index it wrote.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The crate's folder, which holds the embedded policies and the fixtures.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `clause` on the embedded corpus, without colour.
pub fn embedded() -> Command {
    let mut cmd = Command::cargo_bin("clause").expect("binary");
    cmd.env_remove("CLAUSE_CORPUS")
        .env_remove("CLAUSE_INDEX_DIR")
        .env("NO_COLOR", "1");
    cmd
}

/// `clause` on the corpus folder `corpus`, with its index in `index`,
/// without colour.
pub fn on_corpus(corpus: &Path, index: &Path) -> Command {
    let mut cmd = Command::cargo_bin("clause").expect("binary");
    cmd.env_remove("CLAUSE_CORPUS")
        .env("NO_COLOR", "1")
        .arg("--corpus")
        .arg(corpus)
        .arg("--index-dir")
        .arg(index);
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

/// Sets a field of the manifest stored in the last commit of the index in
/// `index`.
pub fn set_manifest_field(index: &Path, field: &str, value: Value) {
    let meta_path = index.join("meta.json");
    let mut meta: Value = serde_json::from_slice(&std::fs::read(&meta_path).unwrap()).unwrap();
    let mut payload: Value = serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
    payload[field] = value;
    meta["payload"] = Value::from(payload.to_string());
    std::fs::write(&meta_path, meta.to_string()).unwrap();
}
