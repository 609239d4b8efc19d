//! The browser's config file: a remapped key dispatches its action and
//! the help and hints show it; the light theme; `--print-config` writes
//! defaults that read back; a mistake is one line naming file and line.

mod support;

use assert_cmd::Command;
use clause::tui::config::{defaults, Config};
use clause::tui::keymap::BINDINGS;
use clause::tui::theme::{style_words, STYLES};
use ratatui::style::Style;
use std::collections::BTreeMap;
use std::path::Path;
use support::*;

fn config(text: &str) -> Config {
    Config::parse(text, Path::new("config.toml")).expect("a valid config")
}

/// `clause` with no user config and no terminal.
fn clause() -> Command {
    let mut cmd = Command::cargo_bin("clause").expect("binary");
    cmd.env_remove("CLAUSE_CONFIG")
        .env_remove("XDG_CONFIG_HOME")
        .env("HOME", "/nonexistent");
    cmd
}

#[test]
fn a_remapped_key_dispatches_its_action_and_the_help_shows_it() {
    let mut app = app();
    app.keymap = config("[keys.browse]\ntoggle_help = \"H\"\nquit = [\"Q\", \"Ctrl-c\"]\n").keymap;
    assert!(screen(&app).contains("H help · Q quit"), "the hints follow");
    press(&mut app, "?");
    assert!(app.overlay.is_none(), "? no longer opens the help");
    press(&mut app, "q");
    assert!(!app.quit, "q no longer quits");
    press(&mut app, "H");
    assert!(matches!(app.overlay, clause::tui::app::Overlay::Help(_)));
    let mut line = None;
    for _ in 0..clause::tui::help::lines(&app.keymap).len() {
        line = screen(&app)
            .lines()
            .find(|l| l.contains("this help"))
            .map(str::to_string);
        if line.is_some() {
            break;
        }
        press(&mut app, "j");
    }
    let line = line.expect("the help lists itself");
    assert!(line.contains(" H "), "{line}");
    assert!(!line.contains(" ? "), "{line}");
    press(&mut app, "<Esc>Q");
    assert!(app.quit);
}

#[test]
fn the_light_theme_draws_dark_text_on_light_colours() {
    let theme = config("theme = \"light\"").theme(false);
    let mut app = app_themed(theme, (WIDTH, HEIGHT));
    press(&mut app, "/cookies<Enter>");
    let terminal = render(&app);
    let buffer = terminal.backend().buffer();
    // Each style on screen, with the first text drawn in it.
    let mut styles: BTreeMap<String, String> = BTreeMap::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            let style = Style::new()
                .fg(cell.fg)
                .bg(cell.bg)
                .add_modifier(cell.modifier);
            let sample = styles.entry(style_words(style)).or_default();
            if sample.chars().count() < 24 {
                sample.push_str(cell.symbol());
            }
        }
    }
    let legend: Vec<String> = styles
        .iter()
        .map(|(style, sample)| format!("{style:<32} {:?}", sample.trim()))
        .collect();
    insta::assert_snapshot!(legend.join("\n"));
    let status = &buffer[(1, HEIGHT - 1)];
    assert_eq!(
        status.bg,
        ratatui::style::Color::Indexed(252),
        "a light status bar"
    );
}

#[test]
fn no_color_wins_over_the_configured_theme() {
    let configured = config("theme = \"light\"\n[colors.light]\nstatus = \"red on blue\"");
    assert_eq!(
        configured.theme(true).status,
        clause::tui::theme::Theme::new(true).status
    );
    assert_eq!(
        configured.theme(false).status.bg,
        Some(ratatui::style::Color::Blue)
    );
}

#[test]
fn print_config_writes_every_default_and_reads_back() {
    let out = clause().arg("--print-config").output().expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(text, defaults());
    let read = config(&text);
    assert_eq!(read.keymap, Config::default().keymap);
    for b in BINDINGS {
        let entry = format!("\n{} = [", b.name());
        assert!(text.contains(&entry), "{} missing", b.name());
        let documented = format!("# {}\n{} = [", b.what, b.name());
        assert!(text.contains(&documented), "{} undocumented", b.name());
    }
    for table in ["[colors.dark]", "[colors.light]"] {
        let at = text.find(table).expect("both themes");
        for (name, _) in STYLES {
            assert!(
                text[at..].contains(&format!("\n{name} = \"")),
                "{table} {name}"
            );
        }
    }
    // The binary takes the file it printed: it only stops for want of a terminal.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, &text).unwrap();
    let out = clause().arg("--config").arg(&path).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("needs a terminal"), "{stderr}");
}

#[test]
fn a_bad_config_is_one_line_naming_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "theme = \"light\"\n\n[keys.browse]\nflag = \"x\"\n").unwrap();
    let out = clause().arg("--config").arg(&path).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let want = format!(
        "{}:4: unknown action \"flag\" in [keys.browse]",
        path.display()
    );
    assert!(stderr.contains(&want), "{stderr}");

    // Found under $XDG_CONFIG_HOME without --config; a key bound twice.
    let xdg = dir.path().join("xdg");
    std::fs::create_dir_all(xdg.join("clause")).unwrap();
    let user = xdg.join("clause").join("config.toml");
    std::fs::write(&user, "[keys.browse]\nnext_hit = \"j\"\n").unwrap();
    let out = clause()
        .env("XDG_CONFIG_HOME", &xdg)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let want = format!(
        "{}:2: \"j\" is bound to both down and next_hit",
        user.display()
    );
    assert!(stderr.contains(&want), "{stderr}");

    let out = clause()
        .arg("--config")
        .arg(dir.path().join("missing.toml"))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("missing.toml: cannot be read"), "{stderr}");
}
