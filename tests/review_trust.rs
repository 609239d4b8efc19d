//! Review sessions a reviewer can trust, from the command line: changes
//! keep the rest of a finding, findings follow their text through edits in
//! place, readers need no lock, commands are idempotent, files are private,
//! failed saves lose nothing, and version-1 files keep opening.

mod review_ws;

use predicates::prelude::*;
use review_ws::{Workspace, EXAMPLE};

const ATERA: &str = "atera.com__2017-06-06.md";

#[test]
fn a_note_keeps_the_flag_and_a_label_keeps_the_note() {
    let ws = Workspace::example();
    let id = "example.com@2024-01-01/s1#1";
    ws.flag(id, &["--label", "concern"]);
    let out = ws.flag(id, &["--note-only", "--note", "Check COPPA"]);
    assert!(out.contains("flagged concern"), "{out}");
    ws.flag(id, &["--label", "unclear"]);
    let finding = ws.by_note("Check COPPA");
    assert_eq!(finding["label"], "unclear");
    let list = ws.ok(&["review", "list"]);
    assert!(
        list.contains("1 finding: 1 flag (unclear 1), 1 note"),
        "{list}"
    );
}

/// The reproduction: insert a section before the flagged ones,
/// reword one flagged clause and delete another.
#[test]
fn findings_follow_their_text_through_an_edit_in_place() {
    let ws = Workspace::with_asset(ATERA);
    ws.flag("atera.com@2017-06-06/4.2#1", &["--note", "contact"]);
    ws.flag("atera.com@2017-06-06/4.4#1", &["--note", "log files"]);
    ws.flag("atera.com@2017-06-06/4.6#1", &["--note", "analytics"]);
    ws.edit(ATERA, |text| {
        let start = text.find("4.6 _Analytics Tools._").unwrap();
        let end = start + text[start..].find("\n\n").unwrap();
        let mut text = format!("{}{}", &text[..start], &text[end + 2..]);
        text = text.replace(
            "We may make use of log files.",
            "We routinely make use of log files.",
        );
        text.replace(
            "4.2 _‘Contact Us’",
            "4.2 _Newsletter._ If you subscribe to our newsletter we keep your e-mail address to send it to you.\n\n4.3 _‘Contact Us’",
        )
    });
    let contact = ws.by_note("contact");
    assert_eq!(contact["status"], "moved");
    assert_eq!(contact["id"], "atera.com@2017-06-06/4.3#1");
    let logs = ws.by_note("log files");
    assert_eq!(logs["status"], "changed");
    // The policy still prints "4.4 Log Files." after the inserted 4.2.
    assert_eq!(logs["id"], "atera.com@2017-06-06/4.4#1");
    assert!(logs["text"]
        .as_str()
        .unwrap()
        .contains("We routinely make use of log files."));
    assert!(logs["text_when_flagged"]
        .as_str()
        .unwrap()
        .contains("We may make use of log files."));
    let analytics = ws.by_note("analytics");
    assert_eq!(analytics["status"], "orphaned");
    assert!(analytics["text"]
        .as_str()
        .unwrap()
        .contains("Analytics Tools"));
    let md = ws.ok(&["review", "export"]);
    assert!(!md.contains("Purchases._ The Services may include"), "{md}");
}

/// A newer clause that numbers the same file differently: the finding's id
/// and kept text carry the old numbering, the file is unchanged.
#[test]
fn a_finding_follows_its_text_when_section_ids_change_on_upgrade() {
    let ws = Workspace::with_asset(ATERA);
    ws.flag("atera.com@2017-06-06/4.4#1", &["--note", "log files"]);
    let mut session = ws.session_json();
    session["findings"][0]["id"] = "atera.com@2017-06-06/5.4#1".into();
    for text in session["texts"].as_object_mut().unwrap().values_mut() {
        for section in text["sections"].as_array_mut().unwrap() {
            let path = section["path"].as_str().unwrap().to_string();
            let digits = path.bytes().take_while(u8::is_ascii_digit).count();
            let head: usize = path[..digits].parse().unwrap();
            section["path"] = format!("{}{}", head + 1, &path[digits..]).into();
        }
    }
    std::fs::write(&ws.session, serde_json::to_vec(&session).unwrap()).unwrap();
    let logs = ws.by_note("log files");
    assert_eq!(logs["status"], "moved");
    assert_eq!(logs["id"], "atera.com@2017-06-06/4.4#1");
}

