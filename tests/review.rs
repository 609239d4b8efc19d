//! Review sessions end to end: the session file, anchoring across policy
//! edits, crash safety, refusal of bad or busy session files, exports, and
//! the browser's review keys (headless and in a real terminal via tmux).

mod review_ws;
mod tmux;

use predicates::prelude::*;
use review_ws::{Workspace, EXAMPLE};
use serde_json::Value;

/// Asserts each `(field, value)` of a finding.
fn assert_fields(finding: &Value, fields: &[(&str, &str)]) {
    for (field, value) in fields {
        assert_eq!(finding[field], *value, "{field} of {finding}");
    }
}

#[test]
fn flags_and_notes_round_trip_through_the_session_file() {
    let ws = Workspace::example();
    ws.flag(
        "example.com@2024-01-01/s1#1",
        &["--label", "concern", "--note", "Email is personal data"],
    );
    ws.flag("example.com@2024-01-01/s2#2", &["--label", "good"]);
    ws.clause()
        .args(["review", "reviewed", "example.com@2024-01-01/s2"])
        .assert()
        .success();
    let session: Value = serde_json::from_slice(&std::fs::read(&ws.session).unwrap()).unwrap();
    assert_eq!(session["format"], "clause-review");
    assert_eq!(session["findings"][0]["note"], "Email is personal data");
    assert_eq!(
        session["reviewed"],
        serde_json::json!(["example.com@2024-01-01/s2"])
    );
    let findings = ws.findings();
    assert_eq!(findings.len(), 2);
    assert_eq!(findings[0]["label"], "concern");
    assert_eq!(findings[0]["status"], "attached");
    assert_eq!(findings[1]["text"], "We never sell personal information.");
    ws.clause()
        .args(["review", "list"])
        .assert()
        .stdout(predicate::str::contains(
            "reviewed 1/3 sections, 2 findings",
        ));
    ws.clause()
        .args(["review", "unflag", "example.com@2024-01-01/s2#2"])
        .assert()
        .success();
    assert_eq!(ws.findings().len(), 1);
}

#[test]
fn unknown_clause_or_label_is_refused() {
    let ws = Workspace::example();
    ws.clause()
        .args(["review", "flag", "example.com@2024-01-01/9#9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no clause example.com@2024-01-01/9#9",
        ));
    ws.clause()
        .args([
            "review",
            "flag",
            "example.com@2024-01-01/s1#1",
            "--label",
            "bogus",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown label 'bogus' (labels: concern, good, unclear, follow-up)",
        ));
    assert!(!ws.session.exists(), "nothing written for a refused change");
}

#[test]
fn findings_follow_their_text_when_the_policy_changes() {
    let ws = Workspace::example();
    ws.flag("example.com@2024-01-01/s1#2", &["--note", "usage data"]);
    ws.flag(
        "example.com@2024-01-01/s2#1",
        &["--note", "who are the providers?"],
    );
    ws.flag("example.com@2024-01-01/s2#2", &["--note", "good promise"]);
    // Move "usage data" up, edit the sharing clause, delete the sell clause.
    std::fs::write(ws.corpus.join(EXAMPLE), "# Example Privacy Policy\n\nIntro text about the policy.\n\n## Collection\n\nWe collect usage data from your browser.\n\nWe collect your name and email address.\n\n## Sharing\n\nWe share data with service providers and partners.\n").unwrap();
    assert_fields(
        &ws.by_note("usage data"),
        &[("status", "moved"), ("id", "example.com@2024-01-01/s1#1")],
    );
    assert_fields(
        &ws.by_note("who are the providers?"),
        &[
            ("status", "changed"),
            ("text", "We share data with service providers and partners."),
            (
                "text_when_flagged",
                "We share data with service providers only.",
            ),
        ],
    );
    assert_fields(
        &ws.by_note("good promise"),
        &[
            ("status", "orphaned"),
            ("text", "We never sell personal information."),
        ],
    );
}

