//! Overlays: the help screen (generated from the keymap) and the company
//! picker.

use super::{fit, pane};
use crate::tui::app::App;
use crate::tui::keymap::{Context, BINDINGS};
use crate::tui::picker::Picker;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub fn draw_help(app: &App, frame: &mut Frame, area: Rect) {
    let mut lines = Vec::new();
    for (context, heading) in [
        (Context::Browse, "Browsing"),
        (Context::Search, "Search bar"),
        (Context::Picker, "Company picker"),
    ] {
        lines.push(Line::styled(heading, app.theme.heading));
        for b in BINDINGS.iter().filter(|b| b.context == context) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<22}", b.keys), app.theme.key),
                Span::raw(b.what),
            ]));
        }
    }
    let rect = centered(area, 64, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(pane(app, " Keys (Esc closes) ", true)),
        rect,
    );
}

pub fn draw_picker(app: &App, picker: &Picker, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 50, area.height.saturating_sub(6).max(8));
    let block = pane(app, " Jump to company ", true);
    let inner = block.inner(rect);
    let names: Vec<&str> = app
        .tree
        .as_ref()
        .map(|t| t.companies.iter().map(|(n, _)| n.as_str()).collect())
        .unwrap_or_default();
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", app.theme.key),
        Span::raw(crate::output::safe(&picker.input).into_owned()),
        Span::styled("▏", app.theme.key),
    ])];
    let visible = inner.height.saturating_sub(1) as usize;
    let start = picker.selected.saturating_sub(visible.saturating_sub(1));
    for (i, &company) in picker.matches.iter().enumerate().skip(start).take(visible) {
        let style = if i == picker.selected {
            app.theme.selected
        } else {
            ratatui::style::Style::new()
        };
        let name = fit(
            &crate::output::safe(names.get(company).copied().unwrap_or("")),
            inner.width as usize,
        );
        lines.push(Line::styled(name, style));
    }
    if picker.matches.is_empty() {
        lines.push(Line::styled("no company matches", app.theme.dim));
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
