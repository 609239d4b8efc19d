//! Draws the diff overlay: unified on a narrow terminal, old and new side
//! by side when there is room for two readable columns.

use super::overlay::centered;
use super::pane;
use crate::tui::app::App;
use crate::tui::diffview::{ClauseLine, DiffLine, DiffView};
use crate::tui::document::wrap;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Least inner width for the side-by-side layout.
pub(crate) const SIDE_BY_SIDE_WIDTH: u16 = 120;
/// Between the two columns.
const GUTTER: &str = " │ ";

pub(crate) fn draw_diff(app: &App, view: &DiffView, frame: &mut Frame, area: Rect) {
    let rect = centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    let keys = app.keymap.fill(
        "{down}/{up} clause, {next_change}/{prev_change} section, {activate} opens, {escape} closes",
        crate::tui::keymap::Mode::Browse,
    );
    let block = pane(app, format!(" What changed ({keys}) "), true);
    let inner = block.inner(rect);
    let width = inner.width as usize;
    let side_by_side = inner.width >= SIDE_BY_SIDE_WIDTH;
    let column = width.saturating_sub(GUTTER.len()) / 2;
    let mut lines: Vec<Line> = Vec::new();
    for (i, line) in view.lines.iter().enumerate().skip(view.scroll) {
        match line {
            DiffLine::Title(t) => lines.push(Line::styled(safe(t), app.theme.title)),
            DiffLine::Section(t) => lines.push(Line::styled(safe(t), app.theme.heading)),
            DiffLine::Blank => lines.push(Line::default()),
            DiffLine::Clause(clause) => {
                let at_cursor = view.cursor == Some(i);
                let status_style = app.theme.selected_if(at_cursor, app.theme.key);
                let mark = clause
                    .target
                    .map_or("", |(p, c)| super::finding_mark(app, p, c));
                lines.push(Line::from(vec![
                    Span::styled(format!("  {} ", clause.status), status_style),
                    Span::styled(safe(&clause.id), app.theme.dim),
                    Span::styled(format!(" {mark}"), app.theme.key),
                ]));
                if side_by_side {
                    lines.extend(columns(app, clause, column));
                } else {
                    let pieces = styled(app, clause, |_| true);
                    lines.extend(
                        wrap_spans(&pieces, width.saturating_sub(4))
                            .into_iter()
                            .map(|mut spans| {
                                spans.insert(0, Span::raw("    "));
                                Line::from(spans)
                            }),
                    );
                }
            }
        }
        if lines.len() > inner.height as usize {
            break;
        }
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

fn safe(text: &str) -> String {
    crate::text::safe(text).into_owned()
}

/// The pieces of a clause that `keep` accepts (by op), styled.
fn styled(app: &App, clause: &ClauseLine, keep: impl Fn(&str) -> bool) -> Vec<(String, Style)> {
    clause
        .pieces
        .iter()
        .filter(|(_, op)| keep(op))
        .map(|(text, op)| {
            let style = match *op {
                "delete" => app.theme.deleted,
                "insert" => app.theme.inserted,
                _ => Style::new(),
            };
            (safe(text), style)
        })
        .collect()
}

/// Old text on the left, new on the right, row for row.
fn columns(app: &App, clause: &ClauseLine, width: usize) -> Vec<Line<'static>> {
    let inner = width.saturating_sub(2);
    let side = |op_hidden: &str| {
        let pieces = styled(app, clause, |op| op != op_hidden);
        let empty = pieces.iter().all(|(t, _)| t.trim().is_empty());
        if empty {
            Vec::new()
        } else {
            wrap_spans(&pieces, inner)
        }
    };
    let (old, new) = if clause.status == "moved" {
        (side("insert"), Vec::new())
    } else {
        (side("insert"), side("delete"))
    };
    let rows = old.len().max(new.len());
    (0..rows)
        .map(|r| {
            let mut spans = vec![Span::raw("  ")];
            let left = old.get(r).cloned().unwrap_or_default();
            let used: usize = left.iter().map(|s| s.content.width()).sum();
            spans.extend(left);
            spans.push(Span::raw(" ".repeat(inner.saturating_sub(used))));
            spans.push(Span::styled(GUTTER, app.theme.dim));
            spans.extend(new.get(r).cloned().unwrap_or_default());
            Line::from(spans)
        })
        .collect()
}

/// Word-wraps styled pieces into rows of spans no wider than `width`.
fn wrap_spans(pieces: &[(String, Style)], width: usize) -> Vec<Vec<Span<'static>>> {
    let text: String = pieces.iter().map(|(t, _)| t.as_str()).collect();
    let mut bounds = Vec::with_capacity(pieces.len());
    let mut offset = 0;
    for (t, style) in pieces {
        bounds.push((offset..offset + t.len(), *style));
        offset += t.len();
    }
    wrap(&text, width.max(1))
        .into_iter()
        .map(|row| {
            bounds
                .iter()
                .filter_map(|(range, style)| {
                    let start = range.start.max(row.start);
                    let end = range.end.min(row.end);
                    (start < end).then(|| Span::styled(text[start..end].to_string(), *style))
                })
                .collect()
        })
        .collect()
}
