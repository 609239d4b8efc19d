//! Key bindings: one table maps keys to actions per context, and the help
//! overlay is generated from the same table so it cannot drift.

use super::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere except text input.
    Browse,
    /// While typing in the search bar.
    Search,
    /// In the company picker, label picker and review pane.
    Picker,
    /// In the note editor: keys edit the note.
    Editor,
}

/// One documented binding.
pub struct Binding {
    pub keys: &'static str,
    pub what: &'static str,
    pub context: Context,
}

/// Every binding, in the order the help overlay lists them.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: "j / k / ↓ / ↑",
        what: "move down / up",
        context: Context::Browse,
    },
    Binding {
        keys: "g / G",
        what: "first / last",
        context: Context::Browse,
    },
    Binding {
        keys: "Ctrl-d / Ctrl-u",
        what: "half page down / up",
        context: Context::Browse,
    },
    Binding {
        keys: "PgDn / PgUp",
        what: "page down / up",
        context: Context::Browse,
    },
    Binding {
        keys: "h / l / ← / →",
        what: "collapse / expand (tree)",
        context: Context::Browse,
    },
    Binding {
        keys: "Enter",
        what: "open node or hit in context",
        context: Context::Browse,
    },
    Binding {
        keys: "Tab / Shift-Tab",
        what: "next / previous pane",
        context: Context::Browse,
    },
    Binding {
        keys: "/",
        what: "search (as you type)",
        context: Context::Browse,
    },
    Binding {
        keys: "n / N",
        what: "next / previous hit",
        context: Context::Browse,
    },
    Binding {
        keys: "f",
        what: "tree: only nodes with hits",
        context: Context::Browse,
    },
    Binding {
        keys: "c",
        what: "company picker",
        context: Context::Browse,
    },
    Binding {
        keys: "space",
        what: "flag / unflag clause at cursor",
        context: Context::Browse,
    },
    Binding {
        keys: "F",
        what: "flag with a label (picker)",
        context: Context::Browse,
    },
    Binding {
        keys: "a",
        what: "write a note on the clause",
        context: Context::Browse,
    },
    Binding {
        keys: "r",
        what: "mark the section reviewed",
        context: Context::Browse,
    },
    Binding {
        keys: "' / `",
        what: "next / previous flagged clause",
        context: Context::Browse,
    },
    Binding {
        keys: "R",
        what: "review pane: findings, checklist",
        context: Context::Browse,
    },
    Binding {
        keys: "s",
        what: "save the query to the checklist",
        context: Context::Browse,
    },
    Binding {
        keys: "E",
        what: "export findings to Markdown",
        context: Context::Browse,
    },
    Binding {
        keys: "d",
        what: "diff: previous / marked version",
        context: Context::Browse,
    },
    Binding {
        keys: "m",
        what: "mark a version to diff against",
        context: Context::Browse,
    },
    Binding {
        keys: "] / [",
        what: "diff: next / previous section",
        context: Context::Browse,
    },
    Binding {
        keys: "b",
        what: "focus next category badge",
        context: Context::Browse,
    },
    Binding {
        keys: "C",
        what: "category filter on / off",
        context: Context::Browse,
    },
    Binding {
        keys: "M",
        what: "matrix: companies × categories",
        context: Context::Browse,
    },
    Binding {
        keys: "V",
        what: "compare companies side by side",
        context: Context::Browse,
    },
    Binding {
        keys: "?",
        what: "this help",
        context: Context::Browse,
    },
    Binding {
        keys: "Esc",
        what: "close overlay / clear search",
        context: Context::Browse,
    },
    Binding {
        keys: "q / Ctrl-C",
        what: "quit",
        context: Context::Browse,
    },
    Binding {
        keys: "Enter / ↓",
        what: "go to results",
        context: Context::Search,
    },
    Binding {
        keys: "Ctrl-W / Ctrl-U",
        what: "delete word / line",
        context: Context::Search,
    },
    Binding {
        keys: "Esc",
        what: "leave the search bar",
        context: Context::Search,
    },
    Binding {
        keys: "Tab",
        what: "review pane: next label filter",
        context: Context::Picker,
    },
    Binding {
        keys: "Esc",
        what: "save the note and close",
        context: Context::Editor,
    },
    Binding {
        keys: "Ctrl-G",
        what: "cancel: keep the previous note",
        context: Context::Editor,
    },
    Binding {
        keys: "j / k",
        what: "label picker: move",
        context: Context::Picker,
    },
    Binding {
        keys: "type ↑ ↓ Enter",
        what: "filter / move / jump",
        context: Context::Picker,
    },
    Binding {
        keys: "Enter / Tab",
        what: "compare: pick company / go on",
        context: Context::Picker,
    },
    Binding {
        keys: "mouse",
        what: "click selects, wheel scrolls",
        context: Context::Browse,
    },
];

