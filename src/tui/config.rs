//! The browser's config file (`$XDG_CONFIG_HOME/clause/config.toml`, else
//! `~/.config/clause/config.toml`): the theme, any of its colours, and the
//! keys of the one keymap. A mistake in it is an error naming the file and
//! line, never a panic; `clause --print-config` writes the defaults.

use super::keymap::{Key, Keymap, Mode, BINDINGS};
use super::theme::{parse_style, style_words, Theme, ThemeName, STYLES};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use toml::Spanned;

/// What a config file sets, over the defaults.
#[derive(Debug, Clone)]
pub struct Config {
    /// The theme chosen.
    pub theme: ThemeName,
    /// The styles of each theme, with the config's colours.
    themes: Vec<(ThemeName, Theme)>,
    /// The keys, with the config's remaps.
    pub keymap: Keymap,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            theme: ThemeName::Dark,
            themes: ThemeName::ALL.map(|t| (t, t.theme())).to_vec(),
            keymap: Keymap::default(),
        }
    }
}

/// A config file that cannot be used: where, and why, in one line.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// The line of the mistake, when there is one.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

/// The file as written: every part optional.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    theme: Option<Spanned<String>>,
    #[serde(default)]
    colors: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<String>>>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<Keys>>>,
}

/// One key or a list of them.
#[derive(Deserialize)]
#[serde(untagged)]
enum Keys {
    One(String),
    Many(Vec<String>),
}

impl Config {
    /// The theme to draw with: monochrome under `NO_COLOR`, whatever the
    /// config chose.
    pub fn theme(&self, no_color: bool) -> Theme {
        if no_color {
            return Theme::new(true);
        }
        self.themes
            .iter()
            .find(|(name, _)| *name == self.theme)
            .map_or_else(|| self.theme.theme(), |(_, theme)| *theme)
    }

    /// The config at `path`, which must exist; with no path, the one in
    /// the user's config directory, or the defaults when there is none.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let (path, required) = match path {
            Some(path) => (path.to_path_buf(), true),
            None => match default_path(
                std::env::var_os("XDG_CONFIG_HOME"),
                std::env::var_os("HOME"),
            ) {
                Some(path) => (path, false),
                None => return Ok(Config::default()),
            },
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text, &path),
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => {
                Ok(Config::default())
            }
            Err(e) => Err(ConfigError {
                path,
                line: None,
                message: format!("cannot be read: {e}"),
            }),
        }
    }

    /// Reads a config's text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let fail = |span: Option<std::ops::Range<usize>>, message: String| ConfigError {
            path: path.to_path_buf(),
            line: span.map(|s| {
                let before = &text.as_bytes()[..s.start.min(text.len())];
                before.iter().filter(|&&b| b == b'\n').count() + 1
            }),
            message: message.replace('\n', " "),
        };
        let file: File =
            toml::from_str(text).map_err(|e| fail(e.span(), e.message().to_string()))?;
        let mut config = Config::default();
        if let Some(name) = &file.theme {
            config.theme = ThemeName::from_name(name.get_ref()).ok_or_else(|| {
                fail(
                    Some(name.span()),
                    format!("unknown theme {:?} (themes: dark, light)", name.get_ref()),
                )
            })?;
        }
        for (table, styles) in &file.colors {
            let Some((_, theme)) = config
                .themes
                .iter_mut()
                .find(|(t, _)| t.name() == table.get_ref())
            else {
                let message = format!(
                    "unknown theme [colors.{}] (themes: dark, light)",
                    table.get_ref()
                );
                return Err(fail(Some(table.span()), message));
            };
            for (name, words) in styles {
                let style = theme.style_mut(name.get_ref()).ok_or_else(|| {
                    let message = unknown_entry("style", name.get_ref(), "colors", table.get_ref());
                    fail(Some(name.span()), message)
                })?;
                *style = parse_style(words.get_ref()).map_err(|m| fail(Some(words.span()), m))?;
            }
        }
        let mut remapped: HashMap<usize, std::ops::Range<usize>> = HashMap::new();
        for (table, actions) in &file.keys {
            let mode = Mode::ALL
                .into_iter()
                .find(|m| m.name() == table.get_ref())
                .ok_or_else(|| {
                    let message = format!(
                        "unknown key table [keys.{}] (tables: browse, search, input, list, trend, editor)",
                        table.get_ref()
                    );
                    fail(Some(table.span()), message)
                })?;
            for (name, keys) in actions {
                let at = Keymap::find(mode, name.get_ref()).ok_or_else(|| {
                    let message = unknown_entry("action", name.get_ref(), "keys", mode.name());
                    fail(Some(name.span()), message)
                })?;
                let keys =
                    parse_keys(keys.get_ref(), mode).map_err(|m| fail(Some(keys.span()), m))?;
                config.keymap.set(at, keys);
                remapped.insert(at, name.span());
            }
        }
        if let Some((key, a, b)) = config.keymap.conflict() {
            let span = remapped.get(&b).or_else(|| remapped.get(&a)).cloned();
            let message = format!(
                "{:?} is bound to both {} and {} in [keys.{}]",
                key.label(),
                BINDINGS[a].name(),
                BINDINGS[b].name(),
                BINDINGS[a].mode.name()
            );
            return Err(fail(span, message));
        }
        Ok(config)
    }
}

