//! The trend overlay: one line per query (the share of the companies in
//! force that match, 0–100 %) over the steps, the step at the cursor with
//! its counts, and the companies behind one step. Without colour the lines
//! differ by marker, and the legend shows each one's.

use super::overlay::centered;
use super::{fit, pane};
use crate::text::safe;
use crate::trend::Point;
use crate::tui::app::App;
use crate::tui::trend::{Companies, Level, TrendView};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Clear, Dataset, GraphType, Paragraph};
use ratatui::Frame;

/// Markers of the lines without colour, and the glyph the legend shows
/// for each.
const MARKERS: [(Marker, &str); 4] = [
    (Marker::Braille, "⣿"),
    (Marker::Dot, "•"),
    (Marker::Block, "█"),
    (Marker::Bar, "▄"),
];

pub(crate) fn draw(app: &App, view: &TrendView, frame: &mut Frame, area: Rect) {
    let outer = centered(area, area.width, area.height.saturating_sub(1));
    let title = format!(
        " Trend by {}: share of companies in force that match ",
        view.every
    );
    let block = pane(
        app,
        fit(&title, outer.width.saturating_sub(2) as usize),
        true,
    );
    let inner = block.inner(outer);
    frame.render_widget(Clear, outer);
    frame.render_widget(block, outer);
    if let Level::Companies(companies) = &view.level {
        draw_companies(app, view, companies, frame, inner);
        return;
    }
    let details = details(app, view, inner.width as usize);
    let [chart, below] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(details.len() as u16),
    ])
    .areas(inner);
    match &view.points {
        Some(points) if !points.is_empty() => draw_chart(app, view, points, frame, chart),
        _ => {
            let note = match view.waiting {
                Some(_) => "counting…",
                None => "nothing to draw yet",
            };
            frame.render_widget(Paragraph::new(Line::styled(note, app.theme.dim)), chart);
        }
    }
    frame.render_widget(Paragraph::new(details), below);
}

/// The marker and legend glyph of query `i`'s line.
fn marker(app: &App, i: usize) -> (Marker, &'static str) {
    match app.theme.monochrome {
        true => MARKERS[i % MARKERS.len()],
        false => MARKERS[0],
    }
}

/// The style of query `i`'s line.
fn series(app: &App, i: usize) -> Style {
    app.theme.series[i % app.theme.series.len()]
}

fn draw_chart(app: &App, view: &TrendView, points: &[Point], frame: &mut Frame, area: Rect) {
    let last = points.len().saturating_sub(1);
    let lines: Vec<Vec<(f64, f64)>> = (0..view.queries.len())
        .map(|q| {
            points
                .iter()
                .enumerate()
                .map(|(x, p)| (x as f64, 100.0 * p.share(q).unwrap_or(0.0)))
                .collect()
        })
        .collect();
    let cursor = [(view.step as f64, 0.0), (view.step as f64, 100.0)];
    let mut datasets = vec![Dataset::default()
        .data(&cursor)
        .marker(Marker::Braille)
        .graph_type(GraphType::Line)
        .style(app.theme.dim)];
    for (q, data) in lines.iter().enumerate() {
        datasets.push(
            Dataset::default()
                .data(data)
                .marker(marker(app, q).0)
                .graph_type(GraphType::Line)
                .style(series(app, q)),
        );
    }
    let label = |i: usize| Line::from(points[i].step.label.clone());
    let x_labels = match last {
        0 => vec![label(0), Line::default()],
        1 => vec![label(0), label(1)],
        _ => vec![label(0), label(last / 2), label(last)],
    };
    let chart = Chart::new(datasets)
        .x_axis(
            Axis::default()
                .bounds([0.0, last.max(1) as f64])
                .labels(x_labels)
                .style(app.theme.dim),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, 100.0])
                .labels(["0%", "50%", "100%"])
                .style(app.theme.dim),
        )
        .legend_position(None);
    frame.render_widget(chart, area);
}