#[test]
fn findings_on_an_older_version_are_carried_to_the_newest() {
    let ws = Workspace::example();
    ws.flag("example.com@2024-01-01/s1#1", &["--note", "same text"]);
    ws.flag("example.com@2024-01-01/s2#1", &["--note", "edited later"]);
    ws.flag("example.com@2024-01-01/s2#2", &["--note", "dropped later"]);
    let newer = "# Example Privacy Policy\n\nIntro text about the policy.\n\n## Collection\n\nWe collect your name and email address.\n\nWe collect usage data from your browser.\n\n## Sharing\n\nWe share data with service providers and advertising partners.\n";
    std::fs::write(ws.corpus.join("example.com__2025-06-01.md"), newer).unwrap();
    assert_fields(
        &ws.by_note("same text"),
        &[
            ("status", "carried"),
            ("id", "example.com@2025-06-01/s1#1"),
            ("made_on", "example.com@2024-01-01"),
        ],
    );
    assert_fields(
        &ws.by_note("edited later"),
        &[
            ("status", "carried-changed"),
            (
                "text",
                "We share data with service providers and advertising partners.",
            ),
            (
                "text_when_flagged",
                "We share data with service providers only.",
            ),
        ],
    );
    assert_fields(
        &ws.by_note("dropped later"),
        &[
            ("status", "orphaned"),
            ("text", "We never sell personal information."),
        ],
    );
    let md = ws
        .clause()
        .args(["review", "export"])
        .output()
        .unwrap()
        .stdout;
    assert!(String::from_utf8(md)
        .unwrap()
        .contains("(carried from an earlier version, text changed)"));
}

#[test]
fn findings_on_merged_clauses_follow_the_merged_clause() {
    let ws = Workspace::example();
    ws.flag("example.com@2024-01-01/s1#1", &["--note", "name"]);
    ws.flag("example.com@2024-01-01/s1#2", &["--note", "usage"]);
    let newer = "# Example Privacy Policy\n\nIntro text about the policy.\n\n## Collection\n\nWe collect your name and email address, and usage data from your browser.\n\n## Sharing\n\nWe share data with service providers only.\n\nWe never sell personal information.\n";
    std::fs::write(ws.corpus.join("example.com__2025-06-01.md"), newer).unwrap();
    let findings = ws.findings();
    for note in ["name", "usage"] {
        let finding = findings.iter().find(|f| f["note"] == note).unwrap();
        assert_eq!(finding["status"], "carried-changed", "{note}");
        assert_eq!(finding["id"], "example.com@2025-06-01/s1#1", "{note}");
    }
}

#[test]
fn corrupt_foreign_and_newer_session_files_are_refused_and_kept() {
    let ws = Workspace::example();
    for (content, message) in [
        ("{ not json", "is not valid JSON"),
        ("{\"notes\": []}", "is not a clause review session"),
        (
            "{\"format\": \"clause-review\", \"version\": 99}",
            "newer clause",
        ),
    ] {
        std::fs::write(&ws.session, content).unwrap();
        ws.clause()
            .args(["review", "flag", "example.com@2024-01-01/s1#1"])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains(message).and(predicate::str::contains("left untouched")),
            );
        assert_eq!(std::fs::read_to_string(&ws.session).unwrap(), content);
    }
}

#[test]
fn a_session_open_elsewhere_is_refused() {
    let ws = Workspace::example();
    let lock_path = format!("{}.lock", ws.session.display());
    let lock = std::fs::File::create(&lock_path).unwrap();
    lock.try_lock().unwrap();
    ws.clause()
        .args(["review", "flag", "example.com@2024-01-01/s1#1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is open in another clause process",
        ));
    drop(lock);
    ws.flag("example.com@2024-01-01/s1#1", &[]);
}

#[test]
fn kill_9_during_saves_leaves_a_valid_file_with_every_acknowledged_change() {
    let ws = Workspace::example();
    let bin = assert_cmd::cargo::cargo_bin("clause");
    let ids = ["/#1", "/s1#1", "/s1#2", "/s2#1", "/s2#2"];
    let script: String = (0..40)
        .map(|i| {
            let id = format!("example.com@2024-01-01{}", ids[i % ids.len()]);
            format!(
                "'{}' -q --corpus '{}' --review '{}' review flag '{id}' --note 'note {i}' >/dev/null && echo ok {i}\n",
                bin.display(),
                ws.corpus.display(),
                ws.session.display()
            )
        })
        .collect();
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    let _ = std::process::Command::new("pkill")
        .args(["-9", "-P", &child.id().to_string()])
        .status();
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    let acknowledged: Vec<usize> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("ok ")?.parse().ok())
        .collect();
    let last = acknowledged.iter().max();
    let Some(&last) = last else {
        return; // The machine was too slow for even one save: nothing to check.
    };
    let session: Value =
        serde_json::from_slice(&std::fs::read(&ws.session).unwrap()).expect("valid session file");
    let id = format!("example.com@2024-01-01{}", ids[last % ids.len()]);
    let finding = session["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id.as_str())
        .unwrap();
    let note = finding["note"].as_str().unwrap();
    let n: usize = note.trim_start_matches("note ").parse().unwrap();
    assert!(n >= last, "acknowledged note {last} lost (file has {n})");
}

