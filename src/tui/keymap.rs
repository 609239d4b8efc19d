//! Key bindings: one table per mode maps keys to actions. Dispatch and the
//! help overlay both read [`BINDINGS`], so what help lists is what the keys do.

use super::action::Action;
pub use super::keys::Key;
use super::keys::{ch, ctrl, plain};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Which table applies: decided by the open overlay and the focused pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Panes and the scrolling overlays (diff, matrix, compare, help).
    Browse,
    /// While typing in the search bar.
    Search,
    /// Pickers that filter as you type (companies, compare, review pane).
    Input,
    /// Lists without typing (label and category pickers): vim keys move.
    List,
    /// The trend view's chart and company lists.
    Trend,
    /// In the note editor: keys edit the note.
    Editor,
}

impl Mode {
    /// Every mode, in the order the help overlay lists them.
    pub const ALL: [Mode; 6] = [
        Mode::Browse,
        Mode::Search,
        Mode::Input,
        Mode::List,
        Mode::Trend,
        Mode::Editor,
    ];

    /// The help overlay's heading for the mode.
    pub fn heading(self) -> &'static str {
        match self {
            Mode::Browse => "Browsing (panes, diff, matrix, compare, review pane, help)",
            Mode::Search => "Search bar",
            Mode::Input => "Typing pickers (companies, compare, review, trend)",
            Mode::List => "Label and category pickers",
            Mode::Trend => "Trend view (T)",
            Mode::Editor => "Note editor",
        }
    }

    /// The mode's table in a config file: `[keys.browse]`.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Browse => "browse",
            Mode::Search => "search",
            Mode::Input => "input",
            Mode::List => "list",
            Mode::Trend => "trend",
            Mode::Editor => "editor",
        }
    }

    /// Whether typed characters are text in this mode (a plain character
    /// bound here could not be typed).
    pub fn takes_text(self) -> bool {
        matches!(self, Mode::Search | Mode::Input | Mode::Editor)
    }
}

/// One binding: in `mode`, any of `keys` performs `action`.
pub struct Binding {
    /// Where it applies.
    pub mode: Mode,
    /// The keys, the first one the main key.
    pub keys: &'static [Key],
    /// Builds the action the keys perform.
    pub action: fn() -> Action,
    /// The action's name as written in the table: `ToggleFlag`.
    pub action_name: &'static str,
    /// What it does, in plain words, for the help overlay.
    pub what: &'static str,
}

macro_rules! bindings {
    ($($mode:ident [$($key:expr),+] $action:ident $what:literal;)*) => {
        /// Every binding, in the order the help overlay lists them.
        pub const BINDINGS: &[Binding] = &[$(Binding {
            mode: Mode::$mode,
            keys: &[$($key),+],
            action: || Action::$action,
            action_name: stringify!($action),
            what: $what,
        }),*];
    };
}

