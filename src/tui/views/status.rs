//! The status bar: corpus size, index state, query, position in the
//! results and key hints for the focused pane.

use crate::text::noun;
use crate::tui::app::{App, IndexStatus, Overlay, Pane};
use crate::tui::trend::Level;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let mut parts: Vec<String> = Vec::new();
    match &app.review {
        Some(r) if r.store.is_read_only() => parts.push("READ-ONLY review session".into()),
        Some(r) if r.unsaved => parts.push("⚠ review changes not saved yet".into()),
        _ => {}
    }
    if let Some(corpus) = &app.data.corpus {
        let clauses: usize = (0..corpus.len()).map(|p| corpus.listing(p).clauses).sum();
        let policies = corpus.len();
        parts.push(format!(
            "{policies} {} · {clauses} {}",
            noun(policies, "policy", "policies"),
            noun(clauses, "clause", "clauses"),
        ));
    }
    match &app.data.status {
        IndexStatus::LoadingCorpus => parts.push("loading corpus…".into()),
        IndexStatus::Building { done, total } if *total > 0 => {
            let share = done * 100 / total;
            parts.push(match app.data.index {
                Some(_) => format!("indexing {share}% (searching the policies indexed so far)"),
                None => format!("indexing {share}%"),
            })
        }
        IndexStatus::Building { .. } => parts.push("opening index…".into()),
        IndexStatus::Failed(message) => parts.push(format!("index error: {message}")),
        IndexStatus::Ready => {}
    }
    if let Overlay::Trend(view) = &app.overlay {
        if view.waiting.is_some() {
            parts.push("counting…".into());
        }
    }
    if app.search.all_versions {
        parts.push("all versions".into());
    }
    if let Some(category) = app.filters.category {
        parts.push(format!("category: {category} (C clears)"));
    }
    if let Some(results) = &app.search.results {
        // Every matching company as the index counts them; under a
        // category filter, those of the hits kept.
        let companies = match app.filters.category {
            None if !app.search.company_counts.is_empty() => app.search.company_counts.len(),
            _ => {
                let names: std::collections::HashSet<&str> =
                    results.hits.iter().map(|h| h.company.as_str()).collect();
                names.len()
            }
        };
        let position = app
            .search
            .current_hit
            .map_or("-".to_string(), |i| (i + 1).to_string());
        parts.push(format!(
            "hit {position}/{} · {} {}",
            results.total,
            companies,
            noun(companies, "company", "companies"),
        ));
    }
    if let Some(message) = &app.message {
        parts.push(message.clone());
    } else if let Some(badge) = app
        .focused_badge()
        .filter(|_| app.browse.focus == Pane::Clauses)
    {
        parts.push(format!(
            "{} {:.2} · cues: {}{}",
            badge.category,
            badge.score,
            badge.cues.join(", "),
            crate::categories::context_note(badge.context),
        ));
    } else if let Some((p, c)) = app
        .cursor_clause()
        .filter(|_| app.browse.focus == Pane::Clauses)
    {
        if let Some((finding, status)) = app.review.as_ref().and_then(|r| r.finding(p, c)) {
            let changed = if status == crate::review::Status::Changed {
                " · changed since review"
            } else {
                ""
            };
            let note = if finding.note.is_empty() {
                String::new()
            } else {
                format!(" · note: {}", finding.note.replace('\n', " "))
            };
            parts.push(format!(
                "⚑ {}{changed}{note}",
                finding.label.as_deref().unwrap_or("note")
            ));
        }
    }
    let hints = hints(app);
    let width = area.width as usize;
    let left = super::fit(
        &format!(" {}", crate::text::safe(&parts.join(" │ "))),
        width,
    );
    let hints = if left.chars().count() + hints.chars().count() + 1 > width {
        ""
    } else {
        hints
    };
    let pad = width.saturating_sub(left.chars().count() + hints.chars().count() + 1);
    let line = Line::from(vec![
        Span::raw(left),
        Span::raw(" ".repeat(pad)),
        Span::raw(hints.to_string()),
        Span::raw(" "),
    ]);
    frame.render_widget(Paragraph::new(line).style(app.theme.status), area);
}

/// Key hints for what has the keys: the open overlay, else the focused pane.
fn hints(app: &App) -> &'static str {
    match &app.overlay {
        Overlay::Help(_) => "j/k scroll · Esc close",
        Overlay::Picker(_) => "type to filter · Enter jump · Esc close",
        Overlay::Labels { .. } | Overlay::Categories { .. } => "j/k move · Enter pick · Esc close",
        Overlay::Note(_) => "Esc save · Ctrl-g cancel",
        Overlay::ReviewPane(_) => "type company · Tab label · Enter open · Esc close",
        Overlay::Diff(_) => "j/k scroll · ]/[ changes · Enter open · Esc close",
        Overlay::Matrix(view) if view.list.is_some() => {
            "j/k move · Enter open · space flag · a note · Esc back"
        }
        Overlay::Matrix(_) => "hjkl move · o sort · Enter list · Esc close",
        Overlay::CompareSetup(_) => "type to filter · Enter pick · Tab next · Esc close",
        Overlay::Compare(_) => "h/l column · space flag · a note · Enter open · Esc close",
        Overlay::Trend(view) => match view.level {
            Level::Chart => "h/l step · e every · a add · Enter list · Esc close",
            Level::Adding(_) => "type a query · Enter add · Esc back",
            Level::Companies(_) => "j/k move · h/l step · Enter open · Esc back",
        },
        Overlay::None => match app.browse.focus {
            Pane::Search => "↑/↓ history · Enter results · Esc back",
            Pane::Results => "j/k move · Enter open · n/N hits · Esc clear",
            Pane::Clauses => "j/k clause · space flag · a note · r reviewed · ? help",
            Pane::Tree => "j/k move · l/h fold · / search · c company · ? help · q quit",
        },
    }
}