#[test]
fn reviewed_sets_the_mark_and_undo_clears_it() {
    let ws = Workspace::example();
    let id = "example.com@2024-01-01/s2";
    for _ in 0..2 {
        ws.ok(&["review", "reviewed", id]);
        assert_eq!(ws.session_json()["reviewed"], serde_json::json!([id]));
    }
    let again = ws.ok(&["review", "reviewed", id]);
    assert!(again.contains("already marked reviewed"), "{again}");
    for _ in 0..2 {
        ws.ok(&["review", "reviewed", id, "--undo"]);
        assert_eq!(ws.session_json()["reviewed"], serde_json::json!([]));
    }
}

#[test]
fn a_second_note_is_refused_unless_replaced_or_appended() {
    let ws = Workspace::example();
    let id = "example.com@2024-01-01/s1#2";
    ws.flag(id, &["--label", "good", "--note", "first"]);
    ws.clause()
        .args(["review", "flag", id, "--note", "second"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("already has a note")
                .and(predicate::str::contains("--replace-note")),
        );
    assert_eq!(ws.findings()[0]["note"], "first");
    ws.flag(id, &["--note", "first"]);
    ws.flag(id, &["--note", "second", "--append-note"]);
    assert_eq!(ws.findings()[0]["note"], "first\n\nsecond");
    ws.flag(id, &["--note", "third", "--replace-note"]);
    let finding = &ws.findings()[0];
    assert_eq!(finding["note"], "third");
    assert_eq!(finding["label"], "good");
}

#[test]
fn list_and_export_work_while_a_writer_holds_the_session() {
    let ws = Workspace::example();
    ws.flag("example.com@2024-01-01/s1#1", &["--note", "kept"]);
    let lock = std::fs::File::create(format!("{}.lock", ws.session.display())).unwrap();
    lock.try_lock().unwrap();
    assert_eq!(ws.findings()[0]["note"], "kept");
    let md = ws.ok(&["review", "export", "--format", "md"]);
    assert!(md.contains("kept"), "{md}");
    ws.clause()
        .args(["review", "flag", "example.com@2024-01-01/s2#1"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("is open in another clause process")
                .and(predicate::str::contains("the change was not made")),
        );
    drop(lock);
    ws.flag("example.com@2024-01-01/s2#1", &[]);
    assert_eq!(ws.findings().len(), 2);
}

#[test]
fn concurrent_cli_writers_wait_for_each_other_and_lose_nothing() {
    let ws = Workspace::example();
    let ids = [
        "example.com@2024-01-01/#1",
        "example.com@2024-01-01/s1#1",
        "example.com@2024-01-01/s1#2",
        "example.com@2024-01-01/s2#1",
    ];
    let children: Vec<_> = ids
        .iter()
        .map(|id| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("clause"))
                .args(["-q", "--corpus"])
                .arg(&ws.corpus)
                .arg("--review")
                .arg(&ws.session)
                .args(["review", "flag", id, "--note", id])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut saved = Vec::new();
    for (id, child) in ids.iter().zip(children) {
        let out = child.wait_with_output().unwrap();
        if out.status.success() {
            saved.push(*id);
        } else {
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.contains("is open in another clause process"),
                "{stderr}"
            );
        }
    }
    assert!(!saved.is_empty());
    let notes: Vec<String> = ws
        .findings()
        .iter()
        .map(|f| f["note"].as_str().unwrap().to_string())
        .collect();
    for id in saved {
        assert!(notes.iter().any(|n| n == id), "{id} lost: {notes:?}");
    }
}

#[cfg(unix)]
#[test]
fn a_new_default_session_its_folder_and_exports_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Workspace::example();
    let data = ws.dir.path().join("data");
    // The workspace's commands name the session: run without `--review`.
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("clause"))
        .env("XDG_DATA_HOME", &data)
        .env_remove("CLAUSE_REVIEW")
        .arg("-q")
        .arg("--corpus")
        .arg(&ws.corpus)
        .args(["review", "flag", "example.com@2024-01-01/s1#1"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reviews = data.join("clause").join("reviews");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&reviews), 0o700);
    let files: Vec<_> = std::fs::read_dir(&reviews)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!files.is_empty());
    for file in files {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    let export = ws.dir.path().join("findings.md");
    ws.clause()
        .args(["review", "export", "-o"])
        .arg(&export)
        .assert()
        .success();
    assert_eq!(mode(&export), 0o600);
}