bindings! {
    Browse [ch('j'), plain(KeyCode::Down)] Down "move down";
    Browse [ch('k'), plain(KeyCode::Up)] Up "move up";
    Browse [ch('g'), plain(KeyCode::Home)] Top "go to the first line";
    Browse [ch('G'), plain(KeyCode::End)] Bottom "go to the last line";
    Browse [ctrl('d')] HalfPageDown "half a page down";
    Browse [ctrl('u')] HalfPageUp "half a page up";
    Browse [plain(KeyCode::PageDown)] PageDown "a page down";
    Browse [plain(KeyCode::PageUp)] PageUp "a page up";
    Browse [ch('h'), plain(KeyCode::Left)] Collapse "tree: collapse, or go to the parent";
    Browse [ch('l'), plain(KeyCode::Right)] Expand "tree: expand the node";
    Browse [plain(KeyCode::Enter)] Activate "open the node, or the hit in context";
    Browse [plain(KeyCode::Tab)] NextPane "focus the next pane";
    Browse [plain(KeyCode::BackTab)] PrevPane "focus the previous pane";
    Browse [ch('/')] FocusSearch "search; in the review pane: by company";
    Browse [ch('n')] NextHit "next hit (or clause of the category)";
    Browse [ch('N')] PrevHit "previous hit (or category clause)";
    Browse [ch('f')] ToggleHitFilter "tree: only nodes with hits, or all";
    Browse [ch('c')] OpenPicker "jump to a company (fuzzy picker)";
    Browse [ch(' ')] ToggleFlag "flag / unflag the clause at the cursor";
    Browse [ch('F')] PickLabel "flag the clause with a label";
    Browse [ch('a')] EditNote "write a note on the clause";
    Browse [ch('r')] ToggleReviewed "mark the section reviewed";
    Browse [ch('\'')] NextFlag "next flagged clause";
    Browse [ch('`')] PrevFlag "previous flagged clause";
    Browse [ch('R')] OpenReviewPane "review pane: findings and checklist";
    Browse [ch('s')] SaveQuery "save the query to the checklist";
    Browse [ch('E')] Export "export the findings to Markdown";
    Browse [ch('d')] OpenDiff "diff with the previous or marked version";
    Browse [ch('m')] MarkVersion "mark a version to diff against";
    Browse [ch(']')] NextChange "diff: next changed section";
    Browse [ch('[')] PrevChange "diff: previous changed section";
    Browse [ch('b')] CycleBadge "focus the next category badge";
    Browse [ch('B')] ToggleBadges "hide/show badges under clauses";
    Browse [ch('C')] CategoryFilter "category filter on / off";
    Browse [ch('M')] OpenMatrix "matrix of companies × categories";
    Browse [ch('o')] SortMatrix "matrix: sort by column / by name";
    Browse [ch('V')] OpenCompare "compare companies side by side";
    Browse [ch('T')] OpenTrend "trend of the query over time";
    Browse [ch('A')] ToggleAllVersions "search: all versions or newest";
    Browse [ch('>')] WiderTree "tree width: wider";
    Browse [ch('<')] NarrowerTree "tree width: narrower";
    Browse [ch('?')] ToggleHelp "this help";
    Browse [plain(KeyCode::Esc)] Escape "close the overlay, or clear the search";
    Browse [ch('q'), ctrl('c')] Quit "quit";
    Search [plain(KeyCode::Enter)] Activate "go to the results";
    Search [plain(KeyCode::Up)] Up "older query (search history)";
    Search [plain(KeyCode::Down)] Down "newer query (search history)";
    Search [plain(KeyCode::Tab)] NextPane "go to the results";
    Search [plain(KeyCode::Backspace)] SearchBackspace "delete a character";
    Search [ctrl('w'), ctrl('h')] SearchClearWord "delete a word";
    Search [ctrl('u')] Top "delete the query";
    Search [plain(KeyCode::Esc)] Escape "leave the search bar";
    Search [ctrl('c')] Quit "quit";
    Input [plain(KeyCode::Down), ctrl('j'), ctrl('n')] Down "move down";
    Input [plain(KeyCode::Up), ctrl('k'), ctrl('p')] Up "move up";
    Input [plain(KeyCode::Enter)] Activate "pick / jump to the selection";
    Input [plain(KeyCode::Tab)] NextPane "next step / next label filter";
    Input [plain(KeyCode::Backspace)] SearchBackspace "delete a character";
    Input [ctrl('w'), ctrl('h')] SearchClearWord "delete a word";
    Input [ctrl('u')] Top "delete the filter";
    Input [plain(KeyCode::Esc)] Escape "close";
    Input [ctrl('c')] Quit "quit";
    List [ch('j'), plain(KeyCode::Down)] Down "move down";
    List [ch('k'), plain(KeyCode::Up)] Up "move up";
    List [ch('g'), plain(KeyCode::Home)] Top "first entry";
    List [ch('G'), plain(KeyCode::End)] Bottom "last entry";
    List [plain(KeyCode::Enter)] Activate "pick the selection";
    List [plain(KeyCode::Esc), ch('q')] Escape "close";
    List [ctrl('c')] Quit "quit";
    Trend [ch('h'), plain(KeyCode::Left)] Collapse "earlier step";
    Trend [ch('l'), plain(KeyCode::Right)] Expand "later step";
    Trend [ch('j'), plain(KeyCode::Down)] Down "next query, or next company";
    Trend [ch('k'), plain(KeyCode::Up)] Up "previous query, or company";
    Trend [ch('g'), plain(KeyCode::Home)] Top "first step, or first company";
    Trend [ch('G'), plain(KeyCode::End)] Bottom "last step, or last company";
    Trend [ctrl('d')] HalfPageDown "companies: half a page down";
    Trend [ctrl('u')] HalfPageUp "companies: half a page up";
    Trend [plain(KeyCode::PageDown)] PageDown "companies: a page down";
    Trend [plain(KeyCode::PageUp)] PageUp "companies: a page up";
    Trend [plain(KeyCode::Enter)] Activate "list the step's companies / open one";
    Trend [ch('e')] TrendEvery "step: year, quarter, month";
    Trend [ch('a'), ch('+')] AddQuery "add a query (up to four)";
    Trend [ch('x'), ch('-')] DropQuery "drop the selected query";
    Trend [plain(KeyCode::Esc), ch('q')] Escape "back a level, or close";
    Trend [ctrl('c')] Quit "quit";
    Editor [ctrl('c')] Quit "quit (the note is saved)";
}

