//! The tree pane: companies, versions and sections, with hit counts.

use super::{fit, pane};
use crate::tui::app::{App, Pane};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub(crate) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let rows = app.rows();
    let title = match (
        app.filters.only_hits && app.search.results.is_some(),
        app.data.corpus.as_ref(),
    ) {
        _ if app.filters.category.is_some() => format!(
            " Policies ({}) ",
            app.filters.category.map_or("", |c| c.short_name())
        ),
        (true, _) => " Policies (with hits) ".to_string(),
        (false, Some(c)) => format!(" Policies ({}) ", c.len()),
        (false, None) => " Policies ".to_string(),
    };
    let block = pane(app, title, app.browse.focus == Pane::Tree);
    let inner = block.inner(area);
    let width = inner.width as usize;
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(app.browse.tree_offset)
        .take(inner.height as usize)
        .map(|(i, row)| {
            let marker = match (row.expandable, row.expanded) {
                (true, true) => "▾ ",
                (true, false) => "▸ ",
                _ => "  ",
            };
            let count = badges(app, row);
            let indent = "  ".repeat(row.depth);
            let room = width.saturating_sub(indent.len() + 2 + count.chars().count());
            let label = fit(&crate::text::safe(&row.label), room);
            let selected = i == app.browse.tree_selected;
            let base = app
                .theme
                .selected_if(selected, ratatui::style::Style::new());
            let mut spans = vec![Span::styled(format!("{indent}{marker}{label}"), base)];
            if !count.is_empty() {
                spans.push(Span::styled(
                    count,
                    if selected { base } else { app.theme.count },
                ));
            }
            let used: usize = spans.iter().map(|s| s.width()).sum();
            if selected && used < width {
                spans.push(Span::styled(" ".repeat(width - used), base));
            }
            Line::from(spans)
        })
        .collect();
    let body = if lines.is_empty() {
        let message = match &app.data.corpus {
            None => "loading policies…",
            Some(_) if app.search.results.is_none() => "no policies of this category",
            Some(_) => "no policies with hits",
        };
        Paragraph::new(Line::styled(message, app.theme.dim))
    } else {
        Paragraph::new(lines)
    };
    frame.render_widget(body.block(block), area);
}

/// Hit count, findings and review progress shown after a row's label.
fn badges(app: &App, row: &crate::tui::tree::Row) -> String {
    let count = if app.search.results.is_some() {
        row.hits
    } else {
        app.filters
            .category_counts
            .get(&row.node)
            .copied()
            .unwrap_or(0)
    };
    let mut out = if count > 0 {
        format!(" {count}")
    } else {
        String::new()
    };
    if let Some(review) = &app.review {
        if let Some(n) = review.counts.get(&row.node) {
            if n.flags > 0 {
                out.push_str(&format!(" ⚑{}", n.flags));
            }
            if n.notes > 0 {
                out.push_str(&format!(" ✎{}", n.notes));
            }
        }
        match (row.node, &app.data.corpus) {
            (crate::tui::tree::Node::Version(p), Some(corpus))
                if corpus.is_parsed(p) || review.has_reviewed_in(&corpus.meta(p).reference()) =>
            {
                let (done, total) =
                    crate::review::model::progress(&review.session, corpus.policy(p));
                if done > 0 {
                    out.push_str(&format!(" ✓{done}/{total}"));
                }
            }
            (crate::tui::tree::Node::Section(p, s), Some(corpus))
                if review.is_reviewed(corpus.policy(p), Some(s)) =>
            {
                out.push_str(" ✓");
            }
            _ => {}
        }
    }
    out
}
