//! Where each pane goes for a terminal size: shared by drawing, paging
//! and mouse handling, so that `update` never calls into the views.

use super::app::App;
use ratatui::layout::{Constraint, Layout, Rect};

/// Smallest terminal width the layout works in.
pub const MIN_WIDTH: u16 = 60;
/// Smallest terminal height the layout works in.
pub const MIN_HEIGHT: u16 = 15;

/// Where each pane goes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Areas {
    /// The search bar.
    pub search: Rect,
    /// The results pane, while a search is shown.
    pub results: Option<Rect>,
    /// The tree of companies, versions and sections.
    pub tree: Rect,
    /// The clause view.
    pub clauses: Rect,
    /// The status bar.
    pub status: Rect,
}

/// Lays out the panes for the app's terminal size.
pub fn areas(app: &App) -> Areas {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    let show_results = app.search.results.is_some() || app.search.search_error.is_some();
    let results_height = if show_results {
        (area.height.saturating_sub(4) * 2 / 5).max(4)
    } else {
        0
    };
    let [search, results, main, status] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(results_height),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let tree_width = tree_width(area.width, app.browse.layout.tree_width);
    let [tree, clauses] =
        Layout::horizontal([Constraint::Length(tree_width), Constraint::Min(20)]).areas(main);
    Areas {
        search,
        results: show_results.then_some(results),
        tree,
        clauses,
        status,
    }
}

/// Narrowest tree pane `<` makes.
pub const MIN_TREE: u16 = 16;
/// Columns `<` / `>` change the tree's width by.
pub const TREE_STEP: u16 = 4;
/// Columns always left to the clause view.
const MIN_CLAUSES: u16 = 30;

/// The tree pane's width in a terminal `width` columns wide: the width the
/// reader set (`<` / `>`), or three tenths of the terminal, always leaving
/// the clause view room.
pub fn tree_width(width: u16, chosen: Option<u16>) -> u16 {
    let widest = width.saturating_sub(MIN_CLAUSES).max(MIN_TREE);
    chosen
        .unwrap_or_else(|| (width * 3 / 10).clamp(22, 48))
        .clamp(MIN_TREE, widest)
}