impl Binding {
    /// The action's name in a config file: `toggle_flag`.
    pub fn name(&self) -> String {
        let mut out = String::new();
        for (i, c) in self.action_name.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }
}

/// Help lines for keys that no table lists: typed text and the mouse.
pub const NOTES: &[(Mode, &str, &str)] = &[
    (Mode::Browse, "mouse", "click selects, the wheel scrolls"),
    (Mode::Search, "type", "edit the query"),
    (Mode::Input, "type", "filter the list"),
    (Mode::Editor, "type", "edit the note"),
    (Mode::Editor, "Esc", "save the note and close"),
    (Mode::Editor, "Ctrl-g", "cancel: keep the previous note"),
];

/// The keys in force for every binding: the table's, or a config's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    /// The keys of each binding, in the order of [`BINDINGS`].
    keys: Vec<Vec<Key>>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            keys: BINDINGS.iter().map(|b| b.keys.to_vec()).collect(),
        }
    }
}

impl Keymap {
    /// The action for a key in a mode, if any: the mode's bindings first,
    /// then typed characters in the modes that take text.
    pub fn action_for(&self, key: KeyEvent, mode: Mode) -> Option<Action> {
        if let Some(at) = (0..BINDINGS.len())
            .find(|&i| BINDINGS[i].mode == mode && self.keys[i].iter().any(|k| k.matches(key)))
        {
            return Some((BINDINGS[at].action)());
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match (mode, key.code) {
            (Mode::Editor, _) => Some(Action::NoteKey(key)),
            (Mode::Search | Mode::Input, KeyCode::Char(c)) if !ctrl => Some(Action::SearchInput(c)),
            _ => None,
        }
    }

    /// The keys of binding `at` (an index into [`BINDINGS`]).
    pub fn keys(&self, at: usize) -> &[Key] {
        &self.keys[at]
    }

    /// The main key of a mode's binding for `action`, as help prints it
    /// (`?` when the mode has no such binding).
    pub fn key(&self, mode: Mode, action: fn() -> Action) -> String {
        let wanted = std::mem::discriminant(&action());
        (0..BINDINGS.len())
            .find(|&i| {
                BINDINGS[i].mode == mode
                    && std::mem::discriminant(&(BINDINGS[i].action)()) == wanted
            })
            .and_then(|i| self.keys[i].first())
            .map_or_else(|| "?".into(), |k| k.label())
    }

    /// `template` with each `{action}` (`{toggle_flag}`) replaced by the
    /// main key of that action in `mode`: hints that name the keys in force.
    pub fn fill(&self, template: &str, mode: Mode) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + close];
            let key = Keymap::find(mode, name)
                .and_then(|at| self.keys[at].first())
                .map_or_else(|| "?".into(), |k| k.label());
            out.push_str(&key);
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// The binding of the action named `name` (`toggle_flag`) in a mode.
    pub fn find(mode: Mode, name: &str) -> Option<usize> {
        (0..BINDINGS.len()).find(|&i| BINDINGS[i].mode == mode && BINDINGS[i].name() == name)
    }

    /// Gives binding `at` these keys instead of its own.
    pub fn set(&mut self, at: usize, keys: Vec<Key>) {
        self.keys[at] = keys;
    }