/// The error for a name that table `[group.table]` has no entry for:
/// `unknown style "x" in [colors.dark] (...)`.
fn unknown_entry(what: &str, name: &str, group: &str, table: &str) -> String {
    format!("unknown {what} {name:?} in [{group}.{table}] (clause --print-config lists them)")
}

/// The keys an action is given in a mode's table.
fn parse_keys(keys: &Keys, mode: Mode) -> Result<Vec<Key>, String> {
    let names = match keys {
        Keys::One(name) => std::slice::from_ref(name),
        Keys::Many(names) => names.as_slice(),
    };
    if names.is_empty() {
        return Err("an action needs at least one key".into());
    }
    names
        .iter()
        .map(|name| {
            let key = Key::parse(name).ok_or_else(|| {
                format!(
                    "unknown key {name:?} (keys: a character, Ctrl-x, Enter, Esc, Tab, \
                     Shift-Tab, Backspace, space, Up, Down, Left, Right, Home, End, PgUp, PgDn)"
                )
            })?;
            let typed = matches!(key.code, crossterm::event::KeyCode::Char(_)) && !key.ctrl;
            if typed && mode.takes_text() {
                return Err(format!(
                    "{name:?} is typed as text in [keys.{}]: bind a Ctrl- or named key there",
                    mode.name()
                ));
            }
            Ok(key)
        })
        .collect()
}

/// Where the config is looked for: `$XDG_CONFIG_HOME/clause/config.toml`
/// (an absolute one), else `$HOME/.config/clause/config.toml`.
pub fn default_path(
    xdg: Option<std::ffi::OsString>,
    home: Option<std::ffi::OsString>,
) -> Option<PathBuf> {
    let base = match xdg.map(PathBuf::from).filter(|p| p.is_absolute()) {
        Some(xdg) => xdg,
        None => PathBuf::from(home.filter(|h| !h.is_empty())?).join(".config"),
    };
    Some(base.join("clause").join("config.toml"))
}

/// Every setting at its default, commented, as a config file.
pub fn defaults() -> String {
    let mut out = String::from(HEADER);
    out.push_str("\n# The colours: \"dark\" or \"light\".\ntheme = \"dark\"\n");
    out.push_str(STYLE_HELP);
    for name in ThemeName::ALL {
        let mut theme = name.theme();
        out.push_str(&format!("\n[colors.{}]\n", name.name()));
        for (style, what) in STYLES {
            let words = theme
                .style_mut(style)
                .map(|s| style_words(*s))
                .unwrap_or_default();
            out.push_str(&format!("# {what}\n{style} = {}\n", quoted(&words)));
        }
    }
    out.push_str(KEY_HELP);
    for mode in Mode::ALL {
        out.push_str(&format!("\n[keys.{}]\n# {}\n", mode.name(), mode.heading()));
        for b in BINDINGS.iter().filter(|b| b.mode == mode) {
            let keys: Vec<String> = b.keys.iter().map(|k| quoted(&k.label())).collect();
            out.push_str(&format!(
                "# {}\n{} = [{}]\n",
                b.what,
                b.name(),
                keys.join(", ")
            ));
        }
    }
    out
}

/// A TOML string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

const HEADER: &str = "\
# clause: the browser's configuration, every setting at its default.
# It is read from $XDG_CONFIG_HOME/clause/config.toml, else
# ~/.config/clause/config.toml (or the file given by --config or
# CLAUSE_CONFIG). Keep only what you change. NO_COLOR in the environment
# always wins: the browser is then monochrome, whatever the theme.
";

const STYLE_HELP: &str = "
# Each theme's styles, as words: emphasis (bold, dim, italic, underlined,
# reversed, crossed_out), a colour, and `on` a background colour, as in
# \"bold white on blue\"; \"default\" for the terminal's own. Colours: black,
# red, green, yellow, blue, magenta, cyan, gray, dark_gray, light_red,
# light_green, light_yellow, light_blue, light_magenta, light_cyan, white,
# 0-255 (the terminal's 256 colours) or #rrggbb.
";

