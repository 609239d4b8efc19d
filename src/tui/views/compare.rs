//! The compare overlays: the setup (companies, then category or query) and
//! the columns of matching clauses, one per company, scrolled together.

use super::clause::Marks;
use super::overlay::centered;
use super::{fit, pane};
use crate::categories::Category;
use crate::compare::Column;
use crate::tui::app::{App, Overlay};
use crate::tui::compare::{CompareSetup, CompareView, SetupStep, MAX_COLUMNS};
use crate::tui::document::wrap;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

/// The overlay's frame and its columns, for the terminal size.
fn areas(app: &App, columns: usize) -> (Rect, Vec<Rect>) {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    let outer = centered(area, area.width, area.height.saturating_sub(1));
    let inner = Block::bordered().inner(outer);
    let constraints = vec![Constraint::Fill(1); columns.max(1)];
    let cols = Layout::horizontal(constraints).split(inner).to_vec();
    (outer, cols)
}

/// Lines a column shows at once.
pub fn page(app: &App) -> usize {
    let (_, cols) = areas(app, 1);
    cols.first()
        .map_or(1, |c| c.height.saturating_sub(2).max(1) as usize)
}

/// The largest scroll that still shows the end of the longest column.
pub fn scroll_max(app: &App) -> usize {
    let Overlay::Compare(view) = &app.overlay else {
        return 0;
    };
    let (_, cols) = areas(app, view.columns.len());
    view.columns
        .iter()
        .zip(&cols)
        .map(|(column, rect)| {
            column_lines(app, column, rect.width.saturating_sub(2), None)
                .0
                .len()
        })
        .max()
        .unwrap_or(0)
        .saturating_sub(page(app))
}

/// The clause of the focused column that review keys and Enter act on
/// (an index into its matches): the first one shown, even in part.
pub fn target(app: &App) -> Option<usize> {
    let Overlay::Compare(view) = &app.overlay else {
        return None;
    };
    let (_, cols) = areas(app, view.columns.len());
    let (column, rect) = view.columns.iter().zip(&cols).nth(view.column)?;
    let (lines, starts) = column_lines(app, column, rect.width.saturating_sub(2), None);
    // A clause ends one line (the blank) before the next begins.
    let ends = starts.iter().skip(1).copied().chain([lines.len()]);
    ends.enumerate()
        .find(|&(_, end)| end > view.scroll + 1)
        .map(|(i, _)| i)
        .filter(|&i| i < starts.len())
}

pub(crate) fn draw(app: &App, view: &CompareView, frame: &mut Frame, _area: Rect) {
    let (outer, cols) = areas(app, view.columns.len());
    let keys = app.keymap.fill(
        "{down}/{up} scroll together, {collapse}/{expand} column, {open_compare} change, {escape} closes",
        crate::tui::keymap::Mode::Browse,
    );
    let title = format!(
        " Compare: {} ({keys}) ",
        crate::text::safe(&view.topic.describe())
    );
    frame.render_widget(Clear, outer);
    frame.render_widget(pane(app, title, true), outer);
    let Some(corpus) = &app.data.corpus else {
        return;
    };
    let selected = target(app);
    for (i, (column, rect)) in view.columns.iter().zip(cols).enumerate() {
        let Some(policy) = corpus.get(column.policy) else {
            continue;
        };
        let title = format!(
            " {} ({}) ",
            crate::text::safe(&policy.meta.reference()),
            column.matches.len()
        );
        let focused = i == view.column;
        let block = pane(app, title, focused);
        let mark = selected.filter(|_| focused);
        let lines: Vec<Line> = column_lines(app, column, rect.width.saturating_sub(2), mark)
            .0
            .into_iter()
            .skip(view.scroll)
            .take(block.inner(rect).height as usize)
            .collect();
        frame.render_widget(Paragraph::new(lines).block(block), rect);
    }
}