    /// A key bound to two bindings of one mode: the key and both bindings.
    pub fn conflict(&self) -> Option<(Key, usize, usize)> {
        let pairs = BINDINGS.iter().enumerate().flat_map(|(a, first)| {
            BINDINGS
                .iter()
                .enumerate()
                .skip(a + 1)
                .filter(move |(_, second)| second.mode == first.mode)
                .map(move |(b, _)| (a, b))
        });
        pairs.into_iter().find_map(|(a, b)| {
            let key = self.keys[a].iter().find(|k| self.keys[b].contains(k))?;
            Some((*key, a, b))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action_for(key: KeyEvent, mode: Mode) -> Option<Action> {
        Keymap::default().action_for(key, mode)
    }

    fn event(key: Key) -> KeyEvent {
        let modifiers = if key.ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        KeyEvent::new(key.code, modifiers)
    }

    fn candidates() -> Vec<Key> {
        let mut keys: Vec<Key> = (' '..='~').flat_map(|c| [ch(c), ctrl(c)]).collect();
        keys.extend(
            [
                KeyCode::Down,
                KeyCode::Up,
                KeyCode::Left,
                KeyCode::Right,
                KeyCode::Enter,
                KeyCode::Esc,
                KeyCode::Tab,
                KeyCode::BackTab,
                KeyCode::Backspace,
                KeyCode::Home,
                KeyCode::End,
                KeyCode::PageDown,
                KeyCode::PageUp,
            ]
            .map(plain),
        );
        keys
    }

    #[test]
    fn every_listed_key_dispatches_its_action() {
        for binding in BINDINGS {
            for &key in binding.keys {
                let got = action_for(event(key), binding.mode).map(|a| std::mem::discriminant(&a));
                let want = std::mem::discriminant(&(binding.action)());
                assert_eq!(got, Some(want), "{} in {:?}", key.label(), binding.mode);
            }
        }
    }

    #[test]
    fn every_dispatched_key_is_listed() {
        for mode in Mode::ALL {
            for key in candidates() {
                let Some(action) = action_for(event(key), mode) else {
                    continue;
                };
                let listed = BINDINGS
                    .iter()
                    .any(|b| b.mode == mode && b.keys.contains(&key));
                let typed = matches!(action, Action::SearchInput(_) | Action::NoteKey(_));
                assert!(listed || typed, "{} in {mode:?} is not listed", key.label());
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        let conflict = Keymap::default().conflict();
        assert!(
            conflict.is_none(),
            "{:?}",
            conflict.map(|(k, _, _)| k.label())
        );
        let mut keymap = Keymap::default();
        let next = Keymap::find(Mode::Browse, "next_hit").expect("next_hit");
        keymap.set(next, vec![ch('j')]);
        let (key, a, b) = keymap.conflict().expect("j twice");
        assert_eq!((key, BINDINGS[a].name(), b), (ch('j'), "down".into(), next));
    }

    #[test]
    fn every_action_has_one_name_per_mode() {
        for (i, b) in BINDINGS.iter().enumerate() {
            assert_eq!(Keymap::find(b.mode, &b.name()), Some(i), "{}", b.name());
        }
        assert_eq!(BINDINGS[0].name(), "down");
        let flag = Keymap::find(Mode::Browse, "toggle_flag").expect("toggle_flag");
        assert_eq!(BINDINGS[flag].keys, &[ch(' ')]);
    }

    #[test]
    fn a_remapped_key_dispatches_and_the_old_one_no_longer_does() {
        let mut keymap = Keymap::default();
        let flag = Keymap::find(Mode::Browse, "toggle_flag").expect("toggle_flag");
        keymap.set(flag, vec![ch('x')]);
        let got = keymap.action_for(event(ch('x')), Mode::Browse);
        assert!(matches!(got, Some(Action::ToggleFlag)));
        assert!(keymap.action_for(event(ch(' ')), Mode::Browse).is_none());
        assert_eq!(keymap.key(Mode::Browse, || Action::ToggleFlag), "x");
    }

    #[test]
    fn every_entry_fits_the_narrowest_help() {
        for b in BINDINGS {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            assert!(keys.join(" ").chars().count() <= 15, "{:?}", b.what);
            assert!(b.what.chars().count() <= 40, "{:?}", b.what);
        }
    }

    #[test]
    fn vim_keys_move_in_every_list_mode() {
        for mode in [Mode::Browse, Mode::List, Mode::Trend] {
            for (key, want) in [('j', Action::Down), ('k', Action::Up)] {
                let got = action_for(event(ch(key)), mode).map(|a| std::mem::discriminant(&a));
                assert_eq!(got, Some(std::mem::discriminant(&want)));
            }
        }
        let down = action_for(event(ctrl('j')), Mode::Input).map(|a| std::mem::discriminant(&a));
        assert_eq!(down, Some(std::mem::discriminant(&Action::Down)));
    }
}
