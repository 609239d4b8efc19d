//! Overlays: the help screen (generated from the keymap) and the company
//! picker.

use super::{fit, pane};
use crate::tui::app::App;
use crate::tui::help::{self, Help, HelpLine};
use crate::tui::picker::Picker;
use crate::tui::review::{NoteEditor, ReviewPane};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub(crate) fn draw_help(app: &App, help: &Help, frame: &mut Frame, area: Rect) {
    let all = help::lines(&app.keymap);
    let page = help::page((area.width, area.height));
    let width = area.width.min(76);
    let rect = centered(area, width, (page as u16 + 2).min(area.height));
    let shown = all.len().min(help.scroll + page);
    let title = format!(
        " Keys {}-{}/{} ({}) ",
        help.scroll + 1,
        shown,
        all.len(),
        app.keymap.fill(
            "{down}/{up} scroll · {escape} closes",
            crate::tui::keymap::Mode::Browse
        )
    );
    let block = pane(app, title.as_str(), true);
    let inner = block.inner(rect);
    let room = usize::from(inner.width);
    let lines: Vec<Line> = all
        .iter()
        .skip(help.scroll)
        .take(page)
        .map(|line| match line {
            HelpLine::Heading(text) => Line::styled(fit(text, room), app.theme.heading),
            HelpLine::Entry { keys, what } => {
                let keys = format!(" {keys:<15} ");
                let rest = room.saturating_sub(keys.chars().count());
                Line::from(vec![
                    Span::styled(keys, app.theme.key),
                    Span::raw(fit(what, rest)),
                ])
            }
        })
        .collect();
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    frame.render_widget(Paragraph::new(lines), inner);
}

pub(crate) fn draw_picker(app: &App, picker: &Picker, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 50, area.height.saturating_sub(6).max(8));
    let block = pane(app, " Jump to company ", true);
    let inner = block.inner(rect);
    let names = app.company_names();
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", app.theme.key),
        Span::raw(crate::text::safe(&picker.input).into_owned()),
        Span::styled("▏", app.theme.key),
    ])];
    let visible = inner.height.saturating_sub(1) as usize;
    let start = picker.selected.saturating_sub(visible.saturating_sub(1));
    for (i, &company) in picker.matches.iter().enumerate().skip(start).take(visible) {
        let style = app
            .theme
            .selected_if(i == picker.selected, ratatui::style::Style::new());
        let name = fit(
            &crate::text::safe(names.get(company).copied().unwrap_or("")),
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

pub(crate) fn draw_labels(app: &App, selected: usize, frame: &mut Frame, area: Rect) {
    let labels: Vec<String> = app
        .review
        .as_ref()
        .map(|r| r.session.labels.clone())
        .unwrap_or_default();
    let rect = centered(area, 30, labels.len() as u16 + 2);
    let lines: Vec<Line> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let style = app
                .theme
                .selected_if(i == selected, ratatui::style::Style::new());
            Line::styled(format!("⚑ {l}"), style)
        })
        .collect();
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(pane(app, " Flag as ", true)),
        rect,
    );
}

pub(crate) fn draw_note(app: &App, editor: &NoteEditor, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 72, 12);
    let id = app
        .data
        .corpus
        .as_ref()
        .and_then(|c| c.get(editor.policy))
        .and_then(|p| p.clauses.get(editor.clause).map(|c| p.clause_id(c)))
        .unwrap_or_default();
    let block = pane(
        app,
        format!(
            " Note on {} (Esc saves · Ctrl-G cancels) ",
            crate::text::safe(&id)
        ),
        true,
    );
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    frame.render_widget(&editor.textarea, inner);
}

pub(crate) fn draw_review_pane(app: &App, pane_state: &ReviewPane, frame: &mut Frame, area: Rect) {
    let rect = centered(
        area,
        area.width.saturating_sub(8),
        area.height.saturating_sub(4),
    );
    let label = pane_state
        .label
        .and_then(|l| app.review.as_ref()?.session.labels.get(l).cloned())
        .unwrap_or_else(|| "all labels".into());
    let cursor = if pane_state.typing { "▏" } else { "" };
    let title = format!(
        " Review: {label} · company: {}{cursor} ",
        crate::text::safe(&pane_state.company)
    );
    let block = pane(app, title, true);
    let inner = block.inner(rect);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    if !pane_state.checklist.is_empty() {
        lines.push(Line::styled(
            "Checklist (unflagged hits)",
            app.theme.heading,
        ));
        for (query, unflagged) in &pane_state.checklist {
            lines.push(Line::from(vec![
                Span::styled(format!("{unflagged:>6}  "), app.theme.count),
                Span::raw(fit(&crate::text::safe(query), width.saturating_sub(8))),
            ]));
        }
        lines.push(Line::default());
    }
    let rows = app.review_rows(pane_state);
    lines.push(Line::styled(
        format!("Findings ({})", rows.len()),
        app.theme.heading,
    ));
    let room = (inner.height as usize).saturating_sub(lines.len()) / 2;
    let start = pane_state.selected.saturating_sub(room.saturating_sub(1));
    for (i, (_, row)) in rows.iter().enumerate().skip(start).take(room) {
        let selected = i == pane_state.selected;
        let style = app.theme.selected_if(selected, app.theme.title);
        let status = match row.status {
            crate::review::Status::Changed => "  (changed since review)",
            crate::review::Status::Orphaned => "  (clause gone)",
            _ => "",
        };
        let head = format!(
            "⚑ {}  {}{status}",
            row.label.as_deref().unwrap_or("note"),
            row.id
        );
        lines.push(Line::styled(fit(&crate::text::safe(&head), width), style));
        let detail = if row.note.is_empty() {
            row.text.clone()
        } else {
            format!("note: {}", row.note.replace('\n', " "))
        };
        lines.push(Line::styled(
            fit(&format!("  {}", crate::text::safe(&detail)), width),
            app.theme.dim,
        ));
    }
    let filtered = pane_state.label.is_some() || !pane_state.company.is_empty();
    let any = app
        .review
        .as_ref()
        .is_some_and(|r| !r.session.findings.is_empty());
    if rows.is_empty() && any && filtered {
        lines.push(Line::styled(
            "no findings match this filter (Tab: next label)",
            app.theme.dim,
        ));
    } else if rows.is_empty() {
        lines.push(Line::styled(
            app.keymap.fill(
                "no findings yet: {toggle_flag} flags the clause at the cursor, {edit_note} adds a note",
                crate::tui::keymap::Mode::Browse,
            ),
            app.theme.dim,
        ));
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

pub(crate) fn draw_categories(
    app: &App,
    selected: usize,
    counts: &[usize],
    frame: &mut Frame,
    area: Rect,
) {
    use crate::categories::Category;
    let rect = centered(area, 60, Category::ALL.len() as u16 + 2);
    let block = pane(app, " Filter by category (Enter picks, Esc closes) ", true);
    let width = block.inner(rect).width as usize;
    let lines: Vec<Line> = Category::ALL
        .iter()
        .enumerate()
        .map(|(i, category)| {
            let style = app
                .theme
                .selected_if(i == selected, ratatui::style::Style::new());
            let count = counts.get(i).copied().unwrap_or(0);
            let text = format!(
                "{:<14}{count:>6}  {}",
                category.short_name(),
                category.name()
            );
            Line::styled(fit(&text, width), style)
        })
        .collect();
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