#[cfg(unix)]
#[test]
fn a_session_others_can_read_is_reported_in_one_line() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Workspace::example();
    ws.flag("example.com@2024-01-01/s1#1", &[]);
    std::fs::set_permissions(&ws.session, std::fs::Permissions::from_mode(0o644)).unwrap();
    ws.clause()
        .args(["review", "list"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "can be read by other users (mode 644)",
        ));
}

/// Runs `clause` with a file-size limit of `blocks` (of 512 bytes).
#[cfg(unix)]
fn with_file_size_limit(ws: &Workspace, blocks: u32, args: &[&str]) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("clause");
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let script = format!(
        "ulimit -f {blocks} && exec '{}' -q --corpus '{}' --review '{}' {}",
        bin.display(),
        ws.corpus.display(),
        ws.session.display(),
        quoted.join(" ")
    );
    std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_save_past_the_file_size_limit_fails_clearly_and_keeps_the_old_file() {
    let ws = Workspace::with_asset(ATERA);
    ws.flag("atera.com@2017-06-06/4.4#1", &["--note", "log files"]);
    let before = std::fs::read(&ws.session).unwrap();
    let out = with_file_size_limit(
        &ws,
        2,
        &[
            "review",
            "flag",
            "atera.com@2017-06-06/4.5#1",
            "--note",
            "cookies",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot be saved"), "{stderr}");
    assert_eq!(
        std::fs::read(&ws.session).unwrap(),
        before,
        "old file kept whole"
    );
    let leftovers: Vec<_> = std::fs::read_dir(ws.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");
    ws.flag("atera.com@2017-06-06/4.5#1", &["--note", "cookies"]);
    assert_eq!(ws.findings().len(), 2);
}

#[test]
fn a_version_1_session_keeps_opening_and_is_upgraded_on_first_write() {
    let ws = Workspace::example();
    let v1 = serde_json::json!({
        "format": "clause-review",
        "version": 1,
        "corpus": "test",
        "labels": ["concern", "good"],
        "findings": {
            "example.com@2024-01-01/s2#1": {
                "label": "good",
                "note": "from version 1",
                "text_hash": clause::review::model::text_hash("We share data with service providers only."),
                "text": "We share data with service providers only.",
                "policy": "example.com@2024-01-01",
                "section": ["Sharing"],
                "updated": 1
            }
        },
        "reviewed": ["example.com@2024-01-01/s1"]
    });
    let original = serde_json::to_vec_pretty(&v1).unwrap();
    std::fs::write(&ws.session, &original).unwrap();
    let old = ws.by_note("from version 1");
    assert_eq!(old["status"], "attached");
    assert_eq!(old["label"], "good");
    ws.clause()
        .args(["review", "flag", "example.com@2024-01-01/s1#1"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "upgraded from format version 1 to 2",
        ));
    let kept = std::fs::read(format!("{}.v1", ws.session.display())).unwrap();
    assert_eq!(kept, original);
    let session = ws.session_json();
    assert_eq!(session["version"], 2);
    assert_eq!(session["findings"].as_array().unwrap().len(), 2);
    assert_eq!(
        session["reviewed"],
        serde_json::json!(["example.com@2024-01-01/s1"])
    );
    ws.edit(EXAMPLE, |t| {
        t.replace(
            "## Collection",
            "## Intro\n\nNew words here now.\n\n## Collection",
        )
    });
    let moved = ws.by_note("from version 1");
    assert_eq!(
        moved["id"], "example.com@2024-01-01/s3#1",
        "follows its text"
    );
}