/// The action for a key in a context, if any.
pub fn action_for(key: KeyEvent, context: Context) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    match context {
        Context::Editor => Some(Action::NoteKey(key)),
        Context::Browse => browse(key, ctrl),
        Context::Search => text_input(key, ctrl, true),
        Context::Picker => text_input(key, ctrl, false),
    }
}

fn browse(key: KeyEvent, ctrl: bool) -> Option<Action> {
    Some(match key.code {
        KeyCode::Char('d') if ctrl => Action::HalfPageDown,
        KeyCode::Char('u') if ctrl => Action::HalfPageUp,
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::Char('G') | KeyCode::End => Action::Bottom,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::Char('h') | KeyCode::Left => Action::Collapse,
        KeyCode::Char('l') | KeyCode::Right => Action::Expand,
        KeyCode::Enter => Action::Activate,
        KeyCode::Tab => Action::NextPane,
        KeyCode::BackTab => Action::PrevPane,
        KeyCode::Char('/') => Action::FocusSearch,
        KeyCode::Char('n') => Action::NextHit,
        KeyCode::Char('N') => Action::PrevHit,
        KeyCode::Char('f') => Action::ToggleHitFilter,
        KeyCode::Char('c') => Action::OpenPicker,
        KeyCode::Char(' ') => Action::ToggleFlag,
        KeyCode::Char('F') => Action::PickLabel,
        KeyCode::Char('a') => Action::EditNote,
        KeyCode::Char('r') => Action::ToggleReviewed,
        KeyCode::Char('\'') => Action::NextFlag,
        KeyCode::Char('`') => Action::PrevFlag,
        KeyCode::Char('R') => Action::OpenReviewPane,
        KeyCode::Char('E') => Action::Export,
        KeyCode::Char('s') => Action::SaveQuery,
        KeyCode::Char('d') => Action::OpenDiff,
        KeyCode::Char('m') => Action::MarkVersion,
        KeyCode::Char(']') => Action::NextChange,
        KeyCode::Char('[') => Action::PrevChange,
        KeyCode::Char('b') => Action::CycleBadge,
        KeyCode::Char('C') => Action::CategoryFilter,
        KeyCode::Char('M') => Action::OpenMatrix,
        KeyCode::Char('V') => Action::OpenCompare,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Esc => Action::Escape,
        KeyCode::Char('q') => Action::Quit,
        _ => return None,
    })
}

fn text_input(key: KeyEvent, ctrl: bool, search: bool) -> Option<Action> {
    Some(match key.code {
        KeyCode::Char('w') | KeyCode::Char('h') if ctrl => Action::SearchClearWord,
        KeyCode::Char('u') if ctrl => Action::Top,
        KeyCode::Char(c) if !ctrl => Action::SearchInput(c),
        KeyCode::Backspace => Action::SearchBackspace,
        KeyCode::Esc => Action::Escape,
        KeyCode::Enter => Action::Activate,
        KeyCode::Down if search => Action::Activate,
        KeyCode::Down => Action::Down,
        KeyCode::Up => Action::Up,
        KeyCode::Tab => Action::NextPane,
        _ => return None,
    })
}
