//! Keys as the help shows them and a config file names them: `j`,
//! `Ctrl-d`, `↓` (or `Down`), `Enter`, `space`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key with or without Ctrl.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Whether Ctrl is held.
    pub ctrl: bool,
}

/// Named keys: the name help prints first, then the names a config may
/// also use.
const NAMED: &[(KeyCode, &[&str])] = &[
    (KeyCode::Down, &["↓", "Down"]),
    (KeyCode::Up, &["↑", "Up"]),
    (KeyCode::Left, &["←", "Left"]),
    (KeyCode::Right, &["→", "Right"]),
    (KeyCode::Enter, &["Enter", "Return"]),
    (KeyCode::Esc, &["Esc", "Escape"]),
    (KeyCode::Tab, &["Tab"]),
    (KeyCode::BackTab, &["Shift-Tab", "BackTab"]),
    (KeyCode::Backspace, &["Backspace"]),
    (KeyCode::Home, &["Home"]),
    (KeyCode::End, &["End"]),
    (KeyCode::PageDown, &["PgDn", "PageDown"]),
    (KeyCode::PageUp, &["PgUp", "PageUp"]),
    (KeyCode::Char(' '), &["space"]),
];

impl Key {
    /// The key as help prints it (`j`, `Ctrl-d`, `↓`, `Enter`).
    pub fn label(self) -> String {
        let name = match NAMED.iter().find(|(code, _)| *code == self.code) {
            Some((_, names)) => names[0].to_string(),
            None => match self.code {
                KeyCode::Char(c) => c.to_string(),
                other => format!("{other:?}"),
            },
        };
        if self.ctrl {
            format!("Ctrl-{name}")
        } else {
            name
        }
    }

    /// Reads a key as help prints it; named keys also by their ASCII names
    /// (`Down`, `PageUp`), in any case. `None` for anything else.
    pub fn parse(text: &str) -> Option<Key> {
        let (ctrl, name) = match text.get(..5) {
            Some(prefix) if prefix.eq_ignore_ascii_case("ctrl-") && text.len() > 5 => {
                (true, &text[5..])
            }
            _ => (false, text),
        };
        let named = NAMED
            .iter()
            .find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(name)));
        let code = match named {
            Some((code, _)) => *code,
            None => {
                let mut chars = name.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if !c.is_control() && c != ' ' => KeyCode::Char(c),
                    _ => return None,
                }
            }
        };
        Some(Key { code, ctrl })
    }

    /// Whether a terminal key event is this key (Shift is part of the
    /// character typed).
    pub fn matches(self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        self.code == key.code && self.ctrl == ctrl
    }
}

/// A key without Ctrl.
pub(super) const fn plain(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

/// A character key.
pub(super) const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

/// Ctrl and a character.
pub(super) const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_reads_back_as_its_key() {
        let mut keys: Vec<Key> = (' '..='~').flat_map(|c| [ch(c), ctrl(c)]).collect();
        keys.extend(NAMED.iter().map(|(code, _)| plain(*code)));
        for key in keys {
            assert_eq!(Key::parse(&key.label()), Some(key), "{}", key.label());
        }
    }

    #[test]
    fn ascii_names_and_any_case_are_read() {
        assert_eq!(Key::parse("down"), Some(plain(KeyCode::Down)));
        assert_eq!(
            Key::parse("CTRL-PageDown"),
            Some(Key {
                code: KeyCode::PageDown,
                ctrl: true
            })
        );
        assert_eq!(Key::parse("ctrl-x"), Some(ctrl('x')));
        assert_eq!(Key::parse("G"), Some(ch('G')));
        for bad in ["", "jj", "Ctrl-", "F13", "Hyper-x", "\u{7}"] {
            assert_eq!(Key::parse(bad), None, "{bad:?}");
        }
    }
}
