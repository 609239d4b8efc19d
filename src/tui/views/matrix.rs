//! The matrix overlay: companies × categories with clause counts shaded by
//! intensity (colour, and a density glyph that reads without colour), and
//! the list of one cell's clauses.

use super::overlay::centered;
use super::{fit, pane};
use crate::categories::Category;
use crate::tui::app::App;
use crate::tui::matrix::{ClauseList, MatrixSort, MatrixView};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

/// Column headings, at most `CELL - 1` columns wide, in taxonomy order.
const HEADINGS: [&str; 10] = [
    "1st-party",
    "3rd-party",
    "choice",
    "access",
    "retention",
    "security",
    "change",
    "dnt",
    "audiences",
    "other",
];
/// Width of a count cell, its leading space included.
const CELL: usize = 10;
/// Density glyphs by shade level, for reading without colour.
const GLYPHS: [char; 5] = ['·', '░', '▒', '▓', '█'];

pub(crate) fn draw(app: &App, view: &MatrixView, frame: &mut Frame, area: Rect) {
    let rect = centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, rect);
    match &view.list {
        Some(list) => draw_list(app, list, frame, rect),
        None => draw_matrix(app, view, frame, rect),
    }
}

fn draw_matrix(app: &App, view: &MatrixView, frame: &mut Frame, rect: Rect) {
    let keys = app.keymap.fill(
        "{collapse}{down}{up}{expand} move, {sort_matrix} sorts, {activate} lists, {escape} closes",
        crate::tui::keymap::Mode::Browse,
    );
    let block = pane(
        app,
        format!(" Matrix: clauses per category, latest policies ({keys}) "),
        true,
    );
    let inner = block.inner(rect);
    let width = inner.width as usize;
    let name_width = (width / 4).clamp(8, 22);
    let columns = (width.saturating_sub(name_width) / CELL).max(1);
    let first_col = view.col.saturating_sub(columns - 1);
    let shown = first_col..(first_col + columns).min(Category::ALL.len());
    let body = (inner.height as usize).saturating_sub(2).max(1);
    let first_row = view.row.saturating_sub(body - 1);

    let mut header = vec![Span::raw(" ".repeat(name_width))];
    for col in shown.clone() {
        let style = if col == view.col {
            app.theme.key
        } else {
            app.theme.title
        };
        header.push(Span::styled(format!("{:>CELL$}", HEADINGS[col]), style));
    }
    let mut lines = vec![Line::from(header)];
    // Shades compare the rows shown.
    let shown_rows = &view.rows[first_row.min(view.rows.len())..];
    let shown_rows = &shown_rows[..body.min(shown_rows.len())];
    let column_max: [usize; Category::ALL.len()] =
        std::array::from_fn(|i| shown_rows.iter().map(|r| r.counts[i]).max().unwrap_or(0));
    for (r, row) in view.rows.iter().enumerate().skip(first_row).take(body) {
        let name_style = if r == view.row {
            app.theme.title
        } else {
            Style::new()
        };
        let name = fit(&crate::text::safe(&row.company), name_width - 1);
        let mut spans = vec![Span::styled(
            format!("{name:<width$}", width = name_width),
            name_style,
        )];
        for col in shown.clone() {
            let count = row.counts[col];
            let level = shade_level(count, column_max[col]);
            let style = app
                .theme
                .selected_if(r == view.row && col == view.col, app.theme.shade[level]);
            spans.push(Span::styled(
                format!("{count:>width$} {}", GLYPHS[level], width = CELL - 2),
                style,
            ));
        }
        lines.push(Line::from(spans));
    }
    if view.rows.is_empty() {
        lines.push(Line::styled("no policies", app.theme.dim));
    }
    let footer = view.rows.get(view.row).map_or(String::new(), |row| {
        let category = view.category();
        let order = match view.sort {
            MatrixSort::Name => "by name".to_string(),
            MatrixSort::Column(col) => format!("by {}", HEADINGS[col.min(HEADINGS.len() - 1)]),
        };
        format!(
            "{} × {} ({}): {} clauses · sorted {order} · shade: share of the largest count shown",
            crate::text::safe(&row.company),
            category.short_name(),
            category.name(),
            row.counts[view.col.min(Category::ALL.len() - 1)]
        )
    });
    let pad = (inner.height as usize).saturating_sub(lines.len() + 1);
    lines.extend(std::iter::repeat_n(Line::default(), pad));
    lines.push(Line::styled(fit(&footer, width), app.theme.dim));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// 0 for no clauses, else 1 to 4 by share of the column's largest count.
fn shade_level(count: usize, max: usize) -> usize {
    if count == 0 || max == 0 {
        0
    } else {
        1 + (count * 3 / max).min(3)
    }
}

fn draw_list(app: &App, list: &ClauseList, frame: &mut Frame, rect: Rect) {
    let Some(policy) = app.data.corpus.as_ref().and_then(|c| c.get(list.policy)) else {
        return;
    };
    let keys = app.keymap.fill(
        "{activate} opens, {toggle_flag} flags, {edit_note} notes, {escape} back",
        crate::tui::keymap::Mode::Browse,
    );
    let title = format!(
        " {} · {}: {} clauses ({keys}) ",
        crate::text::safe(&policy.meta.reference()),
        list.category.short_name(),
        list.clauses.len()
    );
    let block = pane(app, title, true);
    let inner = block.inner(rect);
    let width = inner.width as usize;
    let room = (inner.height as usize / 2).max(1);
    let start = list.selected.saturating_sub(room - 1);
    let mut lines = Vec::new();
    for (i, &c) in list.clauses.iter().enumerate().skip(start).take(room) {
        let Some(clause) = policy.clauses.get(c) else {
            continue;
        };
        let path = clause
            .section
            .map_or("", |s| policy.sections[s].path.as_str());
        let titles = policy.section_titles(clause.section).join(" › ");
        let flag = app
            .review
            .as_ref()
            .and_then(|r| r.finding(list.policy, c))
            .map_or("", |(f, _)| if f.label.is_some() { "⚑ " } else { "✎ " });
        let head = format!("{flag}{path}#{}  {}", clause.ordinal, titles);
        let style = app.theme.selected_if(i == list.selected, app.theme.heading);
        lines.push(Line::styled(fit(&crate::text::safe(&head), width), style));
        let text = crate::text::safe(&clause.text).replace('\n', " ");
        lines.push(Line::raw(fit(&format!("  {text}"), width)));
    }
    if list.clauses.is_empty() {
        lines.push(Line::styled("no clauses of this category", app.theme.dim));
    }
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
