//! The layout the reader adjusts: badge lines hidden or shown, the tree's
//! width, both remembered in the review session when one is open; and the
//! scroll that keeps the clause at the cursor in view when the clause view
//! is laid out again (a resize, badges hidden or shown).

use super::app::App;
use super::document::Document;

impl App {
    /// Hides or shows the badge lines under clauses (`B`).
    pub(super) fn toggle_badges(&mut self) {
        self.browse.layout.hide_badges = !self.browse.layout.hide_badges;
        self.browse.badge = None;
        let key = self.keymap.key(super::keymap::Mode::Browse, || {
            super::action::Action::ToggleBadges
        });
        self.message = Some(if self.browse.layout.hide_badges {
            format!("badges hidden ({key} shows them)")
        } else {
            format!("badges shown ({key} hides them)")
        });
        self.layout_changed();
    }

    /// Makes the tree pane wider or narrower (`>` / `<`).
    pub(super) fn resize_tree(&mut self, wider: bool) {
        let step = super::layout::TREE_STEP;
        let now = super::layout::areas(self).tree.width;
        let asked = if wider {
            now.saturating_add(step)
        } else {
            now.saturating_sub(step)
        };
        let width = super::layout::tree_width(self.size.0, Some(asked));
        self.browse.layout.tree_width = Some(width);
        let key = |action: fn() -> super::action::Action| {
            self.keymap.key(super::keymap::Mode::Browse, action)
        };
        let (narrower, wider) = (
            key(|| super::action::Action::NarrowerTree),
            key(|| super::action::Action::WiderTree),
        );
        self.message = Some(format!(
            "tree width {width} ({narrower} narrower · {wider} wider)"
        ));
        self.layout_changed();
    }

    /// Lays the views out again for the new layout and keeps it in the
    /// review session, if one is open.
    fn layout_changed(&mut self) {
        let _ = self.current_document();
        self.clamp_scrolls();
        let layout = self.browse.layout;
        self.keep_in_session(|session| {
            let changed = session.layout != layout;
            session.layout = layout;
            changed
        });
    }
}

/// The first line to show once a document laid out as `old` is laid out
/// as `new`: the clause `cursor` stays as far from the top of a view
/// `page` lines high as it was (or comes into view if it was not), and
/// the view does not scroll past the end.
pub(super) fn anchored_scroll(
    old: &Document,
    new: &Document,
    cursor: usize,
    scroll: usize,
    page: usize,
) -> usize {
    let (Some(&was), Some(&now)) = (old.clause_line.get(cursor), new.clause_line.get(cursor))
    else {
        return scroll;
    };
    let offset = was.saturating_sub(scroll).min(page.saturating_sub(3));
    let last = new.lines.len().saturating_sub(page.min(new.lines.len()));
    now.saturating_sub(offset).min(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::document::LineKind;

    fn doc(clause_line: Vec<usize>, lines: usize) -> Document {
        Document {
            lines: vec![LineKind::Blank; lines],
            section_line: Vec::new(),
            clause_line,
        }
    }

    #[test]
    fn the_cursor_keeps_its_distance_from_the_top() {
        let old = doc(vec![0, 10, 20, 30], 40);
        let new = doc(vec![0, 20, 40, 60], 80);
        assert_eq!(anchored_scroll(&old, &new, 2, 15, 20), 35);
    }

    #[test]
    fn a_cursor_below_a_smaller_view_comes_into_it() {
        let old = doc(vec![0, 10, 20, 30], 100);
        let new = doc(vec![0, 10, 20, 30], 100);
        assert_eq!(anchored_scroll(&old, &new, 3, 0, 10), 23);
    }

    #[test]
    fn a_cursor_above_the_view_goes_to_its_top() {
        let old = doc(vec![0, 10, 20, 30], 100);
        assert_eq!(anchored_scroll(&old, &old, 1, 25, 10), 10);
    }
}
