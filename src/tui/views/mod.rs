//! Pure drawing functions of the [`App`] state, and the layout they share
//! with mouse handling.

mod clause;
mod compare;
mod diff;
mod matrix;
mod overlay;
mod search;
mod status;
mod tree;
mod trend;

use super::app::{App, Overlay};

use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub use super::layout::{areas, Areas, MIN_HEIGHT, MIN_WIDTH};

/// Draws the whole screen.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let message = format!("terminal too small (need {MIN_WIDTH}x{MIN_HEIGHT})");
        frame.render_widget(
            Paragraph::new(Line::from(message).style(app.theme.error)),
            area,
        );
        return;
    }
    let areas = areas(app);
    search::draw_bar(app, frame, areas.search);
    if let Some(results) = areas.results {
        search::draw_results(app, frame, results);
    }
    tree::draw(app, frame, areas.tree);
    clause::draw(app, frame, areas.clauses);
    status::draw(app, frame, areas.status);
    match &app.overlay {
        Overlay::Help(help) => overlay::draw_help(app, help, frame, area),
        Overlay::Picker(picker) => overlay::draw_picker(app, picker, frame, area),
        Overlay::Labels { selected, .. } => overlay::draw_labels(app, *selected, frame, area),
        Overlay::Note(editor) => overlay::draw_note(app, editor, frame, area),
        Overlay::ReviewPane(pane) => overlay::draw_review_pane(app, pane, frame, area),
        Overlay::Diff(view) => diff::draw_diff(app, view, frame, area),
        Overlay::Categories { selected, counts } => {
            overlay::draw_categories(app, *selected, counts, frame, area)
        }
        Overlay::Matrix(view) => matrix::draw(app, view, frame, area),
        Overlay::CompareSetup(setup) => compare::draw_setup(app, setup, frame, area),
        Overlay::Compare(view) => compare::draw(app, view, frame, area),
        Overlay::Trend(view) => trend::draw(app, view, frame, area),
        Overlay::None => {}
    }
}

pub use compare::{
    page as compare_page, scroll_max as compare_scroll_max, target as compare_target,
};

/// A bordered block titled `title`, highlighted when focused.
pub(crate) fn pane<'a>(
    app: &App,
    title: impl Into<Line<'a>>,
    focused: bool,
) -> ratatui::widgets::Block<'a> {
    let style = if focused {
        app.theme.border_focused
    } else {
        app.theme.border
    };
    ratatui::widgets::Block::bordered()
        .border_style(style)
        .title(title.into().style(app.theme.title))
}

/// Cuts `text` to at most `width` columns, ending in `…` when cut.
pub(crate) fn fit(text: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// The mark of a clause's finding: `⚑` flagged, `✎` a note only, else
/// nothing.
pub(crate) fn finding_mark(app: &App, policy: usize, clause: usize) -> &'static str {
    app.review
        .as_ref()
        .and_then(|r| r.finding(policy, clause))
        .map_or("", |(f, _)| if f.label.is_some() { "⚑" } else { "✎" })
}