#[test]
fn exports_cite_every_finding() {
    let ws = Workspace::example();
    ws.flag(
        "example.com@2024-01-01/s1#1",
        &["--label", "concern", "--note", "Email is personal data"],
    );
    ws.flag("example.com@2024-01-01/s2#2", &["--label", "good"]);
    let md = ws
        .clause()
        .args(["review", "export", "--format", "md"])
        .output()
        .unwrap()
        .stdout;
    let md = String::from_utf8(md).unwrap();
    insta::assert_snapshot!(md.replace(&ws.corpus.display().to_string(), "CORPUS"));
    let csv = ws
        .clause()
        .args(["review", "export", "--format", "csv"])
        .output()
        .unwrap()
        .stdout;
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    assert_eq!(&records[0][3], "example.com@2024-01-01/s1#1");
    assert_eq!(&records[0][5], "Email is personal data");
    assert_eq!(&records[0][8], "We collect your name and email address.");
    let out = ws
        .clause()
        .args(["review", "export", "--format", "json", "-o"])
        .arg(ws.session.with_extension("out.json"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: Value =
        serde_json::from_slice(&std::fs::read(ws.session.with_extension("out.json")).unwrap())
            .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    assert_eq!(json[1]["section"], serde_json::json!(["Sharing"]));
}

mod browser {
    use super::*;
    use clause::review::{ReviewStore, Session};
    use clause::tui::action::Action;
    use clause::tui::app::{App, Pane};
    use clause::tui::review::ReviewState;
    use clause::tui::theme::Theme;
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use tmux::Tmux;

    fn open(ws: &Workspace) -> App {
        let (store, session): (ReviewStore, Session) =
            ReviewStore::open(&ws.session, "test").unwrap();
        let corpus = ws.load_corpus();
        let mut app =
            App::new(Theme::new(false), (100, 30)).with_review(ReviewState::new(store, session));
        app.update(Action::CorpusLoaded(Box::new(corpus)));
        app
    }

    fn keys(app: &mut App, keys: &[KeyCode]) {
        for &code in keys {
            let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
            if let Some(action) = clause::tui::translate(event, app) {
                app.update(action);
            }
        }
    }

    fn text(app: &mut App, s: &str) {
        keys(app, &s.chars().map(KeyCode::Char).collect::<Vec<_>>());
    }

    #[test]
    fn flag_note_review_quit_and_resume() {
        let ws = Workspace::example();
        let mut app = open(&ws);
        keys(
            &mut app,
            &[
                KeyCode::Tab,
                KeyCode::Char('j'),
                KeyCode::Char(' '),
                KeyCode::Char('a'),
            ],
        );
        assert_eq!(app.browse.focus, Pane::Clauses);
        text(&mut app, "Check retention");
        keys(&mut app, &[KeyCode::Esc, KeyCode::Char('r')]);
        let on_disk: Value = serde_json::from_slice(&std::fs::read(&ws.session).unwrap()).unwrap();
        let finding = &on_disk["findings"][0];
        assert_eq!(finding["id"], "example.com@2024-01-01/s1#1");
        assert_eq!(finding["label"], "concern");
        assert_eq!(finding["note"], "Check retention");
        assert_eq!(
            on_disk["reviewed"],
            serde_json::json!(["example.com@2024-01-01/s1"])
        );
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
        terminal
            .draw(|f| clause::tui::views::draw(&app, f))
            .unwrap();
        insta::assert_snapshot!(terminal.backend().to_string());
        keys(&mut app, &[KeyCode::Char('q')]);
        drop(app);
        let app = open(&ws);
        assert_eq!(app.browse.doc_policy, Some(0), "position restored");
        let review = app.review.as_ref().unwrap();
        assert_eq!(review.finding(0, 1).unwrap().0.note, "Check retention");
    }

    #[test]
    fn jump_between_flags_and_review_pane() {
        let ws = Workspace::example();
        ws.flag("example.com@2024-01-01/s1#2", &[]);
        ws.flag("example.com@2024-01-01/s2#2", &["--label", "unclear"]);
        let mut app = open(&ws);
        keys(&mut app, &[KeyCode::Char('\'')]);
        assert_eq!(app.cursor_clause(), Some((0, 2)));
        keys(&mut app, &[KeyCode::Char('\'')]);
        assert_eq!(app.cursor_clause(), Some((0, 4)));
        keys(&mut app, &[KeyCode::Char('`')]);
        assert_eq!(app.cursor_clause(), Some((0, 2)));
        keys(
            &mut app,
            &[
                KeyCode::Char('R'),
                KeyCode::Tab,
                KeyCode::Tab,
                KeyCode::Tab,
                KeyCode::Enter,
            ],
        );
        assert_eq!(
            app.cursor_clause(),
            Some((0, 4)),
            "filtered to 'unclear', Enter jumps"
        );
    }

    #[test]
    fn tmux_flag_note_quit_restart_export() {
        if !tmux::installed() {
            eprintln!("tmux is not installed: skipping the terminal end-to-end test");
            return;
        }
        let ws = Workspace::example();
        let terminal = Tmux::new(format!("clause-test-{}", std::process::id()));
        let command = ws.browser_command();
        terminal.start(&command);
        terminal.wait_for("Policies (1)");
        for key in ["Tab", "j", "Space", "a"] {
            terminal.key(key);
            std::thread::sleep(std::time::Duration::from_millis(150));
        }
        terminal.wait_for("Esc saves");
        terminal.type_text("Ask about retention");
        terminal.key("Escape");
        terminal.wait_for("note saved");
        terminal.key("q");
        std::thread::sleep(std::time::Duration::from_millis(500));
        terminal.kill();
        terminal.start(&command);
        terminal.wait_for("⚑1");
        terminal.key("Tab");
        let screen = terminal.wait_for("⚑s1#1");
        assert!(screen.contains("We collect your name"), "{screen}");
        terminal.key("q");
        std::thread::sleep(std::time::Duration::from_millis(300));
        terminal.kill();
        ws.clause()
            .args(["review", "export", "--format", "md"])
            .assert()
            .success()
            .stdout(
                predicate::str::contains("**concern** — `example.com@2024-01-01/s1#1`")
                    .and(predicate::str::contains("Ask about retention")),
            );
    }
}

/// What a session written before sections were cited by their own numbers
/// holds: ids and snapshot paths that count sections by position.
fn with_positional_ids(session: &mut Value) {
    let positional = |id: &str| id.replace("/s1", "/1").replace("/s2", "/2");
    for finding in session["findings"].as_array_mut().unwrap() {
        let id = positional(finding["id"].as_str().unwrap());
        finding["id"] = id.into();
        finding["snapshot"] = "before-ids".into();
    }
    let texts = session["texts"].as_object_mut().unwrap();
    let mut text = texts.values().next().unwrap().clone();
    for section in text["sections"].as_array_mut().unwrap() {
        let path = positional(&format!("/{}", section["path"].as_str().unwrap()));
        section["path"] = path.trim_start_matches('/').into();
    }
    texts.clear();
    texts.insert("before-ids".into(), text);
}

#[test]
fn a_session_made_with_positional_ids_still_resolves() {
    let ws = Workspace::example();
    ws.flag("example.com@2024-01-01/s1#2", &["--note", "usage data"]);
    ws.flag("example.com@2024-01-01/s2#2", &["--note", "never sells"]);
    let mut session: Value =
        serde_json::from_str(&std::fs::read_to_string(&ws.session).unwrap()).unwrap();
    with_positional_ids(&mut session);
    assert_eq!(session["findings"][0]["id"], "example.com@2024-01-01/1#2");
    std::fs::write(&ws.session, session.to_string()).unwrap();
    let usage = ws.by_note("usage data");
    assert_eq!(usage["id"], "example.com@2024-01-01/s1#2");
    assert_eq!(usage["text"], "We collect usage data from your browser.");
    assert_eq!(usage["status"], "moved", "{usage}");
    let sells = ws.by_note("never sells");
    assert_eq!(sells["id"], "example.com@2024-01-01/s2#2");
    assert_ne!(sells["status"], "orphaned");
}
