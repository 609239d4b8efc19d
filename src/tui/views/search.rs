//! The search bar and the results list.

use super::{fit, pane};
use crate::text::spans;
use crate::tui::app::{App, IndexStatus, Pane};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub(crate) fn draw_bar(app: &App, frame: &mut Frame, area: Rect) {
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

pub(crate) fn draw_results(app: &App, frame: &mut Frame, area: Rect) {
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
        let mut previous: Option<&str> = app
            .search
            .result_offset
            .checked_sub(1)
            .and_then(|i| results.hits.get(i))
            .map(|h| h.company.as_str());
        for (i, hit) in results
            .hits
            .iter()
            .enumerate()
            .skip(app.search.result_offset)
            .take(inner.height as usize / 2 + 1)
        {
            if previous != Some(hit.company.as_str()) {
                lines.push(company_header(app, &results.hits, i, width));
            }
            previous = Some(hit.company.as_str());
            let selected = i == app.search.result_selected;
            let head_style = app.theme.selected_if(selected, app.theme.title);
            let flagged = app
                .review
                .as_ref()
                .is_some_and(|r| r.flagged_ids.contains(&hit.id));
            let mark = if flagged { "⚑ " } else { "" };
            let cited = hit.id.split_once('/').map_or(hit.id.as_str(), |(_, at)| at);
            let head = format!("  {mark}{cited}  {}", hit.section.join(" › "));
            lines.push(Line::styled(
                fit(&crate::text::safe(&head), width),
                head_style,
            ));
            // A title's hit shows its section's first matching clause.
            let (snippet, highlights) = match &hit.clause {
                Some(clause) if hit.kind == "heading" => {
                    (&clause.snippet, &clause.snippet_highlights)
                }
                _ => (&hit.snippet, &hit.snippet_highlights),
            };
            let snippet = crate::text::safe(snippet).into_owned();
            let mut spans_out = vec![Span::raw("    ")];
            let mut used = 4;
            for (piece, matched) in spans(&snippet, highlights) {
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

/// The header of a company's group of hits: the company, the version of its
/// first hit, and how many clauses match in the scope searched.
fn company_header(
    app: &App,
    hits: &[crate::index::Hit],
    first: usize,
    width: usize,
) -> Line<'static> {
    let hit = &hits[first];
    let shown = hits[first..]
        .iter()
        .take_while(|h| h.company == hit.company)
        .count();
    let matching = app
        .search
        .company_counts
        .get(&hit.company.to_lowercase())
        .copied()
        .filter(|_| app.filters.category.is_none())
        .unwrap_or(shown);
    let version = match (&hit.date, app.search.all_versions) {
        (Some(date), false) => format!("@{date}"),
        _ => String::new(),
    };
    let text = format!(
        "{}{version} · {matching} {}",
        hit.company,
        crate::text::noun(matching, "match", "matches")
    );
    Line::styled(fit(&crate::text::safe(&text), width), app.theme.title)
}
