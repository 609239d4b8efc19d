//! The one list cursor every list of the browser uses (tree, results,
//! pickers, matrix, review pane): the same keys move it the same way.

use super::action::Action;

/// Where the list actions move a cursor at `current` in a list of `len`
/// entries showing `page` at once; `None` for actions that do not move.
pub fn moved(current: usize, len: usize, action: &Action, page: usize) -> Option<usize> {
    let last = len.saturating_sub(1);
    let half = (page / 2).max(1);
    Some(match action {
        Action::Down | Action::ScrollDown { .. } => (current + 1).min(last),
        Action::Up | Action::ScrollUp { .. } => current.saturating_sub(1),
        Action::Top => 0,
        Action::Bottom => last,
        Action::HalfPageDown => (current + half).min(last),
        Action::HalfPageUp => current.saturating_sub(half),
        Action::PageDown => (current + page.max(1)).min(last),
        Action::PageUp => current.saturating_sub(page.max(1)),
        _ => return None,
    })
}

/// Moves `selected` for a list action; true when the action was one.
pub fn step(selected: &mut usize, len: usize, action: &Action, page: usize) -> bool {
    match moved(*selected, len, action, page) {
        Some(next) => {
            *selected = next;
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_stays_inside_the_list() {
        let mut at = 0;
        assert!(step(&mut at, 3, &Action::Up, 10));
        assert_eq!(at, 0);
        step(&mut at, 3, &Action::PageDown, 10);
        assert_eq!(at, 2);
        step(&mut at, 3, &Action::Top, 10);
        assert_eq!(at, 0);
        step(&mut at, 3, &Action::Bottom, 10);
        assert_eq!(at, 2);
        assert!(!step(&mut at, 3, &Action::Activate, 10));
        step(&mut at, 0, &Action::Down, 10);
        assert_eq!(at, 0);
    }
}
