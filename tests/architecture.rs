//! The layering rule of ARCHITECTURE.md, checked on the source tree: the
//! core never reaches the terminal, the command line or the edges, the
//! text leaf imports nothing of the crate, and the two edges never import
//! each other.

use std::path::{Path, PathBuf};

const CORE: &[&str] = &[
    "src/text",
    "src/inputs",
    "src/corpus",
    "src/categories",
    "src/index",
    "src/versions",
    "src/review",
    "src/compare.rs",
    "src/tagging.rs",
    "src/trend.rs",
    "src/error.rs",
];

const EDGE_CRATES: &[&str] = &[
    "clap",
    "ratatui",
    "crossterm",
    "indicatif",
    "ratatui_textarea",
];
const EDGE_MODULES: &[&str] = &["crate::tui", "crate::commands", "crate::cli"];

fn rust_files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).expect("source directory is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// Lines of `file` that name any of `needles` as a path (`needle::`).
fn offending_lines(file: &Path, needles: &[&str]) -> Vec<String> {
    let text = std::fs::read_to_string(file).expect("source file is readable");
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .filter(|line| {
            needles.iter().any(|n| {
                line.match_indices(&format!("{n}::")).any(|(at, _)| {
                    at == 0 || !line[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
                })
            })
        })
        .map(|line| format!("{}: {}", file.display(), line.trim()))
        .collect()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_core_uses_no_terminal_or_command_line_crate_and_no_edge_module() {
    let mut found = Vec::new();
    for module in CORE {
        for file in rust_files(&root().join(module)) {
            found.extend(offending_lines(&file, EDGE_CRATES));
            found.extend(offending_lines(&file, EDGE_MODULES));
        }
    }
    assert!(
        found.is_empty(),
        "core modules reach the edges:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_text_leaf_imports_nothing_of_the_crate() {
    let mut found = Vec::new();
    for file in rust_files(&root().join("src/text")) {
        found.extend(offending_lines(&file, &["crate"]));
    }
    assert!(
        found.is_empty(),
        "src/text imports the crate:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_input_adapters_import_only_the_text_leaf() {
    let mut found = Vec::new();
    for file in rust_files(&root().join("src/inputs")) {
        found.extend(
            offending_lines(&file, &["crate"])
                .into_iter()
                .filter(|line| !line.contains("crate::text::")),
        );
    }
    assert!(
        found.is_empty(),
        "src/inputs imports the crate beyond text:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_edges_do_not_import_each_other() {
    let mut found = Vec::new();
    for file in rust_files(&root().join("src/tui")) {
        found.extend(offending_lines(&file, &["crate::commands", "crate::cli"]));
    }
    for file in rust_files(&root().join("src/commands")) {
        found.extend(offending_lines(&file, &["crate::tui"]));
    }
    assert!(
        found.is_empty(),
        "edges import each other:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_notices_a_forbidden_import() {
    let dir = std::env::temp_dir().join(format!("clause-arch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("bad.rs");
    std::fs::write(
        &file,
        "use ratatui::text::Line;\n// ratatui::ok in a comment\nlet x = my_clap::y;\n",
    )
    .expect("write probe");
    let found = offending_lines(&file, EDGE_CRATES);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(found.len(), 1, "{found:?}");
}