const KEY_HELP: &str = "
# The keys of each table of the help (?), by action. A key is written as
# the help shows it: a character, Ctrl-x, Enter, Esc, Tab, Shift-Tab,
# Backspace, space, ↑ ↓ ← → (or Up Down Left Right), Home, End, PgUp, PgDn.
# A list replaces all of an action's keys; a key may do one thing per table.
";

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/home/u/.config/clause/config.toml"))
    }

    #[test]
    fn the_defaults_read_back_as_the_defaults() {
        let config = parse(&defaults()).expect("the defaults parse");
        let default = Config::default();
        assert_eq!(config.keymap, default.keymap);
        assert_eq!(config.theme, ThemeName::Dark);
        for (name, theme) in &config.themes {
            let mut want = name.theme();
            let mut got = *theme;
            for (style, _) in STYLES {
                assert_eq!(
                    got.style_mut(style).copied(),
                    want.style_mut(style).copied()
                );
            }
        }
    }

    #[test]
    fn mistakes_name_the_file_and_line() {
        let cases = [
            ("theme = \"solarized\"", 1, "unknown theme \"solarized\""),
            (
                "\n[keys.browse]\nflag = \"x\"",
                3,
                "unknown action \"flag\" in [keys.browse]",
            ),
            (
                "[keys.browse]\ntoggle_flag = \"Hyper-x\"",
                2,
                "unknown key \"Hyper-x\"",
            ),
            (
                "[keys.browse]\n\nnext_hit = \"j\"",
                3,
                "\"j\" is bound to both down and next_hit",
            ),
            ("[keys.search]\nactivate = \"x\"", 2, "typed as text"),
            ("[keys.browse]\nquit = []", 2, "at least one key"),
            (
                "[keys.nowhere]\nquit = \"q\"",
                1,
                "unknown key table [keys.nowhere]",
            ),
            (
                "[colors.dark]\nborder = \"blinking\"",
                2,
                "\"blinking\" is not a colour",
            ),
            (
                "[colors.dark]\nborders = \"red\"",
                2,
                "unknown style \"borders\"",
            ),
            ("themes = \"dark\"", 1, "unknown field"),
            ("theme = ", 1, ""),
        ];
        for (text, line, message) in cases {
            let error = parse(text).expect_err(text);
            assert_eq!(error.line, Some(line), "{text}: {error}");
            let shown = error.to_string();
            assert!(shown.contains(message), "{text}: {shown}");
            assert!(shown.starts_with(&format!("/home/u/.config/clause/config.toml:{line}: ")));
            assert!(!shown.contains('\n'), "{shown}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_a_config_or_an_error_on_one_line(text in "\\PC{0,120}") {
            if let Err(e) = parse(&text) {
                proptest::prop_assert!(!e.to_string().contains('\n'));
            }
        }

        #[test]
        fn any_remap_is_a_keymap_or_an_error_on_one_line(
            table in "browse|search|input|list|editor|[a-z]{1,6}",
            action in "[a-z_]{1,12}|toggle_flag|down|activate|escape",
            key in "\\PC{0,8}|Ctrl-[a-z]|j|space|Enter",
        ) {
            let text = format!("[keys.{table}]\n{action} = [{:?}]\n", key);
            match parse(&text) {
                Ok(config) => proptest::prop_assert!(config.keymap.conflict().is_none()),
                Err(e) => proptest::prop_assert!(!e.to_string().contains('\n')),
            }
        }
    }

    #[test]
    fn swapped_keys_are_no_conflict() {
        let config = parse("[keys.browse]\nnext_hit = \"N\"\nprev_hit = \"n\"").expect("a swap");
        assert_eq!(
            config
                .keymap
                .key(Mode::Browse, || super::super::action::Action::NextHit),
            "N"
        );
    }

    #[test]
    fn the_light_theme_is_chosen_and_no_color_wins() {
        let config = parse("theme = \"light\"\n[colors.light]\nborder = \"red\"").expect("light");
        let theme = config.theme(false);
        assert_eq!(
            theme.border,
            ratatui::style::Style::new().fg(ratatui::style::Color::Red)
        );
        assert_eq!(theme.status, ThemeName::Light.theme().status);
        let mono = config.theme(true);
        assert_eq!(mono.border, Theme::new(true).border);
    }

    #[test]
    fn the_file_is_looked_for_under_xdg_then_home() {
        let path = |xdg: Option<&str>, home: Option<&str>| {
            default_path(xdg.map(Into::into), home.map(Into::into))
        };
        assert_eq!(
            path(Some("/x"), Some("/h")),
            Some("/x/clause/config.toml".into())
        );
        assert_eq!(
            path(Some("rel"), Some("/h")),
            Some("/h/.config/clause/config.toml".into())
        );
        assert_eq!(path(None, None), None);
    }
}
