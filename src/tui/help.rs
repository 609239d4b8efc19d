//! The help overlay's state: its lines come from the keymap, and it
//! scrolls so that every binding can be read at the smallest size.

use super::action::Action;
use super::keymap::{Keymap, Mode, BINDINGS, NOTES};

/// One line of help: a mode's heading, or keys and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// The heading of a mode's table.
    Heading(&'static str),
    /// Keys and what they do.
    Entry {
        /// The keys as typed.
        keys: String,
        /// What they do.
        what: &'static str,
    },
}

/// Every help line, generated from the keys in force.
pub fn lines(keymap: &Keymap) -> Vec<HelpLine> {
    let mut out = Vec::new();
    for mode in Mode::ALL {
        out.push(HelpLine::Heading(mode.heading()));
        for (i, b) in BINDINGS.iter().enumerate().filter(|(_, b)| b.mode == mode) {
            let keys: Vec<String> = keymap.keys(i).iter().map(|k| k.label()).collect();
            out.push(HelpLine::Entry {
                keys: keys.join(" "),
                what: b.what,
            });
        }
        for (_, keys, what) in NOTES.iter().filter(|(m, _, _)| *m == mode) {
            out.push(HelpLine::Entry {
                keys: keys.to_string(),
                what,
            });
        }
    }
    out
}

/// Lines of help shown at once in a terminal of `size` (columns, rows).
pub fn page(size: (u16, u16)) -> usize {
    usize::from(size.1.saturating_sub(4))
}

/// What the app does after the help handled a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Keep the help open.
    Stay,
    /// Close it.
    Close,
}

/// The open help overlay: the first line shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Help {
    /// Index of the first line shown.
    pub scroll: usize,
}

impl Help {
    /// Handles an action; `page` is the number of lines shown of `total`.
    pub fn handle(&mut self, action: &Action, page: usize, total: usize) -> Outcome {
        let most = total.saturating_sub(page);
        self.scroll = match action {
            Action::Down | Action::ScrollDown { .. } => self.scroll + 1,
            Action::Up | Action::ScrollUp { .. } => self.scroll.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => self.scroll + page.max(2) / 2,
            Action::PageUp | Action::HalfPageUp => self.scroll.saturating_sub(page.max(2) / 2),
            Action::Top => 0,
            Action::Bottom => most,
            Action::Escape | Action::ToggleHelp | Action::Activate | Action::Quit => {
                return Outcome::Close
            }
            _ => self.scroll,
        }
        .min(most);
        Outcome::Stay
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lists_every_binding_once() {
        let entries = lines(&Keymap::default())
            .into_iter()
            .filter(|l| matches!(l, HelpLine::Entry { .. }))
            .count();
        assert_eq!(entries, BINDINGS.len() + NOTES.len());
    }

    #[test]
    fn scrolling_stops_at_the_last_page() {
        let mut help = Help::default();
        let total = lines(&Keymap::default()).len();
        assert_eq!(help.handle(&Action::Bottom, 10, total), Outcome::Stay);
        assert_eq!(help.scroll, total - 10);
        help.handle(&Action::Down, 10, total);
        assert_eq!(help.scroll, total - 10);
        assert_eq!(help.handle(&Action::Escape, 10, total), Outcome::Close);
    }
}