/// A column's lines: per clause its short id and section (reversed for
/// the `selected` match, flagged ones marked), then its text wrapped to
/// `width` with matched words highlighted; and the first line of each
/// match.
fn column_lines(
    app: &App,
    column: &Column,
    width: u16,
    selected: Option<usize>,
) -> (Vec<Line<'static>>, Vec<usize>) {
    let width = width as usize;
    let Some(policy) = app.data.corpus.as_ref().and_then(|c| c.get(column.policy)) else {
        return (Vec::new(), Vec::new());
    };
    let mut lines = Vec::new();
    let mut starts = Vec::new();
    for (i, m) in column.matches.iter().enumerate() {
        starts.push(lines.len());
        let Some(clause) = policy.clauses.get(m.clause) else {
            lines.push(Line::default());
            continue;
        };
        let flag = super::finding_mark(app, column.policy, m.clause);
        let path = clause
            .section
            .map_or("", |s| policy.sections[s].path.as_str());
        let head = format!(
            "{flag}{path}#{} {}",
            clause.ordinal,
            policy
                .section_titles(clause.section)
                .last()
                .map_or("(preamble)", String::as_str)
        );
        let style = app
            .theme
            .selected_if(selected == Some(i), app.theme.heading);
        lines.push(Line::styled(fit(&crate::text::safe(&head), width), style));
        let marks = Marks {
            highlights: &m.highlights,
            matched: app.theme.matched,
            cues: &[],
            cue: Style::new(),
        };
        for range in wrap(&clause.text, width.max(1)) {
            lines.push(Line::from(marks.spans(&clause.text, range)));
        }
        lines.push(Line::default());
    }
    if column.matches.is_empty() {
        lines.push(Line::styled("(no matching clauses)", app.theme.dim));
    }
    (lines, starts)
}

pub(crate) fn draw_setup(app: &App, setup: &CompareSetup, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 64, area.height.saturating_sub(4).max(12));
    let title = match setup.step {
        SetupStep::Companies => " Compare: pick 2–4 companies (Enter picks, Tab goes on) ",
        SetupStep::Topic => " Compare: a category and/or a query (↑↓ type, Enter compares) ",
    };
    let block = pane(app, title, true);
    let inner = block.inner(rect);
    let width = inner.width as usize;
    let names = app.company_names();
    let chosen: Vec<String> = setup
        .chosen
        .iter()
        .filter_map(|&c| names.get(c).map(|n| crate::text::safe(n).into_owned()))
        .collect();
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!("companies ({}/{MAX_COLUMNS}): ", chosen.len()),
            app.theme.key,
        ),
        Span::raw(fit(&chosen.join(", "), width.saturating_sub(20))),
    ])];
    if let Some(error) = &setup.error {
        lines.push(Line::styled(
            fit(&crate::text::safe(error), width),
            app.theme.error,
        ));
    } else {
        lines.push(Line::default());
    }
    match setup.step {
        SetupStep::Companies => company_lines(app, setup, &names, inner, &mut lines),
        SetupStep::Topic => topic_lines(app, setup, width, &mut lines),
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

fn company_lines(
    app: &App,
    setup: &CompareSetup,
    names: &[&str],
    inner: Rect,
    lines: &mut Vec<Line<'static>>,
) {
    lines.push(Line::from(vec![
        Span::styled("> ", app.theme.key),
        Span::raw(crate::text::safe(&setup.picker.input).into_owned()),
        Span::styled("▏", app.theme.key),
    ]));
    let visible = (inner.height as usize).saturating_sub(lines.len());
    let picker = &setup.picker;
    let start = picker.selected.saturating_sub(visible.saturating_sub(1));
    for (i, &company) in picker.matches.iter().enumerate().skip(start).take(visible) {
        let mark = if setup.chosen.contains(&company) {
            "✓ "
        } else {
            "  "
        };
        let name = names.get(company).copied().unwrap_or("");
        let style = app.theme.selected_if(i == picker.selected, Style::new());
        let text = format!("{mark}{}", crate::text::safe(name));
        lines.push(Line::styled(fit(&text, inner.width as usize), style));
    }
}

fn topic_lines(app: &App, setup: &CompareSetup, width: usize, lines: &mut Vec<Line<'static>>) {
    lines.push(Line::from(vec![
        Span::styled("query: ", app.theme.key),
        Span::raw(crate::text::safe(&setup.query).into_owned()),
        Span::styled("▏", app.theme.key),
    ]));
    lines.push(Line::default());
    let choices = std::iter::once("(any category)".to_string()).chain(
        Category::ALL
            .iter()
            .map(|c| format!("{:<14}{}", c.short_name(), c.name())),
    );
    for (i, choice) in choices.enumerate() {
        let style = app.theme.selected_if(i == setup.category, Style::new());
        lines.push(Line::styled(fit(&choice, width), style));
    }
}