/// Below the chart: the step at the cursor, then per query its marker,
/// counts and text (as `clause trend` prints a row), then the query being
/// typed or what went wrong.
fn details(app: &App, view: &TrendView, width: usize) -> Vec<Line<'static>> {
    let point = view.point();
    let mut lines = vec![match point {
        Some(p) => Line::from(vec![
            Span::styled(p.step.label.clone(), app.theme.title),
            Span::raw(fit(
                &format!(
                    "  {}  {} {} in force  (step {}/{})",
                    p.step.day,
                    p.companies,
                    crate::text::noun(p.companies, "company", "companies"),
                    view.step + 1,
                    view.points.as_ref().map_or(0, Vec::len),
                ),
                width.saturating_sub(p.step.label.len()),
            )),
        ]),
        None => Line::styled("counting…", app.theme.dim),
    }];
    for (q, text) in view.queries.iter().enumerate() {
        let counts = match point {
            Some(p) => {
                let matching = p.matching.get(q).copied().unwrap_or(0);
                let percent = p
                    .share(q)
                    .map_or("–".into(), |s| format!("{:.1}%", s * 100.0));
                format!("{matching:>6} {percent:>6}  ")
            }
            None => format!("{:>6} {:>6}  ", "…", ""),
        };
        let tag = format!("[{}]", q + 1);
        let tag_style = match q == view.query {
            true => app.theme.selected,
            false => app.theme.key,
        };
        let used = 2 + tag.len() + counts.chars().count();
        lines.push(Line::from(vec![
            Span::styled(marker(app, q).1, series(app, q)),
            Span::raw(" "),
            Span::styled(tag, tag_style),
            Span::raw(counts),
            Span::raw(fit(&safe(text), width.saturating_sub(used))),
        ]));
    }
    if let Level::Adding(text) = &view.level {
        let prompt = format!("add [{}]: ", view.queries.len() + 1);
        let room = width.saturating_sub(prompt.len() + 1);
        lines.push(Line::from(vec![
            Span::styled(prompt, app.theme.key),
            Span::raw(fit(&safe(text), room)),
            Span::styled("▏", app.theme.key),
        ]));
    }
    if let Some(error) = &view.error {
        lines.push(Line::styled(fit(&safe(error), width), app.theme.error));
    }
    lines
}

fn draw_companies(
    app: &App,
    view: &TrendView,
    companies: &Companies,
    frame: &mut Frame,
    area: Rect,
) {
    let width = area.width as usize;
    let text = view.queries.get(companies.query).map_or("", String::as_str);
    let mut lines = Vec::new();
    let Some(split) = &companies.split else {
        lines.push(Line::styled(
            fit(
                &format!(
                    "{}  [{}] {}",
                    companies.day,
                    companies.query + 1,
                    safe(text)
                ),
                width,
            ),
            app.theme.title,
        ));
        lines.push(Line::styled("counting…", app.theme.dim));
        frame.render_widget(Paragraph::new(lines), area);
        return;
    };
    let total = split.matching.len() + split.not_matching.len();
    let head = format!(
        "{}  [{}] {}: {} of {total} {} in force match",
        companies.day,
        companies.query + 1,
        safe(text),
        split.matching.len(),
        crate::text::noun(total, "company", "companies"),
    );
    let mut rows = Vec::new();
    let mut selected_row = 0;
    let mut entry = 0;
    for (title, names) in [
        ("match", &split.matching),
        ("do not match", &split.not_matching),
    ] {
        rows.push(Line::styled(
            format!("{title} ({})", names.len()),
            app.theme.heading,
        ));
        for name in names {
            let style = match entry == companies.selected {
                true => {
                    selected_row = rows.len();
                    app.theme.selected
                }
                false => Style::new(),
            };
            rows.push(Line::styled(
                fit(&format!("  {}", safe(name)), width),
                style,
            ));
            entry += 1;
        }
    }
    let room = (area.height as usize).saturating_sub(1).max(1);
    let start = selected_row.saturating_sub(room - 1);
    lines.push(Line::styled(fit(&head, width), app.theme.title));
    lines.extend(rows.into_iter().skip(start).take(room));
    frame.render_widget(Paragraph::new(lines), area);
}
