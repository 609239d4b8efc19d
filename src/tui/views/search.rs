//! The search bar and the results list.

use super::{fit, pane};
use crate::text::spans;
use crate::tui::app::{App, IndexStatus, Pane};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn draw_bar(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.browse.focus == Pane::Search;
    let block = pane(app, " Search ", focused);
    let hint = "press / to search: words, \"phrases\", OR, -exclude, prefix*, company:NAME";
    let line = if app.search.query.is_empty() && !focused {
        Line::styled(hint, app.theme.dim)
    } else {
        let cursor = if focused { "▏" } else { "" };
        let mut spans = vec![
            Span::styled("/ ", app.theme.key),
            Span::raw(crate::text::safe(&app.search.query).into_owned()),
            Span::styled(cursor, app.theme.key),
        ];
        if let Some(waiting) = waiting_for_index(app) {
            spans.push(Span::styled(format!("  {waiting}"), app.theme.dim));
        }
        Line::from(spans)
    };
    frame.render_widget(Paragraph::new(line).block(block), area);
}

/// While a typed query cannot run because the index is not open yet:
/// `waiting for the index (37%)`.
fn waiting_for_index(app: &App) -> Option<String> {
    if app.search.query.trim().is_empty() || app.data.index.is_some() {
        return None;
    }
    Some(match app.data.status {
        IndexStatus::Building { done, total } if total > 0 => {
            format!("waiting for the index ({}%)", done * 100 / total)
        }
        _ => "waiting for the index".to_string(),
    })
}

pub fn draw_results(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.browse.focus == Pane::Results;
    let title = match &app.search.results {
        Some(r) => format!(" Results ({}) ", r.total),
        None => " Results ".to_string(),
    };
    let block = pane(app, title, focused);
    let inner = block.inner(area);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    if let Some(error) = &app.search.search_error {
        lines.push(Line::styled(fit(error, width), app.theme.error));
    } else if let Some(results) = &app.search.results {
        if results.hits.is_empty() {
            lines.push(Line::styled("no hits", app.theme.dim));
        }
        for (i, hit) in results
            .hits
            .iter()
            .enumerate()
            .skip(app.search.result_offset)
            .take(inner.height as usize / 2 + 1)
        {
            let selected = i == app.search.result_selected;
            let head_style = if selected {
                app.theme.selected
            } else {
                app.theme.title
            };
            let reference = match &hit.date {
                Some(d) => format!("{}@{d}", hit.company),
                None => hit.company.clone(),
            };
            let flagged = app
                .review
                .as_ref()
                .is_some_and(|r| r.flagged_ids.contains(&hit.id));
            let mark = if flagged { "⚑ " } else { "" };
            let head = format!("{mark}{reference}  {}", hit.section.join(" › "));
            lines.push(Line::styled(
                fit(&crate::text::safe(&head), width),
                head_style,
            ));
            let snippet = crate::text::safe(&hit.snippet).into_owned();
            let mut spans_out = vec![Span::raw("  ")];
            let mut used = 2;
            for (piece, matched) in spans(&snippet, &hit.snippet_highlights) {
                if used >= width {
                    break;
                }
                let piece = fit(piece, width - used);
                used += unicode_width::UnicodeWidthStr::width(piece.as_str());
                let style = if matched {
                    app.theme.matched
                } else {
                    app.theme.dim
                };
                spans_out.push(Span::styled(piece, style));
            }
            lines.push(Line::from(spans_out));
        }
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
